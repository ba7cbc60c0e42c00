//! `bulletin serve`'s quick path. A writer's usual save changes one item's
//! text, title or summary and nothing that places it: its date, tags,
//! campaign, related items, files, URL. Such an item is put into the model
//! in place of the old one, instead of making the model anew (a tenth of a
//! second at 10,000 items). Everything else in the model depends only on
//! what stayed the same, so the result is the model a full build makes;
//! serve's tests compare the two byte for byte.

use std::sync::Arc;

use super::texts::{render_text, TextSetting};
use super::{Page, Site, TextCache};
use crate::base::diagnostic::Diagnostic;
use crate::base::sync::lock;
use crate::charts::Charts;
use crate::content::front_matter::ItemFront;
use crate::content::Item;
use serde_saphyr::Spanned;

impl Site {
    /// Puts `item`, item `i` loaded again from its file, in its place, and
    /// its rendered text in `texts`. Returns false, leaving the model as it
    /// was, when the change may reach further (or the text has problems to
    /// report): then the model must be made anew.
    pub fn patch(
        &mut self,
        i: usize,
        item: Arc<Item>,
        charts: &Charts,
        texts: &TextCache,
    ) -> Result<bool, Diagnostic> {
        let old = &self.items[i].item;
        let same_place = old.dir == item.dir
            && old.parent_dir == item.parent_dir
            && old.url_path == item.url_path
            && old.date == item.date
            && placing(&old.front) == placing(&item.front);
        // A column sorted by title may move an item whose title changed.
        let title_sorts = self.columns.iter().any(|c| {
            c.section
                .front
                .sort
                .as_ref()
                .is_some_and(|s| s.value == "title")
        });
        let retitled = old.front.title.value != item.front.title.value;
        if !same_place || (retitled && title_sorts) {
            return Ok(false);
        }
        let setting = TextSetting {
            unsafe_html: self.config.config.unsafe_html,
            urls: &self.urls,
            charts,
        };
        let fresh = render_text(
            &item.source,
            &item.dir,
            &item.body,
            item.body_line,
            &self.store,
            &setting,
        )?;
        if !fresh.text.problems.is_empty() {
            return Ok(false);
        }
        let t = fresh.text.clone();
        lock(&texts.texts).insert(item.source.clone(), fresh);
        let old = &self.items[i];
        let summary = match &item.front.summary {
            Some(s) => s.trim().to_string(),
            None => t.auto_summary,
        };
        self.items[i] = Page {
            column: old.column,
            campaign: old.campaign,
            html: t.html,
            summary,
            text: t.plain_text,
            tags: old.tags.clone(),
            related: old.related.clone(),
            prev: old.prev,
            next: old.next,
            cover: old.cover.clone(),
            attachments: old.attachments.clone(),
            figures: t.figures,
            headings: t.headings,
            links: t.links,
            item,
        };
        Ok(true)
    }
}

/// The front matter that places an item among the others or names other
/// files, and its `updated` (the sitemap's lastmod, which
/// the render's `Scope::Changed` does not look at), with the line of
/// each value (where its warnings point).
fn placing(f: &ItemFront) -> String {
    fn at<T: std::fmt::Debug>(s: &Spanned<T>) -> String {
        format!("{:?}@{}", s.value, s.referenced.line())
    }
    fn all<T: std::fmt::Debug>(v: &[Spanned<T>]) -> Vec<String> {
        v.iter().map(at).collect()
    }
    format!(
        "{:?}",
        (
            (at(&f.date), f.updated.as_ref().map(at)),
            (&f.tags, f.campaign.as_ref().map(at)),
            (
                f.cover.as_ref().map(at),
                all(&f.attachments),
                all(&f.related)
            ),
            (f.pinned, f.draft, f.slug.as_ref().map(at), all(&f.aliases)),
        )
    )
}
