//! The README's provider table must match the compiled-in providers.

use libcloud::{Registry, providers_markdown_table};

const START: &str = "<!-- providers:start -->";
const END: &str = "<!-- providers:end -->";

/// The text between the README's markers, trimmed.
fn readme_table(expected: &str) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md");
    let readme =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let start = readme.find(START).unwrap_or_else(|| {
        panic!(
            "README.md has no {START} marker; put this table between {START} and {END}:\n{expected}"
        )
    });
    let rest = &readme[start + START.len()..];
    let end = rest
        .find(END)
        .unwrap_or_else(|| panic!("README.md has no {END} marker after {START}"));
    rest[..end].trim().to_string()
}

#[test]
fn readme_provider_table_is_current() {
    let expected = providers_markdown_table(&Registry::builtin().providers());
    let actual = readme_table(&expected);
    if cfg!(feature = "full") {
        // Every provider is compiled in: the table must match exactly.
        assert!(
            actual == expected.trim(),
            "the README's provider table is out of date; replace the text between the markers with:\n{expected}"
        );
    } else {
        // Only some providers are compiled in: their rows (and the header) must be there.
        let missing: Vec<&str> = expected
            .lines()
            .filter(|line| !actual.lines().any(|l| l.trim() == *line))
            .collect();
        assert!(
            missing.is_empty(),
            "the README's provider table lacks these rows (build with --features full for the whole table):\n{}",
            missing.join("\n")
        );
    }
}
