//! 关联稿件 chosen by shared tags, for items whose front matter names none.
//!
//! Candidates are the items nearest in time in each of the item's tags:
//! up to [`WINDOW`] before and after it in the tag's list. They are ranked
//! by the number of the item's tags in which they are that near, then by
//! closeness in time, then by position, so the choice is deterministic.
//!
//! Why a window: a tag such as 食品安全 may hold a third of a large site.
//! Looking at every item of every tag made the model quadratic (46 s of a
//! 100,000-item build); a reader wants the nearby stories anyway. Counting
//! goes through the windows with a dense counter per thread: no sorting,
//! no hashing, a few hundred increments per item.

use rayon::prelude::*;

use std::collections::HashMap;

use super::{Page, Tag};
use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::content::front_matter::line_of;
use crate::content::rel_path;

/// 关联稿件 of each item: those its `related:` names, else five chosen by
/// shared tags.
pub(super) fn assign(items: &mut [Page], tags: &[Tag], diags: &mut Diagnostics) {
    let index_of_source: HashMap<String, usize> = items
        .iter()
        .enumerate()
        .map(|(i, p)| (p.item.source.clone(), i))
        .collect();
    let explicit: Vec<Vec<usize>> = items
        .iter()
        .map(|p| {
            p.item
                .front
                .related
                .iter()
                .filter_map(|r| {
                    let target = r.value.trim_start_matches('/');
                    let found = index_of_source
                        .get(target)
                        .or_else(|| index_of_source.get(&format!("{target}/index.md")))
                        .copied();
                    if found.is_none() {
                        diags.push(Diagnostic::error(
                            rel_path(&p.item.source),
                            line_of(r, p.item.yaml_line),
                            format!(
                                "related: no item `{}`; write the path of an item's file under content/, e.g. news/2021-04-02-chunlei-press.md",
                                r.value
                            ),
                        ));
                    }
                    found
                })
                .collect()
        })
        .collect();
    let by_tags = by_shared_tags(items, tags, 5);
    for ((p, exp), auto) in items.iter_mut().zip(explicit).zip(by_tags) {
        p.related = if p.item.front.related.is_empty() {
            auto
        } else {
            exp
        };
    }
}

/// How many neighbours on each side of an item, per tag, are candidates.
const WINDOW: usize = 32;

pub(super) fn by_shared_tags(items: &[Page], tags: &[Tag], limit: usize) -> Vec<Vec<usize>> {
    items
        .par_iter()
        .enumerate()
        .map_init(
            || (vec![0u16; items.len()], Vec::new()),
            |(counts, touched), (i, p)| {
                for &t in &p.tags {
                    // Tag lists hold item indices in ascending order (newest
                    // first), so the item's own place is a binary search away.
                    let list = &tags[t].items;
                    let at = list.partition_point(|&j| j < i);
                    let from = at.saturating_sub(WINDOW);
                    let to = (at + 1 + WINDOW).min(list.len());
                    for &j in &list[from..to] {
                        if j != i {
                            if counts[j] == 0 {
                                touched.push(j);
                            }
                            counts[j] = counts[j].saturating_add(1);
                        }
                    }
                }
                let when = p.item.date.instant.as_nanosecond();
                let mut ranked: Vec<(u16, i128, usize)> = touched
                    .iter()
                    .map(|&j| {
                        let gap = (items[j].item.date.instant.as_nanosecond() - when).abs();
                        (counts[j], gap, j)
                    })
                    .collect();
                for &j in touched.iter() {
                    counts[j] = 0;
                }
                touched.clear();
                let key = |a: &(u16, i128, usize)| (std::cmp::Reverse(a.0), a.1, a.2);
                if ranked.len() > limit {
                    ranked.select_nth_unstable_by_key(limit, key);
                    ranked.truncate(limit);
                }
                ranked.sort_unstable_by_key(key);
                ranked.into_iter().map(|r| r.2).collect()
            },
        )
        .collect()
}
