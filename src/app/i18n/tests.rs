use super::*;

#[test]
fn a_japanese_locale_asks_for_japanese_and_every_other_for_english() {
    for locale in ["ja_JP.UTF-8", "ja-JP", "ja", "JA_jp", "ja_JP@euro"] {
        assert_eq!(Language::of_locale(locale), Language::Japanese, "{locale}");
    }
    for locale in [
        "en_US.UTF-8",
        "C",
        "POSIX",
        "",
        "jav_ID",
        "de_DE",
        "C.UTF-8",
    ] {
        assert_eq!(Language::of_locale(locale), Language::English, "{locale}");
    }
}

#[test]
fn the_system_language_is_the_first_locale_variable_set_in_posix_order() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    };
    let japanese = Language::Japanese;
    assert_eq!(
        Language::of_system(env(&[("LANG", "ja_JP.UTF-8")])),
        japanese
    );
    assert_eq!(
        Language::of_system(env(&[("LANG", "en_US"), ("LC_MESSAGES", "ja_JP")])),
        japanese
    );
    assert_eq!(
        Language::of_system(env(&[("LC_ALL", "C"), ("LANG", "ja_JP")])),
        Language::English
    );
    assert_eq!(
        Language::of_system(env(&[("LC_ALL", ""), ("LANG", "ja_JP")])),
        japanese
    );
    assert_eq!(Language::of_system(env(&[])), Language::English);
    assert_eq!(Choice::System.language(japanese), japanese);
    assert_eq!(
        Choice::Chosen(Language::English).language(japanese),
        Language::English
    );
}

#[test]
fn a_template_takes_its_arguments_in_order_or_by_index() {
    set(Language::English);
    assert_eq!(format("Epoch {} of {}", &[&3, &"ten"]), "Epoch 3 of ten");
    assert_eq!(format("{1} before {0}", &[&"a", &"b"]), "b before a");
    assert_eq!(format("{{braces}} and {}", &[&1.5]), "{braces} and 1.5");
    assert_eq!(format("a lone } and {", &[]), "a lone } and {");
    assert_eq!(format("missing {}", &[]), "missing ");
    assert_eq!(trf!("{} + {}", 1, 2), "1 + 2");
}

#[test]
fn japanese_strings_come_from_the_table_and_missing_ones_are_remembered() {
    set(Language::Japanese);
    assert_eq!(tr("Learning rate"), "学習率");
    assert_eq!(trf!("Epoch {}", 7), "エポック 7");
    assert_eq!(
        tr("no such string in the table"),
        "no such string in the table"
    );
    assert!(missing().contains("no such string in the table"));
    set(Language::English);
    assert_eq!(tr("Learning rate"), "Learning rate");
}

/// Each string literal of the crate's non-test source: its value, and whether it is given
/// to `tr(` or `trf!(`.
fn literals() -> Vec<(String, bool)> {
    let mut found = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            let name = path.to_string_lossy().to_string();
            if path.is_dir() {
                dirs.push(path);
            } else if name.ends_with(".rs") && !name.ends_with("tests.rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
                found.extend(literals_in(code));
            }
        }
    }
    found
}

/// The string literals of `code` (comments and character literals skipped).
fn literals_in(code: &str) -> Vec<(String, bool)> {
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i += code[i..].find('\n').unwrap_or(code.len() - i);
            }
            b'\'' if bytes.get(i + 2) == Some(&b'\'') || bytes.get(i + 1) == Some(&b'\\') => {
                i += code[i + 1..].find('\'').map_or(1, |e| e + 2);
            }
            b'"' => {
                let before = code[..i].trim_end();
                let wrapped = before.ends_with("tr(") || before.ends_with("trf!(");
                let (value, len) = rust_literal(&code[i..]);
                found.push((value, wrapped));
                i += len;
            }
            _ => i += 1,
        }
    }
    found
}

/// A Rust string literal's value (an escaped newline drops the indent after it) and its
/// length in the source.
fn rust_literal(source: &str) -> (String, usize) {
    let mut out = String::new();
    let mut chars = source.char_indices().skip(1).peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return (out, at + 1),
            '\\' => match chars.next().map(|(_, c)| c) {
                Some('\n') => {
                    while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                        chars.next();
                    }
                }
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(c) => out.push(c),
                None => break,
            },
            c => out.push(c),
        }
    }
    (out, source.len())
}

#[test]
fn every_string_the_source_shows_has_a_japanese_entry_and_every_entry_is_shown() {
    let literals = literals();
    let wrapped: BTreeSet<&String> = literals.iter().filter(|l| l.1).map(|l| &l.0).collect();
    assert!(wrapped.len() > 300, "{} strings found", wrapped.len());
    let missing: Vec<_> = wrapped
        .iter()
        .filter(|s| !table().contains_key(**s))
        .collect();
    assert!(missing.is_empty(), "no Japanese for {missing:#?}");
    let unused: Vec<_> = table()
        .keys()
        .filter(|k| !literals.iter().any(|l| &l.0 == *k))
        .collect();
    assert!(
        unused.is_empty(),
        "entries the source never shows: {unused:#?}"
    );
}

