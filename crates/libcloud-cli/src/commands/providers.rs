//! `libcloud providers`.

use libcloud::Result;

use super::Ctx;

/// Lists the compiled-in providers with their areas and lifecycle.
pub async fn run(ctx: &mut Ctx) -> Result<()> {
    let providers = ctx.registry().providers();
    ctx.printer
        .list(futures::stream::iter(providers.into_iter().map(Ok)))
        .await
}
