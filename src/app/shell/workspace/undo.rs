//! Undo and redo of the edits a user makes — the network's shape, the data, a weight, a
//! step, a reset, a rewind: each goes back to the panels and the run as they were before.

use super::Workspace;
use crate::app::data_panel::DataPanel;
use crate::app::diagram::DiagramAction;
use crate::app::network_panel::NetworkPanel;
use crate::app::shell::command::Command;
use crate::app::shell::questions::{Answer, Pending};
use crate::app::training_panel::TrainingPanel;
use crate::app::transport::TransportAction;
use crate::experiment::{ExperimentError, Parameter, Start};

/// The most edits kept to undo.
const MAX_STEPS: usize = 50;

/// The panels and the run as they were before an edit. The data is not copied: it is
/// made again from the data panel when it differs from the data in use.
pub(super) struct Saved {
    network: NetworkPanel,
    data: DataPanel,
    training: TrainingPanel,
    /// The run, with its data left empty.
    run: Start,
}

/// The edits to undo (oldest first) and to redo.
#[derive(Default)]
pub struct UndoStack {
    back: Vec<Saved>,
    forward: Vec<Saved>,
    /// The weight or bias the last edit set: a drag's many small edits are one to undo.
    last_set: Option<Parameter>,
}

impl UndoStack {
    /// `true` when there is an edit to undo.
    pub fn can_undo(&self) -> bool {
        !self.back.is_empty()
    }

    /// `true` when there is an undone edit to redo.
    pub fn can_redo(&self) -> bool {
        !self.forward.is_empty()
    }

    fn push(&mut self, saved: Saved) {
        self.back.push(saved);
        self.forward.clear();
        if self.back.len() > MAX_STEPS {
            self.back.remove(0);
        }
    }
}

impl Workspace {
    /// The panels as they were before `command` (the panels a change already made in
    /// them), and the run as it stands; `None` for a command that edits nothing.
    pub(super) fn before(&mut self, command: &Command) -> Option<Saved> {
        let set = match command {
            Command::Diagram(DiagramAction::Set(which, _)) => Some(*which),
            _ => None,
        };
        let edits = match command {
            Command::EditNetwork { .. }
            | Command::EditData { .. }
            | Command::Map(_)
            | Command::Inspector(_)
            | Command::RewindTo(_)
            | Command::Answer(Answer::Go | Answer::Other)
            | Command::Transport(TransportAction::Reset) => true,
            Command::Diagram(_) => set.is_none() || set != self.undo.last_set,
            _ => false,
        };
        if !edits {
            return None;
        }
        let mut saved = self.saved();
        match command {
            Command::EditNetwork { previous } => saved.network = previous.clone(),
            Command::EditData { previous, .. } => saved.data = (**previous).clone(),
            Command::Answer(_) => match self.questions.peek() {
                Some(Pending::Rebuild { previous }) => saved.network = previous.clone(),
                Some(Pending::Data { previous, .. }) => saved.data = (**previous).clone(),
                _ => {}
            },
            _ => {}
        }
        self.undo.last_set = set;
        Some(saved)
    }

    /// Keeps `saved` to undo when the run changed since it was taken.
    pub(super) fn after(&mut self, saved: Option<Saved>, revision: (u64, u64)) {
        if let Some(saved) = saved
            && self.experiment.revision() != revision
        {
            self.undo.push(saved);
        }
    }

    /// The panels and the run as they stand.
    fn saved(&self) -> Saved {
        let e = &self.experiment;
        let empty = crate::data::Dataset::new(Vec::new(), Vec::new());
        Saved {
            network: self.persisted.network.clone(),
            data: self.persisted.data.clone(),
            training: self.persisted.training.clone(),
            run: Start {
                network: e.network().clone(),
                train: empty.clone(),
                test: empty,
                preprocess: e.preprocess().clone(),
                epoch: e.epoch(),
                history: e.history().clone(),
                optimizer: e.now().optimizer.clone(),
                rng: e.shuffle_rng().clone(),
            },
        }
    }

    /// Goes back to `saved`; returns the state it left.
    fn go_back(&mut self, saved: Saved) -> Result<Saved, ExperimentError> {
        let now = self.saved();
        let Saved {
            network,
            data,
            training,
            mut run,
        } = saved;
        (run.train, run.test) = if data == self.persisted.data {
            let e = &self.experiment;
            (e.train_data().clone(), e.test_data().clone())
        } else {
            data.load()?
        };
        self.persisted.network = network;
        self.persisted.data = data;
        self.persisted.training = training;
        self.rewind.viewing = None;
        self.experiment.configure(self.persisted.run_settings());
        self.experiment.go_back_to(run)?;
        self.persisted.follow(&self.experiment);
        self.undo.last_set = None;
        Ok(now)
    }

    /// Undoes the last edit (Ctrl+Z).
    pub fn undo(&mut self) {
        let Some(saved) = self.undo.back.pop() else {
            return;
        };
        match self.go_back(saved) {
            Ok(now) => self.undo.forward.push(now),
            Err(e) => self.messages.fail(e),
        }
    }

    /// Redoes the last undone edit (Ctrl+Shift+Z).
    pub fn redo(&mut self) {
        let Some(saved) = self.undo.forward.pop() else {
            return;
        };
        match self.go_back(saved) {
            Ok(now) => self.undo.back.push(now),
            Err(e) => self.messages.fail(e),
        }
    }
}
