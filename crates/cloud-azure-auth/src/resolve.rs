//! Which credentials a configuration names, in order: a client secret, a client
//! certificate, the Azure CLI's cached tokens, a managed identity. Reads files and
//! settings; sends nothing.

use std::path::PathBuf;
use std::sync::Arc;

use cloud_core::auth::TokenSource;
use cloud_core::{Error, ErrorKind, ProviderConfig, Result, Secret};
use url::Url;

use crate::certificate::ClientCertificate;
use crate::cli_cache::CliLookup;
use crate::cloud::AzureCloud;
use crate::context::AzureContext;
use crate::endpoint::{TokenEndpoint, token_endpoint_url};
use crate::sources::{
    AzureCliSource, ClientCertificateSource, ClientSecretSource, IdentityEndpoint,
    ManagedIdentitySource,
};
use crate::specs::{
    ENV_CLIENT_CERTIFICATE_PATH, ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_IDENTITY_ENDPOINT,
    ENV_IDENTITY_HEADER, ENV_TENANT_ID,
};

/// What a configuration resolves to.
pub(crate) struct Resolved {
    pub source: Arc<dyn TokenSource>,
    /// Which credentials are in use, for logs.
    pub description: String,
}

/// The service principal settings, from credentials or the environment.
struct Principal {
    tenant_id: Option<String>,
    client_id: Option<String>,
    client_secret: Option<Secret>,
    certificate_path: Option<(String, &'static str)>,
}

impl Principal {
    fn of(config: &ProviderConfig) -> Principal {
        let text = |name: &str, env: &str| {
            config
                .credential(name, &[env])
                .map(|s| s.expose().trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let certificate_path = match config
            .credentials
            .get("client_certificate_path")
            .filter(|s| !s.expose().trim().is_empty())
        {
            Some(path) => Some((
                path.expose().trim().to_string(),
                "credential client_certificate_path",
            )),
            None => config
                .env
                .var(ENV_CLIENT_CERTIFICATE_PATH)
                .filter(|v| !v.trim().is_empty())
                .map(|v| (v.trim().to_string(), ENV_CLIENT_CERTIFICATE_PATH)),
        };
        Principal {
            tenant_id: text("tenant_id", ENV_TENANT_ID),
            client_id: text("client_id", ENV_CLIENT_ID),
            client_secret: config.credential("client_secret", &[ENV_CLIENT_SECRET]),
            certificate_path,
        }
    }

    /// The tenant and client id a `kind` credential needs.
    fn ids(&self, kind: &str) -> Result<(String, String)> {
        let missing = |name: &str, env: &str| {
            Error::new(
                ErrorKind::Configuration,
                format!("a {kind} is configured but {name} is not: set credential {name} or {env}"),
            )
        };
        let tenant = self
            .tenant_id
            .clone()
            .ok_or_else(|| missing("tenant_id", ENV_TENANT_ID))?;
        let client = self
            .client_id
            .clone()
            .ok_or_else(|| missing("client_id", ENV_CLIENT_ID))?;
        Ok((tenant, client))
    }
}

/// The credentials of `config`, in the order the crate's README lists.
pub(crate) fn resolve(
    provider: &'static str,
    config: &ProviderConfig,
    ctx: &AzureContext,
    cloud: &AzureCloud,
    scope: &'static str,
) -> Result<Resolved> {
    let in_provider = |e: Error| e.with_provider(provider);
    let principal = Principal::of(config);
    if let Some(secret) = principal.client_secret.clone() {
        return from_secret(provider, &principal, secret, ctx, cloud, scope).map_err(in_provider);
    }
    if let Some((path, named_by)) = principal.certificate_path.clone() {
        return from_certificate(provider, &principal, &path, named_by, ctx, cloud, scope)
            .map_err(in_provider);
    }
    let mut tried = vec![
        format!("a client secret (credential client_secret and {ENV_CLIENT_SECRET} unset)"),
        format!(
            "a client certificate (credential client_certificate_path and \
             {ENV_CLIENT_CERTIFICATE_PATH} unset)"
        ),
    ];
    if let Some(resolved) = from_cli(&principal, ctx, cloud, scope, &mut tried) {
        return Ok(resolved);
    }
    from_managed_identity(provider, &principal, ctx, scope, tried).map_err(in_provider)
}

fn from_secret(
    provider: &'static str,
    principal: &Principal,
    secret: Secret,
    ctx: &AzureContext,
    cloud: &AzureCloud,
    scope: &'static str,
) -> Result<Resolved> {
    let (tenant, client_id) = principal.ids("client_secret")?;
    let url = token_endpoint_url(&cloud.authority_host, &tenant)?;
    let endpoint = TokenEndpoint::new(provider, url, ctx)?;
    let description = format!("client secret of application {client_id} in tenant {tenant}");
    Ok(Resolved {
        source: Arc::new(ClientSecretSource::new(client_id, secret, scope, endpoint)),
        description,
    })
}

fn from_certificate(
    provider: &'static str,
    principal: &Principal,
    path: &str,
    named_by: &str,
    ctx: &AzureContext,
    cloud: &AzureCloud,
    scope: &'static str,
) -> Result<Resolved> {
    let (tenant, client_id) = principal.ids("client certificate")?;
    let certificate = ClientCertificate::from_file(&PathBuf::from(path), named_by)?;
    let url = token_endpoint_url(&cloud.authority_host, &tenant)?;
    let endpoint = TokenEndpoint::new(provider, url, ctx)?;
    let description = format!(
        "certificate {} of application {client_id} in tenant {tenant}",
        certificate.x5t()
    );
    Ok(Resolved {
        source: Arc::new(ClientCertificateSource::new(
            client_id,
            certificate,
            scope,
            endpoint,
            ctx.clock(),
        )),
        description,
    })
}

/// The Azure CLI's cached token, when one serves the scope now; otherwise why not, in
/// `tried`.
fn from_cli(
    principal: &Principal,
    ctx: &AzureContext,
    cloud: &AzureCloud,
    scope: &'static str,
    tried: &mut Vec<String>,
) -> Option<Resolved> {
    let Some(path) = crate::context::msal_cache_path(ctx) else {
        tried.push(
            "the Azure CLI token cache (none of AZURE_CONFIG_DIR, HOME, USERPROFILE is set)"
                .to_string(),
        );
        return None;
    };
    let source = AzureCliSource::new(
        path,
        scope,
        principal.tenant_id.clone(),
        login_hosts(cloud),
        ctx.clock(),
    );
    let why = match source.look() {
        Ok(Some(CliLookup::Found(_))) => {
            let description = source.origin();
            return Some(Resolved {
                source: Arc::new(source),
                description,
            });
        }
        Ok(Some(other)) => other.reason(scope),
        Ok(None) => "no such file".to_string(),
        Err(e) => e.message().to_string(),
    };
    tried.push(format!("{} ({why})", source.origin()));
    None
}

/// The authority hosts whose tokens serve `cloud`: its own, its other names, and an
/// overriding authority's.
fn login_hosts(cloud: &AzureCloud) -> Vec<String> {
    let known: &[&str] = match cloud.name {
        "china" => &["login.chinacloudapi.cn", "login.partner.microsoftonline.cn"],
        "usgov" => &["login.microsoftonline.us", "login.usgovcloudapi.net"],
        _ => &[
            "login.microsoftonline.com",
            "login.windows.net",
            "login.microsoft.com",
            "sts.windows.net",
        ],
    };
    let mut hosts: Vec<String> = known.iter().map(|h| h.to_string()).collect();
    if let Some(host) = cloud.authority_host.host_str()
        && !hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
    {
        hosts.push(host.to_string());
    }
    hosts
}

fn from_managed_identity(
    provider: &'static str,
    principal: &Principal,
    ctx: &AzureContext,
    scope: &'static str,
    mut tried: Vec<String>,
) -> Result<Resolved> {
    let which = match (ctx.var(ENV_IDENTITY_ENDPOINT), ctx.var(ENV_IDENTITY_HEADER)) {
        (Some(endpoint), Some(header)) => IdentityEndpoint::AppService {
            endpoint: identity_endpoint(&endpoint)?,
            header: Secret::new(header.trim()),
        },
        (Some(_), None) => {
            tried.push(format!(
                "the App Service managed identity ({ENV_IDENTITY_ENDPOINT} is set without \
                 {ENV_IDENTITY_HEADER}; Azure Arc and Service Fabric identities are not supported)"
            ));
            IdentityEndpoint::Imds
        }
        (None, _) => IdentityEndpoint::Imds,
    };
    let source = ManagedIdentitySource::new(
        provider,
        ctx,
        which,
        scope,
        principal.client_id.as_deref(),
        tried,
    )?;
    let mut shown = source.url().clone();
    shown.set_query(None);
    Ok(Resolved {
        description: format!("the managed identity endpoint {shown}"),
        source: Arc::new(source),
    })
}

/// Checks `IDENTITY_ENDPOINT`: an http or https URL (App Service's is a local http
/// address).
fn identity_endpoint(raw: &str) -> Result<Url> {
    let url = Url::parse(raw.trim()).map_err(|e| {
        Error::new(
            ErrorKind::Configuration,
            format!("{ENV_IDENTITY_ENDPOINT} {raw:?} is not a URL: {e}"),
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::new(
            ErrorKind::Configuration,
            format!("{ENV_IDENTITY_ENDPOINT} {url} is not an http(s) URL"),
        ));
    }
    Ok(url)
}
