//! Slicehost's XML documents as portable types: slices to nodes, flavors to sizes,
//! images, and the error document.
//!
//! Every parser takes the raw answer body and fails with `MalformedResponse` (never a
//! panic) when the body is not the document it should be. They are public so the same
//! code can be fuzzed and used on stored answers.

mod errors;
mod flavor;
mod image;
mod location;
mod slice;

#[cfg(test)]
mod robustness;

pub use errors::parse_error_document;
pub use flavor::{HOURS_PER_MONTH, parse_flavors, price_per_hour};
pub use image::parse_images;
pub use location::{LOCATION_ID, location};
pub use slice::{parse_slice, parse_slices};

use cloud_core::xml::Element;
use cloud_core::{Error, Result};

/// The text of `el`'s child `field`; `MalformedResponse` naming the `what` without it.
fn required<'a>(el: &'a Element<'_>, what: &str, field: &str) -> Result<&'a str> {
    el.child_value(field)
        .ok_or_else(|| Error::malformed(format!("a {what} without <{field}> in the answer")))
}

/// The error of a document whose root is not the `<want>` expected.
fn unexpected_root(want: &str, got: &str) -> Error {
    Error::malformed(format!("expected a <{want}> document, got <{got}>"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    #[test]
    fn wrong_or_incomplete_documents_are_malformed() {
        let cases: &[(&str, Result<usize>)] = &[
            (
                "slice without id",
                parse_slices(b"<slices><slice><name>x</name></slice></slices>").map(|v| v.len()),
            ),
            (
                "flavor without ram",
                parse_flavors(b"<flavors><flavor><id>1</id></flavor></flavors>").map(|v| v.len()),
            ),
            (
                "flavor ram not a number",
                parse_flavors(b"<flavor><id>1</id><ram>lots</ram></flavor>").map(|v| v.len()),
            ),
            (
                "negative price",
                parse_flavors(b"<flavor><id>1</id><ram>1</ram><price>-5</price></flavor>")
                    .map(|v| v.len()),
            ),
            (
                "images as slices",
                parse_slices(b"<images/>").map(|v| v.len()),
            ),
            (
                "errors document",
                parse_images(b"<errors><error>x</error></errors>").map(|v| v.len()),
            ),
            (
                "two slices for one",
                parse_slice(b"<slices><slice><id>1</id></slice><slice><id>2</id></slice></slices>")
                    .map(|_| 1),
            ),
        ];
        for (what, result) in cases {
            let err = result.as_ref().unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{what}: {err}");
        }
        assert!(
            parse_slices(b"<slices type=\"array\"/>")
                .unwrap()
                .is_empty()
        );
    }
}
