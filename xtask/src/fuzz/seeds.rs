//! The starting corpus of a fuzz target: the provider's fixture response bodies shaped
//! the way the target reads its input, the corpus kept in the fuzz folder, and the
//! committed regression inputs.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::targets::{FuzzTarget, InputShape};
use crate::{Error, Result};

/// Bodies larger than this are left out of the seeds: they slow every mutation down
/// without reaching more of the parsers (S3's streamed-object fixture is 300 KB).
pub const MAX_SEED_BYTES: usize = 64 * 1024;

/// What went into a corpus folder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CorpusStats {
    /// Distinct fixture bodies found.
    pub bodies: usize,
    /// Files written from those bodies, the kept corpus and the regression inputs.
    pub seeds: usize,
}

/// Every response body of the fixtures under `dir` (searched recursively): `body_json`
/// serialized, `body` text, and the `.body` files. Each distinct body once, in path
/// order; bodies over [`MAX_SEED_BYTES`] are left out. A missing folder has none.
pub fn fixture_bodies(dir: &Path) -> Result<Vec<Vec<u8>>> {
    let mut files = Vec::new();
    collect_files(dir, &mut files)?;
    files.sort();
    let mut seen = HashSet::new();
    let mut bodies = Vec::new();
    for file in files {
        for body in bodies_of(&file)? {
            if body.len() <= MAX_SEED_BYTES && seen.insert(body.clone()) {
                bodies.push(body);
            }
        }
    }
    Ok(bodies)
}

