//! `libcloud storage cdn …`: publishing containers on the provider's CDN.

use std::time::Duration;

use libcloud::Result;
use libcloud::core::storage::CdnUrlKind;

use super::Ctx;
use crate::cli::{CdnCmd, CdnKind, OutputFormat};

/// Runs a `storage cdn` subcommand.
pub async fn run(ctx: &mut Ctx, cmd: CdnCmd) -> Result<()> {
    let storage = ctx.storage().await?;
    match cmd {
        CdnCmd::Enable { container, ttl } => {
            let published = storage
                .enable_cdn(&container, ttl.map(Duration::from_secs))
                .await?;
            ctx.printer.item(&published)
        }
        CdnCmd::Disable { container } => {
            storage.disable_cdn(&container).await?;
            ctx.printer.done("disable_cdn", &container)
        }
        CdnCmd::Show { container } => {
            let published = storage.cdn_container(&container).await?;
            ctx.printer.item(&published)
        }
        CdnCmd::Url { target, kind } => {
            let published = storage.cdn_container(&target.container).await?;
            let url = published.object_url(&target.key, url_kind(kind))?;
            match ctx.printer.format() {
                OutputFormat::Table => ctx.printer.line(url.as_str()),
                OutputFormat::Json => ctx.printer.json_value(&serde_json::json!({
                    "url": url.as_str(),
                })),
            }
        }
    }
}

fn url_kind(kind: CdnKind) -> CdnUrlKind {
    match kind {
        CdnKind::Http => CdnUrlKind::Http,
        CdnKind::Https => CdnUrlKind::Https,
        CdnKind::Streaming => CdnUrlKind::Streaming,
        CdnKind::Ios => CdnUrlKind::Ios,
    }
}
