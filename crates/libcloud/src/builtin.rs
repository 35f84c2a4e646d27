//! The providers compiled into this build, one line each.

use std::sync::Arc;

use cloud_core::DriverFactory;

/// Declares the compiled-in providers: each line names the cargo feature, the provider
/// crate and its factory type (which must implement `Default`). A provider whose feature
/// is off is left out entirely.
macro_rules! builtin_providers {
    ($($feature:literal => $krate:ident :: $factory:ident,)*) => {
        /// The provider crates compiled into this build, re-exported so their concrete
        /// driver types (for provider-only calls) are reachable without another
        /// dependency.
        pub mod drivers {
            $(
                #[cfg(feature = $feature)]
                pub use ::$krate;
            )*
        }

        /// A fresh factory for every compiled-in provider.
        // With no provider feature on, nothing is pushed; with some, clippy would rather
        // see `vec![]`, which cannot leave out elements by feature.
        #[allow(unused_mut, clippy::vec_init_then_push)]
        pub(crate) fn factories() -> Vec<Arc<dyn DriverFactory>> {
            let mut factories: Vec<Arc<dyn DriverFactory>> = Vec::new();
            $(
                #[cfg(feature = $feature)]
                factories.push(Arc::new($krate::$factory::default()));
            )*
            factories
        }
    };
}

builtin_providers! {
    "local" => cloud_local::LocalFactory,
    "linode" => cloud_linode::LinodeFactory,
    "slicehost" => cloud_slicehost::SlicehostFactory,
    "gogrid" => cloud_gogrid::GoGridFactory,
    "ec2" => cloud_ec2::Ec2Factory,
    "s3" => cloud_s3::S3Factory,
    "route53" => cloud_route53::Route53Factory,
    "powerdns" => cloud_powerdns::PowerDnsFactory,
    "elb" => cloud_elb::ElbFactory,
    "openstack" => cloud_openstack::OpenStackFactory,
    "rackspace" => cloud_rackspace::RackspaceFactory,
    "rackspace_first_gen" => cloud_rackspace_first_gen::RackspaceFirstGenFactory,
    "gce" => cloud_gce::GceFactory,
    "gcs" => cloud_gcs::GcsFactory,
    "azure" => cloud_azure::AzureFactory,
    "azure_blobs" => cloud_azure_blob::AzureBlobFactory,
}
