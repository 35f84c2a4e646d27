//! The one error type every driver returns.
//!
//! An [`Error`] says what kind of failure it was ([`ErrorKind`]), where it happened
//! (provider and operation), and what the provider said (HTTP status, provider error
//! code, message, request id). Its `Display` reads like
//! `ec2 RunInstances: InvalidAMIID.NotFound: The image id '[ami-1]' does not exist (request 7a62…)`.

use std::fmt;
use std::time::Duration;

/// Result alias used across libcloud-rs.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, independent of the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The resource does not exist.
    NotFound,
    /// A resource with that name or id already exists.
    AlreadyExists,
    /// The resource is not in a state that allows the operation (e.g. a non-empty container).
    Conflict,
    /// Credentials are missing, malformed, unknown or expired.
    InvalidCredentials,
    /// Credentials are valid but not allowed to do this.
    PermissionDenied,
    /// The provider asked us to slow down.
    RateLimited,
    /// An argument was rejected, by us or by the provider.
    InvalidInput,
    /// The provider (or this driver) does not offer this operation.
    Unsupported,
    /// The provider has no capacity or quota left for the request.
    QuotaExceeded,
    /// A request or a wait ran out of time.
    Timeout,
    /// The connection failed: DNS, connect, TLS, reset.
    Transport,
    /// The provider answered with something we could not understand.
    MalformedResponse,
    /// Local configuration is wrong (config file, environment, endpoint).
    Configuration,
    /// Local I/O failed (files, state directory).
    Io,
    /// Any other error the provider reported; see the code and message.
    Provider,
}

