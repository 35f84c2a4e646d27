//! A fault-injecting HTTP/1.1 proxy for live tests: it stands between a driver and a
//! server on 127.0.0.1 and breaks the requests its rules pick (cuts an answer's body
//! after some bytes, resets the connection, delays, answers 500/503 instead of the
//! server, flips a bit of a body), forwarding everything else unchanged, `Host` header
//! included so signatures still verify. Bodies stream through in pieces both ways, so a
//! large transfer costs the proxy little memory, and the proxy counts the answer bytes
//! it passed on (to check, say, that a resumed download fetched little twice).
//!
//! One request per connection: the proxy asks both sides to close after each.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

/// Which requests a rule applies to, by their request line (`GET /b/k?x=1 HTTP/1.1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// Every request.
    Any,
    /// Requests with this method.
    Method(&'static str),
    /// Requests whose path and query contain this text.
    Contains(String),
    /// Requests with this method whose path and query contain this text.
    MethodContaining(&'static str, String),
    /// `UploadPart` requests (`partNumber=N`) with a part number of at least this.
    PartsFrom(u32),
}

impl Match {
    fn matches(&self, request_line: &str) -> bool {
        let mut words = request_line.split_whitespace();
        let method = words.next().unwrap_or_default();
        let target = words.next().unwrap_or_default();
        match self {
            Match::Any => true,
            Match::Method(m) => method.eq_ignore_ascii_case(m),
            Match::Contains(text) => target.contains(text.as_str()),
            Match::MethodContaining(m, text) => {
                method.eq_ignore_ascii_case(m) && target.contains(text.as_str())
            }
            Match::PartsFrom(from) => part_number(target).is_some_and(|n| n >= *from),
        }
    }
}

/// What the proxy does to a request a rule picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Forwards the request, then passes on only this many bytes of the answer's body
    /// and resets the connection.
    CutBodyAfter(u64),
    /// Resets the connection before forwarding anything.
    Reset,
    /// Waits this long, then forwards the request.
    Delay(Duration),
    /// Answers with this status (500, 503, …) itself, never forwarding the request.
    Status(u16),
    /// Forwards the request and flips one bit in the middle of the answer's body.
    CorruptBody,
}

/// A fault for the requests `when` picks: every `every`-th of them, at most `times`
/// times in all (no limit when `None`).
#[derive(Debug, Clone)]
pub struct Rule {
    /// Which requests.
    pub when: Match,
    /// What happens to them.
    pub fault: Fault,
    /// How many of them, at most.
    pub times: Option<usize>,
    /// Only every this many-th matching request (1: each one).
    pub every: usize,
}

impl Rule {
    /// `fault` for every request `when` picks.
    pub fn always(when: Match, fault: Fault) -> Self {
        Rule {
            when,
            fault,
            times: None,
            every: 1,
        }
    }

    /// `fault` for the first `times` requests `when` picks.
    pub fn times(when: Match, fault: Fault, times: usize) -> Self {
        Rule {
            times: Some(times),
            ..Rule::always(when, fault)
        }
    }

    /// `fault` for every `n`-th request `when` picks (the `n`-th, the `2n`-th, …): a
    /// storm that a client with retries rides out.
    pub fn every(when: Match, fault: Fault, n: usize) -> Self {
        Rule {
            every: n.max(1),
            ..Rule::always(when, fault)
        }
    }
}

/// A rule with what it saw: requests it matched, and faults it applied.
#[derive(Debug)]
struct Armed {
    rule: Rule,
    matched: usize,
    applied: usize,
}

impl Armed {
    fn new(rule: Rule) -> Self {
        Armed {
            rule,
            matched: 0,
            applied: 0,
        }
    }
}

/// What the proxy saw and did.
#[derive(Debug, Default)]
struct Tally {
    lines: Mutex<Vec<String>>,
    requests: AtomicUsize,
    broken: AtomicUsize,
    answer_bytes: AtomicU64,
}

/// A running proxy; it stops when dropped.
pub struct FaultProxy {
    addr: SocketAddr,
    tally: Arc<Tally>,
    rules: Arc<Mutex<Vec<Armed>>>,
    task: tokio::task::JoinHandle<()>,
}

