//! Colours: the Okabe–Ito palette (told apart with the common forms of
//! colour blindness), text colours chosen for WCAG AA contrast (≥ 4.5:1)
//! against what they are drawn on.

/// Series colours in order of use: Okabe–Ito with its black lightened to a
/// grey (yellow and grey last: they are the weakest on white).
pub(super) const SERIES: [&str; 8] = [
    "#0072B2", // blue
    "#E69F00", // orange
    "#009E73", // bluish green
    "#CC79A7", // reddish purple
    "#56B4E9", // sky blue
    "#D55E00", // vermillion
    "#F0E442", // yellow
    "#7F7F7F", // grey
];

/// Main text on white (16:1).
pub(super) const TEXT: &str = "#1F1F1F";
/// Secondary text: ticks, units (7:1 on white).
pub(super) const MUTED: &str = "#595959";
/// Grid lines.
pub(super) const GRID: &str = "#DDDDDD";
/// The zero line and axes.
pub(super) const AXIS: &str = "#595959";
/// Card background of the kpi chart.
pub(super) const CARD: &str = "#F2F5F9";
/// A rise (同比 ↑), dark red as Chinese readers expect (≥ 4.5:1 on CARD).
pub(super) const UP: &str = "#A8071A";
/// A fall (同比 ↓), dark green (≥ 4.5:1 on CARD).
pub(super) const DOWN: &str = "#1E6B30";

/// The colour of series (or slice) `i`.
pub(super) fn color(i: usize) -> &'static str {
    SERIES[i % SERIES.len()]
}

/// The colour of slice `i` of `n`: as [`color`], except that the last slice
/// never takes the colour of the first, its neighbour round the circle.
pub(super) fn slice_color(i: usize, n: usize) -> &'static str {
    if n > 1 && i == n - 1 && i.is_multiple_of(SERIES.len()) {
        SERIES[1]
    } else {
        color(i)
    }
}

fn channel(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// WCAG relative luminance of `#RRGGBB` (black for anything else).
pub(super) fn luminance(hex: &str) -> f64 {
    let h = hex.trim_start_matches('#');
    let byte = |i: usize| h.get(i..i + 2).and_then(|s| u8::from_str_radix(s, 16).ok());
    match (byte(0), byte(2), byte(4)) {
        (Some(r), Some(g), Some(b)) if h.len() == 6 => {
            0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
        }
        _ => 0.0,
    }
}

/// WCAG contrast ratio of two colours.
pub(super) fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Text colour for a label drawn on `fill`: white only on dark fills,
/// black otherwise (vermillion needs pure black to reach 4.5:1).
pub(super) fn text_on(fill: &str) -> &'static str {
    if contrast("#FFFFFF", fill) >= contrast("#000000", fill) {
        "#FFFFFF"
    } else {
        "#000000"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_on_every_series_colour_passes_aa() {
        for c in SERIES {
            let t = text_on(c);
            assert!(contrast(t, c) >= 4.5, "{t} on {c}: {}", contrast(t, c));
        }
        assert_eq!(text_on("#0072B2"), "#FFFFFF");
        assert_eq!(text_on("#E69F00"), "#000000");
    }

    #[test]
    fn fixed_text_colours_pass_aa() {
        for (fg, bg) in [
            (TEXT, "#FFFFFF"),
            (MUTED, "#FFFFFF"),
            (TEXT, CARD),
            (MUTED, CARD),
            (UP, CARD),
            (DOWN, CARD),
        ] {
            assert!(
                contrast(fg, bg) >= 4.5,
                "{fg} on {bg}: {}",
                contrast(fg, bg)
            );
        }
    }

    #[test]
    fn neighbouring_slices_differ() {
        for n in 1..30 {
            for i in 0..n {
                let next = (i + 1) % n;
                if n > 1 {
                    assert_ne!(slice_color(i, n), slice_color(next, n), "{i} of {n}");
                }
            }
        }
    }

    #[test]
    fn luminance_of_extremes() {
        assert_eq!(luminance("#000000"), 0.0);
        assert!((luminance("#FFFFFF") - 1.0).abs() < 1e-9);
        assert_eq!(luminance("nonsense"), 0.0);
        assert!((contrast("#000000", "#FFFFFF") - 21.0).abs() < 1e-9);
    }
}
