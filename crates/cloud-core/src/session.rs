//! A connected session: one authenticated connection to a provider account, from which
//! every area the provider offers is reached.

use std::sync::Arc;

use crate::compute::Compute;
use crate::dns::Dns;
use crate::load_balancer::LoadBalancer;
use crate::storage::ObjectStorage;
use crate::{Area, Error, ErrorKind, Result};

/// One connection to a provider account, made by
/// [`DriverFactory::connect`](crate::DriverFactory::connect).
///
/// Every area handle it gives out shares the session's authentication (and token cache,
/// where the provider has tokens) and its connection pool. An area the provider does not
/// offer is an `Unsupported` error; an area this deployment lacks (an OpenStack catalog
/// without an object store, say) is an `Unsupported` error saying why.
pub trait Session: Send + Sync + std::fmt::Debug {
    /// The provider id (`local`, `ec2`, …).
    fn provider_id(&self) -> &str;

    /// The compute area.
    fn compute(&self) -> Result<Arc<dyn Compute>> {
        Err(area_unsupported(self.provider_id(), Area::Compute))
    }

    /// The object storage area.
    fn storage(&self) -> Result<Arc<dyn ObjectStorage>> {
        Err(area_unsupported(self.provider_id(), Area::Storage))
    }

    /// The DNS area.
    fn dns(&self) -> Result<Arc<dyn Dns>> {
        Err(area_unsupported(self.provider_id(), Area::Dns))
    }

    /// The load balancer area.
    fn load_balancer(&self) -> Result<Arc<dyn LoadBalancer>> {
        Err(area_unsupported(self.provider_id(), Area::LoadBalancer))
    }

    /// The concrete session, for provider-only calls.
    fn as_any(&self) -> &dyn std::any::Any;
}

/// The `Unsupported` error for an area a provider does not offer.
pub fn area_unsupported(provider: &str, area: Area) -> Error {
    Error::new(
        ErrorKind::Unsupported,
        format!("provider {provider} does not offer {}", area.as_str()),
    )
    .with_provider(provider)
}

/// One area of an [`AreaSession`].
enum Slot<T: ?Sized> {
    /// The provider has no such area.
    NotOffered,
    /// Connected.
    Ready(Arc<T>),
    /// Offered, but not reachable in this session; the error says why.
    Unavailable(Error),
}

impl<T: ?Sized> Slot<T> {
    fn get(&self, provider: &str, area: Area) -> Result<Arc<T>> {
        match self {
            Slot::NotOffered => Err(area_unsupported(provider, area)),
            Slot::Ready(driver) => Ok(driver.clone()),
            Slot::Unavailable(error) => Err(error.copied()),
        }
    }

    fn describe(&self) -> &'static str {
        match self {
            Slot::NotOffered => "not offered",
            Slot::Ready(_) => "ready",
            Slot::Unavailable(_) => "unavailable",
        }
    }
}

/// A session holding area drivers built when it connected: what a provider whose areas
/// share nothing but configuration (or share a client the drivers hold) needs.
pub struct AreaSession {
    provider: String,
    compute: Slot<dyn Compute>,
    storage: Slot<dyn ObjectStorage>,
    dns: Slot<dyn Dns>,
    load_balancer: Slot<dyn LoadBalancer>,
}

impl AreaSession {
    /// A session for `provider` with no areas yet.
    pub fn new(provider: impl Into<String>) -> Self {
        AreaSession {
            provider: provider.into(),
            compute: Slot::NotOffered,
            storage: Slot::NotOffered,
            dns: Slot::NotOffered,
            load_balancer: Slot::NotOffered,
        }
    }

    /// A session whose one area is `compute`.
    pub fn of_compute(compute: Arc<dyn Compute>) -> Arc<dyn Session> {
        Arc::new(AreaSession::new(compute.provider_id()).with_compute(Ok(compute)))
    }

