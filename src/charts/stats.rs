//! Statistics files (`*.yaml` / `*.yml` anywhere under content/): reading and
//! validating them. Every problem of every file is reported, each with its
//! line, the metric or series it concerns, what is wrong and what to do.
//!
//! The format (README: Statistics and charts):
//!
//! ```yaml
//! title: 春雷行动2021执法成果              # optional
//! source: 朝天区市场监督管理局              # optional, shown as 数据来源
//! period: {start: 2021-01-01, end: 2021-04-02}   # optional
//! display: wan                            # optional: plain (default) | wan
//! metrics:                                # headline figures (成绩单)
//!   - {id: cases, label: 立案查处违法案件, value: 141, unit: 件, previous: 118}
//! series:                                 # tables behind charts
//!   - id: inspections
//!     title: 检查市场主体户次
//!     unit: 户次
//!     categories: [1月, 2月, 3月]
//!     datasets:
//!       - {label: 2020年, values: [380, 402, 455]}
//!       - {label: 2021年, values: [412, 520, 601]}
//! ```
//!
//! Required: `id`, `label`, `value` of a metric; `id`, `title`,
//! `categories` and either `values` or `datasets` (each with `label` and
//! `values`) of a series. `unit` and `previous` are optional. Ids are unique
//! within a file, metrics and series together.
//!
//! Beyond that format this module accepts one key:
//!
//! - `chart:` on a series — the chart type the campaign dashboard draws it
//!   with (`bar`, `hbar`, `stacked`, `line`, `pie` or `donut`). Without it
//!   the dashboard chooses: `line` for time-like categories (1月…12月,
//!   2019年…, 一季度…) with several datasets or five or more points, `hbar`
//!   for more than six categories or names longer than five characters,
//!   `bar` (grouped with datasets) otherwise; a bar chart whose labels do
//!   not fit under the bars on two lines is drawn as `hbar`. Use
//!   `chart: pie` or `chart: donut` when the values are the parts of a
//!   whole: such a series must have one row of `values`, none negative and
//!   not all zero (checked when the file is loaded).
//!
//! `display: plain` may also be written (it is the default).
//!
//! Values are numbers as YAML writes them (`1114`, `98.47`, `1.32e9`);
//! their written decimals are kept for display. A quoted number (`"98.47"`)
//! is accepted as a number too. Negative values are allowed (bars go below
//! the axis), except in pie and donut charts, which reject them.

use super::number::{Display, Num};
use super::spec::ChartType;
use super::yaml::{self, Fields, Node, Value};

/// One statistics file, validated.
#[derive(Debug, Clone)]
pub(super) struct StatsFile {
    pub title: Option<String>,
    pub source: Option<String>,
    pub period: Option<(String, String)>,
    pub display: Display,
    pub metrics: Vec<Metric>,
    pub series: Vec<Series>,
}

/// A headline figure.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Metric {
    pub id: String,
    pub label: String,
    pub value: Num,
    pub unit: String,
    pub previous: Option<Num>,
}

/// A table of numbers behind a chart.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Series {
    pub id: String,
    pub title: String,
    pub unit: String,
    pub categories: Vec<String>,
    /// One dataset when the file wrote `values:`.
    pub datasets: Vec<Dataset>,
    /// The file wrote `values:` (one unnamed dataset) rather than `datasets:`.
    pub single: bool,
    /// The dashboard's chart type (`chart:`), if given.
    pub chart: Option<ChartType>,
}

/// One row of numbers sharing the series' categories.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Dataset {
    pub label: String,
    pub values: Vec<Num>,
}

/// A problem: 1-based line (0 for the whole file) and message.
pub(super) type Problem = (usize, String);

const TOP_KEYS: [&str; 6] = ["title", "source", "period", "display", "metrics", "series"];
const METRIC_KEYS: [&str; 5] = ["id", "label", "value", "unit", "previous"];
const SERIES_KEYS: [&str; 7] = [
    "id",
    "title",
    "unit",
    "categories",
    "values",
    "datasets",
    "chart",
];
const DATASET_KEYS: [&str; 2] = ["label", "values"];

