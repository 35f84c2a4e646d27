//! The config file: where it lives, how it parses, and how a profile merges with flags
//! and environment variables into a provider id and a `ProviderConfig`.
//!
//! The file is TOML:
//!
//! ```toml
//! default_profile = "work"
//!
//! [profiles.work]
//! provider = "linode"
//! region = "eu-west"
//! endpoint = "https://api.example.com/v4"
//!
//! [profiles.work.credentials]
//! token = "…"
//!
//! [profiles.work.options]
//! page_size = "100"
//! ```
//!
//! Flags and their environment variables beat the profile; credentials missing from the
//! profile come from each provider's own environment variables.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use libcloud::core::Env;
use libcloud::{Error, ErrorKind, ProviderConfig, Result, Secret};
use serde::Deserialize;

/// The provider used when neither flags, environment nor profile name one.
pub const DEFAULT_PROVIDER: &str = "local";

/// The parsed config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The profile used when none is selected.
    pub default_profile: Option<String>,
    /// Profiles by name.
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// One `[profiles.NAME]` table.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Provider id.
    pub provider: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// Endpoint URL.
    pub endpoint: Option<String>,
    /// The provider's own profile name, for providers with profile files (e.g. a
    /// section of `~/.aws/credentials`). Not the name of this libcloud profile: the two
    /// are unrelated unless this says so.
    pub provider_profile: Option<String>,
    /// Credentials by name.
    #[serde(default)]
    pub credentials: BTreeMap<String, CredentialValue>,
    /// Provider options by name.
    #[serde(default)]
    pub options: BTreeMap<String, OptionValue>,
}

/// An option from the file: a string, or a number or boolean taken as its text
/// (`boot_delay_ms = 5` means the same as `boot_delay_ms = "5"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionValue(pub String);

