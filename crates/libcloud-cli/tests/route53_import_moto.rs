//! `libcloud dns import` of a 10,000-record zone file into Route 53 (moto, through a
//! proxy that counts the requests): at most 15 change requests, `dns records list` then
//! shows every record, and a second `--dry-run` has nothing to do. Runs when
//! `cargo xtask test` started moto.

mod common;

use cloud_test::fault_proxy::FaultProxy;
use common::Sandbox;
use common::moto::{aws_cli, unique};

/// Records in the imported file.
const RECORDS: usize = 10_000;

/// A zone file of `RECORDS` records: address pools of two, IPv6 hosts, TXT, MX, CNAME
/// and SRV records, with relative names and hosts.
fn zone_file() -> String {
    let mut text = String::from("$TTL 300\n");
    for i in 0..RECORDS {
        let line = match i % 10 {
            0..=3 => format!(
                "pool{} IN A 10.{}.{}.{}\n",
                i / 2,
                i / 65536,
                i / 256 % 256,
                i % 256
            ),
            4 | 5 => format!("v{i} 3600 IN AAAA 2001:db8::{i:x}\n"),
            6 => format!("t{i} IN TXT \"token {i}; ok\"\n"),
            7 => format!("m{i} IN MX 10 mx{i}\n"),
            8 => format!("c{i} IN CNAME pool{}\n", i / 2),
            _ => format!("_s{i}._tcp IN SRV 0 5 5060 sip{i}\n"),
        };
        text.push_str(&line);
    }
    text
}

fn json(out: std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[tokio::test(flavor = "multi_thread")]
async fn ten_thousand_records_import_in_few_change_requests() {
    let Some(moto) = cloud_test::guard::moto_endpoint() else {
        return;
    };
    let proxy = FaultProxy::start(&moto, Vec::new()).await;
    let endpoint = proxy.url();
    let sb = Sandbox::new();
    let domain = format!("{}.example", unique("import"));
    let cli = |args: &[&str]| {
        let mut all = vec!["--output", "json"];
        all.extend_from_slice(args);
        aws_cli(&sb, "route53", &endpoint, &all)
            .output()
            .expect("run libcloud")
    };
    json(cli(&["dns", "zones", "create", &domain]));
    let file = sb.work("big.zone");
    std::fs::write(&file, zone_file()).unwrap();
    let file = file.to_str().unwrap();

    let before = proxy.request_lines().len();
    let started = std::time::Instant::now();
    let imported = json(cli(&["dns", "import", &domain, file]));
    let lines = proxy.request_lines()[before..].to_vec();
    let changes = lines
        .iter()
        .filter(|l| l.starts_with("POST ") && l.contains("/rrset"))
        .count();
    eprintln!(
        "dns import: {RECORDS} records, {changes} change requests, {} requests in all, {:?}",
        lines.len(),
        started.elapsed()
    );
    assert_eq!(imported["applied"], true, "{imported}");
    assert!(changes <= 15, "{changes} change requests");

    let listed = json(cli(&["dns", "records", "list", &domain]));
    let own = listed
        .as_array()
        .expect("a list")
        .iter()
        .filter(|r| !(r["name"] == "@" && (r["type"] == "SOA" || r["type"] == "NS")))
        .count();
    assert_eq!(own, RECORDS);

    let again = json(cli(&["dns", "import", &domain, file, "--dry-run"]));
    for key in ["create", "update", "delete"] {
        assert_eq!(again[key], 0, "{key}: {again}");
    }
}
