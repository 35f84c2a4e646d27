//! Flavors as sizes, and Slicehost's monthly prices as hourly ones.

use cloud_core::compute::{Extra, Size};
use cloud_core::xml::Element;
use cloud_core::{Error, Result};
use serde_json::Value;

use super::{required, unexpected_root};

/// Hours in the month Slicehost billed by: 365 days × 24 hours ÷ 12 months = 730.
/// Flavor prices are cents per month; `price_per_hour` divides by this.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// A monthly price in US cents as US dollars per hour: `cents / 100 / 730`.
pub fn price_per_hour(cents_per_month: u64) -> f64 {
    cents_per_month as f64 / 100.0 / HOURS_PER_MONTH
}

/// A `<flavors>` list or a single `<flavor>` as sizes.
pub fn parse_flavors(body: &[u8]) -> Result<Vec<Size>> {
    let root = Element::parse(body)?;
    match root.name.as_ref() {
        "flavors" => root.children_named("flavor").map(flavor_to_size).collect(),
        "flavor" => Ok(vec![flavor_to_size(&root)?]),
        other => Err(unexpected_root("flavors", other)),
    }
}

fn flavor_to_size(el: &Element<'_>) -> Result<Size> {
    let id = required(el, "flavor", "id")?;
    let name = el.child_value("name").unwrap_or(id).to_string();
    let ram_mib = parse_u64(required(el, "flavor", "ram")?, "flavor ram")?;
    let cents = el
        .child_value("price")
        .map(|p| parse_u64(p, "flavor price"))
        .transpose()?;
    let mut extra = Extra::new();
    if let Some(c) = cents {
        extra.insert("price_cents_per_month".into(), Value::from(c));
    }
    Ok(Size {
        id: id.to_string(),
        name,
        vcpus: None,
        ram_mib,
        disk_gib: None,
        price_per_hour: cents.map(price_per_hour),
        extra,
    })
}

/// A field's text as a whole number; `MalformedResponse` naming `what` otherwise.
fn parse_u64(text: &str, what: &str) -> Result<u64> {
    text.parse::<u64>()
        .map_err(|_| Error::malformed(format!("{what} {text:?} is not a whole number")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_is_cents_per_730_hour_month() {
        assert!((price_per_hour(2000) - 20.0 / 730.0).abs() < 1e-12);
        assert!((price_per_hour(7300) - 0.1).abs() < 1e-12);
        assert_eq!(price_per_hour(0), 0.0);
    }

    #[test]
    fn flavors_become_sizes() {
        let sizes = parse_flavors(
            br#"<flavors type="array"><flavor><id type="integer">1</id><name>256 slice</name>
            <price type="integer">2000</price><ram type="integer">256</ram></flavor></flavors>"#,
        )
        .unwrap();
        assert_eq!(sizes.len(), 1);
        assert_eq!(sizes[0].ram_mib, 256);
        assert_eq!(sizes[0].extra["price_cents_per_month"], 2000);
        assert!((sizes[0].price_per_hour.unwrap() - 2000.0 / 100.0 / 730.0).abs() < 1e-12);
    }
}
