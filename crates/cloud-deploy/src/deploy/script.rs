//! The shell text of the steps that run on the server: key installs and scripts.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use cloud_core::{Error, Result};
use russh::keys::PublicKey;

use crate::quote::{env_prefix, shell_quote};

/// The command appending `public_key` to `path` (default `~/.ssh/authorized_keys`)
/// unless the line is there: the folder made 0700 when created, the file 0600.
/// Fails with `InvalidInput` unless `public_key` is one OpenSSH public key line.
pub(super) fn install_key_command(public_key: &str, path: Option<&str>) -> Result<String> {
    let line = public_key.trim();
    if line.contains('\n') || PublicKey::from_openssh(line).is_err() {
        return Err(Error::invalid_input(
            "the key to install is not one OpenSSH public key line",
        ));
    }
    let file = match path {
        Some(path) => shell_quote(path),
        None => "\"$HOME/.ssh/authorized_keys\"".to_string(),
    };
    let key = shell_quote(line);
    Ok(format!(
        "umask 077; f={file}; d=$(dirname \"$f\"); \
         if [ ! -d \"$d\" ]; then mkdir -p \"$d\" && chmod 700 \"$d\" || exit 1; fi; \
         touch \"$f\" && chmod 600 \"$f\" || exit 1; \
         if grep -qxF {key} \"$f\"; then exit 0; fi; \
         if [ -s \"$f\" ] && [ -n \"$(tail -c 1 \"$f\")\" ]; then printf '\\n' >> \"$f\"; fi; \
         printf '%s\\n' {key} >> \"$f\""
    ))
}

/// A remote temporary path for the script `name`, unique in this process and time.
pub(super) fn temp_script_path(name: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    format!(
        "/tmp/libcloud-deploy-{}-{n}-{nanos:08x}-{safe}",
        std::process::id()
    )
}

/// The command running the uploaded script at `path` with `args` and `env`, then
/// removing it, and exiting with the script's status.
pub(super) fn run_script_command(
    path: &str,
    args: &[String],
    env: &BTreeMap<String, String>,
) -> Result<String> {
    let mut command = env_prefix(env)?;
    command.push_str(&shell_quote(path));
    for arg in args {
        command.push(' ');
        command.push_str(&shell_quote(arg));
    }
    command.push_str("; rc=$?; rm -f ");
    command.push_str(&shell_quote(path));
    command.push_str("; exit $rc");
    Ok(command)
}

/// The command running `cmd` with `env`.
pub(super) fn command_with_env(cmd: &str, env: &BTreeMap<String, String>) -> Result<String> {
    Ok(format!("{}{cmd}", env_prefix(env)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID74ZjNi/Li4bi6uEAesMUQkgvbcCgbkM6QhtqDXXD2Y me";

    fn sh(script: &str, home: &std::path::Path) -> std::process::Output {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(script)
            .env("HOME", home)
            .output()
            .unwrap()
    }

    #[test]
    fn the_key_is_installed_once_with_private_modes() {
        use std::os::unix::fs::PermissionsExt;
        let home = tempfile::tempdir().unwrap();
        let command = install_key_command(KEY, None).unwrap();
        for _ in 0..2 {
            let out = sh(&command, home.path());
            assert!(out.status.success(), "{out:?}");
        }
        let dir = home.path().join(".ssh");
        let file = dir.join("authorized_keys");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), format!("{KEY}\n"));
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&file), 0o600);
    }

    #[test]
    fn a_file_without_final_newline_gets_one_first() {
        let home = tempfile::tempdir().unwrap();
        let file = home.path().join("keys");
        std::fs::write(&file, "ssh-ed25519 AAAAother").unwrap();
        let command = install_key_command(KEY, file.to_str()).unwrap();
        assert!(sh(&command, home.path()).status.success());
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            format!("ssh-ed25519 AAAAother\n{KEY}\n")
        );
    }

    #[test]
    fn only_a_public_key_line_is_installed() {
        for bad in [
            "",
            "hello",
            "-----BEGIN OPENSSH PRIVATE KEY-----",
            &format!("{KEY}\n{KEY}"),
        ] {
            let err = install_key_command(bad, None).unwrap_err();
            assert_eq!(err.kind(), cloud_core::ErrorKind::InvalidInput);
        }
    }

    #[test]
    fn scripts_run_with_quoted_arguments_and_environment_and_are_removed() {
        let mut env = BTreeMap::new();
        env.insert("GREETING".to_string(), "it's me".to_string());
        let command = run_script_command("/tmp/x y", &["a b".to_string()], &env).unwrap();
        assert_eq!(
            command,
            "export GREETING='it'\\''s me'; '/tmp/x y' 'a b'; rc=$?; rm -f '/tmp/x y'; exit $rc"
        );
    }

    #[test]
    fn temp_paths_differ_and_are_safe_words() {
        let a = temp_script_path("set up;rm -rf.sh");
        let b = temp_script_path("set up;rm -rf.sh");
        assert_ne!(a, b);
        assert!(a.starts_with("/tmp/libcloud-deploy-"));
        assert!(a.ends_with("set_up_rm_-rf.sh"), "{a}");
    }
}
