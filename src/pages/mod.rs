//! Rendering: the site model → the files of the output. Each output file
//! is a `Job`; jobs are independent and run in parallel, each building its
//! template context from values computed once (`context::Shared`).

pub mod context;
mod qr;
mod relative;
pub mod search;
pub mod theme;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::sync::{into_inner, lock};
use crate::charts::Figure;
use crate::content::SectionKind;
use crate::model::{feeds, BuiltinPage, Site};
use context::{obj, s, PageInfo, Shared};
use theme::{Origin, Theme};

use crate::base::sink::Sink;

/// How many items of each column the home page shows.
const HOME_LIST_LEN: usize = 8;

/// The template engine with the theme's templates loaded.
pub struct Templates {
    tera: Tera,
    /// Where each template came from, for messages.
    origins: Vec<(String, String)>,
}

impl Templates {
    pub fn load(theme: &Theme) -> Result<Templates, Diagnostic> {
        let mut tera = Tera::new();
        let mut sources = Vec::new();
        let mut origins = Vec::new();
        for (name, origin) in theme.templates() {
            let shown = origin.display(&format!("templates/{name}"));
            let bytes = origin.read().map_err(|e| {
                Diagnostic::error(&shown, 0, format!("cannot read the template: {e}"))
            })?;
            let text = String::from_utf8(bytes).map_err(|_| {
                Diagnostic::error(
                    &shown,
                    0,
                    "the template is not UTF-8 text; save it as UTF-8",
                )
            })?;
            sources.push((name.to_string(), text));
            origins.push((name.to_string(), shown));
        }
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| template_error(&origins, &e))?;
        Ok(Templates { tera, origins })
    }

    /// Renders to bytes: the page goes to a file as it is, so there is no
    /// need to pay for turning it into a String.
    fn render(&self, name: &str, ctx: &Context) -> Result<Vec<u8>, Diagnostic> {
        let mut buf = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(name, ctx, &mut buf)
            .map_err(|e| template_error(&self.origins, &e))?;
        Ok(buf)
    }
}

/// A template error as a diagnostic on the template's file.
fn template_error(origins: &[(String, String)], e: &tera::Error) -> Diagnostic {
    let text = error_chain(e);
    // Tera names the template in its message; point at that file.
    let file = origins
        .iter()
        .filter(|(name, _)| text.contains(name.as_str()))
        .max_by_key(|(name, _)| name.len())
        .map_or_else(|| "themes".to_string(), |(_, shown)| shown.clone());
    Diagnostic::error(
        file,
        0,
        format!("template error: {text}. Fix the template, or delete it to use the built-in one"),
    )
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        let m = s.to_string();
        if !text.contains(&m) {
            text.push_str(": ");
            text.push_str(&m);
        }
        src = s.source();
    }
    text.trim().to_string()
}

