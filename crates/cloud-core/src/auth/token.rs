//! A bearer token with its expiry, and the login that produces one.

use std::fmt;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;

use crate::{Result, Secret};

/// A token a provider's login handed out, and when it stops working.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken {
    /// The token itself.
    pub secret: Secret,
    /// When the provider stops accepting it; `None` when it does not expire.
    pub expires_at: Option<SystemTime>,
}

impl AccessToken {
    /// A token that expires at `expires_at`.
    pub fn new(secret: Secret, expires_at: SystemTime) -> Self {
        AccessToken {
            secret,
            expires_at: Some(expires_at),
        }
    }

    /// A token valid for `lifetime` from `now` (OAuth2's `expires_in`).
    pub fn valid_for(secret: Secret, now: SystemTime, lifetime: Duration) -> Self {
        AccessToken::new(secret, now + lifetime)
    }

    /// A token that does not expire.
    pub fn non_expiring(secret: Secret) -> Self {
        AccessToken {
            secret,
            expires_at: None,
        }
    }

    /// How long the token stays valid after `now`: `None` when it does not expire,
    /// zero once it has expired.
    pub fn expires_in(&self, now: SystemTime) -> Option<Duration> {
        self.expires_at
            .map(|at| at.duration_since(now).unwrap_or(Duration::ZERO))
    }

    /// Whether the token has expired at `now`.
    pub fn is_expired(&self, now: SystemTime) -> bool {
        self.expires_in(now) == Some(Duration::ZERO)
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("secret", &self.secret)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// A provider's login: exchanges long-lived credentials for an [`AccessToken`]
/// (Keystone `POST /v3/auth/tokens`, Google's JWT exchange, Azure AD client
/// credentials, …).
///
/// Implementations do the exchange every time they are asked; caching, refreshing
/// ahead of expiry and collapsing concurrent logins are [`TokenCache`](super::TokenCache)'s
/// job. `Debug` must not show credentials.
#[async_trait]
pub trait TokenSource: Send + Sync + fmt::Debug {
    /// Logs in and returns a fresh token.
    async fn fetch(&self) -> Result<AccessToken>;
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_700_000_000;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn expires_in_counts_down_to_zero() {
        let token = AccessToken::valid_for(Secret::new("t"), at(NOW), Duration::from_secs(60));
        assert_eq!(token.expires_in(at(NOW)), Some(Duration::from_secs(60)));
        assert_eq!(
            token.expires_in(at(NOW + 45)),
            Some(Duration::from_secs(15))
        );
        assert!(!token.is_expired(at(NOW + 59)));
        assert_eq!(token.expires_in(at(NOW + 90)), Some(Duration::ZERO));
        assert!(token.is_expired(at(NOW + 60)));
    }

    #[test]
    fn a_non_expiring_token_never_expires() {
        let token = AccessToken::non_expiring(Secret::new("t"));
        assert_eq!(token.expires_in(at(NOW)), None);
        assert!(!token.is_expired(at(u64::from(u32::MAX))));
    }

    #[test]
    fn debug_hides_the_token() {
        let token = AccessToken::new(Secret::new("tok-very-secret"), at(NOW));
        let shown = format!("{token:?}");
        assert!(!shown.contains("tok-very-secret"), "{shown}");
        assert!(shown.contains("expires_at"));
    }
}
