//! A lesson open in the window: its experiment replaces the user's, its goals are judged
//! as training goes, its hidden controls are not drawn; closing it brings back the user's
//! own settings and experiment, untouched.

use super::Workspace;
use crate::app::lesson_panel::LessonAction;
use crate::app::shell::messages::{LessonTitle, Notice, Problem};
use crate::app::shell::questions::{LessonSource, Pending};
use crate::experiment::lesson::{
    Compare, Goal, Lesson, LessonError, LessonStart, Metric, Progress, control_of_tf_key, sized,
};
use crate::experiment::{ExperimentError, TfLink};

/// The lesson open, and what to go back to.
pub struct OpenLesson {
    /// The lesson.
    pub lesson: Lesson,
    /// Its file name (a shipped lesson's, or the file's).
    pub name: String,
    /// Which tiers were met, and when.
    pub progress: Progress,
    /// The user's own settings before the first lesson was opened.
    before: serde_json::Value,
    /// The folder of a lesson opened from a file, where its next lesson is.
    dir: Option<std::path::PathBuf>,
}

impl OpenLesson {
    /// `true` when the lesson hides `control`.
    pub fn hides(&self, control: &str) -> bool {
        self.lesson.hide.iter().any(|h| h == control)
    }
}

/// A TF Playground link with the crash course's goal keys, or controls to hide, as a
/// lesson.
pub fn lesson_of_link(text: &str, link: &TfLink) -> Option<Lesson> {
    let hides = link
        .hidden_controls
        .iter()
        .any(|k| control_of_tf_key(k).is_some());
    if link.goals.is_empty() && !hides {
        return None;
    }
    let goals = link
        .goals
        .iter()
        .map(|(key, value)| {
            let metric = if key.contains("TrainTestDiff") {
                Metric::TrainTestGap
            } else if key.contains("TestLoss") {
                Metric::TestLoss
            } else {
                Metric::TrainLoss
            };
            Goal {
                tier: 1,
                metric,
                compare: Compare::AtMost,
                value: *value,
            }
        })
        .collect();
    let hide = link
        .hidden_controls
        .iter()
        .filter_map(|k| control_of_tf_key(k))
        .map(str::to_string)
        .collect();
    let (title, task) = if link.goals.is_empty() {
        (
            "A TensorFlow Playground link",
            "The link hides some controls.",
        )
    } else {
        (
            "A TensorFlow Playground exercise",
            "Reach the goals below, as the exercise's link asks.",
        )
    };
    Some(Lesson {
        title: title.into(),
        task: task.into(),
        start: LessonStart::Link(text.to_string()),
        hide,
        goals,
        next: None,
        solution: None,
        translations: crate::app::i18n::lesson_text(title, task)
            .map(|t| ("ja".to_string(), t))
            .into_iter()
            .collect(),
    })
}

impl Workspace {
    /// Opens a lesson: its experiment replaces the current one (the user's own settings
    /// are kept to go back to). On error nothing changes.
    pub fn open_lesson(&mut self, lesson: Lesson, name: &str) -> Result<(), LessonError> {
        let setup = lesson.setup(&[])?;
        let before = match self.lesson.take() {
            Some(open) => open.before,
            None => serde_json::to_value(&self.persisted).unwrap_or_default(),
        };
        if let Err(e) = self.open_setup(setup) {
            self.lesson = None;
            return Err(LessonError::Start(Box::new(e)));
        }
        self.messages.notice = Some(Notice::Lesson(true, LessonTitle::of(&lesson)));
        self.lesson = Some(OpenLesson {
            progress: Progress::new(&lesson.goals),
            lesson,
            name: name.to_string(),
            before,
            dir: None,
        });
        Ok(())
    }