/// One output file.
enum Job {
    Home,
    Column {
        col: usize,
        number: usize,
        total: usize,
    },
    Campaign(usize),
    Item(usize),
    Page(usize),
    Archive,
    ArchiveYear(usize),
    ArchiveMonth(usize, usize),
    Tags,
    Tag {
        tag: usize,
        number: usize,
        total: usize,
    },
    Search,
    /// The term index of the site search (`crate::pages::search`).
    SearchIndex,
    /// One `search/d/N.js` file of the site search.
    SearchDocs(usize),
    /// The HTML 网站地图 at `/sitemap/`.
    SitemapPage,
    /// A page of `model::BUILTIN_PAGES` the content does not have.
    Builtin(&'static BuiltinPage),
    NotFound,
    Alias(usize),
    SiteFeed,
    ColumnFeed(usize),
    Sitemap,
    Copy {
        src: Origin,
        dest: String,
    },
    Bytes {
        data: Vec<u8>,
        dest: String,
    },
}

/// What one render left for the next, so that `bulletin serve` renders
/// only what a change affects. Each job's template context is hashed
/// before rendering: a page is a function of its template and its context,
/// so a job whose hash is unchanged would produce the same bytes. Drop the
/// memo when templates or site.toml change.
#[derive(Default)]
pub struct Memo {
    /// By the job's main output path.
    jobs: HashMap<String, Done>,
    /// QR codes by URL: drawing one takes about 40 µs, too long to do for
    /// every item on every edit.
    qr: HashMap<String, String>,
    /// The search terms of every item: finding them again for every edit
    /// takes a second at 10,000 items.
    terms: crate::pages::search::TermCache,
}

impl Memo {
    /// Renders every job next time (templates or site.toml changed), still
    /// knowing which files the site had.
    pub fn invalidate(&mut self) {
        for done in self.jobs.values_mut() {
            done.fingerprint = None;
        }
    }
}

struct Done {
    /// Whether the job is looked at on every render (see [`affected`]):
    /// such a job that is not there any more is gone from the site.
    always: bool,
    /// None: render the job again whatever its inputs.
    fingerprint: Option<u64>,
    /// Every file the job wrote.
    files: Vec<String>,
}

/// What [`render_site`] did.
pub struct Rendered {
    /// Files the site has.
    pub files: usize,
    /// Files rendered this time (all of them without a memo).
    pub rendered: Vec<String>,
    /// Files of the previous render the site no longer has (with a memo).
    pub removed: Vec<String>,
}

/// Which jobs a render with a memo looks at.
pub enum Scope {
    /// Every job.
    All,
    /// Only the jobs that show these items or standalone pages (indices
    /// into `Site::items` and `Site::pages`), and the cheap ones that
    /// every change may touch (home, feeds, sitemap, copies). Right only
    /// when nothing but the text, title or other own values of these
    /// changed since the memo was filled: the same items in the same
    /// places, columns, tags and archives (see [`affected`]). The search
    /// index, which shows every item, is left for [`Scope::SearchIndex`].
    Changed {
        items: Vec<usize>,
        pages: Vec<usize>,
    },
    /// Only the search index's terms: `bulletin serve` makes them after a
    /// `Changed` render, once the pages are shown.
    SearchIndex,
}

/// Renders every page of `site` into `out`. With `memo`, only the jobs
/// in `scope` whose inputs changed since the render that filled it.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    templates: &Templates,
    out: &dyn Sink,
    memo: Option<(&mut Memo, Scope)>,
) -> Result<Rendered, Diagnostics> {
    // Campaign status needs "today" (pinned by SOURCE_DATE_EPOCH).
    let today = crate::content::dates::today(site.offset());
    let mut shared = Shared::new(site, today);
    let mut jobs = jobs(site, theme);
    let mut base = Context::new();
    base.insert_value("site", shared.site.clone());
    let Some((memo, scope)) = memo else {
        let sink = Recorder::new(out);
        let errors: Vec<Diagnostic> = jobs
            .par_iter()
            .filter_map(|job| match job {
                // Nothing to compare without a memo: each shard is written
                // as it is made, not held with the others (a third of a
                // gigabyte at 100,000 items).
                Job::SearchIndex => crate::pages::search::write(site, None, &sink).err(),
                _ => prepare(site, &shared, job)
                    .and_then(|p| emit(site, templates, &base, &sink, p))
                    .err(),
            })
            .collect();
        if !errors.is_empty() {
            return Err(Diagnostics(errors));
        }
        let rendered = sink.files();
        return Ok(Rendered {
            files: rendered.len(),
            rendered,
            removed: Vec::new(),
        });
    };

    match &scope {
        Scope::All => {}
        Scope::Changed { items, pages } => {
            let items: HashSet<usize> = items.iter().copied().collect();
            let pages: HashSet<usize> = pages.iter().copied().collect();
            jobs.retain(|job| affected(site, &items, &pages, job));
        }
        Scope::SearchIndex => jobs.retain(|job| matches!(job, Job::SearchIndex)),
    }
    shared.qr = Some(Mutex::new(std::mem::take(&mut memo.qr)));
    shared.terms = Some(Mutex::new(std::mem::take(&mut memo.terms)));
    let global = shared_fingerprint(&shared);
    let results: Vec<Result<(String, Done, bool), Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let prepared = prepare(site, &shared, job)?;
            let key = prepared.key().to_string();
            let fingerprint = Some(prepared.fingerprint(global));
            if let Some(done) = memo.jobs.get(&key).filter(|d| d.fingerprint == fingerprint) {
                let files = done.files.clone();
                let done = Done {
                    always: looked_at_always(job),
                    fingerprint,
                    files,
                };
                return Ok((key, done, false));
            }
            let sink = Recorder::new(out);
            emit(site, templates, &base, &sink, prepared)?;
            let files = sink.files();
            let done = Done {
                always: looked_at_always(job),
                fingerprint,
                files,
            };
            Ok((key, done, true))
        })
        .collect();
    if let Some(qr) = shared.qr.take() {
        memo.qr = into_inner(qr);
    }
    if let Some(terms) = shared.terms.take() {
        memo.terms = into_inner(terms);
    }

    // The jobs looked at replace their entries in the memo; with every job
    // looked at, the entries of jobs that are gone go too.
    let mut errors = Vec::new();
    let mut rendered = Vec::new();
    let mut replaced: Vec<String> = Vec::new();
    {
        // Gone: with every job looked at, any job not there; after an edit,
        // a job of those looked at every time (a static file deleted).
        let keys: HashSet<&str> = jobs_keys(&results);
        memo.jobs.retain(|key, done| {
            let gone = match scope {
                Scope::All => true,
                Scope::Changed { .. } => done.always,
                Scope::SearchIndex => false,
            };
            let keep = keys.contains(key.as_str()) || !gone;
            if !keep {
                replaced.append(&mut done.files);
            }
            keep
        });
    }
    for r in results {
        match r {
            Ok((key, done, fresh)) => {
                if fresh {
                    rendered.extend(done.files.iter().cloned());
                }
                if let Some(mut old) = memo.jobs.insert(key, done) {
                    replaced.append(&mut old.files);
                }
            }
            Err(e) => errors.push(e),
        }
    }
    let mut files: HashSet<&str> = HashSet::with_capacity(memo.jobs.len());
    for f in memo.jobs.values().flat_map(|d| &d.files) {
        if !files.insert(f) {
            errors.push(collision(f));
        }
    }
    let mut removed: Vec<String> = replaced
        .into_iter()
        .filter(|f| !files.contains(f.as_str()))
        .collect();
    removed.sort();
    removed.dedup();
    let count = files.len();
    if !errors.is_empty() {
        // Some pages of the new site were written, the others are as they
        // were: render every job next time.
        memo.invalidate();
        return Err(Diagnostics(errors));
    }
    rendered.sort();
    Ok(Rendered {
        files: count,
        rendered,
        removed,
    })
}

