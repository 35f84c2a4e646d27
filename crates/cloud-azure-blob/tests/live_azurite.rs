//! The storage conformance suite and the driver's own checks, live against Azurite
//! (`cargo xtask test -- -p cloud-azure-blob`; without the emulator each test prints a
//! note and passes).

mod common;

use std::time::Duration;

use bytes::Bytes;
use cloud_azure_blob::{AzureBlobStorage, DEVELOPMENT_ACCOUNT, DEVELOPMENT_KEY};
use cloud_core::storage::{
    ListEntry, ListObjects, ObjectStorage, PutOptions, SignedMethod, SignedUrlRequest,
};
use cloud_core::{ErrorKind, Secret};
use cloud_test::conformance::storage::live;
use cloud_test::conformance::storage::{StoragePlan, run, run_under_faults};
use cloud_test::fault_proxy::FaultProxy;
use common::{azurite, config_with_key, driver, through, unique_container};
use futures::{StreamExt, TryStreamExt};

fn plan(prefix: &str) -> StoragePlan {
    StoragePlan {
        container: unique_container(prefix),
        missing_container: unique_container("missing"),
        fetch_signed_urls: true,
        ..StoragePlan::default()
    }
}

#[tokio::test]
async fn conformance_against_azurite_with_shared_key() {
    let Some(endpoint) = azurite() else { return };
    run(&driver(&endpoint), &plan("conformance")).await;
}

#[tokio::test]
async fn conformance_against_azurite_through_a_connection_string() {
    let Some(endpoint) = azurite() else { return };
    let mut config = cloud_test::guard::test_config(&endpoint);
    // The endpoint comes from the connection string's BlobEndpoint.
    config.endpoint = None;
    config.credentials.insert(
        "connection_string".into(),
        Secret::new(format!(
            "DefaultEndpointsProtocol=http;AccountName={DEVELOPMENT_ACCOUNT};\
             AccountKey={DEVELOPMENT_KEY};BlobEndpoint={endpoint};"
        )),
    );
    let d = AzureBlobStorage::new(&config).unwrap();
    assert_eq!(d.settings().endpoint, endpoint);
    run(&d, &plan("connstr")).await;
}

#[tokio::test]
async fn transfers_under_faults_against_azurite() {
    let Some(endpoint) = azurite() else { return };
    let proxy = FaultProxy::start(&endpoint, Vec::new()).await;
    let mut p = plan("faults");
    p.fetch_signed_urls = false;
    run_under_faults(&driver(&through(&proxy, &endpoint)), &p, Some(&proxy)).await;
}

#[tokio::test]
async fn a_wrong_key_is_refused_with_one_clear_error() {
    let Some(endpoint) = azurite() else { return };
    let wrong = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktd3Jvbmcta2V5LXdyb25nLWtleQ==";
    let d = AzureBlobStorage::new(&config_with_key(&endpoint, wrong)).unwrap();
    let err = d.get_container("anything").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials, "{err}");
    let err = d
        .list_containers()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials, "{err}");
    let shown = format!("{err} {err:?} {d:?}");
    assert!(
        !shown.contains(wrong) && !shown.contains("d3Jvbmct"),
        "{shown}"
    );
}

/// Fetches `url` with curl; the HTTP status and body.
fn curl(url: &url::Url) -> (u16, Vec<u8>) {
    curl_with(url, &[])
}

/// [`curl`] with more arguments (a method, headers, a body) before the URL.
fn curl_with(url: &url::Url, args: &[&str]) -> (u16, Vec<u8>) {
    cloud_test::guard::assert_loopback(url);
    let out = std::process::Command::new("curl")
        .args(["-s", "--noproxy", "*", "-w", "\n%{http_code}"])
        .args(args)
        .arg(url.as_str())
        .output()
        .expect("curl runs");
    let mut body = out.stdout;
    let at = body.iter().rposition(|b| *b == b'\n').unwrap_or(0);
    let status = String::from_utf8_lossy(&body[at + 1..])
        .trim()
        .parse()
        .unwrap_or(0);
    body.truncate(at);
    (status, body)
}

