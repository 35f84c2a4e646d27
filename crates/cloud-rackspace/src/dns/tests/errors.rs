//! Unknown zones and records, refused calls, and answers that are not what Cloud DNS
//! documents: each a typed error, never a panic.

use cloud_core::ErrorKind;
use cloud_core::dns::{Dns, NewRecord, RecordData};
use cloud_test::replay::Replay;
use futures::{StreamExt, TryStreamExt};

fn a(name: &str, ip: &str) -> NewRecord {
    NewRecord::new(
        name,
        RecordData::A {
            address: ip.parse().unwrap(),
        },
    )
}

#[tokio::test]
async fn errors_are_typed() {
    let replay = Replay::start("rackspace", "dns/errors").await;
    let driver = super::driver(&replay).await;

    let err = driver.get_zone("4040404").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.operation(), Some("get_zone"));
    assert!(err.message().contains("Object not Found."), "{err}");

    let mut listing = driver.list_records("4040405");
    let first = listing.next().await.expect("one item").unwrap_err();
    assert_eq!(first.kind(), ErrorKind::NotFound, "{first}");
    assert!(
        listing.next().await.is_none(),
        "the listing ends after the error"
    );
    drop(listing);

    let err = driver.get_zone("2725233").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    assert!(err.message().contains("27252"), "the body is quoted: {err}");

    let err = driver
        .list_zones()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    assert_eq!(err.operation(), Some("list_zones"));

    let err = driver
        .create_record("2725233", &a("mail", "192.0.2.5"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(
        err.message().contains("already has a CNAME record"),
        "{err}"
    );

    let err = driver
        .create_record("2725233", &a("www", "192.0.2.6"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    assert_eq!(err.operation(), Some("create_record"));

    let err = driver
        .list_records("2725233")
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}");
    assert!(
        err.message().contains("A-9182799"),
        "the record is named: {err}"
    );

    assert!(!err.to_string().contains(super::API_KEY));
    assert!(!format!("{err:?}").contains("fixture-rackspace-token-not-a-secret"));
    replay.assert_all_used().await;
}

#[tokio::test]
async fn bad_ids_and_input_are_refused_before_anything_is_sent() {
    let replay = Replay::empty().await;
    let driver = super::driver_at(
        &replay.uri(),
        super::quick(std::time::Duration::from_secs(1)),
    );
    for id in ["example.com", "../2725233", ""] {
        let err = driver.get_zone(id).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound, "{id:?}");
    }
    let err = driver
        .get_record("2725233", "A-1/../../x")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let ptr = NewRecord::new(
        "1",
        RecordData::Ptr {
            target: "host.example.com.".into(),
        },
    );
    let err = driver.create_record("2725233", &ptr).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    assert!(err.message().contains("PTR"), "{err}");
    assert!(replay.history().is_empty(), "{:#?}", replay.history());
}
