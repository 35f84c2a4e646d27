//! Service catalogs: where a cloud that logs in first (OpenStack Keystone, Rackspace
//! identity) says each service lives, per region and interface. A session picks its
//! endpoints from the catalog after logging in; an endpoint the user set explicitly
//! still wins. A service the catalog lacks is an `Unsupported` error that says what the
//! catalog does have, so a deployment without, say, a volume service reports it plainly.

use url::Url;

use crate::http::Endpoint;
use crate::{Error, ErrorKind, Result};

/// Which of a service's endpoints to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Interface {
    /// Reachable from anywhere (the default).
    Public,
    /// Inside the provider's network (Rackspace's ServiceNet, OpenStack `internal`).
    Internal,
    /// For administrators.
    Admin,
}

impl Interface {
    /// Parses `public`, `internal` or `admin` (any case; `publicURL` and the like too).
    pub fn parse(text: &str) -> Option<Interface> {
        let lower = text.trim().to_ascii_lowercase();
        match lower.strip_suffix("url").unwrap_or(&lower) {
            "public" => Some(Interface::Public),
            "internal" => Some(Interface::Internal),
            "admin" => Some(Interface::Admin),
            _ => None,
        }
    }

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Interface::Public => "public",
            Interface::Internal => "internal",
            Interface::Admin => "admin",
        }
    }
}

/// One endpoint of one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceEndpoint {
    /// The service type (`compute`, `object-store`, `volumev3`, `rax:dns`).
    pub service_type: String,
    /// The service's name (`nova`, `cloudFiles`), where the catalog gives one.
    pub service_name: Option<String>,
    /// The region, where the catalog gives one.
    pub region: Option<String>,
    /// The interface.
    pub interface: Interface,
    /// The base URL.
    pub url: Url,
}

/// Which endpoint of a catalog a driver wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointQuery<'a> {
    /// The service type; or, with `by_name`, the service name.
    pub service: &'a str,
    /// Match the service name instead of the type (for catalogs that list two services
    /// of one type, as Rackspace's does for its two compute generations).
    pub by_name: bool,
    /// The region; any when `None`, as long as only one region offers the service.
    pub region: Option<&'a str>,
    /// The interface.
    pub interface: Interface,
}

impl<'a> EndpointQuery<'a> {
    /// The public endpoint of service type `service` in `region`.
    pub fn service(service: &'a str, region: Option<&'a str>) -> Self {
        EndpointQuery {
            service,
            by_name: false,
            region,
            interface: Interface::Public,
        }
    }

    /// The same, matching the service's name instead of its type.
    pub fn named(mut self) -> Self {
        self.by_name = true;
        self
    }

    /// The same, on another interface.
    pub fn interface(mut self, interface: Interface) -> Self {
        self.interface = interface;
        self
    }
}

/// The endpoints a login answered with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    entries: Vec<ServiceEndpoint>,
}

impl Catalog {
    /// A catalog of these endpoints.
    pub fn new(entries: Vec<ServiceEndpoint>) -> Self {
        Catalog { entries }
    }

    /// Every endpoint.
    pub fn entries(&self) -> &[ServiceEndpoint] {
        &self.entries
    }

    /// Whether the catalog offers what `query` asks for.
    pub fn offers(&self, query: &EndpointQuery<'_>) -> bool {
        self.find(query).is_ok()
    }

    /// The URL `query` asks for. A service the catalog lacks (in that region, on that
    /// interface) is `Unsupported`, saying what the catalog has; a service in several
    /// regions with none chosen is `InvalidInput`, listing them.
    pub fn find(&self, query: &EndpointQuery<'_>) -> Result<&Url> {
        let of_service: Vec<&ServiceEndpoint> = self
            .entries
            .iter()
            .filter(|e| {
                let name = if query.by_name {
                    e.service_name.as_deref()
                } else {
                    Some(e.service_type.as_str())
                };
                name == Some(query.service) && e.interface == query.interface
            })
            .collect();
        let what = if query.by_name {
            "service named"
        } else {
            "service"
        };
        if of_service.is_empty() {
            return Err(Error::new(
                ErrorKind::Unsupported,
                format!(
                    "the service catalog has no {what} {:?} on the {} interface; it has: {}",
                    query.service,
                    query.interface.as_str(),
                    self.summary()
                ),
            ));
        }
        let mut regions: Vec<&str> = of_service
            .iter()
            .filter_map(|e| e.region.as_deref())
            .collect();
        regions.sort_unstable();
        regions.dedup();
        let chosen: Vec<&&ServiceEndpoint> = match query.region {
            Some(region) => of_service
                .iter()
                .filter(|e| e.region.as_deref().is_none_or(|r| r == region))
                .collect(),
            None if regions.len() > 1 => {
                return Err(Error::invalid_input(format!(
                    "{what} {:?} is offered in regions {}: choose one",
                    query.service,
                    regions.join(", ")
                )));
            }
            None => of_service.iter().collect(),
        };
        chosen.first().map(|e| &e.url).ok_or_else(|| {
            Error::new(
                ErrorKind::Unsupported,
                format!(
                    "the service catalog has no {what} {:?} in region {:?}; it is in {}",
                    query.service,
                    query.region.unwrap_or_default(),
                    regions.join(", ")
                ),
            )
        })
    }

