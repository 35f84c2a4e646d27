//! Availability zones (`GET /os-availability-zone`) as locations.

use cloud_core::Result;
use cloud_core::compute::{Extra, Location};
use serde_json::Value;

use super::common::{document, listed, objects, required};

/// The zones of `{"availabilityZoneInfo": [{"zoneName", "zoneState": {"available"}}]}`,
/// each a location named by its zone; `available` goes in `extra`.
pub fn zones(body: &[u8]) -> Result<Vec<Location>> {
    let doc = document(body, "availability zone")?;
    objects(
        listed(&doc, "availabilityZoneInfo", "availability zone")?,
        "availability zone",
    )?
    .into_iter()
    .map(|zone| {
        let name = required(zone, "zoneName", "availability zone")?;
        let mut extra = Extra::new();
        if let Some(available) = zone
            .get("zoneState")
            .and_then(|s| s.get("available"))
            .and_then(Value::as_bool)
        {
            extra.insert("available".into(), Value::Bool(available));
        }
        Ok(Location {
            id: name.clone(),
            name,
            country: None,
            extra,
        })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_read() {
        let zones = zones(
            br#"{"availabilityZoneInfo": [{"zoneName": "nova", "zoneState": {"available": true}, "hosts": null}]}"#,
        )
        .unwrap();
        assert_eq!(zones[0].id, "nova");
        assert_eq!(zones[0].extra["available"], true);
        assert!(super::zones(br#"{"availabilityZoneInfo": [{}]}"#).is_err());
        assert!(super::zones(b"{}").is_err());
    }
}
