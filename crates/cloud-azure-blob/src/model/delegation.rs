//! `Get User Delegation Key`: the request's `KeyInfo` and the `UserDelegationKey`
//! answer.

use cloud_core::xml::Element;
use cloud_core::{Error, Result, Secret};

use crate::sign::UserDelegationKey;

/// The body asking for a key valid from `start` to `expiry` (SAS times).
pub fn key_info_xml(start: &str, expiry: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><KeyInfo><Start>{start}</Start>\
         <Expiry>{expiry}</Expiry></KeyInfo>"
    )
}

/// Parses a `UserDelegationKey` document.
pub fn user_delegation_key(body: &[u8]) -> Result<UserDelegationKey> {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let root = Element::parse(body)?;
    if root.name != "UserDelegationKey" {
        return Err(Error::malformed(format!(
            "expected <UserDelegationKey>, got <{}>",
            root.name
        )));
    }
    let field = |name: &str| root.require_value(name).map(str::to_string);
    Ok(UserDelegationKey {
        object_id: field("SignedOid")?,
        tenant_id: field("SignedTid")?,
        start: field("SignedStart")?,
        expiry: field("SignedExpiry")?,
        service: field("SignedService")?,
        version: field("SignedVersion")?,
        value: Secret::new(root.require_value("Value")?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_read_whole_or_refused() {
        let doc = b"<?xml version=\"1.0\"?><UserDelegationKey><SignedOid>o</SignedOid>\
            <SignedTid>t</SignedTid><SignedStart>2026-12-06T18:00:00Z</SignedStart>\
            <SignedExpiry>2026-12-06T20:00:00Z</SignedExpiry><SignedService>b</SignedService>\
            <SignedVersion>2021-12-02</SignedVersion><Value>a2V5</Value></UserDelegationKey>";
        let key = user_delegation_key(doc).unwrap();
        assert_eq!(key.object_id, "o");
        assert_eq!(key.value.expose(), "a2V5");
        assert!(user_delegation_key(&doc[..60]).is_err());
        assert!(user_delegation_key(b"<UserDelegationKey/>").is_err());
    }
}
