//! Tests of `render` as a whole, one group per promise of the module.

use super::*;

fn pages(path: &str) -> Option<String> {
    match path {
        "reports/2020-summary.md" => Some("/reports/2020-summary/".into()),
        "news/a.md" => Some("/news/a/".into()),
        "news/2022-12-22-wenjiang/index.md" => Some("/news/2022-12-22-wenjiang/".into()),
        "报告/总结.md" => Some("/baogao/zongjie/".into()),
        "news/photo.jpg" => Some("/news/photo.jpg".into()),
        "news/通知.pdf" => Some("/news/通知.pdf".into()),
        _ => None,
    }
}

fn chart(text: &str, line: usize) -> Result<String, String> {
    if text.contains("bad") {
        Err(format!("chart at line {line}: no series `bad`"))
    } else {
        Ok(format!("<figure class=\"chart\"><svg viewBox=\"0 0 10 10\"><script>ok()</script></svg><figcaption>line {line}</figcaption></figure>"))
    }
}

fn with(md: &str, unsafe_html: bool) -> Rendered {
    render(
        md,
        &Options {
            unsafe_html,
            source_dir: "news",
            first_line: 1,
            resolve: &pages,
            render_chart: &chart,
        },
    )
}

fn r(md: &str) -> Rendered {
    with(md, false)
}

fn html(md: &str) -> String {
    r(md).html.trim_end().to_owned()
}

// 1. CommonMark + GFM

#[test]
fn gfm_extensions() {
    let h = html("| a | b |\n|:-|-:|\n| 1 | 2 |\n\n~~删~~\n\n- [x] 完成\n- [ ] 未完成\n\n注[^1]\n\n[^1]: 脚注");
    assert!(h.contains("<table>"), "{h}");
    assert!(h.contains("<th style=\"text-align: left\">a</th>"), "{h}");
    assert!(h.contains("<del>删</del>"), "{h}");
    assert!(
        h.contains("<input disabled=\"\" type=\"checkbox\" checked=\"\"/>"),
        "{h}"
    );
    assert!(
        h.contains("<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>"),
        "{h}"
    );
    assert!(
        h.contains("<div class=\"footnote-definition\" id=\"1\">"),
        "{h}"
    );
}

// 2. Heading ids

#[test]
fn heading_ids_follow_github() {
    let doc = r("## 一、主要工作及成效\n\n## Hello, World!\n\n## 概述\n\n## 概述\n\n### 概述");
    assert!(
        doc.html
            .contains("<h2 id=\"一主要工作及成效\">一、主要工作及成效</h2>"),
        "{}",
        doc.html
    );
    assert!(
        doc.html
            .contains("<h2 id=\"hello-world\">Hello, World!</h2>"),
        "{}",
        doc.html
    );
    let ids: Vec<&str> = doc.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "一主要工作及成效",
            "hello-world",
            "概述",
            "概述-1",
            "概述-2"
        ]
    );
    assert_eq!(
        doc.headings[0],
        Heading {
            level: 2,
            id: "一主要工作及成效".into(),
            text: "一、主要工作及成效".into(),
            line: 1
        }
    );
    assert_eq!(doc.headings[4].level, 3);
    assert_eq!(doc.headings[4].line, 9);
}

#[test]
fn heading_text_without_markup() {
    let doc = r("## **加粗**与`代码`和[链接](http://a.cn)![图](x.png)");
    assert_eq!(doc.headings[0].text, "加粗与代码和链接");
    assert_eq!(doc.headings[0].id, "加粗与代码和链接");
}

#[test]
fn explicit_ids_win_and_are_reserved() {
    let doc = r("## 概述 {#overview}\n\n## Overview");
    assert!(
        doc.html.contains("<h2 id=\"overview\">概述</h2>"),
        "{}",
        doc.html
    );
    assert_eq!(doc.headings[0].id, "overview");
    assert_eq!(doc.headings[1].id, "overview-1");
}

#[test]
fn heading_attributes_other_than_id_and_class_need_unsafe_html() {
    let md = "## T {#t .c onclick=alert(1)}";
    assert_eq!(html(md), "<h2 id=\"t\" class=\"c\">T</h2>");
    assert!(with(md, true).html.contains("onclick"));
}

// 3. Soft breaks

