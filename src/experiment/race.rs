//! A race: two to four variants of the current settings trained at once, each on its own
//! worker, from the same weights on the same data.

use std::time::{Duration, Instant};

use super::ExperimentError;
use super::session::{Experiment, RunSettings, Start};
use super::worker::Waker;
use crate::nn::{Optimizer, OptimizerKind, TrainConfig};

/// What the racers differ in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Variation {
    /// SGD, momentum, RMSprop and Adam at the current learning rate.
    #[default]
    Optimizers,
    /// A third of the learning rate, the learning rate, three times it.
    LearningRates,
    /// Online (1), the current batch size, and ten times it.
    BatchSizes,
}

impl Variation {
    /// Every variation, in the order the window lists them.
    pub const ALL: [Variation; 3] = [
        Variation::Optimizers,
        Variation::LearningRates,
        Variation::BatchSizes,
    ];

    /// Its name in the window.
    pub fn name(self) -> &'static str {
        match self {
            Variation::Optimizers => "the four optimizers",
            Variation::LearningRates => "three learning rates",
            Variation::BatchSizes => "three batch sizes",
        }
    }

    /// The variants of `base`: a label each and its settings (duplicates left out).
    pub fn variants(self, base: TrainConfig) -> Vec<(String, TrainConfig)> {
        let mut out: Vec<(String, TrainConfig)> = Vec::new();
        let mut add = |label: String, config: TrainConfig| {
            if !out.iter().any(|(_, c)| *c == config) {
                out.push((label, config));
            }
        };
        match self {
            Variation::Optimizers => {
                for kind in [
                    OptimizerKind::Sgd,
                    OptimizerKind::Momentum,
                    OptimizerKind::Rmsprop,
                    OptimizerKind::Adam,
                ] {
                    let optimizer = if kind == base.optimizer.kind {
                        base.optimizer
                    } else {
                        Optimizer::of(kind)
                    };
                    add(kind.to_string(), TrainConfig { optimizer, ..base });
                }
            }
            Variation::LearningRates => {
                for factor in [1.0 / 3.0, 1.0, 3.0] {
                    let lr = round3(base.learning_rate * factor);
                    let config = TrainConfig {
                        learning_rate: if factor == 1.0 {
                            base.learning_rate
                        } else {
                            lr
                        },
                        ..base
                    };
                    add(format!("lr {}", config.learning_rate), config);
                }
            }
            Variation::BatchSizes => {
                for batch in [1, base.batch_size, base.batch_size.saturating_mul(10)] {
                    add(
                        format!("batch {batch}"),
                        TrainConfig {
                            batch_size: batch.max(1),
                            ..base
                        },
                    );
                }
            }
        }
        out
    }
}

/// `v` to three significant digits (0.0333…→ 0.0333).
fn round3(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powi(2 - v.abs().log10().floor() as i32);
    (v * scale).round() / scale
}

/// One racer: a variant with its own experiment (and worker).
pub struct Racer {
    /// What sets it apart (`adam`, `lr 0.1`, …).
    pub label: String,
    /// Its run.
    pub experiment: Experiment,
    /// Sample steps per second over the last half second or so.
    pub rate: f64,
    /// Where the rate was last measured from.
    measured: (Instant, u64),
    /// Where its training diverged, if it did (it paused there).
    pub diverged: Option<crate::nn::Divergence>,
}

/// The racers of one race.
pub struct Race {
    /// What they differ in.
    pub variation: Variation,
    /// The racers, in the variation's order.
    pub racers: Vec<Racer>,
}

impl Race {
    /// Starts every variant of `settings` from `start`, playing; `wake` wakes the window.
    pub fn start(
        start: &Start,
        settings: RunSettings,
        variation: Variation,
        wake: Waker,
    ) -> Result<Race, ExperimentError> {
        let mut racers = Vec::new();
        for (label, config) in variation.variants(settings.config) {
            // Racers race: as fast as the machine goes.
            let settings = RunSettings {
                config,
                pace: None,
                ..settings
            };
            let mut experiment = Experiment::new(start.clone(), settings, wake.clone())?;
            experiment.play();
            racers.push(Racer {
                label,
                experiment,
                rate: 0.0,
                measured: (Instant::now(), 0),
                diverged: None,
            });
        }
        Ok(Race { variation, racers })
    }

    /// Takes every racer's news (a `try_recv` loop each) and updates their rates.
    pub fn poll(&mut self) {
        for r in &mut self.racers {
            if let Some(crate::nn::StopReason::Diverged(d)) = r.experiment.poll().stopped {
                r.diverged = Some(d);
                r.rate = 0.0;
            }
            let (since, steps) = r.measured;
            let now = Instant::now();
            let elapsed = now - since;
            if elapsed >= Duration::from_millis(500) {
                let done = r.experiment.sample_steps();
                r.rate = done.saturating_sub(steps) as f64 / elapsed.as_secs_f64();
                r.measured = (now, done);
            }
        }
    }

    /// Pauses every racer, or plays them all again.
    pub fn set_playing(&mut self, playing: bool) {
        for r in &mut self.racers {
            if playing {
                r.experiment.play();
            } else {
                r.experiment.pause();
            }
        }
    }

