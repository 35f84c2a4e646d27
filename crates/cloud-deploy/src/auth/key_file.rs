//! Reading a private key file.

use std::path::Path;

use cloud_core::{Error, ErrorKind, Result};
use russh::keys::{self, PrivateKey};

use super::PassphraseSource;
use crate::errors::{PROVIDER_ID, codes, ssh_error};

/// The key in `path`, decrypted with a passphrase from `passphrase` when encrypted.
///
/// Fails with `NotFound`/`Io` when the file cannot be read, `PassphraseNeeded`
/// (`InvalidCredentials`) when the key is encrypted and no passphrase is available,
/// and `InvalidCredentials` when the passphrase is wrong; never with key material in
/// the message.
pub(crate) fn load_key(path: &Path, passphrase: &PassphraseSource) -> Result<PrivateKey> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::io(format!("cannot read key {shown}"), e).in_context(PROVIDER_ID, "load_key")
    })?;
    match keys::decode_secret_key(&text, None) {
        Ok(key) => return Ok(key),
        Err(keys::Error::KeyIsEncrypted) => {}
        Err(e) => {
            return Err(ssh_error(
                ErrorKind::InvalidInput,
                "load_key",
                format!("{shown} is not a private key this client reads: {e}"),
            ));
        }
    }
    let Some(secret) = passphrase.get(&shown) else {
        return Err(ssh_error(
            ErrorKind::InvalidCredentials,
            "load_key",
            format!(
                "key {shown} is encrypted: set {} to its passphrase, or run on a terminal \
                 to be asked for it",
                passphrase.env_var
            ),
        )
        .with_code(codes::PASSPHRASE_NEEDED));
    };
    keys::decode_secret_key(&text, Some(secret.expose())).map_err(|_| {
        ssh_error(
            ErrorKind::InvalidCredentials,
            "load_key",
            format!("cannot decrypt key {shown}: wrong passphrase"),
        )
    })
}
