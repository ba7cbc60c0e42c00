//! Columns (栏目) and campaigns: where each section sits, its text and
//! dashboard, the items it lists in its order, 上一篇 / 下一篇 within it,
//! and the main navigation.

use std::collections::{BTreeMap, HashMap};

use super::texts::Text;
use super::{Column, Page, HEADLINE_LEN};
use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::charts::Charts;
use crate::content::front_matter::line_of;
use crate::content::{rel_path, Section, SectionKind};

/// Where the sections are: the section a folder belongs to (its own, or
/// the nearest one above it), and each section's parent.
pub(super) struct Places {
    dir_index: HashMap<String, usize>,
    pub(super) parents: Vec<Option<usize>>,
}

impl Places {
    pub(super) fn new(sections: &[Section]) -> Places {
        let dir_index: HashMap<String, usize> = sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.dir.clone(), i))
            .collect();
        let mut places = Places {
            dir_index,
            parents: Vec::new(),
        };
        places.parents = sections
            .iter()
            .map(|s| {
                if s.dir.is_empty() {
                    None
                } else {
                    Some(places.section_of(s.dir.rsplit_once('/').map_or("", |(p, _)| p)))
                }
            })
            .collect();
        places
    }

    /// The section the folder `dir` belongs to.
    pub(super) fn section_of(&self, dir: &str) -> usize {
        let mut d = dir;
        loop {
            if let Some(&i) = self.dir_index.get(d) {
                return i;
            }
            match d.rsplit_once('/') {
                Some((parent, _)) => d = parent,
                None => return self.dir_index.get("").copied().unwrap_or(0),
            }
        }
    }
}

/// Campaign dates must be real dates: they decide 进行中 / 已结束.
pub(super) fn check_dates(sections: &[Section], offset: jiff::tz::Offset, diags: &mut Diagnostics) {
    for s in sections {
        for d in [&s.front.start, &s.front.end].into_iter().flatten() {
            if let Err(m) = crate::content::dates::parse(&d.value, offset) {
                diags.push(Diagnostic::error(
                    s.source.as_deref().map(rel_path).unwrap_or_default(),
                    line_of(d, s.yaml_line),
                    m,
                ));
            }
        }
    }
}

/// The sections with their texts, a campaign's dashboard and headline
/// figures; their lists are filled by [`lists`].
pub(super) fn columns(
    sections: Vec<Section>,
    section_texts: Vec<Option<Text>>,
    parents: &[Option<usize>],
    charts: &Charts,
    diags: &mut Diagnostics,
) -> Vec<Column> {
    let mut columns: Vec<Column> = Vec::with_capacity(sections.len());
    for ((section, text), &parent) in sections.into_iter().zip(section_texts).zip(parents) {
        let (html, figures, headings, links) = match text {
            Some(t) => {
                diags.extend(t.problems);
                (t.html, t.figures, t.headings, t.links)
            }
            None => Default::default(),
        };
        // A campaign's dashboard: its `stats:` files as kpi cards and charts.
        let dashboard = if section.kind == SectionKind::Campaign && !section.front.stats.is_empty()
        {
            charts
                .dashboard(&section.dir, &section.front.stats)
                .unwrap_or_else(|message| {
                    let file = section.source.as_deref().map(rel_path).unwrap_or_default();
                    diags.push(Diagnostic::error(
                        file,
                        section.yaml_line,
                        format!("stats: {message}"),
                    ));
                    Vec::new()
                })
        } else {
            Vec::new()
        };
        let headline = if section.kind == SectionKind::Campaign {
            charts.headline(&section.dir, &section.front.stats, HEADLINE_LEN)
        } else {
            Vec::new()
        };
        columns.push(Column {
            section,
            html,
            figures,
            dashboard,
            headline,
            headings,
            links,
            parent,
            items: Vec::new(),
            campaigns: Vec::new(),
        });
    }

    columns
}

/// A column's items: its own and those of the columns below it, and a
/// campaign's those that name it; sorted by the column's `sort`, pinned
/// first. And the campaigns column's campaigns.
pub(super) fn lists(columns: &mut [Column], items: &[Page], diags: &mut Diagnostics) {
    // Column lists: every item is listed in its column and the columns
    // above it.
    let mut lists: Vec<Vec<usize>> = vec![Vec::new(); columns.len()];
    let mut campaign_lists: Vec<Vec<usize>> = vec![Vec::new(); columns.len()];
    for (i, p) in items.iter().enumerate() {
        let mut c = Some(p.column);
        while let Some(ci) = c {
            if ci == 0 {
                break;
            }
            lists[ci].push(i);
            c = columns[ci].parent;
        }
        if let Some(ci) = p.campaign {
            if !lists[ci].contains(&i) {
                campaign_lists[ci].push(i);
            }
        }
    }
    for (ci, col) in columns.iter_mut().enumerate() {
        let mut list = std::mem::take(&mut lists[ci]);
        list.append(&mut campaign_lists[ci]);
        list.sort_unstable();
        let by_title = col
            .section
            .front
            .sort
            .as_ref()
            .is_some_and(|s| s.value == "title");
        if let Some(s) = &col.section.front.sort {
            if s.value != "date" && s.value != "title" {
                diags.push(Diagnostic::error(
                    col.section
                        .source
                        .as_deref()
                        .map(rel_path)
                        .unwrap_or_default(),
                    line_of(s, col.section.yaml_line),
                    format!(
                        "sort `{}` is not known; use `date` (newest first) or `title`",
                        s.value
                    ),
                ));
            }
        }
        if by_title {
            list.sort_by(|&a, &b| {
                items[a]
                    .item
                    .front
                    .title
                    .value
                    .cmp(&items[b].item.front.title.value)
            });
        }
        // Stable: pinned items first, each group in the order above.
        list.sort_by_key(|&i| !items[i].item.front.pinned);
        col.items = list;
    }
    let campaign_ids: Vec<usize> = (0..columns.len())
        .filter(|&i| columns[i].section.kind == SectionKind::Campaign)
        .collect();
    for ci in campaign_ids {
        if let Some(parent) = columns[ci].parent {
            columns[parent].campaigns.push(ci);
        }
    }
}

/// 上一篇 / 下一篇: the older and newer item of the same column.
pub(super) fn neighbours(items: &mut [Page]) {
    let mut by_column: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, p) in items.iter().enumerate() {
        by_column.entry(p.column).or_default().push(i);
    }
    for list in by_column.values() {
        // `list` is newest first.
        for (k, &i) in list.iter().enumerate() {
            items[i].next = k.checked_sub(1).map(|n| list[n]);
            items[i].prev = list.get(k + 1).copied();
        }
    }
}

/// The top-level columns in navigation order: `order`, then folder name.
pub(super) fn nav(columns: &[Column]) -> Vec<usize> {
    let mut nav: Vec<usize> = (1..columns.len())
        .filter(|&i| columns[i].parent == Some(0))
        .collect();
    nav.sort_by_key(|&i| {
        (
            columns[i].section.front.order.unwrap_or(i64::MAX),
            columns[i].section.dir.clone(),
        )
    });

    nav
}

/// `known: a, b` for a message, or that there are none.
pub(super) fn known<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut v: Vec<&str> = names.collect();
    v.sort();
    if v.is_empty() {
        "there are none yet".to_string()
    } else {
        format!("known: {}", v.join(", "))
    }
}
