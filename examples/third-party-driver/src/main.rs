//! The `libcloud` command with every built-in provider and the notebook provider.

use std::process::ExitCode;
use std::sync::Arc;

use libcloud::Registry;
use libcloud_notebook::NotebookFactory;

fn main() -> ExitCode {
    let mut registry = Registry::builtin();
    // Fails only when a built-in provider has taken the id `notebook`.
    if let Err(err) = registry.register(Arc::new(NotebookFactory)) {
        eprintln!("error[{}]: {err}", err.kind());
        return ExitCode::FAILURE;
    }
    libcloud_cli::run(registry)
}
