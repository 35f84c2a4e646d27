//! Reading a response message: the header, the question section skipped, and the answer
//! section's records, with compressed names followed only backwards so no message can
//! make the reader loop. Every read is bounds-checked: a short or garbled message is a
//! [`QueryError::Malformed`], never a panic.

use std::net::{Ipv4Addr, Ipv6Addr};

use cloud_core::dns::{RecordData, RecordType};

use super::{Answer, QueryError, Response};

/// The longest name on the wire, in bytes (RFC 1035 section 2.3.4).
const MAX_NAME: usize = 255;

/// Types without a variant of their own that have a mnemonic here.
const MNEMONICS: &[(u16, &str)] = &[
    (13, "HINFO"),
    (17, "RP"),
    (29, "LOC"),
    (35, "NAPTR"),
    (39, "DNAME"),
    (41, "OPT"),
    (43, "DS"),
    (44, "SSHFP"),
    (46, "RRSIG"),
    (47, "NSEC"),
    (48, "DNSKEY"),
    (52, "TLSA"),
    (64, "SVCB"),
    (65, "HTTPS"),
    (256, "URI"),
];

fn malformed(why: impl Into<String>) -> QueryError {
    QueryError::Malformed(why.into())
}

/// The code of a type without a variant: a mnemonic of [`MNEMONICS`] or `TYPE<n>`.
pub(super) fn other_code(name: &str) -> Option<u16> {
    let upper = name.to_ascii_uppercase();
    if let Some((code, _)) = MNEMONICS.iter().find(|(_, m)| *m == upper) {
        return Some(*code);
    }
    upper.strip_prefix("TYPE")?.parse().ok()
}

/// The record type of a wire code other than the common ones.
fn other_type(code: u16) -> RecordType {
    let name = MNEMONICS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| format!("TYPE{code}"), |(_, m)| m.to_string());
    RecordType::Other(name)
}

/// Reads the response to the query with message id `id`.
pub fn parse_response(packet: &[u8], id: u16) -> Result<Response, QueryError> {
    let mut r = Reader { packet, pos: 0 };
    let got_id = r.u16()?;
    if got_id != id {
        return Err(malformed(format!("message id {got_id}, expected {id}")));
    }
    let flags = r.u16()?;
    if flags & 0x8000 == 0 {
        return Err(malformed("the message is a query, not a response"));
    }
    let questions = r.u16()?;
    let answers = r.u16()?;
    r.u16()?;
    r.u16()?;
    for _ in 0..questions {
        r.name()?;
        r.take(4)?;
    }
    let mut out = Vec::new();
    for _ in 0..answers {
        out.push(r.record()?);
    }
    Ok(Response {
        rcode: (flags & 0x000f) as u8,
        authoritative: flags & 0x0400 != 0,
        truncated: flags & 0x0200 != 0,
        answers: out,
    })
}

