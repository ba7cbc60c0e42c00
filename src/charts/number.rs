//! Numbers the Chinese way: no thousands separators, the decimals a writer
//! wrote (98.47 stays 98.47, 2.50 stays 2.50), and with `display: wan` large
//! counts in 万 / 亿 / 万亿 (48600 → 4.86万, 1.32e9 → 13.2亿). Also the value
//! axis: ticks at 1, 2 or 5 × 10ⁿ.

/// Most decimals a value keeps; more are rounded away.
const MAX_DECIMALS: u8 = 6;

/// A number with the count of decimals it was written with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Num {
    pub value: f64,
    pub decimals: u8,
}

/// How a statistics file wants its counts shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) enum Display {
    /// As written.
    #[default]
    Plain,
    /// Counts of 10000 and more in 万, 亿 and 万亿.
    Wan,
}

impl Num {
    pub(crate) fn new(value: f64, decimals: u8) -> Num {
        Num {
            value,
            decimals: decimals.min(MAX_DECIMALS),
        }
    }

    /// Parses a number written in plain decimal or exponent notation
    /// (`1114`, `-3`, `98.47`, `.5`, `1.32e9`), keeping its decimals.
    pub(crate) fn parse(text: &str) -> Option<Num> {
        let t = text.trim();
        let body = t.strip_prefix(['+', '-']).unwrap_or(t);
        let (mantissa, exp) = match body.find(['e', 'E']) {
            Some(i) => (&body[..i], Some(&body[i + 1..])),
            None => (body, None),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
            return None;
        }
        let exp: i64 = match exp {
            Some(e) => {
                let d = e.strip_prefix(['+', '-']).unwrap_or(e);
                if d.is_empty() || d.len() > 4 || !digits(d) {
                    return None;
                }
                e.parse().ok()?
            }
            None => 0,
        };
        let value: f64 = t.parse().ok()?;
        if !value.is_finite() {
            return None;
        }
        let decimals = (frac.len() as i64 - exp).clamp(0, MAX_DECIMALS as i64) as u8;
        Some(Num::new(value, decimals))
    }

    /// The number as shown in a chart or table, without its unit.
    pub(crate) fn show(&self, display: Display, unit: &str) -> String {
        show(self.value, self.decimals, display, unit)
    }
}

/// `value` with `decimals` decimals, never `-0`.
pub(super) fn fixed(value: f64, decimals: u8) -> String {
    let s = format!("{:.*}", decimals as usize, value);
    if s.starts_with('-') && s[1..].bytes().all(|b| b == b'0' || b == b'.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// A unit that is a ratio is never scaled to 万.
fn is_ratio(unit: &str) -> bool {
    unit.contains(['%', '‰', '％'])
}

/// The Chinese large-number units, smallest first.
const WAN_UNITS: [(f64, &str); 3] = [(1e4, "万"), (1e8, "亿"), (1e12, "万亿")];

/// `value` shown with `decimals` decimals, or in 万/亿 with `Display::Wan`.
pub(super) fn show(value: f64, decimals: u8, display: Display, unit: &str) -> String {
    Scale::of([value], display, unit).show(&Num::new(value, decimals))
}

/// The one unit a chart shows its numbers in. With `display: wan`, every
/// label of a chart is in the unit (万, 亿, 万亿) of its largest number, so
/// that `9800` and `1.04万` never stand side by side (0.98万, 1.04万); a
/// chart whose numbers are all below 10000, or whose unit is a ratio,
/// shows them as written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scale {
    div: f64,
    name: &'static str,
}

impl Scale {
    /// Numbers as written.
    pub(crate) const PLAIN: Scale = Scale { div: 1.0, name: "" };

    /// The scale of a chart showing `values`.
    pub(crate) fn of(values: impl IntoIterator<Item = f64>, display: Display, unit: &str) -> Scale {
        if display == Display::Plain || is_ratio(unit) {
            return Scale::PLAIN;
        }
        let largest = values
            .into_iter()
            .filter(|v| v.is_finite())
            .fold(0.0f64, |m, v| m.max(v.abs()));
        let Some(mut i) = WAN_UNITS.iter().rposition(|(div, _)| largest >= *div) else {
            return Scale::PLAIN;
        };
        // 9999.6万 rounds to 10000万: that is 1亿.
        while i + 1 < WAN_UNITS.len()
            && significant(largest / WAN_UNITS[i].0)
                .parse::<f64>()
                .is_ok_and(|r| r >= 1e4)
        {
            i += 1;
        }
        let (div, name) = WAN_UNITS[i];
        Scale { div, name }
    }

    /// `n` in this scale: as written, or with three significant digits
    /// and the unit (4.86万, 13.2亿, 0.98万).
    pub(crate) fn show(&self, n: &Num) -> String {
        if self.div == 1.0 {
            return fixed(n.value, n.decimals);
        }
        format!("{}{}", significant(n.value / self.div), self.name)
    }
}

/// Three significant digits (at most four decimals), no trailing zeros.
fn significant(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return "0".to_string();
    }
    let int_digits = v.abs().log10().floor() as i32 + 1;
    let d = (3 - int_digits).clamp(0, 4) as u8;
    trim_zeros(fixed(v, d))
}

