//! What the chart types share: the canvas size and font sizes, the header
//! (unit and legend), and the two frames a category chart is drawn in — a
//! vertical one (categories along the bottom, values up: bar, stacked, line)
//! and a horizontal one (categories down the left: hbar, stacked).

use super::number::{Axis, Scale};
use super::palette::{AXIS, GRID, MUTED};
use super::svg::{n, Anchor, Svg, Text};
use super::text::{self, Wrapped, LINE_HEIGHT};

/// Width of every chart; the height follows from the content.
pub(super) const W: f64 = 560.0;
/// Margin around the drawing.
pub(super) const PAD: f64 = 16.0;
/// Category labels and the legend.
pub(super) const LABEL: f64 = 15.0;
/// Value labels on bars, points and slices.
pub(super) const VALUE: f64 = 14.0;
/// Axis ticks and the unit line.
pub(super) const SMALL: f64 = 13.0;

/// How a legend entry marks its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// A filled square (bars, slices).
    Square,
    /// A line with the series' point marker (line charts).
    Line(usize),
}

/// One entry of a legend.
pub(crate) struct LegendItem<'a> {
    pub label: &'a str,
    pub color: &'a str,
    pub mark: Mark,
}

/// Draws the unit (`单位：件`) and the legend from the top of the canvas;
/// returns the y below them.
pub(super) fn header(svg: &mut Svg, unit: &str, legend: &[LegendItem]) -> f64 {
    let row = LABEL * 1.6;
    let mut y = PAD;
    let mut x = PAD;
    let mut used = false;
    if !unit.is_empty() {
        let t = format!("单位：{unit}");
        let t = text::ellipsize_if_needed(&t, W - 2.0 * PAD, SMALL);
        svg.text(
            &Text::new(PAD, y + LABEL, SMALL, &t.0)
                .fill(MUTED)
                .full(t.1.as_deref()),
        );
        x = PAD + text::width(&t.0, SMALL) + 20.0;
        used = true;
    }
    for item in legend {
        let swatch = 14.0;
        let max_text = W - 2.0 * PAD - swatch - 6.0;
        let (label, full) = text::ellipsize_if_needed(item.label, max_text, LABEL);
        let w = swatch + 6.0 + text::width(&label, LABEL);
        if used && x + w > W - PAD {
            y += row;
            x = PAD;
        }
        let mid = y + LABEL * 0.62;
        match item.mark {
            Mark::Square => svg.rect(x, mid - 6.0, 12.0, 12.0, item.color, ""),
            Mark::Line(i) => {
                svg.line(x - 1.0, mid, x + swatch + 1.0, mid, item.color, 2.5);
                marker(svg, i, x + swatch / 2.0, mid, item.color);
            }
        }
        svg.text(&Text::new(x + swatch + 6.0, y + LABEL, LABEL, &label).full(full.as_deref()));
        x += w + 18.0;
        used = true;
    }
    if used {
        y + row
    } else {
        PAD
    }
}

/// The point marker of line series `i`: circle, square, triangle, diamond.
pub(super) fn marker(svg: &mut Svg, i: usize, x: f64, y: f64, color: &str) {
    let white = " stroke=\"#FFFFFF\" stroke-width=\"1.5\"";
    match i % 4 {
        0 => svg.circle(x, y, 4.5, color, white),
        1 => svg.rect(x - 4.0, y - 4.0, 8.0, 8.0, color, white),
        2 => svg.path(
            &format!(
                "M{} {}L{} {}L{} {}Z",
                n(x),
                n(y - 5.5),
                n(x + 5.0),
                n(y + 3.5),
                n(x - 5.0),
                n(y + 3.5)
            ),
            color,
            white,
        ),
        _ => svg.path(
            &format!(
                "M{} {}L{} {}L{} {}L{} {}Z",
                n(x),
                n(y - 5.5),
                n(x + 5.0),
                n(y),
                n(x),
                n(y + 5.5),
                n(x - 5.0),
                n(y)
            ),
            color,
            white,
        ),
    }
}

/// Numbers of every dataset, smallest and largest (0, 0 when there are none).
pub(super) fn extent(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let mut any = false;
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        any = true;
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if any {
        (lo, hi)
    } else {
        (0.0, 0.0)
    }
}

/// Categories along the bottom, values up.
pub(super) struct VFrame {
    pub axis: Axis,
    /// Left and right end of the plot.
    pub left: f64,
    pub right: f64,
    /// y of the axis' highest and lowest value.
    pub top: f64,
    pub bottom: f64,
    /// Width of one category.
    pub slot: f64,
    /// Labels (by category; `None` for labels left out to make room).
    labels: Vec<Option<Wrapped>>,
    full: Vec<String>,
    label_top: f64,
    pub height: f64,
}

