//! Azure Resource Manager's error document, `{"error": {"code", "message", "details":
//! [{"code", "message"}]}}` (some resource providers send the inner object bare), onto
//! typed errors; and the kinds of failed long-running operations.

use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, StatusCode, StatusErrorParser, kind_for_status};
use cloud_core::{Error, ErrorKind};
use serde::Deserialize;

/// Most characters of a message put into an error.
const MAX_MESSAGE_CHARS: usize = 500;

#[derive(Debug, Deserialize)]
struct Envelope {
    error: Body,
}

/// The error object; `Code`/`Message` are taken too (older resource providers).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Body {
    #[serde(default, alias = "Code")]
    pub(crate) code: Option<String>,
    #[serde(default, alias = "Message")]
    pub(crate) message: Option<String>,
    #[serde(default, alias = "Details")]
    pub(crate) details: Vec<Detail>,
}

/// One entry of `details`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Detail {
    #[serde(default, alias = "Code")]
    pub(crate) code: Option<String>,
    #[serde(default, alias = "Message")]
    pub(crate) message: Option<String>,
}

impl Body {
    /// The code that says the most: the first detail's when the outer one is a
    /// wrapper (`InvalidTemplateDeployment`, `DeploymentFailed`), else the outer one.
    pub(crate) fn best_code(&self) -> Option<&str> {
        let outer = self.code.as_deref().filter(|c| !c.is_empty());
        let inner = self
            .details
            .iter()
            .find_map(|d| d.code.as_deref().filter(|c| !c.is_empty()));
        match (outer, inner) {
            (Some(o), Some(i)) if kind_for_code(o, "").is_none() => Some(i),
            (Some(o), _) => Some(o),
            (None, i) => i,
        }
    }

    /// The message, with the details' messages after it.
    pub(crate) fn full_message(&self) -> String {
        let mut message = self.message.clone().unwrap_or_default().trim().to_string();
        for detail in &self.details {
            if let Some(m) = detail.message.as_deref().map(str::trim)
                && !m.is_empty()
                && !message.contains(m)
            {
                if !message.is_empty() {
                    message.push_str(": ");
                }
                message.push_str(m);
            }
        }
        if message.is_empty() {
            message = "no message".into();
        }
        message.chars().take(MAX_MESSAGE_CHARS).collect()
    }
}

/// Reads the error object of an answer, wrapped in `error` or bare.
pub(crate) fn error_body(body: &[u8]) -> Option<Body> {
    if let Ok(Envelope { error }) = serde_json::from_slice::<Envelope>(body) {
        return Some(error);
    }
    let bare: Body = serde_json::from_slice(body).ok()?;
    (bare.code.is_some() || bare.message.is_some()).then_some(bare)
}

/// Turns Azure Resource Manager's error answers into [`Error`]s.
///
/// The code picks the kind where it says more than the status: `ResourceNotFound`,
/// `NotFound`, `ResourceGroupNotFound`, `ParentResourceNotFound` → `NotFound`;
/// `Conflict`, `AnotherOperationInProgress`, `OperationPreempted` and other in-use codes →
/// `Conflict`; `AuthorizationFailed` → `PermissionDenied`; `InvalidAuthenticationToken`,
/// `ExpiredAuthenticationToken`, `AuthenticationFailed` → `InvalidCredentials` (the
/// pipeline fetches a new token once on 401); `QuotaExceeded`, `SkuNotAvailable`,
/// `AllocationFailed` and `OperationNotAllowed` about a quota → `QuotaExceeded`;
/// `TooManyRequests` and `SubscriptionRequestsThrottled` → `RateLimited`, retryable
/// after `Retry-After`; `InvalidParameter` and the other request codes → `InvalidInput`.
/// Otherwise the status decides. The code is the error's code; the request id comes
/// from `x-ms-request-id`.
#[derive(Debug, Default, Clone, Copy)]
pub struct AzureErrorParser;

