//! The one list of what a render writes: a [`Job`] per output file (or
//! group of files, such as the search index's), made from the model. The
//! render runs exactly these; `bulletin serve` tells by them what a change
//! may touch (`memo.rs`); the output verifier judges what they wrote.

use std::collections::BTreeMap;

use super::theme::{Origin, Theme};
use crate::content::SectionKind;
use crate::model::{urls, BuiltinPage, Site};

/// One output file.
pub(super) enum Job {
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

pub fn paginate(site: &Site, len: usize, per_page: Option<usize>) -> (usize, usize) {
    let per = per_page
        .filter(|&n| n > 0)
        .unwrap_or(site.config.config.paginate);
    (per, len.div_ceil(per).max(1))
}

/// The part of `list` on page `number` (1-based) of `per` entries each.
pub(super) fn page_slice(list: &[usize], number: usize, per: usize) -> &[usize] {
    let start = ((number - 1) * per).min(list.len());
    &list[start..(start + per).min(list.len())]
}

pub(super) fn jobs(site: &Site, theme: &Theme) -> Vec<Job> {
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
    if !copies.contains_key(urls::SYNTAX_CSS) {
        jobs.push(Job::Bytes {
            data: crate::markdown::highlight_css().into_bytes(),
            dest: urls::SYNTAX_CSS.into(),
        });
    }
    jobs.extend(
        copies
            .into_iter()
            .map(|(dest, src)| Job::Copy { src, dest }),
    );
    jobs
}
