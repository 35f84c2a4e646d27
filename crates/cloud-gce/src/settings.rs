//! What the Compute Engine provider reads from its configuration: Google's credentials
//! and project (through `cloud-google-auth`), the zone, the public image projects, the
//! page size and how operations are waited for.

use std::time::Duration;

use cloud_core::operation::WaitOptions;
use cloud_core::options::{CredentialSpec, OptionKind, OptionSpec, joined_specs};
use cloud_core::{Error, ErrorKind, ProviderConfig, Result};
use cloud_google_auth::{GOOGLE_CREDENTIALS, GOOGLE_OPTIONS};

use crate::PROVIDER_ID;

/// The public image projects listed beside the project's own images by default.
pub const DEFAULT_IMAGE_PROJECTS: &[&str] = &["debian-cloud", "ubuntu-os-cloud"];

/// The zone new instances and disks go in, and whose machine types are the sizes.
pub(crate) const ZONE: OptionSpec = OptionSpec::new(
    "zone",
    OptionKind::Text,
    "the zone new instances and disks go in and whose machine types are listed (e.g. us-central1-a); else the region setting when it names a zone",
)
.env(&["CLOUDSDK_COMPUTE_ZONE"]);

/// The public image projects whose current images `list_images` includes.
pub(crate) const IMAGE_PROJECTS: OptionSpec = OptionSpec::new(
    "image_projects",
    OptionKind::List,
    "public image projects listed beside the project's own images",
)
.default_value("debian-cloud,ubuntu-os-cloud");

/// `maxResults` of list calls.
pub(crate) const PAGE_SIZE: OptionSpec = OptionSpec::new(
    "page_size",
    OptionKind::Count { min: 1, max: 500 },
    "items per page on every list call",
)
.default_value("500");

/// How long a change may take before waiting for it gives up.
pub(crate) const OPERATION_TIMEOUT: OptionSpec = OptionSpec::new(
    "operation_timeout",
    OptionKind::Seconds,
    "how long to wait for an operation (a create, a delete, …) to finish",
)
.default_value("600");

/// Time between two polls of an operation.
pub(crate) const OPERATION_POLL_INTERVAL: OptionSpec = OptionSpec::new(
    "operation_poll_interval",
    OptionKind::Seconds,
    "time between two polls of a running operation",
)
.default_value("2");

const OWN_OPTIONS: [OptionSpec; 5] = [
    ZONE,
    IMAGE_PROJECTS,
    PAGE_SIZE,
    OPERATION_TIMEOUT,
    OPERATION_POLL_INTERVAL,
];

/// Google's options followed by this provider's own.
const ALL_OPTIONS: [OptionSpec; GOOGLE_OPTIONS.len() + OWN_OPTIONS.len()] =
    joined_specs(&[GOOGLE_OPTIONS, &OWN_OPTIONS]);

/// Every option the provider reads: Google's (`project`, …) and its own.
pub(crate) const OPTIONS: &[OptionSpec] = &ALL_OPTIONS;

/// The credentials: Google's (an access token, a key file, application defaults).
pub(crate) const CREDENTIALS: &[CredentialSpec] = GOOGLE_CREDENTIALS;

/// The settings a driver runs with.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// The default zone, when configured.
    pub(crate) zone: Option<String>,
    /// Public image projects for `list_images`.
    pub(crate) image_projects: Vec<String>,
    /// `maxResults` of list calls.
    pub(crate) page_size: u32,
    /// How operations are polled.
    pub(crate) wait: WaitOptions,
}

