//! The registry entry: what the provider is, which options it reads, and how a
//! configuration becomes a session.

use std::sync::Arc;

use async_trait::async_trait;
use libcloud::{
    Area, AreaSession, DriverFactory, Lifecycle, OptionSpec, ProviderConfig, ProviderMeta, Result,
    Session,
};

use crate::settings::{NotebookSettings, OPTIONS};
use crate::{NotebookCompute, PROVIDER_ID};

/// Builds [`NotebookCompute`] drivers for provider id `notebook`; register it with
/// [`libcloud::Registry::register`].
///
/// | option | environment | meaning |
/// | --- | --- | --- |
/// | `notebook_file` | `LIBCLOUD_NOTEBOOK_FILE` | the JSON file of nodes; default [`default_notebook_file`](crate::default_notebook_file) |
/// | `max_nodes` | | the most nodes the file holds, default 100 |
///
/// The provider takes no credentials.
#[derive(Debug, Clone, Copy, Default)]
pub struct NotebookFactory;

#[async_trait]
impl DriverFactory for NotebookFactory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.to_string(),
            name: "Notebook (nodes in a JSON file)".to_string(),
            areas: vec![Area::Compute],
            lifecycle: Lifecycle::Active,
            api_reference: "https://docs.rs/libcloud-notebook".to_string(),
            package: libcloud::core::this_crate!(),
        }
    }

    fn options(&self) -> &'static [OptionSpec] {
        OPTIONS
    }

    /// Resolves the settings and hands out a session with the compute area; the file is
    /// first read by the first call.
    async fn connect(&self, config: &ProviderConfig) -> Result<Arc<dyn Session>> {
        let settings = NotebookSettings::from_config(config)?;
        Ok(AreaSession::of_compute(Arc::new(NotebookCompute::new(
            settings,
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_names_the_provider_and_this_crate() {
        let meta = NotebookFactory.meta();
        assert_eq!(meta.id, "notebook");
        assert_eq!(meta.areas, vec![Area::Compute]);
        assert_eq!(meta.lifecycle, Lifecycle::Active);
        assert_eq!(meta.package.name, "libcloud-notebook");
        assert_eq!(meta.package.version, env!("CARGO_PKG_VERSION"));
        let names: Vec<&str> = NotebookFactory.options().iter().map(|o| o.name).collect();
        assert_eq!(names, ["notebook_file", "max_nodes"]);
        assert!(NotebookFactory.credentials().is_empty());
    }
}
