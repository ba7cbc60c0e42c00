//! The texts of a site rendered: every item's and section's Markdown to
//! HTML, plain text, headings and links, in parallel (the expensive part of
//! a model), and the cache `bulletin serve` keeps of them.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::urls::Urls;
use crate::base::diagnostic::Diagnostic;
use crate::base::store::{Store, Stored};
use crate::base::sync::{into_inner, lock};
use crate::charts::{Charts, Figure};
use crate::content::{rel_path, Item, Section};
use crate::markdown;

/// A Markdown text rendered, with the charts it draws and its problems.
/// Cloned out of the cache on every rebuild; the two long strings are in
/// the store.
#[derive(Clone)]
pub(super) struct Text {
    pub(super) html: Stored,
    pub(super) plain_text: Stored,
    /// The first words of the plain text, in case the front matter has no
    /// summary: made while the text is at hand.
    pub(super) auto_summary: String,
    pub(super) headings: Arc<[markdown::Heading]>,
    pub(super) links: Arc<[markdown::Link]>,
    pub(super) figures: Arc<[Figure]>,
    pub(super) problems: Vec<Diagnostic>,
}

/// Rendered Markdown kept between builds (`bulletin serve`), so that a
/// rebuild renders only the texts that changed or whose links now lead
/// elsewhere. Rendering is a function of the text, its place, the URLs its
/// `.md` links resolve to and the statistics its charts draw: each entry
/// remembers the links it resolved, and [`TextCache::forget_charts`] drops
/// the texts that drew charts. The cache must be dropped when site.toml
/// changes.
#[derive(Default)]
pub struct TextCache {
    pub(super) texts: Mutex<HashMap<String, CachedText>>,
}

pub(super) struct CachedText {
    body: Stored,
    dir: String,
    first_line: usize,
    /// Each path its links looked up, and what it resolved to.
    lookups: Vec<(String, Option<String>)>,
    drew_charts: bool,
    pub(super) text: Text,
}

impl TextCache {
    /// Drops the texts that draw charts: a statistics file changed.
    pub fn forget_charts(&self) {
        lock(&self.texts).retain(|_, t| !t.drew_charts);
    }
}

impl CachedText {
    /// Whether the text would render the same now.
    fn still_right(
        &self,
        dir: &str,
        body: &Stored,
        first_line: usize,
        urls: &Urls,
        store: &Store,
    ) -> bool {
        // An unchanged file comes back from the load cache as the same
        // text: no need to compare the text itself.
        let same_body = self.body.same(body)
            || matches!((store.get(&self.body), store.get(body)), (Ok(a), Ok(b)) if a == b);
        let same_links = self
            .lookups
            .iter()
            .all(|(target, url)| urls.lookup(target) == *url);
        same_body && same_links && self.dir == dir && self.first_line == first_line
    }
}

/// Renders the texts of `sections` and `items` (the items' into `store`,
/// the sections' in memory: every item page shows its column's), taking
/// from `cache` the ones still right, and leaving it this build's.
pub(super) fn render_all(
    sections: &[Section],
    items: &[Arc<Item>],
    store: &Store,
    setting: &TextSetting,
    texts: Option<&TextCache>,
) -> Result<(Vec<Option<Text>>, Vec<Text>), Diagnostic> {
    let urls = setting.urls;
    // The texts of the previous build, out of the cache's lock while the
    // threads read them; the cache gets this build's texts afterwards.
    let mut previous: HashMap<String, CachedText> = texts
        .map(|c| std::mem::take(&mut *lock(&c.texts)))
        .unwrap_or_default();
    // Items' texts go to the store; the few columns' texts stay in memory,
    // as every item page shows its column's.
    let in_memory = Store::memory();
    // A text, and what to cache of it when it was rendered afresh.
    let render = |source: &str, dir: &str, body: &Stored, first_line: usize, store: &Store| {
        if let Some(t) = previous.get(source) {
            if t.still_right(dir, body, first_line, urls, store) {
                return Ok((t.text.clone(), None));
            }
        }
        let fresh = render_text(source, dir, body, first_line, store, setting)?;
        Ok::<_, Diagnostic>((fresh.text.clone(), texts.map(|_| fresh)))
    };

    let section_texts: Vec<Option<(Text, Option<CachedText>)>> = sections
        .par_iter()
        .map(|s| {
            let body = Stored::held(s.body.clone());
            s.source
                .as_ref()
                .map(|src| render(src, &s.dir, &body, s.body_line, &in_memory))
                .transpose()
        })
        .collect::<Result<_, _>>()?;
    let rendered: Vec<(Text, Option<CachedText>)> = items
        .par_iter()
        .map(|it| render(&it.source, &it.dir, &it.body, it.body_line, store))
        .collect::<Result<_, _>>()?;
    // The cache now holds this build's texts, and only those.
    let mut kept: HashMap<String, CachedText> = HashMap::new();
    let mut keep = |source: &str, fresh: Option<CachedText>| {
        if let Some(t) = fresh.or_else(|| previous.remove(source)) {
            kept.insert(source.to_string(), t);
        }
    };
    let section_texts: Vec<Option<Text>> = sections
        .iter()
        .zip(section_texts)
        .map(|(s, t)| {
            t.map(|(text, fresh)| {
                keep(s.source.as_deref().unwrap_or_default(), fresh);
                text
            })
        })
        .collect();
    let rendered: Vec<Text> = items
        .iter()
        .zip(rendered)
        .map(|(it, (text, fresh))| {
            keep(&it.source, fresh);
            text
        })
        .collect();
    if let Some(cache) = texts {
        *lock(&cache.texts) = kept;
    }

    Ok((section_texts, rendered))
}

