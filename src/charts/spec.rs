//! The ```` ```chart ```` block of a Markdown page:
//!
//! ```yaml
//! data: stats.yaml        # relative to the page's folder, or /path from content/
//! series: inspections     # or, with type: kpi, metrics: [officers, cases]
//! type: bar               # bar | hbar | stacked | line | pie | donut | kpi
//! title: 2020–2021年检查户次对比   # optional (default: the series' title)
//! ```
//!
//! or with its numbers inline (no `data`): `categories`, `values` or
//! `datasets`, and optionally `unit`, `title` and `display: wan`. With
//! `data`, a block's `title`, `unit` and `display` replace the file's.
//!
//! `type` may be left out: the chart is then chosen as on campaign
//! dashboards (see [`super::stats`]). `type: kpi` without `metrics` shows
//! every metric of the file; an inline kpi block makes one card per category.

use super::number::Display;
use super::stats::{self, Dataset, Problem};
use super::yaml::{self, Fields, Node, Value};

/// The chart types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartType {
    Bar,
    Hbar,
    Stacked,
    Line,
    Pie,
    Donut,
    Kpi,
}

impl ChartType {
    pub const ALL: [ChartType; 7] = [
        ChartType::Bar,
        ChartType::Hbar,
        ChartType::Stacked,
        ChartType::Line,
        ChartType::Pie,
        ChartType::Donut,
        ChartType::Kpi,
    ];
    pub const NAMES: [&'static str; 7] = ["bar", "hbar", "stacked", "line", "pie", "donut", "kpi"];
    /// The types a series can be drawn as.
    pub const SERIES_NAMES: [&'static str; 6] = ["bar", "hbar", "stacked", "line", "pie", "donut"];

    pub fn parse(name: &str) -> Option<ChartType> {
        let i = Self::NAMES.iter().position(|n| *n == name.trim())?;
        Some(Self::ALL[i])
    }

    /// The name used in `type:` and in the figure's class.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// What a Chinese reader calls it (for `alt` and `<desc>`).
    pub fn label(self) -> &'static str {
        match self {
            ChartType::Bar => "柱状图",
            ChartType::Hbar => "条形图",
            ChartType::Stacked => "堆积柱状图",
            ChartType::Line => "折线图",
            ChartType::Pie => "饼图",
            ChartType::Donut => "环形图",
            ChartType::Kpi => "数据卡片",
        }
    }
}

/// A chart block, read but not yet resolved against the statistics files.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Spec {
    pub data: Option<String>,
    pub series: Option<String>,
    /// `None`: not given (all metrics for kpi).
    pub metrics: Option<Vec<String>>,
    pub kind: Option<ChartType>,
    pub title: Option<String>,
    pub unit: Option<String>,
    pub display: Option<Display>,
    /// Inline numbers: categories, datasets, written with `values`.
    pub inline: Option<(Vec<String>, Vec<Dataset>, bool)>,
}

const KEYS: [&str; 10] = [
    "data",
    "series",
    "metrics",
    "type",
    "title",
    "unit",
    "display",
    "categories",
    "values",
    "datasets",
];

/// Reads a block's text; `fence` is the file line of the opening fence, for
/// the line numbers in messages about YAML syntax.
pub(super) fn parse(body: &str, fence: usize) -> Result<Spec, String> {
    let root = yaml::parse(body).map_err(|e| {
        format!(
            "the chart block is not valid YAML (line {}): {}",
            fence + e.line.max(1),
            e.message
        )
    })?;
    let Some(mut f) = Fields::of(&root) else {
        return Err(format!(
            "a chart block lists `key: value` lines such as `data: stats.yaml`, `series: …`, `type: bar`; this one is {}",
            root.kind()
        ));
    };
    let mut p: Vec<Problem> = Vec::new();
    let data = text("data", &mut f, &mut p);
    let series = text("series", &mut f, &mut p);
    let title = text("title", &mut f, &mut p);
    let unit = text("unit", &mut f, &mut p);
    let kind = match f.get("type") {
        None => None,
        Some(n) => {
            let name = n.as_text().unwrap_or_default();
            match ChartType::parse(&name) {
                Some(t) => Some(t),
                None => {
                    return Err(format!(
                        "unknown chart type {} — use one of {}",
                        n.shown(),
                        yaml::list(&ChartType::NAMES)
                    ))
                }
            }
        }
    };
    let display = match f.get("display") {
        None => None,
        Some(n) => match n.as_text().as_deref() {
            Some("wan") => Some(Display::Wan),
            Some("plain") => Some(Display::Plain),
            _ => return Err(format!("`display` is {}: use `wan` or `plain`", n.shown())),
        },
    };
    let metrics = f.get("metrics").map(|n| metric_ids(n, &mut p));
    let has_inline = ["categories", "values", "datasets"]
        .iter()
        .any(|k| fields_has(&root, k));
    let inline = if has_inline {
        stats::read_table(&mut f, &root, "the chart block", &mut p)
    } else {
        None
    };
    stats::unknown(&f, "the chart block", &KEYS, &mut p);
    if let Some((_, m)) = p.into_iter().next() {
        return Err(m);
    }
    if has_inline && inline.is_none() {
        return Err("the chart block's inline data is incomplete".to_string());
    }
    Ok(Spec {
        data,
        series,
        metrics: metrics.flatten(),
        kind,
        title,
        unit,
        display,
        inline,
    })
}

