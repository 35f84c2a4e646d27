//! Small helpers for running programs: which cargo, how to show a command line, and how
//! an exit status becomes our exit code.

use std::process::ExitStatus;

/// The cargo binary: the one running us (`$CARGO`) when set, else `cargo` from `PATH`.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

/// A command line as a user would type it, quoting words that need it.
pub fn display(argv: &[String]) -> String {
    argv.iter()
        .map(|a| {
            let plain = !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@+".contains(c));
            if plain {
                a.clone()
            } else {
                format!("'{}'", a.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The exit code to pass on for a child's status: its own code when it has one that
/// fits, 1 otherwise (killed by a signal, or out of range).
pub fn exit_code(status: ExitStatus) -> u8 {
    status
        .code()
        .and_then(|c| u8::try_from(c).ok())
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn display_quotes_only_when_needed() {
        assert_eq!(
            display(&s(&["cargo", "fmt", "--all", "--", "--check"])),
            "cargo fmt --all -- --check"
        );
        assert_eq!(
            display(&s(&["echo", "a b", "it's", ""])),
            r"echo 'a b' 'it'\''s' ''"
        );
    }

    #[cfg(unix)]
    #[test]
    fn exit_code_passes_the_child_code_through() {
        use std::process::Command;
        let st = Command::new("sh").args(["-c", "exit 7"]).status().unwrap();
        assert_eq!(exit_code(st), 7);
        let st = Command::new("sh")
            .args(["-c", "kill -9 $$"])
            .status()
            .unwrap();
        assert_eq!(exit_code(st), 1);
    }
}
