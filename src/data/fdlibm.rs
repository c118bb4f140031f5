//! `Math.sin`, `Math.cos` and `Math.log` as a browser's JavaScript engine computes them: fdlibm 5.3's
//! algorithms (argument reduction by π/2 in up to three steps, then the kernel
//! polynomials, cosine with fdlibm's own correction for |x| ≥ 0.3). The C library's sine
//! and cosine differ from them in the last bit now and then, and TF Playground's points
//! are made with these. The logarithm is fdlibm's too: `log(1 + f)` from an odd series in
//! `f / (2 + f)`.

/// High 32 bits of `x`.
fn high(x: f64) -> u32 {
    (x.to_bits() >> 32) as u32
}

/// `x` with its low 32 bits cleared and its high bits `hi`.
fn from_high(hi: u32) -> f64 {
    f64::from_bits(u64::from(hi) << 32)
}

// π/2 in pieces: 33 bits each, then the tail; 2/π.
const INV_PIO2: f64 = f64::from_bits(0x3FE45F306DC9C883); // 6.36619772367581382433e-1
const PIO2_1: f64 = f64::from_bits(0x3FF921FB54400000); // 1.57079632673412561417
const PIO2_1T: f64 = f64::from_bits(0x3DD0B4611A626331); // 6.07710050650619224932e-11
const PIO2_2: f64 = f64::from_bits(0x3DD0B4611A600000); // 6.07710050630396597660e-11
const PIO2_2T: f64 = f64::from_bits(0x3BA3198A2E037073); // 2.02226624879595063154e-21
const PIO2_3: f64 = f64::from_bits(0x3BA3198A2E000000); // 2.02226624871116645580e-21
const PIO2_3T: f64 = f64::from_bits(0x397B839A252049C1); // 8.47842766036889956997e-32

/// `x = n·π/2 + (y₀ + y₁)`, |y₀ + y₁| ≤ π/4, for |x| up to 2¹⁹·π/2 (beyond it the last
/// step is less exact than fdlibm's; scratchnet's arguments stay far below).
fn rem_pio2(x: f64) -> (i32, f64, f64) {
    let hx = high(x);
    let ix = hx & 0x7fff_ffff;
    if ix <= 0x3fe9_21fb {
        return (0, x, 0.0);
    }
    let negative = (hx as i32) < 0;
    if ix < 0x4002_d97c {
        // |x| < 3π/4: n = ±1.
        let t = x.abs();
        let mut z = t - PIO2_1;
        let (y0, y1) = if ix != 0x3ff9_21fb {
            let y0 = z - PIO2_1T;
            (y0, (z - y0) - PIO2_1T)
        } else {
            z -= PIO2_2;
            let y0 = z - PIO2_2T;
            (y0, (z - y0) - PIO2_2T)
        };
        return if negative {
            (-1, -y0, -y1)
        } else {
            (1, y0, y1)
        };
    }
    let t = x.abs();
    let n = (t * INV_PIO2 + 0.5) as i32;
    let f = f64::from(n);
    let mut r = t - f * PIO2_1;
    let mut w = f * PIO2_1T;
    // The high word of n·π/2: where r − w may cancel.
    let near_multiple = n < 32 && ix == high(f * std::f64::consts::FRAC_PI_2);
    let mut y0 = r - w;
    if n >= 32 || near_multiple {
        let j = ix >> 20;
        let bits_lost = |y: f64| j as i32 - ((high(y) >> 20) & 0x7ff) as i32;
        if bits_lost(y0) > 16 {
            let t = r;
            w = f * PIO2_2;
            r = t - w;
            w = f * PIO2_2T - ((t - r) - w);
            y0 = r - w;
            if bits_lost(y0) > 49 {
                let t = r;
                w = f * PIO2_3;
                r = t - w;
                w = f * PIO2_3T - ((t - r) - w);
                y0 = r - w;
            }
        }
    }
    let y1 = (r - y0) - w;
    if negative {
        (-n, -y0, -y1)
    } else {
        (n, y0, y1)
    }
}

