//! Statistics → SVG charts that read well in Chinese, on a phone, in print
//! and to a screen reader, with no script.
//!
//! [`Charts::load`] reads and validates every statistics file of the site
//! once ([`stats`]); [`Charts::block`] draws a ```` ```chart ```` block of a
//! page ([`spec`]) and [`Charts::dashboard`] the charts of a campaign. Each
//! chart is a [`Figure`]: a standalone, deterministic SVG file to write
//! beside the page, and the HTML that shows it with a caption and the same
//! numbers as a table. A chart used on many pages is drawn once per build.
//!
//! Drawing: one module per chart type ([`bar`], [`hbar`], [`stacked`],
//! [`line`], [`pie`] for pie and donut, [`kpi`]), sharing the frames and
//! legend of [`layout`], the number formats of [`number`], the text width
//! model of [`text`], the colours of [`palette`] and the writer of [`svg`].

mod bar;
mod hbar;
mod html;
mod kpi;
mod layout;
mod line;
mod number;
mod palette;
mod pie;
mod spec;
mod stacked;
mod stats;
mod svg;
mod text;
mod yaml;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use number::{Display, Num, Scale};
pub use spec::ChartType;
use stats::{Dataset, Metric, StatsFile};

/// A problem in a statistics file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Error {
    /// Content-relative path, e.g. `campaigns/chunlei-2021/stats.yaml`.
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    pub message: String,
}

impl std::error::Error for Error {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

/// A drawn chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// `<figure class="chart chart-{type}">` with the caption, the image
    /// (`<img src="{file}">`, relative: the SVG goes beside the page) and
    /// the numbers as a table in a `<details>` 查看数据. Plain HTML, no
    /// script, no style attributes.
    pub html: String,
    /// File name of the SVG, from a hash of its content (`chart-3f2a9c1b04de.svg`).
    pub file: String,
    pub svg: Arc<str>,
}

/// A headline figure of a campaign (its summary on the home page and the
/// campaigns list): a metric as its kpi card shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    /// `立案查处违法案件`
    pub label: String,
    /// The number as the card shows it: `141`, `98.47`, `4.86万`.
    pub value: String,
    /// `件`, may be empty.
    pub unit: String,
}

/// One cache entry: filled once by whichever thread asks first.
type Slot = Arc<OnceLock<Result<Figure, String>>>;

/// Every statistics file of a site, and the charts drawn so far.
pub struct Charts {
    files: HashMap<String, StatsFile>,
    /// Figures by request, each drawn once even when asked for by many
    /// threads at the same time.
    cache: Mutex<HashMap<String, Slot>>,
}

/// What a chart shows, resolved from a block or a series.
#[derive(Debug, Clone)]
pub(crate) struct Chart {
    pub title: String,
    pub unit: String,
    pub display: Display,
    pub source: Option<String>,
    pub categories: Vec<String>,
    pub datasets: Vec<Dataset>,
    /// One unnamed dataset (`values:`) rather than named `datasets:`.
    pub single: bool,
    /// For kpi charts.
    pub metrics: Vec<Metric>,
}

impl Chart {
    /// Every number of every dataset.
    pub(crate) fn values(&self) -> impl Iterator<Item = &Num> {
        self.datasets.iter().flat_map(|d| d.values.iter())
    }

    /// Whether every number is whole (the axis then steps by 1 or more).
    pub(crate) fn integer(&self) -> bool {
        self.values().all(|n| n.decimals == 0)
    }

