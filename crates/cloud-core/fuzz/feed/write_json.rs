//! What the `write_json` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs`: the JSON writer (`cloud_core::json_writer`) must write
//! exactly what serde_json writes, for the input as a string (its escapes) and, when
//! the input is a JSON document, for the value it holds (its shapes, numbers and keys).

use cloud_core::json_writer;

/// Writes the input both ways.
pub fn feed(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    same(&*text);
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        same(&value);
    }
}

fn same<T: ?Sized + serde::Serialize>(value: &T) {
    let ours = json_writer::to_vec(value).ok();
    let theirs = serde_json::to_vec(value).ok();
    assert_eq!(
        ours, theirs,
        "the JSON writer wrote what serde_json writes otherwise"
    );
}
