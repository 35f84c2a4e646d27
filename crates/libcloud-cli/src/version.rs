//! The `--version` text: the command's version and the crates of its providers.

use libcloud::Registry;

/// `libcloud-cli VERSION`, then one line per provider of `registry`:
/// `  ID  CRATE VERSION` (a provider that does not name its crate shows `unknown`).
pub fn long_version(registry: &Registry) -> String {
    let providers = registry.providers();
    let width = providers.iter().map(|m| m.id.len()).max().unwrap_or(0);
    let mut text = format!("{}\nproviders:", env!("CARGO_PKG_VERSION"));
    for meta in providers {
        let package = if meta.package.name.is_empty() {
            "unknown".to_string()
        } else {
            meta.package.to_string()
        };
        text.push_str(&format!("\n  {:width$}  {package}", meta.id));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_each_provider_with_its_crate_version() {
        let text = long_version(&Registry::builtin());
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some(env!("CARGO_PKG_VERSION")));
        assert_eq!(lines.next(), Some("providers:"));
        let rest: Vec<&str> = lines.collect();
        assert_eq!(rest.len(), Registry::builtin().providers().len());
        let local = rest
            .iter()
            .find(|l| l.trim_start().starts_with("local "))
            .expect("the local provider is listed");
        assert!(
            local.ends_with(&format!("cloud-local {}", env!("CARGO_PKG_VERSION"))),
            "{local}"
        );
    }
}
