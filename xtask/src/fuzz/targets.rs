//! Finding the fuzz targets: every `crates/<crate>/fuzz/fuzz_targets/<target>.rs`, and
//! the shape of the input each one expects.

use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// How a target reads its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputShape {
    /// The whole input is a response body.
    Body,
    /// The first byte picks one of `count` parsers (`selector % count`), the rest is the
    /// body.
    Selector {
        /// How many parsers the selector byte chooses between.
        count: u8,
    },
}

impl InputShape {
    /// Reads the shape off a target's source: a target that splits off a selector byte
    /// (`data.split_first()`) and dispatches on `selector % N` takes a selector.
    pub fn of_source(source: &str) -> Self {
        if !source.contains("split_first") {
            return InputShape::Body;
        }
        let count = source
            .match_indices("selector %")
            .filter_map(|(at, needle)| {
                let digits: String = source[at + needle.len()..]
                    .trim_start()
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.parse::<u8>().ok()
            })
            .max()
            .unwrap_or(1);
        InputShape::Selector {
            count: count.max(1),
        }
    }
}

/// One fuzz target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuzzTarget {
    /// The crate folder name (`cloud-linode`).
    pub crate_name: String,
    /// The target's name, the binary `cargo fuzz run` takes (`parse_responses`).
    pub name: String,
    /// The crate's `fuzz/` folder.
    pub fuzz_dir: PathBuf,
    /// What the target expects as input.
    pub shape: InputShape,
}

impl FuzzTarget {
    /// `crate/target`, the name used in reports and accepted by `--target`.
    pub fn id(&self) -> String {
        format!("{}/{}", self.crate_name, self.name)
    }

    /// The provider id the crate is for, which is also its folder under `fixtures/`: its
    /// folder name without `cloud-`, hyphens written as the underscores of provider ids
    /// (`cloud-rackspace-first-gen` is `rackspace_first_gen`).
    pub fn provider(&self) -> String {
        self.crate_name
            .strip_prefix("cloud-")
            .unwrap_or(&self.crate_name)
            .replace('-', "_")
    }

    /// Whether `--target NAME` picks this target: `NAME` is the target's name (all
    /// crates' targets of that name) or its `crate/target` id.
    pub fn is_named(&self, name: &str) -> bool {
        self.name == name || self.id() == name
    }

    /// The committed folder of inputs that once failed (and samples) for this target.
    pub fn regressions_dir(&self) -> PathBuf {
        self.fuzz_dir.join("regressions").join(&self.name)
    }
}

/// Every fuzz target under `root/crates`, sorted by crate and name.
pub fn discover(root: &Path) -> Result<Vec<FuzzTarget>> {
    let crates_dir = root.join("crates");
    let mut found = Vec::new();
    for crate_dir in sorted_entries(&crates_dir)? {
        let targets_dir = crate_dir.join("fuzz").join("fuzz_targets");
        if !targets_dir.is_dir() {
            continue;
        }
        let crate_name = file_name(&crate_dir);
        for source in sorted_entries(&targets_dir)? {
            if source.extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let text = source_with_modules(&source)?;
            let name = source
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            found.push(FuzzTarget {
                crate_name: crate_name.clone(),
                name,
                fuzz_dir: crate_dir.join("fuzz"),
                shape: InputShape::of_source(&text),
            });
        }
    }
    Ok(found)
}

/// The targets `--target` picks (all of them without one); an unknown name is an error
/// listing the known ones.
pub fn select(all: Vec<FuzzTarget>, name: Option<&str>) -> Result<Vec<FuzzTarget>> {
    let Some(name) = name else {
        return Ok(all);
    };
    let known: Vec<String> = all.iter().map(FuzzTarget::id).collect();
    let picked: Vec<FuzzTarget> = all.into_iter().filter(|t| t.is_named(name)).collect();
    if picked.is_empty() {
        return Err(Error::msg(format!(
            "no fuzz target named {name:?}; the targets are: {}",
            known.join(", ")
        )));
    }
    Ok(picked)
}

