//! Request URLs: which host a region's requests go to, and where the bucket and key go.

use cloud_aws_auth::default_endpoint;
use cloud_core::{Error, ErrorKind, Result};
use url::{Host, Url};

use super::encode::key_path;
use crate::ops::is_dns_compatible;
use crate::settings::AddressingStyle;

/// Builds the URL of every request.
#[derive(Debug, Clone)]
pub struct Addressing {
    /// The endpoint the caller (or the environment) gave; `None` for AWS itself.
    custom: Option<Url>,
    style: AddressingStyle,
}

impl Addressing {
    /// URLs for AWS's regional endpoints (`custom` = `None`) or for a custom endpoint.
    pub fn new(custom: Option<Url>, style: AddressingStyle) -> Self {
        Addressing { custom, style }
    }

    /// Whether requests go to an endpoint the caller chose.
    pub fn is_custom(&self) -> bool {
        self.custom.is_some()
    }

    /// The base URL for `region`: the custom endpoint, else
    /// `https://s3.REGION.amazonaws.com`.
    pub fn base(&self, region: &str) -> Result<Url> {
        match &self.custom {
            Some(url) => Ok(url.clone()),
            None => {
                let text = default_endpoint("s3", region)?;
                Url::parse(&text).map_err(|e| {
                    Error::new(
                        ErrorKind::Configuration,
                        format!("cannot build the S3 endpoint for region {region:?}: {e}"),
                    )
                })
            }
        }
    }

    /// Whether `bucket` goes into the host name rather than the path.
    pub fn virtual_host_for(&self, base: &Url, bucket: &str) -> bool {
        self.style == AddressingStyle::Virtual
            && matches!(base.host(), Some(Host::Domain(_)))
            && is_dns_compatible(bucket)
            // A dotted name does not match the endpoint's wildcard TLS certificate.
            && !(bucket.contains('.') && base.scheme() == "https")
    }

    /// The URL for the service itself (ListBuckets).
    pub fn service_url(&self, region: &str) -> Result<Url> {
        self.base(region)
    }

    /// The URL of a bucket (`key` = `None`) or of an object, with the query pairs
    /// appended in order (a pair with an empty value is written `name=`).
    pub fn url(
        &self,
        region: &str,
        bucket: &str,
        key: Option<&str>,
        query: &[(String, String)],
    ) -> Result<Url> {
        let mut url = self.base(region)?;
        let base_path = url.path().trim_end_matches('/').to_string();
        let key_part = key.map(key_path);
        let path = if self.virtual_host_for(&url, bucket) {
            let host = format!("{bucket}.{}", url.host_str().unwrap_or_default());
            url.set_host(Some(&host)).map_err(|e| {
                Error::invalid_input(format!("bucket {bucket:?} cannot be a host name: {e}"))
            })?;
            format!("{base_path}/{}", key_part.unwrap_or_default())
        } else {
            match key_part {
                Some(k) => format!("{base_path}/{}/{k}", key_path(bucket)),
                None => format!("{base_path}/{}", key_path(bucket)),
            }
        };
        url.set_path(&path);
        url.set_query(None);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        Ok(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn aws_virtual_hosted_by_default() {
        let a = Addressing::new(None, AddressingStyle::Virtual);
        let u = a
            .url("eu-west-1", "photos", Some("a b/ü+.jpg"), &[])
            .unwrap();
        assert_eq!(
            u.as_str(),
            "https://photos.s3.eu-west-1.amazonaws.com/a%20b/%C3%BC%2B.jpg"
        );
        let u = a.url("us-east-1", "photos", None, &q(&[("list-type", "2")]));
        assert_eq!(
            u.unwrap().as_str(),
            "https://photos.s3.us-east-1.amazonaws.com/?list-type=2"
        );
        let u = a.url("cn-north-1", "b-1", Some("k"), &[]).unwrap();
        assert_eq!(u.as_str(), "https://b-1.s3.cn-north-1.amazonaws.com.cn/k");
    }

    #[test]
    fn dotted_and_legacy_names_use_path_style() {
        let a = Addressing::new(None, AddressingStyle::Virtual);
        let u = a
            .url("us-west-2", "my.dotted.bucket", Some("k"), &[])
            .unwrap();
        assert_eq!(
            u.as_str(),
            "https://s3.us-west-2.amazonaws.com/my.dotted.bucket/k"
        );
        let u = a.url("us-east-1", "Legacy_Name", Some("k"), &[]).unwrap();
        assert_eq!(
            u.as_str(),
            "https://s3.us-east-1.amazonaws.com/Legacy_Name/k"
        );
    }

    #[test]
    fn custom_endpoints_keep_their_path_and_port() {
        let base = Url::parse("http://127.0.0.1:9000/s3/").unwrap();
        let a = Addressing::new(Some(base.clone()), AddressingStyle::Path);
        let u = a
            .url("us-east-1", "bkt", Some("dir//x/"), &q(&[("uploads", "")]))
            .unwrap();
        assert_eq!(u.as_str(), "http://127.0.0.1:9000/s3/bkt/dir//x/?uploads=");
        // An IP address cannot take a bucket label, even when virtual is asked.
        let a = Addressing::new(Some(base), AddressingStyle::Virtual);
        let u = a.url("us-east-1", "bkt", Some("k"), &[]).unwrap();
        assert_eq!(u.as_str(), "http://127.0.0.1:9000/s3/bkt/k");
        let named = Url::parse("https://nyc3.digitaloceanspaces.com").unwrap();
        let a = Addressing::new(Some(named), AddressingStyle::Virtual);
        let u = a.url("us-east-1", "space", Some("k"), &[]).unwrap();
        assert_eq!(u.as_str(), "https://space.nyc3.digitaloceanspaces.com/k");
    }

    #[test]
    fn query_values_are_encoded() {
        let a = Addressing::new(None, AddressingStyle::Path);
        let u = a
            .url("us-east-1", "b", None, &q(&[("prefix", "a b+c/")]))
            .unwrap();
        assert_eq!(u.query(), Some("prefix=a+b%2Bc%2F"));
        assert_eq!(
            u.query_pairs().next().unwrap().1,
            "a b+c/",
            "round trip through the form encoding"
        );
    }
}