/// Parses and validates the text of a statistics file.
pub(super) fn parse(text: &str) -> Result<StatsFile, Vec<Problem>> {
    let root = yaml::parse(text).map_err(|e| {
        vec![(
            e.line,
            format!(
                "this is not valid YAML: {} — check the indentation, colons and brackets",
                e.message
            ),
        )]
    })?;
    let mut p = Vec::new();
    let file = read_file(&root, &mut p);
    if p.is_empty() {
        Ok(file)
    } else {
        p.sort_by_key(|(line, _)| *line);
        Err(p)
    }
}

fn read_file(root: &Node, p: &mut Vec<Problem>) -> StatsFile {
    let mut file = StatsFile {
        title: None,
        source: None,
        period: None,
        display: Display::Plain,
        metrics: Vec::new(),
        series: Vec::new(),
    };
    if matches!(root.value, Value::Null) {
        return file;
    }
    let Some(mut f) = Fields::of(root) else {
        p.push((
            root.line,
            format!(
                "a statistics file is a mapping with `title`, `metrics` and `series`, not {}",
                root.kind()
            ),
        ));
        return file;
    };
    file.title = f.get("title").and_then(|n| text(n, "the file", "title", p));
    file.source = f
        .get("source")
        .and_then(|n| text(n, "the file", "source", p));
    if let Some(n) = f.get("period") {
        file.period = period(n, p);
    }
    if let Some(n) = f.get("display") {
        match n.as_text().as_deref() {
            Some("wan") => file.display = Display::Wan,
            Some("plain") => file.display = Display::Plain,
            _ => p.push((
                n.line,
                format!(
                    "`display` is {}: use `display: wan` (4.86万, 13.2亿) or `display: plain` (numbers as written)",
                    n.shown()
                ),
            )),
        }
    }
    // Ids seen so far: id, line, what.
    let mut ids: Vec<(String, usize, &'static str)> = Vec::new();
    if let Some(n) = f.get("metrics") {
        for item in list(
            n,
            "metrics",
            "a list of metrics (`- {id: …, label: …, value: …}`)",
            p,
        ) {
            check_id(item, "metric", &mut ids, p);
            if let Some(m) = metric(item, p) {
                file.metrics.push(m);
            }
        }
    }
    if let Some(n) = f.get("series") {
        for item in list(n, "series", "a list of series (`- id: …`)", p) {
            check_id(item, "series", &mut ids, p);
            if let Some(s) = series(item, p) {
                file.series.push(s);
            }
        }
    }
    unknown(&f, "the file", &TOP_KEYS, p);
    file
}

/// Reports a second use of the id of `node` (whatever else is wrong with it).
fn check_id(
    node: &Node,
    what: &'static str,
    ids: &mut Vec<(String, usize, &'static str)>,
    p: &mut Vec<Problem>,
) {
    let Some(id_node) = Fields::of(node).and_then(|mut f| f.get("id")) else {
        return;
    };
    let Some(id) = id_node.as_text().map(|s| s.trim().to_string()) else {
        return;
    };
    let (id, line) = (id.as_str(), id_node.line);
    if let Some((_, first, kind)) = ids.iter().find(|(i, _, _)| i == id) {
        p.push((
            line,
            format!(
                "{what} `{id}`: duplicate id, the {kind} on line {first} already uses it — give each metric and series of a file its own id"
            ),
        ));
    } else {
        ids.push((id.to_string(), line, what));
    }
}

fn period(n: &Node, p: &mut Vec<Problem>) -> Option<(String, String)> {
    let Some(mut f) = Fields::of(n) else {
        p.push((
            n.line,
            format!(
                "`period` is {}: write `period: {{start: 2021-01-01, end: 2021-04-02}}`",
                n.kind()
            ),
        ));
        return None;
    };
    let start = f.get("start").and_then(|n| text(n, "`period`", "start", p));
    let end = f.get("end").and_then(|n| text(n, "`period`", "end", p));
    unknown(&f, "`period`", &["start", "end"], p);
    Some((start.unwrap_or_default(), end.unwrap_or_default()))
}

/// The items of a list (nothing for `key:` left empty).
fn list<'a>(n: &'a Node, key: &str, expected: &str, p: &mut Vec<Problem>) -> &'a [Node] {
    match &n.value {
        Value::Seq(items) => items,
        Value::Null => &[],
        _ => {
            p.push((
                n.line,
                format!("`{key}` must be {expected}, not {}", n.kind()),
            ));
            &[]
        }
    }
}

