//! Markdown as writers use it (README: Front matter), checked in the built pages.

use crate::common::*;

fn press() -> (Site, scraper::Html) {
    let s = Site::fixture("basic");
    s.build_ok(&[]);
    let doc = s.html("news/2021-04-02-chunlei-press/index.html");
    (s, doc)
}

#[test]
fn gfm_extensions() {
    let (_, doc) = press();
    assert_eq!(
        texts(&doc, ".article-body > table td"),
        ["出动执法人员", "1114人次"]
    );
    assert_eq!(texts(&doc, "article del"), ["删除线"]);
    assert_eq!(
        doc.select(&sel("article input[type=\"checkbox\"]")).count(),
        2
    );
    assert_eq!(doc.select(&sel("article input[checked]")).count(), 1);
    assert!(texts(
        &doc,
        "article .footnote-definition, article section.footnotes, article [id^=\"fn\"]"
    )
    .iter()
    .any(|t| t.contains("数据来源")));
}

#[test]
fn chinese_heading_ids_line_joining_and_emphasis() {
    let (_, doc) = press();
    assert_eq!(attrs(&doc, ".article-body h2", "id"), ["一主要工作及成效"]);
    let p = texts(&doc, ".article-body p")
        .into_iter()
        .find(|t| t.contains("高位推动"))
        .unwrap();
    // The soft break between 视 and 出 leaves no space.
    assert!(p.contains("高度重视，出动执法人员1114人次"), "{p}");
    assert_eq!(texts(&doc, ".article-body strong"), ["一是高位推动。"]);
}

#[test]
fn links_to_markdown_files_become_page_links() {
    let (_, doc) = press();
    let hrefs: Vec<String> = attrs(&doc, ".article-body a[href]", "href")
        .iter()
        .map(|h| percent_decode(h))
        .collect();
    assert!(
        hrefs.contains(&"/sub/reports/2020-summary/#一主要工作及成效".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"/sub/notices/2021-03-01-tongzhi/".to_string()),
        "{hrefs:?}"
    );
    assert!(!hrefs.iter().any(|h| h.ends_with(".md")), "{hrefs:?}");
}

#[test]
fn raw_html_is_sanitised_unless_unsafe() {
    let (s, doc) = press();
    let html = s.file("news/2021-04-02-chunlei-press/index.html");
    assert!(!html.contains("alert(1)"), "script survived");
    assert!(!html.contains("javascript:"), "javascript: link survived");
    assert!(
        texts(&doc, "article a").iter().any(|t| t == "坏链接"),
        "the link text stays"
    );

    s.edit(
        "site.toml",
        "relative_urls = false",
        "relative_urls = false\nunsafe_html = true",
    );
    s.build_ok(&[]);
    let html = s.file("news/2021-04-02-chunlei-press/index.html");
    assert!(html.contains("<script>alert(1)</script>"));
}

#[test]
fn code_is_highlighted_with_classes() {
    let (s, doc) = press();
    let pre = doc
        .select(&sel("article pre.code"))
        .next()
        .expect("highlighted block");
    assert_eq!(pre.value().attr("data-lang"), Some("rust"));
    assert!(
        pre.select(&sel("span[class]")).count() > 3,
        "no highlighting spans"
    );
    let html = s.file("news/2021-04-02-chunlei-press/index.html");
    let article = html.split("<article").nth(1).unwrap();
    assert!(
        !article.contains("style=\""),
        "inline styles in the article"
    );
    assert!(s.file("css/syntax.css").contains('{'));
}

#[test]
fn chart_blocks_become_svg_files_beside_the_page() {
    let (s, doc) = press();
    let figures: Vec<_> = doc.select(&sel("article figure.chart")).collect();
    assert_eq!(figures.len(), 1);
    let src = figures[0]
        .select(&sel("img"))
        .next()
        .unwrap()
        .value()
        .attr("src")
        .unwrap();
    assert!(src.ends_with(".svg") && !src.contains('/'), "{src}");
    let svg = s.file(&format!("news/2021-04-02-chunlei-press/{src}"));
    roxmltree::Document::parse(&svg).expect("well-formed SVG");
}
