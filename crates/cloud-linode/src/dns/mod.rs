//! The DNS area: Linode Domains as zones and their Domain Records as records. The driver
//! type, its constructor and the `Dns` implementation, which delegates to the calls
//! beside it (`zones.rs`, `records.rs`); `body.rs` builds record requests and `ttl.rs`
//! holds Linode's TTL rule. Linode has no batches: `apply_changes` is the core's
//! record-by-record application.

mod body;
mod records;
mod ttl;
mod zones;

pub use ttl::{RECORD_TTLS, ZONE_TTLS, record_ttl, zone_ttl};

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use cloud_core::dns::{
    CreateZone, Dns, DnsCapabilities, DnsFeature, NewRecord, Record, RecordType, RecordUpdate,
    UpdateZone, Zone,
};
use cloud_core::{BoxStream, ProviderConfig, Result};

use crate::PROVIDER_ID;
use crate::client::Api;
use crate::settings::Settings;

/// The Linode DNS driver (Linode's DNS Manager). Cheap to clone; safe to share between
/// tasks.
///
/// Record writes need the zone's domain (to make names relative and hosts fully
/// qualified): the driver remembers the domain of every zone it has read, created or
/// listed, and asks Linode for the others (`GET /domains/{id}`) once.
#[derive(Debug, Clone)]
pub struct LinodeDns {
    pub(crate) api: Api,
    domains: Arc<Mutex<HashMap<u64, String>>>,
}

impl LinodeDns {
    /// A driver for the account whose token is in `config.credentials["token"]` (or the
    /// `LINODE_TOKEN` environment variable), at `config.endpoint` or Linode's own.
    ///
    /// Fails with `InvalidCredentials` when no token is configured, with
    /// `Configuration` when the endpoint is invalid and with `InvalidInput` when the
    /// `page_size` option is not a number from 25 to 500.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        let settings = Settings::read(config)?;
        Ok(LinodeDns::with_api(Api::connect(config, &settings)?))
    }

    /// A driver over an existing client (the session's, shared with compute).
    pub(crate) fn with_api(api: Api) -> Self {
        LinodeDns {
            api,
            domains: Arc::default(),
        }
    }

    /// Items per page on list calls.
    pub fn page_size(&self) -> u32 {
        self.api.page_size()
    }

    /// The domain of zone `id` when the driver has seen it.
    fn known_domain(&self, id: u64) -> Option<String> {
        let domains = self.domains.lock().unwrap_or_else(PoisonError::into_inner);
        domains.get(&id).cloned()
    }

    /// Remembers a zone's domain.
    fn remember(&self, zone: &Zone) {
        remember(&self.domains, zone);
    }

    /// Forgets a deleted zone.
    fn forget(&self, id: u64) {
        let mut domains = self.domains.lock().unwrap_or_else(PoisonError::into_inner);
        domains.remove(&id);
    }
}

/// Remembers `zone`'s domain in `domains`.
fn remember(domains: &Mutex<HashMap<u64, String>>, zone: &Zone) {
    if let Ok(id) = zone.id.parse::<u64>() {
        let mut domains = domains.lock().unwrap_or_else(PoisonError::into_inner);
        domains.insert(id, zone.domain.clone());
    }
}

#[async_trait]
impl Dns for LinodeDns {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    /// Every record type Linode serves; a default TTL and a mail address per zone, and
    /// zone updates. No batches: changes go record by record.
    fn capabilities(&self) -> DnsCapabilities {
        DnsCapabilities::with(
            [
                RecordType::A,
                RecordType::Aaaa,
                RecordType::Ns,
                RecordType::Mx,
                RecordType::Cname,
                RecordType::Txt,
                RecordType::Srv,
                RecordType::Ptr,
                RecordType::Caa,
            ],
            [
                DnsFeature::ZoneTtl,
                DnsFeature::ZoneEmail,
                DnsFeature::UpdateZone,
            ],
        )
        .with_ttl_steps(ttl::RECORD_TTLS)
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::env::MapEnv;
    use cloud_core::{ErrorKind, Secret};

    #[test]
    fn capabilities_are_linodes_types_without_batches() {
        let mut config = ProviderConfig {
            env: Arc::new(MapEnv::default()),
            ..Default::default()
        };
        assert_eq!(
            LinodeDns::new(&config).unwrap_err().kind(),
            ErrorKind::InvalidCredentials
        );
        config.credentials.insert("token".into(), Secret::new("t"));
        let dns = LinodeDns::new(&config).unwrap();
        let caps = dns.capabilities();
        for t in ["A", "AAAA", "NS", "MX", "CNAME", "TXT", "SRV", "PTR", "CAA"] {
            assert!(caps.supports_type(&t.parse().unwrap()), "{t}");
        }
        assert!(!caps.supports_type(&RecordType::Spf));
        assert!(!caps.supports_type(&RecordType::Soa));
        assert!(caps.supports(DnsFeature::ZoneTtl));
        assert!(caps.supports(DnsFeature::ZoneEmail));
        assert!(caps.supports(DnsFeature::UpdateZone));
        for missing in [
            DnsFeature::BatchedChanges,
            DnsFeature::AtomicChanges,
            DnsFeature::ChangeOperations,
            DnsFeature::AliasRecords,
        ] {
            assert!(!caps.supports(missing), "{missing:?}");
        }
    }
}
