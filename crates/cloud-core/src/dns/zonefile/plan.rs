//! What it takes to bring a zone's record sets to those wanted: sets to create, update and
//! delete, as the changes a batch carries.

use std::collections::BTreeMap;
use std::fmt;

use crate::dns::{RecordData, RecordSet, RecordSetChange, RecordType};

use super::types::canonical;

/// The changes that make a zone's record sets the desired ones; see [`plan`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Desired sets the zone does not have.
    pub create: Vec<RecordSet>,
    /// Sets whose TTL or values change: `(current, desired)`.
    pub update: Vec<(RecordSet, RecordSet)>,
    /// Current sets the desired ones do not have (only with `prune`).
    pub delete: Vec<RecordSet>,
    /// Desired sets the zone already has as they are.
    pub unchanged: usize,
}

impl Plan {
    /// Whether nothing is to change.
    pub fn is_empty(&self) -> bool {
        self.create.is_empty() && self.update.is_empty() && self.delete.is_empty()
    }

    /// The plan as changes, in the order to apply them: deletions first (so a name can
    /// change from other data to a CNAME or back), then updates, then creations; each
    /// group in name-then-type order. A creation or an update is an
    /// [`Upsert`](RecordSetChange::Upsert) of the desired set, a deletion a
    /// [`Delete`](RecordSetChange::Delete) of the current one.
    pub fn changes(&self) -> Vec<RecordSetChange> {
        let deletes = self.delete.iter().cloned().map(RecordSetChange::Delete);
        let updates = self
            .update
            .iter()
            .map(|(_, desired)| RecordSetChange::Upsert(desired.clone()));
        let creates = self.create.iter().cloned().map(RecordSetChange::Upsert);
        deletes.chain(updates).chain(creates).collect()
    }
}

/// Compares `desired` record sets (a zone file's) with the `current` ones (the
/// provider's) and says what to create, update and delete.
///
/// - Sets are matched by name (without case; `@` and an empty name are the apex) and
///   type, then compared by TTL and values. A TTL of `None` on either side (the zone's
///   default) matches any TTL. Values are compared as sets, host names without case and
///   with the trailing dot.
/// - The SOA and the apex NS set are left out on both sides: the provider owns them, and
///   a zone moved between providers must keep the new provider's.
/// - With `prune` false nothing is deleted: current sets the desired ones do not name
///   stay.
///
/// Sets named twice on one side are merged (values joined, the lowest TTL).
pub fn plan(desired: &[RecordSet], current: &[RecordSet], prune: bool) -> Plan {
    let desired = keyed(desired);
    let mut current = keyed(current);
    let mut plan = Plan::default();
    for (key, wanted) in desired {
        match current.remove(&key) {
            None => plan.create.push(wanted),
            Some(have) if same(&have, &wanted) => plan.unchanged += 1,
            Some(have) => plan.update.push((have, wanted)),
        }
    }
    if prune {
        plan.delete = current.into_values().collect();
    }
    plan
}

/// A set's key: its name lowercase (the apex as `@`) and its canonical type.
type Key = (String, RecordType);

/// The sets a plan manages, by key: not the SOA, not the apex NS set.
fn keyed(sets: &[RecordSet]) -> BTreeMap<Key, RecordSet> {
    let mut out: BTreeMap<Key, RecordSet> = BTreeMap::new();
    for set in sets {
        let name = match set.name.trim() {
            "" => "@".to_string(),
            name => name.to_ascii_lowercase(),
        };
        let rtype = canonical(&set.rtype);
        if rtype == RecordType::Soa || (rtype == RecordType::Ns && name == "@") {
            continue;
        }
        match out.get_mut(&(name.clone(), rtype.clone())) {
            Some(merged) => {
                let mut values = std::mem::take(&mut merged.values);
                values.extend(set.values.iter().cloned());
                let ttl = match (merged.ttl, set.ttl) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                let rtype = merged.rtype.clone();
                *merged = RecordSet::new(merged.name.clone(), ttl, values);
                merged.rtype = rtype;
            }
            None => {
                out.insert((name, rtype), set.clone());
            }
        }
    }
    out
}

/// Whether two sets of one key hold the same: TTLs equal or one of them `None`, and the
/// same values.
fn same(a: &RecordSet, b: &RecordSet) -> bool {
    let ttl_same = match (a.ttl, b.ttl) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    ttl_same && comparable(&a.values) == comparable(&b.values)
}

/// Values as compared: host names lowercase with the trailing dot, CAA tags lowercase,
/// sorted, without duplicates.
fn comparable(values: &[RecordData]) -> Vec<RecordData> {
    let mut out: Vec<RecordData> = values.iter().map(comparable_value).collect();
    out.sort();
    out.dedup();
    out
}

fn comparable_value(data: &RecordData) -> RecordData {
    let host = |name: &str| {
        let lower = name.trim().to_ascii_lowercase();
        if lower.ends_with('.') {
            lower
        } else {
            format!("{lower}.")
        }
    };
    match data {
        RecordData::Cname { target } => RecordData::Cname {
            target: host(target),
        },
        RecordData::Ptr { target } => RecordData::Ptr {
            target: host(target),
        },
        RecordData::Ns { host: name } => RecordData::Ns { host: host(name) },
        RecordData::Mx { priority, exchange } => RecordData::Mx {
            priority: *priority,
            exchange: host(exchange),
        },
        RecordData::Srv {
            priority,
            weight,
            port,
            target,
        } => RecordData::Srv {
            priority: *priority,
            weight: *weight,
            port: *port,
            target: host(target),
        },
        RecordData::Caa { flags, tag, value } => RecordData::Caa {
            flags: *flags,
            tag: tag.to_ascii_lowercase(),
            value: value.clone(),
        },
        other => other.clone(),
    }
}

/// `name ttl IN TYPE value, value`.
fn describe(set: &RecordSet) -> String {
    let ttl = set.ttl.map(|t| format!("{t} ")).unwrap_or_default();
    format!("{} {ttl}IN {} {}", set.name, set.rtype, values(set))
}

fn values(set: &RecordSet) -> String {
    set.values
        .iter()
        .map(RecordData::presentation)
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line per change, in the order [`Plan::changes`] applies them (`- ` delete, `~ `
/// update with what it was, `+ ` create), then a summary line.
impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for set in &self.delete {
            writeln!(f, "- {}", describe(set))?;
        }
        for (current, desired) in &self.update {
            let mut was = Vec::new();
            if let (Some(old), Some(new)) = (current.ttl, desired.ttl)
                && old != new
            {
                was.push(format!("TTL {old}"));
            }
            if comparable(&current.values) != comparable(&desired.values) {
                was.push(values(current));
            }
            writeln!(f, "~ {} (was: {})", describe(desired), was.join(", "))?;
        }
        for set in &self.create {
            writeln!(f, "+ {}", describe(set))?;
        }
        write!(
            f,
            "{} to create, {} to update, {} to delete, {} unchanged",
            self.create.len(),
            self.update.len(),
            self.delete.len(),
            self.unchanged
        )
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
