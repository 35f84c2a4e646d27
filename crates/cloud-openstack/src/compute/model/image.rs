//! Glance v2 images (`GET /v2/images`, `GET /v2/images/{id}`) and the image id of a
//! Nova `createImage` action.

use cloud_core::compute::{Extra, Image};
use cloud_core::http::HeaderMap;
use cloud_core::paginate::Page;
use cloud_core::{Error, Result};
use serde_json::Value;

use super::common::{Object, document, keep, listed, marker_of, objects, required, text};

/// Fields of an image kept in `extra`.
const KEPT: &[&str] = &[
    "status",
    "visibility",
    "disk_format",
    "container_format",
    "size",
    "min_disk",
    "min_ram",
    "os_distro",
    "os_version",
    "owner",
    "created_at",
    "updated_at",
    "protected",
    "tags",
    "image_type",
    "instance_uuid",
];

/// One page of `GET /v2/images`: the images, and the marker of the `next` link (a path
/// with `marker=`) when there is one.
pub fn images_page(body: &[u8]) -> Result<Page<Image>> {
    let doc = document(body, "image list")?;
    let images = objects(listed(&doc, "images", "image list")?, "image")?
        .into_iter()
        .map(image_of)
        .collect::<Result<Vec<_>>>()?;
    let next = match doc.get("next").and_then(Value::as_str) {
        Some(href) => marker_of(href).or_else(|| images.last().map(|i| i.id.clone())),
        None => None,
    };
    Ok(Page {
        items: images,
        next,
    })
}

/// One image from `GET /v2/images/{id}` (the image object itself, not wrapped).
pub fn image(body: &[u8]) -> Result<Image> {
    let doc = document(body, "image")?;
    let obj = doc
        .as_object()
        .ok_or_else(|| Error::malformed("the image answer is not an object"))?;
    image_of(obj)
}

/// The id of the image a `createImage` action started: the body's `image_id` from
/// microversion 2.45, else the last segment of the `Location` header.
pub fn created_image_id(headers: &HeaderMap, body: &[u8]) -> Result<String> {
    if let Ok(Value::Object(obj)) = serde_json::from_slice::<Value>(body)
        && let Some(id) = text(&obj, "image_id")
    {
        return Ok(id);
    }
    headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .and_then(|l| l.trim_end_matches('/').rsplit('/').next())
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .ok_or_else(|| {
            Error::malformed("the createImage answer has neither an image_id nor a Location")
        })
}

fn image_of(obj: &Object) -> Result<Image> {
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
    use cloud_core::http::HeaderValue;

    use super::*;

    #[test]
    fn pages_and_images() {
        let page = images_page(
            br#"{"images": [{"id": "i1", "name": "cirros", "status": "active"}, {"id": "i2", "name": null}],
                "next": "/v2/images?marker=i2&limit=2", "first": "/v2/images", "schema": "/v2/schemas/images"}"#,
        )
        .unwrap();
        assert_eq!(page.items[0].extra["status"], "active");
        assert_eq!(page.items[1].name, "i2");
        assert_eq!(page.next.as_deref(), Some("i2"));
        assert_eq!(images_page(br#"{"images": []}"#).unwrap().next, None);
        assert_eq!(
            image(br#"{"id": "i1", "name": "cirros"}"#).unwrap().name,
            "cirros"
        );
        assert!(image(b"[]").is_err());
        assert!(images_page(b"{}").is_err());
    }

    #[test]
    fn created_image_ids() {
        let none = HeaderMap::new();
        assert_eq!(
            created_image_id(&none, br#"{"image_id": "new"}"#).unwrap(),
            "new"
        );
        let mut headers = HeaderMap::new();
        headers.insert(
            "location",
            HeaderValue::from_static("http://glance/images/0e7761fe"),
        );
        assert_eq!(created_image_id(&headers, b"").unwrap(), "0e7761fe");
        assert!(created_image_id(&none, b"").is_err());
    }
}
