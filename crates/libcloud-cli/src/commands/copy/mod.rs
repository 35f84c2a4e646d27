//! `libcloud storage cp SRC DST [-r] [--concurrency N]`: copies between local files and
//! a provider, or between two providers (or two places of one).
//!
//! Local to remote uploads with the driver's `put_object_from_file`; remote to local
//! downloads as `storage get` does (a file appears only once complete); remote to remote
//! streams through [`copy_object_between`](libcloud::core::storage::copy_object_between).
//! Each remote side connects on its own: a side naming a profile uses that profile
//! alone, a side naming a provider id takes the selected profile when it is for that
//! provider, and `--region`, `--endpoint` and `--set` (see [`sides`]).

mod between;
pub(crate) mod sides;
pub(crate) mod spec;
mod tree;

use std::path::Path;
use std::sync::Arc;

use libcloud::{Error, ObjectStorage, Result};

use super::{Ctx, storage::check, transfer};
use crate::cli::{CpArgs, ObjectPath};
use sides::SideConfig;
use spec::{Remote, Side};

/// Runs `storage cp`.
pub async fn run(ctx: &mut Ctx, args: CpArgs) -> Result<()> {
    let sides = SideConfig::load(&ctx.overrides, ctx.env.clone())?;
    let ids = ctx.registry().ids();
    let known = |name: &str| sides.is_profile(name) || ids.contains(&name);
    let src = spec::parse(&args.source, &known)?;
    let dst = spec::parse(&args.dest, &known)?;
    let concurrency = usize::from(args.concurrency);
    match (src, dst, args.recursive) {
        (Side::Local(_), Side::Local(_), _) => Err(Error::invalid_input(
            "both sides are local paths: name a provider on one side, as PROVIDER:CONTAINER/KEY",
        )),
        (Side::Local(dir), Side::Remote(to), true) => {
            let storage = connect(ctx, &sides, &to).await?;
            let prefix = as_prefix(&to.key);
            let stored =
                tree::upload_dir(storage.as_ref(), &dir, &to.container, &prefix, concurrency)
                    .await?;
            ctx.printer
                .list(futures::stream::iter(stored.into_iter().map(Ok)))
                .await
        }
        (Side::Local(file), Side::Remote(to), false) => {
            let storage = connect(ctx, &sides, &to).await?;
            let target = ObjectPath {
                container: to.container.clone(),
                key: destination_key(&to.key, file_name(&file)),
            };
            check(storage.as_ref(), &target, "put_object")?;
            let meta = transfer::upload(storage.as_ref(), &target, &file, None).await?;
            ctx.printer.item(&meta)
        }
        (Side::Remote(from), Side::Local(dir), true) => {
            let storage = connect(ctx, &sides, &from).await?;
            let prefix = as_prefix(&from.key);
            let fetched = tree::download_prefix(
                storage.as_ref(),
                &from.container,
                &prefix,
                &dir,
                concurrency,
            )
            .await?;
            ctx.printer
                .list(futures::stream::iter(fetched.into_iter().map(Ok)))
                .await
        }
        (Side::Remote(from), Side::Local(file), false) => {
            let source = object_of(&from)?;
            let storage = connect(ctx, &sides, &from).await?;
            check(storage.as_ref(), &source, "get_object")?;
            let meta = transfer::download(storage.as_ref(), &source, &file).await?;
            ctx.printer.item(&meta)
        }
        (Side::Remote(mut from), Side::Remote(mut to), true) => {
            from.key = as_prefix(&from.key);
            to.key = as_prefix(&to.key);
            refuse_same(&from, &to)?;
            let src = connect(ctx, &sides, &from).await?;
            let dst = connect(ctx, &sides, &to).await?;
            let copied =
                between::copy_prefix(src.as_ref(), &from, dst.as_ref(), &to, concurrency).await?;
            ctx.printer
                .list(futures::stream::iter(copied.into_iter().map(Ok)))
                .await
        }
        (Side::Remote(from), Side::Remote(to), false) => {
            let source = object_of(&from)?;
            let name = source.key.rsplit('/').next().unwrap_or_default();
            let key = destination_key(&to.key, Some(name));
            refuse_same(
                &from,
                &Remote {
                    key: key.clone(),
                    ..to.clone()
                },
            )?;
            let src = connect(ctx, &sides, &from).await?;
            let dst = connect(ctx, &sides, &to).await?;
            let meta = between::copy_one(src.as_ref(), &from, dst.as_ref(), &to, &key).await?;
            ctx.printer.item(&meta)
        }
    }
}

/// Connects to a remote side's object storage.
pub(crate) async fn connect(
    ctx: &Ctx,
    sides: &SideConfig,
    side: &Remote,
) -> Result<Arc<dyn ObjectStorage>> {
    let resolved = sides.resolve(&side.name)?;
    ctx.connect_resolved(resolved).await?.storage()
}

/// The object a remote source names; a container or a prefix alone is refused.
fn object_of(side: &Remote) -> Result<ObjectPath> {
    if side.key.is_empty() || side.key.ends_with('/') {
        return Err(Error::invalid_input(format!(
            "{} names no object: give CONTAINER/KEY, or -r to copy a prefix",
            side.shown()
        )));
    }
    Ok(ObjectPath {
        container: side.container.clone(),
        key: side.key.clone(),
    })
}

/// Refuses copying an object (or a prefix) onto itself, which would read what it is
/// replacing.
pub(crate) fn refuse_same(from: &Remote, to: &Remote) -> Result<()> {
    if from == to {
        return Err(Error::invalid_input(format!(
            "{} is both the source and the destination",
            from.shown()
        )));
    }
    Ok(())
}

/// The destination key: `key`, or `key` followed by the source's file name when it is
/// empty or ends in `/`.
fn destination_key(key: &str, name: Option<&str>) -> String {
    match name {
        Some(name) if key.is_empty() || key.ends_with('/') => format!("{key}{name}"),
        _ => key.to_string(),
    }
}

/// A prefix as `-r` takes it: empty (the whole container), or ending in `/`.
pub(crate) fn as_prefix(key: &str) -> String {
    if key.is_empty() || key.ends_with('/') {
        key.to_string()
    } else {
        format!("{key}/")
    }
}

/// A local file's name, when it has one in UTF-8.
fn file_name(path: &Path) -> Option<&str> {
    path.file_name().and_then(|n| n.to_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destination_keys_take_the_source_name_under_a_folder() {
        assert_eq!(destination_key("dir/", Some("a.txt")), "dir/a.txt");
        assert_eq!(destination_key("", Some("a.txt")), "a.txt");
        assert_eq!(destination_key("b.txt", Some("a.txt")), "b.txt");
        assert_eq!(destination_key("", None), "");
    }

    #[test]
    fn prefixes_end_in_a_slash() {
        assert_eq!(as_prefix(""), "");
        assert_eq!(as_prefix("logs"), "logs/");
        assert_eq!(as_prefix("logs/"), "logs/");
    }

    #[test]
    fn a_source_must_name_an_object() {
        let side = |key: &str| Remote {
            name: "local".into(),
            container: "b".into(),
            key: key.into(),
        };
        assert!(object_of(&side("")).is_err());
        assert!(object_of(&side("dir/")).is_err());
        assert_eq!(object_of(&side("k")).unwrap().key, "k");
    }
}
