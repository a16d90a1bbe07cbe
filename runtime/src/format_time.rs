//! Dates and times (chrono): `format: date-time` as a [`DateTime<FixedOffset>`] (the offset the
//! service wrote is kept, not only the instant), `format: date` as a [`NaiveDate`], and a
//! vendor's local date-time (`yyyy-MM-dd HH:mm:ss` at a documented offset) as a
//! [`LocalDateTime`]. chrono because its offset-carrying `DateTime<FixedOffset>` round-trips
//! what the service writes, and because it is the date crate most Rust services already use.

use ::chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone};

use crate::support::Format;

/// RFC 3339 (`2021-07-13T08:36:03+08:00`), written back with the same offset (`Z` for UTC).
impl Format for DateTime<FixedOffset> {
    const NAME: &'static str = "date-time";

    fn parse(text: &str) -> Option<Self> {
        DateTime::parse_from_rfc3339(text).ok()
    }

    fn write(&self) -> String {
        self.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }
}

/// RFC 3339's full-date (`2021-07-13`).
impl Format for NaiveDate {
    const NAME: &'static str = "date";

    fn parse(text: &str) -> Option<Self> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
    }

    fn write(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}

/// A wall-clock date-time with no offset in its text (`2021-07-13 08:36:03`), in the zone the
/// document names (`x-timezone`), here as seconds east of UTC (`28800` is `+08:00`): a civil
/// date-time that knows the instant it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalDateTime<const OFFSET_SECONDS: i32>(pub NaiveDateTime);

impl<const OFFSET_SECONDS: i32> LocalDateTime<OFFSET_SECONDS> {
    /// The text layout, strftime's `%Y-%m-%d %H:%M:%S` (`yyyy-MM-dd HH:mm:ss`).
    pub const LAYOUT: &'static str = "%Y-%m-%d %H:%M:%S";

    /// The document's offset. An offset out of chrono's range (a day or more) reads as UTC.
    pub fn offset() -> FixedOffset {
        FixedOffset::east_opt(OFFSET_SECONDS).unwrap_or_else(|| ::chrono::Offset::fix(&::chrono::Utc))
    }

    /// The wall-clock date-time, as written.
    pub fn civil(&self) -> NaiveDateTime {
        self.0
    }

    /// The instant it means, at the document's offset.
    pub fn to_datetime(&self) -> DateTime<FixedOffset> {
        Self::offset().from_utc_datetime(&(self.0 - Self::offset()))
    }

    /// The wall-clock time at the document's offset of any instant (sub-second digits dropped:
    /// the layout has none).
    pub fn from_datetime<Tz: TimeZone>(instant: &DateTime<Tz>) -> Self {
        let __local = instant.with_timezone(&Self::offset()).naive_local();
        Self(::chrono::Timelike::with_nanosecond(&__local, 0).unwrap_or(__local))
    }
}

impl<const OFFSET_SECONDS: i32> From<NaiveDateTime> for LocalDateTime<OFFSET_SECONDS> {
    fn from(civil: NaiveDateTime) -> Self {
        Self(civil)
    }
}

impl<const OFFSET_SECONDS: i32> Format for LocalDateTime<OFFSET_SECONDS> {
    const NAME: &'static str = "local date-time (yyyy-MM-dd HH:mm:ss)";

    fn parse(text: &str) -> Option<Self> {
        NaiveDateTime::parse_from_str(text, Self::LAYOUT).ok().map(Self)
    }

    fn write(&self) -> String {
        self.0.format(Self::LAYOUT).to_string()
    }
}
