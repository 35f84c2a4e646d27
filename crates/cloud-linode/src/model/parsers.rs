//! Parsers of Linode's successful answers into the portable types, one per call.

use cloud_core::Result;
use cloud_core::compute::{Image, KeyPair, Location, Node, Size, Volume};
use cloud_core::dns::{Record, Zone};
use cloud_core::http::HttpResponse;
use cloud_core::paginate::Page;
use serde::de::DeserializeOwned;

use super::{
    Convert, RawDisk, RawDomain, RawImage, RawInstance, RawPage, RawRecord, RawRegion, RawSshKey,
    RawType, RawVolume,
};

/// One page of a list of `R`, converted.
pub(crate) fn page_of<R>(resp: &HttpResponse, requested: u64) -> Result<Page<R::Item>>
where
    R: DeserializeOwned + Convert,
{
    resp.json::<RawPage<R>>()?.into_page(requested)
}

/// One `R`, converted.
pub(crate) fn one<R>(resp: &HttpResponse) -> Result<R::Item>
where
    R: DeserializeOwned + Convert,
{
    resp.json::<R>()?.convert()
}

/// A Linode instance (`GET /linode/instances/{id}`, `POST /linode/instances`).
pub fn node(resp: &HttpResponse) -> Result<Node> {
    one::<RawInstance>(resp)
}

/// A page of `GET /linode/instances`.
pub fn nodes(resp: &HttpResponse, requested: u64) -> Result<Page<Node>> {
    page_of::<RawInstance>(resp, requested)
}

/// A page of `GET /linode/types`.
pub fn sizes(resp: &HttpResponse, requested: u64) -> Result<Page<Size>> {
    page_of::<RawType>(resp, requested)
}

/// A page of `GET /regions`.
pub fn locations(resp: &HttpResponse, requested: u64) -> Result<Page<Location>> {
    page_of::<RawRegion>(resp, requested)
}

/// An image (`GET /images/{id}`, `POST /images`).
pub fn image(resp: &HttpResponse) -> Result<Image> {
    one::<RawImage>(resp)
}

/// A page of `GET /images`.
pub fn images(resp: &HttpResponse, requested: u64) -> Result<Page<Image>> {
    page_of::<RawImage>(resp, requested)
}

/// A profile SSH key (`POST /profile/sshkeys`).
pub fn key_pair(resp: &HttpResponse) -> Result<KeyPair> {
    one::<RawSshKey>(resp)
}

/// A page of `GET /profile/sshkeys`.
pub fn key_pairs(resp: &HttpResponse, requested: u64) -> Result<Page<KeyPair>> {
    page_of::<RawSshKey>(resp, requested)
}

/// A volume (`GET /volumes/{id}`, `POST /volumes`, `POST /volumes/{id}/resize`).
pub fn volume(resp: &HttpResponse) -> Result<Volume> {
    one::<RawVolume>(resp)
}

/// A page of `GET /volumes`.
pub fn volumes(resp: &HttpResponse, requested: u64) -> Result<Page<Volume>> {
    page_of::<RawVolume>(resp, requested)
}

/// The ids of the disks that can become an image (all but swap), from a page of
/// `GET /linode/instances/{id}/disks`.
pub fn imageable_disks(resp: &HttpResponse, requested: u64) -> Result<Page<u64>> {
    let page = page_of::<RawDisk>(resp, requested)?;
    Ok(Page {
        items: page
            .items
            .into_iter()
            .filter(RawDisk::is_imageable)
            .map(|d| d.id)
            .collect(),
        next: page.next,
    })
}

/// A Domain as a zone (`GET /domains/{id}`, `POST /domains`, `PUT /domains/{id}`).
pub fn zone(resp: &HttpResponse) -> Result<Zone> {
    one::<RawDomain>(resp)
}

/// A page of `GET /domains`.
pub fn zones(resp: &HttpResponse, requested: u64) -> Result<Page<Zone>> {
    page_of::<RawDomain>(resp, requested)
}

/// A Domain Record of zone `zone_id` (`GET`, `PUT /domains/{id}/records/{id}`, `POST
/// /domains/{id}/records`).
pub fn record(resp: &HttpResponse, zone_id: &str) -> Result<Record> {
    resp.json::<RawRecord>()?.into_record(zone_id)
}

/// A page of `GET /domains/{id}/records`, the records of zone `zone_id`.
pub fn records(resp: &HttpResponse, requested: u64, zone_id: &str) -> Result<Page<Record>> {
    resp.json::<RawPage<RawRecord>>()?
        .into_page_with(requested, |r| r.into_record(zone_id))
}

#[cfg(test)]
mod tests;
