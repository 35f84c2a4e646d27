//! Splitting changes into `ChangeResourceRecordSets` requests within Route 53's limits:
//! at most 1,000 `ResourceRecord` elements and 32,000 characters of `Value` text per
//! request, each counted twice in an `UPSERT`. Changes keep their order; each request is
//! applied whole or not at all, the requests one after another.

use cloud_core::{Error, Result};

use crate::model::{Change, ChangeAction};

/// The most `ResourceRecord` elements one request may carry (an `UPSERT`'s count twice).
pub const MAX_RECORDS_PER_REQUEST: usize = 1000;

/// The most characters of `Value` text one request may carry (an `UPSERT`'s count
/// twice).
pub const MAX_VALUE_CHARS_PER_REQUEST: usize = 32_000;

/// What one change counts against the limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Cost {
    /// `ResourceRecord` elements.
    pub(crate) records: usize,
    /// Characters of `Value` text.
    pub(crate) chars: usize,
}

impl Cost {
    /// The cost of `change`.
    pub(crate) fn of(change: &Change) -> Cost {
        let factor = if change.action == ChangeAction::Upsert {
            2
        } else {
            1
        };
        Cost {
            records: change.set.values.len() * factor,
            chars: change
                .set
                .values
                .iter()
                .map(|v| v.chars().count())
                .sum::<usize>()
                * factor,
        }
    }

    fn plus(self, other: Cost) -> Cost {
        Cost {
            records: self.records + other.records,
            chars: self.chars + other.chars,
        }
    }

    /// Whether one request can carry this much.
    pub(crate) fn fits(self) -> bool {
        self.records <= MAX_RECORDS_PER_REQUEST && self.chars <= MAX_VALUE_CHARS_PER_REQUEST
    }
}

/// Whether all of `changes` fit in one request.
pub(crate) fn fits_one_request(changes: &[Change]) -> bool {
    changes
        .iter()
        .map(Cost::of)
        .fold(Cost::default(), Cost::plus)
        .fits()
}

/// `changes` in order, cut into as few consecutive requests as the limits allow (each
/// request takes changes until the next would not fit). A change that alone exceeds a
/// limit is `InvalidInput` naming the set and the limit: no request could carry it.
pub(crate) fn split(changes: Vec<Change>) -> Result<Vec<Vec<Change>>> {
    let mut requests: Vec<Vec<Change>> = Vec::new();
    let mut current: Vec<Change> = Vec::new();
    let mut used = Cost::default();
    for change in changes {
        let cost = Cost::of(&change);
        if !cost.fits() {
            return Err(too_big(&change, cost));
        }
        if !used.plus(cost).fits() {
            requests.push(std::mem::take(&mut current));
            used = Cost::default();
        }
        used = used.plus(cost);
        current.push(change);
    }
    if !current.is_empty() {
        requests.push(current);
    }
    Ok(requests)
}

fn too_big(change: &Change, cost: Cost) -> Error {
    let doubled = if change.action == ChangeAction::Upsert {
        " (an UPSERT counts each twice)"
    } else {
        ""
    };
    Error::invalid_input(format!(
        "the {} set {} {} has {} values of {} characters{doubled}; one Route 53 request \
         carries at most {MAX_RECORDS_PER_REQUEST} values and {MAX_VALUE_CHARS_PER_REQUEST} \
         characters",
        change.action.as_str(),
        change.set.name,
        change.set.rtype,
        cost.records,
        cost.chars
    ))
}

#[cfg(test)]
mod tests {
    use cloud_core::ErrorKind;

    use super::*;
    use crate::model::ResourceRecordSet;

    fn change(action: ChangeAction, i: usize, values: Vec<String>) -> Change {
        Change {
            action,
            set: ResourceRecordSet {
                name: format!("host-{i}.example.org."),
                rtype: "A".into(),
                ttl: Some(300),
                values,
                ..Default::default()
            },
        }
    }

    fn address(i: usize) -> String {
        format!("10.{}.{}.{}", i / 65536 % 256, i / 256 % 256, i % 256)
    }

    fn check_limits(requests: &[Vec<Change>]) {
        for request in requests {
            let total = request
                .iter()
                .map(Cost::of)
                .fold(Cost::default(), Cost::plus);
            assert!(total.records <= MAX_RECORDS_PER_REQUEST, "{total:?}");
            assert!(total.chars <= MAX_VALUE_CHARS_PER_REQUEST, "{total:?}");
        }
    }

    #[test]
    fn twenty_five_hundred_creates_take_three_requests_in_order() {
        let changes: Vec<Change> = (0..2500)
            .map(|i| change(ChangeAction::Create, i, vec![address(i)]))
            .collect();
        let requests = split(changes.clone()).unwrap();
        assert_eq!(requests.len(), 3);
        assert_eq!(
            requests.iter().map(Vec::len).collect::<Vec<_>>(),
            [1000, 1000, 500]
        );
        check_limits(&requests);
        let flattened: Vec<Change> = requests.into_iter().flatten().collect();
        assert_eq!(flattened, changes, "order and content are kept");
    }

    #[test]
    fn the_character_limit_cuts_too_and_upserts_count_double() {
        // 2,500 values of 40 characters: 100,000 characters, so the character limit
        // cuts at 800 values per request, before the element limit would.
        let long = |i: usize| format!("{:0>40}", i);
        let changes: Vec<Change> = (0..2500)
            .map(|i| change(ChangeAction::Create, i, vec![long(i)]))
            .collect();
        let requests = split(changes).unwrap();
        check_limits(&requests);
        assert_eq!(
            requests.iter().map(Vec::len).collect::<Vec<_>>(),
            [800, 800, 800, 100]
        );

        let upserts: Vec<Change> = (0..2500)
            .map(|i| change(ChangeAction::Upsert, i, vec![address(i)]))
            .collect();
        let requests = split(upserts).unwrap();
        check_limits(&requests);
        assert_eq!(requests.len(), 5, "500 upserted values per request");

        let long_values: Vec<Change> = (0..100)
            .map(|i| change(ChangeAction::Create, i, vec!["x".repeat(400)]))
            .collect();
        let requests = split(long_values).unwrap();
        check_limits(&requests);
        assert_eq!(
            requests.iter().map(Vec::len).collect::<Vec<_>>(),
            [80, 20],
            "32,000 characters hold 80 values of 400"
        );
    }

    #[test]
    fn a_set_larger_than_one_request_is_invalid_input() {
        let values: Vec<String> = (0..1001).map(address).collect();
        let err = split(vec![change(ChangeAction::Create, 0, values)]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.message().contains("1001 values"), "{err}");

        let values: Vec<String> = (0..501).map(address).collect();
        let err = split(vec![change(ChangeAction::Upsert, 0, values)]).unwrap_err();
        assert!(err.message().contains("counts each twice"), "{err}");

        let values: Vec<String> = (0..9).map(|_| "y".repeat(4000)).collect();
        let err = split(vec![change(ChangeAction::Delete, 0, values)]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.message().contains("36000 characters"), "{err}");
    }

    #[test]
    fn one_request_check() {
        let small = vec![change(ChangeAction::Upsert, 0, vec![address(1); 500])];
        assert!(fits_one_request(&small));
        let big = vec![change(ChangeAction::Upsert, 0, vec![address(1); 501])];
        assert!(!fits_one_request(&big));
    }
}
