//! Reading an RFC 1035 master file (section 5) into records.

use crate::dns::{RecordData, RecordType};
use crate::{Error, Result};

use super::escape::shown;
use super::lexer::{Entry, Lexer, Mode, Token};
use super::name::Name;
use super::rdata::from_tokens;
use super::ttl::parse_duration;
use super::types::zone_file_type;
use super::zone::{ZoneEntry, ZoneFile};

/// Reads a zone file (an RFC 1035 master file) for the zone `origin` (`example.org`, a
/// trailing dot allowed; empty to take it from the file's first `$ORIGIN`).
///
/// What it reads:
///
/// - `$ORIGIN name` (absolute, or relative to the current origin; it may change anywhere
///   in the file) and `$TTL ttl`. `$INCLUDE` is refused: files are read without file
///   access. `$GENERATE` and unknown directives are refused too.
/// - Records: `[owner] [ttl] [class] type data`, the TTL and the class in either order.
///   The owner is absolute (`www.example.org.`), relative to the current origin (`www`),
///   `@` for the origin, or left out (the line starts with a space or a tab) for the
///   previous record's owner. The class, when given, must be `IN`. TTLs are seconds or
///   BIND's units (`1h30m`, `1d`, `1w`).
/// - Parentheses joining lines, `;` comments (not inside quotes), quoted strings holding
///   spaces and `;`, `\X` and `\DDD` escapes in names and strings, LF or CR LF line ends,
///   a leading byte order mark.
///   The data of each type is read as [`parse_rdata`](super::parse_rdata) reads it.
///
/// A record's TTL is its own, else that of the latest `$TTL`, else the previous record's
/// (RFC 1035), else the minimum field of the file's SOA (what BIND does for a file
/// without `$TTL`, from before RFC 2308 made that field the negative-caching TTL); a
/// record with none of these (no SOA in the file) has `None`: the zone's default.
///
/// Owners outside the zone are an error, as are an SOA anywhere but the apex and a second
/// SOA. A malformed file gives one [`ErrorKind::InvalidInput`](crate::ErrorKind) error
/// whose message starts with `line N: ` (1-based) and says what is wrong, e.g. `line 12:
/// MX data needs a priority and a host: "mail"`; an unclosed parenthesis or quote names
/// the line it opened on. Tokens over 64 KiB are refused; work is linear in the input.
pub fn parse(text: &str, origin: &str) -> Result<ZoneFile> {
    let zone = if origin.trim().is_empty() {
        None
    } else {
        Some(Name::domain(origin).map_err(|e| Error::invalid_input(format!("origin: {e}")))?)
    };
    let mut parser = Parser {
        origin: zone.clone(),
        zone,
        dollar_ttl: None,
        first_dollar_ttl: None,
        previous_ttl: None,
        previous_owner: None,
        soa: None,
        entries: Vec::new(),
    };
    // A byte order mark some editors write is no part of the first owner name.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lexer = Lexer::new(text, Mode::ZoneFile);
    loop {
        let entry = match lexer.next_entry() {
            Ok(Some(entry)) => entry,
            Ok(None) => break,
            Err(e) => return Err(fail(e.line, e.message)),
        };
        parser.entry(&entry)?;
    }
    parser.finish()
}

/// The error for a problem on `line`.
fn fail(line: usize, message: impl AsRef<str>) -> Error {
    Error::invalid_input(format!("line {line}: {}", message.as_ref()))
}

/// Where the reading is.
struct Parser {
    /// The zone the records must be in; `None` until the first `$ORIGIN` when no origin
    /// was given.
    zone: Option<Name>,
    /// The current origin relative names are completed with.
    origin: Option<Name>,
    /// The latest `$TTL`.
    dollar_ttl: Option<u32>,
    /// The first `$TTL`.
    first_dollar_ttl: Option<u32>,
    /// The TTL of the previous record.
    previous_ttl: Option<u32>,
    /// The owner of the previous record.
    previous_owner: Option<Name>,
    /// The line and minimum field of the SOA, once seen.
    soa: Option<(usize, u32)>,
    entries: Vec<ZoneEntry>,
}

