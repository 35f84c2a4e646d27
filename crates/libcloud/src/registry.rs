//! The registry: provider ids to driver factories.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use cloud_core::compute::Compute;
use cloud_core::dns::Dns;
use cloud_core::load_balancer::LoadBalancer;
use cloud_core::storage::ObjectStorage;
use cloud_core::{DriverFactory, Error, ErrorKind, ProviderConfig, ProviderMeta, Result, Session};

/// Provider factories by provider id.
///
/// [`Registry::builtin`] holds every provider compiled into this build; third-party
/// driver crates join with [`Registry::register`]. Connecting by id
/// ([`Registry::connect`]) checks the configuration's options against what the provider
/// declares, then hands out a [`Session`] from which every area is reached
/// ([`Registry::compute`], [`Registry::storage`], [`Registry::dns`] and
/// [`Registry::load_balancer`] are shorthands).
#[derive(Clone, Default)]
pub struct Registry {
    factories: BTreeMap<String, Arc<dyn DriverFactory>>,
}

impl Registry {
    /// A registry with no providers.
    pub fn empty() -> Self {
        Registry::default()
    }

    /// A registry with every provider compiled into this build (one cargo feature each).
    pub fn builtin() -> Self {
        let mut registry = Registry::empty();
        for factory in crate::builtin::factories() {
            let id = factory.meta().id;
            registry.factories.entry(id).or_insert(factory);
        }
        registry
    }

    /// Adds a provider. Fails with [`ErrorKind::AlreadyExists`] when a provider with the
    /// same id is registered already; the registry is unchanged then.
    pub fn register(&mut self, factory: Arc<dyn DriverFactory>) -> Result<()> {
        let id = factory.meta().id;
        if id.is_empty() {
            return Err(Error::invalid_input("a provider id must not be empty"));
        }
        if self.factories.contains_key(&id) {
            return Err(Error::new(
                ErrorKind::AlreadyExists,
                format!("provider '{id}' is already registered"),
            ));
        }
        self.factories.insert(id, factory);
        Ok(())
    }

    /// Facts about every registered provider, sorted by id.
    pub fn providers(&self) -> Vec<ProviderMeta> {
        // The map is keyed by id, so iteration order is already sorted.
        self.factories.values().map(|f| f.meta()).collect()
    }

    /// The ids of every registered provider, sorted.
    pub fn ids(&self) -> Vec<&str> {
        self.factories.keys().map(String::as_str).collect()
    }

    /// The factory for provider `id`; [`ErrorKind::NotFound`] naming the registered
    /// providers when there is none.
    pub fn factory(&self, id: &str) -> Result<Arc<dyn DriverFactory>> {
        self.factories.get(id).cloned().ok_or_else(|| {
            let known = if self.factories.is_empty() {
                "none".to_string()
            } else {
                self.ids().join(", ")
            };
            Error::not_found(format!(
                "unknown provider '{id}'; compiled-in providers: {known}"
            ))
        })
    }

    /// Connects to provider `id`: refuses options it does not declare and values of the
    /// wrong type (`InvalidInput`, listing the valid ones), applies the HTTP options to
    /// every request, then logs in where the provider has a login.
    pub async fn connect(&self, id: &str, config: &ProviderConfig) -> Result<Arc<dyn Session>> {
        let factory = self.factory(id)?;
        cloud_core::connect(factory.as_ref(), config).await
    }

    /// Connects to provider `id` and returns its compute area.
    pub async fn compute(&self, id: &str, config: &ProviderConfig) -> Result<Arc<dyn Compute>> {
        self.connect(id, config).await?.compute()
    }

    /// Connects to provider `id` and returns its object storage area.
    pub async fn storage(
        &self,
        id: &str,
        config: &ProviderConfig,
    ) -> Result<Arc<dyn ObjectStorage>> {
        self.connect(id, config).await?.storage()
    }

    /// Connects to provider `id` and returns its DNS area.
    pub async fn dns(&self, id: &str, config: &ProviderConfig) -> Result<Arc<dyn Dns>> {
        self.connect(id, config).await?.dns()
    }

    /// Connects to provider `id` and returns its load balancer area.
    pub async fn load_balancer(
        &self,
        id: &str,
        config: &ProviderConfig,
    ) -> Result<Arc<dyn LoadBalancer>> {
        self.connect(id, config).await?.load_balancer()
    }
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registry")
            .field("providers", &self.ids())
            .finish()
    }
}

