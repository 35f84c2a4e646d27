//! `create_balancer`: everything checked first (input, names, member nodes, subnets),
//! then the load balancer, its target group (tagged [`CREATED_BY_TAG`]), the first
//! members and the listener. When a step after the load balancer fails, what this call
//! made is deleted again, so a failed create leaves nothing behind.

use cloud_core::load_balancer::{
    Algorithm, Balancer, CreateBalancer, LoadBalancerCapabilities, MemberTarget, Protocol,
};
use cloud_core::{Error, ErrorKind, Result};

use crate::PROVIDER_ID;
use crate::client::Api;
use crate::model::{self, LoadBalancerRecord, TargetGroupRecord};
use crate::ops::balancers::{self, Parts};
use crate::ops::members::{registration, target_params};
use crate::ops::network::{self, Placement};
use crate::settings::{CREATED_BY_TAG, Settings, TargetType};
use crate::state::{self as words, ALGORITHM_ATTRIBUTE, Kind};

/// The longest load balancer and target group name.
const MAX_NAME_LEN: usize = 32;

/// A create request checked and resolved: what the calls will send.
#[derive(Debug)]
struct Plan<'r> {
    request: &'r CreateBalancer,
    kind: Kind,
    target_type: TargetType,
    targets: Vec<(String, u16)>,
    certificate: Option<String>,
    listener_port: u16,
    target_port: u16,
}

/// Creates the balancer `request` describes.
pub(crate) async fn create(
    api: &Api,
    settings: &Settings,
    caps: &LoadBalancerCapabilities,
    request: &CreateBalancer,
) -> Result<Balancer> {
    let mut plan = check(settings, caps, request)?;
    let nodes: Vec<String> = request
        .members
        .iter()
        .filter_map(|m| match m {
            MemberTarget::Node { node_id, .. } => Some(node_id.clone()),
            MemberTarget::Address { .. } => None,
        })
        .collect();
    network::existing_nodes(api, &nodes).await?;
    plan.resolve_targets()?;
    refuse_taken_names(api, &request.name).await?;
    let placement = network::placement(api, &settings.subnets).await?;
    let lb = create_load_balancer(api, settings, &plan, &placement).await?;
    let mut made_group: Option<String> = None;
    let built = build(api, &plan, &placement, &lb, &mut made_group).await;
    match built {
        Ok(parts) => Ok(balancers::portable(&parts)),
        Err(err) => {
            roll_back(api, &lb.arn, made_group.as_deref()).await;
            Err(err)
        }
    }
}

/// Everything about the request that can be checked without asking AWS.
fn check<'r>(
    settings: &Settings,
    caps: &LoadBalancerCapabilities,
    request: &'r CreateBalancer,
) -> Result<Plan<'r>> {
    request.validate(PROVIDER_ID, caps)?;
    check_name(&request.name)?;
    let kind = Kind::for_protocol(&request.protocol)?;
    kind.check_algorithm(&request.protocol, &request.algorithm)?;
    if let Some(check) = &request.health_check {
        balancers::check_health_protocol(check)?;
    }
    let certificate = match request.protocol {
        Protocol::Https | Protocol::Tls => Some(certificate(settings, request)?),
        _ => None,
    };
    let port = |p: u32| u16::try_from(p).unwrap_or_default();
    Ok(Plan {
        request,
        kind,
        target_type: TargetType::Instance,
        targets: Vec::new(),
        certificate,
        listener_port: port(request.port),
        target_port: port(request.target_port()),
    })
}

impl Plan<'_> {
    /// Picks the target group's type and what each first member registers as; mixed
    /// members are `InvalidInput`. Run after the member nodes were found to exist, so a
    /// missing node is `NotFound` whatever the other members are.
    fn resolve_targets(&mut self) -> Result<()> {
        self.target_type = target_type(self.request)?;
        self.targets = self
            .request
            .members
            .iter()
            .map(|m| registration(m, self.target_type))
            .collect::<Result<Vec<_>>>()?;
        Ok(())
    }
}

/// Load balancer and target group names: 1 to 32 letters, digits and `-`, not starting
/// or ending with `-`, not starting with `internal-`.
fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.starts_with("internal-");
    if ok {
        return Ok(());
    }
    Err(Error::invalid_input(format!(
        "elb balancer name {name:?} must be 1 to {MAX_NAME_LEN} letters, digits and '-', \
         neither starting nor ending with '-' nor starting with 'internal-'"
    ))
    .with_provider(PROVIDER_ID))
}

/// The certificate of an HTTPS or TLS listener: the request's `certificate_arn` extra,
/// else the `certificate_arn` option.
fn certificate(settings: &Settings, request: &CreateBalancer) -> Result<String> {
    let given = request
        .extra
        .get("certificate_arn")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    given
        .or_else(|| settings.certificate_arn.clone())
        .ok_or_else(|| {
            Error::invalid_input(format!(
                "an elb {} listener needs a certificate: set the certificate_arn option \
                 (LIBCLOUD_ELB_CERTIFICATE_ARN)",
                request.protocol
            ))
            .with_provider(PROVIDER_ID)
        })
}

