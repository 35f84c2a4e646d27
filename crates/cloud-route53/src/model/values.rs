//! Record values and names between Route 53's text and the portable types.
//!
//! Route 53 writes values in presentation form with two differences from a zone file:
//! escapes are `\` and three **octal** digits (`\052` is `*`), where RFC 1035 uses
//! decimal, and host names in values are absolute whether or not they end in `.`. Names
//! come back absolute with the same octal escapes (a wildcard is `\052.example.org.`).

use cloud_core::dns::txt::quote_octal;
use cloud_core::dns::zonefile::parse_rdata;
use cloud_core::dns::{RecordData, RecordType};

/// The typed data of one value of a set of type `rtype`, as Route 53 writes it.
///
/// Host names are made absolute (Route 53 reads them so), octal escapes in TXT, SPF and
/// CAA strings become the decimal ones zone files use, and the text goes through
/// [`parse_rdata`]. A value that still does not read (a type without a variant whose
/// data names a relative host, or data Route 53 would not have accepted) is kept as
/// [`RecordData::Other`] with the set's type and the value as written, never dropped.
pub fn record_data(rtype: &RecordType, value: &str) -> RecordData {
    let unwrapped = unwrap_python_repr(value);
    let text = match rtype {
        RecordType::Txt | RecordType::Spf | RecordType::Caa => octal_to_decimal(unwrapped),
        _ => absolute_hosts(rtype, unwrapped),
    };
    match parse_rdata(rtype, &text, "") {
        Ok(data) if data.rtype() == *rtype => data,
        Ok(_) | Err(_) => {
            tracing::debug!(%rtype, value, "keeping a value that does not read as typed data");
            RecordData::Other {
                rtype: rtype.clone(),
                data: value.to_string(),
            }
        }
    }
}

/// The value Route 53 takes for `data`: presentation form, with TXT, SPF and CAA strings
/// quoted and escaped the way Route 53 reads them (`\"`, `\\`, and octal `\ooo` for
/// every byte outside printable ASCII).
pub fn wire_value(data: &RecordData) -> String {
    match data {
        RecordData::Txt { strings } | RecordData::Spf { strings } => strings
            .iter()
            .map(|s| quote_octal(s))
            .collect::<Vec<_>>()
            .join(" "),
        RecordData::Caa { flags, tag, value } => {
            format!("{flags} {tag} {}", quote_octal(value))
        }
        other => other.presentation(),
    }
}

/// A name as Route 53 writes it with its octal escapes decoded where the character may
/// stand in a name as it is (`\052` → `*`), lowercase; escapes of dots, backslashes,
/// quotes, spaces and bytes outside printable ASCII stay as they are.
pub fn decode_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escape = &rest[at..];
        match octal_escape(escape) {
            Some(byte)
                if byte.is_ascii_graphic() && !matches!(byte, b'.' | b'\\' | b'"' | b';') =>
            {
                out.push(byte as char);
                rest = &escape[4..];
            }
            _ => {
                let step = escape[1..].chars().next().map_or(1, |c| 1 + c.len_utf8());
                out.push_str(&escape[..step]);
                rest = &escape[step..];
            }
        }
    }
    out.push_str(rest);
    out.to_ascii_lowercase()
}

/// The byte of a `\ooo` escape at the start of `text`, when it is one.
fn octal_escape(text: &str) -> Option<u8> {
    let digits = text.get(1..4)?;
    if !text.starts_with('\\') || !digits.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return None;
    }
    u8::try_from(u32::from_str_radix(digits, 8).ok()?).ok()
}

/// `text` with every `\ooo` octal escape written as the decimal `\DDD` a zone file
/// reads; other escapes (`\"`, `\\`) are copied as they are.
fn octal_to_decimal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escape = &rest[at..];
        if let Some(byte) = octal_escape(escape) {
            out.push_str(&format!("\\{byte:03}"));
            rest = &escape[4..];
        } else {
            let step = escape[1..].chars().next().map_or(1, |c| 1 + c.len_utf8());
            out.push_str(&escape[..step]);
            rest = &escape[step..];
        }
    }
    out.push_str(rest);
    out
}

/// The fields of `rtype`'s data that are host names (0-based, whitespace-separated).
fn host_fields(rtype: &RecordType) -> &'static [usize] {
    match rtype {
        RecordType::Cname | RecordType::Ns | RecordType::Ptr => &[0],
        RecordType::Mx => &[1],
        RecordType::Srv => &[3],
        RecordType::Soa => &[0, 1],
        _ => &[],
    }
}

