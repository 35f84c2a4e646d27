//! `libcloud dns export` and `libcloud dns import`: zones as RFC 1035 zone files.

use std::io::Read;
use std::path::Path;

use futures::TryStreamExt;
use libcloud::core::dns::zonefile::{self, Plan};
use libcloud::core::dns::{Dns, Record, find_zone, record_sets, wait_for_changes};
use libcloud::{Error, Result, WaitOptions};

use super::Ctx;
use crate::cli::OutputFormat;

/// Prints zone `zone` as a zone file.
pub async fn export(ctx: &mut Ctx, dns: &dyn Dns, zone: &str) -> Result<()> {
    let zone = find_zone(dns, zone).await?;
    let records: Vec<Record> = dns.list_records(&zone.id).try_collect().await?;
    ctx.printer
        .raw(zonefile::export(&zone, &records).as_bytes())
}

/// Makes zone `zone` match the zone file at `path`: the file is read and parsed whole
/// first (a malformed file changes nothing), compared with the zone, and the difference
/// printed and, unless `dry_run`, applied in one call to the provider's batch changes.
pub async fn import(
    ctx: &mut Ctx,
    dns: &dyn Dns,
    zone: &str,
    path: &Path,
    dry_run: bool,
    prune: bool,
) -> Result<()> {
    let text = read_zone_file(path)?;
    let zone = find_zone(dns, zone).await?;
    let file = zonefile::parse(&text, &zone.domain)
        .map_err(|e| prefixed(e, &path.display().to_string()))?;
    let current: Vec<Record> = dns.list_records(&zone.id).try_collect().await?;
    let plan = zonefile::plan(&file.record_sets(), &record_sets(&current), prune);
    let applied = !dry_run && !plan.is_empty();
    if applied && let Some(operation) = dns.apply_changes(&zone.id, &plan.changes()).await? {
        wait_for_changes(dns, &operation, &WaitOptions::default()).await?;
    }
    report(ctx, &plan, dry_run, applied)
}

fn report(ctx: &mut Ctx, plan: &Plan, dry_run: bool, applied: bool) -> Result<()> {
    match ctx.printer.format() {
        OutputFormat::Json => ctx.printer.json_value(&serde_json::json!({
            "create": plan.create.len(),
            "update": plan.update.len(),
            "delete": plan.delete.len(),
            "unchanged": plan.unchanged,
            "dry_run": dry_run,
            "applied": applied,
        })),
        OutputFormat::Table => {
            let mut text = plan.to_string();
            if !text.ends_with('\n') {
                text.push('\n');
            }
            if dry_run {
                text.push_str("dry run: nothing changed\n");
            }
            ctx.printer.raw(text.as_bytes())
        }
    }
}

/// The zone file's text; `-` reads standard input.
fn read_zone_file(path: &Path) -> Result<String> {
    let mut text = String::new();
    let read = if path == Path::new("-") {
        std::io::stdin().read_to_string(&mut text)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_string(&mut text))
    };
    read.map_err(|e| Error::io(format!("cannot read zone file {}", path.display()), e))?;
    Ok(text)
}

/// `err` with the file's name in front of its message (`zone.db: line 4: …`).
fn prefixed(err: Error, file: &str) -> Error {
    Error::new(err.kind(), format!("{file}: {}", err.message()))
}
