//! `libcloud --provider powerdns` against the PowerDNS server `cargo xtask test` starts
//! (`LIBCLOUD_TEST_PDNS_ENDPOINT`, its key in `LIBCLOUD_TEST_PDNS_API_KEY`, its DNS port
//! at `LIBCLOUD_TEST_PDNS_DNS_ADDR`): zones and records written through the binary, the
//! server's DNS answers after each write, the zone file export checked by BIND's
//! named-checkzone, and errors that change nothing.
//!
//! PowerDNS's sqlite3 backend refuses a write that meets another, so these tests take
//! turns with the driver crate's live tests through the same lock file.

mod common;

use std::net::SocketAddr;
use std::process::Command;

use common::moto::unique;
use common::{Run, Sandbox};
use libcloud::core::dns::{RecordData, RecordType};
use serde_json::Value;

/// The live server and this test's turn at it.
struct Pdns {
    endpoint: String,
    api_key: String,
    dns: SocketAddr,
    _turn: std::fs::File,
}

/// The server, or `None` after the skip line when `cargo xtask test` did not start it.
fn pdns() -> Option<Pdns> {
    let url = cloud_test::guard::emulator_endpoint("LIBCLOUD_TEST_PDNS_ENDPOINT")?;
    let api_key = std::env::var("LIBCLOUD_TEST_PDNS_API_KEY").expect("the test API key");
    let dns: SocketAddr = std::env::var("LIBCLOUD_TEST_PDNS_DNS_ADDR")
        .expect("the DNS address")
        .parse()
        .expect("an address");
    let turn = cloud_test::turn::exclusive_turn("pdns", &url);
    Some(Pdns {
        endpoint: url.as_str().trim_end_matches('/').to_string(),
        api_key,
        dns,
        _turn: turn,
    })
}

/// The CLI as provider `powerdns` at the server, with an API key.
struct Cli<'a> {
    sb: Sandbox,
    pdns: &'a Pdns,
}

impl Cli<'_> {
    fn run_with_key(&self, key: &str, args: &[&str]) -> Run {
        let mut all = vec!["--provider", "powerdns", "--endpoint", &self.pdns.endpoint];
        all.extend_from_slice(args);
        let mut cmd = self.sb.command(&all);
        cmd.env("POWERDNS_API_KEY", key)
            .env("LIBCLOUD_LOOPBACK_ONLY", "1");
        let run = Run::from(cmd.output().expect("run libcloud"));
        assert!(
            !run.stdout.contains(key) && !run.stderr.contains(key),
            "the API key leaked"
        );
        run
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_with_key(&self.pdns.api_key, args)
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["--output", "json"]);
        self.run(&all).quiet_ok().json()
    }

    fn records(&self, zone: &str) -> Vec<Value> {
        self.json(&["dns", "records", "list", zone])
            .as_array()
            .expect("records list prints an array")
            .clone()
    }
}

/// The id of the one record of `name`, `rtype` (and `data`, when given).
fn id_of(records: &[Value], name: &str, rtype: &str, data: Option<&str>) -> String {
    let found: Vec<&Value> = records
        .iter()
        .filter(|r| r["name"] == name && r["type"] == rtype)
        .filter(|r| data.is_none_or(|d| r["data"] == d))
        .collect();
    assert_eq!(found.len(), 1, "{name} {rtype} {data:?} in {records:#?}");
    found[0]["id"].as_str().expect("an id").to_string()
}

/// What the server answers for `name` and `rtype`, sorted.
fn answers(server: SocketAddr, name: &str, rtype: RecordType) -> Vec<RecordData> {
    let response = cloud_test::dns_query::query(server, name, &rtype)
        .unwrap_or_else(|e| panic!("{rtype} query for {name}: {e}"));
    response
        .sorted_data()
        .into_iter()
        .filter(|d| d.rtype() == rtype)
        .collect()
}

fn a(ip: &str) -> RecordData {
    RecordData::A {
        address: ip.parse().expect("an IPv4 address"),
    }
}

