//! Frame-time and throughput figures for `scratchnet gui --stats`.

use std::time::Duration;

/// Frame times recorded while the window runs.
#[derive(Default)]
pub struct FrameStats {
    frame_ms: Vec<f64>,
}

impl FrameStats {
    /// Records one frame's UI time.
    pub fn record(&mut self, took: Duration) {
        if self.frame_ms.len() < 10_000_000 {
            self.frame_ms.push(took.as_secs_f64() * 1e3);
        }
    }

    /// The `q`-quantile of the recorded frame times (0 with no frames).
    pub fn quantile(&self, q: f64) -> f64 {
        if self.frame_ms.is_empty() {
            return 0.0;
        }
        let mut sorted = self.frame_ms.clone();
        sorted.sort_by(f64::total_cmp);
        let i = ((sorted.len() - 1) as f64 * q).round() as usize;
        sorted[i]
    }

    /// The figures as one JSON object.
    pub fn json(&self, epochs: u64, sample_steps: u64, seconds: f64) -> String {
        serde_json::json!({
            "frames": self.frame_ms.len(),
            "fps": self.frame_ms.len() as f64 / seconds,
            "frame_ms_p50": self.quantile(0.5),
            "frame_ms_p95": self.quantile(0.95),
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
        for ms in 1..=100 {
            s.record(Duration::from_millis(ms));
        }
        assert!((s.quantile(0.5) - 50.0).abs() <= 1.0);
        assert!((s.quantile(0.95) - 95.0).abs() <= 1.0);
        let v: serde_json::Value = serde_json::from_str(&s.json(10, 6000, 2.0)).unwrap();
        assert_eq!(v["frames"], 100);
        assert_eq!(v["sample_steps_per_s"], 3000.0);
    }
}
