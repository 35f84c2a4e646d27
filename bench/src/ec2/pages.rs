//! `DescribeInstances` answers made from a [`Fleet`]: the whole fleet in one document
//! when the client does not page, else pages of `MaxResults` instances with an opaque
//! `NextToken` for the rest. A reservation cut by a page boundary is split: each page
//! repeats its header with the instances that fall in the page.

use std::ops::Range;

use super::fleet::{Fleet, RESERVATION_CLOSE};

/// The XML namespace of the EC2 API version the answers follow.
pub const NAMESPACE: &str = "http://ec2.amazonaws.com/doc/2016-11-15/";
/// The smallest `MaxResults` EC2 accepts for `DescribeInstances`.
pub const MIN_PAGE: usize = 5;
/// The largest.
pub const MAX_PAGE: usize = 1000;

const TOKEN_PREFIX: &str = "eyJ2IjoxfQ";
const TOKEN_KEY: u64 = 0x5eed_cafe_f00d_d00d;

/// The `NextToken` that resumes at instance `offset`.
pub fn encode_token(offset: usize) -> String {
    format!("{TOKEN_PREFIX}{:016x}", offset as u64 ^ TOKEN_KEY)
}

/// The offset a token made by [`encode_token`] resumes at.
pub fn decode_token(token: &str) -> Option<usize> {
    let hex = token.strip_prefix(TOKEN_PREFIX)?;
    if hex.len() != 16 {
        return None;
    }
    let value = u64::from_str_radix(hex, 16).ok()? ^ TOKEN_KEY;
    usize::try_from(value).ok()
}

/// Which instances a request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slice {
    /// All of them, in one document with no token.
    All,
    /// Instances `range`; more follow when it ends before the fleet does.
    Page(Range<usize>),
}

/// Reads `MaxResults` and `NextToken` the way EC2 does: `MaxResults` from 5 to 1000; a
/// token from an earlier page. The error is the text of an `InvalidParameterValue`.
pub fn slice(
    fleet_len: usize,
    max_results: Option<&str>,
    next_token: Option<&str>,
) -> Result<Slice, String> {
    let start = match next_token {
        None => 0,
        Some(t) => match decode_token(t) {
            Some(offset) if offset > 0 && offset < fleet_len => offset,
            _ => return Err(format!("The NextToken value {t:?} is not valid.")),
        },
    };
    let max = match max_results {
        None if next_token.is_none() => return Ok(Slice::All),
        None => MAX_PAGE,
        Some(text) => match text.parse::<usize>() {
            Ok(n) if (MIN_PAGE..=MAX_PAGE).contains(&n) => n,
            _ => {
                return Err(format!(
                    "Value ({text}) for parameter maxResults is invalid. Expecting a value \
                     between {MIN_PAGE} and {MAX_PAGE}."
                ));
            }
        },
    };
    Ok(Slice::Page(start..(start + max).min(fleet_len)))
}

