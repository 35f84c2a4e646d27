//! Progress bars on stderr, shown only when stderr is a terminal.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// Whether progress should be drawn: only when a person is watching stderr.
pub fn enabled() -> bool {
    std::io::stderr().is_terminal()
}

/// A byte-count bar for a transfer of `total` bytes (a byte counter when unknown);
/// hidden when stderr is not a terminal.
pub fn transfer(total: Option<u64>, label: &str) -> ProgressBar {
    if !enabled() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match total {
        Some(len) => (
            ProgressBar::new(len),
            "{msg} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
        ),
        None => (
            ProgressBar::new_spinner(),
            "{spinner} {msg} {bytes} {binary_bytes_per_sec}",
        ),
    };
    bar.set_style(
        ProgressStyle::with_template(template)
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(label.to_string());
    bar
}

/// A spinner with a message, for waits; hidden when stderr is not a terminal.
pub fn spinner(message: &str) -> ProgressBar {
    if !enabled() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(message.to_string());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}
