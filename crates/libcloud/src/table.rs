//! The Markdown table of providers that the README carries.

use cloud_core::{Area, Lifecycle, ProviderMeta};

/// The areas in column order, with their column titles.
const AREA_COLUMNS: [(Area, &str); 4] = [
    (Area::Compute, "compute"),
    (Area::Storage, "storage"),
    (Area::Dns, "dns"),
    (Area::LoadBalancer, "load balancer"),
];

/// A Markdown table of `providers`, one row each in the given order, with the columns
/// `provider | name | compute | storage | dns | load balancer | lifecycle`. An area the
/// provider serves is marked `✓`; the lifecycle column holds the label, plus
/// ` since DATE` for a defunct provider. The text ends with a newline.
pub fn providers_markdown_table(providers: &[ProviderMeta]) -> String {
    let mut header = vec!["provider", "name"];
    header.extend(AREA_COLUMNS.iter().map(|(_, title)| *title));
    header.push("lifecycle");

    let mut out = row(header.iter().map(|h| h.to_string()));
    out.push_str(&row(header.iter().map(|_| "---".to_string())));
    for meta in providers {
        let mut cells = vec![escape(&meta.id), escape(&meta.name)];
        cells.extend(AREA_COLUMNS.iter().map(|(area, _)| {
            if meta.areas.contains(area) {
                "✓".to_string()
            } else {
                String::new()
            }
        }));
        cells.push(lifecycle_cell(&meta.lifecycle));
        out.push_str(&row(cells.into_iter()));
    }
    out
}

fn lifecycle_cell(lifecycle: &Lifecycle) -> String {
    match lifecycle {
        Lifecycle::Defunct { since, .. } => {
            format!("{} since {}", lifecycle.label(), escape(since))
        }
        other => other.label().to_string(),
    }
}

fn row(cells: impl Iterator<Item = String>) -> String {
    let cells: Vec<String> = cells.collect();
    format!("| {} |\n", cells.join(" | "))
}

/// Keeps a cell inside its column: pipes are escaped, line breaks become spaces.
fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(id: &str, areas: Vec<Area>, lifecycle: Lifecycle) -> ProviderMeta {
        ProviderMeta {
            id: id.into(),
            name: format!("The {id}"),
            areas,
            lifecycle,
            api_reference: String::new(),
            package: Default::default(),
        }
    }

    #[test]
    fn marks_areas_and_lifecycle() {
        let table = providers_markdown_table(&[
            meta(
                "local",
                vec![Area::Compute, Area::Storage],
                Lifecycle::Active,
            ),
            meta(
                "slicehost",
                vec![Area::Compute],
                Lifecycle::Defunct {
                    since: "2013-05-01".into(),
                    note: "merged".into(),
                },
            ),
            meta(
                "old",
                vec![Area::Dns, Area::LoadBalancer],
                Lifecycle::Deprecated { note: "n".into() },
            ),
        ]);
        let expected = "\
| provider | name | compute | storage | dns | load balancer | lifecycle |
| --- | --- | --- | --- | --- | --- | --- |
| local | The local | ✓ | ✓ |  |  | active |
| slicehost | The slicehost | ✓ |  |  |  | defunct since 2013-05-01 |
| old | The old |  |  | ✓ | ✓ | deprecated |
";
        assert_eq!(table, expected);
    }

    #[test]
    fn pipes_cannot_break_the_table() {
        let mut m = meta("a|b", vec![], Lifecycle::Active);
        m.name = "x\ny".into();
        let table = providers_markdown_table(&[m]);
        assert!(table.contains("| a\\|b | x y |"), "{table}");
        assert_eq!(table.lines().count(), 3);
    }
}
