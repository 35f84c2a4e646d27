//! Every parser fed random bytes and every prefix of real documents: each must answer
//! `Ok` or a typed error, and never panic.

use cloud_core::http::{ErrorParser, StatusCode, header::HeaderMap};

use super::{parse_error_document, parse_flavors, parse_images, parse_slice, parse_slices};
use crate::SlicehostErrorParser;

const SAMPLES: &[&str] = &[
    r#"<?xml version="1.0" encoding="UTF-8"?>
<slices type="array"><slice><name>web &amp; db</name><image-id type="integer">10</image-id>
<addresses type="array"><address>174.143.1.2</address><address>10.176.3.4</address></addresses>
<progress type="integer">100</progress><id type="integer">4521</id><bw-out type="float">1.5</bw-out>
<bw-in type="float">0.0</bw-in><flavor-id type="integer">1</flavor-id><status>active</status>
<root-password>pw</root-password></slice></slices>"#,
    r#"<flavors type="array"><flavor><id type="integer">1</id><name>256 slice</name>
<price type="integer">2000</price><ram type="integer">256</ram></flavor></flavors>"#,
    r#"<images type="array"><image><name>Ubuntu</name><id type="integer">10</id></image></images>"#,
    r#"<errors><error>Name can't be blank</error><error>Permission denied</error></errors>"#,
];

fn feed(bytes: &[u8]) {
    let _ = cloud_core::xml::Element::parse(bytes);
    let _ = parse_slices(bytes);
    let _ = parse_slice(bytes);
    let _ = parse_flavors(bytes);
    let _ = parse_images(bytes);
    let _ = parse_error_document(bytes);
    for status in [400u16, 401, 404, 422, 500] {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
        let _ = SlicehostErrorParser.parse(status, &HeaderMap::new(), bytes);
    }
}

#[test]
fn hostile_inputs_never_panic() {
    let samples: Vec<&[u8]> = SAMPLES.iter().map(|s| s.as_bytes()).collect();
    cloud_test::hostile::feed_hostile_inputs(
        &samples,
        b"<>/=\"'&;#x?!- abcdeslice0123456789[]CDATA",
        0x51_1ce,
        feed,
    );
}
