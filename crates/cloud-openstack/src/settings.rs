//! What the driver reads from a `ProviderConfig`: the login settings (each also read
//! from `clouds.yaml` and the `OS_*` variables, see [`AuthConfig`](crate::identity::AuthConfig)),
//! the secrets, and per-service endpoint overrides.

use cloud_core::options::{CredentialSpec, OptionKind, OptionSpec};
use cloud_core::{Error, ProviderConfig, Result};
use url::Url;

use crate::storage::large::LargeObjects;

/// A text option read from its variables too.
const fn text(name: &'static str, help: &'static str, env: &'static [&'static str]) -> OptionSpec {
    OptionSpec::new(name, OptionKind::Text, help).env(env)
}

/// The login options (their variables as the OpenStack tools name them).
pub(crate) const OPTIONS: &[OptionSpec] = &[
    text("cloud", "the cloud of clouds.yaml to use", &["OS_CLOUD"]),
    text("auth_url", "the Keystone v3 endpoint", &["OS_AUTH_URL"]),
    text(
        "auth_type",
        "password, v3applicationcredential or token [default: from what is given]",
        &["OS_AUTH_TYPE"],
    ),
    text("username", "the user's name", &["OS_USERNAME"]),
    text("user_id", "the user's id", &["OS_USER_ID"]),
    text(
        "user_domain_name",
        "the user's domain [default: Default]",
        &["OS_USER_DOMAIN_NAME"],
    ),
    text(
        "user_domain_id",
        "the user's domain id",
        &["OS_USER_DOMAIN_ID"],
    ),
    text(
        "project_name",
        "the project to scope to",
        &["OS_PROJECT_NAME", "OS_TENANT_NAME"],
    ),
    text(
        "project_id",
        "the project id to scope to",
        &["OS_PROJECT_ID", "OS_TENANT_ID"],
    ),
    text(
        "project_domain_name",
        "the project's domain [default: Default]",
        &["OS_PROJECT_DOMAIN_NAME"],
    ),
    text(
        "project_domain_id",
        "the project's domain id",
        &["OS_PROJECT_DOMAIN_ID"],
    ),
    text(
        "application_credential_id",
        "an application credential's id",
        &["OS_APPLICATION_CREDENTIAL_ID"],
    ),
    text(
        "application_credential_name",
        "an application credential's name (with the user)",
        &["OS_APPLICATION_CREDENTIAL_NAME"],
    ),
    OptionSpec::new(
        "interface",
        OptionKind::Choice {
            choices: &["public", "internal", "admin"],
        },
        "which catalog endpoints to use",
    )
    .default_value("public")
    .env(&["OS_INTERFACE"]),
    OptionSpec::new(
        "large_object_threshold",
        OptionKind::Bytes {
            min: 1,
            max: 1 << 50,
        },
        "objects above this size go up as Swift static large objects (at most the cluster's max_file_size)",
    )
    .default_value("256MiB"),
    OptionSpec::new(
        "segment_size",
        OptionKind::Bytes {
            min: 1,
            max: 1 << 40,
        },
        "the size of a static large object's segments (within the cluster's limits)",
    )
    .default_value("64MiB"),
    OptionSpec::new(
        "segment_concurrency",
        OptionKind::Count { min: 1, max: 64 },
        "segments uploaded at once",
    )
    .default_value("4"),
    text(
        "object_store_endpoint",
        "the Swift account URL, instead of the catalog's",
        &["LIBCLOUD_OPENSTACK_OBJECT_STORE_ENDPOINT"],
    ),
    text(
        "compute_endpoint",
        "the Nova endpoint (…/v2.1), instead of the catalog's",
        &["LIBCLOUD_OPENSTACK_COMPUTE_ENDPOINT"],
    ),
    text(
        "image_endpoint",
        "the Glance endpoint, instead of the catalog's",
        &["LIBCLOUD_OPENSTACK_IMAGE_ENDPOINT"],
    ),
    text(
        "volume_endpoint",
        "the Cinder v3 endpoint (…/v3/PROJECT), instead of the catalog's",
        &["LIBCLOUD_OPENSTACK_VOLUME_ENDPOINT"],
    ),
    text(
        "networks",
        "networks of new servers: auto, none, or network ids separated by commas [default: auto]",
        &["LIBCLOUD_OPENSTACK_NETWORKS"],
    ),
];

/// The secrets.
pub(crate) const CREDENTIALS: &[CredentialSpec] = &[
    CredentialSpec::optional("password", "the user's password", &["OS_PASSWORD"]),
    CredentialSpec::optional(
        "application_credential_secret",
        "an application credential's secret",
        &["OS_APPLICATION_CREDENTIAL_SECRET"],
    ),
    CredentialSpec::optional("token", "a token issued beforehand", &["OS_TOKEN"]),
    CredentialSpec::optional(
        "temp_url_key",
        "the key Swift temporary URLs are signed with [default: the container's or account's]",
        &["LIBCLOUD_OPENSTACK_TEMP_URL_KEY"],
    ),
];

/// How large objects go up, from the `large_object_threshold`, `segment_size` and
/// `segment_concurrency` options.
pub(crate) fn large_objects(config: &ProviderConfig) -> Result<LargeObjects> {
    let mut large = LargeObjects::default();
    let number = |name: &str| -> Result<Option<u64>> {
        match OPTIONS.iter().find(|s| s.name == name) {
            Some(spec) => config.option_number(crate::PROVIDER_ID, spec),
            None => Ok(None),
        }
    };
    if let Some(n) = number("large_object_threshold")? {
        large.threshold = n;
    }
    if let Some(n) = number("segment_size")? {
        large.segment_size = n;
    }
    if let Some(n) = number("segment_concurrency")? {
        large.concurrency = usize::try_from(n).unwrap_or(4);
    }
    Ok(large)
}

/// An endpoint override option as a URL; a bad one is `InvalidInput` naming it.
pub(crate) fn endpoint_option(config: &ProviderConfig, name: &str) -> Result<Option<Url>> {
    let Some(spec) = OPTIONS.iter().find(|s| s.name == name) else {
        return Ok(None);
    };
    match config.option_text(crate::PROVIDER_ID, spec)? {
        Some(text) => Url::parse(text.trim())
            .map(Some)
            .map_err(|e| Error::invalid_input(format!("option {name} {text:?} is not a URL: {e}"))),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use cloud_core::{ErrorKind, MapEnv};

    use super::*;

    #[test]
    fn endpoint_overrides_are_urls() {
        let mut config = ProviderConfig {
            env: Arc::new(MapEnv::default()),
            ..Default::default()
        };
        assert_eq!(
            endpoint_option(&config, "object_store_endpoint").unwrap(),
            None
        );
        config.options.insert(
            "object_store_endpoint".into(),
            "http://127.0.0.1:8080/v1/AUTH_x".into(),
        );
        assert_eq!(
            endpoint_option(&config, "object_store_endpoint")
                .unwrap()
                .unwrap()
                .as_str(),
            "http://127.0.0.1:8080/v1/AUTH_x"
        );
        config
            .options
            .insert("object_store_endpoint".into(), "not a url".into());
        assert_eq!(
            endpoint_option(&config, "object_store_endpoint")
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidInput
        );
    }
}