/// sin on [−π/4, π/4] of `x + y` (`y` the tail; `tail` false when there is none).
fn kernel_sin(x: f64, y: f64, tail: bool) -> f64 {
    const S1: f64 = f64::from_bits(0xBFC5555555555549); // -1.66666666666666324348e-1
    const S2: f64 = f64::from_bits(0x3F8111111110F8A6); // 8.33333333332248946124e-3
    const S3: f64 = f64::from_bits(0xBF2A01A019C161D5); // -1.98412698298579493134e-4
    const S4: f64 = f64::from_bits(0x3EC71DE357B1FE7D); // 2.75573137070700676789e-6
    const S5: f64 = f64::from_bits(0xBE5AE5E68A2B9CEB); // -2.50507602534068634195e-8
    const S6: f64 = f64::from_bits(0x3DE5D93A5ACFD57C); // 1.58969099521155010221e-10
    if high(x) & 0x7fff_ffff < 0x3e40_0000 && x as i32 == 0 {
        return x;
    }
    let z = x * x;
    let v = z * x;
    let r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
    if tail {
        x - ((z * (0.5 * y - v * r) - y) - v * S1)
    } else {
        x + v * (S1 + z * r)
    }
}

/// cos on [−π/4, π/4] of `x + y`.
fn kernel_cos(x: f64, y: f64) -> f64 {
    const C1: f64 = f64::from_bits(0x3FA555555555554C); // 4.16666666666666019037e-2
    const C2: f64 = f64::from_bits(0xBF56C16C16C15177); // -1.38888888888741095749e-3
    const C3: f64 = f64::from_bits(0x3EFA01A019CB1590); // 2.48015872894767294178e-5
    const C4: f64 = f64::from_bits(0xBE927E4F809C52AD); // -2.75573143513906633035e-7
    const C5: f64 = f64::from_bits(0x3E21EE9EBDB4B1C4); // 2.08757232129817482790e-9
    const C6: f64 = f64::from_bits(0xBDA8FAE9BE8838D4); // -1.13596475577881948265e-11
    let ix = high(x) & 0x7fff_ffff;
    if ix < 0x3e40_0000 && x as i32 == 0 {
        return 1.0;
    }
    let z = x * x;
    let r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
    if ix < 0x3fd3_3333 {
        return 1.0 - (0.5 * z - (z * r - x * y));
    }
    let qx = if ix > 0x3fe9_0000 {
        0.28125
    } else {
        from_high(ix - 0x0020_0000)
    };
    let hz = 0.5 * z - qx;
    let a = 1.0 - qx;
    a - (hz - (z * r - x * y))
}

/// JavaScript's `Math.sin`.
pub fn sin(x: f64) -> f64 {
    if !x.is_finite() {
        return f64::NAN;
    }
    let (n, y0, y1) = rem_pio2(x);
    if n == 0 && y1 == 0.0 && y0 == x {
        return kernel_sin(x, 0.0, false);
    }
    match n & 3 {
        0 => kernel_sin(y0, y1, true),
        1 => kernel_cos(y0, y1),
        2 => -kernel_sin(y0, y1, true),
        _ => -kernel_cos(y0, y1),
    }
}

/// JavaScript's `Math.cos`.
pub fn cos(x: f64) -> f64 {
    if !x.is_finite() {
        return f64::NAN;
    }
    let (n, y0, y1) = rem_pio2(x);
    if n == 0 && y1 == 0.0 && y0 == x {
        return kernel_cos(x, 0.0);
    }
    match n & 3 {
        0 => kernel_cos(y0, y1),
        1 => -kernel_sin(y0, y1, true),
        2 => -kernel_cos(y0, y1),
        _ => kernel_sin(y0, y1, true),
    }
}

