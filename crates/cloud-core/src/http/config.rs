//! Timeouts, retries and the user agent.

use std::collections::BTreeMap;
use std::time::Duration;

use super::RetryPolicy;
use crate::Result;
use crate::options::{OptionKind, OptionSpec, OptionValue, parse_option};

/// The options every provider takes, read by [`HttpConfig::apply_options`].
pub const HTTP_OPTION_SPECS: &[OptionSpec] = &[
    OptionSpec::new(
        "connect_timeout_secs",
        OptionKind::Seconds,
        "time allowed to open a connection",
    )
    .default_value("10"),
    OptionSpec::new(
        "request_timeout_secs",
        OptionKind::Seconds,
        "time allowed for one attempt",
    )
    .default_value("60"),
    OptionSpec::new(
        "read_timeout_secs",
        OptionKind::Seconds,
        "longest pause while reading a streamed body",
    )
    .default_value("60"),
    OptionSpec::new(
        "max_attempts",
        OptionKind::Count { min: 1, max: 100 },
        "attempts in all, the first included (1 turns retries off)",
    )
    .default_value("5"),
    OptionSpec::new(
        "retry_budget_secs",
        OptionKind::Seconds,
        "wall-clock budget for one call, retries included",
    )
    .default_value("120"),
];

/// How every request of a driver is sent. The defaults suit interactive use; every field
/// can be changed.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Time allowed to open a connection (TCP and TLS).
    pub connect_timeout: Duration,
    /// Time allowed for one attempt, from sending to the end of the response headers (and
    /// to the end of the body for buffered responses).
    pub request_timeout: Duration,
    /// Longest pause while reading a streamed body before the transfer is abandoned.
    pub read_timeout: Duration,
    /// When and how to retry.
    pub retry: RetryPolicy,
    /// The `User-Agent` header.
    pub user_agent: String,
    /// Refuse every host that is not a loopback address. Tests turn this on; it is also
    /// on when the `LIBCLOUD_LOOPBACK_ONLY` environment variable is `1`.
    pub loopback_only: bool,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            read_timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            user_agent: format!("libcloud-rs/{}", env!("CARGO_PKG_VERSION")),
            loopback_only: std::env::var(super::LOOPBACK_ONLY_ENV).is_ok_and(|v| v == "1"),
        }
    }
}

impl HttpConfig {
    /// Applies the HTTP settings found among provider options (profile options, or
    /// `--set` on the command line): see [`HTTP_OPTION_SPECS`]. Other options are left
    /// for the driver. Seconds may be fractional; a value its spec does not accept is an
    /// `InvalidInput` error naming the option.
    pub fn apply_options(&mut self, options: &BTreeMap<String, String>) -> Result<()> {
        for spec in HTTP_OPTION_SPECS {
            let Some(text) = options.get(spec.name) else {
                continue;
            };
            let value = parse_option(&spec.kind, spec.name, text)?;
            match (spec.name, value) {
                ("connect_timeout_secs", OptionValue::Seconds(d)) => self.connect_timeout = d,
                ("request_timeout_secs", OptionValue::Seconds(d)) => self.request_timeout = d,
                ("read_timeout_secs", OptionValue::Seconds(d)) => self.read_timeout = d,
                ("retry_budget_secs", OptionValue::Seconds(d)) => self.retry.budget = d,
                ("max_attempts", OptionValue::Number(n)) => {
                    self.retry.max_attempts = u32::try_from(n).unwrap_or(u32::MAX)
                }
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn options(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn options_set_timeouts_and_retries() {
        let mut c = HttpConfig::default();
        c.apply_options(&options(&[
            ("connect_timeout_secs", "1.5"),
            ("request_timeout_secs", "30"),
            ("read_timeout_secs", "7"),
            ("max_attempts", "2"),
            ("retry_budget_secs", "9"),
            ("page_size", "50"),
        ]))
        .unwrap();
        assert_eq!(c.connect_timeout, Duration::from_millis(1500));
        assert_eq!(c.request_timeout, Duration::from_secs(30));
        assert_eq!(c.read_timeout, Duration::from_secs(7));
        assert_eq!(c.retry.max_attempts, 2);
        assert_eq!(c.retry.budget, Duration::from_secs(9));
    }

    #[test]
    fn bad_values_name_the_option() {
        for (k, v) in [
            ("max_attempts", "0"),
            ("max_attempts", "many"),
            ("request_timeout_secs", "-1"),
            ("connect_timeout_secs", "NaN"),
        ] {
            let err = HttpConfig::default()
                .apply_options(&options(&[(k, v)]))
                .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput);
            assert!(err.to_string().contains(k), "{err}");
        }
    }
}
