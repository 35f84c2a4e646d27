//! What the provider reads from a configuration: its declared options and the settings
//! resolved from them.

use std::path::PathBuf;

use libcloud::{OptionKind, OptionSpec, ProviderConfig, Result};

use crate::PROVIDER_ID;

/// Environment variable naming the notebook file when the `notebook_file` option is not
/// set.
pub const NOTEBOOK_FILE_ENV: &str = "LIBCLOUD_NOTEBOOK_FILE";

/// The most nodes a notebook holds when the `max_nodes` option is not set.
pub const DEFAULT_MAX_NODES: u64 = 100;

/// The `notebook_file` option: the JSON file the nodes are kept in.
pub(crate) const NOTEBOOK_FILE: OptionSpec = OptionSpec::new(
    "notebook_file",
    OptionKind::Path,
    "the JSON file the nodes are kept in (default: libcloud-notebook/nodes.json in the \
     system's temporary directory)",
)
.env(&[NOTEBOOK_FILE_ENV]);

/// The `max_nodes` option: how many nodes the notebook holds at most.
pub(crate) const MAX_NODES: OptionSpec = OptionSpec::new(
    "max_nodes",
    OptionKind::Count {
        min: 1,
        max: 10_000,
    },
    "the most nodes the notebook holds; creating one more is a quota error",
)
.default_value("100");

/// Every option the provider reads, for [`DriverFactory::options`](libcloud::DriverFactory).
pub(crate) const OPTIONS: &[OptionSpec] = &[NOTEBOOK_FILE, MAX_NODES];

/// Where the nodes live when neither the option nor the environment variable names a
/// file: `libcloud-notebook/nodes.json` under [`std::env::temp_dir`].
pub fn default_notebook_file() -> PathBuf {
    std::env::temp_dir()
        .join("libcloud-notebook")
        .join("nodes.json")
}

/// The notebook provider's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotebookSettings {
    /// The JSON file the nodes are kept in; created, with its folder, on the first
    /// change.
    pub file: PathBuf,
    /// The most nodes the file holds.
    pub max_nodes: u64,
}

impl NotebookSettings {
    /// Settings keeping nodes in `file`, with the default node limit.
    pub fn at(file: impl Into<PathBuf>) -> Self {
        NotebookSettings {
            file: file.into(),
            max_nodes: DEFAULT_MAX_NODES,
        }
    }

    /// Reads the settings from `config`: `notebook_file` (else `$LIBCLOUD_NOTEBOOK_FILE`,
    /// else [`default_notebook_file`]) and `max_nodes` (else [`DEFAULT_MAX_NODES`]). A
    /// value of the wrong type is an `InvalidInput` error naming the option or variable.
    pub fn from_config(config: &ProviderConfig) -> Result<Self> {
        let file = config
            .option_text(PROVIDER_ID, &NOTEBOOK_FILE)?
            .map_or_else(default_notebook_file, PathBuf::from);
        let max_nodes = config
            .option_number(PROVIDER_ID, &MAX_NODES)?
            .unwrap_or(DEFAULT_MAX_NODES);
        Ok(NotebookSettings { file, max_nodes })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use libcloud::ErrorKind;
    use libcloud::core::MapEnv;

    use super::*;

    fn config<const N: usize>(options: &[(&str, &str)], env: [(&str, &str); N]) -> ProviderConfig {
        ProviderConfig {
            options: options
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            env: Arc::new(MapEnv::from(env)),
            ..Default::default()
        }
    }

    #[test]
    fn the_option_wins_over_the_variable_which_wins_over_the_default() {
        let env = [(NOTEBOOK_FILE_ENV, "/env/nodes.json")];
        let both = config(&[("notebook_file", "/opt/nodes.json")], env);
        assert_eq!(
            NotebookSettings::from_config(&both).unwrap().file,
            PathBuf::from("/opt/nodes.json")
        );
        let from_env = NotebookSettings::from_config(&config(&[], env)).unwrap();
        assert_eq!(from_env.file, PathBuf::from("/env/nodes.json"));
        let neither = NotebookSettings::from_config(&config(&[], [])).unwrap();
        assert_eq!(neither.file, default_notebook_file());
        assert!(neither.file.starts_with(std::env::temp_dir()));
        let blank = config(&[], [(NOTEBOOK_FILE_ENV, "  ")]);
        assert_eq!(
            NotebookSettings::from_config(&blank).unwrap().file,
            default_notebook_file(),
            "a blank variable counts as unset"
        );
    }

    #[test]
    fn max_nodes_is_a_bounded_count_with_a_declared_default() {
        assert_eq!(
            MAX_NODES.default,
            Some(DEFAULT_MAX_NODES.to_string().as_str())
        );
        let unset = NotebookSettings::from_config(&config(&[], [])).unwrap();
        assert_eq!(unset.max_nodes, DEFAULT_MAX_NODES);
        let set = config(&[("max_nodes", "3")], []);
        assert_eq!(NotebookSettings::from_config(&set).unwrap().max_nodes, 3);
        let err = NotebookSettings::from_config(&config(&[("max_nodes", "0")], [])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert_eq!(err.provider(), Some(PROVIDER_ID));
        assert!(err.message().contains("max_nodes"), "{err}");
    }

    #[test]
    fn settings_at_a_file_use_the_default_limit() {
        let settings = NotebookSettings::at("/x/nodes.json");
        assert_eq!(settings.file, PathBuf::from("/x/nodes.json"));
        assert_eq!(settings.max_nodes, DEFAULT_MAX_NODES);
    }
}
