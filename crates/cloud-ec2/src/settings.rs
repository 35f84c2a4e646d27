//! The driver's options from `ProviderConfig.options` (or their environment variables):
//! page size and what the catalog lists.

use cloud_core::options::{OptionKind, OptionSpec};
use cloud_core::{Error, ErrorKind, ProviderConfig, Result};

use crate::client::Filter;

/// Items per page of `DescribeInstances` (and the other paged lists, within their own
/// limits) unless the `page_size` option says otherwise.
pub const DEFAULT_PAGE_SIZE: u32 = 1000;

/// Image owners listed when the `image_owners` option is not set: your own images
/// only, never every public AMI.
pub const DEFAULT_IMAGE_OWNERS: &[&str] = &["self"];

/// What the driver's options say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Settings {
    pub(crate) page_size: u32,
    pub(crate) image_owners: Vec<String>,
    pub(crate) image_filters: Vec<Filter>,
    pub(crate) size_filters: Vec<Filter>,
    pub(crate) snapshot_filters: Vec<Filter>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            page_size: DEFAULT_PAGE_SIZE,
            image_owners: DEFAULT_IMAGE_OWNERS.iter().map(|s| s.to_string()).collect(),
            image_filters: Vec::new(),
            size_filters: Vec::new(),
            snapshot_filters: Vec::new(),
        }
    }
}

/// Items per page of `DescribeInstances`.
const PAGE_SIZE: OptionSpec = OptionSpec::new(
    "page_size",
    OptionKind::Count { min: 5, max: 1000 },
    "items per page of DescribeInstances (other lists within their own limits)",
)
.default_value("1000")
.env(&["LIBCLOUD_EC2_PAGE_SIZE"]);

/// Whose images the catalog lists.
const IMAGE_OWNERS: OptionSpec = OptionSpec::new(
    "image_owners",
    OptionKind::List,
    "whose images list_images shows: self, amazon, aws-marketplace or account ids",
)
.default_value("self")
.env(&["LIBCLOUD_EC2_IMAGE_OWNERS"]);

/// Filters on the image list.
const IMAGE_FILTERS: OptionSpec = OptionSpec::new(
    "image_filters",
    OptionKind::Text,
    "DescribeImages filters: name=value[,value…][;name=value…]",
)
.env(&["LIBCLOUD_EC2_IMAGE_FILTERS"]);

/// Filters on the size list.
const SIZE_FILTERS: OptionSpec = OptionSpec::new(
    "size_filters",
    OptionKind::Text,
    "DescribeInstanceTypes filters: name=value[,value…][;name=value…]",
)
.env(&["LIBCLOUD_EC2_SIZE_FILTERS"]);

/// Filters on the snapshot list.
const SNAPSHOT_FILTERS: OptionSpec = OptionSpec::new(
    "snapshot_filters",
    OptionKind::Text,
    "DescribeSnapshots filters: name=value[,value…][;name=value…]",
)
.env(&["LIBCLOUD_EC2_SNAPSHOT_FILTERS"]);

/// The options EC2 reads.
pub(crate) const OPTIONS: &[OptionSpec] = &[
    PAGE_SIZE,
    IMAGE_OWNERS,
    IMAGE_FILTERS,
    SIZE_FILTERS,
    SNAPSHOT_FILTERS,
];

impl Settings {
    /// Reads every option; a bad one is an `InvalidInput` error naming it.
    pub(crate) fn from_config(config: &ProviderConfig) -> Result<Self> {
        let id = crate::PROVIDER_ID;
        let mut s = Settings::default();
        if let Some(n) = config.option_number(id, &PAGE_SIZE)? {
            s.page_size = n as u32;
        }
        if let Some(owners) = config.option_list(id, &IMAGE_OWNERS)? {
            s.image_owners = owners;
        }
        for (spec, slot) in [
            (&IMAGE_FILTERS, &mut s.image_filters),
            (&SIZE_FILTERS, &mut s.size_filters),
            (&SNAPSHOT_FILTERS, &mut s.snapshot_filters),
        ] {
            if let Some(text) = config.option_text(id, spec)? {
                *slot =
                    parse_filters(&text).map_err(|e| bad(format!("option {}: {e}", spec.name)))?;
            }
        }
        Ok(s)
    }
}

fn bad(message: String) -> Error {
    Error::new(ErrorKind::InvalidInput, message).with_provider(crate::PROVIDER_ID)
}

/// Parses filters written as `name=value[,value…][;name=value…]`, e.g.
/// `name=ubuntu/images/*;architecture=x86_64,arm64`.
pub fn parse_filters(text: &str) -> std::result::Result<Vec<Filter>, String> {
    let mut filters = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((name, values)) = part.split_once('=') else {
            return Err(format!("{part:?} is not name=value[,value…]"));
        };
        let name = name.trim();
        let values: Vec<String> = values
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect();
        if name.is_empty() || values.is_empty() {
            return Err(format!(
                "{part:?} needs a filter name and at least one value"
            ));
        }
        filters.push(Filter {
            name: name.to_string(),
            values,
        });
    }
    Ok(filters)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::MapEnv;
    use std::sync::Arc;

    fn config(options: &[(&str, &str)], env: MapEnv) -> ProviderConfig {
        ProviderConfig {
            options: options
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            env: Arc::new(env),
            ..Default::default()
        }
    }

    #[test]
    fn defaults_list_own_images_only() {
        let s = Settings::from_config(&config(&[], MapEnv::default())).unwrap();
        assert_eq!(s, Settings::default());
        assert_eq!(s.image_owners, ["self"]);
        assert_eq!(s.page_size, 1000);
    }

    #[test]
    fn options_and_environment() {
        let s = Settings::from_config(&config(
            &[
                ("page_size", "5"),
                ("image_owners", "amazon, 123456789012"),
                ("image_filters", "name=amzn2-*;architecture=x86_64,arm64"),
            ],
            MapEnv::from([("LIBCLOUD_EC2_SIZE_FILTERS", "instance-type=t3.*")]),
        ))
        .unwrap();
        assert_eq!(s.page_size, 5);
        assert_eq!(s.image_owners, ["amazon", "123456789012"]);
        assert_eq!(
            s.image_filters,
            [
                Filter::new("name", ["amzn2-*"]),
                Filter::new("architecture", ["x86_64", "arm64"])
            ]
        );
        assert_eq!(s.size_filters, [Filter::new("instance-type", ["t3.*"])]);
        assert!(s.snapshot_filters.is_empty());
    }

    #[test]
    fn bad_options_are_invalid_input_naming_the_option() {
        for (name, value) in [
            ("page_size", "4"),
            ("page_size", "1001"),
            ("page_size", "many"),
            ("image_owners", " , "),
            ("image_filters", "name"),
            ("size_filters", "=x"),
            ("snapshot_filters", "description="),
        ] {
            let err =
                Settings::from_config(&config(&[(name, value)], MapEnv::default())).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{name}={value}");
            assert!(err.message().contains(name), "{err}");
        }
    }
}
