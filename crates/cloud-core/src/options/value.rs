//! Reading option values as the types their specs declare.

use std::time::Duration;

use super::OptionKind;

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;
const GIB: u64 = 1024 * MIB;

/// A value read according to its [`OptionKind`].
#[derive(Debug, Clone, PartialEq)]
pub enum OptionValue {
    /// Text or a path.
    Text(String),
    /// A flag.
    Flag(bool),
    /// A whole number, or a size in bytes.
    Number(u64),
    /// A duration.
    Seconds(Duration),
    /// A list's items.
    List(Vec<String>),
}

/// Reads `text` as `kind` says; `Err` carries what was expected.
pub fn parse(kind: &OptionKind, text: &str) -> std::result::Result<OptionValue, String> {
    let t = text.trim();
    let expected = || kind.describe();
    match kind {
        OptionKind::Text | OptionKind::Path if !t.is_empty() => Ok(OptionValue::Text(t.into())),
        OptionKind::Text | OptionKind::Path => Err(expected()),
        OptionKind::Flag => parse_flag(t).map(OptionValue::Flag).ok_or_else(expected),
        OptionKind::Count { min, max } => t
            .parse::<u64>()
            .ok()
            .filter(|n| (*min..=*max).contains(n))
            .map(OptionValue::Number)
            .ok_or_else(expected),
        OptionKind::Bytes { min, max } => parse_bytes(t)
            .filter(|n| (*min..=*max).contains(n))
            .map(OptionValue::Number)
            .ok_or_else(expected),
        OptionKind::Seconds => t
            .parse::<f64>()
            .ok()
            .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
            .map(|s| OptionValue::Seconds(Duration::from_secs_f64(s)))
            .ok_or_else(expected),
        OptionKind::Choice { choices } => choices
            .iter()
            .find(|c| c.eq_ignore_ascii_case(t))
            .map(|c| OptionValue::Text((*c).to_string()))
            .ok_or_else(expected),
        OptionKind::List => {
            let items: Vec<String> = t
                .split(',')
                .map(str::trim)
                .filter(|i| !i.is_empty())
                .map(str::to_string)
                .collect();
            if items.is_empty() {
                Err(expected())
            } else {
                Ok(OptionValue::List(items))
            }
        }
    }
}

/// Reads `text`, the value of option (or environment variable) `name`, as `kind` says;
/// an `InvalidInput` error naming it and what it takes otherwise.
pub fn parse_option(kind: &OptionKind, name: &str, text: &str) -> crate::Result<OptionValue> {
    parse(kind, text).map_err(|expected| {
        crate::Error::new(
            crate::ErrorKind::InvalidInput,
            format!("option {name} = {text:?} is not valid: expected {expected}"),
        )
    })
}

/// `true`/`false`, `yes`/`no`, `on`/`off`, `1`/`0`, in any case.
pub fn parse_flag(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Some(true),
        "false" | "no" | "off" | "0" => Some(false),
        _ => None,
    }
}

/// A byte count with an optional unit: `KiB`, `MiB`, `GiB` (powers of 1024), `KB`,
/// `MB`, `GB` (powers of 1000), or `B`; spaces allowed before the unit.
pub fn parse_bytes(text: &str) -> Option<u64> {
    let lower = text.trim().to_ascii_lowercase();
    let units: [(&str, u64); 7] = [
        ("gib", GIB),
        ("mib", MIB),
        ("kib", KIB),
        ("gb", 1_000_000_000),
        ("mb", 1_000_000),
        ("kb", 1_000),
        ("b", 1),
    ];
    let (digits, unit) = units
        .iter()
        .find_map(|(suffix, unit)| lower.strip_suffix(suffix).map(|d| (d.trim(), *unit)))
        .unwrap_or((lower.as_str(), 1));
    digits.parse::<u64>().ok()?.checked_mul(unit)
}

/// A byte count as people read it: `5 MiB`, `1536 B`.
pub fn show_bytes(n: u64) -> String {
    for (unit, size) in [("GiB", GIB), ("MiB", MIB), ("KiB", KIB)] {
        if n >= size && n.is_multiple_of(size) {
            return format!("{} {unit}", n / size);
        }
    }
    format!("{n} B")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_with_and_without_units() {
        assert_eq!(parse_bytes("8MiB"), Some(8 * MIB));
        assert_eq!(parse_bytes(" 5 mib "), Some(5 * MIB));
        assert_eq!(parse_bytes("1 KB"), Some(1000));
        assert_eq!(parse_bytes("1048576"), Some(MIB));
        assert_eq!(parse_bytes("12B"), Some(12));
        assert_eq!(parse_bytes("lots"), None);
        assert_eq!(parse_bytes("-1"), None);
        assert_eq!(parse_bytes("99999999999999999999GiB"), None);
        assert_eq!(show_bytes(5 * MIB), "5 MiB");
        assert_eq!(show_bytes(1536), "1536 B");
    }

    #[test]
    fn each_kind_accepts_its_values_and_names_what_it_expected() {
        let count = OptionKind::Count { min: 25, max: 500 };
        assert_eq!(parse(&count, " 50 "), Ok(OptionValue::Number(50)));
        let err = parse(&count, "abc").unwrap_err();
        assert!(err.contains("25") && err.contains("500"), "{err}");
        assert!(parse(&count, "501").is_err());
        let choice = OptionKind::Choice {
            choices: &["path", "virtual"],
        };
        assert_eq!(parse(&choice, "Path"), Ok(OptionValue::Text("path".into())));
        assert!(parse(&choice, "dns").unwrap_err().contains("path, virtual"));
        assert_eq!(parse(&OptionKind::Flag, "Yes"), Ok(OptionValue::Flag(true)));
        assert!(parse(&OptionKind::Flag, "maybe").is_err());
        assert_eq!(
            parse(&OptionKind::Seconds, "1.5"),
            Ok(OptionValue::Seconds(Duration::from_millis(1500)))
        );
        assert!(parse(&OptionKind::Seconds, "NaN").is_err());
        assert!(parse(&OptionKind::Seconds, "0").is_err());
        assert_eq!(
            parse(&OptionKind::List, "a, b,,c"),
            Ok(OptionValue::List(vec!["a".into(), "b".into(), "c".into()]))
        );
        assert!(parse(&OptionKind::List, " , ").is_err());
        assert!(parse(&OptionKind::Text, "  ").is_err());
        let bytes = OptionKind::Bytes {
            min: 5 * MIB,
            max: 5 * GIB,
        };
        assert_eq!(parse(&bytes, "8MiB"), Ok(OptionValue::Number(8 * MIB)));
        assert!(parse(&bytes, "4MiB").unwrap_err().contains("5 MiB"));
    }
}
