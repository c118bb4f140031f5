//! Numbers as both front ends say them.

/// A number in its shortest form with at most 8 significant digits: `0.1`, `12345.679`,
/// `1.2345679e200`; never a long run of digits.
pub fn short_number(v: f64) -> String {
    if !v.is_finite() || v == 0.0 {
        return format!("{v}");
    }
    let rounded: f64 = format!("{v:.7e}").parse().unwrap_or(v);
    if (1e-4..1e8).contains(&rounded.abs()) {
        format!("{rounded}")
    } else {
        let text = format!("{rounded:e}");
        text.replace("e-0", "e-").replace("e0", "e")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_shown_shortest_with_at_most_eight_significant_digits() {
        assert_eq!(short_number(0.1), "0.1");
        assert_eq!(short_number(0.03), "0.03");
        assert_eq!(short_number(12345.6789), "12345.679");
        assert_eq!(short_number(-2.5), "-2.5");
        assert_eq!(short_number(1e300), "1e300");
        assert_eq!(short_number(1.234567891e200), "1.2345679e200");
        assert_eq!(short_number(3.2e-7), "3.2e-7");
        assert_eq!(short_number(f64::INFINITY), "inf");
        assert_eq!(short_number(0.0), "0");
        for v in [1e10, 123456789.0, 7.77e-12, 4.2e150] {
            let digits = short_number(v).chars().filter(char::is_ascii_digit).count();
            assert!(digits <= 8 + 3, "{v}: {}", short_number(v));
        }
    }
}
