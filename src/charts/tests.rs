//! Tests of the charts as a whole: every type drawn from the demo site's
//! figures is well-formed, keeps its text inside the canvas without
//! overlaps (by the width model of [`super::text`]), rasterises with resvg,
//! and matches its reviewed snapshot; blocks, dashboards and the cache.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::svg::{Anchor, Rect};
use super::*;

/// The demo site's statistics (content/campaigns/chunlei-2021/stats.yaml).
const CHUNLEI: &str = "\
title: 春雷行动2021执法成果
source: 示例区市场监督管理局
period: {start: 2021-01-01, end: 2021-04-02}
metrics:
  - {id: officers, label: 出动执法人员, value: 1114, unit: 人次, previous: 986}
  - {id: vehicles, label: 出动执法车辆, value: 307, unit: 台次, previous: 264}
  - {id: entities, label: 检查各类市场主体, value: 1533, unit: 户次, previous: 1237}
  - {id: cases, label: 立案查处违法案件, value: 141, unit: 件, previous: 118}
  - {id: major-cases, label: 查办大案要案, value: 21, unit: 件, previous: 15}
  - {id: hazard-items, label: 排查整改风险隐患问题, value: 49, unit: 个}
  - {id: interviews, label: 集体约谈食品经营单位, value: 16, unit: 家}
series:
  - id: big-cases
    title: 大案要案构成
    unit: 件
    categories: [1-5万元案件, 10万元以上案件]
    values: [20, 1]
  - id: case-types
    title: 立案查处违法案件构成
    unit: 件
    categories: [一般案件, 大案要案]
    values: [120, 21]
  - id: inspections
    title: 检查市场主体户次
    unit: 户次
    categories: [1月, 2月, 3月]
    datasets:
      - {label: 2020年, values: [380, 402, 455]}
      - {label: 2021年, values: [412, 520, 601]}
  - id: sub-actions
    title: 七个子行动立案情况
    unit: 件
    categories: [冷链物流疫情防控, 长江禁捕打非断链, 农村假冒伪劣食品, 药品医疗器械, 特种设备安全, 价格收费, 知识产权保护]
    datasets:
      - {label: 一般案件, values: [28, 15, 26, 14, 9, 12, 16]}
      - {label: 大案要案, values: [5, 3, 6, 2, 1, 1, 3]}
  - id: hazards
    title: 冷链食品风险隐患排查问题
    unit: 个
    categories: [冷藏冷冻肉品, 餐饮服务环节, 食品销售环节]
    values: [21, 16, 12]
  - id: publicity
    title: 宣传信息发布情况
    unit: 条（次）
    categories: [LED显示屏及横幅标语, 微信公众号推送, 媒体编发信息, 公共交通车身标语]
    values: [70, 22, 120, 110]
";

/// content/reports/2020-stats.yaml (display: wan).
const REPORT: &str = "\
title: 2020年市场监管主要数据
source: 示例区市场监督管理局
display: wan
metrics:
  - {id: new-entities, label: 新增各类市场主体, value: 29512, unit: 户, previous: 26650}
  - {id: new-capital, label: 新增注册资本, value: 30509000000, unit: 元}
  - {id: food-samples, label: 完成食品抽验, value: 18013, unit: 批次}
  - {id: pass-rate, label: 食品抽检合格率, value: 98.47, unit: \"%\"}
series:
  - id: rates
    title: 主要工作指标完成率
    unit: \"%\"
    categories: [食品抽检合格率, 投诉调解成功率, 12315举报按时核查率, 企业年报公示率, 电梯责任险投保率]
    values: [98.47, 96.9, 97.56, 96.44, 97.2]
  - id: new-entities-mix
    title: 新增市场主体构成
    unit: 户
    categories: [企业, 个体工商户及其他]
    values: [5809, 23703]
  - id: financing
    title: 助企融资登记金额
    unit: 元
    categories: [动产抵押登记, 股权出质登记]
    values: [1320000000, 11250000000]
  - id: checks-around-wan
    title: 各季度检查市场主体户次
    unit: 户次
    categories: [一季度, 二季度, 三季度, 四季度]
    datasets:
      - {label: 2019年, values: [9800, 10400, 8750, 12010]}
      - {label: 2020年, values: [9950, 11200, 9630, 13400]}
";

/// content/campaigns/rural-food-2026/stats.yaml (part).
const RURAL: &str = "\
title: 2026年农村假冒伪劣食品专项整治进展
metrics:
  - {id: removed, label: 下架问题食品, value: 1862.5, unit: 千克}
series:
  - id: monthly-checks
    title: 各月检查农村食品经营主体户次
    unit: 户次
    categories: [3月, 4月, 5月, 6月, 7月, 8月, 9月, 10月]
    values: [412, 538, 566, 497, 455, 503, 571, 585]
  - id: monthly-cases
    title: 各月立案数与上年同期对比
    unit: 件
    categories: [3月, 4月, 5月, 6月, 7月, 8月, 9月, 10月]
    datasets:
      - {label: 2025年, values: [4, 6, 7, 6, 5, 6, 7, 7]}
      - {label: 2026年, values: [5, 8, 9, 7, 6, 8, 10, 10]}
  - id: case-types
    title: 立案案件问题类型
    unit: 件
    chart: pie
    categories: [“三无”食品, 仿冒知名品牌, 超过保质期, 标签标识不规范, 其他]
    values: [19, 14, 12, 13, 5]
";

/// The charts of the three files, loaded once from a temporary content folder.
fn charts() -> &'static Charts {
    static CHARTS: OnceLock<Charts> = OnceLock::new();
    CHARTS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            ("campaigns/chunlei-2021/stats.yaml", CHUNLEI),
            ("reports/2020-stats.yaml", REPORT),
            ("campaigns/rural-food-2026/stats.yaml", RURAL),
        ];
        for (rel, text) in files {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let names: Vec<String> = files.iter().map(|(r, _)| r.to_string()).collect();
        Charts::load(dir.path(), &names).unwrap()
    })
}

