//! Installing the test OpenStack: Keystone, Swift and keystonemiddleware from PyPI in
//! one virtual environment, and checking that Debian's memcached is there.

use std::path::PathBuf;

use super::super::Layout;
use super::super::venv::Venv;
use crate::{Error, Result};

/// The Keystone release installed.
pub const KEYSTONE_VERSION: &str = "30.0.0";
/// The Swift release installed.
pub const SWIFT_VERSION: &str = "2.38.3";
/// The keystonemiddleware release installed (the proxy's `authtoken`).
pub const KEYSTONEMIDDLEWARE_VERSION: &str = "13.0.1";

/// What to do when memcached is missing.
const MEMCACHED_HINT: &str = "install the Debian package memcached (.ci/run does when a crate \
                              asks for openstack)";

/// The environment: `target/emulators/openstack-venv`.
pub(super) fn venv(layout: &Layout) -> Venv {
    Venv::new(layout.emulators_dir().join("openstack-venv"))
}

/// The `memcached` program: the first on `PATH`, else Debian's.
pub(super) fn find_memcached() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/bin")])
        .map(|dir| dir.join("memcached"))
        .find(|p| p.is_file())
}

/// Python that succeeds when the environment holds the pinned releases.
pub(super) fn installed_check() -> String {
    format!(
        "import sys, importlib.metadata as m\n\
         want = {{'keystone': '{KEYSTONE_VERSION}', 'swift': '{SWIFT_VERSION}', \
         'keystonemiddleware': '{KEYSTONEMIDDLEWARE_VERSION}'}}\n\
         sys.exit(any(m.version(k) != v for k, v in want.items()))\n"
    )
}

/// Installs Keystone, Swift and keystonemiddleware into
/// `target/emulators/openstack-venv` unless they are there; fails, naming the package,
/// when memcached is missing.
pub(crate) fn install(layout: &Layout) -> Result<()> {
    if find_memcached().is_none() {
        return Err(Error::msg(format!(
            "memcached is not installed: {MEMCACHED_HINT}"
        )));
    }
    let venv = venv(layout);
    if venv.runs(&installed_check()) {
        return Ok(());
    }
    let log = layout.emulators_dir().join("openstack-install.log");
    eprintln!(
        "xtask: installing Keystone {KEYSTONE_VERSION} and Swift {SWIFT_VERSION} into {} \
         (a minute or so)",
        venv.dir().display()
    );
    venv.create(&log)?;
    venv.pip_install(
        &[
            &format!("keystone=={KEYSTONE_VERSION}"),
            &format!("swift=={SWIFT_VERSION}"),
            &format!("keystonemiddleware=={KEYSTONEMIDDLEWARE_VERSION}"),
        ],
        &log,
    )
}