fn metric(n: &Node, p: &mut Vec<Problem>) -> Option<Metric> {
    let Some(mut f) = Fields::of(n) else {
        p.push((
            n.line,
            format!("a metric is a mapping like `{{id: cases, label: 立案查处违法案件, value: 141, unit: 件}}`, not {}", n.kind()),
        ));
        return None;
    };
    let id = required_id(&mut f, n, "metric", p);
    let who = format!("metric `{}`", id.as_deref().unwrap_or("?"));
    let label = match f.get("label") {
        Some(v) => text(v, &who, "label", p),
        None => {
            p.push((n.line, format!("{who}: missing `label` — add the text shown on its card, e.g. `label: 立案查处违法案件`")));
            None
        }
    };
    let value = match f.get("value") {
        Some(v) => number(v, &who, p),
        None => {
            p.push((
                n.line,
                format!("{who}: missing `value` — add its number, e.g. `value: 141`"),
            ));
            None
        }
    };
    let unit = f
        .get("unit")
        .and_then(|v| text(v, &who, "unit", p))
        .unwrap_or_default();
    let previous = f.get("previous").and_then(|v| number(v, &who, p));
    unknown(&f, &who, &METRIC_KEYS, p);
    Some(Metric {
        id: id?,
        label: label?,
        value: value?,
        unit,
        previous,
    })
}

