//! Hosted zones: listing, reading, creating (once per domain unless asked otherwise) and
//! deleting (after emptying them).

use cloud_core::dns::{CreateZone, Zone, names};
use cloud_core::paginate::{Page, paginate};
use cloud_core::{BoxStream, Error, ErrorKind, Result};

use super::{local, zone_id};
use crate::Route53Dns;
use crate::model::{self, Change, ChangeAction, HostedZone};
use crate::options::ZoneOptions;

/// Zones per page of `ListHostedZones` (the most Route 53 returns).
const ZONE_PAGE: &str = "100";

impl Route53Dns {
    /// Every hosted zone, `ListHostedZones` page after page.
    pub(crate) fn zones(&self) -> BoxStream<'_, Result<Zone>> {
        paginate(move |marker: Option<String>| async move {
            let mut query = vec![("maxitems", ZONE_PAGE.to_string())];
            if let Some(m) = marker {
                query.push(("marker", m));
            }
            let page = self
                .api
                .get(
                    "ListHostedZones",
                    "hostedzone",
                    &query,
                    model::list_hosted_zones,
                )
                .await?;
            let items = page
                .zones
                .iter()
                .map(|z| {
                    let zone = z.to_zone(&[]);
                    self.remember_domain(&zone.id, &zone.domain);
                    zone
                })
                .collect();
            Ok(Page {
                items,
                next: page.next_marker,
            })
        })
    }

    /// One zone, with its name servers; `NotFound` when Route 53 has none of that id.
    pub(crate) async fn zone(&self, id: &str) -> Result<Zone> {
        let id = zone_id(id, "get_zone")?;
        let details = self
            .api
            .get(
                "GetHostedZone",
                &format!("hostedzone/{id}"),
                &[],
                model::get_hosted_zone,
            )
            .await?;
        let zone = details.zone.to_zone(&details.name_servers);
        self.remember_domain(&zone.id, &zone.domain);
        Ok(zone)
    }

    /// The domain of zone `id` (checked with [`zone_id`]), from the cache or
    /// `GetHostedZone`.
    pub(crate) async fn domain(&self, id: &str, operation: &str) -> Result<String> {
        if let Some(domain) = self.cached_domain(id) {
            return Ok(domain);
        }
        self.zone(id)
            .await
            .map(|z| z.domain)
            .map_err(|e| e.in_context(crate::PROVIDER_ID, operation))
    }

    /// The zones named `domain` (`ListHostedZonesByName` from that name on).
    async fn zones_named(&self, domain: &str) -> Result<Vec<HostedZone>> {
        let query = [
            ("dnsname", format!("{domain}.")),
            ("maxitems", ZONE_PAGE.to_string()),
        ];
        let page = self
            .api
            .get(
                "ListHostedZonesByName",
                "hostedzonesbyname",
                &query,
                model::list_hosted_zones_by_name,
            )
            .await?;
        Ok(page
            .zones
            .into_iter()
            .filter(|z| z.domain() == domain)
            .collect())
    }

    /// Creates a public hosted zone for the request's domain. Unless `extra` says
    /// `allow_duplicate`, a domain that already has a zone is `AlreadyExists` (Route 53
    /// itself would make a second). The `CallerReference` is fresh per call and the
    /// request is retried after any retryable failure: should a retry find the zone made
    /// by an attempt whose answer was lost, that zone is returned.
    pub(crate) async fn new_zone(&self, request: &CreateZone) -> Result<Zone> {
        let op = "create_zone";
        let domain = names::zone_domain(&request.domain).map_err(|e| local(e, op))?;
        if request.ttl.is_some() || request.email.is_some() {
            return Err(local(
                Error::new(
                    ErrorKind::Unsupported,
                    "Route 53 keeps no default TTL or mail address per zone (its SOA is its own)",
                ),
                op,
            ));
        }
        let options = ZoneOptions::from_extra(&request.extra).map_err(|e| local(e, op))?;
        if !options.allow_duplicate
            && let Some(existing) = self.zones_named(&domain).await?.first()
        {
            return Err(local(
                Error::new(
                    ErrorKind::AlreadyExists,
                    format!(
                        "Route 53 already has zone {} for {domain} (set extra.allow_duplicate \
                         to create another)",
                        existing.id
                    ),
                ),
                op,
            ));
        }
        let caller_reference = uuid::Uuid::new_v4().to_string();
        let document = model::create_hosted_zone_document(
            &format!("{domain}."),
            &caller_reference,
            options.comment.as_deref(),
        );
        let created = self
            .api
            .post(
                "CreateHostedZone",
                "hostedzone",
                document,
                true,
                model::create_hosted_zone,
            )
            .await;
        let zone = match created {
            Ok(details) => details.zone.to_zone(&details.name_servers),
            Err(e) if e.code() == Some("HostedZoneAlreadyExists") => {
                let mine = self
                    .zones_named(&domain)
                    .await?
                    .into_iter()
                    .find(|z| z.caller_reference.as_deref() == Some(caller_reference.as_str()));
                match mine {
                    Some(z) => self.zone(&z.id).await?,
                    None => return Err(e),
                }
            }
            Err(e) => return Err(e),
        };
        self.remember_domain(&zone.id, &zone.domain);
        Ok(zone)
    }

    /// Deletes every record set but the apex SOA and NS (in as few change batches as the
    /// limits allow), then the zone.
    pub(crate) async fn remove_zone(&self, id: &str) -> Result<()> {
        let op = "delete_zone";
        let id = zone_id(id, op)?;
        let domain = self.domain(id, op).await?;
        let apex = format!("{domain}.");
        let changes: Vec<Change> = self
            .all_sets(id, op)
            .await?
            .into_iter()
            .filter(|set| {
                let at_apex = model::values::decode_name(&set.name) == apex;
                !(at_apex && matches!(set.rtype.as_str(), "SOA" | "NS"))
            })
            .map(|set| Change {
                action: ChangeAction::Delete,
                set,
            })
            .collect();
        self.send_changes(id, changes, op).await?;
        let deleted = self
            .api
            .delete(
                "DeleteHostedZone",
                &format!("hostedzone/{id}"),
                model::delete_hosted_zone,
            )
            .await;
        match deleted {
            // The zone was there a moment ago: a retry after a lost answer finds it gone.
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        self.forget_domain(id);
        Ok(())
    }
}
