//! `libcloud keypairs …`.

use libcloud::{Error, KeyPair, Result};

use super::Ctx;
use crate::cli::{KeypairsCmd, OutputFormat};

/// Runs a `keypairs` subcommand.
pub async fn run(ctx: &mut Ctx, cmd: KeypairsCmd) -> Result<()> {
    let compute = ctx.compute().await?;
    match cmd {
        KeypairsCmd::List => ctx.printer.list(compute.list_key_pairs()).await,
        KeypairsCmd::Create { name } => {
            let pair = compute.create_key_pair(&name).await?;
            print_created(ctx, &pair)
        }
        KeypairsCmd::Import { name, file } => {
            let public_key = std::fs::read_to_string(&file).map_err(|e| {
                Error::io(format!("cannot read public key file {}", file.display()), e)
            })?;
            let pair = compute.import_key_pair(&name, public_key.trim()).await?;
            ctx.printer.item(&pair)
        }
        KeypairsCmd::Delete { name } => {
            compute.delete_key_pair(&name).await?;
            ctx.printer.done("delete_key_pair", &name)
        }
    }
}

/// Prints a freshly created key pair. This is the one place the private key is shown:
/// it goes to stdout exactly once (in table mode the key alone, so it can be redirected
/// into a file; in JSON mode as the `private_key` field), and a note goes to stderr.
fn print_created(ctx: &mut Ctx, pair: &KeyPair) -> Result<()> {
    let private_key = pair.private_key.as_ref().map(|k| k.expose().to_string());
    eprintln!(
        "created key pair {}{}; the private key is shown only this once",
        pair.name,
        pair.fingerprint
            .as_deref()
            .map(|f| format!(" (fingerprint {f})"))
            .unwrap_or_default()
    );
    match ctx.printer.format() {
        OutputFormat::Json => {
            let mut value = serde_json::to_value(pair)
                .map_err(|e| Error::malformed(format!("cannot encode key pair: {e}")))?;
            if let Some(obj) = value.as_object_mut() {
                obj.insert(
                    "private_key".into(),
                    private_key.map_or(serde_json::Value::Null, serde_json::Value::String),
                );
            }
            ctx.printer.json_value(&value)
        }
        OutputFormat::Table => match private_key {
            Some(key) => ctx.printer.raw(ensure_newline(key).as_bytes()),
            None => ctx.printer.item(pair),
        },
    }
}

fn ensure_newline(mut text: String) -> String {
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}
