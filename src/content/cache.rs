//! What `bulletin serve` keeps of the items it loaded: a file whose size
//! and modification time are unchanged is not read and parsed again.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use super::Item;
use crate::base::sync::lock;

/// Items parsed by earlier loads, for `bulletin serve`: a file whose size
/// and modification time are unchanged is not read and parsed again.
/// Parsing front matter is most of the cost of loading a large site.
#[derive(Default)]
pub struct LoadCache {
    /// By source path.
    items: Mutex<HashMap<String, CachedItem>>,
}

struct CachedItem {
    stamp: Stamp,
    /// None for a draft.
    item: Option<Arc<Item>>,
}

/// What tells that a file changed without reading it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    pub fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
        })
    }
}

impl LoadCache {
    /// Drops what is known of the file `source` (content-relative): the
    /// watcher saw it change, whatever its stamp says.
    pub fn forget(&self, source: &str) {
        lock(&self.items).remove(source);
    }

    /// Keeps `item`, loaded by [`reload`], for the next load.
    pub fn remember(&self, root: &Path, item: &Arc<Item>) {
        if let Some(stamp) = Stamp::of(&root.join("content").join(&item.source)) {
            self.put(&item.source, stamp, &Some(item.clone()));
        }
    }

    pub(super) fn get(&self, source: &str, stamp: Stamp) -> Option<Option<Arc<Item>>> {
        match lock(&self.items).get(source) {
            Some(c) if c.stamp == stamp => Some(c.item.clone()),
            _ => None,
        }
    }

    pub(super) fn put(&self, source: &str, stamp: Stamp, item: &Option<Arc<Item>>) {
        let cached = CachedItem {
            stamp,
            item: item.clone(),
        };
        lock(&self.items).insert(source.to_string(), cached);
    }
}
