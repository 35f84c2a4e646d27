//! One side of `storage cp`: a local path, or `PROVIDER:CONTAINER/KEY`.

use std::path::PathBuf;

use libcloud::{Error, Result};

/// Where one side of a copy is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// A local file or directory.
    Local(PathBuf),
    /// An object, or a prefix, of a provider.
    Remote(Remote),
}

/// `NAME:CONTAINER/KEY`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    /// A profile name or a provider id.
    pub name: String,
    /// The container.
    pub container: String,
    /// The key (or prefix); empty when only the container was named.
    pub key: String,
}

impl Remote {
    /// `NAME:CONTAINER/KEY` again, for messages.
    pub fn shown(&self) -> String {
        format!("{}:{}/{}", self.name, self.container, self.key)
    }
}

/// Parses one side. Text whose part before the first `:` is a known profile or provider
/// name (`known`) is remote; text with no `:` before its first `/` is a local path; a
/// word before a `:` that is neither is an error, since it is most likely a mistyped
/// provider.
pub fn parse(text: &str, known: &dyn Fn(&str) -> bool) -> Result<Side> {
    let Some((name, rest)) = text.split_once(':') else {
        return Ok(Side::Local(PathBuf::from(text)));
    };
    if name.is_empty() || name.contains(['/', '\\']) {
        return Ok(Side::Local(PathBuf::from(text)));
    }
    if !known(name) {
        return Err(Error::invalid_input(format!(
            "{text:?}: {name:?} is neither a provider id nor a profile of the config file \
             (write a local path with a ':' as ./{text})"
        )));
    }
    let (container, key) = rest.split_once('/').unwrap_or((rest, ""));
    if container.is_empty() {
        return Err(Error::invalid_input(format!(
            "{text:?} names no container: expected {name}:CONTAINER/KEY"
        )));
    }
    Ok(Side::Remote(Remote {
        name: name.to_string(),
        container: container.to_string(),
        key: key.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(name: &str) -> bool {
        matches!(name, "local" | "s3" | "work")
    }

    fn remote(name: &str, container: &str, key: &str) -> Side {
        Side::Remote(Remote {
            name: name.into(),
            container: container.into(),
            key: key.into(),
        })
    }

    #[test]
    fn remote_sides_name_a_provider_or_profile() {
        assert_eq!(
            parse("s3:photos/2024/a.jpg", &known).unwrap(),
            remote("s3", "photos", "2024/a.jpg")
        );
        assert_eq!(parse("work:b/k", &known).unwrap(), remote("work", "b", "k"));
        assert_eq!(parse("local:b", &known).unwrap(), remote("local", "b", ""));
        assert_eq!(parse("local:b/", &known).unwrap(), remote("local", "b", ""));
    }

    #[test]
    fn local_paths_stay_local() {
        for text in ["a.txt", "/tmp/x", "./s3:b/k", "dir/with:colon", ":odd"] {
            assert_eq!(
                parse(text, &known).unwrap(),
                Side::Local(PathBuf::from(text)),
                "{text}"
            );
        }
    }

    #[test]
    fn bad_specs_are_one_clear_error() {
        let err = parse("local:", &known).unwrap_err();
        assert!(err.to_string().contains("names no container"), "{err}");
        let err = parse("local:/key", &known).unwrap_err();
        assert!(err.to_string().contains("names no container"), "{err}");
        let err = parse("nosuch:b/k", &known).unwrap_err();
        assert_eq!(err.kind(), libcloud::ErrorKind::InvalidInput);
        assert!(err.to_string().contains("neither a provider id"), "{err}");
    }
}
