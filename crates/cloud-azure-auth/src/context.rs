//! Where the credentials are read from: the core's credential context (environment,
//! HTTP settings and loopback guard, clock), and the Azure CLI folder it names.

use std::path::PathBuf;

use cloud_core::auth::CredentialContext;

use crate::specs::{ENV_AZURE_CONFIG_DIR, MSAL_CACHE_FILE};

/// The outside world as Azure credential discovery sees it.
pub type AzureContext = CredentialContext;

/// The Azure CLI's MSAL token cache: `$AZURE_CONFIG_DIR/msal_token_cache.json`, else
/// `~/.azure/…` (`$HOME`, else `%USERPROFILE%`). `None` when the environment names
/// none of these folders.
pub fn msal_cache_path(ctx: &AzureContext) -> Option<PathBuf> {
    if let Some(dir) = ctx.var(ENV_AZURE_CONFIG_DIR) {
        return Some(PathBuf::from(dir.trim()).join(MSAL_CACHE_FILE));
    }
    ctx.var("HOME")
        .or_else(|| ctx.var("USERPROFILE"))
        .map(|home| {
            PathBuf::from(home.trim())
                .join(".azure")
                .join(MSAL_CACHE_FILE)
        })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use cloud_core::http::HttpConfig;
    use cloud_core::{MapEnv, ProviderConfig};

    use super::*;

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
            msal_cache_path(&both),
            Some(PathBuf::from("/az/msal_token_cache.json"))
        );
        let home = ctx(MapEnv::from([("HOME", "/home/ann")]), false);
        assert_eq!(
            msal_cache_path(&home),
            Some(PathBuf::from("/home/ann/.azure/msal_token_cache.json"))
        );
        let windows = ctx(MapEnv::from([("USERPROFILE", "/users/ann")]), false);
        assert_eq!(
            msal_cache_path(&windows),
            Some(PathBuf::from("/users/ann/.azure/msal_token_cache.json"))
        );
        assert_eq!(msal_cache_path(&ctx(MapEnv::default(), false)), None);
    }
}
