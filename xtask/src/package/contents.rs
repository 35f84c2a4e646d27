//! What a packed crate holds, and the rules it must follow: a license and a README,
//! nothing the tests or the fuzzers read, and a size the registry accepts.

use std::path::Path;
use std::process::{Command, Stdio};

use super::metadata::Package;
use crate::{Error, Result};

/// The largest package crates.io accepts.
pub const REGISTRY_SIZE_LIMIT: u64 = 10 * 1024 * 1024;

/// Top-level folders that only the workspace's own tests, benchmarks and fuzzers read.
const WORKSPACE_ONLY_FOLDERS: [&str; 4] = ["tests", "benches", "fuzz", "fixtures"];

/// Top-level files that only the workspace's maintainer tasks read.
const WORKSPACE_ONLY_FILES: [&str; 2] = ["recording.json", "emulators.txt"];

/// The paths inside a `.crate` archive, without the `NAME-VERSION/` prefix.
pub fn list_archive(archive: &Path) -> Result<Vec<String>> {
    let output = Command::new("tar")
        .arg("-tzf")
        .arg(archive)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::msg(format!("cannot run tar to list {}: {e}", archive.display())))?;
    if !output.status.success() {
        return Err(Error::msg(format!(
            "tar cannot list {}: {}",
            archive.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_once('/').map(|(_, path)| path.to_string()))
        .filter(|path| !path.is_empty() && !path.ends_with('/'))
        .collect())
}

/// What is wrong with `package`'s archive holding `files` in `size` bytes.
pub fn check(package: &Package, files: &[String], size: u64) -> Vec<String> {
    let name = &package.name;
    let mut problems = Vec::new();
    for required in ["LICENSE", "README.md", "Cargo.toml", "src/lib.rs"] {
        let present = files.iter().any(|f| f == required)
            || (required == "src/lib.rs" && files.iter().any(|f| f == "src/main.rs"));
        if !present {
            problems.push(format!("{name}: the package has no {required}"));
        }
    }
    for file in files {
        let top = file.split('/').next().unwrap_or(file);
        let nested = file.contains('/');
        if (nested && WORKSPACE_ONLY_FOLDERS.contains(&top))
            || (!nested && WORKSPACE_ONLY_FILES.contains(&top))
        {
            problems.push(format!(
                "{name}: the package carries {file}, which only the workspace uses; \
                 leave it out with the manifest's `include`"
            ));
        }
    }
    if size > REGISTRY_SIZE_LIMIT {
        problems.push(format!(
            "{name}: the package is {size} bytes, over the registry's {REGISTRY_SIZE_LIMIT}"
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package() -> Package {
        Package {
            id: "cloud-x 0.1.0".into(),
            name: "cloud-x".into(),
            version: "0.1.0".into(),
            rust_version: Some("1.89".into()),
            unpublishable: false,
            member: true,
        }
    }

    fn files(list: &[&str]) -> Vec<String> {
        list.iter().map(|f| f.to_string()).collect()
    }

    const SOUND: [&str; 5] = [
        "Cargo.toml",
        "LICENSE",
        "README.md",
        "src/lib.rs",
        "src/model/x.rs",
    ];

    #[test]
    fn a_sound_package_passes() {
        assert!(check(&package(), &files(&SOUND), 40_000).is_empty());
    }

    #[test]
    fn missing_license_and_readme_are_named() {
        let problems = check(&package(), &files(&["Cargo.toml", "src/lib.rs"]), 100);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("LICENSE") && problems[1].contains("README.md"));
    }

    #[test]
    fn fixtures_fuzz_corpora_and_tests_are_refused() {
        let mut list = files(&SOUND);
        list.extend(files(&[
            "fuzz/feed/seed-1",
            "tests/errors.rs",
            "recording.json",
            "src/fixtures.rs",
        ]));
        let problems = check(&package(), &list, 100);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems.iter().all(|p| !p.contains("src/fixtures.rs")));
    }

    #[test]
    fn an_oversized_package_is_refused() {
        let problems = check(&package(), &files(&SOUND), REGISTRY_SIZE_LIMIT + 1);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("over the registry"));
    }
}
