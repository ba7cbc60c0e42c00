//! Loading `content/`: walking the folder, splitting front matter, and
//! turning files into items, sections (home, columns, campaigns),
//! statistics files and assets to copy; and listing `static/`.
//!
//! Nothing here looks at other files: each item is read on its own, so a
//! single changed file can be reloaded by itself (for `serve`).
//!
//! A symbolic link is followed only when it leads to a place inside the
//! site folder: one server often builds many bureaus' sites (政府网站集约化),
//! and a link to `/etc` or another site's folder would publish it. Such a
//! link is an error naming it, and nothing behind it is read (Jekyll's
//! safe mode does the same).

pub mod dates;
pub mod front_matter;
pub mod slug;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use rayon::prelude::*;

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::store::{Store, Stored};
use crate::base::sync::lock;
use dates::When;
use front_matter::{ItemFront, SectionFront};

/// The folder whose sub-folders are campaigns (专项行动).
pub const CAMPAIGNS_DIR: &str = "campaigns";

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    /// Sorted by `dir`; the home page (`dir == ""`) is always first.
    pub sections: Vec<Section>,
    /// Sorted by source path. Drafts are left out unless asked for.
    /// Shared with the load cache of `bulletin serve`.
    pub items: Vec<Arc<Item>>,
    /// Files copied as they are (images, attachments, bundle files).
    pub assets: Vec<Asset>,
    /// `*.yaml` statistics files, content-relative.
    pub stats_files: Vec<String>,
    /// The files of `static/`, copied to the output root; `source` is
    /// relative to the site folder (`static/dzjg.png`).
    pub statics: Vec<Asset>,
    /// The items' texts.
    pub store: Store,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    Home,
    Column,
    Campaign,
}

/// The home page, a column (栏目) or a campaign (专项行动): a folder.
#[derive(Debug)]
pub struct Section {
    /// Folder relative to content/, `/`-separated: `news`,
    /// `campaigns/chunlei-2021`, `` for the home page.
    pub dir: String,
    /// `news/_index.md`, or None for a folder without one.
    pub source: Option<String>,
    /// Output path: `news/`, `campaigns/chunlei-2021/`, `` for home.
    pub url_path: String,
    pub kind: SectionKind,
    pub title: String,
    pub front: SectionFront,
    /// File line where `front`'s YAML starts (for locating its values).
    pub yaml_line: usize,
    pub body: Arc<str>,
    pub body_line: usize,
}

/// An item: a press release, notice, report… or, at the content root, a
/// standalone page such as 联系我们.
#[derive(Debug, Clone)]
pub struct Item {
    /// `news/a.md` or, for a bundle, `news/b/index.md`.
    pub source: String,
    /// Folder the links inside the text are relative to.
    pub dir: String,
    /// Folder the item lives in as an entry of a column: the source's
    /// folder, or for a bundle the bundle's parent folder.
    pub parent_dir: String,
    /// Output path: `news/a/`.
    pub url_path: String,
    pub front: ItemFront,
    pub yaml_line: usize,
    pub date: When,
    pub updated: Option<When>,
    /// Its Markdown, in the site's [`Store`].
    pub body: Stored,
    pub body_line: usize,
}

/// A file copied verbatim into the output.
#[derive(Debug, Clone)]
pub struct Asset {
    pub src: PathBuf,
    /// Path relative to content/ (`news/b/photo.jpg`).
    pub source: String,
    /// Output path relative to the output root.
    pub dest: String,
}

/// What a file in content/ is, decided by its name and place.
enum Entry {
    Section {
        dir: String,
        source: String,
    },
    /// A bundle's `dir` is its own folder, below `parent_dir`; a single
    /// file's are the same.
    Item {
        source: String,
        dir: String,
        parent_dir: String,
    },
    Stats(String),
    Asset {
        src: PathBuf,
        dest_dir_source: String,
        name: String,
    },
    BundleFile {
        src: PathBuf,
        bundle_source: String,
        rel: String,
    },
}

