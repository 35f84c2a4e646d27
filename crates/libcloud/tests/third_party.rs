//! A driver defined outside this workspace plugs into the registry like a built-in one.

use std::any::Any;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use futures::TryStreamExt;
use futures::stream;
use libcloud::{
    Area, AreaSession, BoxStream, Compute, ComputeCapabilities, ComputeFeature, CreateNode,
    DriverFactory, Error, ErrorKind, Image, Lifecycle, Location, Node, NodeState, OptionKind,
    OptionSpec, ProviderConfig, ProviderMeta, Registry, Result, Session, Size,
};

/// A tiny in-memory compute cloud.
#[derive(Debug, Default)]
struct MemoryCompute {
    nodes: Mutex<Vec<Node>>,
}

impl MemoryCompute {
    fn snapshot(&self) -> Vec<Node> {
        self.nodes.lock().expect("node list lock").clone()
    }
}

#[async_trait]
impl Compute for MemoryCompute {
    fn provider_id(&self) -> &str {
        "memory"
    }

    fn capabilities(&self) -> ComputeCapabilities {
        ComputeCapabilities::with([ComputeFeature::Tags])
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn list_nodes(&self) -> BoxStream<'_, Result<Node>> {
        Box::pin(stream::iter(self.snapshot().into_iter().map(Ok)))
    }

    async fn get_node(&self, id: &str) -> Result<Node> {
        self.snapshot()
            .into_iter()
            .find(|n| n.id == id)
            .ok_or_else(|| Error::not_found(format!("no node {id}")).with_provider("memory"))
    }

    async fn create_node(&self, request: &CreateNode) -> Result<Node> {
        let mut nodes = self.nodes.lock().expect("node list lock");
        let node = Node {
            id: format!("mem-{}", nodes.len() + 1),
            name: request.name.clone(),
            state: NodeState::Running,
            public_ips: vec![],
            private_ips: vec![],
            size: Some(request.size.clone()),
            image: Some(request.image.clone()),
            location: request.location.clone(),
            created_at: None,
            tags: request.tags.clone(),
            extra: Default::default(),
            operation: None,
        };
        nodes.push(node.clone());
        Ok(node)
    }

    async fn destroy_node(&self, id: &str) -> Result<()> {
        self.nodes
            .lock()
            .expect("node list lock")
            .retain(|n| n.id != id);
        Ok(())
    }

    fn list_sizes(&self) -> BoxStream<'_, Result<Size>> {
        Box::pin(stream::iter([Ok(Size {
            id: "tiny".into(),
            name: "Tiny".into(),
            vcpus: Some(1),
            ram_mib: 256,
            disk_gib: None,
            price_per_hour: None,
            extra: Default::default(),
        })]))
    }

    fn list_images(&self) -> BoxStream<'_, Result<Image>> {
        Box::pin(stream::iter([Ok(Image {
            id: "blank".into(),
            name: "Blank".into(),
            extra: Default::default(),
        })]))
    }

    fn list_locations(&self) -> BoxStream<'_, Result<Location>> {
        Box::pin(stream::empty())
    }
}

/// The factory a third-party crate would publish.
struct MemoryFactory;

/// The one option the in-memory cloud declares.
const MEMORY_OPTIONS: &[OptionSpec] = &[OptionSpec::new(
    "node_limit",
    OptionKind::Count { min: 1, max: 100 },
    "most nodes the memory cloud holds",
)];

#[async_trait]
impl DriverFactory for MemoryFactory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: "memory".into(),
            name: "In-memory test cloud".into(),
            areas: vec![Area::Compute],
            lifecycle: Lifecycle::Active,
            api_reference: "https://example.invalid/memory".into(),
            package: libcloud::core::this_crate!(),
        }
    }

    fn options(&self) -> &'static [OptionSpec] {
        MEMORY_OPTIONS
    }

    async fn connect(&self, _config: &ProviderConfig) -> Result<Arc<dyn Session>> {
        Ok(AreaSession::of_compute(Arc::new(MemoryCompute::default())))
    }
}

