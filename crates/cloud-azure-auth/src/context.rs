//! Where the credentials are read from: the configuration's environment variables, the
//! Azure CLI folder they name, its HTTP settings and loopback guard, and the clock.
//! Tests swap the clock for a fixed one.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use cloud_core::http::{HttpConfig, LOOPBACK_ONLY_ENV};
use cloud_core::{Clock, Env, ProviderConfig, SystemClock};

use crate::specs::{ENV_AZURE_CONFIG_DIR, MSAL_CACHE_FILE};

/// The outside world as Azure credential discovery sees it. Cheap to clone.
#[derive(Clone)]
pub struct AzureContext {
    env: Arc<dyn Env>,
    http: HttpConfig,
    clock: Arc<dyn Clock>,
}

impl fmt::Debug for AzureContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AzureContext")
            .field("env", &self.env)
            .field("loopback_only", &self.loopback_only())
            .field("clock", &self.clock)
            .finish_non_exhaustive()
    }
}

impl AzureContext {
    /// The environment and HTTP settings of `config`, with the system clock.
    pub fn from_config(config: &ProviderConfig) -> Self {
        AzureContext {
            env: config.env.clone(),
            http: config.http.clone(),
            clock: Arc::new(SystemClock),
        }
    }

    /// The same context reading time from `clock` (token expiry, assertion times, the
    /// Azure CLI cache's expiries).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// An environment variable, when set and not blank.
    pub fn var(&self, name: &str) -> Option<String> {
        self.env.var(name).filter(|v| !v.trim().is_empty())
    }

    /// The clock.
    pub fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    /// The HTTP settings token requests are sent with; loopback-only when the guard is
    /// on.
    pub fn http_config(&self) -> HttpConfig {
        let mut http = self.http.clone();
        http.loopback_only = self.loopback_only();
        http
    }

    /// Whether only loopback hosts may be reached: `http.loopback_only` (tests turn it
    /// on), or `LIBCLOUD_LOOPBACK_ONLY=1` in the configuration's environment.
    pub fn loopback_only(&self) -> bool {
        self.http.loopback_only || self.var(LOOPBACK_ONLY_ENV).is_some_and(|v| v.trim() == "1")
    }

    /// The Azure CLI's MSAL token cache: `$AZURE_CONFIG_DIR/msal_token_cache.json`, else
    /// `~/.azure/…` (`$HOME`, else `%USERPROFILE%`). `None` when the environment names
    /// none of these folders.
    pub fn msal_cache_path(&self) -> Option<PathBuf> {
        if let Some(dir) = self.var(ENV_AZURE_CONFIG_DIR) {
            return Some(PathBuf::from(dir.trim()).join(MSAL_CACHE_FILE));
        }
        self.var("HOME")
            .or_else(|| self.var("USERPROFILE"))
            .map(|home| {
                PathBuf::from(home.trim())
                    .join(".azure")
                    .join(MSAL_CACHE_FILE)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::MapEnv;

    fn ctx(vars: MapEnv, loopback_only: bool) -> AzureContext {
        let config = ProviderConfig {
            env: Arc::new(vars),
            http: HttpConfig {
                loopback_only,
                ..HttpConfig::default()
            },
            ..ProviderConfig::default()
        };
        AzureContext::from_config(&config)
    }

    #[test]
    fn the_cli_cache_is_under_azure_config_dir_then_home_then_userprofile() {
        let both = ctx(
            MapEnv::from([("AZURE_CONFIG_DIR", "/az"), ("HOME", "/home/ann")]),
            false,
        );
        assert_eq!(
            both.msal_cache_path(),
            Some(PathBuf::from("/az/msal_token_cache.json"))
        );
        let home = ctx(MapEnv::from([("HOME", "/home/ann")]), false);
        assert_eq!(
            home.msal_cache_path(),
            Some(PathBuf::from("/home/ann/.azure/msal_token_cache.json"))
        );
        let windows = ctx(MapEnv::from([("USERPROFILE", "/users/ann")]), false);
        assert_eq!(
            windows.msal_cache_path(),
            Some(PathBuf::from("/users/ann/.azure/msal_token_cache.json"))
        );
        assert_eq!(ctx(MapEnv::default(), false).msal_cache_path(), None);
    }

    #[test]
    fn the_guard_comes_from_the_config_or_its_environment() {
        assert!(ctx(MapEnv::default(), true).loopback_only());
        assert!(ctx(MapEnv::from([(LOOPBACK_ONLY_ENV, "1")]), false).loopback_only());
        let off = ctx(MapEnv::from([(LOOPBACK_ONLY_ENV, "0")]), false);
        assert!(!off.loopback_only());
        assert!(!off.http_config().loopback_only);
    }
}
