//! What the PowerDNS provider reads from its configuration: declared options and the API
//! key, and the typed settings read from them.

use cloud_core::options::{CredentialSpec, OptionKind, OptionSpec};
use cloud_core::{Error, ProviderConfig, Result, Secret};

use crate::PROVIDER_ID;

/// The environment variable the API key is read from when the configuration has none.
pub const API_KEY_ENV: &str = "POWERDNS_API_KEY";

/// The server id in API paths unless the `server_id` option says otherwise (PowerDNS
/// Authoritative serves only `localhost`).
pub const DEFAULT_SERVER_ID: &str = "localhost";

/// The TTL of a record set written without one, unless the `default_ttl` option says
/// otherwise: PowerDNS keeps a TTL per record set and no default per zone.
pub const DEFAULT_TTL: u32 = 3600;

/// The server id.
pub(crate) const SERVER_ID: OptionSpec = OptionSpec::new(
    "server_id",
    OptionKind::Text,
    "the server id in API paths (/api/v1/servers/{server_id}/zones)",
)
.default_value(DEFAULT_SERVER_ID);

/// The name servers of new zones.
pub(crate) const NAMESERVERS: OptionSpec = OptionSpec::new(
    "nameservers",
    OptionKind::List,
    "name servers of new zones (their apex NS records; the first is the SOA's primary); \
     relative names are completed with the zone's domain",
)
.default_value("ns1");

/// The TTL of record sets written without one.
pub(crate) const DEFAULT_TTL_OPTION: OptionSpec = OptionSpec::new(
    "default_ttl",
    OptionKind::Count {
        min: 1,
        max: 2_147_483_647,
    },
    "TTL in seconds of a record set written without one",
)
.default_value("3600");

/// The options PowerDNS reads.
pub(crate) const OPTIONS: &[OptionSpec] = &[SERVER_ID, NAMESERVERS, DEFAULT_TTL_OPTION];

/// The credentials PowerDNS takes.
pub(crate) const CREDENTIALS: &[CredentialSpec] = &[CredentialSpec::required(
    "api_key",
    "the API key (the server's api-key setting), sent in the X-API-Key header",
    &[API_KEY_ENV],
)];

/// The settings a PowerDNS driver runs with, read from a [`ProviderConfig`].
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// The API key.
    pub(crate) api_key: Secret,
    /// The server id in API paths.
    pub(crate) server_id: String,
    /// The name servers of new zones, as given (relative names allowed).
    pub(crate) nameservers: Vec<String>,
    /// The TTL of record sets written without one.
    pub(crate) default_ttl: u32,
}

impl Settings {
    /// Reads the API key (`InvalidCredentials` when there is none) and the options
    /// (`InvalidInput` when a value is not what the option takes, or the server id is not
    /// letters, digits, `-`, `_`, `.` and `~`).
    pub(crate) fn read(config: &ProviderConfig) -> Result<Self> {
        let api_key = config.require_credential(PROVIDER_ID, "api_key", &[API_KEY_ENV])?;
        let server_id = config
            .option_text(PROVIDER_ID, &SERVER_ID)?
            .unwrap_or_else(|| DEFAULT_SERVER_ID.to_string());
        check_server_id(&server_id)?;
        let nameservers = config
            .option_list(PROVIDER_ID, &NAMESERVERS)?
            .unwrap_or_else(|| vec!["ns1".to_string()]);
        let default_ttl = config
            .option_number(PROVIDER_ID, &DEFAULT_TTL_OPTION)?
            .map_or(DEFAULT_TTL, |n| u32::try_from(n).unwrap_or(DEFAULT_TTL));
        Ok(Settings {
            api_key,
            server_id,
            nameservers,
            default_ttl,
        })
    }
}

/// A server id goes into every API path: only URL-safe characters.
fn check_server_id(id: &str) -> Result<()> {
    let safe = !id.is_empty()
        && id.len() <= 255
        && id != "."
        && id != ".."
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'));
    if safe {
        Ok(())
    } else {
        Err(Error::invalid_input(format!(
            "option server_id {id:?} must be letters, digits, '-', '_', '.' and '~'"
        ))
        .with_provider(PROVIDER_ID))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;
    use cloud_core::env::MapEnv;
    use std::sync::Arc;

    fn config(vars: &[(&str, &str)]) -> ProviderConfig {
        let mut env = MapEnv::default();
        for (k, v) in vars {
            env.set(*k, *v);
        }
        ProviderConfig {
            env: Arc::new(env),
            ..Default::default()
        }
    }

    #[test]
    fn the_key_comes_from_credentials_or_the_environment() {
        let err = Settings::read(&config(&[])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        assert!(err.message().contains(API_KEY_ENV), "{err}");
        let s = Settings::read(&config(&[(API_KEY_ENV, "k-from-env")])).unwrap();
        assert_eq!(s.api_key.expose(), "k-from-env");
        assert_eq!(s.server_id, "localhost");
        assert_eq!(s.nameservers, ["ns1"]);
        assert_eq!(s.default_ttl, 3600);
        assert!(!format!("{s:?}").contains("k-from-env"));
    }

    #[test]
    fn options_are_read_and_checked() {
        let mut c = config(&[(API_KEY_ENV, "k")]);
        c.options.insert("server_id".into(), "pdns-2".into());
        c.options
            .insert("nameservers".into(), "ns1.example.net.,ns2".into());
        c.options.insert("default_ttl".into(), "60".into());
        let s = Settings::read(&c).unwrap();
        assert_eq!(s.server_id, "pdns-2");
        assert_eq!(s.nameservers, ["ns1.example.net.", "ns2"]);
        assert_eq!(s.default_ttl, 60);
        for bad in ["a/b", "..", "x?y"] {
            c.options.insert("server_id".into(), bad.into());
            let err = Settings::read(&c).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad}");
        }
        c.options.insert("server_id".into(), "localhost".into());
        c.options.insert("default_ttl".into(), "0".into());
        assert_eq!(
            Settings::read(&c).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }
}
