//! The bureau theme in a real browser: runs tests/browser/theme.test.mjs
//! (Debian's headless chromium driven by playwright-core, with axe-core)
//! on the demo site, then decodes the QR code as the browser drew it; and
//! tests/browser/serve.test.mjs, a page left open while `bulletin serve`
//! rebuilds; tests/browser/search.test.mjs, the site search; and
//! tests/browser/pages.test.mjs, every page of the demo and of the
//! writers' fixture opened with nothing missing.
//!
//! Needs `/usr/bin/chromium` (or `CHROMIUM`) and `npm ci --prefix
//! tests/browser`; `.ci/run` installs both. Without them the test fails
//! and says what to install: it never passes without having run. Set
//! `BULLETIN_SKIP_BROWSER=1` to leave it out on purpose.

use std::path::PathBuf;
use std::process::Command;

use crate::common::repo;

/// Where the screenshots are kept after the run, to be looked at.
fn screenshots() -> PathBuf {
    repo().join("target/browser-screenshots")
}

#[test]
fn bureau_theme_in_headless_chromium() {
    if std::env::var("BULLETIN_SKIP_BROWSER").as_deref() == Ok("1") {
        eprintln!("browser tests skipped: BULLETIN_SKIP_BROWSER=1");
        return;
    }
    let dir = repo().join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        std::path::Path::new(&chromium).exists(),
        "{chromium} not found: install Debian's chromium (apt-get install chromium), \
         or set BULLETIN_SKIP_BROWSER=1 to leave the browser tests out"
    );
    assert!(
        dir.join("node_modules/playwright-core").is_dir()
            && dir.join("node_modules/axe-core").is_dir(),
        "the browser tests' npm packages are missing: run `npm ci --prefix tests/browser`"
    );

    let shots = screenshots();
    // Old screenshots must not pass for new ones.
    let _ = std::fs::remove_dir_all(&shots);
    let out = Command::new("node")
        .args([
            "--test",
            "--test-concurrency=1",
            "theme.test.mjs",
            "serve.test.mjs",
            "search.test.mjs",
            "pages.test.mjs",
        ])
        .current_dir(&dir)
        .env("BULLETIN_BIN", env!("CARGO_BIN_EXE_bulletin"))
        .env("BULLETIN_SITE", repo())
        .env("BULLETIN_SCREENSHOTS", &shots)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs (install Node.js)");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "browser tests failed:\n{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // node --test reports how many ran; a run of nothing is a failure.
    assert!(
        report
            .lines()
            .any(|l| l.starts_with("# pass ") && l != "# pass 0"),
        "no browser test ran:\n{report}"
    );

    // The QR code, as chromium drew it, decodes to the page's URL.
    let png = std::fs::read(shots.join("qr.png")).expect("the QR screenshot");
    let expected = std::fs::read_to_string(shots.join("qr.txt")).expect("the page's URL");
    assert_eq!(decode_qr(&png), expected);
}

/// Decodes the one QR code in a PNG image.
fn decode_qr(png: &[u8]) -> String {
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(png).expect("a PNG");
    // The screenshot has 3 px per module: enlarge it to 12.
    let mut texts = crate::common::qr_texts(&pixmap, 4);
    assert_eq!(texts.len(), 1, "one QR code in the screenshot");
    texts.remove(0)
}