fn required_id(f: &mut Fields, n: &Node, what: &str, p: &mut Vec<Problem>) -> Option<String> {
    match f.get("id") {
        Some(v) => match v.as_text() {
            Some(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => {
                p.push((
                    v.line,
                    format!(
                        "{what}: `id` is {} — give it a short name such as `cases`",
                        v.shown()
                    ),
                ));
                None
            }
        },
        None => {
            p.push((n.line, format!("{what} without `id` — add a short name such as `id: cases`, charts refer to it")));
            None
        }
    }
}

fn series(n: &Node, p: &mut Vec<Problem>) -> Option<Series> {
    let Some(mut f) = Fields::of(n) else {
        p.push((
            n.line,
            format!(
                "a series is a mapping with `id`, `title`, `categories` and `values`, not {}",
                n.kind()
            ),
        ));
        return None;
    };
    let id = required_id(&mut f, n, "series", p);
    let who = format!("series `{}`", id.as_deref().unwrap_or("?"));
    let title = match f.get("title") {
        Some(v) => text(v, &who, "title", p),
        None => {
            p.push((n.line, format!("{who}: missing `title` — add the chart's caption, e.g. `title: 检查市场主体户次`")));
            None
        }
    };
    let unit = f
        .get("unit")
        .and_then(|v| text(v, &who, "unit", p))
        .unwrap_or_default();
    let chart = f.get("chart").and_then(|v| {
        let name = v.as_text().unwrap_or_default();
        match ChartType::parse(&name) {
            Some(ChartType::Kpi) => {
                p.push((
                    v.line,
                    format!(
                        "{who}: `chart: kpi` is for metrics; a series is drawn as {}",
                        yaml::list(&ChartType::SERIES_NAMES)
                    ),
                ));
                None
            }
            Some(t) => Some(t),
            None => {
                p.push((
                    v.line,
                    format!(
                        "{who}: unknown chart type {} — use one of {}",
                        v.shown(),
                        yaml::list(&ChartType::SERIES_NAMES)
                    ),
                ));
                None
            }
        }
    });
    let chart_line = f.get("chart").map_or(n.line, |c| c.line);
    let data = read_table(&mut f, n, &who, p);
    unknown(&f, &who, &SERIES_KEYS, p);
    let (categories, datasets, single) = data?;
    if matches!(chart, Some(ChartType::Pie | ChartType::Donut)) {
        if let Some(problem) = not_a_whole(&categories, &datasets) {
            p.push((
                chart_line,
                format!(
                    "{who}: `chart: {}` {problem}",
                    chart.map_or("", |c| c.name())
                ),
            ));
            return None;
        }
    }
    Some(Series {
        id: id?,
        title: title?,
        unit,
        categories,
        datasets,
        single,
        chart,
    })
}

/// Why numbers cannot be drawn as the parts of a whole (pie, donut), if so.
pub(crate) fn not_a_whole(categories: &[String], datasets: &[Dataset]) -> Option<String> {
    if datasets.len() != 1 {
        return Some(format!(
            "shows one row of numbers, this data has {} datasets — use `bar`, `stacked` or `line`",
            datasets.len()
        ));
    }
    if let Some((c, v)) = categories
        .iter()
        .zip(&datasets[0].values)
        .find(|(_, v)| v.value < 0.0)
    {
        return Some(format!(
            "cannot show negative numbers ({c}: {}) — use `bar`",
            super::number::fixed(v.value, v.decimals)
        ));
    }
    if datasets[0].values.iter().all(|v| v.value == 0.0) {
        return Some("has nothing to show: every value is 0 — use `bar`".to_string());
    }
    None
}

/// The table of a series or an inline chart block: `categories` with
/// `values` or `datasets`, lengths checked. `who` names it in messages.
pub(crate) fn read_table(
    f: &mut Fields,
    owner: &Node,
    who: &str,
    p: &mut Vec<Problem>,
) -> Option<(Vec<String>, Vec<Dataset>, bool)> {
    let before = p.len();
    let categories: Option<Vec<String>> = match f.get("categories") {
        None => {
            p.push((owner.line, format!("{who}: missing `categories` — list what the numbers are of, e.g. `categories: [1月, 2月, 3月]`")));
            None
        }
        Some(c) => match &c.value {
            Value::Seq(items) if items.is_empty() => {
                p.push((
                    c.line,
                    format!("{who}: `categories` is empty — list at least one category"),
                ));
                None
            }
            Value::Seq(items) => items
                .iter()
                .map(|i| {
                    let t = i.as_text();
                    if t.is_none() {
                        p.push((
                            i.line,
                            format!(
                                "{who}: category {} is not text — write a name such as `1月`",
                                i.shown()
                            ),
                        ));
                    }
                    t
                })
                .collect::<Vec<_>>()
                .into_iter()
                .collect(),
            _ => {
                p.push((
                    c.line,
                    format!(
                        "{who}: `categories` must be a list such as `[1月, 2月, 3月]`, not {}",
                        c.kind()
                    ),
                ));
                None
            }
        },
    };
    let n_cat = categories.as_ref().map(Vec::len);
    let values = f.get("values");
    let datasets = f.get("datasets");
    let (sets, single) = match (values, datasets) {
        (Some(v), Some(d)) => {
            p.push((
                d.line.min(v.line),
                format!("{who}: has both `values` and `datasets` — use `values` for one row of numbers, `datasets` for several"),
            ));
            (Vec::new(), true)
        }
        (None, None) => {
            p.push((owner.line, format!("{who}: missing `values` — add one number per category, e.g. `values: [20, 1]` (or `datasets` for several rows)")));
            (Vec::new(), true)
        }
        (Some(v), None) => {
            let values = numbers(v, who, "values", n_cat, p);
            (
                vec![Dataset {
                    label: String::new(),
                    values,
                }],
                true,
            )
        }
        (None, Some(d)) => {
            let mut sets = Vec::new();
            let items = list(
                d,
                &format!("{who}: `datasets`"),
                "a list of `{label: …, values: […]}`",
                p,
            );
            if items.is_empty() && matches!(d.value, Value::Seq(_) | Value::Null) {
                p.push((
                    d.line,
                    format!("{who}: `datasets` is empty — add `- {{label: 2021年, values: […]}}`"),
                ));
            }
            for item in items {
                let Some(mut df) = Fields::of(item) else {
                    p.push((item.line, format!("{who}: a dataset is a mapping like `{{label: 2021年, values: [412, 520, 601]}}`, not {}", item.kind())));
                    continue;
                };
                let label = match df.get("label") {
                    Some(l) => text(l, who, "label", p).unwrap_or_default(),
                    None => {
                        p.push((
                            item.line,
                            format!(
                                "{who}: a dataset without `label` — name it, e.g. `label: 2021年`"
                            ),
                        ));
                        String::new()
                    }
                };
                let dwho = format!("{who}, dataset `{label}`");
                let values = match df.get("values") {
                    Some(v) => numbers(v, &dwho, "values", n_cat, p),
                    None => {
                        p.push((
                            item.line,
                            format!("{dwho}: missing `values` — add one number per category"),
                        ));
                        Vec::new()
                    }
                };
                unknown(&df, &dwho, &DATASET_KEYS, p);
                sets.push(Dataset { label, values });
            }
            (sets, false)
        }
    };
    if p.len() > before {
        return None;
    }
    Some((categories?, sets, single))
}

/// A list of numbers, as long as the categories.
fn numbers(
    n: &Node,
    who: &str,
    key: &str,
    expected: Option<usize>,
    p: &mut Vec<Problem>,
) -> Vec<Num> {
    let Value::Seq(items) = &n.value else {
        p.push((
            n.line,
            format!(
                "{who}: `{key}` must be a list of numbers such as `[20, 1]`, not {}",
                n.kind()
            ),
        ));
        return Vec::new();
    };
    let nums: Vec<Num> = items.iter().filter_map(|i| number(i, who, p)).collect();
    if let Some(e) = expected {
        if items.len() != e {
            p.push((
                n.line,
                format!(
                    "{who}: `{key}` has {} numbers but `categories` has {e} — give exactly one value per category",
                    items.len()
                ),
            ));
        }
    }
    nums
}

/// A number, or a problem saying why it is not one.
pub(crate) fn number(n: &Node, who: &str, p: &mut Vec<Problem>) -> Option<Num> {
    let parsed = match &n.value {
        Value::Int(i) => Some(Num::new(*i as f64, 0)),
        Value::Float(f) if f.is_finite() => {
            Some(Num::parse(&n.raw).unwrap_or(Num::new(*f, shortest_decimals(*f))))
        }
        Value::Str(s) => Num::parse(s),
        _ => None,
    };
    if parsed.is_none() {
        let hint = not_a_number_hint(n);
        p.push((
            n.line,
            format!("{who}: {} is not a number — {hint}", n.shown()),
        ));
    }
    parsed
}

/// Decimals of the shortest representation of `f`.
fn shortest_decimals(f: f64) -> u8 {
    let s = format!("{f}");
    s.split_once('.').map_or(0, |(_, d)| d.len().min(6) as u8)
}

fn not_a_number_hint(n: &Node) -> &'static str {
    let t = n.as_text().unwrap_or_default();
    if t.contains([',', '，']) {
        "write it without thousands separators, e.g. 1114"
    } else if t.contains(['%', '％']) {
        "write the number only (98.47) and put `unit: \"%\"` on the series"
    } else if t.contains(['万', '亿']) {
        "write the whole number (48600) and add `display: wan` to the file to show it as 4.86万"
    } else if matches!(n.value, Value::Null) {
        "write a number; a missing figure cannot be charted"
    } else if t.chars().any(|c| c.is_ascii_digit()) {
        "write digits only (units go in `unit`), e.g. 1114 or 98.47"
    } else {
        "write digits only, e.g. 1114 or 98.47"
    }
}

