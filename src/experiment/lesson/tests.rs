use super::*;

const XOR: &str = r#"{"format": "scratchnet.lesson", "version": 1, "title": "XOR",
  "task": "Make it **learn**.", "start": ["--dataset", "xor", "--layers", "2,1"],
  "hide": ["dataset", "noise"],
  "goals": [{"tier": 1, "metric": "test_accuracy", "compare": ">=", "value": 0.9},
            {"tier": 2, "metric": "parameters", "compare": "<=", "value": 20}],
  "next": "next.json", "solution": {"flags": ["--hidden", "4"], "epochs": 10}}"#;

#[test]
fn a_lesson_reads_its_start_hidden_controls_goals_and_next() {
    let l = parse_lesson(XOR).unwrap();
    assert_eq!(l.title, "XOR");
    assert_eq!(
        l.start,
        LessonStart::Flags(vec![
            "--dataset".into(),
            "xor".into(),
            "--layers".into(),
            "2,1".into()
        ])
    );
    assert_eq!(l.hide, ["dataset", "noise"]);
    assert_eq!(l.goals.len(), 2);
    assert_eq!(l.goals[1].metric, Metric::Parameters);
    assert_eq!(l.next.as_deref(), Some("next.json"));
    let start = l.setup(&[]).unwrap();
    assert_eq!(start.network.layers(), [2, 1]);
    let solved = l.setup(&l.solution.as_ref().unwrap().flags).unwrap();
    assert_eq!(
        solved.network.layers(),
        [2, 4, 1],
        "the solution's flags override the start"
    );
    assert_eq!(
        parse_lesson(&l.to_json()).unwrap(),
        l,
        "written and read back"
    );
}

