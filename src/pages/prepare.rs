//! A job with its inputs worked out ([`Prepared`]): for a page its template
//! and context, for a feed its bytes. Cheap next to rendering, so that
//! `bulletin serve` can prepare every job and render only those whose
//! inputs changed. One function per page kind, in the files named for it;
//! [`emit`] renders what was prepared.

use std::collections::HashSet;
use std::sync::Mutex;

use tera::{Context, Value};

use super::context::Shared;
use super::jobs::Job;
use super::templates::Templates;
use super::theme::Origin;
use super::{archive, column, feeds, fixed, home, item, relative, tags};
use crate::base::diagnostic::Diagnostic;
use crate::base::sink::Sink;
use crate::base::sync::{into_inner, lock};
use crate::charts::Figure;
use crate::model::Site;

/// A job with its inputs worked out, ready to render.
pub(super) enum Prepared<'a> {
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
    pub(super) fn key(&self) -> &str {
        match self {
            Prepared::Page { file, .. } => file,
            Prepared::File { path, .. } => path,
            Prepared::Files(files) => files.first().map_or("", |(p, _)| p.as_str()),
            Prepared::Copy { dest, .. } => dest,
        }
    }
}

/// A page to render with `template` into `file`, its `page` value and the
/// template's other values.
pub(super) fn page<'a>(
    template: &'static str,
    file: String,
    page: Value,
    extra: Vec<(&'static str, Value)>,
) -> Prepared<'a> {
    Prepared::Page {
        template,
        file,
        page,
        extra,
        figures: Vec::new(),
    }
}

/// The charts a page shows, as SVG files beside it in `dir`; the same
/// chart twice on one page is one file.
pub(super) fn figures<'a>(dir: &str, figures: Vec<&'a Figure>) -> Vec<(String, &'a str)> {
    let mut seen = HashSet::new();
    figures
        .into_iter()
        .filter(|f| seen.insert(&f.file))
        .map(|f| (format!("{dir}{}", f.file), &*f.svg))
        .collect()
}

/// `p` with the chart files `list` beside it.
pub(super) fn with_figures<'a>(p: Prepared<'a>, list: Vec<(String, &'a str)>) -> Prepared<'a> {
    match p {
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
    }
}

/// Works out a job's inputs (see the module header).
pub(super) fn prepare<'a>(
    site: &'a Site,
    shared: &Shared,
    job: &'a Job,
) -> Result<Prepared<'a>, Diagnostic> {
    match job {
        Job::Home => home::home(site, shared),
        Job::Column { col, number, total } => column::column(site, shared, *col, *number, *total),
        Job::Campaign(col) => column::campaign(site, shared, *col),
        Job::Item(i) => item::item(site, shared, *i),
        Job::Page(i) => item::standalone(site, shared, *i),
        Job::Archive | Job::ArchiveYear(_) | Job::ArchiveMonth(..) => {
            Ok(archive::archive(site, shared, job))
        }
        Job::Tags => Ok(tags::tags(site, shared)),
        Job::Tag { tag, number, total } => Ok(tags::tag(site, shared, *tag, *number, *total)),
        Job::Search => Ok(fixed::search(site)),
        Job::SitemapPage => Ok(fixed::sitemap_page(site)),
        Job::Builtin(b) => Ok(fixed::builtin(site, b)),
        Job::NotFound => Ok(fixed::not_found(site)),
        Job::Alias(a) => Ok(fixed::alias(site, *a)),
        Job::SiteFeed => Ok(feeds::site_feed(site)),
        Job::ColumnFeed(col) => Ok(feeds::column_feed(site, *col)),
        Job::Sitemap => Ok(feeds::sitemap(site)),
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
        Job::Copy { src, dest } => Ok(Prepared::Copy { src, dest }),
        Job::Bytes { data, dest } => Ok(Prepared::File {
            path: dest.clone(),
            bytes: data.clone(),
        }),
    }
}

/// Renders a prepared job into `out`.
pub(super) fn emit(
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

/// Keeps the files written to it, to be compared before they are written.
#[derive(Default)]
struct Collected(Mutex<Vec<(String, Vec<u8>)>>);

impl Sink for Collected {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        lock(&self.0).push((path.to_string(), bytes.to_vec()));
        Ok(())
    }
}
