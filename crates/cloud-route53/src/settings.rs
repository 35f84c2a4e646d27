//! The driver's options from `ProviderConfig.options` (or their environment variables):
//! the listing page size and the TTL of records created without one.

use cloud_core::options::{OptionKind, OptionSpec};
use cloud_core::{ProviderConfig, Result};

/// Record sets per page of `ListResourceRecordSets` unless the `page_size` option says
/// otherwise (300 is the most Route 53 returns).
pub const DEFAULT_PAGE_SIZE: u32 = 300;

/// The TTL, in seconds, of a record created without one: Route 53 requires a TTL on
/// every record set that is not an alias.
pub const DEFAULT_TTL: u32 = 300;

/// What the driver's options say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Settings {
    /// `maxitems` of `ListResourceRecordSets`.
    pub(crate) page_size: u32,
    /// The TTL given to new record sets that come without one.
    pub(crate) default_ttl: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            page_size: DEFAULT_PAGE_SIZE,
            default_ttl: DEFAULT_TTL,
        }
    }
}

/// Record sets per page of `ListResourceRecordSets`.
const PAGE_SIZE: OptionSpec = OptionSpec::new(
    "page_size",
    OptionKind::Count { min: 1, max: 300 },
    "record sets per page of ListResourceRecordSets",
)
.default_value("300")
.env(&["LIBCLOUD_ROUTE53_PAGE_SIZE"]);

/// The TTL of records created without one.
const DEFAULT_TTL_OPTION: OptionSpec = OptionSpec::new(
    "default_ttl",
    OptionKind::Count {
        min: 0,
        max: 2_147_483_647,
    },
    "TTL in seconds of a record created without one (Route 53 requires a TTL)",
)
.default_value("300")
.env(&["LIBCLOUD_ROUTE53_DEFAULT_TTL"]);

/// The options Route 53 reads.
pub(crate) const OPTIONS: &[OptionSpec] = &[PAGE_SIZE, DEFAULT_TTL_OPTION];

impl Settings {
    /// Reads every option; a bad one is an `InvalidInput` error naming it.
    pub(crate) fn from_config(config: &ProviderConfig) -> Result<Self> {
        let id = crate::PROVIDER_ID;
        let mut s = Settings::default();
        if let Some(n) = config.option_number(id, &PAGE_SIZE)? {
            s.page_size = u32::try_from(n).unwrap_or(DEFAULT_PAGE_SIZE);
        }
        if let Some(n) = config.option_number(id, &DEFAULT_TTL_OPTION)? {
            s.default_ttl = u32::try_from(n).unwrap_or(DEFAULT_TTL);
        }
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use cloud_core::{ErrorKind, MapEnv};

    use super::*;

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
    fn defaults_options_and_environment() {
        let s = Settings::from_config(&config(&[], MapEnv::default())).unwrap();
        assert_eq!(s, Settings::default());
        assert_eq!((s.page_size, s.default_ttl), (300, 300));
        let s = Settings::from_config(&config(
            &[("page_size", "7")],
            MapEnv::from([("LIBCLOUD_ROUTE53_DEFAULT_TTL", "60")]),
        ))
        .unwrap();
        assert_eq!((s.page_size, s.default_ttl), (7, 60));
    }

    #[test]
    fn bad_values_name_the_option() {
        for (name, value) in [
            ("page_size", "0"),
            ("page_size", "301"),
            ("default_ttl", "x"),
        ] {
            let err =
                Settings::from_config(&config(&[(name, value)], MapEnv::default())).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{name}={value}");
            assert!(err.message().contains(name), "{err}");
        }
    }
}
