//! TTLs and other durations as zone files write them: seconds (`3600`) or BIND's units
//! (`1h30m`, `1d`, `2w`; `s`, `m`, `h`, `d`, `w` in either case), and whole numbers.

use super::escape::shown;

/// The largest TTL: RFC 2181 section 8 keeps the top bit of the 32-bit field clear.
pub(crate) const MAX_TTL: u32 = 2_147_483_647;

/// Reads a duration in seconds: digits alone, or groups of digits each followed by a
/// unit. At most [`MAX_TTL`].
pub(crate) fn parse_duration(raw: &str, what: &str) -> Result<u32, String> {
    let bad = || {
        format!(
            "{what} {} is not a number of seconds or a duration such as 1h30m",
            shown(raw)
        )
    };
    if raw.is_empty() {
        return Err(bad());
    }
    let mut total: u64 = 0;
    let mut group: Option<u64> = None;
    let mut units = false;
    for c in raw.chars() {
        if let Some(d) = c.to_digit(10) {
            let value = group
                .unwrap_or(0)
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(d)))
                .filter(|v| *v <= u64::from(u32::MAX))
                .ok_or_else(|| too_large(raw, what))?;
            group = Some(value);
            continue;
        }
        let unit: u64 = match c.to_ascii_lowercase() {
            's' => 1,
            'm' => 60,
            'h' => 3_600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return Err(bad()),
        };
        let count = group.take().ok_or_else(bad)?;
        total = count
            .checked_mul(unit)
            .and_then(|v| v.checked_add(total))
            .filter(|v| *v <= u64::from(MAX_TTL))
            .ok_or_else(|| too_large(raw, what))?;
        units = true;
    }
    if let Some(rest) = group {
        if units {
            // `1h30` is ambiguous: every group needs its unit once one has one.
            return Err(bad());
        }
        total = rest;
    }
    u32::try_from(total)
        .ok()
        .filter(|v| *v <= MAX_TTL)
        .ok_or_else(|| too_large(raw, what))
}

fn too_large(raw: &str, what: &str) -> String {
    format!(
        "{what} {} is over {MAX_TTL} seconds, the largest RFC 2181 allows",
        shown(raw)
    )
}

/// Reads a whole number of type `T` written in decimal digits only (no sign, no units).
pub(crate) fn parse_number<T: TryFrom<u64>>(raw: &str) -> Option<T> {
    if raw.is_empty() || raw.len() > 20 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: u64 = raw.parse().ok()?;
    T::try_from(value).ok()
}

/// A duration for people: `2 hours`, `1 week 3 days`, `90 seconds`.
pub(crate) fn human(seconds: u32) -> String {
    const UNITS: [(u32, &str); 5] = [
        (604_800, "week"),
        (86_400, "day"),
        (3_600, "hour"),
        (60, "minute"),
        (1, "second"),
    ];
    if seconds == 0 {
        return "0 seconds".to_string();
    }
    let mut rest = seconds;
    let mut parts = Vec::new();
    for (size, unit) in UNITS {
        let count = rest / size;
        if count > 0 {
            rest %= size;
            let plural = if count == 1 { "" } else { "s" };
            parts.push(format!("{count} {unit}{plural}"));
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_and_bind_units() {
        assert_eq!(parse_duration("3600", "TTL").unwrap(), 3600);
        assert_eq!(parse_duration("0", "TTL").unwrap(), 0);
        assert_eq!(parse_duration("1h30m", "TTL").unwrap(), 5400);
        assert_eq!(parse_duration("1d", "TTL").unwrap(), 86_400);
        assert_eq!(parse_duration("1W", "TTL").unwrap(), 604_800);
        assert_eq!(parse_duration("2d12H", "TTL").unwrap(), 216_000);
        assert_eq!(parse_duration("90s", "TTL").unwrap(), 90);
        assert_eq!(parse_duration("1m1s", "TTL").unwrap(), 61);
        assert_eq!(parse_duration("2147483647", "TTL").unwrap(), MAX_TTL);
    }

    #[test]
    fn malformed_or_huge_durations_are_refused() {
        for bad in ["", "h", "1x", "1h30", "-5", "+5", "1.5h", "٣"] {
            let err = parse_duration(bad, "TTL").unwrap_err();
            assert!(err.contains("not a number of seconds"), "{bad:?}: {err}");
        }
        for huge in [
            "2147483648",
            "4294967296",
            "99999999999999999999999",
            "3551w",
            "1w99999999999d",
        ] {
            let err = parse_duration(huge, "TTL").unwrap_err();
            assert!(err.contains("over 2147483647"), "{huge:?}: {err}");
        }
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(parse_number::<u16>("65535"), Some(65535));
        assert_eq!(parse_number::<u16>("65536"), None);
        assert_eq!(parse_number::<u8>("+1"), None);
        assert_eq!(parse_number::<u32>(""), None);
        assert_eq!(parse_number::<u32>("99999999999999999999999"), None);
        assert_eq!(parse_number::<u32>("007"), Some(7));
    }

    #[test]
    fn durations_for_people() {
        assert_eq!(human(7200), "2 hours");
        assert_eq!(human(1_209_600), "2 weeks");
        assert_eq!(human(90), "1 minute 30 seconds");
        assert_eq!(human(0), "0 seconds");
    }
}
