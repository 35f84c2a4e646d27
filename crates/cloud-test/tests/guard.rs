//! The loopback guard and the test configuration.

use std::time::Duration;

use cloud_test::guard::{assert_loopback, test_config};
use url::Url;

fn url(s: &str) -> Url {
    Url::parse(s).expect("valid URL")
}

#[test]
fn loopback_urls_pass() {
    for u in [
        "http://127.0.0.1:8080/",
        "http://127.1.2.3/",
        "http://[::1]:9000/x",
        "http://localhost:1/",
    ] {
        assert_loopback(&url(u));
    }
}

#[test]
fn non_loopback_urls_panic_naming_the_url() {
    for u in [
        "https://api.linode.com/v4",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data",
        "http://[2001:db8::1]/",
    ] {
        let err = std::panic::catch_unwind(|| assert_loopback(&url(u)))
            .expect_err("non-loopback URL must panic");
        let msg = err
            .downcast_ref::<String>()
            .cloned()
            .expect("panic message is a String");
        assert!(msg.contains(url(u).as_str()), "{msg}");
        assert!(msg.contains("not a loopback address"), "{msg}");
    }
}

#[test]
fn test_config_is_loopback_only_with_short_timeouts() {
    let endpoint = url("http://127.0.0.1:4567/v4/");
    let config = test_config(&endpoint);
    assert_eq!(config.endpoint, Some(endpoint));
    assert!(config.http.loopback_only);
    assert_eq!(config.http.connect_timeout, Duration::from_secs(2));
    assert_eq!(config.http.request_timeout, Duration::from_secs(10));
    assert_eq!(config.http.retry.max_attempts, 3);
    assert_eq!(config.http.retry.initial_backoff, Duration::from_millis(10));
    assert_eq!(config.http.retry.max_backoff, Duration::from_millis(200));
    assert_eq!(config.http.retry.budget, Duration::from_secs(5));
    assert_eq!(
        config.env.var("PATH"),
        None,
        "the process environment must not leak in"
    );
}

#[test]
fn test_config_refuses_remote_endpoints() {
    let result = std::panic::catch_unwind(|| test_config(&url("https://ec2.amazonaws.com/")));
    assert!(result.is_err(), "a remote endpoint must panic");
}
