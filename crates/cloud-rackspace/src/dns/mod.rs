//! Cloud DNS behind the core's `Dns` trait: domains are zones (numeric ids), records keep
//! Cloud DNS's ids (`A-1234`), and every change waits for the asynchronous job it
//! starts.

mod client;
mod jobs;
mod paging;
mod records;
pub(crate) mod settings;
#[cfg(test)]
mod tests;
mod zones;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use cloud_core::dns::{
    CreateZone, Dns, DnsCapabilities, DnsFeature, NewRecord, Record, RecordType, RecordUpdate,
    UpdateZone, Zone,
};
use cloud_core::operation::WaitOptions;
use cloud_core::{BoxStream, ProviderConfig, Result};
use cloud_openstack::identity::Identity;

use crate::PROVIDER_ID;
use client::DnsClient;

/// The catalog type of Cloud DNS (one global endpoint, no region).
pub(crate) const DNS_SERVICE: &str = "rax:dns";

/// The smallest TTL Cloud DNS stores, in seconds; a smaller one is raised to it.
pub(crate) const MIN_TTL: u32 = 300;

/// The DNS driver of a Rackspace session: Cloud DNS API v1.0 at the catalog's
/// `cloudDNS` endpoint.
#[derive(Debug, Clone)]
pub struct RackspaceDns {
    client: DnsClient,
    wait: WaitOptions,
    /// The domain of each zone id seen, so record calls need not ask for it again (a
    /// domain's name never changes).
    domains: Arc<Mutex<HashMap<String, String>>>,
}

/// The DNS driver of the session `identity` logs in for; nothing is sent until it is
/// used. Jobs are waited for as `config` says (`dns_job_poll_secs`,
/// `dns_job_timeout_secs`).
pub(crate) fn dns(identity: &Identity, config: &ProviderConfig) -> Result<RackspaceDns> {
    Ok(RackspaceDns {
        client: DnsClient::new(identity, config)?,
        wait: settings::job_wait(config)?,
        domains: Arc::new(Mutex::new(HashMap::new())),
    })
}

impl RackspaceDns {
    /// Remembers the domain of zone `id`.
    fn remember(&self, zone: &Zone) {
        self.domains
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(zone.id.clone(), zone.domain.clone());
    }

    /// The remembered domain of zone `id`.
    fn remembered(&self, id: &str) -> Option<String> {
        self.domains
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .cloned()
    }

    /// Forgets zone `id` (deleted).
    fn forget(&self, id: &str) {
        self.domains
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
    }
}

/// A TTL as Cloud DNS stores it: at least [`MIN_TTL`].
pub(crate) fn stored_ttl(ttl: u32) -> u32 {
    ttl.max(MIN_TTL)
}

#[async_trait]
impl Dns for RackspaceDns {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    /// A, AAAA, CNAME, MX, NS, SRV and TXT records (PTR records belong to Cloud DNS's
    /// reverse-DNS calls, not to domains); a TTL and a mail address per zone, changed by
    /// `update_zone`; TTLs of at least 300 seconds (smaller ones are raised to 300).
    fn capabilities(&self) -> DnsCapabilities {
        DnsCapabilities::with(
            [
                RecordType::A,
                RecordType::Aaaa,
                RecordType::Cname,
                RecordType::Mx,
                RecordType::Ns,
                RecordType::Srv,
                RecordType::Txt,
            ],
            [
                DnsFeature::ZoneTtl,
                DnsFeature::ZoneEmail,
                DnsFeature::UpdateZone,
            ],
        )
        .with_ttl_steps([MIN_TTL])
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
        self.new_record(zone_id, record).await
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