/// Two jobs of one build wrote `path`.
pub fn collision(path: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        0,
        "two pages or files of the site have this output path (an alias, slug, tag or folder name \
         repeats a URL that the site already has); rename one of them",
    )
}

/// The jobs whose inputs differ from what `memo` remembers: after an
/// incremental render, none should (`serve::rebuild::VERIFY`).
pub fn missed(site: &Site, theme: &Theme, memo: &Memo) -> Vec<String> {
    let today = crate::content::dates::today(site.offset());
    let shared = Shared::new(site, today);
    let global = shared_fingerprint(&shared);
    let mut missed: Vec<String> = jobs(site, theme)
        .par_iter()
        .filter_map(|job| {
            let p = prepare(site, &shared, job).ok()?;
            let fingerprint = Some(p.fingerprint(global));
            let known = memo.jobs.get(p.key()).map(|d| d.fingerprint);
            (known != Some(fingerprint)).then(|| p.key().to_string())
        })
        .collect();
    missed.sort();
    missed
}

/// The hash of what every page shares (the `site` value): a change there
/// changes every page, so it goes into every job's fingerprint.
fn shared_fingerprint(shared: &Shared) -> u64 {
    let mut h = Fingerprint::default();
    hash_value(&shared.site, &mut h);
    h.finish()
}

/// The keys of the jobs that prepared well.
fn jobs_keys(results: &[Result<(String, Done, bool), Diagnostic>]) -> HashSet<&str> {
    results
        .iter()
        .filter_map(|r| r.as_ref().ok().map(|(k, _, _)| k.as_str()))
        .collect()
}

/// Whether `job` can show one of the `items` or `pages`, when the site's
/// structure is as it was (see [`Scope::Changed`]). This mirrors what
/// [`prepare`] puts in each context: change one with the other.
fn affected(site: &Site, items: &HashSet<usize>, pages: &HashSet<usize>, job: &Job) -> bool {
    let any = |ids: &[usize]| ids.iter().any(|i| items.contains(i));
    match job {
        // Lists every column's newest, the covers and the notices.
        Job::Home => looked_at_always(job),
        Job::Column { col, number, .. } => {
            let c = &site.columns[*col];
            let (per, _) = paginate(site, c.items.len(), c.section.front.paginate);
            any(page_slice(&c.items, *number, per))
        }
        Job::Campaign(col) => any(&site.columns[*col].items),
        Job::Item(i) => {
            let p = &site.items[*i];
            items.contains(i)
                || p.prev.is_some_and(|j| items.contains(&j))
                || p.next.is_some_and(|j| items.contains(&j))
                || any(&p.related)
        }
        Job::Page(i) => pages.contains(i),
        Job::SearchDocs(n) => {
            let per = crate::pages::search::DOCS_PER_FILE;
            (n * per..(n + 1) * per).any(|i| items.contains(&i))
        }
        Job::ArchiveYear(y) => any(&site.years[*y].items),
        Job::ArchiveMonth(y, m) => any(&site.years[*y].months[*m].items),
        Job::Tag { tag, number, .. } => {
            let t = &site.tags[*tag];
            let (per, _) = paginate(site, t.items.len(), None);
            any(page_slice(&t.items, *number, per))
        }
        // Counts, titles of standalone pages, the site's own values, and
        // URLs with their dates (sitemap.xml, the longest of the cheap
        // files: a fifth of a rebuild at 10,000 items): the structure,
        // which is unchanged. The shape holds every date.
        Job::Archive
        | Job::Tags
        | Job::Search
        | Job::SitemapPage
        | Job::Sitemap
        | Job::Builtin(_)
        | Job::NotFound
        | Job::Alias(_) => false,
        Job::SiteFeed | Job::ColumnFeed(_) | Job::Copy { .. } | Job::Bytes { .. } => {
            looked_at_always(job)
        }
        // Shows every item; made afterwards (Scope::SearchIndex).
        Job::SearchIndex => false,
    }
}

/// Jobs that are cheap and may show anything (the home page, feeds,
/// copied files): looked at on every render.
fn looked_at_always(job: &Job) -> bool {
    matches!(
        job,
        Job::Home | Job::SiteFeed | Job::ColumnFeed(_) | Job::Copy { .. } | Job::Bytes { .. }
    )
}

/// Passes files on to the sink and notes their paths.
struct Recorder<'a> {
    out: &'a dyn Sink,
    written: Mutex<Vec<String>>,
}

