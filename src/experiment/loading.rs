//! Data read on its own thread, with a count of the bytes read so far: a large CSV loads
//! while the window keeps drawing.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};

use super::worker::Waker;
use crate::data::{DataError, DataSource, DataSpec, Dataset};

/// From this many bytes of CSV on, data loads on its own thread.
pub const LOAD_IN_BACKGROUND: u64 = 2 << 20;

/// Data being read on its own thread.
pub struct BackgroundLoad {
    /// The file's name, for a progress bar.
    pub name: String,
    read: Arc<AtomicU64>,
    total: u64,
    result: Receiver<Result<(Dataset, Dataset), DataError>>,
}

impl BackgroundLoad {
    /// Starts reading the data of `spec`; `wake` is called once it is there.
    pub fn start(spec: DataSpec, wake: Waker) -> Self {
        let read = Arc::new(AtomicU64::new(0));
        let (send, result) = std::sync::mpsc::channel();
        let counter = Arc::clone(&read);
        let name = match &spec.source {
            DataSource::Csv { train, .. } => train
                .file_name()
                .map_or("the data".into(), |n| n.to_string_lossy().into_owned()),
            _ => "the data".into(),
        };
        let total = spec.file_bytes().max(1);
        std::thread::spawn(move || {
            let _ = send.send(spec.load_counting(&counter));
            wake();
        });
        BackgroundLoad {
            name,
            read,
            total,
            result,
        }
    }

    /// The share of the bytes read so far, 0 to 1.
    pub fn share(&self) -> f32 {
        (self.read.load(Ordering::Relaxed) as f32 / self.total as f32).min(1.0)
    }

    /// The data, once it is there (never blocks).
    pub fn poll(&self) -> Option<Result<(Dataset, Dataset), DataError>> {
        match self.result.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(DataError::Mismatch(
                "the loading thread stopped".into(),
            ))),
        }
    }

    /// Waits up to `timeout` for the data (tests).
    #[cfg(test)]
    pub fn wait(
        &self,
        timeout: std::time::Duration,
    ) -> Option<Result<(Dataset, Dataset), DataError>> {
        self.result.recv_timeout(timeout).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_csv_loads_on_its_own_thread_counting_its_bytes_and_waking_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.csv");
        let mut text = String::from("x1,x2,y\n");
        for k in 0..200 {
            text += &format!("{k},{},{}\n", -k, k % 2);
        }
        std::fs::write(&path, &text).unwrap();
        let spec = DataSpec {
            source: DataSource::Csv {
                train: path,
                test: None,
            },
            ..DataSpec::default()
        };
        let woken = Arc::new(AtomicU64::new(0));
        let count = Arc::clone(&woken);
        let load = BackgroundLoad::start(
            spec,
            Arc::new(move || {
                count.fetch_add(1, Ordering::Relaxed);
            }),
        );
        assert_eq!(load.name, "d.csv");
        let (train, test) = load.wait(Duration::from_secs(60)).unwrap().unwrap();
        assert_eq!(train.len() + test.len(), 200);
        assert_eq!(load.share(), 1.0);
        // The thread wakes the window after sending.
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while woken.load(Ordering::Relaxed) == 0 && std::time::Instant::now() < deadline {
            std::thread::yield_now();
        }
        assert_eq!(woken.load(Ordering::Relaxed), 1);
    }
}
