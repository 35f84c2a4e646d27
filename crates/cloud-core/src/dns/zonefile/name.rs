//! Domain names as a zone file writes them: labels separated by unescaped dots, escapes
//! inside labels, `@` for the origin, absolute when they end in `.` and relative to the
//! origin otherwise. Names are kept lowercase (DNS compares them without case) as a list
//! of labels, and written back with only the escapes a label needs.

use std::cmp::Ordering;

use super::escape::{self, shown};

/// The longest label, in bytes (RFC 1035 section 2.3.4).
const MAX_LABEL: usize = 63;

/// The longest name on the wire, in bytes, length octets and the root included.
const MAX_WIRE: usize = 255;

/// An absolute domain name: its labels from the leftmost, lowercase; the root has none.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Name {
    labels: Vec<Vec<u8>>,
}

impl Name {
    /// The root name, `.`.
    pub(crate) fn root() -> Name {
        Name { labels: Vec::new() }
    }

    /// A zone's domain (`example.org`, a trailing dot allowed) as a name. The root is
    /// refused: a zone file here describes a zone below it.
    pub(crate) fn domain(input: &str) -> Result<Name, String> {
        let trimmed = input.trim();
        if trimmed.is_empty() || trimmed == "." || trimmed == "@" {
            return Err("a zone needs a domain name".to_string());
        }
        Name::parse(trimmed, Some(&Name::root()))
    }

    /// Reads a name as written in a zone file: `@` is `origin`, a name ending in an
    /// unescaped `.` is absolute, any other is relative to `origin` (an error without
    /// one).
    pub(crate) fn parse(raw: &str, origin: Option<&Name>) -> Result<Name, String> {
        if raw == "@" {
            return origin.cloned().ok_or_else(|| {
                "@ stands for the origin, and there is none to complete it".to_string()
            });
        }
        if raw == "." {
            return Ok(Name::root());
        }
        if raw.is_empty() {
            return Err("a domain name must not be empty".to_string());
        }
        let mut labels = Vec::new();
        let mut label = Vec::new();
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            match c {
                '.' => {
                    if label.is_empty() {
                        return Err(format!("the name {} has an empty label", shown(raw)));
                    }
                    labels.push(finish_label(std::mem::take(&mut label), raw)?);
                }
                '\\' => {
                    let escaped = escape::read_escape(&mut chars)
                        .map_err(|e| format!("in the name {}: {e}", shown(raw)))?;
                    escape::push_escaped(&mut label, escaped);
                }
                _ => escape::push_char(&mut label, c),
            }
        }
        // Every escape adds a byte, so an empty last label means an unescaped final dot.
        let absolute = label.is_empty();
        if !absolute {
            labels.push(finish_label(label, raw)?);
        }
        let name = if absolute {
            Name { labels }
        } else {
            let Some(origin) = origin else {
                return Err(format!(
                    "the name {} is relative and there is no origin to complete it",
                    shown(raw)
                ));
            };
            labels.extend(origin.labels.iter().cloned());
            Name { labels }
        };
        let wire = name.wire_len();
        if wire > MAX_WIRE {
            return Err(format!(
                "the name {} is {wire} bytes long on the wire; a domain name holds at most {MAX_WIRE}",
                shown(raw)
            ));
        }
        Ok(name)
    }

    /// The name's length on the wire: a length byte and the bytes of every label, and
    /// the root's zero byte.
    pub(crate) fn wire_len(&self) -> usize {
        self.labels.iter().map(|l| l.len() + 1).sum::<usize>() + 1
    }

    /// Whether the name is `zone` or below it.
    pub(crate) fn is_within(&self, zone: &Name) -> bool {
        self.labels.len() >= zone.labels.len()
            && self
                .labels
                .iter()
                .rev()
                .zip(zone.labels.iter().rev())
                .all(|(a, b)| a == b)
    }

    /// The name relative to `zone`: `@` for the zone itself, its leading labels for a
    /// name below it; `None` for a name outside.
    pub(crate) fn relative_to(&self, zone: &Name) -> Option<String> {
        if !self.is_within(zone) {
            return None;
        }
        let own = self.labels.len() - zone.labels.len();
        if own == 0 {
            return Some("@".to_string());
        }
        Some(join(self.labels.iter().take(own)))
    }

    /// The absolute name in presentation form: `www.example.org.`, `.` for the root.
    pub(crate) fn absolute(&self) -> String {
        if self.labels.is_empty() {
            return ".".to_string();
        }
        let mut out = join(self.labels.iter());
        out.push('.');
        out
    }

    /// The name without the trailing dot, as a zone's domain is kept (`example.org`);
    /// empty for the root.
    pub(crate) fn domain_text(&self) -> String {
        join(self.labels.iter())
    }

    /// DNS canonical order (RFC 4034 section 6.1): labels compared from the rightmost,
    /// as lowercase bytes, a name sorting before the names below it.
    pub(crate) fn canonical_cmp(&self, other: &Name) -> Ordering {
        let ours = self.labels.iter().rev();
        let theirs = other.labels.iter().rev();
        for (a, b) in ours.zip(theirs) {
            match a.cmp(b) {
                Ordering::Equal => {}
                unequal => return unequal,
            }
        }
        self.labels.len().cmp(&other.labels.len())
    }
}

