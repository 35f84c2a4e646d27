//! The compute conformance suite: catalog, not-found and bad input, the node lifecycle,
//! key pairs, volumes, server images, destroy. Steps C1–C7 of `CONFORMANCE.md`, in that
//! order.

mod extras;
pub mod operations;
mod plan;

use std::panic::AssertUnwindSafe;

use cloud_core::ErrorKind;
use cloud_core::compute::{
    Compute, ComputeCapabilities, ComputeFeature, CreateNode, Node, NodeState, wait_until_running,
};
use futures::FutureExt;

use super::{check, collect, fails, ok, unsupported};

pub use plan::{CONFORMANCE_PUBLIC_KEY, ComputePlan};

/// Runs the compute suite against `driver`; panics naming the step on the first failed
/// check.
///
/// When a step after the node was created fails, the suite tries to destroy the node
/// before passing the failure on, so live runs do not leak servers.
pub async fn run(driver: &dyn Compute, plan: &ComputePlan) {
    let suite = Suite {
        driver,
        plan,
        caps: driver.capabilities(),
        provider: driver.provider_id().to_string(),
    };
    eprintln!(
        "[conformance {}] compute suite starts; capabilities: {:?}",
        suite.provider, suite.caps.features
    );
    suite.catalog().await;
    suite.not_found_and_bad_input().await;
    let node = suite.create_node().await;
    let rest = AssertUnwindSafe(suite.after_create(&node))
        .catch_unwind()
        .await;
    if let Err(panic) = rest {
        eprintln!(
            "[conformance {}] destroying node {} after the failure",
            suite.provider, node.id
        );
        let _ = driver.destroy_node(&node.id).await;
        std::panic::resume_unwind(panic);
    }
    eprintln!("[conformance {}] compute suite passed", suite.provider);
}

/// The driver under test, the plan and what the driver claims to support.
pub(crate) struct Suite<'a> {
    pub(crate) driver: &'a dyn Compute,
    pub(crate) plan: &'a ComputePlan,
    pub(crate) caps: ComputeCapabilities,
    pub(crate) provider: String,
}

