//! The output verifier: every link of the site as written leads to a file
//! of this build.
//!
//! As each file is rendered it passes through [`Verifying`], which reads
//! every `href`, `src`, `srcset`, `action`, `poster`, a meta refresh's
//! `url=`, the site's own absolute URLs in `<meta content>`, and CSS
//! `url()` and `@import` of the HTML, CSS, SVG and XML files (feeds and
//! sitemaps: `<link>`, `<guid>`, `<loc>`), and the `id`s of each HTML page.
//! [`Verifier::finish`] then resolves each link against the files the build
//! wrote, and each `#fragment` against the ids of its page. Nothing is
//! worked out from the model: what is judged is what a reader's browser
//! gets. The findings go to `check` ([`crate::check::output_findings`]),
//! which names the writer's file and line when a link came from a text.
//!
//! Cost: each file is read once, while it is in memory to be written, by
//! the tokenizer of [`crate::html`]; a link is kept as a number for its
//! target (each target's text once for the whole site) and its line, and
//! a page's links to the same target once.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Mutex;

use crate::diagnostic::Diagnostic;
use crate::html::{self, Token};
use crate::render::Sink;
use crate::sync::{into_inner, lock};

/// Where the site is served from: what makes a URL one of the site's.
#[derive(Debug, Clone)]
pub struct SiteUrl {
    /// The path prefix of every page: `/` or `/scjg/`.
    pub root: String,
    /// `https://scjg.example.gov.cn`: absolute URLs on this origin under
    /// `root` are the site's own.
    pub origin: String,
}

/// A link of the output that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Miss {
    /// The output file it is in (`news/a/index.html`).
    pub file: String,
    /// 1-based line in that file.
    pub line: usize,
    /// The link: as written when it leaves the site, else the URL of its
    /// target (`/scjg/news/x/#一`).
    pub url: String,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Problem {
    /// No file at `target` (output path, decoded).
    Missing { target: String },
    /// The file exists but has no element with this id.
    NoAnchor { target: String, fragment: String },
    /// A root-relative or absolute URL of this host outside the site's
    /// path (`/about/` on a site at `/scjg/`), or `..` above it.
    Outside,
}

/// Collects the links and ids of the files of one render.
pub struct Verifier {
    site: SiteUrl,
    /// Every target seen, once: its path, by interned number.
    targets: Mutex<Interner>,
    fragments: Mutex<HashMap<u64, String>>,
    files: Mutex<Vec<Scanned>>,
    written: Mutex<Vec<String>>,
}

/// What one file holds.
struct Scanned {
    file: String,
    /// (target, line), a target once (its first line).
    links: Vec<(u32, u32)>,
    /// (target, fragment hash, line), a pair once.
    anchored: Vec<(u32, u64, u32)>,
    /// Links that leave the site's path: (line, URL).
    outside: Vec<(u32, String)>,
    /// Hashes of its ids, sorted (HTML only).
    ids: Vec<u64>,
}

#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
    paths: Vec<String>,
}

impl Interner {
    fn id(&mut self, path: &str) -> u32 {
        if let Some(&id) = self.ids.get(path) {
            return id;
        }
        let id = self.paths.len() as u32;
        self.paths.push(path.to_string());
        self.ids.insert(path.to_string(), id);
        id
    }
}

impl Verifier {
    pub fn new(site: SiteUrl) -> Verifier {
        Verifier {
            site,
            targets: Mutex::new(Interner::default()),
            fragments: Mutex::new(HashMap::new()),
            files: Mutex::new(Vec::new()),
            written: Mutex::new(Vec::new()),
        }
    }

    /// A sink that verifies what passes through it on its way to `inner`.
    pub fn sink<'a>(&'a self, inner: &'a dyn Sink) -> Verifying<'a> {
        Verifying {
            verifier: self,
            inner,
        }
    }

