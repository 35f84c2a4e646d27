//! The INI dialect of the shared AWS files: `[section]` headers, `key = value` lines,
//! full-line `#` / `;` comments, and indented lines under a key (nested settings such as
//! `s3 =` blocks, which are skipped).

use std::collections::BTreeMap;
use std::path::Path;

use cloud_core::{Error, ErrorKind, Result};

/// Section name → key (lower-cased) → value. Repeated sections merge; a later value
/// for the same key wins.
pub(crate) type Sections = BTreeMap<String, BTreeMap<String, String>>;

/// Parses `text` (read from `path`, named in errors). Error messages quote line numbers,
/// never line contents, since a line may hold a secret.
pub(crate) fn parse(text: &str, path: &Path) -> Result<Sections> {
    let mut sections = Sections::new();
    let mut current: Option<String> = None;
    let mut after_key = false;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
            continue;
        }
        if raw.starts_with([' ', '\t']) {
            if after_key {
                continue;
            }
            return Err(malformed(
                path,
                line_no,
                "an indented line that follows no setting",
            ));
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            let (name, tail) = rest
                .split_once(']')
                .ok_or_else(|| malformed(path, line_no, "a section header without `]`"))?;
            let tail = tail.trim();
            if !(tail.is_empty() || tail.starts_with(['#', ';'])) {
                return Err(malformed(path, line_no, "text after a section header"));
            }
            let name = name.trim();
            if name.is_empty() {
                return Err(malformed(path, line_no, "an empty section name"));
            }
            sections.entry(name.to_string()).or_default();
            current = Some(name.to_string());
            after_key = false;
            continue;
        }
        let (key, value) = trimmed.split_once('=').ok_or_else(|| {
            malformed(
                path,
                line_no,
                "a line that is neither `[section]` nor `key = value`",
            )
        })?;
        let key = key.trim();
        if key.is_empty() {
            return Err(malformed(path, line_no, "a setting without a name"));
        }
        let section = current
            .as_ref()
            .ok_or_else(|| malformed(path, line_no, "a setting before any `[section]`"))?;
        sections
            .entry(section.clone())
            .or_default()
            .insert(key.to_ascii_lowercase(), value.trim().to_string());
        after_key = true;
    }
    Ok(sections)
}

fn malformed(path: &Path, line: usize, what: &str) -> Error {
    Error::new(
        ErrorKind::Configuration,
        format!(
            "malformed AWS file {}: line {line} is {what}",
            path.display()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("/h/.aws/config")
    }

    #[test]
    fn parses_sections_keys_comments_and_nested_blocks() {
        let text = "# top comment\n\
                    [default]\n\
                    aws_access_key_id = AKID\n\
                    AWS_Secret_Access_Key=secret=with=equals\n\
                    ; another comment\n\
                    s3 =\n  max_concurrent_requests = 10\n\
                    \n\
                    [profile dev] # trailing comment\n\
                    region = eu-west-1\n\
                    [default]\n\
                    region = us-east-2\n";
        let s = parse(text, p()).unwrap();
        let d = &s["default"];
        assert_eq!(d["aws_access_key_id"], "AKID");
        assert_eq!(d["aws_secret_access_key"], "secret=with=equals");
        assert_eq!(d["s3"], "");
        assert_eq!(d["region"], "us-east-2");
        assert!(!d.contains_key("max_concurrent_requests"));
        assert_eq!(s["profile dev"]["region"], "eu-west-1");
    }

    #[test]
    fn malformed_lines_are_errors_without_their_text() {
        for (text, line, what) in [
            ("[default\nk=v", 1, "without `]`"),
            ("[default]\nthis is not ini with sEcReT\n", 2, "neither"),
            ("k = v\n", 1, "before any"),
            ("[]\n", 1, "empty section"),
            ("[a] b\n", 1, "after a section"),
            ("[a]\n= v\n", 2, "without a name"),
            ("  indented = first\n", 1, "indented"),
        ] {
            let err = parse(text, p()).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Configuration, "{text}");
            let msg = err.to_string();
            assert!(msg.contains(&format!("line {line}")), "{msg}");
            assert!(msg.contains(what), "{msg}");
            assert!(msg.contains("/h/.aws/config"), "{msg}");
            assert!(!msg.contains("sEcReT"), "{msg}");
        }
    }

    #[test]
    fn crlf_and_empty_files() {
        let s = parse("[a]\r\nk = v\r\n", p()).unwrap();
        assert_eq!(s["a"]["k"], "v");
        assert!(parse("", p()).unwrap().is_empty());
    }
}
