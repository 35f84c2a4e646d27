//! What a provider is: id, name, areas served, lifecycle.

use serde::{Deserialize, Serialize};

/// An area of cloud service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// Servers, images, sizes, locations, key pairs, volumes.
    Compute,
    /// Containers and objects.
    Storage,
    /// Zones and records.
    Dns,
    /// Load balancers.
    LoadBalancer,
}

impl Area {
    /// The lowercase name used in tables and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Area::Compute => "compute",
            Area::Storage => "storage",
            Area::Dns => "dns",
            Area::LoadBalancer => "load_balancer",
        }
    }
}

/// Whether a provider's API is still served.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Lifecycle {
    /// In service.
    Active,
    /// Still served, but going away.
    Deprecated {
        /// Why, and what to use instead.
        note: String,
    },
    /// No longer served; the driver stays for recorded traffic and old code.
    Defunct {
        /// When the API stopped (ISO date, e.g. `2012-11-01`).
        since: String,
        /// What happened.
        note: String,
    },
}

impl Lifecycle {
    /// A one-word label: `active`, `deprecated`, `defunct`.
    pub fn label(&self) -> &'static str {
        match self {
            Lifecycle::Active => "active",
            Lifecycle::Deprecated { .. } => "deprecated",
            Lifecycle::Defunct { .. } => "defunct",
        }
    }

    /// A warning to show a user of this provider, if any.
    pub fn warning(&self, provider: &str) -> Option<String> {
        match self {
            Lifecycle::Active => None,
            Lifecycle::Deprecated { note } => Some(format!(
                "warning: provider {provider} is deprecated: {note}"
            )),
            Lifecycle::Defunct { since, note } => Some(format!(
                "warning: provider {provider} is defunct since {since}: {note}"
            )),
        }
    }
}

/// Static facts about a provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderMeta {
    /// The id used to select it (`local`, `ec2`, `linode`).
    pub id: String,
    /// A display name (`Amazon EC2`).
    pub name: String,
    /// The areas this driver serves.
    pub areas: Vec<Area>,
    /// Whether the API is still served.
    pub lifecycle: Lifecycle,
    /// Where the provider's API reference lives.
    pub api_reference: String,
    /// The crate the driver ships in, with its version (`cloud-ec2 0.1.0`); set it with
    /// [`this_crate!`](crate::this_crate) inside the driver crate.
    pub package: CrateVersion,
}

/// A crate's name and version, as cargo built it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CrateVersion {
    /// The crate's name on the registry (`cloud-ec2`).
    pub name: String,
    /// Its semantic version (`0.1.0`).
    pub version: String,
}

impl CrateVersion {
    /// A crate name and version.
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> Self {
        CrateVersion {
            name: name.into(),
            version: version.into(),
        }
    }
}

impl std::fmt::Display for CrateVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.name, self.version)
    }
}

/// The [`CrateVersion`] of the crate this macro is written in (its `CARGO_PKG_NAME` and
/// `CARGO_PKG_VERSION`), for [`ProviderMeta::package`].
#[macro_export]
macro_rules! this_crate {
    () => {
        $crate::provider::CrateVersion::new(env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_crate_names_the_calling_crate() {
        let package = crate::this_crate!();
        assert_eq!(package.name, "cloud-core");
        assert_eq!(
            package.to_string(),
            format!("cloud-core {}", env!("CARGO_PKG_VERSION"))
        );
    }

    #[test]
    fn defunct_warns_with_date() {
        let l = Lifecycle::Defunct {
            since: "2012-11-01".into(),
            note: "moved".into(),
        };
        assert_eq!(l.label(), "defunct");
        let w = l.warning("slicehost").unwrap();
        assert!(w.contains("2012-11-01") && w.contains("slicehost"));
        assert_eq!(Lifecycle::Active.warning("x"), None);
    }
}
