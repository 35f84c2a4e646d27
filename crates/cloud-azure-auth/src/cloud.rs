//! The Azure clouds (public, China, US Government): where Azure AD, Resource Manager
//! and storage live in each, and which one a configuration names.

use cloud_core::http::is_loopback_host;
use cloud_core::{Error, ErrorKind, ProviderConfig, Result};
use url::Url;

use crate::specs::{AUTHORITY_HOST_OPTION, CLOUD_OPTION, ENV_AUTHORITY_HOST};

/// One Azure cloud's endpoints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AzureCloud {
    /// The cloud's name (`public`, `china`, `usgov`).
    pub name: &'static str,
    /// Azure AD's authority host (`https://login.microsoftonline.com/`).
    pub authority_host: Url,
    /// Azure Resource Manager (`https://management.azure.com/`).
    pub resource_manager: Url,
    /// The suffix of storage account hosts (`core.windows.net`).
    pub storage_suffix: &'static str,
}

impl AzureCloud {
    /// The global Azure cloud.
    pub fn public() -> AzureCloud {
        AzureCloud::known(
            "public",
            "https://login.microsoftonline.com/",
            "https://management.azure.com/",
            "core.windows.net",
        )
    }

    /// Azure operated by 21Vianet in China.
    pub fn china() -> AzureCloud {
        AzureCloud::known(
            "china",
            "https://login.chinacloudapi.cn/",
            "https://management.chinacloudapi.cn/",
            "core.chinacloudapi.cn",
        )
    }

    /// Azure US Government.
    pub fn usgov() -> AzureCloud {
        AzureCloud::known(
            "usgov",
            "https://login.microsoftonline.us/",
            "https://management.usgovcloudapi.net/",
            "core.usgovcloudapi.net",
        )
    }

    /// The cloud called `name`: `public`, `china`, `usgov`, or the Azure CLI's
    /// `AzureCloud`, `AzureChinaCloud`, `AzureUSGovernment` (any case). `None` for
    /// anything else.
    pub fn by_name(name: &str) -> Option<AzureCloud> {
        let name = name.trim();
        let is = |a: &str, b: &str| name.eq_ignore_ascii_case(a) || name.eq_ignore_ascii_case(b);
        if is("public", "AzureCloud") {
            Some(AzureCloud::public())
        } else if is("china", "AzureChinaCloud") {
            Some(AzureCloud::china())
        } else if is("usgov", "AzureUSGovernment") {
            Some(AzureCloud::usgov())
        } else {
            None
        }
    }

    /// The same cloud with Azure AD at `authority_host` (a test stand-in, Azure Stack).
    pub fn with_authority_host(mut self, authority_host: Url) -> AzureCloud {
        self.authority_host = authority_host;
        self
    }

    /// The host of storage account `account`'s `service` (`blob`, `queue`, …):
    /// `{account}.{service}.{storage_suffix}`.
    pub fn storage_host(&self, account: &str, service: &str) -> String {
        format!("{account}.{service}.{}", self.storage_suffix)
    }

    fn known(
        name: &'static str,
        authority: &'static str,
        manager: &'static str,
        storage_suffix: &'static str,
    ) -> AzureCloud {
        AzureCloud {
            name,
            authority_host: static_url(authority),
            resource_manager: static_url(manager),
            storage_suffix,
        }
    }
}

/// Parses one of the well-known https URLs above. Each is a constant that parses (the
/// crate's tests build every cloud), so the `expect` cannot fire.
fn static_url(raw: &'static str) -> Url {
    Url::parse(raw).expect("the well-known Azure URLs are valid")
}

/// Checks an authority host named by `origin`: `https://`, or plain `http://` to a
/// loopback host (a test stand-in). The result ends in `/`, so tenant paths join onto
/// it.
pub fn authority_url(raw: &str, origin: &str) -> Result<Url> {
    let text = raw.trim();
    let mut url = Url::parse(text).map_err(|e| {
        Error::new(
            ErrorKind::Configuration,
            format!("{origin} {text:?} is not a URL: {e}"),
        )
    })?;
    match url.scheme() {
        "https" if url.host_str().is_some() => {}
        "http" if is_loopback_host(&url) => {}
        "http" => {
            return Err(Error::new(
                ErrorKind::Configuration,
                format!(
                    "{origin} {url} is plain http; Azure AD is only asked over https, or over \
                     http at a loopback test endpoint"
                ),
            ));
        }
        other => {
            return Err(Error::new(
                ErrorKind::Configuration,
                format!("{origin} {url} is not an https URL (scheme {other:?})"),
            ));
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::new(
            ErrorKind::Configuration,
            format!("{origin} {url} has a query or fragment; give just the host (and path)"),
        ));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// The cloud `config` names (option `cloud`, `AZURE_CLOUD`; public by default), with
/// its authority host replaced by option `authority_host` (`AZURE_AUTHORITY_HOST`) when
/// set.
pub fn cloud_of(provider: &'static str, config: &ProviderConfig) -> Result<AzureCloud> {
    let name = config.option_text(provider, CLOUD_OPTION)?;
    let cloud = match name {
        None => AzureCloud::public(),
        Some(name) => AzureCloud::by_name(&name).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("option cloud {name:?} is not one of public, china, usgov"),
            )
            .with_provider(provider)
        })?,
    };
    match config.option_text(provider, AUTHORITY_HOST_OPTION)? {
        None => Ok(cloud),
        Some(raw) => {
            let origin = if config.options.contains_key(AUTHORITY_HOST_OPTION.name) {
                "option authority_host".to_string()
            } else {
                ENV_AUTHORITY_HOST.to_string()
            };
            let url = authority_url(&raw, &origin).map_err(|e| e.with_provider(provider))?;
            Ok(cloud.with_authority_host(url))
        }
    }
}
