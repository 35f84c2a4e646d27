//! Domain names as every DNS driver handles them: zone domains lowercase without the
//! trailing dot (`example.org`), record names relative to their zone with `@` for the
//! apex (`www`, `_sip._tcp`, `*`), host names inside record data fully qualified with the
//! trailing dot (`mail.example.org.`). Absolute names are accepted on input wherever a
//! relative one is.

use crate::{Error, Result};

/// The record name of a zone's apex.
pub const APEX: &str = "@";

/// The longest label, in bytes.
pub const MAX_LABEL: usize = 63;

/// The longest name in presentation form without the trailing dot, in bytes (255 on the
/// wire).
pub const MAX_NAME: usize = 253;

/// A zone's domain in canonical form: lowercase, without the trailing dot. Fails with
/// `InvalidInput` on an empty name, an empty label, a label over 63 bytes or a name over
/// 253 bytes.
pub fn zone_domain(input: &str) -> Result<String> {
    let trimmed = input.trim();
    let name = trimmed.strip_suffix('.').unwrap_or(trimmed);
    if name.is_empty() {
        return Err(Error::invalid_input("a zone needs a domain name"));
    }
    let name = name.to_ascii_lowercase();
    check_labels(&name, input)?;
    Ok(name)
}

/// A record name relative to `zone` (canonical, from [`zone_domain`]): `@` for the apex
/// (given as `@`, as an empty name, or as the zone's absolute name), the leading labels
/// for a name inside the zone. An absolute name (ending in `.`) outside the zone, or a
/// name with a bad label or over the length limit, is `InvalidInput`.
pub fn relative_name(input: &str, zone: &str) -> Result<String> {
    let name = input.trim();
    if name.is_empty() || name == APEX {
        return Ok(APEX.to_string());
    }
    let lower = name.to_ascii_lowercase();
    let relative = match lower.strip_suffix('.') {
        Some(absolute) => {
            if absolute == zone {
                return Ok(APEX.to_string());
            }
            match absolute
                .strip_suffix(zone)
                .and_then(|rest| rest.strip_suffix('.'))
            {
                Some(rest) if !rest.is_empty() => rest.to_string(),
                _ => {
                    return Err(Error::invalid_input(format!(
                        "record name {name} is not inside zone {zone}"
                    )));
                }
            }
        }
        None => lower,
    };
    check_labels(&relative, input)?;
    check_labels(&format!("{relative}.{zone}"), input)?;
    Ok(relative)
}

/// The fully qualified name (with the trailing dot) of `relative` in `zone`.
pub fn absolute_name(relative: &str, zone: &str) -> String {
    if relative == APEX || relative.is_empty() {
        format!("{zone}.")
    } else {
        format!("{relative}.{zone}.")
    }
}

/// A host name inside record data made fully qualified: kept when it ends in `.`,
/// completed with `origin` (a zone domain) otherwise; `@` is the origin itself.
/// Lowercased, and checked like any name.
pub fn qualified_host(input: &str, origin: &str) -> Result<String> {
    let name = input.trim();
    if name.is_empty() {
        return Err(Error::invalid_input("a host name must not be empty"));
    }
    if name == "." {
        return Ok(".".to_string());
    }
    let absolute = if name == APEX {
        format!("{origin}.")
    } else if name.ends_with('.') {
        name.to_ascii_lowercase()
    } else if origin.is_empty() {
        return Err(Error::invalid_input(format!(
            "host name {name} is relative and there is no origin to complete it"
        )));
    } else {
        format!("{}.{origin}.", name.to_ascii_lowercase())
    };
    check_labels(absolute.trim_end_matches('.'), input)?;
    Ok(absolute)
}

