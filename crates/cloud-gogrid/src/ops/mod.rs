//! The portable calls, one file per resource; [`GoGridCompute`](crate::GoGridCompute)'s
//! `impl Compute` delegates to them.

pub(crate) mod catalog;
pub(crate) mod images;
pub(crate) mod nodes;

use cloud_core::{Error, Result};

use crate::PROVIDER_ID;

pub use nodes::MAX_NAME_LEN;

/// Checks a server, image or load balancer reference before it is sent: non-empty, at
/// most 255 characters, no control characters. GoGrid takes an id or a name in a query
/// parameter, so names with spaces pass; anything else names nothing, so it is
/// `NotFound`.
pub(crate) fn reference<'a>(value: &'a str, what: &str, operation: &str) -> Result<&'a str> {
    let value = value.trim();
    if value.is_empty() || value.len() > 255 || value.chars().any(char::is_control) {
        return Err(
            Error::not_found(format!("no GoGrid {what} is named {value:?}"))
                .with_provider(PROVIDER_ID)
                .with_operation(operation),
        );
    }
    Ok(value)
}

/// An `InvalidInput` error of `operation`.
pub(crate) fn invalid(operation: &str, message: impl Into<String>) -> Error {
    Error::invalid_input(message)
        .with_provider(PROVIDER_ID)
        .with_operation(operation)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    #[test]
    fn references_are_checked() {
        for bad in ["", "  ", "a\nb", &"x".repeat(256)] {
            assert_eq!(
                reference(bad, "server", "get_node").unwrap_err().kind(),
                ErrorKind::NotFound
            );
        }
        assert_eq!(reference(" 42 ", "server", "get_node").unwrap(), "42");
        assert_eq!(
            reference("web server", "server", "get_node").unwrap(),
            "web server"
        );
    }
}
