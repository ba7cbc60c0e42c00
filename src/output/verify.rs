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
//! gets. The findings go to `check` (its `output_findings`),
//! which names the writer's file and line when a link came from a text.
//!
//! Cost: each file is read once, while it is in memory to be written, by
//! the tokenizer of [`crate::base::html`]; each target is kept once for the whole
//! site, with the first [`REFERRERS`] pages that link to it (file and line)
//! and how many do, and a page's links to one target count once. On the
//! 1,000-item corpus this is about a tenth of a build's instructions
//! (callgrind); see the README's Performance section.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::Hasher;
use std::path::Path;
use std::sync::{Arc, Mutex};

use xxhash_rust::xxh3::xxh3_64;

use crate::base::diagnostic::Diagnostic;
use crate::base::html::{self, Token};
use crate::base::sink::{Frame, Sink};
use crate::base::sync::{into_inner, lock};

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
    /// How many files link to the same target (only the first
    /// [`REFERRERS`] are reported one by one).
    pub files: usize,
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

/// How many pages of each target are remembered to report a miss at:
/// more is a template's doing, reported once anyway.
const REFERRERS: usize = 16;

/// Collects the links and ids of the files of one render.
pub struct Verifier {
    site: SiteUrl,
    state: Mutex<State>,
    /// The frames of framed pages, read once each, by their key.
    frames: Mutex<HashMap<u64, Arc<FrameRead>, ByHash>>,
}

/// What a frame (`base::sink::Frame`) holds, read once.
struct FrameRead {
    /// Links of the part before the text, at their lines, and the
    /// number of lines that part ends in.
    before: Vec<(u32, String)>,
    before_breaks: u32,
    /// Links of the part after, at their lines within it.
    after: Vec<(u32, String)>,
    ids: Vec<u64>,
}

#[derive(Default)]
struct State {
    /// Every file written, by number.
    files: Vec<String>,
    /// Hashes of the ids of each HTML file, sorted, by file number.
    ids: HashMap<u32, Vec<u64>, ByHash>,
    /// Every target linked to, by the hash of its path.
    targets: HashMap<u64, Target, ByHash>,
    /// Fragments linked to, by hash, for messages.
    fragments: HashMap<u64, String, ByHash>,
    /// Links that leave the site's path: (file, line, URL).
    outside: Vec<(u32, u32, String)>,
}

/// A link of a page that stays on the site.
struct Local<'a> {
    /// Hashes of the path and the fragment (0 for none).
    target: u64,
    anchor: u64,
    line: u32,
    path: Cow<'a, str>,
    fragment: Option<Cow<'a, str>>,
}

/// A file or folder of the output that pages link to.
struct Target {
    /// Output path, decoded (`news/a/`, `css/bureau.css`).
    path: String,
    /// The first [`REFERRERS`] pages that link to it, by file name:
    /// (file, line).
    links: Vec<(u32, u32)>,
    /// How many pages link to it.
    pages: u32,
    /// Links to an element of it: (fragment hash, file, line), the first
    /// [`REFERRERS`] of each fragment.
    anchors: Vec<(u64, u32, u32)>,
}

/// Keys that are hashes already.
type ByHash = std::hash::BuildHasherDefault<Unhashed>;

#[derive(Default)]
struct Unhashed(u64);

impl Hasher for Unhashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

