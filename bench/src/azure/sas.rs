//! The service SAS curl carries: read, create and write on one blob, signed here with
//! the account key (HMAC-SHA256 over the string-to-sign of versions 2020-12-06 and
//! later), since `libcloud storage url` signs downloads only (an Azure upload needs the
//! `x-ms-blob-type` header, which a URL cannot carry; curl sends it itself). Azurite
//! checks the signature, so a wrong one fails the run rather than skewing it.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::account::Account;
use crate::{Error, Result};

/// The `sv` the signature follows.
pub const VERSION: &str = "2021-12-02";

/// `sp`: read, create, write (in the order Azure requires).
pub const PERMISSIONS: &str = "rcw";

/// A SAS time: `YYYY-MM-DDThh:mm:ssZ`.
pub fn sas_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The string-to-sign of a blob service SAS with `PERMISSIONS` until `expiry` (no start,
/// identifier, IP range, protocol restriction, snapshot, encryption scope or header
/// overrides).
pub fn string_to_sign(account: &str, container: &str, blob: &str, expiry: &str) -> String {
    let resource = format!("/blob/{account}/{container}/{blob}");
    [
        PERMISSIONS,
        "",
        expiry,
        &resource,
        "",
        "",
        "",
        VERSION,
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

/// The query string (without `?`) that lets the bearer read and write `container/blob`
/// of `account` until `expiry`.
pub fn query(
    account: &Account,
    container: &str,
    blob: &str,
    expiry: DateTime<Utc>,
) -> Result<String> {
    let expiry = sas_time(expiry);
    let key = STANDARD
        .decode(account.key.trim())
        .map_err(|_| Error::msg("the Azurite account key is not base64"))?;
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key)
        .map_err(|_| Error::msg("the Azurite account key is empty"))?;
    mac.update(string_to_sign(&account.name, container, blob, &expiry).as_bytes());
    let sig = STANDARD.encode(mac.finalize().into_bytes());
    Ok(url::form_urlencoded::Serializer::new(String::new())
        .append_pair("sv", VERSION)
        .append_pair("se", &expiry)
        .append_pair("sr", "b")
        .append_pair("sp", PERMISSIONS)
        .append_pair("sig", &sig)
        .finish())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn azurite() -> Account {
        Account {
            name: "devstoreaccount1".into(),
            key: "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
                .into(),
            endpoint: "http://127.0.0.1:10000/devstoreaccount1".into(),
            port: 10000,
        }
    }

    #[test]
    fn the_string_to_sign_has_the_sixteen_fields_of_current_versions() {
        let text = string_to_sign("acct", "bench", "curl.bin", "2030-01-02T03:04:05Z");
        let fields: Vec<&str> = text.split('\n').collect();
        assert_eq!(fields.len(), 16);
        assert_eq!(fields[0], "rcw");
        assert_eq!(fields[2], "2030-01-02T03:04:05Z");
        assert_eq!(fields[3], "/blob/acct/bench/curl.bin");
        assert_eq!(fields[7], VERSION);
        assert_eq!(fields[8], "b");
    }

    #[test]
    fn the_signature_matches_an_independent_computation() {
        // Computed with Python's hmac/hashlib/base64 over the same string-to-sign; the
        // same query let curl put and get a blob on Azurite 3.35.0.
        let expiry = Utc.with_ymd_and_hms(2030, 1, 2, 3, 4, 5).unwrap();
        assert_eq!(
            query(&azurite(), "bench", "curl.bin", expiry).unwrap(),
            "sv=2021-12-02&se=2030-01-02T03%3A04%3A05Z&sr=b&sp=rcw\
             &sig=D1874oMCpK%2ByOqsLmZkb0hzWulYn0uTxoBeB1BRXFPM%3D"
        );
    }

    #[test]
    fn a_key_that_is_not_base64_is_refused() {
        let mut account = azurite();
        account.key = "not base64!".into();
        let expiry = Utc.with_ymd_and_hms(2030, 1, 2, 3, 4, 5).unwrap();
        assert!(query(&account, "bench", "curl.bin", expiry).is_err());
    }
}
