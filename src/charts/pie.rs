//! Pie and donut charts: the parts of a whole. Slices start at twelve
//! o'clock and go clockwise in the order written; each slice's share is
//! written inside it when it fits, and a list beside the chart gives every
//! category with its colour, value and share. The donut has the total in
//! its middle. A pie of negative numbers, of several datasets or of nothing
//! but zeros is an error: those are not parts of a whole.

use std::f64::consts::PI;

use super::layout::{header, LABEL, PAD, SMALL, VALUE, W};
use super::number::{share, Display, Num};
use super::palette::{slice_color, text_on, MUTED};
use super::svg::{n, Anchor, Svg, Text};
use super::text::{self, LINE_HEIGHT};
use super::{Chart, ChartType};

const R: f64 = 110.0;
/// Inner radius of the donut.
const R_IN: f64 = 62.0;

/// Why a series cannot be a pie, if it cannot.
pub(super) fn check(c: &Chart) -> Result<(), String> {
    match super::stats::not_a_whole(&c.categories, &c.datasets) {
        Some(problem) => Err(format!("a pie or donut chart {problem}")),
        None => Ok(()),
    }
}

pub(super) fn draw(c: &Chart, donut: bool) -> Result<(Svg, f64), String> {
    check(c)?;
    let values = &c.datasets[0].values;
    let count = values.len();
    let total: f64 = values.iter().map(|v| v.value).sum();
    let scale = c.scale(if donut {
        ChartType::Donut
    } else {
        ChartType::Pie
    });
    let mut svg = Svg::new();
    let top = header(&mut svg, &c.unit, &[]);

    // The list beside the pie.
    let lx = PAD + 2.0 * R + 32.0;
    let shown: Vec<String> = values
        .iter()
        .map(|v| format!("{}（{}）", scale.show(v), share(v.value, total)))
        .collect();
    let value_w = shown
        .iter()
        .map(|s| text::width(s, VALUE))
        .fold(0.0, f64::max);
    let label_w = (W - PAD - value_w - 12.0 - (lx + 20.0)).max(3.0 * LABEL);
    let labels: Vec<text::Wrapped> = c
        .categories
        .iter()
        .map(|cat| text::wrap_balanced(cat, label_w, LABEL, 2))
        .collect();
    let row_h = |w: &text::Wrapped| w.lines.len() as f64 * LABEL * LINE_HEIGHT + 8.0;
    let list_h: f64 = labels.iter().map(row_h).sum();
    let pie_h = 2.0 * R + 16.0;
    let body = pie_h.max(list_h);
    let cx = PAD + R;
    let cy = top + body / 2.0;

    // Slices.
    let mut a0 = -PI / 2.0;
    let white = " stroke=\"#FFFFFF\" stroke-width=\"1.5\" stroke-linejoin=\"round\"";
    let mut inside: Vec<(f64, f64, usize)> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        if v.value <= 0.0 {
            continue;
        }
        let sweep = v.value / total * 2.0 * PI;
        let a1 = a0 + sweep;
        svg.group_titled(&format!(
            "{}：{}{}（{}）",
            c.categories[i],
            v.show(Display::Plain, &c.unit),
            c.unit,
            share(v.value, total)
        ));
        if sweep >= 2.0 * PI - 1e-9 {
            if donut {
                let extra = format!(
                    " stroke=\"{}\" stroke-width=\"{}\"",
                    slice_color(i, count),
                    n(R - R_IN)
                );
                svg.circle(cx, cy, (R + R_IN) / 2.0, "none", &extra);
            } else {
                svg.circle(cx, cy, R, slice_color(i, count), "");
            }
        } else {
            svg.path(&slice(cx, cy, a0, a1, donut), slice_color(i, count), white);
        }
        svg.end_group();
        inside.push((a0, a1, i));
        a0 = a1;
    }
    // Shares inside the slices that have room for them.
    for (a0, a1, i) in inside {
        let label = share(values[i].value, total);
        let w = text::width(&label, VALUE);
        let rl = if donut { (R + R_IN) / 2.0 } else { R * 0.64 };
        let sweep = a1 - a0;
        let room = if sweep >= PI {
            f64::INFINITY
        } else {
            2.0 * rl * (sweep / 2.0).sin()
        };
        let depth_ok = !donut || R - R_IN >= VALUE * 1.4;
        if room >= w + 10.0 && depth_ok && rl * sweep >= VALUE * 1.6 {
            let mid = (a0 + a1) / 2.0;
            let (x, y) = (cx + rl * mid.cos(), cy + rl * mid.sin());
            svg.text(
                &Text::new(x, y + VALUE * 0.35, VALUE, &label)
                    .anchor(Anchor::Middle)
                    .fill(text_on(slice_color(i, count))),
            );
        }
    }
    if donut {
        let sum = Num::new(total, values.iter().map(|v| v.decimals).max().unwrap_or(0));
        let t = scale.show(&sum);
        let mut size = 24.0;
        while size > 12.0 && text::width(&t, size) > 2.0 * R_IN - 16.0 {
            size -= 2.0;
        }
        if text::width(&t, size) <= 2.0 * R_IN - 12.0 {
            svg.text(
                &Text::new(cx, cy + size * 0.2, size, &t)
                    .anchor(Anchor::Middle)
                    .bold()
                    .class("v"),
            );
            svg.text(
                &Text::new(cx, cy + size * 0.2 + SMALL * 1.5, SMALL, "合计")
                    .anchor(Anchor::Middle)
                    .fill(MUTED),
            );
        }
    }
    // The list: colour, category, value and share.
    let mut y = cy - list_h / 2.0;
    for (i, w) in labels.iter().enumerate() {
        let h = row_h(w);
        let first = y + 4.0 + LABEL * 0.9;
        svg.rect(
            lx,
            first - LABEL * 0.8,
            12.0,
            12.0,
            slice_color(i, count),
            "",
        );
        for (j, line) in w.lines.iter().enumerate() {
            let last = j + 1 == w.lines.len();
            let full = (last && w.truncated).then(|| c.categories[i].as_str());
            svg.text(
                &Text::new(
                    lx + 20.0,
                    first + j as f64 * LABEL * LINE_HEIGHT,
                    LABEL,
                    line,
                )
                .full(full),
            );
        }
        svg.text(
            &Text::new(W - PAD, first, VALUE, &shown[i])
                .anchor(Anchor::End)
                .class("v"),
        );
        y += h;
    }
    Ok((svg, top + body + PAD))
}

/// The path of a slice from angle `a0` to `a1` (radians, clockwise from 3 o'clock).
fn slice(cx: f64, cy: f64, a0: f64, a1: f64, donut: bool) -> String {
    let large = if a1 - a0 > PI { 1 } else { 0 };
    let p = |r: f64, a: f64| (cx + r * a.cos(), cy + r * a.sin());
    let (ox0, oy0) = p(R, a0);
    let (ox1, oy1) = p(R, a1);
    if donut {
        let (ix0, iy0) = p(R_IN, a0);
        let (ix1, iy1) = p(R_IN, a1);
        format!(
            "M{} {}A{r} {r} 0 {large} 1 {} {}L{} {}A{ri} {ri} 0 {large} 0 {} {}Z",
            n(ox0),
            n(oy0),
            n(ox1),
            n(oy1),
            n(ix1),
            n(iy1),
            n(ix0),
            n(iy0),
            r = n(R),
            ri = n(R_IN),
        )
    } else {
        format!(
            "M{} {}L{} {}A{r} {r} 0 {large} 1 {} {}Z",
            n(cx),
            n(cy),
            n(ox0),
            n(oy0),
            n(ox1),
            n(oy1),
            r = n(R)
        )
    }
}
