//! Every parser on every fixture answer, cut at every length, with bytes flipped, and on
//! random bytes: each input is accepted or refused with a typed error, never a panic.

#[path = "../fuzz/feed/parse_responses.rs"]
mod feed;

use std::path::Path;

/// The JSON answer bodies of every `fixtures/azure/arm/` interaction.
fn fixture_answers() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/azure/arm");
    let mut answers = Vec::new();
    for scenario in std::fs::read_dir(&root).unwrap().flatten() {
        if !scenario.path().is_dir() {
            continue;
        }
        for file in std::fs::read_dir(scenario.path()).unwrap().flatten() {
            let text = std::fs::read_to_string(file.path()).unwrap();
            let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
            if let Some(body) = doc["response"].get("body_json") {
                answers.push(serde_json::to_vec(body).unwrap());
            }
        }
    }
    answers
}

#[test]
fn parsers_survive_truncated_mutated_and_random_answers() {
    let answers = fixture_answers();
    assert!(answers.len() > 50, "{} answers", answers.len());
    for selector in 0..20u8 {
        let samples: Vec<Vec<u8>> = answers
            .iter()
            .step_by(5)
            .map(|body| {
                let mut input = vec![selector];
                input.extend_from_slice(body);
                input
            })
            .collect();
        let refs: Vec<&[u8]> = samples.iter().map(Vec::as_slice).collect();
        cloud_test::hostile::feed_hostile_inputs(
            &refs,
            b"{}[]\":,0123456789truefalsenull",
            11 + u64::from(selector),
            |input| {
                let mut picked = vec![selector];
                picked.extend_from_slice(input.get(1..).unwrap_or_default());
                feed::feed(&picked);
            },
        );
    }
}

#[test]
fn a_truncated_answer_is_a_malformed_response() {
    let body = br#"{"value":[{"name":"web-1","properties":{"hardwareProfile""#;
    let err = cloud_azure::model::virtual_machines(body).unwrap_err();
    assert_eq!(err.kind(), cloud_core::ErrorKind::MalformedResponse);
    let err = cloud_azure::model::async_operation(b"<html>502</html>").unwrap_err();
    assert_eq!(err.kind(), cloud_core::ErrorKind::MalformedResponse);
}