#[tokio::test]
async fn out_of_tree_driver_connects_by_id() {
    let mut registry = Registry::builtin();
    registry.register(Arc::new(MemoryFactory)).unwrap();
    assert!(registry.providers().iter().any(|m| m.id == "memory"));

    let compute = registry
        .compute("memory", &ProviderConfig::default())
        .await
        .unwrap();
    assert_eq!(compute.provider_id(), "memory");
    assert!(compute.capabilities().supports(ComputeFeature::Tags));
    assert!(!compute.capabilities().supports(ComputeFeature::Volumes));

    let mut request = CreateNode::new("web-1", "tiny", "blank");
    request.tags.insert("team".into(), "blue".into());
    let created = compute.create_node(&request).await.unwrap();
    assert_eq!(created.name, "web-1");

    let listed: Vec<Node> = compute.list_nodes().try_collect().await.unwrap();
    assert_eq!(listed, vec![created.clone()]);

    let got = compute.get_node(&created.id).await.unwrap();
    assert_eq!(got.tags.get("team").map(String::as_str), Some("blue"));
    assert_eq!(got.state, NodeState::Running);

    // Unsupported optional operations are typed errors, not panics.
    let err = compute.reboot_node(&created.id).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);

    // The concrete type is reachable for provider-only calls.
    assert!(compute.as_any().downcast_ref::<MemoryCompute>().is_some());

    // A provider without storage says so with a typed error.
    let err = registry
        .storage("memory", &ProviderConfig::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
}

#[tokio::test]
async fn a_third_party_drivers_options_are_checked_like_built_in_ones() {
    let mut registry = Registry::empty();
    registry.register(Arc::new(MemoryFactory)).unwrap();
    let mut config = ProviderConfig::default();
    config.options.insert("node_limit".into(), "0".into());
    let err = registry.connect("memory", &config).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.message().contains("from 1 to 100"), "{err}");
    config.options.clear();
    config.options.insert("node_limt".into(), "5".into());
    let err = registry.connect("memory", &config).await.unwrap_err();
    assert!(err.message().contains("did you mean node_limit?"), "{err}");
    config.options.clear();
    config.options.insert("node_limit".into(), "5".into());
    let session = registry.connect("memory", &config).await.unwrap();
    assert_eq!(session.provider_id(), "memory");
}

#[test]
fn duplicate_registration_fails() {
    let mut registry = Registry::empty();
    registry.register(Arc::new(MemoryFactory)).unwrap();
    let err = registry.register(Arc::new(MemoryFactory)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    assert!(err.to_string().contains("'memory'"), "{err}");
    assert_eq!(registry.providers().len(), 1);
}

#[cfg(feature = "local")]
#[test]
fn builtin_ids_cannot_be_taken_over() {
    let mut registry = Registry::builtin();
    struct Impostor;
    #[async_trait]
    impl DriverFactory for Impostor {
        fn meta(&self) -> ProviderMeta {
            ProviderMeta {
                id: "local".into(),
                name: "Impostor".into(),
                areas: vec![],
                lifecycle: Lifecycle::Active,
                api_reference: String::new(),
                package: libcloud::core::this_crate!(),
            }
        }

        async fn connect(&self, _config: &ProviderConfig) -> Result<Arc<dyn Session>> {
            Ok(Arc::new(AreaSession::new("local")))
        }
    }
    let err = registry.register(Arc::new(Impostor)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    let local = registry.factory("local").unwrap().meta();
    assert_ne!(local.name, "Impostor");
}

#[cfg(feature = "local")]
#[tokio::test]
async fn unknown_id_lists_the_providers() {
    let mut registry = Registry::builtin();
    registry.register(Arc::new(MemoryFactory)).unwrap();
    let err = registry
        .compute("nope", &ProviderConfig::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let ids = registry.ids();
    assert!(ids.contains(&"local") && ids.contains(&"memory"), "{ids:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "unknown provider 'nope'; compiled-in providers: {}",
            ids.join(", ")
        )
    );
}
