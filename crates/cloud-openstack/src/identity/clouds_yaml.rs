//! `clouds.yaml` and `secure.yaml`, as the OpenStack tools read them: the files are
//! looked for in `OS_CLIENT_CONFIG_FILE`, the current folder, `~/.config/openstack/`
//! (or `$XDG_CONFIG_HOME/openstack/`) and `/etc/openstack/`, first found wins; a named
//! cloud's `auth` settings and top-level settings are read, with the same cloud in
//! `secure.yaml` (usually holding its password) merged over it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cloud_core::env::Env;
use cloud_core::{Error, ErrorKind, Result};
use serde_yaml_ng::Value;

/// The settings of one cloud, flattened: `auth.password` and top-level keys alike are
/// stored by their key (`auth_url`, `password`, `region_name`, `interface`, …).
pub type CloudEntry = BTreeMap<String, String>;

/// Where `name` (`clouds.yaml`, `secure.yaml`) is looked for, in order.
pub fn search_path(env: &dyn Env, name: &str, explicit: Option<&str>) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    if let Some(file) = explicit.filter(|f| !f.is_empty()) {
        let file = PathBuf::from(file);
        if name == "secure.yaml" {
            if let Some(dir) = file.parent() {
                paths.push(dir.join(name));
            }
        } else {
            paths.push(file);
        }
    }
    paths.push(PathBuf::from(name));
    let config_home = env
        .var("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| env.var("HOME").map(|h| PathBuf::from(h).join(".config")));
    if let Some(dir) = config_home {
        paths.push(dir.join("openstack").join(name));
    }
    paths.push(PathBuf::from("/etc/openstack").join(name));
    paths
}

/// The first file of `paths` that exists, read; `None` when none does.
fn read_first(paths: &[PathBuf]) -> Result<Option<(PathBuf, String)>> {
    for path in paths {
        match std::fs::read_to_string(path) {
            Ok(text) => return Ok(Some((path.clone(), text))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io(format!("cannot read {}", path.display()), e)),
        }
    }
    Ok(None)
}

/// The cloud `cloud` from the first `clouds.yaml` on the search path, with the same
/// cloud of the first `secure.yaml` merged over it. No `clouds.yaml`, or one without
/// that cloud, is a `Configuration` error naming where it looked and what clouds exist.
pub fn load(env: &dyn Env, cloud: &str) -> Result<CloudEntry> {
    let explicit = env.var("OS_CLIENT_CONFIG_FILE");
    let clouds_paths = search_path(env, "clouds.yaml", explicit.as_deref());
    let Some((path, text)) = read_first(&clouds_paths)? else {
        let looked: Vec<String> = clouds_paths
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        return Err(Error::new(
            ErrorKind::Configuration,
            format!(
                "cloud {cloud:?} was asked for (OS_CLOUD or the cloud option) but no \
                 clouds.yaml was found; looked in {}",
                looked.join(", ")
            ),
        ));
    };
    let mut entry = cloud_entry(&text, cloud, &path)?.ok_or_else(|| {
        let known = cloud_names(&text).unwrap_or_default();
        Error::new(
            ErrorKind::Configuration,
            format!(
                "{} has no cloud {cloud:?}; it has: {}",
                path.display(),
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            ),
        )
    })?;
    let secure_paths = search_path(env, "secure.yaml", explicit.as_deref());
    if let Some((secure_path, secure)) = read_first(&secure_paths)?
        && let Some(extra) = cloud_entry(&secure, cloud, &secure_path)?
    {
        entry.extend(extra);
    }
    Ok(entry)
}

