//! What the driver reads from a `ProviderConfig`: the emulator or endpoint, the
//! project and bucket location, and the upload sizes.

use cloud_core::options::{OptionKind, OptionSpec};
use cloud_core::{Error, ErrorKind, ProviderConfig, Result};
use cloud_google_auth::GOOGLE_OPTIONS;
use url::Url;

use crate::PROVIDER_ID;

/// The variable Google's client libraries read to reach a storage emulator
/// (`http://127.0.0.1:4443`, or `host:port`): requests go there without credentials.
pub const EMULATOR_HOST_ENV: &str = "STORAGE_EMULATOR_HOST";

/// The OAuth2 scope requested: reading and writing objects and buckets. ACLs and IAM
/// policies are left alone, so `full_control` is not needed.
pub const SCOPE: &str = "https://www.googleapis.com/auth/devstorage.read_write";

/// Google Cloud Storage's endpoint.
pub(crate) const DEFAULT_ENDPOINT: &str = "https://storage.googleapis.com";

/// One mebibyte.
const MIB: u64 = 1024 * 1024;

/// Resumable upload chunks are multiples of this: 256 KiB.
pub const MIN_CHUNK_SIZE: u64 = 256 * 1024;

/// Default size of a resumable upload's chunks: 16 MiB.
pub const DEFAULT_CHUNK_SIZE: u64 = 16 * MIB;

/// Default size up to which an object goes up in one request: 8 MiB.
pub const DEFAULT_UPLOAD_THRESHOLD: u64 = 8 * MIB;

/// Largest chunk accepted: 1 GiB (a chunk is held in memory).
const MAX_CHUNK_SIZE: u64 = 1024 * MIB;

/// `project`'s environment variables.
const PROJECT_ENV: &[&str] = &["GOOGLE_CLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT"];

/// `location`.
const LOCATION: OptionSpec = OptionSpec::new(
    "location",
    OptionKind::Text,
    "where new buckets are created (US, EU, europe-west1, …; default: Google's, US)",
);

/// `upload_threshold`.
const UPLOAD_THRESHOLD: OptionSpec = OptionSpec::new(
    "upload_threshold",
    OptionKind::Bytes {
        min: 0,
        max: MAX_CHUNK_SIZE,
    },
    "objects up to this size go up in one request; larger ones in a resumable upload",
)
.default_value("8MiB");

/// `chunk_size`.
const CHUNK_SIZE: OptionSpec = OptionSpec::new(
    "chunk_size",
    OptionKind::Bytes {
        min: MIN_CHUNK_SIZE,
        max: MAX_CHUNK_SIZE,
    },
    "size of each resumable upload request, rounded down to a multiple of 256 KiB",
)
.default_value("16MiB");

/// `emulator_host`.
const EMULATOR_HOST: OptionSpec = OptionSpec::new(
    "emulator_host",
    OptionKind::Text,
    "a storage emulator (http://HOST:PORT) reached without credentials",
)
.env(&[EMULATOR_HOST_ENV]);

/// `anonymous`.
const ANONYMOUS: OptionSpec = OptionSpec::new(
    "anonymous",
    OptionKind::Flag,
    "send requests without credentials (default: true for an emulator or an endpoint \
     override, false otherwise)",
);

/// The driver's own options.
const OWN: [OptionSpec; 5] = [
    LOCATION,
    UPLOAD_THRESHOLD,
    CHUNK_SIZE,
    EMULATOR_HOST,
    ANONYMOUS,
];

/// The Google options followed by the driver's own.
const fn all_options<const N: usize>(google: &[OptionSpec], own: &[OptionSpec]) -> [OptionSpec; N] {
    let mut out = [own[0]; N];
    let mut i = 0;
    while i < google.len() {
        out[i] = google[i];
        i += 1;
    }
    let mut j = 0;
    while j < own.len() {
        out[google.len() + j] = own[j];
        j += 1;
    }
    out
}

/// Every option the driver reads (the Google credential options first).
static ALL: [OptionSpec; GOOGLE_OPTIONS.len() + OWN.len()] = all_options(GOOGLE_OPTIONS, &OWN);

/// Every option the driver reads.
pub(crate) static OPTIONS: &[OptionSpec] = &ALL;

/// The driver's settings, read from a configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GcsSettings {
    /// Where requests go: the emulator, the endpoint override, or
    /// `https://storage.googleapis.com`.
    pub endpoint: Url,
    /// Whether `endpoint` was chosen by the user (an emulator or an override).
    pub overridden: bool,
    /// Whether requests go without credentials.
    pub anonymous: bool,
    /// The project buckets are listed and created in (option `project` or
    /// `GOOGLE_CLOUD_PROJECT`; else the credentials' own).
    pub project: Option<String>,
    /// Where new buckets are created (option `location`).
    pub location: Option<String>,
    /// Objects up to this size go up in one request (option `upload_threshold`).
    pub upload_threshold: u64,
    /// Size of each resumable upload request, a multiple of 256 KiB (option
    /// `chunk_size`). Memory for one upload is bounded by about this much.
    pub chunk_size: u64,
}