impl Settings {
    /// Reads the options; `InvalidInput` for a value of the wrong kind or a zone that
    /// cannot be one.
    pub(crate) fn read(config: &ProviderConfig) -> Result<Self> {
        let zone = match config.option_text(PROVIDER_ID, &ZONE)? {
            Some(zone) => Some(checked_zone(&zone)?),
            None => config.region.clone().filter(|r| is_zone(r)),
        };
        let image_projects = config
            .option_list(PROVIDER_ID, &IMAGE_PROJECTS)?
            .unwrap_or_else(|| {
                DEFAULT_IMAGE_PROJECTS
                    .iter()
                    .map(|p| p.to_string())
                    .collect()
            });
        for project in &image_projects {
            check_project(project)?;
        }
        let page_size = config
            .option_number(PROVIDER_ID, &PAGE_SIZE)?
            .map_or(500, |n| n.min(500) as u32);
        let timeout = config
            .option_duration(PROVIDER_ID, &OPERATION_TIMEOUT)?
            .unwrap_or(Duration::from_secs(600));
        let poll_interval = config
            .option_duration(PROVIDER_ID, &OPERATION_POLL_INTERVAL)?
            .unwrap_or(Duration::from_secs(2));
        Ok(Settings {
            zone,
            image_projects,
            page_size,
            wait: WaitOptions {
                poll_interval,
                timeout,
                jitter: 0.2,
            },
        })
    }
}

/// Whether `name` reads as a zone (`us-central1-a`): lowercase words joined by `-`,
/// the one before last ending in a digit, the last a single letter.
pub(crate) fn is_zone(name: &str) -> bool {
    let parts: Vec<&str> = name.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && parts[parts.len() - 1].len() == 1
        && parts[parts.len() - 1]
            .bytes()
            .all(|b| b.is_ascii_lowercase())
        && parts[parts.len() - 2].ends_with(|c: char| c.is_ascii_digit())
}

/// `zone` when it reads as a zone; else `InvalidInput` saying what a zone looks like.
pub(crate) fn checked_zone(zone: &str) -> Result<String> {
    if is_zone(zone) {
        Ok(zone.to_string())
    } else {
        let shown: String = zone.chars().take(64).collect();
        Err(Error::new(
            ErrorKind::InvalidInput,
            format!("{shown:?} is not a Compute Engine zone (like us-central1-a)"),
        )
        .with_provider(PROVIDER_ID))
    }
}

/// The error of a call made without a project.
pub(crate) fn no_project() -> Error {
    Error::new(
        ErrorKind::Configuration,
        "no Google Cloud project: set the project option (or GOOGLE_CLOUD_PROJECT), or use \
         credentials that name one",
    )
    .with_provider(PROVIDER_ID)
}

/// A project id: a lowercase letter, then lowercase letters, digits and `-` (a
/// domain-scoped project may carry `.` and one `:`), ending in a letter or digit, at
/// most 100 characters; else `InvalidInput`.
pub(crate) fn check_project(project: &str) -> Result<()> {
    let fine = project.starts_with(|c: char| c.is_ascii_lowercase())
        && project.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && project.len() <= 100
        && project.matches(':').count() <= 1
        && project.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'.' | b':')
        });
    if fine {
        Ok(())
    } else {
        let shown: String = project.chars().take(64).collect();
        Err(Error::new(
            ErrorKind::InvalidInput,
            format!("{shown:?} is not a Google Cloud project id"),
        )
        .with_provider(PROVIDER_ID))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_are_told_from_regions() {
        for zone in [
            "us-central1-a",
            "europe-west4-c",
            "northamerica-northeast1-b",
        ] {
            assert!(is_zone(zone), "{zone}");
        }
        for not in [
            "us-central1",
            "us-central1-",
            "US-central1-a",
            "a",
            "us-central-a",
            "us/central1-a",
        ] {
            assert!(!is_zone(not), "{not}");
        }
        assert_eq!(
            checked_zone("us-central1").unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }

    #[test]
    fn options_hold_googles_and_our_own() {
        let names: Vec<&str> = OPTIONS.iter().map(|o| o.name).collect();
        assert!(names.contains(&"project"), "{names:?}");
        for own in OWN_OPTIONS {
            assert!(names.contains(&own.name));
        }
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "no option declared twice");
    }

    #[test]
    fn projects_are_checked() {
        check_project("demo-project").unwrap();
        check_project("example.com:shop").unwrap();
        assert!(check_project("Demo").is_err());
        assert!(check_project("a/b").is_err());
        assert!(check_project("").is_err());
        assert!(check_project("..").is_err());
        assert!(check_project("demo-").is_err());
    }
}
