//! The DNS trait.

use async_trait::async_trait;

use super::{
    CreateZone, DnsCapabilities, NewRecord, Record, RecordSetChange, RecordUpdate, UpdateZone,
    Zone, changes,
};
use crate::operation::{OperationRef, OperationStatus};
use crate::{BoxStream, Error, Result};

/// Portable DNS: every DNS driver implements this trait.
///
/// Zones are named by the provider's id (see [`find_zone`](super::find_zone) to find one
/// by domain). Record names are relative to the zone with `@` for the apex; absolute
/// names are accepted on input. Optional operations have default bodies returning
/// [`ErrorKind::Unsupported`](crate::ErrorKind); a driver overrides what it supports and
/// says so in [`Dns::capabilities`].
#[async_trait]
pub trait Dns: Send + Sync + std::fmt::Debug {
    /// The provider id (`local`, `route53`, …).
    fn provider_id(&self) -> &str;

    /// The record types and optional features this driver supports.
    fn capabilities(&self) -> DnsCapabilities;

    /// The concrete driver, for provider-only calls.
    fn as_any(&self) -> &dyn std::any::Any;

    /// Every zone, lazily, following the provider's paging to the end.
    fn list_zones(&self) -> BoxStream<'_, Result<Zone>>;

    /// One zone by id; `NotFound` when it does not exist.
    async fn get_zone(&self, zone_id: &str) -> Result<Zone>;

    /// Creates a zone; `AlreadyExists` when the provider has one for the domain.
    async fn create_zone(&self, request: &CreateZone) -> Result<Zone>;

    /// Changes a zone's settings.
    async fn update_zone(&self, zone_id: &str, update: &UpdateZone) -> Result<Zone> {
        let _ = (zone_id, update);
        Err(self.unsupported("update_zone"))
    }

    /// Deletes a zone and every record in it.
    async fn delete_zone(&self, zone_id: &str) -> Result<()>;

    /// Every record of a zone, lazily, one per value (a set of three A records is three
    /// records).
    fn list_records<'a>(&'a self, zone_id: &'a str) -> BoxStream<'a, Result<Record>>;

    /// One record by id; `NotFound` when it does not exist.
    async fn get_record(&self, zone_id: &str, record_id: &str) -> Result<Record>;

    /// Adds a record (another value to an existing set of its name and type, if any).
    async fn create_record(&self, zone_id: &str, record: &NewRecord) -> Result<Record>;

    /// Changes a record's name, TTL or value.
    async fn update_record(
        &self,
        zone_id: &str,
        record_id: &str,
        update: &RecordUpdate,
    ) -> Result<Record>;

    /// Deletes a record.
    async fn delete_record(&self, zone_id: &str, record_id: &str) -> Result<()>;

    /// Applies changes to whole record sets. Providers with batches (Route53 change
    /// batches, PowerDNS RRset patches) send few requests, atomic where the provider makes
    /// them so ([`DnsFeature`](super::DnsFeature) says which); the default goes record by
    /// record. Returns the operation to wait for when the provider applies changes
    /// asynchronously.
    async fn apply_changes(
        &self,
        zone_id: &str,
        changes: &[RecordSetChange],
    ) -> Result<Option<OperationRef>> {
        changes::apply_record_by_record(self, zone_id, changes).await?;
        Ok(None)
    }

    /// The state of an operation [`Dns::apply_changes`] returned.
    async fn operation_status(&self, operation: &OperationRef) -> Result<OperationStatus> {
        let _ = operation;
        Err(self.unsupported("operation_status"))
    }

    /// The `Unsupported` error for `operation` on this provider.
    fn unsupported(&self, operation: &str) -> Error {
        Error::unsupported(self.provider_id(), operation)
    }
}
