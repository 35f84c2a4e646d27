//! Which credentials authorise requests, in order: a connection string, an account
//! key (Shared Key), a SAS token, Azure AD tokens; and the endpoint they go to.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloud_azure_auth::{AzureAuth, cloud_of};
use cloud_core::{Error, ErrorKind, ProviderConfig, Result, Secret};
use url::Url;

use super::{ACCOUNT, ACCOUNT_KEY, CONNECTION_STRING, ConnectionString, SAS_TOKEN, SCOPE};
use crate::PROVIDER_ID;

/// The public cloud's storage host suffix.
const PUBLIC_SUFFIX: &str = "core.windows.net";

/// How requests are authorised. `Debug` never shows a key, signature or token.
#[derive(Clone)]
pub enum Credentials {
    /// Shared Key: every request signed with the account key (HMAC-SHA256).
    SharedKey {
        /// The account name.
        account: String,
        /// The account key, base64 as the portal shows it.
        key: Secret,
    },
    /// A shared access signature appended to every request's query.
    Sas(Secret),
    /// Azure AD bearer tokens (scope `https://storage.azure.com/.default`).
    AzureAd(Box<AzureAuth>),
    /// Bearer tokens from a cache handed to
    /// [`AzureBlobStorage::with_token_cache`](crate::AzureBlobStorage::with_token_cache).
    Token,
    /// Credentials that were given but cannot be used (a malformed connection string,
    /// a key that is not base64): every call fails with this error. Connecting stays
    /// offline and never fails on a value it has not used.
    Unusable(String),
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::SharedKey { account, .. } => {
                write!(f, "SharedKey {{ account: {account:?}, key: [redacted] }}")
            }
            Credentials::Sas(_) => f.write_str("Sas([redacted])"),
            Credentials::AzureAd(_) => f.write_str("AzureAd"),
            Credentials::Token => f.write_str("Token"),
            Credentials::Unusable(why) => write!(f, "Unusable({why:?})"),
        }
    }
}

/// The credentials, endpoint and account a configuration names.
pub(super) struct Resolved {
    pub(super) credentials: Credentials,
    pub(super) endpoint: Url,
    pub(super) overridden: bool,
    pub(super) account: Option<String>,
}

/// Reads the credentials in their order of precedence (unless `given`), then the
/// endpoint.
pub(super) fn resolve(config: &ProviderConfig, given: Option<Credentials>) -> Result<Resolved> {
    let option_account = config
        .option_text(PROVIDER_ID, &ACCOUNT)?
        .filter(|a| !a.trim().is_empty());
    let mut account = option_account.clone();
    let mut chosen: Option<(Url, bool)> = config.endpoint.clone().map(|u| (u, true));
    let mut suffix: Option<String> = None;
    let mut protocol = "https".to_string();
    let connection = CONNECTION_STRING;
    let cs = config
        .credential(connection.name, connection.env)
        .filter(|_| given.is_none());
    let credentials = match cs.map(|s| ConnectionString::parse(s.expose())) {
        Some(Err(e)) => Credentials::Unusable(e.message().to_string()),
        Some(Ok(cs)) => {
            account = cs.account.clone().or(account);
            protocol = cs.protocol.clone();
            suffix = cs.endpoint_suffix.clone();
            if chosen.is_none() {
                chosen = cs.blob_endpoint.clone().map(|u| (u, true));
            }
            if let Some(key) = &cs.account_key {
                shared_key(key, account.clone(), chosen.as_ref().map(|c| &c.0))
            } else if let Some(sas) = &cs.sas {
                Credentials::Sas(sas_token(sas))
            } else {
                let auth = azure_ad(config)?;
                suffix = Some(auth.cloud().storage_suffix.to_string());
                Credentials::AzureAd(Box::new(auth))
            }
        }
        None => {
            if let Some(given) = given {
                given
            } else if let Some(key) = config.credential(ACCOUNT_KEY.name, ACCOUNT_KEY.env) {
                shared_key(&key, account.clone(), chosen.as_ref().map(|c| &c.0))
            } else if let Some(sas) = config.credential(SAS_TOKEN.name, SAS_TOKEN.env) {
                Credentials::Sas(sas_token(&sas))
            } else {
                let auth = azure_ad(config)?;
                suffix = Some(auth.cloud().storage_suffix.to_string());
                Credentials::AzureAd(Box::new(auth))
            }
        }
    };
    if let Credentials::SharedKey { account: a, .. } = &credentials {
        account = Some(a.clone());
    }
    let (endpoint, overridden) = match chosen {
        Some(chosen) => chosen,
        None => {
            let Some(name) = account.as_deref() else {
                return Err(configuration(
                    "no storage account: set the account option (AZURE_STORAGE_ACCOUNT), a \
                     connection string, or an endpoint",
                ));
            };
            let suffix = match suffix {
                Some(s) => s,
                None => cloud_suffix(config)?,
            };
            let url = default_endpoint(&protocol, name, &suffix)?;
            (url, protocol != "https")
        }
    };
    Ok(Resolved {
        credentials,
        endpoint,
        overridden,
        account,
    })
}

