//! The window's two languages. Every string the window shows is written in English where it
//! is shown, wrapped in [`tr`] (or [`trf!`] when it has numbers in it); in Japanese the
//! English is looked up in `assets/i18n/ja.json`, whose terms are the seed article's
//! (順伝播, 逆伝播, パラメーターの更新, 損失, 学習率, …).
//!
//! The language is chosen once a frame ([`begin_frame`]) from View ▸ Language (the system's
//! locale by default) and whether a font with Japanese glyphs was found ([`font`]); without
//! one the window stays in English and says so.

pub mod font;
mod phrases;

pub use phrases::{label, maths};

use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Display;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// A language the window is shown in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Language {
    #[default]
    English,
    Japanese,
}

/// What View ▸ Language is set to: the system's language, or one chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Choice {
    #[default]
    System,
    Chosen(Language),
}

impl Language {
    /// The language a locale name asks for (`ja_JP.UTF-8`, `ja-JP`, `ja`): Japanese for
    /// Japanese, English for every other.
    pub fn of_locale(locale: &str) -> Language {
        let lang = locale
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or_default();
        if lang.eq_ignore_ascii_case("ja") {
            Language::Japanese
        } else {
            Language::English
        }
    }

    /// The system's language, from the environment's locale variables in POSIX order
    /// (`LC_ALL`, then `LC_MESSAGES`, then `LANG`; the first that is set and not empty).
    pub fn of_system(var: impl Fn(&str) -> Option<String>) -> Language {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(var)
            .find(|v| !v.is_empty())
            .map_or(Language::English, |v| Language::of_locale(&v))
    }
}

impl Language {
    /// Its two-letter code (`en`, `ja`), as lesson files name it.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Japanese => "ja",
        }
    }
}

impl Choice {
    /// The language this choice means on a system whose language is `system`.
    pub fn language(self, system: Language) -> Language {
        match self {
            Choice::System => system,
            Choice::Chosen(l) => l,
        }
    }
}

thread_local! {
    /// The language of the frame being drawn on this thread (the UI thread; each test's).
    static CURRENT: Cell<Language> = const { Cell::new(Language::English) };
    /// English strings shown in Japanese that have no Japanese entry.
    static MISSING: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
}

/// The language strings are put into on this thread.
pub fn current() -> Language {
    CURRENT.with(Cell::get)
}

/// Puts this thread's strings into `language` from now on.
pub fn set(language: Language) {
    CURRENT.with(|c| c.set(language));
}

/// The Japanese entries: English → Japanese.
pub fn table() -> &'static HashMap<String, String> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        serde_json::from_str(include_str!("../../../assets/i18n/ja.json"))
            .expect("assets/i18n/ja.json is a JSON object of strings (a test reads it)")
    })
}

/// `english` in the current language. A string with no Japanese entry is shown in English
/// and remembered ([`missing`]).
pub fn tr(english: &str) -> &str {
    if current() == Language::English {
        return english;
    }
    match table().get(english) {
        Some(ja) => ja,
        None => {
            MISSING.with(|m| m.borrow_mut().insert(english.to_owned()));
            english
        }
    }
}

/// The strings shown in Japanese on this thread so far that had no entry.
pub fn missing() -> BTreeSet<String> {
    MISSING.with(|m| m.borrow().clone())
}

