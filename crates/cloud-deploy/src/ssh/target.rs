//! Where to connect: a host and a port, parsed from `HOST[:PORT]`.

use std::fmt;
use std::str::FromStr;

use cloud_core::{Error, Result};

/// A host (name or address) and port.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct SshTarget {
    /// Host name or IP address (IPv6 without brackets).
    pub host: String,
    /// TCP port.
    pub port: u16,
}

impl SshTarget {
    /// `host` at `port`.
    pub fn new(host: impl Into<String>, port: u16) -> Self {
        SshTarget {
            host: host.into(),
            port,
        }
    }

    /// `text` as `HOST`, `HOST:PORT`, `[V6]` or `[V6]:PORT`, with `default_port` when
    /// none is given; a bare IPv6 address is taken whole.
    pub fn parse_with_port(text: &str, default_port: u16) -> Result<Self> {
        let bad = |why: &str| Error::invalid_input(format!("{text:?} is not HOST[:PORT]: {why}"));
        let text = text.trim();
        if text.is_empty() {
            return Err(bad("it is empty"));
        }
        let (host, port) = if let Some(rest) = text.strip_prefix('[') {
            let (host, after) = rest.split_once(']').ok_or_else(|| bad("no closing ]"))?;
            match after {
                "" => (host, None),
                _ => (
                    host,
                    Some(after.strip_prefix(':').ok_or_else(|| bad("junk after ]"))?),
                ),
            }
        } else if text.matches(':').count() > 1 {
            (text, None)
        } else {
            match text.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (text, None),
            }
        };
        if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c == '/') {
            return Err(bad("bad host"));
        }
        let port = match port {
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|p| *p != 0)
                .ok_or_else(|| bad("the port is not a number from 1 to 65535"))?,
            None => default_port,
        };
        Ok(SshTarget::new(host, port))
    }
}

impl FromStr for SshTarget {
    type Err = Error;

    /// `HOST[:PORT]`, port 22 by default.
    fn from_str(text: &str) -> Result<Self> {
        SshTarget::parse_with_port(text, 22)
    }
}

impl fmt::Display for SshTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_and_port_forms() {
        let t: SshTarget = "127.0.0.1:2222".parse().unwrap();
        assert_eq!(t, SshTarget::new("127.0.0.1", 2222));
        assert_eq!(t.to_string(), "127.0.0.1:2222");
        let t: SshTarget = "example.org".parse().unwrap();
        assert_eq!(t, SshTarget::new("example.org", 22));
        let t: SshTarget = "[::1]:2200".parse().unwrap();
        assert_eq!(t, SshTarget::new("::1", 2200));
        assert_eq!(t.to_string(), "[::1]:2200");
        let t: SshTarget = "2001:db8::5".parse().unwrap();
        assert_eq!(t, SshTarget::new("2001:db8::5", 22));
        assert_eq!(
            SshTarget::parse_with_port("h", 2022).unwrap(),
            SshTarget::new("h", 2022)
        );
    }

    #[test]
    fn bad_forms_are_invalid_input() {
        for bad in [
            "", "h:", "h:0", "h:70000", "h:x", "[::1", "[::1]x", ":22", "a b:1",
        ] {
            let err = bad.parse::<SshTarget>().unwrap_err();
            assert_eq!(err.kind(), cloud_core::ErrorKind::InvalidInput, "{bad:?}");
        }
    }
}
