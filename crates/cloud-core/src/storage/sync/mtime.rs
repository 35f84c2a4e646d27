//! The modification time a sync records in object metadata, and compares.
//!
//! An uploaded file's modification time goes into the object's metadata under
//! [`MTIME_KEY`] as seconds since the Unix epoch with nine decimals (the form rclone
//! also writes and reads), so that a later sync can tell an unchanged file from a
//! changed one of the same size without reading either.

use chrono::{DateTime, TimeZone, Utc};

/// The metadata key of the recorded modification time.
pub const MTIME_KEY: &str = "mtime";

/// How far apart two times may be and still count as the same (file systems and
/// providers keep different precisions).
const TOLERANCE_NANOS: i64 = 1_000_000;

/// `time` as `SECONDS.NANOSECONDS`.
pub fn format_mtime(time: DateTime<Utc>) -> String {
    let (secs, nanos) = (time.timestamp(), time.timestamp_subsec_nanos());
    if secs < 0 && nanos > 0 {
        // Before 1970 the decimal is written as one negative number: -1.25, not -2.75.
        return format!("-{}.{:09}", -(secs + 1), 1_000_000_000 - nanos);
    }
    format!("{secs}.{nanos:09}")
}

/// Reads a recorded time: decimal seconds since the epoch (`1700000000.5`,
/// `1700000000`), or RFC 3339. Anything else is `None`.
pub fn parse_mtime(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.with_timezone(&Utc));
    }
    let (secs, frac) = text.split_once('.').unwrap_or((text, ""));
    let negative = secs.starts_with('-');
    let secs: i64 = secs.parse().ok()?;
    if frac.len() > 9 && !frac[9..].bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = &frac[..frac.len().min(9)];
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let nanos: i64 = if digits.is_empty() {
        0
    } else {
        format!("{digits:0<9}").parse().ok()?
    };
    let (secs, nanos) = if negative && nanos > 0 {
        (secs - 1, 1_000_000_000 - nanos)
    } else {
        (secs, nanos)
    };
    Utc.timestamp_opt(secs, u32::try_from(nanos).ok()?).single()
}

/// Whether two times are the same within a millisecond.
pub fn same_time(a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    (a - b)
        .num_nanoseconds()
        .is_some_and(|d| d.abs() <= TOLERANCE_NANOS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip_with_nanoseconds() {
        let t = Utc.timestamp_opt(1_700_000_000, 123_456_789).unwrap();
        assert_eq!(format_mtime(t), "1700000000.123456789");
        assert_eq!(parse_mtime(&format_mtime(t)), Some(t));
    }

    #[test]
    fn other_spellings_are_read() {
        let t = Utc.timestamp_opt(1_700_000_000, 500_000_000).unwrap();
        assert_eq!(parse_mtime("1700000000.5"), Some(t));
        assert_eq!(
            parse_mtime("1700000000"),
            Utc.timestamp_opt(1_700_000_000, 0).single()
        );
        assert_eq!(parse_mtime("2023-11-14T22:13:20.5Z"), Some(t));
        assert_eq!(
            parse_mtime("-1.25"),
            Utc.timestamp_opt(-2, 750_000_000).single()
        );
        for (secs, nanos) in [(-2, 750_000_000), (-1, 1), (-5, 0)] {
            let t = Utc.timestamp_opt(secs, nanos).unwrap();
            assert_eq!(parse_mtime(&format_mtime(t)), Some(t), "{t}");
        }
        assert_eq!(
            format_mtime(Utc.timestamp_opt(-2, 750_000_000).unwrap()),
            "-1.250000000"
        );
    }

    #[test]
    fn garbage_is_none() {
        for text in ["", "abc", "1.2.3", "12x", "1.5e3", "99999999999999999999"] {
            assert_eq!(parse_mtime(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_millisecond_apart_is_the_same() {
        let t = Utc.timestamp_opt(10, 0).unwrap();
        assert!(same_time(t, t + chrono::Duration::microseconds(900)));
        assert!(!same_time(t, t + chrono::Duration::milliseconds(2)));
    }

    #[test]
    fn arbitrary_text_never_panics() {
        use super::super::test_text::random_strings;
        for text in random_strings(0x2545_F491_4F6C_DD1D, "0123456789.-+:TZe ", 40, 5_000) {
            if let Some(time) = parse_mtime(&text) {
                assert_eq!(parse_mtime(&format_mtime(time)), Some(time), "{text:?}");
            }
        }
    }
}
