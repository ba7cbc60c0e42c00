//! Vertical bars, grouped when the series has several datasets. Values are
//! written above each bar (below a negative one, which hangs under the zero
//! line). When the category labels do not fit under their bars on two lines,
//! or the value labels would touch, [`draw`] gives up and the chart is drawn
//! as horizontal bars instead.

use super::layout::{self, header, Fit, VFrame, VALUE};
use super::number::Axis;
use super::palette::color;
use super::svg::{Anchor, Rect, Svg, Text};
use super::{Chart, ChartType};

/// The drawing and its height, or `None` when it does not fit.
pub(super) fn draw(c: &Chart) -> Option<(Svg, f64)> {
    let mut svg = Svg::new();
    let k = c.datasets.len().max(1);
    let top = header(&mut svg, &c.unit, &c.legend(layout::Mark::Square));
    let (min, max) = layout::extent(c.values().map(|n| n.value));
    let scale = c.scale(ChartType::Bar);
    let axis = Axis::new(min, max, 5, true, c.integer(), scale);
    let below = if min < 0.0 { VALUE * 1.3 + 10.0 } else { 8.0 };
    let frame = VFrame::new(
        &c.categories,
        axis,
        top,
        VALUE * 1.3 + 6.0,
        below,
        Fit::Strict,
    )?;

    let group = frame.slot * if k == 1 { 0.56 } else { 0.8 };
    let gap = if k == 1 { 0.0 } else { 2.0 };
    let bar_w = ((group - gap * (k - 1) as f64) / k as f64).min(64.0);
    let group_w = bar_w * k as f64 + gap * (k - 1) as f64;
    let zero = frame.y(0.0_f64.clamp(frame.axis.lo, frame.axis.hi));

    // Place every value label first: if any two touch, this chart does not fit.
    let mut labels: Vec<(f64, f64, String)> = Vec::new();
    let mut boxes: Vec<Rect> = Vec::new();
    for (i, _) in c.categories.iter().enumerate() {
        let x0 = frame.cx(i) - group_w / 2.0;
        for (j, d) in c.datasets.iter().enumerate() {
            let Some(v) = d.values.get(i) else { continue };
            let x = x0 + j as f64 * (bar_w + gap) + bar_w / 2.0;
            let y_end = frame.y(v.value);
            let y = if v.value < 0.0 {
                y_end + VALUE * 0.9 + 4.0
            } else {
                y_end - 5.0
            };
            let label = scale.show(v);
            let t = Text::new(x, y, VALUE, &label).anchor(Anchor::Middle);
            let b = t.bbox();
            // A label may not spill past the middle of the gap to the next bar.
            let room = if k == 1 {
                frame.slot - 4.0
            } else {
                bar_w + gap
            };
            if b.x1 - b.x0 > room || boxes.iter().any(|o| o.overlaps(&b)) {
                return None;
            }
            boxes.push(b);
            labels.push((x, y, label));
        }
    }

    frame.draw(&mut svg);
    for (i, cat) in c.categories.iter().enumerate() {
        let x0 = frame.cx(i) - group_w / 2.0;
        for (j, d) in c.datasets.iter().enumerate() {
            let Some(v) = d.values.get(i) else { continue };
            let x = x0 + j as f64 * (bar_w + gap);
            let y = frame.y(v.value);
            let (top, h) = if y < zero {
                (y, zero - y)
            } else {
                (zero, y - zero)
            };
            svg.group_titled(&c.tooltip(cat, d, v));
            svg.rect(x, top, bar_w, h.max(0.0), color(j), "");
            svg.end_group();
        }
    }
    for (x, y, label) in &labels {
        svg.text(
            &Text::new(*x, *y, VALUE, label)
                .anchor(Anchor::Middle)
                .class("v"),
        );
    }
    Some((svg, frame.height))
}
