//! The load balancer conformance suite: create with two members, bad input that creates
//! nothing, attaching and detaching members, and destroying the balancer. Steps L1–L4
//! of `CONFORMANCE.md`, in that order.

mod plan;

use std::panic::AssertUnwindSafe;

use cloud_core::ErrorKind;
use cloud_core::load_balancer::{
    Algorithm, Balancer, CreateBalancer, LoadBalancer, LoadBalancerCapabilities,
    LoadBalancerFeature, Member, MemberTarget, Protocol,
};
use cloud_core::operation::wait_for_operation;
use futures::FutureExt;

use super::{check, collect, fails, ok, step, unsupported};

pub use plan::LoadBalancerPlan;

/// Runs the load balancer suite against `driver`; panics naming the step on the first
/// failed check. When a step after the balancer was created fails, the suite destroys
/// the balancer before passing the failure on.
pub async fn run(driver: &dyn LoadBalancer, plan: &LoadBalancerPlan) {
    let caps = driver.capabilities();
    let suite = Suite {
        driver,
        plan,
        protocol: pick_protocol(plan, &caps),
        algorithm: pick_algorithm(&caps),
        caps,
        provider: driver.provider_id().to_string(),
    };
    eprintln!(
        "[conformance {}] load balancer suite starts; protocols: {:?}; algorithms: {:?}; \
         features: {:?}",
        suite.provider, suite.caps.protocols, suite.caps.algorithms, suite.caps.features
    );
    let balancer = suite.create().await;
    let rest = AssertUnwindSafe(suite.after_create(&balancer))
        .catch_unwind()
        .await;
    if let Err(panic) = rest {
        eprintln!(
            "[conformance {}] destroying balancer {} after the failure",
            suite.provider, balancer.id
        );
        let _ = driver.destroy_balancer(&balancer.id).await;
        std::panic::resume_unwind(panic);
    }
    eprintln!(
        "[conformance {}] load balancer suite passed",
        suite.provider
    );
}

/// The plan's protocol, else `http`, else `tcp`, else the first the driver offers.
fn pick_protocol(plan: &LoadBalancerPlan, caps: &LoadBalancerCapabilities) -> Protocol {
    if let Some(protocol) = &plan.protocol {
        return protocol.clone();
    }
    [Protocol::Http, Protocol::Tcp]
        .into_iter()
        .find(|p| caps.supports_protocol(p))
        .or_else(|| caps.protocols.iter().next().cloned())
        .unwrap_or(Protocol::Tcp)
}

/// Round robin when offered, else the first the driver offers.
fn pick_algorithm(caps: &LoadBalancerCapabilities) -> Algorithm {
    if caps.supports_algorithm(&Algorithm::RoundRobin) {
        return Algorithm::RoundRobin;
    }
    caps.algorithms
        .iter()
        .next()
        .cloned()
        .unwrap_or(Algorithm::RoundRobin)
}

/// The port a target asks for, as a member reports it.
fn port_of(target: &MemberTarget) -> u16 {
    u16::try_from(target.port()).unwrap_or(0)
}

struct Suite<'a> {
    driver: &'a dyn LoadBalancer,
    plan: &'a LoadBalancerPlan,
    caps: LoadBalancerCapabilities,
    protocol: Protocol,
    algorithm: Algorithm,
    provider: String,
}

