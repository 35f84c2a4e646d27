//! Random zones for the zone file tests, from a seeded generator, shared by
//! `zonefile_roundtrip.rs` and `zonefile_named_checkzone.rs` (which load this file as a
//! module); run on its own, it checks that the zones cover what those tests rely on.
//!
//! Record data is generated in the canonical form the parser returns (lowercase host
//! names with the trailing dot, TXT strings of at most 255 bytes, normalised data for
//! types without a variant), so a zone read back must equal the generated one exactly.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr};

use cloud_core::dns::{Record, RecordData, RecordSet, RecordType, Zone, txt};
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};

/// What the zones must satisfy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// Anything the parser reads back: every type at any name, escaped and odd names,
    /// TTLs up to the maximum, sometimes no TTL, sometimes no SOA.
    RoundTrip,
    /// A zone `named-checkzone` accepts: apex NS records, in-zone targets with
    /// addresses, host names where BIND checks them, CNAMEs alone at their name.
    Valid,
}

/// A generated zone and its record sets, sorted by name then type.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The zone.
    pub zone: Zone,
    /// The sets, one per name and type.
    pub sets: Vec<RecordSet>,
}

impl Generated {
    /// The sets as records, one per value, shuffled with `seed`.
    pub fn records(&self, seed: u64) -> Vec<Record> {
        let mut records: Vec<Record> = self
            .sets
            .iter()
            .flat_map(|set| {
                set.values.iter().enumerate().map(move |(i, value)| Record {
                    id: format!("{}-{}-{i}", set.name, set.rtype),
                    zone_id: self.zone.id.clone(),
                    name: set.name.clone(),
                    ttl: set.ttl,
                    data: value.clone(),
                    extra: Default::default(),
                })
            })
            .collect();
        records.shuffle(&mut StdRng::seed_from_u64(seed));
        records
    }

    /// Whether the zone has an SOA set.
    pub fn has_soa(&self) -> bool {
        self.sets.iter().any(|s| s.rtype == RecordType::Soa)
    }
}

const DOMAINS: &[&str] = &[
    "example.org",
    "example.com",
    "zone.test",
    "sub.example.net",
    "xn--bcher-kva.example",
    "a-b.c-d.example",
];

/// Host names outside every zone of `DOMAINS`.
const EXTERNAL_HOSTS: &[&str] = &[
    "ns1.example.net.",
    "ns2.example.net.",
    "mx.mail.example.",
    "sip.provider.example.",
    "a.very.deep.name.example.",
];

/// Characters TXT strings are made of: the awkward ones included.
const TEXT_CHARS: &[&str] = &[
    "a", "b", "z", "0", "9", "=", ":", "-", " ", " ", "\"", "\\", ";", "(", ")", "$", "@", "\t",
    "é", "ü", "日本", "🦀", "ß", "\u{7f}", "\u{1}",
];

/// Extra owner labels only the round trip sees: escapes, odd bytes.
const ODD_LABELS: &[&str] = &[
    "a\\.b",
    "x\\032y",
    "\\@home",
    "\\$dollar",
    "semi\\;colon",
    "q\\\"uote",
];

/// A zone from `seed`.
pub fn generate(seed: u64, flavour: Flavour) -> Generated {
    let mut g = Gen {
        rng: StdRng::seed_from_u64(seed),
        flavour,
        domain: String::new(),
        sets: BTreeMap::new(),
        hosts: Vec::new(),
    };
    g.domain = (*DOMAINS.choose(&mut g.rng).unwrap()).to_string();
    let zone_ttl = match g.rng.random_range(0..3) {
        0 => None,
        1 => Some(3600),
        _ => Some(*[60u32, 300, 86_400].choose(&mut g.rng).unwrap()),
    };
    let email = match g.rng.random_range(0..3) {
        0 => None,
        1 => Some(format!("hostmaster@{}", g.domain)),
        _ => Some(format!("dns.admin@{}", g.domain)),
    };
    g.fill();
    let sets = g
        .sets
        .into_iter()
        .map(|((name, _), (ttl, values))| RecordSet::new(name, ttl, values))
        .collect();
    Generated {
        zone: Zone {
            id: format!("zone-{seed}"),
            domain: g.domain,
            ttl: zone_ttl,
            email,
            extra: Default::default(),
        },
        sets,
    }
}

struct Gen {
    rng: StdRng,
    flavour: Flavour,
    domain: String,
    sets: BTreeMap<(String, RecordType), (Option<u32>, Vec<RecordData>)>,
    /// In-zone host names with an address, usable as targets.
    hosts: Vec<String>,
}

