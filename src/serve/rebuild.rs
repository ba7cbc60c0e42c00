//! Rebuilding the preview after a change, doing again only what the change
//! affects. Each stage keeps what it made last time:
//!
//! - `content::LoadCache`: parsed items, by file size and time;
//! - the statistics, read again only when a statistics file changed;
//! - `model::TextCache`: rendered Markdown, by text and the links it resolved;
//! - `pages::Memo`: a hash of every page's template context; a page whose
//!   context is unchanged is not rendered nor written.
//!
//! The model itself (columns, tags, archives, neighbours) is worked out
//! anew on most changes, so that an incremental build cannot drift from a
//! full one. The exception is a writer's usual save, an item's text, title
//! or summary: that item is patched into the last model
//! (`model::Site::patch`), which at 10,000 items saves a tenth of a second.
//! An edited item then re-renders itself, its neighbours, the column, tag
//! and archive pages that list it, the home page and the feeds, because
//! exactly their contexts changed; a template or site.toml change renders
//! everything.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::store::Store;
use crate::charts::Charts;
use crate::content::{self, LoadCache, Stamp};
use crate::model::{self, shape::Shape, TextCache};
use crate::output::{InPlace, Staging};
use crate::pages::{self, theme::Theme, Memo, Scope, Templates};
use crate::{config, pipeline};

/// Set, every rebuild is followed by a check that no page it skipped has
/// changed (slow: for tests).
pub const VERIFY: &str = "BULLETIN_VERIFY_REBUILDS";

/// The site as `bulletin serve` keeps it between changes.
pub struct Session {
    root: PathBuf,
    /// The folder served.
    out: PathBuf,
    /// The preview's own address, in place of the site's base_url.
    base_url: String,
    drafts: bool,
    /// site.toml and the theme, loaded again when they change.
    setup: Option<Setup>,
    items: LoadCache,
    texts: TextCache,
    charts: Option<LoadedCharts>,
    memo: Memo,
    /// The shape of the site the memo describes; None: look at every page.
    shape: Option<Shape>,
    /// The model of the preview; None while a failed rebuild may have left
    /// changes unseen.
    site: Option<model::Site>,
    /// Whether the search index is still to be made (`finish`).
    index_due: bool,
    /// Whether the preview folder holds a build yet.
    built: bool,
}

/// The statistics, with the files they were read from and their stamps.
struct LoadedCharts {
    files: Vec<(String, Option<Stamp>)>,
    charts: Charts,
}

struct Setup {
    config: config::Site,
    theme: Theme,
    templates: Templates,
}

/// What a rebuild did.
pub struct Outcome {
    pub items: usize,
    /// Files the site has.
    pub files: usize,
    /// Output files whose bytes changed.
    pub changed: Vec<String>,
    /// Output files deleted.
    pub removed: Vec<String>,
    /// Problems that do not stop the build (a missing cover image).
    pub warnings: Vec<Diagnostic>,
    /// Items patched into the last model (the quick path); 0 when the
    /// model was made anew.
    pub patched: usize,
}

impl Session {
    pub fn new(root: &Path, out: &Path, base_url: &str, drafts: bool) -> Session {
        Session {
            root: root.to_path_buf(),
            out: out.to_path_buf(),
            base_url: base_url.to_string(),
            drafts,
            setup: None,
            items: LoadCache::default(),
            texts: TextCache::default(),
            charts: None,
            memo: Memo::default(),
            shape: None,
            site: None,
            index_due: false,
            built: false,
        }
    }

