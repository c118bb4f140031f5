//! The edits the window makes: training's transport, the network's shape, the data, a
//! weight or a step, a rewind; and the answer to "discard the trained weights?".

use super::{Loading, Workspace};
use crate::app::data_panel::{DataAction, DataPanel};
use crate::app::diagram::DiagramAction;
use crate::app::heatmap::MapClick;
use crate::app::inspector::InspectorAction;
use crate::app::network_panel::{MAX_NEURONS, NetworkPanel};
use crate::app::shell::file_chooser::FileTask;
use crate::app::shell::messages::Notice;
use crate::app::shell::questions::{Answer, Pending};
use crate::app::transport::TransportAction;
use crate::data::{DataError, Dataset};
use crate::experiment::{BackgroundLoad, ExperimentError, LOAD_IN_BACKGROUND};

impl Workspace {
    /// Shows an operation's error in the window; the panels follow the run when it worked.
    fn report(&mut self, result: Result<(), ExperimentError>) {
        match result {
            Ok(()) => {
                self.persisted.follow(&self.experiment);
                self.experiment.runs_mut().current.data = self.persisted.data.describe();
            }
            Err(e) => self.messages.fail(e),
        }
    }

    /// Starts over with a fresh network of the editor's shape on `data`: epoch 0, no history.
    /// The output layer and the loss follow the data (see
    /// [`Persisted::fit_output_to`](crate::app::Persisted::fit_output_to)). When that
    /// cannot be done, nothing changes: the network and training panels go back to what
    /// the run has, the data panel to `previous`.
    pub(super) fn restart_on(&mut self, data: (Dataset, Dataset), previous: Option<DataPanel>) {
        let result = self.persisted.fresh_start(data).and_then(|start| {
            self.experiment.configure(self.persisted.run_settings());
            self.experiment.reset(start)
        });
        if result.is_err() {
            let e = &self.experiment;
            self.persisted.network.adopt(e.network());
            self.persisted.training.config = e.settings().config;
            if let Some(previous) = previous {
                self.persisted.data = previous;
            }
            self.experiment.configure(self.persisted.run_settings());
        }
        self.report(result);
    }

    /// Re-initialises the network with the editor's shape on the current data.
    fn rebuild(&mut self) {
        let data = (
            self.experiment.train_data().clone(),
            self.experiment.test_data().clone(),
        );
        self.restart_on(data, None);
    }

    /// New samples: the network keeps training on them when its shape fits, otherwise a
    /// new network is built (after asking, when trained weights would be lost).
    pub(super) fn new_data(&mut self, previous: DataPanel, (train, test): (Dataset, Dataset)) {
        let preprocess = match self.persisted.data.preprocess(&train) {
            Ok(p) => p,
            Err(e) => {
                self.persisted.data = previous;
                self.messages.fail(e);
                return;
            }
        };
        // Another dataset ends the run (and files it): a curve never mixes two.
        let same = previous.same_dataset(&self.persisted.data);
        if same && self.experiment.fits(&train, &preprocess) {
            let result = self.experiment.continue_on((train, test), preprocess);
            self.report(result);
        } else if self.experiment.is_unsaved() {
            self.questions.ask(Pending::Data {
                previous: Box::new(previous),
                train: Box::new(train),
                test: Box::new(test),
            });
        } else {
            self.restart_on((train, test), Some(previous));
        }
    }

    /// Reads the data panel's data on its own thread; [`Self::poll_loading`] takes it in.
    pub(super) fn load_in_background(&mut self, previous: DataPanel) {
        // A load that replaces one under way restores what came before both on error.
        let previous = self.loading.take().map_or(previous, |l| *l.previous);
        let load = BackgroundLoad::start(self.persisted.data.spec.clone(), self.wake.clone());
        self.loading = Some(Loading {
            load,
            previous: Box::new(previous),
        });
    }

    /// Takes in data read on its own thread, once it is there.
    pub(super) fn poll_loading(&mut self) {
        let Some(result) = self.loading.as_ref().and_then(|l| l.load.poll()) else {
            return;
        };
        let Some(loading) = self.loading.take() else {
            return;
        };
        match result {
            Ok(data) => self.new_data(*loading.previous, data),
            Err(e) => {
                self.persisted.data = *loading.previous;
                self.messages.fail(e);
            }
        }
    }

