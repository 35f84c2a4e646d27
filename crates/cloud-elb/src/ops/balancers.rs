//! Reading balancers: a load balancer with its listeners and target groups, as one
//! portable [`Balancer`]; changing and deleting them.

use std::time::Duration;

use cloud_core::compute::Extra;
use cloud_core::load_balancer::{
    Algorithm, Balancer, BalancerState, HealthCheck, Listener, Protocol, UpdateBalancer,
};
use cloud_core::operation::{OperationRef, OperationStatus};
use cloud_core::{Error, ErrorKind, Result};
use futures::TryStreamExt;
use serde_json::json;

use crate::PROVIDER_ID;
use crate::client::Api;
use crate::model::{self, ListenerRecord, LoadBalancerRecord, TargetGroupRecord};
use crate::settings::CREATED_BY_TAG;
use crate::state::{self as words, ALGORITHM_ATTRIBUTE, FLOW_HASH, Kind};

/// A load balancer with what hangs off it.
#[derive(Debug, Clone)]
pub(crate) struct Parts {
    /// The load balancer.
    pub(crate) lb: LoadBalancerRecord,
    /// Its listeners, by port.
    pub(crate) listeners: Vec<ListenerRecord>,
    /// Its target groups, the one members are attached to first.
    pub(crate) groups: Vec<TargetGroupRecord>,
    /// The first group's `load_balancing.algorithm.type`, for application balancers.
    pub(crate) algorithm: Option<String>,
}

impl Parts {
    /// The target group new members go to: the one the lowest-port listener forwards to
    /// first, else the first the balancer has.
    pub(crate) fn primary_group(&self) -> Option<&TargetGroupRecord> {
        self.groups.first()
    }
}

/// The `NotFound` for a balancer id or name that does not exist.
pub(crate) fn no_such_balancer(id: &str) -> Error {
    Error::not_found(format!("balancer {id} does not exist")).with_provider(PROVIDER_ID)
}

/// The load balancer `id` names: an ARN, or else a name (names are unique per region).
pub(crate) async fn find(api: &Api, id: &str) -> Result<LoadBalancerRecord> {
    if id.is_empty() {
        return Err(Error::invalid_input("a balancer id must not be empty"));
    }
    let key = if id.starts_with("arn:") {
        "LoadBalancerArns.member.1"
    } else {
        "Names.member.1"
    };
    let query = Api::query("DescribeLoadBalancers").param(key, id);
    let found = api.call(query, model::describe_load_balancers).await;
    match found {
        Ok(page) => page
            .items
            .into_iter()
            .next()
            .ok_or_else(|| no_such_balancer(id)),
        Err(e) if is_missing_balancer(&e) => Err(no_such_balancer(id)),
        Err(e) => Err(e),
    }
}

/// Whether `err` says the balancer asked for does not exist (a malformed ARN or name is
/// an unknown balancer too).
pub(crate) fn is_missing_balancer(err: &Error) -> bool {
    err.kind() == ErrorKind::NotFound
        || matches!(err.code(), Some("ValidationError" | "LoadBalancerNotFound"))
}

/// The listeners and target groups of `lb`, and the algorithm of an application
/// balancer's primary group.
pub(crate) async fn parts(api: &Api, lb: LoadBalancerRecord) -> Result<Parts> {
    let query = Api::query("DescribeListeners").param("LoadBalancerArn", &lb.arn);
    let mut listeners: Vec<ListenerRecord> = api
        .listing(query, model::describe_listeners)
        .try_collect()
        .await?;
    listeners.sort_by_key(|l| l.port);
    let query = Api::query("DescribeTargetGroups").param("LoadBalancerArn", &lb.arn);
    let mut groups: Vec<TargetGroupRecord> = api
        .listing(query, model::describe_target_groups)
        .try_collect()
        .await?;
    let forwarded: Vec<&String> = listeners.iter().flat_map(|l| &l.target_groups).collect();
    groups.sort_by_key(|g| {
        forwarded
            .iter()
            .position(|arn| **arn == g.arn)
            .unwrap_or(usize::MAX)
    });
    let algorithm = match (lb.kind.as_str(), groups.first()) {
        ("application", Some(group)) => {
            let query =
                Api::query("DescribeTargetGroupAttributes").param("TargetGroupArn", &group.arn);
            let attributes = api.call(query, model::target_group_attributes).await?;
            attributes
                .into_iter()
                .find(|(k, _)| k == ALGORITHM_ATTRIBUTE)
                .map(|(_, v)| v)
        }
        _ => None,
    };
    Ok(Parts {
        lb,
        listeners,
        groups,
        algorithm,
    })
}

/// One balancer by ARN or name, whole.
pub(crate) async fn get(api: &Api, id: &str) -> Result<Balancer> {
    let lb = find(api, id).await?;
    Ok(portable(&parts(api, lb).await?))
}

/// The create that is still running while a balancer is `provisioning`.
pub(crate) fn create_operation(arn: &str) -> OperationRef {
    OperationRef::new(PROVIDER_ID, "create_balancer", arn).with_resource(arn)
}

