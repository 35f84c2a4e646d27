//! What the session logs in with, gathered from the caller's configuration, a named
//! cloud of `clouds.yaml` (`cloud` option or `OS_CLOUD`) and the `OS_*` variables, in
//! that order of precedence, key by key.

use cloud_core::catalog::Interface;
use cloud_core::{Error, ErrorKind, ProviderConfig, Result, Secret};
use url::Url;

use super::clouds_yaml::{self, CloudEntry};

/// The domain a user or project named without one is looked up in, as the OpenStack
/// tools assume.
pub const DEFAULT_DOMAIN: &str = "Default";

/// A user, project or domain: by id, or by name (in a domain).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    /// By id.
    Id(String),
    /// By name, in the domain named or given by id.
    Name {
        /// Its name.
        name: String,
        /// Its domain.
        domain: DomainRef,
    },
}

/// A domain, by id or name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainRef {
    /// By id.
    Id(String),
    /// By name.
    Name(String),
}

/// How the session proves who it is.
#[derive(Debug, Clone)]
pub enum AuthMethod {
    /// A user's password, scoped to a project.
    Password {
        /// The user.
        user: Named,
        /// The password.
        password: Secret,
    },
    /// An application credential (scoped when it was made).
    ApplicationCredential {
        /// Its id, or its name with its user.
        credential: Named,
        /// Its user, when the credential is named rather than given by id.
        user: Option<Named>,
        /// Its secret.
        secret: Secret,
    },
    /// A token issued beforehand (`OS_TOKEN`), used as it is until it expires.
    Token {
        /// The token.
        token: Secret,
    },
}

/// Everything the login needs.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// The identity endpoint, ending in `/v3`.
    pub auth_url: Url,
    /// How the session proves who it is.
    pub method: AuthMethod,
    /// The project the token is scoped to (not for application credentials).
    pub project: Option<Named>,
    /// The region whose endpoints are used.
    pub region: Option<String>,
    /// Which endpoints of the catalog are used.
    pub interface: Interface,
}

/// Where each setting may come from: its key in `clouds.yaml` (and the caller's
/// options), then the variables.
const VARS: &[(&str, &[&str])] = &[
    ("auth_url", &["OS_AUTH_URL"]),
    ("auth_type", &["OS_AUTH_TYPE"]),
    ("username", &["OS_USERNAME"]),
    ("user_id", &["OS_USER_ID"]),
    ("user_domain_name", &["OS_USER_DOMAIN_NAME"]),
    ("user_domain_id", &["OS_USER_DOMAIN_ID"]),
    ("project_name", &["OS_PROJECT_NAME", "OS_TENANT_NAME"]),
    ("project_id", &["OS_PROJECT_ID", "OS_TENANT_ID"]),
    ("project_domain_name", &["OS_PROJECT_DOMAIN_NAME"]),
    ("project_domain_id", &["OS_PROJECT_DOMAIN_ID"]),
    (
        "application_credential_id",
        &["OS_APPLICATION_CREDENTIAL_ID"],
    ),
    (
        "application_credential_name",
        &["OS_APPLICATION_CREDENTIAL_NAME"],
    ),
    ("region_name", &["OS_REGION_NAME"]),
    ("interface", &["OS_INTERFACE", "OS_ENDPOINT_TYPE"]),
];

/// The secrets and their variables.
const SECRETS: &[(&str, &[&str])] = &[
    ("password", &["OS_PASSWORD"]),
    (
        "application_credential_secret",
        &["OS_APPLICATION_CREDENTIAL_SECRET"],
    ),
    ("token", &["OS_TOKEN", "OS_AUTH_TOKEN"]),
];

/// The settings once gathered.
struct Gathered<'c> {
    config: &'c ProviderConfig,
    cloud: Option<CloudEntry>,
}

