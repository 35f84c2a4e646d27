//! What the `parse_credentials` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs`: the first byte picks a parser of the Google credentials
//! crate (a credentials file, whose service-account key is then loaded; a token answer;
//! an error answer with an HTTP status), the rest is the input. A parser may reject the
//! input, but must never panic.

use cloud_google_auth::{
    CredentialsFile, ServiceAccountSigner, parse_credentials_file, parse_error_answer,
    parse_token_answer,
};

/// Feeds one input to the parser its first byte picks.
pub fn feed(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    match selector % 3 {
        0 => {
            if let Ok(CredentialsFile::ServiceAccount(key)) = parse_credentials_file(body, "fuzz") {
                drop(ServiceAccountSigner::from_pem(
                    key.client_email,
                    key.private_key_id,
                    &key.private_key,
                ));
            }
        }
        1 => drop(parse_token_answer(body, "fuzz")),
        _ => drop(parse_error_answer(
            400 + u16::from(selector) % 200,
            body,
            "fuzz",
        )),
    }
}
