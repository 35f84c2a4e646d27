//! What the `parse_dns` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_dns.rs`: the first byte picks a Cloud DNS parser (a domain or a page of
//! them, a record or a page of them, each read on into the core's zones and records; an
//! asynchronous job, read on into its failure; or the error parser with an HTTP status
//! from the byte), the rest is the body. A parser may reject the input, but must never
//! panic.

use cloud_rackspace::model::dns;

/// The zone records are read into.
const ZONE: &str = "example.com";

/// Feeds one input to the parser its first byte picks.
pub fn feed(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    match selector % 6 {
        0 => {
            if let Ok(page) = dns::parse_domains_page(body) {
                page.items.iter().for_each(|d| drop(dns::to_zone(d)));
            }
        }
        1 => {
            if let Ok(domain) = dns::parse_domain(body) {
                drop(dns::to_zone(&domain));
            }
        }
        2 => {
            if let Ok(page) = dns::parse_records_page(body) {
                page.items
                    .iter()
                    .for_each(|r| drop(dns::to_record("1", ZONE, r)));
            }
        }
        3 => {
            if let Ok(record) = dns::parse_record(body) {
                drop(dns::to_record("1", ZONE, &record));
            }
        }
        4 => {
            if let Ok(job) = dns::parse_job(body) {
                drop(dns::job_failure(&job));
            }
        }
        _ => drop(dns::error_answer(400 + u16::from(selector) % 200, body)),
    }
}
