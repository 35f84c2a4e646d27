//! The Azure CLI's cached tokens, from an MSAL cache in a temporary home folder named
//! through the configuration's environment: found, expired, for another scope, absent.

mod common;

use std::path::Path;
use std::time::Duration;

use cloud_azure_auth::{AzureAuth, AzureContext};
use cloud_core::{ErrorKind, ProviderConfig};
use common::*;
use serde_json::json;
use url::Url;

const CLI_TOKEN: &str = "eyJ0eXAi.cli-cached-token";

fn loopback() -> Url {
    Url::parse("http://127.0.0.1:9/").unwrap()
}

/// Writes `~/.azure/msal_token_cache.json` under `home` with one access token.
fn write_cache(home: &Path, target: &str, expires_on: u64, realm: &str) {
    let dir = home.join(".azure");
    std::fs::create_dir_all(&dir).unwrap();
    let key = format!(
        "uid.{realm}-login.microsoftonline.com-accesstoken-04b07795-8ddb-461a-bbee-02f9e1bf7b46-{realm}-{target}"
    );
    let cache = json!({
        "AccessToken": {
            key: {
                "credential_type": "AccessToken",
                "secret": CLI_TOKEN,
                "home_account_id": format!("uid.{realm}"),
                "environment": "login.microsoftonline.com",
                "client_id": "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
                "target": target,
                "realm": realm,
                "token_type": "Bearer",
                "cached_at": (NOW - 600).to_string(),
                "expires_on": expires_on.to_string(),
                "extended_expires_on": expires_on.to_string(),
            }
        },
        "RefreshToken": {},
        "Account": {},
        "IdToken": {},
        "AppMetadata": {}
    });
    std::fs::write(dir.join("msal_token_cache.json"), cache.to_string()).unwrap();
}

fn home_config(home: &Path) -> ProviderConfig {
    config(&loopback(), &[("HOME", home.to_str().unwrap())])
}

fn auth_at_now(config: &ProviderConfig) -> cloud_core::Result<AzureAuth> {
    let ctx = AzureContext::from_config(config).with_clock(clock());
    AzureAuth::from_context("azure", config, &ctx, SCOPE)
}

#[tokio::test]
async fn a_cached_unexpired_token_for_the_scope_is_used() {
    let home = tempfile::tempdir().unwrap();
    write_cache(
        home.path(),
        "https://management.core.windows.net//user_impersonation https://management.core.windows.net//.default",
        NOW + 3000,
        TENANT,
    );
    let auth = auth_at_now(&home_config(home.path())).unwrap();
    assert_eq!(
        auth.token_cache().token().await.unwrap().expose(),
        CLI_TOKEN
    );
    assert!(!format!("{auth:?}").contains(CLI_TOKEN));
}

#[tokio::test]
async fn the_cache_is_found_through_azure_config_dir_too() {
    let dir = tempfile::tempdir().unwrap();
    write_cache(dir.path(), SCOPE, NOW + 3000, TENANT);
    let config = config(
        &loopback(),
        &[(
            "AZURE_CONFIG_DIR",
            dir.path().join(".azure").to_str().unwrap(),
        )],
    );
    let auth = auth_at_now(&config).unwrap();
    assert_eq!(
        auth.token_cache().token().await.unwrap().expose(),
        CLI_TOKEN
    );
}

#[tokio::test]
async fn a_token_of_another_tenant_is_not_used_when_the_tenant_is_named() {
    let home = tempfile::tempdir().unwrap();
    write_cache(home.path(), SCOPE, NOW + 3000, "other-tenant");
    let config = config(
        &loopback(),
        &[
            ("HOME", home.path().to_str().unwrap()),
            ("AZURE_TENANT_ID", TENANT),
        ],
    );
    let e = auth_at_now(&config)
        .unwrap()
        .token_cache()
        .token()
        .await
        .unwrap_err();
    assert!(e.message().contains("none of its 1 token(s)"), "{e}");
}

#[tokio::test]
async fn an_expired_token_is_skipped_and_the_error_says_so() {
    let home = tempfile::tempdir().unwrap();
    write_cache(home.path(), SCOPE, NOW - 60, TENANT);
    let auth = auth_at_now(&home_config(home.path())).unwrap();
    let e = auth.token_cache().token().await.unwrap_err();
    let message = e.message();
    assert!(message.contains("msal_token_cache.json"), "{e}");
    assert!(message.contains("expired"), "{e}");
    // It went on to the managed identity, which the guard refused.
    assert!(message.contains("managed identity"), "{e}");
    assert!(message.contains("loopback guard"), "{e}");
    assert!(!e.to_string().contains(CLI_TOKEN));
}

#[tokio::test]
async fn a_token_for_another_scope_is_skipped() {
    let home = tempfile::tempdir().unwrap();
    write_cache(
        home.path(),
        "https://storage.azure.com/.default",
        NOW + 3000,
        TENANT,
    );
    let auth = auth_at_now(&home_config(home.path())).unwrap();
    let e = auth.token_cache().token().await.unwrap_err();
    assert!(e.message().contains("az account get-access-token"), "{e}");
    assert!(e.message().contains(SCOPE), "{e}");
}

#[tokio::test]
async fn a_missing_or_broken_cache_is_reported_among_the_sources() {
    let home = tempfile::tempdir().unwrap();
    let e = auth_at_now(&home_config(home.path()))
        .unwrap()
        .token_cache()
        .token()
        .await
        .unwrap_err();
    assert!(e.message().contains("no such file"), "{e}");

    write_cache(home.path(), SCOPE, NOW + 3000, TENANT);
    let file = home.path().join(".azure/msal_token_cache.json");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, &text[..text.len() / 2]).unwrap();
    let e = auth_at_now(&home_config(home.path()))
        .unwrap()
        .token_cache()
        .token()
        .await
        .unwrap_err();
    assert!(e.message().contains("not an MSAL token cache"), "{e}");
    assert!(!e.to_string().contains(CLI_TOKEN));
}

#[tokio::test]
async fn the_cache_is_read_again_when_the_token_runs_out() {
    let home = tempfile::tempdir().unwrap();
    write_cache(home.path(), SCOPE, NOW + 3000, TENANT);
    let clock = clock();
    let config = home_config(home.path());
    let ctx = AzureContext::from_config(&config).with_clock(clock.clone());
    let cache = AzureAuth::from_context("azure", &config, &ctx, SCOPE)
        .unwrap()
        .token_cache();
    assert_eq!(cache.token().await.unwrap().expose(), CLI_TOKEN);
    // The CLI has not refreshed it: once it expires, the cache says so.
    clock.advance(Duration::from_secs(3100));
    let e = cache.token().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidCredentials);
    assert!(e.message().contains("expired"), "{e}");
    // The CLI refreshes it: it is picked up.
    write_cache(home.path(), SCOPE, NOW + 9000, TENANT);
    assert_eq!(cache.token().await.unwrap().expose(), CLI_TOKEN);
}

#[test]
fn explicit_credentials_win_over_the_cli_cache() {
    let home = tempfile::tempdir().unwrap();
    write_cache(home.path(), SCOPE, NOW + 3000, TENANT);
    let config = config(
        &loopback(),
        &[
            ("HOME", home.path().to_str().unwrap()),
            ("AZURE_TENANT_ID", TENANT),
            ("AZURE_CLIENT_ID", CLIENT_ID),
            ("AZURE_CLIENT_SECRET", CLIENT_SECRET),
        ],
    );
    let auth = auth_at_now(&config).unwrap();
    let shown = format!("{auth:?}");
    assert!(shown.contains("ClientSecretSource"), "{shown}");
}
