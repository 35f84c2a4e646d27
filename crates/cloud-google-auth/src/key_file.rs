//! The JSON credentials files Google tools write: a service-account key
//! (`"type": "service_account"`) or a user's refresh token from `gcloud auth
//! application-default login` (`"type": "authorized_user"`). Messages name fields and
//! files, never values.

use std::fmt;

use cloud_core::{Error, ErrorKind, Result, Secret};
use serde::Deserialize;

/// A parsed credentials file.
#[derive(Debug, Clone)]
pub enum CredentialsFile {
    /// A service account's private key.
    ServiceAccount(ServiceAccountKey),
    /// A user's OAuth2 client and refresh token.
    AuthorizedUser(AuthorizedUser),
}

/// The fields of a service-account key file that are used.
#[derive(Clone)]
pub struct ServiceAccountKey {
    /// The account's address, the JWT's issuer.
    pub client_email: String,
    /// The PEM private key (PKCS#8, or PKCS#1).
    pub private_key: Secret,
    /// The key's id, the JWT's `kid`.
    pub private_key_id: Option<String>,
    /// Where the JWT is exchanged for a token.
    pub token_uri: Option<String>,
    /// The project the account belongs to.
    pub project_id: Option<String>,
}

impl fmt::Debug for ServiceAccountKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceAccountKey")
            .field("client_email", &self.client_email)
            .field("private_key", &self.private_key)
            .field("private_key_id", &self.private_key_id)
            .field("token_uri", &self.token_uri)
            .field("project_id", &self.project_id)
            .finish()
    }
}

/// The fields of an authorized-user file that are used.
#[derive(Debug, Clone)]
pub struct AuthorizedUser {
    /// The OAuth2 client the refresh token was issued to.
    pub client_id: String,
    /// That client's secret.
    pub client_secret: Secret,
    /// The user's refresh token.
    pub refresh_token: Secret,
    /// The project billed for quota, used as the project when none is configured.
    pub quota_project_id: Option<String>,
    /// Where the refresh token is exchanged, when the file names a place.
    pub token_uri: Option<String>,
}

/// Every field either kind of file may hold; `Secret` fields never print.
#[derive(Deserialize)]
struct RawFile {
    #[serde(rename = "type")]
    kind: Option<String>,
    client_email: Option<String>,
    private_key: Option<Secret>,
    private_key_id: Option<String>,
    token_uri: Option<String>,
    project_id: Option<String>,
    client_id: Option<String>,
    client_secret: Option<Secret>,
    refresh_token: Option<Secret>,
    quota_project_id: Option<String>,
}

/// Parses a credentials file; `origin` names it in errors (`credentials file
/// /path/key.json`). Malformed JSON and missing fields are `Configuration` errors, an
/// unknown `type` is `Unsupported`.
pub fn parse_credentials_file(body: &[u8], origin: &str) -> Result<CredentialsFile> {
    let raw: RawFile = serde_json::from_slice(body).map_err(|e| {
        Error::new(
            ErrorKind::Configuration,
            format!(
                "{origin} is not a Google credentials JSON file ({:?} error at line {}, column {})",
                e.classify(),
                e.line(),
                e.column()
            ),
        )
    })?;
    let missing = |field: &str, kind: &str| {
        Error::new(
            ErrorKind::Configuration,
            format!("{origin} is a {kind} file without {field}"),
        )
    };
    match raw.kind.as_deref().map(str::trim) {
        Some("service_account") => {
            let kind = "service_account";
            let client_email =
                present(raw.client_email).ok_or_else(|| missing("client_email", kind))?;
            let private_key = raw
                .private_key
                .filter(|k| !k.expose().trim().is_empty())
                .ok_or_else(|| missing("private_key", kind))?;
            Ok(CredentialsFile::ServiceAccount(ServiceAccountKey {
                client_email,
                private_key,
                private_key_id: present(raw.private_key_id),
                token_uri: present(raw.token_uri),
                project_id: present(raw.project_id),
            }))
        }
        Some("authorized_user") => {
            let kind = "authorized_user";
            let client_id = present(raw.client_id).ok_or_else(|| missing("client_id", kind))?;
            let client_secret = raw
                .client_secret
                .filter(|s| !s.is_empty())
                .ok_or_else(|| missing("client_secret", kind))?;
            let refresh_token = raw
                .refresh_token
                .filter(|s| !s.is_empty())
                .ok_or_else(|| missing("refresh_token", kind))?;
            Ok(CredentialsFile::AuthorizedUser(AuthorizedUser {
                client_id,
                client_secret,
                refresh_token,
                quota_project_id: present(raw.quota_project_id),
                token_uri: present(raw.token_uri),
            }))
        }
        Some(other) => Err(Error::new(
            ErrorKind::Unsupported,
            format!(
                "{origin} holds credentials of type {:?}; only service_account and authorized_user are supported",
                other.chars().take(60).collect::<String>()
            ),
        )),
        None => Err(Error::new(
            ErrorKind::Configuration,
            format!("{origin} has no \"type\" field (service_account or authorized_user)"),
        )),
    }
}