    /// `true` while any racer trains.
    pub fn is_playing(&self) -> bool {
        self.racers.iter().any(|r| r.experiment.is_playing())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_variation_names_its_variants_by_what_differs() {
        let base = TrainConfig {
            learning_rate: 0.03,
            batch_size: 10,
            ..TrainConfig::default()
        };
        let labels = |v: Variation| -> Vec<String> {
            v.variants(base).into_iter().map(|(l, _)| l).collect()
        };
        assert_eq!(
            labels(Variation::Optimizers),
            ["sgd", "momentum", "rmsprop", "adam"]
        );
        assert_eq!(
            labels(Variation::LearningRates),
            ["lr 0.01", "lr 0.03", "lr 0.09"]
        );
        assert_eq!(
            labels(Variation::BatchSizes),
            ["batch 1", "batch 10", "batch 100"]
        );
        let online = TrainConfig {
            batch_size: 1,
            ..base
        };
        assert_eq!(
            Variation::BatchSizes.variants(online).len(),
            2,
            "batch 1 is not raced twice"
        );
        for (label, config) in Variation::Optimizers.variants(base) {
            assert_eq!(config.optimizer.kind.to_string(), label);
            assert_eq!(config.learning_rate, 0.03);
        }
        let still = TrainConfig {
            learning_rate: 0.0,
            ..base
        };
        assert_eq!(
            Variation::LearningRates.variants(still),
            [("lr 0".to_string(), still)],
            "a learning rate of 0 has no neighbours"
        );
        let names: Vec<&str> = Variation::ALL.iter().map(|v| v.name()).collect();
        assert_eq!(
            names,
            [
                "the four optimizers",
                "three learning rates",
                "three batch sizes"
            ]
        );
    }

    /// A race of three learning rates around `settings`' from `start`.
    fn learning_rates(start: &Start, settings: RunSettings) -> Race {
        Race::start(
            start,
            settings,
            Variation::LearningRates,
            std::sync::Arc::new(|| {}),
        )
        .unwrap()
    }

    #[test]
    fn racers_train_at_once_from_the_same_weights() {
        use crate::data::reference_plane;
        use crate::nn::Network;
        let net = Network::new(&[2, 3, 1], &Network::reference_activations(&[2, 3, 1])).unwrap();
        let start = Start::fresh(net.clone(), reference_plane(), Default::default(), 0);
        let settings = RunSettings::default();
        let mut race = learning_rates(&start, settings);
        assert_eq!(race.racers.len(), 3);
        assert!(race.is_playing());
        let deadline = Instant::now() + Duration::from_secs(60);
        while race.racers.iter().any(|r| r.experiment.epoch() < 3) && Instant::now() < deadline {
            race.poll();
            std::thread::sleep(Duration::from_millis(5));
        }
        // Still playing: each racer's throughput, once measured (over half a second).
        while race.racers.iter().any(|r| r.rate == 0.0) && Instant::now() < deadline {
            race.poll();
            std::thread::sleep(Duration::from_millis(5));
        }
        for r in &race.racers {
            assert!(
                r.rate > 1e3 && r.rate < 1e9,
                "{}: {} sample steps/s",
                r.label,
                r.rate
            );
        }
        race.set_playing(false);
        while race.racers.iter().any(|r| r.experiment.is_playing()) && Instant::now() < deadline {
            race.poll();
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(!race.is_playing(), "every racer paused");
        let variants = Variation::LearningRates.variants(settings.config);
        for (r, (_, config)) in race.racers.iter().zip(variants) {
            assert!(r.experiment.epoch() >= 3, "{} trained", r.label);
            assert_eq!(
                r.experiment.checkpoints()[0].network,
                net,
                "from the same weights"
            );
            assert_eq!(
                r.experiment.settings().config,
                config,
                "{} trains its variant",
                r.label
            );
        }
        // Different learning rates, different weights.
        let w = |i: usize| race.racers[i].experiment.network().weights().to_vec();
        assert_ne!(w(0), w(2));
    }

    #[test]
    fn a_racer_that_diverges_says_where_and_stops() {
        use crate::data::reference_plane;
        use crate::nn::{Init, Network};
        let layers = [2, 3, 1];
        let acts = Network::reference_activations(&layers);
        let net =
            Network::initialized(&layers, &acts, Init::Xavier, &mut crate::seeded(1)).unwrap();
        let start = Start::fresh(net, reference_plane(), Default::default(), 0);
        let mut settings = RunSettings::default();
        settings.config.learning_rate = 1e6;
        let mut race = learning_rates(&start, settings);
        let deadline = Instant::now() + Duration::from_secs(60);
        while race.racers.iter().any(|r| r.diverged.is_none()) {
            assert!(Instant::now() < deadline, "every racer diverges");
            race.poll();
            std::thread::sleep(Duration::from_millis(5));
        }
        for r in &race.racers {
            let d = r.diverged.unwrap();
            assert!(d.epoch >= 1 && d.batch >= 1, "{}: {d}", r.label);
            assert_eq!(r.rate, 0.0);
            assert!(
                r.experiment
                    .network()
                    .weights()
                    .iter()
                    .all(|w| w.is_finite()),
                "{}: the weights from before that batch",
                r.label
            );
        }
    }
}
