//! Typed options of `create_node`, read from `CreateNode.options`.

use cloud_core::Result;
use cloud_core::compute::CreateNode;

use crate::ops::invalid;

/// Options of `create_node` read from `CreateNode.options`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct GoGridCreateOptions {
    /// The public IP to give the server; when absent the driver picks a free one.
    pub ip: Option<String>,
    /// The server's description.
    pub description: Option<String>,
}

impl GoGridCreateOptions {
    /// Reads `ip` and `description` (strings); any other key, or a non-string value, is
    /// `InvalidInput`.
    pub fn from_request(request: &CreateNode) -> Result<Self> {
        let mut out = GoGridCreateOptions::default();
        for (key, value) in &request.options {
            let Some(text) = value.as_str() else {
                return Err(invalid(
                    "create_node",
                    format!("option {key:?} must be a string"),
                ));
            };
            match key.as_str() {
                "ip" => out.ip = Some(text.to_string()),
                "description" => out.description = Some(text.to_string()),
                other => {
                    return Err(invalid(
                        "create_node",
                        format!("unknown GoGrid option {other:?}; known: ip, description"),
                    ));
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;
    use serde_json::json;

    #[test]
    fn create_options_are_typed() {
        let mut r = CreateNode::new("a", "512MB", "1");
        r.options.insert("ip".into(), json!("1.2.3.4"));
        r.options.insert("description".into(), json!("web"));
        let o = GoGridCreateOptions::from_request(&r).unwrap();
        assert_eq!(o.ip.as_deref(), Some("1.2.3.4"));
        assert_eq!(o.description.as_deref(), Some("web"));
        r.options.insert("ip".into(), json!(5));
        assert_eq!(
            GoGridCreateOptions::from_request(&r).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
        let mut r = CreateNode::new("a", "512MB", "1");
        r.options.insert("colour".into(), json!("red"));
        assert_eq!(
            GoGridCreateOptions::from_request(&r).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }
}
