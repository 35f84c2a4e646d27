//! POSIX shell quoting, for the commands sent to the server.

use cloud_core::{Error, Result};

/// `value` as one POSIX shell word: single-quoted, with each `'` written as `'\''`.
/// An empty value gives `''`.
pub fn shell_quote(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('\'');
    for c in value.chars() {
        if c == '\'' {
            quoted.push_str("'\\''");
        } else {
            quoted.push(c);
        }
    }
    quoted.push('\'');
    quoted
}

/// Whether `name` is a portable environment variable name: a letter or `_`, then
/// letters, digits and `_`.
fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `export K='v'; ` for each pair, in order: the environment of a command run through
/// the remote shell (servers usually refuse the protocol's own variable requests).
/// Fails with `InvalidInput` on a name that is not a portable variable name.
pub fn env_prefix<'a>(env: impl IntoIterator<Item = (&'a String, &'a String)>) -> Result<String> {
    let mut prefix = String::new();
    for (name, value) in env {
        if !is_env_name(name) {
            return Err(Error::invalid_input(format!(
                "{name:?} is not a valid environment variable name"
            )));
        }
        prefix.push_str("export ");
        prefix.push_str(name);
        prefix.push('=');
        prefix.push_str(&shell_quote(value));
        prefix.push_str("; ");
    }
    Ok(prefix)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn plain_words_are_single_quoted() {
        assert_eq!(shell_quote("abc"), "'abc'");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(
            shell_quote("a b\n$HOME `x` \"q\""),
            "'a b\n$HOME `x` \"q\"'"
        );
    }

    #[test]
    fn single_quotes_are_closed_escaped_and_reopened() {
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote("'"), "''\\'''");
    }

    #[test]
    fn quoting_survives_a_real_shell() {
        let nasty = "it's $(echo no) `no` \"x\" \\ ; | & *";
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("printf %s {}", shell_quote(nasty)))
            .output();
        let Ok(out) = out else {
            eprintln!("no sh here: skipping");
            return;
        };
        assert_eq!(String::from_utf8_lossy(&out.stdout), nasty);
    }

    #[test]
    fn env_prefix_exports_each_pair_in_order() {
        let mut env = BTreeMap::new();
        env.insert("A_1".to_string(), "x y".to_string());
        env.insert("B".to_string(), "it's".to_string());
        assert_eq!(
            env_prefix(&env).unwrap(),
            "export A_1='x y'; export B='it'\\''s'; "
        );
        assert_eq!(env_prefix(&BTreeMap::new()).unwrap(), "");
    }

    #[test]
    fn env_prefix_refuses_names_a_shell_would_misread() {
        for bad in ["", "1A", "A-B", "A B", "A;rm", "Ä"] {
            let mut env = BTreeMap::new();
            env.insert(bad.to_string(), "v".to_string());
            let err = env_prefix(&env).unwrap_err();
            assert_eq!(err.kind(), cloud_core::ErrorKind::InvalidInput, "{bad:?}");
        }
    }
}
