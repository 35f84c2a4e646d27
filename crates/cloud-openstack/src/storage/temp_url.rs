//! Temporary URLs (Swift's `tempurl` middleware): an HMAC of `METHOD\nEXPIRES\nPATH`
//! over the object's decoded path, with the key set on the container or the account
//! (or given as the `temp_url_key` option), SHA-256 where the cluster allows it, SHA-1
//! otherwise.

use std::time::{SystemTime, UNIX_EPOCH};

use cloud_core::storage::{SignedMethod, SignedUrlRequest};
use cloud_core::{Error, ErrorKind, Result};
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::Sha256;
use url::Url;

use super::paths::object_path;

/// The digest a signature is made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digest {
    /// HMAC-SHA256.
    Sha256,
    /// HMAC-SHA1, for clusters that allow nothing better.
    Sha1,
}

impl Digest {
    /// SHA-256 when the cluster allows it, else SHA-1 when it does; `Unsupported`
    /// otherwise.
    pub fn choose(allowed: &[String]) -> Result<Digest> {
        let has = |d: &str| allowed.iter().any(|a| a.eq_ignore_ascii_case(d));
        if has("sha256") {
            Ok(Digest::Sha256)
        } else if has("sha1") {
            Ok(Digest::Sha1)
        } else {
            Err(Error::new(
                ErrorKind::Unsupported,
                format!(
                    "the cluster signs temporary URLs only with {}, which this driver does \
                     not make",
                    allowed.join(", ")
                ),
            ))
        }
    }
}

/// The signature of `method` on `path` (decoded, starting `/v1/`) until `expires`.
pub fn signature(key: &str, digest: Digest, method: &str, expires: u64, path: &str) -> String {
    let message = format!("{method}\n{expires}\n{path}");
    match digest {
        Digest::Sha256 => {
            let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes())
                .expect("HMAC takes a key of any length");
            mac.update(message.as_bytes());
            hex::encode(mac.finalize().into_bytes())
        }
        Digest::Sha1 => {
            let mut mac = Hmac::<Sha1>::new_from_slice(key.as_bytes())
                .expect("HMAC takes a key of any length");
            mac.update(message.as_bytes());
            hex::encode(mac.finalize().into_bytes())
        }
    }
}

/// The temporary URL of `container/key` under `account_url`, valid until `now` plus the
/// request's lifetime.
pub fn temp_url(
    account_url: &Url,
    container: &str,
    key: &str,
    secret: &str,
    digest: Digest,
    request: &SignedUrlRequest,
    now: SystemTime,
) -> Result<Url> {
    let method = match request.method {
        SignedMethod::Get => "GET",
        SignedMethod::Put => "PUT",
    };
    let expires = now.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs()
        + request.expires_in.as_secs().max(1);
    let account_path = account_url.path().trim_end_matches('/');
    let decoded = percent_encoding::percent_decode_str(account_path)
        .decode_utf8()
        .map_err(|_| Error::invalid_input("the account URL's path is not UTF-8"))?;
    let path = format!("{decoded}/{container}/{key}");
    let sig = signature(secret, digest, method, expires, &path);
    let mut url = account_url.clone();
    url.set_path(&format!("{account_path}/{}", object_path(container, key)));
    url.set_query(None);
    url.query_pairs_mut()
        .append_pair("temp_url_sig", &sig)
        .append_pair("temp_url_expires", &expires.to_string());
    Ok(url)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn the_signature_is_the_documented_hmac() {
        // Key "mykey", GET until 1323479485 of /v1/AUTH_account/container/object, as
        // Python's hmac module signs it (the way Swift's own tempurl code does).
        assert_eq!(
            signature(
                "mykey",
                Digest::Sha1,
                "GET",
                1_323_479_485,
                "/v1/AUTH_account/container/object"
            ),
            "d9fc2067e52b06598421664cf6610bfc8fc431f6"
        );
    }

    #[test]
    fn urls_sign_the_decoded_path_and_carry_the_encoded_one() {
        let account = Url::parse("http://127.0.0.1:8080/v1/AUTH_p1").unwrap();
        let request = SignedUrlRequest {
            method: SignedMethod::Get,
            expires_in: Duration::from_secs(60),
        };
        let now = UNIX_EPOCH + Duration::from_secs(1_000_000);
        let url = temp_url(
            &account,
            "c",
            "a b/ü.txt",
            "k",
            Digest::Sha256,
            &request,
            now,
        )
        .unwrap();
        assert_eq!(url.path(), "/v1/AUTH_p1/c/a%20b/%C3%BC.txt");
        // What Python's hmac gives for "GET\n1000060\n/v1/AUTH_p1/c/a b/ü.txt" and key "k".
        let expected = "6ea72f5458119b8a0e8916f4d9b0efec43c6a9cc2b1350a5b9c20b9d9cf3d651";
        assert!(
            url.query()
                .unwrap()
                .contains(&format!("temp_url_sig={expected}")),
            "{url}"
        );
        assert!(
            url.query().unwrap().ends_with("temp_url_expires=1000060"),
            "{url}"
        );
    }

    #[test]
    fn the_best_allowed_digest_is_chosen() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            Digest::choose(&s(&["sha1", "sha256"])).unwrap(),
            Digest::Sha256
        );
        assert_eq!(Digest::choose(&s(&["sha1"])).unwrap(), Digest::Sha1);
        assert_eq!(
            Digest::choose(&s(&["sha512"])).unwrap_err().kind(),
            ErrorKind::Unsupported
        );
    }
}
