//! Every provider feature must be part of `full`, so `full` really builds every provider.

#[test]
fn full_names_every_provider_feature() {
    let manifest = include_str!("../Cargo.toml");
    let features = manifest
        .split("[features]")
        .nth(1)
        .expect("Cargo.toml has a [features] table");
    let features = features.split("\n[").next().unwrap_or(features);

    let mut full: Vec<String> = Vec::new();
    let mut providers: Vec<String> = Vec::new();
    for line in features.lines() {
        let line = line.trim();
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        let name = name.trim();
        let names: Vec<String> = value
            .trim()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .split(',')
            .map(|s| s.trim().trim_matches('"').to_string())
            .filter(|s| !s.is_empty())
            .collect();
        match name {
            "full" => full = names,
            "default" => {}
            _ if names.iter().any(|n| n.starts_with("dep:")) => providers.push(name.to_string()),
            _ => {}
        }
    }
    assert!(providers.contains(&"local".to_string()), "{providers:?}");
    for provider in &providers {
        assert!(
            full.contains(provider),
            "feature `{provider}` is missing from `full = [...]` in crates/libcloud/Cargo.toml"
        );
    }
}
