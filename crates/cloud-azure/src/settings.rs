//! What the Azure provider reads from its configuration: Azure AD credentials and the
//! cloud (through `cloud-azure-auth`), the subscription, the resource group, the
//! location (the region setting), the network pieces new VMs join, the marketplace
//! offers `list_images` shows, and how long-running operations are waited for.

use std::time::Duration;

use cloud_azure_auth::{AZURE_CREDENTIALS, AZURE_OPTIONS};
use cloud_core::operation::WaitOptions;
use cloud_core::options::{CredentialSpec, OptionKind, OptionSpec, joined_specs};
use cloud_core::{Error, ErrorKind, ProviderConfig, Result};

use crate::PROVIDER_ID;
use crate::ops::names::{check_location, check_resource_group, check_subscription};

/// The marketplace offers (`publisher:offer`) `list_images` lists by default.
pub const DEFAULT_IMAGE_OFFERS: &[&str] = &["Canonical:ubuntu-24_04-lts"];

/// The administrator account new VMs get by default.
pub const DEFAULT_ADMIN_USERNAME: &str = "azureuser";

/// The virtual network new VMs join by default (made when missing).
pub const DEFAULT_VNET: &str = "libcloud-vnet";

/// The subnet of that network new VMs join by default (made when missing).
pub const DEFAULT_SUBNET: &str = "default";

/// The subscription every call is under.
pub(crate) const SUBSCRIPTION_ID: OptionSpec = OptionSpec::new(
    "subscription_id",
    OptionKind::Text,
    "the Azure subscription id (a GUID) every call is under",
)
.env(&["AZURE_SUBSCRIPTION_ID"]);

/// The resource group VMs, disks, snapshots, images and keys live in.
pub(crate) const RESOURCE_GROUP: OptionSpec = OptionSpec::new(
    "resource_group",
    OptionKind::Text,
    "the resource group the VMs, network pieces, disks, snapshots, images and SSH keys live in",
)
.env(&["AZURE_RESOURCE_GROUP"]);

/// The marketplace offers `list_images` lists.
pub(crate) const IMAGE_OFFERS: OptionSpec = OptionSpec::new(
    "image_offers",
    OptionKind::List,
    "marketplace offers (publisher:offer) whose SKUs list_images lists beside the resource group's images",
)
.default_value("Canonical:ubuntu-24_04-lts");

/// The administrator account of new VMs.
pub(crate) const ADMIN_USERNAME: OptionSpec = OptionSpec::new(
    "admin_username",
    OptionKind::Text,
    "the administrator account new VMs get (its SSH key is the create request's)",
)
.default_value(DEFAULT_ADMIN_USERNAME);

/// The virtual network new VMs join.
pub(crate) const VIRTUAL_NETWORK: OptionSpec = OptionSpec::new(
    "virtual_network",
    OptionKind::Text,
    "the virtual network new VMs join, made (10.0.0.0/16) when missing",
)
.default_value(DEFAULT_VNET);

/// The subnet new VMs join.
pub(crate) const SUBNET: OptionSpec = OptionSpec::new(
    "subnet",
    OptionKind::Text,
    "the subnet of that network new VMs join, made (10.0.0.0/24) with the network",
)
.default_value(DEFAULT_SUBNET);

/// How long a long-running operation may take.
pub(crate) const OPERATION_TIMEOUT: OptionSpec = OptionSpec::new(
    "operation_timeout",
    OptionKind::Seconds,
    "how long to wait for a long-running operation (a create, a delete, a power action, …) to finish",
)
.default_value("900");

/// Time between two polls of a long-running operation.
pub(crate) const OPERATION_POLL_INTERVAL: OptionSpec = OptionSpec::new(
    "operation_poll_interval",
    OptionKind::Seconds,
    "time between two polls of a running operation, unless Azure asks for longer with Retry-After",
)
.default_value("5");

const OWN_OPTIONS: [OptionSpec; 7] = [
    SUBSCRIPTION_ID,
    RESOURCE_GROUP,
    IMAGE_OFFERS,
    ADMIN_USERNAME,
    VIRTUAL_NETWORK,
    SUBNET,
    OPERATION_TIMEOUT,
];

const MORE_OPTIONS: [OptionSpec; 1] = [OPERATION_POLL_INTERVAL];

/// Azure's shared options followed by this provider's own.
const ALL_OPTIONS: [OptionSpec; AZURE_OPTIONS.len() + OWN_OPTIONS.len() + MORE_OPTIONS.len()] =
    joined_specs(&[AZURE_OPTIONS, &OWN_OPTIONS, &MORE_OPTIONS]);

/// Every option the provider reads: Azure's shared ones and its own.
pub(crate) const OPTIONS: &[OptionSpec] = &ALL_OPTIONS;

/// The credentials: Azure AD's (through `cloud-azure-auth`).
pub(crate) const CREDENTIALS: &[CredentialSpec] = AZURE_CREDENTIALS;

/// The settings a driver runs with.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// The subscription, when configured (calls fail with `Configuration` without it).
    pub(crate) subscription: Option<String>,
    /// The resource group, when configured (calls fail with `Configuration` without it).
    pub(crate) resource_group: Option<String>,
    /// The default location (the region setting).
    pub(crate) location: Option<String>,
    /// Marketplace offers `list_images` lists, as (publisher, offer).
    pub(crate) image_offers: Vec<(String, String)>,
    /// The administrator account of new VMs.
    pub(crate) admin_username: String,
    /// The virtual network new VMs join.
    pub(crate) vnet: String,
    /// Its subnet.
    pub(crate) subnet: String,
    /// How operations are polled.
    pub(crate) wait: WaitOptions,
}

