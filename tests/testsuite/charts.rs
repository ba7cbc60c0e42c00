//! Statistics files and SVG charts: every chart the demo site produces is a
//! clean standalone SVG whose texts stay inside the canvas without touching
//! each other, shown in a figure with its image beside the page, a caption
//! and the same numbers as a table; and every kind of bad statistics or
//! chart block fails the build with the file, the line and what to do.

use std::collections::BTreeSet;
use std::path::Path;

use scraper::Html;
use unicode_width::UnicodeWidthChar;

use crate::common::*;

const TYPES: [&str; 7] = ["bar", "hbar", "stacked", "line", "pie", "donut", "kpi"];

/// The width model of src/charts/text.rs: wide (and East Asian ambiguous)
/// characters 1em, others 0.55em.
fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| match c.width_cjk() {
            Some(2) => 1.0,
            Some(0) | None => 0.0,
            _ => 0.55,
        })
        .sum::<f64>()
        * size
}

/// The visible text of an element (`<title>` children left out).
fn visible(node: roxmltree::Node) -> String {
    node.children()
        .filter(|c| !c.has_tag_name("title"))
        .map(|c| {
            if c.is_text() {
                c.text().unwrap_or("").to_string()
            } else {
                visible(c)
            }
        })
        .collect()
}

#[derive(Debug, Clone, Copy)]
struct Box2 {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Box2 {
    fn overlaps(&self, o: &Box2) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// Problems of one SVG (empty when it is clean).
fn svg_problems(svg: &str) -> Vec<String> {
    let doc = match roxmltree::Document::parse(svg) {
        Ok(d) => d,
        Err(e) => return vec![format!("not well-formed: {e}")],
    };
    let root = doc.root_element();
    let mut p = Vec::new();
    if root.tag_name().namespace() != Some("http://www.w3.org/2000/svg") {
        p.push("no SVG namespace".to_string());
    }
    let first = root.children().find(roxmltree::Node::is_element);
    if first.map(|f| f.tag_name().name()) != Some("title") {
        p.push("<title> is not the first child".to_string());
    }
    if first
        .and_then(|f| f.text())
        .is_none_or(|t| t.trim().is_empty())
    {
        p.push("empty <title>".to_string());
    }
    if !root.descendants().any(|n| n.has_tag_name("desc")) {
        p.push("no <desc>".to_string());
    }
    let vb: Vec<f64> = root
        .attribute("viewBox")
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    let [_, _, w, h] = vb[..] else {
        p.push("no viewBox".to_string());
        return p;
    };
    let mut boxes: Vec<(Box2, String)> = Vec::new();
    for node in root.descendants().filter(roxmltree::Node::is_element) {
        let tag = node.tag_name().name();
        if ["script", "style", "image", "use", "foreignObject"].contains(&tag) {
            p.push(format!("<{tag}>"));
        }
        for a in node.attributes() {
            if a.name().starts_with("on") || a.name() == "href" || a.value().contains("url(") {
                p.push(format!("external reference or script: {}", a.name()));
            }
        }
        if tag != "text" {
            continue;
        }
        let num = |k: &str| node.attribute(k).and_then(|v| v.parse::<f64>().ok());
        let (Some(x), Some(y), Some(size)) = (num("x"), num("y"), num("font-size")) else {
            p.push("a <text> without x, y and font-size".to_string());
            continue;
        };
        let content = visible(node);
        let tw = text_width(&content, size);
        let left = match node.attribute("text-anchor") {
            Some("middle") => x - tw / 2.0,
            Some("end") => x - tw,
            _ => x,
        };
        let b = Box2 {
            x0: left,
            y0: y - 0.9 * size,
            x1: left + tw,
            y1: y + 0.2 * size,
        };
        if b.x0 < -0.5 || b.y0 < -0.5 || b.x1 > w + 0.5 || b.y1 > h + 0.5 {
            p.push(format!("{content:?} leaves the canvas {w}×{h}: {b:?}"));
        }
        let inner = Box2 {
            x0: b.x0 + 0.3,
            y0: b.y0 + 0.3,
            x1: b.x1 - 0.3,
            y1: b.y1 - 0.3,
        };
        for (o, t) in &boxes {
            if o.overlaps(&inner) {
                p.push(format!("{content:?} overlaps {t:?}"));
            }
        }
        boxes.push((b, content));
    }
    p
}

/// The numbers written in a text: `2.37万（80.3%）` → [`2.37万`, `80.3%`].
fn numbers(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() || c == '.' || c == '-' || (!cur.is_empty() && "万亿%".contains(c))
        {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.retain(|n| n.chars().any(|c| c.is_ascii_digit()));
    out
}

/// The demo site, built once for all the tests that only read it.
fn demo() -> &'static Site {
    static DEMO: std::sync::OnceLock<Site> = std::sync::OnceLock::new();
    DEMO.get_or_init(|| {
        let site = Site::copy_of(&repo());
        site.build_ok(&[]);
        site
    })
}

fn html_pages(out: &Path) -> Vec<String> {
    files(out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect()
}

#[test]
fn demo_site_svgs_are_clean() {
    let site = demo();
    let svgs: Vec<String> = files(&site.out())
        .into_iter()
        .filter(|f| f.ends_with(".svg") && f.contains("chart-"))
        .collect();
    assert!(svgs.len() >= 7, "only {} chart SVGs: {svgs:?}", svgs.len());
    let mut bad = Vec::new();
    for f in &svgs {
        let p = svg_problems(&site.file(f));
        if !p.is_empty() {
            bad.push(format!("{f}:\n  {}", p.join("\n  ")));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn demo_site_shows_every_chart_type() {
    let site = demo();
    let mut seen = BTreeSet::new();
    for page in html_pages(&site.out()) {
        let doc = site.html(&page);
        for fig in doc.select(&sel("figure.chart")) {
            let class = fig.value().attr("class").unwrap_or("");
            for t in TYPES {
                if class.split_whitespace().any(|c| c == format!("chart-{t}")) {
                    seen.insert(t);
                }
            }
        }
    }
    for t in TYPES {
        assert!(
            seen.contains(t),
            "no {t} chart on the demo site (seen: {seen:?})"
        );
    }
}

#[test]
fn figures_have_image_caption_and_the_same_numbers_as_a_table() {
    let site = demo();
    let out = site.out();
    let mut count = 0;
    for page in html_pages(&out) {
        let doc = site.html(&page);
        let dir = Path::new(&page)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        for fig in doc.select(&sel("figure.chart")) {
            count += 1;
            let frag = Html::parse_fragment(&fig.html());
            let src = attrs(&frag, "img", "src");
            assert_eq!(src.len(), 1, "{page}: a chart figure needs one <img>");
            assert!(
                !src[0].starts_with('/') && !src[0].contains("://"),
                "{page}: {}",
                src[0]
            );
            let svg_path = out.join(&dir).join(&src[0]);
            assert!(
                svg_path.is_file(),
                "{page}: {} is not beside the page",
                src[0]
            );
            let alt = attrs(&frag, "img", "alt");
            assert!(
                alt.first().is_some_and(|a| !a.trim().is_empty()),
                "{page}: no alt"
            );
            let caption = texts(&frag, "figcaption");
            assert!(
                caption.first().is_some_and(|c| !c.is_empty()),
                "{page}: no figcaption"
            );
            assert_eq!(texts(&frag, "table").len(), 1, "{page}: no table");
            assert!(!fig.html().contains("<script") && !fig.html().contains(" style="));
            // Every number labelled in the chart is in the table, which
            // holds them as written: 4.86万 in the chart is 48600 there.
            let cells: BTreeSet<String> = texts(&frag, "td, th")
                .into_iter()
                .flat_map(|t| numbers(&t))
                .collect();
            let values = texts(&frag, "td");
            assert!(
                !values
                    .iter()
                    .any(|c| c.ends_with('万') || c.ends_with('亿')),
                "{page}: the table shows {values:?}, not the numbers as written"
            );
            let in_table = |n: &str| {
                let scaled = [("亿", 1e8), ("万", 1e4)]
                    .iter()
                    .find_map(|(u, t)| Some(n.strip_suffix(u)?.parse::<f64>().ok()? * t));
                match scaled {
                    None => cells.contains(n),
                    Some(v) => cells
                        .iter()
                        .filter_map(|c| c.parse::<f64>().ok())
                        .any(|c| (c - v).abs() <= c.abs() * 0.006),
                }
            };
            let svg = std::fs::read_to_string(&svg_path).unwrap();
            let xml = roxmltree::Document::parse(&svg).unwrap();
            for t in xml
                .descendants()
                .filter(|n| n.attribute("class") == Some("v"))
            {
                for n in numbers(&visible(t)) {
                    assert!(
                        in_table(&n),
                        "{page}: {n} is in {} but not in its table {cells:?}",
                        src[0]
                    );
                }
            }
        }
    }
    assert!(count >= 10, "only {count} chart figures on the demo site");
}

#[test]
fn campaign_page_has_a_dashboard() {
    let site = demo();
    let page = html_pages(&site.out())
        .into_iter()
        .find(|p| p.starts_with("campaigns/chunlei-2021/") && p.matches('/').count() == 2)
        .expect("the campaign page");
    let doc = site.html(&page);
    let kinds: Vec<String> = attrs(&doc, "figure.chart", "class");
    assert!(
        kinds.iter().any(|k| k.contains("chart-kpi")),
        "{page}: {kinds:?}"
    );
    assert!(kinds.len() >= 2, "{page}: {kinds:?}");
}

#[test]
fn charts_are_byte_identical_across_builds() {
    let a = Site::copy_of(&repo());
    a.build_ok(&[]);
    let svgs: Vec<String> = files(&a.out())
        .into_iter()
        .filter(|f| f.ends_with(".svg"))
        .collect();
    let before: Vec<String> = svgs.iter().map(|f| a.file(f)).collect();
    a.build_ok(&[]);
    let after: Vec<String> = svgs.iter().map(|f| a.file(f)).collect();
    assert!(before == after, "chart SVGs differ between two builds");
}

// ---------------------------------------------------------------------
// Bad input on the basic fixture.

const STATS: &str = "content/campaigns/chunlei-2021/stats.yaml";
const PAGE: &str = "content/campaigns/chunlei-2021/2021-02-01-charts.md";

/// The basic fixture with a page of charts; its news item's block (relative
/// to news/, where there is no stats.yaml) pointed at the campaign's file.
fn fixture() -> Site {
    let s = Site::fixture("basic");
    let news = "content/news/2021-04-02-chunlei-press.md";
    let text = s.read_source(news);
    if text.contains("```chart\ndata: stats.yaml") {
        s.write(
            news,
            text.replace(
                "```chart\ndata: stats.yaml",
                "```chart\ndata: /campaigns/chunlei-2021/stats.yaml",
            ),
        );
    }
    s.write(
        PAGE,
        "---\ntitle: 春雷行动图表\ndate: 2021-02-01\n---\n\n正文。\n\n```chart\ndata: stats.yaml\nseries: cases\ntype: bar\n```\n",
    );
    s
}

/// Builds the fixture after `change`; expects exit 1 and no panic.
fn fails(change: impl FnOnce(&Site)) -> String {
    let s = fixture();
    change(&s);
    let out = s.build(&[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "expected exit 1:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// Asserts `err` has a message at `path:line` containing every part.
fn reported(err: &str, path: &str, line: usize, parts: &[&str]) {
    let at = format!("{path}:{line}:");
    let msg = err
        .lines()
        .find(|l| l.starts_with(&at) && l.contains("error"))
        .unwrap_or_else(|| panic!("no error at {at}:\n{err}"));
    for part in parts {
        assert!(msg.contains(part), "{msg:?} lacks {part:?}");
    }
}

#[test]
fn fixture_with_charts_builds() {
    let s = fixture();
    s.build_ok(&[]);
    let svgs: Vec<String> = files(&s.out())
        .into_iter()
        .filter(|f| f.ends_with(".svg") && f.contains("chart-"))
        .collect();
    assert!(!svgs.is_empty());
    for f in &svgs {
        let p = svg_problems(&s.file(f));
        assert!(p.is_empty(), "{f}: {p:?}");
    }
}

#[test]
fn stats_yaml_syntax_error() {
    let err = fails(|s| s.edit(STATS, "values: [20, 1]", "values: [20, 1"));
    assert!(
        err.contains(&format!("{STATS}:")) && err.contains("YAML"),
        "{err}"
    );
}

#[test]
fn stats_values_length_differs_from_categories() {
    let err = fails(|s| s.edit(STATS, "values: [20, 1]", "values: [20]"));
    reported(
        &err,
        STATS,
        9,
        &["cases", "1 numbers", "`categories` has 2"],
    );
}

#[test]
fn stats_value_not_a_number() {
    let err = fails(|s| s.edit(STATS, "values: [20, 1]", "values: [20, 一]"));
    reported(&err, STATS, 9, &["cases", "`一` is not a number"]);
}

#[test]
fn stats_duplicate_id() {
    let err = fails(|s| s.edit(STATS, "  - id: cases", "  - id: officers"));
    reported(&err, STATS, 5, &["officers", "duplicate id", "line 3"]);
}

#[test]
fn stats_missing_required_key() {
    let err = fails(|s| s.edit(STATS, "    title: 大案要案构成\n", ""));
    reported(&err, STATS, 5, &["cases", "missing `title`"]);
}

#[test]
fn stats_unknown_key() {
    let err = fails(|s| s.edit(STATS, "    unit: 件", "    units: 件"));
    reported(&err, STATS, 7, &["cases", "unknown key `units`", "`unit`"]);
}

#[test]
fn stats_errors_of_several_files_at_once() {
    let err = fails(|s| {
        s.edit(STATS, "values: [20, 1]", "values: [20]");
        s.write(
            "content/reports/bad.yaml",
            "series:\n  - id: x\n    title: t\n    categories: [a]\n    value: [1]\n",
        );
    });
    reported(&err, STATS, 9, &["cases"]);
    reported(
        &err,
        "content/reports/bad.yaml",
        5,
        &["unknown key `value`"],
    );
}

/// Line of the chart fence in PAGE.
const FENCE: usize = 8;

#[test]
fn block_unknown_series() {
    let err = fails(|s| s.edit(PAGE, "series: cases", "series: case"));
    reported(&err, PAGE, FENCE, &["no series `case`", "`cases`"]);
}

#[test]
fn block_unknown_metric() {
    let err = fails(|s| {
        s.edit(
            PAGE,
            "series: cases\ntype: bar",
            "type: kpi\nmetrics: [officer]",
        );
    });
    reported(&err, PAGE, FENCE, &["no metric `officer`", "`officers`"]);
}

#[test]
fn block_unknown_type() {
    let err = fails(|s| s.edit(PAGE, "type: bar", "type: radar"));
    reported(&err, PAGE, FENCE, &["unknown chart type `radar`", "`hbar`"]);
}

#[test]
fn block_missing_data_file() {
    let err = fails(|s| s.edit(PAGE, "data: stats.yaml", "data: stat.yaml"));
    reported(
        &err,
        PAGE,
        FENCE,
        &["content/campaigns/chunlei-2021/stat.yaml"],
    );
}

#[test]
fn block_inline_length_mismatch() {
    let err = fails(|s| {
        s.edit(
            PAGE,
            "data: stats.yaml\nseries: cases",
            "categories: [一月, 二月]\nvalues: [1, 2, 3]",
        );
    });
    reported(&err, PAGE, FENCE, &["3 numbers", "`categories` has 2"]);
}

#[test]
fn block_pie_with_negative_values() {
    let err = fails(|s| {
        s.edit(
            PAGE,
            "data: stats.yaml\nseries: cases\ntype: bar",
            "type: pie\ncategories: [甲, 乙]\nvalues: [3, -1]",
        );
    });
    reported(&err, PAGE, FENCE, &["negative"]);
}

#[test]
fn failed_build_keeps_the_previous_charts() {
    let s = fixture();
    s.build_ok(&[]);
    let before: Vec<String> = files(&s.out());
    let svg = before
        .iter()
        .find(|f| f.ends_with(".svg") && f.contains("chart-"))
        .cloned()
        .unwrap();
    let text = s.file(&svg);
    s.edit(STATS, "values: [20, 1]", "values: [20]");
    let out = s.build(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(files(&s.out()), before);
    assert_eq!(s.file(&svg), text);
}
