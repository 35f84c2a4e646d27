//! How drivers are built: the configuration handed to a provider, and the factory trait
//! every provider crate (in tree or third party) implements to join the registry.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;

use crate::env::{Env, ProcessEnv};
use crate::http::HttpConfig;
use crate::options::{CredentialSpec, OptionSpec, validate_options};
use crate::session::Session;
use crate::{Error, ErrorKind, ProviderMeta, Result, Secret};

/// Everything a driver needs to connect: where, as whom, and how patiently.
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    /// Region, for providers that have them.
    pub region: Option<String>,
    /// An explicit endpoint, overriding the provider's own. Plain `http://` is only
    /// accepted here.
    pub endpoint: Option<url::Url>,
    /// A profile name, for providers with profile files.
    pub profile: Option<String>,
    /// Credentials by name (`api_key`, `token`, `access_key_id`, …). Drivers fall back to
    /// their standard environment variables for anything missing.
    pub credentials: BTreeMap<String, Secret>,
    /// Other provider options by name (`state_dir`, `page_size`, …).
    pub options: BTreeMap<String, String>,
    /// Timeouts, retries, user agent.
    pub http: HttpConfig,
    /// Where environment variables come from; the process environment by default.
    pub env: Arc<dyn Env>,
}

impl Default for ProviderConfig {
    fn default() -> Self {
        ProviderConfig {
            region: None,
            endpoint: None,
            profile: None,
            credentials: BTreeMap::new(),
            options: BTreeMap::new(),
            http: HttpConfig::default(),
            env: Arc::new(ProcessEnv),
        }
    }
}

impl ProviderConfig {
    /// The credential `name`, or else the first of `env_vars` that is set and non-empty.
    pub fn credential(&self, name: &str, env_vars: &[&str]) -> Option<Secret> {
        if let Some(s) = self.credentials.get(name).filter(|s| !s.is_empty()) {
            return Some(s.clone());
        }
        env_vars
            .iter()
            .filter_map(|v| self.env.var(v))
            .find(|v| !v.is_empty())
            .map(Secret::new)
    }

    /// Like [`ProviderConfig::credential`], but missing is an `InvalidCredentials` error
    /// that names where the credential may come from.
    pub fn require_credential(
        &self,
        provider: &str,
        name: &str,
        env_vars: &[&str],
    ) -> Result<Secret> {
        self.credential(name, env_vars).ok_or_else(|| {
            let hint = if env_vars.is_empty() {
                String::new()
            } else {
                format!(" or set {}", env_vars.join(" / "))
            };
            Error::new(
                ErrorKind::InvalidCredentials,
                format!("no {name} configured: put it in the profile's credentials{hint}"),
            )
            .with_provider(provider)
        })
    }

    /// The HTTP settings every request of a driver built from this configuration uses:
    /// [`ProviderConfig::http`] with the HTTP options among
    /// [`ProviderConfig::options`] (`max_attempts`, the timeouts, the retry budget)
    /// applied, so a driver built directly honours them as one built through the
    /// registry does. A bad value is an `InvalidInput` error naming the option.
    pub fn http_settings(&self) -> Result<HttpConfig> {
        let mut http = self.http.clone();
        http.apply_options(&self.options)?;
        Ok(http)
    }

    /// The option `name`, or else the first of `env_vars` that is set.
    pub fn option(&self, name: &str, env_vars: &[&str]) -> Option<String> {
        self.options
            .get(name)
            .cloned()
            .or_else(|| env_vars.iter().find_map(|v| self.env.var(v)))
    }
}

/// A provider's constructor, registered with the facade's registry.
///
/// Implement this in a driver crate (in tree or third party); the facade calls
/// [`DriverFactory::connect`] when a user connects by provider id, after checking the
/// configuration's options against [`DriverFactory::options`] (see [`connect`]).
#[async_trait]
pub trait DriverFactory: Send + Sync {
    /// Static facts about the provider.
    fn meta(&self) -> ProviderMeta;

    /// The options this provider reads from [`ProviderConfig::options`] (the HTTP
    /// pipeline's own, such as `max_attempts`, are added for every provider).
    fn options(&self) -> &'static [OptionSpec] {
        &[]
    }

    /// The credentials this provider takes, with their environment variables.
    fn credentials(&self) -> &'static [CredentialSpec] {
        &[]
    }

    /// Connects: authenticates where the provider logs in, discovers endpoints where it
    /// has a catalog, and returns the session every area is reached from. The
    /// configuration it gets has been checked against [`DriverFactory::options`] and
    /// its HTTP options applied to [`ProviderConfig::http`].
    async fn connect(&self, config: &ProviderConfig) -> Result<Arc<dyn Session>>;

    /// The names of every region the account can use, for listings across all of them
    /// (`--region all`; see [`crate::regions::across_regions`]). `config` is the
    /// configuration without a region, or with the one asked for. Providers without
    /// regions answer `Unsupported`, the default.
    async fn regions(&self, config: &ProviderConfig) -> Result<Vec<String>> {
        let _ = config;
        Err(crate::Error::unsupported(&self.meta().id, "regions"))
    }
}

/// Connects through `factory` the way the registry does: refuses options the provider
/// does not declare and values of the wrong type (`InvalidInput`, listing what is
/// valid), applies the HTTP options (timeouts, `max_attempts`, the retry budget) to the
/// configuration, then calls [`DriverFactory::connect`].
pub async fn connect(
    factory: &dyn DriverFactory,
    config: &ProviderConfig,
) -> Result<Arc<dyn Session>> {
    let id = factory.meta().id;
    validate_options(&id, factory.options(), &config.options)?;
    let mut config = config.clone();
    config
        .http
        .apply_options(&config.options)
        .map_err(|e| e.with_provider(id.clone()))?;
    factory.connect(&config).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::MapEnv;

    #[test]
    fn credential_prefers_config_then_env() {
        let mut cfg = ProviderConfig {
            env: Arc::new(MapEnv::from([("TOKEN_A", ""), ("TOKEN_B", "from-env")])),
            ..Default::default()
        };
        assert_eq!(
            cfg.credential("token", &["TOKEN_A", "TOKEN_B"])
                .unwrap()
                .expose(),
            "from-env"
        );
        cfg.credentials
            .insert("token".into(), Secret::new("explicit"));
        assert_eq!(
            cfg.credential("token", &["TOKEN_B"]).unwrap().expose(),
            "explicit"
        );
        let err = cfg
            .require_credential("x", "api_key", &["X_KEY"])
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        assert!(err.to_string().contains("X_KEY"));
    }
}
