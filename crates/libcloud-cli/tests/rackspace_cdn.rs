//! `libcloud --provider rackspace storage cdn …` on the Cloud Files CDN fixtures
//! (`fixtures/rackspace/cdn/`): a container never published is one line, publishing
//! prints its addresses, unpublishing works, and an object's address of an unpublished
//! container is refused.

mod common;

use common::ReplaySandbox;

fn cloud() -> ReplaySandbox {
    let sandbox = ReplaySandbox::start(
        "rackspace",
        "cdn",
        &[
            ("RACKSPACE_USERNAME", "libcloud-test"),
            ("RACKSPACE_API_KEY", "fixture-api-key-never-shown"),
        ],
    );
    sandbox.block_on(cloud_test::keystone::mount_v2_login(sandbox.replay(), 4));
    sandbox
}

#[test]
fn a_container_is_published_and_unpublished() {
    let cloud = cloud();
    let region = ["--region", "DFW", "storage", "cdn"];
    let args = |rest: &[&'static str]| [&region[..], rest].concat();
    let line = cloud
        .run(&args(&["show", "photos"]))
        .failed_with_kind(1, "not_found");
    assert!(line.contains("never published"), "{line}");

    let published = cloud
        .run_json(&args(&["enable", "photos", "--ttl", "86400"]))
        .quiet_ok()
        .json();
    assert_eq!(published["enabled"], true, "{published}");
    assert_eq!(published["ttl_secs"], 86_400);
    assert!(
        published["https"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://") && u.contains(".ssl.")),
        "{published}"
    );

    let done = cloud.run(&args(&["disable", "photos"])).quiet_ok();
    assert_eq!(done.stdout.trim(), "disable_cdn photos: ok");
    let line = cloud
        .run(&args(&["url", "photos/a.jpg"]))
        .failed_with_kind(1, "invalid_input");
    assert!(line.contains("not enabled on the CDN"), "{line}");
    cloud.assert_all_used();
}

#[test]
fn providers_without_a_cdn_say_so() {
    let sb = common::Sandbox::new();
    let line = sb
        .run(&["storage", "cdn", "show", "photos"])
        .failed_with_kind(1, "unsupported");
    assert!(line.contains("cdn_container"), "{line}");
}
