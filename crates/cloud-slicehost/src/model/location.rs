//! The one location: the API had none, and every slice is placed there.

use cloud_core::compute::{Extra, Location};

/// The id of the one location this driver reports.
pub const LOCATION_ID: &str = "slicehost";

/// The one location the driver reports. The Slicehost API had no notion of location:
/// Slicehost chose the data centre (St. Louis, later also Dallas–Fort Worth) itself.
pub fn location() -> Location {
    let mut extra = Extra::new();
    extra.insert(
        "note".into(),
        "Slicehost placed slices itself; the API took no location".into(),
    );
    Location {
        id: LOCATION_ID.to_string(),
        name: "Slicehost".to_string(),
        country: Some("US".to_string()),
        extra,
    }
}