#[test]
fn a_broken_hostile_or_newer_lesson_is_one_line_naming_the_key() {
    let with = |from: &str, to: &str| XOR.replace(from, to);
    for (text, key) in [
        (with("test_accuracy", "speed"), "goals[0].metric"),
        (with(r#""noise"]"#, r#""warp"]"#), "hide[1]"),
        (with(r#"">=""#, r#""==""#), "goals[0].compare"),
        (
            with(r#""value": 0.9"#, r#""value": "high""#),
            "goals[0].value",
        ),
        (with(r#""xor""#, r#""moons""#), "start"),
        (with(r#""next.json""#, r#""../../etc/passwd""#), "next"),
        (with(r#""title": "XOR""#, r#""title": """#), "title"),
        (
            with(r#"["--hidden", "4"]"#, r#"["--frobnicate"]"#),
            "solution.flags",
        ),
    ] {
        let e = parse_lesson(&text).unwrap_err().to_string();
        assert!(e.starts_with(&format!("the lesson's {key}")), "{key}: {e}");
        assert_eq!(e.lines().count(), 1, "{e}");
    }
    let newer = with(r#""version": 1"#, r#""version": 7"#);
    assert!(matches!(parse_lesson(&newer), Err(LessonError::Newer(7))));
    let model = with(
        r#""format": "scratchnet.lesson""#,
        r#""format": "scratchnet.model""#,
    );
    assert!(matches!(
        parse_lesson(&model),
        Err(LessonError::NotALesson(_))
    ));
    let both = with(
        r#""start":"#,
        r#""link": "https://playground.tensorflow.org/#", "start":"#,
    );
    assert!(
        parse_lesson(&both)
            .unwrap_err()
            .to_string()
            .contains("one of start")
    );
}

#[test]
fn a_lesson_may_start_from_a_link_or_a_whole_model() {
    let link = XOR.replace(
        r#""start": ["--dataset", "xor", "--layers", "2,1"]"#,
        r#""link": "https://playground.tensorflow.org/#dataset=xor&seed=s&networkShape=3""#,
    );
    let l = parse_lesson(&link).unwrap();
    assert_eq!(l.setup(&[]).unwrap().network.layers(), [2, 3, 1]);
    let setup = parse_lesson(XOR).unwrap().setup(&[]).unwrap();
    let network = setup.network.clone();
    let model = crate::experiment::Opened::from_setup(setup).model;
    let lesson = Lesson {
        start: LessonStart::Model(Box::new(model)),
        ..parse_lesson(XOR).unwrap()
    };
    let back = parse_lesson(&lesson.to_json()).unwrap();
    assert_eq!(back.setup(&[]).unwrap().network, network);
}

#[test]
fn later_flags_replace_the_starts_own() {
    let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let start = v(&[
        "--dataset",
        "xor",
        "--layers",
        "2,1",
        "--no-shuffle",
        "--lr",
        "-0.5",
    ]);
    assert_eq!(
        merge_flags(&start, &v(&["--hidden", "4", "--lr", "0.1"])),
        v(&[
            "--dataset",
            "xor",
            "--no-shuffle",
            "--hidden",
            "4",
            "--lr",
            "0.1"
        ])
    );
    assert_eq!(merge_flags(&start, &[]), start);
}

#[test]
fn ten_thousand_mutated_lessons_are_read_or_refused_never_a_panic() {
    use rand::RngExt;
    let texts: Vec<&str> = SHIPPED.iter().map(|(_, t)| *t).chain([XOR]).collect();
    const PIECES: [&str; 14] = [
        "\"",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "-1",
        "1e308",
        "\"tier\"",
        "\"hide\"",
        "\"goals\"",
        "\"--layers\"",
        "null",
    ];
    let mut rng = crate::seeded(7);
    let (mut read, mut refused) = (0, 0);
    for k in 0..10_000 {
        let mut text = texts[k % texts.len()].to_string();
        for _ in 0..rng.random_range(1..5) {
            // Cut on a character boundary.
            let mut at = rng.random_range(0..=text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match rng.random_range(0..3) {
                0 => {
                    let mut end = (at + rng.random_range(1..20)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    text.replace_range(at..end, "");
                }
                1 => text.insert_str(at, PIECES[rng.random_range(0..PIECES.len())]),
                _ => {
                    let digits: String = (0..rng.random_range(1..6))
                        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
                        .collect();
                    text.insert_str(at, &digits);
                }
            }
        }
        match parse_lesson(&text) {
            Ok(lesson) => {
                read += 1;
                assert!(!lesson.title.trim().is_empty());
                assert!(lesson.hide.iter().all(|h| is_control(h)));
                assert!(lesson.goals.iter().all(|g| g.value.is_finite()));
            }
            Err(e) => {
                refused += 1;
                assert_eq!(e.to_string().lines().count(), 1, "{e}");
            }
        }
    }
    assert!(
        read > 500 && refused > 1000,
        "{read} read, {refused} refused"
    );
}

#[test]
fn a_lesson_file_is_told_from_a_model_file_by_its_format() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    assert!(is_lesson_file(&write("a.json", XOR)));
    let spaced = "{\n  \"format\" :  \"scratchnet.lesson\", \"version\": 1}";
    assert!(is_lesson_file(&write("b.json", spaced)));
    let model = "{\"format\": \"scratchnet.model\", \"version\": 1, \"layers\": [2, 1]}";
    assert!(!is_lesson_file(&write("c.json", model)));
    assert!(!is_lesson_file(&write("d.json", "not json")));
    assert!(!is_lesson_file(&dir.path().join("missing.json")));
}

#[test]
fn a_lesson_gives_its_words_in_other_languages_and_keeps_them_when_written() {
    let text = XOR.replacen(
        r#""title": "XOR","#,
        r#""title": "XOR", "translations": {"ja": {"title": "排他的論理和", "task": "学習させて"}},"#,
        1,
    );
    let l = parse_lesson(&text).unwrap();
    assert_eq!(l.text_in("ja"), ("排他的論理和", "学習させて"));
    assert_eq!(l.text_in("en"), ("XOR", "Make it **learn**."));
    assert_eq!(l.text_in("de"), ("XOR", "Make it **learn**."));
    assert_eq!(
        parse_lesson(&l.to_json()).unwrap(),
        l,
        "written and read back"
    );
    for (bad, key) in [
        (r#"{"japanese": {"title": "x"}}"#, "translations.japanese"),
        (r#"{"ja": {"title": " "}}"#, "translations.ja.title"),
    ] {
        let text = XOR.replacen(
            r#""title": "XOR","#,
            &format!(r#""title": "XOR", "translations": {bad},"#),
            1,
        );
        let e = parse_lesson(&text).unwrap_err().to_string();
        assert!(e.contains(key), "{e}");
    }
}

#[test]
fn every_shipped_lesson_gives_its_title_and_task_in_japanese() {
    for (name, text) in SHIPPED {
        let l = parse_lesson(text).unwrap();
        let (title, task) = l.text_in("ja");
        assert_ne!(title, l.title, "{name}");
        assert!(task.chars().count() * 3 > l.task.chars().count(), "{name}");
        assert!(task.contains("**"), "{name}: the Markdown is kept");
    }
}
