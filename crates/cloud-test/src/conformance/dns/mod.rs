//! The DNS conformance suite: the zone lifecycle, not-found and bad input, one record of
//! each supported type, record sets, updates and deletes, batched changes, the zone file
//! round trip, and deleting the zone. Steps D1–D8 of `CONFORMANCE.md`, in that order.

mod plan;
mod records;

use std::panic::AssertUnwindSafe;

use cloud_core::ErrorKind;
use cloud_core::dns::{
    CreateZone, Dns, DnsCapabilities, DnsFeature, NewRecord, Record, RecordData, RecordSet,
    RecordSetChange, RecordType, RecordUpdate, Zone, find_zone, record_sets, wait_for_changes,
};
use futures::FutureExt;

use super::{check, collect, fails, ok, step};

pub use plan::DnsPlan;

/// Runs the DNS suite against `driver`; panics naming the step on the first failed check.
/// When a step after the zone was created fails, the suite deletes the zone before
/// passing the failure on.
pub async fn run(driver: &dyn Dns, plan: &DnsPlan) {
    let suite = Suite {
        driver,
        plan,
        caps: driver.capabilities(),
        provider: driver.provider_id().to_string(),
    };
    eprintln!(
        "[conformance {}] dns suite starts; types: {:?}; features: {:?}",
        suite.provider, suite.caps.record_types, suite.caps.features
    );
    let zone = suite.zones().await;
    let rest = AssertUnwindSafe(suite.after_create(&zone))
        .catch_unwind()
        .await;
    if let Err(panic) = rest {
        eprintln!(
            "[conformance {}] deleting zone {} after the failure",
            suite.provider, zone.id
        );
        let _ = driver.delete_zone(&zone.id).await;
        std::panic::resume_unwind(panic);
    }
    eprintln!("[conformance {}] dns suite passed", suite.provider);
}

struct Suite<'a> {
    driver: &'a dyn Dns,
    plan: &'a DnsPlan,
    caps: DnsCapabilities,
    provider: String,
}

