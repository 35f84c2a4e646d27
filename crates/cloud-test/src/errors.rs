//! Feeding an error parser a status and a body, as the pipeline does, for unit tests of
//! a provider's error mapping.

use cloud_core::Error;
use cloud_core::http::{ErrorParser, HeaderMap, StatusCode};

/// What `parser` makes of an answer with `status`, no headers and `body`. Panics on a
/// status outside 100–999 (a mistake in the test itself).
pub fn parse_answer(parser: &dyn ErrorParser, status: u16, body: &[u8]) -> Error {
    let status = StatusCode::from_u16(status).expect("a valid HTTP status");
    parser.parse(status, &HeaderMap::new(), body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;
    use cloud_core::http::StatusErrorParser;

    #[test]
    fn the_parser_sees_the_status_and_body() {
        let err = parse_answer(&StatusErrorParser, 404, b"no such thing\nmore");
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert_eq!(err.message(), "no such thing");
    }
}
