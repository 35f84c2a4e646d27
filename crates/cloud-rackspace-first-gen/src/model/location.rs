//! The account's location: the v1.0 API has none of its own, but an account lives on
//! one side of the Atlantic and logs in there.

use cloud_core::compute::{Extra, Location};

/// The location of US accounts.
pub const US_LOCATION: &str = "us";

/// The location of UK accounts.
pub const UK_LOCATION: &str = "uk";

/// The one location an account reports: `us` (Dallas–Fort Worth and Chicago, chosen by
/// Rackspace) or `uk` (London).
pub fn location(uk: bool) -> Location {
    let (id, name, country) = if uk {
        (UK_LOCATION, "Rackspace Cloud UK (London)", "GB")
    } else {
        (
            US_LOCATION,
            "Rackspace Cloud US (Dallas–Fort Worth, Chicago)",
            "US",
        )
    };
    let mut extra = Extra::new();
    extra.insert(
        "note".into(),
        "the v1.0 API takes no location: servers go to the account's data centres".into(),
    );
    Location {
        id: id.to_string(),
        name: name.to_string(),
        country: Some(country.to_string()),
        extra,
    }
}
