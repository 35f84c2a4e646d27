//! Refusing options nobody declared and values of the wrong type, naming what is valid.

use std::collections::BTreeMap;

use super::{OptionSpec, parse_option};
use crate::http::HTTP_OPTION_SPECS;
use crate::{Error, ErrorKind, Result};

/// Every option `provider` accepts: its own `specs`, then the HTTP pipeline's.
pub fn accepted_options(specs: &[OptionSpec]) -> Vec<OptionSpec> {
    specs.iter().chain(HTTP_OPTION_SPECS).copied().collect()
}

/// Checks every option in `options` against `specs` and the HTTP pipeline's options.
///
/// An unknown name is an `InvalidInput` error that suggests the closest valid name and
/// lists them all; a value its spec does not accept is an `InvalidInput` error naming the
/// option and what it takes.
pub fn validate_options(
    provider: &str,
    specs: &[OptionSpec],
    options: &BTreeMap<String, String>,
) -> Result<()> {
    let accepted = accepted_options(specs);
    for (name, value) in options {
        let Some(spec) = accepted.iter().find(|s| s.name == name) else {
            return Err(unknown(provider, name, &accepted));
        };
        parse_option(&spec.kind, name, value).map_err(|e| e.with_provider(provider))?;
    }
    Ok(())
}

fn unknown(provider: &str, name: &str, accepted: &[OptionSpec]) -> Error {
    let names: Vec<&str> = accepted.iter().map(|s| s.name).collect();
    let hint = closest(name, &names)
        .map(|n| format!(" (did you mean {n}?)"))
        .unwrap_or_default();
    let shown: String = name.chars().take(64).collect();
    Error::new(
        ErrorKind::InvalidInput,
        format!(
            "provider {provider} has no option {shown:?}{hint}; valid options: {}",
            names.join(", ")
        ),
    )
    .with_provider(provider)
}

/// The name within two edits of `name`, nearest first.
fn closest<'a>(name: &str, names: &[&'a str]) -> Option<&'a str> {
    names
        .iter()
        .map(|n| (edit_distance(name, n), *n))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::OptionKind;

    const SPECS: &[OptionSpec] = &[OptionSpec::new(
        "page_size",
        OptionKind::Count { min: 25, max: 500 },
        "items per page",
    )];

    fn options(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_misspelt_name_is_refused_with_a_suggestion_and_the_valid_names() {
        let err = validate_options("linode", SPECS, &options(&[("pag_size", "5")])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        let text = err.to_string();
        assert!(text.contains("\"pag_size\""), "{text}");
        assert!(text.contains("did you mean page_size?"), "{text}");
        assert!(
            text.contains("valid options: page_size, connect_timeout_secs"),
            "{text}"
        );
        assert!(text.contains("max_attempts"), "{text}");
    }

    #[test]
    fn a_bad_value_is_refused_with_what_the_option_takes() {
        let err = validate_options("linode", SPECS, &options(&[("page_size", "abc")])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        let text = err.to_string();
        assert!(text.contains("page_size"), "{text}");
        assert!(text.contains("a whole number from 25 to 500"), "{text}");
        let err =
            validate_options("linode", SPECS, &options(&[("max_attempts", "0")])).unwrap_err();
        assert!(err.to_string().contains("max_attempts"), "{err}");
    }

    #[test]
    fn declared_and_http_options_pass() {
        validate_options(
            "linode",
            SPECS,
            &options(&[("page_size", "100"), ("max_attempts", "1")]),
        )
        .unwrap();
    }

    #[test]
    fn far_names_get_no_suggestion() {
        let err = validate_options("x", SPECS, &options(&[("zzzzzzzz", "1")])).unwrap_err();
        assert!(!err.to_string().contains("did you mean"), "{err}");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
    }
}