/// Items parsed by earlier loads, for `bulletin serve`: a file whose size
/// and modification time are unchanged is not read and parsed again.
/// Parsing front matter is most of the cost of loading a large site.
#[derive(Default)]
pub struct LoadCache {
    /// By source path.
    items: Mutex<HashMap<String, CachedItem>>,
}

struct CachedItem {
    stamp: Stamp,
    /// None for a draft.
    item: Option<Arc<Item>>,
}

/// What tells that a file changed without reading it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    pub fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
        })
    }
}

impl LoadCache {
    /// Drops what is known of the file `source` (content-relative): the
    /// watcher saw it change, whatever its stamp says.
    pub fn forget(&self, source: &str) {
        lock(&self.items).remove(source);
    }

    /// Keeps `item`, loaded by [`reload`], for the next load.
    pub fn remember(&self, root: &Path, item: &Arc<Item>) {
        if let Some(stamp) = Stamp::of(&root.join("content").join(&item.source)) {
            self.put(&item.source, stamp, &Some(item.clone()));
        }
    }

    fn get(&self, source: &str, stamp: Stamp) -> Option<Option<Arc<Item>>> {
        match lock(&self.items).get(source) {
            Some(c) if c.stamp == stamp => Some(c.item.clone()),
            _ => None,
        }
    }

    fn put(&self, source: &str, stamp: Stamp, item: &Option<Arc<Item>>) {
        let cached = CachedItem {
            stamp,
            item: item.clone(),
        };
        lock(&self.items).insert(source.to_string(), cached);
    }
}

/// Reads content/ under `root`, the items' texts into `store`. `offset` is
/// the site's time zone.
pub fn load(
    root: &Path,
    offset: jiff::tz::Offset,
    drafts: bool,
    store: Store,
) -> Result<Content, Diagnostics> {
    load_cached(root, offset, drafts, store, None)
}

