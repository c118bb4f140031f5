//! The window in Japanese: every label on screen, with every window and menu open.

use std::collections::BTreeSet;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use super::*;
use crate::app::GuiArgs;
use crate::app::ScratchnetApp;
use crate::app::landscape_tests::wait_for_landscape;
use crate::app::tests::harness;

/// Latin words a Japanese window keeps: names, units, keys, formulas and file types.
const KEPT: &[&str] = &[
    "scratchnet",
    "TF",
    "Playground",
    "CSV",
    "PNG",
    "GIF",
    "JSON",
    "NumPy",
    "PyTorch",
    "Python",
    "ReLU",
    "tanh",
    "sigmoid",
    "Sigmoid",
    "softmax",
    "softplus",
    "swish",
    "Swish",
    "ELU",
    "elu",
    "relu",
    "leaky",
    "sin",
    "sine",
    "identity",
    "MSE",
    "SGD",
    "Adam",
    "RMSprop",
    "adam",
    "rmsprop",
    "sgd",
    "momentum",
    "nesterov",
    "Xavier",
    "xavier",
    "he",
    "He",
    "zeros",
    "uniform",
    "none",
    "mse",
    "bce",
    "ce",
    "half",
    "se",
    "Ctrl",
    "Shift",
    "Space",
    "Tab",
    "Enter",
    "Esc",
    "English",
    "Japanese",
    "max",
    "ln",
    "exp",
    "TensorFlow",
    "XOR",
    "RMSE",
    "Plus",
    "Minus",
    "id",
    "lr",
    "zenity",
    "OK",
];

/// egui's own names for screen readers of the parts it draws around windows and panels
/// (no text on screen): egui has no way to translate them.
const EGUI_OWN: &[&str] = &["Close window", "Hide", "Show", "Resize panel"];

/// Whether `text` reads as English: a Latin word of two letters or more that is not kept.
/// Names of files and programs (`model.json`, `xdg-desktop-portal`) are not English.
fn english_words(text: &str) -> Vec<&str> {
    let name_part = |c: char| c.is_ascii_alphanumeric() || "._/-+".contains(c);
    text.split(|c: char| !name_part(c))
        .filter(|t| !t.chars().any(|c| "._/-+".contains(c) || c.is_ascii_digit()))
        .filter(|w| w.len() >= 2 && !KEPT.contains(w))
        .collect()
}

/// The window in Japanese, with the system's Japanese font when there is one (egui then
/// panics at a character the font cannot draw).
pub(crate) fn japanese(args: GuiArgs) -> Harness<'static, ScratchnetApp> {
    let h = harness(args);
    install_font(&h.ctx);
    setup(
        &h.ctx,
        Languages {
            system: Language::English,
            japanese_font: true,
        },
    );
    choose(&h.ctx, Choice::Chosen(Language::Japanese));
    h
}

/// Installs the system's Japanese font, so that a character it cannot draw fails the test
/// (egui_kittest panics at a missing glyph). Where the system has none (and CI does not
/// require one), Japanese is drawn as boxes and only the words are checked.
fn install_font(ctx: &egui::Context) {
    match font::find() {
        Some(font) => font::install(ctx, font),
        None if std::env::var_os("SCRATCHNET_REQUIRE_JA_FONT").is_some() => panic!("{NO_FONT}"),
        None => ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu),
    }
}

/// Every label and value on screen that reads as English.
fn english_on_screen(h: &Harness<'_, ScratchnetApp>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    // What the user typed (a run's name) is the user's, in any language.
    let typed: Vec<String> = h
        .root()
        .children_recursive()
        .filter(|n| n.accesskit_node().role() == egui::accesskit::Role::TextInput)
        .filter_map(|n| n.accesskit_node().value())
        .collect();
    for node in h.root().children_recursive() {
        let node = node.accesskit_node();
        let role = node.role();
        let mut texts = vec![node.label().unwrap_or_default()];
        if role != egui::accesskit::Role::TextInput {
            texts.extend(node.value());
        }
        for text in texts {
            let egui_own = EGUI_OWN.contains(&text.as_str()) || text.starts_with("Resize window");
            if !egui_own && !typed.contains(&text) && !english_words(&text).is_empty() {
                found.insert(text);
            }
        }
    }
    found
}

