//! Node operations on the notebook's contents: create, find, reboot, destroy.

use chrono::{DateTime, Utc};
use libcloud::{CreateNode, Error, ErrorKind, Result};

use crate::PROVIDER_ID;
use crate::catalog;
use crate::record::{NodeRecord, Page};

/// The longest node name, in characters.
const MAX_NAME: usize = 64;

/// Writes a new node down and returns it. The request's size, image and location must
/// be in the catalog and its name usable (`InvalidInput` otherwise); a notebook already
/// holding `max_nodes` nodes refuses it (`QuotaExceeded`).
pub(crate) fn create(
    page: &mut Page,
    request: &CreateNode,
    max_nodes: u64,
    now: DateTime<Utc>,
) -> Result<NodeRecord> {
    check_name(&request.name)?;
    if !request.options.is_empty() {
        let names: Vec<&str> = request.options.keys().map(String::as_str).collect();
        return Err(Error::invalid_input(format!(
            "{PROVIDER_ID} takes no create options, got {}",
            names.join(", ")
        ))
        .with_provider(PROVIDER_ID));
    }
    let location = request
        .location
        .as_deref()
        .unwrap_or(catalog::DEFAULT_LOCATION);
    catalog::check(&request.size, &request.image, location)?;
    if page.nodes.len() as u64 >= max_nodes {
        return Err(Error::new(
            ErrorKind::QuotaExceeded,
            format!("the notebook holds {max_nodes} nodes already (option max_nodes)"),
        )
        .with_provider(PROVIDER_ID));
    }
    let record = NodeRecord {
        id: format!("nb-{}", page.next_id),
        name: request.name.clone(),
        size: request.size.clone(),
        image: request.image.clone(),
        location: location.to_string(),
        tags: request.tags.clone(),
        created_at: now,
        reboots: 0,
        rebooted_at: None,
    };
    page.next_id += 1;
    page.nodes.push(record.clone());
    Ok(record)
}

/// The node `id`; `NotFound` when the notebook has none.
pub(crate) fn find<'a>(page: &'a Page, id: &str) -> Result<&'a NodeRecord> {
    page.nodes
        .iter()
        .find(|n| n.id == id)
        .ok_or_else(|| not_found(id))
}

/// Counts a reboot of node `id`; `NotFound` when the notebook has none.
pub(crate) fn reboot(page: &mut Page, id: &str, now: DateTime<Utc>) -> Result<()> {
    let node = page
        .nodes
        .iter_mut()
        .find(|n| n.id == id)
        .ok_or_else(|| not_found(id))?;
    node.reboots += 1;
    node.rebooted_at = Some(now);
    Ok(())
}

/// Crosses node `id` out; `NotFound` when the notebook has none.
pub(crate) fn destroy(page: &mut Page, id: &str) -> Result<()> {
    let before = page.nodes.len();
    page.nodes.retain(|n| n.id != id);
    if page.nodes.len() == before {
        return Err(not_found(id));
    }
    Ok(())
}

/// A name must have a visible character, at most [`MAX_NAME`] characters and no control
/// characters.
fn check_name(name: &str) -> Result<()> {
    let problem = if name.trim().is_empty() {
        Some("is empty".to_string())
    } else if name.chars().count() > MAX_NAME {
        Some(format!("is longer than {MAX_NAME} characters"))
    } else if name.chars().any(char::is_control) {
        Some("has control characters".to_string())
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(Error::invalid_input(format!(
            "node name {:?} {problem}",
            name.chars().take(MAX_NAME).collect::<String>()
        ))
        .with_provider(PROVIDER_ID)),
    }
}

fn not_found(id: &str) -> Error {
    let shown: String = id.chars().take(64).collect();
    Error::not_found(format!("no node {shown:?} in the notebook")).with_provider(PROVIDER_ID)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000, 0).unwrap()
    }

    fn create_one(page: &mut Page, request: &CreateNode) -> Result<NodeRecord> {
        create(page, request, 10, now())
    }

    #[test]
    fn ids_count_up_and_are_never_reused() {
        let mut page = Page::default();
        let request = CreateNode::new("web", "small", "debian-12");
        let first = create_one(&mut page, &request).unwrap();
        let second = create_one(&mut page, &request).unwrap();
        assert_eq!((first.id.as_str(), second.id.as_str()), ("nb-1", "nb-2"));
        assert_eq!(first.location, catalog::DEFAULT_LOCATION);
        assert_eq!(first.created_at, now());
        destroy(&mut page, "nb-2").unwrap();
        let third = create_one(&mut page, &request).unwrap();
        assert_eq!(third.id, "nb-3");
        assert_eq!(page.nodes.len(), 2);
    }

    #[test]
    fn bad_requests_are_invalid_input_and_change_nothing() {
        let mut page = Page::default();
        let mut bad = vec![
            CreateNode::new("web", "huge", "debian-12"),
            CreateNode::new("web", "small", "windows"),
            CreateNode::new("  ", "small", "debian-12"),
            CreateNode::new("x".repeat(65), "small", "debian-12"),
            CreateNode::new("a\nb", "small", "debian-12"),
        ];
        let mut elsewhere = CreateNode::new("web", "small", "debian-12");
        elsewhere.location = Some("garage".into());
        bad.push(elsewhere);
        let mut with_options = CreateNode::new("web", "small", "debian-12");
        with_options.options.insert("fast".into(), true.into());
        bad.push(with_options);
        for request in &bad {
            let err = create_one(&mut page, request).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{request:?}: {err}");
            assert_eq!(err.provider(), Some(PROVIDER_ID));
        }
        assert_eq!(page, Page::default());
        let mut ok = CreateNode::new("x".repeat(64), "medium", "ubuntu-24.04");
        ok.location = Some("shelf".into());
        assert_eq!(create_one(&mut page, &ok).unwrap().location, "shelf");
    }

    #[test]
    fn a_full_notebook_refuses_with_a_quota_error() {
        let mut page = Page::default();
        let request = CreateNode::new("web", "small", "debian-12");
        create(&mut page, &request, 1, now()).unwrap();
        let err = create(&mut page, &request, 1, now()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::QuotaExceeded);
        assert!(err.message().contains("max_nodes"), "{err}");
        assert_eq!(page.nodes.len(), 1);
        assert_eq!(page.next_id, 2);
    }

    #[test]
    fn reboot_counts_and_missing_nodes_are_not_found() {
        let mut page = Page::default();
        let id = create_one(&mut page, &CreateNode::new("web", "small", "debian-12"))
            .unwrap()
            .id;
        let later = now() + chrono::TimeDelta::seconds(5);
        reboot(&mut page, &id, later).unwrap();
        reboot(&mut page, &id, later).unwrap();
        let node = find(&page, &id).unwrap();
        assert_eq!(node.reboots, 2);
        assert_eq!(node.rebooted_at, Some(later));

        for err in [
            find(&page, "nb-9").unwrap_err(),
            reboot(&mut page, "nb-9", later).unwrap_err(),
            destroy(&mut page, "nb-9").unwrap_err(),
        ] {
            assert_eq!(err.kind(), ErrorKind::NotFound);
            assert_eq!(err.provider(), Some(PROVIDER_ID));
            assert!(err.message().contains("\"nb-9\""), "{err}");
        }
        destroy(&mut page, &id).unwrap();
        assert_eq!(
            destroy(&mut page, &id).unwrap_err().kind(),
            ErrorKind::NotFound
        );
    }
}
