//! The data panel: a playground dataset or CSV files, noise, split and seed.

use crate::app::i18n::{tr, trf};
use serde::{Deserialize, Serialize};

use crate::app::hidden::shown;
use crate::data::{
    DataError, DataSource, DataSpec, Dataset, DatasetKind, Feature, Preprocess, Standardize,
};

/// What the data panel asks the app to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub enum DataAction {
    /// Make the data again with the panel's settings.
    Regenerate,
    /// Ask for a CSV file to import.
    ImportCsv,
    /// Draw the data by hand, starting from the samples shown.
    StartDrawing,
}

/// The data panel's state.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DataPanel {
    /// Where the samples come from, their noise, split and seed.
    pub spec: DataSpec,
    /// Input features fed to the network (empty: the raw inputs).
    pub features: Vec<Feature>,
    /// Standardise the raw inputs.
    pub standardize: bool,
    /// The value (the class, ±1) a click draws; shift-click draws its opposite.
    pub pen: f64,
}

impl Clone for DataPanel {
    /// A copy, points and all (counted in tests: a frame must not make one).
    fn clone(&self) -> Self {
        #[cfg(test)]
        CLONES.with(|c| c.set(c.get() + 1));
        DataPanel {
            spec: self.spec.clone(),
            features: self.features.clone(),
            standardize: self.standardize,
            pen: self.pen,
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Copies of a data panel made on this thread.
    static CLONES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl Default for DataPanel {
    fn default() -> Self {
        DataPanel {
            spec: DataSpec::default(),
            features: Vec::new(),
            standardize: false,
            pen: 1.0,
        }
    }
}

impl DataPanel {
    /// Makes or reads the `(train, test)` samples.
    pub fn load(&self) -> Result<(Dataset, Dataset), DataError> {
        self.spec.load()
    }

    /// How raw inputs become the network's inputs, measured on `train` where needed.
    pub fn preprocess(&self, train: &Dataset) -> Result<Preprocess, DataError> {
        let p = Preprocess {
            features: self.features.clone(),
            standardize: self.standardize.then(|| Standardize::measure(train)),
        };
        p.check(train.n_inputs())?;
        Ok(p)
    }

    /// `true` when feature `f` is fed to the network (with none ticked, the raw inputs are:
    /// x1 and x2).
    pub fn uses_feature(&self, f: Feature) -> bool {
        uses_feature(&self.features, f)
    }

    /// Ticks or unticks feature `f`; from the raw inputs, x1 and x2 count as ticked. The
    /// last feature cannot be unticked, and x1 with x2 alone is the raw inputs again.
    pub fn toggle_feature(&mut self, f: Feature) {
        let mut features = if self.features.is_empty() {
            vec![Feature::X1, Feature::X2]
        } else {
            self.features.clone()
        };
        if features.contains(&f) {
            features.retain(|g| *g != f);
        } else {
            features.push(f);
            features.sort_by_key(|g| Feature::ALL.iter().position(|h| h == g));
        }
        if features.is_empty() {
            return;
        }
        self.features = if features == [Feature::X1, Feature::X2] {
            Vec::new()
        } else {
            features
        };
    }

    /// The data in words, as a run's label names it (in English, as runs are exported): `circle`, `spiral, 3 classes`,
    /// `train.csv`, `drawn points`.
    pub fn describe(&self) -> String {
        match &self.spec.source {
            DataSource::Builtin(k) if k.has_classes() && self.spec.classes > 2 => {
                format!("{}, {} classes", k.name(), self.spec.classes)
            }
            DataSource::Builtin(k) => k.name().to_string(),
            DataSource::Csv { train, .. } => train
                .file_name()
                .map_or("CSV".into(), |n| n.to_string_lossy().into_owned()),
            DataSource::Drawn(_) => "drawn points".into(),
            DataSource::Page { kind, seed, .. } => format!("{kind} (TF Playground, seed {seed})"),
        }
    }

    /// `true` when `other` draws its samples from the same dataset (other noise, split or
    /// seed, other drawn points, or a drawing started from these samples); `false` for
    /// another dataset or other files.
    pub fn same_dataset(&self, other: &DataPanel) -> bool {
        match (&self.spec.source, &other.spec.source) {
            (DataSource::Builtin(a), DataSource::Builtin(b)) => a == b,
            (DataSource::Csv { .. }, DataSource::Csv { .. }) => {
                self.spec.source == other.spec.source
            }
            (_, DataSource::Drawn(_)) => true,
            _ => false,
        }
    }

    /// `true` when the data is drawn by hand.
    pub fn is_drawn(&self) -> bool {
        matches!(self.spec.source, DataSource::Drawn(_))
    }

    /// The point a click at `at` draws: the pen's value, or its opposite for `other`.
    pub fn pen_point(&self, at: [f64; 2], other: bool) -> [f64; 3] {
        [at[0], at[1], if other { -self.pen } else { self.pen }]
    }

    /// Draws the panel; returns what it asks for, with the panel as it was before the
    /// change (to restore when the change is refused). The widgets edit copies of the
    /// settings: the panel itself — a drawing's points included — is copied only when
    /// something changed.
    pub fn ui(&mut self, ui: &mut egui::Ui) -> Option<(DataAction, DataPanel)> {
        let mut source = None;
        let mut clear = false;
        let mut action = None;
        if shown(ui, "dataset") {
            action = source_ui(ui, &self.spec.source, &mut source);
        }
        if let DataSource::Drawn(points) = &self.spec.source {
            clear = drawing_ui(ui, crate::data::live_points(points), &mut self.pen);
        }
        if let DataSource::Page {
            kind,
            seed,
            train_percent,
        } = &self.spec.source
        {
            ui.label(trf!(
                "TF Playground's {}: seed {}, {}% training",
                kind,
                seed,
                train_percent
            ))
            .on_hover_text(tr(
                "The points TF Playground's page makes for its link, exactly",
            ));
        }
        if let DataSource::Csv { train, test } = &self.spec.source {
            ui.label(trf!("CSV: {}", train.display()));
            if let Some(t) = test {
                ui.label(trf!("Test CSV: {}", t.display()));
            }
        }
        let mut settings = Settings::of(self);
        settings.ui(ui, &self.spec.source);
        settings.keep_unmoved(Settings::of(self));
        if shown(ui, "import_csv")
            && ui
                .button(tr("Import CSV…"))
                .on_hover_text(tr(
                    "Train on your own data: columns x… are inputs, y… targets",
                ))
                .clicked()
        {
            action = Some(DataAction::ImportCsv);
        }
        if matches!(&self.spec.source, DataSource::Builtin(k) if k.is_fixed()) {
            ui.weak(tr(
                "The reference plane data is fixed: noise, ratio and seed do not apply.",
            ));
        }
        let toggled = if shown(ui, "features") {
            features_ui(ui, &self.features)
        } else {
            None
        };
        let mut standardize = self.standardize;
        if shown(ui, "standardize") {
            ui.checkbox(&mut standardize, tr("Standardise inputs"))
            .on_hover_text(tr("Shift and scale each raw input to mean 0 and spread 1 (measured on the training data)"));
        }
        let changed = source.as_ref().is_some_and(|s| *s != self.spec.source)
            || clear
            || settings != Settings::of(self)
            || toggled.is_some()
            || standardize != self.standardize;
        if !changed && action.is_none() {
            return None;
        }
        let previous = self.clone();
        if let Some(source) = source {
            self.spec.source = source;
        }
        if clear && let DataSource::Drawn(points) = &mut self.spec.source {
            points.clear();
        }
        settings.apply(self);
        self.standardize = standardize;
        if let Some(f) = toggled {
            self.toggle_feature(f);
        }
        // The pen alone changes no data.
        let action = action.or((self.spec != previous.spec
            || self.features != previous.features
            || self.standardize != previous.standardize)
            .then_some(DataAction::Regenerate))?;
        Some((action, previous))
    }
}

/// The data panel's small settings, edited as a copy.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Settings {
    noise: f64,
    train_ratio: f64,
    seed: u64,
    classes: usize,
}

impl Settings {
    fn of(p: &DataPanel) -> Self {
        Settings {
            noise: p.spec.noise,
            train_ratio: p.spec.train_ratio,
            seed: p.spec.seed,
            classes: p.spec.classes,
        }
    }

    /// A slider redraws its value on its step's grid (0.7 as 0.7000000000000001): what
    /// moved by less than a rounding is `before`'s value still, so that drawing a panel
    /// never makes new data.
    fn keep_unmoved(&mut self, before: Settings) {
        for (now, was) in [
            (&mut self.noise, before.noise),
            (&mut self.train_ratio, before.train_ratio),
        ] {
            if (*now - was).abs() < 1e-9 {
                *now = was;
            }
        }
    }

    fn apply(self, p: &mut DataPanel) {
        p.spec.noise = self.noise;
        p.spec.train_ratio = self.train_ratio;
        p.spec.seed = self.seed;
        p.spec.classes = self.classes;
    }

    /// Noise, classes, ratio and seed, each enabled where it applies to `source`.
    fn ui(&mut self, ui: &mut egui::Ui, source: &DataSource) {
        let fixed = matches!(source, DataSource::Builtin(k) if k.is_fixed());
        let generated = matches!(source, DataSource::Builtin(_)) && !fixed;
        // TF Playground's page data: its link decided noise, split and seed.
        let page = matches!(source, DataSource::Page { .. });
        let split = !fixed && !page && !matches!(source, DataSource::Csv { test: Some(_), .. });
        let seeded = !fixed && !page && !matches!(source, DataSource::Drawn(_));
        ui.add_enabled_ui(generated, |ui| {
            if !shown(ui, "noise") {
                return;
            }
            ui.horizontal(|ui| {
                let label = ui.label(tr("Noise"));
                ui.add(egui::Slider::new(&mut self.noise, 0.0..=0.5).step_by(0.05))
                    .labelled_by(label.id)
                    .on_hover_text(tr("How much the labels are disturbed (0 to 0.5)"));
            });
        });
        let has_classes = matches!(source, DataSource::Builtin(k) if k.has_classes());
        ui.add_enabled_ui(has_classes, |ui| {
            if !shown(ui, "classes") {
                return;
            }
            ui.horizontal(|ui| {
                let label = ui.label(tr("Classes"));
                ui.add(egui::Slider::new(
                    &mut self.classes,
                    2..=crate::data::MAX_CLASSES,
                ))
                .labelled_by(label.id)
                .on_hover_text(tr(
                    "Spiral arms or clusters; three or more are one-hot classes, learnt \
                         with a softmax output and cross-entropy",
                ));
            });
        });
        ui.add_enabled_ui(split, |ui| {
            if !shown(ui, "train_ratio") {
                return;
            }
            ui.horizontal(|ui| {
                let label = ui.label(tr("Train ratio"));
                ui.add(egui::Slider::new(&mut self.train_ratio, 0.1..=0.9).step_by(0.05))
                    .labelled_by(label.id)
                    .on_hover_text(tr("Share of the samples used for training; the rest test"));
            });
        });
        ui.horizontal(|ui| {
            if !shown(ui, "data_seed") {
                return;
            }
            let label = ui.label(tr("Data seed"));
            ui.add_enabled(seeded, egui::DragValue::new(&mut self.seed))
                .labelled_by(label.id)
                .on_hover_text(tr("Seed of generation and split"));
            if ui
                .add_enabled(seeded, egui::Button::new(tr("Regenerate")))
                .on_hover_text(tr("Make the data again with a new seed"))
                .clicked()
            {
                self.seed = self.seed.wrapping_add(1);
            }
        });
    }
}

/// The datasets and "draw"; sets `chosen` to a dataset clicked, returns Start drawing.
fn source_ui(
    ui: &mut egui::Ui,
    source: &DataSource,
    chosen: &mut Option<DataSource>,
) -> Option<DataAction> {
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        for kind in DatasetKind::ALL {
            let selected = match source {
                DataSource::Builtin(k) | DataSource::Page { kind: k, .. } => *k == kind,
                _ => false,
            };
            if ui
                .selectable_label(selected, tr(kind.name()))
                .on_hover_text(dataset_tip(kind))
                .clicked()
            {
                *chosen = Some(DataSource::Builtin(kind));
            }
        }
        let drawn = matches!(source, DataSource::Drawn(_));
        if shown(ui, "draw")
            && ui
                .selectable_label(drawn, tr("draw"))
                .on_hover_text(tr(
                    "Draw your own data on the heatmap, starting from the samples shown",
                ))
                .clicked()
            && !drawn
        {
            action = Some(DataAction::StartDrawing);
        }
    });
    action
}