/// Opens `menu` (and the submenu `sub`, if given) and collects what reads as English.
fn menu_english(h: &mut Harness<'_, ScratchnetApp>, menu: &str) -> BTreeSet<String> {
    h.get_by_label(menu).click();
    h.run_steps(3);
    let found = english_on_screen(h);
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    found
}

#[test]
fn the_window_in_japanese_shows_no_english_with_every_window_and_menu_open() {
    let mut h = japanese(GuiArgs::default());
    h.run_steps(2);
    let ws = h.state_mut().workspace_mut();
    let p = &mut ws.persisted;
    (p.inspector.open, p.hidden_space.open, p.runs.open) = (true, true, true);
    p.landscape.open = true;
    h.state_mut().apply(crate::app::shell::Command::ShowRace);
    h.run_steps(4);
    let mut english = english_on_screen(&h);
    for menu in ["ファイル", "編集", "表示", "ヘルプ"] {
        english.extend(menu_english(&mut h, menu));
    }
    let missing = missing();
    assert!(
        english.is_empty() && missing.is_empty(),
        "shown in English: {english:#?}\nno Japanese entry: {missing:#?}"
    );
}

/// Asserts that nothing on screen reads as English and every string had an entry.
fn assert_japanese(h: &Harness<'_, ScratchnetApp>, screen: &str) {
    let english = english_on_screen(h);
    let missing = missing();
    assert!(
        english.is_empty() && missing.is_empty(),
        "{screen}: shown in English: {english:#?}\nno Japanese entry: {missing:#?}"
    );
}

#[test]
fn the_help_windows_questions_and_messages_are_in_japanese_too() {
    use crate::app::shell::{Banner, Command, Dialogs, FileTask, Notice, Pending, Problem};
    let mut h = japanese(GuiArgs::default());
    h.run_steps(2);
    for item in ["ガイド", "キーボードショートカット", "scratchnet について"] {
        h.get_by_label("ヘルプ").click();
        h.run_steps(2);
        h.get_by_label(item).click();
        h.run_steps(3);
    }
    assert_japanese(&h, "help");
    h.get_by_label("ファイル").click();
    h.run_steps(2);
    h.get_by_label("レッスン").hover();
    h.run_steps(3);
    assert_japanese(&h, "File ▸ Lessons");
    h.key_press(egui::Key::Escape);
    let app = h.state_mut();
    app.set_dialogs(Dialogs::Unavailable);
    app.ask_for_file(FileTask::OpenModel);
    let ws = app.workspace_mut();
    ws.messages.notice = Some(Notice::Saved("model.json".into()));
    ws.messages.banner = Some(Banner::Diverged {
        divergence: crate::nn::Divergence {
            epoch: 3,
            batch: 7,
            cause: crate::nn::NotFinite::Gradient,
        },
        rate: 50.0,
    });
    h.run_steps(3);
    assert_japanese(&h, "the path prompt, a notice and the banner");
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    let ws = h.state_mut().workspace_mut();
    ws.messages.error = Some(Problem::NotAModelOrData("notes.txt".into()));
    h.run_steps(3);
    assert_japanese(&h, "an error");
    h.state_mut().workspace_mut().messages.error = None;
    h.state_mut().workspace_mut().questions.ask(Pending::Quit);
    h.run_steps(3);
    assert_japanese(&h, "a question");
    h.state_mut().workspace_mut().questions = Default::default();
    h.state_mut().apply(Command::AskLink);
    h.run_steps(3);
    assert_japanese(&h, "the link prompt");
}

