//! Lines over categories (usually months or years), one per dataset, told
//! apart by colour, dash pattern and point marker. Each point's value is
//! written above (or below) it where it does not touch another label or
//! point; the table under the figure has every number. The value axis
//! starts at 0 unless the data all lie in its upper half. Too many category
//! labels for the width are thinned out (every second, third, … label).

use super::layout::{self, header, marker, Fit, Mark, VFrame, VALUE, W};
use super::number::Axis;
use super::palette::color;
use super::svg::{n, Anchor, Rect, Svg, Text};
use super::{Chart, ChartType};

/// Dash patterns by dataset (the first is solid).
const DASHES: [&str; 4] = [
    "",
    " stroke-dasharray=\"7 4\"",
    " stroke-dasharray=\"2 3\"",
    " stroke-dasharray=\"9 3 2 3\"",
];

pub(super) fn draw(c: &Chart) -> (Svg, f64) {
    let mut svg = Svg::new();
    let legend = if c.datasets.len() > 1 {
        c.datasets
            .iter()
            .enumerate()
            .map(|(i, d)| layout::LegendItem {
                label: &d.label,
                color: color(i),
                mark: Mark::Line(i),
            })
            .collect()
    } else {
        Vec::new()
    };
    let top = header(&mut svg, &c.unit, &legend);
    let (min, max) = layout::extent(c.values().map(|n| n.value));
    let zero = !(min > 0.0 && min >= max * 0.5);
    let scale = c.scale(ChartType::Line);
    let axis = Axis::new(min, max, 5, zero, c.integer(), scale);
    let Some(frame) = VFrame::new(&c.categories, axis, top, VALUE * 1.3 + 8.0, 8.0, Fit::Thin)
    else {
        // Only a strict frame gives up; keep a drawing all the same.
        return super::hbar::draw(c);
    };
    frame.draw(&mut svg);

    let points: Vec<Vec<Option<(f64, f64)>>> = c
        .datasets
        .iter()
        .map(|d| {
            (0..c.categories.len())
                .map(|i| d.values.get(i).map(|v| (frame.cx(i), frame.y(v.value))))
                .collect()
        })
        .collect();
    for (j, pts) in points.iter().enumerate() {
        let mut d = String::new();
        for (x, y) in pts.iter().flatten() {
            d.push(if d.is_empty() { 'M' } else { 'L' });
            d.push_str(&format!("{} {}", n(*x), n(*y)));
        }
        if pts.iter().flatten().count() > 1 {
            let extra = format!(
                " stroke=\"{}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"{}",
                color(j),
                DASHES[j % DASHES.len()]
            );
            svg.path(&d, "none", &extra);
        }
    }
    let mut obstacles: Vec<Rect> = Vec::new();
    for (j, pts) in points.iter().enumerate() {
        for (i, p) in pts.iter().enumerate() {
            let Some((x, y)) = p else { continue };
            let (d, v) = (&c.datasets[j], &c.datasets[j].values[i]);
            svg.group_titled(&c.tooltip(&c.categories[i], d, v));
            marker(&mut svg, j, *x, *y, color(j));
            svg.end_group();
            obstacles.push(Rect {
                x0: x - 6.0,
                y0: y - 6.0,
                x1: x + 6.0,
                y1: y + 6.0,
            });
        }
    }
    // Value labels: the highest series of a category tries above its point
    // first, the others below; then beside. A label that would touch
    // another label, a point or a line is left out.
    let segments: Vec<((f64, f64), (f64, f64))> = points
        .iter()
        .flat_map(|pts| {
            let pts: Vec<(f64, f64)> = pts.iter().flatten().copied().collect();
            pts.windows(2).map(|w| (w[0], w[1])).collect::<Vec<_>>()
        })
        .collect();
    let lowest = frame.bottom - 2.0;
    let highest = frame.top - VALUE * 1.3 - 6.0;
    for i in 0..c.categories.len() {
        let mut order: Vec<usize> = (0..c.datasets.len())
            .filter(|j| points[*j].get(i).copied().flatten().is_some())
            .collect();
        order.sort_by(|a, b| {
            let va = c.datasets[*a].values[i].value;
            let vb = c.datasets[*b].values[i].value;
            vb.total_cmp(&va)
        });
        for (rank, j) in order.into_iter().enumerate() {
            let Some((x, y)) = points[j][i] else { continue };
            let v = &c.datasets[j].values[i];
            let label = scale.show(v);
            let up = y - 9.0;
            let down = y + 9.0 + VALUE * 0.9;
            let side_up = y - 7.0;
            let side_down = y + 7.0 + VALUE * 0.9;
            let above = [
                (x, up, Anchor::Middle),
                (x - 6.0, side_up, Anchor::End),
                (x + 6.0, side_up, Anchor::Start),
            ];
            let below = [
                (x, down, Anchor::Middle),
                (x - 6.0, side_down, Anchor::End),
                (x + 6.0, side_down, Anchor::Start),
            ];
            let tries: Vec<_> = if rank == 0 {
                above.into_iter().chain(below).collect()
            } else {
                below.into_iter().chain(above).collect()
            };
            for (tx, ty, anchor) in tries {
                let t = Text::new(tx, ty, VALUE, &label).anchor(anchor).class("v");
                let b = t.bbox();
                let inside = b.x0 >= 1.0 && b.x1 <= W - 1.0 && b.y0 >= highest && b.y1 <= lowest;
                if inside
                    && !svg.collides(&b)
                    && !obstacles.iter().any(|o| o.overlaps(&b))
                    && !segments.iter().any(|(p, q)| crosses(*p, *q, &b))
                {
                    svg.text(&t);
                    break;
                }
            }
        }
    }
    (svg, frame.height)
}

/// Whether the segment from `p` to `q` passes through the box `r`
/// (shrunk a little, so a line grazing a corner does not count).
fn crosses(p: (f64, f64), q: (f64, f64), r: &Rect) -> bool {
    let r = Rect {
        x0: r.x0 + 1.0,
        y0: r.y0 + 1.0,
        x1: r.x1 - 1.0,
        y1: r.y1 - 1.0,
    };
    // Clip the segment to the box (Liang–Barsky).
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (pk, qk) in [
        (-dx, p.0 - r.x0),
        (dx, r.x1 - p.0),
        (-dy, p.1 - r.y0),
        (dy, r.y1 - p.1),
    ] {
        if pk == 0.0 {
            if qk < 0.0 {
                return false;
            }
        } else {
            let t = qk / pk;
            if pk < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 <= t1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_box_crossing() {
        let r = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 10.0,
        };
        assert!(crosses((-5.0, 5.0), (15.0, 5.0), &r));
        assert!(crosses((5.0, -5.0), (5.0, 15.0), &r));
        assert!(!crosses((-5.0, -5.0), (-1.0, 20.0), &r));
        assert!(!crosses((20.0, 0.0), (30.0, 10.0), &r));
        assert!(crosses((-5.0, 15.0), (15.0, -5.0), &r));
    }
}
