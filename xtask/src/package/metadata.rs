//! What `cargo metadata` says about the workspace: its packages, which are publishable,
//! and the dependency graph.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::cmd::cargo;
use crate::{Error, Result};

/// One package, workspace member or dependency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// Cargo's package id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// The `rust-version` it declares, if any.
    pub rust_version: Option<String>,
    /// Whether `publish = false` keeps it off every registry.
    pub unpublishable: bool,
    /// Whether it is a member of the workspace.
    pub member: bool,
}

/// The workspace as `cargo metadata` describes it.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// Every package, members and dependencies, by id.
    pub packages: BTreeMap<String, Package>,
    /// For each package id, the ids of its normal and build dependencies (not dev).
    pub dependencies: BTreeMap<String, Vec<String>>,
    /// The `rust-version` the workspace members state.
    pub target_directory: PathBuf,
}

impl Workspace {
    /// Runs `cargo metadata` in `root` and reads its answer.
    pub fn load(root: &Path) -> Result<Self> {
        let output = Command::new(cargo())
            .args(["metadata", "--format-version", "1", "--locked"])
            .current_dir(root)
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| Error::msg(format!("cannot run cargo metadata: {e}")))?;
        if !output.status.success() {
            return Err(Error::msg("cargo metadata failed"));
        }
        let value: Value = serde_json::from_slice(&output.stdout)
            .map_err(|e| Error::msg(format!("cargo metadata printed no JSON: {e}")))?;
        Workspace::from_json(&value)
    }

    /// Reads a `cargo metadata --format-version 1` answer.
    pub fn from_json(value: &Value) -> Result<Self> {
        let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
        let members: Vec<String> = value
            .get("workspace_members")
            .and_then(Value::as_array)
            .map(|ids| {
                ids.iter()
                    .filter_map(|id| id.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let mut packages = BTreeMap::new();
        for p in value
            .get("packages")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (Some(id), Some(name), Some(version)) =
                (text(p, "id"), text(p, "name"), text(p, "version"))
            else {
                return Err(Error::msg(
                    "cargo metadata: a package lacks id, name or version",
                ));
            };
            let unpublishable = p
                .get("publish")
                .and_then(Value::as_array)
                .is_some_and(|registries| registries.is_empty());
            packages.insert(
                id.clone(),
                Package {
                    member: members.contains(&id),
                    id,
                    name,
                    version,
                    rust_version: text(p, "rust_version"),
                    unpublishable,
                },
            );
        }
        let mut dependencies = BTreeMap::new();
        let nodes = value
            .pointer("/resolve/nodes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        for node in nodes {
            let Some(id) = text(node, "id") else { continue };
            let deps = node
                .get("deps")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|dep| is_used_by_dependents(dep))
                .filter_map(|dep| text(dep, "pkg"))
                .collect();
            dependencies.insert(id, deps);
        }
        let target_directory = text(value, "target_directory")
            .map(PathBuf::from)
            .ok_or_else(|| Error::msg("cargo metadata: no target_directory"))?;
        Ok(Workspace {
            packages,
            dependencies,
            target_directory,
        })
    }

    /// The workspace members that may be published, sorted by name.
    pub fn publishable(&self) -> Vec<Package> {
        let mut out: Vec<Package> = self
            .packages
            .values()
            .filter(|p| p.member && !p.unpublishable)
            .cloned()
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }
}

/// Whether a resolved dependency edge is built for the crate's users: a normal or build
/// dependency, not a dev-dependency only.
fn is_used_by_dependents(dep: &Value) -> bool {
    let Some(kinds) = dep.get("dep_kinds").and_then(Value::as_array) else {
        return true;
    };
    kinds
        .iter()
        .any(|k| k.get("kind").and_then(Value::as_str) != Some("dev"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Value {
        serde_json::json!({
            "packages": [
                {"id": "a 0.1.0", "name": "a", "version": "0.1.0", "rust_version": "1.89", "publish": null},
                {"id": "tool 0.1.0", "name": "tool", "version": "0.1.0", "rust_version": null, "publish": []},
                {"id": "dep 1.0.0", "name": "dep", "version": "1.0.0", "rust_version": "1.70", "publish": null},
                {"id": "devdep 1.0.0", "name": "devdep", "version": "1.0.0", "rust_version": "1.95", "publish": null}
            ],
            "workspace_members": ["a 0.1.0", "tool 0.1.0"],
            "resolve": {"nodes": [
                {"id": "a 0.1.0", "deps": [
                    {"pkg": "dep 1.0.0", "dep_kinds": [{"kind": null}]},
                    {"pkg": "devdep 1.0.0", "dep_kinds": [{"kind": "dev"}]}
                ]}
            ]},
            "target_directory": "/t"
        })
    }

    #[test]
    fn publishable_members_leave_out_publish_false_and_dependencies() {
        let ws = Workspace::from_json(&sample()).unwrap();
        let names: Vec<String> = ws.publishable().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["a"]);
        assert_eq!(ws.target_directory, PathBuf::from("/t"));
    }

    #[test]
    fn dev_only_edges_are_not_dependencies_of_users() {
        let ws = Workspace::from_json(&sample()).unwrap();
        assert_eq!(ws.dependencies["a 0.1.0"], ["dep 1.0.0"]);
    }

    #[test]
    fn a_package_without_a_name_is_an_error() {
        let bad = serde_json::json!({"packages": [{"id": "x"}], "target_directory": "/t"});
        assert!(Workspace::from_json(&bad).is_err());
    }
}
