//! What the `parse_answers` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs`: the first byte picks a parser of the Azure credentials
//! crate (a token answer; an error answer with an HTTP status; an Azure CLI MSAL token
//! cache, then a token looked up in it; a certificate PEM file), the rest is the input.
//! A parser may reject the input, but must never panic.

use std::time::{Duration, SystemTime};

use cloud_azure_auth::{
    CliTokenQuery, ClientCertificate, find_cli_token, parse_error_answer, parse_msal_cache,
    parse_token_answer,
};

/// Feeds one input to the parser its first byte picks.
pub fn feed(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    match selector % 4 {
        0 => {
            if let Ok(answer) = parse_token_answer(body, "fuzz") {
                drop(answer.into_access_token(SystemTime::UNIX_EPOCH + Duration::from_secs(1)));
            }
        }
        1 => drop(parse_error_answer(
            400 + u16::from(selector) % 200,
            body,
            "fuzz",
        )),
        2 => {
            if let Ok(tokens) = parse_msal_cache(body, "fuzz") {
                let query = CliTokenQuery {
                    scope: "https://management.azure.com/.default",
                    tenant: None,
                    environments: &[],
                };
                drop(find_cli_token(&tokens, &query, SystemTime::UNIX_EPOCH));
            }
        }
        _ => {
            if let Ok(text) = std::str::from_utf8(body) {
                drop(ClientCertificate::from_pem(text, "fuzz"));
            }
        }
    }
}