    /// The endpoint a driver sends to: `explicit` when the user set one (it wins), else
    /// what `query` finds in the catalog the session got from `identity` (see
    /// [`Endpoint::discovered`] for when a plain-HTTP catalog URL is accepted).
    pub fn endpoint(
        &self,
        explicit: Option<&Url>,
        identity: &Endpoint,
        query: &EndpointQuery<'_>,
    ) -> Result<Endpoint> {
        match explicit {
            Some(url) => Endpoint::overridden(url.clone()),
            None => Endpoint::discovered(self.find(query)?.clone(), identity),
        }
    }

    /// `type (region, region); …` for error messages.
    fn summary(&self) -> String {
        let mut services: Vec<(String, Vec<String>)> = Vec::new();
        for e in &self.entries {
            let region = e.region.clone().unwrap_or_else(|| "any region".into());
            match services.iter_mut().find(|(t, _)| *t == e.service_type) {
                Some((_, regions)) if !regions.contains(&region) => regions.push(region),
                Some(_) => {}
                None => services.push((e.service_type.clone(), vec![region])),
            }
        }
        if services.is_empty() {
            return "nothing".into();
        }
        services
            .iter()
            .map(|(t, regions)| format!("{t} ({})", regions.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        kind: &str,
        name: &str,
        region: &str,
        interface: Interface,
        url: &str,
    ) -> ServiceEndpoint {
        ServiceEndpoint {
            service_type: kind.into(),
            service_name: Some(name.into()),
            region: Some(region.into()),
            interface,
            url: Url::parse(url).unwrap(),
        }
    }

    fn catalog() -> Catalog {
        use Interface::*;
        Catalog::new(vec![
            entry(
                "compute",
                "nova",
                "RegionOne",
                Public,
                "https://one.example/compute/v2.1",
            ),
            entry(
                "compute",
                "nova",
                "RegionTwo",
                Public,
                "https://two.example/compute/v2.1",
            ),
            entry(
                "compute",
                "nova",
                "RegionOne",
                Internal,
                "http://10.0.0.1:8774/v2.1",
            ),
            entry(
                "object-store",
                "swift",
                "RegionOne",
                Public,
                "https://one.example/swift/v1",
            ),
            entry(
                "compute",
                "cloudServers",
                "RegionOne",
                Public,
                "https://first-gen.example/v1.0",
            ),
        ])
    }

    #[test]
    fn finds_by_type_region_and_interface() {
        let c = catalog();
        let q = EndpointQuery::service("compute", Some("RegionTwo"));
        assert_eq!(
            c.find(&q).unwrap().as_str(),
            "https://two.example/compute/v2.1"
        );
        let internal =
            EndpointQuery::service("compute", Some("RegionOne")).interface(Interface::Internal);
        assert_eq!(c.find(&internal).unwrap().host_str(), Some("10.0.0.1"));
        let single = EndpointQuery::service("object-store", None);
        assert_eq!(c.find(&single).unwrap().host_str(), Some("one.example"));
        let by_name = EndpointQuery::service("cloudServers", Some("RegionOne")).named();
        assert_eq!(
            c.find(&by_name).unwrap().host_str(),
            Some("first-gen.example")
        );
    }

    #[test]
    fn a_missing_service_says_what_the_catalog_has() {
        let err = catalog()
            .find(&EndpointQuery::service("volumev3", Some("RegionOne")))
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        let text = err.to_string();
        assert!(text.contains("\"volumev3\""), "{text}");
        assert!(text.contains("compute (RegionOne, RegionTwo)"), "{text}");
        assert!(text.contains("object-store (RegionOne)"), "{text}");
        let err = catalog()
            .find(&EndpointQuery::service("object-store", Some("RegionTwo")))
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        assert!(err.to_string().contains("it is in RegionOne"), "{err}");
        assert!(!catalog().offers(&EndpointQuery::service("dns", None)));
    }

    #[test]
    fn a_service_in_several_regions_needs_one_chosen() {
        let err = catalog()
            .find(&EndpointQuery::service("compute", None))
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.to_string().contains("RegionOne, RegionTwo"), "{err}");
    }

    #[test]
    fn an_explicit_endpoint_wins_and_plain_http_needs_a_plain_identity() {
        let c = catalog();
        let identity = Endpoint::provider_default("https://id.example/v3").unwrap();
        let q = EndpointQuery::service("compute", Some("RegionOne"));
        let explicit = Url::parse("http://127.0.0.1:9/").unwrap();
        let e = c.endpoint(Some(&explicit), &identity, &q).unwrap();
        assert_eq!(e.url(), &explicit);
        assert!(e.is_overridden());
        let e = c.endpoint(None, &identity, &q).unwrap();
        assert_eq!(e.url().host_str(), Some("one.example"));
        let internal = q.clone().interface(Interface::Internal);
        let err = c.endpoint(None, &identity, &internal).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        let plain_identity =
            Endpoint::overridden(Url::parse("http://127.0.0.1:5000/v3").unwrap()).unwrap();
        let e = c.endpoint(None, &plain_identity, &internal).unwrap();
        assert_eq!(e.url().scheme(), "http");
    }

    #[test]
    fn interfaces_parse_in_their_usual_spellings() {
        assert_eq!(Interface::parse("publicURL"), Some(Interface::Public));
        assert_eq!(Interface::parse("Internal"), Some(Interface::Internal));
        assert_eq!(Interface::parse("admin"), Some(Interface::Admin));
        assert_eq!(Interface::parse("private"), None);
    }
}
