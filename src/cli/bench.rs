//! `scratchnet bench`: sample steps per second on the three built-in workloads, or on any
//! experiment (`--data`, `--model-in`, … and `--epochs`).

use std::time::{Duration, Instant};

use clap::Args;
use serde::Serialize;

use crate::data::{DataSource, Dataset, DatasetKind, reference_plane};
use crate::experiment::{ExperimentArgs, ExperimentError};
use crate::nn::kernels::Isa;
use crate::nn::{Activation, Init, Network, NnError, TrainConfig, Trainer};

/// Flags of `scratchnet bench`.
#[derive(Debug, Clone, Default, Args)]
pub struct BenchArgs {
    /// Print one JSON object per workload, one per line.
    #[arg(long)]
    pub json: bool,
    /// Seconds to train each built-in workload (split into the timed runs), 0.01 to 600.
    #[arg(long, value_name = "SECONDS", value_parser = bench_seconds, allow_negative_numbers = true)]
    pub seconds: Option<f64>,
    /// Run only this built-in workload (a, b or c).
    #[arg(long, value_name = "ID", value_parser = ["a", "b", "c"])]
    pub workload: Option<String>,
    /// Timed runs, 1 to 1000; the figure is their median [default: 5].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub runs: Option<u32>,
    /// The instruction set to train with: scalar or avx2 [default: the widest this
    /// machine runs].
    #[arg(long, value_name = "ISA", value_parser = parse_isa)]
    pub kernels: Option<Isa>,
    /// Your own workload: the experiment flags of `train` (`--data` trains on the whole
    /// file, with no test split).
    #[command(flatten)]
    pub experiment: ExperimentArgs,
    /// Epochs of each timed run of your own workload, every run from the same weights
    /// [default: 100].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub epochs: Option<u64>,
}

impl BenchArgs {
    /// `true` when the flags describe a workload of the user's own.
    pub fn is_custom(&self) -> bool {
        self.experiment != ExperimentArgs::default() || self.epochs.is_some()
    }
}

