//! The parsers on good, truncated, mangled and random input: they return typed errors
//! and never panic.

use bytes::Bytes;
use cloud_core::ErrorKind;
use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, StatusCode};
use futures::TryStreamExt;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::*;
use crate::LinodeErrorParser;

const INSTANCE: &str = r#"{"id": 123, "label": "web-1", "status": "running",
    "type": "g6-nanode-1", "region": "us-east", "image": "linode/debian12",
    "ipv4": ["203.0.113.7"], "ipv6": "2001:db8::1/128", "created": "2024-03-01T10:00:00",
    "updated": "2024-03-01T10:05:00", "tags": ["suite=conformance"], "hypervisor": "kvm"}"#;

const TYPE: &str = r#"{"id": "g6-nanode-1", "label": "Nanode 1GB", "vcpus": 1,
    "memory": 1024, "disk": 25600, "transfer": 1000, "price": {"hourly": 0.0075,
    "monthly": 5.0}, "class": "nanode"}"#;

const REGION: &str = r#"{"id": "us-east", "label": "Newark, NJ", "country": "us",
    "status": "ok"}"#;

const IMAGE: &str = r#"{"id": "linode/debian12", "label": "Debian 12", "is_public": true,
    "size": 1300, "vendor": "Debian", "type": "manual"}"#;

const KEY: &str = r#"{"id": 42, "label": "laptop", "created": "2024-01-02T03:04:05",
    "ssh_key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJuK64lkOZ3RZh6BuaIeUtyCuseQVB8liMlr6GcPIhqY x"}"#;

const VOLUME: &str = r#"{"id": 7, "label": "data", "size": 20, "status": "active",
    "region": "us-east", "linode_id": null}"#;

const DISK: &str = r#"{"id": 9, "label": "Debian 12 Disk", "filesystem": "ext4",
    "size": 25088, "status": "ready"}"#;

const SWAP: &str = r#"{"id": 10, "label": "512 MB Swap Image", "filesystem": "swap",
    "size": 512, "status": "ready"}"#;

const DOMAIN: &str = r#"{"id": 1234, "domain": "example.org", "type": "master",
    "status": "active", "soa_email": "hostmaster@example.org", "ttl_sec": 3600,
    "refresh_sec": 0, "retry_sec": 0, "expire_sec": 0, "tags": [], "description": null,
    "master_ips": [], "axfr_ips": [], "group": null}"#;

const SRV_RECORD: &str = r#"{"id": 5, "type": "SRV", "name": "_sip._tcp",
    "target": "sip.example.org", "priority": 0, "weight": 5, "port": 5060,
    "service": "_sip", "protocol": "_tcp", "tag": null, "ttl_sec": 300,
    "created": "2024-06-01T10:00:00", "updated": "2024-06-01T10:00:00"}"#;

const MX_RECORD: &str = r#"{"id": 6, "type": "MX", "name": "", "target": "mail.example.org",
    "priority": 10, "weight": 0, "port": 0, "service": null, "protocol": null, "tag": null,
    "ttl_sec": 0}"#;

const CAA_RECORD: &str = r#"{"id": 7, "type": "CAA", "name": "", "target": "ca.example.net",
    "tag": "issue", "ttl_sec": 300}"#;

const TXT_RECORD: &str = r#"{"id": 8, "type": "TXT", "name": "txt",
    "target": "v=spf1 \"quoted\"; -all", "ttl_sec": 300}"#;

fn resp(body: impl Into<Bytes>) -> HttpResponse {
    HttpResponse {
        status: StatusCode::OK,
        headers: HeaderMap::new(),
        body: body.into(),
    }
}

fn page(items: &[&str], page: u64, pages: u64) -> String {
    format!(
        r#"{{"data": [{}], "page": {page}, "pages": {pages}, "results": {}}}"#,
        items.join(","),
        items.len()
    )
}

/// Every parser, as a function of a body that reports errors only by kind.
type Check = fn(&HttpResponse) -> Result<(), ErrorKind>;

