//! The shared AWS files: which ones, which profile, and what a profile says.
//!
//! - Credentials file: `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`;
//!   sections are profile names (`[default]`, `[dev]`).
//! - Config file: `AWS_CONFIG_FILE`, else `~/.aws/config`; sections are `[default]` and
//!   `[profile NAME]`.
//! - Profile: the caller's choice, else `AWS_PROFILE`, else `default`.
//!
//! A profile's settings are those of its config section overlaid with those of its
//! credentials section. A missing file counts as empty.

mod ini;

use std::collections::BTreeMap;
use std::path::PathBuf;

use cloud_core::{Error, ErrorKind, Result};

use crate::AwsContext;
use ini::Sections;

/// The profile used when none is chosen.
pub(crate) const DEFAULT_PROFILE: &str = "default";

/// The profile to use, and whether someone chose it (then it must exist).
#[derive(Debug, Clone)]
pub(crate) struct ProfileChoice {
    pub(crate) name: String,
    pub(crate) chosen: bool,
}

impl ProfileChoice {
    /// The caller's profile, else `AWS_PROFILE`, else `default`.
    pub(crate) fn select(ctx: &AwsContext, explicit: Option<&str>) -> Self {
        match explicit
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .or_else(|| ctx.var("AWS_PROFILE"))
        {
            Some(name) => ProfileChoice { name, chosen: true },
            None => ProfileChoice {
                name: DEFAULT_PROFILE.to_string(),
                chosen: false,
            },
        }
    }
}

/// One shared file: where it is, whether it exists, and its sections.
#[derive(Debug)]
struct LoadedFile {
    path: Option<PathBuf>,
    exists: bool,
    sections: Sections,
}

impl LoadedFile {
    fn load(ctx: &AwsContext, env_var: &str, default_name: &str) -> Result<Self> {
        let path = match ctx.var(env_var) {
            Some(p) => ctx.expand_home(&p),
            None => ctx.home().map(|h| h.join(".aws").join(default_name)),
        };
        let Some(path) = path else {
            return Ok(LoadedFile {
                path: None,
                exists: false,
                sections: Sections::new(),
            });
        };
        let text = ctx
            .files()
            .read_to_string(&path)
            .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        let exists = text.is_some();
        let sections = match text {
            Some(text) => ini::parse(&text, &path)?,
            None => Sections::new(),
        };
        Ok(LoadedFile {
            path: Some(path),
            exists,
            sections,
        })
    }

    fn describe(&self, what: &str) -> String {
        match (&self.path, self.exists) {
            (Some(p), true) => format!("{what} {}", p.display()),
            (Some(p), false) => format!("{what} {} (absent)", p.display()),
            (None, _) => format!("{what} (no home directory)"),
        }
    }
}

/// The shared credentials and config files, read and parsed.
#[derive(Debug)]
pub(crate) struct SharedFiles {
    credentials: LoadedFile,
    config: LoadedFile,
}

impl SharedFiles {
    /// Reads both files. A malformed or unreadable file is an error; a missing one is
    /// empty.
    pub(crate) fn load(ctx: &AwsContext) -> Result<Self> {
        Ok(SharedFiles {
            credentials: LoadedFile::load(ctx, "AWS_SHARED_CREDENTIALS_FILE", "credentials")?,
            config: LoadedFile::load(ctx, "AWS_CONFIG_FILE", "config")?,
        })
    }