    /// The legend of a chart with several datasets (none for one).
    pub(crate) fn legend(&self, mark: layout::Mark) -> Vec<layout::LegendItem<'_>> {
        if self.datasets.len() < 2 {
            return Vec::new();
        }
        self.datasets
            .iter()
            .enumerate()
            .map(|(i, d)| layout::LegendItem {
                label: &d.label,
                color: palette::color(i),
                mark,
            })
            .collect()
    }

    /// The one unit of the chart's labels (see [`Scale`]): of its values,
    /// and of the totals a stacked or pie chart shows too.
    pub(crate) fn scale(&self, kind: ChartType) -> Scale {
        let totals: Vec<f64> = match kind {
            ChartType::Stacked => (0..self.categories.len())
                .map(|i| stacked::total(self, i).value)
                .collect(),
            ChartType::Pie | ChartType::Donut => self
                .datasets
                .first()
                .map(|d| vec![d.values.iter().map(|v| v.value).sum()])
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let values = self.values().map(|n| n.value).chain(totals);
        Scale::of(values, self.display, &self.unit)
    }

    /// Tooltip of one value, the number as written: `1月 · 2021年：412户次`.
    pub(crate) fn tooltip(&self, category: &str, d: &Dataset, v: &Num) -> String {
        let value = v.show(Display::Plain, &self.unit);
        if self.datasets.len() > 1 {
            format!("{category} · {}：{value}{}", d.label, self.unit)
        } else {
            format!("{category}：{value}{}", self.unit)
        }
    }
}

/// Draws `chart` as `kind` (a bar chart whose labels do not fit becomes
/// hbar); returns the type drawn, the SVG and its size.
pub(crate) fn draw(c: &Chart, kind: ChartType) -> Result<(ChartType, String, f64), String> {
    let (kind, (svg, height)) = match kind {
        ChartType::Kpi => {
            if c.metrics.is_empty() {
                return Err("a kpi chart needs at least one metric".to_string());
            }
            (kind, kpi::draw(c))
        }
        _ if c.categories.is_empty() => {
            return Err("the data has no categories: nothing to draw".to_string());
        }
        ChartType::Bar => match bar::draw(c) {
            Some(d) => (kind, d),
            None => (ChartType::Hbar, hbar::draw(c)),
        },
        ChartType::Hbar => (kind, hbar::draw(c)),
        ChartType::Stacked => (kind, stacked::draw(c)),
        ChartType::Line => (kind, line::draw(c)),
        ChartType::Pie => (kind, pie::draw(c, false)?),
        ChartType::Donut => (kind, pie::draw(c, true)?),
    };
    let height = height.ceil();
    let text = svg.finish(
        layout::W,
        height,
        &html::name(c, kind),
        &html::describe(c, kind),
    );
    Ok((kind, text, height))
}

/// The chart type for a series that does not name one (see [`stats`]).
pub(crate) fn choose(categories: &[String], datasets: usize) -> ChartType {
    let time = !categories.is_empty() && categories.iter().all(|c| time_like(c));
    let n = categories.len();
    if time && (datasets > 1 || n >= 5) {
        ChartType::Line
    } else if n > 6 || categories.iter().any(|c| text::width(c, 1.0) > 5.0) {
        ChartType::Hbar
    } else {
        ChartType::Bar
    }
}

/// `3月`, `2021年`, `一季度`, `2021-03`, `2021`: a point in time.
fn time_like(c: &str) -> bool {
    let c = c.trim();
    let numeral = |s: &str| {
        !s.is_empty()
            && s.chars().all(|ch| {
                ch.is_ascii_digit()
                    || "一二三四五六七八九十〇零".contains(ch)
                    || ch == '-'
                    || ch == '.'
            })
    };
    for suffix in ["月份", "月", "年度", "年", "季度", "日", "周"] {
        if let Some(rest) = c.strip_suffix(suffix) {
            // 2021年3月, 2021年一季度.
            let rest = rest.replace(['年', '月'], "");
            return numeral(&rest);
        }
    }
    c.chars().next().is_some_and(|ch| ch.is_ascii_digit()) && numeral(c)
}

/// FNV-1a: a stable hash for file names (the same on every machine and run).
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Normalises a content-relative path: `a/./b/../c` → `a/c`; `None` if it
/// climbs out of content/.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split(['/', '\\']) {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The folder of a content-relative file (`news/a.md` → `news`).
fn folder(file: &str) -> &str {
    file.rfind('/').map_or("", |i| &file[..i])
}