impl Suite<'_> {
    async fn after_create(&self, balancer: &Balancer) {
        self.bad_input(balancer).await;
        self.members(balancer).await;
        self.destroy(balancer).await;
    }

    fn request(&self, name: &str) -> CreateBalancer {
        let mut request = CreateBalancer::new(name, self.plan.port, self.protocol.clone())
            .with_algorithm(self.algorithm.clone());
        request.members = self.plan.members.to_vec();
        request
    }

    async fn members_of(&self, id: &str, call: &str, balancer: &Balancer) -> Vec<Member> {
        collect(id, call, self.driver.list_members(&balancer.id)).await
    }

    /// L1: create with two members, wait when the provider finishes later, read it back.
    async fn create(&self) -> Balancer {
        step(&self.provider, "L1", "create with two members");
        let request = self.request(&self.plan.name);
        let created = ok(
            "L1.1",
            "create_balancer",
            self.driver.create_balancer(&request).await,
        );
        let port = u16::try_from(self.plan.port).unwrap_or(0);
        let listener_ok = created
            .listeners
            .iter()
            .any(|l| l.port == port && l.protocol == self.protocol && l.target_port == port);
        check(
            "L1.1",
            created.name == self.plan.name && listener_ok && created.algorithm == self.algorithm,
            format!(
                "balancer {} listening on {port}/{} with {}",
                self.plan.name, self.protocol, self.algorithm
            ),
            &created,
        );
        if let Some(operation) = &created.operation {
            let waited = wait_for_operation(
                operation,
                &self.plan.wait,
                || self.driver.operation_status(operation),
                |_| {},
            )
            .await;
            ok("L1.1", "wait for the create operation", waited);
        }
        let got = ok(
            "L1.2",
            "get_balancer",
            self.driver.get_balancer(&created.id).await,
        );
        check(
            "L1.2",
            got.id == created.id && got.name == created.name,
            format!("balancer {}", created.id),
            &got,
        );
        let listed = collect("L1.3", "list_balancers", self.driver.list_balancers()).await;
        check(
            "L1.3",
            listed.iter().any(|b| b.id == created.id),
            format!("balancer {} listed", created.id),
            listed.iter().map(|b| &b.id).collect::<Vec<_>>(),
        );
        let members = self.members_of("L1.4", "list_members", &created).await;
        let mut ports: Vec<u16> = members.iter().map(|m| m.port).collect();
        let mut want: Vec<u16> = self.plan.members.iter().map(port_of).collect();
        ports.sort_unstable();
        want.sort_unstable();
        check(
            "L1.4",
            ports == want && members.iter().all(|m| m.balancer_id == created.id),
            format!("two members on ports {want:?}"),
            &members,
        );
        created
    }

    /// L2: bad input and unknown ids are typed errors, and create nothing.
    async fn bad_input(&self, balancer: &Balancer) {
        step(&self.provider, "L2", "bad input creates nothing");
        let before = collect("L2", "list_balancers", self.driver.list_balancers()).await;
        let bad_name = format!("{}-bad", self.plan.name);
        for (id, port) in [("L2.1", 0), ("L2.2", 70000)] {
            let mut request = self.request(&bad_name);
            request.port = port;
            let err = fails(
                id,
                &format!("create_balancer on port {port}"),
                self.driver.create_balancer(&request).await,
                &[ErrorKind::InvalidInput],
            );
            check(
                id,
                err.message().contains(&port.to_string()),
                "the message names the port",
                &err,
            );
        }
        let odd = Algorithm::KNOWN
            .iter()
            .find(|a| !self.caps.supports_algorithm(a))
            .cloned()
            .unwrap_or_else(|| Algorithm::Other("no_such_algorithm".into()));
        let request = self.request(&bad_name).with_algorithm(odd.clone());
        fails(
            "L2.3",
            &format!("create_balancer with algorithm {odd}"),
            self.driver.create_balancer(&request).await,
            &[ErrorKind::Unsupported],
        );
        let missing = &self.plan.missing_balancer_id;
        fails(
            "L2.4",
            "get_balancer",
            self.driver.get_balancer(missing).await,
            &[ErrorKind::NotFound],
        );
        fails(
            "L2.4",
            "attach_member to a missing balancer",
            self.driver
                .attach_member(missing, &self.plan.members[0])
                .await,
            &[ErrorKind::NotFound],
        );
        let mut listing = self.driver.list_members(missing);
        match futures::StreamExt::next(&mut listing).await {
            Some(first) => {
                fails("L2.4", "list_members", first, &[ErrorKind::NotFound]);
            }
            None => panic!(
                "[L2.4] list_members of a missing balancer: expected NotFound, got an empty \
                 listing"
            ),
        }
        drop(listing);
        let ghost = MemberTarget::node(&self.plan.missing_node_id, 8080);
        if self.caps.supports(LoadBalancerFeature::AttachByNode) {
            let request = self.request(&bad_name).with_member(ghost.clone());
            fails(
                "L2.5",
                "create_balancer with a missing member node",
                self.driver.create_balancer(&request).await,
                &[ErrorKind::NotFound],
            );
            fails(
                "L2.5",
                "attach_member of a missing node",
                self.driver.attach_member(&balancer.id, &ghost).await,
                &[ErrorKind::NotFound],
            );
        } else {
            unsupported(
                "L2.5",
                "attach_member by node",
                self.driver.attach_member(&balancer.id, &ghost).await,
            );
        }
        let after = collect("L2.6", "list_balancers", self.driver.list_balancers()).await;
        let ids = |list: &[Balancer]| {
            let mut ids: Vec<String> = list.iter().map(|b| b.id.clone()).collect();
            ids.sort();
            ids
        };
        check(
            "L2.6",
            ids(&after) == ids(&before) && !after.iter().any(|b| b.name == bad_name),
            format!("the same balancers as before: {:?}", ids(&before)),
            ids(&after),
        );
        let members = self.members_of("L2.6", "list_members", balancer).await;
        check(
            "L2.6",
            members.len() == self.plan.members.len(),
            "the two first members and no more",
            &members,
        );
    }

    /// L3: two ports of one address are two members; a detached member is gone.
    async fn members(&self, balancer: &Balancer) {
        step(&self.provider, "L3", "attach and detach members");
        let first = MemberTarget::address(self.plan.extra_ip, 8081);
        if !self.caps.supports(LoadBalancerFeature::AttachByAddress) {
            unsupported(
                "L3",
                "attach_member by address",
                self.driver.attach_member(&balancer.id, &first).await,
            );
            return;
        }
        let ip = self.plan.extra_ip.to_canonical().to_string();
        let second_address = self.plan.second_extra_ip.unwrap_or(self.plan.extra_ip);
        let second_ip = second_address.to_canonical().to_string();
        let a = ok(
            "L3.1",
            "attach_member 8081",
            self.driver.attach_member(&balancer.id, &first).await,
        );
        let second = MemberTarget::address(second_address, 8082);
        let b = ok(
            "L3.1",
            "attach_member 8082",
            self.driver.attach_member(&balancer.id, &second).await,
        );
        check(
            "L3.1",
            a.id != b.id && a.ip == ip && b.ip == second_ip && (a.port, b.port) == (8081, 8082),
            format!("two members {ip}:8081 and {second_ip}:8082 with two ids"),
            (&a, &b),
        );
        let listed = self.members_of("L3.2", "list_members", balancer).await;
        check(
            "L3.2",
            listed.len() == self.plan.members.len() + 2
                && [&a.id, &b.id]
                    .iter()
                    .all(|id| listed.iter().any(|m| &&m.id == id)),
            format!(
                "{} members, {} and {} among them",
                self.plan.members.len() + 2,
                a.id,
                b.id
            ),
            &listed,
        );
        ok(
            "L3.3",
            "detach_member",
            self.driver.detach_member(&balancer.id, &a.id).await,
        );
        let listed = self.members_of("L3.3", "list_members", balancer).await;
        check(
            "L3.3",
            !listed.iter().any(|m| m.id == a.id) && listed.iter().any(|m| m.id == b.id),
            format!("{} gone, {} still there", a.id, b.id),
            &listed,
        );
        fails(
            "L3.4",
            "detach_member of a missing member",
            self.driver
                .detach_member(&balancer.id, &self.plan.missing_member_id)
                .await,
            &[ErrorKind::NotFound],
        );
    }

    /// L4: the balancer is destroyed and gone.
    async fn destroy(&self, balancer: &Balancer) {
        step(&self.provider, "L4", "destroy the balancer");
        ok(
            "L4.1",
            "destroy_balancer",
            self.driver.destroy_balancer(&balancer.id).await,
        );
        fails(
            "L4.2",
            "get_balancer after destroy",
            self.driver.get_balancer(&balancer.id).await,
            &[ErrorKind::NotFound],
        );
        let listed = collect("L4.2", "list_balancers", self.driver.list_balancers()).await;
        check(
            "L4.2",
            !listed.iter().any(|b| b.id == balancer.id),
            format!("balancer {} no longer listed", balancer.id),
            listed.iter().map(|b| &b.id).collect::<Vec<_>>(),
        );
    }
}
