//! cloud-core's public API names no type of the HTTP client library, so a driver crate
//! (in tree or third party) keeps compiling when that library changes major version.
//!
//! The client library may only be used inside the pipeline's own module, and nothing
//! public there may mention it.

use std::path::{Path, PathBuf};

/// The one file allowed to use the HTTP client library: the pipeline itself.
const PIPELINE: &str = "src/http/client.rs";

/// The client library's crate name.
const CLIENT_CRATE: &str = "reqwest";

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn only_the_pipeline_uses_the_http_client_library() {
    let root = crate_root();
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() > 20, "found only {} source files", files.len());
    let users: Vec<String> = files
        .iter()
        .filter(|f| {
            std::fs::read_to_string(f)
                .expect("read source")
                .contains(CLIENT_CRATE)
        })
        .map(|f| {
            f.strip_prefix(&root)
                .expect("under the crate")
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(users, [PIPELINE], "files naming {CLIENT_CRATE}");
}

#[test]
fn nothing_public_in_the_pipeline_names_the_http_client_library() {
    let text = std::fs::read_to_string(crate_root().join(PIPELINE)).expect("read pipeline");
    let public = public_signatures(&text);
    assert!(public.len() >= 5, "{public:?}");
    let leaking: Vec<&String> = public.iter().filter(|l| l.contains(CLIENT_CRATE)).collect();
    assert!(
        leaking.is_empty(),
        "public items naming {CLIENT_CRATE}: {leaking:?}"
    );
    for line in text.lines() {
        assert!(
            !line.contains(&format!("pub use {CLIENT_CRATE}")),
            "re-export: {line}"
        );
    }
}

/// Every public item's signature: from `pub` to the `{` or `;` that ends it, however
/// many lines it spans.
fn public_signatures(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut depth = 0i32;
    for line in text.lines().map(str::trim) {
        if current.is_none() && (line.starts_with("pub ") || line.starts_with("pub(")) {
            current = Some(String::new());
            depth = 0;
        }
        if let Some(sig) = current.as_mut() {
            sig.push_str(line);
            sig.push(' ');
            depth += line.matches(['(', '<']).count() as i32;
            depth -= line.matches([')', '>']).count() as i32;
            depth += line.matches("->").count() as i32;
            let ends = line.ends_with('{') || line.ends_with(';') || line.ends_with(',');
            if depth <= 0 && ends {
                out.push(current.take().unwrap_or_default());
            }
        }
    }
    out
}

#[test]
fn signatures_spanning_lines_are_read_whole() {
    let sigs = public_signatures(
        "pub fn new(\n    a: u8,\n    b: Other,\n) -> Self {\n}\npub x: u8,\nfn private() {}\n",
    );
    assert_eq!(sigs.len(), 2, "{sigs:?}");
    assert!(sigs[0].contains("b: Other"), "{sigs:?}");
}
