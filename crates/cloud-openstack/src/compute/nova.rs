//! Nova, with microversion negotiation.
//!
//! Every request asks for [`WANTED`] (`OpenStack-API-Version: compute 2.79` and the
//! older `X-OpenStack-Nova-API-Version: 2.79`). A server older than that refuses it
//! (406, or 400 naming the version); the driver then steps down once, for the rest of
//! the session, to the maximum the refusal names, else the maximum of the version
//! document (`GET` of the endpoint), else 2.1, and sends the request again. Clouds
//! before microversions (and before 2.27 for the first header) ignore the headers and
//! answer as 2.1.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use async_trait::async_trait;
use cloud_core::http::{HttpClient, HttpRequest, HttpResponse, Method};
use cloud_core::{Error, Result};

use super::call::{Call, Caller};
use super::model::{Microversion, max_from_refusal, version_document};
use super::service::Service;
use crate::PROVIDER_ID;

/// The microversion the driver is written for: 2.79 (Train), which every maintained
/// Nova serves, and below 2.92, so Nova still generates key pairs.
pub const WANTED: Microversion = Microversion {
    major: 2,
    minor: 79,
};

/// Nova: its service and the microversion the session settled on.
#[derive(Debug, Clone)]
pub(crate) struct Nova {
    service: Service,
    version: Arc<AtomicU32>,
}

fn encode(v: Microversion) -> u32 {
    (u32::from(v.major) << 16) | u32::from(v.minor)
}

fn decode(raw: u32) -> Microversion {
    Microversion {
        major: u16::try_from(raw >> 16).unwrap_or(2),
        minor: u16::try_from(raw & 0xffff).unwrap_or(1),
    }
}

/// Whether `err` is a server refusing the microversion asked for.
fn refused(err: &Error) -> bool {
    let message = err.message().to_ascii_lowercase();
    match err.status() {
        Some(406) => true,
        Some(400) => {
            message.contains("version")
                && (message.contains("not supported") || message.contains("invalid api version"))
        }
        _ => false,
    }
}

impl Nova {
    /// Nova at `service`, asking for [`WANTED`] first.
    pub(crate) fn new(service: Service) -> Self {
        Nova {
            service,
            version: Arc::new(AtomicU32::new(encode(WANTED))),
        }
    }

    /// The microversion requests are sent with now.
    pub(crate) fn microversion(&self) -> Microversion {
        decode(self.version.load(Ordering::Relaxed))
    }

    fn request(&self, http: &HttpClient, call: &Call, version: Microversion) -> HttpRequest {
        call.request(http, version)
            .header("openstack-api-version", &format!("compute {version}"))
            .header("x-openstack-nova-api-version", &version.to_string())
    }

    /// The microversion to step down to after `refusal` of `asked`: always lower.
    async fn lower(&self, http: &HttpClient, refusal: &Error, asked: Microversion) -> Microversion {
        if let Some(max) = max_from_refusal(refusal.message()).filter(|m| *m < asked) {
            return max;
        }
        let probe = HttpRequest::new("discover_versions", Method::GET, http.url(""))
            .header("accept", "application/json");
        match http.send(probe).await {
            Ok(resp) => match version_document(&resp.body) {
                Ok(Some(max)) if max < asked => max,
                _ => Microversion::BASE,
            },
            Err(e) => {
                tracing::debug!(error = %e, "no version document; using 2.1");
                Microversion::BASE
            }
        }
    }
}

#[async_trait]
impl Caller for Nova {
    async fn call(&self, call: Call) -> Result<HttpResponse> {
        let op = call.op;
        let http = self.service.http(op).await?;
        let asked = self.microversion();
        match http.send(self.request(&http, &call, asked)).await {
            Err(err) if refused(&err) && asked > Microversion::BASE => {
                let lower = self.lower(&http, &err, asked).await;
                tracing::info!(%asked, %lower, "Nova refused the microversion; stepping down");
                self.version.store(encode(lower), Ordering::Relaxed);
                http.send(self.request(&http, &call, lower))
                    .await
                    .map_err(|e| e.in_context(PROVIDER_ID, op))
            }
            other => other.map_err(|e| e.in_context(PROVIDER_ID, op)),
        }
    }
}

#[cfg(test)]
mod tests {
    use cloud_core::ErrorKind;

    use super::*;

    #[test]
    fn versions_round_trip_through_the_atomic() {
        for v in [
            WANTED,
            Microversion::BASE,
            Microversion {
                major: 2,
                minor: 60,
            },
        ] {
            assert_eq!(decode(encode(v)), v);
        }
    }

    #[test]
    fn refusals_are_recognised() {
        let e =
            |status: u16, msg: &str| Error::new(ErrorKind::InvalidInput, msg).with_status(status);
        assert!(refused(&e(
            406,
            "Version 2.79 is not supported by the API."
        )));
        assert!(refused(&e(400, "Invalid API version request")));
        assert!(refused(&e(
            400,
            "Version 2.79 is not supported by the API."
        )));
        assert!(!refused(&e(400, "Invalid flavorRef provided.")));
        assert!(!refused(&e(404, "Version 2.79 is not supported")));
    }
}