    /// Reads one written file.
    fn scan(&self, file: &str, bytes: &[u8]) {
        lock(&self.written).push(file.to_string());
        let kind = match Path::new(file).extension().and_then(|e| e.to_str()) {
            Some("html" | "htm") => Kind::Html,
            Some("svg") => Kind::Svg,
            Some("xml") => Kind::Xml,
            Some("css") => Kind::Css,
            _ => return,
        };
        let Ok(text) = std::str::from_utf8(bytes) else {
            return;
        };
        let mut found = Found::new(file, text);
        match kind {
            Kind::Css => css_urls(text, 0, &mut |at, url| found.link(at, url)),
            _ => markup(text, kind, &mut found),
        }
        self.keep(found);
    }

    /// Resolves the links of a file and keeps them.
    fn keep(&self, found: Found) {
        let mut links: Vec<(u32, u32)> = Vec::new();
        let mut anchored: Vec<(u32, u64, u32)> = Vec::new();
        let mut outside = Vec::new();
        let mut seen: HashSet<(&str, &str)> = HashSet::new();
        let mut resolved: Vec<(String, Option<String>, u32)> = Vec::new();
        for (line, url) in found.links {
            match resolve(&self.site, found.file, &url) {
                Resolved::External => {}
                Resolved::Outside => outside.push((line, url)),
                Resolved::Local { path, fragment } => resolved.push((path, fragment, line)),
            }
        }
        {
            let mut targets = lock(&self.targets);
            for (path, fragment, line) in &resolved {
                if !seen.insert((path.as_str(), fragment.as_deref().unwrap_or(""))) {
                    continue;
                }
                let id = targets.id(path);
                match fragment {
                    Some(f) => anchored.push((id, hash(f), *line)),
                    None => links.push((id, *line)),
                }
            }
        }
        if resolved.iter().any(|r| r.1.is_some()) {
            let mut fragments = lock(&self.fragments);
            for (_, fragment, _) in &resolved {
                if let Some(f) = fragment {
                    fragments.entry(hash(f)).or_insert_with(|| f.clone());
                }
            }
        }
        let mut ids: Vec<u64> = found.ids.iter().map(|i| hash(i)).collect();
        ids.sort_unstable();
        ids.dedup();
        lock(&self.files).push(Scanned {
            file: found.file.to_string(),
            links,
            anchored,
            outside,
            ids,
        });
    }

    /// Every link that leads nowhere, sorted by file and line.
    pub fn finish(self) -> Vec<Miss> {
        let written: HashSet<String> = into_inner(self.written).into_iter().collect();
        let targets = into_inner(self.targets);
        let fragments = into_inner(self.fragments);
        let files = into_inner(self.files);
        // What each target is: the file it names, if the build wrote it.
        let file_of: Vec<Option<String>> = targets
            .paths
            .iter()
            .map(|p| existing(&written, p))
            .collect();
        let ids_of: HashMap<&str, &[u64]> = files
            .iter()
            .map(|f| (f.file.as_str(), f.ids.as_slice()))
            .collect();
        let root = &self.site.root;
        let mut misses = Vec::new();
        for f in &files {
            for &(id, line) in &f.links {
                if file_of[id as usize].is_none() {
                    let target = targets.paths[id as usize].clone();
                    misses.push(Miss {
                        file: f.file.clone(),
                        line: line as usize,
                        url: format!("{root}{target}"),
                        problem: Problem::Missing { target },
                    });
                }
            }
            for &(id, fragment, line) in &f.anchored {
                let target = targets.paths[id as usize].clone();
                let text = fragments.get(&fragment).cloned().unwrap_or_default();
                let url = format!("{root}{target}#{text}");
                let problem = match &file_of[id as usize] {
                    None => Problem::Missing { target },
                    // Only pages have ids to look for (`a.pdf#page=2` is
                    // the reader's PDF viewer's business).
                    Some(file) => match ids_of.get(file.as_str()) {
                        Some(ids) if file.ends_with(".html") || file.ends_with(".htm") => {
                            if ids.binary_search(&fragment).is_ok() {
                                continue;
                            }
                            Problem::NoAnchor {
                                target,
                                fragment: text,
                            }
                        }
                        _ => continue,
                    },
                };
                misses.push(Miss {
                    file: f.file.clone(),
                    line: line as usize,
                    url,
                    problem,
                });
            }
            for (line, url) in &f.outside {
                misses.push(Miss {
                    file: f.file.clone(),
                    line: *line as usize,
                    url: url.clone(),
                    problem: Problem::Outside,
                });
            }
        }
        misses.sort();
        misses
    }
}

