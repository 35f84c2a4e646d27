//! Host patterns: `*` matches any run of characters, `?` any one character.

/// Whether `pattern` matches all of `name` (both already lowercase).
pub(super) fn pattern_matches(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ni));
                pi += 1;
            }
            Some(&c) if c == '?' || c == n[ni] => {
                pi += 1;
                ni += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    pi = sp + 1;
                    ni = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::pattern_matches;

    #[test]
    fn literal_and_wildcards() {
        assert!(pattern_matches("host", "host"));
        assert!(!pattern_matches("host", "host2"));
        assert!(pattern_matches("*.example.org", "a.b.example.org"));
        assert!(!pattern_matches("*.example.org", "example.org"));
        assert!(pattern_matches("10.0.0.?", "10.0.0.7"));
        assert!(!pattern_matches("10.0.0.?", "10.0.0.17"));
        assert!(pattern_matches("*", "anything"));
        assert!(pattern_matches("[127.0.0.1]:*", "[127.0.0.1]:2222"));
        assert!(pattern_matches("a*b*c", "axxbyyc"));
        assert!(!pattern_matches("a*b*c", "axxbyy"));
    }
}
