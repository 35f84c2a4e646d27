//! The notebook file on disk: reading it, and changing it safely when several processes
//! share it.
//!
//! A change takes an exclusive lock on a lock file beside the notebook (`nodes.json.lock`
//! for `nodes.json`), reads the file, applies the change, writes the result to a
//! temporary file beside it and renames that over the notebook. Readers take no lock: a
//! rename replaces the file whole, so they see the old notebook or the new one, never
//! half of either.

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, Write};
use std::path::PathBuf;

use libcloud::{Error, ErrorKind, Result};

use crate::PROVIDER_ID;
use crate::record::{FORMAT, Page};

/// The notebook file.
#[derive(Debug, Clone)]
pub(crate) struct Notebook {
    file: PathBuf,
}

impl Notebook {
    /// The notebook kept in `file`.
    pub(crate) fn new(file: PathBuf) -> Self {
        Notebook { file }
    }

    /// The current contents; an empty page when the file does not exist yet.
    pub(crate) fn read(&self) -> Result<Page> {
        match std::fs::read(&self.file) {
            Ok(bytes) => self.parse(&bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Page::default()),
            Err(e) => Err(self.io_error("read", e)),
        }
    }

    /// Runs `change` on the current contents under the lock, and saves the result when
    /// it succeeds; a failed change leaves the file as it was.
    pub(crate) fn change<T>(&self, change: impl FnOnce(&mut Page) -> Result<T>) -> Result<T> {
        if let Some(dir) = self.file.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| self.io_error("create the folder of", e))?;
        }
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.beside(".lock"))
            .map_err(|e| self.io_error("open the lock file of", e))?;
        lock.lock().map_err(|e| self.io_error("lock", e))?;
        let mut page = self.read()?;
        let result = change(&mut page)?;
        self.write(&page)?;
        // Closing the lock file releases the lock.
        drop(lock);
        Ok(result)
    }

    /// Writes `page` to the temporary file and renames it over the notebook.
    fn write(&self, page: &Page) -> Result<()> {
        let mut bytes = serde_json::to_vec_pretty(page).map_err(|e| {
            Error::new(ErrorKind::Io, format!("cannot encode the notebook: {e}"))
                .with_provider(PROVIDER_ID)
        })?;
        bytes.push(b'\n');
        let tmp = self.beside(".tmp");
        let written = (|| -> io::Result<()> {
            let mut file = File::create(&tmp)?;
            file.write_all(&bytes)?;
            file.sync_all()?;
            std::fs::rename(&tmp, &self.file)
        })();
        written.map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            self.io_error("write", e)
        })
    }

    fn parse(&self, bytes: &[u8]) -> Result<Page> {
        let page: Page = serde_json::from_slice(bytes)
            .map_err(|e| self.config_error(format!("is not a notebook file ({e})")))?;
        if page.format != FORMAT {
            return Err(self.config_error(format!(
                "has format {}, this driver reads format {FORMAT}",
                page.format
            )));
        }
        Ok(page)
    }

    /// A file next to the notebook: its name with `suffix` added.
    fn beside(&self, suffix: &str) -> PathBuf {
        let mut name: OsString = self.file.clone().into_os_string();
        name.push(suffix);
        PathBuf::from(name)
    }

    fn io_error(&self, what: &str, err: io::Error) -> Error {
        Error::io(format!("cannot {what} {}", self.file.display()), err).with_provider(PROVIDER_ID)
    }

    /// The notebook file is not one: the option naming it is wrong.
    fn config_error(&self, problem: String) -> Error {
        Error::new(
            ErrorKind::Configuration,
            format!("{} {problem}", self.file.display()),
        )
        .with_provider(PROVIDER_ID)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_missing_file_reads_empty_and_a_change_creates_it_with_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sub").join("nodes.json");
        let notebook = Notebook::new(file.clone());
        assert_eq!(notebook.read().unwrap(), Page::default());
        let next = notebook
            .change(|page| {
                page.next_id += 4;
                Ok(page.next_id)
            })
            .unwrap();
        assert_eq!(next, 5);
        assert_eq!(notebook.read().unwrap().next_id, 5);
        assert!(file.is_file());
        assert_eq!(
            names(&dir.path().join("sub")),
            ["nodes.json", "nodes.json.lock"],
            "no temporary file is left behind"
        );
    }

    #[test]
    fn a_failed_change_leaves_the_file_alone() {
        let dir = tempfile::tempdir().unwrap();
        let notebook = Notebook::new(dir.path().join("nodes.json"));
        notebook
            .change(|page| {
                page.next_id = 3;
                Ok(())
            })
            .unwrap();
        let err = notebook
            .change(|page| -> Result<()> {
                page.next_id = 99;
                Err(Error::invalid_input("refused"))
            })
            .unwrap_err();
        assert_eq!(err.message(), "refused");
        assert_eq!(notebook.read().unwrap().next_id, 3);
    }

    #[test]
    fn a_file_that_is_not_a_notebook_is_a_configuration_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("nodes.json");
        std::fs::write(&file, "[1, 2, 3]").unwrap();
        let notebook = Notebook::new(file.clone());
        let err = notebook.read().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert_eq!(err.provider(), Some(PROVIDER_ID));
        assert!(err.message().contains("is not a notebook file"), "{err}");
        let err = notebook.change(|_| Ok(())).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "[1, 2, 3]");

        std::fs::write(&file, r#"{"format": 2, "next_id": 1, "nodes": []}"#).unwrap();
        let err = notebook.read().unwrap_err();
        assert!(err.message().contains("has format 2"), "{err}");
    }

    #[test]
    fn a_folder_in_place_of_the_file_is_an_io_error() {
        let dir = tempfile::tempdir().unwrap();
        let notebook = Notebook::new(dir.path().to_path_buf());
        let err = notebook.read().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Io);
        assert!(err.message().contains("cannot read"), "{err}");
    }
}
