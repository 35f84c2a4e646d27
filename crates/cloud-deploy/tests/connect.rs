//! Connecting to the OpenSSH server `cargo xtask test` starts: host keys (unknown,
//! recorded, changed), client keys (ed25519, RSA, ECDSA, encrypted, wrong, agent), and a
//! server that never sends its banner.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use cloud_core::{ErrorKind, Secret};
use cloud_deploy::{
    Deployment, Identity, PASSPHRASE_ENV, SshClient, SshOptions, SshTarget, Step, codes,
};

/// A deployment that would leave `marker` behind if it ran.
fn touching(marker: &std::path::Path) -> Deployment {
    Deployment::new(vec![Step::command(format!("touch {}", marker.display()))])
}

#[tokio::test]
async fn an_unknown_host_key_is_refused_and_nothing_runs() {
    let Some(sshd) = common::sshd() else { return };
    let local = tempfile::tempdir().unwrap();
    let marker = local.path().join("ran");
    let mut options = sshd.options(local.path());
    options.known_hosts = local.path().join("empty_known_hosts");
    let client = SshClient::new(options).unwrap();
    let outcome = touching(&marker).run(&client, &sshd.target).await;
    assert!(outcome.steps.is_empty());
    let err = outcome.error.unwrap();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    assert_eq!(err.code(), Some(codes::HOST_KEY_UNKNOWN));
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "ssh connect: HostKeyUnknown: the host key of [127.0.0.1]:{} (ssh-ed25519 SHA256:",
            sshd.target.port
        )),
        "{text}"
    );
    assert!(!text.contains('\n'));
    assert!(!marker.exists());
    assert!(!local.path().join("empty_known_hosts").exists());
}

#[tokio::test]
async fn a_new_host_key_is_recorded_when_accepted_then_known() {
    let Some(sshd) = common::sshd() else { return };
    let local = tempfile::tempdir().unwrap();
    let known_hosts = local.path().join("fresh/known_hosts");
    let mut options = sshd.options(local.path());
    options.known_hosts = known_hosts.clone();
    options.accept_new_host_key = true;
    let client = SshClient::new(options.clone()).unwrap();
    Deployment::new(vec![Step::command("true")])
        .run(&client, &sshd.target)
        .await
        .into_result()
        .unwrap();
    let recorded = std::fs::read_to_string(&known_hosts).unwrap();
    assert_eq!(
        recorded,
        format!("[127.0.0.1]:{} {}\n", sshd.target.port, sshd.host_key)
    );
    options.accept_new_host_key = false;
    let strict = SshClient::new(options).unwrap();
    Deployment::new(vec![Step::command("true")])
        .run(&strict, &sshd.target)
        .await
        .into_result()
        .unwrap();
    assert_eq!(std::fs::read_to_string(&known_hosts).unwrap(), recorded);
}

#[tokio::test]
async fn a_changed_host_key_is_refused_even_when_accepting_new_ones() {
    let Some(sshd) = common::sshd() else { return };
    let local = tempfile::tempdir().unwrap();
    let marker = local.path().join("ran");
    let other = common::keygen(local.path(), "other_host", "ed25519", "");
    let other_key = std::fs::read_to_string(common::public(&other)).unwrap();
    let other_key: Vec<&str> = other_key.split_whitespace().take(2).collect();
    let known_hosts = local.path().join("known_hosts_changed");
    let line = format!(
        "# reinstalled?\n[127.0.0.1]:{} {}\n",
        sshd.target.port,
        other_key.join(" ")
    );
    std::fs::write(&known_hosts, &line).unwrap();
    let mut options = sshd.options(local.path());
    options.known_hosts = known_hosts.clone();
    options.accept_new_host_key = true;
    let client = SshClient::new(options).unwrap();
    let outcome = touching(&marker).run(&client, &sshd.target).await;
    let err = outcome.error.unwrap();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    assert_eq!(err.code(), Some(codes::HOST_KEY_CHANGED));
    assert!(
        err.to_string().ends_with(&format!(
            "differs from the one recorded in {} line 2: refusing to connect",
            known_hosts.display()
        )),
        "{err}"
    );
    assert!(outcome.steps.is_empty() && !marker.exists());
    assert_eq!(std::fs::read_to_string(&known_hosts).unwrap(), line);
}