/// Azure AD credentials, or the error saying nothing usable was configured.
fn azure_ad(config: &ProviderConfig) -> Result<AzureAuth> {
    AzureAuth::from_config(PROVIDER_ID, config, SCOPE).map_err(|e| {
        Error::new(
            ErrorKind::InvalidCredentials,
            format!(
                "no storage credentials: set a connection string \
                 (AZURE_STORAGE_CONNECTION_STRING), an account and key (AZURE_STORAGE_ACCOUNT, \
                 AZURE_STORAGE_KEY), a SAS token (AZURE_STORAGE_SAS_TOKEN) or Azure AD \
                 credentials ({})",
                e.message()
            ),
        )
        .with_provider(PROVIDER_ID)
    })
}

/// Shared Key credentials, when the key is base64 and the account is known (given, or
/// read from a path-style or host-style endpoint).
fn shared_key(key: &Secret, account: Option<String>, endpoint: Option<&Url>) -> Credentials {
    let Some(account) = account.or_else(|| endpoint.and_then(account_of_endpoint)) else {
        return Credentials::Unusable(
            "an account key needs the account name (option account, AZURE_STORAGE_ACCOUNT)".into(),
        );
    };
    match STANDARD.decode(key.expose().trim()) {
        Ok(bytes) if !bytes.is_empty() => Credentials::SharedKey {
            account,
            key: Secret::new(key.expose().trim()),
        },
        _ => Credentials::Unusable("the storage account key is not base64".into()),
    }
}

/// A SAS token without its leading `?`.
fn sas_token(token: &Secret) -> Secret {
    Secret::new(token.expose().trim().trim_start_matches('?'))
}

/// The account an endpoint names: the first path segment of a path-style endpoint
/// (an IP address or `localhost`, as the emulator's), else the host's first label.
pub(crate) fn account_of_endpoint(url: &Url) -> Option<String> {
    let path_style = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(_) => true,
        None => false,
    };
    let name = if path_style {
        url.path_segments()?.next()?.to_string()
    } else {
        url.host_str()?.split('.').next()?.to_string()
    };
    (!name.is_empty()).then_some(name)
}

/// The storage host suffix of the configured cloud (public when the cloud cannot be
/// told).
fn cloud_suffix(config: &ProviderConfig) -> Result<String> {
    match cloud_of(PROVIDER_ID, config) {
        Ok(cloud) => Ok(cloud.storage_suffix.to_string()),
        Err(e) if e.kind() == ErrorKind::Unsupported => Ok(PUBLIC_SUFFIX.to_string()),
        Err(e) => Err(e),
    }
}

/// `{protocol}://{account}.blob.{suffix}/`, the account checked first so that it cannot
/// change the host.
fn default_endpoint(protocol: &str, account: &str, suffix: &str) -> Result<Url> {
    let valid_account = (3..=24).contains(&account.len())
        && account
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if !valid_account {
        return Err(configuration(&format!(
            "storage account name {account:?} is not 3 to 24 lowercase letters and digits"
        )));
    }
    let valid_suffix = !suffix.is_empty()
        && suffix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    if !valid_suffix {
        return Err(configuration(&format!(
            "endpoint suffix {suffix:?} is not a host name"
        )));
    }
    Url::parse(&format!("{protocol}://{account}.blob.{suffix}/"))
        .map_err(|e| configuration(&format!("cannot build the endpoint: {e}")))
}

