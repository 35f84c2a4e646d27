//! AWS credentials, and the trait every source of them implements.

use std::fmt;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use cloud_core::{Result, Secret};

/// An AWS access key pair, with a session token and an expiry when temporary.
///
/// `Debug` shows only the ends of the access key id (`AKIA****MPLE`) and never the
/// secret access key or the session token.
#[derive(Clone)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: Secret,
    session_token: Option<Secret>,
    expires_at: Option<SystemTime>,
}

impl Credentials {
    /// Long-term credentials: an access key id and its secret.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<Secret>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: None,
            expires_at: None,
        }
    }

    /// Adds a session token (temporary credentials).
    pub fn with_session_token(mut self, token: impl Into<Secret>) -> Self {
        let token = token.into();
        self.session_token = (!token.is_empty()).then_some(token);
        self
    }

    /// Records when the credentials stop working.
    pub fn with_expiry(mut self, expires_at: SystemTime) -> Self {
        self.expires_at = Some(expires_at);
        self
    }

    /// The access key id (not a secret: it names the key, it does not prove anything).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &Secret {
        &self.secret_access_key
    }

    /// The session token, for temporary credentials.
    pub fn session_token(&self) -> Option<&Secret> {
        self.session_token.as_ref()
    }

    /// When the credentials expire, if they do.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
    }

    /// Whether the credentials are expired, or will be within `margin`, at `now`.
    pub fn expires_within(&self, now: SystemTime, margin: Duration) -> bool {
        match self.expires_at {
            Some(at) => now + margin >= at,
            None => false,
        }
    }
}

/// The access key id with all but its first and last four characters hidden.
pub(crate) fn mask_key_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() < 12 {
        return "****".to_string();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &mask_key_id(&self.access_key_id))
            .field("secret_access_key", &"[redacted]")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "[redacted]"),
            )
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// A source of credentials. Implementations may cache and refresh; callers ask again
/// before every request and get whatever is current.
#[async_trait]
pub trait CredentialsProvider: Send + Sync + fmt::Debug {
    /// Credentials that are valid now.
    async fn credentials(&self) -> Result<Credentials>;
}

/// A provider that always hands out the same credentials.
#[derive(Debug, Clone)]
pub struct StaticCredentials(Credentials);

impl StaticCredentials {
    /// Wraps fixed credentials.
    pub fn new(credentials: Credentials) -> Self {
        StaticCredentials(credentials)
    }
}

impl From<Credentials> for StaticCredentials {
    fn from(credentials: Credentials) -> Self {
        StaticCredentials(credentials)
    }
}

#[async_trait]
impl CredentialsProvider for StaticCredentials {
    async fn credentials(&self) -> Result<Credentials> {
        Ok(self.0.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_masks_key_id_and_hides_secrets() {
        let c = Credentials::new(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        )
        .with_session_token("FwoGZXIvYXdzEXAMPLETOKEN");
        let shown = format!("{c:?}");
        assert!(shown.contains("AKIA****MPLE"), "{shown}");
        assert!(!shown.contains("AKIAIOSFODNN7EXAMPLE"), "{shown}");
        assert!(!shown.contains("wJalrXUtn"), "{shown}");
        assert!(!shown.contains("FwoGZXIv"), "{shown}");
        assert!(!format!("{:#?}", StaticCredentials::new(c)).contains("wJalr"));
    }

    #[test]
    fn short_key_ids_are_hidden_whole() {
        assert_eq!(mask_key_id("AKID"), "****");
        assert_eq!(mask_key_id("AKIDEXAMPLE"), "****");
        assert_eq!(mask_key_id("ASIAXXXXXXXXXXXX1234"), "ASIA****1234");
    }

    #[test]
    fn empty_session_token_counts_as_none() {
        let c = Credentials::new("AKIAIOSFODNN7EXAMPLE", "s").with_session_token("");
        assert!(c.session_token().is_none());
    }

    #[test]
    fn expiry_margin() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let c = Credentials::new("k", "s").with_expiry(now + Duration::from_secs(600));
        assert!(!c.expires_within(now, Duration::from_secs(300)));
        assert!(c.expires_within(now + Duration::from_secs(301), Duration::from_secs(300)));
        assert!(!Credentials::new("k", "s").expires_within(now, Duration::from_secs(1 << 30)));
    }
}
