//! The clouds a configuration names, and the authority host override.

mod common;

use cloud_azure_auth::{AZURE_OPTIONS, AzureAuth, AzureCloud, cloud_of};
use cloud_core::{ErrorKind, ProviderConfig, Secret};
use common::*;
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

fn loopback() -> Url {
    Url::parse("http://127.0.0.1:9/").unwrap()
}

fn with_cloud(name: &str) -> ProviderConfig {
    let mut config = config(&loopback(), &[]);
    config.options.insert("cloud".into(), name.into());
    config
}

#[test]
fn the_public_cloud_is_the_default() {
    let cloud = cloud_of("azure", &config(&loopback(), &[])).unwrap();
    assert_eq!(cloud, AzureCloud::public());
    assert_eq!(cloud.name, "public");
    assert_eq!(
        cloud.authority_host.as_str(),
        "https://login.microsoftonline.com/"
    );
    assert_eq!(
        cloud.resource_manager.as_str(),
        "https://management.azure.com/"
    );
    assert_eq!(cloud.storage_suffix, "core.windows.net");
    assert_eq!(
        cloud.storage_host("acct", "blob"),
        "acct.blob.core.windows.net"
    );
}

#[test]
fn the_sovereign_clouds_have_their_own_endpoints() {
    let china = cloud_of("azure", &with_cloud("china")).unwrap();
    assert_eq!(china.name, "china");
    assert_eq!(
        china.authority_host.as_str(),
        "https://login.chinacloudapi.cn/"
    );
    assert_eq!(
        china.resource_manager.as_str(),
        "https://management.chinacloudapi.cn/"
    );
    assert_eq!(china.storage_suffix, "core.chinacloudapi.cn");

    let usgov = cloud_of("azure", &with_cloud("usgov")).unwrap();
    assert_eq!(usgov.name, "usgov");
    assert_eq!(
        usgov.authority_host.as_str(),
        "https://login.microsoftonline.us/"
    );
    assert_eq!(
        usgov.resource_manager.as_str(),
        "https://management.usgovcloudapi.net/"
    );
    assert_eq!(usgov.storage_suffix, "core.usgovcloudapi.net");
}

#[test]
fn the_cloud_comes_from_azure_cloud_and_takes_the_cli_names() {
    let config = config(&loopback(), &[("AZURE_CLOUD", "AzureUSGovernment")]);
    assert_eq!(cloud_of("azure", &config).unwrap().name, "usgov");
    assert_eq!(
        cloud_of("azure", &with_cloud("AzureChinaCloud"))
            .unwrap()
            .name,
        "china"
    );
    assert_eq!(
        cloud_of("azure", &with_cloud("PUBLIC")).unwrap().name,
        "public"
    );
    // The option wins over the environment.
    let mut both = config.clone();
    both.options.insert("cloud".into(), "china".into());
    assert_eq!(cloud_of("azure", &both).unwrap().name, "china");
}

#[test]
fn an_unknown_cloud_is_refused_naming_the_choices() {
    let e = cloud_of("azure", &with_cloud("mars")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.message().contains("public"), "{e}");
    assert_eq!(e.provider(), Some("azure"));
    assert!(AZURE_OPTIONS.iter().any(|o| o.name == "cloud"));
    assert!(AZURE_OPTIONS.iter().any(|o| o.name == "authority_host"));
}

#[test]
fn the_authority_host_overrides_only_the_authority() {
    let mut config = with_cloud("china");
    config.options.insert(
        "authority_host".into(),
        "https://login.example.test/aad".into(),
    );
    let cloud = cloud_of("azure", &config).unwrap();
    assert_eq!(cloud.name, "china");
    assert_eq!(
        cloud.authority_host.as_str(),
        "https://login.example.test/aad/"
    );
    assert_eq!(
        cloud.resource_manager.as_str(),
        "https://management.chinacloudapi.cn/"
    );

    let env = config_with_env(&[("AZURE_AUTHORITY_HOST", "http://localhost:8080")]);
    assert_eq!(
        cloud_of("azure", &env).unwrap().authority_host.as_str(),
        "http://localhost:8080/"
    );
}

fn config_with_env(vars: &[(&str, &str)]) -> ProviderConfig {
    config(&loopback(), vars)
}

#[test]
fn plain_http_authorities_must_be_loopback() {
    for (bad, what) in [
        ("http://login.microsoftonline.com/", "plain http"),
        ("ftp://127.0.0.1/", "not an https URL"),
        ("not a url", "not a URL"),
        ("https://login.example.test/?x=1", "query"),
    ] {
        let mut config = config(&loopback(), &[]);
        config.options.insert("authority_host".into(), bad.into());
        let e = cloud_of("azure", &config).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Configuration, "{bad}");
        assert!(e.message().contains(what), "{bad}: {e}");
        assert!(e.message().contains("authority_host"), "{e}");
    }
    let env = config_with_env(&[("AZURE_AUTHORITY_HOST", "http://10.0.0.1/")]);
    let e = cloud_of("azure", &env).unwrap_err();
    assert!(e.message().contains("AZURE_AUTHORITY_HOST"), "{e}");
}

#[tokio::test]
async fn tokens_are_asked_for_at_the_overriding_authority() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/aad{TOKEN_PATH}")))
        .respond_with(NumberedTokens::new(3600))
        .expect(1)
        .mount(&server)
        .await;
    let url = Url::parse(&server.uri()).unwrap();
    let mut config = secret_config(&url);
    config
        .options
        .insert("authority_host".into(), format!("{}/aad", server.uri()));
    config.options.insert("cloud".into(), "usgov".into());
    let auth = AzureAuth::from_config("azure", &config, SCOPE).unwrap();
    assert_eq!(auth.cloud().name, "usgov");
    assert_eq!(auth.token_cache().token().await.unwrap().expose(), "tok-1");
}

#[tokio::test]
async fn the_real_authority_is_never_reached_under_the_guard() {
    let mut config = config(&loopback(), &[]);
    for (k, v) in [
        ("tenant_id", TENANT),
        ("client_id", CLIENT_ID),
        ("client_secret", CLIENT_SECRET),
    ] {
        config.credentials.insert(k.into(), Secret::new(v));
    }
    let auth = AzureAuth::from_config("azure", &config, SCOPE).unwrap();
    assert_eq!(auth.cloud().name, "public");
    let e = auth.token_cache().token().await.unwrap_err();
    assert!(e.message().contains("non-loopback host"), "{e}");
    assert!(e.message().contains("login.microsoftonline.com"), "{e}");
    assert!(!e.to_string().contains(CLIENT_SECRET));
}