/// The file a target path names, if it was written: the path itself, or a
/// folder's `index.html` (with or without the closing `/`, which a server
/// adds by a redirect).
fn existing(written: &HashSet<String>, path: &str) -> Option<String> {
    if written.contains(path) {
        return Some(path.to_string());
    }
    let index = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        format!("{path}/index.html")
    };
    written.contains(&index).then_some(index)
}

fn hash(s: &str) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3Default::default();
    s.hash(&mut h);
    h.finish()
}

/// A [`Sink`] that verifies the files on their way to another.
pub struct Verifying<'a> {
    verifier: &'a Verifier,
    inner: &'a dyn Sink,
}

impl Sink for Verifying<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.verifier.scan(path, bytes);
        self.inner.write(path, bytes)
    }

    fn copy(&self, src: &Path, path: &str) -> Result<(), Diagnostic> {
        // Stylesheets and pages of static/ are read; other files (images,
        // attachments) only counted.
        let scanned = [".css", ".html", ".htm", ".svg"]
            .iter()
            .any(|e| path.ends_with(e));
        if scanned {
            let bytes = std::fs::read(src).map_err(|e| {
                Diagnostic::error(src, 0, format!("cannot read the file to copy it: {e}"))
            })?;
            self.write(path, &bytes)
        } else {
            lock(&self.verifier.written).push(path.to_string());
            self.inner.copy(src, path)
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Html,
    Svg,
    Xml,
    Css,
}

/// The links and ids found in one file.
struct Found<'a> {
    file: &'a str,
    text: &'a str,
    /// (line, URL as written, references decoded)
    links: Vec<(u32, String)>,
    ids: Vec<String>,
    /// Where lines were last counted: (offset, line).
    counted: (usize, u32),
}

impl<'a> Found<'a> {
    fn new(file: &'a str, text: &'a str) -> Found<'a> {
        Found {
            file,
            text,
            links: Vec::new(),
            ids: Vec::new(),
            counted: (0, 1),
        }
    }

    /// The line of byte `at`; asked in increasing order.
    fn line(&mut self, at: usize) -> u32 {
        let (from, line) = self.counted;
        let at = at.min(self.text.len());
        if at < from {
            let line = memchr::memchr_iter(b'\n', &self.text.as_bytes()[..at]).count() as u32 + 1;
            self.counted = (at, line);
            return line;
        }
        let more = memchr::memchr_iter(b'\n', &self.text.as_bytes()[from..at]).count() as u32;
        self.counted = (at, line + more);
        line + more
    }

    fn link(&mut self, at: usize, url: &str) {
        let url = url.trim();
        if url.is_empty() || url.starts_with("data:") {
            return;
        }
        let line = self.line(at);
        self.links.push((line, url.to_string()));
    }
}

