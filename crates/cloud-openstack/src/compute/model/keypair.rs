//! Nova key pairs: `{"keypairs": [{"keypair": {...}}]}` and `{"keypair": {...}}`.

use cloud_core::Result;
use cloud_core::Secret;
use cloud_core::compute::{Extra, KeyPair};
use cloud_core::paginate::Page;
use serde_json::Value;

use super::common::{
    Object, document, has_next, keep, listed, next_marker, objects, required, text, wrapped,
};

/// Fields of a key pair kept in `extra`.
const KEPT: &[&str] = &["type", "user_id", "created_at", "id"];

/// One page of `GET /os-keypairs` (paged with `keypairs_links` from microversion 2.35).
pub fn keypairs_page(body: &[u8]) -> Result<Page<KeyPair>> {
    let doc = document(body, "key pair list")?;
    let entries = objects(listed(&doc, "keypairs", "key pair list")?, "key pair")?;
    let keys = entries
        .into_iter()
        .map(
            |entry| match entry.get("keypair").and_then(Value::as_object) {
                Some(inner) => key_pair(inner),
                None => key_pair(entry),
            },
        )
        .collect::<Result<Vec<_>>>()?;
    let links = doc.get("keypairs_links");
    let next = if has_next(links) {
        next_marker(links).or_else(|| keys.last().map(|k| k.name.clone()))
    } else {
        None
    };
    Ok(Page { items: keys, next })
}

/// One key pair from `GET /os-keypairs/{name}` or a create or import; the private key
/// Nova generated, when it did, is kept as a secret.
pub fn keypair(body: &[u8]) -> Result<KeyPair> {
    let doc = document(body, "key pair")?;
    key_pair(wrapped(&doc, "keypair", "key pair")?)
}

fn key_pair(obj: &Object) -> Result<KeyPair> {
    let mut extra = Extra::new();
    keep(obj, KEPT, &mut extra);
    Ok(KeyPair {
        name: required(obj, "name", "key pair")?,
        fingerprint: text(obj, "fingerprint"),
        public_key: text(obj, "public_key"),
        private_key: text(obj, "private_key").map(Secret::new),
        extra,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_pairs_read() {
        let page = keypairs_page(
            br#"{"keypairs": [{"keypair": {"name": "k1", "fingerprint": "aa:bb", "public_key": "ssh-ed25519 AAA", "type": "ssh"}}]}"#,
        )
        .unwrap();
        assert_eq!(page.items[0].name, "k1");
        assert_eq!(page.items[0].extra["type"], "ssh");
        assert_eq!(page.next, None);
        let made = keypair(
            br#"{"keypair": {"name": "k2", "private_key": "-----BEGIN-----secret", "user_id": "u"}}"#,
        )
        .unwrap();
        assert_eq!(
            made.private_key.as_ref().unwrap().expose(),
            "-----BEGIN-----secret"
        );
        assert!(!format!("{made:?}").contains("BEGIN"));
        assert!(keypair(br#"{"keypair": {}}"#).is_err());
        assert!(keypairs_page(br#"{"keypairs": [1]}"#).is_err());
    }
}