/// The text of a target's source followed by that of each module it loads with
/// `#[path = "…"]` (where targets keep the code they share with the regression tests).
fn source_with_modules(source: &Path) -> Result<String> {
    let read = |path: &Path| {
        std::fs::read_to_string(path)
            .map_err(|e| Error::msg(format!("cannot read {}: {e}", path.display())))
    };
    let mut text = read(source)?;
    let dir = source.parent().unwrap_or(Path::new("."));
    let modules: Vec<PathBuf> = text
        .lines()
        .filter_map(|line| line.trim().strip_prefix("#[path = \""))
        .filter_map(|rest| rest.split('"').next())
        .map(|relative| dir.join(relative))
        .collect();
    for module in modules {
        text.push('\n');
        text.push_str(&read(&module)?);
    }
    Ok(text)
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::msg(format!("cannot list {}: {e}", dir.display())))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    Ok(paths)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn shape_is_read_off_the_source() {
        assert_eq!(
            InputShape::of_source("fuzz_target!(|data: &[u8]| { parse(data) });"),
            InputShape::Body
        );
        let selector = "let Some((&selector, body)) = data.split_first() else { return };\n\
                        let page = selector >> 4;\n\
                        match selector % 12 { 0 => a(body), _ => b(body) }";
        assert_eq!(
            InputShape::of_source(selector),
            InputShape::Selector { count: 12 }
        );
        let no_modulus = "let Some((&selector, body)) = data.split_first() else { return };";
        assert_eq!(
            InputShape::of_source(no_modulus),
            InputShape::Selector { count: 1 }
        );
    }

    #[test]
    fn discovers_targets_in_every_crate_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            &root.join("crates/cloud-b/fuzz/fuzz_targets/parsers.rs"),
            "fuzz_target!(|data: &[u8]| {});",
        );
        write(
            &root.join("crates/cloud-a/fuzz/fuzz_targets/zeta.rs"),
            "#[path = \"../feed/zeta.rs\"]\nmod feed;\nfuzz_target!(|data: &[u8]| feed::feed(data));",
        );
        write(
            &root.join("crates/cloud-a/fuzz/feed/zeta.rs"),
            "data.split_first(); match selector % 3 {}",
        );
        write(&root.join("crates/cloud-a/fuzz/fuzz_targets/alpha.rs"), "");
        write(&root.join("crates/cloud-a/fuzz/fuzz_targets/notes.md"), "");
        write(&root.join("crates/cloud-core/src/lib.rs"), "");

        let all = discover(root).unwrap();
        let ids: Vec<String> = all.iter().map(FuzzTarget::id).collect();
        assert_eq!(ids, ["cloud-a/alpha", "cloud-a/zeta", "cloud-b/parsers"]);
        assert_eq!(all[1].shape, InputShape::Selector { count: 3 });
        assert_eq!(all[2].shape, InputShape::Body);
        assert_eq!(all[2].provider(), "b");
        let hyphenated = FuzzTarget {
            crate_name: "cloud-rackspace-first-gen".into(),
            ..all[2].clone()
        };
        assert_eq!(hyphenated.provider(), "rackspace_first_gen");
        assert_eq!(all[2].fuzz_dir, root.join("crates/cloud-b/fuzz"));
        assert_eq!(
            all[2].regressions_dir(),
            root.join("crates/cloud-b/fuzz/regressions/parsers")
        );
    }

    #[test]
    fn selects_by_name_or_id() {
        let target = |krate: &str, name: &str| FuzzTarget {
            crate_name: krate.into(),
            name: name.into(),
            fuzz_dir: PathBuf::from(format!("crates/{krate}/fuzz")),
            shape: InputShape::Body,
        };
        let all = vec![
            target("cloud-a", "parse_responses"),
            target("cloud-b", "parse_responses"),
            target("cloud-c", "parsers"),
        ];
        assert_eq!(select(all.clone(), None).unwrap().len(), 3);
        assert_eq!(
            select(all.clone(), Some("parse_responses")).unwrap().len(),
            2
        );
        let one = select(all.clone(), Some("cloud-b/parse_responses")).unwrap();
        assert_eq!(one, [target("cloud-b", "parse_responses")]);
        let err = select(all, Some("nope")).unwrap_err();
        assert!(err.message().contains("cloud-c/parsers"), "{err}");
    }

    #[test]
    fn finds_the_workspace_targets() {
        let all = discover(&crate::workspace_root()).unwrap();
        for t in &all {
            let source = t
                .fuzz_dir
                .join("fuzz_targets")
                .join(format!("{}.rs", t.name));
            assert!(source.is_file(), "{}", source.display());
        }
    }
}
