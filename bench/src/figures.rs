//! Turning measurements into the figures the tables show: medians, ratios, rates, and
//! their text.

use std::time::Duration;

/// Bytes in a MiB.
pub const MIB: u64 = 1024 * 1024;

/// The median of `values`: the middle one of an odd count, the lower of the two middle
/// ones of an even count (a value that was really measured, never an average).
pub fn median<T: Copy + PartialOrd>(values: &[T]) -> Option<T> {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    sorted.get(sorted.len().checked_sub(1)? / 2).copied()
}

/// `a / b`, when `b` is not zero.
pub fn ratio(a: f64, b: f64) -> Option<f64> {
    (b != 0.0 && a.is_finite() && b.is_finite()).then(|| a / b)
}

/// MiB per second for `bytes` moved in `elapsed`.
pub fn mib_per_sec(bytes: u64, elapsed: Duration) -> Option<f64> {
    ratio(bytes as f64 / MIB as f64, elapsed.as_secs_f64())
}

/// Microseconds per item.
pub fn micros_per(total: Duration, items: u64) -> Option<f64> {
    ratio(total.as_secs_f64() * 1e6, items as f64)
}

/// Thousands separated by commas: `12,345`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A duration in milliseconds with one decimal: `123.4 ms`.
pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// A size in MiB with one decimal: `35.2 MiB`.
pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / MIB as f64)
}

/// Microseconds with one decimal: `12.3 µs`; `-` when unknown.
pub fn micros(value: Option<f64>) -> String {
    value.map_or_else(|| "-".into(), |v| format!("{v:.1} µs"))
}

/// A rate: `812.4 MiB/s`; `-` when unknown.
pub fn rate(value: Option<f64>) -> String {
    value.map_or_else(|| "-".into(), |v| format!("{v:.1} MiB/s"))
}

/// A ratio with a times sign, more decimals for small ones: `44.7×`, `0.97×`; `-` when
/// unknown.
pub fn times(value: Option<f64>) -> String {
    match value {
        None => "-".into(),
        Some(v) if v.abs() < 10.0 => format!("{v:.2}×"),
        Some(v) => format!("{v:.1}×"),
    }
}

/// A ratio as a percentage: `97.3%`; `-` when unknown.
pub fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "-".into(), |v| format!("{:.1}%", v * 100.0))
}

/// Whether a target was reached, as a word for the verdict lines.
pub fn verdict(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "met",
        Some(false) => "NOT met",
        None => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_picks_a_measured_value() {
        assert_eq!(median::<u32>(&[]), None);
        assert_eq!(median(&[7]), Some(7));
        assert_eq!(median(&[9, 1, 5]), Some(5));
        assert_eq!(median(&[4, 1, 3, 2]), Some(2));
        let d = |ms| Duration::from_millis(ms);
        assert_eq!(median(&[d(30), d(10), d(20)]), Some(d(20)));
        assert_eq!(median(&[2.5, 0.5, 1.0]), Some(1.0));
    }

    #[test]
    fn ratios_refuse_zero_and_nonsense() {
        assert_eq!(ratio(10.0, 4.0), Some(2.5));
        assert_eq!(ratio(1.0, 0.0), None);
        assert_eq!(ratio(f64::INFINITY, 1.0), None);
        assert_eq!(mib_per_sec(512 * MIB, Duration::from_secs(2)), Some(256.0));
        assert_eq!(mib_per_sec(MIB, Duration::ZERO), None);
        assert_eq!(micros_per(Duration::from_millis(5500), 10_000), Some(550.0));
        assert_eq!(micros_per(Duration::from_millis(1), 0), None);
    }

    #[test]
    fn text_forms() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(ms(Duration::from_micros(123_456)), "123.5 ms");
        assert_eq!(mib(35 * MIB + MIB / 5), "35.2 MiB");
        assert_eq!(micros(Some(12.34)), "12.3 µs");
        assert_eq!(micros(None), "-");
        assert_eq!(rate(Some(812.44)), "812.4 MiB/s");
        assert_eq!(times(Some(44.71)), "44.7×");
        assert_eq!(times(Some(0.9712)), "0.97×");
        assert_eq!(times(None), "-");
        assert_eq!(percent(Some(0.9734)), "97.3%");
        assert_eq!(verdict(Some(true)), "met");
        assert_eq!(verdict(Some(false)), "NOT met");
        assert_eq!(verdict(None), "unknown");
    }
}
