//! A font with Japanese glyphs, found on the system and added to egui's fonts as a
//! fallback: egui's own fonts have none. Nothing is bundled; where none is found the window
//! stays in English ([`super::NO_FONT`]).

use std::path::{Path, PathBuf};

use skrifa::MetadataProvider as _;

/// Characters a font must have to draw the window in Japanese: kana, kanji and the long
/// vowel mark of the seed article's terms.
const NEEDED: &str = "順伝播逆のパラメーター更新損失学習率バッチサイズエポック。、";

/// Files known to hold Japanese fonts, by distribution and system, tried first (the index
/// is the face in a collection: Noto Sans CJK's first face is Japanese).
pub const KNOWN: [(&str, u32); 14] = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf", 0),
    ("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf", 0),
    ("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", 0),
    ("/usr/share/fonts/truetype/takao-gothic/TakaoGothic.ttf", 0),
    (
        "/usr/share/fonts/truetype/vlgothic/VL-Gothic-Regular.ttf",
        0,
    ),
    (
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        0,
    ),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 0),
    (
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        0,
    ),
    ("/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc", 0),
    ("/System/Library/Fonts/Hiragino Sans GB.ttc", 0),
    ("C:\\Windows\\Fonts\\YuGothM.ttc", 0),
    ("C:\\Windows\\Fonts\\meiryo.ttc", 0),
    ("C:\\Windows\\Fonts\\msgothic.ttc", 0),
];

/// Where fonts are installed, searched (a few folders deep) when no known file is there.
pub fn font_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![
        PathBuf::from("/usr/share/fonts"),
        PathBuf::from("/usr/local/share/fonts"),
    ];
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join(".fonts"));
    }
    dirs
}

/// Parts of the names of font files that hold Japanese.
const NAME_PARTS: [&str; 8] = [
    "notosanscjk",
    "notosansjp",
    "sourcehansans",
    "ipag",
    "ipaexg",
    "takao",
    "vl-gothic",
    "droidsansfallback",
];

/// A font file's contents and the face in it that draws Japanese.
pub struct FontFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub index: u32,
}

/// `true` when the face `index` of `bytes` has every character Japanese text needs here.
pub fn draws_japanese(bytes: &[u8], index: u32) -> bool {
    let Ok(font) = skrifa::FontRef::from_index(bytes, index) else {
        return false;
    };
    let charmap = font.charmap();
    NEEDED.chars().all(|c| charmap.map(c).is_some())
}

/// The font at `path` (face `index`) if it draws Japanese.
pub fn read(path: &Path, index: u32) -> Option<FontFile> {
    let bytes = std::fs::read(path).ok()?;
    draws_japanese(&bytes, index).then(|| FontFile {
        path: path.to_owned(),
        bytes,
        index,
    })
}

/// The system's font with Japanese glyphs: `SCRATCHNET_JA_FONT` if set, else a known file,
/// else the first font file under the font folders whose name says Japanese.
pub fn find() -> Option<FontFile> {
    if let Some(path) = std::env::var_os("SCRATCHNET_JA_FONT") {
        return read(Path::new(&path), 0);
    }
    KNOWN
        .iter()
        .find_map(|(path, index)| read(Path::new(path), *index))
        .or_else(|| find_in(&font_dirs()))
}

/// The first font file under `dirs` (a few folders deep) whose name says Japanese and
/// that draws it.
pub fn find_in(dirs: &[PathBuf]) -> Option<FontFile> {
    let mut candidates = Vec::new();
    for dir in dirs {
        collect(dir, 4, &mut candidates);
    }
    candidates.sort();
    candidates.iter().find_map(|p| read(p, 0))
}

/// Font files under `dir` (to `depth` folders down) whose names say Japanese.
fn collect(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if depth > 0 {
                collect(&path, depth - 1, out);
            }
            continue;
        }
        let name = entry.file_name().to_string_lossy().to_lowercase();
        let is_font = [".ttf", ".otf", ".ttc"].iter().any(|e| name.ends_with(e));
        if is_font && NAME_PARTS.iter().any(|p| name.contains(p)) {
            out.push(path);
        }
    }
}

/// Adds `font` to the window's fonts, after egui's own, for every family: egui's fonts
/// draw Latin, Greek and the maths; this draws the rest.
pub fn install(ctx: &egui::Context, font: FontFile) {
    let mut fonts = egui::FontDefinitions::default();
    let data = egui::FontData::from_blob(std::sync::Arc::new(font.bytes), font.index);
    fonts.font_data.insert("japanese".into(), data.into());
    for family in fonts.families.values_mut() {
        family.push("japanese".into());
    }
    ctx.set_fonts(fonts);
}
