//! Writing a zone's records as an RFC 1035 master file.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::dns::{Record, RecordData, RecordType, Zone, txt};

use super::escape;
use super::name::Name;
use super::rdata::parse_rdata;
use super::ttl::human;
use super::types::is_zone_file_type;

/// The `$TTL` written when the zone has none and no record has a TTL.
const FALLBACK_TTL: u32 = 3600;

/// Timers of a synthesised SOA: refresh 2 hours, retry 1 hour, expire 2 weeks, negative
/// caching 1 hour (within the 1 to 3 hours RFC 2308 section 5 suggests).
const SYNTH_TIMERS: [u32; 4] = [7200, 3600, 1_209_600, 3600];

/// The widest name column; longer names push their line's other columns right.
const MAX_NAME_COLUMN: usize = 40;

/// Writes `records` of `zone` as an RFC 1035 master file that [`parse`](super::parse)
/// reads back into the same record sets and that `named-checkzone` accepts whenever the
/// records make a valid zone.
///
/// The file starts with a comment naming the zone, `$ORIGIN <domain>.` and `$TTL` (the
/// zone's TTL, else the most common record TTL, the lowest on a tie, else 3600). Then:
///
/// 1. the SOA. When the records have none, one is synthesised, with a comment saying so:
///    primary server the first apex NS host (else `ns1.<domain>.`), mailbox from
///    `zone.email` (`hostmaster@example.org` becomes `hostmaster.example.org.`, dots in
///    the local part escaped as `\.`; else `hostmaster.<domain>.`), serial 1, refresh 2
///    hours, retry 1 hour, expire 2 weeks, minimum 1 hour;
/// 2. the apex NS records;
/// 3. every other record, by name in DNS canonical order (the apex first, then by labels
///    from the right, RFC 4034 section 6.1), then type, then data.
///
/// Owner names are written relative to the origin (`@` for the apex). Host names inside
/// data are written fully qualified, as [`RecordData`] keeps them: they mean the same
/// wherever the line is copied to. TTLs are written only where they differ from `$TTL`;
/// a record without a TTL takes `$TTL`. Columns are aligned. Identical records are
/// written once.
///
/// A record a zone file cannot hold (a name outside the zone or not a valid name, a type
/// no zone file has such as a provider's `REDIRECT`, data that does not read back, an
/// SOA below the apex or a second one) is kept at the end as a comment saying why.
pub fn export(zone: &Zone, records: &[Record]) -> String {
    let origin = Name::domain(&zone.domain).unwrap_or_else(|_| Name::root());
    let origin_text = origin.domain_text();
    let default_ttl = zone.ttl.unwrap_or_else(|| most_common_ttl(records));

    let mut soas: Vec<(Row, &Record)> = Vec::new();
    let mut apex_ns: Vec<Row> = Vec::new();
    let mut rest: Vec<Row> = Vec::new();
    let mut refused: Vec<String> = Vec::new();
    for record in records {
        match row(record, &origin, &origin_text) {
            Ok(row) if row.rtype == RecordType::Soa && row.name_text != "@" => {
                refused.push(comment(record, "an SOA record belongs at the zone apex"));
            }
            Ok(row) if row.rtype == RecordType::Soa => soas.push((row, record)),
            Ok(row) if row.rtype == RecordType::Ns && row.name_text == "@" => apex_ns.push(row),
            Ok(row) => rest.push(row),
            Err(why) => refused.push(comment(record, &why)),
        }
    }
    // Sorted on everything, so the file does not depend on the order of the records.
    soas.sort_by(|a, b| a.0.order(&b.0));
    soas.dedup_by(|a, b| a.0.order(&b.0) == Ordering::Equal);
    let mut soas = soas.into_iter();
    let soa = soas.next().map(|(row, _)| row);
    refused.extend(soas.map(|(_, record)| comment(record, "a zone has one SOA record")));
    refused.sort();
    refused.dedup();
    apex_ns.sort_by(Row::order);
    apex_ns.dedup_by(|a, b| a.order(b) == Ordering::Equal);
    rest.sort_by(Row::order);
    rest.dedup_by(|a, b| a.order(b) == Ordering::Equal);

    let synthesised = soa.is_none();
    let soa = soa.unwrap_or_else(|| synthesise_soa(zone, &origin, apex_ns.first()));
    let widths = Widths::of(
        std::iter::once(&soa).chain(&apex_ns).chain(&rest),
        default_ttl,
    );

    let mut out = String::new();
    let id = one_line(&zone.id);
    out.push_str(&format!(
        "; Zone {} (id {id}): {} records\n",
        origin.absolute(),
        records.len()
    ));
    out.push_str(&format!(
        "$ORIGIN {}\n$TTL {default_ttl}\n\n",
        origin.absolute()
    ));
    if synthesised {
        out.push_str(
            "; No SOA record was given: this one is synthesised from the zone's settings (serial 1);\n\
             ; the DNS provider serves its own.\n",
        );
    }
    out.push_str(&soa_lines(&soa, &widths, default_ttl));
    if !apex_ns.is_empty() {
        out.push('\n');
        for row in &apex_ns {
            out.push_str(&widths.line(row, default_ttl));
        }
    }
    if !rest.is_empty() {
        out.push('\n');
        for row in &rest {
            out.push_str(&widths.line(row, default_ttl));
        }
    }
    if !refused.is_empty() {
        out.push_str("\n; Records a zone file cannot hold, kept as comments:\n");
        for line in refused {
            out.push_str(&line);
        }
    }
    out
}

