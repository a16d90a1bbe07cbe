//! The vendor extensions that say what a string or number means beyond its `format`:
//! `x-decimal` (an exact decimal and its scale) and `x-local-date-time` with `x-timezone` (a
//! wall-clock date-time with no offset in its text, at a fixed offset). Read here once, for
//! lowering (the types) and for validation (the warnings).

use serde_json::Value;

use super::Schema;

/// The one local date-time layout the runtime reads, in both spellings the extension takes.
pub const LOCAL_DATE_TIME_LAYOUTS: [&str; 2] = ["yyyy-MM-dd HH:mm:ss", "%Y-%m-%d %H:%M:%S"];

/// `x-decimal: {scale, rounding}` on a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    /// Digits after the decimal point, at most.
    pub scale: Option<u32>,
}

impl Schema {
    /// `x-decimal`, where present: `Err` says what is malformed (the scale is then ignored).
    pub fn decimal(&self) -> Option<Result<Decimal, String>> {
        let ext = self.extensions.get("x-decimal")?;
        Some(match ext {
            Value::Bool(true) => Ok(Decimal { scale: None }),
            Value::Object(fields) => match fields.get("scale") {
                None => Ok(Decimal { scale: None }),
                Some(scale) => match scale.as_u64().and_then(|s| u32::try_from(s).ok()).filter(|s| *s <= 28) {
                    Some(scale) => Ok(Decimal { scale: Some(scale) }),
                    None => Err(format!("`x-decimal.scale` is {scale}, not a whole number from 0 to 28")),
                },
            },
            other => Err(format!(
                "`x-decimal` is {other}, not `true` or an object with a `scale`"
            )),
        })
    }

    /// `x-local-date-time` (an object with `layout` or `strftime`, and an `offset`, or the
    /// schema's `x-timezone`), where present: the offset east of UTC in seconds, or what is
    /// wrong with it (the value then stays text).
    pub fn local_date_time(&self) -> Option<Result<i32, String>> {
        let ext = self.extensions.get("x-local-date-time")?;
        let Value::Object(fields) = ext else {
            return Some(Err(format!("`x-local-date-time` is {ext}, not an object")));
        };
        let layouts: Vec<&str> = ["layout", "strftime"]
            .iter()
            .filter_map(|k| fields.get(*k).and_then(Value::as_str))
            .collect();
        if layouts.is_empty() {
            return Some(Err("`x-local-date-time` names no `layout` (or `strftime`)".to_owned()));
        }
        if let Some(other) = layouts.iter().find(|l| !LOCAL_DATE_TIME_LAYOUTS.contains(l)) {
            return Some(Err(format!(
                "`x-local-date-time` layout `{other}` is not supported (only `{}`)",
                LOCAL_DATE_TIME_LAYOUTS[0]
            )));
        }
        let offset = fields
            .get("offset")
            .or_else(|| self.extensions.get("x-timezone"))
            .and_then(Value::as_str);
        Some(match offset {
            None => Err("`x-local-date-time` has no `offset` and the schema no `x-timezone`".to_owned()),
            Some(text) => offset_seconds(text).ok_or_else(|| {
                format!("offset `{text}` is not a fixed offset `+HH:MM` or `-HH:MM` (zone names are not supported)")
            }),
        })
    }
}

/// `+08:00`, `-05:30`, `Z`, `UTC` as seconds east of UTC.
pub fn offset_seconds(text: &str) -> Option<i32> {
    if matches!(text, "Z" | "UTC" | "GMT") {
        return Some(0);
    }
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (hours, minutes) = rest.split_once(':')?;
    let digits = |t: &str| (t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse::<i32>().ok())?;
    let (hours, minutes) = (digits(hours)?, digits(minutes)?);
    (hours < 24 && minutes < 60).then_some(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::offset_seconds;

    #[test]
    fn offsets_read_as_seconds_east() {
        for (text, seconds) in [
            ("+08:00", Some(28800)),
            ("-05:30", Some(-19800)),
            ("Z", Some(0)),
            ("+00:00", Some(0)),
            ("Asia/Shanghai", None),
            ("+8:00", None),
            ("+24:00", None),
            ("08:00", None),
            ("", None),
        ] {
            assert_eq!(offset_seconds(text), seconds, "{text}");
        }
    }
}
