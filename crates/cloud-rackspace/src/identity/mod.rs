//! The login: identity API v2.0 with the user name and API key (or password), at the US
//! or UK identity endpoint, or the one given with `--endpoint`.

use cloud_core::catalog::Interface;
use cloud_core::{ProviderConfig, Result};
use cloud_openstack::identity::{V2Auth, V2Credentials};
use url::Url;

use crate::PROVIDER_ID;
use crate::errors::{missing_login, unknown_region};
use crate::settings::{OPTIONS, REGIONS, UK_IDENTITY_URL, US_IDENTITY_URL};

/// The login `config` describes, and whether its endpoint was given explicitly.
pub(crate) fn v2_auth(config: &ProviderConfig) -> Result<(V2Auth, bool)> {
    let region = match &config.region {
        Some(r) => {
            let upper = r.trim().to_ascii_uppercase();
            if !REGIONS.contains(&upper.as_str()) {
                return Err(unknown_region(r));
            }
            Some(upper)
        }
        None => None,
    };
    let option = |name: &str| -> Result<Option<String>> {
        match OPTIONS.iter().find(|s| s.name == name) {
            Some(spec) => config.option_text(PROVIDER_ID, spec),
            None => Ok(None),
        }
    };
    let username = config
        .credential("username", &["RACKSPACE_USERNAME"])
        .map(|u| u.expose().to_string())
        .ok_or_else(|| missing_login("user name"))?;
    let credentials = match (
        config.credential("api_key", &["RACKSPACE_API_KEY"]),
        config.credential("password", &["RACKSPACE_PASSWORD"]),
    ) {
        (Some(api_key), _) => V2Credentials::ApiKey { username, api_key },
        (None, Some(password)) => V2Credentials::Password { username, password },
        (None, None) => return Err(missing_login("API key")),
    };
    let interface = match option("interface")?.as_deref() {
        Some("internal") => Interface::Internal,
        _ => Interface::Public,
    };
    let (auth_url, explicit) = match &config.endpoint {
        Some(url) => (v2_url(url.clone()), true),
        None => {
            let default = if region.as_deref() == Some("LON") {
                UK_IDENTITY_URL
            } else {
                US_IDENTITY_URL
            };
            (Url::parse(default).expect("a constant URL"), false)
        }
    };
    Ok((
        V2Auth {
            auth_url,
            credentials,
            tenant_name: None,
            region,
            interface,
        },
        explicit,
    ))
}

/// The identity endpoint with the `/v2.0/` the API lives under (added when missing).
fn v2_url(mut url: Url) -> Url {
    let path = url.path().trim_end_matches('/').to_string();
    if path.ends_with("/v2.0") {
        url.set_path(&format!("{path}/"));
    } else {
        url.set_path(&format!("{path}/v2.0/"));
    }
    url
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use cloud_core::{ErrorKind, MapEnv, Secret};

    use super::*;

    fn config(region: Option<&str>, vars: &[(&str, &str)]) -> ProviderConfig {
        ProviderConfig {
            region: region.map(str::to_string),
            env: Arc::new({
                let mut env = MapEnv::default();
                for (k, v) in vars {
                    env.set(*k, *v);
                }
                env
            }),
            ..Default::default()
        }
    }

    #[test]
    fn the_api_key_and_user_come_from_the_variables() {
        let vars = [("RACKSPACE_USERNAME", "jo"), ("RACKSPACE_API_KEY", "k-1")];
        let (auth, explicit) = v2_auth(&config(Some("dfw"), &vars)).unwrap();
        assert!(!explicit);
        assert_eq!(auth.region.as_deref(), Some("DFW"));
        assert_eq!(auth.auth_url.as_str(), US_IDENTITY_URL);
        match auth.credentials {
            V2Credentials::ApiKey { username, api_key } => {
                assert_eq!(username, "jo");
                assert_eq!(api_key.expose(), "k-1");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn london_logs_in_at_the_uk_endpoint_and_a_password_also_works() {
        let vars = [("RACKSPACE_USERNAME", "jo"), ("RACKSPACE_PASSWORD", "pw")];
        let (auth, _) = v2_auth(&config(Some("LON"), &vars)).unwrap();
        assert_eq!(auth.auth_url.as_str(), UK_IDENTITY_URL);
        assert!(matches!(auth.credentials, V2Credentials::Password { .. }));
    }

    #[test]
    fn an_endpoint_override_gets_the_version_path() {
        let mut c = config(None, &[("RACKSPACE_USERNAME", "jo")]);
        c.credentials.insert("api_key".into(), Secret::new("k"));
        c.endpoint = Some(Url::parse("http://127.0.0.1:9/identity").unwrap());
        let (auth, explicit) = v2_auth(&c).unwrap();
        assert!(explicit);
        assert_eq!(auth.auth_url.as_str(), "http://127.0.0.1:9/identity/v2.0/");
        assert_eq!(auth.region, None, "the user's default region is used");
    }

    #[test]
    fn missing_settings_and_unknown_regions_are_configuration_errors() {
        let none = v2_auth(&config(None, &[])).unwrap_err();
        assert_eq!(none.kind(), ErrorKind::Configuration);
        let no_key = v2_auth(&config(None, &[("RACKSPACE_USERNAME", "jo")])).unwrap_err();
        assert!(no_key.message().contains("API key"), "{no_key}");
        let vars = [("RACKSPACE_USERNAME", "jo"), ("RACKSPACE_API_KEY", "k")];
        let region = v2_auth(&config(Some("Atlantis"), &vars)).unwrap_err();
        assert!(region.message().contains("DFW"), "{region}");
    }
}
