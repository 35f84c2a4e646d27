//! Cloud DNS reached the way users reach it: through the factory's session, an API-key
//! login and the catalog's `cloudDNS` endpoint, with the job polls set by the
//! `dns_job_poll_secs` and `dns_job_timeout_secs` options. The conformance suite runs on
//! the `dns/conformance` fixtures, and a job that never finishes ends in a timeout
//! after the configured limit.

use std::sync::Arc;
use std::time::{Duration, Instant};

use cloud_core::dns::Dns;
use cloud_core::operation::WaitOptions;
use cloud_core::{DriverFactory, ErrorKind, MapEnv, ProviderConfig};
use cloud_rackspace::RackspaceFactory;
use cloud_test::conformance::dns::{DnsPlan, run};
use cloud_test::replay::Replay;

const API_KEY: &str = "fixture-api-key-never-shown";

async fn dns(replay: &Replay, timeout_secs: &str) -> Arc<dyn Dns> {
    cloud_test::keystone::mount_v2_login(replay, 1).await;
    let mut env = MapEnv::default();
    env.set("RACKSPACE_USERNAME", "libcloud-test");
    env.set("RACKSPACE_API_KEY", API_KEY);
    let endpoint = replay.uri();
    let mut config = ProviderConfig {
        region: Some("DFW".into()),
        endpoint: Some(endpoint.clone()),
        http: cloud_test::guard::test_config(&endpoint).http,
        env: Arc::new(env),
        ..Default::default()
    };
    config
        .options
        .insert("dns_job_poll_secs".into(), "0.01".into());
    config
        .options
        .insert("dns_job_timeout_secs".into(), timeout_secs.into());
    let session = RackspaceFactory.connect(&config).await.expect("connects");
    session.dns().expect("the session offers DNS")
}

#[tokio::test]
async fn the_dns_suite_passes_through_the_session() {
    let replay = Replay::start("rackspace", "dns/conformance").await;
    let dns = dns(&replay, "10").await;
    assert_eq!(dns.provider_id(), "rackspace");
    let mut plan = DnsPlan::new("conformance.example");
    plan.missing_zone_id = "9999999".into();
    plan.missing_record_id = "A-9999999".into();
    plan.wait = WaitOptions {
        poll_interval: Duration::from_millis(10),
        timeout: Duration::from_secs(10),
        jitter: 0.0,
    };
    run(dns.as_ref(), &plan).await;
    replay.assert_all_used().await;
}

#[tokio::test]
async fn a_job_past_the_configured_limit_times_out() {
    let replay = Replay::start("rackspace", "dns/job-never-finishes").await;
    let dns = dns(&replay, "0.3").await;
    let started = Instant::now();
    let err = dns.delete_zone("2725233").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(err.message().contains("300ms"), "{err}");
    assert!(!format!("{err:?}").contains(API_KEY));
    replay.assert_all_used().await;
}
