//! The Azure CLI's MSAL token cache, `~/.azure/msal_token_cache.json`: its
//! `AccessToken` entries (`secret`, `expires_on`, `target` scopes, `realm` tenant,
//! `environment` authority host), and the choice of a cached token for a scope. Only
//! access tokens are used; refresh tokens are left to the CLI.

use std::collections::BTreeMap;
use std::time::SystemTime;

use cloud_core::{Error, Result, Secret};
use serde::Deserialize;

/// A cached token this close to expiry is not handed out.
pub const CLI_TOKEN_MARGIN_SECS: u64 = 60;

/// One `AccessToken` entry of the cache. `Debug` never shows the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedAccessToken {
    /// The access token.
    pub secret: Secret,
    /// When it expires, in Unix seconds.
    pub expires_on: u64,
    /// The scopes it was issued for.
    pub target: Vec<String>,
    /// The tenant it was issued by.
    pub realm: Option<String>,
    /// The authority host it came from (`login.microsoftonline.com`).
    pub environment: Option<String>,
    /// The account it belongs to (`<object id>.<tenant id>`).
    pub home_account_id: Option<String>,
}

#[derive(Deserialize)]
struct RawCache {
    #[serde(rename = "AccessToken", default)]
    access_tokens: BTreeMap<String, serde_json::Value>,
}

#[derive(Deserialize)]
struct RawEntry {
    secret: Option<Secret>,
    expires_on: Option<serde_json::Value>,
    target: Option<String>,
    realm: Option<String>,
    environment: Option<String>,
    home_account_id: Option<String>,
}

/// The access tokens of an MSAL cache file. Entries missing a token, an expiry or
/// scopes are skipped; a file that is not a JSON object is a `MalformedResponse` error
/// naming `origin`, never quoting the file.
pub fn parse_msal_cache(body: &[u8], origin: &str) -> Result<Vec<CachedAccessToken>> {
    let not_a_cache = |e: serde_json::Error| {
        Error::malformed(format!(
            "{origin} is not an MSAL token cache ({:?} error at line {}, column {})",
            e.classify(),
            e.line(),
            e.column()
        ))
    };
    let value: serde_json::Value = serde_json::from_slice(body).map_err(not_a_cache)?;
    if !value.is_object() {
        return Err(Error::malformed(format!(
            "{origin} is not an MSAL token cache (not a JSON object)"
        )));
    }
    let raw: RawCache = serde_json::from_value(value).map_err(not_a_cache)?;
    Ok(raw
        .access_tokens
        .into_values()
        .filter_map(|value| serde_json::from_value::<RawEntry>(value).ok())
        .filter_map(|entry| {
            let secret = entry.secret.filter(|s| !s.expose().trim().is_empty())?;
            let expires_on = match entry.expires_on? {
                serde_json::Value::String(s) => s.trim().parse().ok()?,
                serde_json::Value::Number(n) => n.as_u64()?,
                _ => return None,
            };
            let target: Vec<String> = entry
                .target?
                .split_whitespace()
                .map(str::to_string)
                .collect();
            (!target.is_empty()).then_some(CachedAccessToken {
                secret,
                expires_on,
                target,
                realm: entry.realm,
                environment: entry.environment,
                home_account_id: entry.home_account_id,
            })
        })
        .collect())
}

/// What to look for in the cache.
#[derive(Debug, Clone)]
pub struct CliTokenQuery<'a> {
    /// The scope wanted (`https://management.azure.com/.default`).
    pub scope: &'a str,
    /// Only tokens of this tenant, when set.
    pub tenant: Option<&'a str>,
    /// Authority hosts the tokens may come from (the cloud's); any when empty.
    pub environments: &'a [&'a str],
}

/// What looking in the cache found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliLookup {
    /// A usable token: the one that stays valid longest.
    Found(CachedAccessToken),
    /// Tokens for the scope, all expired (or about to) at the time asked.
    Expired {
        /// How many there were.
        count: usize,
    },
    /// Tokens, none of them for the scope (or tenant, or cloud).
    NoneForScope {
        /// How many tokens the cache holds.
        count: usize,
    },
    /// No access tokens at all.
    Empty,
}