/// [`load`], reusing the items of `cache` whose files did not change. The
/// cache must be dropped when `offset` or `drafts` change, and `store` must
/// keep texts in memory.
pub fn load_cached(
    root: &Path,
    offset: jiff::tz::Offset,
    drafts: bool,
    store: Store,
    cache: Option<&LoadCache>,
) -> Result<Content, Diagnostics> {
    let content_dir = root.join("content");
    let mut entries = Vec::new();
    let mut walker = Walker::new(root);
    let statics = walker.files("static");
    if content_dir.is_dir() && walker.inside(&content_dir, "content") {
        walk(&mut walker, &content_dir, "", &mut entries);
    }
    let mut diags = walker.diags;
    if !content_dir.is_dir() {
        diags.push(Diagnostic::error(
            "content",
            0,
            "there is no content/ folder; create it with at least content/_index.md",
        ));
    }

    // Folders' URL paths depend only on their names.
    let mut sections_found = Vec::new();
    let mut items_found = Vec::new();
    let mut stats_files = Vec::new();
    let mut loose_assets = Vec::new();
    let mut bundle_files = Vec::new();
    for e in entries {
        match e {
            Entry::Section { dir, source } => sections_found.push((dir, Some(source))),
            Entry::Item { .. } => items_found.push(e),
            Entry::Stats(p) => stats_files.push(p),
            Entry::Asset { .. } => loose_assets.push(e),
            Entry::BundleFile { .. } => bundle_files.push(e),
        }
    }

    // Every top-level folder is a column even without an _index.md, and the
    // home page always exists.
    let mut dirs: Vec<(String, Option<String>)> = sections_found;
    let mut top_level: Vec<String> = items_found
        .iter()
        .filter_map(|e| match e {
            Entry::Item { parent_dir, .. } => parent_dir.split('/').next().map(String::from),
            _ => None,
        })
        .filter(|d| !d.is_empty())
        .collect();
    top_level.push(String::new());
    for d in top_level {
        if !dirs.iter().any(|(x, _)| *x == d) {
            dirs.push((d, None));
        }
    }
    dirs.sort();
    dirs.dedup_by(|a, b| a.0 == b.0);

    let sections: Vec<Result<Section, Diagnostic>> = dirs
        .into_par_iter()
        .map(|(dir, source)| load_section(&content_dir, dir, source))
        .collect();
    let mut out = Content {
        stats_files,
        statics,
        store,
        ..Content::default()
    };
    // A draft column or campaign is left out with everything inside it.
    // The home page cannot be a draft: the site needs it.
    let mut draft_dirs: Vec<String> = Vec::new();
    for s in sections {
        match s {
            Ok(s) if s.front.draft && !drafts && s.kind != SectionKind::Home => {
                draft_dirs.push(s.dir)
            }
            Ok(s) => out.sections.push(s),
            Err(d) => diags.push(d),
        }
    }
    let in_draft = |dir: &str| {
        draft_dirs.iter().any(|d| {
            dir == d
                || dir
                    .strip_prefix(d.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        })
    };
    out.sections.retain(|s| !in_draft(&s.dir));

    let items: Vec<Result<Option<Arc<Item>>, Diagnostic>> = items_found
        .into_par_iter()
        .map(|e| match e {
            Entry::Item {
                source,
                dir,
                parent_dir,
            } => {
                let stamp = cache.and_then(|_| Stamp::of(&content_dir.join(&source)));
                if let (Some(c), Some(stamp)) = (cache, stamp) {
                    if let Some(item) = c.get(&source, stamp) {
                        return Ok(item);
                    }
                }
                let loaded = load_item(
                    &content_dir,
                    &source,
                    dir,
                    parent_dir,
                    offset,
                    drafts,
                    &out.store,
                )
                .map(|item| item.map(Arc::new));
                // Only what loaded well is kept: a broken file is read
                // again until it is fixed.
                if let (Some(c), Some(stamp), Ok(item)) = (cache, stamp, &loaded) {
                    c.put(&source, stamp, item);
                }
                loaded
            }
            _ => Ok(None),
        })
        .collect();
    for i in items {
        match i {
            Ok(Some(item)) => out.items.push(item),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
    out.items.retain(|i| !in_draft(&i.parent_dir));
    out.items.sort_by(|a, b| a.source.cmp(&b.source));

    for e in loose_assets {
        if let Entry::Asset {
            src,
            dest_dir_source,
            name,
        } = e
        {
            out.assets.push(Asset {
                src,
                source: join(&dest_dir_source, &name),
                dest: format!("{}{}", folder_url_path(&dest_dir_source), name),
            });
        }
    }
    for e in bundle_files {
        if let Entry::BundleFile {
            src,
            bundle_source,
            rel,
        } = e
        {
            // A draft bundle's files go with it.
            if let Some(item) = out.items.iter().find(|i| i.source == bundle_source) {
                out.assets.push(Asset {
                    src,
                    source: join(&item.dir, &rel),
                    dest: format!("{}{}", item.url_path, rel),
                });
            }
        }
    }
    out.assets.sort_by(|a, b| a.dest.cmp(&b.dest));

    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(out)
    }
}

/// Reads the file of the item `old` again (`bulletin serve`, after an
/// edit), its text into `store`. None when it is a draft now.
pub fn reload(
    root: &Path,
    old: &Item,
    offset: jiff::tz::Offset,
    drafts: bool,
    store: &Store,
) -> Result<Option<Item>, Diagnostic> {
    load_item(
        &root.join("content"),
        &old.source,
        old.dir.clone(),
        old.parent_dir.clone(),
        offset,
        drafts,
        store,
    )
}

/// Files a writer's editor or system leaves beside real ones.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name == "4913"
        || name == "Thumbs.db"
        || name == "desktop.ini"
}

/// Lists folders of the site, following symbolic links only where they
/// stay inside it (see the module's header).
pub struct Walker {
    /// The site folder as given, to show paths relative to it.
    root: PathBuf,
    /// The same, with every link in it resolved.
    real_root: PathBuf,
    pub diags: Diagnostics,
}

impl Walker {
    pub fn new(root: &Path) -> Walker {
        Walker {
            root: root.to_path_buf(),
            real_root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
            diags: Diagnostics::default(),
        }
    }

    /// The path shown in messages: relative to the site folder.
    fn shown(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }

    /// Whether `path` (a folder the site reads, such as `content/`) is
    /// inside the site folder once its links are followed; if not, an
    /// error names `shown`.
    pub fn inside(&mut self, path: &Path, shown: &str) -> bool {
        match std::fs::canonicalize(path) {
            Ok(real) if real.starts_with(&self.real_root) => true,
            Ok(real) => {
                self.diags.push(outside(Path::new(shown), &real));
                false
            }
            Err(_) => true,
        }
    }

    /// The entries of `dir`, sorted, without editors' files: (name, path,
    /// is a folder). Links that lead outside the site or nowhere are
    /// reported and left out.
    fn children(&mut self, dir: &Path) -> Vec<(String, PathBuf, bool)> {
        let mut out = Vec::new();
        let rd = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => {
                self.diags.push(Diagnostic::error(
                    self.shown(dir),
                    0,
                    format!("cannot read folder: {e}"),
                ));
                return out;
            }
        };
        for entry in rd.flatten() {
            let path = entry.path();
            let Some(name) = entry.file_name().to_str().map(String::from) else {
                self.diags.push(Diagnostic::error(
                    self.shown(&path),
                    0,
                    "file name is not valid Unicode; rename the file",
                ));
                continue;
            };
            if is_ignored_name(&name) {
                continue;
            }
            // The type comes with the folder listing; only a link needs a
            // look at what it points to.
            let is_dir = match entry.file_type() {
                Ok(t) if !t.is_symlink() => t.is_dir(),
                _ => match self.link_target(dir, &path) {
                    Some(target) => target.is_dir(),
                    None => continue,
                },
            };
            out.push((name, path, is_dir));
        }
        out.sort();
        out
    }

    /// Where the symbolic link `link` in `dir` leads, if it may be
    /// followed; else reports why not.
    fn link_target(&mut self, dir: &Path, link: &Path) -> Option<PathBuf> {
        let shown = self.shown(link);
        let Ok(target) = std::fs::canonicalize(link) else {
            self.diags.push(Diagnostic::error(
                shown,
                0,
                "this symbolic link leads nowhere (its target is gone); remove the link or put the file itself here",
            ));
            return None;
        };
        if !target.starts_with(&self.real_root) {
            self.diags.push(outside(&shown, &target));
            return None;
        }
        let here = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if target.is_dir() && here.starts_with(&target) {
            self.diags.push(Diagnostic::error(
                shown,
                0,
                "this symbolic link points to a folder that contains it; remove the link",
            ));
            return None;
        }
        Some(target)
    }

    /// Every file under the site's folder `folder` (`static`,
    /// `themes/bureau`): (path relative to it, path), sorted. Nothing when
    /// the folder does not exist.
    pub fn files(&mut self, folder: &str) -> Vec<Asset> {
        let dir = self.root.join(folder);
        let mut out = Vec::new();
        if dir.is_dir() && self.inside(&dir, folder) {
            self.files_under(&dir, "", folder, &mut out);
        }
        out
    }

    fn files_under(&mut self, abs: &Path, rel: &str, folder: &str, out: &mut Vec<Asset>) {
        for (name, path, is_dir) in self.children(abs) {
            let rel_path = join(rel, &name);
            if is_dir {
                self.files_under(&path, &rel_path, folder, out);
            } else {
                out.push(Asset {
                    src: path,
                    source: format!("{folder}/{rel_path}"),
                    dest: rel_path,
                });
            }
        }
    }
}

