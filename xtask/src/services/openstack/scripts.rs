//! The Python scripts that prepare and run the test OpenStack, kept next to this file
//! and written into each run's folder.

use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// Every script: its file name and text.
const SCRIPTS: &[(&str, &str)] = &[
    ("prepare.py", include_str!("prepare.py")),
    ("supervise.py", include_str!("supervise.py")),
    ("keystone_wsgi.py", include_str!("keystone_wsgi.py")),
    ("seed_keystone.py", include_str!("seed_keystone.py")),
    ("swift_server.py", include_str!("swift_server.py")),
];

/// Where the scripts a run calls directly were written.
#[derive(Debug, Clone)]
pub struct Written {
    /// Builds Keystone's database and Swift's rings.
    pub prepare: PathBuf,
    /// Runs and watches every server.
    pub supervise: PathBuf,
}

/// Writes every script into `dir` (created when missing).
pub fn write_all(dir: &Path) -> Result<Written> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::msg(format!("cannot create {}: {e}", dir.display())))?;
    for (name, text) in SCRIPTS {
        let path = dir.join(name);
        std::fs::write(&path, text)
            .map_err(|e| Error::msg(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(Written {
        prepare: dir.join("prepare.py"),
        supervise: dir.join("supervise.py"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let written = write_all(&dir.path().join("scripts")).unwrap();
        assert!(written.prepare.is_file() && written.supervise.is_file());
        for (name, text) in SCRIPTS {
            let on_disk = std::fs::read_to_string(dir.path().join("scripts").join(name)).unwrap();
            assert_eq!(&on_disk, text);
        }
    }

    #[test]
    fn the_scripts_bind_loopback_only() {
        for (name, text) in SCRIPTS {
            assert!(!text.contains("0.0.0.0"), "{name}");
        }
    }
}
