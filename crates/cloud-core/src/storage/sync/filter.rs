//! Which keys a sync looks at: `--include` and `--exclude` patterns.

use super::glob::Glob;
use crate::Result;

/// Include and exclude patterns over the keys of a sync (relative to its folder or
/// prefix).
///
/// A key takes part when it matches no exclude pattern and, if there are include
/// patterns, at least one of them. A pattern with a `/` is matched against the whole
/// key; one without is matched against the key's last part (the file name), at any
/// depth. See [`Glob`] for the syntax. Keys left out are neither copied nor deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyFilter {
    include: Vec<Glob>,
    exclude: Vec<Glob>,
}

impl KeyFilter {
    /// A filter of the given patterns; a malformed one is an `InvalidInput` error.
    pub fn new(include: &[String], exclude: &[String]) -> Result<KeyFilter> {
        let compile = |list: &[String]| list.iter().map(|p| Glob::new(p)).collect::<Result<_>>();
        Ok(KeyFilter {
            include: compile(include)?,
            exclude: compile(exclude)?,
        })
    }

    /// Whether `key` takes part.
    pub fn admits(&self, key: &str) -> bool {
        let name = key.rsplit('/').next().unwrap_or(key);
        let hit = |glob: &Glob| glob.matches(if glob.has_slash() { key } else { name });
        !self.exclude.iter().any(hit) && (self.include.is_empty() || self.include.iter().any(hit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(include: &[&str], exclude: &[&str]) -> KeyFilter {
        let own = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        KeyFilter::new(&own(include), &own(exclude)).unwrap()
    }

    #[test]
    fn no_patterns_admit_everything() {
        assert!(filter(&[], &[]).admits("a/b/c"));
    }

    #[test]
    fn excludes_win_over_includes() {
        let f = filter(&["*.jpg"], &["tmp/**"]);
        assert!(f.admits("photos/a.jpg"));
        assert!(!f.admits("tmp/a.jpg"));
        assert!(!f.admits("photos/a.png"));
    }

    #[test]
    fn names_match_at_any_depth_and_paths_from_the_top() {
        let f = filter(&[], &["*.log", "build/*"]);
        assert!(!f.admits("a/b/c.log"));
        assert!(!f.admits("build/x"));
        assert!(f.admits("src/build/x"));
    }
}
