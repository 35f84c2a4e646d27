//! What GoGrid reads from a configuration: the declared `page_size` option, the
//! `api_key` and `secret` credentials, and the endpoint.

use cloud_core::http::Endpoint;
use cloud_core::options::{CredentialSpec, OptionKind, OptionSpec};
use cloud_core::{ProviderConfig, Result, Secret};

use crate::PROVIDER_ID;

/// The API's own endpoint; calls go to `api/<area>/<object>/<verb>` below it.
pub const DEFAULT_ENDPOINT: &str = "https://api.gogrid.com/";

/// Environment variable read when no `api_key` credential is configured.
pub const API_KEY_ENV: &str = "GOGRID_API_KEY";

/// Environment variable read when no `secret` credential is configured.
pub const SECRET_ENV: &str = "GOGRID_SECRET";

/// Items asked for per page of a list call unless the `page_size` option says otherwise.
pub const DEFAULT_PAGE_SIZE: u32 = 100;

/// Items asked for per page of a list call.
const PAGE_SIZE: OptionSpec = OptionSpec::new(
    "page_size",
    OptionKind::Count { min: 1, max: 1000 },
    "items asked for per page of a list call",
)
.default_value("100");

/// The options GoGrid reads.
pub(crate) const OPTIONS: &[OptionSpec] = &[PAGE_SIZE];

/// The credentials GoGrid takes.
pub(crate) const CREDENTIALS: &[CredentialSpec] = &[
    CredentialSpec::required("api_key", "the API key", &[API_KEY_ENV]),
    CredentialSpec::required(
        "secret",
        "the shared secret the request signatures are made with",
        &[SECRET_ENV],
    ),
];

/// A configuration read for GoGrid.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// The API key every call carries.
    pub api_key: Secret,
    /// The shared secret signatures are made with.
    pub secret: Secret,
    /// Items per page of a list call (1–1000).
    pub page_size: u32,
    /// Where calls go: the configured endpoint, else [`DEFAULT_ENDPOINT`].
    pub endpoint: Endpoint,
}

impl Settings {
    /// Reads credentials `api_key` and `secret` (or `GOGRID_API_KEY` / `GOGRID_SECRET`),
    /// the `page_size` option and the endpoint.
    pub fn read(config: &ProviderConfig) -> Result<Self> {
        let api_key = config.require_credential(PROVIDER_ID, "api_key", &[API_KEY_ENV])?;
        let secret = config.require_credential(PROVIDER_ID, "secret", &[SECRET_ENV])?;
        let page_size = config
            .option_number(PROVIDER_ID, &PAGE_SIZE)?
            .map_or(DEFAULT_PAGE_SIZE, |n| n as u32);
        let endpoint = Endpoint::choose(config.endpoint.as_ref(), DEFAULT_ENDPOINT)
            .map_err(|e| e.in_context(PROVIDER_ID, "connect"))?;
        Ok(Settings {
            api_key,
            secret,
            page_size,
            endpoint,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use cloud_core::{ErrorKind, MapEnv};

    fn config(pairs: &[(&str, &str)]) -> ProviderConfig {
        let mut c = ProviderConfig {
            endpoint: Some("http://127.0.0.1:9/".parse().unwrap()),
            env: Arc::new(MapEnv::default()),
            ..ProviderConfig::default()
        };
        for (k, v) in pairs {
            c.credentials.insert((*k).into(), Secret::new(*v));
        }
        c
    }

    #[test]
    fn needs_key_and_secret() {
        let err = Settings::read(&config(&[("api_key", "k")])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        assert!(err.to_string().contains(SECRET_ENV), "{err}");
        let err = Settings::read(&config(&[("secret", "s")])).unwrap_err();
        assert!(err.to_string().contains(API_KEY_ENV), "{err}");
        let env = MapEnv::from([(API_KEY_ENV, "k"), (SECRET_ENV, "s")]);
        let c = ProviderConfig {
            env: Arc::new(env),
            ..config(&[])
        };
        assert!(Settings::read(&c).is_ok());
    }

    #[test]
    fn page_size_option_is_checked() {
        let mut c = config(&[("api_key", "k"), ("secret", "s")]);
        assert_eq!(Settings::read(&c).unwrap().page_size, DEFAULT_PAGE_SIZE);
        for bad in ["0", "1001", "ten", ""] {
            c.options.insert("page_size".into(), bad.into());
            let err = Settings::read(&c).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad:?}");
        }
        c.options.insert("page_size".into(), "2".into());
        assert_eq!(Settings::read(&c).unwrap().page_size, 2);
    }
}
