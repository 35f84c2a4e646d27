//! Zone files (RFC 1035 master files): reading one into records and record sets
//! ([`parse`]), reading one record's data ([`parse_rdata`]), writing a zone's records
//! as one ([`export`]), and planning the changes that bring a zone to a file's record
//! sets ([`plan`]).
//!
//! Names follow the [`names`](super::names) conventions: record names relative to the
//! zone with `@` for the apex, host names in data fully qualified with the trailing dot,
//! everything lowercase.
//!
//! ```
//! use cloud_core::dns::zonefile;
//!
//! let file = zonefile::parse(
//!     "$TTL 1h\n@ IN MX 10 mail\nwww 300 IN A 192.0.2.1\n",
//!     "example.org",
//! )
//! .unwrap();
//! let sets = file.record_sets();
//! assert_eq!(sets[0].values[0].to_string(), "10 mail.example.org.");
//! let plan = zonefile::plan(&sets, &[], false);
//! assert_eq!(plan.create.len(), 2);
//! ```

mod escape;
mod export;
mod lexer;
mod name;
mod parser;
mod plan;
mod rdata;
mod ttl;
mod types;
mod zone;

pub use export::export;
pub use parser::parse;
pub use plan::{Plan, plan};
pub use rdata::parse_rdata;
pub use zone::{ZoneEntry, ZoneFile};