impl FaultProxy {
    /// Starts a proxy on 127.0.0.1 in front of `upstream` (a loopback URL), applying
    /// the first rule that picks each request.
    pub async fn start(upstream: &Url, rules: Vec<Rule>) -> FaultProxy {
        crate::guard::assert_loopback(upstream);
        let target = format!(
            "{}:{}",
            upstream.host_str().expect("upstream host"),
            upstream.port_or_known_default().expect("upstream port")
        );
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().expect("proxy address");
        let tally = Arc::new(Tally::default());
        let rules = Arc::new(Mutex::new(rules.into_iter().map(Armed::new).collect()));
        let (t, r) = (tally.clone(), Arc::clone(&rules));
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (target, tally, rules) = (target.clone(), t.clone(), r.clone());
                tokio::spawn(async move {
                    let _ = serve(client, &target, &tally, &rules).await;
                });
            }
        });
        FaultProxy {
            addr,
            tally,
            rules,
            task,
        }
    }

    /// The proxy's base URL.
    pub fn url(&self) -> Url {
        Url::parse(&format!("http://{}", self.addr)).expect("proxy URL")
    }

    /// Requests it received.
    pub fn requests(&self) -> usize {
        self.tally.requests.load(Ordering::SeqCst)
    }

    /// The request line (`METHOD /path?query HTTP/1.1`) of every request it received,
    /// in the order they came.
    pub fn request_lines(&self) -> Vec<String> {
        self.tally
            .lines
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Requests it broke.
    pub fn broken(&self) -> usize {
        self.tally.broken.load(Ordering::SeqCst)
    }

    /// Answer body bytes it passed on to clients, in all.
    pub fn answer_bytes(&self) -> u64 {
        self.tally.answer_bytes.load(Ordering::SeqCst)
    }

    /// Replaces the rules (and their counts) for the requests still to come.
    pub fn set_rules(&self, rules: Vec<Rule>) {
        *self.rules.lock().unwrap_or_else(|p| p.into_inner()) =
            rules.into_iter().map(Armed::new).collect();
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The fault for `request_line`: the first rule whose turn it is, counting the request
/// against every rule that matches it.
fn pick(rules: &Mutex<Vec<Armed>>, request_line: &str) -> Option<Fault> {
    let mut rules = rules.lock().unwrap_or_else(|p| p.into_inner());
    let mut chosen = None;
    for armed in rules.iter_mut() {
        if !armed.rule.when.matches(request_line) {
            continue;
        }
        armed.matched += 1;
        let turn = armed.matched % armed.rule.every == 0;
        let left = armed.rule.times.is_none_or(|t| armed.applied < t);
        if chosen.is_none() && turn && left {
            armed.applied += 1;
            chosen = Some(armed.rule.fault);
        }
    }
    chosen
}

async fn serve(
    mut client: TcpStream,
    target: &str,
    tally: &Tally,
    rules: &Mutex<Vec<Armed>>,
) -> std::io::Result<()> {
    let (head, early) = read_head(&mut client).await?;
    tally.requests.fetch_add(1, Ordering::SeqCst);
    let request_line = head.lines().next().unwrap_or_default().to_string();
    tally
        .lines
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(request_line.clone());
    let fault = pick(rules, &request_line);
    if fault.is_some() {
        tally.broken.fetch_add(1, Ordering::SeqCst);
    }
    match fault {
        Some(Fault::Reset) => return reset(client),
        Some(Fault::Status(code)) => {
            let body = format!("fault proxy: status {code}\n");
            let answer = format!(
                "HTTP/1.1 {code} Injected\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            client.write_all(answer.as_bytes()).await?;
            return client.shutdown().await;
        }
        Some(Fault::Delay(delay)) => tokio::time::sleep(delay).await,
        _ => {}
    }
    let mut upstream = TcpStream::connect(target).await?;
    upstream.write_all(closing(&head).as_bytes()).await?;
    let body_len = content_length(&head).unwrap_or(0);
    upstream.write_all(&early).await?;
    let left = body_len.saturating_sub(early.len() as u64);
    copy_exactly(&mut client, &mut upstream, left, &mut |_| {}).await?;
    let (answer_head, answer_early) = read_head(&mut upstream).await?;
    client.write_all(closing(&answer_head).as_bytes()).await?;
    let answer_len = content_length(&answer_head);
    let cut = match fault {
        Some(Fault::CutBodyAfter(n)) => Some(n),
        _ => None,
    };
    let flip_at = match (fault, answer_len) {
        (Some(Fault::CorruptBody), Some(len)) if len > 0 => Some(len / 2),
        _ => None,
    };
    let mut passed: u64 = 0;
    let mut forward = |piece: &mut [u8]| {
        if let Some(at) = flip_at
            && (passed..passed + piece.len() as u64).contains(&at)
        {
            piece[(at - passed) as usize] ^= 0x01;
        }
        passed += piece.len() as u64;
    };
    let mut early = answer_early;
    let limit = |wanted: u64| cut.map_or(wanted, |c| wanted.min(c));
    let early_keep = limit(early.len() as u64) as usize;
    early.truncate(early_keep);
    forward(&mut early);
    client.write_all(&early).await?;
    tally
        .answer_bytes
        .fetch_add(early.len() as u64, Ordering::SeqCst);
    let rest = match answer_len {
        Some(len) => len.saturating_sub(early_keep as u64),
        None => u64::MAX,
    };
    let rest = match cut {
        Some(c) => rest.min(c.saturating_sub(early_keep as u64)),
        None => rest,
    };
    let copied = copy_exactly(&mut upstream, &mut client, rest, &mut |piece| {
        forward(piece);
        tally
            .answer_bytes
            .fetch_add(piece.len() as u64, Ordering::SeqCst);
    })
    .await;
    if cut.is_some_and(|c| answer_len.is_none_or(|len| c < len)) {
        return reset(client);
    }
    copied?;
    client.shutdown().await
}

/// Closes with a reset (a zero linger), never blocking.
fn reset(stream: TcpStream) -> std::io::Result<()> {
    #[allow(deprecated)]
    stream.set_linger(Some(Duration::ZERO))?;
    drop(stream);
    Ok(())
}

/// Copies up to `len` bytes (to the end of `from` when it ends first), handing every
/// piece to `seen` before it is written.
async fn copy_exactly<R, W>(
    from: &mut R,
    to: &mut W,
    len: u64,
    seen: &mut (dyn FnMut(&mut [u8]) + Send),
) -> std::io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut left = len;
    let mut buf = vec![0u8; 64 * 1024];
    while left > 0 {
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = from.read(&mut buf[..want]).await?;
        if n == 0 {
            break;
        }
        seen(&mut buf[..n]);
        to.write_all(&buf[..n]).await?;
        left -= n as u64;
    }
    Ok(())
}

/// Reads up to the end of an HTTP head; returns the head and what came after it.
async fn read_head(stream: &mut TcpStream) -> std::io::Result<(String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let rest = buf.split_off(end + 4);
            return Ok((String::from_utf8_lossy(&buf).into_owned(), rest));
        }
        if buf.len() > 1024 * 1024 {
            return Err(std::io::Error::other("an HTTP head over 1 MiB"));
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "connection closed inside a head",
            ));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// The head's `Content-Length`.
fn content_length(head: &str) -> Option<u64> {
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
}

/// The head with any `Connection` header replaced by `Connection: close`.
fn closing(head: &str) -> String {
    let mut out: Vec<&str> = head
        .trim_end()
        .lines()
        .filter(|l| {
            !l.split_once(':')
                .is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case("connection"))
        })
        .collect();
    out.push("Connection: close");
    format!("{}\r\n\r\n", out.join("\r\n"))
}