/// One chart of each kind and then some: (name, page, block).
const SAMPLES: &[(&str, &str, &str)] = &[
    ("bar", "campaigns/chunlei-2021/a.md", "data: stats.yaml\nseries: inspections\ntype: bar\ntitle: 2020—2021年同期检查市场主体户次对比"),
    ("bar_single", "reports/2020-summary.md", "data: 2020-stats.yaml\nseries: rates\ntype: bar"),
    ("bar_inline", "reports/2024/index.md", "type: bar\ntitle: 2023年各领域查办违法案件（件）\ncategories: [食品, 药品医疗器械化妆品, 工业产品质量, 知识产权, 特种设备]\nvalues: [160, 108, 25, 21, 19]"),
    ("bar_to_hbar", "reports/x.md", "type: bar\ntitle: 各领域案件\nunit: 件\ncategories: [食品生产经营违法案件查处, 药品医疗器械化妆品违法案件, 工业产品质量安全监管执法, 知识产权保护与商标侵权, 特种设备安全监察执法检查, 价格收费与反不正当竞争]\nvalues: [160, 108, 25, 21, 19, 33]"),
    ("bar_wrapped", "campaigns/chunlei-2021/a.md", "data: stats.yaml\nseries: publicity\ntype: bar"),
    ("hbar", "media/x.md", "data: ../campaigns/chunlei-2021/stats.yaml\nseries: publicity\ntype: hbar"),
    ("hbar_wan", "reports/2020-summary.md", "data: /reports/2020-stats.yaml\nseries: financing\ntype: hbar"),
    ("bar_around_wan", "reports/2020-summary.md", "data: 2020-stats.yaml\nseries: checks-around-wan\ntype: bar"),
    ("stacked_around_wan", "reports/2020-summary.md", "data: 2020-stats.yaml\nseries: checks-around-wan\ntype: stacked"),
    ("line_around_wan", "reports/2020-summary.md", "data: 2020-stats.yaml\nseries: checks-around-wan\ntype: line"),
    ("hbar_grouped", "campaigns/chunlei-2021/a.md", "data: stats.yaml\nseries: sub-actions\ntype: hbar"),
    ("stacked", "campaigns/chunlei-2021/a.md", "data: stats.yaml\nseries: sub-actions\ntype: stacked"),
    ("stacked_vertical", "campaigns/chunlei-2021/a.md", "data: stats.yaml\nseries: inspections\ntype: stacked"),
    ("line", "campaigns/chunlei-2021/a.md", "data: stats.yaml\nseries: inspections\ntype: line"),
    ("line_months", "campaigns/rural-food-2026/b.md", "data: stats.yaml\nseries: monthly-cases\ntype: line"),
    ("line_single", "campaigns/rural-food-2026/b.md", "data: stats.yaml\nseries: monthly-checks\ntype: line"),
    ("line_inline", "reports/plan.md", "type: line\ntitle: 2021—2025年全区实有经营主体（万户）\ncategories: [2021年, 2022年, 2023年, 2024年, 2025年]\nvalues: [5.62, 5.98, 6.31, 6.57, 6.86]"),
    ("pie", "campaigns/chunlei-2021/a.md", "data: stats.yaml\nseries: big-cases\ntype: pie\ntitle: 大案要案按金额分布"),
    ("pie_five", "campaigns/rural-food-2026/b.md", "data: stats.yaml\nseries: case-types\ntype: pie"),
    ("donut", "campaigns/chunlei-2021/a.md", "data: stats.yaml\nseries: case-types\ntype: donut"),
    ("donut_wan", "reports/2020-summary.md", "data: 2020-stats.yaml\nseries: new-entities-mix\ntype: donut"),
    ("kpi", "news/2021-04-02-chunlei-press.md", "data: /campaigns/chunlei-2021/stats.yaml\ntype: kpi\nmetrics: [officers, cases, major-cases, interviews]\ntitle: 百日攻坚主要数据"),
    ("kpi_wan", "reports/2020-summary.md", "data: 2020-stats.yaml\ntype: kpi\nmetrics: [new-entities, new-capital, food-samples, pass-rate]"),
    ("kpi_all", "campaigns/chunlei-2021/a.md", "data: stats.yaml\ntype: kpi"),
];

