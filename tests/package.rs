//! What the Debian package installs for the desktop (`assets/linux/`, listed in
//! `Cargo.toml`'s `[package.metadata.deb]`): the files agree with each other and with the
//! app. CI installs the package and validates it with the desktop's own tools
//! (`.ci/package-check`).

use std::fs;

/// The desktop file's name, the AppStream id, the icon's name, the Wayland app id.
const ID: &str = "io.github.scratchnet.Scratchnet";

fn linux_file(name: &str) -> String {
    fs::read_to_string(format!(
        "{}/assets/linux/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_else(|e| panic!("assets/linux/{name}: {e}"))
}

/// The value of `key` in the desktop entry.
fn entry_value<'a>(entry: &'a str, key: &str) -> &'a str {
    entry
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("no {key} in the desktop entry"))
}

#[test]
fn the_desktop_entry_opens_scratchnets_own_files_and_no_other_json() {
    let entry = linux_file(&format!("{ID}.desktop"));
    assert_eq!(entry_value(&entry, "Exec"), "scratchnet %f");
    assert_eq!(entry_value(&entry, "Categories"), "Education;Science;");
    assert_eq!(entry_value(&entry, "Icon"), ID);
    assert_eq!(entry_value(&entry, "StartupWMClass"), ID);
    let types: Vec<&str> = entry_value(&entry, "MimeType")
        .split(';')
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(
        types,
        [
            "application/x-scratchnet-model",
            "application/x-scratchnet-lesson"
        ]
    );
}

#[test]
fn the_mime_types_are_told_by_the_files_first_key_not_by_json_alone() {
    let mime = linux_file(&format!("{ID}.mime.xml"));
    for (kind, format) in [
        ("model", "scratchnet.model"),
        ("lesson", "scratchnet.lesson"),
    ] {
        let start = mime
            .find(&format!("type=\"application/x-scratchnet-{kind}\""))
            .unwrap_or_else(|| panic!("no {kind} type"));
        let end = start + mime[start..].find("</mime-type>").unwrap();
        let declared = &mime[start..end];
        assert!(declared.contains(r#"<sub-class-of type="application/json"/>"#));
        assert!(
            declared.contains(&format!("&quot;format&quot;: &quot;{format}&quot;")),
            "{kind}: the magic names {format}"
        );
        assert!(
            !declared.contains(r#"pattern="*.json""#),
            "{kind} claims every JSON file"
        );
    }
    // What the magic looks for is what a saved model begins with.
    let model = fs::read_to_string(format!(
        "{}/tests/fixtures/main-b3518d1-circle.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    assert!(model[..64].contains(r#""format": "scratchnet.model""#));
}

#[test]
fn the_metainfo_names_the_desktop_entry_and_what_a_store_shows() {
    let meta = linux_file(&format!("{ID}.metainfo.xml"));
    assert!(meta.contains(&format!("<id>{ID}</id>")));
    assert!(meta.contains(&format!(
        r#"<launchable type="desktop-id">{ID}.desktop</launchable>"#
    )));
    for part in [
        "<summary>",
        "<description>",
        "<screenshot ",
        "<release ",
        "<content_rating",
    ] {
        assert!(meta.contains(part), "no {part}");
    }
    let version = format!(r#"<release version="{}""#, env!("CARGO_PKG_VERSION"));
    assert!(
        meta.contains(&version),
        "the newest release is this version"
    );
}

#[cfg(feature = "gui")]
#[test]
fn the_window_says_it_is_the_desktop_entrys_app() {
    assert_eq!(scratchnet::app::APP_ID, ID);
}

#[test]
fn the_package_installs_every_file_the_desktop_needs() {
    let manifest =
        fs::read_to_string(format!("{}/Cargo.toml", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let deb = &manifest[manifest
        .find("[package.metadata.deb]")
        .expect("a deb section")..];
    let installs = |from: &str, to: &str| deb.contains(&format!(r#"["{from}", "{to}""#));
    assert!(installs("target/release/scratchnet", "usr/bin/"));
    assert!(installs(
        &format!("assets/linux/{ID}.desktop"),
        "usr/share/applications/"
    ));
    assert!(installs(
        &format!("assets/linux/{ID}.metainfo.xml"),
        "usr/share/metainfo/"
    ));
    assert!(installs(
        &format!("assets/linux/{ID}.mime.xml"),
        &format!("usr/share/mime/packages/{ID}.xml")
    ));
    for size in [16, 24, 32, 48, 64, 128, 256] {
        let icon = format!("assets/linux/icons/{size}x{size}/{ID}.png");
        let bytes = fs::read(format!("{}/{icon}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        // A PNG of that size: the IHDR's width and height.
        assert_eq!(&bytes[1..4], b"PNG", "{icon}");
        let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        assert_eq!((width, height), (size, size), "{icon}");
        assert!(installs(
            &icon,
            &format!("usr/share/icons/hicolor/{size}x{size}/apps/")
        ));
    }
}