impl Gen {
    fn fill(&mut self) {
        // Hosts with addresses: targets of NS, MX, SRV, … in the zone.
        for i in 0..self.rng.random_range(1..4) {
            let name = ["ns1", "mail", "host"][i].to_string();
            let ttl = self.ttl();
            let count = self.rng.random_range(1..3);
            for _ in 0..count {
                let v4 = self.v4();
                self.add(&name, ttl, v4);
            }
            if self.rng.random_bool(0.5) {
                let v6 = self.v6();
                self.add(&name, ttl, v6);
            }
            self.hosts.push(format!("{name}.{}.", self.domain));
        }
        // Apex NS (always for valid zones).
        if self.flavour == Flavour::Valid || self.rng.random_bool(0.8) {
            let ttl = self.ttl();
            for _ in 0..self.rng.random_range(1..4) {
                let host = self.target();
                self.add("@", ttl, RecordData::Ns { host });
            }
        }
        if self.rng.random_bool(0.5) {
            let soa = self.soa();
            let ttl = self.ttl();
            self.add("@", ttl, soa);
        }
        let count = self.rng.random_range(3..25);
        for i in 0..count {
            self.one_set(i);
        }
    }

    fn add(&mut self, name: &str, ttl: Option<u32>, data: RecordData) {
        let key = (name.to_string(), data.rtype());
        let entry = self.sets.entry(key).or_insert((ttl, Vec::new()));
        entry.1.push(data);
    }

    fn taken(&self, name: &str) -> bool {
        self.sets.keys().any(|(n, _)| n == name)
    }

    fn has_cname(&self, name: &str) -> bool {
        self.sets
            .contains_key(&(name.to_string(), RecordType::Cname))
    }

    fn ttl(&mut self) -> Option<u32> {
        match self.rng.random_range(0..10) {
            0 if self.flavour == Flavour::RoundTrip => None,
            1 => Some(self.rng.random_range(0..=2_147_483_647)),
            2 => Some(0),
            _ => Some(*[60u32, 300, 3600, 86_400].choose(&mut self.rng).unwrap()),
        }
    }

    fn v4(&mut self) -> RecordData {
        RecordData::A {
            address: Ipv4Addr::new(192, 0, 2, self.rng.random()),
        }
    }

    fn v6(&mut self) -> RecordData {
        RecordData::Aaaa {
            address: Ipv6Addr::new(
                0x2001,
                0xdb8,
                0,
                0,
                0,
                0,
                self.rng.random(),
                self.rng.random(),
            ),
        }
    }

    /// A host name for data: in the zone (with an address) or outside it.
    fn target(&mut self) -> String {
        if !self.hosts.is_empty() && self.rng.random_bool(0.5) {
            return self.hosts.choose(&mut self.rng).unwrap().clone();
        }
        (*EXTERNAL_HOSTS.choose(&mut self.rng).unwrap()).to_string()
    }

    /// An owner name for a record of a type BIND checks host names of (A, AAAA, MX, …).
    fn host_owner(&mut self) -> String {
        let label = format!("h{}", self.rng.random_range(0..40));
        match self.rng.random_range(0..6) {
            0 => "*".to_string(),
            1 => format!("*.{label}"),
            2 => "@".to_string(),
            3 => format!("www.{label}"),
            _ => label,
        }
    }

    /// An owner name for any type.
    fn any_owner(&mut self) -> String {
        match self.rng.random_range(0..6) {
            0 => (*[
                "_dmarc",
                "_sip._tcp",
                "_acme-challenge",
                "s1._domainkey",
                "_443._tcp.www",
            ]
            .choose(&mut self.rng)
            .unwrap())
            .to_string(),
            1 if self.flavour == Flavour::RoundTrip => {
                let odd = *ODD_LABELS.choose(&mut self.rng).unwrap();
                if self.rng.random_bool(0.5) {
                    odd.to_string()
                } else {
                    format!("{odd}.deep")
                }
            }
            _ => self.host_owner(),
        }
    }

