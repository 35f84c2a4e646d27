//! The service SAS curl carries: read, create and write on one blob, signed with the
//! account key by the `azure_blobs` driver's own signer (`cloud_azure_blob::sign`),
//! since `libcloud storage url` signs downloads only (an Azure upload needs the
//! `x-ms-blob-type` header, which a URL cannot carry; curl sends it itself). Azurite
//! checks the signature, so a wrong one fails the run rather than skewing it.

use chrono::{DateTime, Utc};
use cloud_azure_blob::sign::BlobSas;
use cloud_core::Secret;

use super::account::Account;
use crate::{Error, Result};

/// `sp`: read, create, write (in the order Azure requires).
pub const PERMISSIONS: &str = "rcw";

/// The query string (without `?`) that lets the bearer read and write `container/blob`
/// of `account` until `expiry`.
pub fn query(
    account: &Account,
    container: &str,
    blob: &str,
    expiry: DateTime<Utc>,
) -> Result<String> {
    let sas = BlobSas {
        account: &account.name,
        container,
        blob,
        permissions: PERMISSIONS,
        start: None,
        expiry,
        protocol: None,
    };
    let pairs = sas
        .service_query(&Secret::new(account.key.trim()))
        .map_err(|e| Error::msg(format!("cannot sign curl's SAS: {e}")))?;
    Ok(url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
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
    fn the_query_grants_read_create_write_on_one_blob_until_the_expiry() {
        let expiry = Utc.with_ymd_and_hms(2030, 1, 2, 3, 4, 5).unwrap();
        let query = query(&azurite(), "bench", "curl.bin", expiry).unwrap();
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("sp"), Some("rcw"));
        assert_eq!(get("sr"), Some("b"));
        assert_eq!(get("se"), Some("2030-01-02T03:04:05Z"));
        assert!(get("sig").is_some_and(|s| s.len() == 44), "{query}");
    }

    #[test]
    fn a_key_that_is_not_base64_is_refused() {
        let mut account = azurite();
        account.key = "not base64!".into();
        let expiry = Utc.with_ymd_and_hms(2030, 1, 2, 3, 4, 5).unwrap();
        assert!(query(&account, "bench", "curl.bin", expiry).is_err());
    }
}
