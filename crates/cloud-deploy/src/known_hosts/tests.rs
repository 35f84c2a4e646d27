//! known_hosts parsing and checking.

use russh::keys::PublicKey;

use super::hashed::hash_name;
use super::*;

// Public keys made with `ssh-keygen` for these tests (their private halves were thrown
// away): two ed25519 keys and an ECDSA one.
const KEY_A: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID74ZjNi/Li4bi6uEAesMUQkgvbcCgbkM6QhtqDXXD2Y";
const KEY_B: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGDHoNyAGV568rG1B4QuPZSAxGvNinlEitg/g4CJAaOR";
const KEY_C: &str = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBIzZkIqD7Mqlik2JwXoq3n+BZpRlnXeO9qIrEH8cNMAD60x5fG7q/EGwkpug4TzPjG8+2LenqClHw4MH9aWZ+uI=";

fn key(text: &str) -> PublicKey {
    PublicKey::from_openssh(text).unwrap()
}

#[test]
fn a_plain_entry_on_port_22_is_known() {
    let text = format!("# comment\n\nexample.org,192.0.2.1 {KEY_A} me@there\n");
    assert_eq!(
        check_text(&text, "192.0.2.1", 22, &key(KEY_A)),
        HostKeyStatus::Known
    );
    assert_eq!(
        check_text(&text, "EXAMPLE.org", 22, &key(KEY_A)),
        HostKeyStatus::Known
    );
    assert_eq!(
        check_text(&text, "example.net", 22, &key(KEY_A)),
        HostKeyStatus::Unknown
    );
}

#[test]
fn another_port_needs_the_bracketed_form() {
    let text = format!("127.0.0.1 {KEY_A}\n[127.0.0.1]:2222 {KEY_B}\n");
    assert_eq!(
        check_text(&text, "127.0.0.1", 2222, &key(KEY_B)),
        HostKeyStatus::Known
    );
    assert_eq!(
        check_text(&text, "127.0.0.1", 2222, &key(KEY_A)),
        HostKeyStatus::Changed { line: 2 }
    );
    assert_eq!(
        check_text(&text, "127.0.0.1", 2223, &key(KEY_A)),
        HostKeyStatus::Unknown
    );
    assert_eq!(
        check_text(&text, "127.0.0.1", 22, &key(KEY_B)),
        HostKeyStatus::Changed { line: 1 }
    );
}

#[test]
fn a_different_key_for_a_known_host_is_a_change() {
    let text = format!("host1 {KEY_B}\nhost2 {KEY_B}\nhost2 {KEY_A}\n");
    assert_eq!(
        check_text(&text, "host1", 22, &key(KEY_A)),
        HostKeyStatus::Changed { line: 1 }
    );
    // Any entry holding the key makes it known, as with OpenSSH.
    assert_eq!(
        check_text(&text, "host2", 22, &key(KEY_A)),
        HostKeyStatus::Known
    );
}

#[test]
fn hashed_entries_are_hmac_sha1_of_the_name_with_the_salt() {
    let salt = b"0123456789abcdefghij";
    let hashed = hash_name("[127.0.0.1]:2222", salt);
    assert!(
        hashed.starts_with("|1|MDEyMzQ1Njc4OWFiY2RlZmdoaWo=|"),
        "{hashed}"
    );
    let text = format!("{hashed} {KEY_A}\n");
    assert_eq!(
        check_text(&text, "127.0.0.1", 2222, &key(KEY_A)),
        HostKeyStatus::Known
    );
    assert_eq!(
        check_text(&text, "127.0.0.1", 2222, &key(KEY_B)),
        HostKeyStatus::Changed { line: 1 }
    );
    assert_eq!(
        check_text(&text, "127.0.0.1", 22, &key(KEY_A)),
        HostKeyStatus::Unknown
    );
}

