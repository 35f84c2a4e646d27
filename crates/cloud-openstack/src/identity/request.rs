//! The body of `POST /v3/auth/tokens` for each way of logging in.

use serde_json::{Value, json};

use super::auth_config::{AuthConfig, AuthMethod, DomainRef, Named};

/// A domain reference as Keystone takes it.
fn domain(domain: &DomainRef) -> Value {
    match domain {
        DomainRef::Id(id) => json!({ "id": id }),
        DomainRef::Name(name) => json!({ "name": name }),
    }
}

/// A user or project as Keystone takes it: `{"id"}` or `{"name", "domain"}`.
fn named(named: &Named) -> Value {
    match named {
        Named::Id(id) => json!({ "id": id }),
        Named::Name { name, domain: d } => json!({ "name": name, "domain": domain(d) }),
    }
}

/// The login body. Secrets are written into it here and nowhere else; the caller sends
/// it and drops it.
pub fn login_body(auth: &AuthConfig) -> Value {
    let identity = match &auth.method {
        AuthMethod::Password { user, password } => {
            let mut user = named(user);
            user["password"] = json!(password.expose());
            json!({ "methods": ["password"], "password": { "user": user } })
        }
        AuthMethod::ApplicationCredential {
            credential,
            user,
            secret,
        } => {
            let mut credential = match credential {
                Named::Id(id) => json!({ "id": id }),
                Named::Name { name, .. } => json!({ "name": name }),
            };
            if let Some(user) = user {
                credential["user"] = named(user);
            }
            credential["secret"] = json!(secret.expose());
            json!({ "methods": ["application_credential"], "application_credential": credential })
        }
        AuthMethod::Token { token } => {
            json!({ "methods": ["token"], "token": { "id": token.expose() } })
        }
    };
    let mut body = json!({ "auth": { "identity": identity } });
    if let Some(project) = &auth.project {
        body["auth"]["scope"] = json!({ "project": named(project) });
    }
    body
}

#[cfg(test)]
mod tests {
    use cloud_core::Secret;
    use cloud_core::catalog::Interface;

    use super::*;

    fn auth(method: AuthMethod, project: Option<Named>) -> AuthConfig {
        AuthConfig {
            auth_url: url::Url::parse("http://127.0.0.1:5000/v3").unwrap(),
            method,
            project,
            region: None,
            interface: Interface::Public,
        }
    }

    #[test]
    fn password_logins_name_user_project_and_domains() {
        let body = login_body(&auth(
            AuthMethod::Password {
                user: Named::Name {
                    name: "demo".into(),
                    domain: DomainRef::Name("Default".into()),
                },
                password: Secret::new("pw"),
            },
            Some(Named::Name {
                name: "demo".into(),
                domain: DomainRef::Id("default".into()),
            }),
        ));
        assert_eq!(
            body,
            json!({"auth": {
                "identity": {"methods": ["password"], "password": {"user": {
                    "name": "demo", "domain": {"name": "Default"}, "password": "pw"}}},
                "scope": {"project": {"name": "demo", "domain": {"id": "default"}}}
            }})
        );
    }

    #[test]
    fn application_credentials_and_tokens() {
        let body = login_body(&auth(
            AuthMethod::ApplicationCredential {
                credential: Named::Id("ac".into()),
                user: None,
                secret: Secret::new("s"),
            },
            None,
        ));
        assert_eq!(
            body["auth"]["identity"]["application_credential"],
            json!({"id": "ac", "secret": "s"})
        );
        assert!(body["auth"].get("scope").is_none());
        let body = login_body(&auth(
            AuthMethod::Token {
                token: Secret::new("t"),
            },
            Some(Named::Id("p".into())),
        ));
        assert_eq!(body["auth"]["identity"]["token"]["id"], "t");
        assert_eq!(body["auth"]["scope"]["project"]["id"], "p");
    }
}
