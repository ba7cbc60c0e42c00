//! Tags: each tag's items, newest first, and a slug for its page that no
//! other tag has.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{Page, Tag};
use crate::content::slug::slugify;

/// The site's tags by name, and each item's tags in the order written.
pub(super) fn tags(items: &mut [Page]) -> Vec<Tag> {
    let mut tag_items: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in items.iter().enumerate() {
        for t in &p.item.front.tags {
            let t = t.trim();
            if !t.is_empty() {
                let list = tag_items.entry(t).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
    }
    let mut used_slugs: HashMap<String, usize> = HashMap::new();
    let mut taken_slugs: HashSet<String> = HashSet::new();
    let mut tags: Vec<Tag> = Vec::with_capacity(tag_items.len());
    let mut tag_index: HashMap<String, usize> = HashMap::new();
    for (name, list) in tag_items {
        let base = match slugify(name) {
            s if s.is_empty() => "tag".to_string(),
            s => s,
        };
        // Two names with one pinyin (or none) get -2, -3…, never a slug
        // that another tag already has.
        let mut n = used_slugs.get(&base).copied().unwrap_or(0);
        let mut slug = base.clone();
        while taken_slugs.contains(&slug) {
            n += 1;
            slug = format!("{base}-{}", n + 1);
        }
        used_slugs.insert(base, n);
        taken_slugs.insert(slug.clone());
        tag_index.insert(name.to_string(), tags.len());
        tags.push(Tag {
            name: name.to_string(),
            slug,
            items: list,
        });
    }
    for p in items.iter_mut() {
        // In the order written, each tag once.
        let mut ids: Vec<usize> = Vec::with_capacity(p.item.front.tags.len());
        for t in &p.item.front.tags {
            if let Some(&id) = tag_index.get(t.trim()) {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        p.tags = ids;
    }

    tags
}