impl Settings {
    /// Reads the options; `InvalidInput` for a value of the wrong shape. A missing
    /// subscription or resource group is not an error here: the first call says so.
    pub(crate) fn read(config: &ProviderConfig) -> Result<Self> {
        let subscription = config.option_text(PROVIDER_ID, &SUBSCRIPTION_ID)?;
        if let Some(s) = &subscription {
            check_subscription(s)?;
        }
        let resource_group = config.option_text(PROVIDER_ID, &RESOURCE_GROUP)?;
        if let Some(rg) = &resource_group {
            check_resource_group(rg)?;
        }
        let location = match config.region.as_deref() {
            Some(region) => Some(check_location(region, "connect")?),
            None => None,
        };
        let offers = config
            .option_list(PROVIDER_ID, &IMAGE_OFFERS)?
            .unwrap_or_else(|| DEFAULT_IMAGE_OFFERS.iter().map(|o| o.to_string()).collect());
        let image_offers = offers
            .iter()
            .map(|o| parse_offer(o))
            .collect::<Result<Vec<_>>>()?;
        let admin_username = config
            .option_text(PROVIDER_ID, &ADMIN_USERNAME)?
            .unwrap_or_else(|| DEFAULT_ADMIN_USERNAME.into());
        check_admin_username(&admin_username)?;
        let vnet = config
            .option_text(PROVIDER_ID, &VIRTUAL_NETWORK)?
            .unwrap_or_else(|| DEFAULT_VNET.into());
        let subnet = config
            .option_text(PROVIDER_ID, &SUBNET)?
            .unwrap_or_else(|| DEFAULT_SUBNET.into());
        for (what, name) in [("virtual network", &vnet), ("subnet", &subnet)] {
            crate::ops::names::check_name(what, name, "connect")?;
        }
        let timeout = config
            .option_duration(PROVIDER_ID, &OPERATION_TIMEOUT)?
            .unwrap_or(Duration::from_secs(900));
        let poll_interval = config
            .option_duration(PROVIDER_ID, &OPERATION_POLL_INTERVAL)?
            .unwrap_or(Duration::from_secs(5));
        Ok(Settings {
            subscription,
            resource_group,
            location,
            image_offers,
            admin_username,
            vnet,
            subnet,
            wait: WaitOptions {
                poll_interval,
                timeout,
                jitter: 0.2,
            },
        })
    }
}

/// `publisher:offer` split in two; `InvalidInput` otherwise.
fn parse_offer(text: &str) -> Result<(String, String)> {
    let parts: Vec<&str> = text.split(':').collect();
    match parts.as_slice() {
        [publisher, offer]
            if crate::ops::names::is_urn_part(publisher)
                && crate::ops::names::is_urn_part(offer) =>
        {
            Ok((publisher.to_string(), offer.to_string()))
        }
        _ => Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "image_offers: {:?} is not publisher:offer (like Canonical:ubuntu-24_04-lts)",
                text.chars().take(64).collect::<String>()
            ),
        )
        .with_provider(PROVIDER_ID)),
    }
}

/// An administrator name Azure takes on Linux: 1 to 64 letters, digits, `-`, `_` and
/// `.`, starting with a letter or `_`, and not one of the reserved names.
fn check_admin_username(name: &str) -> Result<()> {
    const RESERVED: &[&str] = &["root", "admin", "administrator", "guest", "user", "test"];
    let fine = !name.is_empty()
        && name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !RESERVED.contains(&name.to_ascii_lowercase().as_str());
    if fine {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "admin_username {:?} is not a name Azure takes (letters, digits, -, _ and ., \
                 not root, admin or the other reserved names)",
                name.chars().take(64).collect::<String>()
            ),
        )
        .with_provider(PROVIDER_ID))
    }
}

/// The error of a call made without a subscription or resource group.
pub(crate) fn missing(what: &str, option: &str, variable: &str) -> Error {
    Error::new(
        ErrorKind::Configuration,
        format!("no Azure {what}: set the {option} option (or {variable})"),
    )
    .with_provider(PROVIDER_ID)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_hold_azures_and_our_own() {
        let names: Vec<&str> = OPTIONS.iter().map(|o| o.name).collect();
        for own in OWN_OPTIONS.iter().chain(MORE_OPTIONS.iter()) {
            assert!(names.contains(&own.name));
        }
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "no option declared twice");
    }

    #[test]
    fn offers_and_admin_names_are_checked() {
        assert_eq!(
            parse_offer("Canonical:ubuntu-24_04-lts").unwrap(),
            ("Canonical".into(), "ubuntu-24_04-lts".into())
        );
        for bad in ["Canonical", "a:b:c", ":x", "a/b:c"] {
            assert!(parse_offer(bad).is_err(), "{bad}");
        }
        check_admin_username("azureuser").unwrap();
        for bad in ["root", "Admin", "", "1abc", "a b"] {
            assert!(check_admin_username(bad).is_err(), "{bad}");
        }
    }
}
