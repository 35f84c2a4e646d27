//! The data of one record in presentation form, typed: what a zone file writes after
//! the type, and what `dns records create ZONE NAME TYPE DATA` takes.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::dns::{RecordData, RecordType, txt};
use crate::{Error, Result};

use super::escape::{self, shown};
use super::lexer::{Lexer, MAX_TOKEN, Mode, Token};
use super::name::Name;
use super::ttl::{parse_duration, parse_number};
use super::types::canonical;

/// The longest data of a type without a variant, normalised, in bytes: 65535 bytes of
/// record data written as hex, with room for spaces.
const MAX_OTHER_TEXT: usize = 256 * 1024;

/// The most record data holds on the wire, in bytes.
const MAX_RDATA: usize = 65_535;

/// Why data could not be read, and the line of the token at fault when one is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DataError {
    /// The 1-based line of the token at fault; `None` when the data as a whole is.
    pub(crate) line: Option<usize>,
    /// What is wrong.
    pub(crate) message: String,
}

impl DataError {
    fn whole(message: impl Into<String>) -> Self {
        DataError {
            line: None,
            message: message.into(),
        }
    }

    fn at(token: &Token<'_>, message: impl Into<String>) -> Self {
        DataError {
            line: Some(token.line),
            message: message.into(),
        }
    }
}

/// Reads one record's data in presentation form, as a zone file or a command line writes
/// it, into typed data.
///
/// - Host names (`CNAME`, `NS`, `PTR`, the `MX` exchange, the `SRV` target, the `SOA`
///   names) are completed with `origin` (a zone domain such as `example.org`) unless they
///   end in `.`; `@` is the origin itself. They come back lowercase and fully qualified:
///   `10 mail` with origin `example.org` is MX priority 10, exchange `mail.example.org.`.
///   With an empty `origin`, relative names are an error.
/// - `TXT` and `SPF`: each quoted string is one character string, each unquoted word is
///   one string (`"v=spf1 include:x -all"` is one string, `a b` two). A single string
///   over 255 bytes is split with [`txt::split_text`]; among several strings, one over
///   255 bytes is an error. `\"`, `\\` and `\DDD` (a decimal byte) are escapes; the
///   bytes must form UTF-8.
/// - `MX` `10 mail`, `SRV` `0 5 5060 sip`, `CAA` `0 issue "letsencrypt.org"` (the tag is
///   kept lowercase), `SOA` with its seven fields (the four timers may use units such as
///   `1h` or `2w`).
/// - `A` and `AAAA` must be one address of their family.
/// - Any other type is [`RecordData::Other`] with the text normalised: one space between
///   fields, comments and parentheses gone, quoted strings re-quoted with only the
///   escapes they need, other fields as written, except the fields known to be domain
///   names (the target of `DNAME`, `ALIAS`, `ANAME`, `SVCB` and `HTTPS`, the replacement
///   of `NAPTR`, …), which are completed like host names.
///
/// A `;` outside quotes is refused (a zone file would read the rest as a comment).
/// Errors are [`ErrorKind::InvalidInput`](crate::ErrorKind) naming the type and the
/// problem, e.g. `MX data needs a priority and a host: "mail"`.
pub fn parse_rdata(rtype: &RecordType, text: &str, origin: &str) -> Result<RecordData> {
    let rtype = canonical(rtype);
    let origin = if origin.trim().is_empty() {
        None
    } else {
        Some(Name::domain(origin).map_err(|e| Error::invalid_input(format!("origin: {e}")))?)
    };
    let mut lexer = Lexer::new(text, Mode::Data);
    let tokens = match lexer.next_entry() {
        Ok(Some(entry)) => entry.tokens,
        Ok(None) => Vec::new(),
        Err(e) => return Err(Error::invalid_input(format!("{rtype} data: {}", e.message))),
    };
    from_tokens(&rtype, &tokens, origin.as_ref()).map_err(|e| Error::invalid_input(e.message))
}