impl Gathered<'_> {
    /// A setting: the caller's option, else the cloud's, else the first variable set.
    fn get(&self, key: &str) -> Option<String> {
        let vars = VARS
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .unwrap_or(&[]);
        self.config
            .options
            .get(key)
            .cloned()
            .or_else(|| self.cloud.as_ref().and_then(|c| c.get(key).cloned()))
            .or_else(|| vars.iter().find_map(|v| self.config.env.var(v)))
            .filter(|v| !v.trim().is_empty())
    }

    /// A secret: the caller's credential, else the cloud's, else its variables.
    fn secret(&self, key: &str) -> Option<Secret> {
        let vars = SECRETS
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .unwrap_or(&[]);
        if let Some(s) = self.config.credentials.get(key).filter(|s| !s.is_empty()) {
            return Some(s.clone());
        }
        if let Some(v) = self
            .cloud
            .as_ref()
            .and_then(|c| c.get(key))
            .filter(|v| !v.is_empty())
        {
            return Some(Secret::new(v.clone()));
        }
        self.config.credential(key, vars)
    }

    /// A user, project or domain from `<what>_id`, else `<what>_name` with its domain.
    fn named(&self, what: &str) -> Option<Named> {
        let key = |suffix: &str| format!("{what}_{suffix}");
        let name_key = if what == "user" {
            "username".to_string()
        } else {
            key("name")
        };
        if let Some(id) = self.get(&key("id")) {
            return Some(Named::Id(id));
        }
        let name = self.get(&name_key)?;
        let domain = self
            .get(&key("domain_id"))
            .map(DomainRef::Id)
            .or_else(|| self.get(&key("domain_name")).map(DomainRef::Name))
            .unwrap_or_else(|| DomainRef::Name(DEFAULT_DOMAIN.to_string()));
        Some(Named::Name { name, domain })
    }
}

impl AuthConfig {
    /// The login `config` describes. The cloud is the `cloud` option, else `OS_CLOUD`;
    /// the identity endpoint is `config.endpoint`, else `auth_url`. The method is
    /// `auth_type` when given (`password`, `v3applicationcredential`, `token`), else an
    /// application credential when its secret and id (or name) are there, else a token
    /// when one is, else a password. What is missing is an `InvalidCredentials` or `Configuration` error
    /// naming the settings and variables that would supply it.
    pub fn from_config(config: &ProviderConfig) -> Result<Self> {
        let cloud_name = config
            .options
            .get("cloud")
            .cloned()
            .or_else(|| config.env.var("OS_CLOUD"))
            .filter(|c| !c.is_empty());
        let cloud = match &cloud_name {
            Some(name) => Some(clouds_yaml::load(config.env.as_ref(), name)?),
            None => None,
        };
        let g = Gathered { config, cloud };
        let auth_url = match &config.endpoint {
            Some(url) => url.clone(),
            None => {
                let text = g.get("auth_url").ok_or_else(|| {
                    Error::new(
                        ErrorKind::Configuration,
                        "no identity endpoint: set OS_AUTH_URL, the auth_url option, OS_CLOUD \
                         with a clouds.yaml, or --endpoint",
                    )
                })?;
                Url::parse(text.trim()).map_err(|e| {
                    Error::new(
                        ErrorKind::Configuration,
                        format!("the identity endpoint {text:?} is not a URL: {e}"),
                    )
                })?
            }
        };
        let method = method(&g)?;
        let project = match method {
            AuthMethod::ApplicationCredential { .. } => None,
            _ => g.named("project"),
        };
        let interface = match g.get("interface") {
            Some(text) => Interface::parse(&text).ok_or_else(|| {
                Error::invalid_input(format!(
                    "interface {text:?} is not public, internal or admin"
                ))
            })?,
            None => Interface::Public,
        };
        Ok(AuthConfig {
            auth_url: v3_url(auth_url),
            method,
            project,
            region: config.region.clone().or_else(|| g.get("region_name")),
            interface,
        })
    }
}

