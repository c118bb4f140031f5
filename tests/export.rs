//! The Python exports against `scratchnet predict`: every activation, every input feature
//! and standardisation, run by NumPy (CI requires it) and by PyTorch wherever it imports.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{predict, python_has, scratchnet, stderr, stdout, write};
use scratchnet::data::{Feature, Preprocess, Standardize};
use scratchnet::model_file::{self, Model};
use scratchnet::nn::{Activation, Init, Network};

/// A model of `layers` and `activations` with Xavier weights, saved as `dir/name`.
fn model(
    dir: &Path,
    name: &str,
    (layers, activations): (&[usize], &[Activation]),
    preprocess: Preprocess,
    classes: Option<Vec<String>>,
) -> PathBuf {
    let network = Network::initialized(
        layers,
        activations,
        Init::Xavier,
        &mut scratchnet::seeded(7),
    )
    .unwrap();
    let model = Model {
        network,
        training: None,
        data: None,
        epoch: 0,
        history: None,
        preprocess,
        optimizer_state: None,
        shuffle_rng: None,
        classes,
        runs: Vec::new(),
    };
    let path = dir.join(name);
    model_file::save(&model, &path).unwrap();
    path
}

/// 61 rows over [−6, 6] × [−3, 3], 0 among them, a note column `predict` ignores.
fn rows(dir: &Path) -> PathBuf {
    let mut text = String::from("x1,x2,note\n");
    for k in 0..=60 {
        let t = f64::from(k) / 60.0;
        text += &format!("{},{},n{k}\n", -6.0 + 12.0 * t, 3.0 * (7.0 * t).sin());
    }
    write(dir, "rows.csv", &text)
}

/// The cells of a CSV, header first.
fn cells(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// `true` when `theirs` is `ours` within `relative` of the value, the value floored at
/// a millionth of the column's largest (so that a prediction near 0 is judged by its
/// column's scale, not by its own).
fn agree(ours: f64, theirs: f64, column_max: f64, relative: f64) -> bool {
    (ours - theirs).abs() <= relative * ours.abs().max(1e-6 * column_max)
}

/// Runs the exported `script` on `rows` and compares what it prints with `predict`'s file.
fn round_trip(script: &Path, model: &Path, rows: &Path, relative: f64) {
    let out = script.with_extension("csv");
    predict(model, rows, &out);
    let run = Command::new("python3")
        .arg(script)
        .arg(rows)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}: {}",
        script.display(),
        stderr(&run)
    );
    let ours = cells(&fs::read_to_string(&out).unwrap());
    let theirs = cells(&stdout(&run));
    assert_eq!(ours.len(), theirs.len(), "{}: rows", script.display());
    assert_eq!(ours[0], theirs[0], "the same header");
    let numeric: Vec<usize> = (0..ours[0].len())
        .filter(|&c| ours[0][c] != "class")
        .collect();
    for &c in &numeric {
        let column: Vec<(f64, f64)> = ours[1..]
            .iter()
            .zip(&theirs[1..])
            .map(|(a, b)| (a[c].parse().unwrap(), b[c].parse().unwrap()))
            .collect();
        let max = column.iter().fold(0.0f64, |m, (a, _)| m.max(a.abs()));
        for (row, (a, b)) in column.iter().enumerate() {
            assert!(
                agree(*a, *b, max, relative),
                "{}: column {}, row {row}: {a} (predict) vs {b}",
                script.display(),
                ours[0][c]
            );
        }
    }
    if let Some(c) = ours[0].iter().position(|h| h == "class") {
        for (a, b) in ours[1..].iter().zip(&theirs[1..]) {
            assert_eq!(a[c], b[c], "the same class");
        }
    }
}

/// Exports `model` as `format` to `dir/name`.
fn export(model: &Path, format: &str, dir: &Path, name: &str) -> PathBuf {
    let script = dir.join(name);
    let o = scratchnet(&[
        "export",
        "--model-in",
        model.to_str().unwrap(),
        "--format",
        format,
        "--out",
        script.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    script
}

/// The models that together hold every activation, every feature and standardisation:
/// one deep model (all seven features, standardised, a hidden layer of each activation,
/// a softmax over three named classes) and, for each activation but softmax, `[2,4,2]`
/// with it in both layers, on the raw inputs.
fn every_kind_of_model(dir: &Path) -> Vec<PathBuf> {
    let per_node: Vec<Activation> = Activation::ALL
        .into_iter()
        .filter(|a| *a != Activation::Softmax)
        .collect();
    let mut layers = vec![Feature::ALL.len()];
    layers.extend(std::iter::repeat_n(5, per_node.len()));
    layers.push(3);
    let mut activations = per_node.clone();
    activations.push(Activation::Softmax);
    let deep = Preprocess {
        features: Feature::ALL.to_vec(),
        standardize: Some(Standardize {
            mean: vec![0.25, -0.5],
            std: vec![2.5, 1.5],
        }),
    };
    let classes = Some(vec!["a".into(), "b".into(), "c".into()]);
    let mut models = vec![model(
        dir,
        "deep.json",
        (&layers, &activations),
        deep,
        classes,
    )];
    for a in per_node {
        models.push(model(
            dir,
            &format!("{}.json", a.name()),
            (&[2, 4, 2], &[a, a]),
            Preprocess::default(),
            None,
        ));
    }
    models
}

/// Exports every kind of model as `format` and, where python3 imports `module`, checks
/// each file's predictions against `predict`'s.
fn round_trips(format: &str, module: &str, required_by: &str) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let models = every_kind_of_model(d);
    let scripts: Vec<PathBuf> = models
        .iter()
        .enumerate()
        .map(|(k, m)| export(m, format, d, &format!("{format}{k}.py")))
        .collect();
    if format == "pytorch" {
        let text = fs::read_to_string(&scripts[0]).unwrap();
        assert!(text.contains("nn.Sequential(*layers)") && text.contains(".double()"));
    }
    if !python_has(module, required_by) {
        return;
    }
    let rows = rows(d);
    for (script, model) in scripts.iter().zip(&models) {
        round_trip(script, model, &rows, 1e-12);
    }
}

#[test]
fn the_numpy_export_predicts_what_predict_writes_for_every_activation_and_feature() {
    round_trips("numpy", "numpy", "SCRATCHNET_REQUIRE_NUMPY");
}

#[test]
fn the_pytorch_export_predicts_what_predict_writes_wherever_torch_imports() {
    round_trips("pytorch", "torch", "SCRATCHNET_REQUIRE_TORCH");
}

#[test]
fn the_tolerance_is_relative_floored_at_the_columns_scale() {
    assert!(agree(1.0, 1.0 + 5e-13, 1.0, 1e-12));
    assert!(!agree(1.0, 1.0 + 5e-12, 1.0, 1e-12));
    // Near 0, the column's scale decides: 1e-20 off a value of 1e-15 is fine in a column
    // reaching 1, 1e-17 off is not.
    assert!(agree(1e-15, 1e-15 + 1e-20, 1.0, 1e-12));
    assert!(!agree(1e-15, 2e-15, 1.0, 1e-12));
    assert!(!agree(0.0, 1e-17, 1.0, 1e-12));
}
