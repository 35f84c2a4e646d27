//! What may go into a URL path, checked before anything is sent: subscription ids,
//! resource groups, locations, resource names, VM sizes and image references.

use cloud_core::{Error, ErrorKind, Result};

use crate::PROVIDER_ID;

/// Up to 64 characters of `text`, for error messages.
pub(crate) fn shown(text: &str) -> String {
    text.chars().take(64).collect()
}

/// An `InvalidInput` error for `operation`.
pub(crate) fn invalid(message: String, operation: &str) -> Error {
    Error::new(ErrorKind::InvalidInput, message)
        .with_provider(PROVIDER_ID)
        .with_operation(operation)
}

/// Whether `name` is a resource name this driver sends: 1 to 64 ASCII letters, digits,
/// `-`, `_` and `.`, starting with a letter or digit and not ending with `-` or `.`
/// (what Azure takes for Linux VMs, disks, snapshots, images, networks and SSH keys).
pub fn is_resource_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && !name.ends_with(['-', '.'])
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// `name` when it [is a resource name](is_resource_name); else `InvalidInput` naming
/// `what` it should have been.
pub(crate) fn check_name<'a>(what: &str, name: &'a str, operation: &str) -> Result<&'a str> {
    if is_resource_name(name) {
        Ok(name)
    } else {
        Err(invalid(
            format!(
                "{:?} is not an Azure {what} name (1 to 64 letters, digits, -, _ and ., \
                 starting with a letter or digit, not ending with - or .)",
                shown(name)
            ),
            operation,
        ))
    }
}

