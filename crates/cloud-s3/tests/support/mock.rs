//! Helpers for tests against a wiremock server: a driver pointed at it, a matcher on
//! the region a request was signed for, and the requests received.

#![allow(dead_code)]

use cloud_s3::S3Storage;
use cloud_test::replay::Replay;
use wiremock::{Match, Request};

use crate::common::{ANY_KEY_ID, ANY_SECRET, config};

/// A driver for the replay server with these options.
pub fn s3(replay: &Replay, options: &[(&str, &str)]) -> S3Storage {
    S3Storage::new(&config(&replay.uri(), ANY_KEY_ID, ANY_SECRET, options)).expect("driver")
}

/// The same, with a region.
pub fn s3_in(replay: &Replay, region: &str, options: &[(&str, &str)]) -> S3Storage {
    let mut c = config(&replay.uri(), ANY_KEY_ID, ANY_SECRET, options);
    c.region = Some(region.to_string());
    S3Storage::new(&c).expect("driver")
}

/// Matches requests signed for `region` (SigV4 credential scope).
pub struct SignedFor(pub &'static str);

impl Match for SignedFor {
    fn matches(&self, request: &Request) -> bool {
        request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains(&format!("/{}/s3/aws4_request", self.0)))
    }
}

/// Matches requests whose query has `name` (with any value, or none).
pub struct HasQuery(pub &'static str);

impl Match for HasQuery {
    fn matches(&self, request: &Request) -> bool {
        request.url.query_pairs().any(|(k, _)| k == self.0)
    }
}

/// Matches requests whose query lacks `name`.
pub struct LacksQuery(pub &'static str);

impl Match for LacksQuery {
    fn matches(&self, request: &Request) -> bool {
        !request.url.query_pairs().any(|(k, _)| k == self.0)
    }
}

/// Every request the server received, as `METHOD path?query`.
pub async fn received(replay: &Replay) -> Vec<Request> {
    replay
        .server()
        .received_requests()
        .await
        .unwrap_or_default()
}

/// A header of a received request as text.
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}
