//! What the PowerDNS server answers on its DNS port after writes through the driver: each
//! record type the conformance suite writes, then updates, deletes, a batch and the
//! zone's deletion, each followed by the answers changing with it.

mod common;

use std::net::SocketAddr;

use cloud_core::dns::{
    CreateZone, Dns, NewRecord, RecordData, RecordSet, RecordSetChange, RecordType, RecordUpdate,
};
use cloud_test::dns_query::{Response, query};

fn ask(server: SocketAddr, name: &str, rtype: RecordType) -> Response {
    let response =
        query(server, name, &rtype).unwrap_or_else(|e| panic!("{rtype} query for {name}: {e}"));
    assert!(!response.truncated, "{name} {rtype}: truncated");
    response
}

/// The data PowerDNS serves for `name` and `rtype`, sorted; empty for none.
fn served(server: SocketAddr, name: &str, rtype: RecordType) -> Vec<RecordData> {
    let response = ask(server, name, rtype.clone());
    assert_eq!(response.rcode, 0, "{name} {rtype}: {response:?}");
    assert!(response.authoritative, "{name} {rtype}: {response:?}");
    response
        .answers
        .iter()
        .filter(|a| a.data.rtype() == rtype && a.name == format!("{name}."))
        .map(|a| a.data.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn a(ip: &str) -> RecordData {
    RecordData::A {
        address: ip.parse().unwrap(),
    }
}

#[tokio::test]
async fn the_name_server_answers_what_the_driver_wrote() {
    let Some(live) = common::live() else { return };
    let dns = live.driver();
    let server = live.dns;
    let domain = common::unique("answers");
    let zone = dns.create_zone(&CreateZone::new(&domain)).await.unwrap();
    let host = |name: &str| format!("{name}.{domain}");
    let fq = |name: &str| format!("{name}.{domain}.");

    let txt = RecordData::Txt {
        strings: vec!["hello world".into(), r#"say "hi"; ok"#.into()],
    };
    let mx = RecordData::Mx {
        priority: 10,
        exchange: "mail".into(),
    };
    let srv = RecordData::Srv {
        priority: 0,
        weight: 5,
        port: 5060,
        target: fq("sip"),
    };
    let writes = [
        ("www", a("192.0.2.1")),
        ("www", a("192.0.2.2")),
        (
            "www",
            RecordData::Aaaa {
                address: "2001:db8::1".parse().unwrap(),
            },
        ),
        ("@", mx),
        ("txt", txt.clone()),
        ("_sip._tcp", srv.clone()),
        (
            "alias",
            RecordData::Cname {
                target: "www".into(),
            },
        ),
    ];
    let mut created = Vec::new();
    for (name, data) in writes {
        let record = NewRecord::new(name, data).with_ttl(300);
        created.push(dns.create_record(&zone.id, &record).await.unwrap());
    }

    assert_eq!(
        served(server, &host("www"), RecordType::A),
        [a("192.0.2.1"), a("192.0.2.2")]
    );
    assert_eq!(
        served(server, &host("www"), RecordType::Aaaa),
        [RecordData::Aaaa {
            address: "2001:db8::1".parse().unwrap()
        }]
    );
    assert_eq!(
        served(server, &domain, RecordType::Mx),
        [RecordData::Mx {
            priority: 10,
            exchange: fq("mail"),
        }]
    );
    assert_eq!(served(server, &host("txt"), RecordType::Txt), [txt]);
    assert_eq!(served(server, &host("_sip._tcp"), RecordType::Srv), [srv]);
    assert_eq!(
        served(server, &host("alias"), RecordType::Cname),
        [RecordData::Cname { target: fq("www") }]
    );
    let ttl = ask(server, &host("www"), RecordType::A).answers[0].ttl;
    assert_eq!(ttl, 300);

    // An update of one A value and of the TXT, a TTL change, and deletes.
    let changed = RecordUpdate {
        data: Some(a("192.0.2.9")),
        ttl: Some(120),
        ..RecordUpdate::default()
    };
    dns.update_record(&zone.id, &created[0].id, &changed)
        .await
        .unwrap();
    assert_eq!(
        served(server, &host("www"), RecordType::A),
        [a("192.0.2.2"), a("192.0.2.9")]
    );
    assert_eq!(ask(server, &host("www"), RecordType::A).answers[0].ttl, 120);
    let new_text = RecordData::txt("v=spf1 -all \"quoted\"");
    let text = RecordUpdate {
        data: Some(new_text.clone()),
        ..RecordUpdate::default()
    };
    dns.update_record(&zone.id, &created[4].id, &text)
        .await
        .unwrap();
    assert_eq!(served(server, &host("txt"), RecordType::Txt), [new_text]);
    dns.delete_record(&zone.id, &created[1].id).await.unwrap();
    assert_eq!(
        served(server, &host("www"), RecordType::A),
        [a("192.0.2.9")]
    );
    dns.delete_record(&zone.id, &created[6].id).await.unwrap();
    let gone = ask(server, &host("alias"), RecordType::Cname);
    assert_eq!(gone.rcode, 3, "the name has nothing left: {gone:?}");

    // One batch: a new set, a replaced one, a deleted one.
    let batch = [
        RecordSetChange::Upsert(RecordSet::new(
            "batch",
            Some(60),
            vec![a("198.51.100.1"), a("198.51.100.2")],
        )),
        RecordSetChange::Upsert(RecordSet::new("www", Some(60), vec![a("198.51.100.9")])),
        RecordSetChange::Delete(RecordSet::new(
            "_sip._tcp",
            None,
            vec![created[5].data.clone()],
        )),
    ];
    dns.apply_changes(&zone.id, &batch).await.unwrap();
    assert_eq!(
        served(server, &host("batch"), RecordType::A),
        [a("198.51.100.1"), a("198.51.100.2")]
    );
    assert_eq!(
        served(server, &host("www"), RecordType::A),
        [a("198.51.100.9")]
    );
    let srv_gone = ask(server, &host("_sip._tcp"), RecordType::Srv);
    assert!(srv_gone.answers.is_empty(), "{srv_gone:?}");

    dns.delete_zone(&zone.id).await.unwrap();
    let after = ask(server, &host("www"), RecordType::A);
    assert!(after.answers.is_empty(), "{after:?}");
    assert_ne!(after.rcode, 0, "no zone left to answer from: {after:?}");
}