#[tokio::test]
async fn a_hashed_known_hosts_entry_is_trusted() {
    let Some(sshd) = common::sshd() else { return };
    let local = tempfile::tempdir().unwrap();
    let options = sshd.options(local.path());
    let status = std::process::Command::new("ssh-keygen")
        .arg("-H")
        .arg("-f")
        .arg(&options.known_hosts)
        .output()
        .unwrap();
    assert!(status.status.success());
    let text = std::fs::read_to_string(&options.known_hosts).unwrap();
    assert!(text.starts_with("|1|"), "{text}");
    let client = SshClient::new(options).unwrap();
    Deployment::new(vec![Step::command("true")])
        .run(&client, &sshd.target)
        .await
        .into_result()
        .unwrap();
}

#[tokio::test]
async fn a_key_the_server_does_not_know_is_refused_in_one_line() {
    let Some(sshd) = common::sshd() else { return };
    let local = tempfile::tempdir().unwrap();
    let marker = local.path().join("ran");
    let stranger = common::keygen(local.path(), "stranger", "ed25519", "");
    let options = sshd.options_with(local.path(), Identity::KeyFile(stranger.clone()));
    let client = SshClient::new(options).unwrap();
    let outcome = touching(&marker).run(&client, &sshd.target).await;
    let err = outcome.error.unwrap();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert_eq!(err.code(), Some(codes::AUTH_FAILED));
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "ssh connect: AuthFailed: {} refused user root with key {} (ssh-ed25519 SHA256:",
            sshd.target,
            stranger.display()
        )),
        "{text}"
    );
    let private = std::fs::read_to_string(&stranger).unwrap();
    let body: String = private.lines().nth(1).unwrap().chars().take(40).collect();
    assert!(!format!("{text}{err:?}{client:?}").contains(&body));
    assert!(outcome.steps.is_empty() && !marker.exists());
}

#[tokio::test]
async fn rsa_and_ecdsa_keys_log_in() {
    let Some(sshd) = common::sshd() else { return };
    let local = tempfile::tempdir().unwrap();
    for kind in ["rsa", "ecdsa"] {
        let key = common::keygen(local.path(), &format!("key_{kind}"), kind, "");
        sshd.authorize(&common::public(&key));
        let client =
            SshClient::new(sshd.options_with(local.path(), Identity::KeyFile(key))).unwrap();
        let steps = Deployment::new(vec![Step::command(format!("echo {kind}"))])
            .run(&client, &sshd.target)
            .await
            .into_result()
            .unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert_eq!(steps[0].stdout, format!("{kind}\n"));
    }
}

