//! Images: the portable [`Image`], its id being the image's project-relative path.

use cloud_core::compute::{Extra, Image};
use cloud_core::paginate::Page;
use cloud_core::{Error, Result};
use serde::Deserialize;
use serde_json::json;

use super::common::{int64, parse_json, resource_path, segment_after};
use super::list::list_page;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireImage {
    #[serde(default)]
    name: String,
    #[serde(default)]
    self_link: Option<String>,
    #[serde(default)]
    family: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default, deserialize_with = "int64")]
    disk_size_gb: Option<u64>,
    #[serde(default)]
    deprecated: Option<Deprecation>,
    #[serde(default)]
    architecture: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Deprecation {
    #[serde(default)]
    state: Option<String>,
}

impl WireImage {
    /// Whether the image is deprecated, obsolete or deleted.
    fn is_deprecated(&self) -> bool {
        self.deprecated
            .as_ref()
            .and_then(|d| d.state.as_deref())
            .is_some_and(|state| state != "ACTIVE")
    }

    fn into_image(self, project: &str) -> Image {
        let path = self
            .self_link
            .as_deref()
            .and_then(resource_path)
            .map(str::to_string)
            .unwrap_or_else(|| format!("projects/{project}/global/images/{}", self.name));
        let mut extra = Extra::new();
        let owner = segment_after(&path, "projects").unwrap_or(project);
        extra.insert("project".into(), json!(owner));
        if let Some(family) = &self.family {
            extra.insert("family".into(), json!(family));
        }
        if let Some(description) = &self.description {
            extra.insert("description".into(), json!(description));
        }
        if let Some(status) = &self.status {
            extra.insert("status".into(), json!(status));
        }
        if let Some(size) = self.disk_size_gb {
            extra.insert("disk_size_gb".into(), json!(size));
        }
        if let Some(arch) = &self.architecture {
            extra.insert("architecture".into(), json!(arch));
        }
        if let Some(state) = self.deprecated.as_ref().and_then(|d| d.state.as_ref()) {
            extra.insert("deprecated".into(), json!(state));
        }
        Image {
            id: path,
            name: self.name,
            extra,
        }
    }
}

/// Parses an image answer; `project` names the image where its `selfLink` is missing.
pub fn image(body: &[u8], project: &str) -> Result<Image> {
    let image: WireImage = parse_json(body, "image")?;
    if image.name.is_empty() {
        return Err(Error::malformed("image: no name"));
    }
    Ok(image.into_image(project))
}

/// Parses one page of `images.list` of `project`; with `current_only`, deprecated,
/// obsolete and deleted images are left out (the public projects keep many).
pub fn images(body: &[u8], project: &str, current_only: bool) -> Result<Page<Image>> {
    let page = list_page(body, "image list", |image: WireImage| image)?;
    Ok(Page {
        items: page
            .items
            .into_iter()
            .filter(|image| !(current_only && image.is_deprecated()))
            .map(|image| image.into_image(project))
            .collect(),
        next: page.next,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_named_by_their_path() {
        let body = br#"{"items":[
            {"name":"debian-12-bookworm-v20240515","family":"debian-12",
             "selfLink":"https://www.googleapis.com/compute/v1/projects/debian-cloud/global/images/debian-12-bookworm-v20240515"},
            {"name":"debian-11-bullseye-v20230101","deprecated":{"state":"DEPRECATED"}}]}"#;
        let all = images(body, "debian-cloud", false).unwrap().items;
        assert_eq!(all.len(), 2);
        assert_eq!(
            all[1].id,
            "projects/debian-cloud/global/images/debian-11-bullseye-v20230101"
        );
        let current = images(body, "debian-cloud", true).unwrap().items;
        assert_eq!(current.len(), 1);
        assert_eq!(
            current[0].id,
            "projects/debian-cloud/global/images/debian-12-bookworm-v20240515"
        );
        assert_eq!(current[0].extra["family"], "debian-12");
        assert_eq!(current[0].extra["project"], "debian-cloud");
    }
}
