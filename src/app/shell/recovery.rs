//! Recovery: while an experiment has unsaved work, the window writes it (a model file:
//! settings, weights, history) to the app's data folder every few seconds, atomically; a
//! clean exit removes it. A file left by a window that is gone — a crash or a kill — is
//! offered back at the next start.

use crate::app::i18n::{tr, trf};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::experiment::Experiment;
use crate::model_file;

/// How often unsaved work is written, at most.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(3);

/// The autosave of one window, and what it found left by another.
pub struct Recovery {
    /// This window's file: `recovery-<id>.json`.
    own: PathBuf,
    /// When this window last wrote its file, and what it wrote.
    written: Option<(Instant, Written)>,
    /// A file left by a window that is gone, offered back.
    pub found: Option<Found>,
    /// How long after a write the next may come ([`AUTOSAVE_EVERY`]).
    every: Duration,
}

/// What an autosave held, to know when there is something new to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Written {
    generation: u64,
    epoch: u64,
    sample_steps: u64,
}

/// An experiment left by a window that did not close normally.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// Its file.
    pub path: PathBuf,
    /// The epoch it had reached.
    pub epoch: u64,
    /// When it was written.
    pub written: SystemTime,
}

impl Recovery {
    /// The recovery of window `id` (the process id) in the data folder `dir`, and the
    /// newest experiment left there by a window that is no longer running.
    pub fn new(dir: &Path, id: u32) -> Self {
        Recovery {
            own: dir.join(format!("recovery-{id}.json")),
            written: None,
            found: orphans(dir, id).into_iter().next(),
            every: AUTOSAVE_EVERY,
        }
    }

    /// Writes at most once in `every` (tests choose it, instead of waiting for the clock).
    pub fn write_every(&mut self, every: Duration) {
        self.every = every;
    }

    /// This window's autosave file.
    pub fn own_file(&self) -> &Path {
        &self.own
    }

    /// Forgets a found experiment (restored, or discarded): its file goes.
    pub fn forget_found(&mut self) {
        if let Some(found) = self.found.take() {
            let _ = std::fs::remove_file(found.path);
        }
    }

    /// Removes this window's file (a clean exit, or nothing unsaved).
    pub fn remove_own(&mut self) {
        if self.written.take().is_some() {
            let _ = std::fs::remove_file(&self.own);
        }
    }
}

/// `true` when `now` is to be written at `at`: nothing was written yet, or something else
/// was, at least `every` before.
fn due(written: Option<(Instant, Written)>, now: Written, at: Instant, every: Duration) -> bool {
    match written {
        Some((when, what)) => what != now && at.saturating_duration_since(when) >= every,
        None => true,
    }
}

/// The recovery files in `dir` of windows other than `id` that are not running, newest
/// first.
fn orphans(dir: &Path, id: u32) -> Vec<Found> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<Found> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name();
            let pid: u32 = name
                .to_str()?
                .strip_prefix("recovery-")?
                .strip_suffix(".json")?
                .parse()
                .ok()?;
            if pid == id || running(pid) {
                return None;
            }
            let path = entry.path();
            let written = entry.metadata().and_then(|m| m.modified()).ok()?;
            let epoch = model_file::load(&path).ok()?.epoch;
            Some(Found {
                path,
                epoch,
                written,
            })
        })
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.written));
    found
}