#[tokio::test]
async fn signed_urls_work_with_curl_and_expire() {
    let Some(endpoint) = azurite() else { return };
    if std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("curl is not installed: skipped");
        return;
    }
    let d = driver(&endpoint);
    let c = unique_container("sas");
    d.create_container(&c).await.unwrap();
    let key = "dir/a b+c.txt";
    let body = futures::stream::iter([Ok(Bytes::from_static(b"signed body"))]).boxed();
    d.put_object(&c, key, body, &PutOptions::default())
        .await
        .unwrap();
    let short = SignedUrlRequest {
        method: SignedMethod::Get,
        expires_in: Duration::from_secs(2),
    };
    let signed = d.signed_url(&c, key, &short).await.unwrap();
    assert!(signed.headers.is_empty(), "{signed:?}");
    let url = signed.url;
    for param in ["sv=", "sr=b", "sp=r", "se=", "sig="] {
        assert!(url.query().unwrap_or("").contains(param), "{url}");
    }
    let (status, got) = curl(&url);
    assert_eq!((status, got.as_slice()), (200, &b"signed body"[..]));
    let mut tampered = url.clone();
    tampered.set_query(Some(&url.query().unwrap().replace("sp=r", "sp=rw")));
    assert_eq!(curl(&tampered).0, 403, "a changed permission is refused");
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (status, _) = curl(&url);
    assert_eq!(status, 403, "an expired URL is refused");
    let put = SignedUrlRequest {
        method: SignedMethod::Put,
        expires_in: Duration::from_secs(60),
    };
    let upload = d.signed_url(&c, "up/load.txt", &put).await.unwrap();
    assert_eq!(
        upload.headers,
        [("x-ms-blob-type".to_string(), "BlockBlob".to_string())]
    );
    let query = upload.url.query().unwrap_or("").to_string();
    assert!(query.contains("sp=cw"), "{query}");
    let data = ["-X", "PUT", "--data-binary", "uploaded by URL"];
    let (status, _) = curl_with(&upload.url, &data);
    assert_eq!(status, 400, "a Put Blob without x-ms-blob-type is refused");
    let (name, value) = &upload.headers[0];
    let header = format!("{name}: {value}");
    let mut with_header = data.to_vec();
    with_header.extend(["-H", header.as_str()]);
    let (status, answer) = curl_with(&upload.url, &with_header);
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&answer));
    let got = d.get_object(&c, "up/load.txt", None).await.unwrap();
    let got: Vec<Bytes> = got.body.try_collect().await.unwrap();
    assert_eq!(got.concat(), b"uploaded by URL");
    assert_eq!(curl(&upload.url).0, 403, "an upload URL does not read");
    d.delete_object(&c, "up/load.txt").await.unwrap();
    d.delete_object(&c, key).await.unwrap();
    d.delete_container(&c).await.unwrap();
}

#[tokio::test]
async fn listing_goes_past_a_page() {
    let Some(endpoint) = azurite() else { return };
    let d = driver(&endpoint);
    let c = unique_container("many");
    d.create_container(&c).await.unwrap();
    let keys: Vec<String> = (0..230).map(|i| format!("item/{i:05}")).collect();
    live::put_named(&d, &c, &keys).await;
    let options = ListObjects {
        prefix: Some("item/".into()),
        page_size: Some(100),
        ..ListObjects::default()
    };
    let listed = live::listed_names(&d, &c, &options).await;
    assert_eq!(
        listed, keys,
        "every blob, once, in order, across pages of 100"
    );
    let delimited = ListObjects {
        delimiter: Some("/".into()),
        page_size: Some(7),
        ..ListObjects::default()
    };
    let top: Vec<ListEntry> = d.list_objects(&c, &delimited).try_collect().await.unwrap();
    assert_eq!(
        top,
        [ListEntry::Prefix {
            prefix: "item/".into()
        }]
    );
    for key in &keys {
        d.delete_object(&c, key).await.unwrap();
    }
    d.delete_container(&c).await.unwrap();
}

#[tokio::test]
async fn awkward_names_round_trip() {
    let Some(endpoint) = azurite() else { return };
    let d = driver(&endpoint);
    let c = unique_container("names");
    live::awkward_names_round_trip(&d, &c).await;
}