#[test]
fn soft_break_beside_cjk_is_dropped() {
    assert_eq!(
        html("第一行文字，\n第二行文字。"),
        "<p>第一行文字，第二行文字。</p>"
    );
    // The issue's cases: after full-width punctuation, between Chinese
    // and a digit or a Latin letter, either way round.
    assert_eq!(
        html("落下帷幕，\n4月2日，执法人员\n1114人次\nKN95口罩\n合格"),
        "<p>落下帷幕，4月2日，执法人员1114人次KN95口罩合格</p>"
    );
    assert_eq!(html("中文\nEnglish"), "<p>中文English</p>");
    assert_eq!(html("English\nwords"), "<p>English\nwords</p>");
    assert_eq!(html("**强调**\n文字"), "<p><strong>强调</strong>文字</p>");
    assert_eq!(
        html("文字\n[链接](http://a.cn)"),
        "<p>文字<a href=\"http://a.cn\">链接</a></p>"
    );
    assert_eq!(html("文字  \n硬换行"), "<p>文字<br />\n硬换行</p>");
    assert_eq!(
        html("他说：“\n这是引号。”\n下一句"),
        "<p>他说：“这是引号。”下一句</p>"
    );
    assert_eq!(html("“Hello”\n“World”"), "<p>“Hello”\n“World”</p>");
    let doc = r("第一行，\n第二行 and\nthird");
    assert_eq!(doc.plain_text, "第一行，第二行 and third");
    let doc = r("执法人员\n1114人次");
    assert_eq!(doc.plain_text, "执法人员1114人次");
}

// 4. CJK emphasis

#[test]
fn cjk_emphasis() {
    assert_eq!(
        html("**一是高位推动。**区委"),
        "<p><strong>一是高位推动。</strong>区委</p>"
    );
    assert_eq!(html("**注意：**正文"), "<p><strong>注意：</strong>正文</p>");
    assert_eq!(html("**bold** text"), "<p><strong>bold</strong> text</p>");
    assert_eq!(html("2**3"), "<p>2**3</p>");
    assert_eq!(html("a * b * c"), "<p>a * b * c</p>");
    assert_eq!(
        html(r"\*\*一是高位推动。\*\*区委"),
        "<p>**一是高位推动。**区委</p>"
    );
    let doc = r("**一是高位推动。**区委书记");
    assert_eq!(doc.plain_text, "一是高位推动。区委书记");
}

// 5. Links to Markdown files

#[test]
fn md_links_become_page_urls() {
    let doc = r("见[总结](../reports/2020-summary.md#二工作计划)和[同栏](a.md)、[根](/reports/2020-summary.md)、[中文](../%E6%8A%A5%E5%91%8A/%E6%80%BB%E7%BB%93.md)。");
    assert!(doc.html.contains("<a href=\"/reports/2020-summary/#%E4%BA%8C%E5%B7%A5%E4%BD%9C%E8%AE%A1%E5%88%92\">总结</a>"), "{}", doc.html);
    assert!(
        doc.html.contains("<a href=\"/news/a/\">同栏</a>"),
        "{}",
        doc.html
    );
    assert!(
        doc.html
            .contains("<a href=\"/reports/2020-summary/\">根</a>"),
        "{}",
        doc.html
    );
    assert!(
        doc.html.contains("<a href=\"/baogao/zongjie/\">中文</a>"),
        "{}",
        doc.html
    );
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    // Recorded as written.
    assert_eq!(doc.links[0].dest, "../reports/2020-summary.md#二工作计划");
    assert_eq!(doc.links[0].alt_or_text, "总结");
    assert!(!doc.links[0].is_image);
}

#[test]
fn reference_links_resolve_too() {
    let doc = r("见[总结][s]。\n\n[s]: ../reports/2020-summary.md");
    assert!(
        doc.html
            .contains("<a href=\"/reports/2020-summary/\">总结</a>"),
        "{}",
        doc.html
    );
}

#[test]
fn missing_md_link_is_an_error_at_its_place() {
    let doc = render(
        "第一段。\n\n前文[报告](../reports/x.md)后文",
        &Options {
            unsafe_html: false,
            source_dir: "news",
            first_line: 5,
            resolve: &pages,
            render_chart: &chart,
        },
    );
    assert_eq!(
        doc.errors,
        [Problem {
            line: 7,
            col: 3,
            message: "link to `../reports/x.md`: no such page (looked for content/reports/x.md). \
                      Check the file name, or remove the link."
                .into()
        }]
    );
    assert!(
        doc.html.contains("<a href=\"../reports/x.md\">报告</a>"),
        "{}",
        doc.html
    );
    assert_eq!((doc.links[0].line, doc.links[0].col), (7, 3));
}