    /// The merged settings of profile `name`, or `None` when neither file has it.
    pub(crate) fn profile(&self, name: &str) -> Option<BTreeMap<String, String>> {
        let config_section = self.config.sections.iter().find_map(|(section, keys)| {
            (config_profile_name(section) == Some(name)).then_some(keys)
        });
        let credentials_section = self.credentials.sections.get(name);
        if config_section.is_none() && credentials_section.is_none() {
            return None;
        }
        let mut merged = config_section.cloned().unwrap_or_default();
        if let Some(keys) = credentials_section {
            merged.extend(keys.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        Some(merged)
    }

    /// The selected profile's settings; `None` when it is the unchosen default and
    /// absent, an error when a chosen profile is absent.
    pub(crate) fn selected(
        &self,
        choice: &ProfileChoice,
    ) -> Result<Option<BTreeMap<String, String>>> {
        match self.profile(&choice.name) {
            Some(p) => Ok(Some(p)),
            None if choice.chosen => Err(Error::new(
                ErrorKind::Configuration,
                format!(
                    "AWS profile {:?} not found in {}",
                    choice.name,
                    self.describe()
                ),
            )),
            None => Ok(None),
        }
    }

    /// Where the files are, for messages.
    pub(crate) fn describe(&self) -> String {
        format!(
            "{} or {}",
            self.credentials.describe("shared credentials file"),
            self.config.describe("config file")
        )
    }
}

/// The profile a config-file section names: `default` for `[default]` (or
/// `[profile default]`), `NAME` for `[profile NAME]`, nothing for other sections.
fn config_profile_name(section: &str) -> Option<&str> {
    if section == DEFAULT_PROFILE {
        return Some(DEFAULT_PROFILE);
    }
    let rest = section.strip_prefix("profile")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some(rest.trim()).filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::MemoryFiles;
    use cloud_core::MapEnv;
    use std::sync::Arc;

    fn ctx(vars: MapEnv, files: MemoryFiles) -> AwsContext {
        AwsContext::new(Arc::new(vars), Arc::new(files), Some(PathBuf::from("/h")))
    }

    #[test]
    fn config_section_names() {
        assert_eq!(config_profile_name("default"), Some("default"));
        assert_eq!(config_profile_name("profile default"), Some("default"));
        assert_eq!(config_profile_name("profile  dev "), Some("dev"));
        assert_eq!(config_profile_name("dev"), None);
        assert_eq!(config_profile_name("profiledev"), None);
        assert_eq!(config_profile_name("profile "), None);
    }

    #[test]
    fn credentials_file_overrides_config_file() {
        let mut files = MemoryFiles::default();
        files.insert(
            "/h/.aws/config",
            "[profile dev]\nregion = eu-west-1\nk = config\n",
        );
        files.insert("/h/.aws/credentials", "[dev]\nk = credentials\n");
        let shared = SharedFiles::load(&ctx(MapEnv::default(), files)).unwrap();
        let dev = shared.profile("dev").unwrap();
        assert_eq!(dev["region"], "eu-west-1");
        assert_eq!(dev["k"], "credentials");
        assert!(shared.profile("other").is_none());
    }

    #[test]
    fn chosen_missing_profile_is_an_error_default_is_not() {
        let mut files = MemoryFiles::default();
        files.insert("/h/.aws/credentials", "[a]\nk = v\n");
        let c = ctx(MapEnv::from([("AWS_PROFILE", "b")]), files);
        let shared = SharedFiles::load(&c).unwrap();
        let err = shared
            .selected(&ProfileChoice::select(&c, None))
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.message().contains("\"b\" not found"), "{err}");
        assert!(err.message().contains("/h/.aws/config (absent)"), "{err}");
        let default = ProfileChoice::select(&ctx(MapEnv::default(), MemoryFiles::default()), None);
        assert!(!default.chosen);
        assert!(shared.selected(&default).unwrap().is_none());
    }

    #[test]
    fn file_locations_follow_the_environment() {
        let mut files = MemoryFiles::default();
        files.insert("/etc/creds", "[default]\nk = custom\n");
        files.insert("/h/alt/config", "[default]\nregion = ap-south-1\n");
        let c = ctx(
            MapEnv::from([
                ("AWS_SHARED_CREDENTIALS_FILE", "/etc/creds"),
                ("AWS_CONFIG_FILE", "~/alt/config"),
            ]),
            files,
        );
        let p = SharedFiles::load(&c).unwrap().profile("default").unwrap();
        assert_eq!(p["k"], "custom");
        assert_eq!(p["region"], "ap-south-1");
    }
}
