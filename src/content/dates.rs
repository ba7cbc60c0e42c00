//! Dates as writers type them (README: Front matter): `2021-04-02`, `2021-04-02 17:34`,
//! `2021-04-02 17:34:24`, or RFC 3339 with an offset. Dates without an
//! offset are in the site's time zone.

use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::Timestamp;

/// A point in time together with its wall-clock reading in the site's zone,
/// which is what pages show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct When {
    pub instant: Timestamp,
    pub local: DateTime,
}

impl When {
    pub fn from_timestamp(instant: Timestamp, offset: Offset) -> When {
        When {
            instant,
            local: offset.to_datetime(instant),
        }
    }

    /// `2021-04-02`
    pub fn date(&self) -> String {
        self.local.date().to_string()
    }

    /// `2021-04-02 17:34`, the PubDate format of the government page spec.
    pub fn minutes(&self) -> String {
        self.local.strftime("%Y-%m-%d %H:%M").to_string()
    }

    /// RFC 3339 in the site's zone, for `<time datetime>`, sitemaps.
    pub fn rfc3339(&self, offset: Offset) -> String {
        self.instant
            .to_zoned(TimeZone::fixed(offset))
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string()
    }

    /// RFC 2822, as RSS wants it.
    pub fn rfc2822(&self, offset: Offset) -> String {
        self.instant
            .to_zoned(TimeZone::fixed(offset))
            .strftime("%a, %d %b %Y %H:%M:%S %z")
            .to_string()
    }
}

/// Parses a front matter date; the error says what is accepted.
/// Today in the site's zone. SOURCE_DATE_EPOCH (the reproducible-builds
/// convention, seconds since 1970) pins it, so a rebuild on another day
/// gives the same campaign status and the same check findings.
pub fn today(offset: Offset) -> Date {
    let now = source_date_epoch().unwrap_or_else(Timestamp::now);
    offset.to_datetime(now).date()
}

/// `SOURCE_DATE_EPOCH`, when set to a number of seconds.
pub fn source_date_epoch() -> Option<Timestamp> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| Timestamp::from_second(secs).ok())
}

pub fn parse(text: &str, offset: Offset) -> Result<When, String> {
    let t = text.trim();
    // Bytes, not str slices: the text may hold any characters.
    let b = t.as_bytes();
    let has_offset = b.len() > 11
        && (t.ends_with(['Z', 'z']) || b[10..].contains(&b'+') || b[11..].contains(&b'-'));
    if has_offset {
        if let Ok(ts) = t.parse::<Timestamp>() {
            return Ok(When::from_timestamp(ts, offset));
        }
    } else if t.len() == 10 {
        if let Ok(d) = t.parse::<Date>() {
            return local(d.to_datetime(jiff::civil::Time::midnight()), offset);
        }
    } else if let Ok(dt) = t.replacen(' ', "T", 1).parse::<DateTime>() {
        return local(dt, offset);
    }
    Err(format!(
        "`{t}` is not a valid date; write it as 2021-04-02, 2021-04-02 17:34, \
         2021-04-02 17:34:24 or 2021-04-02T17:34:24+08:00"
    ))
}

fn local(dt: DateTime, offset: Offset) -> Result<When, String> {
    let instant = offset
        .to_timestamp(dt)
        .map_err(|e| format!("`{dt}` is out of range: {e}"))?;
    Ok(When { instant, local: dt })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cst() -> Offset {
        Offset::from_hours(8).unwrap()
    }

    #[test]
    fn every_accepted_form() {
        assert_eq!(
            parse("2021-04-02", cst()).unwrap().minutes(),
            "2021-04-02 00:00"
        );
        assert_eq!(
            parse("2021-04-02 17:34", cst()).unwrap().minutes(),
            "2021-04-02 17:34"
        );
        assert_eq!(
            parse("2021-04-02 17:34:24", cst()).unwrap().minutes(),
            "2021-04-02 17:34"
        );
        // An explicit offset is converted into the site's zone.
        let w = parse("2021-04-02T09:34:00Z", cst()).unwrap();
        assert_eq!(w.minutes(), "2021-04-02 17:34");
        assert_eq!(w.rfc3339(cst()), "2021-04-02T17:34:00+08:00");
        assert_eq!(parse("2021-04-02T17:34:00+08:00", cst()).unwrap(), w);
    }

    #[test]
    fn impossible_dates_fail() {
        for bad in [
            "2021-02-30",
            "2021-13-01",
            "2021-04-02 25:00",
            "昨天",
            "",
            "2021/04/02",
        ] {
            assert!(parse(bad, cst()).is_err(), "{bad}");
        }
    }

    #[test]
    fn rss_format() {
        let w = parse("2021-04-02 17:34", cst()).unwrap();
        assert_eq!(w.rfc2822(cst()), "Fri, 02 Apr 2021 17:34:00 +0800");
    }
}
