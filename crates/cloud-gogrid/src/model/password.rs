//! GoGrid `password` objects: the passwords GoGrid generated for servers.

use serde_json::Value;

use super::fields::{id_text, text};

/// A `password` object as (server id, password), when it belongs to a server.
pub fn password_from(item: &Value) -> Option<(String, String)> {
    let server = id_text(item.get("server")?.get("id"))?;
    let password = text(item, "password")?;
    Some((server, password.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_server_passwords() {
        assert_eq!(
            password_from(&json!({"password": "zot40ced", "server": {"id": 134551}})),
            Some(("134551".into(), "zot40ced".into()))
        );
        assert_eq!(
            password_from(&json!({"password": "x", "applicationtype": "cloudstorage"})),
            None
        );
    }
}
