//! Lessons: an experiment to start from (a model file, the command line's flags, or a TF
//! Playground link), plus a title, a task in a small Markdown subset, the controls to
//! hide, goals in tiers, and the next lesson. A lesson file is JSON:
//!
//! ```json
//! {"format": "scratchnet.lesson", "version": 1, "title": "XOR needs a hidden layer",
//!  "task": "…", "start": ["--dataset", "xor", "--layers", "2,1"],
//!  "hide": ["dataset", "noise"], "goals": [{"tier": 1, "metric": "test_accuracy",
//!  "compare": ">=", "value": 0.95}], "next": "06-circle.json",
//!  "solution": {"flags": ["--hidden", "4"], "epochs": 200}}
//! ```
//!
//! `solution` is the reference answer a test trains to check that the goals can be met.
//! Reading a lesson runs no code and builds nothing: every value is checked, and a
//! problem is one line naming the key.

mod controls;
mod goals;
mod run;
mod shipped;

use std::collections::BTreeMap;
use std::path::Path;

use clap::Parser;
use serde::{Deserialize, Serialize};

pub use controls::{CONTROLS, TF_HIDE_KEYS, control_of_tf_key, is_control};
pub use goals::{Compare, Goal, METRICS, Measures, Metric, Progress, tiers};
pub use run::{judge_run, measure, sized};
pub use shipped::{SHIPPED, shipped};

use super::{ExperimentArgs, ExperimentError, Setup, TfLink};
use crate::model_file::{self, Model};

/// The `format` of a lesson file.
pub const LESSON_FORMAT: &str = "scratchnet.lesson";
/// The version this build writes and reads.
pub const LESSON_VERSION: u64 = 1;
/// The largest lesson file read (a model inside may be large).
const MAX_LESSON_BYTES: u64 = 64 * 1024 * 1024;

/// `true` when the file at `path` opens as a lesson does: its `format` (within its first
/// 4 KB) is a lesson's. A model file, or a file that cannot be read, is not one.
pub fn is_lesson_file(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head));
    let head = String::from_utf8_lossy(&head);
    let format = head
        .split_once("\"format\"")
        .map(|(_, rest)| rest.trim_start().trim_start_matches(':').trim_start());
    read.is_ok() && format.is_some_and(|f| f.starts_with(&format!("\"{LESSON_FORMAT}\"")))
}
/// The longest title and task.
const MAX_TITLE: usize = 200;
const MAX_TASK: usize = 20_000;

/// Where a lesson starts.
#[derive(Clone, Debug, PartialEq)]
pub enum LessonStart {
    /// The command line's experiment flags (`--dataset xor --layers 2,1 …`).
    Flags(Vec<String>),
    /// A TF Playground link.
    Link(String),
    /// A whole model file: weights, data, training settings.
    Model(Box<Model>),
}

/// The reference answer: flags after the start's, and epochs to train.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Solution {
    /// Flags that change the start (later flags override earlier ones).
    #[serde(default)]
    pub flags: Vec<String>,
    /// Epochs to train.
    pub epochs: u64,
}

/// A lesson, read and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    /// Its title.
    pub title: String,
    /// The task, in a small Markdown subset (paragraphs, `- ` lists, **bold**, *italic*,
    /// `code`).
    pub task: String,
    /// Where it starts.
    pub start: LessonStart,
    /// Controls hidden while it is open (names of [`CONTROLS`]).
    pub hide: Vec<String>,
    /// Goals, in tiers.
    pub goals: Vec<Goal>,
    /// The next lesson's file, beside this one.
    pub next: Option<String>,
    /// The reference answer, for tests.
    pub solution: Option<Solution>,
    /// The title and task in other languages, by language code (`ja`).
    pub translations: BTreeMap<String, LessonText>,
}

/// A lesson's words in another language.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LessonText {
    /// The title.
    pub title: String,
    /// The task, in the same Markdown subset.
    #[serde(default)]
    pub task: String,
}

