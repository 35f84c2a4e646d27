//! The part of the Route 53 REST API both clients use for an import (API version
//! 2013-04-01, which ours speaks, and 2012-02-29, which Apache Libcloud's driver still
//! sends; the calls used here are the same in both), over one hosted zone held in memory: the zone itself, paged record-set listings, change batches (applied
//! whole, CREATE of an existing set refused as Route 53 does) and change status.

use std::collections::BTreeMap;

use super::zone::DOMAIN;

/// The hosted zone's id.
pub const ZONE_ID: &str = "ZBENCH0000000";

const NS: &str = "https://route53.amazonaws.com/doc/2013-04-01/";

/// An answer: status and XML body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The XML document.
    pub body: String,
    /// Record values a change batch added or replaced, for the counters.
    pub changed_values: usize,
    /// Whether it was a change batch that was applied.
    pub change_batch: bool,
}

impl Answer {
    fn ok(body: String) -> Self {
        Answer {
            status: 200,
            body,
            changed_values: 0,
            change_batch: false,
        }
    }

    fn error(status: u16, code: &str, message: &str) -> Self {
        Answer {
            status,
            body: format!(
                "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"{NS}\"><Error><Type>Sender</Type>\
                 <Code>{code}</Code><Message>{}</Message></Error><RequestId>bench</RequestId></ErrorResponse>",
                escape(message)
            ),
            changed_values: 0,
            change_batch: false,
        }
    }
}

/// One record set: TTL and values, keyed by absolute lowercase name and type.
type Sets = BTreeMap<(String, String), (u32, Vec<String>)>;

/// The zone's state.
#[derive(Debug, Default)]
pub struct Api {
    sets: Sets,
    changes: u64,
}

impl Api {
    /// An empty zone (the apex SOA and NS only).
    pub fn new() -> Self {
        let mut api = Api::default();
        api.reset();
        api
    }

    /// Back to the empty zone.
    pub fn reset(&mut self) {
        self.sets.clear();
        let apex = format!("{DOMAIN}.");
        self.sets.insert(
            (apex.clone(), "SOA".into()),
            (
                900,
                vec![format!(
                    "ns-1.{DOMAIN}. hostmaster.{DOMAIN}. 1 7200 900 1209600 86400"
                )],
            ),
        );
        self.sets.insert(
            (apex, "NS".into()),
            (172800, vec![format!("ns-1.{DOMAIN}.")]),
        );
    }

    /// Every value held, the apex SOA and NS left out.
    pub fn user_values(&self) -> usize {
        self.sets
            .iter()
            .filter(|((name, t), _)| !(name == &format!("{DOMAIN}.") && (t == "SOA" || t == "NS")))
            .map(|(_, (_, values))| values.len())
            .sum()
    }

    /// Answers `method path?query` with `body`, in the XML namespace of the API version
    /// the path names.
    pub fn answer(&mut self, method: &str, path: &str, query: &str, body: &str) -> Answer {
        if let Some(rest) = path.strip_prefix("/2012-02-29/") {
            let mut answer =
                self.answer_current(method, &format!("/2013-04-01/{rest}"), query, body);
            answer.body = answer
                .body
                .replace(NS, "https://route53.amazonaws.com/doc/2012-02-29/");
            return answer;
        }
        self.answer_current(method, path, query, body)
    }

    fn answer_current(&mut self, method: &str, path: &str, query: &str, body: &str) -> Answer {
        let rest = path.strip_prefix("/2013-04-01/").unwrap_or("");
        let zone_path = format!("hostedzone/{ZONE_ID}");
        match (method, rest) {
            ("GET", "hostedzone") => Answer::ok(self.list_zones()),
            ("GET", "hostedzonesbyname") => Answer::ok(self.list_zones()),
            ("GET", p) if p == zone_path => Answer::ok(self.get_zone()),
            ("GET", p) if p == format!("{zone_path}/rrset") => Answer::ok(self.list_sets(query)),
            ("POST", p)
                if p == format!("{zone_path}/rrset") || p == format!("{zone_path}/rrset/") =>
            {
                self.change(body)
            }
            ("GET", p) if p.starts_with("change/") => Answer::ok(change_info(
                "GetChangeResponse",
                p.trim_start_matches("change/"),
            )),
            ("GET", p) if p.starts_with("hostedzone/") => {
                Answer::error(404, "NoSuchHostedZone", "No hosted zone found with ID")
            }
            _ => Answer::error(
                400,
                "InvalidInput",
                "the benchmark server does not serve this",
            ),
        }
    }

