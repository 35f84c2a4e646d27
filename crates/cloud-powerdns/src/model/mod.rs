//! PowerDNS's wire types and their parsing: zones and their RRsets as the API sends
//! them, the portable [`Zone`](cloud_core::dns::Zone) and
//! [`Record`](cloud_core::dns::Record) made from them, record ids, SOA mailboxes, and
//! the bodies of the requests that change zones. These are what the fuzz target feeds.

mod body;
mod mailbox;
mod record_id;
mod wire;
mod zone;

pub use body::{RRsetChange, create_zone_body, patch_body};
pub use mailbox::{email_of_rname, rname_of_email};
pub use record_id::RecordKey;
pub use wire::{RRset, RecordEntry, WireZone};
pub use zone::{ZoneDoc, data_of_content, zone, zones};