impl<'de> Deserialize<'de> for OptionValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = OptionValue;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E: serde::de::Error>(
                self,
                v: &str,
            ) -> std::result::Result<Self::Value, E> {
                Ok(OptionValue(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Self::Value, E> {
                Ok(OptionValue(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Self::Value, E> {
                Ok(OptionValue(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<Self::Value, E> {
                Ok(OptionValue(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(
                self,
                v: bool,
            ) -> std::result::Result<Self::Value, E> {
                Ok(OptionValue(v.to_string()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// A credential from the file. It must be a string; a value of another type is rejected
/// without echoing it, since it may be a secret typed wrongly.
#[derive(Debug, Clone)]
pub struct CredentialValue(pub Secret);

impl<'de> Deserialize<'de> for CredentialValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = CredentialValue;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(
                self,
                v: &str,
            ) -> std::result::Result<Self::Value, E> {
                Ok(CredentialValue(Secret::new(v)))
            }
            fn visit_string<E: serde::de::Error>(
                self,
                v: String,
            ) -> std::result::Result<Self::Value, E> {
                Ok(CredentialValue(Secret::new(v)))
            }
        }
        // `deserialize_any` with a visitor that only takes strings: the error for other
        // types names the type but never the value.
        d.deserialize_any(Visitor).map_err(|_: D::Error| {
            serde::de::Error::custom("a credential must be a string (value not shown)")
        })
    }
}

/// What the command line (flags or their environment variables) said.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--provider`.
    pub provider: Option<String>,
    /// `--region`.
    pub region: Option<String>,
    /// `--endpoint`.
    pub endpoint: Option<url::Url>,
    /// `--profile`.
    pub profile: Option<String>,
    /// `--set K=V`, in order (a later one wins).
    pub options: Vec<(String, String)>,
}

/// The outcome: which provider, configured how.
#[derive(Debug)]
pub struct Resolved {
    /// Provider id.
    pub provider: String,
    /// The configuration handed to the provider's factory.
    pub config: ProviderConfig,
}

/// Where the config file is: `LIBCLOUD_CONFIG`, else `$XDG_CONFIG_HOME/libcloud/config.toml`,
/// else `$HOME/.config/libcloud/config.toml`; `None` when none of these is set.
pub fn config_path(env: &dyn Env) -> Option<PathBuf> {
    let set = |name: &str| env.var(name).filter(|v| !v.is_empty());
    if let Some(path) = set("LIBCLOUD_CONFIG") {
        return Some(PathBuf::from(path));
    }
    // The XDG spec says relative values are invalid and must be ignored.
    if let Some(dir) = set("XDG_CONFIG_HOME").map(PathBuf::from)
        && dir.is_absolute()
    {
        return Some(dir.join("libcloud").join("config.toml"));
    }
    set("HOME").map(|home| {
        PathBuf::from(home)
            .join(".config")
            .join("libcloud")
            .join("config.toml")
    })
}

/// Reads and parses the config file; a missing file is an empty config.
pub fn load(path: &Path) -> Result<ConfigFile> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ConfigFile::default()),
        Err(e) => Err(config_error(path, format!("cannot read: {e}"))),
    }
}

/// Parses config text; errors name the file and the line and column.
pub fn parse(text: &str, path: &Path) -> Result<ConfigFile> {
    toml::from_str(text).map_err(|e: toml::de::Error| {
        let message = one_line(e.message());
        let detail = match e.span() {
            Some(span) => {
                let (line, column) = line_column(text, span.start);
                format!("line {line}, column {column}: {message}")
            }
            None => message,
        };
        config_error(path, detail)
    })
}

/// Merges the file's selected profile with the overrides into a provider id and config.
pub fn resolve(
    file: &ConfigFile,
    path: Option<&Path>,
    overrides: Overrides,
    env: Arc<dyn Env>,
) -> Result<Resolved> {
    let shown = path.map_or_else(
        || "(no config file)".to_string(),
        |p| p.display().to_string(),
    );
    let selected = overrides
        .profile
        .clone()
        .or_else(|| file.default_profile.clone());
    let profile = match &selected {
        Some(name) => file.profiles.get(name).cloned().ok_or_else(|| {
            Error::new(
                ErrorKind::Configuration,
                format!("config file {shown}: no profile named '{name}'"),
            )
        })?,
        None => Profile::default(),
    };
    let endpoint = match (overrides.endpoint, &profile.endpoint) {
        (Some(url), _) => Some(url),
        (None, Some(text)) => Some(url::Url::parse(text).map_err(|e| {
            Error::new(
                ErrorKind::Configuration,
                format!(
                    "config file {shown}: profile '{}': endpoint {text:?} is not a URL: {e}",
                    selected.as_deref().unwrap_or_default()
                ),
            )
        })?),
        (None, None) => None,
    };
    let provider = overrides
        .provider
        .or(profile.provider)
        .unwrap_or_else(|| DEFAULT_PROVIDER.to_string());
    let mut options: std::collections::BTreeMap<String, String> =
        profile.options.into_iter().map(|(k, v)| (k, v.0)).collect();
    options.extend(overrides.options);
    let config = ProviderConfig {
        region: overrides.region.or(profile.region),
        endpoint,
        profile: profile.provider_profile,
        credentials: profile
            .credentials
            .into_iter()
            .map(|(k, v)| (k, v.0))
            .collect(),
        options,
        env,
        ..ProviderConfig::default()
    };
    Ok(Resolved { provider, config })
}

/// Finds, loads and resolves the config for this run.
pub fn load_and_resolve(overrides: Overrides, env: Arc<dyn Env>) -> Result<Resolved> {
    let path = config_path(env.as_ref());
    let file = match &path {
        Some(p) => load(p)?,
        None => ConfigFile::default(),
    };
    resolve(&file, path.as_deref(), overrides, env)
}

fn config_error(path: &Path, detail: String) -> Error {
    Error::new(
        ErrorKind::Configuration,
        format!("config file {}: {detail}", path.display()),
    )
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcloud::core::MapEnv;

    fn env(vars: &[(&str, &str)]) -> Arc<dyn Env> {
        let mut e = MapEnv::default();
        for (k, v) in vars {
            e.set(*k, *v);
        }
        Arc::new(e)
    }

    #[test]
    fn path_prefers_explicit_then_xdg_then_home() {
        let e = env(&[
            ("LIBCLOUD_CONFIG", "/etc/lc.toml"),
            ("XDG_CONFIG_HOME", "/x"),
            ("HOME", "/h"),
        ]);
        assert_eq!(config_path(e.as_ref()), Some(PathBuf::from("/etc/lc.toml")));
        let e = env(&[("XDG_CONFIG_HOME", "/x"), ("HOME", "/h")]);
        assert_eq!(
            config_path(e.as_ref()),
            Some(PathBuf::from("/x/libcloud/config.toml"))
        );
        let e = env(&[("XDG_CONFIG_HOME", "relative"), ("HOME", "/h")]);
        assert_eq!(
            config_path(e.as_ref()),
            Some(PathBuf::from("/h/.config/libcloud/config.toml"))
        );
        assert_eq!(config_path(env(&[]).as_ref()), None);
    }

    #[test]
    fn missing_file_is_empty_and_defaults_to_local() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().to_str().unwrap();
        let r = load_and_resolve(Overrides::default(), env(&[("HOME", home)])).unwrap();
        assert_eq!(r.provider, "local");
        assert!(r.config.credentials.is_empty());
        assert_eq!(r.config.profile, None);
    }

    const FILE: &str = r#"
default_profile = "work"

[profiles.work]
provider = "linode"
region = "eu-west"
endpoint = "https://api.example.com/v4"
provider_profile = "aws-dev"

[profiles.work.credentials]
token = "sekrit-123"

[profiles.work.options]
page_size = "100"
boot_delay_ms = 5
verify = false

[profiles.play]
provider = "local"
"#;

    #[test]
    fn default_profile_applies_and_flags_win() {
        let file = parse(FILE, Path::new("c.toml")).unwrap();
        let r = resolve(&file, None, Overrides::default(), env(&[])).unwrap();
        assert_eq!(r.provider, "linode");
        assert_eq!(r.config.region.as_deref(), Some("eu-west"));
        assert_eq!(
            r.config.endpoint.as_ref().map(|u| u.as_str()),
            Some("https://api.example.com/v4")
        );
        assert_eq!(r.config.credentials["token"].expose(), "sekrit-123");
        assert_eq!(r.config.options["page_size"], "100");
        assert_eq!(r.config.options["boot_delay_ms"], "5");
        assert_eq!(r.config.options["verify"], "false");
        // The provider's own profile is named explicitly, never taken from ours.
        assert_eq!(r.config.profile.as_deref(), Some("aws-dev"));
        assert!(!format!("{r:?}").contains("sekrit-123"));

        let overrides = Overrides {
            provider: Some("ec2".into()),
            region: Some("us-east-1".into()),
            endpoint: Some(url::Url::parse("http://127.0.0.1:9000").unwrap()),
            profile: None,
            options: vec![
                ("page_size".into(), "7".into()),
                ("max_attempts".into(), "2".into()),
            ],
        };
        let r = resolve(&file, None, overrides, env(&[])).unwrap();
        assert_eq!(r.provider, "ec2");
        assert_eq!(r.config.region.as_deref(), Some("us-east-1"));
        assert_eq!(r.config.endpoint.unwrap().port(), Some(9000));
        // The profile's credentials still apply; `--set` beats the profile's options.
        // HTTP options are applied when connecting, for the CLI and library alike.
        assert!(r.config.credentials.contains_key("token"));
        assert_eq!(r.config.options["page_size"], "7");
        assert_eq!(r.config.options["boot_delay_ms"], "5");
        assert_eq!(r.config.options["max_attempts"], "2");
    }

    #[test]
    fn selected_profile_beats_default_and_must_exist() {
        let file = parse(FILE, Path::new("c.toml")).unwrap();
        let pick = |name: &str| Overrides {
            profile: Some(name.into()),
            ..Default::default()
        };
        let r = resolve(&file, None, pick("play"), env(&[])).unwrap();
        assert_eq!(r.provider, "local");
        assert!(r.config.credentials.is_empty());
        let err = resolve(&file, Some(Path::new("/c.toml")), pick("nope"), env(&[])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert_eq!(
            err.to_string(),
            "config file /c.toml: no profile named 'nope'"
        );
    }

    #[test]
    fn syntax_errors_name_file_and_position_on_one_line() {
        let text = "[profiles.a]\nprovider = \"local\"\nregion = = 3\n";
        let err = parse(text, Path::new("/cfg/config.toml")).unwrap_err();
        let msg = err.to_string();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(
            msg.starts_with("config file /cfg/config.toml: line 3, column"),
            "{msg}"
        );
        assert!(!msg.contains('\n'), "{msg}");
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let err = parse("[profiles.a]\nprovidr = \"x\"\n", Path::new("c.toml")).unwrap_err();
        assert!(err.to_string().contains("providr"), "{err}");
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn non_string_credentials_are_rejected_without_echo() {
        let text = "[profiles.a.credentials]\ntoken = 987654321\n";
        let err = parse(text, Path::new("c.toml")).unwrap_err();
        assert!(err.to_string().contains("must be a string"), "{err}");
        assert!(!err.to_string().contains("987654321"), "{err}");
    }

    #[test]
    fn table_options_are_rejected() {
        let err = parse("[profiles.a.options]\nx = [1]\n", Path::new("c.toml")).unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
        assert!(
            err.to_string().contains("string, number or boolean"),
            "{err}"
        );
    }

    #[test]
    fn bad_profile_endpoint_is_a_config_error() {
        let file = parse(
            "[profiles.a]\nendpoint = \"not a url\"\n",
            Path::new("c.toml"),
        )
        .unwrap();
        let overrides = Overrides {
            profile: Some("a".into()),
            ..Default::default()
        };
        let err = resolve(&file, Some(Path::new("c.toml")), overrides, env(&[])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.to_string().contains("endpoint"), "{err}");
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\ncdé f", 7), (2, 4));
        assert_eq!(line_column("x", 0), (1, 1));
        assert_eq!(line_column("x", 99), (1, 2));
    }
}
