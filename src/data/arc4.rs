//! The random numbers TensorFlow Playground's page draws: `Math.random()` after
//! `Math.seedrandom(seed)` of the seedrandom library (2.4): an ARC4 key stream, keyed by the
//! seed string's characters and with its first 256 bytes dropped, read six bytes at a time
//! into a double with 52 bits of randomness.

/// The key and state size of ARC4.
const WIDTH: usize = 256;
/// Bytes of a first draw: 48 bits.
const CHUNKS: u32 = 6;
/// 2⁵², the significance a draw needs.
const SIGNIFICANCE: f64 = 4_503_599_627_370_496.0;
/// 2⁵³, where a draw has too many bits.
const OVERFLOW: f64 = 9_007_199_254_740_992.0;

/// seedrandom's generator for one seed string.
#[derive(Clone, Debug)]
pub struct SeedRandom {
    s: [u8; WIDTH],
    i: u8,
    j: u8,
}

impl SeedRandom {
    /// The stream `Math.seedrandom(seed)` starts.
    pub fn new(seed: &str) -> Self {
        let key = mix_key(seed);
        let mut s = [0u8; WIDTH];
        for (k, slot) in s.iter_mut().enumerate() {
            *slot = k as u8;
        }
        let mut j: u8 = 0;
        for i in 0..WIDTH {
            let t = s[i];
            j = j.wrapping_add(key[i % key.len()]).wrapping_add(t);
            s[i] = s[usize::from(j)];
            s[usize::from(j)] = t;
        }
        let mut stream = SeedRandom { s, i: 0, j: 0 };
        // RC4-drop[256]: the first bytes are thrown away.
        for _ in 0..WIDTH {
            stream.byte();
        }
        stream
    }

    /// The next byte of the key stream.
    fn byte(&mut self) -> u8 {
        self.i = self.i.wrapping_add(1);
        let t = self.s[usize::from(self.i)];
        self.j = self.j.wrapping_add(t);
        self.s[usize::from(self.i)] = self.s[usize::from(self.j)];
        self.s[usize::from(self.j)] = t;
        self.s[usize::from(self.s[usize::from(self.i)].wrapping_add(t))]
    }

    /// `count` bytes as one big-endian number.
    fn bytes(&mut self, count: u32) -> f64 {
        (0..count).fold(0.0, |r, _| r * WIDTH as f64 + f64::from(self.byte()))
    }

    /// The next `Math.random()`: in [0, 1), as seedrandom computes it.
    pub fn next_f64(&mut self) -> f64 {
        let mut n = self.bytes(CHUNKS);
        let mut d = (WIDTH as f64).powi(CHUNKS as i32);
        let mut x = 0.0;
        while n < SIGNIFICANCE {
            n = (n + x) * WIDTH as f64;
            d *= WIDTH as f64;
            x = self.bytes(1);
        }
        while n >= OVERFLOW {
            n /= 2.0;
            d /= 2.0;
            // JavaScript's `x >>>= 1` on a byte.
            x = (x / 2.0).floor();
        }
        (n + x) / d
    }
}

/// seedrandom's key from a seed string: each UTF-16 unit added into a slot of 256 (mod
/// 256), mixed with what the slot held times 19 once the string is longer than 256. An
/// empty seed gives the key `[0]`.
fn mix_key(seed: &str) -> Vec<u8> {
    let mut key: Vec<Option<u32>> = Vec::new();
    let mut smear: u32 = 0;
    for (j, unit) in seed.encode_utf16().enumerate() {
        let slot = j % WIDTH;
        if key.len() <= slot {
            key.resize(slot + 1, None);
        }
        // `smear ^= key[slot] * 19`: an empty slot is NaN there, which XOR takes as 0.
        smear ^= key[slot].map_or(0, |k| k * 19);
        key[slot] = Some(smear.wrapping_add(u32::from(unit)) & 0xff);
    }
    if key.is_empty() {
        return vec![0];
    }
    key.into_iter().map(|k| k.unwrap_or(0) as u8).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// seedrandom 2.4.3's first draws for a few seeds (`tests/fixtures/tflinks/seedrandom.json`,
    /// from TF Playground's page in node).
    fn reference() -> serde_json::Map<String, serde_json::Value> {
        let text = include_str!("../../tests/fixtures/tflinks/seedrandom.json");
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn the_stream_is_seedrandoms_for_every_seed_bit_for_bit() {
        let reference = reference();
        assert!(reference.len() >= 5);
        for (seed, draws) in reference {
            let mut stream = SeedRandom::new(&seed);
            for (k, want) in draws.as_array().unwrap().iter().enumerate() {
                let got = stream.next_f64();
                assert_eq!(
                    got.to_bits(),
                    want.as_f64().unwrap().to_bits(),
                    "seed {seed:?}, draw {k}: {got}"
                );
            }
        }
    }

    #[test]
    fn a_short_seeds_key_is_its_characters() {
        assert_eq!(mix_key("abc"), [97, 98, 99]);
        assert_eq!(mix_key(""), [0]);
        // Past 256 characters a slot is mixed: (0 ^ 97·19) + 98, mod 256.
        let long = "a".repeat(256) + "b";
        assert_eq!(mix_key(&long)[0], ((97 * 19 + 98) & 0xff) as u8);
    }

    #[test]
    fn draws_stay_in_the_unit_interval() {
        let mut stream = SeedRandom::new("0.12345");
        for _ in 0..10_000 {
            let x = stream.next_f64();
            assert!((0.0..1.0).contains(&x), "{x}");
        }
    }
}
