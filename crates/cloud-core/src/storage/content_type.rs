//! Guessing an object's content type from its key, for uploads that do not name one.

/// A MIME type for `key` from the extension of its last path segment;
/// `application/octet-stream` when there is none or it is unknown.
pub fn guess_content_type(key: &str) -> String {
    mime_guess::from_path(key)
        .first_or_octet_stream()
        .essence_str()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_from_extensions() {
        for (key, expected) in [
            ("notes.txt", "text/plain"),
            ("dir/data.JSON", "application/json"),
            ("index.html", "text/html"),
            ("a/b/pic.png", "image/png"),
            ("photo.jpeg", "image/jpeg"),
            ("blob.bin", "application/octet-stream"),
            ("no-extension", "application/octet-stream"),
            (".txt", "application/octet-stream"),
            ("dir.txt/file", "application/octet-stream"),
            ("dir/", "application/octet-stream"),
        ] {
            assert_eq!(guess_content_type(key), expected, "{key}");
        }
    }
}