/// Checks every label of `name` (no trailing dot) and its total length; errors name
/// `shown`, the name as the user gave it. Labels are split at dots that are not escaped
/// (`john\.doe` is one label, as zone files write a mailbox with a dot in it).
fn check_labels(name: &str, shown: &str) -> Result<()> {
    if name.len() > MAX_NAME {
        return Err(Error::invalid_input(format!(
            "name {shown} is {} bytes long; a domain name holds at most {MAX_NAME}",
            name.len()
        )));
    }
    for label in split_labels(name) {
        if label.is_empty() {
            return Err(Error::invalid_input(format!(
                "name {shown} has an empty label"
            )));
        }
        if label.len() > MAX_LABEL {
            return Err(Error::invalid_input(format!(
                "name {shown} has a label of {} characters; a label holds at most {MAX_LABEL}",
                label.len()
            )));
        }
        if let Some(bad) = label
            .chars()
            .find(|c| c.is_whitespace() || c.is_control() || *c == '"')
        {
            return Err(Error::invalid_input(format!(
                "name {shown} contains {bad:?}, which no host or record name may hold"
            )));
        }
    }
    Ok(())
}

/// The labels of `name`, split at dots a backslash does not escape.
fn split_labels(name: &str) -> Vec<&str> {
    let mut labels = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in name.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '.' => {
                labels.push(&name[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    labels.push(&name[start..]);
    labels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn zone_domains_are_lowercase_without_the_dot() {
        assert_eq!(zone_domain("Example.ORG.").unwrap(), "example.org");
        assert_eq!(zone_domain(" example.org ").unwrap(), "example.org");
        for bad in ["", ".", "a..b", &format!("{}.org", "x".repeat(64))] {
            assert_eq!(
                zone_domain(bad).unwrap_err().kind(),
                ErrorKind::InvalidInput,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn record_names_become_relative() {
        let zone = "example.org";
        assert_eq!(relative_name("@", zone).unwrap(), "@");
        assert_eq!(relative_name("", zone).unwrap(), "@");
        assert_eq!(relative_name("example.org.", zone).unwrap(), "@");
        assert_eq!(relative_name("WWW", zone).unwrap(), "www");
        assert_eq!(relative_name("www.Example.org.", zone).unwrap(), "www");
        assert_eq!(relative_name("_sip._tcp", zone).unwrap(), "_sip._tcp");
        assert_eq!(relative_name("*.dev", zone).unwrap(), "*.dev");
        // A relative name that merely ends like the zone stays relative.
        assert_eq!(
            relative_name("www.example.org", zone).unwrap(),
            "www.example.org"
        );
    }

    #[test]
    fn names_outside_the_zone_or_too_long_are_refused() {
        let zone = "example.org";
        let err = relative_name("www.example.com.", zone).unwrap_err();
        assert!(
            err.message().contains("not inside zone example.org"),
            "{err}"
        );
        let err = relative_name("badexample.org.", zone).unwrap_err();
        assert!(err.message().contains("not inside"), "{err}");
        let long = "a".repeat(64);
        let err = relative_name(&long, zone).unwrap_err();
        assert!(err.message().contains("label of 64 characters"), "{err}");
        let many = vec!["abcdefghi"; 30].join(".");
        let err = relative_name(&many, zone).unwrap_err();
        assert!(err.message().contains("at most 253"), "{err}");
        assert!(relative_name("a b", zone).is_err());
        // An escaped dot stays inside its label.
        assert_eq!(
            qualified_host("john\\.doe.example.org.", zone).unwrap(),
            "john\\.doe.example.org."
        );
        assert_eq!(split_labels("a\\.b.c"), ["a\\.b", "c"]);
    }

    #[test]
    fn absolute_names_and_hosts() {
        assert_eq!(absolute_name("@", "example.org"), "example.org.");
        assert_eq!(absolute_name("www", "example.org"), "www.example.org.");
        assert_eq!(
            qualified_host("mail", "example.org").unwrap(),
            "mail.example.org."
        );
        assert_eq!(
            qualified_host("Mail.Example.NET.", "example.org").unwrap(),
            "mail.example.net."
        );
        assert_eq!(qualified_host("@", "example.org").unwrap(), "example.org.");
        assert_eq!(qualified_host(".", "example.org").unwrap(), ".");
        assert!(qualified_host("mail", "").is_err());
        assert!(qualified_host("", "example.org").is_err());
    }
}