/// Whether `size` reads as an Azure VM size: `Standard_` or `Basic_` and then letters,
/// digits and `_` (`Standard_B1s`, `Standard_D2s_v5`).
pub fn is_size_name(size: &str) -> bool {
    let rest = size
        .strip_prefix("Standard_")
        .or_else(|| size.strip_prefix("Basic_"));
    rest.is_some_and(|r| {
        !r.is_empty() && r.len() <= 64 && r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// One part of a marketplace image reference (publisher, offer, SKU or version):
/// letters, digits, `-`, `_` and `.`.
pub(crate) fn is_urn_part(part: &str) -> bool {
    !part.is_empty()
        && part.len() <= 128
        && part != "."
        && part != ".."
        && part
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// A subscription id: a GUID (hex digits and `-`), checked so it can go in a path.
pub(crate) fn check_subscription(id: &str) -> Result<()> {
    let fine =
        !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    if fine {
        Ok(())
    } else {
        Err(invalid(
            format!(
                "subscription_id {:?} is not a subscription id (a GUID)",
                shown(id)
            ),
            "connect",
        ))
    }
}

/// A resource group name: 1 to 90 letters, digits, `_`, `-`, `.`, `(` and `)`, not
/// ending with `.`.
pub(crate) fn check_resource_group(name: &str) -> Result<()> {
    let fine = !name.is_empty()
        && name.len() <= 90
        && !name.ends_with('.')
        && name != "."
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'(' | b')'));
    if fine {
        Ok(())
    } else {
        Err(invalid(
            format!(
                "resource_group {:?} is not a resource group name",
                shown(name)
            ),
            "connect",
        ))
    }
}

/// A location name as Azure spells it (`westeurope`, `eastus2`): lowercase letters and
/// digits.
pub(crate) fn check_location(name: &str, operation: &str) -> Result<String> {
    let fine = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if fine {
        Ok(name.to_string())
    } else {
        Err(invalid(
            format!(
                "{:?} is not an Azure location name (lowercase letters and digits, like westeurope)",
                shown(name)
            ),
            operation,
        ))
    }
}

/// What an image id names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ImageRef {
    /// A marketplace image: `publisher:offer:sku:version` (`latest` for the newest).
    Marketplace {
        /// The publisher (`Canonical`).
        publisher: String,
        /// The offer (`ubuntu-24_04-lts`).
        offer: String,
        /// The SKU (`server`).
        sku: String,
        /// The version, or `latest`.
        version: String,
    },
    /// A custom image or gallery image version by its resource id.
    Custom(String),
}

/// Reads an image id: a marketplace URN `publisher:offer:sku:version`, or a resource id
/// under `/subscriptions/…/providers/Microsoft.Compute/…`; `None` for anything else.
pub(crate) fn image_ref(id: &str) -> Option<ImageRef> {
    if id.starts_with('/') {
        return is_resource_id(id).then(|| ImageRef::Custom(id.to_string()));
    }
    let parts: Vec<&str> = id.split(':').collect();
    match parts.as_slice() {
        [publisher, offer, sku, version] if parts.iter().all(|p| is_urn_part(p)) => {
            Some(ImageRef::Marketplace {
                publisher: publisher.to_string(),
                offer: offer.to_string(),
                sku: sku.to_string(),
                version: version.to_string(),
            })
        }
        _ => None,
    }
}

/// Whether `id` is a Microsoft.Compute resource id that can be sent as a path:
/// `/subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.Compute/{type}/{name}…`
/// with every segment plain.
pub(crate) fn is_resource_id(id: &str) -> bool {
    is_id_in(id, "Microsoft.Compute")
}

/// Whether `id` is a `Microsoft.Network` resource id (a subnet's) that can be sent as a
/// path.
pub(crate) fn is_network_id(id: &str) -> bool {
    is_id_in(id, "Microsoft.Network")
}

/// Whether `id` is a resource id of the resource provider `namespace` with plain
/// segments.
fn is_id_in(id: &str, namespace: &str) -> bool {
    let parts: Vec<&str> = id.split('/').collect();
    parts.len() >= 9
        && parts.len() <= 13
        && parts[0].is_empty()
        && parts[1].eq_ignore_ascii_case("subscriptions")
        && parts[3].eq_ignore_ascii_case("resourceGroups")
        && parts[5].eq_ignore_ascii_case("providers")
        && parts[6].eq_ignore_ascii_case(namespace)
        && parts[1..].iter().all(|p| {
            !p.is_empty()
                && *p != "."
                && *p != ".."
                && p.bytes().all(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'(' | b')')
                })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_sizes_are_checked() {
        for good in ["web-1", "a", "vm_2.x", "A1"] {
            assert!(is_resource_name(good), "{good}");
        }
        for bad in ["", "-a", "a-", "a.", "a/b", "a b", "../x", &"x".repeat(65)] {
            assert!(!is_resource_name(bad), "{bad}");
        }
        assert!(is_size_name("Standard_B1s"));
        assert!(is_size_name("Basic_A0"));
        assert!(!is_size_name("no-such-size"));
        assert!(!is_size_name("Standard_"));
        assert!(!is_size_name("Standard_B1s/../x"));
        assert_eq!(
            check_name("VM", "a/b", "get_node").unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }

    #[test]
    fn image_ids_are_read() {
        assert_eq!(
            image_ref("Canonical:ubuntu-24_04-lts:server:latest"),
            Some(ImageRef::Marketplace {
                publisher: "Canonical".into(),
                offer: "ubuntu-24_04-lts".into(),
                sku: "server".into(),
                version: "latest".into(),
            })
        );
        let custom = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo-rg/providers/Microsoft.Compute/images/base";
        assert_eq!(image_ref(custom), Some(ImageRef::Custom(custom.into())));
        for bad in [
            "ubuntu",
            "a:b:c",
            "a:b:c:d:e",
            "a:b:..:d",
            "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/images/i",
            "/subscriptions/x/resourceGroups/../providers/Microsoft.Compute/images/i",
        ] {
            assert_eq!(image_ref(bad), None, "{bad}");
        }
    }

    #[test]
    fn locations_subscriptions_and_groups_are_checked() {
        assert_eq!(check_location("westeurope", "x").unwrap(), "westeurope");
        assert!(check_location("West Europe", "x").is_err());
        check_subscription("00000000-0000-0000-0000-000000000000").unwrap();
        assert!(check_subscription("../x").is_err());
        check_resource_group("demo-rg").unwrap();
        check_resource_group("my_group(1)").unwrap();
        assert!(check_resource_group("a/b").is_err());
        assert!(check_resource_group("a.").is_err());
    }
}
