//! Names and ids: checks on names callers give to nodes, key pairs, volumes and images,
//! and the fresh ids the simulated cloud hands out.

use cloud_core::{Error, Result};

/// The longest name accepted, in bytes.
const MAX_NAME: usize = 255;

/// Rejects a `what` name (`node`, `key pair`, …) that is blank, too long or holds
/// control characters.
pub(crate) fn check_name(what: &str, name: &str) -> Result<()> {
    if name.trim().is_empty() {
        return Err(Error::invalid_input(format!("{what} name is empty")));
    }
    if name.len() > MAX_NAME {
        return Err(Error::invalid_input(format!(
            "{what} name is longer than {MAX_NAME} bytes"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::invalid_input(format!(
            "{what} name {name:?} contains a control character"
        )));
    }
    Ok(())
}

/// The `NotFound` error for a missing `what` called `id`.
pub(crate) fn not_found(what: &str, id: &str) -> Error {
    Error::not_found(format!("{what} {id:?} does not exist"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    #[test]
    fn names_are_checked() {
        check_name("node", "web-1").unwrap();
        check_name("node", "ünï code ok").unwrap();
        for bad in ["", "   ", "a\nb", "x\0"] {
            let err = check_name("node", bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad:?}");
            assert!(err.message().starts_with("node name"), "{err}");
        }
        assert!(check_name("volume", &"v".repeat(256)).is_err());
        let err = not_found("node", "node-x");
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert_eq!(err.message(), "node \"node-x\" does not exist");
    }
}