/// `value` with its host-name fields ending in `.`: Route 53 treats them as absolute
/// either way (moto gives the default name servers without the dot).
fn absolute_hosts(rtype: &RecordType, value: &str) -> String {
    let hosts = host_fields(rtype);
    if hosts.is_empty() {
        return value.to_string();
    }
    value
        .split_whitespace()
        .enumerate()
        .map(|(i, field)| {
            if hosts.contains(&i) && !field.ends_with('.') {
                format!("{field}.")
            } else {
                field.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// moto 5 stores the SOA value of a new zone as a Python dict and writes its repr
/// (`{'Value': 'ns-2048.awsdns-64.com. hostmaster.example.com. 1 7200 900 1209600
/// 86400'}`); the value inside is what AWS would answer.
fn unwrap_python_repr(value: &str) -> &str {
    value
        .trim()
        .strip_prefix("{'Value': '")
        .and_then(|v| v.strip_suffix("'}"))
        .unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(rtype: RecordType, value: &str) -> RecordData {
        record_data(&rtype, value)
    }

    #[test]
    fn host_names_are_absolute_with_or_without_the_dot() {
        assert_eq!(
            data(RecordType::Ns, "ns-2048.awsdns-64.com"),
            RecordData::Ns {
                host: "ns-2048.awsdns-64.com.".into()
            }
        );
        assert_eq!(
            data(RecordType::Mx, "10 Mail.Example.org"),
            RecordData::Mx {
                priority: 10,
                exchange: "mail.example.org.".into()
            }
        );
        assert_eq!(
            data(RecordType::Srv, "0 5 5060 sip.example.org.").to_string(),
            "0 5 5060 sip.example.org."
        );
        let soa = data(
            RecordType::Soa,
            "{'Value': 'ns-2048.awsdns-64.com. hostmaster.example.com. 1 7200 900 1209600 86400'}",
        );
        assert_eq!(
            soa.to_string(),
            "ns-2048.awsdns-64.com. hostmaster.example.com. 1 7200 900 1209600 86400"
        );
        assert_eq!(
            data(RecordType::Soa, "ns-1.awsdns-1.com hostmaster 1 2 3 4 5").to_string(),
            "ns-1.awsdns-1.com. hostmaster. 1 2 3 4 5"
        );
    }

    #[test]
    fn txt_escapes_are_octal_both_ways() {
        let strings = vec!["say \"hi\" \\o/; é".to_string(), "tab\there".to_string()];
        let txt = RecordData::Txt {
            strings: strings.clone(),
        };
        let wire = wire_value(&txt);
        assert_eq!(wire, r#""say \"hi\" \\o/; \303\251" "tab\011here""#);
        assert_eq!(data(RecordType::Txt, &wire), txt);
        let caa = RecordData::Caa {
            flags: 0,
            tag: "issue".into(),
            value: "ca.example.net".into(),
        };
        assert_eq!(wire_value(&caa), r#"0 issue "ca.example.net""#);
        assert_eq!(data(RecordType::Caa, &wire_value(&caa)), caa);
        // An escaped backslash before digits is not an octal escape.
        assert_eq!(
            data(RecordType::Txt, r#""a\\052""#),
            RecordData::Txt {
                strings: vec!["a\\052".into()]
            }
        );
    }

    #[test]
    fn odd_values_are_kept_raw() {
        assert_eq!(
            data(RecordType::A, "not-an-address"),
            RecordData::Other {
                rtype: RecordType::A,
                data: "not-an-address".into()
            }
        );
        let naptr = RecordType::Other("NAPTR".into());
        assert_eq!(data(naptr.clone(), "1 2 \"u\" \"\" \"\" x").rtype(), naptr);
    }

    #[test]
    fn names_decode_octal_escapes_that_may_stand_as_they_are() {
        assert_eq!(decode_name(r"\052.Dev.Example.org."), "*.dev.example.org.");
        assert_eq!(decode_name(r"a\056b.example.org."), r"a\056b.example.org.");
        assert_eq!(decode_name(r"a\040b."), r"a\040b.");
        assert_eq!(decode_name("trailing\\"), "trailing\\");
        assert_eq!(decode_name(r"\9é\x"), r"\9é\x");
    }
}