/// `template` in the current language with `args` put in: `{}` takes the next argument,
/// `{0}`, `{1}`… a given one (a translation may reorder them), `{{` and `}}` are braces.
pub fn format(template: &str, args: &[&dyn Display]) -> String {
    let text = tr(template);
    let mut out = String::with_capacity(text.len() + 16);
    let mut next = 0;
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        let Some(end) = tail.find('}').filter(|_| tail.starts_with('{')) else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
            continue;
        };
        let index = match tail[1..end].parse::<usize>() {
            Ok(n) => n,
            Err(_) => {
                next += 1;
                next - 1
            }
        };
        if let Some(arg) = args.get(index) {
            use std::fmt::Write as _;
            let _ = write!(out, "{arg}");
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A sentence of the layers below the window ([`Sentence`]) in the current language.
pub fn sentence(s: &crate::experiment::Sentence) -> String {
    let parts: Vec<&dyn Display> = s.parts.iter().map(|p| p as &dyn Display).collect();
    format(s.template, &parts)
}

/// A lesson's title and task in Japanese, when the table has both.
pub fn lesson_text(title: &str, task: &str) -> Option<crate::experiment::lesson::LessonText> {
    let title = table().get(title)?.clone();
    let task = table().get(task)?.clone();
    Some(crate::experiment::lesson::LessonText { title, task })
}

/// [`format`] with the arguments written as in `format!`: `trf!("Epoch {}", epoch)`.
macro_rules! trf {
    ($template:literal $(, $arg:expr)* $(,)?) => {
        $crate::app::i18n::format($template, &[$(&$arg as &dyn ::std::fmt::Display),*])
    };
}
pub(crate) use trf;

/// Where the window keeps View ▸ Language's choice (with its other remembered settings).
fn choice_id() -> egui::Id {
    egui::Id::unique("scratchnet language choice")
}

/// What the window knows of its languages: the system's, and whether Japanese can be drawn.
#[derive(Clone, Copy, Debug, Default)]
pub struct Languages {
    /// The system locale's language.
    pub system: Language,
    /// A font with Japanese glyphs is installed in the window.
    pub japanese_font: bool,
}

fn languages_id() -> egui::Id {
    egui::Id::unique("scratchnet languages")
}

/// Tells the window its system language and whether it has a Japanese font.
pub fn setup(ctx: &egui::Context, languages: Languages) {
    ctx.data_mut(|d| d.insert_temp(languages_id(), languages));
}

/// The window's languages ([`setup`]).
pub fn languages(ctx: &egui::Context) -> Languages {
    ctx.data(|d| d.get_temp(languages_id())).unwrap_or_default()
}

/// View ▸ Language's choice.
pub fn choice(ctx: &egui::Context) -> Choice {
    ctx.data_mut(|d| *d.get_persisted_mut_or_default::<Choice>(choice_id()))
}

/// Sets View ▸ Language.
pub fn choose(ctx: &egui::Context, choice: Choice) {
    ctx.data_mut(|d| d.insert_persisted(choice_id(), choice));
}

/// The language the user wants, before asking whether it can be drawn.
pub fn wanted(ctx: &egui::Context) -> Language {
    choice(ctx).language(languages(ctx).system)
}

/// `true` when Japanese is wanted and cannot be drawn: the window is in English and says so.
pub fn lacks_font(ctx: &egui::Context) -> bool {
    wanted(ctx) == Language::Japanese && !languages(ctx).japanese_font
}

/// Chooses this frame's language: the one wanted, if it can be drawn.
pub fn begin_frame(ctx: &egui::Context) {
    let language = if lacks_font(ctx) {
        Language::English
    } else {
        wanted(ctx)
    };
    set(language);
}

/// View ▸ Language: the system's, English or Japanese (each named in its own language).
pub fn language_ui(ui: &mut egui::Ui) {
    let ctx = ui.ctx().clone();
    let before = choice(&ctx);
    let mut chosen = before;
    let can_draw = languages(&ctx).japanese_font;
    let japanese = if can_draw { "日本語" } else { "Japanese" };
    let system = match languages(&ctx).system {
        Language::English => "English",
        Language::Japanese => japanese,
    };
    ui.horizontal(|ui| {
        ui.label(tr("Language"));
        ui.selectable_value(&mut chosen, Choice::System, trf!("System ({})", system))
            .on_hover_text(tr("The language of the system's locale (LANG)"));
        ui.selectable_value(&mut chosen, Choice::Chosen(Language::English), "English");
        ui.add_enabled_ui(can_draw, |ui| {
            ui.selectable_value(&mut chosen, Choice::Chosen(Language::Japanese), japanese)
        })
        .response
        .on_disabled_hover_text(NO_FONT);
    });
    if chosen != before {
        choose(&ctx, chosen);
    }
}

/// The one line the window says when Japanese is wanted and no font can draw it.
pub const NO_FONT: &str = "No font with Japanese glyphs was found, so the window stays in \
                           English: install fonts-noto-cjk or fonts-ipafont-gothic";

#[cfg(test)]
mod tests;
#[cfg(test)]
pub(crate) mod window_tests;