/// `data` as written in a block of `source`: relative to its folder, or
/// from content/ with a leading `/`.
fn resolve(source: &str, data: &str) -> Option<String> {
    if let Some(abs) = data.strip_prefix('/') {
        normalize(abs)
    } else {
        normalize(&format!("{}/{data}", folder(source)))
    }
}

impl Charts {
    /// Reads and validates the statistics files `files` (content-relative
    /// paths of every `*.yaml` / `*.yml` under `content_dir`), in parallel.
    /// Returns every problem of every file.
    pub fn load(content_dir: &Path, files: &[String]) -> Result<Charts, Vec<Error>> {
        let results: Vec<Result<(String, StatsFile), Vec<Error>>> = files
            .par_iter()
            .map(|rel| {
                let rel = rel.replace('\\', "/");
                let err = |line, message: String| Error {
                    file: rel.clone(),
                    line,
                    message,
                };
                let bytes = std::fs::read(content_dir.join(&rel))
                    .map_err(|e| vec![err(0, format!("cannot read the file: {e}"))])?;
                let text = String::from_utf8(bytes).map_err(|_| {
                    vec![err(
                        0,
                        "the file is not UTF-8 text; save it as UTF-8".to_string(),
                    )]
                })?;
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                match stats::parse(text) {
                    Ok(f) => Ok((rel, f)),
                    Err(problems) => Err(problems.into_iter().map(|(l, m)| err(l, m)).collect()),
                }
            })
            .collect();
        let mut errors = Vec::new();
        let mut map = HashMap::new();
        for r in results {
            match r {
                Ok((rel, f)) => {
                    map.insert(normalize(&rel).unwrap_or(rel), f);
                }
                Err(e) => errors.extend(e),
            }
        }
        if errors.is_empty() {
            Ok(Charts {
                files: map,
                cache: Mutex::new(HashMap::new()),
            })
        } else {
            errors.sort();
            Err(errors)
        }
    }

    /// The figure for `key`, drawn by `make` the first time it is asked for.
    fn cached(
        &self,
        key: String,
        make: impl FnOnce() -> Result<Figure, String>,
    ) -> Result<Figure, String> {
        let cell = {
            let mut cache = crate::base::sync::lock(&self.cache);
            Arc::clone(cache.entry(key).or_default())
        };
        cell.get_or_init(make).clone()
    }

    /// The ```` ```chart ```` block `text` of the Markdown file `source`
    /// (content-relative), whose opening fence is on line `line`.
    pub fn block(&self, source: &str, text: &str, line: usize) -> Result<Figure, String> {
        let s = spec::parse(text, line)?;
        let path = match &s.data {
            Some(d) => Some(resolve(source, d).ok_or_else(|| {
                format!("`data: {d}` leads outside the content folder — write a path inside content/, e.g. `/reports/2020-stats.yaml`")
            })?),
            None => None,
        };
        let key = format!("block\n{}\n{text}", path.as_deref().unwrap_or(""));
        self.cached(key, || {
            let (chart, kind) = self.resolve_block(&s, path.as_deref())?;
            figure(&chart, kind)
        })
    }