impl Lesson {
    /// The title and task in `language` (a code such as `ja`), or as written when the
    /// lesson gives none in it.
    pub fn text_in(&self, language: &str) -> (&str, &str) {
        match self.translations.get(language) {
            Some(t) => (&t.title, &t.task),
            None => (&self.title, &self.task),
        }
    }
}

/// Why a lesson cannot be read: one line naming the key.
#[derive(Debug, thiserror::Error)]
pub enum LessonError {
    /// Not a lesson at all.
    #[error("not a scratchnet lesson: {0}")]
    NotALesson(String),
    /// From a newer scratchnet.
    #[error(
        "the lesson is version {0}, from a newer scratchnet (this one reads version {LESSON_VERSION})"
    )]
    Newer(u64),
    /// A key's value is wrong.
    #[error("the lesson's {key}: {why}")]
    Value {
        /// The key (`goals[1].metric`).
        key: String,
        /// What is wrong.
        why: String,
    },
    /// Its start does not make an experiment.
    #[error("the lesson's start: {0}")]
    Start(Box<ExperimentError>),
    /// The file cannot be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

fn bad(key: impl Into<String>, why: impl Into<String>) -> LessonError {
    LessonError::Value {
        key: key.into(),
        why: why.into(),
    }
}

/// The file as written.
#[derive(Serialize, Deserialize)]
struct Wire {
    format: String,
    version: u64,
    title: String,
    #[serde(default)]
    task: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    start: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model: Option<serde_json::Value>,
    #[serde(default)]
    hide: Vec<String>,
    #[serde(default)]
    goals: Vec<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    next: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    solution: Option<Solution>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    translations: BTreeMap<String, LessonText>,
}

/// The experiment flags a lesson's start gives, parsed as the command line parses them.
#[derive(Parser)]
#[command(no_binary_name = true)]
struct StartFlags {
    #[command(flatten)]
    experiment: ExperimentArgs,
}

/// Parses `flags` (a lesson's start, then any more) as `scratchnet train`'s experiment flags.
pub fn parse_flags(flags: &[String]) -> Result<ExperimentArgs, String> {
    StartFlags::try_parse_from(flags)
        .map(|f| f.experiment)
        .map_err(|e| {
            e.render()
                .to_string()
                .lines()
                .next()
                .unwrap_or("bad flags")
                .to_string()
        })
}

/// `start` with `more` on top: a flag in `more` replaces the same flag in `start` (and
/// `--hidden` replaces `--layers`, and the other way round).
pub fn merge_flags(start: &[String], more: &[String]) -> Vec<String> {
    // Flags with their values: a group starts at each `--name`.
    fn groups(flags: &[String]) -> Vec<&[String]> {
        let mut out = Vec::new();
        let mut from = 0;
        for k in 1..=flags.len() {
            if k == flags.len() || flags[k].starts_with("--") {
                out.push(&flags[from..k]);
                from = k;
            }
        }
        out.into_iter().filter(|g| !g.is_empty()).collect()
    }
    let partner = |name: &str| {
        match name {
            "--layers" => "--hidden",
            "--hidden" => "--layers",
            other => other,
        }
        .to_string()
    };
    let replaced: Vec<(String, String)> = groups(more)
        .iter()
        .map(|g| (g[0].clone(), partner(&g[0])))
        .collect();
    let mut out: Vec<String> = groups(start)
        .into_iter()
        .filter(|g| !replaced.iter().any(|(a, b)| g[0] == *a || g[0] == *b))
        .flat_map(|g| g.iter().cloned())
        .collect();
    out.extend_from_slice(more);
    out
}

