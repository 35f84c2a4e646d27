//! A token the service stops accepting (401) is replaced by one more login, and the
//! refused call is sent again, once.

use cloud_core::dns::Dns;
use cloud_test::replay::Replay;
use futures::TryStreamExt;

#[tokio::test]
async fn an_expired_token_is_replaced_once() {
    let replay = Replay::start("rackspace", "dns/relogin").await;
    cloud_test::keystone::mount_v2_login(&replay, 2).await;
    let driver = super::driver_at(
        &replay.uri(),
        super::quick(std::time::Duration::from_secs(1)),
    );
    let zones: Vec<_> = driver.list_zones().try_collect().await.unwrap();
    assert_eq!(zones.len(), 1);
    assert_eq!(zones[0].domain, "example.com");
    replay.assert_all_used().await;
    let received = replay
        .server()
        .received_requests()
        .await
        .unwrap_or_default();
    let logins = received
        .iter()
        .filter(|r| r.url.path() == "/v2.0/tokens")
        .count();
    assert_eq!(logins, 2, "one login, then one more after the 401");
    replay.server().verify().await;
}
