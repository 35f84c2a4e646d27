//! Which credentials a configuration names, in order: an explicit access token, an
//! explicit key or user file, the application-default credentials file, the metadata
//! server. Reads files and settings; sends nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cloud_core::auth::TokenSource;
use cloud_core::{Error, ErrorKind, ProviderConfig, Result, Secret};

use crate::UrlSigner;
use crate::context::GoogleContext;
use crate::exchange::{TokenEndpoint, token_url};
use crate::key_file::{CredentialsFile, parse_credentials_file};
use crate::rsa_key::ServiceAccountSigner;
use crate::sources::{
    AuthorizedUserSource, MetadataSource, ServiceAccountSource, StaticTokenSource,
};
use crate::specs::{
    DEFAULT_TOKEN_URI, ENV_ACCESS_TOKEN, ENV_APPLICATION_CREDENTIALS, PROJECT_OPTION,
    TOKEN_URI_OPTION,
};

/// Largest credentials file read.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// What a configuration resolves to.
pub(crate) struct Resolved {
    pub source: Arc<dyn TokenSource>,
    pub project_id: Option<String>,
    pub url_signer: Option<Arc<dyn UrlSigner>>,
    /// The metadata server, when it is the source of tokens: it knows the project too.
    pub metadata: Option<Arc<MetadataSource>>,
    /// Which credentials are in use, for logs.
    pub description: String,
}

/// A credentials file with the name of where it came from.
struct Loaded {
    file: CredentialsFile,
    origin: String,
}

/// The credentials of `config`, in the order the crate's README lists.
pub(crate) fn resolve(
    provider: &'static str,
    config: &ProviderConfig,
    ctx: &GoogleContext,
    scopes: &'static [&'static str],
) -> Result<Resolved> {
    let in_provider = |e: Error| e.with_provider(provider);
    let project_option = config.option_text(provider, PROJECT_OPTION)?;
    let token_uri_option = config.option_text(provider, TOKEN_URI_OPTION)?;
    let access_token = config.credential("access_token", &[ENV_ACCESS_TOKEN]);
    // An access token given explicitly is the whole credential: no file is read beside
    // it (a signed URL needs a key, given without a token).
    let explicit = match access_token {
        Some(_) => None,
        None => explicit_file(config).map_err(in_provider)?,
    };

    let mut resolved = match (access_token, explicit) {
        (Some(token), _) => from_token(token),
        (None, Some(loaded)) => {
            from_file(provider, loaded, ctx, scopes, token_uri_option.as_deref())
                .map_err(in_provider)?
        }
        (None, None) => {
            let mut tried = vec![
                format!("credential access_token and {ENV_ACCESS_TOKEN} (unset)"),
                format!(
                    "credentials credentials_json and credentials_file, and {ENV_APPLICATION_CREDENTIALS} (unset)"
                ),
            ];
            match crate::context::adc_path(ctx) {
                Some(path) => match read_file(&path, "application-default credentials")
                    .map_err(in_provider)?
                {
                    Some(loaded) => {
                        from_file(provider, loaded, ctx, scopes, token_uri_option.as_deref())
                            .map_err(in_provider)?
                    }
                    None => {
                        tried.push(format!(
                            "application-default credentials {} (no such file)",
                            path.display()
                        ));
                        from_metadata(provider, ctx, scopes, tried)?
                    }
                },
                None => {
                    tried.push(
                        "application-default credentials (none of CLOUDSDK_CONFIG, HOME, APPDATA is set)"
                            .to_string(),
                    );
                    from_metadata(provider, ctx, scopes, tried)?
                }
            }
        }
    };
    if project_option.is_some() {
        resolved.project_id = project_option;
    }
    Ok(resolved)
}

fn from_token(token: Secret) -> Resolved {
    Resolved {
        source: Arc::new(StaticTokenSource::new(token)),
        project_id: None,
        url_signer: None,
        metadata: None,
        description: "an explicit access token".to_string(),
    }
}

fn from_metadata(
    provider: &'static str,
    ctx: &GoogleContext,
    scopes: &[&str],
    tried: Vec<String>,
) -> Result<Resolved> {
    let source =
        MetadataSource::new(provider, ctx, scopes, tried).map_err(|e| e.with_provider(provider))?;
    let description = format!(
        "the metadata server {}",
        source.url().host_str().unwrap_or("?")
    );
    let source = Arc::new(source);
    Ok(Resolved {
        source: source.clone(),
        project_id: None,
        url_signer: None,
        metadata: Some(source),
        description,
    })
}