fn configuration(message: &str) -> Error {
    Error::new(ErrorKind::Configuration, message).with_provider(PROVIDER_ID)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use cloud_core::env::MapEnv;

    use super::*;

    fn config(vars: &[(&'static str, &'static str)]) -> ProviderConfig {
        let mut env = MapEnv::default();
        for (name, value) in vars {
            env.set(*name, *value);
        }
        ProviderConfig {
            env: Arc::new(env),
            ..ProviderConfig::default()
        }
    }

    #[test]
    fn the_connection_string_comes_first() {
        let c = config(&[
            (
                "AZURE_STORAGE_CONNECTION_STRING",
                "AccountName=fromstring;AccountKey=a2V5;EndpointSuffix=core.usgovcloudapi.net",
            ),
            ("AZURE_STORAGE_ACCOUNT", "fromoption"),
            ("AZURE_STORAGE_KEY", "b3RoZXI="),
        ]);
        let r = resolve(&c, None).unwrap();
        assert_eq!(
            r.endpoint.as_str(),
            "https://fromstring.blob.core.usgovcloudapi.net/"
        );
        assert!(!r.overridden);
        match r.credentials {
            Credentials::SharedKey { account, key } => {
                assert_eq!(account, "fromstring");
                assert_eq!(key.expose(), "a2V5");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn account_and_key_then_sas() {
        let r = resolve(
            &config(&[
                ("AZURE_STORAGE_ACCOUNT", "acct1"),
                ("AZURE_STORAGE_KEY", "a2V5"),
            ]),
            None,
        )
        .unwrap();
        assert_eq!(r.endpoint.as_str(), "https://acct1.blob.core.windows.net/");
        assert!(matches!(r.credentials, Credentials::SharedKey { .. }));
        let r = resolve(
            &config(&[
                ("AZURE_STORAGE_ACCOUNT", "acct1"),
                ("AZURE_STORAGE_SAS_TOKEN", "?sv=2021-12-02&sig=abc"),
            ]),
            None,
        )
        .unwrap();
        match &r.credentials {
            Credentials::Sas(t) => assert_eq!(t.expose(), "sv=2021-12-02&sig=abc"),
            other => panic!("{other:?}"),
        }
        assert!(!format!("{:?}", r.credentials).contains("abc"));
    }

    #[test]
    fn malformed_values_fail_later_and_hosts_cannot_be_injected() {
        let r = resolve(
            &config(&[
                ("AZURE_STORAGE_ACCOUNT", "acct1"),
                ("AZURE_STORAGE_KEY", "not base64!"),
            ]),
            None,
        )
        .unwrap();
        assert!(matches!(r.credentials, Credentials::Unusable(_)));
        let err = resolve(
            &config(&[
                ("AZURE_STORAGE_ACCOUNT", "evil.example/x"),
                ("AZURE_STORAGE_KEY", "a2V5"),
            ]),
            None,
        )
        .err()
        .unwrap();
        assert_eq!(err.kind(), ErrorKind::Configuration);
    }

    #[test]
    fn azure_ad_comes_last_and_names_the_cloud() {
        let r = resolve(
            &config(&[
                ("AZURE_STORAGE_ACCOUNT", "acct1"),
                ("AZURE_TENANT_ID", "00000000-0000-0000-0000-000000000001"),
                ("AZURE_CLIENT_ID", "00000000-0000-0000-0000-000000000002"),
                ("AZURE_CLIENT_SECRET", "not-a-real-secret"),
                ("AZURE_CLOUD", "china"),
            ]),
            None,
        )
        .unwrap();
        assert!(matches!(r.credentials, Credentials::AzureAd(_)));
        assert_eq!(
            r.endpoint.as_str(),
            "https://acct1.blob.core.chinacloudapi.cn/"
        );
        assert!(!format!("{:?}", r.credentials).contains("not-a-real"));
    }

    #[test]
    fn accounts_are_read_from_endpoints() {
        let path = Url::parse("http://127.0.0.1:10000/devstoreaccount1").unwrap();
        assert_eq!(
            account_of_endpoint(&path).as_deref(),
            Some("devstoreaccount1")
        );
        let host = Url::parse("https://acct.blob.core.windows.net/").unwrap();
        assert_eq!(account_of_endpoint(&host).as_deref(), Some("acct"));
    }
}