/// How a vertical frame deals with category labels that do not fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fit {
    /// Give up (the caller draws horizontal bars instead).
    Strict,
    /// Label every k-th category only, shorten with `…` as a last resort.
    Thin,
}

/// Height of the plot area of vertical charts.
const PLOT_H: f64 = 230.0;

impl VFrame {
    /// Lays out a frame below `top`, with `above` room over the plot for
    /// value labels and `below` room under it before the category labels.
    pub(super) fn new(
        categories: &[String],
        axis: Axis,
        top: f64,
        above: f64,
        below: f64,
        fit: Fit,
    ) -> Option<VFrame> {
        let tick_w = axis
            .ticks
            .iter()
            .map(|(_, l)| text::width(l, SMALL))
            .fold(0.0, f64::max);
        let left = PAD + tick_w + 8.0;
        let right = W - PAD;
        let n = categories.len().max(1);
        let slot = (right - left) / n as f64;
        let mut labels: Vec<Option<Wrapped>> = Vec::with_capacity(categories.len());
        let mut every = 1;
        loop {
            labels.clear();
            let mut ok = true;
            for (i, c) in categories.iter().enumerate() {
                if !i.is_multiple_of(every) {
                    labels.push(None);
                    continue;
                }
                // Its share of the width, and never past the canvas' edges.
                let cx = left + slot * (i as f64 + 0.5);
                let room = (slot * every as f64 - 8.0)
                    .min(2.0 * (cx - 2.0))
                    .min(2.0 * (W - 2.0 - cx));
                // Every k-th label on one line; all labels on up to two.
                let w = text::wrap_balanced(c, room, LABEL, if every > 1 { 1 } else { 2 });
                ok &= !w.truncated;
                labels.push(Some(w));
            }
            if ok {
                break;
            }
            match fit {
                Fit::Strict => return None,
                Fit::Thin if every * 2 <= n && slot * (every as f64) < 120.0 => every += 1,
                Fit::Thin => break,
            }
        }
        let plot_top = top + above;
        let plot_bottom = plot_top + PLOT_H;
        let label_top = plot_bottom + below;
        let lines = labels
            .iter()
            .flatten()
            .map(|w| w.lines.len())
            .max()
            .unwrap_or(0);
        let height = label_top + lines as f64 * LABEL * LINE_HEIGHT + PAD;
        Some(VFrame {
            axis,
            left,
            right,
            top: plot_top,
            bottom: plot_bottom,
            slot,
            labels,
            full: categories.to_vec(),
            label_top,
            height,
        })
    }

    /// y of value `v`.
    pub(super) fn y(&self, v: f64) -> f64 {
        self.bottom - self.axis.frac(v) * (self.bottom - self.top)
    }

    /// x of the middle of category `i`.
    pub(super) fn cx(&self, i: usize) -> f64 {
        self.left + self.slot * (i as f64 + 0.5)
    }

    /// Grid, tick labels, zero line and category labels.
    pub(super) fn draw(&self, svg: &mut Svg) {
        for (v, label) in &self.axis.ticks {
            let y = self.y(*v);
            svg.line(self.left, y, self.right, y, GRID, 1.0);
            svg.text(
                &Text::new(self.left - 6.0, y + SMALL * 0.35, SMALL, label)
                    .anchor(Anchor::End)
                    .fill(MUTED),
            );
        }
        let zero = self.y(0.0_f64.clamp(self.axis.lo, self.axis.hi));
        svg.line(self.left, zero, self.right, zero, AXIS, 1.2);
        for (i, w) in self.labels.iter().enumerate() {
            let Some(w) = w else { continue };
            for (j, line) in w.lines.iter().enumerate() {
                let y = self.label_top + LABEL * (0.9 + j as f64 * LINE_HEIGHT);
                let last = j + 1 == w.lines.len();
                svg.text(
                    &Text::new(self.cx(i), y, LABEL, line)
                        .anchor(Anchor::Middle)
                        .full((last && w.truncated).then(|| self.full[i].as_str())),
                );
            }
        }
    }
}

/// Categories down the left, values to the right.
pub(super) struct HFrame {
    pub axis: Axis,
    /// Right edge of the category labels.
    pub label_right: f64,
    /// x of the axis' lowest and highest value.
    pub x0: f64,
    pub x1: f64,
    /// Top and height of each category's row.
    pub rows: Vec<(f64, f64)>,
    labels: Vec<Wrapped>,
    full: Vec<String>,
    /// y of the tick labels' baseline.
    tick_y: f64,
    pub height: f64,
}

/// Space between a row's bars.
pub(super) const BAR_GAP: f64 = 3.0;

