//! Each provider's page, its crate's README, must carry the reference generated from what
//! the provider declares (metadata, credentials, options, capabilities), and the
//! hand-written sections every page has.
//!
//! To rewrite the generated sections after a change to a provider:
//!
//! ```sh
//! LIBCLOUD_BLESS_PAGES=1 cargo test -p libcloud --features full --test provider_pages
//! ```

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use libcloud::core::MapEnv;
use libcloud::{
    DriverFactory, GENERATED_END, GENERATED_START, OptionKind, ProviderConfig, ProviderPage,
    Registry, Secret,
};

/// Set to `1` to rewrite the generated sections instead of failing.
const BLESS: &str = "LIBCLOUD_BLESS_PAGES";

/// The hand-written sections every page has, after the generated one.
const HEADINGS: [&str; 2] = ["## Lifecycle and API versions", "## Quirks"];

const REGENERATE: &str =
    "LIBCLOUD_BLESS_PAGES=1 cargo test -p libcloud --features full --test provider_pages";

/// The `crates/` folder of the workspace.
fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the libcloud crate sits in crates/")
        .to_path_buf()
}

/// `readme` cut around its generated section: the text up to the end of the start
/// marker, the section, and the text from the end marker on. `Err` says what is wrong.
fn sections(readme: &str) -> Result<(&str, &str, &str), String> {
    match readme.matches(GENERATED_START).count() {
        1 => {}
        0 => return Err(format!("it has no {GENERATED_START} line")),
        n => return Err(format!("it has {n} {GENERATED_START} lines; one is wanted")),
    }
    let start = readme.find(GENERATED_START).unwrap_or(0) + GENERATED_START.len();
    let end = readme[start..]
        .find(GENERATED_END)
        .map(|i| start + i)
        .ok_or_else(|| format!("it has no {GENERATED_END} line after {GENERATED_START}"))?;
    Ok((&readme[..start], &readme[start..end], &readme[end..]))
}

/// `readme` with its generated section replaced by `body`, set off by blank lines.
fn spliced(readme: &str, body: &str) -> Result<String, String> {
    let (head, _, tail) = sections(readme)?;
    Ok(format!("{head}\n\n{}\n\n{tail}", body.trim()))
}

/// Which of the hand-written headings are missing after the generated section, or are
/// there with nothing under them.
fn missing_headings(after_generated: &str) -> Vec<&'static str> {
    HEADINGS
        .iter()
        .filter(|heading| {
            let mut lines = after_generated.lines().map(str::trim);
            if !lines.any(|l| l == **heading) {
                return true;
            }
            !lines
                .take_while(|l| !l.starts_with("## ") && !l.starts_with("# "))
                .any(|l| !l.is_empty())
        })
        .copied()
        .collect()
}

/// A scratch folder removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!(
            "libcloud-provider-pages-{}-{name}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {dir:?}: {e}"));
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A configuration that keeps `factory`'s provider off the network: an empty
/// environment (no credentials, profiles or endpoints from the machine), dummy values for
/// every declared credential, a scratch folder for every path option, loopback only, and
/// `endpoint` as the provider's endpoint.
fn offline_config(factory: &dyn DriverFactory, endpoint: &str, scratch: &Path) -> ProviderConfig {
    let mut config = ProviderConfig {
        endpoint: Some(endpoint.parse().expect("a loopback URL")),
        env: Arc::new(MapEnv::default()),
        ..ProviderConfig::default()
    };
    config.http.loopback_only = true;
    for credential in factory.credentials() {
        config
            .credentials
            .insert(credential.name.to_string(), Secret::new("provider-pages"));
    }
    for option in factory.options() {
        if option.kind == OptionKind::Path {
            let dir = scratch.join(option.name);
            config
                .options
                .insert(option.name.to_string(), dir.display().to_string());
        }
    }
    config
}