fn bodies_of(file: &Path) -> Result<Vec<Vec<u8>>> {
    let read = |path: &Path| {
        std::fs::read(path).map_err(|e| Error::msg(format!("cannot read {}: {e}", path.display())))
    };
    match file.extension().and_then(|e| e.to_str()) {
        Some("body") => Ok(vec![read(file)?]),
        Some("json") => {
            let Ok(interaction) = serde_json::from_slice::<Value>(&read(file)?) else {
                return Ok(Vec::new());
            };
            let response = &interaction["response"];
            let mut found = Vec::new();
            if let Some(json) = response.get("body_json") {
                found.push(serde_json::to_vec(json).unwrap_or_default());
            }
            if let Some(Value::String(text)) = response.get("body") {
                found.push(text.as_bytes().to_vec());
            }
            Ok(found)
        }
        _ => Ok(Vec::new()),
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry
            .map_err(|e| Error::msg(format!("cannot list {}: {e}", dir.display())))?
            .path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// The inputs a target of `shape` gets for these bodies: the body itself, or, for a
/// target with a selector byte, the body behind every selector value.
pub fn shaped(bodies: &[Vec<u8>], shape: InputShape) -> Vec<Vec<u8>> {
    match shape {
        InputShape::Body => bodies.to_vec(),
        InputShape::Selector { count } => bodies
            .iter()
            .flat_map(|body| {
                (0..count).map(move |selector| {
                    let mut input = Vec::with_capacity(body.len() + 1);
                    input.push(selector);
                    input.extend_from_slice(body);
                    input
                })
            })
            .collect(),
    }
}

/// Fills `corpus` (created when missing) for `target`: the shaped bodies of
/// `fixtures/<provider>/` under `fixtures_root`, the files of the fuzz folder's own
/// `corpus/<target>/`, and those of its `regressions/<target>/`. Files are named after
/// their content, so filling the same folder again adds nothing twice; what libFuzzer
/// added on earlier runs stays.
pub fn fill_corpus(
    target: &FuzzTarget,
    fixtures_root: &Path,
    corpus: &Path,
) -> Result<CorpusStats> {
    std::fs::create_dir_all(corpus)
        .map_err(|e| Error::msg(format!("cannot create {}: {e}", corpus.display())))?;
    let bodies = fixture_bodies(&fixtures_root.join(target.provider()))?;
    let mut inputs = shaped(&bodies, target.shape);
    for kept in [
        target.fuzz_dir.join("corpus").join(&target.name),
        target.regressions_dir(),
    ] {
        let mut files = Vec::new();
        collect_files(&kept, &mut files)?;
        for file in files {
            inputs.push(
                std::fs::read(&file)
                    .map_err(|e| Error::msg(format!("cannot read {}: {e}", file.display())))?,
            );
        }
    }
    let mut names = HashSet::new();
    for input in &inputs {
        let name = format!("seed-{:016x}", fnv1a(input));
        if names.insert(name.clone()) {
            let path = corpus.join(name);
            std::fs::write(&path, input)
                .map_err(|e| Error::msg(format!("cannot write {}: {e}", path.display())))?;
        }
    }
    Ok(CorpusStats {
        bodies: bodies.len(),
        seeds: names.len(),
    })
}

/// The 64-bit FNV-1a hash: stable across Rust releases, unlike `DefaultHasher`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, bytes: &[u8]) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    fn fixtures(root: &Path) {
        let p = root.join("fixtures/acme");
        write(
            &p.join("list/001-get.json"),
            br#"{"request":{"method":"GET","path":"/"},"response":{"body_json":{"id":1}}}"#,
        );
        write(
            &p.join("list/002-get.json"),
            br#"{"request":{"method":"GET","path":"/x"},"response":{"status":404,"body":"<Error/>"}}"#,
        );
        write(
            &p.join("list/003-get.json"),
            br#"{"request":{"method":"GET","path":"/y"},"response":{"body_file":"003-get.body"}}"#,
        );
        write(&p.join("list/003-get.body"), b"<Big/>");
        write(
            &p.join("again/001-get.json"),
            br#"{"request":{"method":"GET","path":"/"},"response":{"body_json":{"id":1}}}"#,
        );
        write(&p.join("huge/001.body"), &vec![b'x'; MAX_SEED_BYTES + 1]);
        write(&p.join("README.md"), b"# notes");
        write(&p.join("broken/001.json"), b"{ not json");
    }

    fn target(root: &Path, shape: InputShape) -> FuzzTarget {
        FuzzTarget {
            crate_name: "cloud-acme".into(),
            name: "parsers".into(),
            fuzz_dir: root.join("crates/cloud-acme/fuzz"),
            shape,
        }
    }

    #[test]
    fn collects_each_distinct_body_once() {
        let dir = tempfile::tempdir().unwrap();
        fixtures(dir.path());
        let bodies = fixture_bodies(&dir.path().join("fixtures/acme")).unwrap();
        let texts: Vec<String> = bodies
            .iter()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect();
        assert_eq!(texts, [r#"{"id":1}"#, "<Error/>", "<Big/>"]);
        assert!(
            fixture_bodies(&dir.path().join("fixtures/none"))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn selector_targets_get_every_selector_in_front() {
        let bodies = vec![b"ab".to_vec(), b"c".to_vec()];
        assert_eq!(shaped(&bodies, InputShape::Body), bodies);
        assert_eq!(
            shaped(&bodies, InputShape::Selector { count: 2 }),
            [
                b"\0ab".to_vec(),
                b"\x01ab".to_vec(),
                b"\0c".to_vec(),
                b"\x01c".to_vec()
            ]
        );
    }

    #[test]
    fn corpus_holds_fixtures_kept_corpus_and_regressions() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fixtures(root);
        let t = target(root, InputShape::Selector { count: 3 });
        write(&t.fuzz_dir.join("corpus/parsers/kept"), b"kept input");
        write(&t.regressions_dir().join("crash-1"), b"\x07boom");
        let corpus = root.join("target/fuzz-corpus/cloud-acme/parsers");

        let stats = fill_corpus(&t, &root.join("fixtures"), &corpus).unwrap();
        assert_eq!(
            stats,
            CorpusStats {
                bodies: 3,
                seeds: 3 * 3 + 2
            }
        );
        let mut contents: Vec<Vec<u8>> = std::fs::read_dir(&corpus)
            .unwrap()
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .collect();
        contents.sort();
        assert!(contents.contains(&b"\x02<Big/>".to_vec()));
        assert!(contents.contains(&b"kept input".to_vec()));
        assert!(contents.contains(&b"\x07boom".to_vec()));

        write(&corpus.join("found-by-libfuzzer"), b"new");
        let again = fill_corpus(&t, &root.join("fixtures"), &corpus).unwrap();
        assert_eq!(again, stats);
        assert_eq!(std::fs::read_dir(&corpus).unwrap().count(), 3 * 3 + 2 + 1);
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
