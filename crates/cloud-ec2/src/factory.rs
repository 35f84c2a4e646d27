//! Registration with the facade's registry.

use std::sync::Arc;

use cloud_core::compute::Compute;
use cloud_core::{Area, DriverFactory, Lifecycle, ProviderConfig, ProviderMeta, Result};

use crate::{Ec2Compute, PROVIDER_ID};

/// Where EC2's API reference lives.
const API_REFERENCE: &str = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/";

/// Builds [`Ec2Compute`] drivers for the registry, under the id `ec2`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Ec2Factory;

impl DriverFactory for Ec2Factory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.into(),
            name: "Amazon EC2".into(),
            areas: vec![Area::Compute],
            lifecycle: Lifecycle::Active,
            api_reference: API_REFERENCE.into(),
        }
    }

    fn compute(&self, config: &ProviderConfig) -> Result<Arc<dyn Compute>> {
        Ok(Arc::new(Ec2Compute::new(config)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;
    use cloud_core::env::MapEnv;

    #[test]
    fn meta_and_compute() {
        let meta = Ec2Factory.meta();
        assert_eq!(meta.id, "ec2");
        assert_eq!(meta.name, "Amazon EC2");
        assert_eq!(meta.areas, vec![Area::Compute]);
        assert_eq!(meta.lifecycle, Lifecycle::Active);
        let config = ProviderConfig {
            env: Arc::new(MapEnv::default()),
            ..Default::default()
        };
        let compute = Ec2Factory.compute(&config).unwrap();
        assert_eq!(compute.provider_id(), "ec2");
        assert!(compute.as_any().downcast_ref::<Ec2Compute>().is_some());
        assert_eq!(
            Ec2Factory.storage(&config).unwrap_err().kind(),
            ErrorKind::Unsupported
        );
    }
}