impl Parser {
    fn entry(&mut self, entry: &Entry<'_>) -> Result<()> {
        let Some((first, rest)) = entry.tokens.split_first() else {
            return Ok(());
        };
        if !entry.blank_owner && !first.quoted && first.raw.starts_with('$') {
            return self.directive(entry.line, first, rest);
        }
        self.record(entry)
    }

    fn directive(&mut self, line: usize, name: &Token<'_>, args: &[Token<'_>]) -> Result<()> {
        let directive = name.raw.to_ascii_uppercase();
        let one_arg = |what: &str| match args {
            [arg] if !arg.quoted => Ok(*arg),
            _ => Err(fail(
                line,
                format!(
                    "{directive} takes one {what}, found {}",
                    shown(&written(args))
                ),
            )),
        };
        match directive.as_str() {
            "$ORIGIN" => {
                let arg = one_arg("domain name")?;
                let origin = Name::parse(arg.raw, self.origin.as_ref())
                    .map_err(|e| fail(line, format!("$ORIGIN: {e}")))?;
                if self.zone.is_none() {
                    self.zone = Some(origin.clone());
                }
                self.origin = Some(origin);
                Ok(())
            }
            "$TTL" => {
                let arg = one_arg("TTL")?;
                let ttl = parse_duration(arg.raw, "$TTL").map_err(|e| fail(line, e))?;
                self.dollar_ttl = Some(ttl);
                self.first_dollar_ttl.get_or_insert(ttl);
                Ok(())
            }
            "$INCLUDE" => Err(fail(
                line,
                "$INCLUDE is not supported: zone files are read without file access; put the \
                 included file's records in its place",
            )),
            "$GENERATE" => Err(fail(
                line,
                "$GENERATE (a BIND extension) is not supported; write the records out",
            )),
            _ => Err(fail(
                line,
                format!(
                    "unknown directive {} (known: $ORIGIN, $TTL)",
                    shown(name.raw)
                ),
            )),
        }
    }

    fn record(&mut self, entry: &Entry<'_>) -> Result<()> {
        let line = entry.line;
        let mut rest: &[Token<'_>] = &entry.tokens;
        let owner = if entry.blank_owner {
            self.previous_owner.clone().ok_or_else(|| {
                fail(
                    line,
                    "the line starts with a space, which repeats the previous record's owner, \
                     but there is no previous record",
                )
            })?
        } else {
            let Some((token, tail)) = rest.split_first() else {
                return Ok(());
            };
            rest = tail;
            if token.quoted {
                return Err(fail(
                    line,
                    format!(
                        "an owner name must not be quoted: {}",
                        shown(&token.written())
                    ),
                ));
            }
            let Some(origin) = self.origin.as_ref() else {
                return Err(no_origin(line));
            };
            Name::parse(token.raw, Some(origin)).map_err(|e| fail(line, format!("owner: {e}")))?
        };
        let Some(zone) = self.zone.as_ref() else {
            return Err(no_origin(line));
        };
        let Some(name) = owner.relative_to(zone) else {
            return Err(fail(
                line,
                format!(
                    "the owner {} is outside the zone {}",
                    owner.absolute(),
                    zone.absolute()
                ),
            ));
        };
        let (ttl, rtype, data_tokens) = ttl_class_and_type(line, &name, rest)?;
        let origin = self.origin.as_ref();
        let data = from_tokens(&rtype, data_tokens, origin)
            .map_err(|e| fail(e.line.unwrap_or(line), e.message))?;
        let mut resolved = ttl.or(self.dollar_ttl).or(self.previous_ttl);
        if let RecordData::Soa { minimum, .. } = &data {
            if name != "@" {
                return Err(fail(
                    line,
                    format!(
                        "an SOA record belongs at the zone apex ({}), not at {}",
                        zone.absolute(),
                        owner.absolute()
                    ),
                ));
            }
            if let Some((first, _)) = self.soa {
                return Err(fail(
                    line,
                    format!("a second SOA record; the zone's SOA is on line {first}"),
                ));
            }
            self.soa = Some((line, *minimum));
            resolved = resolved.or(Some(*minimum));
        }
        if resolved.is_some() {
            self.previous_ttl = resolved;
        }
        self.previous_owner = Some(owner);
        self.entries.push(ZoneEntry {
            line,
            name,
            ttl: resolved,
            data,
        });
        Ok(())
    }

    fn finish(self) -> Result<ZoneFile> {
        let Some(zone) = self.zone else {
            return Err(fail(
                1,
                "the zone's origin is unknown: pass the zone's domain, or start the file with \
                 $ORIGIN",
            ));
        };
        let mut entries = self.entries;
        if let Some((_, minimum)) = self.soa {
            // Only records before the first TTL of any kind can still lack one.
            for entry in entries.iter_mut().filter(|e| e.ttl.is_none()) {
                entry.ttl = Some(minimum);
            }
        }
        Ok(ZoneFile {
            origin: zone.domain_text(),
            default_ttl: self.first_dollar_ttl,
            entries,
        })
    }
}