/// A position in a message.
struct Reader<'a> {
    packet: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], QueryError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|end| *end <= self.packet.len())
            .ok_or_else(|| {
                malformed(format!(
                    "the message ends inside a field at byte {}",
                    self.pos
                ))
            })?;
        let bytes = &self.packet[self.pos..end];
        self.pos = end;
        Ok(bytes)
    }

    fn u8(&mut self) -> Result<u8, QueryError> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, QueryError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, QueryError> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A name at the current position, which moves past it (past the first pointer of
    /// a compressed name).
    fn name(&mut self) -> Result<String, QueryError> {
        let (name, next) = read_name(self.packet, self.pos)?;
        self.pos = next;
        Ok(name)
    }

    /// One resource record.
    fn record(&mut self) -> Result<Answer, QueryError> {
        let name = self.name()?;
        let code = self.u16()?;
        let _class = self.u16()?;
        let ttl = self.u32()?;
        let len = usize::from(self.u16()?);
        let start = self.pos;
        self.take(len)?;
        let mut rdata = Reader {
            packet: &self.packet[..start + len],
            pos: start,
        };
        let data = rdata.data(code, len)?;
        if rdata.pos != start + len {
            return Err(malformed(format!(
                "{} bytes left over in the data of a type {code} record",
                start + len - rdata.pos
            )));
        }
        Ok(Answer { name, ttl, data })
    }

    /// The data of a record of type `code`, `len` bytes from the current position. The
    /// reader's packet ends where the data ends, so nothing reads past it; names may
    /// still point back into the whole message.
    fn data(&mut self, code: u16, len: usize) -> Result<RecordData, QueryError> {
        Ok(match code {
            1 => {
                let b: [u8; 4] = self.fixed(len, "A")?;
                RecordData::A {
                    address: Ipv4Addr::from(b),
                }
            }
            28 => {
                let b: [u8; 16] = self.fixed(len, "AAAA")?;
                RecordData::Aaaa {
                    address: Ipv6Addr::from(b),
                }
            }
            2 => RecordData::Ns { host: self.name()? },
            5 => RecordData::Cname {
                target: self.name()?,
            },
            12 => RecordData::Ptr {
                target: self.name()?,
            },
            15 => RecordData::Mx {
                priority: self.u16()?,
                exchange: self.name()?,
            },
            33 => RecordData::Srv {
                priority: self.u16()?,
                weight: self.u16()?,
                port: self.u16()?,
                target: self.name()?,
            },
            6 => RecordData::Soa {
                mname: self.name()?,
                rname: self.name()?,
                serial: self.u32()?,
                refresh: self.u32()?,
                retry: self.u32()?,
                expire: self.u32()?,
                minimum: self.u32()?,
            },
            16 => RecordData::Txt {
                strings: self.strings(len)?,
            },
            99 => RecordData::Spf {
                strings: self.strings(len)?,
            },
            257 => self.caa(len)?,
            _ => {
                let bytes = self.take(len)?;
                let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                let data = if hex.is_empty() {
                    r"\# 0".to_string()
                } else {
                    format!(r"\# {len} {hex}")
                };
                RecordData::Other {
                    rtype: other_type(code),
                    data,
                }
            }
        })
    }

    fn fixed<const N: usize>(&mut self, len: usize, what: &str) -> Result<[u8; N], QueryError> {
        if len != N {
            return Err(malformed(format!("{what} data of {len} bytes, not {N}")));
        }
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    /// Character strings filling `len` bytes (at least one).
    fn strings(&mut self, len: usize) -> Result<Vec<String>, QueryError> {
        if len == 0 {
            return Err(malformed("TXT data without a character string"));
        }
        let end = self.pos + len;
        let mut strings = Vec::new();
        while self.pos < end {
            let n = usize::from(self.u8()?);
            strings.push(String::from_utf8_lossy(self.take(n)?).into_owned());
        }
        Ok(strings)
    }

    /// CAA data: flags, a tag of 1 to 15 bytes, and the value filling the rest.
    fn caa(&mut self, len: usize) -> Result<RecordData, QueryError> {
        let flags = self.u8()?;
        let tag_len = usize::from(self.u8()?);
        if tag_len == 0 || tag_len > 15 || tag_len + 2 > len {
            return Err(malformed(format!("CAA tag of {tag_len} bytes")));
        }
        let tag = String::from_utf8_lossy(self.take(tag_len)?).to_ascii_lowercase();
        let value = String::from_utf8_lossy(self.take(len - 2 - tag_len)?).into_owned();
        Ok(RecordData::Caa { flags, tag, value })
    }
}

/// Reads the name starting at `start`: its presentation form (lowercase, fully
/// qualified, `.` for the root) and the position after it in the message. A pointer
/// must go back before the labels read so far, so names cannot loop.
pub(super) fn read_name(packet: &[u8], start: usize) -> Result<(String, usize), QueryError> {
    let mut labels: Vec<String> = Vec::new();
    let mut pos = start;
    let mut segment_start = start;
    let mut after: Option<usize> = None;
    let mut wire = 1usize;
    loop {
        let len = *packet
            .get(pos)
            .ok_or_else(|| malformed(format!("a name runs past the message end at byte {pos}")))?;
        match len & 0xc0 {
            0x00 if len == 0 => {
                let next = after.unwrap_or(pos + 1);
                let name = if labels.is_empty() {
                    ".".to_string()
                } else {
                    format!("{}.", labels.join("."))
                };
                return Ok((name, next));
            }
            0x00 => {
                let n = usize::from(len);
                let label = packet.get(pos + 1..pos + 1 + n).ok_or_else(|| {
                    malformed(format!("a label runs past the message end at byte {pos}"))
                })?;
                wire += n + 1;
                if wire > MAX_NAME {
                    return Err(malformed(format!(
                        "a name over {MAX_NAME} bytes at byte {start}"
                    )));
                }
                labels.push(label_text(label));
                pos += 1 + n;
            }
            0xc0 => {
                let low = *packet
                    .get(pos + 1)
                    .ok_or_else(|| malformed(format!("a pointer cut short at byte {pos}")))?;
                let target = (usize::from(len & 0x3f) << 8) | usize::from(low);
                if target >= segment_start {
                    return Err(malformed(format!(
                        "a name pointer at byte {pos} to byte {target} does not point back"
                    )));
                }
                after.get_or_insert(pos + 2);
                pos = target;
                segment_start = target;
            }
            _ => {
                return Err(malformed(format!(
                    "label type {:#04x} at byte {pos} is not supported",
                    len & 0xc0
                )));
            }
        }
    }
}

/// A label as a zone file writes it, lowercase: letters, digits, `-`, `_` and `*` as
/// they are, `.` and `\` escaped with `\`, any other byte as `\DDD`.
fn label_text(label: &[u8]) -> String {
    let mut out = String::with_capacity(label.len());
    for &b in label {
        match b {
            b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'*' => out.push(b as char),
            b'A'..=b'Z' => out.push(b.to_ascii_lowercase() as char),
            b'.' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            _ => out.push_str(&format!("\\{b:03}")),
        }
    }
    out
}
