//! Where a credential chain reads the outside world from: the configuration's
//! environment variables, its HTTP settings and loopback guard, and the clock. Tests
//! swap the clock for a fixed one; the guard keeps token requests on 127.0.0.1.

use std::fmt;
use std::sync::Arc;

use crate::http::{HttpConfig, LOOPBACK_ONLY_ENV};
use crate::{Clock, Env, ProviderConfig, SystemClock};

/// The outside world as credential discovery sees it. Cheap to clone.
#[derive(Clone)]
pub struct CredentialContext {
    env: Arc<dyn Env>,
    http: HttpConfig,
    clock: Arc<dyn Clock>,
}

impl fmt::Debug for CredentialContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialContext")
            .field("env", &self.env)
            .field("loopback_only", &self.loopback_only())
            .field("clock", &self.clock)
            .finish_non_exhaustive()
    }
}

impl CredentialContext {
    /// The environment and HTTP settings of `config`, with the system clock.
    pub fn from_config(config: &ProviderConfig) -> Self {
        CredentialContext {
            env: config.env.clone(),
            http: config.http.clone(),
            clock: Arc::new(SystemClock),
        }
    }

    /// The same context reading time from `clock` (token expiry, assertion times).
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MapEnv;

    fn ctx(vars: MapEnv, loopback_only: bool) -> CredentialContext {
        let config = ProviderConfig {
            env: Arc::new(vars),
            http: HttpConfig {
                loopback_only,
                ..HttpConfig::default()
            },
            ..ProviderConfig::default()
        };
        CredentialContext::from_config(&config)
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

    #[test]
    fn blank_variables_are_unset() {
        let c = ctx(MapEnv::from([("A", "  "), ("B", "x")]), false);
        assert_eq!(c.var("A"), None);
        assert_eq!(c.var("B").as_deref(), Some("x"));
    }
}