fn checks() -> Vec<(&'static str, Check, String)> {
    fn k<T>(r: Result<T>) -> Result<(), ErrorKind> {
        r.map(|_| ()).map_err(|e| e.kind())
    }
    vec![
        ("node", |r| k(node(r)), INSTANCE.to_string()),
        (
            "nodes",
            |r| k(nodes(r, 1)),
            page(&[INSTANCE, INSTANCE], 1, 2),
        ),
        ("sizes", |r| k(sizes(r, 1)), page(&[TYPE], 1, 1)),
        ("locations", |r| k(locations(r, 1)), page(&[REGION], 1, 1)),
        ("image", |r| k(image(r)), IMAGE.to_string()),
        ("images", |r| k(images(r, 1)), page(&[IMAGE], 1, 1)),
        ("key_pair", |r| k(key_pair(r)), KEY.to_string()),
        ("key_pairs", |r| k(key_pairs(r, 1)), page(&[KEY], 1, 1)),
        ("volume", |r| k(volume(r)), VOLUME.to_string()),
        ("volumes", |r| k(volumes(r, 1)), page(&[VOLUME], 1, 1)),
        (
            "disks",
            |r| k(imageable_disks(r, 1)),
            page(&[SWAP, DISK], 1, 1),
        ),
        ("zone", |r| k(zone(r)), DOMAIN.to_string()),
        ("zones", |r| k(zones(r, 1)), page(&[DOMAIN, DOMAIN], 1, 2)),
        ("record", |r| k(record(r, "1234")), SRV_RECORD.to_string()),
        (
            "records",
            |r| k(records(r, 1, "1234")),
            page(&[SRV_RECORD, MX_RECORD, CAA_RECORD, TXT_RECORD], 1, 3),
        ),
    ]
}

#[test]
fn every_parser_accepts_its_sample() {
    for (name, check, body) in checks() {
        assert_eq!(check(&resp(body)), Ok(()), "{name}");
    }
}

#[test]
fn every_truncation_is_a_malformed_response() {
    for (name, check, body) in checks() {
        for cut in 0..body.len() {
            let got = check(&resp(body.as_bytes()[..cut].to_vec()));
            assert_eq!(
                got,
                Err(ErrorKind::MalformedResponse),
                "{name} cut at {cut}: {:?}",
                &body[..cut]
            );
        }
    }
}

#[test]
fn random_bytes_and_mutations_never_panic() {
    let mut rng = StdRng::seed_from_u64(0x11_40de);
    for (name, check, body) in checks() {
        for _ in 0..300 {
            let len = rng.random_range(0..200);
            let garbage: Vec<u8> = (0..len).map(|_| rng.random()).collect();
            assert_eq!(
                check(&resp(garbage)),
                Err(ErrorKind::MalformedResponse),
                "{name}"
            );
        }
        for _ in 0..1000 {
            let mut mutated = body.clone().into_bytes();
            for _ in 0..rng.random_range(1..4) {
                let at = rng.random_range(0..mutated.len());
                mutated[at] = rng.random();
            }
            if let Err(kind) = check(&resp(mutated)) {
                assert_eq!(kind, ErrorKind::MalformedResponse, "{name}");
            }
        }
    }
}

#[test]
fn the_error_parser_survives_anything() {
    let mut rng = StdRng::seed_from_u64(0xe220);
    let envelope = br#"{"errors": [{"field": "label", "reason": "Label must be unique."}]}"#;
    for _ in 0..2000 {
        let status = StatusCode::from_u16(rng.random_range(400..600)).unwrap();
        let body: Vec<u8> = if rng.random_bool(0.5) {
            let cut = rng.random_range(0..envelope.len());
            envelope[..cut].to_vec()
        } else {
            (0..rng.random_range(0..100))
                .map(|_| rng.random())
                .collect()
        };
        let err = LinodeErrorParser.parse(status, &HeaderMap::new(), &body);
        assert_eq!(err.status(), Some(status.as_u16()));
    }
}