impl Verifier {
    pub fn new(site: SiteUrl) -> Verifier {
        Verifier {
            site,
            state: Mutex::new(State::default()),
            frames: Mutex::new(HashMap::default()),
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
        let kind = match Path::new(file).extension().and_then(|e| e.to_str()) {
            Some("html" | "htm") => Kind::Html,
            Some("svg") => Kind::Svg,
            Some("xml") => Kind::Xml,
            Some("css") => Kind::Css,
            _ => {
                lock(&self.state).files.push(file.to_string());
                return;
            }
        };
        let Ok(text) = simdutf8::basic::from_utf8(bytes) else {
            lock(&self.state).files.push(file.to_string());
            return;
        };
        let mut found = Found::new(text);
        match kind {
            Kind::Css => css_urls(text, 0, &mut |at, url| found.link(at, Cow::Borrowed(url))),
            _ => markup(text, kind, &mut found),
        }
        self.keep(file, found);
    }

    /// Reads one framed page: its text here, its frame once for all the
    /// pages that share it. The same links and ids at the same lines as
    /// reading the page whole.
    fn scan_framed(&self, file: &str, frame: &Frame, body: &str) {
        let key = frame.key();
        let cached = lock(&self.frames).get(&key).cloned();
        let read = cached.unwrap_or_else(|| {
            let part = |text: &str| {
                let mut found = Found::new(text);
                markup(text, Kind::Html, &mut found);
                let links: Vec<(u32, String)> = found
                    .links
                    .into_iter()
                    .map(|(l, u)| (l, u.into_owned()))
                    .collect();
                (links, found.ids)
            };
            let (before, mut ids) = part(&frame.before);
            let (after, after_ids) = part(&frame.after);
            ids.extend(after_ids);
            let read = Arc::new(FrameRead {
                before,
                before_breaks: newlines(frame.before.as_bytes()),
                after,
                ids,
            });
            lock(&self.frames).insert(key, Arc::clone(&read));
            read
        });
        let mut found = Found::new(body);
        markup(body, Kind::Html, &mut found);
        let body_breaks = newlines(body.as_bytes());
        let mut links: Vec<(u32, Cow<str>)> = read
            .before
            .iter()
            .map(|(l, u)| (*l, Cow::Borrowed(u.as_str())))
            .collect();
        links.extend(
            found
                .links
                .into_iter()
                .map(|(l, u)| (l + read.before_breaks, u)),
        );
        links.extend(read.after.iter().map(|(l, u)| {
            (
                l + read.before_breaks + body_breaks,
                Cow::Borrowed(u.as_str()),
            )
        }));
        found.links = links;
        found.ids.extend_from_slice(&read.ids);
        self.keep(file, found);
    }

    /// Resolves the links of a file and keeps them with their targets.
    fn keep(&self, file: &str, found: Found) {
        let mut links: Vec<Local> = Vec::with_capacity(found.links.len());
        let mut outside = Vec::new();
        for (line, url) in &found.links {
            match resolve(&self.site, file, url) {
                Resolved::External => {}
                Resolved::Outside => outside.push((*line, url.to_string())),
                Resolved::Local { path, fragment } => links.push(Local {
                    target: xxh3_64(path.as_bytes()),
                    anchor: fragment.as_deref().map_or(0, |f| xxh3_64(f.as_bytes()) | 1),
                    line: *line,
                    path,
                    fragment,
                }),
            }
        }
        // A page's links to one target count once, at the first.
        links.sort_unstable_by_key(|l| (l.target, l.anchor, l.line));
        links.dedup_by_key(|l| (l.target, l.anchor));
        let mut ids = found.ids;
        ids.sort_unstable();
        ids.dedup();

        let mut state = lock(&self.state);
        let State {
            files,
            ids: all_ids,
            targets,
            fragments,
            outside: all_outside,
        } = &mut *state;
        let n = files.len() as u32;
        files.push(file.to_string());
        if matches!(
            Path::new(file).extension().and_then(|e| e.to_str()),
            Some("html" | "htm")
        ) {
            all_ids.insert(n, ids);
        }
        for (line, url) in outside {
            all_outside.push((n, line, url));
        }
        let mut last = None;
        for l in links {
            let target = targets.entry(l.target).or_insert_with(|| Target {
                path: l.path.into_owned(),
                links: Vec::new(),
                pages: 0,
                anchors: Vec::new(),
            });
            if last != Some(l.target) {
                target.pages += 1;
                last = Some(l.target);
            }
            match l.fragment {
                None => {
                    // The first pages by name, whatever the order files
                    // come in: a template's miss is reported at the same
                    // page every time.
                    let name = |&(m, _): &(u32, u32)| files[m as usize].as_str();
                    let full = target.links.len() == REFERRERS;
                    if full && target.links.last().map(name) <= Some(file) {
                        continue;
                    }
                    let at = target.links.partition_point(|r| name(r) <= file);
                    target.links.insert(at, (n, l.line));
                    target.links.truncate(REFERRERS);
                }
                Some(text) => {
                    let f = l.anchor;
                    if target.anchors.iter().filter(|a| a.0 == f).count() < REFERRERS {
                        target.anchors.push((f, n, l.line));
                    }
                    fragments.entry(f).or_insert_with(|| text.into_owned());
                }
            }
        }
    }

    /// Every link that leads nowhere, sorted by file and line.
    pub fn finish(self) -> Vec<Miss> {
        let state = into_inner(self.state);
        let written: HashSet<&str> = state.files.iter().map(String::as_str).collect();
        let number: HashMap<&str, u32> = state
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.as_str(), i as u32))
            .collect();
        let root = &self.site.root;
        let file = |n: u32| state.files[n as usize].clone();
        let mut misses = Vec::new();
        for t in state.targets.values() {
            let Some(found) = existing(&written, &t.path) else {
                let anchored = t.anchors.iter().map(|&(_, n, line)| (n, line));
                for (n, line) in t.links.iter().copied().chain(anchored) {
                    misses.push(Miss {
                        file: file(n),
                        line: line as usize,
                        url: format!("{root}{}", t.path),
                        problem: Problem::Missing {
                            target: t.path.clone(),
                        },
                        files: t.pages as usize,
                    });
                }
                continue;
            };
            // Only pages have ids to look for (`a.pdf#page=2` is the
            // reader's PDF viewer's business).
            let Some(ids) = number.get(found.as_str()).and_then(|n| state.ids.get(n)) else {
                continue;
            };
            for &(f, n, line) in &t.anchors {
                if ids.binary_search(&f).is_ok() {
                    continue;
                }
                let fragment = state.fragments.get(&f).cloned().unwrap_or_default();
                misses.push(Miss {
                    file: file(n),
                    line: line as usize,
                    url: format!("{root}{}#{fragment}", t.path),
                    problem: Problem::NoAnchor {
                        target: t.path.clone(),
                        fragment,
                    },
                    files: t.pages as usize,
                });
            }
        }
        for (n, line, url) in &state.outside {
            misses.push(Miss {
                file: file(*n),
                line: *line as usize,
                url: url.clone(),
                problem: Problem::Outside,
                files: 1,
            });
        }
        misses.sort();
        misses.dedup();
        misses
    }
}