fn no_origin(line: usize) -> Error {
    fail(
        line,
        "this record's name cannot be completed: no origin (pass the zone's domain, or start \
         the file with $ORIGIN)",
    )
}

fn written(tokens: &[Token<'_>]) -> String {
    tokens
        .iter()
        .map(Token::written)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The optional TTL and class (in either order), the type, and the data tokens after
/// the owner of a record.
fn ttl_class_and_type<'t, 'a>(
    line: usize,
    owner: &str,
    mut rest: &'t [Token<'a>],
) -> Result<(Option<u32>, RecordType, &'t [Token<'a>])> {
    let mut ttl = None;
    let mut class_seen = false;
    loop {
        let Some((token, tail)) = rest.split_first() else {
            return Err(fail(line, format!("the record for {owner} has no type")));
        };
        if token.quoted {
            return Err(fail(
                token.line,
                format!(
                    "expected a TTL, a class or a record type, found the quoted string {}",
                    shown(&token.written())
                ),
            ));
        }
        let word = token.raw;
        if word.starts_with(|c: char| c.is_ascii_digit()) {
            if ttl.is_some() {
                return Err(fail(token.line, format!("a second TTL {}", shown(word))));
            }
            ttl = Some(parse_duration(word, "TTL").map_err(|e| fail(token.line, e))?);
        } else if let Some(internet) = class_of(word) {
            if class_seen {
                return Err(fail(token.line, format!("a second class {}", shown(word))));
            }
            if !internet {
                return Err(fail(
                    token.line,
                    format!(
                        "class {} is not supported: only IN (Internet) records are",
                        word.to_ascii_uppercase()
                    ),
                ));
            }
            class_seen = true;
        } else {
            let rtype = zone_file_type(word).map_err(|e| fail(token.line, e))?;
            if tail.is_empty() {
                return Err(fail(
                    line,
                    format!("the {rtype} record for {owner} has no data"),
                ));
            }
            return Ok((ttl, rtype, tail));
        }
        rest = tail;
    }
}

/// Whether `word` names the Internet class (`Some(true)`), another class
/// (`Some(false)`: `CH`, `HS`, `CLASS3`, …), or no class.
fn class_of(word: &str) -> Option<bool> {
    match word.to_ascii_uppercase().as_str() {
        "IN" | "CLASS1" => Some(true),
        "CS" | "CH" | "CHAOS" | "HS" | "HESIOD" | "NONE" | "ANY" => Some(false),
        upper => upper
            .strip_prefix("CLASS")
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .map(|_| false),
    }
}

#[cfg(test)]
#[path = "parser_tests.rs"]
mod tests;