/// Reads one goal, naming its key on error.
fn goal(k: usize, value: &serde_json::Value) -> Result<Goal, LessonError> {
    let key = |field: &str| format!("goals[{k}].{field}");
    let object = value.as_object().ok_or_else(|| {
        bad(
            format!("goals[{k}]"),
            "a goal is {tier, metric, compare, value}",
        )
    })?;
    let text = |field: &str| object.get(field).and_then(|v| v.as_str()).unwrap_or("");
    let metric = METRICS
        .iter()
        .find(|(_, name)| *name == text("metric"))
        .map(|(m, _)| *m)
        .ok_or_else(|| {
            let names: Vec<&str> = METRICS.iter().map(|(_, n)| *n).collect();
            bad(
                key("metric"),
                format!("'{}' is no metric ({})", text("metric"), names.join(", ")),
            )
        })?;
    let compare = match text("compare") {
        "<=" => Compare::AtMost,
        ">=" => Compare::AtLeast,
        other => return Err(bad(key("compare"), format!("'{other}': give <= or >="))),
    };
    let value = object
        .get("value")
        .and_then(serde_json::Value::as_f64)
        .filter(|v| v.is_finite())
        .ok_or_else(|| bad(key("value"), "give a number"))?;
    let tier = object
        .get("tier")
        .map_or(Some(1), serde_json::Value::as_u64)
        .filter(|t| (1..=10).contains(t))
        .ok_or_else(|| bad(key("tier"), "give a tier from 1 to 10"))? as u32;
    Ok(Goal {
        tier,
        metric,
        compare,
        value,
    })
}

/// Reads a lesson from its JSON text.
pub fn parse_lesson(text: &str) -> Result<Lesson, LessonError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| LessonError::NotALesson(e.to_string()))?;
    let format = value.get("format").and_then(|f| f.as_str()).unwrap_or("");
    if format != LESSON_FORMAT {
        return Err(LessonError::NotALesson(format!(
            "format is '{format}', expected '{LESSON_FORMAT}'"
        )));
    }
    if let Some(v) = value.get("version").and_then(serde_json::Value::as_u64)
        && v > LESSON_VERSION
    {
        return Err(LessonError::Newer(v));
    }
    let wire: Wire =
        serde_json::from_value(value).map_err(|e| LessonError::NotALesson(e.to_string()))?;
    if wire.title.trim().is_empty() || wire.title.chars().count() > MAX_TITLE {
        return Err(bad("title", "give a title of 1 to 200 characters"));
    }
    if wire.task.chars().count() > MAX_TASK {
        return Err(bad("task", "a task has at most 20 000 characters"));
    }
    for (code, text) in &wire.translations {
        let key = format!("translations.{code}");
        if code.len() != 2 || !code.chars().all(|c| c.is_ascii_lowercase()) {
            return Err(bad(
                key,
                "name a language by its two-letter code, such as ja",
            ));
        }
        if text.title.trim().is_empty() || text.title.chars().count() > MAX_TITLE {
            return Err(bad(key + ".title", "give a title of 1 to 200 characters"));
        }
        if text.task.chars().count() > MAX_TASK {
            return Err(bad(key + ".task", "a task has at most 20 000 characters"));
        }
    }
    let start = match (wire.start, wire.link, wire.model) {
        (Some(flags), None, None) => {
            parse_flags(&flags).map_err(|e| bad("start", e))?;
            LessonStart::Flags(flags)
        }
        (None, Some(link), None) => {
            TfLink::parse(&link).map_err(|e| bad("link", e.to_string()))?;
            LessonStart::Link(link)
        }
        (None, None, Some(model)) => {
            let text = model.to_string();
            let model = model_file::parse(&text).map_err(|e| bad("model", e.to_string()))?;
            LessonStart::Model(Box::new(model))
        }
        _ => return Err(bad("start", "give one of start (flags), link or model")),
    };
    for (k, name) in wire.hide.iter().enumerate() {
        if !is_control(name) {
            return Err(bad(
                format!("hide[{k}]"),
                format!("'{name}' is no control of the window"),
            ));
        }
    }
    let goals = wire
        .goals
        .iter()
        .enumerate()
        .map(|(k, g)| goal(k, g))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(next) = &wire.next
        && (next.contains('/') || next.contains('\\') || next.is_empty())
    {
        return Err(bad("next", "name a lesson file beside this one"));
    }
    if let Some(s) = &wire.solution {
        parse_flags(&s.flags).map_err(|e| bad("solution.flags", e))?;
    }
    Ok(Lesson {
        title: wire.title,
        task: wire.task,
        start,
        hide: wire.hide,
        goals,
        next: wire.next,
        solution: wire.solution,
        translations: wire.translations,
    })
}