/// The file a target path names, if it was written: the path itself, or a
/// folder's `index.html` (with or without the closing `/`, which a server
/// adds by a redirect).
fn existing(written: &HashSet<&str>, path: &str) -> Option<String> {
    if written.contains(path) {
        return Some(path.to_string());
    }
    let index = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        format!("{path}/index.html")
    };
    written.contains(index.as_str()).then_some(index)
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

    fn write_framed(&self, path: &str, frame: &Frame, body: &str) -> Result<(), Diagnostic> {
        if path.ends_with(".html") {
            self.verifier.scan_framed(path, frame, body);
        } else {
            self.verifier.scan(
                path,
                [&frame.before, body, &frame.after].concat().as_bytes(),
            );
        }
        self.inner.write_framed(path, frame, body)
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
            lock(&self.verifier.state).files.push(path.to_string());
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
    text: &'a str,
    /// (line, URL as written, references decoded)
    links: Vec<(u32, Cow<'a, str>)>,
    /// Hashes of the ids.
    ids: Vec<u64>,
    /// Where lines were last counted: (offset, line).
    counted: (usize, u32),
}

impl<'a> Found<'a> {
    fn new(text: &'a str) -> Found<'a> {
        Found {
            text,
            links: Vec::new(),
            ids: Vec::new(),
            counted: (0, 1),
        }
    }

    /// The line of byte `at`; asked in increasing order, as a rule.
    fn line(&mut self, at: usize) -> u32 {
        let (from, line) = self.counted;
        let at = at.min(self.text.len());
        let bytes = self.text.as_bytes();
        let line = if at < from {
            newlines(&bytes[..at]) + 1
        } else {
            line + newlines(&bytes[from..at])
        };
        self.counted = (at, line);
        line
    }

    fn link(&mut self, at: usize, url: Cow<'a, str>) {
        let trimmed = url.trim();
        if trimmed.is_empty() || trimmed.starts_with("data:") {
            return;
        }
        let url = match url {
            Cow::Borrowed(u) => Cow::Borrowed(u.trim()),
            Cow::Owned(u) => Cow::Owned(u.trim().to_string()),
        };
        let line = self.line(at);
        self.links.push((line, url));
    }

    fn id(&mut self, value: &str) {
        self.ids.push(xxh3_64(html::decode(value).as_bytes()) | 1);
    }
}

/// How many line breaks `bytes` holds. Sums of bytes in chunks of 255
/// vectorise, where `memchr`'s iterator stops at each break.
fn newlines(bytes: &[u8]) -> u32 {
    bytes
        .chunks(255)
        .map(|c| u32::from(c.iter().map(|&b| u8::from(b == b'\n')).sum::<u8>()))
        .sum()
}

/// Reads the links and ids of an HTML, SVG or XML text.
fn markup<'a>(text: &'a str, kind: Kind, found: &mut Found<'a>) {
    // The element whose text is a URL (a feed's `<link>`), if in one.
    let mut url_element = false;
    let tokens = if kind == Kind::Xml {
        html::tokens(text)
    } else {
        html::markup(text)
    };
    for token in tokens {
        match token {
            Token::Start(tag) => {
                url_element =
                    kind == Kind::Xml && (tag.is("link") || tag.is("loc") || is_permalink(&tag));
                let meta = kind == Kind::Html && tag.is("meta");
                for a in tag.attrs() {
                    match attr_kind(a.name) {
                        Attr::Id if kind == Kind::Html => found.id(a.value),
                        Attr::Name if kind == Kind::Html && tag.is("a") => found.id(a.value),
                        Attr::Link => found.link(a.at, html::decode(a.value)),
                        Attr::Url if kind == Kind::Xml => found.link(a.at, html::decode(a.value)),
                        Attr::Srcset => {
                            let value = html::decode(a.value);
                            for candidate in value.split(',') {
                                if let Some(url) = candidate.split_whitespace().next() {
                                    found.link(a.at, Cow::Owned(url.to_string()));
                                }
                            }
                        }
                        Attr::Style => {
                            let value = html::decode(a.value);
                            css_urls(&value, 0, &mut |_, url| {
                                found.link(a.at, Cow::Owned(url.to_string()));
                            });
                        }
                        Attr::Content if meta => meta_url(&tag, a, found),
                        _ => {}
                    }
                }
            }
            Token::End { .. } => url_element = false,
            Token::Text { text, at } if url_element => found.link(at, html::decode(text)),
            Token::Raw { element, text, at } if element.eq_ignore_ascii_case("style") => {
                css_urls(text, at, &mut |i, url| found.link(i, Cow::Borrowed(url)));
            }
            _ => {}
        }
    }
}

/// What an attribute may hold.
enum Attr {
    Id,
    Name,
    /// `href`, `src`, `action`, `poster`, `xlink:href`.
    Link,
    /// An `<enclosure url>` of a feed.
    Url,
    Srcset,
    Style,
    Content,
    Other,
}

fn attr_kind(name: &str) -> Attr {
    let is = |n: &str| name.eq_ignore_ascii_case(n);
    match name.len() {
        2 if is("id") => Attr::Id,
        3 if is("src") => Attr::Link,
        3 if is("url") => Attr::Url,
        4 if is("href") => Attr::Link,
        4 if is("name") => Attr::Name,
        5 if is("style") => Attr::Style,
        6 if is("action") || is("poster") => Attr::Link,
        6 if is("srcset") => Attr::Srcset,
        7 if is("content") => Attr::Content,
        _ if name.ends_with(":href") => Attr::Link,
        _ => Attr::Other,
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
            let url = value[i + 4..].trim_matches(['\'', '"', ' ']);
            found.link(content.at, Cow::Owned(url.to_string()));
        }
    } else if value.starts_with("http://") || value.starts_with("https://") {
        found.link(content.at, Cow::Owned(value.into_owned()));
    }
}