/// What a built-in dataset is.
fn dataset_tip(kind: DatasetKind) -> &'static str {
    match kind {
        DatasetKind::Plane => tr("The reference demo's fixed regression data (600 + 600 samples)"),
        DatasetKind::Circle => tr("Classification: a disc inside a ring"),
        DatasetKind::Xor => tr("Classification: opposite quadrants share a label"),
        DatasetKind::Gauss => tr("Classification: two Gaussian blobs"),
        DatasetKind::Spiral => tr("Classification: interleaved spirals, two or more (Classes)"),
        DatasetKind::Blobs => tr("Classification: Gaussian clusters, two or more (Classes)"),
        DatasetKind::RegPlane => tr("Regression: (x1 + x2) / 10, freshly generated"),
        DatasetKind::RegGauss => tr("Regression: six signed bumps"),
    }
}

/// A drawing's count, pen and Clear; returns `true` when Clear drawing was clicked.
fn drawing_ui(ui: &mut egui::Ui, points: usize, pen: &mut f64) -> bool {
    ui.label(trf!("Drawn: {} points", points));
    ui.weak(tr(
        "On the heatmap: click adds a point of the pen's value, shift-click its opposite, \
         right-click erases",
    ));
    ui.horizontal(|ui| {
        let label = ui.label(tr("Pen"));
        ui.add(egui::Slider::new(pen, -1.0..=1.0).step_by(0.05))
            .labelled_by(label.id)
            .on_hover_text(tr(
                "The value a click draws: +1 blue class, −1 orange class, or any target for \
                 regression",
            ));
        if ui
            .button("+1")
            .on_hover_text(tr("The blue class"))
            .clicked()
        {
            *pen = 1.0;
        }
        if ui
            .button("−1")
            .on_hover_text(tr("The orange class"))
            .clicked()
        {
            *pen = -1.0;
        }
    });
    ui.button(tr("Clear drawing"))
        .on_hover_text(tr("Erase every point and draw from nothing"))
        .clicked()
}

