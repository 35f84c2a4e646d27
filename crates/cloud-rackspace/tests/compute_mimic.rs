//! The compute conformance suite against mimic, Rackspace's API mock
//! (`LIBCLOUD_TEST_MIMIC_ENDPOINT`, started by `cargo xtask test`), through the factory:
//! an API-key login to mimic's identity v2.0, then Cloud Servers in DFW at the
//! catalog's `cloudServersOpenStack` endpoint (images through Nova's image API).
//!
//! mimic creates a server of any flavor, where Cloud Servers answers an unknown one with
//! `400 badRequest`; the test registers that answer through mimic's own control API
//! (a `fail` behaviour for servers named like the suite's bad create), so the suite's
//! bad-size step sees the refusal the real service gives.
//!
//! mimic has no Cinder volumes or snapshots beyond a list, no key pair by name and no
//! image deletion: the suite runs with those features withheld (and so checks that
//! they answer `Unsupported`); the rest of Cloud Servers, the catalog, bad input, a
//! server created, listed, read, rebooted and destroyed, runs against mimic.

use std::sync::Arc;

use cloud_core::compute::{Compute, ComputeFeature};
use cloud_core::{DriverFactory, MapEnv, ProviderConfig};
use cloud_openstack::OpenStackCompute;
use cloud_rackspace::RackspaceFactory;
use cloud_test::conformance::compute::{ComputePlan, run};
use futures::TryStreamExt;
use serde_json::{Value, json};

const USERNAME: &str = "conformance";
const API_KEY: &str = "mimic-takes-any-key";

/// Makes mimic refuse, as Cloud Servers refuses an unknown flavor, every server create
/// whose name matches `name_pattern`: a creation behaviour registered at the catalog's
/// `cloudServersBehavior` endpoint in `region`.
async fn refuse_creates_named(identity: &url::Url, region: &str, name_pattern: &str) {
    let http = reqwest::Client::new();
    let login = json!({"auth": {"RAX-KSKEY:apiKeyCredentials": {
        "username": USERNAME, "apiKey": API_KEY}}});
    let body = http
        .post(format!(
            "{}/v2.0/tokens",
            identity.as_str().trim_end_matches('/')
        ))
        .header("content-type", "application/json")
        .body(login.to_string())
        .send()
        .await
        .expect("mimic answers the login")
        .bytes()
        .await
        .expect("a login answer");
    let answer: Value = serde_json::from_slice(&body).expect("a JSON login answer");
    let control = answer["access"]["serviceCatalog"]
        .as_array()
        .expect("a catalog")
        .iter()
        .find(|s| s["name"] == "cloudServersBehavior")
        .and_then(|s| {
            s["endpoints"]
                .as_array()?
                .iter()
                .find(|e| e["region"] == region)?
                .get("publicURL")?
                .as_str()
        })
        .expect("mimic's Nova control endpoint in the region")
        .to_string();
    let behavior = json!({
        "criteria": [{"server_name": name_pattern}],
        "name": "fail",
        "parameters": {"code": 400, "type": "badRequest",
                       "message": "Flavor no-such-size could not be found."}
    });
    let resp = http
        .post(format!(
            "{}/behaviors/creation",
            control.trim_end_matches('/')
        ))
        .header("content-type", "application/json")
        .body(behavior.to_string())
        .send()
        .await
        .expect("mimic answers the behaviour");
    assert_eq!(resp.status(), 201, "mimic registered the behaviour");
}

async fn compute(mimic: &url::Url, region: &str) -> Arc<dyn Compute> {
    let mut env = MapEnv::default();
    env.set("RACKSPACE_USERNAME", USERNAME);
    env.set("RACKSPACE_API_KEY", API_KEY);
    let identity = mimic.join("identity").expect("identity URL");
    let config = ProviderConfig {
        region: Some(region.into()),
        endpoint: Some(identity.clone()),
        http: cloud_test::guard::test_config(&identity).http,
        env: Arc::new(env),
        ..Default::default()
    };
    let session = RackspaceFactory.connect(&config).await.expect("connects");
    session.compute().expect("compute")
}

#[tokio::test]
async fn the_compute_suite_passes_against_mimic() {
    let Some(mimic) = cloud_test::guard::emulator_endpoint("LIBCLOUD_TEST_MIMIC_ENDPOINT") else {
        return;
    };
    let servers = compute(&mimic, "DFW").await;
    assert_eq!(servers.provider_id(), "rackspace");
    let caps = servers.capabilities();
    assert!(caps.supports(ComputeFeature::Reboot), "{caps:?}");
    assert!(
        !caps.supports(ComputeFeature::StartStop),
        "Cloud Servers cannot stop a server: {caps:?}"
    );
    let compute = servers
        .as_any()
        .downcast_ref::<OpenStackCompute>()
        .expect("Cloud Servers is the OpenStack compute driver")
        .clone()
        .without([
            ComputeFeature::KeyPairs,
            ComputeFeature::KeyPairCreate,
            ComputeFeature::KeyPairImport,
            ComputeFeature::Volumes,
            ComputeFeature::Snapshots,
            ComputeFeature::ImageCreate,
        ]);

    let sizes: Vec<_> = compute.list_sizes().try_collect().await.expect("sizes");
    let images: Vec<_> = compute.list_images().try_collect().await.expect("images");
    let size = sizes
        .iter()
        .find(|s| s.ram_mib >= 1024)
        .expect("a size of 1 GiB or more");
    let image = images.first().expect("an image");
    let mut plan = ComputePlan::new(size.id.clone(), image.id.clone());
    plan.location = Some("DFW".into());
    plan.node_name = format!("rax-conformance-{}", std::process::id());
    let bad_create = format!("^{}-bad$", plan.node_name);
    refuse_creates_named(&mimic.join("identity").unwrap(), "DFW", &bad_create).await;
    run(&compute, &plan).await;
}
