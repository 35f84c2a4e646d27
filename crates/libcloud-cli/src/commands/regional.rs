//! `--region all` (or `--region a,b,c`) for list commands: one listing per region, eight
//! at once, merged as they arrive, each item naming its region; a failed region is one
//! line on stderr and a non-zero exit, without hiding the others' results.

use std::sync::Arc;

use futures::StreamExt;
use libcloud::core::regions::{RegionEvent, across_regions, parse_region_list};
use libcloud::{BoxStream, Compute, Error, ErrorKind, ObjectStorage, Result, Session};

use super::Ctx;
use crate::cli::{
    Command, ContainersCmd, ImagesCmd, KeypairsCmd, LbCmd, ListCmd, NodesCmd, OutputFormat,
    SizesCmd, SnapshotsCmd, StorageCmd, VolumesCmd,
};
use crate::config;
use crate::output::{Tabular, render_table};
use crate::rows::BalancerRow;

/// How many regions are listed at once.
const CONCURRENCY: usize = 8;

/// Whether `--region` asks for several regions (`all`, or a comma-separated list).
pub fn is_multi(region: Option<&str>) -> bool {
    region.is_some_and(|r| r.trim() == "all" || r.contains(','))
}

/// Runs a list command across the regions `--region` names.
pub async fn run(ctx: &mut Ctx, command: Command) -> Result<()> {
    let compute = |s: Arc<dyn Session>| s.compute();
    match command {
        Command::Nodes(NodesCmd::List) => {
            listing(ctx, compute, |c: &Arc<dyn Compute>| c.list_nodes()).await
        }
        Command::Sizes(SizesCmd::List { location: None }) => {
            listing(ctx, compute, |c: &Arc<dyn Compute>| c.list_sizes()).await
        }
        Command::Images(ImagesCmd::List { location: None }) => {
            listing(ctx, compute, |c: &Arc<dyn Compute>| c.list_images()).await
        }
        Command::Locations(ListCmd::List) => {
            listing(ctx, compute, |c: &Arc<dyn Compute>| c.list_locations()).await
        }
        Command::Keypairs(KeypairsCmd::List) => {
            listing(ctx, compute, |c: &Arc<dyn Compute>| c.list_key_pairs()).await
        }
        Command::Volumes(VolumesCmd::List) => {
            listing(ctx, compute, |c: &Arc<dyn Compute>| c.list_volumes()).await
        }
        Command::Snapshots(SnapshotsCmd::List) => {
            listing(ctx, compute, |c: &Arc<dyn Compute>| c.list_snapshots()).await
        }
        Command::Storage(StorageCmd::Containers(ContainersCmd::List)) => {
            listing(
                ctx,
                |s: Arc<dyn Session>| s.storage(),
                |s: &Arc<dyn ObjectStorage>| s.list_containers(),
            )
            .await
        }
        Command::Lb(LbCmd::List) => {
            listing(
                ctx,
                |s: Arc<dyn Session>| s.load_balancer(),
                |lb: &Arc<dyn libcloud::core::load_balancer::LoadBalancer>| {
                    Box::pin(lb.list_balancers().map(|b| b.map(BalancerRow::from)))
                },
            )
            .await
        }
        _ => Err(Error::invalid_input(
            "several regions (--region all, or a comma-separated list) work with list \
             commands only: nodes, sizes, images, locations, keypairs, volumes, snapshots, \
             storage containers and lb list",
        )),
    }
}

/// Lists `list` of the area `area` picks in every region, printing as items arrive.
async fn listing<S, T, A, L>(ctx: &mut Ctx, area: A, list: L) -> Result<()>
where
    S: Send + Sync + 'static,
    T: Tabular + Send + 'static,
    A: Fn(Arc<dyn Session>) -> Result<S> + Send + Sync + Copy + 'static,
    L: for<'s> Fn(&'s S) -> BoxStream<'s, Result<T>> + Send + Sync + 'static,
{
    let wanted = ctx.overrides.region.clone().unwrap_or_default();
    let selection = parse_region_list(&wanted)?;
    let mut overrides = ctx.overrides.clone();
    overrides.region = None;
    let resolved = config::load_and_resolve(overrides, ctx.env.clone())?;
    let factory = ctx.registry().factory(&resolved.provider)?;
    if let Some(warning) = factory.meta().lifecycle.warning(&resolved.provider) {
        eprintln!("{warning}");
    }
    let regions = match selection {
        Some(list) => list,
        None => factory.regions(&resolved.config).await?,
    };
    let total = regions.len();
    let base = resolved.config;
    let connector = factory.clone();
    let events = across_regions(
        regions,
        CONCURRENCY,
        move |region: String| {
            let mut config = base.clone();
            config.region = Some(region);
            let factory = connector.clone();
            async move { area(libcloud::core::connect(factory.as_ref(), &config).await?) }
        },
        list,
    );
    let failed = print(ctx, events).await?;
    if failed == 0 {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Provider,
        format!("{failed} of {total} regions failed (their errors are above)"),
    ))
}

/// Prints the items as they arrive (JSON objects with a `region` field; a table with a
/// REGION column at the end) and each failed region as one stderr line; the number of
/// failed regions.
async fn print<T: Tabular>(
    ctx: &mut Ctx,
    mut events: BoxStream<'_, RegionEvent<T>>,
) -> Result<usize> {
    let json = ctx.printer.format() == OutputFormat::Json;
    let mut failed = 0;
    let mut rows = Vec::new();
    let mut first = true;
    while let Some(event) = events.next().await {
        match event {
            RegionEvent::Item(item) => {
                if json {
                    let text = serde_json::to_string(&item).map_err(|e| {
                        Error::new(ErrorKind::Io, format!("cannot write JSON: {e}"))
                    })?;
                    let lead = if first { "[\n  " } else { ",\n  " };
                    ctx.printer.raw(format!("{lead}{text}").as_bytes())?;
                    first = false;
                } else {
                    let mut row = vec![item.region.clone()];
                    row.extend(item.item.row());
                    rows.push(row);
                }
            }
            RegionEvent::Failed { region, error } => {
                failed += 1;
                eprintln!("error[{}]: region {region}: {error}", error.kind());
            }
        }
    }
    if json {
        ctx.printer.raw(if first { b"[]\n" } else { b"\n]\n" })?;
    } else {
        let mut headers = vec!["REGION"];
        headers.extend_from_slice(T::HEADERS);
        ctx.printer.raw(render_table(&headers, &rows).as_bytes())?;
    }
    Ok(failed)
}
