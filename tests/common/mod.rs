//! What the integration tests share: the binary as a user runs it.
#![allow(dead_code)] // Each test file uses its own part of these.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `scratchnet` with `args` in the repository's folder.
pub fn scratchnet(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scratchnet"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

/// What a run printed on standard output.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What a run printed on standard error.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes `text` to `dir/name`.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

/// `true` when `python3` can import `module`. Otherwise the test says SKIPPED, or fails
/// when the variable `required_by` is set (CI sets `SCRATCHNET_REQUIRE_NUMPY`).
pub fn python_has(module: &str, required_by: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os(required_by).is_none_or(|v| v == "0"),
            "{required_by} is set, but python3 cannot import {module}"
        );
        // Straight to the terminal: the test harness keeps a passing test's eprintln! to itself.
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            format!(
                "SKIPPED: python3 cannot import {module} here ({required_by} would require it)\n"
            )
            .as_bytes(),
        );
    }
    ok
}

/// `scratchnet predict` of `model` on `rows` into `out`, which must succeed.
pub fn predict(model: &Path, rows: &Path, out: &Path) -> Output {
    let o = scratchnet(&[
        "predict",
        "--model-in",
        model.to_str().unwrap(),
        "--data",
        rows.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    o
}