/// The error for a link that leads out of the site folder.
fn outside(shown: &Path, target: &Path) -> Diagnostic {
    Diagnostic::error(
        shown,
        0,
        format!(
            "this symbolic link leads outside the site folder (to {}); bulletin publishes only \
             what is inside the site folder, so that a shared build server never publishes its \
             own files. Copy the file into the site folder instead of linking to it",
            target.display()
        ),
    )
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

fn walk(walker: &mut Walker, abs: &Path, rel: &str, out: &mut Vec<Entry>) {
    let children = walker.children(abs);
    if !rel.is_empty() && children.iter().any(|(n, _, d)| n == "index.md" && !d) {
        let source = join(rel, "index.md");
        let parent_dir = rel.rsplit_once('/').map_or("", |(p, _)| p).to_string();
        out.push(Entry::Item {
            source: source.clone(),
            dir: rel.to_string(),
            parent_dir,
        });
        walk_bundle(walker, abs, "", &source, out);
        return;
    }
    for (name, path, is_dir) in children {
        let rel_path = join(rel, &name);
        if is_dir {
            walk(walker, &path, &rel_path, out);
        } else if name == "_index.md" {
            out.push(Entry::Section {
                dir: rel.to_string(),
                source: rel_path,
            });
        } else if name.ends_with(".md") {
            out.push(Entry::Item {
                source: rel_path,
                dir: rel.to_string(),
                parent_dir: rel.to_string(),
            });
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            out.push(Entry::Stats(rel_path));
        } else {
            out.push(Entry::Asset {
                src: path,
                dest_dir_source: rel.to_string(),
                name,
            });
        }
    }
}

fn walk_bundle(walker: &mut Walker, abs: &Path, rel: &str, source: &str, out: &mut Vec<Entry>) {
    for (name, path, is_dir) in walker.children(abs) {
        let rel_path = join(rel, &name);
        if is_dir {
            walk_bundle(walker, &path, &rel_path, source, out);
        } else if rel_path != "index.md" {
            if name.ends_with(".yaml") || name.ends_with(".yml") {
                out.push(Entry::Stats(join(
                    source.trim_end_matches("index.md").trim_end_matches('/'),
                    &rel_path,
                )));
            }
            out.push(Entry::BundleFile {
                src: path,
                bundle_source: source.to_string(),
                rel: rel_path,
            });
        }
    }
}

/// Output path of a content folder: each segment slugified (pinyin for
/// Chinese names), ending in `/`; `` for the content root.
pub fn folder_url_path(dir: &str) -> String {
    let mut out = String::new();
    for seg in dir.split('/').filter(|s| !s.is_empty()) {
        let s = slug::slugify(seg);
        out.push_str(if s.is_empty() { "_" } else { &s });
        out.push('/');
    }
    out
}

/// Reads a text file as UTF-8 or says what to do.
fn read_text(abs: &Path, rel: &str) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(abs)
        .map_err(|e| Diagnostic::error(rel_path(rel), 0, format!("cannot read the file: {e}")))?;
    crate::base::store::string_from_utf8(bytes).map_err(|e| {
        let line =
            crate::base::diagnostic::line_of_bytes(e.as_bytes(), e.utf8_error().valid_up_to());
        Diagnostic::error(
            rel_path(rel),
            line,
            "the file is not UTF-8 text (perhaps GBK); save it again as UTF-8",
        )
    })
}