impl CliLookup {
    /// Why nothing usable was found, for the error listing the sources tried.
    pub fn reason(&self, scope: &str) -> String {
        match self {
            CliLookup::Found(_) => "a usable token".to_string(),
            CliLookup::Expired { count } => format!(
                "its {count} token(s) for {scope} have expired; run any az command (or az login) \
                 to refresh them"
            ),
            CliLookup::NoneForScope { count } => format!(
                "none of its {count} token(s) is for {scope} in this tenant and cloud; run \
                 az account get-access-token --scope {scope}"
            ),
            CliLookup::Empty => "it holds no access tokens; run az login".to_string(),
        }
    }
}

/// The token of `tokens` that answers `query` at `now` and stays valid longest.
pub fn find_cli_token(
    tokens: &[CachedAccessToken],
    query: &CliTokenQuery<'_>,
    now: SystemTime,
) -> CliLookup {
    if tokens.is_empty() {
        return CliLookup::Empty;
    }
    let now = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let matching: Vec<&CachedAccessToken> = tokens
        .iter()
        .filter(|t| covers(&t.target, query.scope))
        .filter(|t| match (query.tenant, &t.realm) {
            (Some(want), Some(realm)) => want.eq_ignore_ascii_case(realm),
            (Some(_), None) => false,
            (None, _) => true,
        })
        .filter(|t| match &t.environment {
            Some(env) if !query.environments.is_empty() => query
                .environments
                .iter()
                .any(|e| e.eq_ignore_ascii_case(env)),
            _ => true,
        })
        .collect();
    if matching.is_empty() {
        return CliLookup::NoneForScope {
            count: tokens.len(),
        };
    }
    matching
        .iter()
        .filter(|t| t.expires_on > now.saturating_add(CLI_TOKEN_MARGIN_SECS))
        .max_by_key(|t| t.expires_on)
        .map(|t| CliLookup::Found((*t).clone()))
        .unwrap_or(CliLookup::Expired {
            count: matching.len(),
        })
}

/// Whether a token issued for `target` serves `scope`: the scope itself, or (for a
/// `/.default` scope) any scope of the same resource. Resource Manager's two names
/// (`management.azure.com` and `management.core.windows.net`, and the sovereign
/// clouds' pairs) are the same resource.
pub fn covers(target: &[String], scope: &str) -> bool {
    let wanted = scope.trim();
    if target.iter().any(|t| t.eq_ignore_ascii_case(wanted)) {
        return true;
    }
    let Some(resource) = wanted.strip_suffix("/.default") else {
        return false;
    };
    let resource = canonical_resource(resource);
    target
        .iter()
        .filter_map(|t| t.rsplit_once('/').map(|(r, _)| canonical_resource(r)))
        .any(|r| r == resource)
}