fn method(g: &Gathered<'_>) -> Result<AuthMethod> {
    let auth_type = g.get("auth_type").map(|t| t.to_ascii_lowercase());
    let chosen = match auth_type.as_deref() {
        Some("password" | "v3password") => "password",
        Some("v3applicationcredential" | "application_credential") => "application_credential",
        Some("token" | "v3token" | "admin_token") => "token",
        Some(other) => {
            return Err(Error::new(
                ErrorKind::Configuration,
                format!(
                    "auth_type {other:?} is not supported; use password, \
                     v3applicationcredential or token"
                ),
            ));
        }
        None if g.secret("application_credential_secret").is_some()
            && (g.get("application_credential_id").is_some()
                || g.get("application_credential_name").is_some()) =>
        {
            "application_credential"
        }
        None if g.secret("token").is_some() => "token",
        None => "password",
    };
    let missing = |what: &str, vars: &str| {
        Error::new(
            ErrorKind::InvalidCredentials,
            format!("no {what} to log in with: set {vars}"),
        )
    };
    match chosen {
        "application_credential" => {
            let secret = g.secret("application_credential_secret").ok_or_else(|| {
                missing(
                    "application credential secret",
                    "OS_APPLICATION_CREDENTIAL_SECRET",
                )
            })?;
            let credential = match (
                g.get("application_credential_id"),
                g.get("application_credential_name"),
            ) {
                (Some(id), _) => Named::Id(id),
                (None, Some(name)) => Named::Name {
                    name,
                    domain: DomainRef::Name(DEFAULT_DOMAIN.into()),
                },
                (None, None) => {
                    return Err(missing(
                        "application credential",
                        "OS_APPLICATION_CREDENTIAL_ID (or _NAME with OS_USERNAME)",
                    ));
                }
            };
            let user = match credential {
                Named::Name { .. } => Some(g.named("user").ok_or_else(|| {
                    missing(
                        "user of the named application credential",
                        "OS_USERNAME or OS_USER_ID",
                    )
                })?),
                Named::Id(_) => None,
            };
            Ok(AuthMethod::ApplicationCredential {
                credential,
                user,
                secret,
            })
        }
        "token" => Ok(AuthMethod::Token {
            token: g
                .secret("token")
                .ok_or_else(|| missing("token", "OS_TOKEN"))?,
        }),
        _ => Ok(AuthMethod::Password {
            user: g
                .named("user")
                .ok_or_else(|| missing("user", "OS_USERNAME or OS_USER_ID"))?,
            password: g
                .secret("password")
                .ok_or_else(|| missing("password", "OS_PASSWORD (or the password credential)"))?,
        }),
    }
}

