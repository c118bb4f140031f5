//! Where the panels go: the settings down the left, the diagram across the top of the
//! rest, the map and the loss plot below it, and the windows that float over them. Each
//! panel's action becomes a [`Command`].

use super::command::Command;
use super::confusion::ConfusionPanel;
use super::workspace::Workspace;
use crate::app::diagram::Shown;
use crate::app::heatmap::MapInput;
use crate::app::hidden::{is_shown, shown};
use crate::app::i18n::{tr, trf};
use crate::app::loss_plot::Curves;
use crate::app::rewind::RewindAction;
use crate::app::runs_panel::{RunsAction, run_color};
use crate::app::shell::file_chooser::FileTask;
use crate::app::training_panel::TrainingAction;
use crate::app::transport::group_digits;
use crate::data::drawn_sets;
use crate::experiment::difference;

/// Unpinned runs that keep an entry of their own in the loss plot's legend.
const LEGEND_RECENT: usize = 3;

/// The legend's one entry for the other runs shown.
const EARLIER_RUNS: &str = "earlier runs";

/// The most training samples the diagram's hover gradient is measured over (a large data
/// set would make pointing at a link slow).
const GRADIENT_SAMPLES: usize = 2000;

/// The settings: data, network, rewind, confusion, training.
pub fn side_panel(
    ui: &mut egui::Ui,
    ws: &mut Workspace,
    confusion: &mut ConfusionPanel,
) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::CollapsingHeader::new(tr("Data"))
            .default_open(true)
            .show(ui, |ui| {
                if let Some((share, name)) = ws.loading_progress() {
                    ui.add(egui::ProgressBar::new(share).text(trf!(
                        "Loading {}: {} %",
                        name,
                        format!("{:.0}", 100.0 * share)
                    )));
                }
                let idle = !ws.is_loading();
                let changed = ui.add_enabled_ui(idle, |ui| ws.persisted.data.ui(ui)).inner;
                if let Some((action, previous)) = changed {
                    let previous = Box::new(previous);
                    commands.push(Command::EditData { action, previous });
                }
                ui.weak(trf!(
                    "{} training, {} test samples",
                    ws.train_data().len(),
                    ws.test_data().len()
                ));
            });
        egui::CollapsingHeader::new(tr("Network"))
            .default_open(true)
            .show(ui, |ui| network_section(ui, ws, &mut commands));
        if shown(ui, "rewind") {
            egui::CollapsingHeader::new(tr("Rewind"))
                .default_open(true)
                .show(ui, |ui| {
                    let (rewind, e) = (&mut ws.rewind, &ws.experiment);
                    if let Some(RewindAction::ContinueFrom(i)) = rewind.ui(ui, e) {
                        commands.push(Command::RewindTo(i));
                    }
                });
        }
        let names = ws.experiment().class_names().map(<[String]>::to_vec);
        if let Some(names) = names.filter(|_| shown(ui, "confusion")) {
            egui::CollapsingHeader::new(tr("Confusion"))
                .default_open(false)
                .show(ui, |ui| {
                    let e = &ws.experiment;
                    let m = ws
                        .rewind
                        .shown(e)
                        .map_or_else(|| e.now(), |(_, c)| c.into());
                    confusion.ui(ui, e, m, &names);
                });
        }
        egui::CollapsingHeader::new(tr("Training"))
            .default_open(true)
            .show(ui, |ui| {
                if let Some(TrainingAction::Configure) = ws.persisted.training.ui(ui) {
                    commands.push(Command::Configure);
                }
            });
    });
    commands
}

/// The network editor, why the network cannot learn, and its dead links.
fn network_section(ui: &mut egui::Ui, ws: &mut Workspace, commands: &mut Vec<Command>) {
    let previous = ws.persisted.network.clone();
    let e = &ws.experiment;
    let trained = e.is_unsaved() || e.epoch() > 0;
    if ws.persisted.network.ui(ui, trained).is_some() {
        commands.push(Command::EditNetwork { previous });
    }
    for hint in ws.hints() {
        ui.colored_label(ui.visuals().warn_fg_color, crate::app::i18n::sentence(hint));
    }
    let dead = ws.experiment().dead_links().len();
    if dead > 0 {
        ui.weak(trf!("{} dead links (L1 drove them to 0 for good)", dead))
            .on_hover_text(tr(
                "As in TF Playground: a weight that an L1 step carries across zero is set to \
                 0 and never trained again, until Reset",
            ));
    }
}

