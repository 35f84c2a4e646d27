//! Provider options are declared and checked: misspelt names and bad values are refused
//! with what is valid, and `providers ID` shows what a provider takes.

mod common;

use common::Sandbox;

#[test]
fn a_misspelt_option_is_refused_with_the_valid_names() {
    let sb = Sandbox::new();
    let line = sb
        .run(&[
            "--provider",
            "linode",
            "--set",
            "pag_size=5",
            "sizes",
            "list",
        ])
        .failed_with_one_line(1);
    assert!(line.starts_with("error[invalid_input]"), "{line}");
    assert!(line.contains("did you mean page_size?"), "{line}");
    assert!(line.contains("valid options: page_size, "), "{line}");
    assert!(line.contains("max_attempts"), "{line}");
}

#[test]
fn a_bad_value_is_refused_with_what_the_option_takes() {
    let sb = Sandbox::new();
    let line = sb
        .run(&[
            "--provider",
            "linode",
            "--set",
            "page_size=abc",
            "sizes",
            "list",
        ])
        .failed_with_one_line(1);
    assert!(line.starts_with("error[invalid_input]"), "{line}");
    assert!(line.contains("page_size = \"abc\""), "{line}");
    assert!(line.contains("a whole number from 25 to 500"), "{line}");
    let line = sb
        .run(&["--set", "max_attempts=0", "sizes", "list"])
        .failed_with_one_line(1);
    assert!(line.contains("max_attempts"), "{line}");
}

#[test]
fn options_from_a_profile_are_checked_too() {
    let sb = Sandbox::new();
    sb.write_config(
        "default_profile = \"mine\"\n[profiles.mine]\nprovider = \"local\"\n[profiles.mine.options]\nboot_dellay_ms = \"5\"\n",
    );
    let line = sb.run(&["sizes", "list"]).failed_with_one_line(1);
    assert!(line.contains("did you mean boot_delay_ms?"), "{line}");
}

#[test]
fn providers_with_an_id_shows_options_credentials_and_their_variables() {
    let sb = Sandbox::new();
    let table = sb.run(&["providers", "linode"]).ok().stdout;
    let row = |name: &str| {
        table
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some(name))
            .unwrap_or_else(|| panic!("no {name} row in {table}"))
            .to_string()
    };
    let token = row("token");
    assert!(token.starts_with("credential"), "{token}");
    assert!(
        token.contains("required") && token.contains("LINODE_TOKEN"),
        "{token}"
    );
    let page = row("page_size");
    assert!(
        page.contains("a whole number from 25 to 500") && page.contains("500"),
        "{page}"
    );
    row("max_attempts");

    let details = sb.json(&["providers", "s3"]);
    assert_eq!(details["provider"]["id"], "s3");
    let settings = details["settings"].as_array().expect("settings");
    let part = settings
        .iter()
        .find(|s| s["name"] == "part_size")
        .expect("part_size");
    assert_eq!(part["kind"], "option");
    assert_eq!(part["default"], "8MiB");
    let key = settings
        .iter()
        .find(|s| s["name"] == "access_key_id")
        .expect("access_key_id");
    assert_eq!(key["env"], serde_json::json!(["AWS_ACCESS_KEY_ID"]));

    let line = sb.run(&["providers", "nope"]).failed_with_one_line(1);
    assert!(line.contains("'nope'"), "{line}");
}

#[test]
fn sizes_and_images_in_one_location() {
    let sb = Sandbox::new();
    let all = sb.json(&["sizes", "list"]);
    let here = sb.json(&["sizes", "list", "--location", "local-2"]);
    assert_eq!(all, here, "local sizes are offered everywhere");
    assert!(!here.as_array().expect("array").is_empty());
    let images = sb.json(&["images", "list", "--location", "local-1"]);
    assert!(!images.as_array().expect("array").is_empty());
    let line = sb
        .run(&["sizes", "list", "--location", "atlantis"])
        .failed_with_one_line(1);
    assert!(line.starts_with("error[not_found]"), "{line}");
    assert!(
        line.contains("atlantis") && line.contains("local-1"),
        "{line}"
    );
}