/// Why `scratchnet bench` could not run.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// The workload cannot be set up.
    #[error(transparent)]
    Experiment(#[from] ExperimentError),
    /// The data does not suit the preprocessing.
    #[error(transparent)]
    Data(#[from] crate::data::DataError),
    /// The network cannot be trained with these settings.
    #[error(transparent)]
    Nn(#[from] NnError),
    /// Flags of the built-in workloads given with a workload of one's own.
    #[error("{0} is for the built-in workloads; your own workload runs --epochs N each run")]
    BuiltinFlag(&'static str),
    /// Training diverged, so the figure would not be training's.
    #[error("{0}; the benchmark measures training that stays finite: try a smaller learning rate")]
    Diverged(crate::nn::Divergence),
}

/// `--kernels`: an instruction set this machine runs.
fn parse_isa(text: &str) -> Result<Isa, String> {
    let isa = [Isa::Scalar, Isa::Avx2]
        .into_iter()
        .find(|isa| isa.name() == text)
        .ok_or_else(|| format!("'{text}' is not one of scalar, avx2"))?;
    if !isa.runs_here() {
        return Err(format!("this machine cannot run {text}"));
    }
    Ok(isa)
}

/// The shortest and longest time `--seconds` may ask for.
const SECONDS_RANGE: std::ops::RangeInclusive<f64> = 0.01..=600.0;

/// `--seconds`: a number of seconds in [`SECONDS_RANGE`].
fn bench_seconds(text: &str) -> Result<f64, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("'{text}' is not a number"))?;
    if !SECONDS_RANGE.contains(&seconds) {
        return Err(format!(
            "{seconds} is outside {} to {}",
            SECONDS_RANGE.start(),
            SECONDS_RANGE.end()
        ));
    }
    Ok(seconds)
}

/// One workload's measurement.
#[derive(Debug, Clone, Serialize)]
pub struct BenchResult {
    /// `"a"`, `"b"`, `"c"`, or `"custom"`.
    pub workload: &'static str,
    /// What was trained.
    pub description: String,
    /// Epochs of each timed run.
    pub epochs: usize,
    /// Samples per epoch.
    pub samples: usize,
    /// Seconds the timed runs took, all together.
    pub seconds: f64,
    /// Per-sample training steps per second (forward, back-propagation, accumulate; the
    /// updates included): the median of the timed runs.
    pub sample_steps_per_s: f64,
    /// The slowest timed run.
    pub min_sample_steps_per_s: f64,
    /// The fastest timed run.
    pub max_sample_steps_per_s: f64,
    /// How many timed runs there were.
    pub runs: usize,
    /// The train loss of the last epoch of a timed run (of your own workload, where every
    /// run starts from the same weights and ends on the same number).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub final_train_loss: Option<f64>,
    /// The instruction set the training loops ran on: `scalar` or `avx2`.
    pub kernels: &'static str,
}

/// Timed runs per workload by default; the reported figure is their median, which a
/// passing hiccup of a shared machine does not move.
const RUNS: usize = 5;

struct Workload {
    id: &'static str,
    description: &'static str,
    network: Network,
    data: Dataset,
    config: TrainConfig,
}

fn workloads() -> Vec<Workload> {
    let (plane, _) = reference_plane();
    let a_layers = [2, 3, 1];
    let a = Workload {
        id: "a",
        description: "plane, [2,3,1] sigmoid/identity, zeros, batch 4, lr 0.02, shuffled",
        network: Network::new(&a_layers, &Network::reference_activations(&a_layers))
            .expect("a valid shape"),
        data: plane,
        config: TrainConfig {
            batch_size: 4,
            learning_rate: 0.02,
            shuffle: true,
            ..TrainConfig::default()
        },
    };
    let mut rng = crate::seeded(0);
    let circle = DatasetKind::Circle
        .generate(0.0, &mut rng)
        .expect("noise 0 is valid");
    let b_layers = [2, 8, 8, 8, 1];
    let b = Workload {
        id: "b",
        description: "circle (500), [2,8,8,8,1] tanh, xavier, batch 10, lr 0.03, shuffled",
        network: Network::initialized(&b_layers, &[Activation::Tanh; 4], Init::Xavier, &mut rng)
            .expect("a valid shape"),
        data: circle.clone(),
        config: TrainConfig {
            batch_size: 10,
            learning_rate: 0.03,
            shuffle: true,
            ..TrainConfig::default()
        },
    };
    let c_layers = [2, 64, 64, 1];
    let c = Workload {
        id: "c",
        description: "circle (500), [2,64,64,1] sigmoid/identity, xavier, batch 10, lr 0.02, \
                      shuffled",
        network: Network::initialized(
            &c_layers,
            &Network::reference_activations(&c_layers),
            Init::Xavier,
            &mut rng,
        )
        .expect("a valid shape"),
        data: circle,
        config: TrainConfig {
            batch_size: 10,
            learning_rate: 0.02,
            shuffle: true,
            ..TrainConfig::default()
        },
    };
    vec![a, b, c]
}

/// The median, slowest and fastest of some rates.
fn spread(mut rates: Vec<f64>) -> (f64, f64, f64) {
    rates.sort_by(f64::total_cmp);
    (rates[rates.len() / 2], rates[0], rates[rates.len() - 1])
}

/// Trains every built-in workload (or only `only`) for about `seconds` each, in `runs`
/// timed runs, and measures its throughput. Training goes on from run to run.
pub fn run_bench(seconds: f64, only: Option<&str>, runs: usize, isa: Isa) -> Vec<BenchResult> {
    // NaN (which no flag lets through) becomes the shortest run, not a panic.
    let seconds = if seconds.is_nan() { 0.0 } else { seconds };
    let target =
        Duration::from_secs_f64(seconds.clamp(*SECONDS_RANGE.start(), *SECONDS_RANGE.end()));
    let runs = runs.max(1);
    workloads()
        .into_iter()
        .filter(|w| only.is_none_or(|id| id == w.id))
        .map(|w| {
            let Workload {
                id,
                description,
                mut network,
                data,
                config,
            } = w;
            let mut trainer = Trainer::new(&network, config, &data).expect("valid settings");
            trainer.set_isa(isa);
            let mut rng = crate::seeded(1);
            // Calibrate: double the epochs until a run takes a tenth of a timed run.
            let slice = target / runs as u32;
            let mut epochs = 1;
            loop {
                let start = Instant::now();
                for _ in 0..epochs {
                    trainer.train_epoch(&mut network, &data, &mut rng);
                }
                let took = start.elapsed();
                if took * 10 >= slice {
                    let per_epoch = took.as_secs_f64() / epochs as f64;
                    epochs = ((slice.as_secs_f64() / per_epoch).ceil() as usize).max(1);
                    break;
                }
                epochs *= 2;
            }
            let mut rates = Vec::with_capacity(runs);
            let mut seconds = 0.0;
            for _ in 0..runs {
                let start = Instant::now();
                for _ in 0..epochs {
                    trainer.train_epoch(&mut network, &data, &mut rng);
                }
                let took = start.elapsed().as_secs_f64();
                seconds += took;
                rates.push((epochs * data.len()) as f64 / took);
            }
            let (median, min, max) = spread(rates);
            BenchResult {
                workload: id,
                description: description.to_string(),
                epochs,
                samples: data.len(),
                seconds,
                sample_steps_per_s: median,
                min_sample_steps_per_s: min,
                max_sample_steps_per_s: max,
                runs,
                final_train_loss: None,
                kernels: trainer.isa().name(),
            }
        })
        .collect()
}

/// Trains the user's own workload `runs` times for `epochs` epochs, every run from the
/// same weights, optimizer memory and shuffling generator, and times the training alone
/// (the data is loaded and preprocessed before, nothing is evaluated).
pub fn run_custom_bench(
    experiment: &ExperimentArgs,
    epochs: u64,
    runs: usize,
    isa: Isa,
) -> Result<BenchResult, BenchError> {
    let mut experiment = experiment.clone();
    let flags = &mut experiment.data_flags;
    // The whole file trains, as the C yardstick's does: it is its own (unused) test set.
    if flags.data.is_some() && flags.test_data.is_none() {
        flags.test_data = flags.data.clone();
    }
    let setup = experiment.resolve()?;
    let (train, _) = setup.network_data()?;
    let runs = runs.max(1);
    let mut rates = Vec::with_capacity(runs);
    let mut seconds = 0.0;
    let mut final_loss = f64::NAN;
    let mut used = isa;
    for _ in 0..runs {
        let mut network = setup.network.clone();
        let mut trainer = Trainer::new(&network, setup.config, &train)?;
        trainer.set_isa(isa);
        used = trainer.isa();
        trainer.set_optimizer_state(setup.optimizer_state.clone());
        trainer.set_epoch(setup.start_epoch as usize);
        let mut rng = setup.shuffle_rng.clone();
        let start = Instant::now();
        for _ in 0..epochs {
            final_loss = trainer.train_epoch(&mut network, &train, &mut rng);
        }
        let took = start.elapsed().as_secs_f64();
        if let Some(divergence) = trainer.diverged() {
            return Err(BenchError::Diverged(divergence));
        }
        seconds += took;
        rates.push((epochs as f64 * train.len() as f64) / took);
    }
    let (median, min, max) = spread(rates);
    let config = setup.config;
    let description = format!(
        "{}, {:?} {}, batch {}, lr {}, {}, {} optimizer, {} loss",
        match &setup.data.source {
            DataSource::Csv { train, .. } => train.display().to_string(),
            DataSource::Builtin(kind) => kind.to_string(),
            DataSource::Drawn(points) => {
                format!("{} drawn points", crate::data::live_points(points))
            }
            DataSource::Page { kind, seed, .. } => format!("{kind} (TF Playground, seed {seed})"),
        },
        setup.network.layers(),
        setup
            .network
            .activations()
            .iter()
            .map(|a| a.to_string())
            .collect::<Vec<_>>()
            .join("/"),
        config.batch_size,
        config.learning_rate,
        if config.shuffle {
            "shuffled"
        } else {
            "file order"
        },
        config.optimizer.kind,
        config.loss,
    );
    Ok(BenchResult {
        workload: "custom",
        description,
        epochs: epochs as usize,
        samples: train.len(),
        seconds,
        sample_steps_per_s: median,
        min_sample_steps_per_s: min,
        max_sample_steps_per_s: max,
        runs,
        final_train_loss: Some(final_loss),
        kernels: used.name(),
    })
}

/// Runs the benchmark and prints its results, as text or as JSON lines.
pub fn print_bench(args: &BenchArgs) -> Result<(), BenchError> {
    let runs = args.runs.map_or(RUNS, |r| r as usize);
    let isa = args.kernels.unwrap_or_else(Isa::detect);
    let results = if args.is_custom() {
        if args.seconds.is_some() {
            return Err(BenchError::BuiltinFlag("--seconds"));
        }
        if args.workload.is_some() {
            return Err(BenchError::BuiltinFlag("--workload"));
        }
        vec![run_custom_bench(
            &args.experiment,
            args.epochs.unwrap_or(100),
            runs,
            isa,
        )?]
    } else {
        run_bench(
            args.seconds.unwrap_or(1.0),
            args.workload.as_deref(),
            runs,
            isa,
        )
    };
    for r in results {
        if args.json {
            match serde_json::to_string(&r) {
                Ok(line) => println!("{line}"),
                Err(e) => eprintln!("error: {e}"),
            }
        } else {
            let loss = r
                .final_train_loss
                .map(|l| format!("final train loss {l}; "))
                .unwrap_or_default();
            println!(
                "workload {}: {:>12.0} sample steps/s (median of {} runs, {:.0} to {:.0}; \
                 {} epochs of {} samples a run, {:.2} s in all; {loss}{} kernels; {})",
                r.workload,
                r.sample_steps_per_s,
                r.runs,
                r.min_sample_steps_per_s,
                r.max_sample_steps_per_s,
                r.epochs,
                r.samples,
                r.seconds,
                r.kernels,
                r.description
            );
        }
    }
    Ok(())
}
