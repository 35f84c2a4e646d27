//! Typed record data: MX and SRV priorities and weights are numbers, TXT is a list of
//! character strings, host names are fully qualified.

use std::net::{Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};

use super::RecordType;
use super::txt;

/// The data of one record, typed by record type. Host names are fully qualified (ending
/// in `.`); [`RecordData::presentation`] writes the data as a zone file does.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "UPPERCASE")]
pub enum RecordData {
    /// An IPv4 address.
    A {
        /// The address.
        address: Ipv4Addr,
    },
    /// An IPv6 address.
    Aaaa {
        /// The address.
        address: Ipv6Addr,
    },
    /// An alias for another name.
    Cname {
        /// The canonical name.
        target: String,
    },
    /// A mail exchanger.
    Mx {
        /// Lower is preferred.
        priority: u16,
        /// The mail server's host name.
        exchange: String,
    },
    /// Text, as one or more character strings of at most 255 bytes.
    Txt {
        /// The character strings, in order.
        strings: Vec<String>,
    },
    /// A service location.
    Srv {
        /// Lower is preferred.
        priority: u16,
        /// Share among targets of equal priority.
        weight: u16,
        /// The service's port.
        port: u16,
        /// The host offering the service (`.` for none).
        target: String,
    },
    /// A name server for the name.
    Ns {
        /// The name server's host name.
        host: String,
    },
    /// A reverse pointer.
    Ptr {
        /// The name the address points to.
        target: String,
    },
    /// Which certification authorities may issue for the name.
    Caa {
        /// Flags (128: critical).
        flags: u8,
        /// The property: `issue`, `issuewild`, `iodef`, …
        tag: String,
        /// The property's value.
        value: String,
    },
    /// A sender policy, in the dedicated SPF type.
    Spf {
        /// The character strings, in order.
        strings: Vec<String>,
    },
    /// The zone's start of authority.
    Soa {
        /// The primary name server.
        mname: String,
        /// The responsible mailbox, as a name (`hostmaster.example.org.`).
        rname: String,
        /// The zone's serial number.
        serial: u32,
        /// Seconds between secondary refreshes.
        refresh: u32,
        /// Seconds between retries of a failed refresh.
        retry: u32,
        /// Seconds after which a secondary stops answering without a refresh.
        expire: u32,
        /// The negative-caching TTL.
        minimum: u32,
    },
    /// Data of a type without a variant of its own, in presentation form.
    #[serde(rename = "OTHER")]
    Other {
        /// The record type.
        rtype: RecordType,
        /// The data as a zone file writes it.
        data: String,
    },
}

impl RecordData {
    /// The record type this data belongs to.
    pub fn rtype(&self) -> RecordType {
        match self {
            RecordData::A { .. } => RecordType::A,
            RecordData::Aaaa { .. } => RecordType::Aaaa,
            RecordData::Cname { .. } => RecordType::Cname,
            RecordData::Mx { .. } => RecordType::Mx,
            RecordData::Txt { .. } => RecordType::Txt,
            RecordData::Srv { .. } => RecordType::Srv,
            RecordData::Ns { .. } => RecordType::Ns,
            RecordData::Ptr { .. } => RecordType::Ptr,
            RecordData::Caa { .. } => RecordType::Caa,
            RecordData::Spf { .. } => RecordType::Spf,
            RecordData::Soa { .. } => RecordType::Soa,
            RecordData::Other { rtype, .. } => rtype.clone(),
        }
    }

    /// TXT data for `text`, split into 255-byte strings.
    pub fn txt(text: &str) -> RecordData {
        RecordData::Txt {
            strings: txt::split_text(text),
        }
    }

    /// The data as a zone file writes it, host names fully qualified: `10
    /// mail.example.org.` for MX, `"v=spf1 -all"` for TXT.
    pub fn presentation(&self) -> String {
        match self {
            RecordData::A { address } => address.to_string(),
            RecordData::Aaaa { address } => address.to_string(),
            RecordData::Cname { target } | RecordData::Ptr { target } => target.clone(),
            RecordData::Ns { host } => host.clone(),
            RecordData::Mx { priority, exchange } => format!("{priority} {exchange}"),
            RecordData::Txt { strings } | RecordData::Spf { strings } => txt::quote_all(strings),
            RecordData::Srv {
                priority,
                weight,
                port,
                target,
            } => format!("{priority} {weight} {port} {target}"),
            RecordData::Caa { flags, tag, value } => {
                format!("{flags} {tag} {}", txt::quote(value))
            }
            RecordData::Soa {
                mname,
                rname,
                serial,
                refresh,
                retry,
                expire,
                minimum,
            } => format!("{mname} {rname} {serial} {refresh} {retry} {expire} {minimum}"),
            RecordData::Other { data, .. } => data.clone(),
        }
    }

    /// The text of TXT or SPF data, its strings joined; `None` for other types.
    pub fn text(&self) -> Option<String> {
        match self {
            RecordData::Txt { strings } | RecordData::Spf { strings } => Some(strings.concat()),
            _ => None,
        }
    }
}

impl std::fmt::Display for RecordData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.presentation())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presentation_matches_zone_files() {
        let mx = RecordData::Mx {
            priority: 10,
            exchange: "mail.example.org.".into(),
        };
        assert_eq!(mx.presentation(), "10 mail.example.org.");
        assert_eq!(mx.rtype(), RecordType::Mx);
        let srv = RecordData::Srv {
            priority: 0,
            weight: 5,
            port: 5060,
            target: "sip.example.org.".into(),
        };
        assert_eq!(srv.to_string(), "0 5 5060 sip.example.org.");
        let txt = RecordData::Txt {
            strings: vec!["v=spf1 \"x\"".into(), "more".into()],
        };
        assert_eq!(txt.presentation(), r#""v=spf1 \"x\"" "more""#);
        let caa = RecordData::Caa {
            flags: 0,
            tag: "issue".into(),
            value: "letsencrypt.org".into(),
        };
        assert_eq!(caa.presentation(), "0 issue \"letsencrypt.org\"");
    }

    #[test]
    fn long_text_becomes_several_strings() {
        let data = RecordData::txt(&"k".repeat(300));
        let RecordData::Txt { strings } = &data else {
            panic!("not TXT");
        };
        assert_eq!(strings.len(), 2);
        assert_eq!(data.text().unwrap().len(), 300);
    }

    #[test]
    fn serde_tags_the_type() {
        let mx = RecordData::Mx {
            priority: 5,
            exchange: "mx.example.org.".into(),
        };
        let json = serde_json::to_value(&mx).unwrap();
        assert_eq!(json["type"], "MX");
        assert_eq!(json["priority"], 5);
        let back: RecordData = serde_json::from_value(json).unwrap();
        assert_eq!(back, mx);
    }
}
