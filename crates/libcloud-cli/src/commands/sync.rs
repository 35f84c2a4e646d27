//! `libcloud storage sync SRC DST`: makes a destination hold what a source holds, with
//! the library's sync (`libcloud::core::storage::sync`), under one progress bar.

use std::sync::Arc;

use libcloud::core::storage::sync::{
    KeyFilter, SyncOptions, SyncPlan, SyncReport, SyncSide, plan_sync, run_sync,
};
use libcloud::{Error, ObjectStorage, Result};
use serde_json::json;

use super::Ctx;
use super::copy::sides::SideConfig;
use super::copy::spec::{self, Remote, Side};
use super::copy::{as_prefix, connect, refuse_same};
use crate::cli::{OutputFormat, SyncArgs};
use crate::progress;

/// Comparisons (mostly a `HEAD` each) and folder listings run this many times
/// `--concurrency` at once: they are short requests, and a re-sync is made of them.
const CHECKS_PER_COPY: usize = 4;

/// A side with its storage connected.
enum Connected {
    Dir(std::path::PathBuf),
    Objects(Remote, Arc<dyn ObjectStorage>),
}

impl Connected {
    fn side(&self) -> SyncSide<'_> {
        match self {
            Connected::Dir(dir) => SyncSide::Dir(dir),
            Connected::Objects(remote, storage) => SyncSide::Objects {
                storage: storage.as_ref(),
                container: &remote.container,
                prefix: &remote.key,
            },
        }
    }
}

/// Runs `storage sync`.
pub async fn run(ctx: &mut Ctx, args: SyncArgs) -> Result<()> {
    let sides = SideConfig::load(&ctx.overrides, ctx.env.clone())?;
    let ids = ctx.registry().ids();
    let known = |name: &str| sides.is_profile(name) || ids.contains(&name);
    let src = spec::parse(&args.source, &known)?;
    let dst = spec::parse(&args.dest, &known)?;
    let (src, dst) = match (src, dst) {
        (Side::Local(_), Side::Local(_)) => {
            return Err(Error::invalid_input(
                "both sides are local directories: name a provider on one side, as \
                 PROVIDER:CONTAINER/PREFIX",
            ));
        }
        (src, dst) => (prefixed(src), prefixed(dst)),
    };
    if let (Side::Remote(a), Side::Remote(b)) = (&src, &dst) {
        refuse_same(a, b)?;
    }
    let src = connect_side(ctx, &sides, src).await?;
    let dst = connect_side(ctx, &sides, dst).await?;
    let mut options = SyncOptions {
        filter: KeyFilter::new(&args.include, &args.exclude)?,
        delete: args.delete,
        concurrency: usize::from(args.concurrency),
        checks: usize::from(args.concurrency) * CHECKS_PER_COPY,
        ..SyncOptions::default()
    };
    let plan = plan_sync(&src.side(), &dst.side(), &options).await?;
    if args.dry_run {
        return print_plan(ctx, &plan);
    }
    let bar = progress::transfer(
        Some(plan.copy_bytes()),
        &format!("sync {} objects", plan.copies.len()),
    );
    let counter = bar.clone();
    options.progress = Arc::new(move |n| counter.inc(n));
    let result = run_sync(&src.side(), &dst.side(), &plan, &options).await;
    bar.finish_and_clear();
    print_report(ctx, &result?)
}

/// A remote side's key taken as a prefix (empty, or ending in `/`).
fn prefixed(side: Side) -> Side {
    match side {
        Side::Remote(mut remote) => {
            remote.key = as_prefix(&remote.key);
            Side::Remote(remote)
        }
        local => local,
    }
}

async fn connect_side(ctx: &Ctx, sides: &SideConfig, side: Side) -> Result<Connected> {
    Ok(match side {
        Side::Local(dir) => Connected::Dir(dir),
        Side::Remote(remote) => {
            let storage = connect(ctx, sides, &remote).await?;
            Connected::Objects(remote, storage)
        }
    })
}

/// The report: one line, or a JSON object.
fn print_report(ctx: &mut Ctx, report: &SyncReport) -> Result<()> {
    match ctx.printer.format() {
        OutputFormat::Json => ctx.printer.json_value(&json!(report)),
        OutputFormat::Table => ctx.printer.line(&summary(report)),
    }
}

/// A dry run: each copy (`copy KEY (SIZE bytes, REASON)`) and delete (`delete KEY`),
/// then the summary; in JSON, the summary with the `copies` and `deletes` lists.
fn print_plan(ctx: &mut Ctx, plan: &SyncPlan) -> Result<()> {
    let report = plan.as_dry_run();
    match ctx.printer.format() {
        OutputFormat::Json => {
            let mut value = json!(report);
            value["copies"] = json!(plan.copies);
            value["deletes"] = json!(plan.deletes);
            ctx.printer.json_value(&value)
        }
        OutputFormat::Table => {
            for copy in &plan.copies {
                ctx.printer.line(&format!(
                    "copy {} ({} bytes, {})",
                    copy.key,
                    copy.size,
                    copy.reason.as_str()
                ))?;
            }
            for key in &plan.deletes {
                ctx.printer.line(&format!("delete {key}"))?;
            }
            ctx.printer.line(&summary(&report))
        }
    }
}

fn summary(report: &SyncReport) -> String {
    let verb = if report.dry_run {
        "would copy"
    } else {
        "copied"
    };
    let deleted = if report.dry_run {
        "would delete"
    } else {
        "deleted"
    };
    format!(
        "{verb} {} ({} bytes), {deleted} {}, unchanged {}",
        report.copied, report.copied_bytes, report.deleted, report.unchanged
    )
}
