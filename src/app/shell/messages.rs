//! What the window tells the user: an error (a modal), a notice (beside the menu) and a
//! banner (why training stopped and needs attention). Each is kept as a typed value and
//! put into words only where it is drawn.

use crate::app::i18n::{tr, trf};
use std::path::PathBuf;

use crate::data::{DataError, Feature};
use crate::nn::{Divergence, NotFinite};

/// Something that went wrong, shown in a modal until dismissed.
#[derive(Debug)]
pub enum Problem {
    /// An operation on the experiment failed (open, save, new data, a step).
    Experiment(crate::experiment::ExperimentError),
    /// Data could not be read or used.
    Data(DataError),
    /// A file could not be written.
    Export(super::workspace::ExportError),
    /// The experiment a crashed window left cannot be restored.
    CannotRestore(crate::experiment::ExperimentError),
    /// A file that is neither a model nor data.
    NotAModelOrData(PathBuf),
    /// The experiment cannot be a TF Playground link.
    CannotShow(crate::experiment::CannotShow),
    /// A lesson cannot be opened.
    Lesson(crate::experiment::lesson::LessonError),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Experiment(e) => write!(f, "{e}"),
            Problem::Data(e) => write!(f, "{e}"),
            Problem::Export(e) => write!(f, "{e}"),
            Problem::CannotRestore(e) => {
                f.write_str(&trf!("The experiment cannot be restored: {}", e))
            }
            Problem::CannotShow(e) => f.write_str(&trf!("No link copied: {}", e)),
            Problem::Lesson(e) => write!(f, "{e}"),
            Problem::NotAModelOrData(path) => f.write_str(&trf!(
                "{}: scratchnet opens models (.json), data (.csv) and TF Playground links (a \
                 shortcut or text file with one)",
                path.display()
            )),
        }
    }
}

impl From<crate::experiment::ExperimentError> for Problem {
    fn from(e: crate::experiment::ExperimentError) -> Self {
        Problem::Experiment(e)
    }
}

impl From<DataError> for Problem {
    fn from(e: DataError) -> Self {
        Problem::Data(e)
    }
}

impl From<super::workspace::ExportError> for Problem {
    fn from(e: super::workspace::ExportError) -> Self {
        Problem::Export(e)
    }
}

/// News the window gives beside the menu, until the next.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// A model file was opened.
    Opened(PathBuf),
    /// The model was saved.
    Saved(PathBuf),
    /// A crashed window's experiment was restored, at this epoch.
    Restored(u64),
    /// Predictions were written: how many rows, where.
    Predicted(usize, PathBuf),
    /// Training paused by itself at `epoch`: the loss reached its threshold.
    LossReached(u64),
    /// Training paused by itself at `epoch`: the test loss stopped improving.
    NoImprovement(u64),
    /// A drawing has too few points to train on (the reason), and training uses the last
    /// one that had enough.
    TooFewPoints(String),
    /// The feature is the network's last input and cannot be dropped.
    LastInput(Feature),
    /// A weight was to be edited where it cannot be: why (an earlier moment is shown, the
    /// lesson does not let weights be edited).
    NotEditable(&'static str),
    /// A lesson was opened (`true`) or closed: its title.
    Lesson(bool, LessonTitle),
    /// How the command line's flags or link were read (a link's seed, its unknown keys).
    Setup(String),
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Notice::Opened(path) => f.write_str(&trf!("Opened {}", path.display())),
            Notice::Saved(path) => f.write_str(&trf!("Saved {}", path.display())),
            Notice::Restored(epoch) => {
                f.write_str(&trf!("Restored the experiment at epoch {}", epoch))
            }
            Notice::Predicted(rows, path) => {
                f.write_str(&trf!("{} predictions written to {}", rows, path.display()))
            }
            Notice::LossReached(epoch) => f.write_str(&trf!(
                "Paused at epoch {}: the loss reached its threshold",
                epoch
            )),
            Notice::NoImprovement(epoch) => f.write_str(&trf!(
                "Paused at epoch {}: the test loss stopped improving",
                epoch
            )),
            Notice::TooFewPoints(why) => {
                f.write_str(&trf!("{}; training uses the last drawing", why))
            }
            Notice::LastInput(feature) => f.write_str(&trf!(
                "{} is the last input: the network needs one",
                feature.label()
            )),
            Notice::Setup(text) => {
                let mut chars = text.chars();
                let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
                write!(f, "{}{}", first.unwrap_or_default(), chars.as_str())
            }
            Notice::Lesson(true, title) => f.write_str(&trf!("Lesson: {}", title.shown())),
            Notice::Lesson(false, title) => {
                f.write_str(&trf!("Closed the lesson {}", title.shown()))
            }
            Notice::NotEditable(why) => f.write_str(tr(why).trim_end_matches(['.', '。'])),
        }
    }
}

/// A lesson's title in each language it gives, for a notice put into words when drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonTitle {
    /// As written.
    title: String,
    /// In other languages, by code.
    translations: Vec<(String, String)>,
}