/// Reads the links and ids of an HTML, SVG or XML text.
fn markup(text: &str, kind: Kind, found: &mut Found) {
    // The element whose text is a URL (a feed's `<link>`), if in one.
    let mut url_element = false;
    for token in html::tokens(text) {
        match token {
            Token::Start(tag) => {
                url_element =
                    kind == Kind::Xml && (tag.is("link") || tag.is("loc") || is_permalink(&tag));
                let meta = kind == Kind::Html && tag.is("meta");
                for a in tag.attrs() {
                    let name = a.name;
                    if name.eq_ignore_ascii_case("id")
                        || (tag.is("a") && name.eq_ignore_ascii_case("name"))
                    {
                        if kind == Kind::Html {
                            found.ids.push(html::decode(a.value).into_owned());
                        }
                    } else if name.eq_ignore_ascii_case("href")
                        || name.eq_ignore_ascii_case("src")
                        || name.eq_ignore_ascii_case("action")
                        || name.eq_ignore_ascii_case("poster")
                        || name.ends_with(":href")
                        || (kind == Kind::Xml && name.eq_ignore_ascii_case("url"))
                    {
                        found.link(a.at, &html::decode(a.value));
                    } else if name.eq_ignore_ascii_case("srcset") {
                        let value = html::decode(a.value);
                        for candidate in value.split(',') {
                            if let Some(url) = candidate.split_whitespace().next() {
                                found.link(a.at, url);
                            }
                        }
                    } else if name.eq_ignore_ascii_case("style") {
                        let value = html::decode(a.value);
                        css_urls(&value, a.at, &mut |_, url| found.link(a.at, url));
                    } else if meta && name.eq_ignore_ascii_case("content") {
                        meta_url(&tag, a, found);
                    }
                }
            }
            Token::End { .. } => url_element = false,
            Token::Text { text, at } if url_element => {
                found.link(at, &html::decode(text));
            }
            Token::Raw { element, text, at } if element.eq_ignore_ascii_case("style") => {
                css_urls(text, at, &mut |i, url| found.link(i, url));
            }
            _ => {}
        }
    }
}

/// An RSS `<guid>` that is the item's URL.
fn is_permalink(tag: &html::Tag) -> bool {
    tag.is("guid") && tag.attr("isPermaLink").is_none_or(|v| v == "true")
}

/// The URL of a `<meta>`: a refresh's `url=`, or a content that is one of
/// the site's absolute URLs (`Url`, `Image`, `og:image`).
fn meta_url(tag: &html::Tag, content: html::Attr, found: &mut Found) {
    let value = html::decode(content.value);
    let refresh = tag
        .attr("http-equiv")
        .is_some_and(|v| v.eq_ignore_ascii_case("refresh"));
    if refresh {
        if let Some(i) = value.to_ascii_lowercase().find("url=") {
            found.link(content.at, value[i + 4..].trim_matches(['\'', '"', ' ']));
        }
    } else if value.starts_with("http://") || value.starts_with("https://") {
        found.link(content.at, &value);
    }
}

/// Calls `each(offset, url)` for the `url(…)` and `@import "…"` of a CSS
/// text that starts at `base` in its file.
fn css_urls(css: &str, base: usize, each: &mut dyn FnMut(usize, &str)) {
    let bytes = css.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &css[i..];
        if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
            continue;
        }
        if rest
            .as_bytes()
            .get(..4)
            .is_some_and(|b| b.eq_ignore_ascii_case(b"url("))
        {
            let inner = &rest[4..];
            let end = inner.find(')').unwrap_or(inner.len());
            let url = inner[..end].trim().trim_matches(['"', '\'']);
            each(base + i + 4, url);
            i += 4 + end;
            continue;
        }
        if let Some(after) = rest.strip_prefix("@import") {
            let after = after.trim_start();
            if let Some(q @ ('"' | '\'')) = after.chars().next() {
                let inner = &after[1..];
                let end = inner.find(q).unwrap_or(inner.len());
                each(base + i, &inner[..end]);
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
}

/// Where a link of the output leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// Another site, `mailto:`, `javascript:`…: not ours to check.
    External,
    /// On this host but outside the site's path.
    Outside,
    /// An output path (decoded, without query) and a fragment.
    Local {
        path: String,
        fragment: Option<String>,
    },
}

