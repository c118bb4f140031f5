//! What the command line asks of this launch alone: start training at once, close after a
//! while, print figures on exit. None of it is remembered for the next start.

use std::time::{Duration, Instant};

use crate::app::GuiArgs;

/// This launch's options.
#[derive(Debug)]
pub struct Launch {
    /// Close the window this long after it opened.
    exit_after: Option<Duration>,
    /// Print frame-time and throughput figures on exit.
    pub print_stats: bool,
    /// Start training at the first frame.
    autoplay: bool,
    /// When the window opened.
    started: Instant,
}

impl Launch {
    /// The options of `scratchnet gui` as given.
    pub fn new(args: &GuiArgs) -> Self {
        Launch {
            exit_after: args
                .exit_after
                .and_then(|s| Duration::try_from_secs_f64(s.max(0.0)).ok()),
            print_stats: args.stats,
            autoplay: args.autoplay,
            started: Instant::now(),
        }
    }

    /// `true` once, at the first frame, when training is to start at once.
    pub fn take_autoplay(&mut self) -> bool {
        std::mem::take(&mut self.autoplay)
    }

    /// Training was started or stopped by other means: no autoplay any more.
    pub fn cancel_autoplay(&mut self) {
        self.autoplay = false;
    }

    /// `true` once, when the window is to close because its time is up; until then asks
    /// `ctx` for a frame at that time (an idle window draws none).
    pub fn time_is_up(&mut self, ctx: &egui::Context) -> bool {
        let Some(limit) = self.exit_after else {
            return false;
        };
        let elapsed = self.started.elapsed();
        if elapsed >= limit {
            self.exit_after = None;
            return true;
        }
        ctx.request_repaint_after(limit - elapsed);
        false
    }

    /// Seconds since the window opened.
    pub fn seconds(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autoplay_starts_once_and_an_exit_time_closes_once() {
        let args = GuiArgs {
            autoplay: true,
            exit_after: Some(0.0),
            ..GuiArgs::default()
        };
        let mut launch = Launch::new(&args);
        assert!(launch.take_autoplay());
        assert!(!launch.take_autoplay());
        let ctx = egui::Context::default();
        assert!(launch.time_is_up(&ctx));
        assert!(!launch.time_is_up(&ctx), "once");
        let later = Launch::new(&GuiArgs {
            exit_after: Some(3600.0),
            ..GuiArgs::default()
        });
        assert!(!{ later }.time_is_up(&ctx));
    }

    #[test]
    fn an_exit_time_too_large_for_a_duration_never_comes() {
        for seconds in [1e300, f64::INFINITY] {
            let mut launch = Launch::new(&GuiArgs {
                exit_after: Some(seconds),
                ..GuiArgs::default()
            });
            assert!(!launch.time_is_up(&egui::Context::default()), "{seconds}");
        }
    }
}
