//! Zone files written by `zonefile::export` pass BIND's `named-checkzone` whenever the
//! records make a valid zone: hand-written zones, a file read with `zonefile::parse`
//! and written again, and random valid zones. The checker comes from Debian's
//! `bind9-utils`; without it these tests fail (CI installs it).

#[path = "zonefile_random.rs"]
mod random;

use std::path::{Path, PathBuf};
use std::process::Command;

use cloud_core::dns::zonefile;
use cloud_core::dns::{Record, RecordData, RecordType, Zone};
use random::{Flavour, generate};

/// The `named-checkzone` binary: on `PATH`, else where Debian puts it.
fn checker() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default();
    let candidates = on_path
        .into_iter()
        .chain([PathBuf::from("/usr/bin"), PathBuf::from("/usr/sbin")])
        .map(|dir| dir.join("named-checkzone"));
    for candidate in candidates {
        if candidate.is_file() {
            return candidate;
        }
    }
    panic!(
        "named-checkzone was not found on PATH, in /usr/bin or in /usr/sbin: install \
         bind9-utils (`apt-get install bind9-utils` on Debian and Ubuntu; CI installs it). \
         These tests check exported zone files with it and do not skip without it."
    );
}

/// What `named-checkzone -i local DOMAIN FILE` says of `text`: success and its output.
/// `-i local` keeps the integrity checks (NS, MX and SRV targets with addresses, …) to
/// names inside the zone: the default also looks names outside it up in the DNS, which
/// tests must not depend on (and which takes seconds per name where lookups time out).
fn run_checker(dir: &Path, file_name: &str, domain: &str, text: &str) -> (bool, String) {
    let path = dir.join(file_name);
    std::fs::write(&path, text).expect("write the zone file");
    let out = Command::new(checker())
        .args(["-i", "local"])
        .arg(domain)
        .arg(&path)
        .output()
        .expect("run named-checkzone");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

fn assert_accepted(dir: &Path, file_name: &str, domain: &str, text: &str) {
    let (ok, said) = run_checker(dir, file_name, domain, text);
    assert!(
        ok,
        "named-checkzone refused {file_name}:\n{said}\n--- {file_name} ---\n{text}"
    );
}

fn zone(domain: &str, ttl: Option<u32>, email: Option<&str>) -> Zone {
    Zone {
        id: format!("id-{domain}"),
        domain: domain.into(),
        ttl,
        email: email.map(str::to_string),
        extra: Default::default(),
    }
}

fn rec(name: &str, ttl: Option<u32>, data: RecordData) -> Record {
    Record {
        id: String::new(),
        zone_id: String::new(),
        name: name.into(),
        ttl,
        data,
        extra: Default::default(),
    }
}

fn rdata(rtype: &str, text: &str, origin: &str) -> RecordData {
    let rtype: RecordType = rtype.parse().expect("record type");
    zonefile::parse_rdata(&rtype, text, origin).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// A zone with one or more records of every type, written as a provider would return them.
fn typical(origin: &str) -> Vec<Record> {
    let r = |name: &str, ttl: Option<u32>, rtype: &str, text: &str| {
        rec(name, ttl, rdata(rtype, text, origin))
    };
    vec![
        r(
            "@",
            Some(3600),
            "SOA",
            "ns1 hostmaster 2024010101 2h 1h 2w 5m",
        ),
        r("@", Some(86_400), "NS", "ns1"),
        r("@", Some(86_400), "NS", "ns2.example.net."),
        r("ns1", Some(3600), "A", "192.0.2.53"),
        r("ns1", Some(3600), "AAAA", "2001:db8::53"),
        r("@", Some(300), "A", "192.0.2.1"),
        r("@", Some(300), "MX", "10 mail"),
        r("@", Some(300), "MX", "20 mx.example.net."),
        r("mail", Some(300), "A", "192.0.2.25"),
        r(
            "@",
            Some(300),
            "TXT",
            "\"v=spf1 mx include:_spf.example.net -all\"",
        ),
        r("@", Some(300), "CAA", "0 issue \"letsencrypt.org\""),
        r(
            "@",
            Some(300),
            "CAA",
            "0 iodef \"mailto:security@example.org\"",
        ),
        r("www", Some(60), "CNAME", "@"),
        r("*.dev", Some(60), "A", "192.0.2.80"),
        r("_sip._tcp", None, "SRV", "0 5 5060 sip.example.net."),
        r(
            "_dmarc",
            None,
            "TXT",
            "\"v=DMARC1; p=reject; rua=mailto:d@example.org\"",
        ),
        r(
            "s1._domainkey",
            None,
            "TXT",
            &format!(
                "\"v=DKIM1; k=rsa; p={}\"",
                "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A".repeat(12)
            ),
        ),
        r(
            "quotes",
            None,
            "TXT",
            r#""say \"hi\"" "back\\slash" "semi;colon" "" "(parens)""#,
        ),
        r("utf8", None, "TXT", "\"héllo wörld 🦀\""),
        r("old-spf", None, "SPF", "\"v=spf1 -all\""),
        r("1.2", None, "PTR", "host.example.net."),
        r("sub", Some(172_800), "NS", "ns.example.com."),
        r(
            "host",
            None,
            "SSHFP",
            "1 1 0123456789abcdef0123456789abcdef01234567",
        ),
        r(
            "_443._tcp.www",
            None,
            "TLSA",
            "3 1 1 ( 0123456789abcdef0123456789abcdef\n 0123456789abcdef0123456789abcdef )",
        ),
        r(
            "sip",
            None,
            "NAPTR",
            "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp",
        ),
        r("host", None, "HINFO", "\"PC\" \"Linux\""),
    ]
}

#[test]
fn typical_zones_pass() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (i, (ttl, email)) in [
        (Some(3600), Some("hostmaster@example.org")),
        (None, None),
        (Some(60), Some("dns.admin@example.org")),
    ]
    .into_iter()
    .enumerate()
    {
        let text = zonefile::export(&zone("example.org", ttl, email), &typical("example.org"));
        assert!(!text.contains("; not written"), "{text}");
        assert_accepted(
            dir.path(),
            &format!("typical-{i}.zone"),
            "example.org",
            &text,
        );
    }
}

#[test]
fn a_synthesised_soa_passes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let without_soa: Vec<Record> = typical("example.org")
        .into_iter()
        .filter(|r| r.rtype() != RecordType::Soa)
        .collect();
    for (i, email) in [None, Some("john.doe@example.org"), Some("not-an-address")]
        .into_iter()
        .enumerate()
    {
        let text = zonefile::export(&zone("example.org", None, email), &without_soa);
        assert!(text.contains("synthesised"), "{text}");
        assert_accepted(dir.path(), &format!("synth-{i}.zone"), "example.org", &text);
    }
}

