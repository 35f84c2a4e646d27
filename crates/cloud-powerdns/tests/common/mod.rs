//! What the PowerDNS tests share: the live server `cargo xtask test` started (its API,
//! API key and DNS address), drivers for it or for a replay server, and names unique to
//! a run so tests can share one server.

#![allow(dead_code)]

use std::net::SocketAddr;

use cloud_core::Secret;
use cloud_powerdns::PowerDnsDns;
use cloud_test::replay::Replay;
use url::Url;

/// The API key every replayed fixture was recorded with stands scrubbed; any key
/// replays them (no matcher checks `X-API-Key`).
pub const REPLAY_KEY: &str = "[scrubbed]";

/// The PowerDNS server `cargo xtask test` started, and this test's turn at it.
///
/// PowerDNS's sqlite3 backend refuses a write that meets another (HTTP 500, "database is
/// locked"), so the tests that use the live server take turns: a `Live` holds an
/// exclusive lock on a file named after the server's port, shared by every test process
/// (the CLI's tests take the same one), until it is dropped.
pub struct Live {
    /// Its HTTP API.
    pub endpoint: Url,
    /// The API key it was started with.
    pub api_key: String,
    /// Where it answers DNS queries.
    pub dns: SocketAddr,
    /// The locked file; closing it ends the turn.
    _turn: std::fs::File,
}

impl Live {
    /// A driver for the live server.
    pub fn driver(&self) -> PowerDnsDns {
        driver(&self.endpoint, &self.api_key)
    }
}

/// The live server, or `None` (after printing the skip line) when it was not started.
pub fn live() -> Option<Live> {
    let endpoint = cloud_test::guard::emulator_endpoint("LIBCLOUD_TEST_PDNS_ENDPOINT")?;
    let api_key = std::env::var("LIBCLOUD_TEST_PDNS_API_KEY")
        .expect("LIBCLOUD_TEST_PDNS_API_KEY is set with LIBCLOUD_TEST_PDNS_ENDPOINT");
    let dns: SocketAddr = std::env::var("LIBCLOUD_TEST_PDNS_DNS_ADDR")
        .expect("LIBCLOUD_TEST_PDNS_DNS_ADDR is set with LIBCLOUD_TEST_PDNS_ENDPOINT")
        .parse()
        .expect("LIBCLOUD_TEST_PDNS_DNS_ADDR is an address");
    assert!(
        dns.ip().is_loopback(),
        "the DNS address {dns} is not loopback"
    );
    let turn = cloud_test::turn::exclusive_turn("pdns", &endpoint);
    Some(Live {
        endpoint,
        api_key,
        dns,
        _turn: turn,
    })
}

/// A driver at `endpoint` (loopback only) with `api_key`.
pub fn driver(endpoint: &Url, api_key: &str) -> PowerDnsDns {
    let mut config = cloud_test::guard::test_config(endpoint);
    config
        .credentials
        .insert("api_key".into(), Secret::new(api_key));
    PowerDnsDns::new(&config).expect("driver")
}

/// A driver for a replay server.
pub fn replayed(replay: &Replay) -> PowerDnsDns {
    driver(&replay.uri(), REPLAY_KEY)
}

/// A domain unique to this run: `<prefix>-<pid>-<nanos>.example`.
pub fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "{prefix}-{}-{}.example",
        std::process::id(),
        nanos % 1_000_000_000
    )
}

/// The domain of the recorded conformance run (`fixtures/powerdns/dns-conformance`).
pub const RECORDED_DOMAIN: &str = "dns-conformance.example.org";

/// The plan the conformance fixtures were recorded with, and are replayed with.
pub fn recorded_plan() -> cloud_test::conformance::dns::DnsPlan {
    cloud_test::conformance::dns::DnsPlan::new(RECORDED_DOMAIN)
}