/// The names of the clouds a `clouds.yaml` text defines.
pub fn cloud_names(text: &str) -> Result<Vec<String>> {
    let doc = parse(text, Path::new("clouds.yaml"))?;
    Ok(doc
        .get("clouds")
        .and_then(Value::as_mapping)
        .map(|m| {
            m.keys()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default())
}

/// The settings of `cloud` in a `clouds.yaml` (or `secure.yaml`) text, flattened; `None`
/// when the file does not define it.
pub fn cloud_entry(text: &str, cloud: &str, path: &Path) -> Result<Option<CloudEntry>> {
    let doc = parse(text, path)?;
    let Some(settings) = doc.get("clouds").and_then(|c| c.get(cloud)) else {
        return Ok(None);
    };
    let mut entry = CloudEntry::new();
    if let Some(map) = settings.as_mapping() {
        for (key, value) in map {
            let Some(key) = key.as_str() else { continue };
            if key == "auth" {
                for (k, v) in value.as_mapping().into_iter().flatten() {
                    if let (Some(k), Some(v)) = (k.as_str(), scalar(v)) {
                        entry.insert(k.to_string(), v);
                    }
                }
            } else if let Some(v) = scalar(value) {
                entry.insert(key.to_string(), v);
            }
        }
    }
    Ok(Some(entry))
}

/// A YAML document; a syntax error names the file and where.
fn parse(text: &str, path: &Path) -> Result<Value> {
    serde_yaml_ng::from_str(text).map_err(|e| {
        Error::new(
            ErrorKind::Configuration,
            format!("{} is not valid YAML: {e}", path.display()),
        )
    })
}

/// A scalar as text (numbers and booleans too: `identity_api_version: 3`).
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use cloud_core::env::MapEnv;

    use super::*;

    const CLOUDS: &str = r#"
clouds:
  devstack:
    auth:
      auth_url: http://127.0.0.1:5000/v3
      username: demo
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: internal
    identity_api_version: 3
  other:
    auth_type: v3applicationcredential
    auth:
      auth_url: https://keystone.example/v3
      application_credential_id: abc
"#;

    #[test]
    fn a_cloud_is_flattened_and_secure_yaml_adds_its_password() {
        let entry = cloud_entry(CLOUDS, "devstack", Path::new("c"))
            .unwrap()
            .unwrap();
        assert_eq!(entry["auth_url"], "http://127.0.0.1:5000/v3");
        assert_eq!(entry["region_name"], "RegionOne");
        assert_eq!(entry["identity_api_version"], "3");
        assert!(
            cloud_entry(CLOUDS, "nope", Path::new("c"))
                .unwrap()
                .is_none()
        );
        assert_eq!(cloud_names(CLOUDS).unwrap(), ["devstack", "other"]);

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("clouds.yaml"), CLOUDS).unwrap();
        std::fs::write(
            dir.path().join("secure.yaml"),
            "clouds:\n  devstack:\n    auth:\n      password: s3cret\n",
        )
        .unwrap();
        let env = MapEnv::from([(
            "OS_CLIENT_CONFIG_FILE",
            dir.path().join("clouds.yaml").to_str().unwrap(),
        )]);
        let entry = load(&env, "devstack").unwrap();
        assert_eq!(entry["password"], "s3cret");
        assert_eq!(entry["username"], "demo");
        let err = load(&env, "missing").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.message().contains("devstack, other"), "{err}");
    }

    #[test]
    fn the_search_path_follows_the_openstack_tools() {
        let env = MapEnv::from([("HOME", "/home/u")]);
        let paths = search_path(&env, "clouds.yaml", None);
        assert_eq!(
            paths,
            [
                PathBuf::from("clouds.yaml"),
                PathBuf::from("/home/u/.config/openstack/clouds.yaml"),
                PathBuf::from("/etc/openstack/clouds.yaml"),
            ]
        );
        let paths = search_path(&env, "secure.yaml", Some("/x/my-clouds.yaml"));
        assert_eq!(paths[0], PathBuf::from("/x/secure.yaml"));
        let env = MapEnv::from([("XDG_CONFIG_HOME", "/cfg")]);
        assert!(
            search_path(&env, "clouds.yaml", None)
                .contains(&PathBuf::from("/cfg/openstack/clouds.yaml"))
        );
    }

    #[test]
    fn broken_yaml_is_a_configuration_error_naming_the_file() {
        let err = cloud_entry("clouds: [unclosed", "x", Path::new("/etc/c.yaml")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.message().contains("/etc/c.yaml"), "{err}");
    }
}