#[test]
fn a_neurons_maths_the_landscape_and_regression_are_in_japanese() {
    use crate::app::diagram::DiagramAction;
    use crate::app::shell::Command;
    use crate::experiment::Parameter;
    let args = GuiArgs {
        experiment: crate::experiment::ExperimentArgs {
            data_flags: crate::experiment::DataArgs {
                dataset: Some(crate::data::DatasetKind::Plane),
                ..Default::default()
            },
            layers: Some(vec![2, 3, 1]),
            ..Default::default()
        },
        ..Default::default()
    };
    let mut h = japanese(args);
    h.run_steps(2);
    h.state_mut().workspace_mut().persisted.inspector.open = true;
    let w = Parameter::Weight { l: 0, j: 0, i: 0 };
    for action in [DiagramAction::ShowMaths(0, 0), DiagramAction::Landscape(w)] {
        h.state_mut().apply(Command::Diagram(action));
    }
    wait_for_landscape(&mut h, |l| l.axes.len() == 1);
    h.run_steps(2);
    h.get_by_label_contains("傾き (勾配)");
    h.get_by_label("順伝播");
    assert_japanese(&h, "maths and landscape");
    h.state_mut()
        .apply(Command::Diagram(DiagramAction::Landscape(
            Parameter::Bias { l: 0, j: 0 },
        )));
    wait_for_landscape(&mut h, |l| l.axes.len() == 2);
    h.run_steps(2);
    assert_japanese(&h, "the landscape's surface");
}

#[test]
fn a_lesson_shows_its_japanese_title_task_and_goals() {
    let mut h = japanese(GuiArgs::default());
    h.run_steps(1);
    let text = crate::experiment::lesson::shipped("01-plane-online.json").unwrap();
    let lesson = crate::experiment::lesson::parse_lesson(text).unwrap();
    h.state_mut()
        .workspace_mut()
        .open_lesson(lesson, "test")
        .unwrap();
    h.run_steps(3);
    h.get_by_label("平面を 1 サンプルずつ");
    assert!(
        h.query_by_label("The plane, one sample at a time")
            .is_none()
    );
    assert!(
        h.query_all_by_label_contains("段階 1: テスト損失 ≤ 0.001")
            .count()
            > 0
    );
    assert_japanese(&h, "a lesson");
}

/// The window as a user starts it: the system's language, a Japanese font or none.
fn started(system: Language, japanese_font: bool) -> Harness<'static, ScratchnetApp> {
    let mut h = harness(GuiArgs::default());
    if japanese_font {
        install_font(&h.ctx);
    }
    setup(
        &h.ctx,
        Languages {
            system,
            japanese_font,
        },
    );
    h.run_steps(2);
    h
}

#[test]
fn a_japanese_system_opens_the_window_in_japanese() {
    let h = started(Language::Japanese, true);
    h.get_by_label("再生");
    assert!(h.query_by_label("Play").is_none());
    let h = started(Language::English, true);
    h.get_by_label("Play");
}

#[test]
fn without_a_japanese_font_the_window_stays_english_and_says_so_in_one_line() {
    let h = started(Language::Japanese, false);
    h.get_by_label("Play");
    h.get_by_label(NO_FONT);
    let h = started(Language::English, false);
    assert!(h.query_by_label(NO_FONT).is_none());
}

#[test]
fn view_language_switches_the_window_and_back() {
    let mut h = started(Language::English, true);
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("日本語").click();
    h.run_steps(3);
    h.get_by_label("再生");
    assert_eq!(choice(&h.ctx), Choice::Chosen(Language::Japanese));
    h.get_by_label("表示").click();
    h.run_steps(2);
    h.get_by_label("English").click();
    h.run_steps(3);
    h.get_by_label("Play");
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("System (English)").click();
    h.run_steps(3);
    assert_eq!(choice(&h.ctx), Choice::System);
}

#[test]
fn without_a_font_japanese_cannot_be_chosen() {
    let mut h = started(Language::English, false);
    h.get_by_label("View").click();
    h.run_steps(2);
    assert!(h.query_by_label("日本語").is_none());
    h.get_by_label("Japanese").click();
    h.run_steps(2);
    assert_eq!(choice(&h.ctx), Choice::System);
}

#[test]
fn a_lesson_opened_at_launch_is_announced_in_japanese() {
    let args = GuiArgs {
        open: Some("assets/lessons/05-xor-needs-a-hidden-layer.json".into()),
        ..GuiArgs::default()
    };
    let mut h = japanese(args);
    h.run_steps(3);
    h.get_by_label("レッスン: XOR には中間層が必要");
    assert_japanese(&h, "a lesson opened at launch");
    h.state_mut().apply(crate::app::shell::Command::Lesson(
        crate::app::lesson_panel::LessonAction::Close,
    ));
    h.run_steps(3);
    h.get_by_label("レッスン XOR には中間層が必要 を閉じました");
}
