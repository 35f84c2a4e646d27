//! Waiting until an SSH server answers: a TCP connection and an `SSH-` banner.

use std::time::Duration;

use cloud_core::{ErrorKind, Result};
use tokio::io::AsyncReadExt;
use tokio::time::Instant;

use crate::errors::ssh_error;
use crate::ssh::SshTarget;
use crate::ssh::guard::loopback_only_from_env;

/// How long one probe may take at most.
const PROBE_LIMIT: Duration = Duration::from_secs(5);

/// Waits until `target` accepts a TCP connection and sends an SSH banner, probing
/// again after `initial_backoff` (doubling up to `max_backoff`) until `deadline` has
/// passed; then fails with `Timeout`, saying what the last probe saw. With
/// `LIBCLOUD_LOOPBACK_ONLY=1` in the environment, an address that is not loopback is
/// refused (`InvalidInput`) before any connection.
pub async fn wait_for_ssh(
    target: &SshTarget,
    deadline: Duration,
    initial_backoff: Duration,
    max_backoff: Duration,
) -> Result<()> {
    crate::ssh::guard::check_target(target, loopback_only_from_env(), "wait_for_ssh")?;
    let started = Instant::now();
    let give_up = started + deadline;
    let mut backoff = initial_backoff;
    loop {
        let left = give_up.saturating_duration_since(Instant::now());
        let limit = left.min(PROBE_LIMIT).max(Duration::from_millis(1));
        let last = match tokio::time::timeout(limit, probe(target)).await {
            Ok(Ok(())) => return Ok(()),
            Ok(Err(why)) => why,
            Err(_) => "no banner in time".to_string(),
        };
        let now = Instant::now();
        if now >= give_up {
            return Err(ssh_error(
                ErrorKind::Timeout,
                "wait_for_ssh",
                format!(
                    "no SSH server answered at {target} within {deadline:?} (last try: {last})"
                ),
            ));
        }
        tokio::time::sleep(backoff.min(give_up - now)).await;
        backoff = (backoff * 2).min(max_backoff);
    }
}

/// One probe: connect and read the first line, which must start with `SSH-`.
async fn probe(target: &SshTarget) -> std::result::Result<(), String> {
    let mut stream = tokio::net::TcpStream::connect((target.host.as_str(), target.port))
        .await
        .map_err(|e| e.to_string())?;
    let mut seen = Vec::new();
    let mut buf = [0u8; 256];
    while seen.len() < 8192 {
        let n = stream.read(&mut buf).await.map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("the server closed the connection before its banner".to_string());
        }
        seen.extend_from_slice(&buf[..n]);
        // Servers may send other lines before the version line (RFC 4253, 4.2).
        for line in seen.split(|b| *b == b'\n') {
            if line.starts_with(b"SSH-") {
                return Ok(());
            }
        }
    }
    Err("no SSH banner in the first 8 KiB".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;

    #[tokio::test]
    async fn a_banner_ends_the_wait() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let _ = socket.write_all(b"hello\r\nSSH-2.0-Test\r\n").await;
            }
        });
        let target = SshTarget::new("127.0.0.1", port);
        let ms = Duration::from_millis;
        wait_for_ssh(&target, Duration::from_secs(5), ms(10), ms(50))
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn a_silent_or_closed_port_times_out_naming_the_last_try() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let target = SshTarget::new("127.0.0.1", port);
        let ms = Duration::from_millis;
        let started = std::time::Instant::now();
        let err = wait_for_ssh(&target, ms(300), ms(20), ms(100))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Timeout);
        assert!(
            err.to_string()
                .starts_with("ssh wait_for_ssh: no SSH server answered at 127.0.0.1:"),
            "{err}"
        );
        assert!(started.elapsed() < Duration::from_secs(3));
    }

    #[tokio::test]
    async fn a_server_that_starts_late_is_waited_for() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
                .await
                .unwrap();
            while let Ok((mut socket, _)) = listener.accept().await {
                let _ = socket.write_all(b"SSH-2.0-Late\r\n").await;
            }
        });
        let target = SshTarget::new("127.0.0.1", port);
        let ms = Duration::from_millis;
        wait_for_ssh(&target, Duration::from_secs(10), ms(20), ms(100))
            .await
            .unwrap();
    }
}