impl LessonTitle {
    /// The title of `lesson`.
    pub fn of(lesson: &crate::experiment::lesson::Lesson) -> Self {
        LessonTitle {
            title: lesson.title.clone(),
            translations: (lesson.translations.iter())
                .map(|(code, t)| (code.clone(), t.title.clone()))
                .collect(),
        }
    }

    /// The title in the window's language.
    fn shown(&self) -> &str {
        let code = crate::app::i18n::current().code();
        self.translations
            .iter()
            .find(|(c, _)| c == code)
            .map_or(&self.title, |(_, t)| t)
    }
}

/// Why training stopped and waits for the user.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Banner {
    /// A batch's loss or gradient was not finite, at this learning rate.
    Diverged {
        /// Where it diverged.
        divergence: Divergence,
        /// The learning rate of that epoch.
        rate: f64,
    },
}

impl std::fmt::Display for Banner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Banner::Diverged { divergence, rate } => {
                let what = match divergence.cause {
                    NotFinite::Loss => tr("loss"),
                    NotFinite::Gradient => tr("gradient"),
                };
                f.write_str(&trf!(
                    "Training diverged at epoch {}, batch {} ({} is not finite): paused, with \
                     the weights from before that batch. Try a smaller learning rate (now {}), \
                     then Reset or rewind to an earlier moment.",
                    divergence.epoch,
                    divergence.batch,
                    what,
                    crate::experiment::short_number(*rate)
                ))
            }
        }
    }
}

/// The window's messages.
#[derive(Debug, Default)]
pub struct Messages {
    /// The error shown in a modal.
    pub error: Option<Problem>,
    /// The latest notice.
    pub notice: Option<Notice>,
    /// Why training stopped.
    pub banner: Option<Banner>,
}

impl Messages {
    /// Shows `problem` in the error modal.
    pub fn fail(&mut self, problem: impl Into<Problem>) {
        self.error = Some(problem.into());
    }

    /// Shows the error of `result`, if any.
    pub fn report<E: Into<Problem>>(&mut self, result: Result<(), E>) {
        if let Err(e) = result {
            self.fail(e);
        }
    }

    /// The error modal, while there is an error.
    pub fn error_ui(&mut self, ctx: &egui::Context) {
        let Some(problem) = &self.error else { return };
        let modal = egui::Modal::new(egui::Id::unique("scratchnet error dialog")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading(tr("Something went wrong"));
            ui.label(problem.to_string());
            ui.add_space(8.0);
            ui.button(tr("OK")).clicked()
        });
        if modal.inner || modal.should_close() {
            self.error = None;
        }
    }

    /// The banner across the window, while there is one.
    pub fn banner_ui(&mut self, ui: &mut egui::Ui) {
        let Some(banner) = &self.banner else { return };
        let text = banner.to_string();
        let mut dismissed = false;
        let fill = egui::Color32::from_rgb(0x8a, 0x2b, 0x1e);
        super::layout::bar(ui, "banner", fill, text, |ui| {
            dismissed = ui.button(tr("Dismiss")).clicked();
        });
        if dismissed {
            self.banner = None;
        }
    }

    /// The notice, at the end of the menu bar.
    pub fn notice_ui(&self, ui: &mut egui::Ui) {
        if let Some(n) = &self.notice {
            ui.separator();
            ui.weak(n.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::NotFinite;

    #[test]
    fn a_divergence_banner_names_the_batch_and_the_rate_and_starts_with_a_capital() {
        let banner = Banner::Diverged {
            divergence: Divergence {
                epoch: 3,
                batch: 7,
                cause: NotFinite::Loss,
            },
            rate: 50.0,
        };
        assert_eq!(
            banner.to_string(),
            "Training diverged at epoch 3, batch 7 (loss is not finite): paused, with the \
             weights from before that batch. Try a smaller learning rate (now 50), then Reset \
             or rewind to an earlier moment."
        );
        let huge = Banner::Diverged {
            divergence: Divergence {
                epoch: 1,
                batch: 1,
                cause: NotFinite::Gradient,
            },
            rate: 1e300,
        };
        assert!(huge.to_string().contains("(now 1e300)"), "{huge}");
    }

    #[test]
    fn notices_and_problems_read_as_sentences_naming_their_subject() {
        let path = PathBuf::from("/tmp/m.json");
        assert_eq!(Notice::Saved(path.clone()).to_string(), "Saved /tmp/m.json");
        assert_eq!(
            Notice::NoImprovement(12).to_string(),
            "Paused at epoch 12: the test loss stopped improving"
        );
        assert_eq!(
            Notice::LastInput(Feature::X1).to_string(),
            "x1 is the last input: the network needs one"
        );
        assert_eq!(
            Problem::NotAModelOrData(PathBuf::from("a.txt")).to_string(),
            "a.txt: scratchnet opens models (.json), data (.csv) and TF Playground links (a \
             shortcut or text file with one)"
        );
        let mut messages = Messages::default();
        messages.report(Err::<(), _>(DataError::Mismatch("two columns".into())));
        assert!(
            messages
                .error
                .is_some_and(|e| e.to_string().contains("two columns"))
        );
    }
}
