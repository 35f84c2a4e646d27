//! Keystone's configuration for the test OpenStack: SQLite, Fernet tokens, keys in the
//! run folder, cheap password hashing.

use std::path::Path;

/// How long an issued token stays valid, in seconds.
pub const TOKEN_EXPIRATION_SECONDS: u32 = 3600;

/// `keystone.conf` for a Keystone whose database, Fernet keys and credential keys all
/// live in `dir`. Passwords are hashed with bcrypt's lowest cost, so that the tests'
/// many logins stay cheap.
pub fn config(dir: &Path) -> String {
    let dir = dir.display();
    format!(
        "[DEFAULT]\n\
         debug = false\n\
         \n\
         [database]\n\
         connection = sqlite:///{dir}/keystone.db\n\
         \n\
         [identity]\n\
         password_hash_rounds = 4\n\
         \n\
         [token]\n\
         provider = fernet\n\
         expiration = {TOKEN_EXPIRATION_SECONDS}\n\
         \n\
         [fernet_tokens]\n\
         key_repository = {dir}/fernet-keys\n\
         \n\
         [fernet_receipts]\n\
         key_repository = {dir}/fernet-keys\n\
         \n\
         [credential]\n\
         key_repository = {dir}/credential-keys\n\
         \n\
         [cache]\n\
         enabled = false\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_lives_in_the_run_folder() {
        let text = config(Path::new("/run/os/keystone"));
        for line in [
            "connection = sqlite:////run/os/keystone/keystone.db",
            "provider = fernet",
            "expiration = 3600",
            "key_repository = /run/os/keystone/fernet-keys",
            "key_repository = /run/os/keystone/credential-keys",
            "password_hash_rounds = 4",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} missing:\n{text}");
        }
        assert!(!text.contains("/etc/keystone"));
    }
}