#[test]
fn each_entry_keeps_its_placeholders() {
    let count = |s: &str| s.matches('{').count() - 2 * s.matches("{{").count();
    for (en, ja) in table() {
        assert_eq!(count(en), count(ja), "{en} → {ja}");
        assert!(!ja.trim().is_empty(), "{en}");
    }
}

#[test]
fn egui_s_own_fonts_cannot_draw_japanese_and_the_system_font_found_can() {
    let fonts = egui::FontDefinitions::default();
    for (name, data) in &fonts.font_data {
        assert!(!font::draws_japanese(data.bytes(), data.index), "{name}");
    }
    assert!(!font::draws_japanese(b"not a font", 0));
    let known = font::KNOWN
        .iter()
        .any(|(p, _)| std::path::Path::new(p).is_file());
    assert!(!known || font::find().is_some(), "a known font is there");
    match font::find() {
        Some(found) => {
            assert!(font::draws_japanese(&found.bytes, found.index));
            let again = font::read(&found.path, found.index).expect("the same file reads again");
            assert_eq!(again.bytes.len(), found.bytes.len());
        }
        None => assert!(
            std::env::var_os("SCRATCHNET_REQUIRE_JA_FONT").is_none(),
            "{NO_FONT}"
        ),
    }
}

#[test]
fn a_file_that_is_not_a_japanese_font_is_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("NotoSansCJK-Regular.ttc");
    std::fs::write(&path, b"not a font").unwrap();
    assert!(font::read(&path, 0).is_none());
    assert!(font::read(&dir.path().join("missing.ttf"), 0).is_none());
    let latin = egui::FontDefinitions::default();
    let (_, data) = latin.font_data.iter().next().unwrap();
    let path = dir.path().join("ipag.ttf");
    std::fs::write(&path, data.bytes()).unwrap();
    assert!(font::read(&path, 0).is_none());
}

#[test]
fn a_japanese_font_is_found_folders_down_by_its_name() {
    let Some(system) = font::find() else {
        return; // Nothing to copy; the test above says whether that is allowed.
    };
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("truetype/noto/jp");
    std::fs::create_dir_all(&deep).unwrap();
    let named_otherwise = dir.path().join("truetype/Other-Regular.ttf");
    std::fs::write(&named_otherwise, &system.bytes).unwrap();
    assert!(font::find_in(&[dir.path().to_owned()]).is_none());
    let too_deep = dir.path().join("a/b/c/d/e/f");
    std::fs::create_dir_all(&too_deep).unwrap();
    std::fs::write(too_deep.join("NotoSansCJK-Regular.ttc"), &system.bytes).unwrap();
    assert!(
        font::find_in(&[dir.path().to_owned()]).is_none(),
        "six folders down is too deep"
    );
    std::fs::write(deep.join("NotoSansJP-Regular.otf"), &system.bytes).unwrap();
    let found = font::find_in(&[dir.path().to_owned()]).expect("found by its name");
    assert!(found.path.ends_with("NotoSansJP-Regular.otf"));
}

#[test]
fn a_sentence_from_below_the_window_is_put_into_japanese_with_its_parts() {
    let hint = crate::experiment::Sentence {
        template: "Binary cross-entropy reads the output as a probability, which a {} output \
                   is not: use a sigmoid (or tanh) output.",
        parts: vec!["relu".into()],
    };
    set(Language::English);
    assert_eq!(sentence(&hint), hint.to_string());
    set(Language::Japanese);
    assert_eq!(
        sentence(&hint),
        "2 値交差エントロピーは出力を確率として読みますが、relu の出力は確率ではありません: \
         sigmoid (または tanh) の出力を使ってください。"
    );
    set(Language::English);
}

#[test]
fn a_tf_links_lesson_has_its_words_in_japanese_and_others_have_none() {
    let ja = lesson_text(
        "A TensorFlow Playground link",
        "The link hides some controls.",
    )
    .expect("both are in the table");
    assert_eq!(ja.title, "TensorFlow Playground のリンク");
    assert_eq!(ja.task, "このリンクはいくつかの操作を隠しています。");
    assert!(lesson_text("A TensorFlow Playground link", "a task of the user's").is_none());
    assert!(lesson_text("my title", "The link hides some controls.").is_none());
}

#[test]
fn fonts_are_looked_for_in_the_system_s_and_the_user_s_font_folders() {
    let dirs = font::font_dirs();
    assert!(dirs.contains(&std::path::PathBuf::from("/usr/share/fonts")));
    assert!(dirs.contains(&std::path::PathBuf::from("/usr/local/share/fonts")));
    if let Some(home) = std::env::var_os("HOME") {
        let home = std::path::PathBuf::from(home);
        assert!(dirs.contains(&home.join(".local/share/fonts")));
    }
}
