//! The stated minimum Rust version holds for users: no crate a user's build compiles
//! (the publishable crates and their normal and build dependencies, transitively) asks
//! for a newer compiler than the crate it is built for states.

use std::collections::{BTreeSet, VecDeque};

use super::metadata::{Package, Workspace};

/// A `major.minor[.patch]` Rust version as numbers; `None` when it is not one.
pub fn parse_version(text: &str) -> Option<(u64, u64, u64)> {
    let mut parts = text.trim().split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().unwrap_or("0").parse().ok()?;
    let patch = parts.next().unwrap_or("0").parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    Some((major, minor, patch))
}

/// The problems found: each dependency needing a newer Rust than the publishable crate
/// that pulls it in states, and each publishable crate that states none.
pub fn check(workspace: &Workspace, publishable: &[Package]) -> Vec<String> {
    let mut problems = Vec::new();
    for root in publishable {
        let Some(stated) = root.rust_version.as_deref() else {
            problems.push(format!(
                "{}: the manifest states no rust-version",
                root.name
            ));
            continue;
        };
        let Some(limit) = parse_version(stated) else {
            problems.push(format!("{}: unreadable rust-version {stated:?}", root.name));
            continue;
        };
        for id in reachable(workspace, &root.id) {
            let Some(dep) = workspace.packages.get(&id) else {
                continue;
            };
            let needs = dep.rust_version.as_deref().and_then(parse_version);
            if let Some(needs) = needs.filter(|needs| *needs > limit) {
                problems.push(format!(
                    "{}: states rust-version {stated}, but its dependency {} {} needs {}.{}.{}",
                    root.name, dep.name, dep.version, needs.0, needs.1, needs.2
                ));
            }
        }
    }
    problems
}

/// Every package id a build of `root` compiles, `root` excluded.
fn reachable(workspace: &Workspace, root: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([root.to_string()]);
    while let Some(id) = queue.pop_front() {
        for dep in workspace.dependencies.get(&id).into_iter().flatten() {
            if seen.insert(dep.clone()) {
                queue.push_back(dep.clone());
            }
        }
    }
    seen.remove(root);
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        assert!(parse_version("1.100").unwrap() > parse_version("1.89.0").unwrap());
        assert_eq!(parse_version("1.89"), Some((1, 89, 0)));
        assert_eq!(parse_version("1.x"), None);
        assert_eq!(parse_version("1.2.3.4"), None);
    }

    fn workspace(dep_needs: &str) -> Workspace {
        let value = serde_json::json!({
            "packages": [
                {"id": "a", "name": "a", "version": "0.1.0", "rust_version": "1.89", "publish": null},
                {"id": "mid", "name": "mid", "version": "1.0.0", "rust_version": null, "publish": null},
                {"id": "deep", "name": "deep", "version": "2.0.0", "rust_version": dep_needs, "publish": null}
            ],
            "workspace_members": ["a"],
            "resolve": {"nodes": [
                {"id": "a", "deps": [{"pkg": "mid", "dep_kinds": [{"kind": null}]}]},
                {"id": "mid", "deps": [{"pkg": "deep", "dep_kinds": [{"kind": "build"}]}]}
            ]},
            "target_directory": "/t"
        });
        Workspace::from_json(&value).unwrap()
    }

    #[test]
    fn a_transitive_dependency_needing_a_newer_rust_is_named() {
        let ws = workspace("1.91");
        let problems = check(&ws, &ws.publishable());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("deep 2.0.0 needs 1.91.0"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn dependencies_within_the_stated_version_pass() {
        let ws = workspace("1.85");
        assert!(check(&ws, &ws.publishable()).is_empty());
    }
}
