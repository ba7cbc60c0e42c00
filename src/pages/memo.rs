//! What one render leaves for the next, so that `bulletin serve` renders
//! only what a change affects: each job's inputs hashed (`Prepared`'s
//! fingerprint), and which jobs can show which items ([`Scope`]).

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use tera::Value;

use super::context::Shared;
use super::jobs::{jobs, page_slice, paginate, Job};
use super::prepare::{prepare, Prepared};
use super::theme::{Origin, Theme};
use crate::base::diagnostic::Diagnostic;
use crate::model::Site;

/// What one render left for the next, so that `bulletin serve` renders
/// only what a change affects. Each job's template context is hashed
/// before rendering: a page is a function of its template and its context,
/// so a job whose hash is unchanged would produce the same bytes. Drop the
/// memo when templates or site.toml change.
#[derive(Default)]
pub struct Memo {
    /// By the job's main output path.
    pub(super) jobs: HashMap<String, Done>,
    /// QR codes by URL: drawing one takes about 40 µs, too long to do for
    /// every item on every edit.
    pub(super) qr: HashMap<String, String>,
    /// The search terms of every item: finding them again for every edit
    /// takes a second at 10,000 items.
    pub(super) terms: crate::pages::search::TermCache,
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

pub(super) struct Done {
    /// Whether the job is looked at on every render (see [`affected`]):
    /// such a job that is not there any more is gone from the site.
    pub(super) always: bool,
    /// None: render the job again whatever its inputs.
    pub(super) fingerprint: Option<u64>,
    /// Every file the job wrote.
    pub(super) files: Vec<String>,
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
pub(super) fn shared_fingerprint(shared: &Shared) -> u64 {
    let mut h = Fingerprint::default();
    hash_value(&shared.site, &mut h);
    h.finish()
}

/// The keys of the jobs that prepared well.
pub(super) fn jobs_keys(results: &[Result<(String, Done, bool), Diagnostic>]) -> HashSet<&str> {
    results
        .iter()
        .filter_map(|r| r.as_ref().ok().map(|(k, _, _)| k.as_str()))
        .collect()
}

/// Whether `job` can show one of the `items` or `pages`, when the site's
/// structure is as it was (see [`Scope::Changed`]). This mirrors what
/// [`prepare`] puts in each context: change one with the other.
pub(super) fn affected(
    site: &Site,
    items: &HashSet<usize>,
    pages: &HashSet<usize>,
    job: &Job,
) -> bool {
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
pub(super) fn looked_at_always(job: &Job) -> bool {
    matches!(
        job,
        Job::Home | Job::SiteFeed | Job::ColumnFeed(_) | Job::Copy { .. } | Job::Bytes { .. }
    )
}

impl Prepared<'_> {
    /// A hash of everything the job's output depends on.
    pub(super) fn fingerprint(&self, global: u64) -> u64 {
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
            (v.as_i128(), v.as_u128()).hash(h);
        }
        _ => {}
    }
}