/// One record ready to be written.
#[derive(Debug, Clone)]
struct Row {
    name: Name,
    name_text: String,
    ttl: Option<u32>,
    rtype: RecordType,
    data: RecordData,
    data_text: String,
}

impl Row {
    /// Name in canonical order, then type, then data, then TTL.
    fn order(&self, other: &Row) -> Ordering {
        self.name
            .canonical_cmp(&other.name)
            .then_with(|| self.rtype.cmp(&other.rtype))
            .then_with(|| self.data.cmp(&other.data))
            .then_with(|| self.ttl.cmp(&other.ttl))
    }
}

/// A record as a row, or why a zone file cannot hold it.
fn row(record: &Record, origin: &Name, origin_text: &str) -> Result<Row, String> {
    let rtype = record.rtype();
    if !is_zone_file_type(&rtype) {
        return Err(format!("{rtype} is not a record type zone files hold"));
    }
    let raw_name = record.name.trim();
    let raw_name = if raw_name.is_empty() { "@" } else { raw_name };
    let name = Name::parse(raw_name, Some(origin)).map_err(|e| format!("record name: {e}"))?;
    let name_text = name
        .relative_to(origin)
        .ok_or_else(|| format!("{} is outside the zone", name.absolute()))?;
    // Written as it reads back: the reading is the check that it does, and its
    // presentation the normalised text.
    let data_text = parse_rdata(&rtype, &presentation(&record.data, origin)?, origin_text)
        .map_err(|e| format!("the data does not read back: {}", e.message()))?
        .presentation();
    Ok(Row {
        name,
        name_text,
        ttl: record.ttl,
        rtype,
        data: record.data.clone(),
        data_text,
    })
}

/// The data as the file writes it: host names fully qualified, TXT strings of at most
/// 255 bytes, every token lexable.
fn presentation(data: &RecordData, origin: &Name) -> Result<String, String> {
    Ok(match data {
        RecordData::Cname { target } | RecordData::Ptr { target } => host(target, origin)?,
        RecordData::Ns { host: name } => host(name, origin)?,
        RecordData::Mx { priority, exchange } => format!("{priority} {}", host(exchange, origin)?),
        RecordData::Srv {
            priority,
            weight,
            port,
            target,
        } => format!("{priority} {weight} {port} {}", host(target, origin)?),
        RecordData::Txt { strings } | RecordData::Spf { strings } => {
            let fitted: Vec<String> = if strings.is_empty() {
                vec![String::new()]
            } else {
                strings
                    .iter()
                    .flat_map(|s| {
                        if s.len() > txt::MAX_STRING {
                            txt::split_text(s)
                        } else {
                            vec![s.clone()]
                        }
                    })
                    .collect()
            };
            txt::quote_all(&fitted)
        }
        RecordData::Caa { flags, tag, value } => {
            format!("{flags} {} {}", tag.to_ascii_lowercase(), txt::quote(value))
        }
        RecordData::Soa {
            mname,
            rname,
            serial,
            refresh,
            retry,
            expire,
            minimum,
        } => format!(
            "{} {} {serial} {refresh} {retry} {expire} {minimum}",
            host(mname, origin)?,
            host(rname, origin)?
        ),
        RecordData::A { .. } | RecordData::Aaaa { .. } => data.presentation(),
        RecordData::Other { data, .. } => one_line(data),
    })
}

/// A host name from record data, fully qualified: kept in the zone files' escapes, a
/// missing trailing dot added (record data holds fully qualified names), `@` the origin.
fn host(name: &str, origin: &Name) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() || name == "." {
        return Ok(".".to_string());
    }
    if name == "@" {
        return Ok(origin.absolute());
    }
    Name::parse(name, Some(&Name::root()))
        .map(|n| n.absolute())
        .map_err(|e| format!("host name: {e}"))
}

/// The most common TTL among the records, the lowest on a tie; 3600 when none has one.
fn most_common_ttl(records: &[Record]) -> u32 {
    let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
    for ttl in records.iter().filter_map(|r| r.ttl) {
        *counts.entry(ttl).or_default() += 1;
    }
    let mut best: Option<(u32, usize)> = None;
    for (ttl, count) in counts {
        if best.is_none_or(|(_, c)| count > c) {
            best = Some((ttl, count));
        }
    }
    best.map_or(FALLBACK_TTL, |(ttl, _)| ttl)
}

