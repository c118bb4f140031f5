//! The whole window against its picture, `tests/snapshots/main_window.png`.
//!
//! The picture was rendered on the CPU by Mesa's lavapipe (Vulkan), the renderer egui_kittest
//! prefers: there the pixels must match. Where there is no adapter at all (a fresh machine
//! without `mesa-vulkan-drivers`), the test says SKIPPED and why; with another adapter (a
//! real GPU, whose pixels differ a little) it compares and, on a difference, says SKIPPED
//! and names the adapter. `SCRATCHNET_REQUIRE_SNAPSHOT=1` (CI sets it) turns every skip into
//! a failure. `UPDATE_SNAPSHOTS=1` writes the picture anew.

use std::sync::Arc;

use eframe::egui_wgpu::{self, wgpu};
use egui_kittest::Harness;

use super::{GuiArgs, ScratchnetApp};

/// The variable that makes the snapshot required (CI).
const REQUIRED: &str = "SCRATCHNET_REQUIRE_SNAPSHOT";

/// How the test judges the window on this machine.
#[derive(Debug, PartialEq)]
enum Plan {
    /// lavapipe: the picture's own renderer; the pixels must match.
    Match,
    /// Another adapter, named: compare, and skip (naming it) on a difference.
    Compare(String),
    /// No adapter: skip, saying why.
    Skip(String),
}

/// The plan for the adapter egui_kittest would render with.
fn plan(adapter: Option<&wgpu::AdapterInfo>) -> Plan {
    let Some(info) = adapter else {
        return Plan::Skip(
            "no wgpu adapter to render with (on Debian/Ubuntu: apt-get install \
             mesa-vulkan-drivers libvulkan1)"
                .into(),
        );
    };
    let lavapipe = info.backend == wgpu::Backend::Vulkan
        && info.device_type == wgpu::DeviceType::Cpu
        && (info.name.contains("llvmpipe") || info.driver.contains("llvmpipe"));
    if lavapipe {
        Plan::Match
    } else {
        Plan::Compare(format!(
            "{} ({:?}, {})",
            info.name, info.backend, info.driver
        ))
    }
}

/// Says SKIPPED and why, or fails when the environment requires the snapshot.
fn skip(why: &str, required: bool) {
    assert!(!required, "{REQUIRED} is set, but {why}");
    // Straight to the terminal: the test harness keeps a passing test's eprintln! to itself.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("SKIPPED: the window's snapshot: {why}\n").as_bytes(),
    );
}

/// `true` when the environment requires the snapshot.
fn required() -> bool {
    std::env::var_os(REQUIRED).is_some_and(|v| !v.is_empty() && v != "0")
}

/// The adapter egui_kittest renders with, picked by its own rule, if any.
fn kittest_adapter() -> Option<wgpu::AdapterInfo> {
    let setup = egui_kittest::wgpu::default_wgpu_setup();
    let egui_wgpu::WgpuSetup::CreateNew(create) = &setup else {
        return None;
    };
    let select = create.native_adapter_selector.clone()?;
    let instance = pollster::block_on(setup.new_instance());
    let backends = create.instance_descriptor.backends;
    let adapters = pollster::block_on(instance.enumerate_adapters(backends));
    select(&adapters, None)
        .ok()
        .map(|adapter| adapter.get_info())
}

#[test]
fn the_whole_window_matches_its_snapshot() {
    let adapter = kittest_adapter();
    let plan = plan(adapter.as_ref());
    if let Plan::Skip(why) = &plan {
        skip(why, required());
        return;
    }
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .wgpu()
        .build_eframe(|cc| {
            let ctx = cc.egui_ctx.clone();
            ScratchnetApp::build(
                GuiArgs::default(),
                None,
                Arc::new(move || ctx.request_repaint()),
            )
        });
    h.run_steps(3);
    match (plan, h.try_snapshot("main_window")) {
        (_, Ok(())) => {}
        (Plan::Compare(name), Err(e)) => {
            skip(
                &format!("rendered by {name}, not lavapipe: {e}"),
                required(),
            );
        }
        (_, Err(e)) => panic!("{e}"),
    }
}

fn adapter(name: &str, backend: wgpu::Backend, device_type: wgpu::DeviceType) -> wgpu::AdapterInfo {
    wgpu::AdapterInfo {
        name: name.into(),
        ..wgpu::AdapterInfo::new(device_type, backend)
    }
}

#[test]
fn the_snapshot_must_match_on_lavapipe_and_is_compared_on_another_adapter() {
    use wgpu::{Backend, DeviceType};
    let lavapipe = adapter(
        "llvmpipe (LLVM 15.0.6, 256 bits)",
        Backend::Vulkan,
        DeviceType::Cpu,
    );
    assert_eq!(plan(Some(&lavapipe)), Plan::Match);
    let gpu = adapter(
        "AMD Radeon RX 7600",
        Backend::Vulkan,
        DeviceType::DiscreteGpu,
    );
    match plan(Some(&gpu)) {
        Plan::Compare(name) => assert!(name.contains("Radeon"), "{name}"),
        other => panic!("{other:?}"),
    }
    // llvmpipe through OpenGL renders otherwise: compared, not required to match.
    let gl = adapter(
        "llvmpipe (LLVM 15.0.6, 256 bits)",
        Backend::Gl,
        DeviceType::Cpu,
    );
    assert!(matches!(plan(Some(&gl)), Plan::Compare(_)));
    match plan(None) {
        Plan::Skip(why) => assert!(why.contains("mesa-vulkan-drivers"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_skip_is_a_message_unless_the_snapshot_is_required() {
    skip(
        "no adapter (this line is printed by the skip rule's own test)",
        false,
    );
    let required = std::panic::catch_unwind(|| skip("no adapter", true));
    let message = required.expect_err("a required snapshot cannot skip");
    let text = message
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(
        text.contains(REQUIRED) && text.contains("no adapter"),
        "{text}"
    );
}