/// The `DescribeInstances` document holding instances `range`, with a `nextToken` when
/// instances remain after it.
pub fn describe_instances(fleet: &Fleet, range: Range<usize>, request_id: &str) -> String {
    let mut doc = String::with_capacity(fleet.text_len() / fleet.len().max(1) * range.len() + 4096);
    doc.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <DescribeInstancesResponse xmlns=\"{NAMESPACE}\">\n\
         \x20   <requestId>{request_id}</requestId>\n\
         \x20   <reservationSet>\n"
    ));
    let mut i = range.start;
    while i < range.end {
        let reservation = &fleet.reservations()[fleet.reservation_of(i)];
        let end = reservation.instances.end.min(range.end);
        doc.push_str(&reservation.open);
        for k in i..end {
            doc.push_str(fleet.instance(k));
        }
        doc.push_str(RESERVATION_CLOSE);
        i = end;
    }
    doc.push_str("    </reservationSet>\n");
    if range.end < fleet.len() {
        doc.push_str(&format!(
            "    <nextToken>{}</nextToken>\n",
            encode_token(range.end)
        ));
    }
    doc.push_str("</DescribeInstancesResponse>\n");
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_reject_strangers() {
        for offset in [1, 999, 1000, 123_456] {
            assert_eq!(decode_token(&encode_token(offset)), Some(offset));
        }
        assert_eq!(decode_token("1000"), None);
        assert_eq!(decode_token(&format!("{TOKEN_PREFIX}zz")), None);
        assert_eq!(
            decode_token(&format!("{TOKEN_PREFIX}00000000000000000")),
            None
        );
    }

    #[test]
    fn slices_follow_ec2_rules() {
        assert_eq!(slice(10_000, None, None), Ok(Slice::All));
        assert_eq!(slice(10_000, Some("1000"), None), Ok(Slice::Page(0..1000)));
        assert_eq!(slice(2500, Some("1000"), None), Ok(Slice::Page(0..1000)));
        let t = encode_token(2000);
        assert_eq!(
            slice(2500, Some("1000"), Some(&t)),
            Ok(Slice::Page(2000..2500))
        );
        assert_eq!(slice(2500, None, Some(&t)), Ok(Slice::Page(2000..2500)));
        assert_eq!(slice(3, Some("5"), None), Ok(Slice::Page(0..3)));
        for bad in ["4", "1001", "lots", ""] {
            let err = slice(100, Some(bad), None).unwrap_err();
            assert!(err.contains("maxResults"), "{bad}: {err}");
        }
        assert!(slice(100, Some("5"), Some("junk")).is_err());
        assert!(slice(100, Some("5"), Some(&encode_token(100))).is_err());
        assert!(slice(100, Some("5"), Some(&encode_token(0))).is_err());
    }

    fn ids(doc: &str) -> Vec<&str> {
        doc.split("<instanceId>")
            .skip(1)
            .map(|s| &s[..s.find("</instanceId>").unwrap()])
            .collect()
    }

    #[test]
    fn pages_cover_the_fleet_once_and_split_reservations() {
        let fleet = Fleet::generate(23);
        let whole = describe_instances(&fleet, 0..23, "req-1");
        assert!(whole.contains(&format!(
            "<DescribeInstancesResponse xmlns=\"{NAMESPACE}\">"
        )));
        assert!(whole.contains("<requestId>req-1</requestId>"));
        assert!(!whole.contains("<nextToken>"));
        let all_ids = ids(&whole);
        assert_eq!(all_ids.len(), 23);

        let mut paged = Vec::new();
        let mut token: Option<String> = None;
        let mut pages = 0;
        loop {
            let Slice::Page(range) = slice(23, Some("5"), token.as_deref()).unwrap() else {
                panic!("paged request answered whole");
            };
            let doc = describe_instances(&fleet, range, "req");
            assert_eq!(
                doc.matches("<reservationId>").count(),
                doc.matches("<ownerId>").count() - ids(&doc).len()
            );
            paged.extend(ids(&doc).into_iter().map(str::to_string));
            pages += 1;
            token = doc
                .split("<nextToken>")
                .nth(1)
                .map(|s| s[..s.find("</nextToken>").unwrap()].to_string());
            if token.is_none() {
                break;
            }
        }
        assert_eq!(pages, 5);
        assert_eq!(paged, all_ids);
        // Instances 4..=6 form one reservation; the first page ends inside it.
        let first = describe_instances(&fleet, 0..5, "req");
        let second = describe_instances(&fleet, 5..10, "req");
        let r = &fleet.reservations()[fleet.reservation_of(4)];
        assert_eq!(r.instances, 4..7);
        let rid = &r.open[r.open.find("r-0").unwrap()..][..19];
        assert!(first.contains(rid) && second.contains(rid));
    }

    #[test]
    fn documents_are_balanced() {
        let fleet = Fleet::generate(12);
        let doc = describe_instances(&fleet, 3..9, "req");
        assert_eq!(
            doc.matches("<item>").count(),
            doc.matches("</item>").count()
        );
        assert_eq!(
            doc.matches("<instancesSet>").count(),
            doc.matches("</instancesSet>").count()
        );
        assert!(doc.contains(&format!("<nextToken>{}</nextToken>", encode_token(9))));
    }
}