/// `4.50` → `4.5`, `5.00` → `5`.
fn trim_zeros(s: String) -> String {
    if !s.contains('.') {
        return s;
    }
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The 同比 change from `previous` to `current`: `↑28.4%`, `↓3.0%`,
/// `持平`; `None` when there is no base to compare to (previous is 0).
pub(super) fn change(current: f64, previous: f64) -> Option<String> {
    if previous == 0.0 || !previous.is_finite() || !current.is_finite() {
        return None;
    }
    let pct = (current - previous) / previous.abs() * 100.0;
    let text = fixed(pct.abs(), 1);
    if text == "0.0" {
        Some("持平".to_string())
    } else if pct > 0.0 {
        Some(format!("↑{text}%"))
    } else {
        Some(format!("↓{text}%"))
    }
}

/// The share of `part` in `total` as a percentage with one decimal.
pub(super) fn share(part: f64, total: f64) -> String {
    if total == 0.0 {
        return "0%".to_string();
    }
    format!("{}%", fixed(part / total * 100.0, 1))
}

/// A value axis: round ticks from `lo` to `hi`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Axis {
    pub lo: f64,
    pub hi: f64,
    /// Tick values with their labels, from `lo` up to `hi`.
    pub ticks: Vec<(f64, String)>,
}

impl Axis {
    /// Ticks covering `min..=max` in about `target` steps of 1, 2 or 5 × 10ⁿ.
    /// `include_zero` makes the axis start (or end) at 0, as bars need;
    /// `integer` keeps the step at 1 or more (counts have no halves);
    /// labels are in the chart's `scale`.
    pub(super) fn new(
        min: f64,
        max: f64,
        target: usize,
        include_zero: bool,
        integer: bool,
        scale: Scale,
    ) -> Axis {
        let (mut min, mut max) = if min.is_finite() && max.is_finite() && min <= max {
            (min, max)
        } else {
            (0.0, 0.0)
        };
        if include_zero {
            min = min.min(0.0);
            max = max.max(0.0);
        }
        if max - min <= f64::EPSILON * max.abs().max(min.abs()).max(1.0) {
            // One value (or all zero): show it against zero.
            if max > 0.0 {
                min = 0.0;
            } else if max < 0.0 {
                max = 0.0;
            } else {
                max = 1.0;
            }
        }
        let target = target.max(2);
        let (big, big_exp) = nice_step((max - min) / target as f64, integer);
        let (small, small_exp) = smaller_step(big, big_exp, integer);
        // Of the two nearest round steps, the one that wastes less room
        // (with not too many ticks); on a tie the one nearer `target` steps.
        let span = |step: f64| {
            let k_lo = (min / step + 1e-9).floor();
            let k_hi = (max / step - 1e-9).ceil();
            (k_lo, (k_hi - k_lo).max(1.0))
        };
        let (b_lo, b_n) = span(big);
        let (s_lo, s_n) = span(small);
        let waste = |step: f64, n: f64| n * step - (max - min);
        let tol = (max - min).abs() * 1e-9;
        let small_better = small < big
            && s_n <= (target + 2) as f64
            && (waste(small, s_n) < waste(big, b_n) - tol
                || (waste(small, s_n) <= waste(big, b_n) + tol
                    && (s_n - target as f64).abs() < (b_n - target as f64).abs()));
        let (step, exp, k_lo, n) = if small_better {
            (small, small_exp, s_lo, s_n)
        } else {
            (big, big_exp, b_lo, b_n)
        };
        let dec = (-exp).max(0) as u8;
        let ticks: Vec<f64> = (0..=(n as i64).min(100))
            .map(|k| (k_lo + k as f64) * step)
            .collect();
        let labels = tick_labels(&ticks, step, dec, scale);
        let lo = ticks.first().copied().unwrap_or(0.0);
        let hi = ticks.last().copied().unwrap_or(1.0);
        Axis {
            lo,
            hi,
            ticks: ticks.into_iter().zip(labels).collect(),
        }
    }

