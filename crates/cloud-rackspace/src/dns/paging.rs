//! Cloud DNS's paged listings (`limit` and `offset`, a `next` link while more follow)
//! as tokens for the core's paging helper.

use cloud_core::{Error, Result};

use crate::PROVIDER_ID;
use crate::model::dns::{Page, PageRef};

/// The query of the page `token` names (`None`: the first page, at the service's
/// default length).
pub(super) fn query(token: Option<&str>) -> Result<Vec<(&'static str, String)>> {
    let Some(token) = token else {
        return Ok(Vec::new());
    };
    let page = PageRef::from_token(token).ok_or_else(|| {
        Error::malformed(format!("Cloud DNS gave an unusable next page {token:?}"))
            .with_provider(PROVIDER_ID)
    })?;
    let mut query = Vec::new();
    if let Some(limit) = page.limit {
        query.push(("limit", limit.to_string()));
    }
    query.push(("offset", page.offset.to_string()));
    Ok(query)
}

/// The token of the page after `page`: none when it has no `next` link, is empty (a
/// `next` link after nothing would never end), or the link points past the total.
pub(super) fn next_token<T>(page: &Page<T>) -> Option<String> {
    let next = page.next?;
    if page.items.is_empty() {
        return None;
    }
    if page.total_entries.is_some_and(|total| next.offset >= total) {
        return None;
    }
    Some(next.token())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(items: usize, next: Option<u64>, total: Option<u64>) -> Page<u8> {
        Page {
            items: vec![0; items],
            total_entries: total,
            next: next.map(|offset| PageRef {
                offset,
                limit: Some(2),
            }),
        }
    }

    #[test]
    fn pages_follow_next_links_until_the_end() {
        assert_eq!(
            next_token(&page(2, Some(2), Some(3))).as_deref(),
            Some("2:2")
        );
        assert_eq!(next_token(&page(2, None, Some(3))), None);
        assert_eq!(next_token(&page(0, Some(2), None)), None, "empty page");
        assert_eq!(
            next_token(&page(2, Some(4), Some(4))),
            None,
            "past the total"
        );
        assert_eq!(
            query(Some("2:2")).unwrap(),
            [("limit", "2".to_string()), ("offset", "2".to_string())]
        );
        assert!(query(None).unwrap().is_empty());
        assert!(query(Some("x")).is_err());
    }
}
