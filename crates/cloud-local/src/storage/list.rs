//! Listing objects: sorted by key bytes, with prefix and delimiter, read page by page.
//!
//! The container directory is scanned once for metadata file names (keys are decoded
//! from the names, so only long, hashed keys need a file read), then the metadata of
//! the objects to return is read one page at a time as the stream is polled.

use std::path::{Path, PathBuf};

use cloud_core::storage::{ListEntry, ListObjects};
use cloud_core::{BoxStream, Error, Result};
use futures::{StreamExt, TryStreamExt};

use super::containers::missing_container;
use super::layout::{FileKind, classify};
use super::record::read_record_file;
use crate::store::blocking;

/// Metadata files read per page when the caller gives no page size.
const DEFAULT_PAGE: usize = 1000;

/// One entry to return, before its metadata is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Planned {
    /// A common prefix.
    Prefix(String),
    /// An object and its metadata file name.
    Object {
        /// The key.
        key: String,
        /// Its metadata file.
        file: String,
    },
}

/// Every object key in `dir` with its metadata file name, in no particular order.
fn scan(dir: &Path, container: &str) -> Result<Vec<(String, String)>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(missing_container(container));
        }
        Err(e) => return Err(Error::io(format!("list {}", dir.display()), e)),
    };
    let mut keys = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(format!("list {}", dir.display()), e))?;
        let Ok(file) = entry.file_name().into_string() else {
            continue;
        };
        match classify(&file) {
            FileKind::Meta(key) => keys.push((key, file)),
            FileKind::HashedMeta => {
                if let Some(record) = read_record_file(&entry.path())? {
                    keys.push((record.key, file));
                }
            }
            _ => {}
        }
    }
    Ok(keys)
}

/// Sorts `keys` by bytes, keeps those under the prefix, and folds keys that hold the
/// delimiter after the prefix into common prefixes.
pub(crate) fn plan(mut keys: Vec<(String, String)>, options: &ListObjects) -> Vec<Planned> {
    let prefix = options.prefix.as_deref().unwrap_or("");
    let delimiter = options.delimiter.as_deref().filter(|d| !d.is_empty());
    keys.retain(|(key, _)| key.starts_with(prefix));
    keys.sort_unstable();
    let mut planned = Vec::with_capacity(keys.len());
    let mut last_prefix: Option<String> = None;
    for (key, file) in keys {
        if let Some(delimiter) = delimiter
            && let Some(at) = key[prefix.len()..].find(delimiter)
        {
            let common = &key[..prefix.len() + at + delimiter.len()];
            if last_prefix.as_deref() != Some(common) {
                last_prefix = Some(common.to_string());
                planned.push(Planned::Prefix(common.to_string()));
            }
            continue;
        }
        planned.push(Planned::Object { key, file });
    }
    planned
}

/// Reads the metadata of one page of planned entries. Objects deleted since the scan
/// are left out.
fn load_page(dir: &Path, container: &str, page: Vec<Planned>) -> Result<Vec<ListEntry>> {
    let mut entries = Vec::with_capacity(page.len());
    for planned in page {
        match planned {
            Planned::Prefix(prefix) => entries.push(ListEntry::Prefix { prefix }),
            Planned::Object { key, file } => {
                if let Some(record) = read_record_file(&dir.join(file))?
                    && record.key == key
                {
                    entries.push(ListEntry::Object(record.to_meta(container)));
                }
            }
        }
    }
    Ok(entries)
}

enum Step {
    Start,
    Pages(std::vec::IntoIter<Planned>),
}

/// The lazy listing of the container directory `dir`.
pub(crate) fn list(
    dir: PathBuf,
    container: String,
    options: ListObjects,
) -> BoxStream<'static, Result<ListEntry>> {
    let page_size = options
        .page_size
        .map_or(DEFAULT_PAGE, |n| (n as usize).max(1));
    futures::stream::try_unfold(Step::Start, move |step| {
        let (dir, container, options) = (dir.clone(), container.clone(), options.clone());
        async move {
            let mut remaining = match step {
                Step::Start => {
                    let (dir, container) = (dir.clone(), container.clone());
                    blocking("list_objects", move || {
                        Ok(plan(scan(&dir, &container)?, &options))
                    })
                    .await?
                    .into_iter()
                }
                Step::Pages(remaining) => remaining,
            };
            let page: Vec<Planned> = remaining.by_ref().take(page_size).collect();
            if page.is_empty() {
                return Ok::<_, Error>(None);
            }
            let entries =
                blocking("list_objects", move || load_page(&dir, &container, page)).await?;
            let entries = futures::stream::iter(entries.into_iter().map(Ok::<_, Error>));
            Ok(Some((entries, Step::Pages(remaining))))
        }
    })
    .try_flatten()
    .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(list: &[&str]) -> Vec<(String, String)> {
        list.iter()
            .map(|k| (k.to_string(), format!("{k}.meta")))
            .collect()
    }

    fn names(planned: &[Planned]) -> Vec<String> {
        planned
            .iter()
            .map(|p| match p {
                Planned::Prefix(p) => format!("prefix:{p}"),
                Planned::Object { key, .. } => key.clone(),
            })
            .collect()
    }

    #[test]
    fn sorted_by_bytes_with_prefix_and_delimiter() {
        let all = keys(&["top", "dir/sub/c", "dir/b", "Zed", "dir/a", "dira", "ü"]);
        let everything = plan(all.clone(), &ListObjects::default());
        assert_eq!(
            names(&everything),
            vec!["Zed", "dir/a", "dir/b", "dir/sub/c", "dira", "top", "ü"]
        );
        let under_dir = ListObjects {
            prefix: Some("dir/".into()),
            ..Default::default()
        };
        assert_eq!(
            names(&plan(all.clone(), &under_dir)),
            vec!["dir/a", "dir/b", "dir/sub/c"]
        );
        let grouped = ListObjects {
            prefix: Some("dir/".into()),
            delimiter: Some("/".into()),
            ..Default::default()
        };
        assert_eq!(
            names(&plan(all.clone(), &grouped)),
            vec!["dir/a", "dir/b", "prefix:dir/sub/"]
        );
        let top_level = ListObjects {
            delimiter: Some("/".into()),
            ..Default::default()
        };
        assert_eq!(
            names(&plan(all, &top_level)),
            vec!["Zed", "prefix:dir/", "dira", "top", "ü"]
        );
    }

    #[test]
    fn multi_character_delimiter() {
        let all = keys(&["a--b--c", "a--d", "e"]);
        let options = ListObjects {
            delimiter: Some("--".into()),
            ..Default::default()
        };
        assert_eq!(names(&plan(all, &options)), vec!["prefix:a--", "e"]);
    }
}