    fn resolve_block(
        &self,
        s: &spec::Spec,
        path: Option<&str>,
    ) -> Result<(Chart, ChartType), String> {
        if let Some((categories, datasets, single)) = &s.inline {
            if s.data.is_some() {
                return Err("a chart block takes its numbers either from `data:` or inline (`categories:`/`values:`), not both".to_string());
            }
            if s.series.is_some() || s.metrics.is_some() {
                return Err("`series`/`metrics` name data in a file: add `data: stats.yaml`, or drop them to use the inline numbers".to_string());
            }
            let mut chart = Chart {
                title: s.title.clone().unwrap_or_default(),
                unit: s.unit.clone().unwrap_or_default(),
                display: s.display.unwrap_or_default(),
                source: None,
                categories: categories.clone(),
                datasets: datasets.clone(),
                single: *single,
                metrics: Vec::new(),
            };
            let kind = s.kind.unwrap_or_else(|| choose(categories, datasets.len()));
            if kind == ChartType::Kpi {
                // One card per category of the (single) dataset.
                let first = datasets.first().map(|d| d.values.as_slice()).unwrap_or(&[]);
                chart.metrics = categories
                    .iter()
                    .zip(first)
                    .map(|(c, v)| Metric {
                        id: c.clone(),
                        label: c.clone(),
                        value: *v,
                        unit: chart.unit.clone(),
                        previous: None,
                    })
                    .collect();
            }
            return Ok((chart, kind));
        }
        let Some(path) = path else {
            return Err("a chart block needs `data: stats.yaml` with `series:` (or `metrics:` for `type: kpi`), or inline `categories:` and `values:`".to_string());
        };
        let data = s.data.as_deref().unwrap_or_default();
        let file = self
            .files
            .get(path)
            .ok_or_else(|| self.missing_file(data, path))?;
        let base = |title: String, unit: String| Chart {
            title,
            unit,
            display: s.display.unwrap_or(file.display),
            source: file.source.clone(),
            categories: Vec::new(),
            datasets: Vec::new(),
            single: true,
            metrics: Vec::new(),
        };
        if s.kind == Some(ChartType::Kpi) || (s.series.is_none() && s.metrics.is_some()) {
            if let Some(series) = &s.series {
                return Err(format!("`type: kpi` shows metrics, not the series `{series}` — write `metrics: [...]` with ids from {}", yaml::list(&file.metrics.iter().map(|m| m.id.as_str()).collect::<Vec<_>>())));
            }
            let metrics = match &s.metrics {
                None => file.metrics.clone(),
                Some(ids) => ids
                    .iter()
                    .map(|id| {
                        file.metrics
                            .iter()
                            .find(|m| &m.id == id)
                            .cloned()
                            .ok_or_else(|| {
                                let known: Vec<&str> =
                                    file.metrics.iter().map(|m| m.id.as_str()).collect();
                                format!(
                                    "no metric `{id}` in {path} — the metrics are {}",
                                    yaml::list(&known)
                                )
                            })
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            };
            if metrics.is_empty() {
                return Err(format!("{path} has no metrics to show as kpi cards"));
            }
            let title = s
                .title
                .clone()
                .or_else(|| file.title.clone())
                .unwrap_or_else(|| "主要数据".to_string());
            let mut chart = base(title, String::new());
            chart.metrics = metrics;
            return Ok((chart, ChartType::Kpi));
        }
        let Some(id) = &s.series else {
            let known: Vec<&str> = file.series.iter().map(|s| s.id.as_str()).collect();
            return Err(format!(
                "the chart block names no `series:` — add one of {} (or `type: kpi` with `metrics:`)",
                yaml::list(&known)
            ));
        };
        let series = file.series.iter().find(|x| &x.id == id).ok_or_else(|| {
            let known: Vec<&str> = file.series.iter().map(|s| s.id.as_str()).collect();
            let metric = file.metrics.iter().any(|m| &m.id == id);
            format!(
                "no series `{id}` in {path} — the series are {}{}",
                yaml::list(&known),
                if metric {
                    format!("; `{id}` is a metric: use `type: kpi` and `metrics: [{id}]`")
                } else {
                    String::new()
                }
            )
        })?;
        let title = s.title.clone().unwrap_or_else(|| series.title.clone());
        let unit = s.unit.clone().unwrap_or_else(|| series.unit.clone());
        let mut chart = base(title, unit);
        chart.categories = series.categories.clone();
        chart.datasets = series.datasets.clone();
        chart.single = series.single;
        let kind = s
            .kind
            .or(series.chart)
            .unwrap_or_else(|| choose(&series.categories, series.datasets.len()));
        Ok((chart, kind))
    }

    fn missing_file(&self, data: &str, path: &str) -> String {
        // The files nearest the missing one first (same folder, then by name).
        let dir = folder(path);
        let mut known: Vec<&str> = self.files.keys().map(String::as_str).collect();
        known.sort_unstable_by_key(|k| (folder(k) != dir, *k));
        let more = known.len().saturating_sub(8);
        known.truncate(8);
        let hint = if data.starts_with('/') {
            "a path starting with / is from the content folder"
        } else {
            "the path is relative to the page's folder; start it with / to give it from the content folder"
        };
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!(
            "`data: {data}`: there is no statistics file content/{path} ({hint}); the statistics files are {}{more}",
            yaml::list(&known)
        )
    }

    /// The first `max` metrics of the statistics files `stats` of the
    /// campaign folder `dir` (as in [`Charts::dashboard`]), in file order,
    /// with the numbers formatted as the dashboard's kpi cards show them.
    /// A file that cannot be found adds nothing here: the dashboard reports it.
    pub fn headline(&self, dir: &str, stats: &[String], max: usize) -> Vec<Headline> {
        let index = format!("{}/_index.md", dir.trim_end_matches('/'));
        stats
            .iter()
            .filter_map(|name| resolve(&index, name).and_then(|p| self.files.get(&p)))
            .flat_map(|file| {
                file.metrics.iter().map(|m| Headline {
                    label: m.label.clone(),
                    value: m.value.show(file.display, &m.unit),
                    unit: m.unit.clone(),
                })
            })
            .take(max)
            .collect()
    }

    /// The dashboard of the campaign folder `dir` (content-relative) from
    /// its `stats:` files (relative to `dir`, or from content/ with `/`):
    /// for each file the kpi cards of its metrics, then one chart per
    /// series, of the series' `chart:` type or one chosen for its data.
    pub fn dashboard(&self, dir: &str, stats: &[String]) -> Result<Vec<Figure>, String> {
        let mut out = Vec::new();
        let index = format!("{}/_index.md", dir.trim_end_matches('/'));
        for name in stats {
            let path = resolve(&index, name)
                .ok_or_else(|| format!("`stats: {name}` leads outside the content folder"))?;
            let file = self.files.get(&path).ok_or_else(|| {
                self.missing_file(name, &path)
                    .replacen("`data:", "`stats:", 1)
            })?;
            if !file.metrics.is_empty() {
                let key = format!("dashboard\n{path}\nkpi");
                out.push(self.cached(key, || {
                    let chart = Chart {
                        title: file.title.clone().unwrap_or_else(|| "主要数据".to_string()),
                        unit: String::new(),
                        display: file.display,
                        source: file.source.clone(),
                        categories: Vec::new(),
                        datasets: Vec::new(),
                        single: true,
                        metrics: file.metrics.clone(),
                    };
                    figure(&chart, ChartType::Kpi)
                })?);
            }
            for s in &file.series {
                let key = format!("dashboard\n{path}\nseries\n{}", s.id);
                let fig = self.cached(key, || {
                    let chart = Chart {
                        title: s.title.clone(),
                        unit: s.unit.clone(),
                        display: file.display,
                        source: file.source.clone(),
                        categories: s.categories.clone(),
                        datasets: s.datasets.clone(),
                        single: s.single,
                        metrics: Vec::new(),
                    };
                    let kind = s
                        .chart
                        .unwrap_or_else(|| choose(&s.categories, s.datasets.len()));
                    figure(&chart, kind)
                });
                out.push(fig.map_err(|e| format!("{path}: series `{}`: {e}", s.id))?);
            }
        }
        Ok(out)
    }
}

/// Draws a chart and wraps it in its figure.
fn figure(chart: &Chart, kind: ChartType) -> Result<Figure, String> {
    let (kind, svg, height) = draw(chart, kind)?;
    let file = format!("chart-{:012x}.svg", fnv(svg.as_bytes()) >> 16);
    let html = html::figure(chart, kind, &file, layout::W, height);
    Ok(Figure {
        html,
        file,
        svg: Arc::from(svg),
    })
}