/// The experiment a model file holds: its network, its data, its training.
fn model_setup(model: &Model) -> Result<Setup, ExperimentError> {
    let data = model.data.clone().unwrap_or_default();
    let (train, test) = data.load()?;
    let training = model
        .training
        .clone()
        .unwrap_or(model_file::TrainingSettings {
            config: crate::nn::TrainConfig::default(),
            init: crate::nn::Init::Zeros,
            seed: 0,
            stop: crate::nn::StopRule::default(),
        });
    let preprocess = &model.preprocess;
    let shuffle_rng = model
        .shuffle_rng
        .clone()
        .unwrap_or_else(|| crate::seeded(training.seed));
    let inputs = preprocess.n_inputs(train.n_inputs());
    super::check_fits(model.network.layers(), inputs, train.n_targets())?;
    Ok(Setup {
        network: model.network.clone(),
        train,
        test,
        config: training.config,
        training,
        data,
        start_epoch: model.epoch,
        history: model.history.clone().unwrap_or_default(),
        preprocess: preprocess.clone(),
        optimizer_state: model.optimizer_state.clone().unwrap_or_default(),
        shuffle_rng,
        notices: Vec::new(),
    })
}

/// Reads a lesson file.
pub fn load_lesson(path: &Path) -> Result<Lesson, LessonError> {
    let io = |source| LessonError::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_LESSON_BYTES {
        return Err(LessonError::NotALesson(format!(
            "{size} bytes is too large for a lesson"
        )));
    }
    parse_lesson(&std::fs::read_to_string(path).map_err(io)?)
}

impl Lesson {
    /// The experiment the lesson starts with, `more` flags on top (a solution's, say; a
    /// model's start takes none).
    pub fn setup(&self, more: &[String]) -> Result<Setup, LessonError> {
        let start_err = |e: ExperimentError| LessonError::Start(Box::new(e));
        let flags = match &self.start {
            LessonStart::Flags(flags) => flags.clone(),
            LessonStart::Link(link) => vec!["--link".into(), link.clone()],
            LessonStart::Model(model) if more.is_empty() => {
                return model_setup(model).map_err(start_err);
            }
            LessonStart::Model(_) => {
                return Err(bad("solution.flags", "flags cannot change a model's start"));
            }
        };
        let args = parse_flags(&merge_flags(&flags, more)).map_err(|e| bad("start", e))?;
        args.resolve().map_err(start_err)
    }

    /// The lesson as a file.
    pub fn to_json(&self) -> String {
        let (start, link, model) = match &self.start {
            LessonStart::Flags(f) => (Some(f.clone()), None, None),
            LessonStart::Link(l) => (None, Some(l.clone()), None),
            LessonStart::Model(m) => (
                None,
                None,
                model_file::to_json(m)
                    .ok()
                    .and_then(|t| serde_json::from_str(&t).ok()),
            ),
        };
        let wire = Wire {
            format: LESSON_FORMAT.into(),
            version: LESSON_VERSION,
            title: self.title.clone(),
            task: self.task.clone(),
            start,
            link,
            model,
            hide: self.hide.clone(),
            goals: self
                .goals
                .iter()
                .filter_map(|g| serde_json::to_value(g).ok())
                .collect(),
            next: self.next.clone(),
            solution: self.solution.clone(),
            translations: self.translations.clone(),
        };
        serde_json::to_string_pretty(&wire).unwrap_or_default()
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