    fn one_set(&mut self, i: usize) {
        let ttl = self.ttl();
        match self.rng.random_range(0..15) {
            0 => {
                let name = self.host_owner();
                for _ in 0..self.rng.random_range(1..4) {
                    let v4 = self.v4();
                    self.put(&name, ttl, v4);
                }
            }
            1 => {
                let name = self.host_owner();
                let v6 = self.v6();
                self.put(&name, ttl, v6);
            }
            2 => {
                // A CNAME, alone at a name of its own.
                let name = format!("alias{i}");
                let target = if self.rng.random_bool(0.5) {
                    format!("www.{}.", self.domain)
                } else {
                    self.target()
                };
                self.put(&name, ttl, RecordData::Cname { target });
            }
            3 => {
                let name = self.host_owner();
                for _ in 0..self.rng.random_range(1..3) {
                    let priority = self.rng.random();
                    let exchange = self.target();
                    self.put(&name, ttl, RecordData::Mx { priority, exchange });
                }
            }
            4 | 5 => {
                let name = self.any_owner();
                for _ in 0..self.rng.random_range(1..3) {
                    let strings = self.strings();
                    self.put(&name, ttl, RecordData::Txt { strings });
                }
            }
            6 => {
                let name = ["_sip._tcp", "_xmpp._tcp", "_ldap._udp.dc"]
                    .choose(&mut self.rng)
                    .unwrap()
                    .to_string();
                for _ in 0..self.rng.random_range(1..3) {
                    let (priority, weight, port) =
                        (self.rng.random(), self.rng.random(), self.rng.random());
                    let target = self.target();
                    self.put(
                        &name,
                        ttl,
                        RecordData::Srv {
                            priority,
                            weight,
                            port,
                            target,
                        },
                    );
                }
            }
            7 => {
                // A delegation: NS below the apex, to hosts outside the zone.
                let name = format!("deleg{i}");
                let host = (*EXTERNAL_HOSTS.choose(&mut self.rng).unwrap()).to_string();
                self.put(&name, ttl, RecordData::Ns { host });
            }
            8 => {
                let name = self.host_owner();
                let target = self.target();
                self.put(&name, ttl, RecordData::Ptr { target });
            }
            9 => {
                let name = self.host_owner();
                let value = match self.rng.random_range(0..4) {
                    0 => ("issue", "letsencrypt.org".to_string()),
                    1 => ("issuewild", ";".to_string()),
                    2 => ("issue", "ca.example.net; account=12345".to_string()),
                    _ => ("iodef", format!("mailto:security@{}", self.domain)),
                };
                let flags = if self.rng.random_bool(0.2) { 128 } else { 0 };
                self.put(
                    &name,
                    ttl,
                    RecordData::Caa {
                        flags,
                        tag: value.0.into(),
                        value: value.1,
                    },
                );
            }
            10 => {
                let name = self.host_owner();
                let strings = vec![format!(
                    "v=spf1 ip4:192.0.2.0/24 include:{} -all",
                    self.domain
                )];
                self.put(&name, ttl, RecordData::Spf { strings });
            }
            11 => {
                // A long text, split as RecordData::txt splits it.
                let name = self.any_owner();
                let length = self.rng.random_range(256..1200);
                let text = self.text(length);
                self.put(&name, ttl, RecordData::txt(&text));
            }
            _ => {
                let (name, data) = self.other();
                self.put(&name, ttl, data);
            }
        }
    }

    /// Adds a set unless it would put a CNAME beside other data (or at the apex).
    /// Delegations (`deleg<i>`) and aliases (`alias<i>`) have names no other set gets.
    fn put(&mut self, name: &str, ttl: Option<u32>, data: RecordData) {
        let rtype = data.rtype();
        let clash = if rtype == RecordType::Cname {
            name == "@" || self.taken(name)
        } else {
            self.has_cname(name)
        };
        if !clash {
            self.add(name, ttl, data);
        }
    }

    fn soa(&mut self) -> RecordData {
        let valid = self.flavour == Flavour::Valid;
        let mname = self.target();
        let rname = match self.rng.random_range(0..3) {
            0 => format!("hostmaster.{}.", self.domain),
            1 => format!("john\\.doe.{}.", self.domain),
            _ => "dns.example.net.".to_string(),
        };
        let timer = |rng: &mut StdRng| {
            if valid {
                *[300u32, 3600, 7200, 86_400].choose(rng).unwrap()
            } else {
                rng.random_range(0..=2_147_483_647)
            }
        };
        RecordData::Soa {
            mname,
            rname,
            serial: self.rng.random(),
            refresh: timer(&mut self.rng),
            retry: timer(&mut self.rng),
            expire: if valid {
                1_209_600
            } else {
                timer(&mut self.rng)
            },
            minimum: timer(&mut self.rng),
        }
    }

    /// Up to four character strings, some empty, some 255 bytes long.
    fn strings(&mut self) -> Vec<String> {
        let count = self.rng.random_range(1..5);
        (0..count)
            .map(|_| {
                let length = match self.rng.random_range(0..5) {
                    0 => 0,
                    1 => 255,
                    _ => self.rng.random_range(1..80),
                };
                let text = self.text(length);
                // At most 255 bytes, cut on a character boundary.
                txt::split_text(&text).swap_remove(0)
            })
            .collect()
    }

    /// Text of about `length` bytes (not over it) of awkward characters.
    fn text(&mut self, length: usize) -> String {
        let mut out = String::new();
        while out.len() < length {
            let piece = *TEXT_CHARS.choose(&mut self.rng).unwrap();
            if out.len() + piece.len() > length {
                out.push('x');
            } else {
                out.push_str(piece);
            }
        }
        out
    }

