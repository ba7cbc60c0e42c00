//! 成绩单: one card per metric with its label, its value in large type with
//! the unit after it, and the 同比 change from `previous` (↑28.4% in dark
//! red, ↓ in dark green, 持平). Cards are laid out in up to three columns;
//! fewer when a value does not fit its card.

use super::layout::{LABEL, PAD, W};
use super::number;
use super::palette::{CARD, DOWN, MUTED, TEXT, UP};
use super::stats::Metric;
use super::svg::{Svg, Text};
use super::text::{self, Wrapped, LINE_HEIGHT};
use super::Chart;

const GAP: f64 = 12.0;
const INNER: f64 = 14.0;
const CHANGE: f64 = 13.0;

/// What one card shows.
struct Card {
    label: Wrapped,
    value: String,
    unit: String,
    change: Option<String>,
}

pub(super) fn draw(c: &Chart) -> (Svg, f64) {
    let mut svg = Svg::new();
    let m = &c.metrics;
    let count = m.len().max(1);
    let mut cols = match count {
        1 => 1,
        2 | 4 => 2,
        _ => 3,
    };
    // The most columns (and the largest type) at which every value with its
    // unit fits its card; with one column, what does not fit is shrunk.
    let (cards, card_w, value_size) = loop {
        let card_w = (W - 2.0 * PAD - GAP * (cols - 1) as f64) / cols as f64;
        let room = card_w - 2.0 * INNER;
        let cards: Vec<Card> = m.iter().map(|m| card(m, c, room)).collect();
        let fits = |size: f64| {
            cards.iter().all(|k| {
                text::width(&k.value, size) * 1.08 + 5.0 + text::width(&k.unit, LABEL) <= room
                    && k.change
                        .as_ref()
                        .is_none_or(|ch| text::width(ch, CHANGE) <= room)
            })
        };
        match [30.0, 26.0, 22.0].into_iter().find(|s| fits(*s)) {
            Some(s) => break (cards, card_w, s),
            None if cols > 1 => cols -= 1,
            None => break (cards, card_w, 22.0),
        }
    };
    let room = card_w - 2.0 * INNER;
    let label_lines = cards.iter().map(|k| k.label.lines.len()).max().unwrap_or(1);
    let has_change = cards.iter().any(|k| k.change.is_some());
    let card_h = INNER
        + label_lines as f64 * LABEL * LINE_HEIGHT
        + 6.0
        + value_size * 1.1
        + if has_change { CHANGE * 1.6 } else { 0.0 }
        + INNER;
    let rows = cards.len().div_ceil(cols);
    for (i, k) in cards.iter().enumerate() {
        let (row, col) = (i / cols, i % cols);
        let x = PAD + col as f64 * (card_w + GAP);
        let y = PAD + row as f64 * (card_h + GAP);
        svg.rect(x, y, card_w, card_h, CARD, " rx=\"6\"");
        let tx = x + INNER;
        let mut base = y + INNER + LABEL * 0.9;
        for (j, line) in k.label.lines.iter().enumerate() {
            let last = j + 1 == k.label.lines.len();
            let full = (last && k.label.truncated).then(|| m[i].label.as_str());
            svg.text(&Text::new(tx, base, LABEL, line).fill(MUTED).full(full));
            base += LABEL * LINE_HEIGHT;
        }
        // Keep room for at least two characters of the unit; shrink the
        // value if need be, shorten the unit with … if still too long.
        let unit_min = text::width(&k.unit, LABEL).min(2.0 * LABEL);
        let mut size = value_size;
        let em = text::width(&k.value, 1.0);
        if em > 0.0 && em * size * 1.08 + 5.0 + unit_min > room {
            size = ((room - 5.0 - unit_min) / (em * 1.08)).max(8.0);
        }
        let (value, value_full) = text::ellipsize_if_needed(&k.value, room, size);
        let vy = y + INNER + label_lines as f64 * LABEL * LINE_HEIGHT + 6.0 + value_size * 0.9;
        svg.text(
            &Text::new(tx, vy, size, &value)
                .bold()
                .fill(TEXT)
                .class("v")
                .full(value_full.as_deref()),
        );
        // Bold digits run wider than the model: leave them some air.
        let ux = tx + text::width(&value, size) * 1.08 + 5.0;
        if !k.unit.is_empty() && x + card_w - INNER - ux >= LABEL {
            let (unit, full) = text::ellipsize_if_needed(&k.unit, x + card_w - INNER - ux, LABEL);
            svg.text(
                &Text::new(ux, vy, LABEL, &unit)
                    .fill(TEXT)
                    .full(full.as_deref()),
            );
        }
        if let Some(ch) = &k.change {
            let fill = if ch.contains('↑') {
                UP
            } else if ch.contains('↓') {
                DOWN
            } else {
                MUTED
            };
            let cy = vy + value_size * 0.2 + CHANGE * 1.35;
            let (ch, full) = text::ellipsize_if_needed(ch, room, CHANGE);
            svg.text(
                &Text::new(tx, cy, CHANGE, &ch)
                    .fill(fill)
                    .full(full.as_deref()),
            );
        }
    }
    let height = PAD + rows as f64 * card_h + (rows.saturating_sub(1)) as f64 * GAP + PAD;
    (svg, height)
}

fn card(m: &Metric, c: &Chart, room: f64) -> Card {
    let change = m
        .previous
        .and_then(|p| number::change(m.value.value, p.value))
        .map(|ch| format!("同比 {ch}"));
    Card {
        label: text::wrap_balanced(&m.label, room, LABEL, 2),
        value: m.value.show(c.display, &m.unit),
        unit: m.unit.clone(),
        change,
    }
}