    /// Where `v` lies between `lo` (0) and `hi` (1).
    pub(super) fn frac(&self, v: f64) -> f64 {
        if self.hi > self.lo {
            ((v - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }
}

/// The smallest 1, 2 or 5 × 10ⁿ at least `raw`, with its exponent n.
fn nice_step(raw: f64, integer: bool) -> (f64, i32) {
    let raw = if raw.is_finite() && raw > 0.0 {
        raw
    } else {
        1.0
    };
    let mut exp = raw.log10().floor() as i32;
    let base = 10f64.powi(exp);
    let m = raw / base;
    let mult = if m <= 1.0 + 1e-9 {
        1.0
    } else if m <= 2.0 + 1e-9 {
        2.0
    } else if m <= 5.0 + 1e-9 {
        5.0
    } else {
        exp += 1;
        1.0
    };
    let mut step = mult * 10f64.powi(exp);
    if integer && step < 1.0 {
        step = 1.0;
        exp = 0;
    }
    (step, exp)
}

/// The round step just below `step` (5 → 2, 2 → 1, 1 → 0.5).
fn smaller_step(step: f64, exp: i32, integer: bool) -> (f64, i32) {
    let m = (step / 10f64.powi(exp)).round();
    let (m, exp) = if m >= 5.0 {
        (2.0, exp)
    } else if m >= 2.0 {
        (1.0, exp)
    } else {
        (5.0, exp - 1)
    };
    let s = m * 10f64.powi(exp);
    if integer && s < 1.0 {
        (step, exp.max(0))
    } else {
        (s, exp)
    }
}

/// Labels for ticks `step` apart: as numbers with `dec` decimals, or all
/// in the unit (万/亿) of the chart's scale.
fn tick_labels(ticks: &[f64], step: f64, dec: u8, scale: Scale) -> Vec<String> {
    if scale == Scale::PLAIN {
        return ticks.iter().map(|t| fixed(*t, dec)).collect();
    }
    let Scale { div, name } = scale;
    let dec = (-((step / div).log10().floor() as i32)).clamp(0, 6) as u8;
    ticks
        .iter()
        .map(|t| {
            if *t == 0.0 {
                "0".to_string()
            } else {
                format!("{}{name}", fixed(t / div, dec))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wan(v: f64) -> String {
        show(v, 0, Display::Wan, "户")
    }

    #[test]
    fn wan_and_yi() {
        assert_eq!(wan(48600.0), "4.86万");
        assert_eq!(wan(1.32e9), "13.2亿");
        assert_eq!(wan(266000.0), "26.6万");
        assert_eq!(wan(240000.0), "24万");
        assert_eq!(wan(30509000000.0), "305亿");
        assert_eq!(wan(99_999_999.0), "1亿");
        assert_eq!(wan(2.5e12), "2.5万亿");
        assert_eq!(wan(-48600.0), "-4.86万");
        // Below 10000 and ratios stay as written.
        assert_eq!(wan(1114.0), "1114");
        assert_eq!(show(98.47, 2, Display::Wan, "%"), "98.47");
        assert_eq!(show(123456.0, 0, Display::Wan, "%"), "123456");
    }

    #[test]
    fn plain_numbers_keep_their_decimals() {
        assert_eq!(Num::parse("1114").unwrap().show(Display::Plain, ""), "1114");
        assert_eq!(
            Num::parse("98.47").unwrap().show(Display::Plain, ""),
            "98.47"
        );
        assert_eq!(Num::parse("2.50").unwrap().show(Display::Plain, ""), "2.50");
        assert_eq!(
            Num::parse("1.32e9").unwrap().show(Display::Plain, ""),
            "1320000000"
        );
        assert_eq!(Num::parse("-3").unwrap().show(Display::Plain, ""), "-3");
        assert_eq!(fixed(0.1 + 0.2, 2), "0.30");
        assert_eq!(fixed(-0.0001, 2), "0.00");
        assert_eq!(Num::parse("1.5e-2").unwrap().decimals, 3);
    }

    #[test]
    fn parse_rejects_what_is_not_a_number() {
        for bad in [
            "", "1,114", "98.47%", "4.86万", "abc", "1e", ".", "--1", "0x10", "nan", "inf",
        ] {
            assert!(Num::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(Num::parse(".5").unwrap().value, 0.5);
        assert_eq!(Num::parse("+7").unwrap().value, 7.0);
    }

    #[test]
    fn year_on_year_change() {
        assert_eq!(change(529.0, 412.0).as_deref(), Some("↑28.4%"));
        assert_eq!(change(1114.0, 986.0).as_deref(), Some("↑13.0%"));
        assert_eq!(change(90.0, 100.0).as_deref(), Some("↓10.0%"));
        assert_eq!(change(100.0, 100.0).as_deref(), Some("持平"));
        assert_eq!(change(5.0, 0.0), None);
    }

    fn labels(a: &Axis) -> Vec<&str> {
        a.ticks.iter().map(|(_, l)| l.as_str()).collect()
    }

    #[test]
    fn ticks_are_round_and_start_at_zero_for_bars() {
        let a = Axis::new(1.0, 20.0, 5, true, true, Scale::PLAIN);
        assert_eq!(labels(&a), ["0", "5", "10", "15", "20"]);
        let a = Axis::new(380.0, 601.0, 5, true, true, Scale::PLAIN);
        assert_eq!(
            labels(&a),
            ["0", "100", "200", "300", "400", "500", "600", "700"]
        );
        let a = Axis::new(96.44, 98.47, 5, true, false, Scale::PLAIN);
        assert_eq!(labels(&a), ["0", "20", "40", "60", "80", "100"]);
        let a = Axis::new(5.62, 6.86, 5, false, false, Scale::PLAIN);
        assert_eq!(
            labels(&a),
            ["5.6", "5.8", "6.0", "6.2", "6.4", "6.6", "6.8", "7.0"]
        );
        // Counts never get half steps.
        let a = Axis::new(0.0, 2.0, 5, true, true, Scale::PLAIN);
        assert_eq!(labels(&a), ["0", "1", "2"]);
    }

    #[test]
    fn ticks_for_odd_data() {
        // All zero, one value, negatives, nothing at all.
        let a = Axis::new(0.0, 0.0, 5, true, true, Scale::PLAIN);
        assert_eq!((a.lo, a.hi), (0.0, 1.0));
        let a = Axis::new(7.0, 7.0, 5, false, true, Scale::PLAIN);
        assert!(a.lo <= 7.0 && a.hi >= 7.0 && a.hi > a.lo);
        let a = Axis::new(-30.0, 50.0, 5, true, true, Scale::PLAIN);
        assert_eq!(labels(&a), ["-40", "-20", "0", "20", "40", "60"]);
        let a = Axis::new(f64::NAN, f64::INFINITY, 5, true, true, Scale::PLAIN);
        assert!(a.hi > a.lo);
        for (t, _) in &a.ticks {
            assert!(t.is_finite());
        }
        assert_eq!(a.frac(0.5), 0.5);
    }

    #[test]
    fn a_chart_shows_all_its_numbers_in_one_unit() {
        let n = |v: f64| Num::new(v, 0);
        // The case: 9800 beside 10400 is 0.98万 beside 1.04万.
        let s = Scale::of([9800.0, 10400.0], Display::Wan, "户次");
        assert_eq!(
            (s.show(&n(9800.0)), s.show(&n(10400.0))),
            ("0.98万".into(), "1.04万".into())
        );
        // All below 10000, or a ratio, or display as written: as written.
        let s = Scale::of([9800.0, 1114.0], Display::Wan, "户次");
        assert_eq!(s.show(&n(9800.0)), "9800");
        let s = Scale::of([123456.0], Display::Wan, "%");
        assert_eq!(s.show(&Num::new(123456.0, 0)), "123456");
        let s = Scale::of([48600.0], Display::Plain, "");
        assert_eq!(s.show(&n(48600.0)), "48600");
        // The largest number chooses: 亿 for all.
        let s = Scale::of([1.32e9, 4.5e8, 0.0], Display::Wan, "元");
        assert_eq!(
            [1.32e9, 4.5e8, 0.0].map(|v| s.show(&n(v))),
            ["13.2亿", "4.5亿", "0亿"]
        );
        // 9999.6万 is 1亿, for every number of the chart.
        let s = Scale::of([99_996_000.0, 50_000_000.0], Display::Wan, "");
        assert_eq!(s.show(&n(50_000_000.0)), "0.5亿");
    }

    #[test]
    fn wan_ticks_share_one_unit() {
        let wan = |v: f64| Scale::of([v], Display::Wan, "家次");
        let a = Axis::new(0.0, 266000.0, 5, true, true, wan(266000.0));
        assert_eq!(
            labels(&a),
            ["0", "5万", "10万", "15万", "20万", "25万", "30万"]
        );
        let a = Axis::new(0.0, 1.125e10, 5, true, true, wan(1.125e10));
        assert_eq!(
            labels(&a),
            ["0", "20亿", "40亿", "60亿", "80亿", "100亿", "120亿"]
        );
        let a = Axis::new(0.0, 15000.0, 4, true, true, wan(15000.0));
        assert_eq!(labels(&a), ["0", "0.5万", "1.0万", "1.5万"]);
    }
}
