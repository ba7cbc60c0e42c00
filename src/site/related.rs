//! 关联稿件 chosen by shared tags, for items whose front matter names none.
//!
//! Ranked by the number of shared tags, then by closeness in time, then by
//! position, so the choice is deterministic. Counting goes through the tag
//! lists with a dense counter per thread: a tag shared by a thousand items
//! costs a thousand increments, not a thousand hash look-ups.

use rayon::prelude::*;

use super::{Page, Tag};

pub fn by_shared_tags(items: &[Page], tags: &[Tag], limit: usize) -> Vec<Vec<usize>> {
    items
        .par_iter()
        .enumerate()
        .map_init(
            || (vec![0u16; items.len()], Vec::new()),
            |(counts, touched), (i, p)| {
                for &t in &p.tags {
                    for &j in &tags[t].items {
                        if j != i {
                            if counts[j] == 0 {
                                touched.push(j);
                            }
                            counts[j] = counts[j].saturating_add(1);
                        }
                    }
                }
                let when = p.item.date.instant;
                let mut ranked: Vec<(u16, i128, usize)> = touched
                    .iter()
                    .map(|&j| {
                        let gap = (items[j].item.date.instant.as_nanosecond()
                            - when.as_nanosecond())
                        .abs();
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