impl<'a> Recorder<'a> {
    fn new(out: &'a dyn Sink) -> Recorder<'a> {
        Recorder {
            out,
            written: Mutex::new(Vec::new()),
        }
    }

    /// The paths written, in the order they were.
    fn files(self) -> Vec<String> {
        into_inner(self.written)
    }
}

impl Sink for Recorder<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.out.write(path, bytes)?;
        lock(&self.written).push(path.to_string());
        Ok(())
    }

    fn copy(&self, src: &Path, path: &str) -> Result<(), Diagnostic> {
        self.out.copy(src, path)?;
        lock(&self.written).push(path.to_string());
        Ok(())
    }
}

/// Keeps the files written to it, to be compared before they are written.
#[derive(Default)]
struct Collected(Mutex<Vec<(String, Vec<u8>)>>);

impl Sink for Collected {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        lock(&self.0).push((path.to_string(), bytes.to_vec()));
        Ok(())
    }
}

/// A job with its inputs worked out, ready to render.
enum Prepared<'a> {
    Page {
        template: &'static str,
        file: String,
        page: Value,
        extra: Vec<(&'static str, Value)>,
        /// Chart files beside the page: (output path, SVG).
        figures: Vec<(String, &'a str)>,
    },
    File {
        path: String,
        bytes: Vec<u8>,
    },
    /// Several files made at once; named by the first.
    Files(Vec<(String, Vec<u8>)>),
    Copy {
        src: &'a Origin,
        dest: &'a str,
    },
}

impl Prepared<'_> {
    /// The job's main output path, which names it from one render to the next.
    fn key(&self) -> &str {
        match self {
            Prepared::Page { file, .. } => file,
            Prepared::File { path, .. } => path,
            Prepared::Files(files) => files.first().map_or("", |(p, _)| p.as_str()),
            Prepared::Copy { dest, .. } => dest,
        }
    }

    /// A hash of everything the job's output depends on.
    fn fingerprint(&self, global: u64) -> u64 {
        let mut h = Fingerprint::default();
        global.hash(&mut h);
        match self {
            Prepared::Page {
                template,
                file,
                page,
                extra,
                figures,
            } => {
                (template, file).hash(&mut h);
                hash_value(page, &mut h);
                for (k, v) in extra {
                    k.hash(&mut h);
                    hash_value(v, &mut h);
                }
                figures.hash(&mut h);
            }
            Prepared::File { path, bytes } => (path, bytes).hash(&mut h),
            Prepared::Files(files) => files.hash(&mut h),
            Prepared::Copy { src, dest } => {
                dest.hash(&mut h);
                match src {
                    // A copied file is known by its size and time, as make
                    // knows files: reading every image on every edit would
                    // cost more than copying the few that change.
                    Origin::File(p) => (p, crate::content::Stamp::of(p)).hash(&mut h),
                    Origin::Builtin(bytes) => bytes.hash(&mut h),
                }
            }
        }
        h.finish()
    }
}

/// The hash of job inputs: fast on long strings (page texts), and 64 bits
/// make a false "unchanged" among a site's pages vanishingly unlikely.
type Fingerprint = xxhash_rust::xxh3::Xxh3Default;

/// Feeds a template value to a hasher: its kind, then its contents.
fn hash_value(v: &Value, h: &mut impl Hasher) {
    use tera::value::ValueKind;
    let kind = v.kind();
    (kind as u8).hash(h);
    match kind {
        ValueKind::Map => {
            if let Some(m) = v.as_map() {
                m.len().hash(h);
                for (k, v) in m {
                    k.hash(h);
                    hash_value(v, h);
                }
            }
        }
        ValueKind::Array => {
            if let Some(a) = v.as_array() {
                a.len().hash(h);
                for v in a {
                    hash_value(v, h);
                }
            }
        }
        ValueKind::String => {
            v.is_safe().hash(h);
            v.as_str().hash(h);
        }
        ValueKind::Bytes => v.as_bytes().hash(h),
        ValueKind::Bool => v.as_bool().hash(h),
        ValueKind::F64 => v.as_f64().map(f64::to_bits).hash(h),
        ValueKind::U64 | ValueKind::I64 | ValueKind::U128 | ValueKind::I128 => {
            (v.as_i128(), v.as_u128()).hash(h)
        }
        _ => {}
    }
}

pub fn paginate(site: &Site, len: usize, per_page: Option<usize>) -> (usize, usize) {
    let per = per_page
        .filter(|&n| n > 0)
        .unwrap_or(site.config.config.paginate);
    (per, len.div_ceil(per).max(1))
}

/// The part of `list` on page `number` (1-based) of `per` entries each.
fn page_slice(list: &[usize], number: usize, per: usize) -> &[usize] {
    let start = ((number - 1) * per).min(list.len());
    &list[start..(start + per).min(list.len())]
}

