//! Where the credential chain reads the outside world from: environment variables,
//! files, the home directory and the clock. Tests swap each for a fixed one.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cloud_core::{Clock, Env, ProcessEnv, ProviderConfig, SystemClock};

/// Reads small text files (the shared AWS config and credentials files).
pub trait FileSource: Send + Sync + fmt::Debug {
    /// The file's contents; `Ok(None)` when it does not exist.
    fn read_to_string(&self, path: &Path) -> std::io::Result<Option<String>>;
}

/// The real filesystem.
#[derive(Debug, Default, Clone, Copy)]
pub struct RealFiles;

impl FileSource for RealFiles {
    fn read_to_string(&self, path: &Path) -> std::io::Result<Option<String>> {
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Files held in memory; for tests. `Debug` shows paths only.
#[derive(Default, Clone)]
pub struct MemoryFiles(BTreeMap<PathBuf, String>);

impl MemoryFiles {
    /// Adds (or replaces) a file.
    pub fn insert(&mut self, path: impl Into<PathBuf>, contents: impl Into<String>) {
        self.0.insert(path.into(), contents.into());
    }
}

impl fmt::Debug for MemoryFiles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl FileSource for MemoryFiles {
    fn read_to_string(&self, path: &Path) -> std::io::Result<Option<String>> {
        Ok(self.0.get(path).cloned())
    }
}

/// The outside world as the AWS credential chain, region and endpoint resolution see
/// it. Cheap to clone.
#[derive(Clone)]
pub struct AwsContext {
    env: Arc<dyn Env>,
    files: Arc<dyn FileSource>,
    home: Option<PathBuf>,
    clock: Arc<dyn Clock>,
}

impl fmt::Debug for AwsContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsContext")
            .field("env", &self.env)
            .field("files", &self.files)
            .field("home", &self.home)
            .field("clock", &self.clock)
            .finish()
    }
}

impl AwsContext {
    /// A context over the given environment, files and home directory, with the
    /// system clock.
    pub fn new(env: Arc<dyn Env>, files: Arc<dyn FileSource>, home: Option<PathBuf>) -> Self {
        AwsContext {
            env,
            files,
            home,
            clock: Arc::new(SystemClock),
        }
    }

    /// The real process: its environment, the filesystem, `$HOME` (or
    /// `%USERPROFILE%`) and the system clock.
    pub fn from_process() -> Self {
        Self::with_env(Arc::new(ProcessEnv))
    }

    /// The environment a driver was configured with, the real filesystem, the home
    /// directory named by that environment's `HOME` (or `USERPROFILE`), and the system
    /// clock. With a test environment that sets no `HOME`, no home files are read.
    pub fn from_config(config: &ProviderConfig) -> Self {
        Self::with_env(config.env.clone())
    }

    fn with_env(env: Arc<dyn Env>) -> Self {
        let home = ["HOME", "USERPROFILE"]
            .iter()
            .filter_map(|name| env.var(name))
            .find(|v| !v.is_empty())
            .map(PathBuf::from);
        AwsContext::new(env, Arc::new(RealFiles), home)
    }

    /// The same context reading time from `clock`.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// An environment variable, when set and not empty.
    pub fn var(&self, name: &str) -> Option<String> {
        self.env.var(name).filter(|v| !v.is_empty())
    }

    /// The file source.
    pub fn files(&self) -> &dyn FileSource {
        self.files.as_ref()
    }

    /// The home directory, when known.
    pub fn home(&self) -> Option<&Path> {
        self.home.as_deref()
    }

    /// The clock.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// `path` with a leading `~` replaced by the home directory.
    pub(crate) fn expand_home(&self, path: &str) -> Option<PathBuf> {
        match (path.strip_prefix('~'), self.home()) {
            (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with(['/', '\\']) => {
                Some(home.join(rest.trim_start_matches(['/', '\\'])))
            }
            (Some(_), None) => None,
            _ => Some(PathBuf::from(path)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::MapEnv;

    #[test]
    fn home_comes_from_the_environment() {
        let config = ProviderConfig {
            env: Arc::new(MapEnv::from([("HOME", "/home/ann")])),
            ..Default::default()
        };
        let ctx = AwsContext::from_config(&config);
        assert_eq!(ctx.home(), Some(Path::new("/home/ann")));
        assert_eq!(
            ctx.expand_home("~/.aws/x"),
            Some(PathBuf::from("/home/ann/.aws/x"))
        );
        assert_eq!(ctx.expand_home("/etc/x"), Some(PathBuf::from("/etc/x")));
        assert_eq!(ctx.expand_home("~bob/x"), Some(PathBuf::from("~bob/x")));

        let bare = AwsContext::from_config(&ProviderConfig {
            env: Arc::new(MapEnv::default()),
            ..Default::default()
        });
        assert_eq!(bare.home(), None);
        assert_eq!(bare.expand_home("~/.aws/config"), None);
    }

    #[test]
    fn empty_variables_count_as_unset() {
        let ctx = AwsContext::new(
            Arc::new(MapEnv::from([("A", ""), ("B", "b")])),
            Arc::new(MemoryFiles::default()),
            None,
        );
        assert_eq!(ctx.var("A"), None);
        assert_eq!(ctx.var("B").as_deref(), Some("b"));
    }

    #[test]
    fn memory_files_read_back() {
        let mut files = MemoryFiles::default();
        files.insert("/x", "hello");
        assert_eq!(
            files.read_to_string(Path::new("/x")).unwrap().as_deref(),
            Some("hello")
        );
        assert_eq!(files.read_to_string(Path::new("/y")).unwrap(), None);
        assert!(format!("{files:?}").contains("/x"));
        assert!(!format!("{files:?}").contains("hello"));
    }
}
