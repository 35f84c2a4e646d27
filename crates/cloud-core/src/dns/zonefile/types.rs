//! Which record types a zone file may hold: the mnemonics of the IANA "Resource Record
//! (RR) TYPEs" registry that name data (not the query-only or obsolete meta types),
//! `TYPEnnn` for any other number (RFC 3597), and the `ALIAS` and `ANAME` pseudo-types
//! some providers serve. A misspelt type (`AA`) is an error, not a new type.

use crate::dns::RecordType;

use super::escape::shown;

/// Data type mnemonics from the IANA registry, besides the common ones `RecordType`
/// has variants for.
const REGISTERED: &[&str] = &[
    "A6",
    "AFSDB",
    "AMTRELAY",
    "APL",
    "ATMA",
    "AVC",
    "CDNSKEY",
    "CDS",
    "CERT",
    "CSYNC",
    "DHCID",
    "DLV",
    "DNAME",
    "DNSKEY",
    "DOA",
    "DS",
    "DSYNC",
    "EID",
    "EUI48",
    "EUI64",
    "GID",
    "GPOS",
    "HINFO",
    "HIP",
    "HTTPS",
    "IPSECKEY",
    "ISDN",
    "KEY",
    "KX",
    "L32",
    "L64",
    "LOC",
    "LP",
    "MB",
    "MD",
    "MF",
    "MG",
    "MINFO",
    "MR",
    "NAPTR",
    "NID",
    "NIMLOC",
    "NINFO",
    "NSAP",
    "NSAP-PTR",
    "NSEC",
    "NSEC3",
    "NSEC3PARAM",
    "NULL",
    "NXT",
    "OPENPGPKEY",
    "PX",
    "RESINFO",
    "RKEY",
    "RP",
    "RRSIG",
    "RT",
    "SIG",
    "SINK",
    "SMIMEA",
    "SSHFP",
    "SVCB",
    "TA",
    "TALINK",
    "TLSA",
    "UID",
    "UINFO",
    "UNSPEC",
    "URI",
    "WALLET",
    "WKS",
    "X25",
    "ZONEMD",
];

/// Provider pseudo-types (an apex alias to another name) kept in zone files by the DNS
/// servers that offer them.
const PSEUDO: &[&str] = &["ALIAS", "ANAME"];

/// Type numbers of the common types, refused in `TYPEnnn` form: their data is typed and
/// written with the mnemonic.
const COMMON_NUMBERS: &[(u32, &str)] = &[
    (1, "A"),
    (2, "NS"),
    (5, "CNAME"),
    (6, "SOA"),
    (12, "PTR"),
    (15, "MX"),
    (16, "TXT"),
    (28, "AAAA"),
    (33, "SRV"),
    (99, "SPF"),
    (257, "CAA"),
];

/// The record type a zone file names with `word`, or why it names none.
pub(crate) fn zone_file_type(word: &str) -> Result<RecordType, String> {
    let upper = word.to_ascii_uppercase();
    if let Some(common) = RecordType::COMMON.iter().find(|t| t.as_str() == upper) {
        return Ok(common.clone());
    }
    if REGISTERED.contains(&upper.as_str()) || PSEUDO.contains(&upper.as_str()) {
        return Ok(RecordType::Other(upper));
    }
    if let Some(digits) = upper.strip_prefix("TYPE") {
        let number = super::ttl::parse_number::<u32>(digits)
            .filter(|n| (1..=65_535).contains(n) && !digits.starts_with('0'));
        return match number {
            Some(n) => match COMMON_NUMBERS.iter().find(|(c, _)| *c == n) {
                Some((_, mnemonic)) => Err(format!(
                    "{upper} is {mnemonic}: write {mnemonic} and its data in presentation form"
                )),
                None => Ok(RecordType::Other(upper)),
            },
            None => Err(format!(
                "{} is not a record type: TYPE needs a number from 1 to 65535",
                shown(word)
            )),
        };
    }
    Err(format!("{} is not a known record type", shown(word)))
}

/// Whether a zone file may hold records of `rtype` (what [`zone_file_type`] accepts).
pub(crate) fn is_zone_file_type(rtype: &RecordType) -> bool {
    match rtype {
        RecordType::Other(name) => zone_file_type(name).is_ok_and(|t| &t == rtype),
        _ => true,
    }
}

/// `rtype` with a mnemonic of a common type (`Other("MX")`, which `RecordType`'s parser
/// never makes but a caller can) turned into that type.
pub(crate) fn canonical(rtype: &RecordType) -> RecordType {
    match rtype {
        RecordType::Other(name) => {
            let upper = name.to_ascii_uppercase();
            RecordType::COMMON
                .iter()
                .find(|t| t.as_str() == upper)
                .cloned()
                .unwrap_or(RecordType::Other(upper))
        }
        common => common.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_registered_generic_and_pseudo_types() {
        assert_eq!(zone_file_type("mx").unwrap(), RecordType::Mx);
        assert_eq!(zone_file_type("Aaaa").unwrap(), RecordType::Aaaa);
        assert_eq!(
            zone_file_type("naptr").unwrap(),
            RecordType::Other("NAPTR".into())
        );
        assert_eq!(
            zone_file_type("TYPE65280").unwrap(),
            RecordType::Other("TYPE65280".into())
        );
        assert_eq!(
            zone_file_type("alias").unwrap(),
            RecordType::Other("ALIAS".into())
        );
        assert!(is_zone_file_type(&RecordType::Other("SSHFP".into())));
        assert!(is_zone_file_type(&RecordType::Caa));
        assert!(!is_zone_file_type(&RecordType::Other("REDIRECT".into())));
    }

    #[test]
    fn misspelt_and_meta_types_are_refused() {
        for bad in ["AA", "MXX", "AXFR", "ANY", "OPT", "TSIG", "IN"] {
            let err = zone_file_type(bad).unwrap_err();
            assert!(err.contains("not a known record type"), "{bad}: {err}");
        }
        for bad in ["TYPE", "TYPE0", "TYPE65536", "TYPE012", "TYPEx"] {
            let err = zone_file_type(bad).unwrap_err();
            assert!(err.contains("number from 1 to 65535"), "{bad}: {err}");
        }
        let err = zone_file_type("TYPE15").unwrap_err();
        assert!(err.contains("TYPE15 is MX"), "{err}");
    }

    #[test]
    fn common_mnemonics_in_other_become_common() {
        assert_eq!(canonical(&RecordType::Other("mx".into())), RecordType::Mx);
        assert_eq!(
            canonical(&RecordType::Other("naptr".into())),
            RecordType::Other("NAPTR".into())
        );
        assert_eq!(canonical(&RecordType::Txt), RecordType::Txt);
    }
}
