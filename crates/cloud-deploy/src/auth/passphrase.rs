//! Where the passphrase of an encrypted key comes from: an environment variable, or a
//! prompt on the terminal.

use std::io::IsTerminal;
use std::sync::Arc;

use cloud_core::Secret;
use cloud_core::env::{Env, ProcessEnv};

/// The variable an encrypted key's passphrase is read from by default.
pub const PASSPHRASE_ENV: &str = "LIBCLOUD_SSH_KEY_PASSPHRASE";

/// Asks for a passphrase, given a prompt text; `None` when none was given.
pub type PassphrasePrompt = Arc<dyn Fn(&str) -> Option<Secret> + Send + Sync>;

/// Where an encrypted key's passphrase comes from: the variable first, then the prompt.
#[derive(Clone)]
pub struct PassphraseSource {
    /// The variable to read ([`PASSPHRASE_ENV`] by default).
    pub env_var: String,
    /// Where variables are read (the process environment by default).
    pub env: Arc<dyn Env>,
    /// The prompt to use when the variable is unset; by default one on the terminal,
    /// used only when standard input is a terminal.
    pub prompt: Option<PassphrasePrompt>,
}

impl std::fmt::Debug for PassphraseSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PassphraseSource")
            .field("env_var", &self.env_var)
            .field("prompt", &self.prompt.is_some())
            .finish()
    }
}

impl Default for PassphraseSource {
    fn default() -> Self {
        PassphraseSource {
            env_var: PASSPHRASE_ENV.to_string(),
            env: Arc::new(ProcessEnv),
            prompt: Some(Arc::new(terminal_prompt)),
        }
    }
}

impl PassphraseSource {
    /// Only the variable `env_var` of `env`, never a prompt.
    pub fn from_env(env: Arc<dyn Env>, env_var: impl Into<String>) -> Self {
        PassphraseSource {
            env_var: env_var.into(),
            env,
            prompt: None,
        }
    }

    /// The same, asking `prompt` when the variable is unset.
    pub fn with_prompt(mut self, prompt: PassphrasePrompt) -> Self {
        self.prompt = Some(prompt);
        self
    }

    /// The passphrase for the key described by `what`, or `None`.
    pub(crate) fn get(&self, what: &str) -> Option<Secret> {
        if let Some(value) = self.env.var(&self.env_var) {
            return Some(Secret::new(value));
        }
        let prompt = self.prompt.as_ref()?;
        prompt(&format!("Passphrase for {what}: "))
    }
}

/// Reads a passphrase from the terminal without echo, when standard input is one.
fn terminal_prompt(text: &str) -> Option<Secret> {
    if !std::io::stdin().is_terminal() {
        return None;
    }
    rpassword::prompt_password(text).ok().map(Secret::new)
}
