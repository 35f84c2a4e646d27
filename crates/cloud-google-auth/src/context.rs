//! Where the credentials are read from: the core's credential context (environment,
//! HTTP settings and loopback guard, clock), and the Cloud SDK folder it names.

use std::path::PathBuf;

use cloud_core::auth::CredentialContext;

use crate::specs::{ADC_FILE_NAME, ENV_CLOUDSDK_CONFIG};

/// The outside world as Google credential discovery sees it.
pub type GoogleContext = CredentialContext;

/// Where application-default credentials live:
/// `$CLOUDSDK_CONFIG/application_default_credentials.json`, else
/// `~/.config/gcloud/…` (`$HOME`), else `%APPDATA%\gcloud\…`. `None` when the
/// environment names none of these folders.
pub fn adc_path(ctx: &GoogleContext) -> Option<PathBuf> {
    if let Some(dir) = ctx.var(ENV_CLOUDSDK_CONFIG) {
        return Some(PathBuf::from(dir).join(ADC_FILE_NAME));
    }
    if let Some(home) = ctx.var("HOME") {
        return Some(
            PathBuf::from(home)
                .join(".config")
                .join("gcloud")
                .join(ADC_FILE_NAME),
        );
    }
    ctx.var("APPDATA")
        .map(|dir| PathBuf::from(dir).join("gcloud").join(ADC_FILE_NAME))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use cloud_core::http::HttpConfig;
    use cloud_core::{MapEnv, ProviderConfig};

    use super::*;

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
            adc_path(&both),
            Some(PathBuf::from("/sdk/application_default_credentials.json"))
        );
        let home = ctx(MapEnv::from([("HOME", "/home/ann")]), false);
        assert_eq!(
            adc_path(&home),
            Some(PathBuf::from(
                "/home/ann/.config/gcloud/application_default_credentials.json"
            ))
        );
        let appdata = ctx(MapEnv::from([("APPDATA", "/roaming")]), false);
        assert_eq!(
            adc_path(&appdata),
            Some(PathBuf::from(
                "/roaming/gcloud/application_default_credentials.json"
            ))
        );
        assert_eq!(adc_path(&ctx(MapEnv::default(), false)), None);
    }
}
