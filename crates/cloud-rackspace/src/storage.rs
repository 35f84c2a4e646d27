//! Cloud Files: the Swift driver at Rackspace's `cloudFiles` endpoint.

use cloud_core::{ProviderConfig, Result};
use cloud_openstack::SwiftStorage;
use cloud_openstack::identity::Identity;

/// The object storage driver of the session `identity` logs in for.
pub(crate) fn storage(identity: &Identity, config: &ProviderConfig) -> Result<SwiftStorage> {
    let temp_url_key = config.credential("temp_url_key", &["LIBCLOUD_RACKSPACE_TEMP_URL_KEY"]);
    SwiftStorage::connect(identity, config, temp_url_key)
}