impl ErrorKind {
    /// A short, stable, lowercase name for the kind (`not_found`, `rate_limited`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "not_found",
            ErrorKind::AlreadyExists => "already_exists",
            ErrorKind::Conflict => "conflict",
            ErrorKind::InvalidCredentials => "invalid_credentials",
            ErrorKind::PermissionDenied => "permission_denied",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::QuotaExceeded => "quota_exceeded",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Transport => "transport",
            ErrorKind::MalformedResponse => "malformed_response",
            ErrorKind::Configuration => "configuration",
            ErrorKind::Io => "io",
            ErrorKind::Provider => "provider",
        }
    }

    /// Whether a failure of this kind is worth retrying by default.
    pub fn is_retryable_by_default(self) -> bool {
        matches!(
            self,
            ErrorKind::RateLimited | ErrorKind::Timeout | ErrorKind::Transport
        )
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error every libcloud-rs call returns.
///
/// Build one with [`Error::new`] and the `with_*` methods. Text put in an error must
/// never contain a secret: the HTTP pipeline redacts credentials before they get here.
#[derive(Debug)]
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    provider: Option<String>,
    operation: Option<String>,
    status: Option<u16>,
    code: Option<String>,
    message: String,
    request_id: Option<String>,
    retryable: bool,
    retry_after: Option<Duration>,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_ref()
            .map(|s| s.as_ref() as &(dyn std::error::Error + 'static))
    }
}

impl Error {
    /// A new error of `kind` with a human-readable message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                provider: None,
                operation: None,
                status: None,
                code: None,
                message: message.into(),
                request_id: None,
                retryable: kind.is_retryable_by_default(),
                retry_after: None,
                source: None,
            }),
        }
    }

    /// Shorthand for an [`ErrorKind::Unsupported`] error naming the operation.
    pub fn unsupported(provider: &str, operation: &str) -> Self {
        Error::new(
            ErrorKind::Unsupported,
            format!("{operation} is not supported by the {provider} provider"),
        )
        .with_provider(provider)
        .with_operation(operation)
    }

    /// Shorthand for an [`ErrorKind::InvalidInput`] error.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidInput, message)
    }

    /// Shorthand for an [`ErrorKind::NotFound`] error.
    pub fn not_found(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::NotFound, message)
    }

    /// Shorthand for an [`ErrorKind::MalformedResponse`] error.
    pub fn malformed(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::MalformedResponse, message)
    }

    /// Shorthand for an [`ErrorKind::Io`] error wrapping an I/O error, with context.
    pub fn io(context: impl Into<String>, err: std::io::Error) -> Self {
        let kind = match err.kind() {
            std::io::ErrorKind::NotFound => ErrorKind::NotFound,
            std::io::ErrorKind::AlreadyExists => ErrorKind::AlreadyExists,
            std::io::ErrorKind::PermissionDenied => ErrorKind::PermissionDenied,
            std::io::ErrorKind::TimedOut => ErrorKind::Timeout,
            _ => ErrorKind::Io,
        };
        let context = context.into();
        Error::new(kind, format!("{context}: {err}")).with_source(err)
    }

    /// Names the provider (e.g. `ec2`).
    pub fn with_provider(mut self, provider: impl Into<String>) -> Self {
        self.inner.provider = Some(provider.into());
        self
    }

    /// Names the operation (e.g. `RunInstances`, `create_node`).
    pub fn with_operation(mut self, operation: impl Into<String>) -> Self {
        self.inner.operation = Some(operation.into());
        self
    }

    /// Records the HTTP status the provider answered with.
    pub fn with_status(mut self, status: u16) -> Self {
        self.inner.status = Some(status);
        self
    }

    /// Records the provider's own error code (e.g. `InvalidAMIID.NotFound`).
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.inner.code = Some(code.into());
        self
    }

    /// Records the provider's request id.
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.inner.request_id = Some(request_id.into());
        self
    }

    /// Overrides whether the failure is worth retrying.
    pub fn with_retryable(mut self, retryable: bool) -> Self {
        self.inner.retryable = retryable;
        self
    }

    /// Records how long the provider asked us to wait before retrying.
    pub fn with_retry_after(mut self, delay: Duration) -> Self {
        self.inner.retry_after = Some(delay);
        self
    }

    /// Attaches the underlying cause.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.inner.source = Some(Box::new(source));
        self
    }

    /// A copy, for handing the same failure out more than once. Everything is kept but
    /// the source (causes cannot be copied); its text is already in the message where
    /// it matters.
    pub fn copied(&self) -> Error {
        let i = &self.inner;
        Error {
            inner: Box::new(Inner {
                kind: i.kind,
                provider: i.provider.clone(),
                operation: i.operation.clone(),
                status: i.status,
                code: i.code.clone(),
                message: i.message.clone(),
                request_id: i.request_id.clone(),
                retryable: i.retryable,
                retry_after: i.retry_after,
                source: None,
            }),
        }
    }

    /// Sets provider and operation only where they are not set yet.
    pub fn in_context(mut self, provider: &str, operation: &str) -> Self {
        if self.inner.provider.is_none() {
            self.inner.provider = Some(provider.to_string());
        }
        if self.inner.operation.is_none() {
            self.inner.operation = Some(operation.to_string());
        }
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The provider id, when known.
    pub fn provider(&self) -> Option<&str> {
        self.inner.provider.as_deref()
    }

    /// The operation, when known.
    pub fn operation(&self) -> Option<&str> {
        self.inner.operation.as_deref()
    }

    /// The HTTP status, when the provider answered.
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }

    /// The provider's own error code, when it gave one.
    pub fn code(&self) -> Option<&str> {
        self.inner.code.as_deref()
    }

    /// The human-readable message.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The provider's request id, when it gave one.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// Whether retrying the same call may succeed.
    pub fn is_retryable(&self) -> bool {
        self.inner.retryable
    }

    /// How long the provider asked us to wait, when it said.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.inner.provider, &self.inner.operation) {
            (Some(p), Some(o)) => write!(f, "{p} {o}: ")?,
            (Some(p), None) => write!(f, "{p}: ")?,
            (None, Some(o)) => write!(f, "{o}: ")?,
            (None, None) => {}
        }
        match &self.inner.code {
            Some(code) => write!(f, "{code}: {}", self.inner.message)?,
            None => write!(f, "{}", self.inner.message)?,
        }
        match (&self.inner.request_id, self.inner.status) {
            (Some(id), _) => write!(f, " (request {id})")?,
            (None, Some(status)) if self.inner.code.is_none() => write!(f, " (HTTP {status})")?,
            _ => {}
        }
        Ok(())
    }
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        Error::io("I/O error", err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_provider_operation_code_and_request() {
        let err = Error::new(ErrorKind::NotFound, "The image id '[ami-1]' does not exist")
            .with_provider("ec2")
            .with_operation("RunInstances")
            .with_code("InvalidAMIID.NotFound")
            .with_request_id("7a62c49f")
            .with_status(400);
        assert_eq!(
            err.to_string(),
            "ec2 RunInstances: InvalidAMIID.NotFound: The image id '[ami-1]' does not exist (request 7a62c49f)"
        );
    }

    #[test]
    fn display_without_code_shows_status() {
        let err = Error::new(ErrorKind::Provider, "bad gateway").with_status(502);
        assert_eq!(err.to_string(), "bad gateway (HTTP 502)");
    }

    #[test]
    fn retryable_defaults_follow_kind() {
        assert!(Error::new(ErrorKind::RateLimited, "slow down").is_retryable());
        assert!(!Error::new(ErrorKind::InvalidCredentials, "no").is_retryable());
        assert!(
            Error::new(ErrorKind::Provider, "x")
                .with_retryable(true)
                .is_retryable()
        );
    }

    #[test]
    fn in_context_keeps_existing_names() {
        let err = Error::not_found("gone")
            .with_provider("local")
            .in_context("other", "get_node");
        assert_eq!(err.provider(), Some("local"));
        assert_eq!(err.operation(), Some("get_node"));
    }

    #[test]
    fn io_errors_map_to_kinds() {
        let nf = std::io::Error::new(std::io::ErrorKind::NotFound, "x");
        assert_eq!(Error::io("open", nf).kind(), ErrorKind::NotFound);
        let other = std::io::Error::other("disk");
        assert_eq!(Error::io("write", other).kind(), ErrorKind::Io);
    }
}
