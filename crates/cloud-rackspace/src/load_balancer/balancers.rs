//! Balancer calls: list (paged with `limit` and `marker`), get, create, update, destroy.

use cloud_core::http::Method;
use cloud_core::load_balancer::{Balancer, UpdateBalancer};
use cloud_core::operation::WaitOptions;
use cloud_core::paginate::{Page, error_stream, paginate};
use cloud_core::{BoxStream, Error, Result, ids};
use futures::StreamExt;
use serde_json::{Map, Value, json};

use super::client::ClbClient;
use super::wait::while_busy;
use crate::PROVIDER_ID;
use crate::model::load_balancer::{algorithm_word, parse_balancer, parse_balancers};

/// Balancers asked for per page.
pub(super) const PAGE: usize = 100;

/// `loadbalancers/{id}`, once `id` is checked to be a number (`NotFound` otherwise).
pub(super) fn path(balancer_id: &str, operation: &str) -> Result<String> {
    let id = ids::numeric(PROVIDER_ID, "load balancer", balancer_id, operation)?;
    Ok(format!("loadbalancers/{id}"))
}

/// Whether a balancer is gone for good (`DELETED` stays visible for a while).
fn deleted(balancer: &Balancer) -> bool {
    balancer.extra.get("status").and_then(Value::as_str) == Some("DELETED")
}

/// Every balancer, page by page, without the deleted ones.
pub(super) fn list(client: &ClbClient) -> BoxStream<'_, Result<Balancer>> {
    paginate(move |marker: Option<String>| async move {
        let mut query = vec![("limit", PAGE.to_string())];
        if let Some(m) = marker {
            query.push(("marker", m));
        }
        let answer = client
            .send_json("list_balancers", Method::GET, "loadbalancers", &query, None)
            .await?;
        let items = parse_balancers(&answer.body)?;
        let next = (items.len() >= PAGE)
            .then(|| items.last().map(|b| b.id.clone()))
            .flatten();
        let items = items.into_iter().filter(|b| !deleted(b)).collect();
        Ok(Page { items, next })
    })
    .boxed()
}

/// One balancer; `NotFound` when it does not exist or was deleted.
pub(super) async fn get(client: &ClbClient, balancer_id: &str) -> Result<Balancer> {
    let path = path(balancer_id, "get_balancer")?;
    let answer = client
        .send_json("get_balancer", Method::GET, &path, &[], None)
        .await?;
    let balancer = parse_balancer(&answer.body)?;
    if deleted(&balancer) {
        return Err(
            Error::not_found(format!("load balancer {balancer_id} was deleted"))
                .with_provider(PROVIDER_ID)
                .with_operation("get_balancer"),
        );
    }
    Ok(balancer)
}

/// The status word of a balancer (`ACTIVE`, `BUILD`, …).
pub(super) async fn status(client: &ClbClient, balancer_id: &str) -> Result<String> {
    let path = path(balancer_id, "get_balancer")?;
    let answer = client
        .send_json("get_balancer", Method::GET, &path, &[], None)
        .await?;
    let balancer = parse_balancer(&answer.body)?;
    Ok(balancer
        .extra
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string())
}

/// Creates a balancer from a checked body.
pub(super) async fn create(client: &ClbClient, body: &Value) -> Result<Balancer> {
    let answer = client
        .send_json(
            "create_balancer",
            Method::POST,
            "loadbalancers",
            &[],
            Some(body),
        )
        .await?;
    parse_balancer(&answer.body)
}

/// Renames a balancer or changes its algorithm, then reads it back.
pub(super) async fn update(
    client: &ClbClient,
    busy: &WaitOptions,
    balancer_id: &str,
    update: &UpdateBalancer,
) -> Result<Balancer> {
    let path = path(balancer_id, "update_balancer")?;
    let mut changes = Map::new();
    if let Some(name) = &update.name {
        changes.insert("name".into(), json!(name));
    }
    if let Some(algorithm) = &update.algorithm {
        let word = algorithm_word(algorithm).ok_or_else(|| {
            Error::invalid_input(format!("algorithm {algorithm} has no API word"))
        })?;
        changes.insert("algorithm".into(), json!(word));
    }
    if !changes.is_empty() {
        let body = json!({ "loadBalancer": Value::Object(changes) });
        while_busy(client, busy, balancer_id, "update_balancer", || {
            client.send_json("update_balancer", Method::PUT, &path, &[], Some(&body))
        })
        .await?;
    }
    get(client, balancer_id).await
}

/// Deletes a balancer (its nodes go with it).
pub(super) async fn destroy(
    client: &ClbClient,
    busy: &WaitOptions,
    balancer_id: &str,
) -> Result<()> {
    let path = path(balancer_id, "destroy_balancer")?;
    while_busy(client, busy, balancer_id, "destroy_balancer", || {
        client.send_json("destroy_balancer", Method::DELETE, &path, &[], None)
    })
    .await?;
    Ok(())
}

/// The listing of a balancer id that cannot exist: its one `NotFound` error.
pub(super) fn refused<'a, T: Send + 'a>(err: Error) -> BoxStream<'a, Result<T>> {
    error_stream(err)
}
