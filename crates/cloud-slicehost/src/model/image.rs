//! Images.

use cloud_core::Result;
use cloud_core::compute::{Extra, Image};
use cloud_core::xml::Element;

use super::{required, unexpected_root};

/// An `<images>` list or a single `<image>`.
pub fn parse_images(body: &[u8]) -> Result<Vec<Image>> {
    let root = Element::parse(body)?;
    match root.name.as_ref() {
        "images" => root.children_named("image").map(image_from).collect(),
        "image" => Ok(vec![image_from(&root)?]),
        other => Err(unexpected_root("images", other)),
    }
}

fn image_from(el: &Element<'_>) -> Result<Image> {
    let id = required(el, "image", "id")?;
    Ok(Image {
        id: id.to_string(),
        name: el.child_value("name").unwrap_or(id).to_string(),
        extra: Extra::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_keep_id_and_name() {
        let images = parse_images(
            br#"<images type="array"><image><name>Ubuntu 8.04.2 LTS (hardy)</name><id type="integer">10</id></image></images>"#,
        )
        .unwrap();
        assert_eq!(images[0].id, "10");
        assert_eq!(images[0].name, "Ubuntu 8.04.2 LTS (hardy)");
    }
}