#[test]
fn records_written_through_the_cli_are_served() {
    let Some(pdns) = pdns() else { return };
    let cli = Cli {
        sb: Sandbox::new(),
        pdns: &pdns,
    };
    let domain = format!("{}.example", unique("cli"));
    let zone = cli.json(&["dns", "zones", "create", &domain]);
    assert_eq!(zone["domain"], domain.as_str());
    let create = |args: &[&str]| {
        let mut all = vec!["dns", "records", "create", domain.as_str()];
        all.extend_from_slice(args);
        cli.json(&all)
    };
    create(&["www", "A", "192.0.2.1", "--ttl", "300"]);
    create(&[&format!("www.{domain}."), "A", "192.0.2.2", "--ttl", "300"]);
    create(&["www", "AAAA", "2001:db8::1"]);
    create(&["@", "MX", "10 mail"]);
    let text = r#""hello world" "say \"hi\"; ok""#;
    create(&["txt", "TXT", text]);
    create(&["_sip._tcp", "SRV", "0 5 5060 sip"]);
    create(&["alias", "CNAME", "www"]);
    // The zone's name server is inside it: its address makes the zone loadable.
    create(&["ns1", "A", "192.0.2.53"]);

    let dns = pdns.dns;
    let host = |name: &str| format!("{name}.{domain}");
    let fq = |name: &str| format!("{name}.{domain}.");
    assert_eq!(
        answers(dns, &host("www"), RecordType::A),
        [a("192.0.2.1"), a("192.0.2.2")]
    );
    assert_eq!(
        answers(dns, &host("www"), RecordType::Aaaa),
        [RecordData::Aaaa {
            address: "2001:db8::1".parse().unwrap()
        }]
    );
    assert_eq!(
        answers(dns, &domain, RecordType::Mx),
        [RecordData::Mx {
            priority: 10,
            exchange: fq("mail")
        }]
    );
    let txt = RecordData::Txt {
        strings: vec!["hello world".into(), r#"say "hi"; ok"#.into()],
    };
    assert_eq!(answers(dns, &host("txt"), RecordType::Txt), [txt]);
    assert_eq!(
        answers(dns, &host("_sip._tcp"), RecordType::Srv),
        [RecordData::Srv {
            priority: 0,
            weight: 5,
            port: 5060,
            target: fq("sip")
        }]
    );
    assert_eq!(
        answers(dns, &host("alias"), RecordType::Cname),
        [RecordData::Cname { target: fq("www") }]
    );

    // Update one A value and the TXT; delete the CNAME.
    let records = cli.records(&domain);
    let www1 = id_of(&records, "www", "A", Some("192.0.2.1"));
    let updated = cli.json(&[
        "dns",
        "records",
        "update",
        &domain,
        &www1,
        "--data",
        "192.0.2.9",
    ]);
    assert_eq!(updated["data"], "192.0.2.9");
    assert_eq!(
        answers(dns, &host("www"), RecordType::A),
        [a("192.0.2.2"), a("192.0.2.9")]
    );
    let txt_id = id_of(&records, "txt", "TXT", None);
    cli.json(&[
        "dns",
        "records",
        "update",
        &domain,
        &txt_id,
        "--data",
        r#""v=spf1 -all""#,
    ]);
    assert_eq!(
        answers(dns, &host("txt"), RecordType::Txt),
        [RecordData::txt("v=spf1 -all")]
    );
    let alias = id_of(&records, "alias", "CNAME", None);
    cli.run(&["dns", "records", "delete", &domain, &alias])
        .quiet_ok();
    assert!(answers(dns, &host("alias"), RecordType::Cname).is_empty());

    // The export is a zone file BIND loads.
    let export = cli.run(&["dns", "export", &domain]).quiet_ok().stdout;
    let file = cli.sb.work("export.zone");
    std::fs::write(&file, &export).unwrap();
    let checked = Command::new("named-checkzone")
        .args(["-i", "local", &domain])
        .arg(&file)
        .output()
        .expect("named-checkzone runs (install bind9-utils; .ci/run installs it)");
    assert!(
        checked.status.success(),
        "named-checkzone refused the export:\n{}\n{export}",
        String::from_utf8_lossy(&checked.stdout)
    );

    cli.run(&["dns", "zones", "delete", &domain]).quiet_ok();
    assert!(answers(dns, &host("www"), RecordType::A).is_empty());
}

#[test]
fn errors_are_one_line_and_change_nothing() {
    let Some(pdns) = pdns() else { return };
    let cli = Cli {
        sb: Sandbox::new(),
        pdns: &pdns,
    };
    let domain = format!("{}.example", unique("cli-errors"));
    cli.json(&["dns", "zones", "create", &domain]);
    let before = cli.records(&domain);

    let refused = cli.run_with_key(
        "not-the-key-0815",
        &["dns", "records", "create", &domain, "x", "A", "192.0.2.77"],
    );
    let line = refused.failed_with_kind(1, "invalid_credentials");
    assert!(line.contains("refused the API key"), "{line}");

    let missing = format!("{}.example", unique("no-such-zone"));
    let unknown = cli.run(&[
        "dns",
        "records",
        "create",
        &missing,
        "www",
        "A",
        "192.0.2.1",
    ]);
    let line = unknown.failed_with_kind(1, "not_found");
    assert!(line.contains(&missing), "{line}");

    let label = "x".repeat(64);
    let long = cli.run(&[
        "dns",
        "records",
        "create",
        &domain,
        &label,
        "A",
        "192.0.2.1",
    ]);
    let line = long.failed_with_kind(1, "invalid_input");
    assert!(line.contains("64"), "{line}");

    assert_eq!(
        cli.records(&domain),
        before,
        "a failed command changed the zone"
    );
    let zones = cli.json(&["dns", "zones", "list"]);
    let zones = zones.as_array().expect("an array");
    assert!(zones.iter().all(|z| z["domain"] != missing.as_str()));
    cli.run(&["dns", "zones", "delete", &domain]).quiet_ok();
}