impl GcsSettings {
    /// Reads the settings from `config`.
    pub fn from_config(config: &ProviderConfig) -> Result<Self> {
        let emulator = config
            .option_text(PROVIDER_ID, &EMULATOR_HOST)?
            .filter(|h| !h.trim().is_empty())
            .map(|h| emulator_url(&h))
            .transpose()?;
        let (endpoint, overridden) = match (emulator, &config.endpoint) {
            (Some(url), _) => (url, true),
            (None, Some(url)) => (url.clone(), true),
            (None, None) => (Url::parse(DEFAULT_ENDPOINT).map_err(config_error)?, false),
        };
        let anonymous = config
            .option_flag(PROVIDER_ID, &ANONYMOUS)?
            .unwrap_or(overridden);
        let upload_threshold = config
            .option_number(PROVIDER_ID, &UPLOAD_THRESHOLD)?
            .unwrap_or(DEFAULT_UPLOAD_THRESHOLD);
        let chunk = config
            .option_number(PROVIDER_ID, &CHUNK_SIZE)?
            .unwrap_or(DEFAULT_CHUNK_SIZE);
        let chunk_size = (chunk / MIN_CHUNK_SIZE).max(1) * MIN_CHUNK_SIZE;
        Ok(GcsSettings {
            endpoint,
            overridden,
            anonymous,
            project: config
                .option("project", PROJECT_ENV)
                .filter(|p| !p.trim().is_empty()),
            location: config.option_text(PROVIDER_ID, &LOCATION)?,
            upload_threshold,
            chunk_size,
        })
    }
}

/// The emulator's URL from `STORAGE_EMULATOR_HOST`: `http://` is added to a bare
/// `host:port`, as Google's client libraries do.
fn emulator_url(host: &str) -> Result<Url> {
    let host = host.trim();
    let text = if host.contains("://") {
        host.to_string()
    } else {
        format!("http://{host}")
    };
    let url = Url::parse(&text).map_err(|e| {
        Error::new(
            ErrorKind::Configuration,
            format!("{EMULATOR_HOST_ENV} {host:?} is not a URL: {e}"),
        )
        .with_provider(PROVIDER_ID)
    })?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(Error::new(
            ErrorKind::Configuration,
            format!("{EMULATOR_HOST_ENV} has scheme {other:?}, not http or https"),
        )
        .with_provider(PROVIDER_ID)),
    }
}

fn config_error(e: url::ParseError) -> Error {
    Error::new(ErrorKind::Configuration, e.to_string()).with_provider(PROVIDER_ID)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use cloud_core::env::MapEnv;

    use super::*;

    fn config(vars: &[(&'static str, &'static str)]) -> ProviderConfig {
        let mut env = MapEnv::default();
        for (name, value) in vars {
            env.set(*name, *value);
        }
        ProviderConfig {
            env: Arc::new(env),
            ..ProviderConfig::default()
        }
    }

    #[test]
    fn defaults_are_google_with_credentials() {
        let s = GcsSettings::from_config(&config(&[])).unwrap();
        assert_eq!(s.endpoint.as_str(), "https://storage.googleapis.com/");
        assert!(!s.overridden && !s.anonymous);
        assert_eq!(s.upload_threshold, DEFAULT_UPLOAD_THRESHOLD);
        assert_eq!(s.chunk_size, DEFAULT_CHUNK_SIZE);
        assert_eq!(s.project, None);
    }

    #[test]
    fn the_emulator_variable_means_no_credentials() {
        let s = GcsSettings::from_config(&config(&[
            (EMULATOR_HOST_ENV, "127.0.0.1:4443"),
            ("GOOGLE_CLOUD_PROJECT", "demo"),
        ]))
        .unwrap();
        assert_eq!(s.endpoint.as_str(), "http://127.0.0.1:4443/");
        assert!(s.overridden && s.anonymous);
        assert_eq!(s.project.as_deref(), Some("demo"));
        let bad = GcsSettings::from_config(&config(&[(EMULATOR_HOST_ENV, "ftp://x")]));
        assert_eq!(bad.unwrap_err().kind(), ErrorKind::Configuration);
    }

    #[test]
    fn chunk_sizes_are_whole_multiples_of_256_kib() {
        let mut c = config(&[]);
        c.options.insert("chunk_size".into(), "1000000".into());
        c.options.insert("anonymous".into(), "true".into());
        let s = GcsSettings::from_config(&c).unwrap();
        assert_eq!(s.chunk_size, 3 * MIN_CHUNK_SIZE);
        assert!(s.anonymous && !s.overridden);
    }

    #[test]
    fn option_names_are_unique() {
        let mut names: Vec<&str> = OPTIONS.iter().map(|o| o.name).collect();
        let before = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), before);
    }
}