/// The identity endpoint with the `/v3` path the v3 API lives under (added when the URL
/// names the service root), without a trailing slash.
fn v3_url(mut url: Url) -> Url {
    let path = url.path().trim_end_matches('/').to_string();
    if !path.ends_with("/v3") {
        url.set_path(&format!("{path}/v3"));
    } else {
        url.set_path(&path);
    }
    url
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use cloud_core::env::MapEnv;

    use super::*;

    fn config(env: &[(&str, &str)]) -> ProviderConfig {
        let mut vars = MapEnv::default();
        for (k, v) in env {
            vars.set(*k, *v);
        }
        ProviderConfig {
            env: Arc::new(vars),
            ..Default::default()
        }
    }

    const PASSWORD_ENV: &[(&str, &str)] = &[
        ("OS_AUTH_URL", "http://127.0.0.1:5000"),
        ("OS_USERNAME", "demo"),
        ("OS_PASSWORD", "pw-7f3a"),
        ("OS_PROJECT_NAME", "demo"),
        ("OS_USER_DOMAIN_NAME", "Default"),
        ("OS_REGION_NAME", "RegionOne"),
    ];

    #[test]
    fn os_variables_give_a_password_login_scoped_to_the_project() {
        let auth = AuthConfig::from_config(&config(PASSWORD_ENV)).unwrap();
        assert_eq!(auth.auth_url.as_str(), "http://127.0.0.1:5000/v3");
        let AuthMethod::Password { user, password } = &auth.method else {
            panic!("not a password login: {:?}", auth.method);
        };
        assert_eq!(
            user,
            &Named::Name {
                name: "demo".into(),
                domain: DomainRef::Name("Default".into())
            }
        );
        assert_eq!(password.expose(), "pw-7f3a");
        assert!(matches!(auth.project, Some(Named::Name { .. })));
        assert_eq!(auth.region.as_deref(), Some("RegionOne"));
        assert_eq!(auth.interface, Interface::Public);
        assert!(!format!("{auth:?}").contains("pw-7f3a"));
    }

    #[test]
    fn other_methods_and_what_is_missing() {
        let auth = AuthConfig::from_config(&config(&[
            ("OS_AUTH_URL", "https://k.example/v3/"),
            ("OS_APPLICATION_CREDENTIAL_ID", "ac-1"),
            ("OS_APPLICATION_CREDENTIAL_SECRET", "s"),
            ("OS_PROJECT_NAME", "ignored"),
        ]))
        .unwrap();
        assert!(matches!(
            auth.method,
            AuthMethod::ApplicationCredential { .. }
        ));
        assert_eq!(
            auth.project, None,
            "application credentials carry their scope"
        );
        assert_eq!(auth.auth_url.as_str(), "https://k.example/v3");
        let auth = AuthConfig::from_config(&config(&[
            ("OS_AUTH_URL", "https://k.example/v3"),
            ("OS_TOKEN", "tok"),
            ("OS_PROJECT_ID", "p-1"),
            ("OS_INTERFACE", "internalURL"),
        ]))
        .unwrap();
        assert!(matches!(auth.method, AuthMethod::Token { .. }));
        assert_eq!(auth.project, Some(Named::Id("p-1".into())));
        assert_eq!(auth.interface, Interface::Internal);

        let err = AuthConfig::from_config(&config(&PASSWORD_ENV[..2])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        assert!(err.message().contains("OS_PASSWORD"), "{err}");
        let err = AuthConfig::from_config(&config(&PASSWORD_ENV[1..])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.message().contains("OS_AUTH_URL"), "{err}");
        let mut bad = PASSWORD_ENV.to_vec();
        bad.push(("OS_AUTH_TYPE", "v3oidcpassword"));
        assert_eq!(
            AuthConfig::from_config(&config(&bad)).unwrap_err().kind(),
            ErrorKind::Configuration
        );
    }

    #[test]
    fn the_callers_settings_win_over_the_cloud_and_the_variables() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("clouds.yaml");
        std::fs::write(
            &file,
            "clouds:\n  lab:\n    auth:\n      auth_url: http://127.0.0.1:5000/v3\n      \
             username: from-cloud\n      password: cloud-pw\n      project_id: p-cloud\n    \
             region_name: RegionTwo\n",
        )
        .unwrap();
        let mut c = config(&[
            ("OS_CLOUD", "lab"),
            ("OS_CLIENT_CONFIG_FILE", file.to_str().unwrap()),
            ("OS_USERNAME", "from-env"),
        ]);
        let auth = AuthConfig::from_config(&c).unwrap();
        let AuthMethod::Password { user, .. } = &auth.method else {
            panic!("password");
        };
        assert!(matches!(user, Named::Name { name, .. } if name == "from-cloud"));
        assert_eq!(auth.region.as_deref(), Some("RegionTwo"));
        c.region = Some("RegionOne".into());
        c.options.insert("username".into(), "from-option".into());
        let auth = AuthConfig::from_config(&c).unwrap();
        let AuthMethod::Password { user, .. } = &auth.method else {
            panic!("password");
        };
        assert!(matches!(user, Named::Name { name, .. } if name == "from-option"));
        assert_eq!(auth.region.as_deref(), Some("RegionOne"));
    }
}
