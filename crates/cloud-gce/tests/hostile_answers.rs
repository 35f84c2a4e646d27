//! Every parser on every fixture answer, cut at every length, with bytes flipped, and on
//! random bytes: each input is accepted or refused with a typed error, never a panic.

#[path = "../fuzz/feed/parse_responses.rs"]
mod feed;

use std::path::Path;

#[test]
fn parsers_survive_truncated_mutated_and_random_answers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/gce");
    let answers = cloud_test::hostile::fixture_answer_bodies(&root);
    assert!(answers.len() > 50, "{} answers", answers.len());
    cloud_test::hostile::feed_selected_answers(&answers, 15, 3, 7, feed::feed);
}

#[test]
fn a_truncated_answer_is_a_malformed_response() {
    let body = br#"{"kind":"compute#instanceAggregatedList","items":{"zones/us-central1-a":{"instances":[{"name":"web-1""#;
    let err = cloud_gce::model::aggregated_instances(body).unwrap_err();
    assert_eq!(err.kind(), cloud_core::ErrorKind::MalformedResponse);
    let err = cloud_gce::model::operation(b"<html>502</html>").unwrap_err();
    assert_eq!(err.kind(), cloud_core::ErrorKind::MalformedResponse);
}
