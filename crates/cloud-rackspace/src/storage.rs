//! Cloud Files: the Swift driver at Rackspace's `cloudFiles` endpoint, with the CDN
//! management service (`cloudFilesCDN`) for publishing containers.

use cloud_core::{ProviderConfig, Result};
use cloud_openstack::{ServiceClient, SwiftStorage};

/// The catalog type of Cloud Files' CDN management service.
pub(crate) const CDN_SERVICE: &str = "rax:object-cdn";
use cloud_openstack::identity::Identity;

/// The object storage driver of the session `identity` logs in for.
pub(crate) fn storage(identity: &Identity, config: &ProviderConfig) -> Result<SwiftStorage> {
    let temp_url_key = config.credential("temp_url_key", &["LIBCLOUD_RACKSPACE_TEMP_URL_KEY"]);
    let cdn = ServiceClient::new(identity, config, CDN_SERVICE, None)?;
    Ok(SwiftStorage::connect(identity, config, temp_url_key)?.with_cdn(cdn))
}
