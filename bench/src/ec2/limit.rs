//! The floor under any `DescribeInstances` client built on cloud-core's XML scanner
//! (`cloud_core::xml::scan`, which the EC2 parser reads with): the time the scanner
//! alone takes to tokenize the very pages the client fetched (no tree, no nodes, every
//! token dropped at once), plus the
//! time cloud-core's JSON writer (`cloud_core::json_writer`, which the CLI's output is
//! written with; it writes what serde_json writes, faster) alone takes to write the very
//! JSON document the CLI printed (from values already in memory). Each is timed in this process several times; the
//! medians are kept.
//!
//! Each page is tokenized once untimed before the timed pass over it, so that it is in
//! the cache, as an answer a client has just read off the socket is. Timed one page
//! after another instead, the pages (5 to 7 MiB each) come from memory, and the same
//! scanning takes longer: a cost that a client reading answers as they arrive does not
//! pay.
//!
//! The tokens are consumed as a parser consumes them, in registers: what each holds is
//! added into one sum, which is kept from the optimiser once, at the end. Kept from it
//! token by token instead (`black_box(&token)`), every token is written to memory and
//! read straight back, a read the processor cannot take from the write it follows; that
//! stall made tokenizing a realistic page take about half again as long (89 ms against
//! 57 to 60 ms for twenty passes over one page).

use std::hint::black_box;
use std::time::{Duration, Instant};

use cloud_core::xml::scan::{Scanner, Token};

use super::fleet::Fleet;
use super::pages::describe_instances;
use crate::figures::median;
use crate::{Error, Result};

/// Times each part is measured; the median is kept.
pub const ROUNDS: usize = 7;

/// The two parts of the floor.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Limit {
    /// Tokenizing every page.
    pub tokenize: Duration,
    /// Writing the JSON list.
    pub write: Duration,
    /// Bytes of XML tokenized.
    pub xml_bytes: u64,
    /// Bytes of JSON written.
    pub json_bytes: u64,
}

impl Limit {
    /// Tokenize plus write.
    pub fn total(&self) -> Duration {
        self.tokenize + self.write
    }
}

/// The `DescribeInstances` pages of `fleet` a client fetches `page_size` instances at a
/// time.
pub fn pages(fleet: &Fleet, page_size: usize) -> Vec<String> {
    let size = page_size.max(1);
    (0..fleet.len())
        .step_by(size)
        .map(|start| describe_instances(fleet, start..(start + size).min(fleet.len()), "req"))
        .collect()
}

/// Every token of `xml`, read and dropped; how many there were. The size of each
/// token (its text's length in bytes, a close's 1) goes into a sum that the optimiser
/// cannot see through, so no token's work can be left out.
pub fn tokenize(xml: &[u8]) -> Result<u64> {
    let page_error = |e: cloud_core::Error| Error::msg(format!("the page is not XML: {e}"));
    let mut scanner = Scanner::new(xml).map_err(page_error)?;
    let mut tokens = 0u64;
    let mut held = 0u64;
    loop {
        let size = match scanner.next().map_err(page_error)? {
            Token::End => {
                black_box(held);
                return Ok(tokens);
            }
            Token::Open(name) => name.len(),
            Token::Close => 1,
            Token::Text(text) | Token::CData(text) => text.len(),
            Token::Char(c) => c.len_utf8(),
        };
        held = held.wrapping_add(size as u64);
        tokens += 1;
    }
}

/// The items of the JSON list the CLI printed, ready to be written again.
pub fn json_items(output: &[u8]) -> Result<Vec<serde_json::Value>> {
    match serde_json::from_slice(output) {
        Ok(serde_json::Value::Array(items)) => Ok(items),
        Ok(_) => Err(Error::msg("the CLI's output is not a JSON list")),
        Err(e) => Err(Error::msg(format!("the CLI's output is not JSON: {e}"))),
    }
}

/// Writes `items` as the CLI lays out a list (`[`, one compact item a line, `]`) into
/// `out`, which is cleared first.
pub fn write_json(items: &[serde_json::Value], out: &mut Vec<u8>) -> Result<()> {
    out.clear();
    out.extend_from_slice(b"[\n  ");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n  ");
        }
        cloud_core::json_writer::write(out, item)
            .map_err(|e| Error::msg(format!("cannot write JSON: {e}")))?;
    }
    out.extend_from_slice(b"\n]\n");
    Ok(())
}

/// The median time of `ROUNDS` runs of `work`.
fn timed(mut work: impl FnMut() -> Result<()>) -> Result<Duration> {
    median_of(|| {
        let start = Instant::now();
        work()?;
        Ok(start.elapsed())
    })
}

/// The median of the times `ROUNDS` runs of `run` report.
fn median_of(mut run: impl FnMut() -> Result<Duration>) -> Result<Duration> {
    let mut times = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        times.push(run()?);
    }
    Ok(median(&times).unwrap_or_default())
}

/// The time tokenizing every page takes, each timed while it is in the cache.
fn tokenize_pages(pages: &[String]) -> Result<Duration> {
    let mut spent = Duration::ZERO;
    for page in pages {
        // Untimed: brings the page into the cache.
        black_box(tokenize(black_box(page.as_bytes()))?);
        let start = Instant::now();
        black_box(tokenize(black_box(page.as_bytes()))?);
        spent += start.elapsed();
    }
    Ok(spent)
}

/// Measures the floor for `pages` of XML and the CLI's JSON `output`.
pub fn measure(pages: &[String], output: &[u8]) -> Result<Limit> {
    let tokenize = median_of(|| tokenize_pages(pages))?;
    let items = json_items(output)?;
    let mut buffer = Vec::with_capacity(output.len());
    let write = timed(|| {
        write_json(black_box(&items), &mut buffer)?;
        black_box(&buffer);
        Ok(())
    })?;
    Ok(Limit {
        tokenize,
        write,
        xml_bytes: pages.iter().map(|p| p.len() as u64).sum(),
        json_bytes: buffer.len() as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_the_fleet_and_tokenize() {
        let fleet = Fleet::generate(25);
        let pages = pages(&fleet, 10);
        assert_eq!(pages.len(), 3);
        let ids: usize = pages
            .iter()
            .map(|p| p.matches("<instanceId>").count())
            .sum();
        assert_eq!(ids, 25);
        let events = tokenize(pages[0].as_bytes()).unwrap();
        assert!(events > 10 * 100, "{events}");
        assert!(tokenize(b"<a></b>").is_err());
    }

    #[test]
    fn json_is_written_as_the_cli_lays_it_out() {
        let output = b"[\n  {\"id\":\"i-1\",\"tags\":{}},\n  {\"id\":\"i-2\",\"tags\":{}}\n]\n";
        let items = json_items(output).unwrap();
        let mut out = Vec::new();
        write_json(&items, &mut out).unwrap();
        assert_eq!(out, output);
        assert!(json_items(b"{}").is_err());
    }

    #[test]
    fn the_limit_adds_both_parts() {
        let fleet = Fleet::generate(12);
        let limit = measure(&pages(&fleet, 5), b"[\n  {\"id\":\"i-1\"}\n]\n").unwrap();
        assert!(limit.tokenize > Duration::ZERO);
        assert_eq!(limit.total(), limit.tokenize + limit.write);
        assert_eq!(limit.json_bytes, 19);
        assert!(limit.xml_bytes > 12 * 3000);
    }
}
