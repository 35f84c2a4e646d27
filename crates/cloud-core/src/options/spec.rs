//! What a provider declares about its settings: each option's name, type, meaning and
//! default, and each credential with the environment variables it may come from.

use serde::Serialize;

/// The type of value an option takes, with its bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OptionKind {
    /// Any non-empty text.
    Text,
    /// A path on the local machine.
    Path,
    /// `true` or `false` (also `1`/`0`, `yes`/`no`, `on`/`off`).
    Flag,
    /// A whole number from `min` to `max`.
    Count {
        /// Smallest accepted value.
        min: u64,
        /// Largest accepted value.
        max: u64,
    },
    /// A size in bytes, with an optional unit (`8MiB`, `5 MB`, `1048576`), from `min` to
    /// `max` bytes.
    Bytes {
        /// Smallest accepted size.
        min: u64,
        /// Largest accepted size.
        max: u64,
    },
    /// A positive number of seconds, fractions allowed, up to a day.
    Seconds,
    /// One of the listed words.
    Choice {
        /// The accepted words.
        choices: &'static [&'static str],
    },
    /// A comma-separated list of non-empty items.
    List,
}

impl OptionKind {
    /// How the accepted values read in help and errors (`a whole number from 25 to
    /// 500`, `one of auto, path, virtual`).
    pub fn describe(&self) -> String {
        match self {
            OptionKind::Text => "non-empty text".into(),
            OptionKind::Path => "a path".into(),
            OptionKind::Flag => "true or false".into(),
            OptionKind::Count { min, max } => format!("a whole number from {min} to {max}"),
            OptionKind::Bytes { min, max } => format!(
                "a size from {} to {} (bytes, or with a unit: KiB, MiB, GiB, KB, MB, GB)",
                super::value::show_bytes(*min),
                super::value::show_bytes(*max)
            ),
            OptionKind::Seconds => "a number of seconds above 0 (at most 86400)".into(),
            OptionKind::Choice { choices } => format!("one of {}", choices.join(", ")),
            OptionKind::List => "a comma-separated list".into(),
        }
    }
}

/// One option a provider (or the HTTP pipeline, for every provider) reads from
/// [`ProviderConfig::options`](crate::ProviderConfig).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OptionSpec {
    /// The option's name (`page_size`).
    pub name: &'static str,
    /// What values it takes.
    pub kind: OptionKind,
    /// What it does, in one line.
    pub help: &'static str,
    /// The value in force when it is not set, as text; `None` when there is none.
    pub default: Option<&'static str>,
    /// Environment variables read when the option is not set, first set one wins.
    pub env: &'static [&'static str],
}

impl OptionSpec {
    /// An option with no default and no environment variable.
    pub const fn new(name: &'static str, kind: OptionKind, help: &'static str) -> Self {
        OptionSpec {
            name,
            kind,
            help,
            default: None,
            env: &[],
        }
    }

    /// The same option with a default.
    pub const fn default_value(mut self, default: &'static str) -> Self {
        self.default = Some(default);
        self
    }

    /// The same option, also read from these environment variables.
    pub const fn env(mut self, env: &'static [&'static str]) -> Self {
        self.env = env;
        self
    }
}

/// One credential a provider reads from
/// [`ProviderConfig::credentials`](crate::ProviderConfig), or from the environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CredentialSpec {
    /// The credential's name (`token`, `access_key_id`).
    pub name: &'static str,
    /// What it is, in one line.
    pub help: &'static str,
    /// Environment variables it may come from, first set one wins.
    pub env: &'static [&'static str],
    /// Whether connecting fails without it (some providers fall back to a chain of
    /// other sources: then it is not required).
    pub required: bool,
}

impl CredentialSpec {
    /// A required credential.
    pub const fn required(
        name: &'static str,
        help: &'static str,
        env: &'static [&'static str],
    ) -> Self {
        CredentialSpec {
            name,
            help,
            env,
            required: true,
        }
    }

    /// An optional credential.
    pub const fn optional(
        name: &'static str,
        help: &'static str,
        env: &'static [&'static str],
    ) -> Self {
        CredentialSpec {
            name,
            help,
            env,
            required: false,
        }
    }
}

/// `parts` one after another as one array (a provider's options: the shared ones of
/// its cloud, then its own), for a `const`. `N` must be their total length: anything
/// else, or no option at all, fails the build.
pub const fn joined_specs<const N: usize>(parts: &[&[OptionSpec]]) -> [OptionSpec; N] {
    let mut first = 0;
    while parts[first].is_empty() {
        first += 1;
    }
    let mut all = [parts[first][0]; N];
    let mut at = 0;
    let mut p = 0;
    while p < parts.len() {
        let mut i = 0;
        while i < parts[p].len() {
            all[at] = parts[p][i];
            at += 1;
            i += 1;
        }
        p += 1;
    }
    assert!(at == N, "N is not the total length of the parts");
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: OptionSpec = OptionSpec::new("a", OptionKind::Text, "first");
    const B: OptionSpec = OptionSpec::new("b", OptionKind::Flag, "second");
    const C: OptionSpec = OptionSpec::new("c", OptionKind::Text, "third");
    const JOINED: [OptionSpec; 3] = joined_specs(&[&[], &[A, B], &[C]]);

    #[test]
    fn parts_are_joined_in_order() {
        let names: Vec<&str> = JOINED.iter().map(|s| s.name).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(JOINED[1], B);
    }
}