fn jobs(site: &Site, theme: &Theme) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::Archive,
        Job::Tags,
        Job::Search,
        Job::SearchIndex,
        Job::SitemapPage,
        Job::NotFound,
        Job::SiteFeed,
        Job::Sitemap,
    ];
    jobs.extend(site.builtin_pages().map(Job::Builtin));
    for (i, col) in site.columns.iter().enumerate().skip(1) {
        match col.section.kind {
            SectionKind::Campaign => jobs.push(Job::Campaign(i)),
            _ => {
                let (_, total) = paginate(site, col.items.len(), col.section.front.paginate);
                jobs.extend((1..=total).map(|number| Job::Column {
                    col: i,
                    number,
                    total,
                }));
            }
        }
        jobs.push(Job::ColumnFeed(i));
    }
    jobs.extend((0..site.items.len()).map(Job::Item));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    for (y, year) in site.years.iter().enumerate() {
        jobs.push(Job::ArchiveYear(y));
        jobs.extend((0..year.months.len()).map(|m| Job::ArchiveMonth(y, m)));
    }
    for (t, tag) in site.tags.iter().enumerate() {
        let (_, total) = paginate(site, tag.items.len(), None);
        jobs.extend((1..=total).map(|number| Job::Tag {
            tag: t,
            number,
            total,
        }));
    }
    jobs.extend((0..site.aliases.len()).map(Job::Alias));
    jobs.extend((0..crate::pages::search::doc_files(site)).map(Job::SearchDocs));
    // Static files: theme first, the site's static/ and content assets
    // after, so later ones win if they share a path.
    // One job per output path, so that parallel jobs never race for a file.
    let mut copies: BTreeMap<String, Origin> = BTreeMap::new();
    for (path, origin) in theme.statics() {
        copies.insert(path.to_string(), origin.clone());
    }
    for a in site.statics.iter().chain(&site.assets) {
        copies.insert(a.dest.clone(), Origin::File(a.src.clone()));
    }
    // The code highlighting colours, unless the theme or site brings its own.
    if !copies.contains_key("css/syntax.css") {
        jobs.push(Job::Bytes {
            data: crate::markdown::highlight_css().into_bytes(),
            dest: "css/syntax.css".into(),
        });
    }
    jobs.extend(
        copies
            .into_iter()
            .map(|(dest, src)| Job::Copy { src, dest }),
    );
    jobs
}

fn html_file(path: &str) -> String {
    format!("{path}index.html")
}