fn finish_label(mut label: Vec<u8>, raw: &str) -> Result<Vec<u8>, String> {
    if label.len() > MAX_LABEL {
        return Err(format!(
            "the name {} has a label of {} bytes; a label holds at most {MAX_LABEL}",
            shown(raw),
            label.len()
        ));
    }
    label.make_ascii_lowercase();
    Ok(label)
}

fn join<'a>(labels: impl Iterator<Item = &'a Vec<u8>>) -> String {
    labels
        .map(|l| escape::escape_label(l))
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> Name {
        Name::domain("example.org").unwrap()
    }

    #[test]
    fn relative_absolute_and_origin_names() {
        let origin = org();
        assert_eq!(origin.absolute(), "example.org.");
        assert_eq!(origin.domain_text(), "example.org");
        let www = Name::parse("WWW", Some(&origin)).unwrap();
        assert_eq!(www.absolute(), "www.example.org.");
        assert_eq!(www.relative_to(&origin).unwrap(), "www");
        assert_eq!(Name::parse("@", Some(&origin)).unwrap(), origin);
        let abs = Name::parse("Mail.Example.NET.", Some(&origin)).unwrap();
        assert_eq!(abs.absolute(), "mail.example.net.");
        assert_eq!(abs.relative_to(&origin), None);
        assert_eq!(Name::parse(".", Some(&origin)).unwrap().absolute(), ".");
        assert_eq!(
            Name::parse("example.org.", None)
                .unwrap()
                .relative_to(&origin)
                .unwrap(),
            "@"
        );
        assert!(Name::parse("www", None).unwrap_err().contains("no origin"));
        assert!(Name::parse("@", None).is_err());
    }

    #[test]
    fn escapes_in_names() {
        let origin = org();
        let name = Name::parse(r"john\.doe", Some(&origin)).unwrap();
        assert_eq!(name.relative_to(&origin).unwrap(), r"john\.doe");
        assert_eq!(name.absolute(), r"john\.doe.example.org.");
        let spaced = Name::parse(r"a\032b", Some(&origin)).unwrap();
        assert_eq!(spaced.relative_to(&origin).unwrap(), r"a\032b");
        // Escapes of ordinary characters are not kept.
        let plain = Name::parse(r"\087ww", Some(&origin)).unwrap();
        assert_eq!(plain.relative_to(&origin).unwrap(), "www");
        // An escaped trailing dot does not make the name absolute.
        let dotted = Name::parse(r"odd\.", Some(&origin)).unwrap();
        assert_eq!(dotted.absolute(), r"odd\..example.org.");
        assert_eq!(Name::domain(r"odd\.").unwrap().absolute(), r"odd\..");
    }

    #[test]
    fn bad_names_are_refused() {
        let origin = org();
        assert!(
            Name::parse("a..b", Some(&origin))
                .unwrap_err()
                .contains("empty label")
        );
        assert!(
            Name::parse(".a", Some(&origin))
                .unwrap_err()
                .contains("empty label")
        );
        let long = "x".repeat(64);
        assert!(
            Name::parse(&long, Some(&origin))
                .unwrap_err()
                .contains("at most 63")
        );
        let many = vec!["abcdefghi"; 26].join(".");
        assert!(
            Name::parse(&many, Some(&origin))
                .unwrap_err()
                .contains("at most 255")
        );
        assert!(
            Name::parse(r"a\999", Some(&origin))
                .unwrap_err()
                .contains("not a byte")
        );
        assert!(Name::domain("").is_err());
        assert!(Name::domain(".").is_err());
        assert!(Name::parse("", Some(&origin)).is_err());
    }

    #[test]
    fn canonical_order_sorts_by_reversed_labels() {
        let origin = org();
        let mut names: Vec<Name> = ["z", "@", "a.z", "*.a", "b", "_sip._tcp", "a"]
            .iter()
            .map(|n| Name::parse(n, Some(&origin)).unwrap())
            .collect();
        names.sort_by(Name::canonical_cmp);
        let relative: Vec<String> = names
            .iter()
            .map(|n| n.relative_to(&origin).unwrap())
            .collect();
        assert_eq!(relative, ["@", "_sip._tcp", "a", "*.a", "b", "z", "a.z"]);
    }
}