    /// Rebuilds after the files `changed` (absolute paths, as the watcher
    /// reports them) changed; the first call builds everything. On error
    /// the preview keeps what it had, and the next call tries again.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Outcome, Diagnostics> {
        if let Some(outcome) = self.patch(changed)? {
            return Ok(outcome);
        }
        // Made again below, if all goes well. Freeing a large model takes a
        // while; no need to wait for it.
        if let Some(old) = self.site.take() {
            std::thread::spawn(move || drop(old));
        }
        let content_dir = self.root.join("content");
        for path in changed {
            let rel = path.strip_prefix(&self.root).unwrap_or(path);
            if rel == Path::new("site.toml") || rel.starts_with("themes") {
                // Everything depends on these: start afresh.
                self.setup = None;
            } else if let Ok(source) = path.strip_prefix(&content_dir) {
                if source
                    .extension()
                    .is_some_and(|e| e == "yaml" || e == "yml")
                {
                    self.charts = None;
                }
                // The watcher's word wins over a size and time that a quick
                // editor may leave unchanged.
                self.items
                    .forget(&source.to_string_lossy().replace('\\', "/"));
            }
        }
        if self.setup.is_none() {
            self.items = LoadCache::default();
            self.texts = TextCache::default();
            self.charts = None;
            self.memo.invalidate();
            self.shape = None;
        }
        let setup = match self.setup.take() {
            Some(s) => s,
            None => {
                let config = config::Site::load(&self.root, Some(&self.base_url))?;
                let theme = Theme::load(&self.root, &config.config.theme)?;
                let templates = Templates::load(&theme)?;
                Setup {
                    config,
                    theme,
                    templates,
                }
            }
        };
        let result = self.build(&setup);
        self.setup = Some(setup);
        result
    }

    fn build(&mut self, setup: &Setup) -> Result<Outcome, Diagnostics> {
        let mut timer = pipeline::StageTimer::new();
        let config = setup.config.clone();
        // In memory: an edit renders one text, and the rest are compared
        // by identity.
        let store = Store::memory();
        let content = content::load_cached(
            &self.root,
            config.offset,
            self.drafts,
            store,
            Some(&self.items),
        )?;
        self.load_charts(&content.stats_files)?;
        timer.done("load content and statistics");
        let charts = &self.charts.as_ref().expect("loaded above").charts;
        let site = model::build_cached(config, content, charts, &self.root, Some(&self.texts))?;
        timer.done("model and Markdown");
        let warnings = site.warnings.clone();
        // Until this render succeeds, the memo may not match any shape.
        let before = self.shape.take();
        let shape = Shape::of(&site);
        let scope = match before.as_ref().and_then(|b| shape.changes_since(b)) {
            Some((items, pages)) => Scope::Changed { items, pages },
            None => Scope::All,
        };
        let (t, m) = (&setup.templates, &mut self.memo);
        if !self.built {
            // The first build goes through the staging folder like any
            // build, so a failure leaves nothing half-written.
            let staging = Staging::new(&self.out)?;
            let rendered =
                match pages::render_site(&site, &setup.theme, t, &staging, Some((m, scope))) {
                    Ok(r) => r,
                    Err(e) => {
                        staging.discard();
                        *m = Memo::default();
                        return Err(e);
                    }
                };
            staging.commit()?;
            self.built = true;
            self.shape = Some(shape);
            let outcome = Outcome {
                items: site.items.len(),
                files: rendered.files,
                changed: rendered.rendered,
                removed: Vec::new(),
                warnings,
                patched: 0,
            };
            self.site = Some(site);
            return Ok(outcome);
        }
        let later = matches!(scope, Scope::Changed { .. });
        let sink = InPlace::new(&self.out);
        let rendered = pages::render_site(&site, &setup.theme, t, &sink, Some((m, scope)))?;
        for path in &rendered.removed {
            sink.remove(path);
        }
        self.shape = Some(shape);
        timer.done("render and write");
        if !later {
            verify(&site, &setup.theme, &self.memo);
        }
        let outcome = Outcome {
            items: site.items.len(),
            files: rendered.files,
            changed: sink.changed(),
            removed: rendered.removed,
            warnings,
            patched: 0,
        };
        // The search index shows every item: it is made by `finish`, after
        // the open pages have been told.
        self.index_due = later;
        self.site = Some(site);
        Ok(outcome)
    }

    /// The quick path: when every file in `changed` is an item's, and each
    /// can be patched into the model, renders the pages that show them.
    /// None: the model must be made anew (and may have been patched in
    /// part, which that does not mind).
    fn patch(&mut self, changed: &[PathBuf]) -> Result<Option<Outcome>, Diagnostics> {
        let (Some(site), Some(setup), Some(charts), Some(before)) = (
            self.site.as_mut(),
            self.setup.as_ref(),
            self.charts.as_ref(),
            self.shape.as_ref(),
        ) else {
            return Ok(None);
        };
        if changed.is_empty() {
            return Ok(None);
        }
        let mut timer = pipeline::StageTimer::new();
        let content_dir = self.root.join("content");
        for path in changed {
            let Ok(source) = path.strip_prefix(&content_dir) else {
                return Ok(None);
            };
            let source = source.to_string_lossy().replace('\\', "/");
            let Some(i) = site.items.iter().position(|p| p.item.source == source) else {
                return Ok(None);
            };
            let (old, offset) = (&site.items[i].item, setup.config.offset);
            let item = match content::reload(&self.root, old, offset, self.drafts, &site.store) {
                Ok(Some(item)) => Arc::new(item),
                // A draft now, or broken: the full path says what is wrong.
                Ok(None) | Err(_) => return Ok(None),
            };
            self.items.remember(&self.root, &item);
            if !site.patch(i, item, &charts.charts, &self.texts)? {
                return Ok(None);
            }
        }
        timer.done("patch the model");
        let shape = Shape::of(site);
        let Some((items, pages)) = shape.changes_since(before) else {
            return Ok(None);
        };
        self.shape = None;
        let sink = InPlace::new(&self.out);
        let scope = Scope::Changed { items, pages };
        let m = &mut self.memo;
        let rendered = pages::render_site(
            site,
            &setup.theme,
            &setup.templates,
            &sink,
            Some((m, scope)),
        )?;
        for path in &rendered.removed {
            sink.remove(path);
        }
        self.shape = Some(shape);
        self.index_due = true;
        timer.done("render and write");
        Ok(Some(Outcome {
            items: site.items.len(),
            files: rendered.files,
            changed: sink.changed(),
            removed: rendered.removed,
            warnings: site.warnings.clone(),
            patched: changed.len(),
        }))
    }

    /// Makes what the last rebuild left for later (the search index), and
    /// returns the files it changed.
    pub fn finish(&mut self) -> Result<Vec<String>, Diagnostics> {
        let (Some(site), Some(setup), true) = (&self.site, &self.setup, self.index_due) else {
            return Ok(Vec::new());
        };
        self.index_due = false;
        let sink = InPlace::new(&self.out);
        let memo = &mut self.memo;
        let rendered = pages::render_site(
            site,
            &setup.theme,
            &setup.templates,
            &sink,
            Some((memo, Scope::SearchIndex)),
        )?;
        verify(site, &setup.theme, &self.memo);
        debug_assert!(rendered.removed.is_empty());
        Ok(sink.changed())
    }

    /// The statistics, read again when a statistics file was added, removed
    /// or changed; the texts that draw charts are then rendered again.
    fn load_charts(&mut self, files: &[String]) -> Result<(), Diagnostics> {
        let dir = self.root.join("content");
        let stamps: Vec<(String, Option<Stamp>)> = files
            .iter()
            .map(|f| (f.clone(), Stamp::of(&dir.join(f))))
            .collect();
        let fresh = matches!(&self.charts, Some(known) if known.files == stamps);
        if !fresh {
            self.charts = None;
            let charts = pipeline::load_charts(&self.root, files)?;
            self.texts.forget_charts();
            self.charts = Some(LoadedCharts {
                files: stamps,
                charts,
            });
        }
        Ok(())
    }
}

/// With [`VERIFY`] set, says which pages the memo has wrong: pages an
/// incremental rebuild should have rendered and did not.
fn verify(site: &model::Site, theme: &Theme, memo: &Memo) {
    if std::env::var_os(VERIFY).is_some() {
        for key in pages::missed(site, theme, memo) {
            eprintln!("error: the incremental rebuild missed {key}");
        }
    }
}