    pub(super) fn on_transport(&mut self, action: TransportAction) {
        self.messages.banner = None;
        let trains = match action {
            TransportAction::TogglePlay => !self.experiment.is_playing(),
            TransportAction::StepEpoch | TransportAction::StepBatch | TransportAction::SlowStep => {
                true
            }
            TransportAction::Reset | TransportAction::Pace(_) => false,
        };
        if trains && self.rewind.viewing.is_some() {
            // The window shows an earlier moment: from which does training go on?
            self.questions.ask(Pending::TrainFromMoment(action));
            return;
        }
        match action {
            TransportAction::TogglePlay => self.experiment.toggle_play(),
            TransportAction::StepEpoch => self.experiment.step_epoch(),
            TransportAction::StepBatch => self.experiment.step_batch(),
            TransportAction::SlowStep => self.start_slow_step(),
            TransportAction::Reset => self.rebuild(),
            TransportAction::Pace(pace) => {
                self.persisted.training.pace = pace;
                let settings = self.persisted.run_settings();
                self.experiment.configure(settings);
            }
        }
    }

    /// The editor changed the network's shape: a new network (after asking, when trained
    /// weights would be lost).
    pub(super) fn on_network_edit(&mut self, previous: NetworkPanel) {
        if self.experiment.is_unsaved() {
            self.questions.ask(Pending::Rebuild { previous });
        } else {
            self.rebuild();
        }
    }

    /// Does what the data panel asks; returns a file to ask for (Import CSV).
    pub(super) fn on_data(&mut self, action: DataAction, previous: DataPanel) -> Option<FileTask> {
        match action {
            DataAction::Regenerate
                if self.persisted.data.spec.file_bytes() >= LOAD_IN_BACKGROUND =>
            {
                self.load_in_background(previous);
            }
            DataAction::Regenerate => match self.persisted.data.load() {
                Ok(data) => {
                    if self.persisted.data.is_drawn() {
                        self.messages.notice = None;
                    }
                    self.new_data(previous, data);
                }
                // A drawing in progress stays as it is; training goes on with the last
                // drawing that had both a training and a test point.
                Err(e @ DataError::TooFewPoints(_)) => {
                    self.messages.notice = Some(Notice::TooFewPoints(e.to_string()));
                }
                Err(e) => {
                    self.persisted.data = previous;
                    self.messages.fail(e);
                }
            },
            DataAction::ImportCsv => return Some(FileTask::ImportTrain),
            DataAction::StartDrawing => {
                let e = &self.experiment;
                let spec = &mut self.persisted.data.spec;
                spec.start_drawing(&[e.train_data(), e.test_data()]);
                return self.on_data(DataAction::Regenerate, previous);
            }
        }
        None
    }

    /// Does what a click on the heatmap asks: shows a sample in the step inspector, or
    /// draws or erases a point (the network goes on training on the new drawing).
    pub fn map_click(&mut self, click: MapClick) {
        let data = &mut self.persisted.data;
        let previous = match click {
            MapClick::Pick(k) => {
                self.persisted.inspector.show_sample(k);
                return;
            }
            MapClick::Add { at, other } => {
                let previous = data.clone();
                let point = data.pen_point(at, other);
                data.spec.add_point(point);
                previous
            }
            MapClick::Erase { at, within } => {
                let previous = data.clone();
                if !data.spec.erase_near(at, within) {
                    return;
                }
                previous
            }
        };
        let _ = self.on_data(DataAction::Regenerate, previous);
    }

    /// Goes back to checkpoint `i` (see [`crate::experiment::Experiment::rewind_to`]) and
    /// shows the live network again.
    pub fn rewind_to(&mut self, i: usize) {
        let result = self.experiment.rewind_to(i);
        self.report(result);
        self.rewind.viewing = None;
    }

