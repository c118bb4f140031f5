//! Frame-time and throughput figures for `scratchnet gui --stats`.

use std::time::{Duration, Instant};

/// Frame times recorded while the window runs: the time the app's own code takes to
/// build each frame, and the interval from one frame's start to the next (which includes
/// egui's tessellation, the renderer and the wait for the display).
#[derive(Default)]
pub struct FrameStats {
    frame_ms: Vec<f64>,
    interval_ms: Vec<f64>,
    /// The time each edit of the network (a weight set, a step) took to apply.
    edit_ms: Vec<f64>,
    last_start: Option<Instant>,
}

/// The `q`-quantile of `values` by the nearest-rank method: the smallest value with at
/// least `q` of the values at or below it (0 when empty).
fn quantile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

impl FrameStats {
    /// Records one frame that started at `start` and whose UI code took `took`.
    pub fn record(&mut self, start: Instant, took: Duration) {
        if self.frame_ms.len() >= 10_000_000 {
            return;
        }
        self.frame_ms.push(took.as_secs_f64() * 1e3);
        if let Some(last) = self.last_start.replace(start) {
            self.interval_ms
                .push(start.duration_since(last).as_secs_f64() * 1e3);
        }
    }

    /// Records one edit of the network that took `took` to apply.
    pub fn record_edit(&mut self, took: Duration) {
        if self.edit_ms.len() < 10_000_000 {
            self.edit_ms.push(took.as_secs_f64() * 1e3);
        }
    }

    /// The `q`-quantile of the recorded frame (UI code) times.
    pub fn quantile(&self, q: f64) -> f64 {
        quantile(&self.frame_ms, q)
    }

    /// The figures as one JSON object.
    pub fn json(&self, epochs: u64, sample_steps: u64, seconds: f64) -> String {
        serde_json::json!({
            "frames": self.frame_ms.len(),
            "fps": self.frame_ms.len() as f64 / seconds,
            "frame_ms_p50": self.quantile(0.5),
            "frame_ms_p95": self.quantile(0.95),
            "frame_interval_ms_p50": quantile(&self.interval_ms, 0.5),
            "frame_interval_ms_p95": quantile(&self.interval_ms, 0.95),
            "edits": self.edit_ms.len(),
            "edit_ms_p50": quantile(&self.edit_ms, 0.5),
            "edit_ms_p95": quantile(&self.edit_ms, 0.95),
            "edit_ms_max": quantile(&self.edit_ms, 1.0),
            "epochs": epochs,
            "sample_steps": sample_steps,
            "seconds": seconds,
            "sample_steps_per_s": sample_steps as f64 / seconds,
        })
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_come_from_the_recorded_frames() {
        let mut s = FrameStats::default();
        let t0 = Instant::now();
        for ms in 1..=100 {
            s.record(
                t0 + Duration::from_millis(10 * ms),
                Duration::from_millis(ms),
            );
        }
        // 1..=100 ms: half of the frames took 50 ms or less, 95 % took 95 ms or less.
        assert_eq!(s.quantile(0.5), 50.0);
        assert_eq!(s.quantile(0.95), 95.0);
        assert_eq!(s.quantile(0.0), 1.0);
        assert_eq!(s.quantile(1.0), 100.0);
        let v: serde_json::Value = serde_json::from_str(&s.json(10, 6000, 2.0)).unwrap();
        assert_eq!(v["frames"], 100);
        assert_eq!(v["fps"], 50.0);
        assert_eq!(v["frame_ms_p50"], 50.0);
        assert_eq!(v["frame_ms_p95"], 95.0);
        assert_eq!(v["frame_interval_ms_p50"], 10.0);
        assert_eq!(v["frame_interval_ms_p95"], 10.0);
        assert_eq!(v["epochs"], 10);
        assert_eq!(v["sample_steps"], 6000);
        assert_eq!(v["seconds"], 2.0);
        assert_eq!(v["sample_steps_per_s"], 3000.0);
        assert_eq!(v["edits"], 0);
        for ms in [4, 1, 2] {
            s.record_edit(Duration::from_millis(ms));
        }
        let v: serde_json::Value = serde_json::from_str(&s.json(10, 6000, 2.0)).unwrap();
        assert_eq!(v["edits"], 3);
        assert_eq!(v["edit_ms_p50"], 2.0);
        assert_eq!(v["edit_ms_max"], 4.0);
    }

    #[test]
    fn quantiles_of_few_or_no_values() {
        assert_eq!(quantile(&[], 0.5), 0.0);
        assert_eq!(quantile(&[7.0], 0.95), 7.0);
        assert_eq!(quantile(&[3.0, 1.0], 0.5), 1.0, "sorted first");
        assert_eq!(quantile(&[3.0, 1.0], 0.51), 3.0);
    }
}