/// `true` when process `pid` is running (Linux; elsewhere every other window's file counts
/// as left behind).
fn running(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

impl Recovery {
    /// Keeps this window's unsaved work in `dir` from now on, and finds what a window that
    /// did not close normally left there (said on standard error too). `id` names this
    /// window's file (the process id). `None` when the folder cannot be made.
    pub fn open(dir: &Path, id: u32) -> Option<Self> {
        std::fs::create_dir_all(dir).ok()?;
        let recovery = Recovery::new(dir, id);
        if let Some(f) = &recovery.found {
            eprintln!(
                "scratchnet: the last session did not close normally; the window offers to \
                 restore its experiment (epoch {}) from {}",
                f.epoch,
                f.path.display()
            );
        }
        Some(recovery)
    }

    /// Writes the unsaved work when it changed and the last write is old enough; removes
    /// the file once nothing is unsaved (call once per frame). `model` is the experiment
    /// as it would be saved.
    pub fn autosave(&mut self, e: &Experiment, model: impl FnOnce() -> model_file::Model) {
        if !e.is_unsaved() {
            self.remove_own();
            return;
        }
        let now = Written {
            generation: e.generation(),
            epoch: e.epoch(),
            sample_steps: e.sample_steps(),
        };
        if !due(self.written, now, Instant::now(), self.every) {
            return;
        }
        // A failed write is tried again at the next change; the window says nothing, the
        // user's own saves are what matter.
        if model_file::save(&model(), &self.own).is_ok() {
            self.written = Some((Instant::now(), now));
        }
    }

    /// The question "restore the last session's experiment?"; returns the answer once
    /// given (`true`: restore).
    #[must_use]
    pub fn ui(&self, ctx: &egui::Context) -> Option<bool> {
        let found = self.found.as_ref()?;
        let ago = found
            .written
            .elapsed()
            .map(|d| describe_age(d.as_secs()))
            .unwrap_or_else(|_| tr("recently").into());
        let modal = egui::Modal::new(egui::Id::unique("scratchnet recovery")).show(ctx, |ui| {
            ui.set_max_width(440.0);
            ui.heading(tr("Restore the last experiment?"));
            ui.label(trf!(
                "scratchnet did not close normally last time (a crash, or it was killed). Its \
                 unsaved experiment was kept {}: epoch {}.",
                ago,
                found.epoch
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(tr("Restore")).clicked() {
                    Some(true)
                } else if ui.button(tr("Discard")).clicked() {
                    Some(false)
                } else {
                    None
                }
            })
            .inner
        });
        modal.inner
    }
}

/// "2 minutes ago", roughly.
fn describe_age(seconds: u64) -> String {
    match seconds {
        0..60 => tr("less than a minute ago").into(),
        60..3600 => trf!("{} minutes ago", seconds / 60),
        3600..86_400 => trf!("{} hours ago", seconds / 3600),
        _ => trf!("{} days ago", seconds / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A process id no Linux system hands out (above the kernel's 2²² limit).
    const GONE: u32 = 4_000_000_001;

    #[test]
    fn files_of_running_windows_and_our_own_are_not_offered() {
        let dir = tempfile::tempdir().unwrap();
        let model = crate::model_file::Model {
            network: crate::nn::seed_example::network(),
            training: None,
            data: None,
            epoch: 7,
            history: None,
            preprocess: Default::default(),
            optimizer_state: None,
            shuffle_rng: None,
            classes: None,
            runs: Vec::new(),
        };
        for id in [std::process::id(), GONE, 1] {
            let path = dir.path().join(format!("recovery-{id}.json"));
            crate::model_file::save(&model, &path).unwrap();
        }
        std::fs::write(dir.path().join("recovery-x.json"), "{}").unwrap();
        std::fs::write(dir.path().join("other.json"), "{}").unwrap();
        // Process 1 (init) runs; this test's process is `id`; GONE is left behind.
        let r = Recovery::new(dir.path(), std::process::id());
        let found = r.found.expect("the gone window's file");
        assert_eq!(found.path, dir.path().join(format!("recovery-{GONE}.json")));
        assert_eq!(found.epoch, 7);
        let r = Recovery::new(dir.path(), GONE);
        assert!(
            r.found.is_none(),
            "a window's own file is not offered to it"
        );
    }

    #[test]
    fn a_change_is_written_at_once_then_at_most_once_in_the_interval() {
        let t0 = Instant::now();
        let every = Duration::from_secs(3);
        let at = |ms| t0 + Duration::from_millis(ms);
        let state = |epoch| Written {
            generation: 0,
            epoch,
            sample_steps: epoch * 10,
        };
        assert!(due(None, state(0), t0, every), "the first change at once");
        let written = Some((t0, state(1)));
        assert!(!due(written, state(1), at(5_000), every), "nothing new");
        assert!(!due(written, state(2), at(2_999), every), "too soon");
        assert!(due(written, state(2), at(3_000), every));
        let other_run = Written {
            generation: 1,
            ..state(1)
        };
        assert!(due(written, other_run, at(3_000), every), "a new run");
        assert!(due(written, state(2), t0, Duration::ZERO));
    }

    #[test]
    fn ages_read_in_words() {
        assert_eq!(describe_age(5), "less than a minute ago");
        assert_eq!(describe_age(125), "2 minutes ago");
        assert_eq!(describe_age(7200), "2 hours ago");
        assert_eq!(describe_age(200_000), "2 days ago");
    }
}