#[test]
fn records_no_zone_file_holds_are_commented_out_and_the_rest_passes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut records = typical("example.org");
    records.push(rec(
        "go",
        Some(60),
        RecordData::Other {
            rtype: RecordType::Other("REDIRECT".into()),
            data: "https://example.net/\n$INCLUDE /etc/passwd".into(),
        },
    ));
    records.push(rec(
        "elsewhere.example.com.",
        Some(60),
        rdata("A", "192.0.2.9", "example.org"),
    ));
    let text = zonefile::export(&zone("example.org", None, None), &records);
    assert_eq!(text.matches("; not written:").count(), 2, "{text}");
    assert_accepted(dir.path(), "comments.zone", "example.org", &text);
}

#[test]
fn a_parsed_file_exported_again_passes() {
    let source = "\
$ORIGIN example.com.
$TTL 1h
@ IN SOA ns1 hostmaster (
        2024060101 ; serial
        2h 15m 2w 1h )
  IN NS ns1
  IN NS ns2.example.net.
ns1 IN A 192.0.2.53
$ORIGIN sub.example.com.
www 5m IN A 192.0.2.10
    IN AAAA 2001:db8::10
txt TXT ( \"part one; \" \"part \\\"two\\\"\"
          \"caf\\195\\169\" )
$ORIGIN example.com.
mail 300 MX 10 @
* 60 A 192.0.2.99
";
    let file = zonefile::parse(source, "example.com").expect("the source parses");
    let records: Vec<Record> = file
        .entries
        .iter()
        .map(|e| rec(&e.name, e.ttl, e.data.clone()))
        .collect();
    let text = zonefile::export(&zone("example.com", file.default_ttl, None), &records);
    let dir = tempfile::tempdir().expect("temp dir");
    assert_accepted(dir.path(), "reexported.zone", "example.com", &text);
    let again = zonefile::parse(&text, "example.com").expect("the export parses");
    assert_eq!(again.record_sets(), file.record_sets());
}

#[test]
fn random_valid_zones_pass() {
    let dir = tempfile::tempdir().expect("temp dir");
    for seed in 0..150 {
        let generated = generate(seed, Flavour::Valid);
        let text = zonefile::export(&generated.zone, &generated.records(seed));
        assert_accepted(
            dir.path(),
            &format!("random-{seed}.zone"),
            &generated.zone.domain,
            &text,
        );
    }
}

/// The checker does catch broken zones: a CNAME beside other data, and (integrity
/// checks on) a name server inside the zone without an address.
#[test]
fn the_checker_refuses_invalid_zones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut records = typical("example.org");
    records.push(rec("mail", Some(60), rdata("CNAME", "www", "example.org")));
    let text = zonefile::export(&zone("example.org", None, None), &records);
    let (ok, said) = run_checker(dir.path(), "cname.zone", "example.org", &text);
    assert!(
        !ok,
        "named-checkzone accepted a CNAME beside an A record:\n{said}\n{text}"
    );
    assert!(said.contains("CNAME"), "{said}");

    let mut records = typical("example.org");
    records.push(rec("@", Some(60), rdata("NS", "ns9", "example.org")));
    let text = zonefile::export(&zone("example.org", None, None), &records);
    let (ok, said) = run_checker(dir.path(), "glue.zone", "example.org", &text);
    assert!(
        !ok,
        "named-checkzone accepted an NS without an address:\n{said}\n{text}"
    );
    assert!(said.contains("ns9.example.org"), "{said}");
}
