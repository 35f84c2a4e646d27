//! What the scrubber knows by name: which headers to keep or drop, which query keys
//! and body fields hold credentials or signatures. Names every provider shares live
//! here; names that belong to one provider (or one family, such as AWS's `x-amz-*`)
//! live in that provider's crate, in `crates/cloud-<id>/recording.json`, which may
//! extend other crates' files:
//!
//! ```json
//! { "extends": ["cloud-aws-auth"], "kept_request_headers": ["x-amz-target"] }
//! ```

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};

/// The file a provider crate declares its recording names in.
pub const RULES_FILE: &str = "recording.json";

/// Names the scrubber matches, case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingRules {
    /// Query and form keys whose values are request signatures, different every time.
    pub signature_params: Vec<String>,
    /// Query and form keys whose values are credentials.
    pub secret_params: Vec<String>,
    /// JSON keys and XML element names whose string values are credentials.
    pub secret_fields: Vec<String>,
    /// Headers never recorded.
    pub dropped_headers: Vec<String>,
    /// Headers whose whole value is a credential, scrubbed wherever else it shows up.
    pub secret_headers: Vec<String>,
    /// Request headers recorded as matchers.
    pub kept_request_headers: Vec<String>,
    /// Response headers recorded.
    pub kept_response_headers: Vec<String>,
    /// Header prefixes of user metadata, recorded both ways (`x-amz-meta-`).
    pub metadata_prefixes: Vec<String>,
}

impl Default for RecordingRules {
    fn default() -> Self {
        RecordingRules::generic()
    }
}

fn owned(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

impl RecordingRules {
    /// The names every provider shares.
    pub fn generic() -> Self {
        RecordingRules {
            signature_params: owned(&["signature"]),
            secret_params: owned(&[
                "api_key",
                "apikey",
                "token",
                "access_token",
                "password",
                "secret",
                "client_secret",
                "root_pass",
            ]),
            secret_fields: owned(&[
                "token",
                "access_token",
                "refresh_token",
                "password",
                "root_pass",
                "secret",
                "client_secret",
                "api_key",
                "apikey",
                "private_key",
                "privatekey",
            ]),
            dropped_headers: owned(&[
                "authorization",
                "proxy-authorization",
                "x-auth-token",
                "x-api-key",
                "cookie",
                "set-cookie",
            ]),
            secret_headers: owned(&["x-auth-token", "x-api-key"]),
            kept_request_headers: owned(&["content-type", "range", "if-match", "if-none-match"]),
            kept_response_headers: owned(&[
                "content-type",
                "content-range",
                "etag",
                "last-modified",
                "location",
                "retry-after",
                "x-request-id",
            ]),
            metadata_prefixes: Vec::new(),
        }
    }

    /// The generic names plus those `crates/cloud-<provider>/recording.json` declares
    /// (and the files it extends), under the workspace `root`. A provider without the
    /// file gets the generic names.
    pub fn for_provider(root: &Path, provider: &str) -> Result<Self> {
        let mut rules = RecordingRules::generic();
        rules.merge_crate(root, &format!("cloud-{provider}"), 0)?;
        Ok(rules)
    }

    /// The names of every provider crate in this workspace together, for tests of the
    /// scrubber.
    #[cfg(test)]
    pub(crate) fn every_provider() -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("workspace root");
        let mut rules = RecordingRules::generic();
        for provider in ["ec2", "s3", "linode", "slicehost", "gogrid"] {
            rules
                .merge_crate(root, &format!("cloud-{provider}"), 0)
                .expect("provider rules");
        }
        rules
    }

    fn merge_crate(&mut self, root: &Path, krate: &str, depth: usize) -> Result<()> {
        if depth > 4 {
            return Err(Error::msg(format!(
                "{RULES_FILE}: extends goes too deep at {krate}"
            )));
        }
        let path = root.join("crates").join(krate).join(RULES_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && depth == 0 => return Ok(()),
            Err(e) => return Err(Error::msg(format!("cannot read {}: {e}", path.display()))),
        };
        let doc: Value = serde_json::from_str(&text)
            .map_err(|e| Error::msg(format!("{} is not JSON: {e}", path.display())))?;
        let object = doc
            .as_object()
            .ok_or_else(|| Error::msg(format!("{} is not a JSON object", path.display())))?;
        for (key, value) in object {
            let names = strings(value).ok_or_else(|| {
                Error::msg(format!(
                    "{}: {key} is not a list of strings",
                    path.display()
                ))
            })?;
            match key.as_str() {
                "extends" => {
                    for parent in names {
                        self.merge_crate(root, &parent, depth + 1)?;
                    }
                }
                field => self
                    .field(field)
                    .ok_or_else(|| {
                        Error::msg(format!("{}: unknown key {field:?}", path.display()))
                    })?
                    .extend(names),
            }
        }
        Ok(())
    }

    fn field(&mut self, name: &str) -> Option<&mut Vec<String>> {
        Some(match name {
            "signature_params" => &mut self.signature_params,
            "secret_params" => &mut self.secret_params,
            "secret_fields" => &mut self.secret_fields,
            "dropped_headers" => &mut self.dropped_headers,
            "secret_headers" => &mut self.secret_headers,
            "kept_request_headers" => &mut self.kept_request_headers,
            "kept_response_headers" => &mut self.kept_response_headers,
            "metadata_prefixes" => &mut self.metadata_prefixes,
            _ => return None,
        })
    }
}