#[test]
fn wrong_shapes_are_malformed() {
    let bad_nodes = [
        "null",
        "[]",
        r#"{"data": 5, "pages": 1}"#,
        r#"{"data": [], "pages": "one"}"#,
        r#"{"data": []}"#,
        r#"{"data": [{"id": -1, "label": "x", "status": "running"}], "pages": 1}"#,
        r#"{"data": [{"id": "123", "label": "x", "status": "running"}], "pages": 1}"#,
        r#"{"data": [{"id": 1, "label": "x"}], "pages": 1}"#,
        r#"{"data": [{"id": 1, "label": "x", "status": "running", "created": "soon"}],
            "pages": 1}"#,
        r#"{"data": [{"id": 1, "label": "x", "status": "running", "ipv4": "1.2.3.4"}],
            "pages": 1}"#,
    ];
    for body in bad_nodes {
        let err = nodes(&resp(body), 1).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{body}");
    }
    let err = sizes(&resp(r#"{"data": [{"id": "x"}], "pages": 1}"#), 1).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse);
    assert!(err.message().contains("memory"), "{}", err.message());
}

#[test]
fn a_page_other_than_the_one_asked_for_is_malformed() {
    let err = nodes(&resp(page(&[INSTANCE], 1, 3)), 2).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse);
    assert!(err.message().contains("page 2"), "{}", err.message());
}

#[test]
fn next_token_follows_pages() {
    assert_eq!(
        nodes(&resp(page(&[INSTANCE], 1, 3)), 1)
            .unwrap()
            .next
            .as_deref(),
        Some("2")
    );
    assert_eq!(nodes(&resp(page(&[INSTANCE], 3, 3)), 3).unwrap().next, None);
    assert_eq!(nodes(&resp(page(&[], 1, 0)), 1).unwrap().next, None);
    let no_page_field = r#"{"data": [], "pages": 4}"#;
    assert_eq!(
        nodes(&resp(no_page_field), 2).unwrap().next.as_deref(),
        Some("3")
    );
}

#[test]
fn disks_skip_swap() {
    let got = imageable_disks(&resp(page(&[SWAP, DISK], 1, 1)), 1).unwrap();
    assert_eq!(got.items, vec![9]);
}

#[tokio::test]
async fn paginate_follows_linode_pages_to_the_end() {
    let bodies: Vec<String> = (1..=3u64)
        .map(|p| {
            let item = INSTANCE.replace("\"id\": 123", &format!("\"id\": {p}"));
            page(
                &[
                    &item,
                    &item.replace(&format!("\"id\": {p}"), &format!("\"id\": {}", p * 10)),
                ],
                p,
                3,
            )
        })
        .collect();
    let calls = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = calls.clone();
    let all: Vec<Node> = cloud_core::paginate::paginate(move |token: Option<String>| {
        let requested: u64 = token.map_or(1, |t| t.parse().unwrap());
        seen.lock().unwrap().push(requested);
        let body = bodies[(requested - 1) as usize].clone();
        async move { nodes(&resp(body), requested) }
    })
    .try_collect()
    .await
    .unwrap();
    let ids: Vec<&str> = all.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["1", "10", "2", "20", "3", "30"]);
    assert_eq!(*calls.lock().unwrap(), vec![1, 2, 3]);
}

#[test]
fn records_carry_their_zone_and_follow_pages() {
    let got = records(
        &resp(page(&[SRV_RECORD, MX_RECORD, CAA_RECORD, TXT_RECORD], 2, 3)),
        2,
        "1234",
    )
    .unwrap();
    assert_eq!(got.next.as_deref(), Some("3"));
    let shown: Vec<String> = got
        .items
        .iter()
        .map(|r| format!("{} {} {} {:?}", r.zone_id, r.name, r.data, r.ttl))
        .collect();
    assert_eq!(
        shown,
        [
            "1234 _sip._tcp 0 5 5060 sip.example.org. Some(300)",
            "1234 @ 10 mail.example.org. None",
            r#"1234 @ 0 issue "ca.example.net" Some(300)"#,
            r#"1234 txt "v=spf1 \"quoted\"; -all" Some(300)"#,
        ]
    );
    let zones = zones(&resp(page(&[DOMAIN], 1, 1)), 1).unwrap();
    assert_eq!(zones.items[0].domain, "example.org");
    assert_eq!(zones.next, None);
}
