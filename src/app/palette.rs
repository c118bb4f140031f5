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

/// A qualitative palette for classes, safe for colour-blind eyes: every pair (and each
/// against the map's grey) stays distinct under simulated protanopia, deuteranopia and
/// tritanopia (tested). Teal, orange, vermilion, indigo, wine, dark brown, sand, blue,
/// light blue, brown; from Paul Tol's and Okabe & Ito's palettes.
pub const CLASS_COLORS: [[u8; 3]; 10] = [
    [0x44, 0xaa, 0x99],
    [0xe6, 0x9f, 0x00],
    [0xcc, 0x33, 0x11],
    [0x33, 0x22, 0x88],
    [0x88, 0x22, 0x55],
    [0x5a, 0x3d, 0x1e],
    [0xdd, 0xcc, 0x77],
    [0x00, 0x72, 0xb2],
    [0x99, 0xdd, 0xff],
    [0x9c, 0x75, 0x5f],
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

    /// Machado, Oliveira & Fernandes (2009): full-severity dichromacy in linear RGB.
    const PROTANOPIA: [[f64; 3]; 3] = [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ];
    const DEUTERANOPIA: [[f64; 3]; 3] = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];
    const TRITANOPIA: [[f64; 3]; 3] = [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ];
    const NORMAL: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];

    /// The colour as an eye with `m` sees it, in CIELAB (D65).
    fn seen(c: [u8; 3], m: &[[f64; 3]; 3]) -> [f64; 3] {
        let lin = |v: u8| {
            let v = v as f64 / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        let rgb = c.map(lin);
        let [r, g, b]: [f64; 3] = std::array::from_fn(|k| {
            (m[k][0] * rgb[0] + m[k][1] * rgb[1] + m[k][2] * rgb[2]).clamp(0.0, 1.0)
        });
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        [
            116.0 * f(y) - 16.0,
            500.0 * (f(x) - f(y)),
            200.0 * (f(y) - f(z)),
        ]
    }

    /// The smallest colour difference (ΔE*ab) between any two of `colours`, for every eye.
    fn least_difference(colours: &[[u8; 3]]) -> (f64, &'static str) {
        let eyes = [
            (NORMAL, "normal"),
            (PROTANOPIA, "protanopia"),
            (DEUTERANOPIA, "deuteranopia"),
            (TRITANOPIA, "tritanopia"),
        ];
        let mut least = (f64::INFINITY, "");
        for (m, name) in &eyes {
            let lab: Vec<[f64; 3]> = colours.iter().map(|&c| seen(c, m)).collect();
            for a in 0..lab.len() {
                for b in a + 1..lab.len() {
                    let d = (0..3)
                        .map(|k| (lab[a][k] - lab[b][k]).powi(2))
                        .sum::<f64>()
                        .sqrt();
                    if d < least.0 {
                        least = (d, name);
                    }
                }
            }
        }
        least
    }

    /// Colours this far apart (ΔE*ab) are told apart at a glance.
    const DISTINCT: f64 = 15.0;

    #[test]
    fn the_classes_stay_distinct_for_colour_blind_eyes() {
        let mut colours = CLASS_COLORS.to_vec();
        colours.push(GREY);
        let (d, eye) = least_difference(&colours);
        assert!(
            d >= DISTINCT,
            "two class colours are {d:.1} apart for {eye}"
        );
        // The measure catches what it should: red and green, as deuteranopes see them.
        let (d, eye) = least_difference(&[[0xe1, 0x57, 0x59], [0x59, 0xa1, 0x4f]]);
        assert!(d < DISTINCT, "{d} ({eye})");
    }

    #[test]
    fn the_maps_orange_grey_and_blue_stay_distinct_for_colour_blind_eyes() {
        let (d, eye) = least_difference(&[ORANGE, GREY, BLUE]);
        assert!(d >= DISTINCT, "{d:.1} apart for {eye}");
        // Half-way colours too: −0.5 against +0.5.
        let (d, eye) = least_difference(&[value_color(-0.5, false), value_color(0.5, false)]);
        assert!(d >= DISTINCT, "{d:.1} apart for {eye}");
    }

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
