//! What depends on what, for `bulletin serve`: the shape of a site is
//! everything in its model but the items' and standalone pages' own texts
//! and values. A writer's usual edit, a sentence or a title of one item,
//! leaves the shape as it was; then only the pages that show that item
//! need rendering (`pages::Scope::Changed`). Any other change (an item
//! added, moved, re-dated (`date` or `updated`) or re-tagged, a column's
//! text, a statistics file) changes the shape, and every page is looked at
//! again.

use super::Site;
use crate::base::store::Stored;
use std::hash::{Hash, Hasher};

/// See the module documentation.
pub struct Shape {
    structure: u64,
    items: Vec<Own>,
    pages: Vec<Own>,
}

/// What is an item's or page's own.
struct Own {
    /// The text as loaded and as rendered. The caches hand back the very
    /// same allocations for a file that did not change, so comparing the
    /// pointers tells, without reading the text, whether it changed. The
    /// shape holds them, so an address is never reused for another text.
    body: Stored,
    html: Stored,
    /// Its cover and attachments, which depend on other files.
    files: u64,
}

impl Shape {
    pub fn of(site: &Site) -> Shape {
        let mut h = xxhash_rust::xxh3::Xxh3Default::default();
        for p in &site.items {
            (&p.item.source, &p.item.url_path, p.column, p.campaign).hash(&mut h);
            // The sitemap's lastmod.
            (p.item.date, p.item.updated).hash(&mut h);
            (&p.tags, &p.related, p.prev, p.next).hash(&mut h);
        }
        for p in &site.pages {
            (&p.item.source, &p.item.url_path, &p.item.front.title.value).hash(&mut h);
            (p.item.date, p.item.updated).hash(&mut h);
        }
        for c in &site.columns {
            let s = &c.section;
            (&s.dir, &s.source, &s.url_path, &s.title, &*s.body).hash(&mut h);
            // The front matter has no Hash: its debug form has every value.
            format!("{:?}", s.front).hash(&mut h);
            let html = site.store.get(&c.html).unwrap_or_default();
            (&*html, c.parent, &c.items, &c.campaigns).hash(&mut h);
            for f in c.figures.iter().chain(&c.dashboard) {
                (&f.file, &*f.svg).hash(&mut h);
            }
            for k in &c.headline {
                (&k.label, &k.value, &k.unit).hash(&mut h);
            }
        }
        for t in &site.tags {
            (&t.name, &t.slug, &t.items).hash(&mut h);
        }
        for y in &site.years {
            (y.year, &y.items).hash(&mut h);
            for m in &y.months {
                (m.month, &m.items).hash(&mut h);
            }
        }
        for a in &site.aliases {
            (&a.file, &a.target).hash(&mut h);
        }
        (&site.nav, site.newest()).hash(&mut h);
        // Campaigns turn 进行中 / 已结束 at midnight.
        crate::content::dates::today(site.offset()).hash(&mut h);
        let own = |p: &super::Page| {
            let mut f = xxhash_rust::xxh3::Xxh3Default::default();
            p.cover.hash(&mut f);
            for a in &p.attachments {
                (&a.title, &a.url, a.bytes, &a.kind).hash(&mut f);
            }
            Own {
                body: p.item.body.clone(),
                html: p.html.clone(),
                files: f.finish(),
            }
        };
        Shape {
            structure: h.finish(),
            items: site.items.iter().map(own).collect(),
            pages: site.pages.iter().map(own).collect(),
        }
    }

    /// The items and standalone pages (indices) whose own values changed
    /// since `before`; None when the shape changed.
    pub fn changes_since(&self, before: &Shape) -> Option<(Vec<usize>, Vec<usize>)> {
        if self.structure != before.structure
            || self.items.len() != before.items.len()
            || self.pages.len() != before.pages.len()
        {
            return None;
        }
        let changed = |now: &[Own], then: &[Own]| -> Vec<usize> {
            now.iter()
                .zip(then)
                .enumerate()
                .filter(|(_, (a, b))| {
                    !a.body.same(&b.body) || !a.html.same(&b.html) || a.files != b.files
                })
                .map(|(i, _)| i)
                .collect()
        };
        Some((
            changed(&self.items, &before.items),
            changed(&self.pages, &before.pages),
        ))
    }
}