/// The portable form of a balancer's parts.
pub(crate) fn portable(parts: &Parts) -> Balancer {
    let lb = &parts.lb;
    let group = parts.primary_group();
    let listeners = parts
        .listeners
        .iter()
        .filter_map(|l| {
            let protocol = words::protocol_from(&l.protocol).ok()?;
            let target_port = parts
                .groups
                .iter()
                .find(|g| l.target_groups.contains(&g.arn))
                .and_then(|g| g.port)
                .unwrap_or(l.port);
            Some(Listener {
                port: l.port,
                protocol,
                target_port,
            })
        })
        .collect();
    let algorithm = match lb.kind.as_str() {
        "network" => Algorithm::Other(FLOW_HASH.into()),
        _ => parts
            .algorithm
            .as_deref()
            .map(words::algorithm_from_attribute)
            .unwrap_or(Algorithm::RoundRobin),
    };
    let state = words::balancer_state(&lb.state);
    let mut extra = Extra::new();
    extra.insert("arn".into(), json!(lb.arn));
    extra.insert("type".into(), json!(lb.kind));
    extra.insert("state".into(), json!(lb.state));
    for (key, value) in [
        ("dns_name", &lb.dns_name),
        ("scheme", &lb.scheme),
        ("vpc_id", &lb.vpc_id),
        ("created", &lb.created),
        ("state_reason", &lb.state_reason),
    ] {
        if let Some(value) = value {
            extra.insert(key.into(), json!(value));
        }
    }
    extra.insert(
        "subnets".into(),
        json!(lb.zones.iter().map(|(_, s)| s).collect::<Vec<_>>()),
    );
    extra.insert(
        "zones".into(),
        json!(lb.zones.iter().map(|(z, _)| z).collect::<Vec<_>>()),
    );
    extra.insert("security_groups".into(), json!(lb.security_groups));
    extra.insert(
        "target_groups".into(),
        json!(parts.groups.iter().map(|g| &g.arn).collect::<Vec<_>>()),
    );
    if let Some(group) = group {
        extra.insert("target_type".into(), json!(group.target_type));
    }
    Balancer {
        id: lb.arn.clone(),
        name: lb.name.clone(),
        state,
        listeners,
        algorithm,
        health_check: group.and_then(health_check),
        public_ips: Vec::new(),
        operation: (state == BalancerState::Pending).then(|| create_operation(&lb.arn)),
        extra,
    }
}

/// A target group's health check as a portable one; `None` when checks are off or the
/// group reports a protocol the portable checks do not speak.
pub(crate) fn health_check(group: &TargetGroupRecord) -> Option<HealthCheck> {
    let h = &group.health_check;
    if !h.enabled {
        return None;
    }
    let protocol: Protocol = h.protocol.as_deref()?.parse().ok()?;
    let traffic_port = u32::from(group.port.unwrap_or(0));
    let port = match h.port.as_deref() {
        None | Some("traffic-port") => traffic_port,
        Some(text) => text.parse().unwrap_or(traffic_port),
    };
    let path = match protocol {
        Protocol::Http | Protocol::Https => Some(h.path.clone().unwrap_or_else(|| "/".into())),
        _ => None,
    };
    Some(HealthCheck {
        protocol,
        port,
        path,
        interval_secs: h.interval_secs.unwrap_or(30),
        timeout_secs: h.timeout_secs.unwrap_or(5),
        healthy_threshold: h.healthy_threshold.unwrap_or(5),
        unhealthy_threshold: h.unhealthy_threshold.unwrap_or(2),
    })
}

/// The parameters of `CreateTargetGroup` and `ModifyTargetGroup` setting `check`.
pub(crate) fn health_check_params(check: &HealthCheck) -> Vec<(&'static str, String)> {
    let mut params = vec![
        ("HealthCheckEnabled", "true".to_string()),
        ("HealthCheckProtocol", words::protocol_word(&check.protocol)),
        ("HealthCheckPort", check.port.to_string()),
        (
            "HealthCheckIntervalSeconds",
            check.interval_secs.to_string(),
        ),
        ("HealthCheckTimeoutSeconds", check.timeout_secs.to_string()),
        ("HealthyThresholdCount", check.healthy_threshold.to_string()),
        (
            "UnhealthyThresholdCount",
            check.unhealthy_threshold.to_string(),
        ),
    ];
    if let Some(path) = &check.path {
        params.push(("HealthCheckPath", path.clone()));
    }
    params
}

/// Refuses a health check protocol target groups do not take (they check with HTTP,
/// HTTPS or TCP).
pub(crate) fn check_health_protocol(check: &HealthCheck) -> Result<()> {
    match check.protocol {
        Protocol::Http | Protocol::Https | Protocol::Tcp => Ok(()),
        ref other => Err(Error::invalid_input(format!(
            "elb health checks speak http, https or tcp, not {other}"
        ))
        .with_provider(PROVIDER_ID)),
    }
}

