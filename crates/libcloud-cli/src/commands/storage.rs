//! `libcloud storage …`.

use std::time::Duration;

use libcloud::core::storage::{validate_container_name, validate_object_key};
use libcloud::{ListObjects, ObjectStorage, Result, SignedMethod, SignedUrlRequest};

use super::{Ctx, cdn, copy, sync, transfer};
use crate::cli::{ContainersCmd, ObjectPath, OutputFormat, StorageCmd, UrlMethod};

/// Runs a `storage` subcommand.
pub async fn run(ctx: &mut Ctx, cmd: StorageCmd) -> Result<()> {
    match cmd {
        // `cp` names its providers in its arguments.
        StorageCmd::Cp(args) => copy::run(ctx, args).await,
        StorageCmd::Sync(args) => sync::run(ctx, args).await,
        StorageCmd::Cdn(cmd) => cdn::run(ctx, cmd).await,
        StorageCmd::Containers(cmd) => {
            let storage = ctx.storage().await?;
            containers(ctx, storage.as_ref(), cmd).await
        }
        StorageCmd::Ls {
            container,
            prefix,
            delimiter,
        } => {
            let storage = ctx.storage().await?;
            let options = ListObjects {
                prefix,
                delimiter,
                page_size: None,
            };
            ctx.printer
                .list(storage.list_objects(&container, &options))
                .await
        }
        StorageCmd::Put {
            file,
            target,
            content_type,
        } => {
            let storage = ctx.storage().await?;
            let storage = storage.as_ref();
            check(storage, &target, "put_object")?;
            let meta = transfer::upload(storage, &target, &file, content_type).await?;
            ctx.printer.item(&meta)
        }
        StorageCmd::Get { source, file } => {
            let storage = ctx.storage().await?;
            let storage = storage.as_ref();
            check(storage, &source, "get_object")?;
            let meta = transfer::download(storage, &source, &file).await?;
            ctx.printer.item(&meta)
        }
        StorageCmd::Rm { target } => {
            let storage = ctx.storage().await?;
            check(storage.as_ref(), &target, "delete_object")?;
            storage
                .delete_object(&target.container, &target.key)
                .await?;
            ctx.printer.done(
                "delete_object",
                &format!("{}/{}", target.container, target.key),
            )
        }
        StorageCmd::Url {
            target,
            expires,
            method,
        } => {
            let storage = ctx.storage().await?;
            check(storage.as_ref(), &target, "signed_url")?;
            let request = SignedUrlRequest {
                method: match method {
                    UrlMethod::Get => SignedMethod::Get,
                    UrlMethod::Put => SignedMethod::Put,
                },
                expires_in: Duration::from_secs(expires),
            };
            let signed = storage
                .signed_url(&target.container, &target.key, &request)
                .await?;
            match ctx.printer.format() {
                OutputFormat::Table => {
                    ctx.printer.line(signed.url.as_str())?;
                    for (name, value) in &signed.headers {
                        ctx.printer.line(&format!("header: {name}: {value}"))?;
                    }
                    Ok(())
                }
                OutputFormat::Json => {
                    let headers: serde_json::Map<String, serde_json::Value> = signed
                        .headers
                        .iter()
                        .map(|(name, value)| (name.clone(), value.as_str().into()))
                        .collect();
                    ctx.printer.json_value(&serde_json::json!({
                        "url": signed.url.as_str(),
                        "method": signed.method,
                        "headers": headers,
                        "expires_in_secs": expires,
                    }))
                }
            }
        }
    }
}

async fn containers(ctx: &mut Ctx, storage: &dyn ObjectStorage, cmd: ContainersCmd) -> Result<()> {
    match cmd {
        ContainersCmd::List => ctx.printer.list(storage.list_containers()).await,
        ContainersCmd::Create { name } => {
            let container = storage.create_container(&name).await?;
            ctx.printer.item(&container)
        }
        ContainersCmd::Delete { name } => {
            storage.delete_container(&name).await?;
            ctx.printer.done("delete_container", &name)
        }
    }
}

/// Rejects bad container names and keys before anything is read, written or sent.
pub(super) fn check(storage: &dyn ObjectStorage, path: &ObjectPath, operation: &str) -> Result<()> {
    validate_container_name(&path.container)
        .and_then(|()| validate_object_key(&path.key))
        .map_err(|e| e.in_context(storage.provider_id(), operation))
}
