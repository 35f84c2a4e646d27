//! A zone's mail address as its SOA keeps it: `dns.admin@example.org` is the mailbox
//! name `dns\.admin.example.org.` (RFC 1035 section 8: dots in the local part escaped).

use cloud_core::dns::names;
use cloud_core::{Error, Result};

/// The SOA mailbox name of `email`; `InvalidInput` unless it is `local@domain` with a
/// local part a DNS label can hold and a valid domain.
pub fn rname_of_email(email: &str) -> Result<String> {
    let bad = |why: &str| Error::invalid_input(format!("zone email {email:?} {why}"));
    let (local, host) = email
        .trim()
        .rsplit_once('@')
        .ok_or_else(|| bad("is not a mail address"))?;
    if local.is_empty() || local.len() > names::MAX_LABEL {
        return Err(bad("needs a local part of 1 to 63 characters"));
    }
    if local
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\\' | '@' | ';'))
    {
        return Err(bad("has a character a mailbox name cannot hold"));
    }
    let domain = names::zone_domain(host).map_err(|_| bad("has no valid domain"))?;
    Ok(format!("{}.{domain}.", local.replace('.', "\\.")))
}

/// The mail address an SOA mailbox name stands for: the first unescaped `.` is the `@`;
/// `None` when the name has no such dot or an escape this cannot read.
pub fn email_of_rname(rname: &str) -> Option<String> {
    let mut local = String::new();
    let mut chars = rname.chars();
    loop {
        match chars.next()? {
            '\\' => {
                let c = chars.next()?;
                if c.is_ascii_digit() {
                    let digits: String = std::iter::once(c).chain(chars.by_ref().take(2)).collect();
                    let byte: u8 = digits.parse().ok()?;
                    if !byte.is_ascii_graphic() {
                        return None;
                    }
                    local.push(char::from(byte));
                } else {
                    local.push(c);
                }
            }
            '.' => break,
            c => local.push(c),
        }
    }
    let host = chars.as_str().trim_end_matches('.');
    (!local.is_empty() && !host.is_empty()).then(|| format!("{local}@{}", host.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_become_mailbox_names_and_back() {
        for (email, rname) in [
            ("hostmaster@example.org", "hostmaster.example.org."),
            ("dns.admin@Example.ORG.", "dns\\.admin.example.org."),
        ] {
            assert_eq!(rname_of_email(email).unwrap(), rname);
        }
        assert_eq!(
            email_of_rname("dns\\.admin.example.org.").unwrap(),
            "dns.admin@example.org"
        );
        assert_eq!(
            email_of_rname("hostmaster.Example.org.").unwrap(),
            "hostmaster@example.org"
        );
        assert_eq!(email_of_rname("a\\046b.x.").unwrap(), "a.b@x");
        for bad in [
            "root.",
            "nodots",
            ".example.org.",
            "a\\",
            "a\\0",
            "a\\001.x.",
        ] {
            assert_eq!(email_of_rname(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn bad_addresses_are_invalid_input() {
        for bad in [
            "no-at-sign",
            "@example.org",
            "a b@example.org",
            "x@",
            "x@a..b",
            &format!("{}@example.org", "l".repeat(64)),
        ] {
            assert!(rname_of_email(bad).is_err(), "{bad:?}");
        }
    }
}