/// Changes a balancer's algorithm (an application balancer's primary target group
/// attribute) or health check (its primary target group's settings). Load balancers
/// keep their names for life: a new name is `Unsupported`.
pub(crate) async fn update(api: &Api, id: &str, update: &UpdateBalancer) -> Result<Balancer> {
    if update.name.is_some() {
        return Err(Error::new(
            ErrorKind::Unsupported,
            "elb cannot rename a load balancer: its name is part of its ARN and DNS name",
        )
        .with_provider(PROVIDER_ID));
    }
    if let Some(check) = &update.health_check {
        check_health_protocol(check)?;
    }
    let lb = find(api, id).await?;
    let kind = match lb.kind.as_str() {
        "network" => Kind::Network,
        _ => Kind::Application,
    };
    let parts = parts(api, lb).await?;
    let group = parts.primary_group().ok_or_else(|| {
        Error::new(
            ErrorKind::Conflict,
            format!("balancer {id} has no target group to change"),
        )
        .with_provider(PROVIDER_ID)
    })?;
    if let Some(algorithm) = &update.algorithm {
        let protocol = parts
            .listeners
            .first()
            .and_then(|l| words::protocol_from(&l.protocol).ok())
            .unwrap_or(Protocol::Http);
        kind.check_algorithm(&protocol, algorithm)?;
        if kind == Kind::Application {
            let query = Api::query("ModifyTargetGroupAttributes")
                .param("TargetGroupArn", &group.arn)
                .param("Attributes.member.1.Key", ALGORITHM_ATTRIBUTE)
                .param(
                    "Attributes.member.1.Value",
                    words::algorithm_attribute(algorithm),
                );
            api.act(query, true).await?;
        }
    }
    if let Some(check) = &update.health_check {
        let mut query = Api::query("ModifyTargetGroup").param("TargetGroupArn", &group.arn);
        for (key, value) in health_check_params(check) {
            query.push(key, value);
        }
        api.act(query, true).await?;
    }
    get(api, id).await
}

/// How many times a target group still held by a deleted balancer is asked for again.
const IN_USE_TRIES: u32 = 8;

/// Deletes a balancer: its listeners, the load balancer, then the target groups it
/// forwarded to that `create` made (tagged [`CREATED_BY_TAG`] with its name). Target
/// groups made elsewhere stay.
pub(crate) async fn destroy(api: &Api, id: &str) -> Result<()> {
    let lb = find(api, id).await?;
    let parts = parts(api, lb).await?;
    let ours = groups_made_for(api, &parts).await?;
    for listener in &parts.listeners {
        let query = Api::query("DeleteListener").param("ListenerArn", &listener.arn);
        match api.act(query, true).await {
            Err(e) if e.kind() != ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    let query = Api::query("DeleteLoadBalancer").param("LoadBalancerArn", &parts.lb.arn);
    api.act(query, true).await?;
    for arn in ours {
        delete_group(api, &arn).await?;
    }
    Ok(())
}

/// The target groups of `parts` tagged as made for this balancer.
async fn groups_made_for(api: &Api, parts: &Parts) -> Result<Vec<String>> {
    if parts.groups.is_empty() {
        return Ok(Vec::new());
    }
    let query = Api::query("DescribeTags")
        .members("ResourceArns", parts.groups.iter().map(|g| g.arn.clone()));
    let tagged = api.call(query, model::describe_tags).await?;
    Ok(tagged
        .into_iter()
        .filter(|(_, tags)| {
            tags.iter()
                .any(|(k, v)| k == CREATED_BY_TAG && v == &parts.lb.name)
        })
        .map(|(arn, _)| arn)
        .collect())
}

/// Deletes a target group, asking again for a while when the API still counts it as in
/// use by the listener just deleted; one already gone is fine.
pub(crate) async fn delete_group(api: &Api, arn: &str) -> Result<()> {
    let mut pause = Duration::from_millis(100);
    for attempt in 1..=IN_USE_TRIES {
        let query = Api::query("DeleteTargetGroup").param("TargetGroupArn", arn);
        match api.act(query, true).await {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
            Err(e) if e.kind() == ErrorKind::Conflict && attempt < IN_USE_TRIES => {
                tracing::debug!(target_group = arn, attempt, "target group still in use");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(2));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The state of a create: `provisioning` runs, `active` (or `active_impaired`) is done,
/// `failed` failed; a balancer that vanished failed too.
pub(crate) async fn create_status(api: &Api, operation: &OperationRef) -> Result<OperationStatus> {
    let arn = operation.resource.as_deref().unwrap_or(&operation.id);
    match find(api, arn).await {
        Ok(lb) => Ok(match words::balancer_state(&lb.state) {
            BalancerState::Running => OperationStatus::Succeeded,
            BalancerState::Error => OperationStatus::Failed {
                code: Some(lb.state.clone()),
                message: lb
                    .state_reason
                    .unwrap_or_else(|| format!("balancer {arn} failed to provision")),
            },
            _ => OperationStatus::Running {
                progress: None,
                detail: Some(lb.state),
            },
        }),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(OperationStatus::Failed {
            code: None,
            message: format!("balancer {arn} no longer exists"),
        }),
        Err(e) => Err(e),
    }
}