fn builtin_registry() -> &'static Registry {
    static BUILTIN: OnceLock<Registry> = OnceLock::new();
    BUILTIN.get_or_init(Registry::builtin)
}

/// Facts about every compiled-in provider, sorted by id.
pub fn providers() -> Vec<ProviderMeta> {
    builtin_registry().providers()
}

/// Connects to a compiled-in provider by id; see [`Registry::connect`].
pub async fn connect(id: &str, config: &ProviderConfig) -> Result<Arc<dyn Session>> {
    builtin_registry().connect(id, config).await
}

/// Connects to a compiled-in provider by id and returns its compute area.
pub async fn connect_compute(id: &str, config: &ProviderConfig) -> Result<Arc<dyn Compute>> {
    builtin_registry().compute(id, config).await
}

/// Connects to a compiled-in provider by id and returns its object storage area.
pub async fn connect_storage(id: &str, config: &ProviderConfig) -> Result<Arc<dyn ObjectStorage>> {
    builtin_registry().storage(id, config).await
}

/// Connects to a compiled-in provider by id and returns its DNS area.
pub async fn connect_dns(id: &str, config: &ProviderConfig) -> Result<Arc<dyn Dns>> {
    builtin_registry().dns(id, config).await
}

/// Connects to a compiled-in provider by id and returns its load balancer area.
pub async fn connect_load_balancer(
    id: &str,
    config: &ProviderConfig,
) -> Result<Arc<dyn LoadBalancer>> {
    builtin_registry().load_balancer(id, config).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::{Area, Lifecycle};

    #[derive(Debug)]
    struct Named(&'static str);

    #[async_trait::async_trait]
    impl DriverFactory for Named {
        fn meta(&self) -> ProviderMeta {
            ProviderMeta {
                id: self.0.to_string(),
                name: self.0.to_uppercase(),
                areas: vec![Area::Dns],
                lifecycle: Lifecycle::Active,
                api_reference: String::new(),
                package: Default::default(),
            }
        }

        async fn connect(&self, _config: &ProviderConfig) -> Result<Arc<dyn Session>> {
            Ok(Arc::new(cloud_core::AreaSession::new(self.0)))
        }
    }

    #[test]
    fn providers_come_sorted_by_id() {
        let mut r = Registry::empty();
        for id in ["zeta", "alpha", "mid"] {
            r.register(Arc::new(Named(id))).unwrap();
        }
        let ids: Vec<String> = r.providers().into_iter().map(|m| m.id).collect();
        assert_eq!(ids, ["alpha", "mid", "zeta"]);
        assert_eq!(
            format!("{r:?}"),
            r#"Registry { providers: ["alpha", "mid", "zeta"] }"#
        );
    }

    #[test]
    fn empty_registry_says_none() {
        let Err(err) = Registry::empty().factory("x") else {
            panic!("an empty registry found provider x");
        };
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert_eq!(
            err.to_string(),
            "unknown provider 'x'; compiled-in providers: none"
        );
    }

    #[test]
    fn empty_id_is_rejected() {
        let err = Registry::empty().register(Arc::new(Named(""))).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
    }

    #[tokio::test]
    async fn unsupported_area_is_a_typed_error() {
        let mut r = Registry::empty();
        r.register(Arc::new(Named("dnsonly"))).unwrap();
        let err = r
            .compute("dnsonly", &ProviderConfig::default())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        assert_eq!(err.provider(), Some("dnsonly"));
        let err = r
            .load_balancer("dnsonly", &ProviderConfig::default())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        assert_eq!(
            err.message(),
            "provider dnsonly does not offer load_balancer"
        );
    }

    #[tokio::test]
    async fn options_are_checked_before_the_provider_sees_them() {
        let mut r = Registry::empty();
        r.register(Arc::new(Named("plain"))).unwrap();
        let mut config = ProviderConfig::default();
        config.options.insert("max_atempts".into(), "1".into());
        let err = r.connect("plain", &config).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(
            err.message().contains("did you mean max_attempts?"),
            "{err}"
        );
        config.options.clear();
        config.options.insert("max_attempts".into(), "1".into());
        assert!(r.connect("plain", &config).await.is_ok());
    }

    #[test]
    fn builtin_keeps_every_compiled_in_factory() {
        let builtin = Registry::builtin();
        assert_eq!(builtin.providers().len(), crate::builtin::factories().len());
        assert_eq!(providers(), builtin.providers());
    }
}
