//! The zone both clients import: `records` values under `bench.example`, generated from
//! a seed, varied the way a real zone is: mostly single-address hosts, some address pools
//! of three values, IPv6 hosts, aliases, mail exchangers and TXT policies.

use serde_json::{Value, json};

/// The zone's domain.
pub const DOMAIN: &str = "bench.example";

/// One record set of the generated zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchSet {
    /// Name relative to the zone.
    pub name: String,
    /// Record type.
    pub rtype: &'static str,
    /// TTL in seconds.
    pub ttl: u32,
    /// Values in zone-file form (TXT unquoted: both clients quote it).
    pub values: Vec<String>,
}

/// A small deterministic generator (xorshift64*), so every run imports the same zone.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Sets holding `records` values in all, from `seed`.
pub fn generate(records: usize, seed: u64) -> Vec<BenchSet> {
    let mut rng = Seeded(seed | 1);
    let mut sets = Vec::new();
    let mut values = 0;
    let ttls = [60, 300, 300, 300, 3600, 86400];
    while values < records {
        let i = sets.len();
        let ttl = ttls[rng.below(ttls.len() as u64) as usize];
        let roll = rng.below(100);
        let left = records - values;
        let set = if roll < 10 && left >= 3 {
            let base = rng.below(200) + 1;
            BenchSet {
                name: format!("pool-{i}"),
                rtype: "A",
                ttl,
                values: (0..3)
                    .map(|k| format!("10.{}.{}.{}", rng.below(250), k, base))
                    .collect(),
            }
        } else if roll < 18 {
            BenchSet {
                name: format!("v6-{i}"),
                rtype: "AAAA",
                ttl,
                values: vec![format!(
                    "2001:db8:{:x}::{:x}",
                    rng.below(0xffff),
                    rng.below(0xffff) + 1
                )],
            }
        } else if roll < 24 {
            BenchSet {
                name: format!("alias-{i}.svc"),
                rtype: "CNAME",
                ttl,
                values: vec![format!("host-{}.{DOMAIN}.", rng.below(i as u64 + 1))],
            }
        } else if roll < 27 {
            BenchSet {
                name: format!("mx-{i}"),
                rtype: "MX",
                ttl,
                values: vec![format!(
                    "{} mail-{}.{DOMAIN}.",
                    10 * (rng.below(3) + 1),
                    rng.below(50)
                )],
            }
        } else if roll < 30 {
            BenchSet {
                name: format!("txt-{i}"),
                rtype: "TXT",
                ttl,
                values: vec![format!(
                    "v=spf1 ip4:10.{}.0.0/16 include:_spf.{DOMAIN} -all",
                    rng.below(250)
                )],
            }
        } else {
            BenchSet {
                name: format!("host-{i}"),
                rtype: "A",
                ttl,
                values: vec![format!(
                    "10.{}.{}.{}",
                    rng.below(250),
                    rng.below(250),
                    rng.below(250) + 1
                )],
            }
        };
        values += set.values.len();
        sets.push(set);
    }
    sets
}

/// The number of values in `sets`.
pub fn value_count(sets: &[BenchSet]) -> usize {
    sets.iter().map(|s| s.values.len()).sum()
}

/// The zone file our CLI imports.
pub fn zone_file(sets: &[BenchSet]) -> String {
    let mut out = format!("$ORIGIN {DOMAIN}.\n$TTL 300\n");
    for set in sets {
        for value in &set.values {
            let data = if set.rtype == "TXT" {
                format!("\"{value}\"")
            } else {
                value.clone()
            };
            out.push_str(&format!(
                "{} {} IN {} {}\n",
                set.name, set.ttl, set.rtype, data
            ));
        }
    }
    out
}

/// The same sets as JSON, for the Apache Libcloud script (which has no zone-file reader).
pub fn sets_json(sets: &[BenchSet]) -> Value {
    Value::Array(
        sets.iter()
            .map(|s| json!({"name": s.name, "type": s.rtype, "ttl": s.ttl, "values": s.values}))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_zone_holds_exactly_the_asked_values_in_varied_sets() {
        let sets = generate(10_000, 7);
        assert_eq!(value_count(&sets), 10_000);
        for rtype in ["A", "AAAA", "CNAME", "MX", "TXT"] {
            assert!(sets.iter().any(|s| s.rtype == rtype), "no {rtype}");
        }
        assert!(sets.iter().any(|s| s.values.len() == 3), "no address pool");
        let mut names: Vec<_> = sets.iter().map(|s| (&s.name, s.rtype)).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), sets.len(), "one set per name and type");
        assert_eq!(
            generate(10_000, 7),
            sets,
            "the same seed gives the same zone"
        );
        assert_ne!(generate(10_000, 8), sets);
    }

    #[test]
    fn the_zone_file_has_a_line_per_value() {
        let sets = generate(50, 3);
        let text = zone_file(&sets);
        assert!(text.starts_with("$ORIGIN bench.example.\n$TTL 300\n"));
        assert_eq!(text.lines().count(), 2 + 50);
        assert_eq!(sets_json(&sets).as_array().map(Vec::len), Some(sets.len()));
    }
}