    /// Opens a lesson file (File ▸ Open lesson…); its next lesson is looked for beside it.
    pub fn open_lesson_file(&mut self, path: &std::path::Path) -> Result<(), LessonError> {
        let lesson = crate::experiment::lesson::load_lesson(path)?;
        let name = path
            .file_name()
            .map_or_else(|| "lesson".into(), |n| n.to_string_lossy().into_owned());
        self.open_lesson(lesson, &name)?;
        if let Some(open) = &mut self.lesson {
            open.dir = path.parent().map(std::path::Path::to_path_buf);
        }
        Ok(())
    }

    /// Closes the lesson: the user's own settings, and an experiment made from them, come
    /// back.
    pub fn close_lesson(&mut self) -> Result<(), ExperimentError> {
        let Some(open) = self.lesson.take() else {
            return Ok(());
        };
        self.persisted = serde_json::from_value(open.before).unwrap_or_default();
        let start = self.persisted.restore()?;
        self.experiment.reset(start)?;
        self.persisted.follow(&self.experiment);
        self.messages.notice = Some(Notice::Lesson(false, LessonTitle::of(&open.lesson)));
        Ok(())
    }

    /// Opens a shipped lesson (File ▸ Lessons, Next lesson); an error is shown.
    pub fn open_shipped_lesson(&mut self, name: &str) {
        let result = crate::experiment::lesson::shipped(name)
            .ok_or_else(|| LessonError::NotALesson(format!("no shipped lesson {name}")))
            .and_then(crate::experiment::lesson::parse_lesson)
            .and_then(|lesson| self.open_lesson(lesson, name));
        if let Err(e) = result {
            self.messages.fail(Problem::Lesson(e));
        }
    }

    /// Opens a lesson as the menu does: first asking, when trained weights of the user's
    /// own are not saved; an error is shown.
    pub fn open_lesson_asking(&mut self, source: LessonSource) {
        if self.lesson.is_none() && self.experiment.is_unsaved() {
            self.questions.ask(Pending::OpenLesson(source));
        } else {
            self.open_lesson_from(source);
        }
    }

    /// Opens a shipped lesson or a lesson file; an error is shown.
    pub fn open_lesson_from(&mut self, source: LessonSource) {
        match source {
            LessonSource::Shipped(name) => self.open_shipped_lesson(name),
            LessonSource::File(path) => {
                if let Err(e) = self.open_lesson_file(&path) {
                    self.messages.fail(Problem::Lesson(e));
                }
            }
        }
    }

    /// Next lesson or Close lesson.
    pub fn lesson_action(&mut self, action: LessonAction) {
        match action {
            LessonAction::Close => {
                let result = self.close_lesson();
                self.messages.report(result);
            }
            LessonAction::Next => {
                let Some(open) = &self.lesson else { return };
                let Some(next) = open.lesson.next.clone() else {
                    return;
                };
                match open.dir.clone() {
                    Some(dir) => {
                        if let Err(e) = self.open_lesson_file(&dir.join(&next)) {
                            self.messages.fail(Problem::Lesson(e));
                        }
                    }
                    None => self.open_shipped_lesson(&next),
                }
            }
        }
    }

    /// The lesson open, if any.
    pub fn lesson(&self) -> Option<&OpenLesson> {
        self.lesson.as_ref()
    }

    /// Judges the lesson's goals on the latest figures (call once a frame).
    pub(super) fn judge_lesson(&mut self) {
        let Some(open) = &mut self.lesson else {
            return;
        };
        let e = &self.experiment;
        let latest = e.latest();
        let m = sized(
            e.network(),
            e.epoch(),
            latest.train_eval.map(|t| t.loss).or(latest.train_loss),
            latest.test_loss,
            latest.test_eval.and_then(|t| t.accuracy),
        );
        if e.epoch() > 0 {
            open.progress.judge(&open.lesson.goals, &m);
        }
    }

    /// What the window remembers while a lesson is open: the user's own settings.
    pub(super) fn settings_outside_lesson(&self) -> Option<serde_json::Value> {
        self.lesson.as_ref().map(|l| l.before.clone())
    }
}