    /// A session whose one area is `storage`.
    pub fn of_storage(storage: Arc<dyn ObjectStorage>) -> Arc<dyn Session> {
        Arc::new(AreaSession::new(storage.provider_id()).with_storage(Ok(storage)))
    }

    /// A session whose one area is `dns`.
    pub fn of_dns(dns: Arc<dyn Dns>) -> Arc<dyn Session> {
        Arc::new(AreaSession::new(dns.provider_id()).with_dns(Ok(dns)))
    }

    /// A session whose one area is `load_balancer`.
    pub fn of_load_balancer(load_balancer: Arc<dyn LoadBalancer>) -> Arc<dyn Session> {
        Arc::new(
            AreaSession::new(load_balancer.provider_id()).with_load_balancer(Ok(load_balancer)),
        )
    }

    /// Adds the compute area, or the reason it could not be reached.
    pub fn with_compute(mut self, compute: Result<Arc<dyn Compute>>) -> Self {
        self.compute = match compute {
            Ok(driver) => Slot::Ready(driver),
            Err(error) => Slot::Unavailable(error),
        };
        self
    }

    /// Adds the object storage area, or the reason it could not be reached.
    pub fn with_storage(mut self, storage: Result<Arc<dyn ObjectStorage>>) -> Self {
        self.storage = match storage {
            Ok(driver) => Slot::Ready(driver),
            Err(error) => Slot::Unavailable(error),
        };
        self
    }
}

impl AreaSession {
    /// Adds the DNS area, or the reason it could not be reached.
    pub fn with_dns(mut self, dns: Result<Arc<dyn Dns>>) -> Self {
        self.dns = match dns {
            Ok(driver) => Slot::Ready(driver),
            Err(error) => Slot::Unavailable(error),
        };
        self
    }

    /// Adds the load balancer area, or the reason it could not be reached.
    pub fn with_load_balancer(mut self, load_balancer: Result<Arc<dyn LoadBalancer>>) -> Self {
        self.load_balancer = match load_balancer {
            Ok(driver) => Slot::Ready(driver),
            Err(error) => Slot::Unavailable(error),
        };
        self
    }
}

impl std::fmt::Debug for AreaSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AreaSession")
            .field("provider", &self.provider)
            .field("compute", &self.compute.describe())
            .field("storage", &self.storage.describe())
            .field("dns", &self.dns.describe())
            .field("load_balancer", &self.load_balancer.describe())
            .finish()
    }
}

impl Session for AreaSession {
    fn provider_id(&self) -> &str {
        &self.provider
    }

    fn compute(&self) -> Result<Arc<dyn Compute>> {
        self.compute.get(&self.provider, Area::Compute)
    }

    fn storage(&self) -> Result<Arc<dyn ObjectStorage>> {
        self.storage.get(&self.provider, Area::Storage)
    }

    fn dns(&self) -> Result<Arc<dyn Dns>> {
        self.dns.get(&self.provider, Area::Dns)
    }

    fn load_balancer(&self) -> Result<Arc<dyn LoadBalancer>> {
        self.load_balancer.get(&self.provider, Area::LoadBalancer)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_not_offered_or_unavailable_say_so() {
        let session = AreaSession::new("demo").with_storage(Err(Error::new(
            ErrorKind::Unsupported,
            "the catalog has no object-store service in region RegionOne",
        )
        .with_provider("demo")));
        let err = session.compute().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        assert_eq!(err.message(), "provider demo does not offer compute");
        for _ in 0..2 {
            let err = session.storage().unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Unsupported);
            assert!(err.message().contains("RegionOne"), "{err}");
        }
        assert_eq!(
            format!("{session:?}"),
            r#"AreaSession { provider: "demo", compute: "not offered", storage: "unavailable", dns: "not offered", load_balancer: "not offered" }"#
        );
        let err = session.load_balancer().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        assert_eq!(err.message(), "provider demo does not offer load_balancer");
    }
}
