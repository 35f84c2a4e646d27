//! Reading record sets: a zone's sets page after page, or the one set of a name, type
//! and set identifier; and making the set a write sends.

use cloud_core::dns::{RecordData, RecordType, names};
use cloud_core::paginate::paginate_iter;
use cloud_core::{BoxStream, Result};
use futures::TryStreamExt;

use crate::Route53Dns;
use crate::model::values::{decode_name, wire_value};
use crate::model::{self, NextRecord, RecordSetPage, ResourceRecordSet, Routing};

/// Separates the parts of a paging token (name, type, identifier).
const TOKEN_SEPARATOR: char = '\n';

/// Sets of one name and type fetched to find the one with a given set identifier (Route
/// 53 allows 100 weighted sets of a name and type).
const SETS_PER_NAME: u32 = 300;

impl NextRecord {
    /// The paging token this start point is carried in.
    pub(crate) fn token(&self) -> String {
        format!(
            "{}{TOKEN_SEPARATOR}{}{TOKEN_SEPARATOR}{}",
            self.name,
            self.rtype,
            self.identifier.as_deref().unwrap_or("")
        )
    }

    /// The start point a token carries.
    pub(crate) fn from_token(token: &str) -> NextRecord {
        let mut parts = token.splitn(3, TOKEN_SEPARATOR);
        let name = parts.next().unwrap_or_default().to_string();
        let rtype = parts.next().unwrap_or_default().to_string();
        let identifier = parts.next().filter(|i| !i.is_empty()).map(str::to_string);
        NextRecord {
            name,
            rtype,
            identifier,
        }
    }
}

/// A plain set (no alias) of `name` (relative to `domain`) and type `rtype` holding
/// `values`, sorted and without duplicates, in Route 53's value form.
pub(crate) fn plain_set(
    name: &str,
    domain: &str,
    rtype: &RecordType,
    routing: Routing,
    ttl: u32,
    mut values: Vec<RecordData>,
) -> ResourceRecordSet {
    values.sort();
    values.dedup();
    ResourceRecordSet {
        name: names::absolute_name(name, domain),
        rtype: rtype.to_string(),
        routing,
        ttl: Some(ttl),
        values: values.iter().map(wire_value).collect(),
        alias_target: None,
        traffic_policy_instance_id: None,
    }
}

/// The absolute name of a record name that is relative to `domain` (or already
/// absolute).
pub(crate) fn absolute(name: &str, domain: &str) -> String {
    if name.ends_with('.') {
        name.to_string()
    } else {
        names::absolute_name(name, domain)
    }
}

impl Route53Dns {
    /// One page of zone `id`'s sets from `start` on (the first page without one).
    pub(crate) async fn set_page(
        &self,
        id: &str,
        start: Option<&NextRecord>,
        max_items: u32,
    ) -> Result<RecordSetPage> {
        let mut query = vec![("maxitems", max_items.to_string())];
        if let Some(start) = start {
            query.push(("name", start.name.clone()));
            query.push(("type", start.rtype.clone()));
            if let Some(identifier) = &start.identifier {
                query.push(("identifier", identifier.clone()));
            }
        }
        self.api
            .get(
                "ListResourceRecordSets",
                &format!("hostedzone/{id}/rrset"),
                &query,
                model::list_resource_record_sets,
            )
            .await
    }

    /// Every set of zone `id` (a checked id), page after page of `page_size`.
    pub(crate) fn sets(&self, id: &str) -> BoxStream<'static, Result<ResourceRecordSet>> {
        let this = self.clone();
        let id = id.to_string();
        paginate_iter(move |token: Option<String>| {
            let (this, id) = (this.clone(), id.clone());
            async move {
                let start = token.as_deref().map(NextRecord::from_token);
                let page = this
                    .set_page(&id, start.as_ref(), this.settings.page_size)
                    .await?;
                Ok((page.sets, page.next.map(|n| n.token())))
            }
        })
    }

    /// Every set of zone `id`, gathered.
    pub(crate) async fn all_sets(
        &self,
        id: &str,
        operation: &str,
    ) -> Result<Vec<ResourceRecordSet>> {
        self.sets(id)
            .try_collect()
            .await
            .map_err(|e| e.in_context(crate::PROVIDER_ID, operation))
    }

    /// The set of `name` (absolute), `rtype` and `set_identifier` in zone `id`, if
    /// there is one.
    pub(crate) async fn find_set(
        &self,
        id: &str,
        name: &str,
        rtype: &RecordType,
        set_identifier: Option<&str>,
    ) -> Result<Option<ResourceRecordSet>> {
        let start = NextRecord {
            name: name.to_string(),
            rtype: rtype.to_string(),
            identifier: None,
        };
        let max = if set_identifier.is_some() {
            SETS_PER_NAME
        } else {
            1
        };
        let wanted = decode_name(name);
        let page = self.set_page(id, Some(&start), max).await?;
        Ok(page.sets.into_iter().find(|set| {
            decode_name(&set.name) == wanted
                && set.record_type() == *rtype
                && set.routing.set_identifier.as_deref() == set_identifier
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_tokens_round_trip() {
        for next in [
            NextRecord {
                name: r"\052.example.org.".into(),
                rtype: "TXT".into(),
                identifier: Some("blue green".into()),
            },
            NextRecord {
                name: "www.example.org.".into(),
                rtype: "A".into(),
                identifier: None,
            },
        ] {
            assert_eq!(NextRecord::from_token(&next.token()), next);
        }
    }

    #[test]
    fn plain_sets_are_sorted_absolute_and_in_wire_form() {
        let a = |ip: &str| RecordData::A {
            address: ip.parse().unwrap(),
        };
        let set = plain_set(
            "*.dev",
            "example.org",
            &RecordType::A,
            Routing::default(),
            60,
            vec![a("192.0.2.9"), a("192.0.2.1"), a("192.0.2.9")],
        );
        assert_eq!(set.name, "*.dev.example.org.");
        assert_eq!(set.values, ["192.0.2.1", "192.0.2.9"]);
        assert_eq!(set.ttl, Some(60));
        assert_eq!(absolute("@", "example.org"), "example.org.");
        assert_eq!(absolute("x.example.net.", "example.org"), "x.example.net.");
    }
}