impl ErrorParser for AzureErrorParser {
    fn parse(&self, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
        let Some(error) = error_body(body) else {
            return StatusErrorParser
                .parse(status, headers, body)
                .with_status(status.as_u16());
        };
        let message = error.full_message();
        let code = error.best_code();
        let kind = code
            .and_then(|c| kind_for_code(c, &message))
            .unwrap_or_else(|| kind_for_status(status));
        let retryable = kind.is_retryable_by_default()
            || status.is_server_error()
            || status == StatusCode::TOO_MANY_REQUESTS;
        let err = Error::new(kind, message)
            .with_status(status.as_u16())
            .with_retryable(retryable);
        match code {
            Some(code) => err.with_code(code.chars().take(80).collect::<String>()),
            None => err,
        }
    }

    fn request_id_headers(&self) -> &'static [&'static str] {
        &["x-ms-request-id", "x-ms-correlation-request-id"]
    }
}

/// The kind an error code implies, when it implies one; `message` tells a quota
/// `OperationNotAllowed` from another.
pub(crate) fn kind_for_code(code: &str, message: &str) -> Option<ErrorKind> {
    Some(match code {
        "ResourceNotFound"
        | "NotFound"
        | "ResourceGroupNotFound"
        | "ParentResourceNotFound"
        | "SubscriptionNotFound"
        | "ImageNotFound"
        | "PlatformImageNotFound"
        | "ArtifactNotFound"
        | "VMExtensionNotFound" => ErrorKind::NotFound,
        "Conflict"
        | "AnotherOperationInProgress"
        | "OperationPreempted"
        | "ResourceGroupBeingDeleted"
        | "InUseSubnetCannotBeDeleted"
        | "PropertyChangeNotAllowed"
        | "AttachDiskWhileBeingDetached"
        | "OperationNotAllowedOnDeallocatedVM"
        | "VMRedeploymentFailed"
        | "DiskBlobNotFound" => ErrorKind::Conflict,
        "OperationNotAllowed" if message.to_ascii_lowercase().contains("quota") => {
            ErrorKind::QuotaExceeded
        }
        "OperationNotAllowed" => ErrorKind::Conflict,
        "QuotaExceeded"
        | "SkuNotAvailable"
        | "AllocationFailed"
        | "ZonalAllocationFailed"
        | "OverconstrainedAllocationRequest"
        | "PublicIPCountLimitReached" => ErrorKind::QuotaExceeded,
        "AuthorizationFailed" | "LinkedAuthorizationFailed" | "Forbidden" => {
            ErrorKind::PermissionDenied
        }
        "InvalidAuthenticationToken"
        | "InvalidAuthenticationTokenTenant"
        | "ExpiredAuthenticationToken"
        | "AuthenticationFailed"
        | "AuthenticationFailedMissingToken" => ErrorKind::InvalidCredentials,
        "TooManyRequests" | "SubscriptionRequestsThrottled" | "RetryableError" => {
            ErrorKind::RateLimited
        }
        "InvalidParameter"
        | "InvalidRequestFormat"
        | "InvalidRequestContent"
        | "BadRequest"
        | "InvalidApiVersionParameter"
        | "InvalidResourceName"
        | "InvalidResourceReference"
        | "LinkedInvalidPropertyId"
        | "MissingApiVersionParameter"
        | "InvalidResourceType"
        | "NoRegisteredProviderFound"
        | "LocationNotAvailableForResourceType" => ErrorKind::InvalidInput,
        _ => return None,
    })
}

