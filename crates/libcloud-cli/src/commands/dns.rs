//! `libcloud dns zones …` and `libcloud dns records …`.

use futures::StreamExt;
use libcloud::core::dns::zonefile::parse_rdata;
use libcloud::core::dns::{
    CreateZone, Dns, NewRecord, RecordType, RecordUpdate, Zone, find_zone, names,
};
use libcloud::{Error, Result};

use super::Ctx;
use crate::cli::{DnsCmd, DnsRecordsCmd, DnsZonesCmd};
use crate::rows::RecordRow;

/// Runs a `dns` subcommand.
pub async fn run(ctx: &mut Ctx, cmd: DnsCmd) -> Result<()> {
    let dns = ctx.dns().await?;
    match cmd {
        DnsCmd::Zones(cmd) => zones(ctx, dns.as_ref(), cmd).await,
        DnsCmd::Records(cmd) => records(ctx, dns.as_ref(), cmd).await,
        DnsCmd::Export { zone } => super::zonefile::export(ctx, dns.as_ref(), &zone).await,
        DnsCmd::Import {
            zone,
            file,
            dry_run,
            prune,
        } => super::zonefile::import(ctx, dns.as_ref(), &zone, &file, dry_run, prune).await,
    }
}

async fn zones(ctx: &mut Ctx, dns: &dyn Dns, cmd: DnsZonesCmd) -> Result<()> {
    match cmd {
        DnsZonesCmd::List => ctx.printer.list(dns.list_zones()).await,
        DnsZonesCmd::Get { zone } => {
            let zone = find_zone(dns, &zone).await?;
            ctx.printer.item(&zone)
        }
        DnsZonesCmd::Create { domain, ttl, email } => {
            let request = CreateZone {
                domain,
                ttl,
                email,
                ..CreateZone::default()
            };
            let zone = dns.create_zone(&request).await?;
            ctx.printer.item(&zone)
        }
        DnsZonesCmd::Delete { zone } => {
            let zone = find_zone(dns, &zone).await?;
            dns.delete_zone(&zone.id).await?;
            ctx.printer.done("delete_zone", &zone.id)
        }
    }
}

async fn records(ctx: &mut Ctx, dns: &dyn Dns, cmd: DnsRecordsCmd) -> Result<()> {
    match cmd {
        DnsRecordsCmd::List { zone } => {
            let zone = find_zone(dns, &zone).await?;
            let rows = dns.list_records(&zone.id).map(|r| r.map(RecordRow::from));
            ctx.printer.list(rows).await
        }
        DnsRecordsCmd::Get { zone, id } => {
            let zone = find_zone(dns, &zone).await?;
            let record = dns.get_record(&zone.id, &id).await?;
            ctx.printer.item(&RecordRow::from(record))
        }
        DnsRecordsCmd::Create {
            zone,
            name,
            rtype,
            data,
            ttl,
        } => {
            let zone = find_zone(dns, &zone).await?;
            let rtype: RecordType = rtype.parse()?;
            let name = names::relative_name(&name, &zone.domain)?;
            let data = parse_rdata(&rtype, &data, &zone.domain)?;
            let mut request = NewRecord::new(name, data);
            request.ttl = ttl;
            let record = dns.create_record(&zone.id, &request).await?;
            ctx.printer.item(&RecordRow::from(record))
        }
        DnsRecordsCmd::Update {
            zone,
            id,
            data,
            ttl,
            name,
        } => {
            let zone = find_zone(dns, &zone).await?;
            if data.is_none() && ttl.is_none() && name.is_none() {
                return Err(Error::invalid_input(
                    "nothing to change: give --data, --ttl or --name",
                ));
            }
            let current = dns.get_record(&zone.id, &id).await?;
            let update = RecordUpdate {
                name,
                ttl,
                data: data
                    .map(|d| parse_rdata(&current.rtype(), &d, &zone.domain))
                    .transpose()?,
            };
            let record = dns.update_record(&zone.id, &id, &update).await?;
            ctx.printer.item(&RecordRow::from(record))
        }
        DnsRecordsCmd::Delete { zone, id } => {
            let zone: Zone = find_zone(dns, &zone).await?;
            dns.delete_record(&zone.id, &id).await?;
            ctx.printer.done("delete_record", &id)
        }
    }
}
