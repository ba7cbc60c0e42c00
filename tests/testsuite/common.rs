//! Helpers shared by the integration tests: run the real binary on a copy
//! of a fixture site and read what it produced.

use std::path::{Path, PathBuf};
use std::process::Output;

use scraper::{Html, Selector};

/// The repository root (the demo site lives there).
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// A site copied into a temporary folder, so a test may change it.
pub(crate) struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub(crate) fn copy_of(src: &Path) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(src, dir.path());
        Site { dir }
    }

    /// A copy of the demo site: what a site has, not the whole repository.
    pub(crate) fn demo() -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        let repo = repo();
        std::fs::copy(repo.join("site.toml"), site.root().join("site.toml")).unwrap();
        for part in ["content", "static", "themes"] {
            if repo.join(part).is_dir() {
                copy_dir(&repo.join(part), &site.root().join(part));
            }
        }
        site
    }

    pub(crate) fn fixture(name: &str) -> Site {
        Site::copy_of(&fixture(name))
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub(crate) fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub(crate) fn read_source(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap()
    }

    /// Replaces `from` with `to` in a file of the site; panics if absent,
    /// so a test never silently tests nothing.
    pub(crate) fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read_source(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, text.replacen(from, to, 1));
    }

    pub(crate) fn build(&self, extra: &[&str]) -> Output {
        run(&[&["build", "--root", self.root().to_str().unwrap()], extra].concat())
    }

    /// Builds and asserts success.
    pub(crate) fn build_ok(&self, extra: &[&str]) -> Output {
        let out = self.build(extra);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Builds with "today" pinned to `day` (`2026-11-23`, noon UTC) through
    /// SOURCE_DATE_EPOCH, as campaign status depends on it; asserts success.
    pub(crate) fn build_on(&self, day: &str, extra: &[&str]) -> Output {
        let epoch = format!("{day}T12:00:00Z")
            .parse::<jiff::Timestamp>()
            .expect("a date like 2026-11-23")
            .as_second()
            .to_string();
        let args = [&["build", "--root", self.root().to_str().unwrap()], extra].concat();
        let out = command(&args)
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .expect("bulletin runs");
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    pub(crate) fn file(&self, rel: &str) -> String {
        let p = self.out().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).is_file()
    }

    pub(crate) fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.file(rel))
    }
}

pub(crate) fn run(args: &[&str]) -> Output {
    command(args).output().expect("bulletin runs")
}

/// The `bulletin` command with `args`, to add to or run.
pub(crate) fn command(args: &[&str]) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("bulletin").expect("binary built");
    // A hang is a failure, not a stuck test run.
    c.args(args).timeout(std::time::Duration::from_secs(120));
    c
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub(crate) fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let name = e.file_name();
        if name == "target" || name == "public" || name == ".git" || name == "bench" {
            continue;
        }
        let to = dst.join(&name);
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), to).unwrap();
        }
    }
}

/// Every file under `dir`, relative, sorted.
pub(crate) fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| {
            p.strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    v.sort();
    v
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

pub(crate) fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Text of every element matching `css`.
pub(crate) fn texts(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&sel(css))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

pub(crate) fn attrs(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(css))
        .filter_map(|e| e.value().attr(attr).map(String::from))
        .collect()
}

/// `content` of `<meta name=…>`.
pub(crate) fn meta(doc: &Html, name: &str) -> Option<String> {
    attrs(doc, &format!("meta[name=\"{name}\"]"), "content")
        .into_iter()
        .next()
}

/// Follows every internal `href`/`src` of every HTML page in `out` and
/// returns those that lead to no file. `root` is the URL prefix of the
/// site (`/sub/`); with `relative` the links are resolved against the page.
pub(crate) fn broken_links(out: &Path, root: &str, relative: bool) -> Vec<String> {
    let mut broken = Vec::new();
    for rel in files(out).into_iter().filter(|f| f.ends_with(".html")) {
        let doc = Html::parse_document(&std::fs::read_to_string(out.join(&rel)).unwrap());
        let page_dir = Path::new(&rel)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        for (css, attr) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("img[src]", "src"),
            ("script[src]", "src"),
        ] {
            for url in attrs(&doc, css, attr) {
                if url.contains("://")
                    || url.starts_with("mailto:")
                    || url.starts_with('#')
                    || url.starts_with("//")
                {
                    continue;
                }
                let path = url.split(['#', '?']).next().unwrap();
                let target = if relative {
                    assert!(!url.starts_with('/'), "{rel}: link {url} is not relative");
                    out.join(&page_dir).join(path)
                } else if !url.starts_with('/') {
                    // A relative link in a page's text (an image beside a bundle).
                    out.join(&page_dir).join(path)
                } else {
                    let Some(local) = path.strip_prefix(root) else {
                        broken.push(format!("{rel}: {url} lacks the site root {root}"));
                        continue;
                    };
                    out.join(local)
                };
                let target = percent_decode(&target.to_string_lossy());
                let t = Path::new(&target);
                let ok = t.is_file() || t.join("index.html").is_file();
                if !ok {
                    broken.push(format!("{rel}: {url}"));
                }
            }
        }
    }
    broken
}

pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `(path, line, col, rule)` of every finding of `bulletin check --format json`.
pub(crate) fn check_findings(v: &serde_json::Value) -> Vec<(String, u64, u64, String)> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["col"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The texts of the QR codes in `pixmap`, enlarged `scale` times pixel for
/// pixel first (rqrr finds the finder patterns reliably only from about 4
/// pixels per module).
pub(crate) fn qr_texts(pixmap: &resvg::tiny_skia::Pixmap, scale: usize) -> Vec<String> {
    let (w, h) = (pixmap.width() as usize, pixmap.height() as usize);
    let pixels = pixmap.data();
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w * scale, h * scale, |x, y| {
        let p = &pixels[(y / scale * w + x / scale) * 4..][..3];
        ((u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])) / 3) as u8
    });
    img.detect_grids()
        .iter()
        .map(|g| g.decode().expect("the QR code decodes").1)
        .collect()
}