fn sample(name: &str) -> Figure {
    let (_, page, block) = SAMPLES.iter().find(|s| s.0 == name).unwrap();
    charts()
        .block(page, block, 1)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The visible text of a `<text>` (its `<title>` child left out).
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

/// Everything the issue asks of an SVG: well-formed, standalone, titled,
/// no script or external reference, numbers without float noise, every
/// text inside the viewBox and no two texts overlapping.
pub(crate) fn check_svg(svg: &str) -> Result<(), String> {
    let doc = roxmltree::Document::parse(svg).map_err(|e| format!("not XML: {e}"))?;
    let root = doc.root_element();
    let mut problems = Vec::new();
    if root.tag_name().name() != "svg"
        || root.tag_name().namespace() != Some("http://www.w3.org/2000/svg")
    {
        problems.push("root is not an svg element in the SVG namespace".to_string());
    }
    if root.attribute("role") != Some("img") {
        problems.push("no role=img".to_string());
    }
    if !root
        .attribute("font-family")
        .unwrap_or("")
        .contains("Noto Sans CJK SC")
    {
        problems.push("no CJK font stack".to_string());
    }
    let vb: Vec<f64> = root
        .attribute("viewBox")
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    let [_, _, w, h] = vb[..] else {
        return Err("no viewBox".to_string());
    };
    let kids: Vec<_> = root
        .children()
        .filter(roxmltree::Node::is_element)
        .collect();
    if kids.first().map(|k| k.tag_name().name()) != Some("title") {
        problems.push("the first child is not <title>".to_string());
    }
    if kids.get(1).map(|k| k.tag_name().name()) != Some("desc") {
        problems.push("the second child is not <desc>".to_string());
    }
    let mut boxes: Vec<(Rect, String)> = Vec::new();
    for node in root.descendants().filter(roxmltree::Node::is_element) {
        let tag = node.tag_name().name();
        if ["script", "style", "image", "use", "foreignObject", "a"].contains(&tag) {
            problems.push(format!("<{tag}> element"));
        }
        for a in node.attributes() {
            if a.name().starts_with("on") || a.name() == "href" || a.value().contains("url(") {
                problems.push(format!("attribute {}={}", a.name(), a.value()));
            }
            if a.name() != "font-family" && a.name() != "aria-labelledby" && a.name() != "class" {
                // Numbers: at most one decimal, no exponent.
                let v = a.value();
                let noisy = v
                    .split(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .any(|t| t.split_once('.').is_some_and(|(_, d)| d.len() > 1));
                if noisy || v.contains("e-") || v.contains("NaN") || v.contains("inf") {
                    problems.push(format!("attribute {}=\"{v}\" has float noise", a.name()));
                }
            }
        }
        if tag == "text" {
            let num = |k: &str| node.attribute(k).and_then(|v| v.parse::<f64>().ok());
            let (Some(x), Some(y), Some(size)) = (num("x"), num("y"), num("font-size")) else {
                problems.push("a <text> without x, y or font-size".to_string());
                continue;
            };
            let anchor = match node.attribute("text-anchor") {
                Some("middle") => Anchor::Middle,
                Some("end") => Anchor::End,
                _ => Anchor::Start,
            };
            let content = visible(node);
            let tw = text::width(&content, size);
            let left = anchor.left(x, tw);
            let r = Rect {
                x0: left,
                y0: y - text::ASCENT * size,
                x1: left + tw,
                y1: y + text::DESCENT * size,
            };
            if r.x0 < -0.5 || r.y0 < -0.5 || r.x1 > w + 0.5 || r.y1 > h + 0.5 {
                problems.push(format!("text {content:?} {r:?} leaves the {w}×{h} canvas"));
            }
            let inner = Rect {
                x0: r.x0 + 0.3,
                y0: r.y0 + 0.3,
                x1: r.x1 - 0.3,
                y1: r.y1 - 0.3,
            };
            for (o, t) in &boxes {
                if o.overlaps(&inner) {
                    problems.push(format!("text {content:?} overlaps {t:?}"));
                }
            }
            boxes.push((r, content));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
fn every_sample_is_a_clean_svg() {
    for (name, _, _) in SAMPLES {
        let f = sample(name);
        if let Err(e) = check_svg(&f.svg) {
            panic!("{name}:\n{e}\n{}", f.svg);
        }
    }
}

#[test]
fn every_type_is_drawn() {
    let mut kinds = std::collections::BTreeSet::new();
    for (name, _, _) in SAMPLES {
        let f = sample(name);
        let class = f.html.split('"').nth(1).unwrap().to_string();
        kinds.insert(class);
    }
    for t in ChartType::NAMES {
        assert!(
            kinds.contains(&format!("chart chart-{t}")),
            "{t} missing from {kinds:?}"
        );
    }
}

#[test]
fn bar_with_long_labels_becomes_hbar() {
    assert!(sample("bar_to_hbar")
        .html
        .starts_with("<figure class=\"chart chart-hbar\">"));
    // Labels that wrap onto two lines stay a bar chart.
    assert!(sample("bar_single")
        .html
        .starts_with("<figure class=\"chart chart-bar\">"));
    assert!(sample("bar_inline")
        .html
        .starts_with("<figure class=\"chart chart-bar\">"));
}

#[test]
fn figure_html_has_caption_image_and_table() {
    let f = sample("bar");
    let h = &f.html;
    assert!(h.contains("<figcaption>2020—2021年同期检查市场主体户次对比<span class=\"chart-source\">数据来源：示例区市场监督管理局</span></figcaption>"), "{h}");
    assert!(
        h.contains(&format!("<img src=\"{}\" width=\"{}\"", f.file, layout::W)),
        "{h}"
    );
    assert!(h.contains("<details class=\"chart-data\"><summary>查看数据</summary>"));
    assert!(
        h.contains("<th scope=\"col\">2020年</th><th scope=\"col\">2021年</th>"),
        "{h}"
    );
    assert!(
        h.contains("<tr><th scope=\"row\">3月</th><td>455</td><td>601</td></tr>"),
        "{h}"
    );
    assert!(!h.contains("style=") && !h.contains("<script"));
    assert!(f.file.starts_with("chart-") && f.file.ends_with(".svg"));
    let k = sample("kpi");
    assert!(k.html.contains("<tr><th scope=\"row\">出动执法人员</th><td>1114</td><td>人次</td><td>986</td><td>↑13.0%</td></tr>"), "{}", k.html);
    let p = sample("pie");
    assert!(p.html.contains("<td>20</td><td>95.2%</td>"), "{}", p.html);
    let s = sample("stacked");
    assert!(
        s.html.contains("<th scope=\"col\">合计</th>")
            && s.html.contains("<td>28</td><td>5</td><td>33</td>"),
        "{}",
        s.html
    );
}

#[test]
fn numbers_are_shown_the_chinese_way() {
    let k = sample("kpi_wan");
    assert!(k.svg.contains(">2.95万</text>"), "{}", k.svg);
    assert!(k.svg.contains(">305亿</text>"));
    assert!(k.svg.contains(">98.47</text>"));
    assert!(k.svg.contains("同比 ↑10.7%"));
    let h = sample("hbar_wan");
    assert!(
        h.svg.contains(">13.2亿</text>") && h.svg.contains(">112亿</text>"),
        "{}",
        h.svg
    );
    assert!(!k.svg.contains(',') || !k.svg.contains("30,509"));
}

/// A label's number and its large-number unit: `1.04万` → (10400, "万").
fn label_value(label: &str) -> Option<(f64, &str)> {
    for (unit, times) in [("万亿", 1e12), ("亿", 1e8), ("万", 1e4), ("", 1.0)] {
        if let Some(n) = label.strip_suffix(unit) {
            if let Ok(v) = n.parse::<f64>() {
                return Some((v * times, unit));
            }
        }
    }
    None
}

#[test]
fn the_table_holds_the_numbers_as_written_and_the_svg_labels_one_unit() {
    for (name, _, _) in SAMPLES {
        let f = sample(name);
        // Every number of the table, as written in the statistics.
        let cells: Vec<&str> = f
            .html
            .split("<td>")
            .skip(1)
            .filter_map(|c| c.split("</td>").next())
            .collect();
        for c in &cells {
            assert!(
                !c.ends_with('万') && !c.ends_with('亿'),
                "{name}: {c} in the table is not as written"
            );
        }
        let doc = roxmltree::Document::parse(&f.svg).unwrap();
        let mut units = std::collections::BTreeSet::new();
        let is_kpi = name.starts_with("kpi");
        for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let shown = visible(t);
            let number = shown.split('（').next().unwrap();
            let Some((value, unit)) = label_value(number) else {
                continue;
            };
            if value != 0.0 && !is_kpi {
                units.insert(unit.to_string());
            }
            if t.attribute("class") != Some("v") {
                continue;
            }
            // A value label is a number of the table, rounded.
            let near = cells.iter().filter_map(|c| c.parse::<f64>().ok()).any(|c| {
                if unit.is_empty() {
                    c == value
                } else {
                    (c - value).abs() <= c.abs() * 0.006
                }
            });
            assert!(near, "{name}: {number} is no number of the table {cells:?}");
        }
        // Each chart's labels and ticks in one unit (kpi cards are one
        // number each).
        assert!(units.len() <= 1, "{name}: labels in {units:?}");
    }
    // The case: 9800 and 10400 in one chart.
    let f = sample("bar_around_wan");
    assert!(
        f.svg.contains(">0.98万</text>") && f.svg.contains(">1.04万</text>"),
        "{}",
        f.svg
    );
    assert!(f.html.contains("<td>9800</td><td>9950</td>"), "{}", f.html);
}

#[test]
fn shortened_labels_keep_their_full_text() {
    let c = Chart {
        title: "长标签".into(),
        unit: "件".into(),
        display: Display::Plain,
        source: None,
        categories: vec![
            "这是一个非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常长的类别名称".into(),
            "短".into(),
        ],
        datasets: vec![Dataset {
            label: String::new(),
            values: vec![Num::new(3.0, 0), Num::new(5.0, 0)],
        }],
        single: true,
        metrics: Vec::new(),
    };
    let (kind, svg, _) = draw(&c, ChartType::Bar).unwrap();
    assert_eq!(kind, ChartType::Hbar);
    assert!(svg.contains("…<"), "{svg}");
    assert!(svg.contains("<title>这是一个非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常非常长的类别名称</title>"), "{svg}");
    check_svg(&svg).unwrap();
}

#[test]
fn svg_is_deterministic() {
    let a = sample("line_months");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("x")).unwrap();
    std::fs::write(dir.path().join("x/s.yaml"), RURAL).unwrap();
    let other = Charts::load(dir.path(), &["x/s.yaml".to_string()]).unwrap();
    let b = other
        .block(
            "x/p.md",
            "data: s.yaml\nseries: monthly-cases\ntype: line",
            3,
        )
        .unwrap();
    assert_eq!(a.svg, b.svg);
    assert_eq!(a.file, b.file);
    assert_eq!(a.html, b.html);
}

#[test]
fn the_same_block_is_drawn_once() {
    let c = charts();
    let block = "data: stats.yaml\nseries: hazards\ntype: hbar";
    let before = c.cache.lock().unwrap().len();
    let figs: Vec<Figure> = (0..64)
        .into_par_iter()
        .map(|_| c.block("campaigns/chunlei-2021/x.md", block, 9).unwrap())
        .collect();
    assert_eq!(c.cache.lock().unwrap().len(), before + 1);
    assert!(figs.iter().all(|f| Arc::ptr_eq(&f.svg, &figs[0].svg)));
    // The same block from another page of the folder is the same chart.
    let other = c.block("campaigns/chunlei-2021/y.md", block, 30).unwrap();
    assert_eq!(other.file, figs[0].file);
}

fn block_err(page: &str, block: &str) -> String {
    charts().block(page, block, 5).unwrap_err()
}

#[test]
fn block_unknown_series_lists_the_series() {
    let e = block_err(
        "campaigns/chunlei-2021/a.md",
        "data: stats.yaml\nseries: inspection\ntype: bar",
    );
    assert!(
        e.contains("no series `inspection`")
            && e.contains("`big-cases`, `case-types`, `inspections`"),
        "{e}"
    );
    let e = block_err(
        "campaigns/chunlei-2021/a.md",
        "data: stats.yaml\nseries: cases",
    );
    assert!(e.contains("`cases` is a metric"), "{e}");
}

#[test]
fn block_unknown_metric_lists_the_metrics() {
    let e = block_err(
        "campaigns/chunlei-2021/a.md",
        "data: stats.yaml\ntype: kpi\nmetrics: [officers, cars]",
    );
    assert!(
        e.contains("no metric `cars`") && e.contains("`officers`, `vehicles`"),
        "{e}"
    );
}

#[test]
fn block_unknown_type_lists_the_types() {
    let e = block_err(
        "campaigns/chunlei-2021/a.md",
        "data: stats.yaml\nseries: hazards\ntype: column",
    );
    assert!(
        e.contains("unknown chart type `column`") && e.contains("`stacked`"),
        "{e}"
    );
}

#[test]
fn block_missing_data_file() {
    let e = block_err("news/a.md", "data: stats.yaml\nseries: hazards");
    assert!(
        e.contains("no statistics file content/news/stats.yaml"),
        "{e}"
    );
    assert!(e.contains("campaigns/chunlei-2021/stats.yaml"), "{e}");
    let e = block_err("news/a.md", "data: ../../x.yaml\nseries: hazards");
    assert!(e.contains("outside the content folder"), "{e}");
}

#[test]
fn block_inline_errors() {
    let e = block_err("a.md", "categories: [a, b, c]\nvalues: [1, 2]");
    assert!(e.contains("2 numbers but `categories` has 3"), "{e}");
    let e = block_err("a.md", "categories: [a, b]\nvalues: [1, 二]");
    assert!(e.contains("`二` is not a number"), "{e}");
    let e = block_err("a.md", "series: x");
    assert!(e.contains("needs `data:"), "{e}");
}

#[test]
fn pie_rejects_what_is_not_a_whole() {
    let e = block_err("a.md", "type: pie\ncategories: [a, b]\nvalues: [3, -1]");
    assert!(e.contains("negative"), "{e}");
    let e = block_err("a.md", "type: donut\ncategories: [a, b]\nvalues: [0, 0]");
    assert!(e.contains("every value is 0"), "{e}");
    let e = block_err(
        "campaigns/chunlei-2021/a.md",
        "data: stats.yaml\nseries: inspections\ntype: pie",
    );
    assert!(e.contains("2 datasets"), "{e}");
}

#[test]
fn dashboard_has_kpi_cards_and_one_chart_per_series() {
    let figs = charts()
        .dashboard("campaigns/chunlei-2021", &["stats.yaml".to_string()])
        .unwrap();
    let kinds: Vec<&str> = figs
        .iter()
        .map(|f| f.html.split('"').nth(1).unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "chart chart-kpi",
            "chart chart-hbar", // big-cases: 10万元以上案件 is long
            "chart chart-bar",  // case-types: two short names
            "chart chart-line", // inspections: months, two datasets
            "chart chart-hbar", // sub-actions: seven long names
            "chart chart-hbar", // hazards: names of six characters
            "chart chart-hbar", // publicity
        ]
    );
    let figs = charts()
        .dashboard(
            "campaigns/rural-food-2026/",
            &["/campaigns/rural-food-2026/stats.yaml".to_string()],
        )
        .unwrap();
    let kinds: Vec<&str> = figs
        .iter()
        .map(|f| f.html.split('"').nth(1).unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "chart chart-kpi",
            "chart chart-line",
            "chart chart-line",
            "chart chart-pie"
        ]
    );
    let e = charts()
        .dashboard("campaigns/x", &["stats.yaml".to_string()])
        .unwrap_err();
    assert!(e.contains("campaigns/x/stats.yaml"), "{e}");
}

#[test]
fn chooses_types_for_data() {
    let s = |v: &[&str]| {
        v.iter()
            .map(std::string::ToString::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(choose(&s(&["1月", "2月", "3月"]), 2), ChartType::Line);
    assert_eq!(choose(&s(&["1月", "2月", "3月"]), 1), ChartType::Bar);
    assert_eq!(
        choose(&s(&["2019年", "2020年", "2021年", "2022年", "2023年"]), 1),
        ChartType::Line
    );
    assert_eq!(choose(&s(&["一季度", "二季度"]), 2), ChartType::Line);
    assert_eq!(choose(&s(&["企业", "个体"]), 1), ChartType::Bar);
    assert_eq!(choose(&s(&["企业", "个体"]), 3), ChartType::Bar);
    assert_eq!(choose(&s(&["冷藏冷冻肉品类", "b"]), 1), ChartType::Hbar);
    assert_eq!(
        choose(&s(&["a", "b", "c", "d", "e", "f", "g"]), 1),
        ChartType::Hbar
    );
    assert!(time_like("2021年3月") && time_like("2021-03") && time_like("10月份"));
    assert!(!time_like("食品") && !time_like("月") && !time_like("12315举报"));
}

#[test]
fn paths_resolve_like_links() {
    assert_eq!(
        resolve("news/a.md", "stats.yaml").as_deref(),
        Some("news/stats.yaml")
    );
    assert_eq!(
        resolve("news/b/index.md", "./s.yaml").as_deref(),
        Some("news/b/s.yaml")
    );
    assert_eq!(
        resolve("media/x.md", "../campaigns/c/stats.yaml").as_deref(),
        Some("campaigns/c/stats.yaml")
    );
    assert_eq!(
        resolve("news/a.md", "/reports/s.yaml").as_deref(),
        Some("reports/s.yaml")
    );
    assert_eq!(resolve("a.md", "s.yaml").as_deref(), Some("s.yaml"));
    assert_eq!(resolve("a.md", "../s.yaml"), None);
}

#[test]
fn load_reports_every_error_of_every_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        "series:\n  - id: x\n    title: t\n    categories: [a]\n    values: [1, 2]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.yml"),
        "metrics:\n  - {id: m, label: l, value: v}\n  - {id: m, label: l, value: 1}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("c.yaml"), "title: [\n").unwrap();
    std::fs::write(dir.path().join("ok.yaml"), CHUNLEI).unwrap();
    let names: Vec<String> = ["a.yaml", "b.yml", "c.yaml", "ok.yaml", "gone.yaml"]
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    let Err(errors) = Charts::load(dir.path(), &names) else {
        panic!("should fail")
    };
    let at: Vec<(String, usize)> = errors.iter().map(|e| (e.file.clone(), e.line)).collect();
    assert_eq!(
        at,
        [
            ("a.yaml".to_string(), 5),
            ("b.yml".to_string(), 2),
            ("b.yml".to_string(), 3),
            ("c.yaml".to_string(), 1),
            ("gone.yaml".to_string(), 0),
        ],
        "{errors:#?}"
    );
    assert_eq!(errors[0].to_string().split(": ").next(), Some("a.yaml:5"));
}

/// A small deterministic random source for the stress test.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn random_label(r: &mut Lcg) -> String {
    const PARTS: [&str; 10] = [
        "食品",
        "检查",
        "12315",
        "LED",
        "（街道）",
        "“三无”",
        "冷链物流",
        "a",
        " ",
        "特种设备安全监察",
    ];
    (0..r.below(6) + 1)
        .map(|_| PARTS[r.below(10) as usize])
        .collect()
}

fn random_num(r: &mut Lcg) -> Num {
    match r.below(8) {
        0 => Num::new(0.0, 0),
        1 => Num::new(-(r.below(500) as f64), 0),
        2 => Num::new(r.below(100_000) as f64 / 100.0, 2),
        3 => Num::new(r.below(1_000_000_000_000) as f64 * 100.0, 0),
        _ => Num::new(r.below(1000) as f64, 0),
    }
}

#[test]
fn random_data_never_breaks_the_layout() {
    let mut r = Lcg(7);
    for round in 0..400 {
        let n = r.below(14) as usize;
        let k = r.below(4) as usize + 1;
        let c = Chart {
            title: random_label(&mut r),
            unit: if r.below(3) == 0 {
                String::new()
            } else {
                random_label(&mut r)
            },
            display: if r.below(2) == 0 {
                Display::Wan
            } else {
                Display::Plain
            },
            source: None,
            categories: (0..n).map(|_| random_label(&mut r)).collect(),
            datasets: (0..k)
                .map(|_| Dataset {
                    label: random_label(&mut r),
                    values: (0..n).map(|_| random_num(&mut r)).collect(),
                })
                .collect(),
            single: k == 1,
            metrics: (0..r.below(9))
                .map(|i| Metric {
                    id: format!("m{i}"),
                    label: random_label(&mut r),
                    value: random_num(&mut r),
                    unit: random_label(&mut r),
                    previous: (r.below(2) == 0).then(|| random_num(&mut r)),
                })
                .collect(),
        };
        for kind in ChartType::ALL {
            match draw(&c, kind) {
                Ok((_, svg, _)) => {
                    if let Err(e) = check_svg(&svg) {
                        panic!("round {round}, {kind:?}:\n{e}\n{c:#?}\n{svg}");
                    }
                }
                Err(e) => assert!(
                    matches!(kind, ChartType::Pie | ChartType::Donut | ChartType::Kpi) || n == 0,
                    "round {round}, {kind:?}: {e}"
                ),
            }
        }
    }
}

#[test]
fn snapshots_of_each_type() {
    for name in [
        "bar",
        "hbar",
        "stacked",
        "line",
        "pie",
        "donut",
        "kpi",
        "bar_to_hbar",
        "line_inline",
    ] {
        insta::assert_snapshot!(name, sample(name).svg.to_string());
    }
}

/// The system's fonts (with Noto Sans CJK, when installed, for Chinese).
fn fontdb() -> std::sync::Arc<resvg::usvg::fontdb::Database> {
    static DB: OnceLock<std::sync::Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_system_fonts();
        std::sync::Arc::new(db)
    })
    .clone()
}

