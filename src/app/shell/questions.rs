//! The window's questions: "discard the trained weights?" before an edit that would lose
//! them, and before quitting with unsaved work.

use crate::app::i18n::tr;
use std::path::PathBuf;

use crate::app::data_panel::DataPanel;
use crate::app::network_panel::NetworkPanel;
use crate::data::Dataset;

/// An edit that throws away trained, unsaved weights, waiting for the user's yes.
#[derive(Debug)]
pub enum Pending {
    /// The network editor changed the shape; `previous` restores it on Cancel.
    Rebuild {
        /// The editor as it was.
        previous: NetworkPanel,
    },
    /// New data with another number of inputs or outputs.
    Data {
        /// The data panel as it was.
        previous: Box<DataPanel>,
        /// The new training samples.
        train: Box<Dataset>,
        /// The new test samples.
        test: Box<Dataset>,
    },
    /// Another model file is to replace this one.
    Open(PathBuf),
    /// A TF Playground link is to replace this experiment.
    OpenLink(String),
    /// A lesson is to replace this experiment: a shipped one by name, or a file.
    OpenLesson(LessonSource),
    /// The window is to close.
    Quit,
    /// Training is to go on (Play, a step) while an earlier moment is shown.
    TrainFromMoment(crate::app::transport::TransportAction),
}

/// Where a lesson comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum LessonSource {
    /// A shipped lesson, by its file name.
    Shipped(&'static str),
    /// A lesson file.
    File(PathBuf),
}

/// An answer to a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The button that goes ahead.
    Go,
    /// The other way ahead, where the question offers one.
    Other,
    /// Nothing changes.
    Cancel,
}

/// How a question reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wording {
    /// The question.
    pub heading: &'static str,
    /// Why it is asked.
    pub text: &'static str,
    /// The button that goes ahead.
    pub go: &'static str,
    /// The other way ahead, if any.
    pub other: Option<&'static str>,
}

impl Pending {
    /// The question, why it is asked, and the buttons that go ahead.
    pub fn wording(&self) -> Wording {
        let discard = |text, go| Wording {
            heading: "Discard the trained weights?",
            text,
            go,
            other: None,
        };
        match self {
            Pending::Rebuild { .. } => discard(
                "This change needs a new network, and the current one has trained weights \
                 that are not saved.",
                "Discard and rebuild",
            ),
            Pending::Data { .. } => discard(
                "Other data starts a new run with a new network, and the current one has \
                 trained weights that are not saved.",
                "Discard and rebuild",
            ),
            Pending::Open(_) | Pending::OpenLink(_) | Pending::OpenLesson(_) => discard(
                "Opening another model replaces the current one, whose trained weights are \
                 not saved.",
                "Discard and open",
            ),
            Pending::Quit => discard(
                "The network has trained weights that are not saved.",
                "Quit without saving",
            ),
            Pending::TrainFromMoment(_) => Wording {
                heading: "Train from the moment shown?",
                text: "The window shows an earlier moment of the run. Training can go on \
                       from it (the later moments are forgotten), or from where training \
                       stands now.",
                go: "Continue from here",
                other: Some("Back to now"),
            },
        }
    }
}

/// The question waiting for an answer, and whether the window may close.
#[derive(Debug, Default)]
pub struct Questions {
    pending: Option<Pending>,
    /// The user agreed to close with unsaved weights (or the close is programmatic).
    quitting: bool,
    /// A close to send at the end of this frame.
    close_now: bool,
}

impl Questions {
    /// Asks `question` (replacing any other).
    pub fn ask(&mut self, question: Pending) {
        self.pending = Some(question);
    }

    /// `true` while a question waits.
    pub fn is_asking(&self) -> bool {
        self.pending.is_some()
    }

    /// The question waiting, if any.
    pub fn peek(&self) -> Option<&Pending> {
        self.pending.as_ref()
    }

    /// Takes the question to answer it.
    pub fn take(&mut self) -> Option<Pending> {
        self.pending.take()
    }

    /// The window closes without asking (the user said so, or `--exit-after`).
    pub fn quit(&mut self) {
        self.quitting = true;
        self.close_now = true;
    }

    /// Whether a close request must first ask: with unsaved work, unless quitting.
    pub fn must_ask_before_closing(&self, unsaved: bool) -> bool {
        unsaved && !self.quitting
    }

    /// `true` once, when the window is to close now.
    pub fn take_close(&mut self) -> bool {
        std::mem::take(&mut self.close_now)
    }

    /// The question as a modal; returns the answer once given.
    #[must_use]
    pub fn ui(&self, ctx: &egui::Context) -> Option<Answer> {
        let w = self.pending.as_ref()?.wording();
        let modal = egui::Modal::new(egui::Id::unique("scratchnet question")).show(ctx, |ui| {
            ui.set_max_width(420.0);
            ui.heading(tr(w.heading));
            ui.label(tr(w.text));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let mut answer = None;
                if ui.button(tr(w.go)).clicked() {
                    answer = Some(Answer::Go);
                }
                if let Some(other) = w.other
                    && ui.button(tr(other)).clicked()
                {
                    answer = Some(Answer::Other);
                }
                if ui.button(tr("Cancel")).clicked() {
                    answer = Some(Answer::Cancel);
                }
                answer
            })
            .inner
        });
        if modal.should_close() {
            Some(Answer::Cancel)
        } else {
            modal.inner
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_asks_only_with_unsaved_work_and_not_once_the_user_agreed() {
        let mut q = Questions::default();
        assert!(!q.must_ask_before_closing(false));
        assert!(q.must_ask_before_closing(true));
        q.ask(Pending::Quit);
        assert!(q.is_asking());
        assert!(matches!(q.take(), Some(Pending::Quit)) && !q.is_asking());
        q.quit();
        assert!(!q.must_ask_before_closing(true));
        assert!(q.take_close(), "closes now");
        assert!(!q.take_close(), "once");
    }

    #[test]
    fn each_question_names_what_is_lost_and_the_button_that_goes_ahead() {
        assert_eq!(Pending::Quit.wording().go, "Quit without saving");
        assert_eq!(
            Pending::Open(PathBuf::new()).wording().go,
            "Discard and open"
        );
        let rebuild = Pending::Rebuild {
            previous: NetworkPanel::default(),
        };
        assert!(rebuild.wording().text.contains("not saved"));
        let play = Pending::TrainFromMoment(crate::app::transport::TransportAction::TogglePlay);
        let w = play.wording();
        assert_eq!((w.go, w.other), ("Continue from here", Some("Back to now")));
    }
}