/// JavaScript's `Math.log`.
pub fn log(x: f64) -> f64 {
    const LN2_HI: f64 = f64::from_bits(0x3FE62E42FEE00000); // 6.93147180369123816490e-1
    const LN2_LO: f64 = f64::from_bits(0x3DEA39EF35793C76); // 1.90821492927058770002e-10
    const LG: [f64; 7] = [
        f64::from_bits(0x3FE5555555555593), // 6.666666666666735130e-1
        f64::from_bits(0x3FD999999997FA04), // 3.999999999940941908e-1
        f64::from_bits(0x3FD2492494229359), // 2.857142874366239149e-1
        f64::from_bits(0x3FCC71C51D8E78AF), // 2.222219843214978396e-1
        f64::from_bits(0x3FC7466496CB03DE), // 1.818357216161805012e-1
        f64::from_bits(0x3FC39A09D078C69F), // 1.531383769920937332e-1
        f64::from_bits(0x3FC2F112DF3E5244), // 1.479819860511658591e-1
    ];
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    let (mut x, mut k) = (x, 0i32);
    if high(x) < 0x0010_0000 {
        // Subnormal: scale by 2⁵⁴.
        k -= 54;
        x *= 18_014_398_509_481_984.0;
    }
    let hx = high(x);
    k += (hx >> 20) as i32 - 1023;
    let hx = hx & 0x000f_ffff;
    let i = (hx + 0x95f64) & 0x0010_0000;
    // x or x/2 into [√2/2, √2).
    let x = f64::from_bits((u64::from(hx | (i ^ 0x3ff0_0000)) << 32) | (x.to_bits() & 0xffff_ffff));
    k += (i >> 20) as i32;
    let f = x - 1.0;
    let dk = f64::from(k);
    if (0x000f_ffff & (2 + hx)) < 3 {
        // |f| < 2⁻²⁰.
        if f == 0.0 {
            return if k == 0 {
                0.0
            } else {
                dk * LN2_HI + dk * LN2_LO
            };
        }
        let r = f * f * (0.5 - (1.0 / 3.0) * f);
        return if k == 0 {
            f - r
        } else {
            dk * LN2_HI - ((r - dk * LN2_LO) - f)
        };
    }
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG[1] + w * (LG[3] + w * LG[5]));
    let t2 = z * (LG[0] + w * (LG[2] + w * (LG[4] + w * LG[6])));
    let big = (hx as i32 - 0x6147a) | (0x6b851 - hx as i32);
    let r = t2 + t1;
    if big > 0 {
        let hfsq = 0.5 * f * f;
        if k == 0 {
            f - (hfsq - s * (hfsq + r))
        } else {
            dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f)
        }
    } else if k == 0 {
        f - s * (f - r)
    } else {
        dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sine_and_cosine_agree_with_the_c_library_to_an_ulp() {
        let mut x = -20.0;
        while x < 20.0 {
            for (ours, libc) in [(sin(x), x.sin()), (cos(x), x.cos())] {
                let ulps = (ours.to_bits() as i64 - libc.to_bits() as i64).abs();
                assert!(
                    ulps <= 1 || (ours - libc).abs() < 1e-300,
                    "{x}: {ours} vs {libc}"
                );
            }
            x += 0.000_37;
        }
        let mut x = 1e-6;
        while x < 1e6 {
            let (ours, libc) = (log(x), x.ln());
            let ulps = (ours.to_bits() as i64 - libc.to_bits() as i64).abs();
            assert!(ulps <= 1, "log {x}: {ours} vs {libc}");
            x *= 1.000_37;
        }
        assert_eq!(log(1.0), 0.0);
        assert_eq!(log(0.0), f64::NEG_INFINITY);
        assert!(log(-1.0).is_nan());
        assert!((log(5e-324) - (-744.440_071_921_381_3)).abs() < 1e-12);
        assert_eq!(sin(0.0), 0.0);
        assert_eq!(cos(0.0), 1.0);
        assert!(sin(f64::INFINITY).is_nan());
    }
}
