//! What the provider reads from a `ProviderConfig`: the user name and API key, the
//! account's side of the Atlantic (which authentication endpoint), and the wire format.

use cloud_core::options::{CredentialSpec, OptionKind, OptionSpec};
use cloud_core::{Error, ErrorKind, ProviderConfig, Result, Secret};

use crate::PROVIDER_ID;
use crate::model::Format;

/// The v1.0 authentication endpoint of US accounts.
pub const US_AUTH_URL: &str = "https://auth.api.rackspacecloud.com/";

/// The v1.0 authentication endpoint of UK accounts.
pub const UK_AUTH_URL: &str = "https://lon.auth.api.rackspacecloud.com/";

/// The variable read when no `username` credential is configured (the same one the
/// `rackspace` provider reads).
pub const USERNAME_ENV: &str = "RACKSPACE_USERNAME";

/// The variable read when no `api_key` credential is configured (the same one the
/// `rackspace` provider reads).
pub const API_KEY_ENV: &str = "RACKSPACE_API_KEY";

/// The declared options.
pub(crate) const FORMAT: OptionSpec = OptionSpec::new(
    "format",
    OptionKind::Choice {
        choices: &["json", "xml"],
    },
    "the wire format asked for and sent: JSON, or XML in the v1.0 namespace",
)
.default_value("json");

/// Every option the provider declares.
pub(crate) const OPTIONS: &[OptionSpec] = &[FORMAT];

/// The credentials: both are required.
pub(crate) const CREDENTIALS: &[CredentialSpec] = &[
    CredentialSpec::required(
        "username",
        "the account's user name, sent as X-Auth-User",
        &[USERNAME_ENV],
    ),
    CredentialSpec::required(
        "api_key",
        "the account's API key, sent as X-Auth-Key",
        &[API_KEY_ENV],
    ),
];

/// Which of Rackspace's two authentication endpoints an account logs in at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Account {
    /// `auth.api.rackspacecloud.com`: accounts in Dallas–Fort Worth and Chicago.
    Us,
    /// `lon.auth.api.rackspacecloud.com`: accounts in London.
    Uk,
}

impl Account {
    /// The account from `ProviderConfig::region`: `us` (the default) or `uk`, any case
    /// (`LON` is taken for `uk`, `DFW` and `ORD` for `us`).
    pub(crate) fn from_config(config: &ProviderConfig) -> Result<Self> {
        let Some(region) = config.region.as_deref() else {
            return Ok(Account::Us);
        };
        match region.trim().to_ascii_lowercase().as_str() {
            "us" | "dfw" | "ord" => Ok(Account::Us),
            "uk" | "lon" => Ok(Account::Uk),
            _ => Err(Error::new(
                ErrorKind::Configuration,
                format!(
                    "region {:?} is not one of us, uk: first-generation accounts log in at the \
                     US or the UK authentication endpoint",
                    region.chars().take(40).collect::<String>()
                ),
            )
            .with_provider(PROVIDER_ID)),
        }
    }

    /// The authentication endpoint.
    pub(crate) fn auth_url(self) -> &'static str {
        match self {
            Account::Us => US_AUTH_URL,
            Account::Uk => UK_AUTH_URL,
        }
    }
}

/// The user name and API key, each from its credential or its variable.
pub(crate) fn credentials(config: &ProviderConfig) -> Result<(Secret, Secret)> {
    let user = config.require_credential(PROVIDER_ID, "username", &[USERNAME_ENV])?;
    let key = config.require_credential(PROVIDER_ID, "api_key", &[API_KEY_ENV])?;
    Ok((user, key))
}

/// The wire format: the `format` option, JSON when unset.
pub(crate) fn format(config: &ProviderConfig) -> Result<Format> {
    Ok(match config.option_text(PROVIDER_ID, &FORMAT)?.as_deref() {
        Some("xml") => Format::Xml,
        _ => Format::Json,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn config(region: Option<&str>) -> ProviderConfig {
        ProviderConfig {
            region: region.map(str::to_string),
            env: Arc::new(cloud_core::MapEnv::default()),
            ..ProviderConfig::default()
        }
    }

    #[test]
    fn region_picks_the_authentication_endpoint() {
        assert_eq!(Account::from_config(&config(None)).unwrap(), Account::Us);
        assert_eq!(
            Account::from_config(&config(Some("UK")))
                .unwrap()
                .auth_url(),
            UK_AUTH_URL
        );
        assert_eq!(
            Account::from_config(&config(Some("ord"))).unwrap(),
            Account::Us
        );
        let err = Account::from_config(&config(Some("syd"))).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.message().contains("us, uk"), "{err}");
    }

    #[test]
    fn format_defaults_to_json() {
        let mut c = config(None);
        assert_eq!(format(&c).unwrap(), Format::Json);
        c.options.insert("format".into(), "xml".into());
        assert_eq!(format(&c).unwrap(), Format::Xml);
        c.options.insert("format".into(), "yaml".into());
        assert_eq!(format(&c).unwrap_err().kind(), ErrorKind::InvalidInput);
    }

    #[test]
    fn both_credentials_are_needed() {
        let mut c = config(None);
        let err = credentials(&c).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        assert!(err.to_string().contains(USERNAME_ENV), "{err}");
        c.credentials.insert("username".into(), Secret::new("u"));
        let err = credentials(&c).unwrap_err();
        assert!(err.to_string().contains(API_KEY_ENV), "{err}");
    }
}
