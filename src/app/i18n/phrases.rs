//! Text made below the window with a few English words in it, put into the window's
//! language word by word: a neuron's equations ([`crate::nn::explain`]; the formulas stay)
//! and the short labels of runs and racers (`run 2`, `lr 0.1, batch 10`).

use super::{Language, current};

/// The English words of the equations' lines and their Japanese, in the order they are
/// replaced (longer first where one contains another).
pub const WORDS: [(&str, &str); 7] = [
    ("… and ", "… ほか "),
    (
        "(softmax with cross-entropy: δₖ = aₖ − yₖ for each of the layer's outputs)",
        "(ソフトマックスと交差エントロピー: 層の各出力で δₖ = aₖ − yₖ)",
    ),
    ("(softmax: the whole layer)", "(ソフトマックス: 層全体で)"),
    ("(over the layer's ", "(層の "),
    (" outputs)", " 個の出力で)"),
    (" more terms)", " 項を省略)"),
    (" more weights alike", " 個の重みも同様"),
];

/// The words of run and racer labels ([`crate::experiment::difference`], the race's
/// variants, the runs' default names, the data's names) and their Japanese, longer first
/// where one contains another.
pub const LABEL_WORDS: [(&str, &str); 19] = [
    ("same settings", "同じ設定"),
    ("drawn points", "描いた点"),
    (" classes", " クラス"),
    ("reg-plane", "回帰・平面"),
    ("reg-gauss", "回帰・ガウス"),
    ("circle", "円"),
    ("xor", "XOR"),
    ("gauss", "ガウス"),
    ("spiral", "渦巻き"),
    ("blobs", "塊"),
    ("plane", "平面"),
    ("lr schedule", "学習率のスケジュール"),
    ("file order", "ファイル順"),
    ("shuffled", "シャッフル"),
    (" settings", " の設定"),
    (" loss", " 損失"),
    ("lr ", "学習率 "),
    ("batch ", "バッチ "),
    ("run ", "実行 "),
];

/// A run's or a racer's label in the current language.
pub fn label(text: &str) -> String {
    in_words(text, &LABEL_WORDS)
}

/// `line` of a neuron's maths in the current language.
pub fn maths(line: &str) -> String {
    in_words(line, &WORDS)
}

/// `text` in the current language: in Japanese each of `words` replaced, in order.
fn in_words(text: &str, words: &[(&str, &str)]) -> String {
    let mut text = text.to_string();
    if current() == Language::Japanese {
        for (en, ja) in words {
            text = text.replace(en, ja);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_replaced_is_in_the_equations_source() {
        let source = include_str!("../../nn/explain.rs");
        for (en, _) in WORDS {
            let squeezed = en.replace("for each", "for \\\n                 each");
            assert!(
                source.contains(en) || source.contains(&squeezed),
                "{en} is no longer in explain.rs"
            );
        }
        assert!(source.contains("… and {} more weights alike"));
    }

    #[test]
    fn each_label_word_is_in_the_source_that_makes_labels() {
        let source = [
            include_str!("../../experiment/runs.rs"),
            include_str!("../../experiment/race.rs"),
            include_str!("../../data/playground.rs"),
            include_str!("../data_panel.rs"),
        ]
        .concat();
        for (en, _) in LABEL_WORDS {
            assert!(source.contains(en.trim()), "{en} is no longer made");
        }
    }

    #[test]
    fn labels_keep_their_numbers_and_names_in_japanese() {
        super::super::set(Language::Japanese);
        assert_eq!(
            label("run 2: lr 0.1, batch 10"),
            "実行 2: 学習率 0.1, バッチ 10"
        );
        assert_eq!(label("adam settings, mse loss"), "adam の設定, mse 損失");
        assert_eq!(
            label("reg-plane, spiral, 3 classes"),
            "回帰・平面, 渦巻き, 3 クラス"
        );
        super::super::set(Language::English);
        assert_eq!(label("run 2: lr 0.1"), "run 2: lr 0.1");
    }

    #[test]
    fn the_equations_keep_their_numbers_and_lose_their_english_in_japanese() {
        super::super::set(Language::Japanese);
        let line = "z = w₁·x₁ + w₂·x₂ + w₃·x₃ + w₄·x₄ + … (3 more terms) + b = 0.5";
        assert_eq!(
            maths(line),
            "z = w₁·x₁ + w₂·x₂ + w₃·x₃ + w₄·x₄ + … (3 項を省略) + b = 0.5"
        );
        assert_eq!(
            maths("… and 5 more weights alike"),
            "… ほか 5 個の重みも同様"
        );
        super::super::set(Language::English);
        assert_eq!(maths(line), line);
    }
}
