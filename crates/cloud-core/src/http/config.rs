//! Timeouts, retries and the user agent.

use std::time::Duration;

use super::RetryPolicy;

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
