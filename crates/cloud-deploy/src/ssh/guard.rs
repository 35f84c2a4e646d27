//! The loopback guard: with `LIBCLOUD_LOOPBACK_ONLY=1` (as `cargo xtask test` sets), no
//! connection goes anywhere but a loopback address.

use std::net::IpAddr;

use cloud_core::http::LOOPBACK_ONLY_ENV;
use cloud_core::{ErrorKind, Result};

use super::target::SshTarget;
use crate::errors::ssh_error;

/// Whether `LIBCLOUD_LOOPBACK_ONLY` is `1` in the process environment.
pub(crate) fn loopback_only_from_env() -> bool {
    std::env::var(LOOPBACK_ONLY_ENV).is_ok_and(|v| v == "1")
}

/// Whether `host` is `localhost` or a loopback IP address.
fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Fails with `InvalidInput`, before any connection, when `loopback_only` is on and
/// `target` is not a loopback address.
pub(crate) fn check_target(target: &SshTarget, loopback_only: bool, operation: &str) -> Result<()> {
    if !loopback_only || is_loopback(&target.host) {
        return Ok(());
    }
    Err(ssh_error(
        ErrorKind::InvalidInput,
        operation,
        format!(
            "refusing to connect to {target}: only loopback addresses are allowed \
             ({LOOPBACK_ONLY_ENV}=1)"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_passes_when_on() {
        for ok in ["127.0.0.1", "127.1.2.3", "::1", "localhost", "LOCALHOST"] {
            check_target(&SshTarget::new(ok, 22), true, "connect").unwrap();
        }
        for bad in ["10.0.0.2", "198.51.100.2", "example.org", "::2", "0.0.0.0"] {
            let err = check_target(&SshTarget::new(bad, 22), true, "connect").unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput);
            assert!(err.to_string().contains("only loopback addresses"), "{err}");
            check_target(&SshTarget::new(bad, 22), false, "connect").unwrap();
        }
    }
}
