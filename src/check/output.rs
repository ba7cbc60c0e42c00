//! The output verifier's findings ([`crate::output::verify`]) as a writer reads
//! them: a link that leads nowhere in a page made from a text is reported
//! where the writer wrote it (`content/news/a.md:12:3`); any other (from a
//! template, a static file) where it is in the output file, with the line,
//! once for all the pages that repeat it (a template's mistake is on every
//! page it makes).
//!
//! An absolute URL a writer typed (`https://scjg.example.gov.cn/xxgk/…`) is
//! taken as written even on the site's own host: bureaus' hosts serve other
//! systems beside the site (信息公开平台, 互动交流), which bulletin cannot
//! see.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Doc;
use crate::base::diagnostic::Diagnostic;
use crate::content::rel_path;
use crate::markdown::Link;
use crate::model::Site;
use crate::output::verify::{self, Miss, Problem, Resolved};

/// The findings for `misses`; `shown_output` is how the output folder is
/// named in messages about output files (`public`).
pub fn output_findings(site: &Site, misses: &[Miss], shown_output: &Path) -> Vec<Diagnostic> {
    let docs = Doc::all(site);
    let by_file: HashMap<String, &Doc> = docs
        .iter()
        .map(|d| (format!("{}index.html", d.url_path), d))
        .collect();
    // Files copied from the site's folder, by output path.
    let copied: HashMap<&str, PathBuf> = site
        .assets
        .iter()
        .map(|a| (a.dest.as_str(), rel_path(&a.source)))
        .chain(
            site.statics
                .iter()
                .map(|a| (a.dest.as_str(), PathBuf::from(&a.source))),
        )
        .collect();
    let url = site_url(site);
    let mut out = Vec::new();
    // Misses outside texts, by what is missing: the first and how many.
    let mut elsewhere: Vec<(&Miss, usize)> = Vec::new();
    let mut seen: HashMap<(&Problem, &str), usize> = HashMap::new();
    for miss in misses {
        let doc = by_file.get(&miss.file);
        let mut from_text: Vec<&Link> = doc
            .map(|d| {
                d.links
                    .iter()
                    .filter(|l| same_target(&url, &miss.file, &l.url, miss))
                    .collect()
            })
            .unwrap_or_default();
        let typed = from_text.len();
        from_text.retain(|l| !is_absolute(&l.dest));
        if typed > 0 && from_text.is_empty() {
            continue;
        }
        match (doc, from_text.is_empty()) {
            (Some(doc), false) => {
                for link in from_text {
                    let (rule, message) = in_text(&by_file, link, miss, &url.root);
                    out.push(
                        Diagnostic::error(rel_path(doc.source), link.line, message)
                            .at_col(link.col)
                            .with_rule(rule),
                    );
                }
            }
            // The verifier keeps the first pages of a target only, and
            // counts them all.
            _ => match seen.get(&(&miss.problem, miss.url.as_str())) {
                Some(&i) => elsewhere[i].1 = elsewhere[i].1.max(miss.files),
                None => {
                    seen.insert((&miss.problem, &miss.url), elsewhere.len());
                    elsewhere.push((miss, miss.files));
                }
            },
        }
    }
    for (miss, pages) in elsewhere {
        let path = copied
            .get(miss.file.as_str())
            .cloned()
            .unwrap_or_else(|| shown_output.join(&miss.file));
        let (rule, mut message) = in_output(miss, &url.root);
        if pages > 1 {
            message.push_str(&format!("（共{pages}个文件有此链接）"));
        }
        out.push(Diagnostic::error(path, miss.line, message).with_rule(rule));
    }
    out
}

/// The site's URL, as the verifier knows it.
pub fn site_url(site: &Site) -> verify::SiteUrl {
    verify::SiteUrl {
        root: site.config.base.root.clone(),
        origin: site.config.base.origin.clone(),
    }
}

/// `https://…`, `//host/…`: a URL a writer typed whole.
fn is_absolute(dest: &str) -> bool {
    let dest = dest.trim();
    dest.starts_with("//") || crate::markdown::has_scheme(dest)
}

/// Whether the link `url` of a text, on the page `file`, is the one the
/// verifier found wanting.
fn same_target(site: &verify::SiteUrl, file: &str, url: &str, miss: &Miss) -> bool {
    match (verify::resolve(site, file, url.trim()), &miss.problem) {
        (Resolved::Local { path, .. }, Problem::Missing { target }) => path == *target,
        (
            Resolved::Local { path, fragment },
            Problem::NoAnchor {
                target,
                fragment: f,
            },
        ) => path == *target && fragment.as_deref() == Some(f.as_str()),
        (Resolved::Outside, Problem::Outside) => url.trim() == miss.url,
        _ => false,
    }
}

/// The rule and message for a link a writer wrote.
fn in_text(
    by_file: &HashMap<String, &Doc>,
    link: &Link,
    miss: &Miss,
    root: &str,
) -> (&'static str, String) {
    let dest = link.dest.trim();
    match &miss.problem {
        Problem::Missing { .. } if link.is_image => (
            "image",
            format!("图片“{dest}”不存在：把图片放在稿件旁边（与 .md 文件在同一文件夹），或改正文件名"),
        ),
        Problem::Missing { .. } => (
            "link",
            format!("链接“{dest}”在本站不存在：把文件放在稿件旁边，或改为指向 .md 文件的相对链接，或改正地址"),
        ),
        Problem::NoAnchor { target, fragment } => {
            let page = format!("{target}index.html");
            let target_doc = by_file
                .get(target.as_str())
                .or_else(|| by_file.get(&page))
                .copied();
            let hint = match target_doc {
                Some(d) if !d.headings.is_empty() => {
                    let known: Vec<&str> = d.headings.iter().take(8).map(|h| h.id.as_str()).collect();
                    format!("该页的小标题有：{}", known.join("、"))
                }
                _ => "该页没有这个小标题".to_string(),
            };
            let name = target_doc.map_or_else(
                || format!("{root}{target}"),
                |d| rel_path(d.source).display().to_string(),
            );
            ("anchor", format!("“#{fragment}”在{name}中找不到对应的小标题；{hint}"))
        }
        Problem::Outside => (
            "link",
            format!("“{dest}”不在本站地址 {root} 之下，发布后会打不开：改为指向 .md 文件的相对链接，或写成以 {root} 开头的地址"),
        ),
    }
}

/// The rule and message for a link of a template or a static file.
fn in_output(miss: &Miss, root: &str) -> (&'static str, String) {
    match &miss.problem {
        Problem::Missing { .. } => (
            "link",
            format!(
                "页面中的链接“{}”在本站不存在（由主题模板或静态文件生成）：检查模板或文件中的地址",
                miss.url
            ),
        ),
        Problem::NoAnchor { fragment, .. } => (
            "anchor",
            format!(
                "页面中的链接“{}”指向的页面没有 id 为“{fragment}”的元素：检查模板中的地址",
                miss.url
            ),
        ),
        Problem::Outside => (
            "link",
            format!(
                "页面中的链接“{}”不在本站地址 {root} 之下，发布后会打不开：检查模板或文件中的地址",
                miss.url
            ),
        ),
    }
}
