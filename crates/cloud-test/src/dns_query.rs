//! A small DNS client for tests: one query over UDP to a server on a loopback address,
//! with a timeout, and the answer section read into typed [`RecordData`] (RFC 1035 wire
//! format; AAAA from RFC 3596, SRV from RFC 2782, CAA from RFC 8659).
//!
//! It exists to look at what a DNS driver wrote from the outside: after creating records
//! through a provider's API, ask the provider's name server what it now serves.
//!
//! ```no_run
//! use cloud_core::dns::RecordType;
//! use cloud_test::dns_query::query;
//!
//! let server = "127.0.0.1:5353".parse().unwrap();
//! let response = query(server, "www.example.org", &RecordType::A).unwrap();
//! for answer in &response.answers {
//!     println!("{} {} {}", answer.name, answer.ttl, answer.data);
//! }
//! ```

mod parse;
#[cfg(test)]
mod tests;

use std::fmt;
use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

use cloud_core::dns::{RecordData, RecordType};

pub use parse::parse_response;

/// How long [`query`] waits for the answer.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3);

/// The largest answer read over UDP without EDNS (RFC 1035 section 4.2.1).
const UDP_LIMIT: usize = 512;

/// One record of the answer section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The owner name, lowercase and fully qualified (`www.example.org.`).
    pub name: String,
    /// The TTL in seconds.
    pub ttl: u32,
    /// The typed data; types without a variant are [`RecordData::Other`] with their
    /// data in the RFC 3597 form (`\# 2 abcd`) and the type as `TYPE<n>` when it has no
    /// mnemonic here.
    pub data: RecordData,
}

/// A server's answer to one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The response code: 0 no error, 2 server failure, 3 name error (NXDOMAIN), 5
    /// refused, …
    pub rcode: u8,
    /// Whether the server answered with authority (the AA bit).
    pub authoritative: bool,
    /// Whether the answer was cut to fit the UDP limit (the TC bit).
    pub truncated: bool,
    /// The answer section, in the server's order.
    pub answers: Vec<Answer>,
}

impl Response {
    /// The answers' data, sorted (the order a server sends a set in may vary).
    pub fn sorted_data(&self) -> Vec<RecordData> {
        let mut data: Vec<RecordData> = self.answers.iter().map(|a| a.data.clone()).collect();
        data.sort();
        data
    }
}

/// Why a query got no usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// The server address is not loopback: tests query local servers only.
    NotLoopback(SocketAddr),
    /// The name or type cannot be put in a query.
    BadQuestion(String),
    /// Sending or receiving failed.
    Io(String),
    /// No answer came within the timeout.
    Timeout(Duration),
    /// The answer is not a well-formed DNS message.
    Malformed(String),
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::NotLoopback(addr) => {
                write!(
                    f,
                    "{addr} is not a loopback address; tests query local servers only"
                )
            }
            QueryError::BadQuestion(why) => write!(f, "cannot ask that: {why}"),
            QueryError::Io(why) => write!(f, "DNS query failed: {why}"),
            QueryError::Timeout(after) => write!(f, "no DNS answer within {after:?}"),
            QueryError::Malformed(why) => write!(f, "malformed DNS answer: {why}"),
        }
    }
}

impl std::error::Error for QueryError {}

/// Asks `server` (a loopback address) for the records of `rtype` at `name` over UDP,
/// waiting up to [`DEFAULT_TIMEOUT`].
pub fn query(server: SocketAddr, name: &str, rtype: &RecordType) -> Result<Response, QueryError> {
    query_with_timeout(server, name, rtype, DEFAULT_TIMEOUT)
}

/// Like [`query`], waiting up to `timeout`. Datagrams from other addresses or with
/// another message id are ignored while waiting.
pub fn query_with_timeout(
    server: SocketAddr,
    name: &str,
    rtype: &RecordType,
    timeout: Duration,
) -> Result<Response, QueryError> {
    if !server.ip().is_loopback() {
        return Err(QueryError::NotLoopback(server));
    }
    let id: u16 = rand::random();
    let message = build_query(id, name, type_code(rtype)?)?;
    let local: SocketAddr = if server.is_ipv4() {
        ([127, 0, 0, 1], 0).into()
    } else {
        (std::net::Ipv6Addr::LOCALHOST, 0).into()
    };
    let io = |e: std::io::Error| QueryError::Io(e.to_string());
    let socket = UdpSocket::bind(local).map_err(io)?;
    socket.send_to(&message, server).map_err(io)?;
    let deadline = Instant::now() + timeout;
    let mut buf = [0u8; UDP_LIMIT * 8];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(QueryError::Timeout(timeout));
        }
        socket.set_read_timeout(Some(left)).map_err(io)?;
        let (len, from) = match socket.recv_from(&mut buf) {
            Ok(got) => got,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(QueryError::Timeout(timeout));
            }
            Err(e) => return Err(io(e)),
        };
        let packet = &buf[..len];
        if from != server || packet.get(..2) != Some(&id.to_be_bytes()[..]) {
            continue;
        }
        return parse_response(packet, id);
    }
}

/// The wire code of a record type: the common types, a few others by mnemonic, and
/// `TYPE<n>` (RFC 3597) for any.
pub fn type_code(rtype: &RecordType) -> Result<u16, QueryError> {
    let code = match rtype {
        RecordType::A => 1,
        RecordType::Ns => 2,
        RecordType::Cname => 5,
        RecordType::Soa => 6,
        RecordType::Ptr => 12,
        RecordType::Mx => 15,
        RecordType::Txt => 16,
        RecordType::Aaaa => 28,
        RecordType::Srv => 33,
        RecordType::Spf => 99,
        RecordType::Caa => 257,
        RecordType::Other(name) => parse::other_code(name).ok_or_else(|| {
            QueryError::BadQuestion(format!("no type code known for {name}; ask for TYPE<n>"))
        })?,
    };
    Ok(code)
}

/// A query message (recursion not desired) for `name` and type `code`, class IN.
pub fn build_query(id: u16, name: &str, code: u16) -> Result<Vec<u8>, QueryError> {
    let mut message = Vec::with_capacity(32 + name.len());
    message.extend_from_slice(&id.to_be_bytes());
    message.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    let trimmed = name.trim_end_matches('.');
    if !trimmed.is_empty() {
        for label in trimmed.split('.') {
            let len = label.len();
            if len == 0 || len > 63 {
                return Err(QueryError::BadQuestion(format!(
                    "{name:?} has a label of {len} bytes"
                )));
            }
            message.push(len as u8);
            message.extend_from_slice(label.as_bytes());
        }
    }
    message.push(0);
    if message.len() - 12 > 255 {
        return Err(QueryError::BadQuestion(format!(
            "{name:?} is over 255 bytes"
        )));
    }
    message.extend_from_slice(&code.to_be_bytes());
    message.extend_from_slice(&1u16.to_be_bytes());
    Ok(message)
}
