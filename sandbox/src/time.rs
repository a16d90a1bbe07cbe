//! Time: the sandbox's clock, and the two formats of the contract (requests
//! `yyyy-MM-dd HH:mm:ss` in GMT+8, responses RFC 3339 with the +08:00 offset).

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveDateTime, SecondsFormat, TimeDelta, TimeZone, Utc};
use shuyun_crm::support::Lenient;

use crate::error::{Result, param};

/// A request date-time as the crate reads it (`yyyy-MM-dd HH:mm:ss` in GMT+8).
pub type Local = shuyun_crm::models::LocalDateTime;
/// A response date-time as the crate writes it (RFC 3339 with the +08:00 offset).
pub type Stamp = Lenient<DateTime<FixedOffset>>;

/// Milliseconds since the Unix epoch.
pub type Millis = i64;

const GMT8_SECONDS: i32 = 8 * 3600;
/// The last instant the formats can carry: 9999-12-31 23:59:59.999 GMT+8.
const LATEST: Millis = 253_402_271_999_999;
/// The first one: 0001-01-01 00:00:00 GMT+8.
const EARLIEST: Millis = -62_135_625_600_000;

fn gmt8() -> FixedOffset {
    FixedOffset::east_opt(GMT8_SECONDS).unwrap_or_else(|| chrono::Offset::fix(&Utc))
}

/// The sandbox's clock: the system clock, moved by an offset that tests (and demos) can
/// advance to see points and coupons expire. Clones share the offset.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset: Arc<AtomicI64>,
}

impl Clock {
    /// Now, in milliseconds since the epoch.
    pub fn now(&self) -> Millis {
        Utc::now()
            .timestamp_millis()
            .saturating_add(self.offset.load(Ordering::Relaxed))
    }

    /// Moves the clock forward (or back, with a negative amount).
    pub fn advance(&self, by: std::time::Duration) {
        let millis = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.offset.fetch_add(millis, Ordering::Relaxed);
    }
}

/// The instant of a request date-time. The server refuses a text that is not one before the
/// sandbox sees it; one kept unparsed (a value built in Rust from wire text) is refused here.
pub fn parse_local(field: &str, value: &Local) -> Result<Millis> {
    match value {
        Lenient::Parsed(local) => checked(local.to_datetime().timestamp_millis())
            .ok_or_else(|| param(format!("{field}: `{}` is outside the years 0001-9999", value.to_wire()))),
        Lenient::Unparsed(text) => parse_local_text(field, text),
    }
}

/// Parses a request date-time's text (`yyyy-MM-dd HH:mm:ss`, GMT+8), for values held as
/// JSON. A date that does not exist (`2021-02-30 25:00:00`) is refused.
pub fn parse_local_text(field: &str, text: &str) -> Result<Millis> {
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").map_err(|_| {
        param(format!(
            "{field}: `{text}` is not a date-time of the form yyyy-MM-dd HH:mm:ss"
        ))
    })?;
    let local = gmt8()
        .from_local_datetime(&naive)
        .single()
        .ok_or_else(|| param(format!("{field}: `{text}` is not a valid date-time")))?;
    checked(local.timestamp_millis()).ok_or_else(|| param(format!("{field}: `{text}` is outside the years 0001-9999")))
}

/// An optional request date-time.
pub fn parse_local_opt(field: &str, value: Option<&Local>) -> Result<Option<Millis>> {
    value.map(|v| parse_local(field, v)).transpose()
}

/// The response form of an instant: at the +08:00 offset.
pub fn stamp(at: Millis) -> Stamp {
    Lenient::Parsed(local(at))
}

/// The response form's text (RFC 3339 with milliseconds and the +08:00 offset), for values
/// held as JSON and for messages.
pub fn format(at: Millis) -> String {
    local(at).to_rfc3339_opts(SecondsFormat::Millis, false)
}

/// The instant of a response date-time the sandbox wrote (`None` for a text kept unparsed).
pub fn stamp_millis(stamp: &Stamp) -> Option<Millis> {
    stamp.parsed().map(DateTime::timestamp_millis)
}

/// The request form (`yyyy-MM-dd HH:mm:ss`, GMT+8) of an instant.
pub fn to_local(at: Millis) -> Local {
    Lenient::Parsed(shuyun_crm::format_time::LocalDateTime::from_datetime(&local(at)))
}

/// `Some(at)` when both formats can carry it.
pub fn checked(at: Millis) -> Option<Millis> {
    (EARLIEST..=LATEST).contains(&at).then_some(at)
}

/// The year (GMT+8) of an instant.
pub fn year(at: Millis) -> i32 {
    local(at).year()
}

fn local(at: Millis) -> DateTime<FixedOffset> {
    DateTime::<Utc>::from_timestamp_millis(at.clamp(EARLIEST, LATEST))
        .unwrap_or_default()
        .with_timezone(&gmt8())
}

/// The first instant of the month after the one `at` falls in (GMT+8).
pub fn next_month_start(at: Millis) -> Millis {
    let day = local(at);
    let (year, month) = if day.month() == 12 {
        (day.year() + 1, 1)
    } else {
        (day.year(), day.month() + 1)
    };
    gmt8()
        .with_ymd_and_hms(year, month, 1, 0, 0, 0)
        .single()
        .map(|d| d.timestamp_millis())
        .unwrap_or(LATEST)
}

/// `at` plus a number of days, when representable.
pub fn add_days(at: Millis, days: i64) -> Option<Millis> {
    let delta = TimeDelta::try_days(days)?;
    checked(local(at).checked_add_signed(delta)?.timestamp_millis())
}

/// `at` plus a number of calendar months (GMT+8; the 31st of a shorter month becomes its last
/// day), when representable.
pub fn add_months(at: Millis, months: u32) -> Option<Millis> {
    checked(local(at).checked_add_months(Months::new(months))?.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_round_trip() {
        let at = parse_local_text("t", "2021-10-13 12:26:58").unwrap();
        assert_eq!(parse_local("t", &Local::from_wire("2021-10-13 12:26:58")).unwrap(), at);
        assert!(parse_local("t", &Local::from_wire("2021-10-13")).is_err());
        assert_eq!(stamp_millis(&stamp(at)), Some(at));
        assert_eq!(format(at), "2021-10-13T12:26:58.000+08:00");
        assert!(parse_local_text("t", "2021-02-30 10:00:00").is_err());
        assert!(parse_local_text("t", "2021-01-01 24:00:00").is_err());
        assert_eq!(format(next_month_start(at)), "2021-11-01T00:00:00.000+08:00");
        assert_eq!(
            format(add_months(parse_local_text("t", "2021-01-31 00:00:00").unwrap(), 1).unwrap()),
            "2021-02-28T00:00:00.000+08:00"
        );
        assert!(add_days(at, i64::MAX).is_none());
        assert!(add_months(parse_local_text("t", "9999-12-01 00:00:00").unwrap(), 1).is_none());
    }
}