#[test]
fn images_beside_the_file_resolve_and_other_sites_are_left_alone() {
    let doc = r("![图 一](photo.jpg \"标题\") [外](https://a.cn/x.md) <a@b.cn>");
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    assert!(
        doc.html
            .contains("<img src=\"/news/photo.jpg\" alt=\"图 一\" title=\"标题\" />"),
        "{}",
        doc.html
    );
    assert!(!doc.html.contains("loading="), "{}", doc.html);
    assert_eq!(
        doc.links,
        [
            Link {
                dest: "photo.jpg".into(),
                url: "/news/photo.jpg".into(),
                is_image: true,
                alt_or_text: "图 一".into(),
                line: 1,
                col: 1
            },
            Link {
                dest: "https://a.cn/x.md".into(),
                url: "https://a.cn/x.md".into(),
                is_image: false,
                alt_or_text: "外".into(),
                line: 1,
                col: 24
            },
            Link {
                dest: "mailto:a@b.cn".into(),
                url: "mailto:a@b.cn".into(),
                is_image: false,
                alt_or_text: "a@b.cn".into(),
                line: 1,
                col: 47
            },
        ]
    );
}

// 6. Raw HTML

#[test]
fn raw_html_links_resolve_like_markdown_links_and_are_recorded() {
    let md = "段落<img src=\"photo.jpg\" alt=\"照片\">\n\n<div class=\"note\">\n<a href=\"%E9%80%9A%E7%9F%A5.pdf\">通知</a>\n<a\n href=\"../reports/2020-summary.md#总结\">总结</a>\n</div>\n";
    let doc = r(md);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    assert!(
        doc.html
            .contains("<img src=\"/news/photo.jpg\" alt=\"照片\">"),
        "{}",
        doc.html
    );
    assert!(
        doc.html
            .contains("<a href=\"/news/%E9%80%9A%E7%9F%A5.pdf\">通知</a>"),
        "{}",
        doc.html
    );
    assert!(
        doc.html
            .contains("href=\"/reports/2020-summary/#%E6%80%BB%E7%BB%93\""),
        "{}",
        doc.html
    );
    let found: Vec<(&str, &str, bool, &str, usize, usize)> = doc
        .links
        .iter()
        .map(|l| {
            (
                l.dest.as_str(),
                l.url.as_str(),
                l.is_image,
                l.alt_or_text.as_str(),
                l.line,
                l.col,
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("photo.jpg", "/news/photo.jpg", true, "照片", 1, 13),
            ("%E9%80%9A%E7%9F%A5.pdf", "/news/通知.pdf", false, "", 4, 10),
            (
                "../reports/2020-summary.md#总结",
                "/reports/2020-summary/#总结",
                false,
                "",
                6,
                8
            ),
        ]
    );
    // The visible text of the block is the document's text.
    assert!(doc.plain_text.contains("通知总结"), "{:?}", doc.plain_text);
}

#[test]
fn a_raw_html_link_to_a_missing_page_is_an_error_where_it_is() {
    let doc = r("文字\n\n<p>见<a href=\"../reports/x.md\">报告</a></p>\n");
    assert_eq!(doc.errors.len(), 1, "{:?}", doc.errors);
    assert_eq!((doc.errors[0].line, doc.errors[0].col), (3, 14));
}

#[test]
fn scripts_and_styles_are_never_text() {
    for md in [
        "正文<script>var secret = \"脚本\";</script>后文",
        "正文<style>.x{color:red}</style>后文",
        "正文\n\n<script>\nvar secret = \"脚本\";\n</script>\n\n后文",
        "正文\n\n<div><style>p { color: red }</style><object data=\"x\">替代</object></div>\n\n后文",
        "正文\n<template><p>模板</p></template>后文",
    ] {
        let doc = r(md);
        assert!(doc.plain_text.starts_with("正文"), "{md}: {:?}", doc.plain_text);
        assert!(doc.plain_text.ends_with("后文"), "{md}: {:?}", doc.plain_text);
        for hidden in ["secret", "脚本", "color", "替代", "模板"] {
            assert!(!doc.plain_text.contains(hidden), "{md}: {:?}", doc.plain_text);
        }
    }
}

#[test]
fn raw_html_is_sanitised() {
    assert_eq!(html("a<script>alert(1)</script>b"), "<p>ab</p>");
    assert_eq!(html("<script>alert(1)</script>"), "");
    assert_eq!(html("<img src=x onerror=alert(1)>"), "<img src=\"x\">");
    assert_eq!(
        html("<a href=\"javascript:alert(1)\">x</a>"),
        "<p><a>x</a></p>"
    );
    assert_eq!(html("<p onclick=\"x()\">段</p>"), "<p>段</p>");
}

#[test]
fn documents_without_raw_html_skip_the_sanitiser() {
    // ammonia would rewrite `<img … />` as `<img …>`.
    assert_eq!(
        html("![图](p.jpg)"),
        "<p><img src=\"p.jpg\" alt=\"图\" /></p>"
    );
    assert_eq!(
        html("![图](p.jpg) <b>b</b>"),
        "<p><img src=\"p.jpg\" alt=\"图\"> <b>b</b></p>"
    );
}

#[test]
fn dangerous_markdown_links_are_neutralised_without_raw_html() {
    assert_eq!(html("[x](javascript:alert(1))"), "<p><a>x</a></p>");
    assert_eq!(
        html("<javascript:alert(1)>"),
        "<p><a>javascript:alert(1)</a></p>"
    );
    assert_eq!(html("[x](data:text/html,hi)"), "<p><a>x</a></p>");
    assert_eq!(
        html("![x](javascript:alert(1))"),
        "<p><img src=\"\" alt=\"x\" /></p>"
    );
    assert_eq!(
        html("![x](data:image/png;base64,AAAA)"),
        "<p><img src=\"data:image/png;base64,AAAA\" alt=\"x\" /></p>"
    );
    assert_eq!(
        html("![图 [x](javascript:alert(1))](p.jpg)"),
        "<p><img src=\"p.jpg\" alt=\"图 x\" /></p>"
    );
    // Also when the document is sanitised for other reasons.
    assert_eq!(
        html("[x](javascript:alert(1)) <b>b</b>"),
        "<p><a>x</a> <b>b</b></p>"
    );
}

#[test]
fn unsafe_html_keeps_everything() {
    let h = with(
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))",
        true,
    )
    .html;
    assert!(h.contains("<script>alert(1)</script>"), "{h}");
    assert!(h.contains("onerror=alert(1)"), "{h}");
    assert!(h.contains("<a href=\"javascript:alert(1)\">x</a>"), "{h}");
}