/// The path shown in messages: relative to the site root.
pub fn rel_path(source: &str) -> PathBuf {
    Path::new("content").join(source)
}

fn load_section(
    content_dir: &Path,
    dir: String,
    source: Option<String>,
) -> Result<Section, Diagnostic> {
    let kind = if dir.is_empty() {
        SectionKind::Home
    } else if dir
        .strip_prefix(CAMPAIGNS_DIR)
        .and_then(|r| r.strip_prefix('/'))
        .is_some_and(|r| !r.contains('/'))
    {
        SectionKind::Campaign
    } else {
        SectionKind::Column
    };
    let mut section = Section {
        url_path: folder_url_path(&dir),
        title: dir.rsplit('/').next().unwrap_or("").to_string(),
        dir,
        source: None,
        kind,
        front: SectionFront::default(),
        yaml_line: 0,
        body: Arc::from(""),
        body_line: 1,
    };
    let Some(source) = source else {
        return Ok(section);
    };
    let text = read_text(&content_dir.join(&source), &source)?;
    match front_matter::split(&text) {
        Some(split) => {
            section.front = front_matter::parse(split.yaml, split.yaml_line)
                .map_err(|(line, m)| Diagnostic::error(rel_path(&source), line, m))?;
            section.yaml_line = split.yaml_line;
            section.body = Arc::from(split.body);
            section.body_line = split.body_line;
        }
        // A column's _index.md may be plain text without front matter.
        None => section.body = Arc::from(text),
    }
    if let Some(t) = &section.front.title {
        section.title = t.clone();
    }
    section.source = Some(source);
    Ok(section)
}

