//! What the `parse_zone_file` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs`. The input, as text, goes to `zonefile::parse` for the
//! zone `example.org` and to `zonefile::parse_rdata` for a range of record types. Either
//! may reject it, but must never panic, and what they accept must hold up:
//!
//! - a zone file that reads is exported, and the export reads back into the same record
//!   sets (a record without a TTL takes the export's `$TTL`; an SOA the export
//!   synthesised is set aside), with no record left out as a comment;
//! - data that reads reads back the same from its presentation form.

use cloud_core::dns::zonefile::{self, ZoneFile};
use cloud_core::dns::{Record, RecordData, RecordSet, RecordType, Zone};

/// The zone inputs are read for.
const ORIGIN: &str = "example.org";

/// Inputs longer than this only go to the zone file reader (data is one record).
const MAX_DATA_INPUT: usize = 4096;

/// Feeds one input to the readers.
pub fn feed(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(file) = zonefile::parse(&text, ORIGIN) {
        check_export_reads_back(&file);
    }
    if text.len() <= MAX_DATA_INPUT {
        for rtype in types() {
            if let Ok(data) = zonefile::parse_rdata(&rtype, &text, ORIGIN) {
                check_data_reads_back(&rtype, &data);
            }
        }
    }
}

/// Every type with a variant, and types without one whose data holds names, strings or
/// escapes in different places.
fn types() -> Vec<RecordType> {
    let mut all = RecordType::COMMON.to_vec();
    for other in [
        "NAPTR",
        "DNAME",
        "HINFO",
        "SSHFP",
        "SVCB",
        "RP",
        "TYPE65280",
    ] {
        all.push(RecordType::Other(other.to_string()));
    }
    all
}

fn check_data_reads_back(rtype: &RecordType, data: &RecordData) {
    let written = data.presentation();
    match zonefile::parse_rdata(rtype, &written, ORIGIN) {
        Ok(again) => assert_eq!(
            &again, data,
            "{rtype} data changed when read again: {written:?}"
        ),
        Err(e) => panic!("{rtype} data {written:?} does not read back: {e}"),
    }
}

fn check_export_reads_back(file: &ZoneFile) {
    let zone = Zone {
        id: "fuzz".to_string(),
        domain: file.origin.clone(),
        ttl: file.default_ttl,
        email: None,
        extra: Default::default(),
    };
    let records: Vec<Record> = file
        .entries
        .iter()
        .map(|entry| Record {
            id: String::new(),
            zone_id: zone.id.clone(),
            name: entry.name.clone(),
            ttl: entry.ttl,
            data: entry.data.clone(),
            extra: Default::default(),
        })
        .collect();
    let text = zonefile::export(&zone, &records);
    assert!(
        !text.contains("; not written:"),
        "the export left a record out:\n{text}"
    );
    let again = match zonefile::parse(&text, &file.origin) {
        Ok(again) => again,
        Err(e) => panic!("the export does not read back: {e}\n{text}"),
    };
    let had_soa = file.entries.iter().any(|e| e.rtype() == RecordType::Soa);
    let got: Vec<RecordSet> = again
        .record_sets()
        .into_iter()
        .filter(|set| had_soa || set.rtype != RecordType::Soa)
        .collect();
    // A record without a TTL is written without one, and takes the export's `$TTL`.
    let mut resolved = file.clone();
    for entry in &mut resolved.entries {
        entry.ttl = entry.ttl.or(again.default_ttl);
    }
    let want = resolved.record_sets();
    assert_eq!(got, want, "the export reads back into other sets:\n{text}");
}