#[test]
fn markdown_output_survives_sanitising() {
    let md = "## 一、标题\n\n| a |\n|:-:|\n| 1 |\n\n- [x] 完成\n\n注[^1]\n\n[^1]: 脚注\n\n```rust\nfn main() {}\n```\n\n![图](p.jpg) [链](a.md \"t\")\n\n<b>raw</b>";
    let h = html(md);
    assert!(h.contains("<h2 id=\"一标题\">"), "{h}");
    assert!(
        h.contains("<th style=\"text-align:center\">a</th>")
            || h.contains("<th style=\"text-align: center\">a</th>"),
        "{h}"
    );
    assert!(h.contains("type=\"checkbox\""), "{h}");
    assert!(h.contains("id=\"1\""), "{h}");
    assert!(
        h.contains("<pre class=\"code\" data-lang=\"rust\"><code><span class=\"source rust\">"),
        "{h}"
    );
    assert!(h.contains("<img src=\"p.jpg\" alt=\"图\">"), "{h}");
    assert!(h.contains("<a href=\"/news/a/\" title=\"t\">链</a>"), "{h}");
    assert!(!h.contains("rel="), "{h}");
}

// 7. Highlighting

#[test]
fn fenced_code_is_highlighted_with_classes() {
    let h = html("```rust\nlet x = \"<b>\";\n```");
    assert!(
        h.starts_with("<pre class=\"code\" data-lang=\"rust\"><code><span class=\"source rust\">"),
        "{h}"
    );
    assert!(h.contains("&lt;b&gt;"), "{h}");
    assert!(!h.contains("style="), "{h}");
    assert_eq!(
        html("```nosuchlang\na < b\n```"),
        "<pre class=\"code\" data-lang=\"nosuchlang\"><code>a &lt; b\n</code></pre>"
    );
    assert_eq!(html("```\n**x**\n```"), "<pre><code>**x**\n</code></pre>");
    assert_eq!(html("    indented\n"), "<pre><code>indented\n</code></pre>");
    assert!(highlight_css().contains(".code {"));
}

// 8. Charts