    fn zone_xml(&self) -> String {
        format!(
            "<HostedZone><Id>/hostedzone/{ZONE_ID}</Id><Name>{DOMAIN}.</Name>\
             <CallerReference>bench</CallerReference><Config><PrivateZone>false</PrivateZone></Config>\
             <ResourceRecordSetCount>{}</ResourceRecordSetCount></HostedZone>",
            self.sets.len()
        )
    }

    fn list_zones(&self) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<ListHostedZonesResponse xmlns=\"{NS}\"><HostedZones>{}</HostedZones>\
             <IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesResponse>",
            self.zone_xml()
        )
    }

    fn get_zone(&self) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<GetHostedZoneResponse xmlns=\"{NS}\">{}<DelegationSet><NameServers>\
             <NameServer>ns-1.{DOMAIN}</NameServer></NameServers></DelegationSet></GetHostedZoneResponse>",
            self.zone_xml()
        )
    }

    fn list_sets(&self, query: &str) -> String {
        let params: BTreeMap<String, String> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let max: usize = params
            .get("maxitems")
            .and_then(|m| m.parse().ok())
            .unwrap_or(300)
            .clamp(1, 300);
        let start = params.get("name").map(|n| {
            let n = n.to_ascii_lowercase();
            let n = if n.ends_with('.') { n } else { format!("{n}.") };
            (n, params.get("type").cloned().unwrap_or_default())
        });
        let mut page = String::new();
        let mut iter = self
            .sets
            .iter()
            .filter(|(key, _)| start.as_ref().is_none_or(|s| *key >= s))
            .peekable();
        let mut taken = 0;
        while taken < max {
            let Some(((name, rtype), (ttl, values))) = iter.next() else {
                break;
            };
            page.push_str(&format!(
                "<ResourceRecordSet><Name>{}</Name><Type>{rtype}</Type><TTL>{ttl}</TTL><ResourceRecords>",
                escape(name)
            ));
            for value in values {
                page.push_str(&format!(
                    "<ResourceRecord><Value>{}</Value></ResourceRecord>",
                    escape(value)
                ));
            }
            page.push_str("</ResourceRecords></ResourceRecordSet>");
            taken += 1;
        }
        let next = match iter.peek() {
            Some(((name, rtype), _)) => format!(
                "<IsTruncated>true</IsTruncated><NextRecordName>{}</NextRecordName><NextRecordType>{rtype}</NextRecordType>",
                escape(name)
            ),
            None => "<IsTruncated>false</IsTruncated>".to_string(),
        };
        format!(
            "<?xml version=\"1.0\"?>\n<ListResourceRecordSetsResponse xmlns=\"{NS}\"><ResourceRecordSets>{page}\
             </ResourceRecordSets>{next}<MaxItems>{max}</MaxItems></ListResourceRecordSetsResponse>"
        )
    }

    /// Applies a change batch whole, or answers InvalidChangeBatch and changes nothing.
    fn change(&mut self, body: &str) -> Answer {
        let mut next = self.sets.clone();
        let mut changed_values = 0;
        for change in elements(body, "Change") {
            let action = text_of(change, "Action").unwrap_or_default();
            let name = text_of(change, "Name")
                .unwrap_or_default()
                .to_ascii_lowercase();
            let name = if name.ends_with('.') {
                name
            } else {
                format!("{name}.")
            };
            let rtype = text_of(change, "Type").unwrap_or_default();
            let ttl = text_of(change, "TTL")
                .and_then(|t| t.parse().ok())
                .unwrap_or(300);
            let values: Vec<String> = elements(change, "Value")
                .into_iter()
                .map(unescape)
                .collect();
            let key = (name.clone(), rtype.clone());
            match action.as_str() {
                "CREATE" if next.contains_key(&key) => {
                    return Answer::error(
                        400,
                        "InvalidChangeBatch",
                        &format!(
                            "Tried to create resource record set {name} type {rtype}, but it already exists"
                        ),
                    );
                }
                "CREATE" | "UPSERT" => {
                    changed_values += values.len();
                    next.insert(key, (ttl, values));
                }
                "DELETE" => {
                    if next.remove(&key).is_none() {
                        return Answer::error(
                            400,
                            "InvalidChangeBatch",
                            &format!(
                                "Tried to delete resource record set {name} type {rtype}, but it was not found"
                            ),
                        );
                    }
                }
                other => {
                    return Answer::error(
                        400,
                        "InvalidInput",
                        &format!("unknown action {other:?}"),
                    );
                }
            }
        }
        self.sets = next;
        self.changes += 1;
        let id = format!("CBENCH{:08}", self.changes);
        Answer {
            changed_values,
            change_batch: true,
            ..Answer::ok(change_info("ChangeResourceRecordSetsResponse", &id))
        }
    }
}

