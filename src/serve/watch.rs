//! Watching what a writer edits: content/, static/, themes/ and site.toml.
//!
//! Folders are watched, not files: editors save by writing a new file and
//! renaming it over the old one, which a watch on the old file would miss.
//! The site root itself is watched without its sub-folders (the output and
//! anything else there are none of our business), for site.toml and for
//! content/, static/ or themes/ appearing later.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::content::is_ignored_name;

/// The folders of a site that hold its sources.
const WATCHED: [&str; 3] = ["content", "static", "themes"];

/// How long a path must be quiet before its change is reported: an editor's
/// save is a burst of events within a few milliseconds.
const QUIET: Duration = Duration::from_millis(30);

pub struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    /// The folders of [`WATCHED`] under watch now.
    watching: Vec<PathBuf>,
}

impl Watcher {
    pub fn start(root: &Path) -> Result<Watcher, String> {
        let (tx, events) = std::sync::mpsc::channel();
        let debouncer =
            new_debouncer(QUIET, None, tx).map_err(|e| format!("cannot watch files: {e}"))?;
        let mut w = Watcher {
            root: root.to_path_buf(),
            debouncer,
            events,
            watching: Vec::new(),
        };
        w.debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        w.watch_folders();
        Ok(w)
    }

    /// Watches the source folders that exist and are not watched yet.
    fn watch_folders(&mut self) {
        for name in WATCHED {
            let dir = self.root.join(name);
            if dir.is_dir() && !self.watching.contains(&dir) {
                match self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => self.watching.push(dir),
                    Err(e) => eprintln!("warning: cannot watch {}: {e}", dir.display()),
                }
            } else if !dir.is_dir() && self.watching.contains(&dir) {
                // Gone: a folder made again later is watched again.
                let _ = self.debouncer.unwatch(&dir);
                self.watching.retain(|d| *d != dir);
            }
        }
    }

    /// Waits for a change that matters and returns the paths changed,
    /// with everything else that arrived meanwhile, so that a burst of
    /// saves is one rebuild. None when the watcher has stopped.
    pub fn next_changes(&mut self) -> Option<Vec<PathBuf>> {
        let mut changed = Vec::new();
        let mut first = Some(self.events.recv().ok()?);
        loop {
            let batch = match first.take() {
                Some(b) => b,
                None => match self.events.try_recv() {
                    Ok(b) => b,
                    Err(TryRecvError::Empty) if !changed.is_empty() => break,
                    Err(TryRecvError::Empty) => self.events.recv().ok()?,
                    Err(TryRecvError::Disconnected) => return None,
                },
            };
            match batch {
                Ok(events) => {
                    for event in events {
                        if matches!(event.kind, EventKind::Access(_)) {
                            continue;
                        }
                        changed.extend(event.paths.iter().filter(|p| self.matters(p)).cloned());
                    }
                }
                Err(errors) => {
                    for e in errors {
                        eprintln!("warning: watching files: {e}");
                    }
                }
            }
        }
        changed.sort();
        changed.dedup();
        // content/, static/ or themes/ may have been made or removed.
        self.watch_folders();
        Some(changed)
    }

    /// Whether a change to `path` can change the site.
    fn matters(&self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        if rel == Path::new("site.toml") {
            return true;
        }
        let mut parts = rel.iter();
        let in_sources = parts
            .next()
            .is_some_and(|first| WATCHED.iter().any(|w| first == *w));
        // Swap, backup and lock files of editors (`.a.md.swp`, `a.md~`,
        // `.#a.md`, vim's `4913`) and hidden folders.
        in_sources && !rel.iter().any(|p| is_ignored_name(&p.to_string_lossy()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_do_not_matter() {
        let tmp = tempfile::tempdir().unwrap();
        let w = Watcher::start(tmp.path()).unwrap();
        let root = tmp.path();
        for yes in [
            "site.toml",
            "content/news/a.md",
            "content",
            "static/css/x.css",
            "themes/bureau/templates/item.html",
        ] {
            assert!(w.matters(&root.join(yes)), "{yes}");
        }
        for no in [
            "public/index.html",
            "site.toml~",
            "content/news/.a.md.swp",
            "content/news/a.md~",
            "content/news/.#a.md",
            "content/news/4913",
            "content/.git/index",
            "other/a.md",
        ] {
            assert!(!w.matters(&root.join(no)), "{no}");
        }
        assert!(!w.matters(Path::new("/elsewhere/site.toml")));
    }
}
