//! Typed, declared provider options.
//!
//! Each provider declares the options it reads ([`OptionSpec`]: name, type, meaning,
//! default, environment variables) and the credentials it takes ([`CredentialSpec`]).
//! Connecting through the registry checks a configuration against them
//! ([`validate_options`]) before the provider sees it, so a misspelt name or a value of
//! the wrong type is an `InvalidInput` error listing what is valid, for library callers
//! and the command line alike. Drivers read values through the typed getters on
//! [`ProviderConfig`](crate::ProviderConfig).

mod read;
mod spec;
mod validate;
mod value;

pub use spec::{CredentialSpec, OptionKind, OptionSpec, joined_specs};
pub use validate::{accepted_options, validate_options};
pub use value::{OptionValue, parse, parse_bytes, parse_flag, parse_option, show_bytes};