/// The diagram across the top; below it the map (the largest element: a square, beside
/// the loss plot on a wide window, above it on a tall one).
pub fn central(ui: &mut egui::Ui, ws: &mut Workspace) -> Vec<Command> {
    let mut commands = Vec::new();
    let whole = ui.available_rect_before_wrap();
    let (diagram_rect, area) =
        whole.split_top_bottom_at_y(whole.top() + (whole.height() * 0.36).max(170.0));
    let (diagram, focus) = ui
        .scope_builder(egui::UiBuilder::new().max_rect(diagram_rect), |ui| {
            diagram_ui(ui, ws)
        })
        .inner;
    commands.extend(diagram.map(Command::Diagram));
    ws.persisted.heatmap.set_focus(focus);
    let area = area.shrink2(egui::vec2(0.0, 4.0));
    let (map_rect, plot_rect) = if area.width() > area.height() * 1.1 {
        let side = area.height().min(area.width() * 0.6);
        let (left, right) = area.split_left_right_at_x(area.left() + side);
        (left, right.shrink2(egui::vec2(8.0, 0.0)))
    } else {
        let side = (area.height() * 0.62).min(area.width());
        area.split_top_bottom_at_y(area.top() + side)
    };
    let click = ui
        .scope_builder(egui::UiBuilder::new().max_rect(map_rect), |ui| {
            map_ui(ui, ws)
        })
        .inner;
    commands.extend(click.map(Command::Map));
    if shown(ui, "loss_plot") {
        ui.scope_builder(egui::UiBuilder::new().max_rect(plot_rect), |ui| {
            plot_ui(ui, ws);
        });
    }
    commands
}

/// The diagram of the network shown (live, or the rewind slider's moment).
fn diagram_ui(
    ui: &mut egui::Ui,
    ws: &mut Workspace,
) -> (Option<crate::app::diagram::DiagramAction>, Option<usize>) {
    let not_editable = ws.not_editable();
    let (persisted, e, net) = ws.view();
    let input_names = e.preprocess().input_names(e.train_data());
    let gradient = || {
        let samples = e.train_data().len().min(GRADIENT_SAMPLES);
        (e.gradient_at(net, GRADIENT_SAMPLES), samples)
    };
    let data_panel = &persisted.data;
    let uses = |f| data_panel.uses_feature(f);
    let two_raw_inputs = e.train_data().n_inputs() == 2;
    let slice = persisted.heatmap.slice().clone();
    let shown = Shown {
        gradient: &gradient,
        features: two_raw_inputs.then_some(&uses as &dyn Fn(_) -> bool),
        net,
        preprocess: e.preprocess(),
        domain: persisted.heatmap.domain(),
        slice: &slice,
        dead: e.dead_links(),
        input_names: &input_names,
        not_editable,
    };
    persisted.diagram.ui(ui, &shown)
}

/// The map of the network shown, with the samples (a drawing's as drawn, also while too
/// few to train on).
fn map_ui(ui: &mut egui::Ui, ws: &mut Workspace) -> Option<crate::app::heatmap::MapClick> {
    let (persisted, e, net) = ws.view();
    let inspector = &persisted.inspector;
    let marked = inspector.open && shown(ui, "inspector");
    persisted.heatmap.marked = marked.then_some(inspector.sample);
    let drawn = match &persisted.data.spec.source {
        crate::data::DataSource::Drawn(points) => {
            Some(drawn_sets(points, persisted.data.spec.train_ratio))
        }
        _ => None,
    };
    let data = drawn
        .as_ref()
        .map_or((e.train_data(), e.test_data()), |(a, b)| (a, b));
    persisted.heatmap.drawing = drawn.is_some();
    let input = MapInput {
        net,
        preprocess: e.preprocess(),
        data,
        classes: e.class_names(),
    };
    persisted.heatmap.ui(ui, &input)
}

/// The loss plot: the current run and the runs shown beside it, with a mark at the moment
/// the rewind slider shows.
fn plot_ui(ui: &mut egui::Ui, ws: &mut Workspace) {
    let epoch_shown = ws.rewind.shown(&ws.experiment).map(|(_, c)| c.epoch);
    let (persisted, e, _) = ws.view();
    let loss_title = tr(persisted.training.config.loss.title());
    let runs = e.runs();
    let names: Vec<String> = runs
        .finished
        .iter()
        .map(|r| crate::app::i18n::label(&format!("{}: {}", r.name, difference(r, &runs.current))))
        .collect();
    // The legend stays readable: pinned runs and the last few have their own entry, the
    // others share one (hovering a line names its run).
    let shown: Vec<usize> = (0..runs.finished.len())
        .filter(|&i| runs.finished[i].shown)
        .collect();
    let unpinned: Vec<usize> = shown
        .iter()
        .copied()
        .filter(|&i| !runs.finished[i].pinned)
        .collect();
    let own_entry = |i: usize| {
        runs.finished[i].pinned || unpinned.iter().rev().take(LEGEND_RECENT).any(|&k| k == i)
    };
    let mut curves = vec![Curves {
        name: "",
        label: "",
        history: e.history(),
        metrics: e.metrics(),
        color: egui::Color32::WHITE,
    }];
    for i in shown {
        let run = &runs.finished[i];
        curves.push(Curves {
            name: if own_entry(i) {
                &names[i]
            } else {
                tr(EARLIER_RUNS)
            },
            label: &names[i],
            history: &run.history,
            metrics: &run.metrics,
            color: run_color(i),
        });
    }
    persisted.loss_plot.ui(ui, &curves, loss_title, epoch_shown);
}

