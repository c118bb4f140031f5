//! The `scratchnet` binary as a user runs it: `train` and `bench`, good and bad input.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{predict, scratchnet, stderr, stdout, write};

#[test]
fn default_training_without_shuffling_prints_the_reference_demo_numbers() {
    let o = scratchnet(&["train", "--no-shuffle"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 11, "epoch 1, every 10th, the last: {out}");
    assert!(lines[0].starts_with("[Epoch 1/100] train_loss: 0.12389566068516679 test_loss: "));
    assert!(
        lines[10].starts_with(
            "[Epoch 100/100] train_loss: 0.0002520526996522238 test_loss: 0.0002511479430043947 test_rmse: "
        ),
        "{}",
        lines[10]
    );
    assert!(
        lines[10].contains(" test_r2: 0.99"),
        "the last line carries the test metric"
    );
}

#[test]
fn the_bundled_csvs_give_the_same_numbers_as_the_plane_dataset() {
    let o = scratchnet(&[
        "train",
        "--data",
        "assets/data/plane_train.csv",
        "--test-data",
        "assets/data/plane_test.csv",
        "--batch-size",
        "4",
        "--no-shuffle",
        "--verbose",
        "100",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("[Epoch 1/100] train_loss: 0.12149193321487854 test_loss: "));
    assert!(lines[1].starts_with(
        "[Epoch 100/100] train_loss: 0.0006759402849880302 test_loss: 0.0007022832958805394 "
    ));
}

#[test]
fn history_and_model_files_are_written_and_a_saved_model_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    let history = dir.path().join("h.csv");
    let o = scratchnet(&[
        "train",
        "--dataset",
        "xor",
        "--noise",
        "0.1",
        "--layers",
        "2,4,1",
        "--activation",
        "tanh",
        "--init",
        "xavier",
        "--seed",
        "3",
        "--epochs",
        "7",
        "--lr",
        "0.03",
        "--model-out",
        model.to_str().unwrap(),
        "--history",
        history.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = fs::read_to_string(&history).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "epoch,train_loss,test_loss,train_accuracy,test_accuracy"
    );
    assert_eq!(rows.len(), 8);
    assert!(rows[7].starts_with("7,"));
    let last_printed = stdout(&o).lines().last().unwrap().to_string();
    let fields: Vec<&str> = rows[7].split(',').collect();
    assert_eq!(
        last_printed,
        format!(
            "[Epoch 7/7] train_loss: {} test_loss: {} test_accuracy: {}",
            fields[1], fields[2], fields[4]
        )
    );

    let saved = scratchnet::model_file::load(&model).unwrap();
    assert_eq!(saved.network.layers(), [2, 4, 1]);
    assert_eq!(saved.epoch, 7);
    assert_eq!(saved.history.as_ref().unwrap().len(), 7);

    let model2 = dir.path().join("m2.json");
    let o = scratchnet(&[
        "train",
        "--dataset",
        "xor",
        "--noise",
        "0.1",
        "--model-in",
        model.to_str().unwrap(),
        "--epochs",
        "3",
        "--model-out",
        model2.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let resumed = scratchnet::model_file::load(&model2).unwrap();
    assert_eq!(resumed.epoch, 10);
    assert_eq!(resumed.network.activations(), saved.network.activations());
    assert_ne!(resumed.network, saved.network, "training went on");
}

#[test]
fn regression_history_has_rmse_and_r2_columns() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("h.csv");
    let o = scratchnet(&[
        "train",
        "--epochs",
        "3",
        "--history",
        history.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = fs::read_to_string(&history).unwrap();
    assert!(csv.starts_with("epoch,train_loss,test_loss,train_rmse,test_rmse,train_r2,test_r2\n"));
}

#[test]
fn adam_with_cross_entropy_features_and_early_stopping_round_trips_through_the_model_file() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    let args = [
        "train",
        "--dataset",
        "circle",
        "--layers",
        "4,6,1",
        "--features",
        "x1,x2,x1sq,x2sq",
        "--activation",
        "tanh",
        "--output-activation",
        "tanh",
        "--init",
        "xavier",
        "--optimizer",
        "adam",
        "--lr",
        "0.01",
        "--loss",
        "bce",
        "--regularization",
        "l2",
        "--reg-rate",
        "0.001",
        "--lr-schedule",
        "step:20:0.5",
        "--batch-size",
        "10",
        "--epochs",
        "40",
        "--patience",
        "5",
        "--restore-best",
    ];
    let mut full: Vec<&str> = args.to_vec();
    let m = model.to_str().unwrap().to_string();
    full.extend(["--model-out", &m]);
    let o = scratchnet(&full);
    assert!(o.status.success(), "{}", stderr(&o));
    let last = stdout(&o).lines().last().unwrap().to_string();
    let accuracy: f64 = last.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(accuracy >= 0.95, "circle with x1², x2² is easy: {last}");
    let saved = scratchnet::model_file::load(&model).unwrap();
    let t = saved.training.unwrap();
    assert_eq!(t.config.optimizer.kind, scratchnet::nn::OptimizerKind::Adam);
    assert_eq!(t.config.loss, scratchnet::nn::Loss::BinaryCrossEntropy);
    assert_eq!(saved.preprocess.features.len(), 4);
    assert_eq!(t.config.regularization, scratchnet::nn::Regularization::L2);
    assert_eq!(t.config.reg_rate, 0.001);
    assert_eq!(
        t.config.schedule,
        scratchnet::nn::Schedule::Step {
            every: 20,
            factor: 0.5
        }
    );
    assert_eq!(t.stop.patience, Some(5));
    assert!(t.stop.restore_best);
    let state = saved.optimizer_state.unwrap();
    assert_eq!(state.first.len(), saved.network.parameter_count());
    // 250 training samples in batches of 10: 25 Adam steps an epoch.
    assert_eq!(state.step, 25 * saved.epoch);

    // Resumed from the file, the optimizer continues from its saved state and the epoch
    // count from the saved one.
    let resumed = dir.path().join("resumed.json");
    let o = scratchnet(&[
        "train",
        "--dataset",
        "circle",
        "--model-in",
        &m,
        "--optimizer",
        "adam",
        "--lr",
        "0.01",
        "--loss",
        "bce",
        "--batch-size",
        "10",
        "--epochs",
        "1",
        "--model-out",
        resumed.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let after = scratchnet::model_file::load(&resumed).unwrap();
    assert_eq!(after.epoch, saved.epoch + 1);
    assert_eq!(after.optimizer_state.unwrap().step, state.step + 25);
    assert_ne!(
        after.network, saved.network,
        "one more epoch moved the weights"
    );
    let history = after.history.unwrap();
    assert_eq!(history.epoch.last(), Some(&(saved.epoch + 1)));
    assert_eq!(history.len(), saved.history.unwrap().len() + 1);
}

#[test]
fn a_resumed_run_continues_exactly_where_the_saved_one_stopped() {
    let adam_with_a_schedule = [
        "--optimizer",
        "adam",
        "--lr",
        "0.05",
        "--lr-schedule",
        "step:3:0.5",
    ];
    let l1_killing_links = [
        "--lr",
        "0.05",
        "--regularization",
        "l1",
        "--reg-rate",
        "0.1",
    ];
    for settings in [&adam_with_a_schedule[..], &l1_killing_links[..]] {
        let dir = tempfile::tempdir().unwrap();
        let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
        let common = [
            "train",
            "--dataset",
            "gauss",
            "--noise",
            "0.2",
            "--layers",
            "2,4,1",
            "--activation",
            "tanh",
            "--init",
            "xavier",
            "--seed",
            "7",
            "--batch-size",
            "16",
        ];
        let run = |extra: &[&str]| {
            let mut args: Vec<&str> = common.to_vec();
            args.extend_from_slice(settings);
            args.extend_from_slice(extra);
            let o = scratchnet(&args);
            assert!(o.status.success(), "{}", stderr(&o));
        };
        let (whole, half, resumed) = (path("whole.json"), path("half.json"), path("resumed.json"));
        run(&["--epochs", "8", "--model-out", &whole]);
        run(&["--epochs", "4", "--model-out", &half]);
        run(&[
            "--epochs",
            "4",
            "--model-in",
            &half,
            "--model-out",
            &resumed,
        ]);
        let load = |p: &str| scratchnet::model_file::load(Path::new(p)).unwrap();
        let (whole, half, resumed) = (load(&whole), load(&half), load(&resumed));
        assert_eq!(resumed.epoch, 8);
        assert_eq!(
            resumed.network, whole.network,
            "{settings:?}: bit for bit, shuffled order included"
        );
        assert_eq!(resumed.optimizer_state, whole.optimizer_state);
        assert_eq!(
            resumed.history.unwrap().epoch,
            (1..=8).collect::<Vec<u64>>()
        );
        if settings.contains(&"l1") {
            // Links died in the first half, were saved, and stayed dead after it.
            let dead_then = half.optimizer_state.unwrap().dead;
            assert!(!dead_then.is_empty(), "no link died in 4 epochs");
            let dead_now = whole.optimizer_state.unwrap().dead;
            assert!(dead_then.iter().all(|k| dead_now.contains(k)));
            assert!(dead_now.iter().all(|&k| whole.network.weights()[k] == 0.0));
        }
    }
}

#[test]
fn bench_json_prints_one_object_per_workload() {
    let o = scratchnet(&["bench", "--json", "--seconds", "0.05"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let objects: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 3);
    for (obj, (id, samples)) in objects.iter().zip([("a", 600), ("b", 500), ("c", 500)]) {
        assert_eq!(obj["workload"], id);
        assert!(
            obj["description"].as_str().unwrap().contains("batch"),
            "{obj}"
        );
        assert_eq!(obj["samples"], samples, "{obj}");
        assert_eq!(obj["runs"], 5, "{obj}");
        let number = |key: &str| obj[key].as_f64().unwrap_or_else(|| panic!("{key}: {obj}"));
        let (epochs, seconds) = (number("epochs"), number("seconds"));
        assert!(epochs >= 1.0, "epochs of each run: {obj}");
        assert!(seconds > 0.0, "{obj}");
        assert!(obj.get("final_train_loss").is_none(), "{obj}");
        let (min, median, max) = (
            number("min_sample_steps_per_s"),
            number("sample_steps_per_s"),
            number("max_sample_steps_per_s"),
        );
        assert!(0.0 < min && min <= median && median <= max, "{obj}");
        // The overall rate of the five runs lies between the slowest and the fastest.
        let overall = 5.0 * epochs * samples as f64 / seconds;
        assert!(
            min * 0.999 <= overall && overall <= max * 1.001,
            "{overall}: {obj}"
        );
    }
    let o = scratchnet(&["bench", "--json", "--seconds", "0.05", "--workload", "b"]);
    let out = stdout(&o);
    let only_b: Vec<&str> = out.lines().collect();
    assert_eq!(only_b.len(), 1);
    assert!(only_b[0].contains(r#""workload":"b""#), "{only_b:?}");
}

/// The C yardstick's workloads (`../shared/bench/`: its data and initial weights, copied
/// to `tests/fixtures/bench/`), shortened, with the final train losses `c_ref` prints for
/// the same epochs.
const C_WORKLOADS: [(&str, &str, &str, &str, f64); 3] = [
    (
        "plane_train.csv",
        "init_a.json",
        "4",
        "100",
        0.0006759402849880302,
    ),
    (
        "circle_train.csv",
        "init_b.json",
        "10",
        "100",
        0.5008354907223886,
    ),
    (
        "circle_train.csv",
        "init_c.json",
        "10",
        "5",
        0.5101210041425083,
    ),
];

#[test]
fn bench_trains_your_own_workload_to_the_c_loops_loss_with_every_kernel() {
    let dir = "tests/fixtures/bench";
    for (data, model, batch, epochs, c_loss) in C_WORKLOADS {
        for kernels in ["scalar", "avx2"] {
            let o = scratchnet(&[
                "bench",
                "--data",
                &format!("{dir}/{data}"),
                "--model-in",
                &format!("{dir}/{model}"),
                "--batch-size",
                batch,
                "--epochs",
                epochs,
                "--lr",
                "0.02",
                "--no-shuffle",
                "--runs",
                "2",
                "--kernels",
                kernels,
                "--json",
            ]);
            if kernels == "avx2" && !o.status.success() {
                // A machine without AVX2 says so, and that is all, unless CI requires it.
                assert!(stderr(&o).contains("cannot run avx2"), "{}", stderr(&o));
                assert!(
                    std::env::var_os("SCRATCHNET_REQUIRE_AVX2").is_none_or(|v| v == "0"),
                    "SCRATCHNET_REQUIRE_AVX2 is set, but: {}",
                    stderr(&o)
                );
                // Straight to the terminal: the test harness keeps a passing test's eprintln! to itself.
                let _ = std::io::Write::write_all(
                    &mut std::io::stderr(),
                    b"SKIPPED: the AVX2 kernels against the C loop: no AVX2 here\n",
                );
                continue;
            }
            assert!(o.status.success(), "{model} {kernels}: {}", stderr(&o));
            let obj: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
            assert_eq!(obj["workload"], "custom");
            assert_eq!(obj["kernels"], kernels, "{obj}");
            assert_eq!(obj["runs"], 2, "{obj}");
            assert_eq!(obj["epochs"], epochs.parse::<u64>().unwrap(), "{obj}");
            // The whole file trains (no test split).
            let rows = std::fs::read_to_string(format!("{dir}/{data}"))
                .unwrap()
                .lines()
                .count()
                - 1;
            assert_eq!(obj["samples"], rows, "{obj}");
            assert_eq!(
                obj["final_train_loss"].as_f64(),
                Some(c_loss),
                "{model} with {kernels} kernels: {obj}"
            );
            let number = |key: &str| obj[key].as_f64().unwrap();
            assert!(
                number("min_sample_steps_per_s") <= number("sample_steps_per_s")
                    && number("sample_steps_per_s") <= number("max_sample_steps_per_s"),
                "{obj}"
            );
        }
    }
}

#[test]
fn bench_of_your_own_workload_refuses_the_built_in_flags_and_a_diverging_run() {
    let o = scratchnet(&["bench", "--dataset", "circle", "--seconds", "1"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("--seconds is for the built-in workloads"));
    let o = scratchnet(&["bench", "--epochs", "2", "--workload", "a"]);
    assert!(stderr(&o).contains("--workload is for the built-in workloads"));
    let o = scratchnet(&[
        "bench",
        "--dataset",
        "circle",
        "--epochs",
        "3",
        "--lr",
        "1e200",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("diverged"), "{}", stderr(&o));
    for bad in ["0", "-1", "x"] {
        let o = scratchnet(&["bench", "--dataset", "circle", "--runs", bad]);
        assert_eq!(o.status.code(), Some(2), "--runs {bad}");
    }
    let o = scratchnet(&["bench", "--kernels", "neon"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("scalar, avx2"), "{}", stderr(&o));
}

#[test]
fn bench_refuses_durations_it_cannot_run() {
    for bad in ["nan", "inf", "-1", "0", "1e9", "soon"] {
        let o = scratchnet(&["bench", "--seconds", bad]);
        assert_eq!(o.status.code(), Some(2), "--seconds {bad}: {}", stderr(&o));
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("--seconds") && err.contains(bad), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// Runs a command that must fail: non-zero exit, one line on stderr containing every
/// `expected` fragment, nothing on stdout, and the pre-existing output file untouched.
fn refused(args: &[&str], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let out_file = write(dir.path(), "out.json", "precious");
    let mut full: Vec<&str> = args.to_vec();
    let out_str = out_file.to_str().unwrap().to_string();
    if args.first() == Some(&"train") {
        full.extend(["--model-out", &out_str]);
    }
    let o = scratchnet(&full);
    let err = stderr(&o);
    assert!(!o.status.success(), "{args:?} succeeded");
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "{args:?}: one line, got {err:?}"
    );
    for fragment in expected {
        assert!(
            err.contains(fragment),
            "{args:?}: {err:?} lacks {fragment:?}"
        );
    }
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        fs::read_to_string(&out_file).unwrap(),
        "precious",
        "{args:?}"
    );
}

#[cfg(feature = "gui")]
#[test]
fn gui_refuses_the_flags_only_train_uses() {
    for flag in ["--model-out", "--history", "--verbose"] {
        refused(&["gui", flag, "1"], &[flag]);
    }
}

#[cfg(feature = "gui")]
#[test]
fn gui_refuses_an_exit_time_it_cannot_count() {
    for seconds in ["1e300", "inf", "nan", "-1", "soon"] {
        refused(
            &["gui", "--exit-after", seconds],
            &["--exit-after", "is no time"],
        );
    }
}

#[test]
fn a_run_that_diverges_says_so_in_one_line_with_the_rate_in_its_shortest_form() {
    let o = scratchnet(&["train", "--lr", "1e300", "--epochs", "3"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    let last = err.trim_end().lines().last().unwrap_or("");
    assert!(last.starts_with("error: training diverged"), "{err}");
    assert!(last.contains("(now 1e300)"), "{last}");
    assert!(last.len() < 200, "{last}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn hidden_layers_alone_fit_the_input_and_output_layers_to_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    let m = model.to_str().unwrap();
    let spiral = ["train", "--dataset", "spiral", "--epochs", "1"];
    let seven = ["--features", "x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2"];
    let args = |extra: &[&'static str]| -> Vec<&str> {
        let mut all = spiral.to_vec();
        all.extend_from_slice(&seven);
        all.extend_from_slice(extra);
        all
    };
    refused(
        &args(&["--layers", "2,8,8,1"]),
        &["--layers", "7 inputs", "--hidden"],
    );
    let layers_of = |args: &[&str]| -> serde_json::Value {
        let o = scratchnet(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let v: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&model).unwrap()).unwrap();
        v["layers"].clone()
    };
    let mut with_out = args(&["--hidden", "8,8", "--model-out"]);
    with_out.push(m);
    assert_eq!(layers_of(&with_out), serde_json::json!([7, 8, 8, 1]));
    // Three classes with cross-entropy: three outputs; none: no hidden layer.
    let three = [
        "train",
        "--dataset",
        "spiral",
        "--classes",
        "3",
        "--output-activation",
        "softmax",
        "--loss",
        "ce",
        "--epochs",
        "1",
        "--hidden",
        "5",
        "--model-out",
        m,
    ];
    assert_eq!(layers_of(&three), serde_json::json!([2, 5, 3]));
    let none = [
        "train",
        "--epochs",
        "1",
        "--hidden",
        "none",
        "--model-out",
        m,
    ];
    assert_eq!(layers_of(&none), serde_json::json!([2, 1]));
    // A resumed run checks the hidden layers against its model's.
    let resumed = ["train", "--epochs", "1", "--model-in", m, "--hidden", "3"];
    refused(&resumed, &["the model has layers [2, 1]", "[2, 3, 1]"]);
    refused(&["train", "--hidden", "8,x"], &["'x' is no layer size"]);
    refused(&["train", "--hidden", "8,0"], &["'0' is no layer size"]);
    refused(
        &["train", "--hidden", "8", "--layers", "2,8,1"],
        &["--hidden"],
    );
    // bench takes it too: a workload of its own.
    let o = scratchnet(&[
        "bench",
        "--dataset",
        "circle",
        "--hidden",
        "4,4",
        "--epochs",
        "2",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("[2, 4, 4, 1]") || stdout(&o).contains("[2,4,4,1]"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn train_help_lists_every_loss() {
    let o = scratchnet(&["train", "--help"]);
    assert!(o.status.success());
    let help = stdout(&o);
    // The flag's paragraph: its line and any continuation, up to the next flag.
    let mut lines = help.lines().skip_while(|l| !l.contains("--loss <"));
    let first = lines.next().unwrap_or("").to_string();
    let line = lines
        .take_while(|l| !l.trim_start().starts_with('-'))
        .fold(first, |text, l| text + " " + l);
    for loss in ["half-se", "mse", "bce", "ce"] {
        assert!(
            line.split([' ', ',', '(']).any(|w| w == loss),
            "--loss help lacks {loss}: {line:?}"
        );
    }
}

#[test]
fn a_resumed_run_refuses_features_or_layers_other_than_its_models() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    let m = model.to_str().unwrap();
    let base = ["train", "--dataset", "circle", "--epochs", "1"];
    fn with<'a>(base: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        args
    }
    let o = scratchnet(&with(
        &base,
        &[
            "--features",
            "x1,x2,x1sq",
            "--layers",
            "3,4,1",
            "--model-out",
            m,
        ],
    ));
    assert!(o.status.success(), "{}", stderr(&o));
    let o = scratchnet(&with(&base, &["--model-in", m, "--features", "x1,x2,x1sq"]));
    assert!(o.status.success(), "the same features: {}", stderr(&o));
    refused(
        &with(&base, &["--model-in", m, "--features", "x1,x2"]),
        &["--features differ from the features the model was trained on"],
    );
    refused(
        &with(&base, &["--model-in", m, "--layers", "3,5,1"]),
        &["m.json", "the model has layers [3, 4, 1]"],
    );
}

#[test]
fn bad_flags_and_values_are_one_line_errors() {
    refused(&["train", "--frobnicate"], &["--frobnicate"]);
    refused(&["train", "--batch-size", "0"], &["--batch-size"]);
    refused(&["train", "--layers", "2,0,1"], &["layer 1 has 0 nodes"]);
    refused(
        &["train", "--layers", "2"],
        &["give at least an input and an output layer"],
    );
    let no_hidden = scratchnet(&["train", "--layers", "2,1", "--epochs", "1"]);
    assert!(no_hidden.status.success(), "{}", stderr(&no_hidden));
    refused(&["train", "--layers", "2,1000000000,1"], &["at most 4096"]);
    refused(&["train", "--noise", "0.7"], &["--noise"]);
    refused(&["train", "--train-ratio", "1.5"], &["--train-ratio"]);
    refused(&["train", "--lr", "-1"], &["--lr"]);
    refused(&["train", "--activation", "softmax"], &["softmax"]);
    refused(&["train", "--dataset", "moons"], &["moons"]);
    refused(&["train", "--layers", "3,3,1"], &["3 inputs", "2 inputs"]);
    refused(&["train", "--epochs", "many"], &["many"]);
    refused(&["train", "--optimizer", "adamw"], &["adamw"]);
    refused(
        &["train", "--optimizer", "adam", "--beta1", "1.0"],
        &["beta1"],
    );
    refused(
        &["train", "--optimizer", "adam", "--beta2", "-0.5"],
        &["beta2"],
    );
    refused(&["train", "--optimizer", "rmsprop", "--eps", "0"], &["eps"]);
    refused(
        &["train", "--regularization", "l2", "--reg-rate", "-1"],
        &["regularization rate"],
    );
    refused(&["train", "--regularization", "l3"], &["l3"]);
    refused(&["train", "--loss", "hinge"], &["hinge"]);
    refused(&["train", "--lr-schedule", "cosine"], &["cosine"]);
    refused(&["train", "--lr-schedule", "step:0:0.5"], &["EVERY"]);
    refused(&["train", "--features", "x1,x3"], &["x3"]);
    refused(&["train", "--patience", "0"], &["--patience"]);
    refused(&["train", "--stop-loss", "-1"], &["--stop-loss"]);
}

#[test]
fn bad_csv_files_are_named_with_their_problem() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases = [
        ("empty.csv", "", "empty"),
        ("header.csv", "x1,x2,y\n", "no data rows"),
        ("ragged.csv", "x1,x2,y\n1,2,3\n4,5\n", "line 3"),
        (
            "text.csv",
            "x1,x2,y\n1,2,3\n1,two,3\n",
            "'two' is not a number",
        ),
        ("nan.csv", "x1,x2,y\n1,2,NaN\n", "not a finite number"),
        ("nox.csv", "a,b,y\n1,2,3\n", "no input column"),
        ("noy.csv", "x1,x2,z\n1,2,3\n", "no target column"),
    ];
    for (name, text, problem) in cases {
        let p = write(d, name, text);
        refused(&["train", "--data", p.to_str().unwrap()], &[name, problem]);
    }
    refused(
        &["train", "--data", "/no/such/train.csv"],
        &["/no/such/train.csv"],
    );
    let good = write(d, "good.csv", "x1,x2,y\n1,2,3\n4,5,6\n");
    let other = write(d, "other.csv", "x1,y\n1,3\n");
    refused(
        &[
            "train",
            "--data",
            good.to_str().unwrap(),
            "--test-data",
            other.to_str().unwrap(),
        ],
        &["other.csv", "differ"],
    );
}

#[test]
fn bad_model_files_are_named_with_their_problem() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let big = write(
        d,
        "big.json",
        r#"{"layers":[2,5,3],"weights":[],"biases":[]}"#,
    );
    let truncated = write(
        d,
        "cut.json",
        r#"{"format":"scratchnet.model","layers":[2,3"#,
    );
    let wrong = write(
        d,
        "wrong.json",
        r#"{"layers":[3,1],"weights":[[[1,2,3]]],"biases":[[0]]}"#,
    );
    let absurd = write(
        d,
        "absurd.json",
        r#"{"layers":[2,1000000000,1],"weights":[],"biases":[]}"#,
    );
    refused(
        &["train", "--model-in", big.to_str().unwrap()],
        &["big.json", "weight and bias layers"],
    );
    refused(
        &["train", "--model-in", truncated.to_str().unwrap()],
        &["cut.json", "not valid JSON"],
    );
    refused(
        &["train", "--model-in", wrong.to_str().unwrap()],
        &["wrong.json", "3 inputs"],
    );
    refused(
        &["train", "--model-in", absurd.to_str().unwrap()],
        &["absurd.json", "4096"],
    );
    refused(
        &["train", "--model-in", "/no/such/model.json"],
        &["/no/such/model.json"],
    );
}

#[test]
fn an_output_into_a_missing_folder_is_refused_before_training() {
    let o = scratchnet(&["train", "--model-out", "/no/such/folder/m.json"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "no epoch was trained");
}

/// The numbers of a JSON array, flattened.
fn numbers(v: &serde_json::Value) -> Vec<f64> {
    match v {
        serde_json::Value::Array(items) => items.iter().flat_map(numbers).collect(),
        n => vec![n.as_f64().expect("a number")],
    }
}

/// The reference's `[2,2,2]` example as its tuple, and its one sample as a CSV, in `d`.
fn seed_example(d: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let model = write(
        d,
        "m.json",
        "[[2,2,2], [[[0.15,0.2],[0.25,0.3]],[[0.4,0.45],[0.5,0.55]]], [[0.35,0.35],[0.6,0.6]]]",
    );
    let train = write(d, "train.csv", "x1,x2,y1,y2\n0.05,0.1,0.01,0.99\n");
    (model, train)
}

/// `scratchnet inspect` of the example's one sample with its learning rate, and `more`.
fn inspect_seed_example(
    model: &std::path::Path,
    train: &std::path::Path,
    more: &[&str],
) -> std::process::Output {
    let mut args = vec![
        "inspect",
        "--model-in",
        model.to_str().unwrap(),
        "--data",
        train.to_str().unwrap(),
        "--sample",
        "0",
        "--lr",
        "0.1",
    ];
    args.extend_from_slice(more);
    scratchnet(&args)
}

#[test]
fn inspect_prints_the_reference_examples_gradients_and_update() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // --data alone: the file is the data, one row is enough.
    let (model, train) = seed_example(d);
    let o = inspect_seed_example(&model, &train, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let close = |key: &str, want: &[f64]| {
        let got = numbers(&v[key]);
        assert_eq!(got.len(), want.len(), "{key}");
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "{key}: {got:?}");
        }
    };
    close(
        "grads_w",
        &[
            0.006706025259285303,
            0.013412050518570607,
            0.007487461943833829,
            0.014974923887667657,
            0.6501681244277691,
            0.6541291517796395,
            0.13937181955411934,
            0.1402209162240302,
        ],
    );
    close(
        "grads_b",
        &[
            0.13412050518570606,
            0.14974923887667657,
            1.09590596705977,
            0.23492140409646534,
        ],
    );
    close(
        "new_weights",
        &[
            0.14932939747407145,
            0.19865879494814295,
            0.2492512538056166,
            0.2985025076112332,
            0.3349831875572231,
            0.3845870848220361,
            0.48606281804458806,
            0.5359779083775971,
        ],
    );
    close(
        "new_biases",
        &[
            0.3365879494814294,
            0.33502507611233234,
            0.490409403294023,
            0.5765078595903534,
        ],
    );
    close("x", &[0.05, 0.1]);
    close("y", &[0.01, 0.99]);
    assert_eq!(v["sample"], 0);
    assert_eq!(numbers(&v["grads_b"]), numbers(&v["deltas"]));
    // Nested as the reference nests them: per layer, per node (, per input).
    for key in ["sums", "outs", "deltas", "grads_b", "new_biases"] {
        assert_eq!(v[key].as_array().unwrap().len(), 2, "{key}");
        assert_eq!(v[key][1].as_array().unwrap().len(), 2, "{key}");
    }
    assert_eq!(v["grads_w"][1][0].as_array().unwrap().len(), 2);
    assert!(v["loss"].as_f64().unwrap() > 0.0);

    // A sample past the end is refused, naming the range.
    let past = scratchnet(&[
        "inspect",
        "--model-in",
        model.to_str().unwrap(),
        "--data",
        train.to_str().unwrap(),
        "--sample",
        "1",
    ]);
    assert!(!past.status.success());
    assert!(stderr(&past).contains("has 1 samples"), "{}", stderr(&past));

    // K is the file's row K, in file order: every row of five, none split off.
    let rows: String = (0..5).map(|k| format!("{k}.5,{k},0.1,0.9\n")).collect();
    let five = write(d, "five.csv", &format!("x1,x2,y1,y2\n{rows}"));
    let m = model.to_str().unwrap();
    for k in 0..5 {
        let x = inspected_x(&[m, "--data", five.to_str().unwrap()], k);
        assert_eq!(x, [k as f64 + 0.5, k as f64], "row {k}");
    }
    // With a test file too, K counts the training file's rows.
    let test = write(d, "test.csv", &std::fs::read_to_string(&train).unwrap());
    let with_test = [
        m,
        "--data",
        five.to_str().unwrap(),
        "--test-data",
        test.to_str().unwrap(),
    ];
    assert_eq!(inspected_x(&with_test, 3), [3.5, 3.0]);
}

/// The inputs of sample `k` that `inspect --model-in` `args` shows.
fn inspected_x(args: &[&str], k: usize) -> Vec<f64> {
    let sample = k.to_string();
    let mut all = vec!["inspect", "--model-in"];
    all.extend_from_slice(args);
    all.extend(["--sample", &sample]);
    let o = scratchnet(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    numbers(&v["x"])
}

#[test]
fn inspect_takes_a_trained_models_own_data_and_learning_rate() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    let m = model.to_str().unwrap();
    let o = scratchnet(&[
        "train",
        "--dataset",
        "xor",
        "--noise",
        "0.1",
        "--layers",
        "2,4,1",
        "--activation",
        "tanh",
        "--init",
        "xavier",
        "--lr",
        "0.05",
        "--epochs",
        "3",
        "--model-out",
        m,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = scratchnet(&["inspect", "--model-in", m, "--sample", "7"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["learning_rate"], 0.05);
    assert_eq!(v["sample"], 7);
    // The model's xor data (labels ±1), not the plane's.
    let y = numbers(&v["y"]);
    assert!(y == [1.0] || y == [-1.0], "{y:?}");
    assert_eq!(numbers(&v["sums"]).len(), 5);
    // Other data given by flags replaces the model's; a wrong shape is refused.
    let o = scratchnet(&[
        "inspect",
        "--model-in",
        m,
        "--sample",
        "0",
        "--dataset",
        "plane",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(numbers(&v["y"])[0].abs() != 1.0);
    refused(
        &["inspect", "--model-in", m, "--sample", "0", "--lr", "-1"],
        &["--lr"],
    );
    refused(
        &[
            "inspect",
            "--model-in",
            m,
            "--sample",
            "0",
            "--features",
            "x1",
        ],
        &["--features"],
    );
}

#[test]
fn l1_l2_and_no_penalty_follow_tf_playgrounds_own_network_code() {
    // Test losses after 30 epochs computed by TF Playground's nn.ts (forwardProp, backProp,
    // updateWeights, with its dead links) run in node from the same start (the fixture:
    // [2,4,3,1], tanh, linear output) on the plane data, batch 10, lr 0.03, rate 0.003.
    let tf_playground = [
        ("l1", 0.0018302909651140649, 5),
        ("l2", 0.002035242414496577, 0),
        ("none", 0.0022127937716636802, 0),
    ];
    for (reg, tf_test_loss, tf_dead) in tf_playground {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("m.json");
        let o = scratchnet(&[
            "train",
            "--model-in",
            "tests/fixtures/tf_playground_start.json",
            "--data",
            "assets/data/plane_train.csv",
            "--test-data",
            "assets/data/plane_test.csv",
            "--lr",
            "0.03",
            "--batch-size",
            "10",
            "--no-shuffle",
            "--regularization",
            reg,
            "--reg-rate",
            "0.003",
            "--epochs",
            "30",
            "--verbose",
            "30",
            "--model-out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let last = stdout(&o).lines().last().unwrap().to_string();
        let test_loss: f64 = last
            .split("test_loss: ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no test loss in {last}"));
        let relative = (test_loss - tf_test_loss).abs() / tf_test_loss;
        assert!(relative < 1e-13, "{reg}: {test_loss} vs TF {tf_test_loss}");
        let model = scratchnet::model_file::load(&out).unwrap();
        let dead = model.optimizer_state.unwrap().dead.len();
        assert_eq!(dead, tf_dead, "{reg}: dead links");
    }
}

#[test]
fn a_diverging_run_stops_at_the_batch_says_so_and_still_writes_its_last_finite_state() {
    let dir = tempfile::tempdir().unwrap();
    let (model, history) = (dir.path().join("m.json"), dir.path().join("h.csv"));
    let o = scratchnet(&[
        "train",
        "--dataset",
        "circle",
        "--layers",
        "2,8,1",
        "--activation",
        "relu",
        "--init",
        "he",
        "--lr",
        "50",
        "--model-out",
        model.to_str().unwrap(),
        "--history",
        history.to_str().unwrap(),
    ]);
    assert!(!o.status.success(), "a diverged run fails");
    let err = stderr(&o);
    let last = err.lines().last().unwrap();
    assert!(
        last.starts_with("error: training diverged at epoch 1, batch "),
        "{err}"
    );
    assert!(
        last.ends_with(
            "(loss is not finite); kept the weights from before that batch; try a smaller \
             learning rate (now 50); --model-out and --history written with them"
        ),
        "{last}"
    );
    assert!(
        !stdout(&o).contains("NaN"),
        "no lines of NaN: {}",
        stdout(&o)
    );
    let saved: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&model).unwrap()).unwrap();
    let weights = numbers(&saved["weights"]);
    assert_eq!(weights.len(), 24);
    assert!(weights.iter().all(|w| w.is_finite()));
    assert!(weights.iter().any(|w| w.abs() > 1e10), "they did blow up");
    assert!(!fs::read_to_string(&history).unwrap().contains("NaN"));
}

#[test]
fn train_warns_about_a_configuration_that_cannot_learn() {
    let o = scratchnet(&[
        "train",
        "--dataset",
        "circle",
        "--layers",
        "2,4,1",
        "--activation",
        "tanh",
        "--output-activation",
        "tanh",
        "--epochs",
        "2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.lines()
            .any(|l| l.starts_with("warning: Every weight is 0 and tanh(0) = 0")),
        "{err}"
    );
    let fine = scratchnet(&["train", "--epochs", "1"]);
    assert!(!stderr(&fine).contains("warning"), "{}", stderr(&fine));
}

#[test]
fn three_blobs_train_with_softmax_and_cross_entropy_and_print_their_confusion() {
    let o = scratchnet(&[
        "train",
        "--dataset",
        "blobs",
        "--classes",
        "3",
        "--layers",
        "2,6,3",
        "--activation",
        "tanh",
        "--init",
        "xavier",
        "--output-activation",
        "softmax",
        "--loss",
        "ce",
        "--lr",
        "0.1",
        "--batch-size",
        "10",
        "--epochs",
        "60",
        "--confusion",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let last = out.lines().last().unwrap();
    assert!(
        last.contains("test_accuracy: 1"),
        "blobs are separable: {last}"
    );
    let err = stderr(&o);
    assert!(err.contains("ce loss"), "{err}");
    let matrix: Vec<&str> = err
        .lines()
        .skip_while(|l| !l.starts_with("true \\ said"))
        .collect();
    assert_eq!(
        matrix[0].split_whitespace().collect::<Vec<_>>(),
        ["true", "\\", "said", "0", "1", "2"]
    );
    // Each row: the class, then its counts; all on the diagonal.
    let mut total = 0;
    for (k, row) in matrix[1..4].iter().enumerate() {
        let cells: Vec<u64> = row
            .split_whitespace()
            .skip(1)
            .map(|c| c.parse().unwrap())
            .collect();
        assert_eq!(cells.len(), 3);
        for (j, c) in cells.iter().enumerate() {
            assert!(j == k || *c == 0, "{row}");
            total += c;
        }
    }
    assert_eq!(total, 249, "the test set: half of 498");
    assert_eq!(
        matrix[4],
        "per-class accuracy: 0 100.0%, 1 100.0%, 2 100.0%"
    );
    // Softmax needs a layer of classes.
    let o = scratchnet(&[
        "train",
        "--dataset",
        "circle",
        "--output-activation",
        "softmax",
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("softmax output needs at least 2 nodes"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_csv_with_a_label_column_trains_as_classes_and_the_model_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = String::from("x1,x2,label\n");
    for i in 0..60 {
        let (name, cx) = [("setosa", -3.0), ("versicolor", 0.0), ("virginica", 3.0)][i % 3];
        rows.push_str(&format!(
            "{},{},{name}\n",
            cx + (i % 7) as f64 * 0.1,
            (i % 5) as f64 * 0.1
        ));
    }
    let data = write(dir.path(), "iris.csv", &rows);
    let model = dir.path().join("m.json");
    let o = scratchnet(&[
        "train",
        "--data",
        data.to_str().unwrap(),
        "--layers",
        "2,4,3",
        "--activation",
        "tanh",
        "--init",
        "xavier",
        "--output-activation",
        "softmax",
        "--loss",
        "ce",
        "--lr",
        "0.3",
        "--epochs",
        "40",
        "--model-out",
        model.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let last = stdout(&o).lines().last().unwrap().to_string();
    assert!(last.contains("test_accuracy: 1"), "{last}");
    let saved: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&model).unwrap()).unwrap();
    assert_eq!(
        saved["classes"],
        serde_json::json!(["setosa", "versicolor", "virginica"])
    );
}

/// A small trained 3-class model with features and standardisation, and rows to predict.
fn three_class_model(dir: &Path) -> (PathBuf, PathBuf) {
    let model = dir.join("s3.json");
    let o = scratchnet(&[
        "train",
        "--dataset",
        "spiral",
        "--classes",
        "3",
        "--layers",
        "4,8,3",
        "--activation",
        "tanh",
        "--init",
        "xavier",
        "--output-activation",
        "softmax",
        "--loss",
        "ce",
        "--features",
        "x1,x2,x1sq,sinx1",
        "--standardize",
        "--epochs",
        "5",
        "--model-out",
        model.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = write(
        dir,
        "rows.csv",
        "x1,x2,note\n0.5,1.5,a\n-2,3,b\n4.25,-1,c\n1e-3,-5.5,d\n",
    );
    (model, rows)
}

#[test]
fn predict_writes_the_inputs_then_each_class_probability_and_the_class() {
    let dir = tempfile::tempdir().unwrap();
    let (model, rows) = three_class_model(dir.path());
    let out = dir.path().join("p.csv");
    let o = predict(&model, &rows, &out);
    assert!(
        stderr(&o).contains("4 predictions written"),
        "{}",
        stderr(&o)
    );
    let text = fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("x1,x2,y_pred:0,y_pred:1,y_pred:2,class"));
    // Each row is the network's output for its inputs through the model's features and
    // standardisation.
    let m = scratchnet::model_file::load(&model).unwrap();
    let mut cache = m.network.cache();
    let mut x = Vec::new();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let raw: Vec<f64> = cells[..2].iter().map(|c| c.parse().unwrap()).collect();
        m.preprocess.transform(&raw, &mut x);
        let out = m.network.forward(&x, &mut cache);
        let said: Vec<f64> = cells[2..5].iter().map(|c| c.parse().unwrap()).collect();
        assert_eq!(said, out, "{line}");
        assert_eq!(cells[5], scratchnet::nn::argmax(out).to_string());
    }
    // Data whose inputs do not fit is refused by name.
    let three = write(dir.path(), "three.csv", "x1,x2,x3\n1,2,3\n");
    let o = scratchnet(&[
        "predict",
        "--model-in",
        model.to_str().unwrap(),
        "--data",
        three.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("3"), "{}", stderr(&o));
}

/// The last epoch line's test accuracy.
fn final_test_accuracy(o: &Output) -> f64 {
    let out = stdout(o);
    let last = out.lines().last().expect("epoch lines");
    last.split("test_accuracy: ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no test accuracy in {last}"))
}

#[test]
fn a_three_class_spiral_and_four_blobs_are_learnt_to_95_percent() {
    let common = [
        "train",
        "--output-activation",
        "softmax",
        "--loss",
        "ce",
        "--init",
        "xavier",
        "--activation",
        "tanh",
        "--optimizer",
        "adam",
        "--lr",
        "0.01",
        "--batch-size",
        "10",
        "--verbose",
        "1000",
    ];
    let spiral = [
        "--dataset",
        "spiral",
        "--classes",
        "3",
        "--train-ratio",
        "0.8",
        "--features",
        "x1,x2,x1sq,x2sq,sinx1,sinx2",
        "--layers",
        "6,16,16,3",
        "--epochs",
        "400",
    ];
    let blobs = [
        "--dataset",
        "blobs",
        "--classes",
        "4",
        "--noise",
        "0.1",
        "--layers",
        "2,8,4",
        "--epochs",
        "100",
    ];
    for (name, flags) in [("spiral", &spiral[..]), ("blobs", &blobs[..])] {
        let args: Vec<&str> = common.iter().chain(flags).copied().collect();
        let o = scratchnet(&args);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let accuracy = final_test_accuracy(&o);
        assert!(accuracy >= 0.95, "{name}: test accuracy {accuracy}");
    }
}

#[test]
fn train_writes_the_run_as_an_animated_gif_of_up_to_sixty_frames() {
    let dir = tempfile::tempdir().unwrap();
    let gif_path = dir.path().join("run.gif");
    let o = scratchnet(&[
        "train",
        "--dataset",
        "circle",
        "--hidden",
        "4",
        "--activation",
        "tanh",
        "--init",
        "xavier",
        "--epochs",
        "12",
        "--animation",
        gif_path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = fs::read(&gif_path).unwrap();
    assert!(bytes.starts_with(b"GIF89a"));
    // Frames at every epoch from 0 to 12 (up to 60 frames, closer together early).
    let said = stderr(&o);
    let frames: usize = said
        .split("animation of ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{said}"));
    assert_eq!(frames, 13);
    // 480 × 480 pixels: the logical screen in the header.
    assert_eq!(u16::from_le_bytes([bytes[6], bytes[7]]), 480);
    assert_eq!(u16::from_le_bytes([bytes[8], bytes[9]]), 480);
    // With the diagram beside the map: twice as wide.
    let wide = dir.path().join("wide.gif");
    let o = scratchnet(&[
        "train",
        "--dataset",
        "xor",
        "--hidden",
        "3",
        "--epochs",
        "3",
        "--animation",
        wide.to_str().unwrap(),
        "--animation-diagram",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = fs::read(&wide).unwrap();
    assert_eq!(u16::from_le_bytes([bytes[6], bytes[7]]), 960);
    assert_eq!(u16::from_le_bytes([bytes[8], bytes[9]]), 480);
    // Data of three inputs has no plane to show: refused before training.
    let csv = write(
        dir.path(),
        "three.csv",
        "x1,x2,x3,y\n1,2,3,4\n2,3,4,5\n3,4,5,6\n",
    );
    let o = scratchnet(&[
        "train",
        "--data",
        csv.to_str().unwrap(),
        "--epochs",
        "2",
        "--animation",
        dir.path().join("no.gif").to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("2 input columns"), "{}", stderr(&o));
}

#[test]
fn inspect_explain_prints_each_neurons_equations_with_the_articles_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (model, train) = seed_example(d);
    let run = |more: &[&str]| {
        let o = inspect_seed_example(&model, &train, &[&["--explain"], more].concat());
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let text = run(&[]);
    for line in [
        "hidden layer 1, neuron 1",
        "  Forward propagation",
        "    z = w₁·x₁ + w₂·x₂ + b = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775",
        "    a = σ(z) = σ(0.3775) = 0.593270",
        "  Back-propagation",
        "output 2",
        "    w₁ ← w₁ − η·∂L/∂w₁ = 0.15 − 0.1·0.00670603 = 0.149329",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} in\n{text}");
    }
    // Every digit: the reference's new weight itself.
    assert!(run(&["--all-digits"]).contains("= 0.14932939747407145"));
}

#[test]
fn landscape_writes_the_loss_as_weights_move_and_its_slope_is_the_gradient() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (model, train) = seed_example(d);
    let out = d.join("l.csv");
    let run = |more: &[&str]| {
        let mut args = vec![
            "landscape",
            "--model-in",
            model.to_str().unwrap(),
            "--data",
            train.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(more);
        scratchnet(&args)
    };
    // w[1][0][0] (0.4): the seed's gradient 0.6501681244277691 for that sample, whose loss
    // is averaged over its two outputs.
    let o = run(&["--weight", "1,0,0", "--span", "1e-6", "--steps", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(&out).unwrap();
    let rows: Vec<Vec<f64>> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(|c| c.parse().unwrap()).collect())
        .collect();
    assert_eq!(text.lines().next(), Some("w[1][0][0],loss"));
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][0], 0.4);
    let slope = (rows[2][1] - rows[0][1]) / (rows[2][0] - rows[0][0]);
    assert!((slope - 0.6501681244277691 / 2.0).abs() < 1e-6, "{slope}");
    // Two: a row per pair, the first moving fastest.
    let o = run(&["--weight", "0,0,1", "--bias", "1,1", "--steps", "4"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().next(), Some("w[0][0][1],b[1][1],loss"));
    assert_eq!(text.lines().count(), 1 + 16);
    // A parameter the model does not have, or none: one line, nothing written.
    fs::remove_file(&out).unwrap();
    let o = run(&["--weight", "2,0,0"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("w[2][0][0]: the model's layers are [2, 2, 2]"),
        "{}",
        stderr(&o)
    );
    let o = run(&[]);
    assert!(
        stderr(&o).contains("name one or two parameters"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}