#[test]
fn entries_hashed_by_ssh_keygen_are_understood() {
    // `ssh-keygen -H` output for `example.org KEY_B` and `[127.0.0.1]:2222 KEY_A`.
    let text = format!(
        "|1|mtmQLXfH16KCIlD727Pj98/Phhg=|nE8NN4aFGr7EAOddelNsN0Ha9P4= {KEY_B}\n\
         |1|0XK2BlBupQNtYhKDM6CM7XzRrwA=|GCmPkQQ0FnILwkcsLRWXZ6zw02w= {KEY_A}\n"
    );
    assert_eq!(
        check_text(&text, "example.org", 22, &key(KEY_B)),
        HostKeyStatus::Known
    );
    assert_eq!(
        check_text(&text, "127.0.0.1", 2222, &key(KEY_A)),
        HostKeyStatus::Known
    );
    assert_eq!(
        check_text(&text, "127.0.0.1", 2222, &key(KEY_C)),
        HostKeyStatus::Changed { line: 2 }
    );
    assert_eq!(
        check_text(&text, "example.net", 22, &key(KEY_B)),
        HostKeyStatus::Unknown
    );
    assert_eq!(
        check_text(&text, "127.0.0.1", 22, &key(KEY_A)),
        HostKeyStatus::Unknown
    );
}

#[test]
fn patterns_and_negations() {
    let text = format!("*.example.org,!bad.example.org {KEY_A}\n");
    assert_eq!(
        check_text(&text, "good.example.org", 22, &key(KEY_A)),
        HostKeyStatus::Known
    );
    assert_eq!(
        check_text(&text, "bad.example.org", 22, &key(KEY_A)),
        HostKeyStatus::Unknown
    );
}

#[test]
fn markers_and_bad_lines() {
    let text = format!(
        "@cert-authority *.example.org {KEY_B}\n@revoked * {KEY_A}\nnot a key line\n\
         host {KEY_B}\n@unknown-marker host {KEY_A}\n"
    );
    assert_eq!(
        check_text(&text, "host", 22, &key(KEY_A)),
        HostKeyStatus::Revoked { line: 2 }
    );
    assert_eq!(
        check_text(&text, "host", 22, &key(KEY_B)),
        HostKeyStatus::Known
    );
    assert_eq!(
        check_text(&text, "a.example.org", 22, &key(KEY_B)),
        HostKeyStatus::Unknown
    );
    assert_eq!(
        check_text(
            "garbage\u{0}\n|1|x|y ssh-ed25519 !!!\n",
            "host",
            22,
            &key(KEY_A)
        ),
        HostKeyStatus::Unknown
    );
}

#[test]
fn recording_uses_the_bracketed_form_and_is_found_again() {
    let dir = tempfile::tempdir().unwrap();
    let file = KnownHosts::new(dir.path().join("sub/known_hosts"));
    assert_eq!(
        file.check("127.0.0.1", 2222, &key(KEY_A)).unwrap(),
        HostKeyStatus::Unknown
    );
    file.record("127.0.0.1", 2222, &key(KEY_A)).unwrap();
    file.record("127.0.0.1", 2222, &key(KEY_A)).unwrap();
    file.record("Example.org", 22, &key(KEY_B)).unwrap();
    let text = std::fs::read_to_string(file.path()).unwrap();
    assert_eq!(
        text,
        format!("[127.0.0.1]:2222 {KEY_A}\nexample.org {KEY_B}\n")
    );
    assert_eq!(
        file.check("127.0.0.1", 2222, &key(KEY_A)).unwrap(),
        HostKeyStatus::Known
    );
}

#[test]
fn recording_after_a_line_without_newline_starts_a_new_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("known_hosts");
    std::fs::write(&path, format!("host {KEY_B}")).unwrap();
    KnownHosts::new(&path)
        .record("other", 22, &key(KEY_A))
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, format!("host {KEY_B}\nother {KEY_A}\n"));
}

#[test]
fn describe_shows_type_and_fingerprint() {
    let text = describe(&key(KEY_A));
    assert!(text.starts_with("ssh-ed25519 SHA256:"), "{text}");
    let text = describe(&key(KEY_C));
    assert!(text.starts_with("ecdsa-sha2-nistp256 SHA256:"), "{text}");
}