/// Resolves `url`, found in the output file `file`, as a browser does.
pub fn resolve(site: &SiteUrl, file: &str, url: &str) -> Resolved {
    let (rest, fragment) = match url.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (url, None),
    };
    let rest = rest.split('?').next().unwrap_or("");
    let fragment = fragment
        .map(|f| crate::markdown::percent_decode(f).into_owned())
        .filter(|f| !f.is_empty());
    let here = file.rsplit_once('/').map_or("", |(dir, _)| dir);
    let local = if rest.is_empty() {
        // `#top` or `?page=2`: this very file.
        return Resolved::Local {
            path: file.to_string(),
            fragment,
        };
    } else if let Some(abs) = rest
        .strip_prefix("https://")
        .or_else(|| rest.strip_prefix("http://"))
        .or_else(|| rest.strip_prefix("//"))
    {
        let origin_host = site
            .origin
            .split_once("://")
            .map_or(site.origin.as_str(), |(_, h)| h);
        let (host, path) = abs.split_at(abs.find('/').unwrap_or(abs.len()));
        if !host.eq_ignore_ascii_case(origin_host) {
            return Resolved::External;
        }
        match under_root(site, if path.is_empty() { "/" } else { path }) {
            Some(p) => p.to_string(),
            None => return Resolved::Outside,
        }
    } else if crate::markdown::has_scheme(rest) {
        return Resolved::External;
    } else if rest.starts_with('/') {
        match under_root(site, rest) {
            Some(p) => p.to_string(),
            None => return Resolved::Outside,
        }
    } else {
        format!("{here}/{rest}")
    };
    let decoded = crate::markdown::percent_decode(&local);
    match normalize(&decoded) {
        Some(path) => Resolved::Local { path, fragment },
        None => Resolved::Outside,
    }
}

/// The part of a root-relative path under the site's root.
fn under_root<'p>(site: &SiteUrl, path: &'p str) -> Option<&'p str> {
    path.strip_prefix(site.root.as_str())
        .or_else(|| (path == site.root.trim_end_matches('/')).then_some(""))
}

