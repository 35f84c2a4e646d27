use super::*;

fn a(name: &str, ttl: Option<u32>, ips: &[&str]) -> RecordSet {
    let values = ips
        .iter()
        .map(|ip| RecordData::A {
            address: ip.parse().unwrap(),
        })
        .collect();
    RecordSet::new(name, ttl, values)
}

fn mx(name: &str, ttl: u32, priority: u16, host: &str) -> RecordSet {
    RecordSet::new(
        name,
        Some(ttl),
        vec![RecordData::Mx {
            priority,
            exchange: host.into(),
        }],
    )
}

fn txt(name: &str, ttl: u32, text: &str) -> RecordSet {
    RecordSet::new(name, Some(ttl), vec![RecordData::txt(text)])
}

fn ns(name: &str, hosts: &[&str]) -> RecordSet {
    RecordSet::new(
        name,
        Some(86_400),
        hosts
            .iter()
            .map(|h| RecordData::Ns { host: (*h).into() })
            .collect(),
    )
}

fn soa(mname: &str) -> RecordSet {
    RecordSet::new(
        "@",
        Some(3600),
        vec![RecordData::Soa {
            mname: mname.into(),
            rname: "hostmaster.example.org.".into(),
            serial: 1,
            refresh: 7200,
            retry: 3600,
            expire: 1_209_600,
            minimum: 300,
        }],
    )
}

#[test]
fn creates_updates_deletes_and_counts_the_unchanged() {
    let desired = [
        a("www", Some(300), &["192.0.2.1"]),
        mx("mail", 300, 10, "mx1.example.org."),
        a("same", Some(60), &["192.0.2.9"]),
    ];
    let current = [
        mx("mail", 300, 20, "mx1.example.org."),
        txt("old", 300, "x"),
        a("same", Some(60), &["192.0.2.9"]),
    ];
    let plan = plan(&desired, &current, true);
    assert_eq!(plan.create, [desired[0].clone()]);
    assert_eq!(plan.update, [(current[0].clone(), desired[1].clone())]);
    assert_eq!(plan.delete, [current[1].clone()]);
    assert_eq!(plan.unchanged, 1);
    assert!(!plan.is_empty());
    assert_eq!(
        plan.to_string(),
        "- old 300 IN TXT \"x\"\n\
         ~ mail 300 IN MX 10 mx1.example.org. (was: 20 mx1.example.org.)\n\
         + www 300 IN A 192.0.2.1\n\
         1 to create, 1 to update, 1 to delete, 1 unchanged"
    );
    assert_eq!(
        plan.changes(),
        [
            RecordSetChange::Delete(current[1].clone()),
            RecordSetChange::Upsert(desired[1].clone()),
            RecordSetChange::Upsert(desired[0].clone()),
        ]
    );
}

#[test]
fn without_prune_nothing_is_deleted() {
    let plan = plan(&[], &[txt("old", 300, "x")], false);
    assert!(plan.is_empty());
    assert!(plan.changes().is_empty());
    assert_eq!(
        plan.to_string(),
        "0 to create, 0 to update, 0 to delete, 0 unchanged"
    );
}

#[test]
fn soa_and_apex_ns_are_never_touched() {
    let desired = [
        soa("ns1.old-provider.example."),
        ns("@", &["ns1.old-provider.example."]),
        ns("sub", &["ns1.example.net."]),
    ];
    let current = [
        soa("ns1.new-provider.example."),
        ns("@", &["ns1.new-provider.example."]),
    ];
    let plan = plan(&desired, &current, true);
    assert_eq!(
        plan.create,
        [desired[2].clone()],
        "a delegation below the apex is managed"
    );
    assert!(plan.update.is_empty() && plan.delete.is_empty());
    assert_eq!(plan.unchanged, 0);
    let plan = super::plan(&[], &current, true);
    assert!(plan.is_empty(), "{plan}");
}

#[test]
fn a_missing_ttl_matches_any_ttl_but_different_ttls_update() {
    let plan1 = plan(
        &[a("www", None, &["192.0.2.1"])],
        &[a("www", Some(60), &["192.0.2.1"])],
        true,
    );
    assert!(plan1.is_empty());
    assert_eq!(plan1.unchanged, 1);
    let plan2 = plan(
        &[a("www", Some(300), &["192.0.2.1"])],
        &[a("www", Some(60), &["192.0.2.1"])],
        true,
    );
    assert_eq!(plan2.update.len(), 1);
    assert_eq!(
        plan2.to_string().lines().next().unwrap(),
        "~ www 300 IN A 192.0.2.1 (was: TTL 60)"
    );
    let plan3 = plan(
        &[a("www", Some(300), &["192.0.2.1", "192.0.2.2"])],
        &[a("www", Some(60), &["192.0.2.1"])],
        true,
    );
    assert_eq!(
        plan3.to_string().lines().next().unwrap(),
        "~ www 300 IN A 192.0.2.1, 192.0.2.2 (was: TTL 60, 192.0.2.1)"
    );
}

#[test]
fn names_and_hosts_compare_without_case_and_values_as_sets() {
    let desired = [
        mx("mail", 300, 10, "mx.example.org."),
        a("www", Some(60), &["192.0.2.2", "192.0.2.1"]),
    ];
    let current = [
        mx("MAIL", 300, 10, "MX.Example.org"),
        a("WWW", Some(60), &["192.0.2.1", "192.0.2.2", "192.0.2.1"]),
    ];
    let plan = plan(&desired, &current, true);
    assert!(plan.is_empty(), "{plan}");
    assert_eq!(plan.unchanged, 2);
}

#[test]
fn same_name_different_type_is_a_different_set() {
    let plan = plan(
        &[RecordSet::new(
            "www",
            Some(60),
            vec![RecordData::Cname {
                target: "web.example.org.".into(),
            }],
        )],
        &[a("www", Some(60), &["192.0.2.1"])],
        true,
    );
    assert_eq!(plan.create.len(), 1);
    assert_eq!(plan.delete.len(), 1);
    let changes = plan.changes();
    assert!(
        matches!(changes[0], RecordSetChange::Delete(_)),
        "deletions go first"
    );
    assert!(matches!(changes[1], RecordSetChange::Upsert(_)));
}

#[test]
fn sets_named_twice_are_merged() {
    let desired = [
        a("www", Some(300), &["192.0.2.1"]),
        a("www", Some(60), &["192.0.2.2"]),
    ];
    let plan = plan(&desired, &[], true);
    assert_eq!(
        plan.create,
        [a("www", Some(60), &["192.0.2.1", "192.0.2.2"])]
    );
}
