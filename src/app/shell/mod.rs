//! The app shell: a few owned components around one [`Workspace`]. Each frame the panels
//! and components turn what the user did into [`Command`]s, and the shell applies them in
//! one place, once a frame ([`ScratchnetApp::apply`]): panel → action → command →
//! experiment → worker.
//!
//! - [`Workspace`]: the experiment, the panels' settings, messages and questions; applies
//!   the commands that change the experiment.
//! - [`FileChooser`]: system dialogs on their own thread, or a typed path.
//! - [`Recovery`]: autosave of unsaved work, and the offer to restore a crashed window's.
//! - [`Launch`]: this launch's options (autoplay, exit after, stats), never remembered.
//! - [`ConfusionPanel`], the race window, the help windows.

mod command;
mod confusion;
mod file_chooser;
mod help;
mod launch;
mod layout;
mod link_prompt;
mod menu;
mod messages;
mod questions;
mod recovery;
mod settings;
mod workspace;

pub use command::Command;
pub use confusion::ConfusionPanel;
pub use file_chooser::{Chosen, Dialogs, FileChooser, FileTask, NO_DIALOG, PathPrompt};
pub use help::{GUIDE_WINDOWS, SHORTCUTS};
pub use launch::Launch;
pub use messages::{Banner, Messages, Notice, Problem};
pub use questions::{Answer, Pending, Questions};
pub use recovery::{AUTOSAVE_EVERY, Found, Recovery};
pub use settings::Persisted;
pub use workspace::{ExportError, ExportProblem, OpenLesson, Workspace};

use std::time::{Duration, Instant};

use super::GuiArgs;
use super::diagram::DiagramAction;
use super::i18n;
use super::race_panel::{RaceAction, RacePanel};
use super::stats::FrameStats;
use super::transport::TransportBar;
use crate::experiment::Variation;
use crate::experiment::worker::Waker;

/// The desktop app.
pub struct ScratchnetApp {
    /// The experiment and everything kept about it.
    workspace: Workspace,
    transport: TransportBar,
    files: FileChooser,
    /// Unsaved work kept for after a crash, and what a crashed window left.
    recovery: Option<Recovery>,
    launch: Launch,
    confusion: ConfusionPanel,
    /// The race window and its race.
    race: RacePanel,
    help: Help,
    /// File ▸ Open TF Playground link…'s field.
    link_prompt: LinkPrompt,
    stats: FrameStats,
    /// The title the window was given last.
    shown_title: String,
    /// Wakes the window (from the worker, a dialog's thread, a race).
    wake: Waker,
    /// What the user asked for this frame, applied at its end.
    commands: Vec<Command>,
}

use help::Help;
use link_prompt::LinkPrompt;