/// A text value (numbers are taken as written).
fn text(n: &Node, who: &str, key: &str, p: &mut Vec<Problem>) -> Option<String> {
    match n.as_text() {
        Some(s) => Some(s),
        None if matches!(n.value, Value::Null) => Some(String::new()),
        None => {
            p.push((
                n.line,
                format!("{who}: `{key}` must be text, not {}", n.kind()),
            ));
            None
        }
    }
}

/// Reports keys of `f` that are not in `known`.
pub(crate) fn unknown(f: &Fields, who: &str, known: &[&str], p: &mut Vec<Problem>) {
    for (key, line) in f.unknown() {
        let suggestion = if !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()) {
            " (a number written with a thousands separator? write 1114, not 1,114)".to_string()
        } else {
            known
                .iter()
                .find(|k| similar(k, &key))
                .map(|k| format!(" (did you mean `{k}`?)"))
                .unwrap_or_default()
        };
        p.push((
            line,
            format!(
                "{who}: unknown key `{key}`{suggestion} — the keys are {}",
                yaml::list(known)
            ),
        ));
    }
}

/// A likely typo: same letters give or take one, or one contains the other.
fn similar(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    if a.len() > 2 && b.len() > 2 && (a.contains(&b) || b.contains(&a)) {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // Levenshtein distance ≤ 1.
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev.last().is_some_and(|d| *d <= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "\
title: 春雷行动2021执法成果
source: 示例区市场监督管理局
period: {start: 2021-01-01, end: 2021-04-02}
metrics:
  - {id: officers, label: 出动执法人员, value: 1114, unit: 人次, previous: 986}
  - {id: rate, label: 合格率, value: 98.470, unit: \"%\"}
series:
  - id: big-cases
    title: 大案要案构成
    unit: 件
    categories: [1-5万元案件, 10万元以上案件]
    values: [20, 1]
  - id: inspections
    title: 检查市场主体户次
    chart: line
    categories: [1月, 2月, 3月]
    datasets:
      - {label: 2020年, values: [380, 402, 455]}
      - {label: 2021年, values: [412, 520, 601]}
";

    fn errors(text: &str) -> Vec<Problem> {
        parse(text).expect_err("should fail")
    }

    /// The one problem of `text`, asserting its line and that the message
    /// contains each of `parts`.
    fn one(text: &str, line: usize, parts: &[&str]) {
        let e = errors(text);
        assert_eq!(e.len(), 1, "{e:#?}");
        assert_eq!(e[0].0, line, "{e:#?}");
        for part in parts {
            assert!(e[0].1.contains(part), "{:?} lacks {part:?}", e[0].1);
        }
    }

    #[test]
    fn reads_a_good_file() {
        let f = parse(GOOD).unwrap();
        assert_eq!(f.title.as_deref(), Some("春雷行动2021执法成果"));
        assert_eq!(f.period, Some(("2021-01-01".into(), "2021-04-02".into())));
        assert_eq!(f.metrics[0].previous, Some(Num::new(986.0, 0)));
        assert_eq!(f.metrics[1].value, Num::new(98.47, 3));
        assert_eq!(f.series[0].datasets[0].values.len(), 2);
        assert!(f.series[0].single);
        assert_eq!(f.series[1].datasets[1].label, "2021年");
        assert_eq!(f.series[1].chart, Some(ChartType::Line));
    }

    #[test]
    fn empty_file_is_fine() {
        let f = parse("").unwrap();
        assert!(f.metrics.is_empty() && f.series.is_empty());
    }

    #[test]
    fn yaml_syntax_error() {
        one(
            "title: a\nseries:\n  - id: x\n    values: [1, 2\n  - id: y\n",
            5,
            &["not valid YAML"],
        );
    }

    #[test]
    fn values_length_differs_from_categories() {
        let t = GOOD.replace("values: [20, 1]", "values: [20, 1, 3]");
        one(
            &t,
            12,
            &["series `big-cases`", "3 numbers", "`categories` has 2"],
        );
        let t = GOOD.replace("[412, 520, 601]", "[412, 520]");
        one(
            &t,
            19,
            &["series `inspections`, dataset `2021年`", "2 numbers"],
        );
    }

    #[test]
    fn value_not_a_number() {
        let t = GOOD.replace("values: [20, 1]", "values: [20, 1件]");
        one(
            &t,
            12,
            &["series `big-cases`", "`1件` is not a number", "digits only"],
        );
        let t = GOOD.replace("value: 1114", "value: \"1,114\"");
        one(&t, 5, &["metric `officers`", "thousands separators"]);
        // Unquoted in a flow mapping, the comma splits it into a key `114`.
        let t = GOOD.replace("value: 1114", "value: 1,114");
        one(&t, 5, &["unknown key `114`", "thousands separator"]);
        let t = GOOD.replace("previous: 986", "previous: 4.86万");
        one(&t, 5, &["display: wan"]);
        let t = GOOD.replace("value: 98.470", "value: 98.47%");
        one(&t, 6, &["metric `rate`", "unit"]);
        let t = GOOD.replace("[380, 402, 455]", "[380, ~, 455]");
        one(&t, 18, &["dataset `2020年`", "not a number"]);
        // A quoted plain number is accepted.
        assert!(parse(&GOOD.replace("value: 1114", "value: \"1114\"")).is_ok());
    }

    #[test]
    fn duplicate_ids() {
        let t = GOOD.replace("id: inspections", "id: big-cases");
        one(&t, 13, &["series `big-cases`", "duplicate id", "line 8"]);
        // Metrics and series share one set of ids.
        let t = GOOD.replace("id: rate", "id: inspections");
        one(&t, 13, &["duplicate id", "metric on line 6"]);
    }

    #[test]
    fn missing_required_keys() {
        one(
            &GOOD.replace("    title: 大案要案构成\n", ""),
            8,
            &["series `big-cases`", "missing `title`"],
        );
        one(
            &GOOD.replace("    values: [20, 1]\n", ""),
            8,
            &["missing `values`"],
        );
        one(
            &GOOD.replace("    categories: [1-5万元案件, 10万元以上案件]\n", ""),
            8,
            &["missing `categories`"],
        );
        one(&GOOD.replace("id: officers, ", ""), 5, &["without `id`"]);
        one(
            &GOOD.replace(", value: 1114", ""),
            5,
            &["metric `officers`", "missing `value`"],
        );
        one(
            &GOOD.replace("label: 出动执法人员, ", ""),
            5,
            &["missing `label`"],
        );
        one(
            &GOOD.replace("{label: 2020年, ", "{"),
            18,
            &["without `label`"],
        );
    }

    #[test]
    fn unknown_keys() {
        one(
            &GOOD.replace("    unit: 件\n", "    units: 件\n"),
            10,
            &[
                "series `big-cases`",
                "unknown key `units`",
                "did you mean `unit`",
            ],
        );
        one(
            &GOOD.replace("unit: 人次,", "unit: 人次, note: x,"),
            5,
            &["metric `officers`", "unknown key `note`"],
        );
        one(
            &GOOD.replace("{label: 2020年,", "{label: 2020年, color: red,"),
            18,
            &["unknown key `color`"],
        );
        one(
            &format!("{GOOD}colour: red\n"),
            20,
            &["the file", "unknown key `colour`"],
        );
    }

    #[test]
    fn other_shapes_and_values() {
        one(
            &GOOD
                .replace("display: wan\n", "")
                .replace("title: 春雷", "display: wide\ntitle: 春雷"),
            1,
            &["`display`"],
        );
        one(
            &GOOD.replace("chart: line", "chart: radar"),
            15,
            &["unknown chart type `radar`", "`hbar`"],
        );
        one(
            &GOOD.replace("chart: line", "chart: kpi"),
            15,
            &["for metrics"],
        );
        one(
            &GOOD.replace("[1-5万元案件, 10万元以上案件]", "[]"),
            11,
            &["`categories` is empty"],
        );
        one(
            &GOOD.replace(
                "    values: [20, 1]\n",
                "    values: [20, 1]\n    datasets: []\n",
            ),
            12,
            &["both `values` and `datasets`"],
        );
        one("- 1\n- 2\n", 1, &["mapping"]);
        one("title: x\nmetrics: 3\n", 2, &["`metrics` must be a list"]);
    }

    #[test]
    fn reports_every_problem_at_once() {
        let t = GOOD
            .replace("values: [20, 1]", "values: [20]")
            .replace("value: 1114", "value: x")
            .replace("id: inspections", "id: officers");
        let e = errors(&t);
        assert_eq!(e.len(), 3, "{e:#?}");
        let lines: Vec<usize> = e.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [5, 12, 13]);
    }
}
