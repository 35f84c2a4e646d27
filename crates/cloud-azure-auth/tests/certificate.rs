//! The client certificate against a token endpoint stand-in: the assertion's header
//! (`x5t` is the test certificate's thumbprint), claims and signature (verified with
//! the certificate's public key), and the files refused.

mod common;

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cloud_azure_auth::{AzureAuth, ClientCertificate, client_assertion};
use cloud_core::{ErrorKind, Secret};
use common::*;
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

fn certificate_config(server: &Url) -> cloud_core::ProviderConfig {
    let mut config = principal_config(server);
    config.credentials.insert(
        "client_certificate_path".into(),
        Secret::new(certificate_path().to_string_lossy()),
    );
    config
}

fn expected_x5t() -> String {
    let bytes: Vec<u8> = (0..CERT_SHA1_HEX.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&CERT_SHA1_HEX[i..i + 2], 16).unwrap())
        .collect();
    URL_SAFE_NO_PAD.encode(bytes)
}

#[tokio::test]
async fn the_assertion_is_signed_by_the_certificate_and_names_it() {
    let server = MockServer::start().await;
    let tokens = NumberedTokens::new(3600);
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(tokens.clone())
        .mount(&server)
        .await;
    let url = Url::parse(&server.uri()).unwrap();
    let clock = clock();
    let cache = fixed_auth(&certificate_config(&url), &clock).token_cache();
    assert_eq!(cache.token().await.unwrap().expose(), "tok-1");

    let requests = server.received_requests().await.unwrap();
    let form = form_fields(&requests[0].body);
    assert_eq!(form["grant_type"], "client_credentials");
    assert_eq!(form["client_id"], CLIENT_ID);
    assert_eq!(form["scope"], SCOPE);
    assert_eq!(
        form["client_assertion_type"],
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    );
    assert!(!form.contains_key("client_secret"));

    let jwt = decode_jwt(&form["client_assertion"]);
    assert_eq!(jwt.header["alg"], "RS256");
    assert_eq!(jwt.header["typ"], "JWT");
    assert_eq!(jwt.header["x5t"], expected_x5t());
    let token_url = format!("{}{}", server.uri(), TOKEN_PATH);
    assert_eq!(jwt.claims["aud"], token_url);
    assert_eq!(jwt.claims["iss"], CLIENT_ID);
    assert_eq!(jwt.claims["sub"], CLIENT_ID);
    assert_eq!(jwt.claims["nbf"], NOW);
    assert!(jwt.claims["exp"].as_u64().unwrap() > NOW);
    assert!(jwt.claims["exp"].as_u64().unwrap() <= NOW + 3600);
    assert!(!jwt.claims["jti"].as_str().unwrap().is_empty());
    assert!(verify(jwt.signing_input.as_bytes(), &jwt.signature));
    // A tampered assertion does not verify: the check above is real.
    assert!(!verify(b"something else", &jwt.signature));

    // The next token is asked for with a new assertion: new jti, new times.
    clock.advance(Duration::from_secs(3500));
    assert_eq!(cache.token().await.unwrap().expose(), "tok-2");
    let requests = server.received_requests().await.unwrap();
    let second = decode_jwt(&form_fields(&requests[1].body)["client_assertion"]);
    assert_ne!(second.claims["jti"], jwt.claims["jti"]);
    assert_eq!(second.claims["nbf"], NOW + 3500);
    assert!(verify(second.signing_input.as_bytes(), &second.signature));
}

#[test]
fn the_thumbprint_is_the_sha1_of_the_der_certificate() {
    let certificate = ClientCertificate::from_file(&certificate_path(), "test").unwrap();
    assert_eq!(certificate.x5t(), expected_x5t());
    let shown = format!("{certificate:?}");
    assert!(shown.contains(&expected_x5t()), "{shown}");
    assert!(!shown.contains(&private_key_fragment()), "{shown}");

    let jwt = client_assertion(&certificate, "app", "https://aud/", 100, "id-1").unwrap();
    let jwt = decode_jwt(jwt.expose());
    assert_eq!(jwt.claims["jti"], "id-1");
    assert_eq!(jwt.claims["iat"], 100);
    assert!(verify(jwt.signing_input.as_bytes(), &jwt.signature));
}

