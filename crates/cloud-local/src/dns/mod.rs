//! The simulated DNS service: zones and records in `<state_dir>/dns/state.json`, locked
//! and replaced atomically like the compute state, so any number of processes may share
//! it. Changes to record sets are applied in one write: all of them or none.

mod edits;
pub(crate) mod records;
mod zones;

use std::path::{Path, PathBuf};

use async_trait::async_trait;
use cloud_core::dns::{
    CreateZone, Dns, DnsCapabilities, DnsFeature, NewRecord, Record, RecordSetChange, RecordType,
    RecordUpdate, UpdateZone, Zone,
};
use cloud_core::operation::OperationRef;
use cloud_core::paginate::stream_of_list;
use cloud_core::{BoxStream, Result};

use self::records::DnsState;
use crate::PROVIDER_ID;
use crate::state::short_id;

/// The DNS state directory's store.
type Store = crate::state::Store<DnsState>;

/// A DNS driver over zones kept on disk.
pub struct LocalDns {
    store: Store,
}

impl std::fmt::Debug for LocalDns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalDns")
            .field("state_dir", &self.store.dir())
            .finish()
    }
}

impl LocalDns {
    /// Opens the DNS state under `<state_dir>/dns/`, creating it when absent; `Io` when
    /// the directory cannot be created or the state file is unreadable.
    pub fn open(state_dir: impl Into<PathBuf>) -> Result<Self> {
        let store = Store::open(state_dir.into().join("dns"))
            .map_err(|e| e.in_context(PROVIDER_ID, "open"))?;
        Ok(LocalDns { store })
    }

    /// The directory the DNS state lives in (`<state_dir>/dns`).
    pub fn state_dir(&self) -> &Path {
        self.store.dir()
    }
}

#[async_trait]
impl Dns for LocalDns {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    fn capabilities(&self) -> DnsCapabilities {
        let types = RecordType::COMMON
            .into_iter()
            .filter(|t| *t != RecordType::Soa);
        DnsCapabilities::with(
            types,
            [
                DnsFeature::ZoneTtl,
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
        stream_of_list(
            self.store
                .read_in_background("list_zones", |s| Ok(zones::list(s))),
        )
    }

    async fn get_zone(&self, zone_id: &str) -> Result<Zone> {
        let id = zone_id.to_string();
        self.store
            .read_in_background("get_zone", move |s| zones::get(s, &id))
            .await
    }

    async fn create_zone(&self, request: &CreateZone) -> Result<Zone> {
        let request = request.clone();
        self.store
            .update_in_background("create_zone", move |s| {
                zones::create(s, &request, short_id("zone"))
            })
            .await
    }

    async fn update_zone(&self, zone_id: &str, update: &UpdateZone) -> Result<Zone> {
        let (id, update) = (zone_id.to_string(), update.clone());
        self.store
            .update_in_background("update_zone", move |s| zones::update(s, &id, &update))
            .await
    }

    async fn delete_zone(&self, zone_id: &str) -> Result<()> {
        let id = zone_id.to_string();
        self.store
            .update_in_background("delete_zone", move |s| zones::delete(s, &id))
            .await
    }

    fn list_records<'a>(&'a self, zone_id: &'a str) -> BoxStream<'a, Result<Record>> {
        let id = zone_id.to_string();
        stream_of_list(
            self.store
                .read_in_background("list_records", move |s| edits::list(s, &id)),
        )
    }

    async fn get_record(&self, zone_id: &str, record_id: &str) -> Result<Record> {
        let (zone, id) = (zone_id.to_string(), record_id.to_string());
        self.store
            .read_in_background("get_record", move |s| edits::get(s, &zone, &id))
            .await
    }

    async fn create_record(&self, zone_id: &str, record: &NewRecord) -> Result<Record> {
        let (zone, record) = (zone_id.to_string(), record.clone());
        self.store
            .update_in_background("create_record", move |s| {
                edits::create(s, &zone, &record, short_id("rec"))
            })
            .await
    }

    async fn update_record(
        &self,
        zone_id: &str,
        record_id: &str,
        update: &RecordUpdate,
    ) -> Result<Record> {
        let (zone, id, update) = (zone_id.to_string(), record_id.to_string(), update.clone());
        self.store
            .update_in_background("update_record", move |s| {
                edits::update(s, &zone, &id, &update)
            })
            .await
    }

    async fn delete_record(&self, zone_id: &str, record_id: &str) -> Result<()> {
        let (zone, id) = (zone_id.to_string(), record_id.to_string());
        self.store
            .update_in_background("delete_record", move |s| edits::delete(s, &zone, &id))
            .await
    }

    async fn apply_changes(
        &self,
        zone_id: &str,
        changes: &[RecordSetChange],
    ) -> Result<Option<OperationRef>> {
        let (zone, changes) = (zone_id.to_string(), changes.to_vec());
        self.store
            .update_in_background("apply_changes", move |s| {
                edits::apply(s, &zone, &changes, || short_id("rec"))
            })
            .await?;
        Ok(None)
    }
}