fn change_info(root: &str, id: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<{root} xmlns=\"{NS}\"><ChangeInfo><Id>/change/{}</Id><Status>INSYNC</Status>\
         <SubmittedAt>2026-12-06T00:00:00.000Z</SubmittedAt></ChangeInfo></{root}>",
        escape(id)
    )
}

/// The inner text of every `<tag>…</tag>` in `xml` (no nesting of the same tag).
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        let Some(end) = after.find(&close) else { break };
        out.push(&after[..end]);
        rest = &after[end + close.len()..];
    }
    out
}

fn text_of(xml: &str, tag: &str) -> Option<String> {
    elements(xml, tag).first().map(|t| unescape(t))
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(changes: &[(&str, &str, &str, &[&str])]) -> String {
        let mut body =
            format!("<ChangeResourceRecordSetsRequest xmlns=\"{NS}\"><ChangeBatch><Changes>");
        for (action, name, rtype, values) in changes {
            body.push_str(&format!(
                "<Change><Action>{action}</Action><ResourceRecordSet><Name>{name}</Name><Type>{rtype}</Type><TTL>60</TTL><ResourceRecords>"
            ));
            for v in *values {
                body.push_str(&format!(
                    "<ResourceRecord><Value>{}</Value></ResourceRecord>",
                    escape(v)
                ));
            }
            body.push_str("</ResourceRecords></ResourceRecordSet></Change>");
        }
        body.push_str("</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>");
        body
    }

    const RRSET: &str = "/2013-04-01/hostedzone/ZBENCH0000000/rrset";

    #[test]
    fn batches_apply_whole_and_creates_of_existing_sets_are_refused() {
        let mut api = Api::new();
        let ok = api.answer(
            "POST",
            RRSET,
            "",
            &batch(&[
                (
                    "CREATE",
                    "www.bench.example",
                    "A",
                    &["10.0.0.1", "10.0.0.2"],
                ),
                ("CREATE", "txt.bench.example.", "TXT", &["\"a b\""]),
            ]),
        );
        assert_eq!(ok.status, 200, "{}", ok.body);
        assert_eq!(ok.changed_values, 3);
        assert_eq!(api.user_values(), 3);
        let refused = api.answer(
            "POST",
            RRSET,
            "",
            &batch(&[
                ("UPSERT", "new.bench.example.", "A", &["10.0.0.9"]),
                ("CREATE", "www.bench.example.", "A", &["10.0.0.3"]),
            ]),
        );
        assert_eq!(refused.status, 400);
        assert!(refused.body.contains("InvalidChangeBatch"));
        assert_eq!(api.user_values(), 3, "a refused batch changes nothing");
    }

    #[test]
    fn listings_page_from_the_start_name_and_type() {
        let mut api = Api::new();
        let names: Vec<String> = (0..5).map(|i| format!("h{i}.bench.example.")).collect();
        for name in &names {
            api.answer(
                "POST",
                RRSET,
                "",
                &batch(&[("CREATE", name, "A", &["10.0.0.1"])]),
            );
        }
        let mut query = "maxitems=3".to_string();
        let (mut listed, mut pages) = (0, 0);
        loop {
            let page = api.answer("GET", RRSET, &query, "").body;
            pages += 1;
            listed += elements(&page, "ResourceRecordSet").len();
            if page.contains("<IsTruncated>false</IsTruncated>") {
                break;
            }
            let name = text_of(&page, "NextRecordName").unwrap();
            let rtype = text_of(&page, "NextRecordType").unwrap();
            query = format!("maxitems=3&name={name}&type={rtype}");
            assert!(pages < 10, "paging does not end");
        }
        assert_eq!(listed, 7, "five hosts plus the apex SOA and NS, each once");
        assert_eq!(pages, 3);
    }

    #[test]
    fn the_older_api_version_is_served_too() {
        let mut api = Api::new();
        let answer = api.answer("GET", "/2012-02-29/hostedzone/ZBENCH0000000", "", "");
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert!(answer.body.contains("<Name>bench.example.</Name>"));
        assert!(
            answer
                .body
                .contains("xmlns=\"https://route53.amazonaws.com/doc/2012-02-29/\"")
        );
    }

    #[test]
    fn unknown_zones_are_not_found() {
        let mut api = Api::new();
        let answer = api.answer("GET", "/2013-04-01/hostedzone/bench.example", "", "");
        assert_eq!(answer.status, 404);
        assert!(answer.body.contains("NoSuchHostedZone"));
        assert_eq!(
            api.answer("GET", "/2013-04-01/hostedzone", "", "").status,
            200
        );
    }
}
