//! Stacked bars: the datasets of each category piled up, the total written
//! at the end of the stack and each part inside its segment when it fits
//! (the table under the figure has every number). Vertical when the
//! category labels fit under the stacks, horizontal otherwise. Negative
//! parts stack downwards from the zero line.

use super::layout::{self, header, Fit, HFrame, Mark, VFrame, VALUE};
use super::number::Axis;
use super::number::Num;
use super::palette::{color, text_on};
use super::svg::{Anchor, Svg, Text};
use super::text;
use super::{Chart, ChartType};

/// One segment: category, dataset, from, to.
struct Seg {
    i: usize,
    j: usize,
    from: f64,
    to: f64,
}

/// Segments of every stack, and the positive and negative totals.
fn stack(c: &Chart) -> (Vec<Seg>, Vec<(f64, f64)>) {
    let mut segs = Vec::new();
    let mut totals = Vec::with_capacity(c.categories.len());
    for i in 0..c.categories.len() {
        let (mut pos, mut neg) = (0.0, 0.0);
        for (j, d) in c.datasets.iter().enumerate() {
            let Some(v) = d.values.get(i) else { continue };
            let v = v.value;
            let (from, to) = if v < 0.0 {
                let f = neg;
                neg += v;
                (f, neg)
            } else {
                let f = pos;
                pos += v;
                (f, pos)
            };
            segs.push(Seg { i, j, from, to });
        }
        totals.push((pos, neg));
    }
    (segs, totals)
}

/// The total of category `i` as shown, with the most decimals of its parts.
pub(super) fn total(c: &Chart, i: usize) -> Num {
    let (mut sum, mut dec) = (0.0, 0);
    for d in &c.datasets {
        if let Some(v) = d.values.get(i) {
            sum += v.value;
            dec = dec.max(v.decimals);
        }
    }
    Num::new(sum, dec)
}

pub(super) fn draw(c: &Chart) -> (Svg, f64) {
    vertical(c).unwrap_or_else(|| horizontal(c))
}

fn vertical(c: &Chart) -> Option<(Svg, f64)> {
    let mut svg = Svg::new();
    let top = header(&mut svg, &c.unit, &c.legend(Mark::Square));
    let (segs, totals) = stack(c);
    let (min, max) = layout::extent(totals.iter().flat_map(|(p, n)| [*p, *n]));
    let scale = c.scale(ChartType::Stacked);
    let axis = Axis::new(min, max, 5, true, c.integer(), scale);
    let below = if min < 0.0 { 8.0 + 4.0 } else { 8.0 };
    let frame = VFrame::new(
        &c.categories,
        axis,
        top,
        VALUE * 1.3 + 6.0,
        below,
        Fit::Strict,
    )?;
    let bar_w = (frame.slot * 0.56).min(64.0);
    let totals_text: Vec<String> = (0..c.categories.len())
        .map(|i| scale.show(&total(c, i)))
        .collect();
    if totals_text
        .iter()
        .any(|t| text::width(t, VALUE) > frame.slot - 4.0)
    {
        return None;
    }
    frame.draw(&mut svg);
    for s in &segs {
        let (y0, y1) = (frame.y(s.from), frame.y(s.to));
        let (top, h) = (y0.min(y1), (y0 - y1).abs());
        let d = &c.datasets[s.j];
        let Some(v) = d.values.get(s.i) else { continue };
        svg.group_titled(&c.tooltip(&c.categories[s.i], d, v));
        svg.rect(frame.cx(s.i) - bar_w / 2.0, top, bar_w, h, color(s.j), "");
        svg.end_group();
        let label = scale.show(v);
        if h >= VALUE + 4.0 && text::width(&label, VALUE) <= bar_w - 4.0 && v.value != 0.0 {
            let t = Text::new(frame.cx(s.i), top + h / 2.0 + VALUE * 0.35, VALUE, &label)
                .anchor(Anchor::Middle)
                .fill(text_on(color(s.j)))
                .class("v");
            svg.text(&t);
        }
    }
    for (i, t) in totals_text.iter().enumerate() {
        let y = frame.y(totals[i].0) - 5.0;
        svg.text(
            &Text::new(frame.cx(i), y, VALUE, t)
                .anchor(Anchor::Middle)
                .bold()
                .class("v"),
        );
    }
    Some((svg, frame.height))
}

fn horizontal(c: &Chart) -> (Svg, f64) {
    let mut svg = Svg::new();
    let top = header(&mut svg, &c.unit, &c.legend(Mark::Square));
    let (segs, totals) = stack(c);
    let (min, max) = layout::extent(totals.iter().flat_map(|(p, n)| [*p, *n]));
    let scale = c.scale(ChartType::Stacked);
    let totals_text: Vec<String> = (0..c.categories.len())
        .map(|i| scale.show(&total(c, i)))
        .collect();
    let widest = totals_text
        .iter()
        .map(|t| text::width(t, VALUE))
        .fold(0.0, f64::max)
        + 6.0;
    let bar_h = 22.0;
    let frame = HFrame::new(
        &c.categories,
        (min, max),
        c.integer(),
        scale,
        1,
        bar_h,
        widest,
        0.0,
        top,
    );
    frame.draw(&mut svg);
    for s in &segs {
        let (x0, x1) = (frame.x(s.from), frame.x(s.to));
        let (left, w) = (x0.min(x1), (x1 - x0).abs());
        let y = frame.bar_top(s.i, 0, 1, bar_h);
        let d = &c.datasets[s.j];
        let Some(v) = d.values.get(s.i) else { continue };
        svg.group_titled(&c.tooltip(&c.categories[s.i], d, v));
        svg.rect(left, y, w, bar_h, color(s.j), "");
        svg.end_group();
        let label = scale.show(v);
        if text::width(&label, VALUE) <= w - 6.0 && v.value != 0.0 {
            let t = Text::new(
                left + w / 2.0,
                y + bar_h / 2.0 + VALUE * 0.35,
                VALUE,
                &label,
            )
            .anchor(Anchor::Middle)
            .fill(text_on(color(s.j)))
            .class("v");
            svg.text(&t);
        }
    }
    for (i, t) in totals_text.iter().enumerate() {
        let y = frame.bar_top(i, 0, 1, bar_h) + bar_h / 2.0 + VALUE * 0.35;
        let x = frame.x(totals[i].0) + 5.0;
        svg.text(&Text::new(x, y, VALUE, t).bold().class("v"));
    }
    (svg, frame.height)
}
