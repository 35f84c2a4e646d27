//! The parsers on answers shaped like the API reference's, the request documents read
//! back, and hostile input.

use cloud_core::ErrorKind;
use cloud_core::dns::{RecordData, RecordType};
use cloud_core::xml::Element;

use super::record_sets::resource_record_set;
use super::*;

const LIST_SETS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
  <ResourceRecordSets>
    <ResourceRecordSet>
      <Name>example.org.</Name><Type>NS</Type><TTL>172800</TTL>
      <ResourceRecords>
        <ResourceRecord><Value>ns-2048.awsdns-64.com.</Value></ResourceRecord>
        <ResourceRecord><Value>ns-2049.awsdns-65.net.</Value></ResourceRecord>
      </ResourceRecords>
    </ResourceRecordSet>
    <ResourceRecordSet>
      <Name>\052.dev.example.org.</Name><Type>TXT</Type><TTL>60</TTL>
      <ResourceRecords><ResourceRecord><Value>"a &amp; \"b\"" "c"</Value></ResourceRecord></ResourceRecords>
    </ResourceRecordSet>
    <ResourceRecordSet>
      <Name>cdn.example.org.</Name><Type>A</Type>
      <AliasTarget>
        <HostedZoneId>Z2FDTNDATAQYW2</HostedZoneId>
        <DNSName>d111111abcdef8.cloudfront.net.</DNSName>
        <EvaluateTargetHealth>false</EvaluateTargetHealth>
      </AliasTarget>
    </ResourceRecordSet>
    <ResourceRecordSet>
      <Name>www.example.org.</Name><Type>A</Type><SetIdentifier>blue</SetIdentifier>
      <Weight>10</Weight><TTL>300</TTL>
      <ResourceRecords><ResourceRecord><Value>192.0.2.10</Value></ResourceRecord></ResourceRecords>
      <HealthCheckId>abcdef11-2222-3333-4444-555555fedcba</HealthCheckId>
    </ResourceRecordSet>
  </ResourceRecordSets>
  <IsTruncated>true</IsTruncated>
  <NextRecordName>www.example.org.</NextRecordName>
  <NextRecordType>A</NextRecordType>
  <NextRecordIdentifier>green</NextRecordIdentifier>
  <MaxItems>4</MaxItems>
</ListResourceRecordSetsResponse>"#;

const GET_ZONE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<GetHostedZoneResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
  <HostedZone>
    <Id>/hostedzone/Z1D633PJN98FT9</Id><Name>Example.ORG.</Name>
    <CallerReference>2017-03-01T11:22:14Z</CallerReference>
    <Config><Comment>staging</Comment><PrivateZone>false</PrivateZone></Config>
    <ResourceRecordSetCount>17</ResourceRecordSetCount>
  </HostedZone>
  <DelegationSet>
    <NameServers><NameServer>ns-2048.awsdns-64.com</NameServer><NameServer>ns-2049.awsdns-65.net</NameServer></NameServers>
  </DelegationSet>
</GetHostedZoneResponse>"#;

#[test]
fn record_set_pages_read_every_kind_of_set() {
    let page = list_resource_record_sets(LIST_SETS.as_bytes()).unwrap();
    assert_eq!(page.sets.len(), 4);
    assert_eq!(
        page.next,
        Some(NextRecord {
            name: "www.example.org.".into(),
            rtype: "A".into(),
            identifier: Some("green".into()),
        })
    );
    let txt = &page.sets[1];
    assert_eq!(txt.relative_name("example.org"), "*.dev");
    assert_eq!(
        txt.data(),
        [RecordData::Txt {
            strings: vec!["a & \"b\"".into(), "c".into()]
        }]
    );
    let alias = &page.sets[2];
    let aliased = records(alias, "Z1", "example.org");
    assert_eq!(aliased.len(), 1);
    assert_eq!(aliased[0].rtype(), RecordType::A);
    assert_eq!(aliased[0].ttl, None);
    assert_eq!(
        aliased[0].extra["alias_target"]["hosted_zone_id"],
        "Z2FDTNDATAQYW2"
    );
    let weighted = records(&page.sets[3], "Z1", "example.org");
    assert_eq!(weighted[0].name, "www");
    assert_eq!(weighted[0].extra["set_identifier"], "blue");
    assert_eq!(weighted[0].extra["weight"], 10);
    let key = RecordKey::decode(&weighted[0].id).unwrap();
    assert_eq!(key.set_identifier.as_deref(), Some("blue"));
    assert_eq!(key.value, "192.0.2.10");
    let ns = records(&page.sets[0], "Z1", "example.org");
    assert_eq!(ns.len(), 2);
    assert_eq!(ns[0].name, "@");
    assert_ne!(ns[0].id, ns[1].id);
}

