//! The EC2 actions the replay server answers, as a pure function from request
//! parameters to a response: `DescribeInstances` from the fleet (whole or paged), and
//! small fixed answers to `DescribeRegions`, `DescribeAvailabilityZones` and
//! `DescribeAddresses` for clients that ask. Signatures are not checked. Anything else
//! gets EC2's `InvalidAction` error.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Mutex;

use hyper::body::Bytes;
use xtask::serve::lock;

use super::fleet::{Fleet, REGION, ZONES};
use super::pages::{NAMESPACE, Slice, describe_instances, slice};

/// A response: status, body, and how many instances it carried.
#[derive(Debug, Clone)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// XML body.
    pub body: Bytes,
    /// Instances in a `DescribeInstances` answer, else 0.
    pub instances: usize,
}

/// The fleet and what is needed to answer for it. Each page is rendered on first
/// request and kept, so repeated runs of a client are served from memory (keeping the
/// request id of the first answer).
#[derive(Debug)]
pub struct Api {
    fleet: Fleet,
    whole: Bytes,
    pages: Mutex<HashMap<(usize, usize), Bytes>>,
    endpoint: String,
}

/// A request id shaped like AWS's, different for each request number.
pub fn request_id(n: u64) -> String {
    let h = super::fleet::mix(n ^ 0x0005_eed0);
    format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        h >> 32,
        (h >> 16) & 0xffff,
        h & 0xfff,
        (h >> 12) & 0xfff,
        n & 0xffff_ffff_ffff
    )
}

impl Api {
    /// Answers for `fleet`; `endpoint` (`127.0.0.1:PORT`) is what `DescribeRegions`
    /// reports as the region's endpoint, so a client that follows it stays here.
    pub fn new(fleet: Fleet, endpoint: String) -> Self {
        let whole = Bytes::from(describe_instances(&fleet, 0..fleet.len(), &request_id(0)));
        Api {
            fleet,
            whole,
            pages: Mutex::new(HashMap::new()),
            endpoint,
        }
    }

    fn page(&self, range: Range<usize>, request_id: &str) -> Bytes {
        let key = (range.start, range.end);
        let mut pages = lock(&self.pages);
        pages
            .entry(key)
            .or_insert_with(|| describe_instances(&self.fleet, range, request_id).into())
            .clone()
    }

    /// The instances served.
    pub fn fleet(&self) -> &Fleet {
        &self.fleet
    }

    /// The answer to a request with these (query and form) parameters; `n` numbers the
    /// request.
    pub fn answer(&self, params: &[(String, String)], n: u64) -> Answer {
        let get = |key: &str| {
            params
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        let id = request_id(n);
        match get("Action") {
            Some("DescribeInstances") => {
                match slice(self.fleet.len(), get("MaxResults"), get("NextToken")) {
                    Ok(Slice::All) => Answer {
                        status: 200,
                        body: self.whole.clone(),
                        instances: self.fleet.len(),
                    },
                    Ok(Slice::Page(range)) => Answer {
                        status: 200,
                        instances: range.len(),
                        body: self.page(range, &id),
                    },
                    Err(message) => error(400, "InvalidParameterValue", &message, &id),
                }
            }
            Some("DescribeRegions") => ok(
                "DescribeRegionsResponse",
                &id,
                &format!(
                    "    <regionInfo>\n        <item>\n            <regionName>{REGION}</regionName>\n            \
                     <regionEndpoint>{}</regionEndpoint>\n            <optInStatus>opt-in-not-required</optInStatus>\n        \
                     </item>\n    </regionInfo>\n",
                    self.endpoint
                ),
            ),
            Some("DescribeAvailabilityZones") => {
                let items: String = ZONES
                    .iter()
                    .enumerate()
                    .map(|(i, zone)| {
                        format!(
                            "        <item>\n            <zoneName>{zone}</zoneName>\n            \
                             <zoneState>available</zoneState>\n            <regionName>{REGION}</regionName>\n            \
                             <zoneId>use1-az{}</zoneId>\n            <zoneType>availability-zone</zoneType>\n            \
                             <messageSet/>\n        </item>\n",
                            i + 1
                        )
                    })
                    .collect();
                ok(
                    "DescribeAvailabilityZonesResponse",
                    &id,
                    &format!("    <availabilityZoneInfo>\n{items}    </availabilityZoneInfo>\n"),
                )
            }
            Some("DescribeAddresses") => {
                ok("DescribeAddressesResponse", &id, "    <addressesSet/>\n")
            }
            Some(other) => error(
                400,
                "InvalidAction",
                &format!("The action {other} is not valid for this web service."),
                &id,
            ),
            None => error(
                400,
                "MissingAction",
                "The request must contain the parameter Action.",
                &id,
            ),
        }
    }
}

fn ok(root: &str, request_id: &str, inner: &str) -> Answer {
    Answer {
        status: 200,
        body: format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{root} xmlns=\"{NAMESPACE}\">\n    \
             <requestId>{request_id}</requestId>\n{inner}</{root}>\n"
        )
        .into(),
        instances: 0,
    }
}