/// What one provider's page lacks; `None` when it is current (or was rewritten).
async fn check_page(registry: &Registry, id: &str, bless: bool) -> (String, Option<String>) {
    let factory = registry.factory(id).expect("a registered id");
    let meta = factory.meta();
    let krate = meta.package.name.clone();
    assert!(
        !krate.is_empty(),
        "provider {id} does not name its crate in ProviderMeta::package (use cloud_core::this_crate!())"
    );

    // Connecting must not touch the network: the endpoint is a listener of ours that
    // must have no connection waiting afterwards.
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    listener
        .set_nonblocking(true)
        .expect("a non-blocking listener");
    let endpoint = format!("http://{}/", listener.local_addr().expect("its address"));
    let scratch = Scratch::new(id);
    let config = offline_config(factory.as_ref(), &endpoint, &scratch.0);
    let session = libcloud::core::connect(factory.as_ref(), &config)
        .await
        .unwrap_or_else(|e| panic!("provider {id} does not connect offline: {e}"));
    let page = ProviderPage::read(factory.as_ref(), session.as_ref())
        .unwrap_or_else(|e| panic!("provider {id}: cannot read its capabilities: {e}"));
    match listener.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        Ok((_, peer)) => panic!("provider {id} opened a connection from {peer} while connecting"),
        Err(e) => panic!("provider {id}: the listener failed: {e}"),
    }

    let expected = page.render();
    let path = crates_dir().join(&krate).join("README.md");
    let shown = format!("crates/{krate}/README.md");
    let Ok(readme) = std::fs::read_to_string(&path) else {
        return (
            krate,
            Some(format!(
                "{shown} (provider {id}) does not exist: write its introduction, then this \
                 between {GENERATED_START} and {GENERATED_END}, then the sections {}:\n{expected}",
                HEADINGS.join(", ")
            )),
        );
    };
    let (_, actual, tail) = match sections(&readme) {
        Ok(parts) => parts,
        Err(why) => {
            return (
                krate,
                Some(format!(
                    "{shown} (provider {id}): {why}; put this between {GENERATED_START} and \
                     {GENERATED_END}:\n{expected}"
                )),
            );
        }
    };
    let mut problems = Vec::new();
    let missing = missing_headings(tail);
    if !missing.is_empty() {
        problems.push(format!(
            "{shown} (provider {id}) lacks these hand-written sections (each with text) after \
             {GENERATED_END}: {}",
            missing.join(", ")
        ));
    }
    if actual.trim() != expected.trim() {
        if bless {
            let rewritten = spliced(&readme, &expected).expect("the markers were found above");
            std::fs::write(&path, rewritten)
                .unwrap_or_else(|e| panic!("cannot rewrite {shown}: {e}"));
            eprintln!("rewrote the generated section of {shown}");
        } else {
            problems.push(format!(
                "the generated section of {shown} (provider {id}) is out of date; run\n    \
                 {REGENERATE}\nor put this between {GENERATED_START} and {GENERATED_END}:\n\
                 {expected}"
            ));
        }
    }
    (krate, (!problems.is_empty()).then(|| problems.join("\n\n")))
}

#[tokio::test]
async fn provider_pages_are_current() {
    let bless = std::env::var(BLESS).is_ok_and(|v| v.trim() == "1");
    let registry = Registry::builtin();
    assert!(!registry.ids().is_empty(), "no provider is compiled in");

    let mut crates = Vec::new();
    let mut problems = Vec::new();
    for id in registry.ids() {
        let (krate, problem) = check_page(&registry, id, bless).await;
        crates.push(krate);
        problems.extend(problem);
    }

    if cfg!(feature = "full") {
        // Every provider is compiled in: no page may describe one that is not.
        let mut orphans = Vec::new();
        for entry in std::fs::read_dir(crates_dir()).expect("crates/ can be listed") {
            let dir = entry.expect("a crates/ entry").path();
            let Ok(readme) = std::fs::read_to_string(dir.join("README.md")) else {
                continue;
            };
            let name = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if readme.contains(GENERATED_START) && !crates.contains(&name) {
                orphans.push(format!("crates/{name}/README.md"));
            }
        }
        assert!(
            orphans.is_empty(),
            "these pages have a generated section but no compiled-in provider names their \
             crate: {}",
            orphans.join(", ")
        );
    }

    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn splicing_replaces_only_the_generated_section() {
    let readme = format!(
        "# cloud-demo\n\nIntro.\n\n{GENERATED_START}\nold\n{GENERATED_END}\n\n## Quirks\n\nOne.\n"
    );
    let new = spliced(&readme, "## Provider\n\n- Id: `demo`\n").unwrap();
    assert_eq!(
        new,
        format!(
            "# cloud-demo\n\nIntro.\n\n{GENERATED_START}\n\n## Provider\n\n- Id: `demo`\n\n\
             {GENERATED_END}\n\n## Quirks\n\nOne.\n"
        )
    );
    let (_, section, _) = sections(&new).unwrap();
    assert_eq!(section.trim(), "## Provider\n\n- Id: `demo`");
    // Splicing what is there already changes nothing.
    assert_eq!(spliced(&new, section).unwrap(), new);

    assert!(
        sections("no markers")
            .unwrap_err()
            .contains("no <!-- generated:start -->")
    );
    let twice = format!("{GENERATED_START}\n{GENERATED_START}\n{GENERATED_END}");
    assert!(sections(&twice).unwrap_err().contains("2 "));
    let unclosed = format!("{GENERATED_START}\nbody");
    assert!(sections(&unclosed).unwrap_err().contains(GENERATED_END));
}

#[test]
fn hand_written_headings_must_be_there_with_text() {
    let complete = "\n## Lifecycle and API versions\n\nv4.\n\n## Quirks\n\n- paging.\n";
    assert!(missing_headings(complete).is_empty());
    let empty_quirks = "\n## Lifecycle and API versions\n\nv4.\n\n## Quirks\n\n";
    assert_eq!(missing_headings(empty_quirks), ["## Quirks"]);
    let no_lifecycle = "\n## Quirks\n\n- paging.\n";
    assert_eq!(
        missing_headings(no_lifecycle),
        ["## Lifecycle and API versions"]
    );
    let empty_lifecycle = "\n## Lifecycle and API versions\n## Quirks\n\n- paging.\n";
    assert_eq!(
        missing_headings(empty_lifecycle),
        ["## Lifecycle and API versions"]
    );
}
