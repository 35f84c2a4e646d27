//! What every catalog login shares: the latest answer it keeps, and how a refused
//! credential is reported.

use std::sync::{Arc, Mutex};

use cloud_core::{Error, ErrorKind};

use super::answer::LoginAnswer;

/// The latest successful login's answer.
#[derive(Debug, Default)]
pub(super) struct LatestAnswer(Mutex<Option<Arc<LoginAnswer>>>);

impl LatestAnswer {
    /// The answer, when a login succeeded.
    pub(super) fn get(&self) -> Option<Arc<LoginAnswer>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Keeps `answer` as the latest.
    pub(super) fn set(&self, answer: LoginAnswer) {
        *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(Arc::new(answer));
    }
}

/// A failed login of `provider` at `auth_url`: a refused credential becomes one
/// `InvalidCredentials` error naming the identity endpoint; others keep their kind.
pub(super) fn login_failure(e: Error, provider: &'static str, auth_url: &url::Url) -> Error {
    let e = e.in_context(provider, "login");
    if e.kind() != ErrorKind::InvalidCredentials {
        return e;
    }
    Error::new(
        ErrorKind::InvalidCredentials,
        format!(
            "the identity service at {auth_url} refused the credentials: {}",
            e.message()
        ),
    )
    .with_provider(provider)
}