/// The token source, project and URL signer of a credentials file.
fn from_file(
    provider: &'static str,
    loaded: Loaded,
    ctx: &GoogleContext,
    scopes: &'static [&'static str],
    token_uri_option: Option<&str>,
) -> Result<Resolved> {
    let Loaded { file, origin } = loaded;
    let endpoint = |from_file: Option<&str>| -> Result<TokenEndpoint> {
        let url = match (token_uri_option, from_file) {
            (Some(raw), _) => token_url(raw, "option token_uri")?,
            (None, Some(raw)) => token_url(raw, &format!("the token_uri of {origin}"))?,
            (None, None) => token_url(DEFAULT_TOKEN_URI, "the default token endpoint")?,
        };
        TokenEndpoint::new(provider, url, ctx)
    };
    match file {
        CredentialsFile::ServiceAccount(key) => {
            let signer = ServiceAccountSigner::from_pem(
                key.client_email.clone(),
                key.private_key_id.clone(),
                &key.private_key,
            )
            .map_err(|e| Error::new(e.kind(), format!("{origin}: {}", e.message())))?;
            let source = ServiceAccountSource::new(
                signer.clone(),
                scopes,
                endpoint(key.token_uri.as_deref())?,
                ctx.clock(),
            );
            Ok(Resolved {
                source: Arc::new(source),
                project_id: key.project_id,
                url_signer: Some(Arc::new(signer)),
                metadata: None,
                description: format!("service account {} from {origin}", key.client_email),
            })
        }
        CredentialsFile::AuthorizedUser(user) => {
            let endpoint = endpoint(user.token_uri.as_deref())?;
            Ok(Resolved {
                source: Arc::new(AuthorizedUserSource::new(
                    user.client_id,
                    user.client_secret,
                    user.refresh_token,
                    endpoint,
                )),
                project_id: user.quota_project_id,
                url_signer: None,
                metadata: None,
                description: format!("user credentials from {origin}"),
            })
        }
    }
}

/// The credentials file the configuration names explicitly: credential
/// `credentials_json`, else credential `credentials_file`, else
/// `GOOGLE_APPLICATION_CREDENTIALS`.
fn explicit_file(config: &ProviderConfig) -> Result<Option<Loaded>> {
    if let Some(json) = config
        .credentials
        .get("credentials_json")
        .filter(|s| !s.is_empty())
    {
        let origin = "credential credentials_json".to_string();
        let file = parse_credentials_file(json.expose().as_bytes(), &origin)?;
        return Ok(Some(Loaded { file, origin }));
    }
    let (path, named_by) = match config
        .credentials
        .get("credentials_file")
        .filter(|s| !s.is_empty())
    {
        Some(path) => (path.expose().to_string(), "credential credentials_file"),
        None => match config
            .env
            .var(ENV_APPLICATION_CREDENTIALS)
            .filter(|v| !v.trim().is_empty())
        {
            Some(path) => (path, ENV_APPLICATION_CREDENTIALS),
            None => return Ok(None),
        },
    };
    let path = PathBuf::from(path.trim());
    match read_file(&path, &format!("credentials file (from {named_by})"))? {
        Some(loaded) => Ok(Some(loaded)),
        None => Err(Error::new(
            ErrorKind::Configuration,
            format!(
                "credentials file {} (from {named_by}) does not exist",
                path.display()
            ),
        )),
    }
}

/// Reads and parses the credentials file at `path`; `Ok(None)` when there is none.
fn read_file(path: &Path, what: &str) -> Result<Option<Loaded>> {
    let origin = format!("{what} {}", path.display());
    let unreadable = |e: std::io::Error| {
        Error::new(
            ErrorKind::Configuration,
            format!("{origin} cannot be read: {e}"),
        )
    };
    let size = match std::fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(unreadable(e)),
    };
    if size > MAX_FILE_BYTES {
        return Err(Error::new(
            ErrorKind::Configuration,
            format!("{origin} is {size} bytes, too large for a credentials file"),
        ));
    }
    let body = std::fs::read(path).map_err(unreadable)?;
    let file = parse_credentials_file(&body, &origin)?;
    Ok(Some(Loaded { file, origin }))
}
