//! Providers, completions, help and output selection.

mod common;

use common::Sandbox;

#[test]
fn providers_json_lists_local() {
    let sb = Sandbox::new();
    let list = sb.json(&["providers"]);
    let local = list
        .as_array()
        .expect("array")
        .iter()
        .find(|p| p["id"] == "local")
        .unwrap_or_else(|| panic!("no local provider in {list}"))
        .clone();
    let areas = local["areas"].as_array().expect("areas");
    assert!(areas.contains(&serde_json::json!("compute")), "{local}");
    assert!(areas.contains(&serde_json::json!("storage")), "{local}");
    assert_eq!(local["lifecycle"]["status"], "active");

    let table = sb.run(&["providers"]).ok().stdout;
    assert!(table.starts_with("ID "), "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("local ") && l.contains("active")),
        "{table}"
    );
}

#[test]
fn output_format_from_the_environment() {
    let sb = Sandbox::new();
    let out = sb
        .command(&["providers"])
        .env("LIBCLOUD_OUTPUT", "json")
        .output()
        .expect("run");
    let run = common::Run::from(out).ok();
    assert!(run.json().is_array(), "{}", run.stdout);
}

#[test]
fn completions_for_bash() {
    let sb = Sandbox::new();
    let out = sb.run(&["completions", "bash"]).ok().stdout;
    assert!(out.contains("libcloud"), "{out}");
    assert!(out.contains("nodes"), "{out}");
}

#[test]
fn completions_for_every_shell_name_the_commands() {
    let sb = Sandbox::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = sb.run(&["completions", shell]).ok().stdout;
        assert!(
            out.contains("keypairs") && out.contains("snapshots"),
            "{shell}: {out}"
        );
    }
    let unknown = sb.run(&["completions", "tcsh"]);
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
    assert!(unknown.stderr.contains("tcsh"), "{}", unknown.stderr);
}

#[test]
fn man_page_is_roff_naming_the_commands() {
    let sb = Sandbox::new();
    let page = sb.run(&["man"]).ok().stdout;
    assert!(page.starts_with(".ie") || page.starts_with(".TH"), "{page}");
    assert!(page.contains(".TH libcloud 1"), "{page}");
    for command in ["providers", "nodes", "storage", "completions"] {
        assert!(page.contains(command), "no {command} in the page:\n{page}");
    }
}

#[test]
fn version_names_the_providers_crates() {
    let sb = Sandbox::new();
    let out = sb.run(&["--version"]).ok().stdout;
    let version = env!("CARGO_PKG_VERSION");
    assert!(out.starts_with(&format!("libcloud {version}\n")), "{out}");
    for (id, krate) in [
        ("local", "cloud-local"),
        ("ec2", "cloud-ec2"),
        ("s3", "cloud-s3"),
    ] {
        assert!(
            out.lines().any(|l| {
                let words: Vec<&str> = l.split_whitespace().collect();
                words == [id, krate, version]
            }),
            "no line for {id} in {out}"
        );
    }
    let short = sb.run(&["-V"]).ok().stdout;
    assert_eq!(short.trim(), format!("libcloud {version}"));
}

#[test]
fn help_on_a_subcommand() {
    let sb = Sandbox::new();
    let out = sb.run(&["nodes", "create", "--help"]).ok().stdout;
    assert!(out.contains("--size") && out.contains("--wait"), "{out}");
    let out = sb.run(&["storage", "--help"]).ok().stdout;
    assert!(out.contains("put") && out.contains("url"), "{out}");
}

#[test]
fn profile_selects_the_provider_and_flags_win() {
    let sb = Sandbox::new();
    sb.write_config(
        "default_profile = \"elsewhere\"\n\n[profiles.elsewhere]\nprovider = \"nope\"\n",
    );
    let line = sb.run(&["sizes", "list"]).failed_with_one_line(1);
    assert!(line.contains("'nope'"), "{line}");
    sb.run(&["--provider", "local", "sizes", "list"]).ok();
}