/// What rendering a text depends on besides the text and its place.
pub(super) struct TextSetting<'a> {
    pub(super) unsafe_html: bool,
    /// Where links lead.
    pub(super) urls: &'a Urls,
    pub(super) charts: &'a Charts,
}

/// Renders the Markdown `body` of `source` (in folder `dir`, starting at
/// line `first_line`), keeping its HTML and plain text in `store`.
pub(super) fn render_text(
    source: &str,
    dir: &str,
    body: &Stored,
    first_line: usize,
    store: &Store,
    setting: &TextSetting,
) -> Result<CachedText, Diagnostic> {
    let markdown = store.get(body)?;
    // What the text looked up, so that a cache knows when it is stale.
    let lookups = Mutex::new(Vec::new());
    let resolve = |p: &str| {
        let url = setting.urls.lookup(p);
        lock(&lookups).push((p.to_string(), url.clone()));
        url
    };
    // The charts this text draws, written beside its page later.
    let figures = Mutex::new(Vec::new());
    let drew_charts = AtomicBool::new(false);
    let chart = |text: &str, line: usize| {
        drew_charts.store(true, Ordering::Relaxed);
        let figure = setting.charts.block(source, text, line)?;
        let html = figure.html.clone();
        lock(&figures).push(figure);
        Ok(html)
    };
    let opts = markdown::Options {
        unsafe_html: setting.unsafe_html,
        source_dir: dir,
        first_line,
        resolve: &resolve,
        render_chart: &chart,
    };
    let r = markdown::render(&markdown, &opts);
    drop(markdown);
    let problems: Vec<Diagnostic> = r
        .errors
        .iter()
        .map(|p| Diagnostic::error(rel_path(source), p.line, p.message.clone()).at_col(p.col))
        .collect();
    let text = Text {
        figures: into_inner(figures).into(),
        html: store.put(&r.html)?,
        auto_summary: auto_summary(&r.plain_text, 120),
        plain_text: store.put(&r.plain_text)?,
        headings: r.headings.into(),
        links: r.links.into(),
        problems,
    };
    Ok(CachedText {
        body: body.clone(),
        dir: dir.to_string(),
        first_line,
        lookups: into_inner(lookups),
        drew_charts: drew_charts.into_inner(),
        text,
    })
}

/// The first `max` characters of the text, cut at a sentence end when one
/// is near, with `…` when shortened.
pub fn auto_summary(plain: &str, max: usize) -> String {
    // Only the beginning matters: whitespace runs become one space, and
    // one character past `max` tells whether the text was shortened.
    let mut chars: Vec<char> = Vec::with_capacity(max + 1);
    for word in plain.split_whitespace() {
        if !chars.is_empty() {
            chars.push(' ');
        }
        chars.extend(word.chars().take(max + 1 - chars.len().min(max)));
        if chars.len() > max {
            break;
        }
    }
    if chars.len() <= max {
        return chars.into_iter().collect();
    }
    let cut = &chars[..max];
    // Prefer ending after a full stop in the last third.
    if let Some(pos) = cut
        .iter()
        .rposition(|c| matches!(c, '。' | '！' | '？' | '；'))
    {
        if pos >= max * 2 / 3 {
            return cut[..=pos].iter().collect();
        }
    }
    let mut s: String = cut.iter().collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_cut_at_sentences() {
        let s = "一".repeat(100) + "。" + &"二".repeat(50);
        assert_eq!(auto_summary(&s, 120), "一".repeat(100) + "。");
        assert_eq!(auto_summary("短文。", 120), "短文。");
        let long = "三".repeat(200);
        assert_eq!(auto_summary(&long, 120).chars().count(), 121);
    }
}
