//! `credential_process`: credentials printed by a command a profile names (tools such
//! as `aws-vault` or an SSO helper), as the AWS CLI and SDKs run it.
//!
//! The command runs through the shell (`sh -c` on Unix, `cmd.exe /C` on Windows),
//! with the caller's standard input and standard error, so it can prompt for an MFA
//! code. Its standard output must be one JSON document:
//! `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}`.
//! Credentials with an `Expiration` are fetched again before it, like any other.
//!
//! Errors name the profile, never the command line or its output: either may hold a
//! secret.

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use cloud_core::{Error, ErrorKind, Result, Secret};
use serde::Deserialize;

use crate::Credentials;

/// How long the command may run, prompts included, before it is killed (the process
/// the shell runs it as; anything that process started is left alone).
pub const CREDENTIAL_PROCESS_TIMEOUT: Duration = Duration::from_secs(120);

/// The most output read from the command; more is an error.
const MAX_OUTPUT: usize = 64 * 1024;

/// How often a running command is checked on.
const POLL: Duration = Duration::from_millis(10);

/// The JSON document the command prints.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ProcessOutput {
    version: u32,
    access_key_id: String,
    secret_access_key: Secret,
    #[serde(default)]
    session_token: Option<Secret>,
    #[serde(default)]
    expiration: Option<String>,
}

/// How a run of the command ended.
#[derive(Debug)]
enum Ran {
    /// It exited; what it printed.
    Exited(ExitStatus, Vec<u8>),
    /// It printed more than [`MAX_OUTPUT`] bytes.
    TooMuchOutput,
    /// It was still running after the timeout and was killed.
    TimedOut,
}

/// Runs `command` for the profile `profile` and reads the credentials it prints.
pub(super) async fn credentials(command: &str, profile: &str) -> Result<Credentials> {
    credentials_within(command, profile, CREDENTIAL_PROCESS_TIMEOUT).await
}

/// [`credentials`] with a given timeout.
async fn credentials_within(
    command: &str,
    profile: &str,
    timeout: Duration,
) -> Result<Credentials> {
    let owned = command.to_string();
    let ran = tokio::task::spawn_blocking(move || run(&owned, timeout))
        .await
        .map_err(|e| failed(profile, &format!("could not be waited for ({e})")))?
        .map_err(|e| failed(profile, &format!("could not be started ({e})")))?;
    match ran {
        Ran::Exited(status, output) if status.success() => parse(&output, profile),
        Ran::Exited(status, _) => Err(failed(profile, &format!("failed ({status})"))),
        Ran::TooMuchOutput => Err(failed(
            profile,
            &format!("printed more than {MAX_OUTPUT} bytes"),
        )),
        Ran::TimedOut => Err(failed(
            profile,
            &format!(
                "was still running after {} s and was stopped",
                timeout.as_secs()
            ),
        )),
    }
}

/// Runs `command` through the shell, reading its standard output on a helper
/// thread, and waits for it at most `timeout`.
fn run(command: &str, timeout: Duration) -> std::io::Result<Ran> {
    let mut child = shell(command)
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let Some(mut stdout) = child.stdout.take() else {
        let _ = child.kill();
        return Err(std::io::Error::other(
            "its standard output could not be read",
        ));
    };
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut output = Vec::new();
        let read = (&mut stdout)
            .take(MAX_OUTPUT as u64 + 1)
            .read_to_end(&mut output);
        let _ = tx.send(read.map(|_| output));
    });
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(Ran::TimedOut);
        }
        std::thread::sleep(POLL);
    };
    // A process it started may still hold the pipe open: wait only until the deadline.
    let left = deadline.saturating_duration_since(Instant::now());
    match rx.recv_timeout(left.max(POLL)) {
        Ok(Ok(output)) if output.len() > MAX_OUTPUT => Ok(Ran::TooMuchOutput),
        Ok(Ok(output)) => Ok(Ran::Exited(status, output)),
        Ok(Err(e)) => Err(e),
        Err(_) => Ok(Ran::TimedOut),
    }
}

/// The command run by the platform's shell.
#[cfg(not(windows))]
fn shell(command: &str) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(command);
    cmd
}

/// The command run by the platform's shell.
#[cfg(windows)]
fn shell(command: &str) -> Command {
    let mut cmd = Command::new("cmd.exe");
    cmd.arg("/C").arg(command);
    cmd
}