fn part_number(target: &str) -> Option<u32> {
    let query = target.split_once('?')?.1;
    query
        .split('&')
        .find_map(|p| p.strip_prefix("partNumber="))
        .and_then(|n| n.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_read_the_request_line() {
        let line = "PUT /b/k?partNumber=3&uploadId=x HTTP/1.1";
        assert!(Match::Any.matches(line));
        assert!(Match::Method("put").matches(line));
        assert!(!Match::Method("GET").matches(line));
        assert!(Match::PartsFrom(3).matches(line));
        assert!(!Match::PartsFrom(4).matches(line));
        assert!(Match::Contains("uploadId".into()).matches(line));
        assert!(!Match::MethodContaining("GET", "/b/k".into()).matches(line));
    }

    #[test]
    fn rules_apply_in_order_and_run_out() {
        let rules = Mutex::new(vec![
            Armed::new(Rule::times(Match::Method("GET"), Fault::Status(503), 2)),
            Armed::new(Rule::always(Match::Any, Fault::Delay(Duration::ZERO))),
        ]);
        let get = "GET / HTTP/1.1";
        assert_eq!(pick(&rules, get), Some(Fault::Status(503)));
        assert_eq!(pick(&rules, get), Some(Fault::Status(503)));
        assert_eq!(pick(&rules, get), Some(Fault::Delay(Duration::ZERO)));
        assert_eq!(
            pick(&rules, "PUT / HTTP/1.1"),
            Some(Fault::Delay(Duration::ZERO))
        );
    }

    #[test]
    fn every_nth_request_is_picked() {
        let rules = Mutex::new(vec![Armed::new(Rule::every(
            Match::Method("GET"),
            Fault::Status(503),
            3,
        ))]);
        let picked: Vec<bool> = (0..7)
            .map(|_| pick(&rules, "GET / HTTP/1.1").is_some())
            .collect();
        assert_eq!(picked, [false, false, true, false, false, true, false]);
        assert_eq!(pick(&rules, "PUT / HTTP/1.1"), None);
    }

    #[test]
    fn heads_are_rewritten_to_close() {
        let head = "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 5\r\n\r\n";
        let closed = closing(head);
        assert!(closed.ends_with("Connection: close\r\n\r\n"), "{closed}");
        assert!(!closed.contains("keep-alive"));
        assert_eq!(content_length(head), Some(5));
    }
}