#[test]
fn the_key_and_certificate_may_come_in_either_order() {
    let pem = std::fs::read_to_string(certificate_path()).unwrap();
    let key_end = pem.find("-----END PRIVATE KEY-----").unwrap() + 25;
    let swapped = format!("{}\n{}", &pem[key_end..], &pem[..key_end]);
    let certificate = ClientCertificate::from_pem(&swapped, "swapped").unwrap();
    assert_eq!(certificate.x5t(), expected_x5t());
}

#[test]
fn unusable_files_are_refused_without_quoting_the_key() {
    let pem = std::fs::read_to_string(certificate_path()).unwrap();
    let key_end = pem.find("-----END PRIVATE KEY-----").unwrap() + 25;
    let key_only = &pem[..key_end];
    let cert_only = &pem[key_end..];

    let e = ClientCertificate::from_pem(key_only, "key.pem").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    assert!(e.message().contains("no certificate"), "{e}");
    assert!(!e.to_string().contains(&private_key_fragment()));

    let e = ClientCertificate::from_pem(cert_only, "cert.pem").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    assert!(e.message().starts_with("cert.pem"), "{e}");

    // A certificate that is not the key's.
    let other_cert = "-----BEGIN CERTIFICATE-----\nMIIBAA==\n-----END CERTIFICATE-----\n";
    let e =
        ClientCertificate::from_pem(&format!("{key_only}\n{other_cert}"), "mixed.pem").unwrap_err();
    assert!(e.message().contains("matches"), "{e}");

    let truncated = &pem[..pem.len() / 3];
    let e = ClientCertificate::from_pem(truncated, "cut.pem").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    assert!(!e.to_string().contains(&private_key_fragment()));
}

#[test]
fn an_encrypted_key_is_unsupported_even_with_a_password() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("encrypted.pem");
    let pem = std::fs::read_to_string(certificate_path()).unwrap();
    let encrypted = pem
        .replace("BEGIN PRIVATE KEY", "BEGIN ENCRYPTED PRIVATE KEY")
        .replace("END PRIVATE KEY", "END ENCRYPTED PRIVATE KEY");
    std::fs::write(&path, encrypted).unwrap();
    let url = Url::parse("http://127.0.0.1:9/").unwrap();
    let mut config = principal_config(&url);
    config.credentials.insert(
        "client_certificate_path".into(),
        Secret::new(path.to_string_lossy()),
    );
    config
        .credentials
        .insert("client_certificate_password".into(), Secret::new("pw-123"));
    let e = AzureAuth::from_config("azure", &config, SCOPE).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported);
    assert!(e.message().contains("encrypted"), "{e}");
    assert!(!e.to_string().contains("pw-123"));
}

#[test]
fn a_missing_certificate_file_is_a_configuration_error() {
    let url = Url::parse("http://127.0.0.1:9/").unwrap();
    let config = config(
        &url,
        &[
            ("AZURE_TENANT_ID", TENANT),
            ("AZURE_CLIENT_ID", CLIENT_ID),
            ("AZURE_CLIENT_CERTIFICATE_PATH", "/nonexistent/cert.pem"),
        ],
    );
    let e = AzureAuth::from_config("azure", &config, SCOPE).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    assert!(e.message().contains("/nonexistent/cert.pem"), "{e}");
    assert!(e.message().contains("AZURE_CLIENT_CERTIFICATE_PATH"), "{e}");
    assert!(e.message().contains("does not exist"), "{e}");
}

#[test]
fn a_client_secret_wins_over_a_certificate() {
    let url = Url::parse("http://127.0.0.1:9/").unwrap();
    let mut config = certificate_config(&url);
    config.credentials.insert(
        "client_certificate_path".into(),
        Secret::new("/nonexistent"),
    );
    config
        .credentials
        .insert("client_secret".into(), Secret::new(CLIENT_SECRET));
    // The certificate path is not even read.
    assert!(AzureAuth::from_config("azure", &config, SCOPE).is_ok());
}
