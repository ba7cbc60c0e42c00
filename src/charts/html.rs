//! The HTML around a chart: `<figure>` with the caption, the image and the
//! numbers as a table (in a `<details>` 查看数据, so sighted readers can open
//! it and screen readers reach it), and the text of the SVG's `<desc>`.
//!
//! The table, the `alt` text and the `<desc>` are the exact data: every
//! number as the statistics file writes it, whatever `display: wan` makes of
//! the chart's own labels.

use std::fmt::Write;

use super::number::{fixed, share, Num};
use super::spec::ChartType;
use super::stacked;
use super::svg::{esc, n};
use super::Chart;

/// A number as written.
fn exact(n: &Num) -> String {
    fixed(n.value, n.decimals)
}

/// How many values the `alt` text lists before pointing to the table.
const ALT_VALUES: usize = 8;

/// The chart's name: its title, or its type when it has none.
pub(super) fn name(c: &Chart, kind: ChartType) -> String {
    if c.title.trim().is_empty() {
        kind.label().to_string()
    } else {
        c.title.clone()
    }
}

/// `分类：值单位` for every value, for `<desc>` and `alt`.
fn items(c: &Chart, limit: usize) -> (Vec<String>, bool) {
    let mut out = Vec::new();
    if !c.metrics.is_empty() {
        for m in c.metrics.iter().take(limit) {
            let mut s = format!("{}{}{}", m.label, exact(&m.value), m.unit);
            if let Some(ch) = m
                .previous
                .and_then(|p| super::number::change(m.value.value, p.value))
            {
                let _ = write!(s, "，同比{ch}");
            }
            out.push(s);
        }
        return (out, c.metrics.len() > limit);
    }
    let total = c.datasets.len() * c.categories.len();
    for (i, cat) in c.categories.iter().enumerate() {
        if c.datasets.len() == 1 {
            if let Some(v) = c.datasets[0].values.get(i) {
                out.push(format!("{cat}{}{}", exact(v), c.unit));
            }
        } else {
            let parts: Vec<String> = c
                .datasets
                .iter()
                .filter_map(|d| {
                    d.values
                        .get(i)
                        .map(|v| format!("{}{}{}", d.label, exact(v), c.unit))
                })
                .collect();
            out.push(format!("{cat}：{}", parts.join("，")));
        }
        if out.len() >= limit {
            break;
        }
    }
    let more = total > limit && out.len() < c.categories.len();
    (out, more)
}

/// The long description in the SVG's `<desc>`: type, unit, every value.
pub(super) fn describe(c: &Chart, kind: ChartType) -> String {
    let (items, _) = items(c, usize::MAX);
    let mut s = kind.label().to_string();
    if !c.unit.is_empty() {
        let _ = write!(s, "，单位：{}", c.unit);
    }
    let _ = write!(s, "。{}。", items.join("；"));
    s
}

/// The `alt` text: type, name and the first values.
fn alt(c: &Chart, kind: ChartType) -> String {
    let (items, more) = items(c, ALT_VALUES);
    let mut s = format!("{}：{}。{}", kind.label(), name(c, kind), items.join("；"));
    if more {
        s.push_str("等，全部数据见“查看数据”表格");
    }
    s.push('。');
    s
}

/// The `<figure>` of a drawn chart whose SVG is the file `file`.
pub(super) fn figure(c: &Chart, kind: ChartType, file: &str, width: f64, height: f64) -> String {
    let mut h = String::with_capacity(2048);
    let _ = write!(
        h,
        "<figure class=\"chart chart-{}\">\n<figcaption>{}",
        kind.name(),
        esc(&name(c, kind))
    );
    if let Some(src) = c.source.as_deref().filter(|s| !s.trim().is_empty()) {
        let _ = write!(
            h,
            "<span class=\"chart-source\">数据来源：{}</span>",
            esc(src)
        );
    }
    let _ = write!(
        h,
        "</figcaption>\n<img src=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\">\n",
        esc(file),
        n(width),
        n(height),
        esc(&alt(c, kind))
    );
    h.push_str("<details class=\"chart-data\"><summary>查看数据</summary>\n");
    table(&mut h, c, kind);
    h.push_str("</details>\n</figure>\n");
    h
}

fn table(h: &mut String, c: &Chart, kind: ChartType) {
    let title = name(c, kind);
    if !c.unit.is_empty() {
        let _ = write!(
            h,
            "<table>\n<caption>{}（单位：{}）</caption>\n",
            esc(&title),
            esc(&c.unit)
        );
    } else {
        let _ = write!(h, "<table>\n<caption>{}</caption>\n", esc(&title));
    }
    if kind == ChartType::Kpi {
        h.push_str("<thead><tr><th scope=\"col\">指标</th><th scope=\"col\">数值</th><th scope=\"col\">单位</th><th scope=\"col\">上年同期</th><th scope=\"col\">同比</th></tr></thead>\n<tbody>\n");
        for m in &c.metrics {
            let prev = m.previous.as_ref().map(exact).unwrap_or_default();
            let change = m
                .previous
                .and_then(|p| super::number::change(m.value.value, p.value))
                .unwrap_or_default();
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&m.label),
                esc(&exact(&m.value)),
                esc(&m.unit),
                esc(&prev),
                esc(&change)
            );
        }
        h.push_str("</tbody>\n</table>\n");
        return;
    }
    let pie = matches!(kind, ChartType::Pie | ChartType::Donut);
    let stacked = kind == ChartType::Stacked && c.datasets.len() > 1;
    h.push_str("<thead><tr><th scope=\"col\">项目</th>");
    for d in &c.datasets {
        let label = if c.single || d.label.is_empty() {
            "数值"
        } else {
            &d.label
        };
        let _ = write!(h, "<th scope=\"col\">{}</th>", esc(label));
    }
    if pie {
        h.push_str("<th scope=\"col\">占比</th>");
    }
    if stacked {
        h.push_str("<th scope=\"col\">合计</th>");
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    let total: f64 = c
        .datasets
        .first()
        .map_or(0.0, |d| d.values.iter().map(|v| v.value).sum());
    for (i, cat) in c.categories.iter().enumerate() {
        let _ = write!(h, "<tr><th scope=\"row\">{}</th>", esc(cat));
        for d in &c.datasets {
            let v = d.values.get(i).map(exact).unwrap_or_default();
            let _ = write!(h, "<td>{}</td>", esc(&v));
        }
        if pie {
            let v = c
                .datasets
                .first()
                .and_then(|d| d.values.get(i))
                .map_or(0.0, |v| v.value);
            let _ = write!(h, "<td>{}</td>", share(v, total));
        }
        if stacked {
            let _ = write!(h, "<td>{}</td>", esc(&exact(&stacked::total(c, i))));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n");
    if pie {
        let dec = c.datasets.first().map_or(0, |d| {
            d.values.iter().map(|v| v.decimals).max().unwrap_or(0)
        });
        let sum = exact(&Num::new(total, dec));
        let _ = writeln!(
            h,
            "<tfoot><tr><th scope=\"row\">合计</th><td>{}</td><td>100%</td></tr></tfoot>",
            esc(&sum)
        );
    }
    h.push_str("</table>\n");
}
