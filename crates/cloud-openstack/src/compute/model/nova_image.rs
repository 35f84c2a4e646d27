//! Images as Nova's own image API serves them (`GET /images/detail`,
//! `GET /images/{id}`): the API Rackspace's Cloud Servers document for images, with
//! camel-case fields and the image's properties under `metadata`.

use cloud_core::Result;
use cloud_core::compute::{Extra, Image};
use cloud_core::paginate::Page;

use super::common::{
    Object, document, has_next, keep, listed, next_marker, objects, required, text, wrapped,
};

/// Fields of a Nova image kept in `extra`.
const KEPT: &[&str] = &[
    "status",
    "progress",
    "minDisk",
    "minRam",
    "created",
    "updated",
    "OS-EXT-IMG-SIZE:size",
    "OS-DCF:diskConfig",
    "metadata",
    // Rackspace: `base` for its own images, `snapshot` for the account's.
    "image_type",
];

/// One page of `GET /images/detail`: the images, and the marker of the next page (the
/// `next` link of `images_links`, or the last image's id when the link carries none).
pub fn nova_images_page(body: &[u8]) -> Result<Page<Image>> {
    let doc = document(body, "image list")?;
    let images = objects(listed(&doc, "images", "image list")?, "image")?
        .into_iter()
        .map(nova_image_of)
        .collect::<Result<Vec<_>>>()?;
    let links = doc.get("images_links");
    let next = if has_next(links) {
        next_marker(links).or_else(|| images.last().map(|i| i.id.clone()))
    } else {
        None
    };
    Ok(Page {
        items: images,
        next,
    })
}

/// One image from `GET /images/{id}` (`{"image": {...}}`).
pub fn nova_image(body: &[u8]) -> Result<Image> {
    let doc = document(body, "image")?;
    nova_image_of(wrapped(&doc, "image", "image")?)
}

fn nova_image_of(obj: &Object) -> Result<Image> {
    let id = required(obj, "id", "image")?;
    let mut extra = Extra::new();
    keep(obj, KEPT, &mut extra);
    Ok(Image {
        name: text(obj, "name").unwrap_or_else(|| id.clone()),
        extra,
        id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_the_next_link() {
        let page = nova_images_page(
            br#"{"images": [{"id": "a1", "name": "Ubuntu 24.04", "status": "ACTIVE",
                  "minDisk": 20, "metadata": {"os_distro": "ubuntu"}, "image_type": "base"},
                 {"id": "a2", "name": null, "status": "SAVING", "progress": 40}],
                 "images_links": [{"rel": "next",
                   "href": "https://dfw.servers.api.rackspacecloud.com/v2/123/images/detail?marker=a2&limit=2"}]}"#,
        )
        .unwrap();
        assert_eq!(page.items[0].name, "Ubuntu 24.04");
        assert_eq!(page.items[0].extra["minDisk"], 20);
        assert_eq!(page.items[0].extra["metadata"]["os_distro"], "ubuntu");
        assert_eq!(page.items[0].extra["image_type"], "base");
        assert_eq!(page.items[1].name, "a2");
        assert_eq!(page.items[1].extra["progress"], 40);
        assert_eq!(page.next.as_deref(), Some("a2"));
        let last = nova_images_page(br#"{"images": [{"id": "z"}], "images_links": []}"#).unwrap();
        assert_eq!(last.next, None);
    }

    #[test]
    fn one_image_is_wrapped() {
        let image = nova_image(br#"{"image": {"id": "a1", "name": "CentOS"}}"#).unwrap();
        assert_eq!((image.id.as_str(), image.name.as_str()), ("a1", "CentOS"));
        for bad in [
            &b"{}"[..],
            b"{\"image\": []}",
            b"{\"image\": {\"name\": \"x\"}}",
            b"{\"ima",
        ] {
            assert!(nova_image(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        assert!(nova_images_page(b"{\"images\": 3}").is_err());
    }
}
