//! How each side of `storage cp` is configured: a profile named in the side alone, or a
//! provider id with the selected profile (when it is for that provider) and the flags.

use std::path::PathBuf;
use std::sync::Arc;

use libcloud::Result;
use libcloud::core::Env;

use crate::config::{self, ConfigFile, Overrides, Resolved};

/// The config file and the command line's settings, read once for both sides.
pub struct SideConfig {
    file: ConfigFile,
    path: Option<PathBuf>,
    /// `--profile`, else the file's `default_profile`.
    selected: Option<String>,
    flags: Overrides,
    env: Arc<dyn Env>,
}

impl SideConfig {
    /// Reads the config file (a missing one is empty).
    pub fn load(flags: &Overrides, env: Arc<dyn Env>) -> Result<Self> {
        let path = config::config_path(env.as_ref());
        let mut file = match &path {
            Some(p) => config::load(p)?,
            None => ConfigFile::default(),
        };
        // Each side picks its profile here; `resolve` must not fall back on its own.
        let selected = flags.profile.clone().or(file.default_profile.take());
        Ok(SideConfig {
            file,
            path,
            selected,
            flags: flags.clone(),
            env,
        })
    }

    /// Whether `name` is a profile of the config file.
    pub fn is_profile(&self, name: &str) -> bool {
        self.file.profiles.contains_key(name)
    }

    /// The provider and configuration of a side named `name`.
    ///
    /// A profile is used alone: the flags do not apply to it. A provider id gets the
    /// selected profile when that profile is for this provider (or names none), then
    /// `--region`, `--endpoint` and `--set` as any other command would.
    pub fn resolve(&self, name: &str) -> Result<Resolved> {
        let overrides = if self.is_profile(name) {
            Overrides {
                profile: Some(name.to_string()),
                ..Overrides::default()
            }
        } else {
            let profile = self.selected.clone().filter(|selected| {
                self.file.profiles.get(selected).is_none_or(|p| {
                    p.provider
                        .as_deref()
                        .is_none_or(|provider| provider == name)
                })
            });
            Overrides {
                provider: Some(name.to_string()),
                profile,
                ..self.flags.clone()
            }
        };
        config::resolve(
            &self.file,
            self.path.as_deref(),
            overrides,
            self.env.clone(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcloud::core::MapEnv;

    const FILE: &str = r#"
default_profile = "work"

[profiles.work]
provider = "s3"
region = "eu-west-1"
endpoint = "http://127.0.0.1:9000"

[profiles.backup]
provider = "local"
"#;

    fn sides(flags: Overrides) -> SideConfig {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, FILE).unwrap();
        let mut env = MapEnv::default();
        env.set("LIBCLOUD_CONFIG", path.to_str().unwrap());
        let sides = SideConfig::load(&flags, Arc::new(env)).unwrap();
        drop(dir);
        sides
    }

    #[test]
    fn a_profile_side_ignores_the_flags() {
        let sides = sides(Overrides {
            region: Some("us-east-2".into()),
            endpoint: Some(url::Url::parse("http://127.0.0.1:1").unwrap()),
            ..Overrides::default()
        });
        let r = sides.resolve("work").unwrap();
        assert_eq!(r.provider, "s3");
        assert_eq!(r.config.region.as_deref(), Some("eu-west-1"));
        assert_eq!(r.config.endpoint.unwrap().port(), Some(9000));
    }

    #[test]
    fn a_provider_side_takes_the_flags_and_only_a_matching_profile() {
        let sides = sides(Overrides {
            region: Some("us-east-2".into()),
            ..Overrides::default()
        });
        // The default profile is for s3: it applies to an `s3:` side, flags winning.
        let r = sides.resolve("s3").unwrap();
        assert_eq!(r.provider, "s3");
        assert_eq!(r.config.region.as_deref(), Some("us-east-2"));
        assert_eq!(r.config.endpoint.unwrap().port(), Some(9000));
        // Not to a `local:` side.
        let r = sides.resolve("local").unwrap();
        assert_eq!(r.provider, "local");
        assert_eq!(r.config.endpoint, None);
        assert_eq!(r.config.region.as_deref(), Some("us-east-2"));
    }
}