/// The windows over the panels: the step inspector, hidden space and the runs list.
pub fn windows(ctx: &egui::Context, ws: &mut Workspace) -> Vec<Command> {
    let mut commands = Vec::new();
    let moment = ws.rewind.shown(&ws.experiment).map(|(_, c)| c);
    let inspector = is_shown(ctx, "inspector")
        .then(|| ws.persisted.inspector.ui(ctx, &ws.experiment, moment))
        .flatten();
    commands.extend(inspector.map(Command::Inspector));
    if is_shown(ctx, "landscape") {
        let Workspace {
            persisted,
            experiment: e,
            rewind,
            ..
        } = ws;
        let m = rewind
            .shown(e)
            .map_or_else(|| e.now(), |(_, c)| crate::experiment::Moment::from(c));
        persisted.landscape.ui(ctx, e, m);
    }
    if ws.persisted.hidden_space.open && is_shown(ctx, "hidden_space") {
        let (persisted, e, net) = ws.view();
        let slice = persisted.heatmap.slice().clone();
        let grid = crate::app::plane::shows_slice(net, e.preprocess(), slice.held.len());
        let domain = persisted.heatmap.domain();
        persisted.hidden_space.ui(
            ctx,
            net,
            e.preprocess(),
            (&domain, grid.then_some(&slice)),
            e.train_data(),
        );
    }
    if ws.persisted.runs.open && is_shown(ctx, "runs") {
        let Workspace {
            persisted,
            experiment,
            ..
        } = ws;
        match persisted.runs.ui(ctx, experiment.runs_mut()) {
            Some(RunsAction::ExportCsv) => commands.push(Command::AskFile(FileTask::ExportRuns)),
            Some(RunsAction::Race) => commands.push(Command::ShowRace),
            None => {}
        }
    }
    commands
}

/// While an earlier moment is shown: which one, where training is, and the ways back
/// (every picture, table and mark of the window shows that moment).
pub fn moment_bar(ui: &mut egui::Ui, ws: &mut Workspace) -> Vec<Command> {
    let e = &ws.experiment;
    let Some((i, c)) = ws.rewind.shown(e) else {
        return Vec::new();
    };
    let text = trf!(
        "Viewing epoch {} — training is at {}",
        group_digits(c.epoch),
        group_digits(e.epoch())
    );
    let mut commands = Vec::new();
    let mut back = false;
    let fill = egui::Color32::from_rgb(0x5a, 0x4a, 0x12);
    bar(ui, "moment", fill, text, |ui| {
        back = ui
            .button(tr("Back to now"))
            .on_hover_text(tr("Show the network where training stands"))
            .clicked();
        if ui
            .button(tr("Continue from here"))
            .on_hover_text(tr("Go back to this moment and train on from it"))
            .clicked()
        {
            commands.push(Command::RewindTo(i));
        }
    });
    if back {
        ws.rewind.viewing = None;
    }
    commands
}

/// A coloured bar across the window: white `text`, then what `buttons` adds.
pub(super) fn bar(
    ui: &mut egui::Ui,
    id: &'static str,
    fill: egui::Color32,
    text: String,
    buttons: impl FnOnce(&mut egui::Ui),
) {
    egui::Panel::top(id).show(ui, |ui| {
        egui::Frame::new()
            .fill(fill)
            .inner_margin(5.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(egui::Color32::WHITE, text);
                    buttons(ui);
                });
            });
    });
}

/// While files are dragged over the window: what dropping them does.
pub fn drop_hint(ctx: &egui::Context) {
    if ctx.input(|i| i.raw.hovered_files.is_empty()) {
        return;
    }
    let screen = ctx.content_rect();
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop hint"),
    ));
    painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(170));
    painter.text(
        screen.center(),
        egui::Align2::CENTER_CENTER,
        tr("Drop a model (.json) to open it, data (.csv) to train on it, or a TF Playground link's shortcut"),
        egui::FontId::proportional(22.0),
        egui::Color32::WHITE,
    );
}

/// Files dropped on the window this frame: each opens as File ▸ Open or Import would.
pub fn dropped_files(ctx: &egui::Context) -> Vec<Command> {
    ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .map(Command::OpenPath)
            .collect()
    })
}
