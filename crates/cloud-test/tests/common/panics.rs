//! Running a future that must panic, and reading its message.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures::FutureExt;

/// Runs `fut`, which must panic, and returns the panic message.
pub async fn panic_message<F: Future>(fut: F) -> String {
    let payload = match AssertUnwindSafe(fut).catch_unwind().await {
        Ok(_) => panic!("expected the future to panic, but it finished"),
        Err(payload) => payload,
    };
    if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else {
        panic!("the panic payload is neither a String nor a &str")
    }
}