/// Reads the data of a record of type `rtype` (canonical, see
/// [`canonical`](super::types::canonical)) from its tokens, completing relative names
/// with `origin`.
pub(crate) fn from_tokens(
    rtype: &RecordType,
    tokens: &[Token<'_>],
    origin: Option<&Name>,
) -> std::result::Result<RecordData, DataError> {
    let all = || shown(&written(tokens));
    match rtype {
        RecordType::A => {
            let [t] = tokens else {
                return Err(DataError::whole(format!(
                    "A data must be one IPv4 address: {}",
                    all()
                )));
            };
            let raw = word(t, "A address")?;
            let address = raw.parse::<Ipv4Addr>().map_err(|_| {
                DataError::at(t, format!("A data {} is not an IPv4 address", shown(raw)))
            })?;
            Ok(RecordData::A { address })
        }
        RecordType::Aaaa => {
            let [t] = tokens else {
                return Err(DataError::whole(format!(
                    "AAAA data must be one IPv6 address: {}",
                    all()
                )));
            };
            let raw = word(t, "AAAA address")?;
            let address = raw.parse::<Ipv6Addr>().map_err(|_| {
                DataError::at(
                    t,
                    format!("AAAA data {} is not an IPv6 address", shown(raw)),
                )
            })?;
            Ok(RecordData::Aaaa { address })
        }
        RecordType::Cname | RecordType::Ns | RecordType::Ptr => {
            let [t] = tokens else {
                return Err(DataError::whole(format!(
                    "{rtype} data must be one host name: {}",
                    all()
                )));
            };
            let name = host(t, origin, &format!("{rtype} host"))?;
            Ok(match rtype {
                RecordType::Cname => RecordData::Cname { target: name },
                RecordType::Ns => RecordData::Ns { host: name },
                _ => RecordData::Ptr { target: name },
            })
        }
        RecordType::Mx => {
            let [priority, exchange] = tokens else {
                return Err(DataError::whole(format!(
                    "MX data needs a priority and a host: {}",
                    all()
                )));
            };
            Ok(RecordData::Mx {
                priority: number(priority, "MX priority")?,
                exchange: host(exchange, origin, "MX host")?,
            })
        }
        RecordType::Srv => {
            let [priority, weight, port, target] = tokens else {
                return Err(DataError::whole(format!(
                    "SRV data needs a priority, a weight, a port and a target: {}",
                    all()
                )));
            };
            Ok(RecordData::Srv {
                priority: number(priority, "SRV priority")?,
                weight: number(weight, "SRV weight")?,
                port: number(port, "SRV port")?,
                target: host(target, origin, "SRV target")?,
            })
        }
        RecordType::Caa => {
            let [flags, tag, value] = tokens else {
                return Err(DataError::whole(format!(
                    "CAA data needs flags, a tag and a value: {}",
                    all()
                )));
            };
            let tag_text = word(tag, "CAA tag")?;
            let tag_ok = (1..=15).contains(&tag_text.len())
                && tag_text.bytes().all(|b| b.is_ascii_alphanumeric());
            if !tag_ok {
                return Err(DataError::at(
                    tag,
                    format!(
                        "CAA tag {} must be 1 to 15 letters and digits (issue, issuewild, iodef, …)",
                        shown(tag_text)
                    ),
                ));
            }
            let value_text = escape::decode_utf8(value.raw, "the CAA value")
                .map_err(|e| DataError::at(value, e))?;
            fits_a_token(value, &txt::quote(&value_text), "the CAA value")?;
            Ok(RecordData::Caa {
                flags: number(flags, "CAA flags")?,
                tag: tag_text.to_ascii_lowercase(),
                value: value_text,
            })
        }
        RecordType::Txt | RecordType::Spf => {
            let strings = character_strings(rtype, tokens)?;
            Ok(match rtype {
                RecordType::Txt => RecordData::Txt { strings },
                _ => RecordData::Spf { strings },
            })
        }
        RecordType::Soa => {
            let [mname, rname, serial, refresh, retry, expire, minimum] = tokens else {
                return Err(DataError::whole(format!(
                    "SOA data needs 7 fields (primary server, mailbox, serial, refresh, retry, \
                     expire, minimum), found {}: {}",
                    tokens.len(),
                    all()
                )));
            };
            Ok(RecordData::Soa {
                mname: host(mname, origin, "SOA primary server")?,
                rname: host(rname, origin, "SOA mailbox")?,
                serial: number(serial, "SOA serial")?,
                refresh: duration(refresh, "SOA refresh")?,
                retry: duration(retry, "SOA retry")?,
                expire: duration(expire, "SOA expire")?,
                minimum: duration(minimum, "SOA minimum")?,
            })
        }
        RecordType::Other(_) => other(rtype, tokens, origin),
    }
}

/// The tokens as written, separated by spaces.
fn written(tokens: &[Token<'_>]) -> String {
    tokens
        .iter()
        .map(Token::written)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of a token that must not be a quoted string.
fn word<'a>(token: &Token<'a>, what: &str) -> std::result::Result<&'a str, DataError> {
    if token.quoted {
        return Err(DataError::at(
            token,
            format!(
                "{what} must not be a quoted string: {}",
                shown(&token.written())
            ),
        ));
    }
    Ok(token.raw)
}

/// A host name, completed with `origin`, fully qualified and lowercase.
fn host(
    token: &Token<'_>,
    origin: Option<&Name>,
    what: &str,
) -> std::result::Result<String, DataError> {
    let raw = word(token, what)?;
    Name::parse(raw, origin)
        .map(|name| name.absolute())
        .map_err(|e| DataError::at(token, format!("{what}: {e}")))
}

/// A whole number that fits `T`.
fn number<T: TryFrom<u64> + Bounded>(
    token: &Token<'_>,
    what: &str,
) -> std::result::Result<T, DataError> {
    let raw = word(token, what)?;
    parse_number(raw).ok_or_else(|| {
        DataError::at(
            token,
            format!("{what} {} is not a number from 0 to {}", shown(raw), T::MAX),
        )
    })
}

/// The largest value of a number type, for messages.
trait Bounded {
    const MAX: u64;
}

impl Bounded for u8 {
    const MAX: u64 = u8::MAX as u64;
}

impl Bounded for u16 {
    const MAX: u64 = u16::MAX as u64;
}

impl Bounded for u32 {
    const MAX: u64 = u32::MAX as u64;
}

/// A duration in seconds, units allowed.
fn duration(token: &Token<'_>, what: &str) -> std::result::Result<u32, DataError> {
    let raw = word(token, what)?;
    parse_duration(raw, what).map_err(|e| DataError::at(token, e))
}

/// Refuses a quoted string whose written form (what an export writes) would be a token
/// the lexer refuses: escapes can make it up to four times longer than it was read.
fn fits_a_token(
    token: &Token<'_>,
    written: &str,
    what: &str,
) -> std::result::Result<(), DataError> {
    if written.len() > MAX_TOKEN {
        return Err(DataError::at(
            token,
            format!(
                "{what} written with its escapes is {} bytes long, over the {MAX_TOKEN} a token \
                 may hold",
                written.len()
            ),
        ));
    }
    Ok(())
}

/// The character strings of TXT or SPF data.
fn character_strings(
    rtype: &RecordType,
    tokens: &[Token<'_>],
) -> std::result::Result<Vec<String>, DataError> {
    if tokens.is_empty() {
        return Err(DataError::whole(format!(
            "{rtype} data needs at least one string"
        )));
    }
    let what = format!("a {rtype} string");
    let mut strings = Vec::with_capacity(tokens.len());
    for token in tokens {
        strings.push(escape::decode_utf8(token.raw, &what).map_err(|e| DataError::at(token, e))?);
    }
    if let [single] = strings.as_slice() {
        if single.len() > txt::MAX_STRING {
            strings = txt::split_text(single);
        }
    } else if let Some((at, long)) = strings
        .iter()
        .enumerate()
        .find(|(_, s)| s.len() > txt::MAX_STRING)
    {
        let token = tokens.get(at).copied();
        let message = format!(
            "{what} of {} bytes is longer than {}; split it, or give the text as one string \
             to have it split",
            long.len(),
            txt::MAX_STRING
        );
        return Err(match token {
            Some(t) => DataError::at(&t, message),
            None => DataError::whole(message),
        });
    }
    let wire: usize = strings.iter().map(|s| s.len() + 1).sum();
    if wire > MAX_RDATA {
        return Err(DataError::whole(format!(
            "{rtype} data of {wire} bytes is over the {MAX_RDATA} bytes a record holds"
        )));
    }
    Ok(strings)
}

/// Which fields (0-based) of a type without a variant are domain names, completed with
/// the origin like host names.
fn name_fields(mnemonic: &str) -> &'static [usize] {
    match mnemonic {
        "DNAME" | "ALIAS" | "ANAME" | "MB" | "MD" | "MF" | "MG" | "MR" | "NSEC" => &[0],
        "MINFO" | "RP" => &[0, 1],
        "AFSDB" | "KX" | "RT" | "SVCB" | "HTTPS" | "LP" => &[1],
        "PX" => &[1, 2],
        "NAPTR" => &[5],
        _ => &[],
    }
}

/// Data of a type without a variant, normalised.
fn other(
    rtype: &RecordType,
    tokens: &[Token<'_>],
    origin: Option<&Name>,
) -> std::result::Result<RecordData, DataError> {
    if tokens.is_empty() {
        return Err(DataError::whole(format!("{rtype} data must not be empty")));
    }
    let generic = tokens.first().is_some_and(|t| !t.quoted && t.raw == "\\#");
    let names = if generic {
        &[]
    } else {
        name_fields(rtype.as_str())
    };
    let mut fields = Vec::with_capacity(tokens.len());
    for (i, token) in tokens.iter().enumerate() {
        let bytes = escape::decode(token.raw).map_err(|e| DataError::at(token, e))?;
        let field = if token.quoted {
            let quoted = escape::quote_bytes(&bytes);
            fits_a_token(token, &quoted, "a quoted string")?;
            quoted
        } else if names.contains(&i) {
            host(token, origin, &format!("{rtype} name"))?
        } else {
            escape_controls(token.raw)
        };
        fields.push(field);
    }
    let data = fields.join(" ");
    if data.len() > MAX_OTHER_TEXT {
        return Err(DataError::whole(format!(
            "{rtype} data of {} bytes is longer than {MAX_OTHER_TEXT}",
            data.len()
        )));
    }
    Ok(RecordData::Other {
        rtype: rtype.clone(),
        data,
    })
}

/// A word as written, but with control characters (which a written record cannot hold
/// as they are) as `\DDD` escapes of their bytes; `\X` of a control character `X` is
/// the character itself, so it becomes its `\DDD` too.
fn escape_controls(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        let c = if c == '\\' {
            match chars.next() {
                Some(next) if next.is_control() => next,
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                    continue;
                }
                None => {
                    out.push('\\');
                    continue;
                }
            }
        } else {
            c
        };
        if c.is_control() {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\{byte:03}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    const ORIGIN: &str = "example.org";

    fn data(rtype: RecordType, text: &str) -> RecordData {
        parse_rdata(&rtype, text, ORIGIN).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    fn error(rtype: RecordType, text: &str) -> String {
        let err = parse_rdata(&rtype, text, ORIGIN).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        err.message().to_string()
    }

    fn strings(data: &RecordData) -> Vec<String> {
        match data {
            RecordData::Txt { strings } | RecordData::Spf { strings } => strings.clone(),
            other => panic!("not text: {other:?}"),
        }
    }

    #[test]
    fn mx_priority_and_relative_host() {
        assert_eq!(
            data(RecordType::Mx, "10 mail"),
            RecordData::Mx {
                priority: 10,
                exchange: "mail.example.org.".into()
            }
        );
        assert_eq!(
            data(RecordType::Mx, "0 MX.Example.NET."),
            RecordData::Mx {
                priority: 0,
                exchange: "mx.example.net.".into()
            }
        );
        assert_eq!(
            data(RecordType::Mx, "0 ."),
            RecordData::Mx {
                priority: 0,
                exchange: ".".into()
            }
        );
        assert_eq!(
            error(RecordType::Mx, "mail"),
            r#"MX data needs a priority and a host: "mail""#
        );
        let err = error(RecordType::Mx, "high mail");
        assert_eq!(err, r#"MX priority "high" is not a number from 0 to 65535"#);
        assert!(error(RecordType::Mx, "65536 mail").contains("0 to 65535"));
        assert!(error(RecordType::Mx, "10 \"mail\"").contains("must not be a quoted string"));
    }

    #[test]
    fn host_names_use_the_origin_or_need_one() {
        assert_eq!(
            data(RecordType::Cname, "@"),
            RecordData::Cname {
                target: "example.org.".into()
            }
        );
        assert_eq!(
            data(RecordType::Ns, "ns1"),
            RecordData::Ns {
                host: "ns1.example.org.".into()
            }
        );
        assert_eq!(
            data(RecordType::Ptr, "host.example.net."),
            RecordData::Ptr {
                target: "host.example.net.".into()
            }
        );
        let err = parse_rdata(&RecordType::Cname, "www", "").unwrap_err();
        assert!(err.message().contains("no origin"), "{err}");
        assert!(parse_rdata(&RecordType::Cname, "www.example.net.", "").is_ok());
        assert!(error(RecordType::Cname, "a b").contains("must be one host name"));
        assert!(error(RecordType::Cname, "a..b").contains("empty label"));
    }

    #[test]
    fn addresses_are_checked() {
        assert_eq!(
            data(RecordType::A, " 192.0.2.1 "),
            RecordData::A {
                address: "192.0.2.1".parse().unwrap()
            }
        );
        assert_eq!(
            data(RecordType::Aaaa, "2001:DB8::1"),
            RecordData::Aaaa {
                address: "2001:db8::1".parse().unwrap()
            }
        );
        assert_eq!(
            error(RecordType::A, "192.0.2"),
            r#"A data "192.0.2" is not an IPv4 address"#
        );
        assert!(error(RecordType::A, "2001:db8::1").contains("not an IPv4"));
        assert!(error(RecordType::Aaaa, "192.0.2.1").contains("not an IPv6"));
        assert!(error(RecordType::A, "192.0.2.1 192.0.2.2").contains("must be one IPv4"));
        assert!(error(RecordType::A, "").contains("must be one IPv4"));
    }

    #[test]
    fn txt_quoted_strings_and_unquoted_words() {
        assert_eq!(
            strings(&data(RecordType::Txt, r#""v=spf1 include:x -all""#)),
            ["v=spf1 include:x -all"]
        );
        assert_eq!(
            strings(&data(RecordType::Txt, "hello world")),
            ["hello", "world"]
        );
        assert_eq!(
            strings(&data(RecordType::Txt, r#""a; b" "say \"hi\"" back\\slash"#)),
            ["a; b", "say \"hi\"", "back\\slash"]
        );
        assert_eq!(strings(&data(RecordType::Txt, r#""""#)), [""]);
        assert_eq!(
            strings(&data(RecordType::Spf, r#""v=spf1 -all""#)),
            ["v=spf1 -all"]
        );
        assert!(error(RecordType::Txt, "").contains("at least one string"));
        let err = error(RecordType::Txt, "v=DKIM1; k=rsa");
        assert!(err.starts_with("TXT data: "), "{err}");
        assert!(err.contains("quote"), "{err}");
    }

    #[test]
    fn txt_decimal_escapes_must_make_utf8() {
        assert_eq!(
            strings(&data(RecordType::Txt, r#""caf\195\169""#)),
            ["café"]
        );
        assert_eq!(strings(&data(RecordType::Txt, r#""tab\009x""#)), ["tab\tx"]);
        assert_eq!(strings(&data(RecordType::Txt, r"\065BC")), ["ABC"]);
        let err = error(RecordType::Txt, r#""\255""#);
        assert!(err.contains("not valid UTF-8"), "{err}");
        assert!(error(RecordType::Txt, r#""\300""#).contains("not a byte"));
    }

    #[test]
    fn long_txt_is_split_when_given_as_one_string() {
        let long = "x".repeat(600);
        let got = strings(&data(RecordType::Txt, &format!("\"{long}\"")));
        assert_eq!(
            got.iter().map(String::len).collect::<Vec<_>>(),
            [255, 255, 90]
        );
        assert_eq!(got.concat(), long);
        let err = error(RecordType::Txt, &format!("\"a\" \"{long}\""));
        assert!(err.contains("600 bytes is longer than 255"), "{err}");
        let huge = vec!["\"y\""; 40_000].join(" ");
        assert!(error(RecordType::Txt, &huge).contains("over the 65535"));
    }

    #[test]
    fn srv_caa_and_soa() {
        assert_eq!(
            data(RecordType::Srv, "0 5 5060 sip"),
            RecordData::Srv {
                priority: 0,
                weight: 5,
                port: 5060,
                target: "sip.example.org.".into()
            }
        );
        assert!(error(RecordType::Srv, "0 5 sip").contains("a priority, a weight, a port"));
        assert!(error(RecordType::Srv, "0 5 70000 sip").contains("SRV port"));
        assert_eq!(
            data(RecordType::Caa, r#"0 Issue "letsencrypt.org""#),
            RecordData::Caa {
                flags: 0,
                tag: "issue".into(),
                value: "letsencrypt.org".into()
            }
        );
        assert_eq!(
            data(RecordType::Caa, "128 iodef mailto:x@example.org"),
            RecordData::Caa {
                flags: 128,
                tag: "iodef".into(),
                value: "mailto:x@example.org".into()
            }
        );
        assert!(error(RecordType::Caa, "256 issue x").contains("CAA flags"));
        assert!(error(RecordType::Caa, "0 is-sue x").contains("letters and digits"));
        assert!(error(RecordType::Caa, "0 issue").contains("flags, a tag and a value"));
        assert_eq!(
            data(RecordType::Soa, "ns1 hostmaster 2024010101 2h 1h 2w 1h"),
            RecordData::Soa {
                mname: "ns1.example.org.".into(),
                rname: "hostmaster.example.org.".into(),
                serial: 2_024_010_101,
                refresh: 7200,
                retry: 3600,
                expire: 1_209_600,
                minimum: 3600
            }
        );
        let soa = data(
            RecordType::Soa,
            "ns1.example.net. john\\.doe.example.org. ( 1 7200 3600 1209600 300 )",
        );
        let RecordData::Soa { rname, .. } = soa else {
            panic!("not SOA")
        };
        assert_eq!(rname, "john\\.doe.example.org.");
        let err = error(RecordType::Soa, "ns1 hostmaster 1 2 3");
        assert!(err.contains("SOA data needs 7 fields"), "{err}");
        assert!(error(RecordType::Soa, "a b 1h 2 3 4 5").contains("SOA serial"));
        assert!(error(RecordType::Soa, "a b 1 2 3 4 x").contains("SOA minimum"));
    }

    #[test]
    fn other_types_are_normalised() {
        let naptr = data(
            RecordType::Other("NAPTR".into()),
            "100  10 \"S\" \"SIP+D2U\" \"\" ( _sip._udp )",
        );
        assert_eq!(
            naptr,
            RecordData::Other {
                rtype: RecordType::Other("NAPTR".into()),
                data: r#"100 10 "S" "SIP+D2U" "" _sip._udp.example.org."#.into()
            }
        );
        let sshfp = data(RecordType::Other("sshfp".into()), "1 1 ABCDEF0123");
        assert_eq!(sshfp.presentation(), "1 1 ABCDEF0123");
        assert_eq!(sshfp.rtype(), RecordType::Other("SSHFP".into()));
        // Generic data (RFC 3597) keeps its escape and is not read as names.
        let generic = data(RecordType::Other("DNAME".into()), r"\# 3 abcdef");
        assert_eq!(generic.presentation(), r"\# 3 abcdef");
        let dname = data(RecordType::Other("DNAME".into()), "other");
        assert_eq!(dname.presentation(), "other.example.org.");
        // Quoted strings are re-quoted with only the escapes they need.
        let hinfo = data(RecordType::Other("HINFO".into()), r#""P\067" "Linux\032x""#);
        assert_eq!(hinfo.presentation(), r#""PC" "Linux x""#);
        assert!(error(RecordType::Other("NAPTR".into()), "").contains("must not be empty"));
        // A common mnemonic in Other is read as the common type.
        assert_eq!(
            data(RecordType::Other("mx".into()), "5 mx"),
            RecordData::Mx {
                priority: 5,
                exchange: "mx.example.org.".into()
            }
        );
    }

    #[test]
    fn control_characters_in_words_become_escapes() {
        let rtype = RecordType::Other("NAPTR".into());
        let got = data(rtype.clone(), "100\u{0} 1\\\u{7}2 a\\065\u{85}");
        assert_eq!(got.presentation(), r"100\000 1\0072 a\065\194\133");
        assert_eq!(data(rtype, &got.presentation()), got);
        assert_eq!(escape_controls(r"\# 4 \\x"), r"\# 4 \\x");
    }

    #[test]
    fn normalised_data_reads_back_the_same() {
        let cases = [
            (RecordType::Mx, "10 mail"),
            (RecordType::Txt, r#""a \"b\"" c "é\195\169" "#),
            (RecordType::Caa, r#"0 issue "ca.example.net; account=1""#),
            (
                RecordType::Other("NAPTR".into()),
                r#"1 1 "s" "x" "!^.*$!\\1!" ."#,
            ),
        ];
        for (rtype, text) in cases {
            let first = parse_rdata(&rtype, text, ORIGIN).unwrap();
            let again = parse_rdata(&rtype, &first.presentation(), ORIGIN).unwrap();
            assert_eq!(again, first, "{text}");
        }
    }

    #[test]
    fn quoted_values_must_stay_within_a_token_when_written() {
        // 30 000 two-byte characters read as 60 000 bytes, and are written as 240 000.
        let value = "é".repeat(30_000);
        let err = error(RecordType::Caa, &format!("0 issue \"{value}\""));
        assert!(err.contains("over the 65536"), "{err}");
        let err = error(RecordType::Other("HINFO".into()), &format!("\"{value}\" x"));
        assert!(err.contains("over the 65536"), "{err}");
        assert!(
            parse_rdata(
                &RecordType::Caa,
                &format!("0 issue \"{}\"", "é".repeat(100)),
                ORIGIN
            )
            .is_ok()
        );
    }

    #[test]
    fn a_bad_origin_is_refused() {
        let err = parse_rdata(&RecordType::Mx, "10 mail", "a..b").unwrap_err();
        assert!(err.message().starts_with("origin: "), "{err}");
    }
}
