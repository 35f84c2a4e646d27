//! The URI encoding SigV4 prescribes, and the canonical path and query built with it.

use url::Url;

use super::SigningOptions;

/// Appends `input` URI-encoded the SigV4 way: every byte except the unreserved
/// characters `A-Z a-z 0-9 - _ . ~` becomes `%XX` with upper-case hex. `/` is kept when
/// `keep_slash` is set.
pub(crate) fn uri_encode_into(input: &[u8], keep_slash: bool, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in input {
        let unreserved = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~');
        if unreserved || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0x0f)] as char);
        }
    }
}

/// `input` URI-encoded the SigV4 way, `/` included.
pub(crate) fn uri_encode(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len());
    uri_encode_into(input, false, &mut out);
    out
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes `%XX` escapes (and `+` as a space when `plus_is_space`). A `%` that does not
/// start a valid escape is kept as it is.
pub(crate) fn percent_decode(input: &str, plus_is_space: bool) -> Vec<u8> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hi = bytes.get(i + 1).copied().and_then(hex_value);
                let lo = bytes.get(i + 2).copied().and_then(hex_value);
                match (hi, lo) {
                    (Some(hi), Some(lo)) => {
                        out.push(hi << 4 | lo);
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// The canonical URI: the URL's path, normalized and encoded as `options` say.
///
/// With `double_encode_path`, each segment of the path as it goes on the wire (already
/// percent-encoded once) is encoded again, as SigV4 asks of every service but S3.
/// Without it, each segment is decoded and encoded once, which is S3's rule.
pub(crate) fn canonical_path(url: &Url, options: &SigningOptions) -> String {
    let path = url.path();
    let path = if path.is_empty() { "/" } else { path };
    let segments: Vec<&str> = if options.normalize_path {
        normalize(path)
    } else {
        path.split('/').skip(1).collect()
    };
    let mut out = String::with_capacity(path.len() + 8);
    for segment in &segments {
        out.push('/');
        if options.double_encode_path {
            uri_encode_into(segment.as_bytes(), false, &mut out);
        } else {
            uri_encode_into(&percent_decode(segment, false), false, &mut out);
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// The path's segments with empty and `.` segments dropped and `..` applied; a final
/// empty segment stands for a trailing slash.
fn normalize(path: &str) -> Vec<&str> {
    let mut kept: Vec<&str> = Vec::new();
    let mut trailing_slash = false;
    for segment in path.split('/').skip(1) {
        trailing_slash = matches!(segment, "" | "." | "..");
        match segment {
            "" | "." => {}
            ".." => {
                kept.pop();
            }
            s => kept.push(s),
        }
    }
    if trailing_slash && !kept.is_empty() {
        kept.push("");
    }
    kept
}

/// The canonical query string: every `name=value` pair decoded, encoded the SigV4 way,
/// sorted by name then value, joined with `&`. A name without `=` gets an empty value.
pub(crate) fn canonical_query(url: &Url) -> String {
    let Some(query) = url.query() else {
        return String::new();
    };
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
            (
                uri_encode(&percent_decode(name, true)),
                uri_encode(&percent_decode(value, true)),
            )
        })
        .collect();
    pairs.sort();
    let mut out = String::with_capacity(query.len() + 16);
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn encodes_everything_but_unreserved() {
        assert_eq!(uri_encode(b"azAZ09-_.~"), "azAZ09-_.~");
        assert_eq!(uri_encode(b"a b/c+d*e%"), "a%20b%2Fc%2Bd%2Ae%25");
        assert_eq!(uri_encode("ሴ".as_bytes()), "%E1%88%B4");
    }

    #[test]
    fn decodes_escapes_and_keeps_broken_ones() {
        assert_eq!(percent_decode("a%20b+c", false), b"a b+c");
        assert_eq!(percent_decode("a%20b+c", true), b"a b c");
        assert_eq!(percent_decode("100%", false), b"100%");
        assert_eq!(percent_decode("%zz%4", false), b"%zz%4");
        assert_eq!(percent_decode("%e1%88%b4", false), "ሴ".as_bytes());
    }

    #[test]
    fn standard_path_is_normalized_and_double_encoded() {
        let o = SigningOptions::standard();
        assert_eq!(canonical_path(&url("https://h"), &o), "/");
        assert_eq!(canonical_path(&url("https://h//a//b/"), &o), "/a/b/");
        assert_eq!(
            canonical_path(&url("https://h/a/b%2Fc/./d"), &o),
            "/a/b%252Fc/d"
        );
        // The example from the SigV4 documentation: a path with spaces, sent
        // percent-encoded, is encoded a second time.
        assert_eq!(
            canonical_path(&url("https://h/documents and settings/"), &o),
            "/documents%2520and%2520settings/"
        );
    }

    #[test]
    fn s3_path_is_encoded_once_and_left_alone() {
        let o = SigningOptions::s3();
        assert_eq!(canonical_path(&url("https://h/b//k/"), &o), "/b//k/");
        assert_eq!(
            canonical_path(&url("https://h/b/a%20b+c"), &o),
            "/b/a%20b%2Bc"
        );
        assert_eq!(canonical_path(&url("https://h/b/x%2Fy"), &o), "/b/x%2Fy");
        assert_eq!(
            canonical_path(&url("https://h/b/caf%C3%A9!"), &o),
            "/b/caf%C3%A9%21"
        );
    }

    #[test]
    fn normalization_handles_dot_segments() {
        assert_eq!(normalize("/a/./b/../c"), vec!["a", "c"]);
        assert_eq!(normalize("/a/b/.."), vec!["a", ""]);
        assert_eq!(normalize("/../.."), Vec::<&str>::new());
    }

    #[test]
    fn query_is_sorted_and_reencoded() {
        assert_eq!(canonical_query(&url("https://h/")), "");
        assert_eq!(canonical_query(&url("https://h/?")), "");
        assert_eq!(
            canonical_query(&url("https://h/?b=2&a=x+y&a=%7E&uploads")),
            "a=x%20y&a=~&b=2&uploads="
        );
        assert_eq!(
            canonical_query(&url("https://h/?k=a%2Fb%3Dc&%E1%88%B4=bar")),
            "%E1%88%B4=bar&k=a%2Fb%3Dc"
        );
    }
}
