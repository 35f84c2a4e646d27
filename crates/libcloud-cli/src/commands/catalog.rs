//! `libcloud sizes|images|locations …`: what nodes are made from and where.

use libcloud::Result;

use super::Ctx;
use crate::cli::{ImagesCmd, ListCmd, SizesCmd};

/// Runs a `sizes` subcommand.
pub async fn sizes(ctx: &mut Ctx, cmd: SizesCmd) -> Result<()> {
    let compute = ctx.compute().await?;
    match cmd {
        SizesCmd::List { location: None } => ctx.printer.list(compute.list_sizes()).await,
        SizesCmd::List {
            location: Some(location),
        } => ctx.printer.list(compute.list_sizes_in(&location)).await,
    }
}

/// Runs a `locations` subcommand.
pub async fn locations(ctx: &mut Ctx, cmd: ListCmd) -> Result<()> {
    let compute = ctx.compute().await?;
    match cmd {
        ListCmd::List => ctx.printer.list(compute.list_locations()).await,
    }
}

/// Runs an `images` subcommand.
pub async fn images(ctx: &mut Ctx, cmd: ImagesCmd) -> Result<()> {
    let compute = ctx.compute().await?;
    match cmd {
        ImagesCmd::List { location: None } => ctx.printer.list(compute.list_images()).await,
        ImagesCmd::List {
            location: Some(location),
        } => ctx.printer.list(compute.list_images_in(&location)).await,
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
