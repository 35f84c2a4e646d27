//! Where the credentials are read from: the configuration's environment variables, the
//! home and Cloud SDK folders they name, its HTTP settings and loopback guard, and the
//! clock. Tests swap the clock for a fixed one.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use cloud_core::http::{HttpConfig, LOOPBACK_ONLY_ENV};
use cloud_core::{Clock, Env, ProviderConfig, SystemClock};

use crate::specs::{ADC_FILE_NAME, ENV_CLOUDSDK_CONFIG};

/// The outside world as Google credential discovery sees it. Cheap to clone.
#[derive(Clone)]
pub struct GoogleContext {
    env: Arc<dyn Env>,
    http: HttpConfig,
    clock: Arc<dyn Clock>,
}

impl fmt::Debug for GoogleContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GoogleContext")
            .field("env", &self.env)
            .field("loopback_only", &self.loopback_only())
            .field("clock", &self.clock)
            .finish_non_exhaustive()
    }
}

impl GoogleContext {
    /// The environment and HTTP settings of `config`, with the system clock.
    pub fn from_config(config: &ProviderConfig) -> Self {
        GoogleContext {
            env: config.env.clone(),
            http: config.http.clone(),
            clock: Arc::new(SystemClock),
        }
    }

    /// The same context reading time from `clock` (token expiry and JWT times).
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

    /// Where application-default credentials live:
    /// `$CLOUDSDK_CONFIG/application_default_credentials.json`, else
    /// `~/.config/gcloud/…` (`$HOME`), else `%APPDATA%\gcloud\…`. `None` when the
    /// environment names none of these folders.
    pub fn adc_path(&self) -> Option<PathBuf> {
        if let Some(dir) = self.var(ENV_CLOUDSDK_CONFIG) {
            return Some(PathBuf::from(dir).join(ADC_FILE_NAME));
        }
        if let Some(home) = self.var("HOME") {
            return Some(
                PathBuf::from(home)
                    .join(".config")
                    .join("gcloud")
                    .join(ADC_FILE_NAME),
            );
        }
        self.var("APPDATA")
            .map(|dir| PathBuf::from(dir).join("gcloud").join(ADC_FILE_NAME))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::MapEnv;

    fn ctx(vars: MapEnv, loopback_only: bool) -> GoogleContext {
        let config = ProviderConfig {
            env: Arc::new(vars),
            http: HttpConfig {
                loopback_only,
                ..HttpConfig::default()
            },
            ..ProviderConfig::default()
        };
        GoogleContext::from_config(&config)
    }

    #[test]
    fn adc_path_prefers_cloudsdk_config_then_home_then_appdata() {
        let both = ctx(
            MapEnv::from([("CLOUDSDK_CONFIG", "/sdk"), ("HOME", "/home/ann")]),
            false,
        );
        assert_eq!(
            both.adc_path(),
            Some(PathBuf::from("/sdk/application_default_credentials.json"))
        );
        let home = ctx(MapEnv::from([("HOME", "/home/ann")]), false);
        assert_eq!(
            home.adc_path(),
            Some(PathBuf::from(
                "/home/ann/.config/gcloud/application_default_credentials.json"
            ))
        );
        let appdata = ctx(MapEnv::from([("APPDATA", "/roaming")]), false);
        assert_eq!(
            appdata.adc_path(),
            Some(PathBuf::from(
                "/roaming/gcloud/application_default_credentials.json"
            ))
        );
        assert_eq!(ctx(MapEnv::default(), false).adc_path(), None);
    }

    #[test]
    fn the_guard_comes_from_the_config_or_its_environment() {
        assert!(ctx(MapEnv::default(), true).loopback_only());
        assert!(ctx(MapEnv::from([(LOOPBACK_ONLY_ENV, "1")]), false).loopback_only());
        let off = ctx(MapEnv::from([(LOOPBACK_ONLY_ENV, "0")]), false);
        assert!(!off.loopback_only());
        assert!(!off.http_config().loopback_only);
        assert!(
            ctx(MapEnv::from([(LOOPBACK_ONLY_ENV, "1")]), false)
                .http_config()
                .loopback_only
        );
    }
}
