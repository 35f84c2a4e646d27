//! What one step did.

use serde::{Deserialize, Serialize};

/// The report of one step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepResult {
    /// What the step was (`script setup.sh`, `run 'echo hi'`, …).
    pub step: String,
    /// Whether it succeeded.
    pub success: bool,
    /// The exit status of a command or script; `None` for uploads and key installs,
    /// and when the command was ended by a signal or never ran.
    pub exit_status: Option<u32>,
    /// The signal that ended the command, when one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal: Option<String>,
    /// The tail of its standard output.
    pub stdout: String,
    /// Bytes of standard output dropped before the tail.
    pub stdout_dropped: u64,
    /// The tail of its standard error.
    pub stderr: String,
    /// Bytes of standard error dropped before the tail.
    pub stderr_dropped: u64,
    /// How long it took, in milliseconds.
    pub duration_ms: u64,
    /// Why it failed, when it failed without an exit status (an upload, a timeout).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl StepResult {
    /// The reason for a failure, for an error line: `exit status 3`, the signal, or
    /// the error.
    pub fn failure_reason(&self) -> String {
        if let Some(error) = &self.error {
            return error.clone();
        }
        if let Some(signal) = &self.signal {
            return format!("killed by signal {signal}");
        }
        match self.exit_status {
            Some(status) => format!("exit status {status}"),
            None => "no exit status".to_string(),
        }
    }
}
