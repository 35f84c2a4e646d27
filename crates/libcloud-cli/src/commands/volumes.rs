//! `libcloud volumes …` and `libcloud snapshots …`.

use libcloud::{CreateVolume, Result};

use super::Ctx;
use crate::cli::{SnapshotsCmd, VolumesCmd};

/// Runs a `volumes` subcommand.
pub async fn volumes(ctx: &mut Ctx, cmd: VolumesCmd) -> Result<()> {
    let compute = ctx.compute().await?;
    match cmd {
        VolumesCmd::List => ctx.printer.list(compute.list_volumes()).await,
        VolumesCmd::Create {
            name,
            size,
            location,
        } => {
            let request = CreateVolume {
                name,
                size_gib: size,
                location,
                ..CreateVolume::default()
            };
            let volume = compute.create_volume(&request).await?;
            ctx.printer.item(&volume)
        }
        VolumesCmd::Attach { id, node, device } => {
            compute.attach_volume(&id, &node, device.as_deref()).await?;
            ctx.printer.done("attach_volume", &id)
        }
        VolumesCmd::Detach { id } => {
            compute.detach_volume(&id).await?;
            ctx.printer.done("detach_volume", &id)
        }
        VolumesCmd::Destroy { id } => {
            compute.destroy_volume(&id).await?;
            ctx.printer.done("destroy_volume", &id)
        }
    }
}

/// Runs a `snapshots` subcommand.
pub async fn snapshots(ctx: &mut Ctx, cmd: SnapshotsCmd) -> Result<()> {
    let compute = ctx.compute().await?;
    match cmd {
        SnapshotsCmd::List => ctx.printer.list(compute.list_snapshots()).await,
        SnapshotsCmd::Create { volume, name } => {
            let snapshot = compute.create_snapshot(&volume, name.as_deref()).await?;
            ctx.printer.item(&snapshot)
        }
        SnapshotsCmd::Destroy { id } => {
            compute.destroy_snapshot(&id).await?;
            ctx.printer.done("destroy_snapshot", &id)
        }
    }
}
