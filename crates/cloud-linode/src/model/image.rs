//! Linode images, and the disks private images are made from.

use cloud_core::Result;
use cloud_core::compute::Image;
use serde::Deserialize;
use serde_json::Value;

use super::{Convert, extra_from};

/// A Linode image (public `linode/…` or private `private/…`).
#[derive(Debug, Deserialize)]
pub(crate) struct RawImage {
    id: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(flatten)]
    rest: serde_json::Map<String, Value>,
}

impl Convert for RawImage {
    type Item = Image;

    fn convert(self) -> Result<Image> {
        Ok(Image {
            name: self
                .label
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| self.id.clone()),
            id: self.id,
            extra: extra_from(self.rest),
        })
    }
}

/// A disk of a Linode instance.
#[derive(Debug, Deserialize)]
pub(crate) struct RawDisk {
    pub(crate) id: u64,
    #[serde(default)]
    pub(crate) filesystem: Option<String>,
}

impl Convert for RawDisk {
    type Item = RawDisk;

    fn convert(self) -> Result<RawDisk> {
        Ok(self)
    }
}

impl RawDisk {
    /// Whether this disk can become an image: anything but swap.
    pub(crate) fn is_imageable(&self) -> bool {
        self.filesystem.as_deref() != Some("swap")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_an_image() {
        let raw: RawImage = serde_json::from_str(
            r#"{"id": "linode/debian12", "label": "Debian 12", "vendor": "Debian",
                "is_public": true, "size": 1300, "type": "manual", "expiry": null}"#,
        )
        .unwrap();
        let image = raw.convert().unwrap();
        assert_eq!(image.id, "linode/debian12");
        assert_eq!(image.name, "Debian 12");
        assert_eq!(image.extra["vendor"], "Debian");
        assert!(!image.extra.contains_key("expiry"));
    }

    #[test]
    fn swap_disks_are_not_imageable() {
        let swap: RawDisk = serde_json::from_str(r#"{"id": 2, "filesystem": "swap"}"#).unwrap();
        let ext4: RawDisk = serde_json::from_str(r#"{"id": 1, "filesystem": "ext4"}"#).unwrap();
        assert!(!swap.is_imageable());
        assert!(ext4.is_imageable());
    }
}