/// Calls `each(offset, url)` for the `url(…)` and `@import "…"` of a CSS
/// text that starts at `base` in its file.
fn css_urls<'c>(css: &'c str, base: usize, each: &mut dyn FnMut(usize, &'c str)) {
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
pub enum Resolved<'u> {
    /// Another site, `mailto:`, `javascript:`…: not ours to check.
    External,
    /// On this host but outside the site's path.
    Outside,
    /// An output path (decoded, without query) and a fragment.
    Local {
        path: Cow<'u, str>,
        fragment: Option<Cow<'u, str>>,
    },
}

/// Resolves `url`, found in the output file `file`, as a browser does.
/// Borrows from `url` where it can: most links are root-relative and need
/// no work.
pub fn resolve<'u>(site: &SiteUrl, file: &'u str, url: &'u str) -> Resolved<'u> {
    // Byte searches: this runs for every link of every page.
    let (rest, fragment) = match memchr::memchr(b'#', url.as_bytes()) {
        Some(i) => (&url[..i], Some(&url[i + 1..])),
        None => (url, None),
    };
    let rest = memchr::memchr(b'?', rest.as_bytes()).map_or(rest, |i| &rest[..i]);
    let fragment = fragment
        .filter(|f| !f.is_empty())
        .map(crate::base::percent::decode);
    let local: Cow<str> = if rest.is_empty() {
        // `#top` or `?page=2`: this very file.
        return Resolved::Local {
            path: Cow::Borrowed(file),
            fragment,
        };
    } else if rest.starts_with('/') && !rest.starts_with("//") {
        match under_root(site, rest) {
            Some(p) => Cow::Borrowed(p),
            None => return Resolved::Outside,
        }
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
            Some(p) => Cow::Borrowed(p),
            None => return Resolved::Outside,
        }
    } else if crate::markdown::has_scheme(rest) {
        return Resolved::External;
    } else {
        let here = file.rsplit_once('/').map_or("", |(dir, _)| dir);
        Cow::Owned(if here.is_empty() {
            rest.to_string()
        } else {
            format!("{here}/{rest}")
        })
    };
    let decoded = match local {
        Cow::Borrowed(p) => crate::base::percent::decode(p),
        Cow::Owned(p) => Cow::Owned(crate::base::percent::decode(&p).into_owned()),
    };
    let bytes = decoded.as_bytes();
    let clean = !bytes.starts_with(b".")
        && !bytes
            .windows(2)
            .any(|w| w[0] == b'/' && (w[1] == b'.' || w[1] == b'/'));
    if clean {
        return Resolved::Local {
            path: decoded,
            fragment,
        };
    }
    match crate::markdown::normalize(&decoded) {
        Some(path) => Resolved::Local {
            path: Cow::Owned(path),
            fragment,
        },
        None => Resolved::Outside,
    }
}

/// The part of a root-relative path under the site's root.
fn under_root<'p>(site: &SiteUrl, path: &'p str) -> Option<&'p str> {
    path.strip_prefix(site.root.as_str())
        .or_else(|| (path == site.root.trim_end_matches('/')).then_some(""))
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

    fn local<'a>(path: &'a str, fragment: Option<&'a str>) -> Resolved<'a> {
        Resolved::Local {
            path: Cow::Borrowed(path),
            fragment: fragment.map(Cow::Borrowed),
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
    fn a_target_keeps_its_first_pages_and_counts_them_all() {
        let v = Verifier::new(site());
        for i in 0..40 {
            let page = format!("<a href=\"/scjg/gone/\">x</a><a href=\"/scjg/p{i}/\">p</a>");
            v.scan(&format!("p{i}/index.html"), page.as_bytes());
        }
        let misses = v.finish();
        assert_eq!(misses.len(), REFERRERS);
        assert!(misses
            .iter()
            .all(|m| m.files == 40 && m.url == "/scjg/gone/"));
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
