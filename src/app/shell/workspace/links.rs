//! TensorFlow Playground links in the window: open one (File ▸ Open TF Playground link…,
//! or pasted with Ctrl+V), and copy the experiment as one.

use super::{Workspace, lessons};
use crate::app::i18n::trf;
use crate::app::shell::messages::{Notice, Problem};
use crate::app::shell::questions::Pending;
use crate::experiment::lesson::LessonError;
use crate::experiment::{
    ExperimentArgs, ExperimentError, Opened, Setup, TfLink, link_with_seed, tf_link,
};

impl Workspace {
    /// Opens a TF Playground link: its data, network, start and training replace the
    /// experiment. On error nothing changes and the error is returned.
    pub fn open_link(&mut self, text: &str) -> Result<(), ExperimentError> {
        let text = link_with_seed(text.trim());
        let link = TfLink::parse(&text)?;
        // A crash course exercise (a link with goals) opens as a lesson.
        if let Some(lesson) = lessons::lesson_of_link(&text, &link) {
            self.open_lesson(lesson, "link").map_err(|e| match e {
                LessonError::Start(e) => *e,
                other => {
                    ExperimentError::Link(crate::experiment::LinkError::NotALink(other.to_string()))
                }
            })?;
            self.show_as_link_does(&link);
            return Ok(());
        }
        let args = ExperimentArgs {
            link: Some(text),
            ..ExperimentArgs::default()
        };
        let setup = args.resolve()?;
        let notices = setup.notices.join("; ");
        self.open_setup(setup)?;
        self.show_as_link_does(&link);
        self.messages.notice = Some(Notice::Setup(notices));
        Ok(())
    }

    /// The map shows the test points and a discretized output as the link says.
    fn show_as_link_does(&mut self, link: &TfLink) {
        let map = &mut self.persisted.heatmap;
        if let Some(on) = link.display_flag("showTestData") {
            map.show_test = on;
        }
        if let Some(on) = link.display_flag("discretize") {
            map.discretize = on;
        }
    }

    /// Replaces the experiment with `setup`'s (a link's, a lesson's). On error nothing
    /// changes.
    pub fn open_setup(&mut self, setup: Setup) -> Result<(), ExperimentError> {
        self.open_opened(Opened::from_setup(setup))?;
        self.model_path = None;
        Ok(())
    }

    /// Opens a link as the menu does: first asking, when trained weights are not saved;
    /// an error is shown in the window.
    pub fn open_link_asking(&mut self, link: String) {
        if self.experiment.is_unsaved() {
            self.questions.ask(Pending::OpenLink(link));
        } else {
            let result = self.open_link(&link);
            self.messages.report(result);
        }
    }

    /// Puts the experiment on the clipboard as a TF Playground link, saying what TF will
    /// do otherwise; or says what TF cannot show.
    pub fn copy_link(&mut self) {
        let model = self.model();
        let config = self.persisted.training.config();
        let data = &self.persisted.data.spec;
        match tf_link(&model.network, &config, data, &model.preprocess) {
            Ok(export) => {
                self.clipboard = Some(export.link);
                let differs = export.differs.join("; ");
                self.messages.notice = Some(Notice::Setup(trf!(
                    "a TF Playground link is on the clipboard (TF differs in {})",
                    differs
                )));
            }
            Err(cannot) => self.messages.fail(Problem::CannotShow(cannot)),
        }
    }
}