impl HFrame {
    /// `bars` bars of height `bar_h` per row; `value_w` the widest value
    /// label right of a bar (`neg_w` left of a negative one).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        categories: &[String],
        (min, max): (f64, f64),
        integer: bool,
        scale: Scale,
        bars: usize,
        bar_h: f64,
        value_w: f64,
        neg_w: f64,
        top: f64,
    ) -> HFrame {
        let max_label = (W * 0.36).floor();
        let labels: Vec<Wrapped> = categories
            .iter()
            .map(|c| text::wrap_balanced(c, max_label, LABEL, 2))
            .collect();
        let label_w = labels.iter().map(|w| w.width(LABEL)).fold(0.0, f64::max);
        let label_right = PAD + label_w;
        let x0 = label_right + 10.0 + if min < 0.0 { neg_w + 4.0 } else { 0.0 };
        let x1 = (W - PAD - value_w - 4.0).max(x0 + 40.0);
        // As many ticks as fit side by side without their labels touching.
        let mut axis = Axis::new(min, max, 5, true, integer, scale);
        for target in (2..=5).rev() {
            axis = Axis::new(min, max, target, true, integer, scale);
            let widest = axis
                .ticks
                .iter()
                .map(|(_, l)| text::width(l, SMALL))
                .fold(0.0, f64::max);
            let gap = (x1 - x0) / (axis.ticks.len().max(2) - 1) as f64;
            if gap >= widest + 10.0 {
                break;
            }
        }
        let bars_h = bars as f64 * bar_h + (bars.saturating_sub(1)) as f64 * BAR_GAP;
        let mut rows = Vec::with_capacity(labels.len());
        let mut y = top + 6.0;
        for w in &labels {
            let text_h = w.lines.len() as f64 * LABEL * LINE_HEIGHT;
            let h = text_h.max(bars_h) + 12.0;
            rows.push((y, h));
            y += h;
        }
        let tick_y = y + 4.0 + SMALL;
        HFrame {
            axis,
            label_right,
            x0,
            x1,
            rows,
            labels,
            full: categories.to_vec(),
            tick_y,
            height: tick_y + SMALL * text::DESCENT + PAD,
        }
    }

    /// x of value `v`.
    pub(super) fn x(&self, v: f64) -> f64 {
        self.x0 + self.axis.frac(v) * (self.x1 - self.x0)
    }

    /// Top of bar `j` of the `bars` bars in row `i`.
    pub(super) fn bar_top(&self, i: usize, j: usize, bars: usize, bar_h: f64) -> f64 {
        let (top, h) = self.rows[i];
        let bars_h = bars as f64 * bar_h + (bars.saturating_sub(1)) as f64 * BAR_GAP;
        top + (h - bars_h) / 2.0 + j as f64 * (bar_h + BAR_GAP)
    }

    /// Grid, ticks, zero line and category labels.
    pub(super) fn draw(&self, svg: &mut Svg) {
        let plot_top = self.rows.first().map_or(self.tick_y, |r| r.0);
        let plot_bottom = self.rows.last().map_or(self.tick_y, |r| r.0 + r.1);
        let mut last_right = f64::NEG_INFINITY;
        for (v, label) in &self.axis.ticks {
            let x = self.x(*v);
            svg.line(x, plot_top, x, plot_bottom, GRID, 1.0);
            let w = text::width(label, SMALL);
            let (tx, anchor) = if x + w / 2.0 > W - 2.0 {
                (W - 2.0, Anchor::End)
            } else {
                (x, Anchor::Middle)
            };
            let left = anchor.left(tx, w);
            if left < last_right + 4.0 {
                continue;
            }
            last_right = left + w;
            svg.text(
                &Text::new(tx, self.tick_y, SMALL, label)
                    .anchor(anchor)
                    .fill(MUTED),
            );
        }
        let zero = self.x(0.0_f64.clamp(self.axis.lo, self.axis.hi));
        svg.line(zero, plot_top, zero, plot_bottom, AXIS, 1.2);
        for (i, w) in self.labels.iter().enumerate() {
            let (top, h) = self.rows[i];
            let block = w.lines.len() as f64 * LABEL * LINE_HEIGHT;
            let first = top + (h - block) / 2.0 + LABEL * (LINE_HEIGHT - 1.0) / 2.0 + LABEL * 0.85;
            for (j, line) in w.lines.iter().enumerate() {
                let last = j + 1 == w.lines.len();
                let full = (last && w.truncated).then(|| self.full[i].as_str());
                svg.text(
                    &Text::new(
                        self.label_right,
                        first + j as f64 * LABEL * LINE_HEIGHT,
                        LABEL,
                        line,
                    )
                    .anchor(Anchor::End)
                    .full(full),
                );
            }
        }
    }
}
