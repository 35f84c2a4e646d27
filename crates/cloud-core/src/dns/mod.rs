//! DNS: zones and records, record sets and batched changes, names and TXT strings
//! handled the same way for every provider, and zone files.

mod api;
mod capabilities;
mod changes;
mod data;
mod lookup;
pub mod names;
mod record_type;
pub mod txt;
mod types;
pub mod validate;
pub mod zonefile;

pub use api::Dns;
pub use capabilities::{DnsCapabilities, DnsFeature};
pub use changes::{apply_record_by_record, record_sets, wait_for_changes};
pub use data::RecordData;
pub use lookup::find_zone;
pub use record_type::RecordType;
pub use types::{
    CreateZone, NewRecord, Record, RecordSet, RecordSetChange, RecordUpdate, UpdateZone, Zone,
};