#[test]
fn every_sample_rasterises() {
    let out = std::env::temp_dir().join("charts-png");
    let _ = std::fs::create_dir_all(&out);
    let mut sizes = HashMap::new();
    for (name, _, _) in SAMPLES {
        let f = sample(name);
        let opt = resvg::usvg::Options {
            fontdb: fontdb(),
            ..Default::default()
        };
        let tree =
            resvg::usvg::Tree::from_str(&f.svg, &opt).unwrap_or_else(|e| panic!("{name}: {e}"));
        let size = tree.size().to_int_size();
        let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::default(),
            &mut pixmap.as_mut(),
        );
        // Something was drawn beyond the white background.
        assert!(
            pixmap.pixels().iter().any(|p| p.red() < 200),
            "{name} is blank"
        );
        let _ = pixmap.save_png(out.join(format!("{name}.png")));
        sizes.insert(*name, (size.width(), size.height()));
    }
    assert_eq!(f64::from(sizes["bar"].0), layout::W);
}

#[test]
fn headline_figures_are_the_first_kpi_cards() {
    let h = |dir: &str, stats: &[&str], max: usize| {
        let stats: Vec<String> = stats.iter().map(std::string::ToString::to_string).collect();
        charts()
            .headline(dir, &stats, max)
            .into_iter()
            .map(|h| format!("{}={}{}", h.label, h.value, h.unit))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        h("campaigns/chunlei-2021", &["stats.yaml"], 3),
        [
            "出动执法人员=1114人次",
            "出动执法车辆=307台次",
            "检查各类市场主体=1533户次"
        ]
    );
    // display: wan, as the cards show it; a ratio is never scaled.
    let wan = h("reports", &["2020-stats.yaml"], 4);
    assert_eq!(
        wan,
        [
            "新增各类市场主体=2.95万户",
            "新增注册资本=305亿元",
            "完成食品抽验=1.8万批次",
            "食品抽检合格率=98.47%"
        ]
    );
    let cards = charts()
        .dashboard("reports", &["2020-stats.yaml".to_string()])
        .unwrap();
    for v in ["2.95万", "305亿", "1.8万", "98.47"] {
        assert!(cards[0].svg.contains(&format!(">{v}<")), "kpi card {v}");
    }
    // Across files, in order; a missing file adds nothing (the dashboard
    // reports it); fewer metrics than asked for is fine.
    assert_eq!(
        h(
            "campaigns/rural-food-2026",
            &["nosuch.yaml", "stats.yaml", "/reports/2020-stats.yaml"],
            3
        ),
        [
            "下架问题食品=1862.5千克",
            "新增各类市场主体=2.95万户",
            "新增注册资本=305亿元"
        ]
    );
    assert!(h("campaigns/x", &[], 3).is_empty());
}