/// Works out a job's inputs: for a page its template context, for a feed
/// its bytes. Cheap next to rendering, so `bulletin serve` can prepare
/// every job and render only those whose inputs changed.
fn prepare<'a>(site: &'a Site, shared: &Shared, job: &'a Job) -> Result<Prepared<'a>, Diagnostic> {
    let page =
        |template: &'static str, file: String, page: Value, extra: Vec<(&'static str, Value)>| {
            Ok(Prepared::Page {
                template,
                file,
                page,
                extra,
                figures: Vec::new(),
            })
        };
    // Charts are SVG files beside the page that shows them.
    // The same chart twice on one page is one file.
    let figures = |dir: &str, figures: Vec<&'a Figure>| -> Vec<(String, &'a str)> {
        let mut seen = HashSet::new();
        figures
            .into_iter()
            .filter(|f| seen.insert(&f.file))
            .map(|f| (format!("{dir}{}", f.file), &*f.svg))
            .collect()
    };
    let with_figures = |p: Prepared<'a>, list: Vec<(String, &'a str)>| match p {
        Prepared::Page {
            template,
            file,
            page,
            extra,
            ..
        } => Prepared::Page {
            template,
            file,
            page,
            extra,
            figures: list,
        },
        other => other,
    };
    let title = site.config.config.title.as_str();
    match job {
        Job::Home => {
            let home = &site.columns[0];
            let covers: Vec<usize> = (0..site.items.len())
                .filter(|&i| site.items[i].cover.is_some())
                .take(HOME_LIST_LEN)
                .collect();
            let columns: Vec<Value> = site
                .nav
                .iter()
                .map(|&c| {
                    let col = &site.columns[c];
                    let mut latest = col.items.clone();
                    latest.sort_unstable();
                    latest.truncate(HOME_LIST_LEN);
                    obj([
                        ("title", s(&col.section.title)),
                        ("url", s(&site.url(&col.section.url_path))),
                        ("items", shared.items(&latest)),
                    ])
                })
                .collect();
            let notices: Vec<usize> = (0..site.items.len())
                .filter(|&i| {
                    site.columns[site.items[i].column]
                        .section
                        .front
                        .column_type
                        .as_deref()
                        == Some("通知公告")
                })
                .take(HOME_LIST_LEN)
                .collect();
            let campaigns = site
                .columns
                .iter()
                .find(|c| c.is_campaigns_column())
                .map_or_else(
                    || context::list(Vec::new()),
                    |c| context::campaigns_of(site, shared, c),
                );
            let home_value = obj([
                ("content", Value::safe_string(&site.store.get(&home.html)?)),
                ("covers", shared.items(&covers)),
                ("columns", context::list(columns)),
                ("notices", shared.items(&notices)),
                ("campaigns", campaigns),
            ]);
            let description = home.section.front.description.clone().unwrap_or_default();
            let info = PageInfo {
                kind: "home",
                title,
                path: "",
                section: "",
                breadcrumb: Vec::new(),
                meta: Vec::new(),
                description: &description,
                feed: site.url("rss.xml"),
            };
            let p = page(
                "index.html",
                html_file(""),
                context::page_value(site, info),
                vec![("home", home_value)],
            )?;
            Ok(with_figures(p, figures("", home.figures.iter().collect())))
        }
        Job::Column { col, number, total } => {
            let c = &site.columns[*col];
            let (per, _) = paginate(site, c.items.len(), c.section.front.paginate);
            let ids = page_slice(&c.items, *number, per);
            let path = context::pager_path(&c.section.url_path, *number);
            let page_title = if *number > 1 {
                format!("{}（第{}页）", c.section.title, number)
            } else {
                c.section.title.clone()
            };
            let description = c.section.front.description.clone().unwrap_or_default();
            let info = PageInfo {
                kind: if c.is_campaigns_column() {
                    "campaigns"
                } else {
                    "column"
                },
                title: &page_title,
                path: &path,
                section: &context::nav_key(site, *col),
                breadcrumb: context::breadcrumb(site, *col, false),
                meta: context::column_meta(c),
                description: &description,
                feed: site.url(&format!("{}rss.xml", c.section.url_path)),
            };
            let mut extra = vec![
                ("column", context::column_value(site, c)?),
                ("items", shared.items(ids)),
                (
                    "paginator",
                    context::paginator(site, &c.section.url_path, *number, *total),
                ),
            ];
            let template = if c.is_campaigns_column() {
                extra.push(("campaigns", context::campaigns_of(site, shared, c)));
                "campaigns.html"
            } else {
                "column.html"
            };
            let list = figures(&path, c.figures.iter().collect());
            let p = page(
                template,
                html_file(&path),
                context::page_value(site, info),
                extra,
            )?;
            Ok(with_figures(p, list))
        }
        Job::Campaign(col) => {
            let c = &site.columns[*col];
            let mut m = shared.campaigns[*col]
                .as_ref()
                .and_then(|v| v.as_map().cloned())
                .unwrap_or_default();
            m.insert(
                "content".into(),
                Value::safe_string(&site.store.get(&c.html)?),
            );
            m.insert("items".into(), shared.items(&c.items));
            let dashboard = c
                .dashboard
                .iter()
                .map(|f| obj([("html", Value::safe_string(&f.html))]))
                .collect();
            m.insert("dashboard".into(), context::list(dashboard));
            let description = c.section.front.description.clone().unwrap_or_default();
            let info = PageInfo {
                kind: "campaign",
                title: &c.section.title,
                path: &c.section.url_path,
                section: &context::nav_key(site, *col),
                breadcrumb: context::breadcrumb(site, *col, false),
                meta: context::column_meta(c),
                description: &description,
                feed: site.url(&format!("{}rss.xml", c.section.url_path)),
            };
            let all = c.figures.iter().chain(&c.dashboard).collect();
            let list = figures(&c.section.url_path, all);
            let p = page(
                "campaign.html",
                html_file(&c.section.url_path),
                context::page_value(site, info),
                vec![
                    ("campaign", Value::from(m)),
                    ("column", context::column_value(site, c)?),
                ],
            )?;
            Ok(with_figures(p, list))
        }
        Job::Item(i) => {
            let p = &site.items[*i];
            let info = PageInfo {
                kind: "item",
                title: &p.item.front.title.value,
                path: &p.item.url_path,
                section: &context::nav_key(site, p.column),
                breadcrumb: context::breadcrumb(site, p.column, true),
                meta: context::item_meta(site, p),
                description: &p.summary,
                feed: site.url(&format!(
                    "{}rss.xml",
                    site.columns[p.column].section.url_path
                )),
            };
            let list = figures(&p.item.url_path, p.figures.iter().collect());
            let prepared = page(
                "item.html",
                html_file(&p.item.url_path),
                context::page_value(site, info),
                vec![
                    ("item", context::item_value(site, shared, p, Some(*i))?),
                    (
                        "column",
                        context::column_value(site, &site.columns[p.column])?,
                    ),
                ],
            )?;
            Ok(with_figures(prepared, list))
        }
        Job::Page(i) => {
            let p = &site.pages[*i];
            let info = PageInfo {
                kind: "page",
                title: &p.item.front.title.value,
                path: &p.item.url_path,
                section: "",
                breadcrumb: context::breadcrumb(site, 0, true),
                meta: context::item_meta(site, p),
                description: &p.summary,
                feed: String::new(),
            };
            let list = figures(&p.item.url_path, p.figures.iter().collect());
            let prepared = page(
                "page.html",
                html_file(&p.item.url_path),
                context::page_value(site, info),
                vec![("item", context::item_value(site, shared, p, None)?)],
            )?;
            Ok(with_figures(prepared, list))
        }
        Job::Archive | Job::ArchiveYear(_) | Job::ArchiveMonth(..) => {
            let years: Vec<Value> = site
                .years
                .iter()
                .map(|y| {
                    let months: Vec<Value> = y
                        .months
                        .iter()
                        .map(|m| {
                            obj([
                                ("month", Value::from(m.month)),
                                ("url", s(&site.url(&month_path(y.year, m.month)))),
                                ("count", Value::from(m.items.len())),
                            ])
                        })
                        .collect();
                    obj([
                        ("year", Value::from(y.year)),
                        ("url", s(&site.url(&year_path(y.year)))),
                        ("count", Value::from(y.items.len())),
                        ("months", context::list(months)),
                    ])
                })
                .collect();
            let archive_crumb = context::link("归档", &site.url("archive/"));
            let home_crumb = context::link("首页", &site.url(""));
            let (level, year, month, ids, path, page_title, crumbs) = match job {
                Job::ArchiveYear(y) => {
                    let y = &site.years[*y];
                    (
                        "year",
                        Value::from(y.year),
                        Value::none(),
                        y.items.as_slice(),
                        year_path(y.year),
                        format!("{}年", y.year),
                        vec![home_crumb, archive_crumb],
                    )
                }
                Job::ArchiveMonth(y, m) => {
                    let yr = &site.years[*y];
                    let mo = &yr.months[*m];
                    (
                        "month",
                        Value::from(yr.year),
                        Value::from(mo.month),
                        mo.items.as_slice(),
                        month_path(yr.year, mo.month),
                        format!("{}年{}月", yr.year, mo.month),
                        vec![
                            home_crumb,
                            archive_crumb,
                            context::link(
                                &format!("{}年", yr.year),
                                &site.url(&year_path(yr.year)),
                            ),
                        ],
                    )
                }
                _ => (
                    "all",
                    Value::none(),
                    Value::none(),
                    &[][..],
                    "archive/".to_string(),
                    "归档".to_string(),
                    vec![home_crumb],
                ),
            };
            let archive = obj([
                ("level", s(level)),
                ("year", year),
                ("month", month),
                ("years", context::list(years)),
                ("items", shared.items(ids)),
            ]);
            let info = PageInfo::basic("archive", &page_title, &path, crumbs);
            page(
                "archive.html",
                html_file(&path),
                context::page_value(site, info),
                vec![("archive", archive)],
            )
        }
        Job::Tags => {
            let mut ids: Vec<usize> = (0..site.tags.len()).collect();
            ids.sort_by(|&a, &b| {
                site.tags[b]
                    .items
                    .len()
                    .cmp(&site.tags[a].items.len())
                    .then_with(|| site.tags[a].name.cmp(&site.tags[b].name))
            });
            let tags = context::list(ids.iter().map(|&t| shared.tags[t].clone()).collect());
            let info = PageInfo::basic(
                "tags",
                "标签",
                "tags/",
                vec![context::link("首页", &site.url(""))],
            );
            page(
                "tags.html",
                html_file("tags/"),
                context::page_value(site, info),
                vec![("tags", tags)],
            )
        }
        Job::Tag { tag, number, total } => {
            let t = &site.tags[*tag];
            let (per, _) = paginate(site, t.items.len(), None);
            let ids = page_slice(&t.items, *number, per);
            let base_path = context::tag_path(&t.slug);
            let path = context::pager_path(&base_path, *number);
            let page_title = if *number > 1 {
                format!("标签：{}（第{}页）", t.name, number)
            } else {
                format!("标签：{}", t.name)
            };
            let info = PageInfo::basic(
                "tag",
                &page_title,
                &path,
                vec![
                    context::link("首页", &site.url("")),
                    context::link("标签", &site.url("tags/")),
                ],
            );
            page(
                "tag.html",
                html_file(&path),
                context::page_value(site, info),
                vec![
                    ("tag", shared.tags[*tag].clone()),
                    ("items", shared.items(ids)),
                    (
                        "paginator",
                        context::paginator(site, &base_path, *number, *total),
                    ),
                ],
            )
        }
        Job::Search => {
            let info = PageInfo::basic(
                "search",
                "站内搜索",
                "search/",
                vec![context::link("首页", &site.url(""))],
            );
            page(
                "search.html",
                html_file("search/"),
                context::page_value(site, info),
                Vec::new(),
            )
        }
        Job::SitemapPage => {
            let info = PageInfo::basic(
                "sitemap",
                "网站地图",
                "sitemap/",
                vec![context::link("首页", &site.url(""))],
            );
            page(
                "sitemap.html",
                html_file("sitemap/"),
                context::page_value(site, info),
                vec![("sitemap", context::sitemap_value(site))],
            )
        }
        Job::Builtin(b) => {
            let org = &site.config.config.organization.name;
            let org = if org.is_empty() { title } else { org.as_str() };
            let description = b.description.replace("{org}", org);
            let info = PageInfo {
                description: &description,
                ..PageInfo::basic(
                    "page",
                    b.title,
                    b.path,
                    vec![context::link("首页", &site.url(""))],
                )
            };
            page(
                b.template,
                html_file(b.path),
                context::page_value(site, info),
                Vec::new(),
            )
        }
        Job::NotFound => {
            let info = PageInfo::basic(
                "404",
                "页面不存在",
                "404.html",
                vec![context::link("首页", &site.url(""))],
            );
            page(
                "404.html",
                "404.html".into(),
                context::page_value(site, info),
                Vec::new(),
            )
        }
        Job::Alias(a) => {
            let alias = &site.aliases[*a];
            let target = obj([
                ("url", s(&site.url(&alias.target))),
                ("permalink", s(&site.permalink(&alias.target))),
            ]);
            let info = PageInfo::basic("alias", "页面已迁移", &alias.file, Vec::new());
            page(
                "alias.html",
                alias.file.clone(),
                context::page_value(site, info),
                vec![("target", target)],
            )
        }
        Job::SiteFeed => {
            let ids: Vec<usize> = (0..site.items.len().min(feeds::FEED_LEN)).collect();
            let description = site.columns[0]
                .section
                .front
                .description
                .clone()
                .unwrap_or_else(|| title.to_string());
            let xml = feeds::rss(site, title, &description, "", "rss.xml", &ids);
            Ok(Prepared::File {
                path: "rss.xml".into(),
                bytes: xml.into_bytes(),
            })
        }
        Job::ColumnFeed(col) => {
            let c = &site.columns[*col];
            let feed_title = format!("{} - {}", c.section.title, title);
            let description = c
                .section
                .front
                .description
                .clone()
                .unwrap_or_else(|| c.section.title.clone());
            let path = format!("{}rss.xml", c.section.url_path);
            let xml = feeds::rss(
                site,
                &feed_title,
                &description,
                &c.section.url_path,
                &path,
                &c.items,
            );
            Ok(Prepared::File {
                path,
                bytes: xml.into_bytes(),
            })
        }
        Job::SearchIndex => {
            let mut terms = shared.terms.as_ref().map(lock);
            let files = Collected::default();
            crate::pages::search::write(site, terms.as_deref_mut(), &files)?;
            let mut files = into_inner(files.0);
            // Made in parallel: in order, for the fingerprint.
            files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            Ok(Prepared::Files(files))
        }
        Job::SearchDocs(n) => {
            let (path, bytes) = crate::pages::search::docs_file(site, *n)?;
            Ok(Prepared::File { path, bytes })
        }
        Job::Sitemap => {
            let files = feeds::sitemaps(site, &sitemap_entries(site));
            let files = files.into_iter().map(|(p, x)| (p, x.into_bytes()));
            Ok(Prepared::Files(files.collect()))
        }
        Job::Copy { src, dest } => Ok(Prepared::Copy { src, dest }),
        Job::Bytes { data, dest } => Ok(Prepared::File {
            path: dest.clone(),
            bytes: data.clone(),
        }),
    }
}

