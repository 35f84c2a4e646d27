//! Server images: stock images from the catalog, and images users make from nodes or
//! by copying.

use chrono::{DateTime, Utc};
use cloud_core::compute::{CopyImage, Image};
use cloud_core::{Error, ErrorKind, Result};

use super::catalog;
use super::names::{check_name, not_found};
use super::records::{ImageRecord, ImageSource, State};
use crate::state::short_id;

/// Every image: the catalog first, then user images oldest first.
pub(crate) fn list(state: &State) -> Vec<Image> {
    let mut records: Vec<&ImageRecord> = state.images.values().collect();
    records.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    let mut images = catalog::images();
    images.extend(records.into_iter().map(ImageRecord::to_image));
    images
}

/// The image `id`, stock or user-made.
pub(crate) fn get(state: &State, id: &str) -> Result<Image> {
    catalog::image(id)
        .or_else(|| state.images.get(id).map(ImageRecord::to_image))
        .ok_or_else(|| not_found("image", id))
}

/// The stock image at the root of `id`'s lineage.
fn base_of(state: &State, id: &str) -> Option<String> {
    match catalog::image(id) {
        Some(image) => Some(image.id),
        None => state.images.get(id).map(|r| r.base_image.clone()),
    }
}

fn check_new_name(state: &State, name: &str) -> Result<()> {
    check_name("image", name)?;
    if state.images.values().any(|i| i.name == name) {
        return Err(Error::new(
            ErrorKind::AlreadyExists,
            format!("an image named {name:?} already exists"),
        ));
    }
    Ok(())
}

fn insert(state: &mut State, record: ImageRecord) -> Image {
    let image = record.to_image();
    state.images.insert(record.id.clone(), record);
    image
}

fn new_id(state: &State) -> String {
    let mut id = short_id("img");
    while state.images.contains_key(&id) {
        id = short_id("img");
    }
    id
}

/// Makes an image from a node.
pub(crate) fn create(
    state: &mut State,
    node_id: &str,
    name: &str,
    now: DateTime<Utc>,
) -> Result<Image> {
    let node = state
        .nodes
        .get(node_id)
        .ok_or_else(|| not_found("node", node_id))?;
    let base_image = base_of(state, &node.image).unwrap_or_else(|| node.image.clone());
    let location = Some(node.location.clone());
    check_new_name(state, name)?;
    let record = ImageRecord {
        id: new_id(state),
        name: name.to_string(),
        created_at: now,
        source: ImageSource::Node(node_id.to_string()),
        base_image,
        location,
    };
    Ok(insert(state, record))
}

/// Copies an image under a new name.
pub(crate) fn copy(state: &mut State, request: &CopyImage, now: DateTime<Utc>) -> Result<Image> {
    if let Some(location) = &request.source_location
        && !catalog::has_location(location)
    {
        return Err(Error::not_found(format!(
            "location {location:?} does not exist; locations are: {}",
            catalog::location_ids()
        )));
    }
    let base_image = base_of(state, &request.source_image)
        .ok_or_else(|| not_found("image", &request.source_image))?;
    check_new_name(state, &request.name)?;
    let record = ImageRecord {
        id: new_id(state),
        name: request.name.clone(),
        created_at: now,
        source: ImageSource::Image(request.source_image.clone()),
        base_image,
        location: request.source_location.clone(),
    };
    Ok(insert(state, record))
}

/// Deletes a user image; stock images cannot be deleted.
pub(crate) fn delete(state: &mut State, id: &str) -> Result<()> {
    if catalog::image(id).is_some() {
        return Err(Error::new(
            ErrorKind::PermissionDenied,
            format!("image {id:?} is a stock image and cannot be deleted"),
        ));
    }
    state
        .images
        .remove(id)
        .map(|_| ())
        .ok_or_else(|| not_found("image", id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::nodes;
    use cloud_core::compute::CreateNode;

    #[test]
    fn create_copy_delete() {
        let (mut state, node_id, timing) = nodes::with_running_node("ubuntu-24.04");
        let now = timing.now;
        let image = create(&mut state, &node_id, "golden", now).unwrap();
        assert!(image.id.starts_with("img-"));
        assert_eq!(image.extra["base_image"], "ubuntu-24.04");
        assert_eq!(get(&state, &image.id).unwrap(), image);
        assert_eq!(list(&state).last(), Some(&image));
        let dup = create(&mut state, &node_id, "golden", now).unwrap_err();
        assert_eq!(dup.kind(), ErrorKind::AlreadyExists);

        let copy_req = CopyImage {
            source_image: image.id.clone(),
            name: "golden-copy".into(),
            ..Default::default()
        };
        let copy = copy(&mut state, &copy_req, now).unwrap();
        assert_eq!(copy.extra["copied_from"], image.id.as_str());
        assert_eq!(copy.extra["base_image"], "ubuntu-24.04");

        // A node can boot from a user image.
        let from_image = CreateNode::new("m", "small", image.id.clone());
        nodes::create(&mut state, &from_image, timing).unwrap();

        delete(&mut state, &copy.id).unwrap();
        assert_eq!(
            get(&state, &copy.id).unwrap_err().kind(),
            ErrorKind::NotFound
        );
        assert_eq!(
            delete(&mut state, &copy.id).unwrap_err().kind(),
            ErrorKind::NotFound
        );
        let stock = delete(&mut state, "debian-12").unwrap_err();
        assert_eq!(stock.kind(), ErrorKind::PermissionDenied);
        assert_eq!(get(&state, "debian-12").unwrap().id, "debian-12");
    }

    #[test]
    fn bad_image_requests() {
        let mut state = State::default();
        let now = Utc::now();
        let err = create(&mut state, "node-missing", "x", now).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        let missing = CopyImage {
            source_image: "img-missing".into(),
            name: "c".into(),
            ..Default::default()
        };
        assert_eq!(
            copy(&mut state, &missing, now).unwrap_err().kind(),
            ErrorKind::NotFound
        );
        let bad_location = CopyImage {
            source_image: "debian-12".into(),
            source_location: Some("mars-1".into()),
            name: "c".into(),
            ..Default::default()
        };
        let err = copy(&mut state, &bad_location, now).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        let unnamed = CopyImage {
            source_image: "debian-12".into(),
            ..Default::default()
        };
        assert_eq!(
            copy(&mut state, &unnamed, now).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }
}