    pub(super) fn on_inspector(&mut self, action: InspectorAction) {
        match action {
            InspectorAction::StepSample(k) => self.step_sample(k),
            InspectorAction::StepBatchOf(k) => self.step_batch_of(k),
        }
    }

    /// Trains sample `k` alone, as the step inspector shows it.
    pub fn step_sample(&mut self, k: usize) {
        let result = self.experiment.step_sample(k);
        self.messages.report(result);
    }

    /// Trains the batch of sample `k` as one update, as the step inspector shows it.
    pub fn step_batch_of(&mut self, k: usize) {
        let result = self.experiment.step_batch_of(k);
        self.messages.report(result);
    }

    /// Does what the diagram asks (a weight or bias set, a neuron added or removed).
    pub fn diagram_action(&mut self, action: DiagramAction) {
        let not_editable = self.not_editable();
        let network = &mut self.persisted.network;
        let previous = network.clone();
        match action {
            DiagramAction::Set(..) if not_editable.is_some() => {
                self.messages.notice = not_editable.map(Notice::NotEditable);
                return;
            }
            DiagramAction::Set(which, value) => {
                let result = self.experiment.set_parameter(which, value);
                self.messages.report(result);
                return;
            }
            DiagramAction::Landscape(p) => {
                self.persisted.landscape.pick(p);
                return;
            }
            DiagramAction::ShowMaths(l, j) => {
                self.persisted.inspector.show_maths(l, j);
                return;
            }
            DiagramAction::ToggleFeature(f) => {
                let previous = self.persisted.data.clone();
                self.persisted.data.toggle_feature(f);
                if self.persisted.data == previous {
                    self.messages.notice = Some(Notice::LastInput(f));
                } else {
                    let _ = self.on_data(DataAction::Regenerate, previous);
                }
                return;
            }
            DiagramAction::SetActivation(l, activation) => network.set_activation(l, activation),
            DiagramAction::AddLayer => network.add_layer(),
            DiagramAction::RemoveLayer => network.remove_layer(),
            DiagramAction::AddNeuron(h) | DiagramAction::RemoveNeuron(h) => {
                let Some(layer) = network.hidden.get_mut(h) else {
                    return;
                };
                layer.nodes = match action {
                    DiagramAction::AddNeuron(_) => (layer.nodes + 1).min(MAX_NEURONS),
                    _ => layer.nodes.saturating_sub(1).max(1),
                };
            }
        }
        if self.persisted.network != previous {
            self.on_network_edit(previous);
        }
    }

    /// Answers the pending question: `true` goes ahead (discards the trained weights),
    /// `false` cancels.
    pub fn answer(&mut self, go: bool) {
        self.answer_with(if go { Answer::Go } else { Answer::Cancel });
    }

    /// Answers the pending question.
    pub fn answer_with(&mut self, answer: Answer) {
        let discard = answer == Answer::Go;
        match self.questions.take() {
            Some(Pending::TrainFromMoment(action)) => {
                let shown = self.rewind.shown(&self.experiment).map(|(i, _)| i);
                match (answer, shown) {
                    (Answer::Go, Some(i)) => self.rewind_to(i),
                    (Answer::Other, _) => self.rewind.viewing = None,
                    _ => return,
                }
                self.on_transport(action);
            }
            Some(Pending::Rebuild { previous }) => {
                if discard {
                    self.rebuild();
                } else {
                    self.persisted.network = previous;
                }
            }
            Some(Pending::Data {
                previous,
                train,
                test,
            }) => {
                if discard {
                    self.restart_on((*train, *test), Some(*previous));
                } else {
                    self.persisted.data = *previous;
                }
            }
            Some(Pending::Open(path)) if discard => self.open_model_reporting(&path),
            Some(Pending::OpenLink(link)) if discard => {
                let result = self.open_link(&link);
                self.messages.report(result);
            }
            Some(Pending::OpenLesson(source)) if discard => self.open_lesson_from(source),
            Some(Pending::Quit) if discard => self.questions.quit(),
            Some(
                Pending::Open(_) | Pending::OpenLink(_) | Pending::OpenLesson(_) | Pending::Quit,
            )
            | None => {}
        }
    }
}
