//! Nova flavors (`GET /flavors/detail`) as sizes.

use cloud_core::compute::{Extra, Size};
use cloud_core::paginate::Page;
use cloud_core::{Error, Result};

use super::common::{
    Object, document, has_next, keep, listed, next_marker, number, objects, required, text,
};

/// Fields of a flavor kept in `extra`.
const KEPT: &[&str] = &[
    "OS-FLV-EXT-DATA:ephemeral",
    "swap",
    "rxtx_factor",
    "os-flavor-access:is_public",
    "OS-FLV-DISABLED:disabled",
    "description",
    "extra_specs",
    // Rackspace's flavor classes (`class`, `policy_class`).
    "OS-FLV-WITH-EXT-SPECS:extra_specs",
];

/// One page of `GET /flavors/detail` and the marker of the next (see
/// [`servers_page`](super::servers_page)).
pub fn flavors_page(body: &[u8]) -> Result<Page<Size>> {
    let doc = document(body, "flavor list")?;
    let sizes = objects(listed(&doc, "flavors", "flavor list")?, "flavor")?
        .into_iter()
        .map(size)
        .collect::<Result<Vec<_>>>()?;
    let links = doc.get("flavors_links");
    let next = if has_next(links) {
        next_marker(links).or_else(|| sizes.last().map(|s| s.id.clone()))
    } else {
        None
    };
    Ok(Page { items: sizes, next })
}

/// A flavor as a size: `ram` in MiB, `vcpus`, `disk` in GiB.
fn size(obj: &Object) -> Result<Size> {
    let id = required(obj, "id", "flavor")?;
    let ram_mib =
        number(obj, "ram").ok_or_else(|| Error::malformed(format!("flavor {id:?} has no ram")))?;
    let mut extra = Extra::new();
    keep(obj, KEPT, &mut extra);
    Ok(Size {
        name: text(obj, "name").unwrap_or_else(|| id.clone()),
        vcpus: number(obj, "vcpus").and_then(|n| u32::try_from(n).ok()),
        ram_mib,
        disk_gib: number(obj, "disk"),
        price_per_hour: None,
        extra,
        id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flavors_read() {
        let page = flavors_page(
            br#"{"flavors": [
                {"id": "1", "name": "m1.tiny", "ram": 512, "vcpus": 1, "disk": 1, "swap": ""},
                {"id": 2, "name": "m1.small", "ram": 2048, "vcpus": 1, "disk": 20}],
                "flavors_links": [{"rel": "next", "href": "http://x/flavors/detail?marker=2"}]}"#,
        )
        .unwrap();
        assert_eq!(page.items[0].ram_mib, 512);
        assert_eq!(page.items[1].id, "2");
        assert_eq!(page.items[1].disk_gib, Some(20));
        assert_eq!(page.next.as_deref(), Some("2"));
        assert!(flavors_page(br#"{"flavors": [{"id": "1"}]}"#).is_err());
        let rackspace = flavors_page(
            br#"{"flavors": [{"id": "general1-1", "name": "1 GB General Purpose v1", "ram": 1024,
                "vcpus": 1, "disk": 20, "rxtx_factor": 200,
                "OS-FLV-WITH-EXT-SPECS:extra_specs": {"class": "general1", "policy_class": "general_flavor"}}]}"#,
        )
        .unwrap();
        assert_eq!(
            rackspace.items[0].extra["OS-FLV-WITH-EXT-SPECS:extra_specs"]["class"],
            "general1"
        );
        assert!(flavors_page(b"{\"flavors\": {}}").is_err());
    }
}