/// The value, unless it is blank.
fn present(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_account_key_is_read() {
        let body = br#"{"type":"service_account","project_id":"p1","private_key_id":"k1",
            "private_key":"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
            "client_email":"sa@p1.iam.gserviceaccount.com","token_uri":"https://oauth2.googleapis.com/token"}"#;
        let CredentialsFile::ServiceAccount(key) = parse_credentials_file(body, "f").unwrap()
        else {
            panic!("not a service account");
        };
        assert_eq!(key.client_email, "sa@p1.iam.gserviceaccount.com");
        assert_eq!(key.project_id.as_deref(), Some("p1"));
        assert_eq!(key.private_key_id.as_deref(), Some("k1"));
        assert!(!format!("{key:?}").contains("AAAA"));
    }

    #[test]
    fn an_authorized_user_file_is_read_and_never_prints_its_secrets() {
        let body = br#"{"type":"authorized_user","client_id":"cid","client_secret":"csecret-1",
            "refresh_token":"rtoken-1","quota_project_id":"qp"}"#;
        let parsed = parse_credentials_file(body, "f").unwrap();
        let shown = format!("{parsed:?}");
        assert!(
            !shown.contains("csecret-1") && !shown.contains("rtoken-1"),
            "{shown}"
        );
        let CredentialsFile::AuthorizedUser(user) = parsed else {
            panic!("not a user");
        };
        assert_eq!(user.client_id, "cid");
        assert_eq!(user.refresh_token.expose(), "rtoken-1");
        assert_eq!(user.quota_project_id.as_deref(), Some("qp"));
    }

    #[test]
    fn missing_fields_and_unknown_types_are_named() {
        let e = parse_credentials_file(
            br#"{"type":"service_account","private_key":"x"}"#,
            "file k.json",
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Configuration);
        assert!(
            e.message().contains("client_email") && e.message().contains("k.json"),
            "{e}"
        );

        let e = parse_credentials_file(
            br#"{"type":"authorized_user","client_id":"c","client_secret":"s"}"#,
            "f",
        )
        .unwrap_err();
        assert!(e.message().contains("refresh_token"), "{e}");

        let e = parse_credentials_file(br#"{"type":"external_account"}"#, "f").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unsupported);
        assert!(e.message().contains("external_account"), "{e}");

        let e = parse_credentials_file(br#"{"client_email":"a"}"#, "f").unwrap_err();
        assert!(e.message().contains("\"type\""), "{e}");
    }

    #[test]
    fn truncated_json_is_an_error_without_the_secret() {
        let body =
            br#"{"type":"authorized_user","refresh_token":"rtoken-secret-2","client_secret":"#;
        let e = parse_credentials_file(body, "f").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Configuration);
        assert!(!e.to_string().contains("rtoken-secret-2"), "{e}");
        let e = parse_credentials_file(br#"{"type":"service_account","private_key":7}"#, "f")
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Configuration);
    }
}