#[tokio::test]
async fn an_encrypted_key_needs_its_passphrase() {
    let Some(sshd) = common::sshd() else { return };
    let local = tempfile::tempdir().unwrap();
    let key = common::keygen(local.path(), "locked", "ed25519", "pass");
    sshd.authorize(&common::public(&key));

    let mut options = sshd.options_with(local.path(), Identity::KeyFile(key.clone()));
    let err = SshClient::new(options.clone()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert_eq!(err.code(), Some(codes::PASSPHRASE_NEEDED));
    assert_eq!(
        err.to_string(),
        format!(
            "ssh load_key: PassphraseNeeded: key {} is encrypted: set {PASSPHRASE_ENV} to its \
             passphrase, or run on a terminal to be asked for it",
            key.display()
        )
    );

    options.passphrase = common::passphrases(&[(PASSPHRASE_ENV, "wrong")]);
    let err = SshClient::new(options.clone()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert!(err.to_string().ends_with("wrong passphrase"), "{err}");
    assert!(!format!("{err} {err:?}").contains("wrong\""));

    options.passphrase = common::passphrases(&[(PASSPHRASE_ENV, "pass")]);
    let client = SshClient::new(options.clone()).unwrap();
    let steps = Deployment::new(vec![Step::command("echo unlocked")])
        .run(&client, &sshd.target)
        .await
        .into_result()
        .unwrap();
    assert_eq!(steps[0].stdout, "unlocked\n");
    assert!(!format!("{client:?} {options:?}").contains("pass\""));

    let asked = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = asked.clone();
    options.passphrase = common::passphrases(&[]).with_prompt(Arc::new(move |text: &str| {
        seen.lock().unwrap().push(text.to_string());
        Some(Secret::new("pass"))
    }));
    SshClient::new(options).unwrap();
    assert_eq!(
        *asked.lock().unwrap(),
        [format!("Passphrase for {}: ", key.display())]
    );
}

#[tokio::test]
async fn the_agent_signs_for_a_key_it_holds() {
    let Some(sshd) = common::sshd() else { return };
    let local = tempfile::tempdir().unwrap();
    let key = common::keygen(local.path(), "agent_key", "ed25519", "");
    sshd.authorize(&common::public(&key));
    let socket = local.path().join("agent.sock");
    let mut agent = std::process::Command::new("ssh-agent")
        .arg("-D")
        .arg("-a")
        .arg(&socket)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("ssh-agent runs (it comes with OpenSSH)");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !socket.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let added = std::process::Command::new("ssh-add")
        .arg(&key)
        .env("SSH_AUTH_SOCK", &socket)
        .output()
        .unwrap();
    assert!(added.status.success(), "{added:?}");
    let options = sshd.options_with(local.path(), Identity::Agent(Some(socket.clone())));
    let client = SshClient::new(options).unwrap();
    let outcome = Deployment::new(vec![Step::command("echo agent")])
        .run(&client, &sshd.target)
        .await;
    let _ = agent.kill();
    let _ = agent.wait();
    let steps = outcome.into_result().unwrap();
    assert_eq!(steps[0].stdout, "agent\n");
}

#[tokio::test]
async fn a_server_that_never_sends_its_banner_times_out() {
    let local = tempfile::tempdir().unwrap();
    let Ok(keygen) = std::process::Command::new("ssh-keygen").arg("-?").output() else {
        println!("skipped: ssh-keygen is not installed (OpenSSH's client tools)");
        return;
    };
    drop(keygen);
    let key = common::keygen(local.path(), "any", "ed25519", "");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let held = tokio::spawn(async move {
        let mut sockets = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            sockets.push(socket);
        }
    });
    let mut options = SshOptions::new("root", Identity::KeyFile(key));
    options.known_hosts = local.path().join("known_hosts");
    options.passphrase = common::passphrases(&[]);
    options.connect_timeout = Duration::from_millis(800);
    let client = SshClient::new(options).unwrap();
    let started = Instant::now();
    let err = client
        .connect(&SshTarget::new("127.0.0.1", port))
        .await
        .unwrap_err();
    let took = started.elapsed();
    held.abort();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert!(
        took >= Duration::from_millis(700) && took < Duration::from_secs(3),
        "{took:?}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "ssh connect: 127.0.0.1:{port} did not complete the SSH banner, key exchange and \
             authentication within 800ms"
        )
    );
}

#[tokio::test]
async fn a_closed_port_is_a_transport_error() {
    let local = tempfile::tempdir().unwrap();
    let key = local.path().join("unused");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let mut options = SshOptions::new("root", Identity::KeyFile(key));
    options.known_hosts = local.path().join("known_hosts");
    let err = SshClient::new(options.clone()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "a missing key file: {err}");
    options.identity = Identity::Agent(Some(local.path().join("no-agent.sock")));
    let client = SshClient::new(options).unwrap();
    let err = client
        .connect(&SshTarget::new("127.0.0.1", port))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert!(
        err.to_string().starts_with(&format!(
            "ssh connect: cannot connect to 127.0.0.1:{port}: "
        )),
        "{err}"
    );
}