#[test]
fn zones_and_changes() {
    let details = get_hosted_zone(GET_ZONE.as_bytes()).unwrap();
    let zone = details.zone.to_zone(&details.name_servers);
    assert_eq!(zone.id, "Z1D633PJN98FT9");
    assert_eq!(zone.domain, "example.org");
    assert_eq!(zone.extra["comment"], "staging");
    assert_eq!(zone.extra["record_set_count"], 17);
    assert_eq!(zone.extra["name_servers"][1], "ns-2049.awsdns-65.net");

    let list = br#"<ListHostedZonesResponse><HostedZones><HostedZone><Id>/hostedzone/Z1</Id><Name>a.example.</Name></HostedZone></HostedZones><IsTruncated>true</IsTruncated><NextMarker>Z2</NextMarker><MaxItems>1</MaxItems></ListHostedZonesResponse>"#;
    let page = list_hosted_zones(list).unwrap();
    assert_eq!(page.zones[0].id, "Z1");
    assert_eq!(page.next_marker.as_deref(), Some("Z2"));

    let change = br#"<ChangeResourceRecordSetsResponse><ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id><Status>PENDING</Status><SubmittedAt>2017-03-10T01:36:41.958Z</SubmittedAt></ChangeInfo></ChangeResourceRecordSetsResponse>"#;
    let info = change_resource_record_sets(change).unwrap();
    assert_eq!(
        (info.id.as_str(), info.status.as_str()),
        ("C2682N5HXP0BZ4", "PENDING")
    );
    assert_eq!(
        get_change(change).unwrap_err().kind(),
        ErrorKind::MalformedResponse,
        "the root is checked"
    );
}

#[test]
fn written_documents_read_back_the_same_sets() {
    let page = list_resource_record_sets(LIST_SETS.as_bytes()).unwrap();
    let changes: Vec<Change> = page
        .sets
        .iter()
        .map(|set| Change {
            action: ChangeAction::Upsert,
            set: set.clone(),
        })
        .collect();
    let document = change_batch_document(&changes, Some("a <batch> & more"));
    let root = Element::parse(document.as_bytes()).unwrap();
    assert_eq!(root.name, "ChangeResourceRecordSetsRequest");
    let batch = root.require("ChangeBatch").unwrap();
    assert_eq!(batch.child_value("Comment"), Some("a <batch> & more"));
    let read: Vec<ResourceRecordSet> = batch
        .require("Changes")
        .unwrap()
        .children_named("Change")
        .map(|c| {
            assert_eq!(c.child_value("Action"), Some("UPSERT"));
            resource_record_set(c.require("ResourceRecordSet").unwrap()).unwrap()
        })
        .collect();
    assert_eq!(read, page.sets);
    let order: Vec<&str> = root
        .find("ResourceRecordSet")
        .map(|s| s.children.iter().map(|c| c.name.as_ref()).collect())
        .unwrap();
    assert_eq!(order, ["Name", "Type", "TTL", "ResourceRecords"]);

    let zone = create_hosted_zone_document("example.org.", "ref-1", Some("x & y"));
    let root = Element::parse(zone.as_bytes()).unwrap();
    assert_eq!(root.child_value("Name"), Some("example.org."));
    assert_eq!(
        root.path(&["HostedZoneConfig", "Comment"]).unwrap().text,
        "x & y"
    );
}

#[test]
fn broken_answers_are_malformed_not_panics() {
    let cut = &LIST_SETS.as_bytes()[..LIST_SETS.len() / 2];
    for body in [
        cut,
        b"<ListResourceRecordSetsResponse><IsTruncated>true</IsTruncated></ListResourceRecordSetsResponse>",
        b"<ListResourceRecordSetsResponse><ResourceRecordSets><ResourceRecordSet><Name>a.</Name><Type>A</Type><TTL>x</TTL><ResourceRecords><ResourceRecord><Value>1</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></ResourceRecordSets></ListResourceRecordSetsResponse>",
        b"<ListResourceRecordSetsResponse><ResourceRecordSets><ResourceRecordSet><Name>a.</Name><Type>A</Type></ResourceRecordSet></ResourceRecordSets></ListResourceRecordSetsResponse>",
        b"<ListAllMyBucketsResult/>",
        b"",
    ] {
        let err = list_resource_record_sets(body).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{body:?}");
    }
    let samples: [&[u8]; 2] = [LIST_SETS.as_bytes(), GET_ZONE.as_bytes()];
    cloud_test::hostile::feed_hostile_inputs(
        &samples,
        b"<>/\"&;\\0123 ResourceRecordSet",
        53,
        |b| {
            let _ = list_resource_record_sets(b);
            let _ = get_hosted_zone(b);
            let _ = list_hosted_zones(b);
            let _ = get_change(b);
            if let Ok(page) = list_resource_record_sets(b) {
                for set in &page.sets {
                    let _ = records(set, "Z", "example.org");
                }
            }
        },
    );
}
