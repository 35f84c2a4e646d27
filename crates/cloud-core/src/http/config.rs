//! Timeouts, retries and the user agent.

use std::collections::BTreeMap;
use std::time::Duration;

use super::RetryPolicy;
use crate::{Error, ErrorKind, Result};

/// The provider options [`HttpConfig::apply_options`] reads, with what each sets.
pub const HTTP_OPTIONS: &[(&str, &str)] = &[
    ("connect_timeout_secs", "time allowed to open a connection"),
    ("request_timeout_secs", "time allowed for one attempt"),
    (
        "read_timeout_secs",
        "longest pause while reading a streamed body",
    ),
    (
        "max_attempts",
        "attempts in all, the first included (1 turns retries off)",
    ),
    (
        "retry_budget_secs",
        "wall-clock budget for one call, retries included",
    ),
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
    /// `--set` on the command line): see [`HTTP_OPTIONS`]. Other options are left for
    /// the driver. Seconds may be fractional; a value that is not a positive number is a
    /// `Configuration` error naming the option.
    pub fn apply_options(&mut self, options: &BTreeMap<String, String>) -> Result<()> {
        for (name, value) in options {
            match name.as_str() {
                "connect_timeout_secs" => self.connect_timeout = seconds(name, value)?,
                "request_timeout_secs" => self.request_timeout = seconds(name, value)?,
                "read_timeout_secs" => self.read_timeout = seconds(name, value)?,
                "retry_budget_secs" => self.retry.budget = seconds(name, value)?,
                "max_attempts" => {
                    self.retry.max_attempts = value
                        .trim()
                        .parse::<u32>()
                        .ok()
                        .filter(|n| *n >= 1)
                        .ok_or_else(|| {
                        bad_option(name, value, "a whole number of at least 1")
                    })?
                }
                _ => {}
            }
        }
        Ok(())
    }
}

fn seconds(name: &str, value: &str) -> Result<Duration> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| bad_option(name, value, "a number of seconds above 0"))
}

fn bad_option(name: &str, value: &str, want: &str) -> Error {
    Error::new(
        ErrorKind::Configuration,
        format!("option {name} = {value:?} is not {want}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(err.kind(), ErrorKind::Configuration);
            assert!(err.to_string().contains(k), "{err}");
        }
    }
}
