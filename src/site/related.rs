//! 关联稿件 chosen by shared tags, for items whose front matter names none.
//!
//! Candidates are the items nearest in time in each of the item's tags:
//! up to [`WINDOW`] before and after it in the tag's list. They are ranked
//! by the number of tags they share with the item, then by closeness in
//! time, then by position, so the choice is deterministic.
//!
//! Why a window: a tag such as 食品安全 may hold a third of a large site.
//! Looking at every item of every tag made the model quadratic (46 s of a
//! 100,000-item build); a reader wants the nearby stories anyway, and an
//! item far away in time that shares more tags is still found when it is
//! among the nearest in one of them.

use rayon::prelude::*;

use super::{Page, Tag};

/// How many neighbours on each side of an item, per tag, are candidates.
const WINDOW: usize = 32;

pub fn by_shared_tags(items: &[Page], tags: &[Tag], limit: usize) -> Vec<Vec<usize>> {
    items
        .par_iter()
        .enumerate()
        .map_init(Vec::new, |candidates, (i, p)| {
            candidates.clear();
            for &t in &p.tags {
                // Tag lists hold item indices in ascending order (newest
                // first), so the item's own place is a binary search away.
                let list = &tags[t].items;
                let at = list.partition_point(|&j| j < i);
                let from = at.saturating_sub(WINDOW);
                let to = (at + 1 + WINDOW).min(list.len());
                candidates.extend(list[from..to].iter().copied().filter(|&j| j != i));
            }
            candidates.sort_unstable();
            candidates.dedup();
            let when = p.item.date.instant.as_nanosecond();
            let mut ranked: Vec<(usize, i128, usize)> = candidates
                .iter()
                .map(|&j| {
                    let shared = items[j].tags.iter().filter(|t| p.tags.contains(t)).count();
                    let gap = (items[j].item.date.instant.as_nanosecond() - when).abs();
                    (shared, gap, j)
                })
                .collect();
            let key = |a: &(usize, i128, usize)| (std::cmp::Reverse(a.0), a.1, a.2);
            if ranked.len() > limit {
                ranked.select_nth_unstable_by_key(limit, key);
                ranked.truncate(limit);
            }
            ranked.sort_unstable_by_key(key);
            ranked.into_iter().map(|r| r.2).collect()
        })
        .collect()
}
