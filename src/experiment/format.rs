//! Numbers and sentences as both front ends say them.

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

/// A sentence with names or numbers in it, kept as its English template (`{}` where each
/// part goes) and its parts, so that the window can say it in its own language.
#[derive(Clone, Debug, PartialEq)]
pub struct Sentence {
    /// The English, with `{}` for each part.
    pub template: &'static str,
    /// The parts, in order.
    pub parts: Vec<String>,
}

impl std::fmt::Display for Sentence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = self.parts.iter();
        let mut pieces = self.template.split("{}");
        f.write_str(pieces.next().unwrap_or_default())?;
        for piece in pieces {
            f.write_str(parts.next().map_or("", String::as_str))?;
            f.write_str(piece)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_puts_its_parts_where_its_template_says() {
        let s = Sentence {
            template: "from {} to {}.",
            parts: vec!["a".into(), "b".into()],
        };
        assert_eq!(s.to_string(), "from a to b.");
    }

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