    fn hex(&mut self, bytes: usize) -> String {
        (0..bytes)
            .map(|_| format!("{:02x}", self.rng.random::<u8>()))
            .collect()
    }

    /// Data of a type without a variant, as the parser normalises it.
    fn other(&mut self) -> (String, RecordData) {
        let other = |rtype: &str, data: String| RecordData::Other {
            rtype: RecordType::Other(rtype.into()),
            data,
        };
        match self.rng.random_range(0..5) {
            0 => {
                let name = self.host_owner();
                let (algorithm, kind, len) = *[(1u8, 1u8, 20usize), (4, 2, 32), (3, 2, 32)]
                    .choose(&mut self.rng)
                    .unwrap();
                let fp = self.hex(len);
                (name, other("SSHFP", format!("{algorithm} {kind} {fp}")))
            }
            1 => {
                let fp = self.hex(32);
                (
                    "_443._tcp.www".to_string(),
                    other("TLSA", format!("3 1 1 {fp}")),
                )
            }
            2 => {
                let name = self.host_owner();
                let cpu = self.text(10);
                (
                    name,
                    other(
                        "HINFO",
                        format!("{} {}", txt::quote(&cpu), txt::quote("Linux")),
                    ),
                )
            }
            3 => {
                let priority: u16 = self.rng.random();
                (
                    "_http._tcp".to_string(),
                    other(
                        "URI",
                        format!(
                            "{priority} 1 {}",
                            txt::quote("https://www.example.net/path")
                        ),
                    ),
                )
            }
            _ => {
                let replacement = if self.rng.random_bool(0.5) {
                    ".".to_string()
                } else {
                    format!("_sip._udp.{}.", self.domain)
                };
                let flags = if replacement == "." { "U" } else { "S" };
                let regexp = if replacement == "." {
                    txt::quote(&format!("!^.*$!sip:info@{}!", self.domain))
                } else {
                    txt::quote("")
                };
                let name = self.host_owner();
                (
                    name,
                    other(
                        "NAPTR",
                        format!(
                            "100 10 {} {} {regexp} {replacement}",
                            txt::quote(flags),
                            txt::quote("E2U+sip")
                        ),
                    ),
                )
            }
        }
    }
}

#[test]
fn zones_cover_every_type_and_the_awkward_cases() {
    let zones: Vec<Generated> = (0..300).map(|s| generate(s, Flavour::RoundTrip)).collect();
    let sets: Vec<&RecordSet> = zones.iter().flat_map(|z| &z.sets).collect();
    for rtype in RecordType::COMMON {
        assert!(sets.iter().any(|s| s.rtype == rtype), "no {rtype} set");
    }
    for other in ["SSHFP", "TLSA", "HINFO", "URI", "NAPTR"] {
        let rtype = RecordType::Other(other.into());
        assert!(sets.iter().any(|s| s.rtype == rtype), "no {other} set");
    }
    let has = |f: &dyn Fn(&RecordSet) -> bool| sets.iter().any(|s| f(s));
    assert!(has(&|s| s.values.len() > 1), "multi-value sets");
    assert!(has(&|s| s.name.starts_with('*')), "wildcards");
    assert!(has(&|s| s.name.starts_with('_')), "underscore names");
    assert!(has(&|s| s.name.contains('\\')), "escaped names");
    assert!(has(&|s| s.ttl.is_none()), "sets without a TTL");
    let texts =
        |s: &RecordSet| -> Vec<String> { s.values.iter().filter_map(RecordData::text).collect() };
    assert!(has(&|s| texts(s).iter().any(|t| t.len() > 255)), "long TXT");
    assert!(
        has(&|s| texts(s).iter().any(|t| !t.is_ascii())),
        "non-ASCII TXT"
    );
    assert!(zones.iter().any(|z| z.has_soa()) && zones.iter().any(|z| !z.has_soa()));
    // The same seed gives the same zone.
    assert_eq!(
        generate(7, Flavour::Valid).sets,
        generate(7, Flavour::Valid).sets
    );
    // Valid zones always have apex NS and never a CNAME beside other data.
    for seed in 0..300 {
        let zone = generate(seed, Flavour::Valid);
        assert!(
            zone.sets
                .iter()
                .any(|s| s.name == "@" && s.rtype == RecordType::Ns)
        );
        for cname in zone.sets.iter().filter(|s| s.rtype == RecordType::Cname) {
            let beside = zone.sets.iter().filter(|s| s.name == cname.name).count();
            assert_eq!(beside, 1, "CNAME {} has company in zone {seed}", cname.name);
        }
    }
}