impl Suite<'_> {
    pub(crate) fn has(&self, feature: ComputeFeature) -> bool {
        self.caps.supports(feature)
    }

    pub(crate) fn step(&self, id: &str, what: &str) {
        super::step(&self.provider, id, what);
    }

    /// C1: sizes, images, locations.
    async fn catalog(&self) {
        let (d, plan) = (self.driver, self.plan);

        self.step("C1.1", "list_sizes");
        let sizes = collect("C1.1", "list_sizes", d.list_sizes()).await;
        let ids: Vec<&str> = sizes.iter().map(|s| s.id.as_str()).collect();
        check("C1.1", !sizes.is_empty(), "at least one size", &ids);
        check(
            "C1.1",
            ids.contains(&plan.size.as_str()),
            format!("size {:?} among the sizes", plan.size),
            &ids,
        );
        for size in &sizes {
            check(
                "C1.1",
                size.ram_mib > 0,
                format!("ram_mib > 0 for size {:?}", size.id),
                size.ram_mib,
            );
        }

        self.step("C1.2", "list_images");
        let images = collect("C1.2", "list_images", d.list_images()).await;
        check(
            "C1.2",
            !images.is_empty(),
            "at least one image",
            images.len(),
        );

        self.step("C1.3", "get_image");
        if self.has(ComputeFeature::GetImage) {
            let image = ok("C1.3", "get_image", d.get_image(&plan.image).await);
            check(
                "C1.3",
                image.id == plan.image,
                format!("image id {:?}", plan.image),
                &image.id,
            );
        } else {
            unsupported("C1.3", "get_image", d.get_image(&plan.image).await);
        }

        self.step("C1.4", "list_locations");
        let locations = collect("C1.4", "list_locations", d.list_locations()).await;
        let ids: Vec<&str> = locations.iter().map(|l| l.id.as_str()).collect();
        check("C1.4", !locations.is_empty(), "at least one location", &ids);
        if let Some(want) = &plan.location {
            check(
                "C1.4",
                ids.contains(&want.as_str()),
                format!("location {want:?} among the locations"),
                &ids,
            );
        }
    }

    /// C2: a missing node, and a create with a size that does not exist.
    async fn not_found_and_bad_input(&self) {
        let (d, plan) = (self.driver, self.plan);

        self.step("C2.1", "get_node of a missing id");
        fails(
            "C2.1",
            "get_node",
            d.get_node(&plan.missing_node_id).await,
            &[ErrorKind::NotFound],
        );

        self.step("C2.2", "create_node with a bad size");
        let mut bad = CreateNode::new(
            format!("{}-bad", plan.node_name),
            plan.bad_size.clone(),
            plan.image.clone(),
        );
        bad.location = plan.location.clone();
        let result = d.create_node(&bad).await;
        if let Ok(node) = &result {
            let _ = d.destroy_node(&node.id).await;
        }
        fails(
            "C2.2",
            "create_node",
            result,
            &[ErrorKind::InvalidInput, ErrorKind::NotFound],
        );
    }

    /// C3.1: the node every later step uses.
    async fn create_node(&self) -> Node {
        let plan = self.plan;
        self.step("C3.1", "create_node");
        let mut request = CreateNode::new(
            plan.node_name.clone(),
            plan.size.clone(),
            plan.image.clone(),
        );
        request.location = plan.location.clone();
        request.auth = plan.auth.clone();
        if self.has(ComputeFeature::Tags) {
            request.tags.insert("suite".into(), "conformance".into());
        }
        let node = ok(
            "C3.1",
            "create_node",
            self.driver.create_node(&request).await,
        );
        check("C3.1", !node.id.is_empty(), "a non-empty node id", &node.id);
        check(
            "C3.1",
            node.name == plan.node_name,
            format!("node name {:?}", plan.node_name),
            &node.name,
        );
        check(
            "C3.1",
            !matches!(node.state, NodeState::Terminated | NodeState::Error),
            "a state other than terminated or error",
            &node.state,
        );
        node
    }

    /// C3.2 to C7: everything after the create.
    async fn after_create(&self, node: &Node) {
        self.node_lifecycle(node).await;
        self.key_pairs().await;
        self.volumes(node).await;
        self.server_images(node).await;
        self.destroy(node).await;
    }

    /// C3.2 to C3.5: list, get (and wait), reboot, stop and start.
    async fn node_lifecycle(&self, node: &Node) {
        let (d, plan) = (self.driver, self.plan);

        self.step("C3.2", "list_nodes");
        let nodes = collect("C3.2", "list_nodes", d.list_nodes()).await;
        let ids: Vec<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
        check(
            "C3.2",
            ids.contains(&node.id.as_str()),
            format!("node {:?} among the nodes", node.id),
            &ids,
        );
        check(
            "C3.2",
            nodes.len() >= plan.min_listed_nodes,
            format!("at least {} node(s)", plan.min_listed_nodes),
            nodes.len(),
        );

        self.step("C3.3", "get_node");
        let got = ok("C3.3", "get_node", d.get_node(&node.id).await);
        check(
            "C3.3",
            got.id == node.id,
            format!("node id {:?}", node.id),
            &got.id,
        );
        check(
            "C3.3",
            got.name == plan.node_name,
            format!("node name {:?}", plan.node_name),
            &got.name,
        );
        if let Some(wait) = &plan.wait
            && got.state != NodeState::Running
        {
            self.step("C3.3", "waiting for the node to run");
            let running = ok(
                "C3.3",
                "wait_until_running",
                wait_until_running(d, &node.id, wait).await,
            );
            check(
                "C3.3",
                running.state == NodeState::Running,
                "state running",
                &running.state,
            );
        }

        self.step("C3.4", "reboot_node");
        if self.has(ComputeFeature::Reboot) {
            ok("C3.4", "reboot_node", d.reboot_node(&node.id).await);
        } else {
            unsupported("C3.4", "reboot_node", d.reboot_node(&node.id).await);
        }

        self.step("C3.5", "stop_node, start_node");
        if self.has(ComputeFeature::StartStop) {
            ok("C3.5", "stop_node", d.stop_node(&node.id).await);
            ok("C3.5", "start_node", d.start_node(&node.id).await);
        } else {
            unsupported("C3.5", "stop_node", d.stop_node(&node.id).await);
            unsupported("C3.5", "start_node", d.start_node(&node.id).await);
        }
    }

    /// C7: destroy, then the node is gone or going.
    async fn destroy(&self, node: &Node) {
        let d = self.driver;
        self.step("C7.1", "destroy_node");
        ok("C7.1", "destroy_node", d.destroy_node(&node.id).await);

        self.step("C7.2", "get_node after destroy");
        match d.get_node(&node.id).await {
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => panic!(
                "[C7.2] get_node: expected a not_found error or a terminated node, got {} error: {e}",
                e.kind()
            ),
            Ok(n) => check(
                "C7.2",
                matches!(n.state, NodeState::Terminated | NodeState::Terminating),
                "not_found, or a node in state terminated or terminating",
                &n.state,
            ),
        }
    }
}