/// A text value of the block, trimmed.
fn text(key: &str, f: &mut Fields, p: &mut Vec<Problem>) -> Option<String> {
    let n = f.get(key)?;
    match n.as_text() {
        Some(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => {
            p.push((n.line, format!("`{key}` must be text, not {}", n.shown())));
            None
        }
    }
}

fn fields_has(root: &Node, key: &str) -> bool {
    Fields::of(root).is_some_and(|mut f| f.get(key).is_some())
}

/// `metrics: [a, b]` or `metrics: a`.
fn metric_ids(n: &Node, p: &mut Vec<Problem>) -> Option<Vec<String>> {
    match &n.value {
        Value::Seq(items) => items
            .iter()
            .map(|i| {
                let t = i.as_text();
                if t.is_none() {
                    p.push((
                        i.line,
                        format!("`metrics` lists metric ids; {} is not one", i.shown()),
                    ));
                }
                t
            })
            .collect::<Vec<_>>()
            .into_iter()
            .collect(),
        _ => match n.as_text() {
            Some(s) => Some(vec![s]),
            None => {
                p.push((
                    n.line,
                    "`metrics` lists metric ids, e.g. `metrics: [officers, cases]`".to_string(),
                ));
                None
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_reference_block() {
        let s = parse(
            "data: stats.yaml\nseries: inspections\ntype: bar\ntitle: 对比\n",
            10,
        )
        .unwrap();
        assert_eq!(s.data.as_deref(), Some("stats.yaml"));
        assert_eq!(s.series.as_deref(), Some("inspections"));
        assert_eq!(s.kind, Some(ChartType::Bar));
        assert_eq!(s.title.as_deref(), Some("对比"));
        assert!(s.inline.is_none());
        let s = parse("data: /a.yaml\ntype: kpi\nmetrics: [officers, cases]\n", 1).unwrap();
        assert_eq!(
            s.metrics,
            Some(vec!["officers".to_string(), "cases".to_string()])
        );
        let s = parse("data: /a.yaml\ntype: kpi\nmetrics: officers\n", 1).unwrap();
        assert_eq!(s.metrics, Some(vec!["officers".to_string()]));
    }

    #[test]
    fn reads_inline_data() {
        let s = parse(
            "type: line\ncategories: [2021年, 2022年]\nvalues: [5.62, 5.98]\nunit: 万户\n",
            1,
        )
        .unwrap();
        let (cats, sets, single) = s.inline.unwrap();
        assert_eq!(cats, ["2021年", "2022年"]);
        assert_eq!(sets[0].values[1].decimals, 2);
        assert!(single);
        assert_eq!(s.unit.as_deref(), Some("万户"));
    }

    #[test]
    fn unknown_type_lists_the_types() {
        let e = parse("type: radar\ncategories: [a]\nvalues: [1]\n", 1).unwrap_err();
        assert!(
            e.contains("`radar`")
                && e.contains("`bar`, `hbar`, `stacked`, `line`, `pie`, `donut`, `kpi`"),
            "{e}"
        );
    }

    #[test]
    fn inline_length_mismatch() {
        let e = parse("categories: [a, b]\nvalues: [1]\n", 1).unwrap_err();
        assert!(e.contains("1 numbers but `categories` has 2"), "{e}");
    }

    #[test]
    fn inline_non_number() {
        let e = parse("categories: [a, b]\nvalues: [1, 两]\n", 1).unwrap_err();
        assert!(e.contains("`两` is not a number"), "{e}");
    }

    #[test]
    fn yaml_errors_give_the_file_line() {
        let e = parse("data: a.yaml\nseries: [x\n", 20).unwrap_err();
        assert!(e.contains("not valid YAML (line 22)"), "{e}");
    }

    #[test]
    fn unknown_keys_are_named() {
        let e = parse("data: a.yaml\nserie: x\n", 1).unwrap_err();
        assert!(
            e.contains("unknown key `serie`") && e.contains("did you mean `series`"),
            "{e}"
        );
        let e = parse("just text", 1).unwrap_err();
        assert!(e.contains("`key: value`"), "{e}");
    }
}
