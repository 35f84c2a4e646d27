//! Running one step on an open session.

use std::time::{Duration, Instant};

use cloud_core::{Error, ErrorKind, Result};

use super::result::StepResult;
use super::script::{command_with_env, install_key_command, run_script_command, temp_script_path};
use super::step::{ScriptSource, Step, script_name};
use crate::errors::ssh_error;
use crate::ssh::{CommandOutput, SshSession};

/// What a step produced before it is turned into a report.
enum Done {
    /// A command ran (it may have failed).
    Ran(CommandOutput),
    /// A file was copied.
    Copied,
}

/// Runs `step` on `session` within `timeout`, and reports it, with the kind of the
/// error that stopped it when one did.
pub(super) async fn run_step(
    session: &SshSession,
    step: &Step,
    timeout: Duration,
) -> (StepResult, Option<ErrorKind>) {
    let label = step.label();
    let started = Instant::now();
    let outcome = match tokio::time::timeout(timeout, execute(session, step)).await {
        Ok(outcome) => outcome,
        Err(_) => Err(ssh_error(
            ErrorKind::Timeout,
            "deploy",
            format!("did not finish within {timeout:?}"),
        )),
    };
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let mut result = StepResult {
        step: label,
        success: false,
        exit_status: None,
        signal: None,
        stdout: String::new(),
        stdout_dropped: 0,
        stderr: String::new(),
        stderr_dropped: 0,
        duration_ms,
        error: None,
    };
    let mut kind = None;
    match outcome {
        Ok(Done::Copied) => result.success = true,
        Ok(Done::Ran(output)) => {
            result.success = output.success();
            result.exit_status = output.exit_status;
            result.signal = output.signal;
            result.stdout = output.stdout.text();
            result.stdout_dropped = output.stdout.dropped();
            result.stderr = output.stderr.text();
            result.stderr_dropped = output.stderr.dropped();
        }
        Err(err) => {
            kind = Some(err.kind());
            result.error = Some(err.message().to_string());
        }
    }
    (result, kind)
}

async fn execute(session: &SshSession, step: &Step) -> Result<Done> {
    match step {
        Step::InstallAuthorizedKey { public_key, path } => {
            let command = install_key_command(public_key, path.as_deref())?;
            Ok(Done::Ran(session.exec(&command).await?))
        }
        Step::Upload {
            local,
            remote,
            mode,
        } => {
            session.upload(local, remote, *mode).await?;
            Ok(Done::Copied)
        }
        Step::Script { source, args, env } => {
            let remote = temp_script_path(&script_name(source));
            let command = run_script_command(&remote, args, env)?;
            match source {
                ScriptSource::File(path) => {
                    session.upload(path, &remote, Some(0o700)).await?;
                }
                ScriptSource::Text { text, .. } => {
                    session.write_file(&remote, text.as_bytes(), 0o700).await?;
                }
            }
            Ok(Done::Ran(session.exec(&command).await?))
        }
        Step::Command { cmd, env } => {
            let command = command_with_env(cmd, env)?;
            Ok(Done::Ran(session.exec(&command).await?))
        }
    }
}

/// The error naming a failed step: of the kind of the error that stopped it (a
/// timeout, a missing local file), else `Provider` (a non-zero exit).
pub(super) fn step_error(result: &StepResult, kind: Option<ErrorKind>) -> Error {
    ssh_error(
        kind.unwrap_or(ErrorKind::Provider),
        "deploy",
        format!("step {} failed: {}", result.step, result.failure_reason()),
    )
    .with_code(crate::errors::codes::STEP_FAILED)
}
