//! `scratchnet bench`: sample steps per second on the two reference workloads.

use std::time::{Duration, Instant};

use clap::Args;
use serde::Serialize;

use crate::data::{Dataset, DatasetKind, reference_plane};
use crate::nn::{Activation, Init, Network, TrainConfig, Trainer};

/// Flags of `scratchnet bench`.
#[derive(Debug, Clone, Args)]
pub struct BenchArgs {
    /// Print one JSON object per workload, one per line.
    #[arg(long)]
    pub json: bool,
    /// Seconds to train each workload (split into 5 timed runs), 0.01 to 600.
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0, value_parser = bench_seconds, allow_negative_numbers = true)]
    pub seconds: f64,
    /// Run only this workload (a or b).
    #[arg(long, value_name = "ID", value_parser = ["a", "b"])]
    pub workload: Option<String>,
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
    /// `"a"` or `"b"`.
    pub workload: &'static str,
    /// What was trained.
    pub description: String,
    /// Epochs trained in the timed runs, all together.
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
}

/// Timed runs per workload; the reported figure is their median, which a passing hiccup of
/// a shared machine does not move.
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
        data: circle,
        config: TrainConfig {
            batch_size: 10,
            learning_rate: 0.03,
            shuffle: true,
            ..TrainConfig::default()
        },
    };
    vec![a, b]
}

/// Trains every workload for about `seconds` each and measures its throughput.
pub fn run_bench(seconds: f64, only: Option<&str>) -> Vec<BenchResult> {
    // NaN (which no flag lets through) becomes the shortest run, not a panic.
    let seconds = if seconds.is_nan() { 0.0 } else { seconds };
    let target =
        Duration::from_secs_f64(seconds.clamp(*SECONDS_RANGE.start(), *SECONDS_RANGE.end()));
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
            let mut rng = crate::seeded(1);
            // Calibrate: double the epochs until a run takes a tenth of a timed run.
            let slice = target / RUNS as u32;
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
            let mut rates = Vec::with_capacity(RUNS);
            let mut seconds = 0.0;
            for _ in 0..RUNS {
                let start = Instant::now();
                for _ in 0..epochs {
                    trainer.train_epoch(&mut network, &data, &mut rng);
                }
                let took = start.elapsed().as_secs_f64();
                seconds += took;
                rates.push((epochs * data.len()) as f64 / took);
            }
            rates.sort_by(f64::total_cmp);
            BenchResult {
                workload: id,
                description: description.to_string(),
                epochs: epochs * RUNS,
                samples: data.len(),
                seconds,
                sample_steps_per_s: rates[RUNS / 2],
                min_sample_steps_per_s: rates[0],
                max_sample_steps_per_s: rates[RUNS - 1],
                runs: RUNS,
            }
        })
        .collect()
}

/// Runs the benchmark and prints its results, as text or as JSON lines.
pub fn print_bench(args: &BenchArgs) {
    for r in run_bench(args.seconds, args.workload.as_deref()) {
        if args.json {
            match serde_json::to_string(&r) {
                Ok(line) => println!("{line}"),
                Err(e) => eprintln!("error: {e}"),
            }
        } else {
            println!(
                "workload {}: {:>12.0} sample steps/s (median of {} runs, {:.0} to {:.0}; \
                 {} epochs of {} samples in {:.2} s; {})",
                r.workload,
                r.sample_steps_per_s,
                r.runs,
                r.min_sample_steps_per_s,
                r.max_sample_steps_per_s,
                r.epochs,
                r.samples,
                r.seconds,
                r.description
            );
        }
    }
}
