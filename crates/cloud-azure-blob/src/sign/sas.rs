//! Shared access signatures for one blob (`sr=b`), as Microsoft's "Create a service
//! SAS" (signed with the account key) and "Create a user delegation SAS" (signed with a
//! user delegation key obtained with Azure AD) describe them for versions 2020-12-06
//! and later.

use chrono::{DateTime, Utc};
use cloud_core::{Result, Secret};

use super::shared_key::signature;
use crate::API_VERSION;

/// What one signed URL allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobSas<'a> {
    /// The account name.
    pub account: &'a str,
    /// The container.
    pub container: &'a str,
    /// The blob's name, as stored (not encoded).
    pub blob: &'a str,
    /// `sp`: `r` to read, `cw` to create and write.
    pub permissions: &'a str,
    /// `st`, when the URL starts being valid (empty when `None`).
    pub start: Option<DateTime<Utc>>,
    /// `se`, when it stops being valid.
    pub expiry: DateTime<Utc>,
    /// `spr`: `https` to refuse plain HTTP; `None` allows both.
    pub protocol: Option<&'a str>,
}

/// A user delegation key, as `Get User Delegation Key` returns it. `Debug` hides the
/// value.
#[derive(Clone, PartialEq, Eq)]
pub struct UserDelegationKey {
    /// `SignedOid`.
    pub object_id: String,
    /// `SignedTid`.
    pub tenant_id: String,
    /// `SignedStart`.
    pub start: String,
    /// `SignedExpiry`.
    pub expiry: String,
    /// `SignedService`.
    pub service: String,
    /// `SignedVersion`.
    pub version: String,
    /// `Value`, the base64 key.
    pub value: Secret,
}

impl std::fmt::Debug for UserDelegationKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserDelegationKey")
            .field("object_id", &self.object_id)
            .field("tenant_id", &self.tenant_id)
            .field("start", &self.start)
            .field("expiry", &self.expiry)
            .field("service", &self.service)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

/// A SAS time: `YYYY-MM-DDThh:mm:ssZ`.
pub fn sas_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

impl BlobSas<'_> {
    fn resource(&self) -> String {
        format!("/blob/{}/{}/{}", self.account, self.container, self.blob)
    }

    fn start_text(&self) -> String {
        self.start.map(sas_time).unwrap_or_default()
    }

    /// The string-to-sign of a service SAS (account key), in the order of version
    /// 2020-12-06 and later: permissions, start, expiry, resource, identifier, IP,
    /// protocol, version, resource type, snapshot time, encryption scope, then the five
    /// response-header overrides.
    pub fn service_string_to_sign(&self) -> String {
        [
            self.permissions,
            &self.start_text(),
            &sas_time(self.expiry),
            &self.resource(),
            "",
            "",
            self.protocol.unwrap_or(""),
            API_VERSION,
            "b",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
        .join("\n")
    }

    /// The string-to-sign of a user delegation SAS, for versions 2020-12-06 and later.
    pub fn delegation_string_to_sign(&self, key: &UserDelegationKey) -> String {
        [
            self.permissions,
            &self.start_text(),
            &sas_time(self.expiry),
            &self.resource(),
            &key.object_id,
            &key.tenant_id,
            &key.start,
            &key.expiry,
            &key.service,
            &key.version,
            "",
            "",
            "",
            "",
            self.protocol.unwrap_or(""),
            API_VERSION,
            "b",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
        .join("\n")
    }

    /// The common query parameters, `sig` last.
    fn query(&self, extra: &[(&str, &str)], sig: String) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = vec![("sv".into(), API_VERSION.into())];
        if let Some(start) = self.start {
            out.push(("st".into(), sas_time(start)));
        }
        out.push(("se".into(), sas_time(self.expiry)));
        out.push(("sr".into(), "b".into()));
        out.push(("sp".into(), self.permissions.into()));
        if let Some(p) = self.protocol {
            out.push(("spr".into(), p.into()));
        }
        out.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        out.push(("sig".into(), sig));
        out
    }

    /// The query parameters of a service SAS signed with the base64 account `key`.
    pub fn service_query(&self, key: &Secret) -> Result<Vec<(String, String)>> {
        let sig = signature(key, &self.service_string_to_sign())?;
        Ok(self.query(&[], sig))
    }

    /// The query parameters of a user delegation SAS signed with `key`.
    pub fn delegation_query(&self, key: &UserDelegationKey) -> Result<Vec<(String, String)>> {
        let sig = signature(&key.value, &self.delegation_string_to_sign(key))?;
        Ok(self.query(
            &[
                ("skoid", &key.object_id),
                ("sktid", &key.tenant_id),
                ("skt", &key.start),
                ("ske", &key.expiry),
                ("sks", &key.service),
                ("skv", &key.version),
            ],
            sig,
        ))
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn sas() -> BlobSas<'static> {
        BlobSas {
            account: "acct",
            container: "c",
            blob: "dir/a b.txt",
            permissions: "r",
            start: None,
            expiry: Utc.with_ymd_and_hms(2026, 12, 6, 19, 0, 0).unwrap(),
            protocol: Some("https"),
        }
    }

    #[test]
    fn service_strings_have_sixteen_fields() {
        let text = sas().service_string_to_sign();
        assert_eq!(text.split('\n').count(), 16);
        assert!(text.starts_with(
            "r\n\n2026-12-06T19:00:00Z\n/blob/acct/c/dir/a b.txt\n\n\nhttps\n2021-12-02\nb\n"
        ));
        let q = sas().service_query(&Secret::new("a2V5a2V5a2V5")).unwrap();
        let names: Vec<&str> = q.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["sv", "se", "sr", "sp", "spr", "sig"]);
    }

    #[test]
    fn delegation_strings_carry_the_key_fields() {
        let key = UserDelegationKey {
            object_id: "oid".into(),
            tenant_id: "tid".into(),
            start: "2026-12-06T18:00:00Z".into(),
            expiry: "2026-12-06T20:00:00Z".into(),
            service: "b".into(),
            version: "2021-12-02".into(),
            value: Secret::new("a2V5a2V5a2V5"),
        };
        let text = sas().delegation_string_to_sign(&key);
        assert_eq!(text.split('\n').count(), 24);
        assert!(
            text.contains(
                "\noid\ntid\n2026-12-06T18:00:00Z\n2026-12-06T20:00:00Z\nb\n2021-12-02\n"
            )
        );
        assert!(!format!("{key:?}").contains("a2V5"));
        let q = sas().delegation_query(&key).unwrap();
        assert!(q.iter().any(|(k, v)| k == "skoid" && v == "oid"));
    }
}
