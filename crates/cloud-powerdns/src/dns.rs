//! The DNS driver type, its constructor and `impl Dns`: trait plumbing that delegates to
//! the calls in `ops/`.

use async_trait::async_trait;
use cloud_core::dns::{
    CreateZone, Dns, DnsCapabilities, DnsFeature, NewRecord, Record, RecordSetChange, RecordType,
    RecordUpdate, UpdateZone, Zone,
};
use cloud_core::operation::OperationRef;
use cloud_core::{BoxStream, ProviderConfig, Result};

use crate::PROVIDER_ID;
use crate::client::Api;
use crate::settings::Settings;

/// Record types beyond the common ones that PowerDNS stores and serves, by mnemonic.
const MORE_TYPES: &[&str] = &[
    "DNAME", "DS", "HINFO", "HTTPS", "LOC", "NAPTR", "RP", "SSHFP", "SVCB", "TLSA", "URI",
];

/// The PowerDNS DNS driver: zones of one PowerDNS Authoritative server through its HTTP
/// API. Cheap to clone; safe to share between tasks.
///
/// PowerDNS keeps records in RRsets (all values of one name and type, with one TTL):
/// a record here is one value of a set, and its id names the set and the value (see
/// [`model::RecordKey`](crate::model::RecordKey)). Creating, changing or deleting a record
/// reads the zone and replaces that set in one `PATCH`; [`Dns::apply_changes`] sends every
/// change in one `PATCH`, which PowerDNS applies whole or not at all.
#[derive(Debug, Clone)]
pub struct PowerDnsDns {
    pub(crate) api: Api,
    pub(crate) nameservers: Vec<String>,
    pub(crate) default_ttl: u32,
}

impl PowerDnsDns {
    /// A driver for the server at `config.endpoint` (required: `http://127.0.0.1:8081` or
    /// with its path, `…/api/v1`), with the API key in `config.credentials["api_key"]` or
    /// the `POWERDNS_API_KEY` environment variable.
    ///
    /// Fails with `InvalidCredentials` when no API key is configured, with
    /// `Configuration` when the endpoint is missing or not http(s), and with
    /// `InvalidInput` when an option (`server_id`, `nameservers`, `default_ttl`) has a
    /// value it does not take.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        let settings = Settings::read(config)?;
        let api = Api::connect(config, &settings)?;
        Ok(PowerDnsDns {
            api,
            nameservers: settings.nameservers,
            default_ttl: settings.default_ttl,
        })
    }

    /// The TTL of record sets written without one (the `default_ttl` option).
    pub fn default_ttl(&self) -> u32 {
        self.default_ttl
    }
}

#[async_trait]
impl Dns for PowerDnsDns {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    /// Every common type but SOA (which comes with the zone), and the further types
    /// PowerDNS serves that the zone-file reader knows; a mail address per zone (the SOA
    /// mailbox), zone updates (the mail address), and changes sent in one atomic `PATCH`.
    /// No default TTL per zone: PowerDNS has none.
    fn capabilities(&self) -> DnsCapabilities {
        let common = RecordType::COMMON
            .into_iter()
            .filter(|t| *t != RecordType::Soa);
        let more = MORE_TYPES.iter().map(|t| RecordType::Other(t.to_string()));
        DnsCapabilities::with(
            common.chain(more),
            [
                DnsFeature::ZoneEmail,
                DnsFeature::UpdateZone,
                DnsFeature::BatchedChanges,
                DnsFeature::AtomicChanges,
            ],
        )
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn list_zones(&self) -> BoxStream<'_, Result<Zone>> {
        self.zones()
    }

    async fn get_zone(&self, zone_id: &str) -> Result<Zone> {
        self.zone(zone_id).await
    }

    async fn create_zone(&self, request: &CreateZone) -> Result<Zone> {
        self.new_zone(request).await
    }

    async fn update_zone(&self, zone_id: &str, update: &UpdateZone) -> Result<Zone> {
        self.change_zone(zone_id, update).await
    }

    async fn delete_zone(&self, zone_id: &str) -> Result<()> {
        self.remove_zone(zone_id).await
    }

    fn list_records<'a>(&'a self, zone_id: &'a str) -> BoxStream<'a, Result<Record>> {
        self.records(zone_id)
    }

    async fn get_record(&self, zone_id: &str, record_id: &str) -> Result<Record> {
        self.record(zone_id, record_id).await
    }

    async fn create_record(&self, zone_id: &str, record: &NewRecord) -> Result<Record> {
        self.add_record(zone_id, record).await
    }

    async fn update_record(
        &self,
        zone_id: &str,
        record_id: &str,
        update: &RecordUpdate,
    ) -> Result<Record> {
        self.change_record(zone_id, record_id, update).await
    }

    async fn delete_record(&self, zone_id: &str, record_id: &str) -> Result<()> {
        self.remove_record(zone_id, record_id).await
    }

    async fn apply_changes(
        &self,
        zone_id: &str,
        changes: &[RecordSetChange],
    ) -> Result<Option<OperationRef>> {
        self.apply(zone_id, changes).await?;
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::env::MapEnv;
    use cloud_core::{ErrorKind, Secret};
    use std::sync::Arc;

    fn config() -> ProviderConfig {
        ProviderConfig {
            env: Arc::new(MapEnv::default()),
            endpoint: Some("http://127.0.0.1:8081".parse().unwrap()),
            ..Default::default()
        }
    }

    #[test]
    fn capabilities_are_powerdns_types_and_atomic_batches() {
        let mut config = config();
        assert_eq!(
            PowerDnsDns::new(&config).unwrap_err().kind(),
            ErrorKind::InvalidCredentials
        );
        config
            .credentials
            .insert("api_key".into(), Secret::new("pdns-secret-key"));
        let dns = PowerDnsDns::new(&config).unwrap();
        assert!(!format!("{dns:?}").contains("pdns-secret-key"));
        let caps = dns.capabilities();
        for t in [
            "A", "AAAA", "NS", "MX", "CNAME", "TXT", "SRV", "PTR", "CAA", "SPF", "NAPTR",
        ] {
            assert!(caps.supports_type(&t.parse().unwrap()), "{t}");
        }
        assert!(!caps.supports_type(&RecordType::Soa));
        for f in [
            DnsFeature::ZoneEmail,
            DnsFeature::UpdateZone,
            DnsFeature::BatchedChanges,
            DnsFeature::AtomicChanges,
        ] {
            assert!(caps.supports(f), "{f:?}");
        }
        for f in [
            DnsFeature::ZoneTtl,
            DnsFeature::ChangeOperations,
            DnsFeature::AliasRecords,
        ] {
            assert!(!caps.supports(f), "{f:?}");
        }
    }

    #[test]
    fn no_endpoint_is_a_configuration_error() {
        let mut config = config();
        config.endpoint = None;
        config
            .credentials
            .insert("api_key".into(), Secret::new("k"));
        let err = PowerDnsDns::new(&config).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.message().contains("endpoint"), "{err}");
    }
}