/// The SOA of a zone whose records have none.
fn synthesise_soa(zone: &Zone, origin: &Name, first_ns: Option<&Row>) -> Row {
    let mname = match first_ns.map(|row| &row.data) {
        Some(RecordData::Ns { host: ns }) => host(ns, origin).ok(),
        _ => None,
    }
    .unwrap_or_else(|| format!("ns1.{}", origin.absolute()));
    let rname = zone
        .email
        .as_deref()
        .and_then(mailbox_name)
        .unwrap_or_else(|| format!("hostmaster.{}", origin.absolute()));
    let [refresh, retry, expire, minimum] = SYNTH_TIMERS;
    let data = RecordData::Soa {
        mname,
        rname,
        serial: 1,
        refresh,
        retry,
        expire,
        minimum,
    };
    Row {
        name: origin.clone(),
        name_text: "@".to_string(),
        ttl: None,
        rtype: RecordType::Soa,
        data_text: data.presentation(),
        data,
    }
}

/// A mail address as the SOA mailbox name: `john.doe@example.org` is
/// `john\.doe.example.org.`; an address without `@` is taken as a name already.
fn mailbox_name(email: &str) -> Option<String> {
    let email = email.trim();
    let text = match email.rsplit_once('@') {
        Some((local, domain)) if !local.is_empty() && !domain.is_empty() => {
            format!("{}.{domain}", escape::escape_label(local.as_bytes()))
        }
        Some(_) => return None,
        None if email.is_empty() => return None,
        None => email.to_string(),
    };
    Name::parse(&text, Some(&Name::root()))
        .ok()
        .map(|n| n.absolute())
}

/// Column widths.
struct Widths {
    name: usize,
    ttl: usize,
    rtype: usize,
}

impl Widths {
    fn of<'a>(rows: impl Iterator<Item = &'a Row>, default_ttl: u32) -> Self {
        let mut widths = Widths {
            name: 1,
            ttl: 0,
            rtype: 1,
        };
        for row in rows {
            widths.name = widths.name.max(row.name_text.len()).min(MAX_NAME_COLUMN);
            widths.ttl = widths.ttl.max(ttl_text(row.ttl, default_ttl).len());
            widths.rtype = widths.rtype.max(row.rtype.as_str().len());
        }
        widths
    }

    /// Everything before the data, with the space after the type.
    fn prefix(&self, row: &Row, default_ttl: u32) -> String {
        let mut out = format!("{:<width$} ", row.name_text, width = self.name);
        if self.ttl > 0 {
            out.push_str(&format!(
                "{:<width$} ",
                ttl_text(row.ttl, default_ttl),
                width = self.ttl
            ));
        }
        out.push_str(&format!(
            "IN {:<width$} ",
            row.rtype.as_str(),
            width = self.rtype
        ));
        out
    }

    /// The record's line. The data is never empty and, as written by the data reader,
    /// never ends in a space that is not escaped (an escaped one must stay).
    fn line(&self, row: &Row, default_ttl: u32) -> String {
        let mut out = self.prefix(row, default_ttl);
        out.push_str(&row.data_text);
        out.push('\n');
        out
    }
}

/// The TTL column: empty when the record takes `$TTL`.
fn ttl_text(ttl: Option<u32>, default_ttl: u32) -> String {
    match ttl {
        Some(ttl) if ttl != default_ttl => ttl.to_string(),
        _ => String::new(),
    }
}

/// The SOA over several lines, each timer commented.
fn soa_lines(row: &Row, widths: &Widths, default_ttl: u32) -> String {
    let RecordData::Soa {
        serial,
        refresh,
        retry,
        expire,
        minimum,
        ..
    } = &row.data
    else {
        return widths.line(row, default_ttl);
    };
    let prefix = widths.prefix(row, default_ttl);
    let mut words = row.data_text.split(' ');
    let (Some(mname), Some(rname)) = (words.next(), words.next()) else {
        return widths.line(row, default_ttl);
    };
    let indent = " ".repeat(prefix.len());
    let mut out = format!("{prefix}{mname} {rname} (\n");
    let fields = [
        (serial.to_string(), "serial".to_string()),
        (
            refresh.to_string(),
            format!("refresh ({})", human(*refresh)),
        ),
        (retry.to_string(), format!("retry ({})", human(*retry))),
        (expire.to_string(), format!("expire ({})", human(*expire))),
        (
            format!("{minimum} )"),
            format!("minimum ({})", human(*minimum)),
        ),
    ];
    for (value, note) in fields {
        out.push_str(&format!("{indent}{value:<12} ; {note}\n"));
    }
    out
}

/// A record as a comment line, with the reason it is not a record line.
fn comment(record: &Record, why: &str) -> String {
    let ttl = record.ttl.map(|t| format!(" {t}")).unwrap_or_default();
    one_line(&format!(
        "; {}{ttl} IN {} {} ; not written: {why}",
        record.name,
        record.rtype(),
        record.data.presentation()
    )) + "\n"
}

/// `text` on one line: line breaks and other control characters become spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
#[path = "export_tests.rs"]
mod tests;
