//! Every provider crate has the layout CONTRIBUTING.md ("The provider layout") describes,
//! so a reader who knows one provider crate knows all.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Top-level entries of a provider crate's `src/`, as a file (`NAME.rs`) or a folder.
const ALLOWED: &[&str] = &[
    "lib",
    "factory",
    "settings",
    "client",
    "errors",
    "compute",
    "storage",
    "dns",
    "load_balancer",
    "ops",
    "model",
    "state",
    "options",
    "sign",
    "extras",
    "store",
    "identity",
];

/// Entries every provider crate has.
const REQUIRED: &[&str] = &["lib", "factory", "settings"];

/// Entries every provider that speaks HTTP has (one without HTTP keeps a `store`).
const REQUIRED_FOR_HTTP: &[&str] = &["client", "errors"];

/// Area entries: a provider has at least one.
const AREAS: &[&str] = &["compute", "storage", "dns", "load_balancer"];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace root")
        .to_path_buf()
}

/// The provider crates: `crates/cloud-*` but the core, the test harness, the deployment
/// crate (SSH, no provider) and the shared authentication crates of a family
/// (`cloud-*-auth`).
fn provider_crates() -> Vec<PathBuf> {
    let mut crates: Vec<PathBuf> = std::fs::read_dir(workspace_root().join("crates"))
        .expect("read crates/")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name.starts_with("cloud-")
                && !matches!(name, "cloud-core" | "cloud-test" | "cloud-deploy")
                && !name.ends_with("-auth")
        })
        .collect();
    crates.sort();
    crates
}

/// The names of `src/`'s entries, `.rs` taken off files.
fn top_level(krate: &Path) -> BTreeSet<String> {
    std::fs::read_dir(krate.join("src"))
        .expect("read src/")
        .map(|e| e.expect("entry").path())
        .map(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name.strip_suffix(".rs").unwrap_or(name).to_string()
        })
        .collect()
}

/// What is wrong with one crate's layout; empty when it follows the rules.
fn problems(krate: &Path) -> Vec<String> {
    let entries = top_level(krate);
    let mut found: Vec<String> = entries
        .iter()
        .filter(|e| !ALLOWED.contains(&e.as_str()))
        .map(|e| format!("src/{e} is not a layout name"))
        .collect();
    let http = !entries.contains("store");
    let required = REQUIRED
        .iter()
        .chain(if http { REQUIRED_FOR_HTTP } else { &[] });
    found.extend(
        required
            .filter(|r| !entries.contains(**r))
            .map(|r| format!("src/{r} is missing")),
    );
    if !AREAS.iter().any(|a| entries.contains(*a)) {
        found.push(format!("no area entry (one of {AREAS:?})"));
    }
    let lib = std::fs::read_to_string(krate.join("src/lib.rs")).unwrap_or_default();
    if lib.lines().any(|l| l.trim_start().starts_with("impl ")) {
        found.push("src/lib.rs holds an impl block: lib.rs has no logic".into());
    }
    found
}

#[test]
fn every_provider_crate_follows_the_layout() {
    let crates = provider_crates();
    assert!(crates.len() >= 6, "found only {crates:?}");
    let report: Vec<String> = crates
        .iter()
        .flat_map(|c| {
            let name = c.file_name().unwrap().to_string_lossy().into_owned();
            problems(c).into_iter().map(move |p| format!("{name}: {p}"))
        })
        .collect();
    assert!(report.is_empty(), "layout problems:\n{}", report.join("\n"));
}

#[test]
fn a_crate_off_the_layout_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("ops")).unwrap();
    for file in ["lib.rs", "factory.rs", "driver.rs", "compute.rs"] {
        std::fs::write(src.join(file), "").unwrap();
    }
    std::fs::write(src.join("lib.rs"), "impl Thing {}\n").unwrap();
    let found = problems(dir.path());
    assert!(
        found.contains(&"src/driver is not a layout name".to_string()),
        "{found:?}"
    );
    assert!(
        found.contains(&"src/settings is missing".to_string()),
        "{found:?}"
    );
    assert!(
        found.contains(&"src/client is missing".to_string()),
        "{found:?}"
    );
    assert!(found.iter().any(|p| p.contains("impl block")), "{found:?}");
}
