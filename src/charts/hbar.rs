//! Horizontal bars: the natural chart for long Chinese category names, which
//! get the left column (wrapped onto two lines, shortened with `…` and a
//! `<title>` beyond that). Several datasets are drawn as bars side by side
//! in each row. Values are written at the end of each bar; a negative bar
//! goes left of the zero line with its value on its left.

use super::layout::{header, HFrame, Mark, VALUE};
use super::palette::color;
use super::svg::{Anchor, Svg, Text};
use super::text;
use super::{Chart, ChartType};

/// Height of one bar.
const BAR_H: f64 = 20.0;

pub(super) fn draw(c: &Chart) -> (Svg, f64) {
    let mut svg = Svg::new();
    let top = header(&mut svg, &c.unit, &c.legend(Mark::Square));
    let k = c.datasets.len().max(1);
    let bar_h = if k > 2 { 16.0 } else { BAR_H };
    let (min, max) = super::layout::extent(c.values().map(|n| n.value));
    let scale = c.scale(ChartType::Hbar);
    let widest = |neg: bool| {
        c.values()
            .filter(|n| (n.value < 0.0) == neg)
            .map(|n| text::width(&scale.show(n), VALUE))
            .fold(0.0, f64::max)
            + 6.0
    };
    let frame = HFrame::new(
        &c.categories,
        (min, max),
        c.integer(),
        scale,
        k,
        bar_h,
        widest(false),
        widest(true),
        top,
    );
    frame.draw(&mut svg);
    let zero = frame.x(0.0_f64.clamp(frame.axis.lo, frame.axis.hi));
    for (i, cat) in c.categories.iter().enumerate() {
        for (j, d) in c.datasets.iter().enumerate() {
            let Some(v) = d.values.get(i) else { continue };
            let y = frame.bar_top(i, j, k, bar_h);
            let x = frame.x(v.value);
            let (left, w) = if x < zero {
                (x, zero - x)
            } else {
                (zero, x - zero)
            };
            svg.group_titled(&c.tooltip(cat, d, v));
            svg.rect(left, y, w, bar_h, color(j), "");
            svg.end_group();
            let label = scale.show(v);
            let base = y + bar_h / 2.0 + VALUE * 0.35;
            let t = if v.value < 0.0 {
                Text::new(x - 5.0, base, VALUE, &label).anchor(Anchor::End)
            } else {
                Text::new(x + 5.0, base, VALUE, &label)
            };
            svg.text(&t.class("v"));
        }
    }
    (svg, frame.height)
}
