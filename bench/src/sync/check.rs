//! Whether a sync did its work: the bucket's listing against the directory's manifest
//! (every file there with its size, nothing else), and which objects a re-sync wrote
//! again (their modification time moved).

use std::collections::BTreeMap;

use serde_json::Value;

use super::data::Manifest;
use crate::{Error, Result};

/// Problems named in a failure before the rest are counted.
const SHOWN: usize = 5;

/// One listed object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// Bytes.
    pub size: u64,
    /// The server's modification time, as listed (empty when it gave none).
    pub modified: String,
}

/// A bucket's objects by key.
pub type Listing = BTreeMap<String, Listed>;

/// Reads the JSON array `libcloud --output json storage ls` prints: objects with a
/// `name`, a `size` and a `last_modified`.
pub fn parse_listing(json: &str) -> Result<Listing> {
    let value: Value = serde_json::from_str(json)
        .map_err(|e| Error::msg(format!("the bucket listing is not JSON: {e}")))?;
    let items = value
        .as_array()
        .ok_or_else(|| Error::msg("the bucket listing is not a JSON array"))?;
    let mut listing = Listing::new();
    for item in items {
        let name = item.get("name").and_then(Value::as_str);
        let size = item.get("size").and_then(Value::as_u64);
        let (Some(name), Some(size)) = (name, size) else {
            return Err(Error::msg(format!(
                "a listed object lacks a name or a size: {item}"
            )));
        };
        let modified = item
            .get("last_modified")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        listing.insert(name.to_string(), Listed { size, modified });
    }
    Ok(listing)
}

/// Fails unless `listing` holds exactly the files of `manifest` with their sizes; the
/// error names the first few differences and counts them all.
pub fn matches(manifest: &Manifest, listing: &Listing) -> Result<()> {
    let mut problems = Vec::new();
    for (key, size) in manifest {
        match listing.get(key) {
            None => problems.push(format!("{key} is missing")),
            Some(l) if l.size != *size => {
                problems.push(format!("{key} has {} bytes, not {size}", l.size));
            }
            Some(_) => {}
        }
    }
    for key in listing.keys().filter(|k| !manifest.contains_key(*k)) {
        problems.push(format!("{key} is not in the directory"));
    }
    if problems.is_empty() {
        return Ok(());
    }
    let more = problems.len().saturating_sub(SHOWN);
    let mut text = problems
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    if more > 0 {
        text.push_str(&format!("; and {more} more"));
    }
    Err(Error::msg(format!(
        "the bucket holds {} objects for {} files: {text}",
        listing.len(),
        manifest.len()
    )))
}

/// Objects of `before` whose modification time differs in `after` (written again), or
/// that are gone.
pub fn rewritten(before: &Listing, after: &Listing) -> usize {
    before
        .iter()
        .filter(|(key, b)| after.get(*key).is_none_or(|a| a.modified != b.modified))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LISTING: &str = r#"[
      {"type":"object","container":"b","name":"a/x.bin","size":5000,"etag":null,
       "last_modified":"2026-12-06T15:06:59.754Z","metadata":{},"extra":{}},
      {"type":"object","container":"b","name":"big.bin","size":20000000,"etag":"e-3",
       "last_modified":"2026-12-06T15:07:00.001Z","metadata":{},"extra":{}}
    ]"#;

    fn manifest(items: &[(&str, u64)]) -> Manifest {
        items.iter().map(|(k, s)| (k.to_string(), *s)).collect()
    }

    #[test]
    fn listing_json_is_read_by_name() {
        let l = parse_listing(LISTING).unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!(l["a/x.bin"].size, 5000);
        assert_eq!(l["big.bin"].modified, "2026-12-06T15:07:00.001Z");
        assert!(parse_listing("[]").unwrap().is_empty());
        assert!(parse_listing("{}").is_err());
        assert!(parse_listing(r#"[{"name":"k"}]"#).is_err());
        assert!(parse_listing("not json").is_err());
    }

    #[test]
    fn a_complete_bucket_matches() {
        let l = parse_listing(LISTING).unwrap();
        matches(&manifest(&[("a/x.bin", 5000), ("big.bin", 20_000_000)]), &l).unwrap();
    }

    #[test]
    fn missing_short_and_extra_objects_are_named() {
        let l = parse_listing(LISTING).unwrap();
        let err = matches(
            &manifest(&[("a/x.bin", 5001), ("c.bin", 1), ("big.bin", 20_000_000)]),
            &l,
        )
        .unwrap_err();
        let text = err.message();
        assert!(text.contains("a/x.bin has 5000 bytes, not 5001"), "{text}");
        assert!(text.contains("c.bin is missing"), "{text}");
        let err = matches(&manifest(&[("a/x.bin", 5000)]), &l).unwrap_err();
        assert!(err.message().contains("big.bin is not in the directory"));
        let many: Vec<(String, u64)> = (0..9).map(|i| (format!("k{i}"), 1)).collect();
        let many: Manifest = many.into_iter().collect();
        let err = matches(&many, &Listing::new()).unwrap_err();
        assert!(err.message().contains("and 4 more"), "{err}");
    }

    #[test]
    fn rewrites_are_objects_whose_time_moved() {
        let before = parse_listing(LISTING).unwrap();
        assert_eq!(rewritten(&before, &before), 0);
        let mut after = before.clone();
        after.get_mut("big.bin").unwrap().modified = "2026-12-06T15:09:00.000Z".into();
        assert_eq!(rewritten(&before, &after), 1);
        after.remove("a/x.bin");
        assert_eq!(rewritten(&before, &after), 2);
    }
}
