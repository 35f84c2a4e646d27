//! Loopback ports: finding a free one, and asking whether a service answers on one.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::time::Duration;

use super::table::Ready;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
const IO_TIMEOUT: Duration = Duration::from_secs(5);

/// A port on 127.0.0.1 that was free a moment ago (the OS picked it).
pub fn free_port() -> std::io::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

/// A port on 127.0.0.1 free for both UDP and TCP a moment ago, other than the ones in
/// `avoid` (for a server that listens on both, as DNS servers do).
pub fn free_udp_and_tcp_port(avoid: &[u16]) -> std::io::Result<u16> {
    for _ in 0..50 {
        let udp = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0))?;
        let port = udp.local_addr()?.port();
        if !avoid.contains(&port) && TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok() {
            return Ok(port);
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AddrInUse,
        "no port free for both UDP and TCP after 50 tries",
    ))
}

fn connect(port: u16) -> Option<TcpStream> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT).ok()
}

/// Whether 127.0.0.1:`port` accepts a TCP connection.
pub fn tcp_accepts(port: u16) -> bool {
    connect(port).is_some()
}

/// Whether `GET path` on 127.0.0.1:`port` gets an HTTP answer with a status below 500.
pub fn http_answers(port: u16, path: &str) -> bool {
    let Some(mut stream) = connect(port) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = Vec::new();
    let mut buf = [0u8; 256];
    while !head.contains(&b'\n') && head.len() < 4096 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    status_below_500(&head)
}

/// Whether an HTTP response's status line has a status below 500.
pub fn status_below_500(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let mut words = text.lines().next().unwrap_or("").split_whitespace();
    let version_ok = words.next().is_some_and(|v| v.starts_with("HTTP/"));
    let status = words.next().and_then(|s| s.parse::<u16>().ok());
    version_ok && status.is_some_and(|s| (100..500).contains(&s))
}

/// Whether the service on `port` is up by the `ready` rule.
pub fn is_ready(ready: Ready, port: u16) -> bool {
    match ready {
        Ready::Http(path) => http_answers(port, path),
        Ready::Tcp => tcp_accepts(port),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serve_once(answer: &'static str) -> u16 {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            if let Ok((mut s, _)) = listener.accept() {
                let mut buf = [0u8; 1024];
                let _ = s.read(&mut buf);
                let _ = s.write_all(answer.as_bytes());
            }
        });
        port
    }

    #[test]
    fn status_line_rules() {
        assert!(status_below_500(b"HTTP/1.1 200 OK\r\n"));
        assert!(status_below_500(b"HTTP/1.0 404 Not Found\r\n"));
        assert!(!status_below_500(b"HTTP/1.1 503 Service Unavailable\r\n"));
        assert!(!status_below_500(b"SSH-2.0-OpenSSH\r\n"));
        assert!(!status_below_500(b""));
    }

    #[test]
    fn http_probe_reads_the_answer() {
        let up = serve_once("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assert!(is_ready(Ready::Http("/moto-api/"), up));
        let failing = serve_once("HTTP/1.1 500 Internal Server Error\r\n\r\n");
        assert!(!is_ready(Ready::Http("/"), failing));
    }

    #[test]
    fn udp_and_tcp_port_is_free_for_both_and_avoids() {
        let taken = free_port().unwrap();
        let port = free_udp_and_tcp_port(&[taken]).unwrap();
        assert_ne!(port, taken);
        let _udp = UdpSocket::bind((Ipv4Addr::LOCALHOST, port)).unwrap();
        let _tcp = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).unwrap();
    }

    #[test]
    fn nothing_listening_is_not_ready() {
        let port = free_port().unwrap();
        assert!(!is_ready(Ready::Tcp, port));
        assert!(!is_ready(Ready::Http("/"), port));
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        assert!(is_ready(Ready::Tcp, listener.local_addr().unwrap().port()));
    }
}
