//! Jobs: one still running at its first polls, ones that fail with the provider's
//! reason, and one that never finishes.

use std::time::{Duration, Instant};

use cloud_core::ErrorKind;
use cloud_core::dns::{CreateZone, Dns, NewRecord, RecordData};
use cloud_test::replay::Replay;

use super::{count, driver_at, quick};

const POLLS: &str = "GET /dns/v1.0/123456/status/";

#[tokio::test]
async fn a_job_is_polled_until_it_completes() {
    let replay = Replay::start("rackspace", "dns/job-polls").await;
    let driver = super::driver(&replay).await;
    let record = NewRecord::new(
        "API",
        RecordData::A {
            address: "192.0.2.44".parse().unwrap(),
        },
    )
    .with_ttl(600);
    let created = driver.create_record("2725233", &record).await.unwrap();
    assert_eq!(created.id, "A-9182736");
    assert_eq!(created.name, "api");
    assert_eq!(created.ttl, Some(600));
    assert_eq!(created.data.presentation(), "192.0.2.44");
    replay.assert_all_used().await;
    assert_eq!(count(&replay, POLLS), 3, "RUNNING, RUNNING, COMPLETED");
}

#[tokio::test]
async fn failed_jobs_carry_the_providers_reason() {
    let replay = Replay::start("rackspace", "dns/job-fails").await;
    let driver = super::driver(&replay).await;
    let err = driver
        .create_zone(&CreateZone::new("Example.com."))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    assert_eq!(err.code(), Some("409"));
    assert_eq!(err.operation(), Some("create_zone"));
    assert_eq!(err.provider(), Some("rackspace"));
    assert!(err.message().contains("Domain already exists"), "{err}");
    assert!(
        err.message()
            .contains("0b7c3e1a-4f20-4a8e-9d1c-5e2f7a9b1c02"),
        "the job is named: {err}"
    );

    let alias = NewRecord::new(
        "alias",
        RecordData::Cname {
            target: "example.com.".into(),
        },
    );
    let err = driver.create_record("2725233", &alias).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert_eq!(err.code(), Some("400"));
    assert!(
        err.message().contains("its target is the domain itself"),
        "{err}"
    );
    assert!(!format!("{err:?}").contains(super::API_KEY));
    replay.assert_all_used().await;
}

#[tokio::test]
async fn a_job_that_never_finishes_times_out() {
    let replay = Replay::start("rackspace", "dns/job-never-finishes").await;
    cloud_test::keystone::mount_v2_login(&replay, 1).await;
    let driver = driver_at(&replay.uri(), quick(Duration::from_millis(300)));
    let started = Instant::now();
    let err = driver.delete_zone("2725233").await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert_eq!(err.operation(), Some("delete_zone"));
    assert!(
        err.message()
            .contains("0b7c3e1a-4f20-4a8e-9d1c-5e2f7a9b1c04"),
        "{err}"
    );
    assert!(err.message().contains("last seen: RUNNING"), "{err}");
    assert!(count(&replay, POLLS) >= 3, "{:#?}", replay.history());
    replay.assert_all_used().await;
}