impl Suite<'_> {
    async fn after_create(&self, zone: &Zone) {
        self.not_found_and_bad_input(zone).await;
        let created = self.records(zone).await;
        self.sets(zone, &created).await;
        self.update_and_delete(zone, &created).await;
        self.batch(zone).await;
        self.zone_file(zone).await;
        self.delete_zone(zone).await;
    }

    /// D1: create the zone, read it back, find it by domain.
    async fn zones(&self) -> Zone {
        step(&self.provider, "D1", "zone lifecycle");
        let mut request = CreateZone::new(format!("{}.", self.plan.domain.to_uppercase()));
        if self.caps.supports(DnsFeature::ZoneTtl) {
            request.ttl = Some(1800);
        }
        if self.caps.supports(DnsFeature::ZoneEmail) {
            request.email = Some(format!("hostmaster@{}", self.plan.domain));
        }
        let zone = ok(
            "D1.1",
            "create_zone",
            self.driver.create_zone(&request).await,
        );
        let domain = self.plan.domain.to_lowercase();
        check(
            "D1.1",
            zone.domain == domain,
            format!("domain {domain}"),
            &zone,
        );
        if self.caps.supports(DnsFeature::ZoneTtl) {
            let ttl = self.caps.stored_ttl(1800);
            check("D1.1", zone.ttl == Some(ttl), format!("ttl {ttl}"), &zone);
        }
        let got = ok("D1.2", "get_zone", self.driver.get_zone(&zone.id).await);
        check(
            "D1.2",
            got.domain == domain,
            format!("domain {domain}"),
            &got,
        );
        let zones = collect("D1.3", "list_zones", self.driver.list_zones()).await;
        check(
            "D1.3",
            zones.iter().any(|z| z.id == zone.id),
            format!("zone {} listed", zone.id),
            zones.iter().map(|z| &z.id).collect::<Vec<_>>(),
        );
        let by_domain = ok(
            "D1.4",
            "find_zone",
            find_zone(self.driver, &format!("{domain}.")).await,
        );
        check(
            "D1.4",
            by_domain.id == zone.id,
            format!("zone {}", zone.id),
            &by_domain,
        );
        zone
    }

    /// D2: unknown ids, bad names and unsupported types are typed errors.
    async fn not_found_and_bad_input(&self, zone: &Zone) {
        step(&self.provider, "D2", "not found and bad input");
        let missing = &self.plan.missing_zone_id;
        fails(
            "D2.1",
            "get_zone",
            self.driver.get_zone(missing).await,
            &[ErrorKind::NotFound],
        );
        let mut listing = self.driver.list_records(missing);
        let first = futures::StreamExt::next(&mut listing).await;
        match first {
            Some(result) => {
                fails("D2.2", "list_records", result, &[ErrorKind::NotFound]);
            }
            None => panic!(
                "[D2.2] list_records of a missing zone: expected NotFound, got an empty listing"
            ),
        }
        drop(listing);
        fails(
            "D2.3",
            "get_record",
            self.driver
                .get_record(&zone.id, &self.plan.missing_record_id)
                .await,
            &[ErrorKind::NotFound],
        );
        let long = NewRecord::new(
            "x".repeat(64),
            RecordData::A {
                address: "192.0.2.1".parse().expect("an address"),
            },
        );
        let err = fails(
            "D2.4",
            "create_record with a 64-character label",
            self.driver.create_record(&zone.id, &long).await,
            &[ErrorKind::InvalidInput],
        );
        check(
            "D2.4",
            err.message().contains("64"),
            "the message names the label length",
            &err,
        );
        fails(
            "D2.5",
            "create_zone with an empty label",
            self.driver
                .create_zone(&CreateZone::new("a..example"))
                .await,
            &[ErrorKind::InvalidInput],
        );
        let unsupported = RecordType::COMMON
            .into_iter()
            .find(|t| *t != RecordType::Soa && !self.caps.supports_type(t));
        if let Some(rtype) = unsupported {
            let data = match rtype {
                RecordType::Spf => RecordData::Spf {
                    strings: vec!["v=spf1 -all".into()],
                },
                RecordType::Ptr => RecordData::Ptr {
                    target: format!("host.{}.", self.plan.domain),
                },
                RecordType::Ns => RecordData::Ns {
                    host: format!("ns9.{}.", self.plan.domain),
                },
                _ => RecordData::txt("unsupported"),
            };
            if data.rtype() == rtype {
                fails(
                    "D2.6",
                    "create_record of an unsupported type",
                    self.driver
                        .create_record(&zone.id, &NewRecord::new("u", data))
                        .await,
                    &[ErrorKind::Unsupported],
                );
            }
        }
    }

    /// D3: one record of each supported type; each reads back typed and canonical.
    async fn records(&self, zone: &Zone) -> Vec<Record> {
        step(&self.provider, "D3", "records of each type");
        let mut created = Vec::new();
        for sample in records::samples(&self.plan.domain, &self.caps) {
            let call = format!(
                "create_record {} {}",
                sample.record.name,
                sample.expect.rtype()
            );
            let record = ok(
                "D3.1",
                &call,
                self.driver.create_record(&zone.id, &sample.record).await,
            );
            check(
                "D3.1",
                record.data == sample.expect,
                &sample.expect,
                &record,
            );
            let name = if sample.record.name == "@" {
                "@".to_string()
            } else {
                sample.record.name.clone()
            };
            check("D3.1", record.name == name, format!("name {name}"), &record);
            let got = ok(
                "D3.2",
                "get_record",
                self.driver.get_record(&zone.id, &record.id).await,
            );
            check(
                "D3.2",
                got.data == record.data && got.name == record.name,
                format!("{record:?}"),
                &got,
            );
            created.push(record);
        }
        check(
            "D3",
            !created.is_empty(),
            "at least one record type supported",
            self.caps.record_types.len(),
        );
        created
    }

    /// D4: the listing holds every record, and two A values on one name form one set.
    async fn sets(&self, zone: &Zone, created: &[Record]) {
        step(&self.provider, "D4", "listing and record sets");
        let listed = collect("D4.1", "list_records", self.driver.list_records(&zone.id)).await;
        for record in created {
            check(
                "D4.1",
                listed
                    .iter()
                    .any(|r| r.name == record.name && r.data == record.data),
                &record.data,
                listed
                    .iter()
                    .map(|r| format!("{} {}", r.name, r.data))
                    .collect::<Vec<_>>(),
            );
        }
        if self.caps.supports_type(&RecordType::A) {
            let sets = record_sets(&listed);
            let www = sets
                .iter()
                .find(|s| s.name == "www" && s.rtype == RecordType::A);
            check(
                "D4.2",
                www.is_some_and(|s| {
                    s.values.len() == 2 && s.ttl == Some(self.caps.stored_ttl(300))
                }),
                "one www A set of two values with TTL 300 (as the provider stores it)",
                www,
            );
        }
    }

    /// D5: TTL and data updates read back; a deleted record is gone.
    async fn update_and_delete(&self, zone: &Zone, created: &[Record]) {
        step(&self.provider, "D5", "update and delete");
        let Some(first) = created.first() else { return };
        let update = RecordUpdate {
            ttl: Some(600),
            ..RecordUpdate::default()
        };
        let updated = ok(
            "D5.1",
            "update_record ttl",
            self.driver
                .update_record(&zone.id, &first.id, &update)
                .await,
        );
        let ttl = self.caps.stored_ttl(600);
        check(
            "D5.1",
            updated.ttl == Some(ttl),
            format!("ttl {ttl}"),
            &updated,
        );
        let reread = ok(
            "D5.1",
            "get_record",
            self.driver.get_record(&zone.id, &updated.id).await,
        );
        check(
            "D5.1",
            reread.ttl == Some(ttl),
            format!("ttl {ttl}"),
            &reread,
        );
        if let Some(a) = created.iter().find(|r| r.rtype() == RecordType::A) {
            let current = collect("D5.2", "list_records", self.driver.list_records(&zone.id)).await;
            let id = current
                .iter()
                .find(|r| r.name == a.name && r.data == a.data)
                .map(|r| r.id.clone())
                .unwrap_or_else(|| a.id.clone());
            let new_data = RecordData::A {
                address: "192.0.2.99".parse().expect("an address"),
            };
            let update = RecordUpdate {
                data: Some(new_data.clone()),
                ..RecordUpdate::default()
            };
            let changed = ok(
                "D5.2",
                "update_record data",
                self.driver.update_record(&zone.id, &id, &update).await,
            );
            check("D5.2", changed.data == new_data, &new_data, &changed);
        }
        let last = created.last().expect("created is not empty");
        let listed = collect("D5.3", "list_records", self.driver.list_records(&zone.id)).await;
        let victim = listed
            .iter()
            .find(|r| r.name == last.name && r.data == last.data)
            .cloned()
            .unwrap_or_else(|| last.clone());
        ok(
            "D5.3",
            "delete_record",
            self.driver.delete_record(&zone.id, &victim.id).await,
        );
        let after = collect("D5.3", "list_records", self.driver.list_records(&zone.id)).await;
        check(
            "D5.3",
            !after
                .iter()
                .any(|r| r.name == victim.name && r.data == victim.data),
            format!("{} {} gone", victim.name, victim.data),
            after
                .iter()
                .map(|r| format!("{} {}", r.name, r.data))
                .collect::<Vec<_>>(),
        );
    }

    /// D6: record-set changes in batches: an upsert, a changed upsert, a delete.
    async fn batch(&self, zone: &Zone) {
        if !self.caps.supports_type(&RecordType::A) {
            return;
        }
        step(&self.provider, "D6", "batched changes");
        let first = RecordSet::new("batch", Some(300), records::batch_values());
        self.apply("D6.1", zone, &[RecordSetChange::Upsert(first.clone())])
            .await;
        self.expect_set("D6.1", zone, Some(&first)).await;
        let changed = RecordSet::new("batch", Some(120), records::batch_values_changed());
        self.apply("D6.2", zone, &[RecordSetChange::Upsert(changed.clone())])
            .await;
        self.expect_set("D6.2", zone, Some(&changed)).await;
        self.apply("D6.3", zone, &[RecordSetChange::Delete(changed)])
            .await;
        self.expect_set("D6.3", zone, None).await;
    }

    async fn apply(&self, id: &str, zone: &Zone, changes: &[RecordSetChange]) {
        let operation = ok(
            id,
            "apply_changes",
            self.driver.apply_changes(&zone.id, changes).await,
        );
        if let Some(operation) = operation {
            let waited = wait_for_changes(self.driver, &operation, &self.plan.wait).await;
            ok(id, "wait_for_changes", waited);
        }
    }

    /// Checks that the `batch` A set is `want`, with its TTL as the provider stores it.
    async fn expect_set(&self, id: &str, zone: &Zone, want: Option<&RecordSet>) {
        let want = want.map(|set| RecordSet {
            ttl: set.ttl.map(|ttl| self.caps.stored_ttl(ttl)),
            ..set.clone()
        });
        let want = want.as_ref();
        let listed = collect(id, "list_records", self.driver.list_records(&zone.id)).await;
        let sets = record_sets(&listed);
        let got = sets
            .iter()
            .find(|s| s.name == "batch" && s.rtype == RecordType::A);
        check(id, got == want, format!("{want:?}"), got);
    }

    /// D7: the zone exports to a zone file that parses back to the same record sets.
    async fn zone_file(&self, zone: &Zone) {
        step(&self.provider, "D7", "zone file round trip");
        let listed = collect("D7", "list_records", self.driver.list_records(&zone.id)).await;
        let text = cloud_core::dns::zonefile::export(zone, &listed);
        let parsed = ok(
            "D7",
            "zonefile::parse of the export",
            cloud_core::dns::zonefile::parse(&text, &zone.domain),
        );
        let mut want = record_sets(&listed);
        let mut got = parsed.record_sets();
        // A synthesised SOA (for providers that keep none) is the export's own.
        if !listed.iter().any(|r| r.rtype() == RecordType::Soa) {
            got.retain(|s| s.rtype != RecordType::Soa);
        }
        want.sort();
        got.sort();
        check(
            "D7",
            got == want,
            format!("{want:?}"),
            format!("{got:?}\n{text}"),
        );
    }

    /// D8: the zone is deleted and gone.
    async fn delete_zone(&self, zone: &Zone) {
        step(&self.provider, "D8", "delete the zone");
        ok(
            "D8.1",
            "delete_zone",
            self.driver.delete_zone(&zone.id).await,
        );
        fails(
            "D8.2",
            "get_zone after delete",
            self.driver.get_zone(&zone.id).await,
            &[ErrorKind::NotFound],
        );
    }
}