fn strings(value: &Value) -> Option<Vec<String>> {
    value
        .as_array()?
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// Whether `name` is in `list`, ignoring case.
pub fn listed(list: &[String], name: &str) -> bool {
    list.iter().any(|l| l.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (krate, text) in files {
            let path = dir.path().join("crates").join(krate);
            std::fs::create_dir_all(&path).unwrap();
            std::fs::write(path.join(RULES_FILE), text).unwrap();
        }
        dir
    }

    #[test]
    fn a_provider_file_adds_to_the_generic_names_through_what_it_extends() {
        let dir = workspace(&[
            ("cloud-fam-auth", r#"{"secret_params": ["familykey"]}"#),
            (
                "cloud-demo",
                r#"{"extends": ["cloud-fam-auth"], "kept_request_headers": ["x-demo"]}"#,
            ),
        ]);
        let rules = RecordingRules::for_provider(dir.path(), "demo").unwrap();
        assert!(listed(&rules.secret_params, "FamilyKey"));
        assert!(listed(&rules.secret_params, "token"));
        assert!(listed(&rules.kept_request_headers, "x-demo"));
        let plain = RecordingRules::for_provider(dir.path(), "other").unwrap();
        assert_eq!(plain, RecordingRules::generic());
    }

    #[test]
    fn bad_files_are_errors_naming_the_file() {
        for text in ["[1]", "{\"nope\": []}", "{\"secret_params\": [1]}", "{"] {
            let dir = workspace(&[("cloud-demo", text)]);
            let err = RecordingRules::for_provider(dir.path(), "demo").unwrap_err();
            assert!(err.to_string().contains("recording.json"), "{err}");
        }
        let dir = workspace(&[("cloud-demo", r#"{"extends": ["cloud-missing"]}"#)]);
        assert!(RecordingRules::for_provider(dir.path(), "demo").is_err());
    }

    #[test]
    fn every_provider_files_parse() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        for provider in ["ec2", "s3", "linode", "slicehost", "gogrid"] {
            RecordingRules::for_provider(root, provider).unwrap();
        }
        let s3 = RecordingRules::for_provider(root, "s3").unwrap();
        assert!(listed(&s3.dropped_headers, "x-amz-security-token"));
        assert!(listed(&s3.metadata_prefixes, "x-amz-meta-"));
        let linode = RecordingRules::for_provider(root, "linode").unwrap();
        assert!(!listed(&linode.dropped_headers, "x-amz-date"));
    }
}
