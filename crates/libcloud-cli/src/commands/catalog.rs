//! `libcloud sizes|images|locations …`: what nodes are made from and where.

use libcloud::Result;

use super::Ctx;
use crate::cli::{ImagesCmd, ListCmd};

/// Runs a `sizes` subcommand.
pub async fn sizes(ctx: &mut Ctx, cmd: ListCmd) -> Result<()> {
    let compute = ctx.compute()?;
    match cmd {
        ListCmd::List => ctx.printer.list(compute.list_sizes()).await,
    }
}

/// Runs a `locations` subcommand.
pub async fn locations(ctx: &mut Ctx, cmd: ListCmd) -> Result<()> {
    let compute = ctx.compute()?;
    match cmd {
        ListCmd::List => ctx.printer.list(compute.list_locations()).await,
    }
}

/// Runs an `images` subcommand.
pub async fn images(ctx: &mut Ctx, cmd: ImagesCmd) -> Result<()> {
    let compute = ctx.compute()?;
    match cmd {
        ImagesCmd::List => ctx.printer.list(compute.list_images()).await,
        ImagesCmd::Create { node, name } => {
            let image = compute.create_image(&node, &name).await?;
            ctx.printer.item(&image)
        }
        ImagesCmd::Delete { id } => {
            compute.delete_image(&id).await?;
            ctx.printer.done("delete_image", &id)
        }
    }
}
