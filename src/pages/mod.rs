//! Rendering: the site model → the files of the output. Each output file
//! is a job (`jobs.rs`, the one list of outputs); jobs are independent and
//! run in parallel, each building its template context from values
//! computed once (`context::Shared`). The pages of each kind are made in a
//! file of their own: `home.rs`, `column.rs` (columns and campaigns),
//! `item.rs`, `archive.rs`, `tags.rs`, `fixed.rs` (search, site map,
//! built-in pages, 404, aliases), `feeds.rs` (RSS, sitemap.xml), and the
//! site search's index in `search.rs`. `prepare.rs` works a job's inputs
//! out and renders them with the templates of `templates.rs`; `memo.rs`
//! keeps what `bulletin serve` needs to render only what changed.

mod archive;
mod column;
pub mod context;
pub mod feeds;
mod fixed;
mod home;
mod item;
mod jobs;
mod memo;
mod prepare;
mod qr;
mod relative;
pub mod search;
mod tags;
mod templates;
pub mod theme;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;
use tera::Context;

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::sink::Sink;
use crate::base::sync::{into_inner, lock};
use crate::model::Site;
use context::Shared;
use jobs::{jobs, Job};
use memo::{affected, jobs_keys, looked_at_always, shared_fingerprint, Done};
use prepare::{emit, prepare};
use theme::Theme;

pub use jobs::paginate;
pub use memo::{missed, Memo, Scope};
pub use templates::Templates;

/// The values each page's template is given: the template's name and its
/// context (`site`, `page` and the values of its kind) as JSON, one entry
/// per page. What docs/templates.md documents is held to this by a test.
pub fn template_values(
    site: &Site,
    theme: &Theme,
) -> Result<Vec<(&'static str, serde_json::Value)>, Diagnostic> {
    let shared = Shared::new(site, crate::content::dates::today(site.offset()));
    let json = |v: &tera::Value| serde_json::to_value(v).unwrap_or_default();
    let mut out = Vec::new();
    for job in &jobs(site, theme) {
        if matches!(job, Job::SearchIndex | Job::SearchDocs(_)) {
            continue;
        }
        if let prepare::Prepared::Page {
            template,
            page,
            extra,
            ..
        } = prepare(site, &shared, job)?
        {
            let mut values = serde_json::Map::new();
            values.insert("site".into(), json(&shared.site));
            values.insert("page".into(), json(&page));
            for (k, v) in &extra {
                values.insert((*k).to_string(), json(v));
            }
            out.push((template, serde_json::Value::Object(values)));
        }
    }
    Ok(out)
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

/// What `bulletin check` renders for the output verifier, in a fraction
/// of a build's time: every page and file but the search index (its
/// files are there, empty) and, of the items' pages, only the newest of
/// each column and those with a cover or attachments (links the item
/// template adds). Every other item page is
/// stood in for by its own text in the frame of its column's rendered
/// page (`item::Frame`): the writer's links and headings where they are,
/// the template's links as every item page has them. `bulletin build`
/// verifies every page as written.
pub fn render_for_check(
    site: &Site,
    theme: &Theme,
    templates: &Templates,
    out: &dyn Sink,
) -> Result<(), Diagnostics> {
    let today = crate::content::dates::today(site.offset());
    let shared = Shared::new(site, today);
    let mut base = Context::new();
    base.insert_value("site", shared.site.clone());
    let render = |job: &Job, out: &dyn Sink| {
        prepare(site, &shared, job).and_then(|p| emit(site, templates, &base, out, p))
    };
    // Items are newest first: the first of each column is its newest.
    let mut seen = HashSet::new();
    let newest: Vec<usize> = (0..site.items.len())
        .filter(|&i| seen.insert(site.items[i].column))
        .collect();
    let in_full: HashSet<usize> = newest
        .iter()
        .copied()
        .chain((0..site.items.len()).filter(|&i| {
            let p = &site.items[i];
            p.cover.is_some() || !p.attachments.is_empty()
        }))
        .collect();
    // First the newest item of each column, kept as its column's frame.
    let framed: Vec<Result<Option<(usize, item::Frame)>, Diagnostic>> = newest
        .par_iter()
        .map(|&i| {
            let kept = item::Keep::new(out, &site.items[i]);
            render(&Job::Item(i), &kept)?;
            Ok(kept
                .frame(site, &site.items[i])?
                .map(|f| (site.items[i].column, f)))
        })
        .collect();
    let mut frames = HashMap::new();
    let mut errors = Vec::new();
    for f in framed {
        match f {
            Ok(Some((column, frame))) => {
                frames.insert(column, frame);
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    errors.par_extend(jobs(site, theme).par_iter().filter_map(|job| {
        match job {
            // Its files, but empty: pages link to none (its script fetches
            // them), and a writer who does links to a file that is there.
            Job::SearchIndex => search::index_files(site)
                .iter()
                .try_for_each(|path| out.write(path, b""))
                .err(),
            Job::SearchDocs(n) => out.write(&search::docs_path(*n), b"").err(),
            Job::Item(i) if newest.contains(i) => None,
            Job::Item(i) if !in_full.contains(i) => {
                let frame = frames.get(&site.items[*i].column);
                item::stand_in(site, *i, frame, out).err()
            }
            _ => render(job, out).err(),
        }
    }));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Diagnostics(errors))
    }
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