/// The credentials in the command's output. Messages name fields, never values.
fn parse(output: &[u8], profile: &str) -> Result<Credentials> {
    let doc: ProcessOutput = serde_json::from_slice(output).map_err(|e| {
        failed(
            profile,
            &format!(
                "printed something other than the credentials JSON ({:?} error at line {}, \
                 column {})",
                e.classify(),
                e.line(),
                e.column()
            ),
        )
    })?;
    if doc.version != 1 {
        return Err(failed(
            profile,
            &format!("printed Version {}; only Version 1 is known", doc.version),
        ));
    }
    if doc.access_key_id.is_empty() || doc.secret_access_key.is_empty() {
        return Err(failed(
            profile,
            "printed an empty AccessKeyId or SecretAccessKey",
        ));
    }
    let mut creds = Credentials::new(doc.access_key_id, doc.secret_access_key);
    if let Some(token) = doc.session_token.filter(|t| !t.is_empty()) {
        creds = creds.with_session_token(token);
    }
    if let Some(expiration) = doc.expiration {
        let at = chrono::DateTime::parse_from_rfc3339(&expiration)
            .map(SystemTime::from)
            .map_err(|_| {
                failed(
                    profile,
                    &format!("printed an Expiration {expiration:?} that is not an RFC 3339 time"),
                )
            })?;
        creds = creds.with_expiry(at);
    }
    Ok(creds)
}

/// The error for a command that gave no credentials.
fn failed(profile: &str, what: &str) -> Error {
    Error::new(
        ErrorKind::InvalidCredentials,
        format!("the credential_process of AWS profile {profile:?} {what}"),
    )
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    const DOC: &str = r#"{"Version":1,"AccessKeyId":"AKIDPROCESS","SecretAccessKey":"very-secret","SessionToken":"tok","Expiration":"2030-01-01T00:00:00Z"}"#;

    fn printing(doc: &str) -> String {
        format!("printf '%s' '{doc}'")
    }

    #[tokio::test]
    async fn printed_credentials_are_used_with_their_expiry() {
        let creds = credentials(&printing(DOC), "p").await.unwrap();
        assert_eq!(creds.access_key_id(), "AKIDPROCESS");
        assert_eq!(creds.secret_access_key().expose(), "very-secret");
        assert_eq!(creds.session_token().map(Secret::expose), Some("tok"));
        let expected = chrono::DateTime::parse_from_rfc3339("2030-01-01T00:00:00Z").unwrap();
        assert_eq!(creds.expires_at(), Some(SystemTime::from(expected)));
    }

    #[tokio::test]
    async fn without_expiration_or_token_the_credentials_are_long_term() {
        let doc = r#"{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"s"}"#;
        let creds = credentials(&printing(doc), "p").await.unwrap();
        assert_eq!(creds.expires_at(), None);
        assert!(creds.session_token().is_none());
    }

    #[tokio::test]
    async fn a_failing_command_names_the_profile_and_its_status() {
        let err = credentials("echo very-secret; exit 3", "work")
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        let text = err.to_string();
        assert!(text.contains("\"work\"") && text.contains('3'), "{text}");
        assert!(!text.contains("very-secret"), "{text}");
    }

    #[tokio::test]
    async fn bad_documents_are_refused_without_showing_them() {
        for doc in [
            r#"{"Version":2,"AccessKeyId":"AKID","SecretAccessKey":"very-secret"}"#,
            r#"{"Version":1,"AccessKeyId":"","SecretAccessKey":"very-secret"}"#,
            r#"{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"very-secret","Expiration":"soon"}"#,
            r#"{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"very-secret""#,
            "very-secret",
        ] {
            let err = credentials(&printing(doc), "p").await.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidCredentials, "{doc}");
            assert!(!err.to_string().contains("very-secret"), "{err}");
        }
    }

    #[tokio::test]
    async fn a_command_that_hangs_is_stopped() {
        let started = Instant::now();
        let err = credentials_within("exec sleep 30", "p", Duration::from_millis(200))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("still running"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[tokio::test]
    async fn endless_output_is_refused() {
        let err = credentials("yes AAAAAAAA | head -c 200000", "p")
            .await
            .unwrap_err();
        assert!(err.to_string().contains("more than"), "{err}");
    }

    #[tokio::test]
    async fn a_missing_command_is_an_error_not_a_panic() {
        let err = credentials("/nonexistent/credential-helper", "p")
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    }
}
