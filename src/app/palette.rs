//! The colours of values and classes, shared by every picture of the window.

/// TF Playground's colour for −1.
pub const ORANGE: [u8; 3] = [0xf5, 0x93, 0x22];
/// TF Playground's colour for 0.
pub const GREY: [u8; 3] = [0xe8, 0xea, 0xeb];
/// TF Playground's colour for +1.
pub const BLUE: [u8; 3] = [0x08, 0x77, 0xbd];

/// The colour of a value: orange at −1, light grey at 0, blue at +1, clamped beyond.
/// `discretize` shows only the sign.
pub fn value_color(v: f64, discretize: bool) -> [u8; 3] {
    let v = if discretize {
        if v >= 0.0 { 1.0 } else { -1.0 }
    } else if v.is_nan() {
        0.0
    } else {
        v.clamp(-1.0, 1.0)
    };
    let (from, to, t) = if v < 0.0 {
        (GREY, ORANGE, -v)
    } else {
        (GREY, BLUE, v)
    };
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
    [
        mix(from[0], to[0]),
        mix(from[1], to[1]),
        mix(from[2], to[2]),
    ]
}

/// A qualitative palette for classes (Tableau 10): blue, orange, red, teal, green, yellow,
/// purple, pink, brown, grey.
pub const CLASS_COLORS: [[u8; 3]; 10] = [
    [0x4e, 0x79, 0xa7],
    [0xf2, 0x8e, 0x2b],
    [0xe1, 0x57, 0x59],
    [0x76, 0xb7, 0xb2],
    [0x59, 0xa1, 0x4f],
    [0xed, 0xc9, 0x48],
    [0xb0, 0x7a, 0xa1],
    [0xff, 0x9d, 0xa7],
    [0x9c, 0x75, 0x5f],
    [0xba, 0xb0, 0xac],
];

/// The colour of a region predicted as class `k` of `classes` with probability `p`: the
/// class's colour, fading to grey as `p` falls to chance (`1 / classes`); `discretize`
/// shows the class alone.
pub fn class_color(k: usize, p: f64, classes: usize, discretize: bool) -> [u8; 3] {
    let chance = 1.0 / classes.max(2) as f64;
    let t = if discretize {
        1.0
    } else {
        ((p - chance) / (1.0 - chance)).clamp(0.0, 1.0)
    };
    let to = CLASS_COLORS[k % CLASS_COLORS.len()];
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
    [
        mix(GREY[0], to[0]),
        mix(GREY[1], to[1]),
        mix(GREY[2], to[2]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_run_from_orange_through_grey_to_blue_and_clamp() {
        assert_eq!(value_color(-1.0, false), ORANGE);
        assert_eq!(value_color(0.0, false), GREY);
        assert_eq!(value_color(1.0, false), BLUE);
        assert_eq!(value_color(7.0, false), BLUE);
        assert_eq!(value_color(-7.0, false), ORANGE);
        assert_eq!(value_color(0.1, true), BLUE);
        assert_eq!(value_color(-0.1, true), ORANGE);
        let half = value_color(0.5, false);
        assert!(half[2] > GREY[2].min(BLUE[2]) && half[0] < GREY[0] && half[0] > BLUE[0]);
    }
}