/// A failed operation's error with the kind its code implies, keeping the message,
/// code, provider and operation.
pub(crate) fn typed_operation_error(err: Error) -> Error {
    if err.kind() != ErrorKind::Provider {
        return err;
    }
    let Some(code) = err.code().map(str::to_string) else {
        return err;
    };
    let Some(kind) = kind_for_code(&code, err.message()) else {
        return err;
    };
    let mut typed = Error::new(kind, err.message()).with_code(code);
    if let Some(provider) = err.provider() {
        typed = typed.with_provider(provider);
    }
    if let Some(operation) = err.operation() {
        typed = typed.with_operation(operation);
    }
    typed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, body: &str) -> Error {
        cloud_test::errors::parse_answer(&AzureErrorParser, status, body.as_bytes())
    }

    fn document(code: &str, message: &str) -> String {
        format!(r#"{{"error":{{"code":"{code}","message":"{message}"}}}}"#)
    }

    #[test]
    fn codes_pick_the_kind() {
        for (status, code, kind, retryable) in [
            (404, "ResourceNotFound", ErrorKind::NotFound, false),
            (404, "NotFound", ErrorKind::NotFound, false),
            (404, "ResourceGroupNotFound", ErrorKind::NotFound, false),
            (409, "Conflict", ErrorKind::Conflict, false),
            (
                409,
                "AnotherOperationInProgress",
                ErrorKind::Conflict,
                false,
            ),
            (
                403,
                "AuthorizationFailed",
                ErrorKind::PermissionDenied,
                false,
            ),
            (
                401,
                "InvalidAuthenticationToken",
                ErrorKind::InvalidCredentials,
                false,
            ),
            (409, "QuotaExceeded", ErrorKind::QuotaExceeded, false),
            (409, "SkuNotAvailable", ErrorKind::QuotaExceeded, false),
            (429, "TooManyRequests", ErrorKind::RateLimited, true),
            (400, "InvalidParameter", ErrorKind::InvalidInput, false),
            (500, "InternalServerError", ErrorKind::Provider, true),
            (409, "SomethingNew", ErrorKind::Conflict, false),
        ] {
            let err = parse(status, &document(code, "because"));
            assert_eq!(err.kind(), kind, "{code}");
            assert_eq!(err.is_retryable(), retryable, "{code}");
            assert_eq!(err.code(), Some(code));
            assert_eq!(err.message(), "because");
            assert_eq!(err.status(), Some(status));
        }
    }

    #[test]
    fn operation_not_allowed_about_quota_is_a_quota_error() {
        let err = parse(
            409,
            &document(
                "OperationNotAllowed",
                "Operation could not be completed as it results in exceeding approved Total Regional Cores quota.",
            ),
        );
        assert_eq!(err.kind(), ErrorKind::QuotaExceeded);
        let other = parse(
            409,
            &document("OperationNotAllowed", "The VM is generalized."),
        );
        assert_eq!(other.kind(), ErrorKind::Conflict);
    }

    #[test]
    fn details_and_bare_bodies_are_read() {
        let body = r#"{"error":{"code":"InvalidTemplateDeployment","message":"The template deployment failed.","details":[{"code":"SkuNotAvailable","message":"The requested size is not available in location westeurope."}]}}"#;
        let err = parse(400, body);
        assert_eq!(err.kind(), ErrorKind::QuotaExceeded);
        assert_eq!(err.code(), Some("SkuNotAvailable"));
        assert!(err.message().contains("not available in location"), "{err}");
        let bare = parse(404, r#"{"Code":"NotFound","Message":"gone"}"#);
        assert_eq!(bare.kind(), ErrorKind::NotFound);
        assert_eq!(bare.message(), "gone");
    }

    #[test]
    fn other_bodies_fall_back_to_the_status() {
        for body in ["", "<html>oops</html>", "{\"error\":", "{}", "\u{0}", "[1]"] {
            assert_eq!(parse(404, body).kind(), ErrorKind::NotFound, "{body:?}");
        }
        let err = parse(503, r#"{"error":{"message":"busy"}}"#);
        assert_eq!(err.kind(), ErrorKind::Provider);
        assert!(err.is_retryable());
        assert_eq!(err.code(), None);
    }

    #[test]
    fn failed_operation_codes_get_their_kind() {
        let failed = Error::new(ErrorKind::Provider, "no room")
            .with_code("AllocationFailed")
            .with_provider("azure")
            .with_operation("create_node");
        let typed = typed_operation_error(failed);
        assert_eq!(typed.kind(), ErrorKind::QuotaExceeded);
        assert_eq!(typed.code(), Some("AllocationFailed"));
        assert_eq!(typed.operation(), Some("create_node"));
        let other = typed_operation_error(Error::new(ErrorKind::Provider, "x").with_code("Odd"));
        assert_eq!(other.kind(), ErrorKind::Provider);
    }
}