/// Resolves `.` and `..`, keeping a closing `/`; None above the root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let folder = path.is_empty()
        || path.ends_with('/')
        || path.ends_with("/.")
        || path.ends_with("/..")
        || path == "."
        || path == "..";
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if folder && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteUrl {
        SiteUrl {
            root: "/scjg/".into(),
            origin: "https://scjg.example.gov.cn".into(),
        }
    }

    fn local(path: &str, fragment: Option<&str>) -> Resolved {
        Resolved::Local {
            path: path.into(),
            fragment: fragment.map(String::from),
        }
    }

    #[test]
    fn links_resolve_as_a_browser_resolves_them() {
        let s = site();
        let f = "news/a/index.html";
        assert_eq!(resolve(&s, f, "/scjg/news/"), local("news/", None));
        assert_eq!(resolve(&s, f, "/scjg/"), local("", None));
        assert_eq!(resolve(&s, f, "/scjg"), local("", None));
        assert_eq!(resolve(&s, f, "photo.jpg"), local("news/a/photo.jpg", None));
        assert_eq!(
            resolve(&s, f, "../photo.jpg?v=2"),
            local("news/photo.jpg", None)
        );
        assert_eq!(
            resolve(&s, f, "../../index.html#main"),
            local("index.html", Some("main"))
        );
        assert_eq!(resolve(&s, f, "#%E4%B8%80"), local(f, Some("一")));
        assert_eq!(
            resolve(&s, f, "%E7%85%A7%E7%89%87.jpg"),
            local("news/a/照片.jpg", None)
        );
        assert_eq!(
            resolve(&s, f, "https://scjg.example.gov.cn/scjg/rss.xml"),
            local("rss.xml", None)
        );
        assert_eq!(resolve(&s, f, "https://www.gov.cn/"), Resolved::External);
        assert_eq!(resolve(&s, f, "mailto:a@b.cn"), Resolved::External);
        assert_eq!(resolve(&s, f, "javascript:void(0)"), Resolved::External);
        // On this host, outside the site's path, or above it.
        assert_eq!(resolve(&s, f, "/about/"), Resolved::Outside);
        assert_eq!(
            resolve(&s, f, "https://scjg.example.gov.cn/other/"),
            Resolved::Outside
        );
        assert_eq!(resolve(&s, f, "../../../../x"), Resolved::Outside);
    }

    fn verify(files: &[(&str, &str)]) -> Vec<(String, usize, String)> {
        let v = Verifier::new(site());
        for (path, text) in files {
            v.scan(path, text.as_bytes());
        }
        v.finish()
            .into_iter()
            .map(|m| {
                let what = match m.problem {
                    Problem::Missing { target } => format!("missing {target}"),
                    Problem::NoAnchor { target, fragment } => format!("no #{fragment} in {target}"),
                    Problem::Outside => "outside".to_string(),
                };
                (m.file, m.line, what)
            })
            .collect()
    }

    #[test]
    fn every_link_of_every_file_is_followed() {
        let page = "<!DOCTYPE html>\n<html><head>\n\
            <link rel=\"stylesheet\" href=\"/scjg/css/a.css\">\n\
            <link rel=\"icon\" href=\"/scjg/favicon.ico\">\n\
            <meta name=\"Image\" content=\"https://scjg.example.gov.cn/scjg/news/gone.jpg\">\n\
            <style>body { background: url('/scjg/bg.png') }</style>\n\
            </head><body>\n\
            <a href=\"#main\">跳到</a><a href=\"#nowhere\">x</a>\n\
            <main id=\"main\"><h2 id=\"一工作\">一、工作</h2>\n\
            <img src=\"photo.jpg\" srcset=\"photo.jpg 1x, photo@2x.jpg 2x\" alt=\"\">\n\
            <a href=\"/scjg/news/b/#一工作\">b</a> <a href=\"/scjg/news/b/#二\">b2</a>\n\
            <form action=\"/scjg/search/\"></form><a href=\"/about/\">关于</a>\n\
            <a href=\"https://www.gov.cn/\">国务院</a><a href=\"mailto:x@y.cn\">信</a>\n\
            <script>var s = '<a href=\"/scjg/not-a-link/\">';</script>\n\
            </main></body></html>\n";
        let b = "<html><body><h2 id=\"一工作\">一、工作</h2></body></html>";
        let css = "/* url(/scjg/commented.png) */ .a { background: url(\"../img/a.png\") }\n.b::before { content: \"：\" }";
        let feed = "<rss><channel><link>https://scjg.example.gov.cn/scjg/</link>\
            <item><link>https://scjg.example.gov.cn/scjg/news/c/</link>\
            <guid isPermaLink=\"true\">https://scjg.example.gov.cn/scjg/news/a/</guid></item></channel></rss>";
        let found = verify(&[
            ("news/a/index.html", page),
            ("news/a/photo.jpg", ""),
            ("news/b/index.html", b),
            ("css/a.css", css),
            ("favicon.ico", ""),
            ("search/index.html", ""),
            ("index.html", ""),
            ("rss.xml", feed),
        ]);
        let expected: Vec<(String, usize, String)> = [
            ("css/a.css", 1, "missing img/a.png"),
            ("news/a/index.html", 5, "missing news/gone.jpg"),
            ("news/a/index.html", 6, "missing bg.png"),
            ("news/a/index.html", 8, "no #nowhere in news/a/index.html"),
            ("news/a/index.html", 10, "missing news/a/photo@2x.jpg"),
            ("news/a/index.html", 11, "no #二 in news/b/"),
            ("news/a/index.html", 12, "outside"),
            ("rss.xml", 1, "missing news/c/"),
        ]
        .iter()
        .map(|(f, l, w)| (f.to_string(), *l, w.to_string()))
        .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn a_folder_link_finds_its_index_and_a_file_its_folder() {
        let found = verify(&[
            ("index.html", "<a href=\"/scjg/news\">n</a><a href=\"news/index.html\">n</a><a href=\"news/x/\">x</a>"),
            ("news/index.html", ""),
        ]);
        assert_eq!(
            found,
            vec![("index.html".to_string(), 1, "missing news/x/".to_string())]
        );
    }
}
