//! Items (and standalone pages) with what the model adds: their column and
//! campaign, cover and attachments, summary; in order, newest first.

use std::collections::HashMap;
use std::sync::Arc;

use super::columns::{known, Places};
use super::texts::Text;
use super::urls::Urls;
use super::{Attachment, Column, Page};
use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::content::front_matter::line_of;
use crate::content::{self, rel_path, Item, SectionKind};

/// The items, newest first, and the standalone pages at the content root.
pub(super) fn pages(
    items: Vec<Arc<Item>>,
    rendered: Vec<Text>,
    columns: &[Column],
    places: &Places,
    urls: &Urls,
    diags: &mut Diagnostics,
) -> (Vec<Page>, Vec<Page>) {
    let campaign_by_name: HashMap<&str, usize> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.section.kind == SectionKind::Campaign)
        .map(|(i, c)| (c.section.dir.rsplit('/').next().unwrap_or(""), i))
        .collect();

    let mut all: Vec<Page> = Vec::with_capacity(items.len());
    for (item, text) in items.into_iter().zip(rendered) {
        let mut r = text;
        diags.extend(std::mem::take(&mut r.problems));
        let path = rel_path(&item.source);
        let column = places.section_of(&item.parent_dir);
        let mut campaign = None;
        let mut c = Some(column);
        while let Some(ci) = c {
            if columns[ci].section.kind == SectionKind::Campaign {
                campaign = Some(ci);
                break;
            }
            c = columns[ci].parent;
        }
        if let Some(name) = &item.front.campaign {
            match campaign_by_name.get(name.value.as_str()) {
                Some(&ci) => campaign = Some(ci),
                None => diags.push(Diagnostic::error(
                    &path,
                    line_of(name, item.yaml_line),
                    format!(
                        "campaign `{}` does not exist: it must be the name of a folder under content/{}/ ({})",
                        name.value,
                        content::CAMPAIGNS_DIR,
                        known(campaign_by_name.keys().copied())
                    ),
                )),
            }
        }
        let resolve_file = |file: &str| urls.file(&item.dir, file);
        let cover = item.front.cover.as_ref().and_then(|c| match resolve_file(&c.value) {
            Some((url, _)) => Some(url),
            None => {
                diags.push(Diagnostic::warning(
                    &path,
                    line_of(c, item.yaml_line),
                    format!("cover image `{}` not found beside the item; the item is shown without it", c.value),
                ).with_rule("missing-file"));
                None
            }
        });
        // A missing attachment is left out of the page, as a missing cover
        // is: a link to nothing helps no reader.
        let attachments = item
            .front
            .attachments
            .iter()
            .filter_map(|a| match resolve_file(&a.value.file) {
                Some((url, bytes)) => Some(Attachment {
                    title: a.value.title.clone(),
                    url,
                    bytes,
                    kind: file_kind(&a.value.file),
                }),
                None => {
                    diags.push(
                        Diagnostic::warning(
                            &path,
                            line_of(a, item.yaml_line),
                            format!(
                                "attachment `{}` not found beside the item; the page is shown without it",
                                a.value.file
                            ),
                        )
                        .with_rule("missing-file"),
                    );
                    None
                }
            })
            .collect();
        let summary = match &item.front.summary {
            Some(s) => s.trim().to_string(),
            None => std::mem::take(&mut r.auto_summary),
        };
        all.push(Page {
            column,
            campaign,
            html: r.html,
            summary,
            text: r.plain_text,
            tags: Vec::new(),
            related: Vec::new(),
            prev: None,
            next: None,
            cover,
            attachments,
            figures: r.figures,
            headings: r.headings,
            links: r.links,
            item,
        });
    }

    // Standalone pages live at the content root; everything else is an item.
    let (pages, items): (Vec<Page>, Vec<Page>) =
        all.into_iter().partition(|p| p.item.parent_dir.is_empty());
    // Newest first. The order is found on indices and the pages moved
    // once: a page is large, and sorting moves each one many times.
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&items[a].item, &items[b].item);
        b.date.cmp(&a.date).then_with(|| a.source.cmp(&b.source))
    });
    let mut slots: Vec<Option<Page>> = items.into_iter().map(Some).collect();
    let items: Vec<Page> = order.into_iter().filter_map(|i| slots[i].take()).collect();

    (items, pages)
}

/// The kind of an attachment, as readers know it.
pub fn file_kind(file: &str) -> String {
    let ext = file
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => "PDF",
        "doc" | "docx" | "wps" => "Word",
        "xls" | "xlsx" | "et" => "Excel",
        "ppt" | "pptx" => "PowerPoint",
        "ofd" => "OFD",
        "zip" | "rar" | "7z" => "压缩包",
        "jpg" | "jpeg" | "png" | "gif" | "webp" | "svg" => "图片",
        "txt" => "文本",
        "" => "文件",
        other => return other.to_ascii_uppercase(),
    }
    .to_string()
}

/// `1.2 MB`, `34 KB`.
pub fn human_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b >= KB * KB {
        format!("{:.1} MB", b / KB / KB)
    } else if b >= KB {
        format!("{:.0} KB", (b / KB).max(1.0))
    } else {
        format!("{bytes} B")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_sizes() {
        assert_eq!(file_kind("a.PDF"), "PDF");
        assert_eq!(file_kind("a.docx"), "Word");
        assert_eq!(human_size(1_300_000), "1.2 MB");
        assert_eq!(human_size(35_000), "34 KB");
        assert_eq!(
            crate::markdown::normalize("news/b/../a.pdf").unwrap(),
            "news/a.pdf"
        );
        assert!(crate::markdown::normalize("../x").is_none());
    }
}
