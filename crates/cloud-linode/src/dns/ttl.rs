//! Linode's TTLs: a domain or record takes only a fixed set of values, and Linode rounds
//! any other. The driver rounds up to the next value Linode takes before sending, so the
//! TTL that is stored, and read back, is known: never shorter than asked for.

use cloud_core::{Error, Result};

/// The TTLs, in seconds, a Domain Record takes (the `ttl_sec` field of the Domain Record
/// object in Linode's API reference).
pub const RECORD_TTLS: [u32; 12] = [
    300, 3_600, 7_200, 14_400, 28_800, 57_600, 86_400, 172_800, 345_600, 604_800, 1_209_600,
    2_419_200,
];

/// The TTLs, in seconds, a Domain takes as its default TTL (the `ttl_sec` field of the
/// Domain object, which adds 30 and 120 seconds to the record values).
pub const ZONE_TTLS: [u32; 14] = [
    30, 120, 300, 3_600, 7_200, 14_400, 28_800, 57_600, 86_400, 172_800, 345_600, 604_800,
    1_209_600, 2_419_200,
];

/// The record TTL Linode stores for `ttl`: the smallest of [`RECORD_TTLS`] not below it
/// (`600` → `3600`, `0` → `300`). Above four weeks (2 419 200 s) there is none:
/// `InvalidInput`.
pub fn record_ttl(ttl: u32) -> Result<u32> {
    round_up(&RECORD_TTLS, ttl, "record")
}

/// The domain TTL Linode stores for `ttl`: the smallest of [`ZONE_TTLS`] not below it
/// (`1800` → `3600`, `0` → `30`). Above four weeks there is none: `InvalidInput`.
pub fn zone_ttl(ttl: u32) -> Result<u32> {
    round_up(&ZONE_TTLS, ttl, "zone")
}

fn round_up(allowed: &[u32], ttl: u32, what: &str) -> Result<u32> {
    allowed.iter().copied().find(|&a| a >= ttl).ok_or_else(|| {
        let longest = allowed.last().copied().unwrap_or_default();
        Error::invalid_input(format!(
            "ttl: Linode takes a {what} TTL of at most {longest} seconds (4 weeks), not {ttl}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    #[test]
    fn allowed_values_are_kept() {
        for ttl in RECORD_TTLS {
            assert_eq!(record_ttl(ttl).unwrap(), ttl);
        }
        for ttl in ZONE_TTLS {
            assert_eq!(zone_ttl(ttl).unwrap(), ttl);
        }
    }

    #[test]
    fn other_values_round_up_to_the_next_allowed_one() {
        for (asked, record, zone) in [
            (0, 300, 30),
            (1, 300, 30),
            (31, 300, 120),
            (120, 300, 120),
            (121, 300, 300),
            (301, 3_600, 3_600),
            (600, 3_600, 3_600),
            (1_800, 3_600, 3_600),
            (3_601, 7_200, 7_200),
            (90_000, 172_800, 172_800),
            (2_419_199, 2_419_200, 2_419_200),
        ] {
            assert_eq!(record_ttl(asked).unwrap(), record, "record {asked}");
            assert_eq!(zone_ttl(asked).unwrap(), zone, "zone {asked}");
        }
    }

    #[test]
    fn beyond_four_weeks_is_invalid_input() {
        for ttl in [2_419_201, u32::MAX] {
            let err = record_ttl(ttl).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput);
            assert!(err.message().contains("at most 2419200"), "{err}");
            assert_eq!(zone_ttl(ttl).unwrap_err().kind(), ErrorKind::InvalidInput);
        }
    }
}
