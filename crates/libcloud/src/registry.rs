//! The registry: provider ids to driver factories.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use cloud_core::compute::Compute;
use cloud_core::storage::ObjectStorage;
use cloud_core::{DriverFactory, Error, ErrorKind, ProviderConfig, ProviderMeta, Result};

/// Provider factories by provider id.
///
/// [`Registry::builtin`] holds every provider compiled into this build; third-party
/// driver crates join with [`Registry::register`]. Connecting by id
/// ([`Registry::compute`], [`Registry::storage`]) hands out `Arc<dyn …>` drivers.
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

    /// Connects to provider `id`'s compute service.
    pub fn compute(&self, id: &str, config: &ProviderConfig) -> Result<Arc<dyn Compute>> {
        self.factory(id)?.compute(config)
    }

    /// Connects to provider `id`'s object storage service.
    pub fn storage(&self, id: &str, config: &ProviderConfig) -> Result<Arc<dyn ObjectStorage>> {
        self.factory(id)?.storage(config)
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

/// Connects to a compiled-in provider's compute service by id.
pub fn connect_compute(id: &str, config: &ProviderConfig) -> Result<Arc<dyn Compute>> {
    builtin_registry().compute(id, config)
}

/// Connects to a compiled-in provider's object storage service by id.
pub fn connect_storage(id: &str, config: &ProviderConfig) -> Result<Arc<dyn ObjectStorage>> {
    builtin_registry().storage(id, config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::{Area, Lifecycle};

    #[derive(Debug)]
    struct Named(&'static str);

    impl DriverFactory for Named {
        fn meta(&self) -> ProviderMeta {
            ProviderMeta {
                id: self.0.to_string(),
                name: self.0.to_uppercase(),
                areas: vec![Area::Dns],
                lifecycle: Lifecycle::Active,
                api_reference: String::new(),
            }
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

    #[test]
    fn unsupported_area_is_a_typed_error() {
        let mut r = Registry::empty();
        r.register(Arc::new(Named("dnsonly"))).unwrap();
        let err = r
            .compute("dnsonly", &ProviderConfig::default())
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        assert_eq!(err.provider(), Some("dnsonly"));
    }

    #[test]
    fn builtin_keeps_every_compiled_in_factory() {
        let builtin = Registry::builtin();
        assert_eq!(builtin.providers().len(), crate::builtin::factories().len());
        assert_eq!(providers(), builtin.providers());
    }
}