/// The features' check boxes; returns the one toggled.
fn features_ui(ui: &mut egui::Ui, features: &[Feature]) -> Option<Feature> {
    let mut toggled = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(tr("Features")).on_hover_text(tr(
            "What the network sees of a point (x1, x2); none ticked: the raw inputs",
        ));
        for f in Feature::ALL {
            let mut on = uses_feature(features, f);
            if ui
                .checkbox(&mut on, f.label())
                .on_hover_text(trf!("Feed {} to the network", f.label()))
                .changed()
            {
                toggled = Some(f);
            }
        }
    });
    toggled
}

/// `true` when `features` feed `f` to the network (none: the raw inputs x1 and x2).
fn uses_feature(features: &[Feature], f: Feature) -> bool {
    if features.is_empty() {
        matches!(f, Feature::X1 | Feature::X2)
    } else {
        features.contains(&f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_without_a_change_copies_nothing_not_even_a_large_drawing() {
        let mut panel = DataPanel::default();
        let points: Vec<[f64; 3]> = (0..100_000).map(|k| [k as f64, 0.0, 1.0]).collect();
        panel.spec.source = DataSource::Drawn(points);
        let ctx = egui::Context::default();
        let before = CLONES.with(std::cell::Cell::get);
        for _ in 0..3 {
            let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
                assert_eq!(panel.ui(ui), None);
            });
            out.textures_delta.clear();
        }
        assert_eq!(
            CLONES.with(std::cell::Cell::get),
            before,
            "no copy per frame"
        );
    }

    #[test]
    fn features_toggle_from_the_raw_inputs_and_never_to_none() {
        let mut p = DataPanel::default();
        assert!(p.uses_feature(Feature::X1) && p.uses_feature(Feature::X2));
        assert!(!p.uses_feature(Feature::X1sq));
        p.toggle_feature(Feature::X1sq);
        assert_eq!(p.features, [Feature::X1, Feature::X2, Feature::X1sq]);
        p.toggle_feature(Feature::X1);
        assert_eq!(p.features, [Feature::X2, Feature::X1sq]);
        p.toggle_feature(Feature::X1sq);
        p.toggle_feature(Feature::X2);
        assert_eq!(p.features, [Feature::X2], "the last one stays");
        p.toggle_feature(Feature::X1);
        assert!(p.features.is_empty(), "x1 and x2 alone are the raw inputs");
    }
}
