//! Storage connection strings: `Key=Value` pairs separated by `;`
//! (`DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=…`), as
//! the Azure portal and the storage emulator documentation give them.

use cloud_core::{Error, ErrorKind, Result, Secret};
use url::Url;

use super::{DEVELOPMENT_ACCOUNT, DEVELOPMENT_KEY};

/// The emulator's default Blob endpoint (`UseDevelopmentStorage=true`).
const DEVELOPMENT_ENDPOINT: &str = "http://127.0.0.1:10000/devstoreaccount1";

/// What a connection string says. `Debug` never shows the key or the signature.
#[derive(Clone, PartialEq, Eq)]
pub struct ConnectionString {
    /// `DefaultEndpointsProtocol` (`https` when absent).
    pub protocol: String,
    /// `AccountName`.
    pub account: Option<String>,
    /// `AccountKey`.
    pub account_key: Option<Secret>,
    /// `SharedAccessSignature`.
    pub sas: Option<Secret>,
    /// `BlobEndpoint`.
    pub blob_endpoint: Option<Url>,
    /// `EndpointSuffix` (`core.windows.net` for the public cloud).
    pub endpoint_suffix: Option<String>,
}

impl std::fmt::Debug for ConnectionString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionString")
            .field("protocol", &self.protocol)
            .field("account", &self.account)
            .field(
                "account_key",
                &self.account_key.as_ref().map(|_| "[redacted]"),
            )
            .field("sas", &self.sas.as_ref().map(|_| "[redacted]"))
            .field(
                "blob_endpoint",
                &self.blob_endpoint.as_ref().map(Url::as_str),
            )
            .field("endpoint_suffix", &self.endpoint_suffix)
            .finish()
    }
}

impl ConnectionString {
    /// Parses `text`. Names are matched without regard to case; unknown names (the
    /// other services' endpoints) are ignored. A malformed string is an
    /// `InvalidCredentials` error that never quotes a value.
    pub fn parse(text: &str) -> Result<ConnectionString> {
        let mut out = ConnectionString {
            protocol: "https".into(),
            account: None,
            account_key: None,
            sas: None,
            blob_endpoint: None,
            endpoint_suffix: None,
        };
        let mut development = false;
        let mut proxy: Option<String> = None;
        let mut pairs = 0;
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((name, value)) = part.split_once('=') else {
                return Err(invalid("a part of it is not Name=Value"));
            };
            pairs += 1;
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "defaultendpointsprotocol" => match value.to_ascii_lowercase().as_str() {
                    p @ ("http" | "https") => out.protocol = p.to_string(),
                    _ => return Err(invalid("DefaultEndpointsProtocol is not http or https")),
                },
                "accountname" => out.account = Some(value.to_string()),
                "accountkey" => out.account_key = Some(Secret::new(value)),
                "sharedaccesssignature" => out.sas = Some(Secret::new(value)),
                "blobendpoint" => {
                    let url =
                        Url::parse(value).map_err(|_| invalid("BlobEndpoint is not a URL"))?;
                    if !matches!(url.scheme(), "http" | "https") {
                        return Err(invalid("BlobEndpoint is not an http or https URL"));
                    }
                    out.blob_endpoint = Some(url);
                }
                "endpointsuffix" => out.endpoint_suffix = Some(value.to_string()),
                "usedevelopmentstorage" => development = value.eq_ignore_ascii_case("true"),
                "developmentstorageproxyuri" => proxy = Some(value.to_string()),
                _ => {}
            }
        }
        if pairs == 0 {
            return Err(invalid("it is empty"));
        }
        if development {
            out.protocol = "http".into();
            out.account = Some(DEVELOPMENT_ACCOUNT.into());
            out.account_key = Some(Secret::new(DEVELOPMENT_KEY));
            let endpoint = match proxy {
                Some(p) => {
                    let mut url = Url::parse(&p)
                        .map_err(|_| invalid("DevelopmentStorageProxyUri is not a URL"))?;
                    url.set_path(&format!(
                        "{}/{DEVELOPMENT_ACCOUNT}",
                        url.path().trim_end_matches('/')
                    ));
                    url
                }
                None => Url::parse(DEVELOPMENT_ENDPOINT).map_err(|_| invalid("internal"))?,
            };
            out.blob_endpoint.get_or_insert(endpoint);
        }
        Ok(out)
    }
}

/// An `InvalidCredentials` error about the connection string.
fn invalid(why: &str) -> Error {
    Error::new(
        ErrorKind::InvalidCredentials,
        format!("the storage connection string is malformed: {why}"),
    )
    .with_provider(crate::PROVIDER_ID)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portal_strings_are_read() {
        let c = ConnectionString::parse(
            "DefaultEndpointsProtocol=https;AccountName=myaccount;AccountKey=a2V5;\
             EndpointSuffix=core.chinacloudapi.cn",
        )
        .unwrap();
        assert_eq!(c.protocol, "https");
        assert_eq!(c.account.as_deref(), Some("myaccount"));
        assert_eq!(c.account_key.as_ref().map(Secret::expose), Some("a2V5"));
        assert_eq!(c.endpoint_suffix.as_deref(), Some("core.chinacloudapi.cn"));
        assert!(!format!("{c:?}").contains("a2V5"));
    }

    #[test]
    fn development_storage_and_blob_endpoints() {
        let c = ConnectionString::parse("UseDevelopmentStorage=true").unwrap();
        assert_eq!(c.account.as_deref(), Some(DEVELOPMENT_ACCOUNT));
        assert_eq!(
            c.blob_endpoint.unwrap().as_str(),
            "http://127.0.0.1:10000/devstoreaccount1"
        );
        let c = ConnectionString::parse(
            "BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;SharedAccessSignature=sv=1&sig=x",
        )
        .unwrap();
        assert_eq!(c.sas.as_ref().map(Secret::expose), Some("sv=1&sig=x"));
        assert_eq!(
            c.blob_endpoint.unwrap().as_str(),
            "http://127.0.0.1:9/devstoreaccount1"
        );
    }

    #[test]
    fn malformed_strings_are_refused_without_quoting_them() {
        for bad in [
            "",
            "secret-key-value",
            "BlobEndpoint=not a url",
            "DefaultEndpointsProtocol=ftp",
        ] {
            let err = ConnectionString::parse(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidCredentials, "{bad:?}");
            assert!(!err.to_string().contains("secret-key"), "{err}");
        }
    }
}
