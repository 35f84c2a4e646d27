//! Azurite's development account, as the `azurite` service exports it, and the blob
//! addresses and connection string built from it.

use url::Url;

use crate::{Error, Result};

/// The variable holding the path-style Blob endpoint.
pub const ENDPOINT_VAR: &str = "LIBCLOUD_TEST_AZURITE_ENDPOINT";
/// The variable holding the account name.
pub const ACCOUNT_VAR: &str = "LIBCLOUD_TEST_AZURITE_ACCOUNT";
/// The variable holding the account key.
pub const KEY_VAR: &str = "LIBCLOUD_TEST_AZURITE_KEY";

/// A storage account on Azurite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The account name (`devstoreaccount1`).
    pub name: String,
    /// The account key, base64 (published by Microsoft for the emulators).
    pub key: String,
    /// The Blob endpoint, path-style, without a trailing `/`:
    /// `http://127.0.0.1:PORT/devstoreaccount1`.
    pub endpoint: String,
    /// The port of the endpoint.
    pub port: u16,
}

impl Account {
    /// The account from the variables a started `azurite` service exports.
    pub fn from_exports(exported: &[(String, String)]) -> Result<Self> {
        let get = |name: &str| {
            exported
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .ok_or_else(|| Error::msg(format!("the azurite service did not export {name}")))
        };
        let endpoint = get(ENDPOINT_VAR)?.trim_end_matches('/').to_string();
        let port = Url::parse(&endpoint)
            .ok()
            .and_then(|u| u.port())
            .ok_or_else(|| Error::msg(format!("{ENDPOINT_VAR} has no port: {endpoint}")))?;
        Ok(Account {
            name: get(ACCOUNT_VAR)?,
            key: get(KEY_VAR)?,
            endpoint,
            port,
        })
    }

    /// The connection string our CLI is configured by (and nothing else).
    pub fn connection_string(&self) -> String {
        format!(
            "DefaultEndpointsProtocol=http;AccountName={};AccountKey={};BlobEndpoint={};",
            self.name, self.key, self.endpoint
        )
    }

    /// The address of blob `key` in `container` (both plain ASCII names that need no
    /// encoding).
    pub fn blob_url(&self, container: &str, key: &str) -> String {
        format!("{}/{container}/{key}", self.endpoint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exports(endpoint: &str) -> Vec<(String, String)> {
        vec![
            (ENDPOINT_VAR.into(), endpoint.into()),
            (ACCOUNT_VAR.into(), "devstoreaccount1".into()),
            (KEY_VAR.into(), "a2V5".into()),
        ]
    }

    #[test]
    fn the_exports_give_name_key_endpoint_and_port() {
        let a =
            Account::from_exports(&exports("http://127.0.0.1:10123/devstoreaccount1/")).unwrap();
        assert_eq!(a.port, 10123);
        assert_eq!(a.endpoint, "http://127.0.0.1:10123/devstoreaccount1");
        assert_eq!(
            a.connection_string(),
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;\
             BlobEndpoint=http://127.0.0.1:10123/devstoreaccount1;"
        );
        assert_eq!(
            a.blob_url("bench", "curl.bin"),
            "http://127.0.0.1:10123/devstoreaccount1/bench/curl.bin"
        );
    }

    #[test]
    fn missing_variables_and_ports_are_errors() {
        let mut e = exports("http://127.0.0.1:10123/devstoreaccount1");
        e.retain(|(k, _)| k != KEY_VAR);
        let err = Account::from_exports(&e).unwrap_err();
        assert!(err.message().contains(KEY_VAR), "{err}");
        let err = Account::from_exports(&exports("http://localhost/devstoreaccount1")).unwrap_err();
        assert!(err.message().contains("no port"), "{err}");
    }
}