/// A resource URI compared without case or trailing slashes, under Resource Manager's
/// main name.
fn canonical_resource(resource: &str) -> String {
    let r = resource.trim().trim_end_matches('/').to_ascii_lowercase();
    match r.as_str() {
        "https://management.core.windows.net" => "https://management.azure.com".to_string(),
        "https://management.core.chinacloudapi.cn" => {
            "https://management.chinacloudapi.cn".to_string()
        }
        "https://management.core.usgovcloudapi.net" => {
            "https://management.usgovcloudapi.net".to_string()
        }
        _ => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const NOW: u64 = 1_700_000_000;
    const ARM: &str = "https://management.azure.com/.default";

    fn entry(target: &str, expires_on: u64, realm: &str) -> CachedAccessToken {
        CachedAccessToken {
            secret: Secret::new(format!("tok-{expires_on}")),
            expires_on,
            target: target.split(' ').map(str::to_string).collect(),
            realm: Some(realm.to_string()),
            environment: Some("login.microsoftonline.com".to_string()),
            home_account_id: None,
        }
    }

    fn query(tenant: Option<&str>) -> CliTokenQuery<'_> {
        CliTokenQuery {
            scope: ARM,
            tenant,
            environments: &["login.microsoftonline.com"],
        }
    }

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn the_cache_layout_is_read_and_incomplete_entries_skipped() {
        let body = br#"{
            "AccessToken": {
                "a-login.microsoftonline.com-accesstoken-c-t-scope": {
                    "credential_type": "AccessToken", "secret": "tok-a",
                    "home_account_id": "u.t", "environment": "login.microsoftonline.com",
                    "client_id": "c", "target": "https://management.core.windows.net//user_impersonation https://management.core.windows.net//.default",
                    "realm": "t", "token_type": "Bearer", "cached_at": "1699990000",
                    "expires_on": "1700003600", "extended_expires_on": "1700003600"
                },
                "no-secret": {"expires_on": "1", "target": "x"},
                "bad-expiry": {"secret": "s", "expires_on": "soon", "target": "x"},
                "no-target": {"secret": "s", "expires_on": 5},
                "not-an-object": 7
            },
            "RefreshToken": {"r": {"secret": "refresh-secret"}},
            "Account": {}
        }"#;
        let tokens = parse_msal_cache(body, "cache").unwrap();
        assert_eq!(tokens.len(), 1);
        assert_eq!(tokens[0].secret.expose(), "tok-a");
        assert_eq!(tokens[0].expires_on, 1_700_003_600);
        assert_eq!(tokens[0].target.len(), 2);
        assert_eq!(tokens[0].realm.as_deref(), Some("t"));
        assert_eq!(tokens[0].home_account_id.as_deref(), Some("u.t"));
        assert!(parse_msal_cache(b"{}", "cache").unwrap().is_empty());
        assert!(!format!("{tokens:?}").contains("tok-a"));
    }

    #[test]
    fn broken_caches_are_malformed() {
        for body in [
            &b"{\"AccessToken\": {"[..],
            b"[]",
            b"",
            b"{\"AccessToken\": 5}",
        ] {
            let e = parse_msal_cache(body, "the cache").unwrap_err();
            assert_eq!(e.kind(), cloud_core::ErrorKind::MalformedResponse);
            assert!(e.message().starts_with("the cache"), "{e}");
        }
    }

    #[test]
    fn scopes_cover_by_resource_for_default() {
        let t = |s: &str| vec![s.to_string()];
        assert!(covers(&t(ARM), ARM));
        assert!(covers(
            &t("https://management.azure.com/user_impersonation"),
            ARM
        ));
        assert!(covers(
            &t("https://management.core.windows.net//.default"),
            ARM
        ));
        assert!(!covers(&t("https://storage.azure.com/.default"), ARM));
        assert!(!covers(&t("https://graph.microsoft.com/.default"), ARM));
        assert!(!covers(
            &t("https://storage.azure.com/.default"),
            "https://storage.azure.com/user_impersonation"
        ));
        assert!(covers(
            &t("https://storage.azure.com/user_impersonation"),
            "https://storage.azure.com/user_impersonation"
        ));
    }

    #[test]
    fn the_longest_lived_unexpired_token_of_the_tenant_wins() {
        let tokens = vec![
            entry(ARM, NOW + 1000, "t1"),
            entry(ARM, NOW + 3000, "t1"),
            entry(ARM, NOW + 5000, "t2"),
            entry("https://storage.azure.com/.default", NOW + 9000, "t1"),
        ];
        let CliLookup::Found(best) = find_cli_token(&tokens, &query(Some("t1")), at(NOW)) else {
            panic!("no token found");
        };
        assert_eq!(best.expires_on, NOW + 3000);
        let CliLookup::Found(any) = find_cli_token(&tokens, &query(None), at(NOW)) else {
            panic!("no token found");
        };
        assert_eq!(any.expires_on, NOW + 5000);
        assert_eq!(
            find_cli_token(&tokens, &query(Some("t3")), at(NOW)),
            CliLookup::NoneForScope { count: 4 }
        );
    }

    #[test]
    fn expired_tokens_and_other_clouds_are_not_used() {
        let tokens = vec![entry(ARM, NOW + 30, "t1"), entry(ARM, NOW - 10, "t1")];
        assert_eq!(
            find_cli_token(&tokens, &query(None), at(NOW)),
            CliLookup::Expired { count: 2 }
        );
        let china = CliTokenQuery {
            environments: &["login.chinacloudapi.cn"],
            ..query(None)
        };
        assert_eq!(
            find_cli_token(&[entry(ARM, NOW + 3000, "t")], &china, at(NOW)),
            CliLookup::NoneForScope { count: 1 }
        );
        assert_eq!(find_cli_token(&[], &query(None), at(NOW)), CliLookup::Empty);
        assert!(
            CliLookup::Expired { count: 2 }
                .reason(ARM)
                .contains("expired")
        );
    }
}