/// The target group's type: the request's `target_type` extra (`instance` or `ip`), else
/// what its members are (all nodes: `instance`; all addresses: `ip`; none: `instance`).
fn target_type(request: &CreateBalancer) -> Result<TargetType> {
    if let Some(value) = request.extra.get("target_type") {
        let word = value.as_str().unwrap_or_default();
        return TargetType::from_api_word(word).ok_or_else(|| {
            Error::invalid_input(format!(
                "target_type {value} is neither \"instance\" nor \"ip\""
            ))
        });
    }
    let by_node = request
        .members
        .iter()
        .filter(|m| matches!(m, MemberTarget::Node { .. }))
        .count();
    match (by_node, request.members.len() - by_node) {
        (_, 0) => Ok(TargetType::Instance),
        (0, _) => Ok(TargetType::Ip),
        _ => Err(Error::invalid_input(
            "an elb balancer's members are all nodes (target type instance) or all \
             addresses (target type ip), not both",
        )
        .with_provider(PROVIDER_ID)),
    }
}

/// `AlreadyExists` when a load balancer or target group already has the name: AWS
/// answers a create of an existing name with the existing resource, and a later failure
/// would then delete what was there before.
async fn refuse_taken_names(api: &Api, name: &str) -> Result<()> {
    match balancers::find(api, name).await {
        Ok(_) => {
            return Err(taken("a load balancer", name));
        }
        Err(e) if e.kind() == ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let query = Api::query("DescribeTargetGroups").param("Names.member.1", name);
    match api.call(query, model::describe_target_groups).await {
        Ok(page) if !page.items.is_empty() => Err(taken("a target group", name)),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

fn taken(what: &str, name: &str) -> Error {
    Error::new(
        ErrorKind::AlreadyExists,
        format!("{what} named {name} already exists"),
    )
    .with_provider(PROVIDER_ID)
}

async fn create_load_balancer(
    api: &Api,
    settings: &Settings,
    plan: &Plan<'_>,
    placement: &Placement,
) -> Result<LoadBalancerRecord> {
    let mut query = Api::query("CreateLoadBalancer")
        .param("Name", &plan.request.name)
        .param("Type", plan.kind.api_word())
        .opt("Scheme", settings.scheme.clone())
        .members("Subnets", placement.subnets.iter().cloned());
    if plan.kind == Kind::Application {
        query = query.members("SecurityGroups", settings.security_groups.iter().cloned());
    }
    api.call_idempotent(query, model::created_load_balancer)
        .await
}

/// The target group, its algorithm, the first members and the listener; `made_group`
/// holds the target group's ARN as soon as it exists.
async fn build(
    api: &Api,
    plan: &Plan<'_>,
    placement: &Placement,
    lb: &LoadBalancerRecord,
    made_group: &mut Option<String>,
) -> Result<Parts> {
    let request = plan.request;
    let group = create_target_group(api, plan, placement).await?;
    *made_group = Some(group.arn.clone());
    if plan.kind == Kind::Application && request.algorithm != Algorithm::RoundRobin {
        let query = Api::query("ModifyTargetGroupAttributes")
            .param("TargetGroupArn", &group.arn)
            .param("Attributes.member.1.Key", ALGORITHM_ATTRIBUTE)
            .param(
                "Attributes.member.1.Value",
                words::algorithm_attribute(&request.algorithm),
            );
        api.act(query, true).await?;
    }
    if !plan.targets.is_empty() {
        let mut query = Api::query("RegisterTargets").param("TargetGroupArn", &group.arn);
        for (i, (id, port)) in plan.targets.iter().enumerate() {
            for (key, value) in target_params(i + 1, id, *port) {
                query.push(key, value);
            }
        }
        api.act(query, true).await?;
    }
    let mut query = Api::query("CreateListener")
        .param("LoadBalancerArn", &lb.arn)
        .param("Protocol", words::protocol_word(&request.protocol))
        .param("Port", plan.listener_port.to_string())
        .param("DefaultActions.member.1.Type", "forward")
        .param("DefaultActions.member.1.TargetGroupArn", &group.arn);
    if let Some(arn) = &plan.certificate {
        query.push("Certificates.member.1.CertificateArn", arn.clone());
    }
    let listener = api.call_idempotent(query, model::created_listener).await?;
    let algorithm = (plan.kind == Kind::Application)
        .then(|| words::algorithm_attribute(&request.algorithm).to_string());
    Ok(Parts {
        lb: lb.clone(),
        listeners: vec![listener],
        groups: vec![group],
        algorithm,
    })
}

/// The protocol the target group speaks to members: HTTP behind HTTP and HTTPS
/// listeners (TLS ends at the balancer), TCP behind TCP and TLS ones, UDP behind UDP.
fn group_protocol(protocol: &Protocol) -> String {
    match protocol {
        Protocol::Http | Protocol::Https => "HTTP".into(),
        Protocol::Tcp | Protocol::Tls => "TCP".into(),
        other => words::protocol_word(other),
    }
}

async fn create_target_group(
    api: &Api,
    plan: &Plan<'_>,
    placement: &Placement,
) -> Result<TargetGroupRecord> {
    let request = plan.request;
    let mut query = Api::query("CreateTargetGroup")
        .param("Name", &request.name)
        .param("Protocol", group_protocol(&request.protocol))
        .param("Port", plan.target_port.to_string())
        .param("VpcId", &placement.vpc_id)
        .param("TargetType", plan.target_type.api_word())
        .param("Tags.member.1.Key", CREATED_BY_TAG)
        .param("Tags.member.1.Value", &request.name);
    if let Some(check) = &request.health_check {
        for (key, value) in balancers::health_check_params(check) {
            query.push(key, value);
        }
    }
    api.call_idempotent(query, model::created_target_group)
        .await
}

/// Deletes the load balancer (and with it any listener) and the target group a failed
/// create made; a failure here is logged, the create's own error is what the caller
/// sees.
async fn roll_back(api: &Api, lb_arn: &str, group: Option<&str>) {
    let query = Api::query("DeleteLoadBalancer").param("LoadBalancerArn", lb_arn);
    if let Err(e) = api.act(query, true).await {
        tracing::warn!(balancer = lb_arn, error = %e, "could not delete the half-made balancer");
    }
    if let Some(arn) = group
        && let Err(e) = balancers::delete_group(api, arn).await
    {
        tracing::warn!(target_group = arn, error = %e, "could not delete the half-made target group");
    }
}

#[cfg(test)]
mod tests {
    use cloud_core::load_balancer::HealthCheck;
    use serde_json::json;

    use super::*;
    use crate::load_balancer::capabilities;

    fn ip(text: &str) -> std::net::IpAddr {
        text.parse().unwrap()
    }

    fn plan_of(request: &CreateBalancer) -> Result<Plan<'_>> {
        let mut plan = check(&Settings::default(), &capabilities(), request)?;
        plan.resolve_targets()?;
        Ok(plan)
    }

    #[test]
    fn names_follow_the_elb_rules() {
        for good in ["web", "a-b-1", &"x".repeat(32)] {
            assert!(check_name(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "-web",
            "web-",
            "a_b",
            "a.b",
            "internal-web",
            &"x".repeat(33),
        ] {
            let err = check_name(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn target_type_follows_the_members() {
        let nodes =
            CreateBalancer::new("w", 80, Protocol::Http).with_member(MemberTarget::node("i-1", 80));
        assert_eq!(plan_of(&nodes).unwrap().target_type, TargetType::Instance);
        let addresses = CreateBalancer::new("w", 80, Protocol::Http)
            .with_member(MemberTarget::address(ip("10.0.0.1"), 80));
        assert_eq!(plan_of(&addresses).unwrap().target_type, TargetType::Ip);
        let none = CreateBalancer::new("w", 80, Protocol::Http);
        assert_eq!(plan_of(&none).unwrap().target_type, TargetType::Instance);
        let mixed = nodes
            .clone()
            .with_member(MemberTarget::address(ip("10.0.0.1"), 80));
        assert_eq!(plan_of(&mixed).unwrap_err().kind(), ErrorKind::InvalidInput);
        let mut forced = none.clone();
        forced.extra.insert("target_type".into(), json!("ip"));
        assert_eq!(plan_of(&forced).unwrap().target_type, TargetType::Ip);
        forced.extra.insert("target_type".into(), json!("lambda"));
        assert_eq!(
            plan_of(&forced).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }

    #[test]
    fn bad_requests_fail_before_any_call() {
        let tcp_rr = CreateBalancer::new("w", 80, Protocol::Tcp);
        let err = plan_of(&tcp_rr).unwrap_err();
        assert!(err.message().contains("flow_hash"), "{err}");
        let https = CreateBalancer::new("w", 443, Protocol::Https);
        let err = plan_of(&https).unwrap_err();
        assert!(err.message().contains("certificate_arn"), "{err}");
        let mut with_cert = https.clone();
        with_cert.extra.insert(
            "certificate_arn".into(),
            json!("arn:aws:acm:us-east-1:1:certificate/x"),
        );
        assert_eq!(
            plan_of(&with_cert).unwrap().certificate.as_deref(),
            Some("arn:aws:acm:us-east-1:1:certificate/x")
        );
        let mut udp_check = CreateBalancer::new("w", 53, Protocol::Udp)
            .with_algorithm(Algorithm::Other(words::FLOW_HASH.into()));
        udp_check.health_check = Some(HealthCheck {
            protocol: Protocol::Udp,
            ..HealthCheck::tcp(53)
        });
        assert!(plan_of(&udp_check).is_err());
        udp_check.health_check = Some(HealthCheck::tcp(53));
        let plan = plan_of(&udp_check).unwrap();
        assert_eq!((plan.listener_port, plan.target_port), (53, 53));
        assert_eq!(group_protocol(&Protocol::Tls), "TCP");
        assert_eq!(group_protocol(&Protocol::Https), "HTTP");
        assert_eq!(group_protocol(&Protocol::Udp), "UDP");
    }
}