/// EC2's error document (not namespaced, unlike its answers).
fn error(status: u16, code: &str, message: &str, request_id: &str) -> Answer {
    let message = message
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    Answer {
        status,
        body: format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code>\
             <Message>{message}</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>\n"
        )
        .into(),
        instances: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ec2::pages::encode_token;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn text(a: &Answer) -> String {
        String::from_utf8(a.body.to_vec()).unwrap()
    }

    fn api(n: usize) -> Api {
        Api::new(Fleet::generate(n), "127.0.0.1:4567".into())
    }

    #[test]
    fn unpaged_describe_instances_is_the_whole_fleet() {
        let api = api(40);
        let a = api.answer(
            &params(&[("Action", "DescribeInstances"), ("Version", "2016-11-15")]),
            1,
        );
        assert_eq!((a.status, a.instances), (200, 40));
        assert_eq!(text(&a).matches("<instanceId>").count(), 40);
        assert!(!text(&a).contains("<nextToken>"));
    }

    #[test]
    fn paged_describe_instances_follows_the_token() {
        let api = api(40);
        let a = api.answer(
            &params(&[("Action", "DescribeInstances"), ("MaxResults", "25")]),
            1,
        );
        assert_eq!((a.status, a.instances), (200, 25));
        assert!(text(&a).contains(&encode_token(25)));
        let token = encode_token(25);
        let b = api.answer(
            &params(&[
                ("Action", "DescribeInstances"),
                ("MaxResults", "25"),
                ("NextToken", &token),
            ]),
            2,
        );
        assert_eq!((b.status, b.instances), (200, 15));
        assert!(!text(&b).contains("<nextToken>"));
        let again = api.answer(
            &params(&[("Action", "DescribeInstances"), ("MaxResults", "25")]),
            3,
        );
        assert_eq!(again.body.as_ptr(), a.body.as_ptr(), "served from memory");
    }

    #[test]
    fn bad_paging_and_unknown_actions_are_ec2_errors() {
        let api = api(10);
        let a = api.answer(
            &params(&[("Action", "DescribeInstances"), ("MaxResults", "2000")]),
            1,
        );
        assert_eq!(a.status, 400);
        assert!(text(&a).contains("<Code>InvalidParameterValue</Code>"));
        let b = api.answer(&params(&[("Action", "RunInstances")]), 2);
        assert_eq!(b.status, 400);
        assert!(text(&b).contains("<Code>InvalidAction</Code>"));
        assert!(text(&b).contains("<Response><Errors>"));
        let c = api.answer(&params(&[]), 3);
        assert!(text(&c).contains("<Code>MissingAction</Code>"));
    }

    #[test]
    fn catalog_actions_answer_minimally_and_point_back_here() {
        let api = api(10);
        let regions = text(&api.answer(&params(&[("Action", "DescribeRegions")]), 1));
        assert!(regions.contains("<regionName>us-east-1</regionName>"));
        assert!(regions.contains("<regionEndpoint>127.0.0.1:4567</regionEndpoint>"));
        let zones = text(&api.answer(&params(&[("Action", "DescribeAvailabilityZones")]), 2));
        assert_eq!(zones.matches("<zoneName>").count(), ZONES.len());
        let addresses = api.answer(&params(&[("Action", "DescribeAddresses")]), 3);
        assert_eq!(addresses.status, 200);
        assert!(text(&addresses).contains("<addressesSet/>"));
    }

    #[test]
    fn request_ids_differ_and_look_like_uuids() {
        let a = request_id(1);
        assert_ne!(a, request_id(2));
        let groups: Vec<usize> = a.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
    }
}
