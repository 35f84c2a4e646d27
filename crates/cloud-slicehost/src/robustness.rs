//! Every parser fed random bytes and every prefix of real documents: each must answer
//! `Ok` or a typed error, and never panic.

use cloud_core::http::{ErrorParser, StatusCode, header::HeaderMap};
use rand::{Rng, SeedableRng};

use crate::errors::{SlicehostErrorParser, parse_error_document};
use crate::parse;

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
    let _ = parse::parse_slices(bytes);
    let _ = parse::parse_slice(bytes);
    let _ = parse::parse_flavors(bytes);
    let _ = parse::parse_images(bytes);
    let _ = parse_error_document(bytes);
    for status in [400u16, 401, 404, 422, 500] {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
        let _ = SlicehostErrorParser.parse(status, &HeaderMap::new(), bytes);
    }
}

#[test]
fn every_prefix_of_real_documents() {
    for sample in SAMPLES {
        let bytes = sample.as_bytes();
        for end in 0..=bytes.len() {
            feed(&bytes[..end]);
        }
    }
}

#[test]
fn random_bytes_and_mutations() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x51_1ce);
    let alphabet = b"<>/=\"'&;#x?!- abcdeslice0123456789[]CDATA";
    for round in 0..4000 {
        let len = rng.random_range(0..200);
        let bytes: Vec<u8> = if round % 2 == 0 {
            (0..len).map(|_| rng.random()).collect()
        } else {
            (0..len)
                .map(|_| alphabet[rng.random_range(0..alphabet.len())])
                .collect()
        };
        feed(&bytes);
    }
    for sample in SAMPLES {
        for _ in 0..500 {
            let mut bytes = sample.as_bytes().to_vec();
            for _ in 0..rng.random_range(1..6) {
                let i = rng.random_range(0..bytes.len());
                bytes[i] = rng.random();
            }
            feed(&bytes);
        }
    }
}