#[test]
fn chart_blocks_are_rendered_and_trusted() {
    let md = "前言\n\n```chart\ndata: stats.yaml\nseries: inspections\n```\n\n<i>raw</i>";
    let doc = r(md);
    assert!(
        doc.html.contains("<figure class=\"chart\"><svg viewBox=\"0 0 10 10\"><script>ok()</script></svg><figcaption>line 3</figcaption></figure>"),
        "{}",
        doc.html
    );
    assert!(!doc.html.contains('\u{E000}'), "{}", doc.html);
    assert!(!doc.plain_text.contains("stats.yaml"), "{}", doc.plain_text);
    assert!(doc.errors.is_empty());
    // Two charts, no raw HTML.
    let doc = r("```chart\na\n```\n\n```chart\nb\n```");
    assert_eq!(doc.html.matches("<figure").count(), 2, "{}", doc.html);
    assert!(
        doc.html.contains("line 1") && doc.html.contains("line 5"),
        "{}",
        doc.html
    );
}

#[test]
fn chart_errors_are_reported_at_the_fence() {
    let doc = render(
        "文\n\n```chart\nseries: bad\n```",
        &Options {
            unsafe_html: false,
            source_dir: "",
            first_line: 4,
            resolve: &pages,
            render_chart: &chart,
        },
    );
    assert_eq!(
        doc.errors,
        [Problem {
            line: 6,
            col: 1,
            message: "chart at line 6: no series `bad`".into()
        }]
    );
}

// 9. Plain text

#[test]
fn plain_text_separates_blocks() {
    let doc = r("## 标题\n\n第一段**加粗**，[链接](a.md)。![图](p.jpg)\n\n- 一\n- 二\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> 引用\n\n<div>html <b>块</b></div>\n\n`代码`结尾");
    // The text of a raw HTML block is text a reader sees.
    assert_eq!(
        doc.plain_text,
        "标题\n第一段加粗，链接。\n一\n二\na b\n1 2\n引用\nhtml 块\n代码结尾"
    );
}

// Line and column numbers

#[test]
fn lines_and_columns_in_any_order() {
    let source = "一二\nab三\n\n四";
    let lines = Lines {
        source,
        first_line: 10,
        last: Cell::new((0, 0, 0)),
    };
    assert_eq!(lines.at(0), (10, 1));
    assert_eq!(lines.at(3), (10, 2));
    assert_eq!(lines.at(9), (11, 3));
    assert_eq!(lines.at(13), (12, 1));
    assert_eq!(lines.at(14), (13, 1));
    assert_eq!(lines.at(7), (11, 1));
    assert_eq!(lines.at(999), (13, 2));
    assert_eq!(lines.at(4), (10, 1)); // not a char boundary: still no panic
}

// 10. Robustness

/// Random documents from Markdown's special characters, CJK text and
/// punctuation: no panic, and emphasis tags always balance.
#[test]
fn random_documents() {
    const PIECES: [&str; 32] = [
        "*", "**", "_", "__", "\\", "`", "[", "]", "(", ")", "!", "<", ">", "#", "\n", " ", "中文",
        "。", "，", "：", "“", "”", "a", "1", "|", "-", "~~", "&#42;", "\n\n", "](a.md)", "```",
        "{#x}",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let len = (next() % 40) as usize;
        let md: String = (0..len).map(|_| PIECES[(next() % 32) as usize]).collect();
        let doc = r(&md);
        for tag in ["strong", "em", "del", "a"] {
            let open = doc.html.matches(&format!("<{tag}>")).count()
                + doc.html.matches(&format!("<{tag} ")).count();
            let close = doc.html.matches(&format!("</{tag}>")).count();
            assert_eq!(open, close, "unbalanced <{tag}> for {md:?}: {}", doc.html);
        }
    }
}

#[test]
fn never_panics_on_odd_input() {
    let inputs = [
        "",
        "*",
        "**",
        "**。",
        "\\",
        "*\u{E000}*",
        "[](<>)",
        "![](",
        "```chart",
        "```",
        "# ",
        "#",
        "| |\n|-|\n|*|",
        "**一。**二**三。**四**",
        "*a **b* c**一",
        "_*__**一。**__*_二",
        "\u{0}\u{FEFF}**\u{301C}**\u{301C}",
        "[a](%E6%.md) [b](%.md) [c](../../.md)",
        "<a href=\"x.md\">**一。**二</a>",
        "> **一。**\n> 二**",
        "- **一。**\n  二**三",
        "[^x]: **一。**二\n\n[^x]",
        "**一。**二\r\n三**。**四",
    ];
    for md in inputs {
        let _ = r(md);
        let _ = with(md, true);
    }
}
