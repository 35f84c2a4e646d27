//! The simulated load balancers: balancers and their members in
//! `<state_dir>/load_balancer/state.json`, locked and replaced atomically like the
//! compute state, so any number of processes may share it. Members by node are checked
//! against the compute state in the same directory (read under its own shared lock,
//! while the load balancer lock is held).

mod balancers;
mod members;
pub(crate) mod records;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use cloud_core::load_balancer::{
    Algorithm, Balancer, CreateBalancer, LoadBalancer, LoadBalancerCapabilities,
    LoadBalancerFeature, Member, MemberTarget, Protocol, UpdateBalancer,
};
use cloud_core::paginate::stream_of_list;
use cloud_core::{BoxStream, Clock, Result, SystemClock};

use self::records::LbState;
use crate::PROVIDER_ID;
use crate::compute::records::State as ComputeState;
use crate::state::short_id;
use crate::store::blocking;

/// The load balancer state directory's store.
type Store = crate::state::Store<LbState>;

/// The compute state directory's store, read for members by node.
type NodeStore = crate::state::Store<ComputeState>;

/// A load balancer driver over balancers kept on disk.
///
/// A balancer is `running` as soon as it is created (nothing needs to boot), with the
/// first free address of 203.0.113.0/24 as its public address.
pub struct LocalLoadBalancer {
    store: Store,
    nodes: NodeStore,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for LocalLoadBalancer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalLoadBalancer")
            .field("state_dir", &self.store.dir())
            .finish()
    }
}

impl LocalLoadBalancer {
    /// Opens the load balancer state under `<state_dir>/load_balancer/` (and the compute
    /// state under `<state_dir>/compute/`, for members by node), creating them when
    /// absent; `Io` when a directory cannot be created or a state file is unreadable.
    pub fn open(state_dir: impl Into<PathBuf>) -> Result<Self> {
        let state_dir = state_dir.into();
        let store = Store::open(state_dir.join("load_balancer"))
            .map_err(|e| e.in_context(PROVIDER_ID, "open"))?;
        let nodes = NodeStore::open(state_dir.join("compute"))
            .map_err(|e| e.in_context(PROVIDER_ID, "open"))?;
        Ok(LocalLoadBalancer {
            store,
            nodes,
            clock: Arc::new(SystemClock),
        })
    }

    /// Uses `clock` for every timestamp from now on (creation times, the node states
    /// member health follows); for tests that step time instead of sleeping.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The directory the load balancer state lives in (`<state_dir>/load_balancer`).
    pub fn state_dir(&self) -> &Path {
        self.store.dir()
    }

    /// What the simulation supports: every protocol of the core, the four common
    /// algorithms, health checks, weights, and members by node or by address.
    pub(crate) fn local_capabilities() -> LoadBalancerCapabilities {
        use LoadBalancerFeature::*;
        LoadBalancerCapabilities::with(
            Protocol::KNOWN.iter().cloned(),
            [
                Algorithm::RoundRobin,
                Algorithm::LeastConnections,
                Algorithm::SourceIp,
                Algorithm::WeightedRoundRobin,
            ],
            [
                UpdateBalancer,
                HealthChecks,
                MemberWeights,
                MemberHealth,
                AttachByNode,
                AttachByAddress,
            ],
        )
    }

    fn now(&self) -> DateTime<Utc> {
        DateTime::<Utc>::from(self.clock.now())
    }

    async fn read<T, F>(&self, operation: &'static str, read: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&LbState, &ComputeState) -> Result<T> + Send + 'static,
    {
        let (store, nodes) = (self.store.clone(), self.nodes.clone());
        blocking(operation, move || {
            store.read(|state| nodes.read(|compute| read(state, compute)))
        })
        .await
    }

    async fn update<T, F>(&self, operation: &'static str, change: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut LbState, &ComputeState) -> Result<T> + Send + 'static,
    {
        let (store, nodes) = (self.store.clone(), self.nodes.clone());
        blocking(operation, move || {
            store.update(|state| nodes.read(|compute| change(state, compute)))
        })
        .await
    }
}

#[async_trait]
impl LoadBalancer for LocalLoadBalancer {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    fn capabilities(&self) -> LoadBalancerCapabilities {
        LocalLoadBalancer::local_capabilities()
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn list_balancers(&self) -> BoxStream<'_, Result<Balancer>> {
        stream_of_list(self.read("list_balancers", |s, _| Ok(balancers::list(s))))
    }

    async fn get_balancer(&self, balancer_id: &str) -> Result<Balancer> {
        let id = balancer_id.to_string();
        self.read("get_balancer", move |s, _| balancers::get(s, &id))
            .await
    }

    async fn create_balancer(&self, request: &CreateBalancer) -> Result<Balancer> {
        let (request, now, caps) = (request.clone(), self.now(), self.capabilities());
        self.update("create_balancer", move |s, compute| {
            balancers::create(s, compute, &caps, &request, short_id("lb"), now, || {
                short_id("mem")
            })
        })
        .await
    }

    async fn update_balancer(
        &self,
        balancer_id: &str,
        update: &UpdateBalancer,
    ) -> Result<Balancer> {
        let (id, update, caps) = (balancer_id.to_string(), update.clone(), self.capabilities());
        self.update("update_balancer", move |s, _| {
            balancers::update(s, &caps, &id, &update)
        })
        .await
    }

    async fn destroy_balancer(&self, balancer_id: &str) -> Result<()> {
        let id = balancer_id.to_string();
        self.update("destroy_balancer", move |s, _| balancers::destroy(s, &id))
            .await
    }

    fn list_members<'a>(&'a self, balancer_id: &'a str) -> BoxStream<'a, Result<Member>> {
        let (id, now) = (balancer_id.to_string(), self.now());
        stream_of_list(self.read("list_members", move |s, compute| {
            members::list(s, compute, &id, now)
        }))
    }

    async fn attach_member(&self, balancer_id: &str, target: &MemberTarget) -> Result<Member> {
        let (id, target, now, caps) = (
            balancer_id.to_string(),
            target.clone(),
            self.now(),
            self.capabilities(),
        );
        self.update("attach_member", move |s, compute| {
            members::attach(s, compute, &caps, &id, &target, short_id("mem"), now)
        })
        .await
    }

    async fn detach_member(&self, balancer_id: &str, member_id: &str) -> Result<()> {
        let (id, member) = (balancer_id.to_string(), member_id.to_string());
        self.update("detach_member", move |s, _| {
            members::detach(s, &id, &member)
        })
        .await
    }
}
