//! The registry entry: builds the local drivers from a [`ProviderConfig`].

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::compute::Compute;
use cloud_core::dns::Dns;
use cloud_core::load_balancer::LoadBalancer;
use cloud_core::options::OptionSpec;
use cloud_core::storage::ObjectStorage;
use cloud_core::{
    Area, AreaSession, DriverFactory, Lifecycle, ProviderConfig, ProviderMeta, Result, Session,
};

use crate::settings::{OPTIONS, resolve_boot_delay, resolve_state_dir};
use crate::{
    LocalCompute, LocalComputeOptions, LocalDns, LocalLoadBalancer, LocalStorage, PROVIDER_ID,
};

/// Builds [`LocalCompute`], [`LocalStorage`], [`LocalDns`] and [`LocalLoadBalancer`]
/// drivers for the `local` provider.
///
/// Options (in `ProviderConfig::options`) and environment variables (read through
/// `ProviderConfig::env`):
///
/// | option | environment | meaning |
/// | --- | --- | --- |
/// | `state_dir` | `LIBCLOUD_LOCAL_STATE_DIR` | where state lives; see [`resolve_state_dir`] |
/// | `boot_delay_ms` | `LIBCLOUD_LOCAL_BOOT_DELAY_MS` | node boot time, default 1500 |
#[derive(Debug, Clone, Copy, Default)]
pub struct LocalFactory;

#[async_trait]
impl DriverFactory for LocalFactory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.to_string(),
            name: "Local simulation".to_string(),
            areas: vec![Area::Compute, Area::Storage, Area::Dns, Area::LoadBalancer],
            lifecycle: Lifecycle::Active,
            api_reference: "https://docs.rs/cloud-local".to_string(),
            package: cloud_core::this_crate!(),
        }
    }

    fn options(&self) -> &'static [OptionSpec] {
        OPTIONS
    }

    /// Resolves the state directory (an error when there is none) and opens every area
    /// under it; an area that cannot be opened reports why when it is asked for.
    async fn connect(&self, config: &ProviderConfig) -> Result<Arc<dyn Session>> {
        let state_dir = resolve_state_dir(config)?;
        let compute = resolve_boot_delay(config).and_then(|boot_delay| {
            let driver = LocalCompute::open(&state_dir, LocalComputeOptions { boot_delay })?;
            Ok(Arc::new(driver) as Arc<dyn Compute>)
        });
        let storage = LocalStorage::open(state_dir.join("storage"))
            .map(|driver| Arc::new(driver) as Arc<dyn ObjectStorage>);
        let dns = LocalDns::open(&state_dir).map(|driver| Arc::new(driver) as Arc<dyn Dns>);
        let load_balancer = LocalLoadBalancer::open(&state_dir)
            .map(|driver| Arc::new(driver) as Arc<dyn LoadBalancer>);
        Ok(Arc::new(
            AreaSession::new(PROVIDER_ID)
                .with_compute(compute)
                .with_storage(storage)
                .with_dns(dns)
                .with_load_balancer(load_balancer),
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::settings::tests::config;
    use crate::{BOOT_DELAY_ENV, STATE_DIR_ENV};
    use cloud_core::ErrorKind;

    #[test]
    fn meta_describes_the_provider() {
        let meta = LocalFactory.meta();
        assert_eq!(meta.id, "local");
        assert_eq!(meta.name, "Local simulation");
        assert_eq!(
            meta.areas,
            vec![Area::Compute, Area::Storage, Area::Dns, Area::LoadBalancer]
        );
        assert_eq!(meta.lifecycle, Lifecycle::Active);
        assert!(meta.api_reference.starts_with("https://"));
    }

    #[tokio::test]
    async fn one_session_serves_both_areas_in_the_resolved_dir() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_str().unwrap();
        let cfg = config(&[], [(STATE_DIR_ENV, root), (BOOT_DELAY_ENV, "7")]);
        let session = LocalFactory.connect(&cfg).await.unwrap();
        assert_eq!(session.provider_id(), "local");
        let compute = session.compute().unwrap();
        let local = compute.as_any().downcast_ref::<LocalCompute>().unwrap();
        assert_eq!(local.options().boot_delay, Duration::from_millis(7));
        assert_eq!(local.state_dir(), tmp.path().join("compute"));
        let storage = session.storage().unwrap();
        storage.create_container("c").await.unwrap();
        assert!(tmp.path().join("storage").join("c").is_dir());
        let balancers = session.load_balancer().unwrap();
        let local = balancers
            .as_any()
            .downcast_ref::<LocalLoadBalancer>()
            .unwrap();
        assert_eq!(local.state_dir(), tmp.path().join("load_balancer"));

        let bad = config(&[], [(STATE_DIR_ENV, root), (BOOT_DELAY_ENV, "soon")]);
        let session = LocalFactory.connect(&bad).await.unwrap();
        let err = session.compute().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.message().contains("soon"), "{err}");
        assert!(
            session.storage().is_ok(),
            "storage does not need the boot delay"
        );
        let err = LocalFactory.connect(&config(&[], [])).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
    }

    #[tokio::test]
    async fn connecting_through_core_refuses_undeclared_options() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_str().unwrap();
        let cfg = config(&[("boot_dely_ms", "5")], [(STATE_DIR_ENV, root)]);
        let err = cloud_core::connect(&LocalFactory, &cfg).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(
            err.message().contains("did you mean boot_delay_ms?"),
            "{err}"
        );
    }
}
