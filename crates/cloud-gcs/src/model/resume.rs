//! The answer to a resumable upload request that did not complete it: `308` with the
//! bytes the server holds in `Range: bytes=0-N` (none when the header is absent).

use cloud_core::Error;
use cloud_core::http::header::HeaderMap;

/// What a `308 Resume Incomplete` answer says the server holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResumeIncomplete {
    /// Bytes received and kept, from the start: the next request starts here.
    pub committed: u64,
}

impl ResumeIncomplete {
    /// From the answer's headers; a missing or unreadable `Range` means nothing is held.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let committed = headers
            .get("range")
            .and_then(|v| v.to_str().ok())
            .and_then(committed_of_range)
            .unwrap_or(0);
        ResumeIncomplete { committed }
    }

    /// The incomplete upload an error of the pipeline reports, when it is one.
    pub fn of(error: &Error) -> Option<ResumeIncomplete> {
        std::error::Error::source(error)?
            .downcast_ref::<ResumeIncomplete>()
            .copied()
    }
}

/// `bytes=0-N` → `N + 1`; anything else → `None`.
fn committed_of_range(value: &str) -> Option<u64> {
    let range = value.trim().strip_prefix("bytes=")?;
    let (start, end) = range.split_once('-')?;
    if start.trim() != "0" {
        return None;
    }
    end.trim().parse::<u64>().ok()?.checked_add(1)
}

impl std::fmt::Display for ResumeIncomplete {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} bytes committed", self.committed)
    }
}

impl std::error::Error for ResumeIncomplete {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_read_strictly() {
        assert_eq!(committed_of_range("bytes=0-262143"), Some(262_144));
        assert_eq!(committed_of_range("bytes=0-0"), Some(1));
        assert_eq!(committed_of_range("bytes=5-9"), None);
        assert_eq!(committed_of_range("bytes=0-"), None);
        assert_eq!(committed_of_range("0-9"), None);
        assert_eq!(committed_of_range("bytes=0-18446744073709551615"), None);
        assert_eq!(
            ResumeIncomplete::from_headers(&HeaderMap::new()).committed,
            0
        );
    }
}
