//! Cinder v3 volume snapshots: `{"snapshot": {...}}` and `{"snapshots": [...]}`.

use cloud_core::Result;
use cloud_core::compute::{Extra, Snapshot};
use cloud_core::paginate::Page;

use super::common::{
    Object, document, has_next, keep, listed, next_marker, number, objects, required, text, time,
    wrapped,
};

/// Fields of a snapshot kept in `extra`.
const KEPT: &[&str] = &["name", "description", "metadata", "updated_at", "progress"];

/// One snapshot from a create or `GET /snapshots/{id}`.
pub fn snapshot(body: &[u8]) -> Result<Snapshot> {
    let doc = document(body, "snapshot")?;
    snapshot_of(wrapped(&doc, "snapshot", "snapshot")?)
}

/// One page of `GET /snapshots/detail` and the marker of the next.
pub fn snapshots_page(body: &[u8]) -> Result<Page<Snapshot>> {
    let doc = document(body, "snapshot list")?;
    let snapshots = objects(listed(&doc, "snapshots", "snapshot list")?, "snapshot")?
        .into_iter()
        .map(snapshot_of)
        .collect::<Result<Vec<_>>>()?;
    let links = doc.get("snapshots_links");
    let next = if has_next(links) {
        next_marker(links).or_else(|| snapshots.last().map(|s| s.id.clone()))
    } else {
        None
    };
    Ok(Page {
        items: snapshots,
        next,
    })
}

fn snapshot_of(obj: &Object) -> Result<Snapshot> {
    let mut extra = Extra::new();
    keep(obj, KEPT, &mut extra);
    Ok(Snapshot {
        id: required(obj, "id", "snapshot")?,
        volume_id: text(obj, "volume_id"),
        size_gib: number(obj, "size"),
        state: text(obj, "status").unwrap_or_default(),
        created_at: time(obj, "created_at"),
        extra,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshots_read() {
        let s = snapshot(
            br#"{"snapshot": {"id": "s1", "volume_id": "v1", "size": 1, "status": "creating",
                "name": "snap", "created_at": "2026-12-06T12:00:00.000000"}}"#,
        )
        .unwrap();
        assert_eq!(s.volume_id.as_deref(), Some("v1"));
        assert_eq!(s.state, "creating");
        assert!(s.created_at.is_some());
        let page = snapshots_page(br#"{"snapshots": [{"id": "s2"}]}"#).unwrap();
        assert_eq!(page.items[0].id, "s2");
        assert!(snapshots_page(br#"{"snapshots": "x"}"#).is_err());
    }
}
