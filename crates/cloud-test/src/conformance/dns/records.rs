//! The records the suite writes, one per type it can, with what each must read back as.

use cloud_core::dns::{DnsCapabilities, NewRecord, RecordData, RecordType};

/// A record to create and the data it must read back as (hosts qualified, strings split).
pub(crate) struct Sample {
    pub(crate) record: NewRecord,
    pub(crate) expect: RecordData,
}

fn a(ip: &str) -> RecordData {
    RecordData::A {
        address: ip.parse().expect("a sample IPv4 address"),
    }
}

/// The samples the driver's record types allow, for the zone `domain`, in creation order.
/// `www` gets two A records (a set of two) when A is supported.
pub(crate) fn samples(domain: &str, caps: &DnsCapabilities) -> Vec<Sample> {
    let host = |name: &str| format!("{name}.{domain}.");
    let long_text = format!("conformance \"quoted\" text; {}", "x".repeat(300));
    let all = vec![
        (RecordType::A, "www", a("192.0.2.10"), a("192.0.2.10")),
        (RecordType::A, "www", a("192.0.2.11"), a("192.0.2.11")),
        (
            RecordType::Aaaa,
            "www",
            RecordData::Aaaa {
                address: "2001:db8::10".parse().expect("a sample IPv6 address"),
            },
            RecordData::Aaaa {
                address: "2001:db8::10".parse().expect("a sample IPv6 address"),
            },
        ),
        (
            RecordType::Mx,
            "@",
            RecordData::Mx {
                priority: 10,
                exchange: "mail".into(),
            },
            RecordData::Mx {
                priority: 10,
                exchange: host("mail"),
            },
        ),
        (
            RecordType::Txt,
            "txt",
            RecordData::txt(&long_text),
            RecordData::txt(&long_text),
        ),
        (
            RecordType::Srv,
            "_sip._tcp",
            RecordData::Srv {
                priority: 0,
                weight: 5,
                port: 5060,
                target: host("sip"),
            },
            RecordData::Srv {
                priority: 0,
                weight: 5,
                port: 5060,
                target: host("sip"),
            },
        ),
        (
            RecordType::Cname,
            "alias",
            RecordData::Cname {
                target: host("www"),
            },
            RecordData::Cname {
                target: host("www"),
            },
        ),
        (
            RecordType::Caa,
            "@",
            RecordData::Caa {
                flags: 0,
                tag: "issue".into(),
                value: "ca.example.net".into(),
            },
            RecordData::Caa {
                flags: 0,
                tag: "issue".into(),
                value: "ca.example.net".into(),
            },
        ),
    ];
    all.into_iter()
        .filter(|(rtype, ..)| caps.supports_type(rtype))
        .map(|(_, name, data, expect)| Sample {
            record: NewRecord::new(name, data).with_ttl(300),
            expect,
        })
        .collect()
}

/// Three A values for the batch step.
pub(crate) fn batch_values() -> Vec<RecordData> {
    vec![a("198.51.100.1"), a("198.51.100.2"), a("198.51.100.3")]
}

/// The batch set after its second upsert: one value dropped, one added.
pub(crate) fn batch_values_changed() -> Vec<RecordData> {
    vec![a("198.51.100.2"), a("198.51.100.3"), a("198.51.100.4")]
}