/// Renders a prepared job into `out`.
fn emit(
    site: &Site,
    templates: &Templates,
    base: &Context,
    out: &dyn Sink,
    job: Prepared,
) -> Result<(), Diagnostic> {
    match job {
        Prepared::Page {
            template,
            file,
            page,
            extra,
            figures,
        } => {
            for (path, svg) in &figures {
                out.write(path, svg.as_bytes())?;
            }
            let mut ctx = base.clone();
            ctx.insert_value("page", page);
            for (k, v) in extra {
                ctx.insert_value(k, v);
            }
            let html = templates.render(template, &ctx)?;
            if site.config.config.relative_urls {
                let text = String::from_utf8_lossy(&html);
                let rel = relative::relativize(&text, &site.config.base.root, &file);
                out.write(&file, rel.as_bytes())
            } else {
                out.write(&file, &html)
            }
        }
        Prepared::File { path, bytes } => out.write(&path, &bytes),
        Prepared::Files(files) => files.iter().try_for_each(|(p, b)| out.write(p, b)),
        Prepared::Copy { src, dest } => match src {
            Origin::File(p) => out.copy(p, dest),
            Origin::Builtin(bytes) => out.write(dest, bytes),
        },
    }
}

fn year_path(year: i16) -> String {
    format!("archive/{year}/")
}

fn month_path(year: i16, month: i8) -> String {
    format!("archive/{year}/{month:02}/")
}

/// Pages listed in sitemap.xml, with the date of their last change.
fn sitemap_entries(site: &Site) -> Vec<(String, Option<String>)> {
    let offset = site.offset();
    let newest = site.newest().map(|w| w.rfc3339(offset));
    let mut v = vec![(String::new(), newest.clone())];
    for c in site.columns.iter().skip(1) {
        let last = c
            .items
            .iter()
            .min()
            .map(|&i| site.items[i].item.date.rfc3339(offset));
        v.push((c.section.url_path.clone(), last));
    }
    for p in site.items.iter().chain(site.pages.iter()) {
        let w = p.item.updated.unwrap_or(p.item.date);
        v.push((p.item.url_path.clone(), Some(w.rfc3339(offset))));
    }
    v.extend(site.builtin_pages().map(|b| (b.path.to_string(), None)));
    v.push(("archive/".into(), newest));
    v.push(("tags/".into(), None));
    v.push(("sitemap/".into(), None));
    v
}