impl ScratchnetApp {
    /// The app as eframe starts it: last session's settings unless the command line gives
    /// an experiment; unsaved work is kept in the app's data folder.
    pub fn new(cc: &eframe::CreationContext<'_>, args: GuiArgs) -> Self {
        let restored: Option<Persisted> = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY));
        let ctx = cc.egui_ctx.clone();
        let font = i18n::font::find();
        let languages = i18n::Languages {
            system: i18n::Language::of_system(|name| std::env::var(name).ok()),
            japanese_font: font.is_some(),
        };
        if let Some(font) = font {
            i18n::font::install(&ctx, font);
        }
        i18n::setup(&ctx, languages);
        let mut app = Self::build(
            args,
            restored,
            std::sync::Arc::new(move || ctx.request_repaint()),
        );
        if let Some(dir) = eframe::storage_dir(super::STORAGE_NAME) {
            app.recover_in(&dir, std::process::id());
        }
        app
    }

    /// The app from arguments and remembered settings; `wake` is how the worker asks for
    /// a repaint.
    pub fn build(args: GuiArgs, restored: Option<Persisted>, wake: Waker) -> Self {
        let mut app = ScratchnetApp {
            workspace: Workspace::new(&args, restored, wake.clone()),
            transport: TransportBar::default(),
            files: FileChooser::new(wake.clone()),
            recovery: None,
            launch: Launch::new(&args),
            confusion: ConfusionPanel::default(),
            race: RacePanel::default(),
            help: Help::default(),
            link_prompt: LinkPrompt::default(),
            stats: FrameStats::default(),
            shown_title: String::new(),
            wake,
            commands: Vec::new(),
        };
        let race = match args.race.as_deref() {
            Some("optimizers") => Some(Variation::Optimizers),
            Some("learning-rates") => Some(Variation::LearningRates),
            Some("batch-sizes") => Some(Variation::BatchSizes),
            _ => None,
        };
        if let Some(variation) = race {
            app.start_race(variation);
        }
        app
    }

    /// Does what `command` asks: the one place where the window's commands take effect.
    pub fn apply(&mut self, command: Command) {
        // Edits of the network are timed for `--stats`: they must not grow with the data.
        let edit = matches!(
            command,
            Command::Diagram(DiagramAction::Set(..)) | Command::Inspector(_)
        );
        let started = Instant::now();
        self.apply_now(command);
        if edit {
            self.stats.record_edit(started.elapsed());
        }
    }

    fn apply_now(&mut self, command: Command) {
        match command {
            Command::ShowRace => self.race.open = true,
            Command::StartRace(variation) => self.start_race(variation),
            Command::Recover(restore) => self.answer_recovery(restore),
            Command::AskLink => self.link_prompt.ask(),
            command => {
                if let Some(task) = self.workspace.apply(command) {
                    self.files.ask(task);
                }
            }
        }
    }

    /// The experiment and everything the window keeps about it.
    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    /// The workspace, to act on it as the window's commands do.
    pub fn workspace_mut(&mut self) -> &mut Workspace {
        &mut self.workspace
    }

    /// The window's title (see [`Workspace::title`]).
    pub fn title(&self) -> String {
        self.workspace.title()
    }

    /// Starts a race of `variation` from the current run's first weights (View ▸ Race);
    /// the main run pauses, so that the racers have the machine.
    pub fn start_race(&mut self, variation: Variation) {
        let e = self.workspace.experiment_mut();
        e.pause();
        self.launch.cancel_autoplay();
        let e = self.workspace.experiment();
        let start = e.start_of_run();
        let result = self.race.start(e, &start, variation, self.wake.clone());
        self.workspace.messages.report(result);
    }

    /// The race under way, if any.
    pub fn race(&self) -> Option<&crate::experiment::Race> {
        self.race.race.as_ref()
    }

    /// The test set's confusion matrix, as the Confusion panel shows it.
    pub fn confusion(&mut self) -> Option<crate::nn::Confusion> {
        let e = self.workspace.experiment();
        self.confusion.matrix(e, e.now()).cloned()
    }

    /// Asks for a file for `task`, as the menu does.
    pub fn ask_for_file(&mut self, task: FileTask) {
        self.files.ask(task);
    }

    /// The question the window asks for a path, if any.
    pub fn path_prompt(&self) -> Option<&PathPrompt> {
        self.files.prompt()
    }

    /// Chooses how file dialogs are shown (tests, and desktops known to have none).
    pub fn set_dialogs(&mut self, dialogs: Dialogs) {
        self.files.set_dialogs(dialogs);
    }

    /// Keeps this window's unsaved work in `dir` from now on, and offers back what a window
    /// that did not close normally left there. `id` names this window's file.
    pub fn recover_in(&mut self, dir: &std::path::Path, id: u32) {
        self.recovery = Recovery::open(dir, id);
    }

    /// Autosaves at most once in `every` ([`AUTOSAVE_EVERY`] unless a test says otherwise).
    pub fn autosave_every(&mut self, every: Duration) {
        if let Some(r) = &mut self.recovery {
            r.write_every(every);
        }
    }

    /// The experiment offered back, if any.
    pub fn recovery_offer(&self) -> Option<&Found> {
        self.recovery.as_ref()?.found.as_ref()
    }

    /// Restores the experiment offered back (`true`), or throws it away (`false`).
    pub fn answer_recovery(&mut self, restore: bool) {
        let Some(recovery) = &mut self.recovery else {
            return;
        };
        if let Some(found) = recovery.found.as_ref().filter(|_| restore) {
            self.workspace.restore_recovered(&found.path, found.epoch);
        }
        recovery.forget_found();
    }

    /// The panels, each turning what the user did into commands.
    fn panels(&mut self, ui: &mut egui::Ui) {
        let ws = &mut self.workspace;
        let commands = &mut self.commands;
        egui::Panel::top("menu").show(ui, |ui| {
            commands.extend(menu::menu_bar(ui, ws, &mut self.race.open, &mut self.help));
        });
        egui::Panel::top("transport").show(ui, |ui| {
            let pace = ws.persisted.training.pace;
            let action = self.transport.ui(ui, ws.experiment(), pace);
            commands.extend(action.map(Command::Transport));
        });
        ws.messages.banner_ui(ui);
        commands.extend(layout::moment_bar(ui, ws));
        egui::Panel::left("settings")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| {
                commands.extend(layout::side_panel(ui, ws, &mut self.confusion));
            });
        if let Some(open) = ws.lesson() {
            let action = egui::Panel::right("lesson")
                .resizable(true)
                .default_size(300.0)
                .show(ui, |ui| super::lesson_panel::ui(ui, open))
                .inner;
            commands.extend(action.map(Command::Lesson));
        }
        egui::CentralPanel::default().show(ui, |ui| commands.extend(layout::central(ui, ws)));
    }

    /// The windows and questions over the panels.
    fn windows(&mut self, ctx: &egui::Context) {
        let ws = &mut self.workspace;
        self.commands.extend(layout::windows(ctx, ws));
        ws.messages.error_ui(ctx);
        self.commands
            .extend(ws.questions.ui(ctx).map(Command::Answer));
        self.commands
            .extend(self.files.ui(ctx).map(Command::Chosen));
        if let Some(r) = &self.recovery {
            self.commands.extend(r.ui(ctx).map(Command::Recover));
        }
        self.help.ui(ctx);
        self.commands
            .extend(self.link_prompt.ui(ctx).map(Command::OpenLink));
        if ws.lesson_form.open && ws.lesson_form.ui(ctx) {
            self.commands.push(Command::AskFile(FileTask::SaveLesson));
        }
        if let Some(text) = ws.clipboard.take() {
            ctx.copy_text(text);
        }
        self.race.poll();
        if self.race.open && super::hidden::is_shown(ctx, "race") {
            let heatmap = &ws.persisted.heatmap;
            let (domain, slice) = (heatmap.domain(), heatmap.slice().clone());
            if let Some(RaceAction::Start(v)) = self.race.ui(ctx, (&domain, &slice)) {
                self.commands.push(Command::StartRace(v));
            }
        } else if let Some(race) = self.race.race.as_mut().filter(|r| r.is_playing()) {
            // A closed race window leaves no trainer running out of sight.
            race.set_playing(false);
        }
    }

    /// Closes the window when its time is up, asks first when unsaved work would be lost.
    fn closing(&mut self, ctx: &egui::Context) {
        let unsaved = self.workspace.experiment().is_unsaved();
        let questions = &mut self.workspace.questions;
        if self.launch.time_is_up(ctx) {
            questions.quit();
        }
        if ctx.input(|i| i.viewport().close_requested())
            && questions.must_ask_before_closing(unsaved)
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            questions.ask(Pending::Quit);
        }
        if questions.take_close() {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

impl eframe::App for ScratchnetApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let frame_start = Instant::now();
        let ctx = ui.ctx().clone();
        i18n::begin_frame(&ctx);
        if self.launch.take_autoplay() {
            self.workspace.experiment_mut().play();
        }
        self.workspace.poll();
        let hidden = self.workspace.lesson().map(|l| l.lesson.hide.clone());
        super::hidden::set(&ctx, hidden.as_deref().unwrap_or_default());
        if let Some(wait) = self.workspace.tick_slow_step(Instant::now()) {
            ctx.request_repaint_after(wait);
        }
        self.transport.measure(self.workspace.experiment());
        self.commands.extend(self.files.poll().map(Command::Chosen));
        self.commands.extend(menu::shortcuts(&ctx));
        self.commands.extend(layout::dropped_files(&ctx));
        self.commands
            .extend(link_prompt::pasted_link(&ctx).map(Command::OpenLink));
        let title = self.workspace.title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
        self.panels(ui);
        // The one place commands take effect: after the panels, before the windows, so
        // that a question a command asks is on screen this frame. What the windows ask
        // for waits for the next frame, which it asks for.
        for command in std::mem::take(&mut self.commands) {
            self.apply(command);
        }
        self.windows(&ctx);
        if !self.commands.is_empty() {
            ctx.request_repaint();
        }
        if let Some(r) = &mut self.recovery {
            let ws = &self.workspace;
            r.autosave(ws.experiment(), || ws.model());
        }
        layout::drop_hint(&ctx);
        if self.workspace.is_playing() {
            // The worker's snapshots wake the window; this keeps the meter moving too.
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        self.stats.record(frame_start, frame_start.elapsed());
        self.closing(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.workspace.to_remember());
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.workspace.experiment_mut().pause();
        // A clean exit: nothing to recover.
        if let Some(r) = &mut self.recovery {
            r.remove_own();
        }
        if !self.launch.print_stats {
            return;
        }
        let e = self.workspace.experiment_mut();
        e.poll();
        let seconds = self.launch.seconds();
        let mut json: serde_json::Value =
            serde_json::from_str(&self.stats.json(e.epoch(), e.sample_steps(), seconds))
                .unwrap_or_default();
        if let Some(race) = &mut self.race.race {
            race.poll();
            // Each racer's steps over the whole window time (they started with it).
            let racers: Vec<serde_json::Value> = race
                .racers
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "label": r.label,
                        "epochs": r.experiment.epoch(),
                        "sample_steps_per_s": r.experiment.sample_steps() as f64 / seconds,
                    })
                })
                .collect();
            json["race"] = racers.into();
            race.set_playing(false);
        }
        println!("{json}");
    }
}
