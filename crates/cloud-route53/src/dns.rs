//! The driver type: construction and the `Dns` implementation.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use cloud_core::dns::{
    CreateZone, Dns, DnsCapabilities, DnsFeature, NewRecord, Record, RecordSetChange, RecordType,
    RecordUpdate, Zone,
};
use cloud_core::operation::{OperationRef, OperationStatus};
use cloud_core::{BoxStream, ProviderConfig, Result};

use crate::PROVIDER_ID;
use crate::client::Api;
use crate::settings::Settings;

/// The Amazon Route 53 DNS driver. Cheap to clone; safe to share between tasks.
#[derive(Debug, Clone)]
pub struct Route53Dns {
    pub(crate) api: Api,
    pub(crate) settings: Settings,
    /// The domain of each zone seen, by id (a zone's domain never changes).
    domains: Arc<Mutex<HashMap<String, String>>>,
}

impl Route53Dns {
    /// A driver configured from `config` (see the crate documentation for where the
    /// credentials and the endpoint come from).
    ///
    /// Fails with `InvalidCredentials` when only half of an explicit key pair is given,
    /// and with `Configuration` or `InvalidInput` for a bad endpoint or option.
    /// Credentials are looked up on the first request, not here.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        let settings =
            Settings::from_config(config).map_err(|e| e.in_context(PROVIDER_ID, "connect"))?;
        Ok(Route53Dns {
            api: Api::connect(config)?,
            settings,
            domains: Arc::default(),
        })
    }

    /// Record sets per page of `ListResourceRecordSets`.
    pub fn page_size(&self) -> u32 {
        self.settings.page_size
    }

    /// The TTL given to a record created without one.
    pub fn default_ttl(&self) -> u32 {
        self.settings.default_ttl
    }

    /// The domain of zone `zone_id`, when this driver has seen the zone.
    pub(crate) fn cached_domain(&self, zone_id: &str) -> Option<String> {
        self.lock_domains().get(zone_id).cloned()
    }

    /// Remembers the domain of zone `zone_id`.
    pub(crate) fn remember_domain(&self, zone_id: &str, domain: &str) {
        self.lock_domains()
            .insert(zone_id.to_string(), domain.to_string());
    }

    /// Forgets a deleted zone.
    pub(crate) fn forget_domain(&self, zone_id: &str) {
        self.lock_domains().remove(zone_id);
    }

    fn lock_domains(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.domains.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[async_trait]
impl Dns for Route53Dns {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    fn capabilities(&self) -> DnsCapabilities {
        DnsCapabilities::with(
            [
                RecordType::A,
                RecordType::Aaaa,
                RecordType::Cname,
                RecordType::Mx,
                RecordType::Txt,
                RecordType::Srv,
                RecordType::Ns,
                RecordType::Ptr,
                RecordType::Caa,
                RecordType::Spf,
            ],
            [
                DnsFeature::BatchedChanges,
                DnsFeature::AtomicChanges,
                DnsFeature::ChangeOperations,
                DnsFeature::AliasRecords,
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
        self.apply(zone_id, changes).await
    }

    async fn operation_status(&self, operation: &OperationRef) -> Result<OperationStatus> {
        self.change_state(operation).await
    }
}
