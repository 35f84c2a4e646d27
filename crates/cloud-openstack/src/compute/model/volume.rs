//! Cinder v3 volumes: `{"volume": {...}}` and `{"volumes": [...], "volumes_links": [...]}`.

use cloud_core::compute::{Extra, Volume};
use cloud_core::paginate::Page;
use cloud_core::{Error, Result};
use serde_json::Value;

use super::common::{
    Object, document, has_next, keep, listed, next_marker, number, objects, required, text, wrapped,
};
use super::state::volume_state;

/// Fields of a volume kept in `extra`.
const KEPT: &[&str] = &[
    "status",
    "volume_type",
    "bootable",
    "multiattach",
    "snapshot_id",
    "source_volid",
    "created_at",
    "updated_at",
    "metadata",
    "description",
    "attachments",
];

/// One volume from `GET /volumes/{id}` or a create.
pub fn volume(body: &[u8]) -> Result<Volume> {
    let doc = document(body, "volume")?;
    volume_of(wrapped(&doc, "volume", "volume")?)
}

/// One page of `GET /volumes/detail` and the marker of the next.
pub fn volumes_page(body: &[u8]) -> Result<Page<Volume>> {
    let doc = document(body, "volume list")?;
    let volumes = objects(listed(&doc, "volumes", "volume list")?, "volume")?
        .into_iter()
        .map(volume_of)
        .collect::<Result<Vec<_>>>()?;
    let links = doc.get("volumes_links");
    let next = if has_next(links) {
        next_marker(links).or_else(|| volumes.last().map(|v| v.id.clone()))
    } else {
        None
    };
    Ok(Page {
        items: volumes,
        next,
    })
}

/// The server a volume is attached to (its first attachment's `server_id`), from
/// `GET /volumes/{id}`; `None` when it is not attached.
pub fn volume_server(body: &[u8]) -> Result<Option<String>> {
    Ok(volume(body)?.attached_to)
}

fn volume_of(obj: &Object) -> Result<Volume> {
    let id = required(obj, "id", "volume")?;
    let size_gib = number(obj, "size")
        .ok_or_else(|| Error::malformed(format!("volume {id:?} has no size")))?;
    let attached_to = obj
        .get("attachments")
        .and_then(Value::as_array)
        .and_then(|a| {
            a.iter()
                .filter_map(Value::as_object)
                .find_map(|a| text(a, "server_id"))
        });
    let mut extra = Extra::new();
    keep(obj, KEPT, &mut extra);
    Ok(Volume {
        name: text(obj, "name").unwrap_or_default(),
        size_gib,
        state: volume_state(&text(obj, "status").unwrap_or_default()),
        attached_to,
        location: text(obj, "availability_zone"),
        extra,
        id,
    })
}

#[cfg(test)]
mod tests {
    use cloud_core::compute::VolumeState;

    use super::*;

    #[test]
    fn volumes_read() {
        let v = volume(
            br#"{"volume": {"id": "v1", "name": "data", "size": 10, "status": "in-use",
                "availability_zone": "nova",
                "attachments": [{"server_id": "s1", "attachment_id": "a1", "device": "/dev/vdb"}]}}"#,
        )
        .unwrap();
        assert_eq!(v.state, VolumeState::InUse);
        assert_eq!(v.attached_to.as_deref(), Some("s1"));
        assert_eq!(v.location.as_deref(), Some("nova"));
        let page = volumes_page(
            br#"{"volumes": [{"id": "v2", "size": 1, "status": "available", "attachments": []}],
                "volumes_links": [{"rel": "next", "href": "http://x/v3/p/volumes/detail?marker=v2"}]}"#,
        )
        .unwrap();
        assert_eq!(page.items[0].attached_to, None);
        assert_eq!(page.next.as_deref(), Some("v2"));
        assert!(volume(br#"{"volume": {"id": "v3"}}"#).is_err());
        assert_eq!(
            volume_server(br#"{"volume": {"id": "v", "size": 1}}"#).unwrap(),
            None
        );
    }
}
