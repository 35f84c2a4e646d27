//! Names and ids: what a new resource may be called, how a `zone/name` id and an image
//! reference are read. Checked before anything is sent, so no id can change a path's
//! shape.

use cloud_core::{Error, Result, ids};

use crate::PROVIDER_ID;
use crate::settings::is_zone;

/// Whether `name` is a valid Compute Engine resource name (RFC 1035: a lowercase
/// letter, then up to 62 lowercase letters, digits or `-`, not ending in `-`).
pub fn is_resource_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes[0].is_ascii_lowercase()
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && !name.ends_with('-')
}

/// `InvalidInput` unless `name` is a valid name for a new `what`.
pub(crate) fn check_new_name(what: &str, name: &str, operation: &str) -> Result<()> {
    if is_resource_name(name) {
        return Ok(());
    }
    let shown: String = name.chars().take(64).collect();
    Err(Error::invalid_input(format!(
        "{what} name {shown:?} is not valid: 1 to 63 lowercase letters, digits or '-', \
         starting with a letter and not ending with '-'"
    ))
    .with_provider(PROVIDER_ID)
    .with_operation(operation))
}

/// The zone and name of a zonal resource id: `zone/name`, or a bare `name` in
/// `default_zone`. An id that cannot name one is `NotFound`; a bare name with no zone
/// configured is `InvalidInput`.
pub(crate) fn zoned(
    what: &str,
    id: &str,
    default_zone: Option<&str>,
    operation: &str,
) -> Result<(String, String)> {
    let (zone, name) = match id.split_once('/') {
        Some((zone, name)) => (zone, name),
        None => match default_zone {
            Some(zone) => (zone, id),
            None => {
                return Err(Error::invalid_input(format!(
                    "{what} id {:?} names no zone: write zone/name, or set the zone option",
                    id.chars().take(64).collect::<String>()
                ))
                .with_provider(PROVIDER_ID)
                .with_operation(operation));
            }
        },
    };
    ids::segment(PROVIDER_ID, what, name, operation)?;
    if !is_zone(zone) || !is_resource_name(name) {
        return Err(Error::not_found(format!(
            "no {what} {:?}",
            id.chars().take(64).collect::<String>()
        ))
        .with_provider(PROVIDER_ID)
        .with_operation(operation));
    }
    Ok((zone.to_string(), name.to_string()))
}

/// The project-relative image path an image reference names:
/// `projects/{p}/global/images/{name}` or `projects/{p}/global/images/family/{f}`.
///
/// Taken: such a path (or a full URL holding one), `{project}/{name}`,
/// `{project}/family/{family}`, `family/{family}` and a bare `{name}` (the last two in
/// `project`). `None` when the reference cannot name an image.
pub fn image_path(reference: &str, project: &str) -> Option<String> {
    let reference = crate::model::resource_path(reference).unwrap_or(reference);
    let parts: Vec<&str> = reference.split('/').collect();
    let (owner, family, name) = match parts.as_slice() {
        ["projects", p, "global", "images", "family", f] => (*p, true, *f),
        ["projects", p, "global", "images", n] => (*p, false, *n),
        ["family", f] => (project, true, *f),
        [p, "family", f] => (*p, true, *f),
        [p, n] => (*p, false, *n),
        [n] => (project, false, *n),
        _ => return None,
    };
    let project_ok = crate::settings::check_project(owner).is_ok();
    if !project_ok || !is_resource_name(name) {
        return None;
    }
    Some(if family {
        format!("projects/{owner}/global/images/family/{name}")
    } else {
        format!("projects/{owner}/global/images/{name}")
    })
}

#[cfg(test)]
mod tests {
    use cloud_core::ErrorKind;

    use super::*;

    #[test]
    fn resource_names_follow_rfc_1035() {
        for good in ["a", "web-1", "conformance-node", &"a".repeat(63)] {
            assert!(is_resource_name(good), "{good}");
        }
        for bad in ["", "1web", "Web", "web-", "web_1", "web/1", &"a".repeat(64)] {
            assert!(!is_resource_name(bad), "{bad}");
        }
        let err = check_new_name("instance", "Web", "create_node").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
    }

    #[test]
    fn zoned_ids_read_with_or_without_their_zone() {
        assert_eq!(
            zoned("instance", "us-east1-b/web-1", Some("us-central1-a"), "op").unwrap(),
            ("us-east1-b".to_string(), "web-1".to_string())
        );
        assert_eq!(
            zoned("instance", "web-1", Some("us-central1-a"), "op")
                .unwrap()
                .0,
            "us-central1-a"
        );
        let none = zoned("instance", "web-1", None, "op").unwrap_err();
        assert_eq!(none.kind(), ErrorKind::InvalidInput);
        for bad in [
            "../x",
            "us-east1-b/../x",
            "us-east1-b/a/b",
            "zone/web",
            "us-east1-b/Web?",
        ] {
            let err = zoned("instance", bad, Some("us-central1-a"), "op").unwrap_err();
            assert_eq!(err.kind(), ErrorKind::NotFound, "{bad}");
        }
    }

    #[test]
    fn image_references_become_paths() {
        let own = "demo-project";
        for (reference, path) in [
            (
                "debian-cloud/debian-12-bookworm-v20240515",
                "projects/debian-cloud/global/images/debian-12-bookworm-v20240515",
            ),
            (
                "debian-cloud/family/debian-12",
                "projects/debian-cloud/global/images/family/debian-12",
            ),
            (
                "family/golden",
                "projects/demo-project/global/images/family/golden",
            ),
            ("golden-1", "projects/demo-project/global/images/golden-1"),
            (
                "projects/debian-cloud/global/images/family/debian-12",
                "projects/debian-cloud/global/images/family/debian-12",
            ),
            (
                "https://www.googleapis.com/compute/v1/projects/cos-cloud/global/images/cos-1",
                "projects/cos-cloud/global/images/cos-1",
            ),
        ] {
            assert_eq!(
                image_path(reference, own).as_deref(),
                Some(path),
                "{reference}"
            );
        }
        for bad in [
            "",
            "a/b/c",
            "../x",
            "Debian/x",
            "projects/p/global/images/a/b/c",
            "x?y",
        ] {
            assert_eq!(image_path(bad, own), None, "{bad}");
        }
    }
}
