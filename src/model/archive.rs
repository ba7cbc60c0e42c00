//! 归档: the items by year and month, newest first.

use super::{Month, Page, Year};

pub(super) fn years(items: &[Page]) -> Vec<Year> {
    let mut years: Vec<Year> = Vec::new();
    for (i, p) in items.iter().enumerate() {
        let d = p.item.date.local.date();
        if years.last().is_none_or(|y| y.year != d.year()) {
            years.push(Year {
                year: d.year(),
                months: Vec::new(),
                items: Vec::new(),
            });
        }
        let y = years.last_mut().expect("pushed above");
        y.items.push(i);
        if y.months.last().is_none_or(|m| m.month != d.month()) {
            y.months.push(Month {
                month: d.month(),
                items: Vec::new(),
            });
        }
        y.months.last_mut().expect("pushed above").items.push(i);
    }

    years
}