fn load_item(
    content_dir: &Path,
    source: &str,
    dir: String,
    parent_dir: String,
    offset: jiff::tz::Offset,
    drafts: bool,
    store: &Store,
) -> Result<Option<Item>, Diagnostic> {
    let path = rel_path(source);
    let text = read_text(&content_dir.join(source), source)?;
    let split = front_matter::split(&text).ok_or_else(|| {
        Diagnostic::error(
            &path,
            1,
            "no front matter: start the file with a line `---`, then `title:` and `date:` lines, then `---`",
        )
    })?;
    let front: ItemFront = front_matter::parse(split.yaml, split.yaml_line)
        .map_err(|(line, m)| Diagnostic::error(&path, line, m))?;
    if front.draft && !drafts {
        return Ok(None);
    }
    let when = |s: &serde_saphyr::Spanned<String>, key: &str| {
        dates::parse(&s.value, offset).map_err(|m| {
            Diagnostic::error(
                &path,
                front_matter::line_of(s, split.yaml_line),
                format!("{key}: {m}"),
            )
        })
    };
    let date = when(&front.date, "date")?;
    let updated = front
        .updated
        .as_ref()
        .map(|u| when(u, "updated"))
        .transpose()?;
    if front.title.value.trim().is_empty() {
        return Err(Diagnostic::error(
            &path,
            front_matter::line_of(&front.title, split.yaml_line),
            "title is empty; every item needs a title",
        ));
    }

    // A bundle's text is in a folder of its own, named for the item.
    let own_name = if dir != parent_dir {
        dir.rsplit('/').next().unwrap_or("")
    } else {
        let file = source.rsplit('/').next().unwrap_or("");
        file.strip_suffix(".md").unwrap_or(file)
    };
    let slug = match &front.slug {
        Some(s) => {
            let v = slug::slugify(&s.value);
            if v.is_empty() {
                return Err(Diagnostic::error(
                    &path,
                    front_matter::line_of(s, split.yaml_line),
                    format!(
                        "slug `{}` has no letters or digits to use in a URL",
                        s.value
                    ),
                ));
            }
            v
        }
        None => {
            let v = slug::slugify(own_name);
            if v.is_empty() {
                "item".to_string()
            } else {
                v
            }
        }
    };
    let url_path = format!("{}{}/", folder_url_path(&parent_dir), slug);
    Ok(Some(Item {
        source: source.to_string(),
        dir,
        parent_dir,
        url_path,
        yaml_line: split.yaml_line,
        date,
        updated,
        body: store.put(split.body)?,
        body_line: split.body_line,
        front,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_paths_are_ascii() {
        assert_eq!(folder_url_path(""), "");
        assert_eq!(folder_url_path("news"), "news/");
        assert_eq!(
            folder_url_path("campaigns/春雷行动"),
            "campaigns/chun-lei-xing-dong/"
        );
    }

    #[test]
    fn editor_files_are_ignored() {
        for n in [".a.md.swp", "a.md~", "#a.md#", "4913", ".DS_Store"] {
            assert!(is_ignored_name(n), "{n}");
        }
        assert!(!is_ignored_name("a.md"));
    }
}
