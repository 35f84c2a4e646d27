//! Against the OpenSSH server `cargo xtask test` starts: uploads, scripts, commands,
//! key installs, failing steps and bounded output. The server runs on this machine, so
//! remote paths are in temporary folders the tests make and remove.

mod common;

use std::io::Write;
use std::time::Duration;

use cloud_core::ErrorKind;
use cloud_deploy::{Deployment, Identity, ScriptSource, SshClient, Step, codes};
use sha2::{Digest, Sha256};

/// 100 MiB of pseudo-random bytes written to `path` 1 MiB at a time; returns their
/// SHA-256 in hex.
fn write_big_file(path: &std::path::Path, mib: usize) -> String {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut hasher = Sha256::new();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut chunk = vec![0u8; 1 << 20];
    for _ in 0..mib {
        for word in chunk.chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            word.copy_from_slice(&state.to_le_bytes()[..word.len()]);
        }
        hasher.update(&chunk);
        file.write_all(&chunk).unwrap();
    }
    file.flush().unwrap();
    hex::encode(hasher.finalize())
}

#[tokio::test]
async fn a_100_mib_upload_arrives_whole_with_its_mode_in_new_folders() {
    let Some(sshd) = common::sshd() else { return };
    let local = tempfile::tempdir().unwrap();
    let remote = tempfile::tempdir().unwrap();
    let big = local.path().join("big.bin");
    let expected = write_big_file(&big, 100);
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&big, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let target_file = remote.path().join("new/nested/big.bin");
    let target_file = target_file.to_str().unwrap();
    let client = sshd.client(local.path());
    let deployment = Deployment::new(vec![
        Step::upload(&big, target_file),
        Step::command(format!("sha256sum {target_file}")),
        Step::command(format!("stat -c %a {target_file}")),
    ]);
    let steps = deployment
        .run(&client, &sshd.target)
        .await
        .into_result()
        .unwrap();
    assert_eq!(steps.len(), 3);
    assert_eq!(
        steps[0].step,
        format!("upload {} -> {target_file}", big.display())
    );
    assert!(steps[0].success && steps[0].exit_status.is_none());
    let remote_sum = steps[1].stdout.split_whitespace().next().unwrap();
    assert_eq!(remote_sum, expected, "checksum computed on the server");
    assert_eq!(steps[2].stdout.trim(), "640");
}

#[tokio::test]
async fn an_upload_takes_a_given_mode() {
    let Some(sshd) = common::sshd() else { return };
    let local = tempfile::tempdir().unwrap();
    let remote = tempfile::tempdir().unwrap();
    let file = local.path().join("a.txt");
    std::fs::write(&file, "hello\n").unwrap();
    let target = remote.path().join("a.txt");
    let client = sshd.client(local.path());
    let steps = Deployment::new(vec![Step::Upload {
        local: file.clone(),
        remote: target.to_str().unwrap().to_string(),
        mode: Some(0o751),
    }])
    .run(&client, &sshd.target)
    .await
    .into_result()
    .unwrap();
    assert!(steps[0].success);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "hello\n");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o751);
}

#[tokio::test]
async fn scripts_and_commands_report_output_status_and_environment() {
    let Some(sshd) = common::sshd() else { return };
    let local = tempfile::tempdir().unwrap();
    let script = local.path().join("setup.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\necho \"$GREETING, $1 and $2\"\necho warning >&2\nexit 0\n",
    )
    .unwrap();
    let client = sshd.client(local.path());
    let deployment = Deployment::new(vec![
        Step::Script {
            source: ScriptSource::File(script.clone()),
            args: vec!["a b".into(), "it's".into()],
            env: [("GREETING".to_string(), "hi 'there'".to_string())].into(),
        },
        Step::Script {
            source: ScriptSource::Text {
                name: "inline.sh".into(),
                text: "echo \"inline $0\" | sed 's#/tmp/libcloud-deploy-.*#TMP#'\n".into(),
            },
            args: Vec::new(),
            env: Default::default(),
        },
        Step::command("echo \"$A-$B\"; echo oops >&2; exit 0")
            .with_env("A", "x y")
            .with_env("B", "$HOME"),
    ]);
    let steps = deployment
        .run(&client, &sshd.target)
        .await
        .into_result()
        .unwrap();
    let labels: Vec<&str> = steps.iter().map(|s| s.step.as_str()).collect();
    assert_eq!(
        labels,
        [
            "script setup.sh",
            "script inline.sh",
            "run 'echo \"$A-$B\"; echo oops >&2; exit 0'"
        ]
    );
    assert_eq!(steps[0].stdout, "hi 'there', a b and it's\n");
    assert_eq!(steps[0].stderr, "warning\n");
    assert_eq!(steps[0].exit_status, Some(0));
    assert_eq!(steps[1].stdout, "inline TMP\n");
    assert_eq!(steps[2].stdout, "x y-$HOME\n");
    assert_eq!(steps[2].stderr, "oops\n");
    for step in &steps {
        assert!(step.success && step.stdout_dropped == 0 && step.stderr_dropped == 0);
    }
    let json = serde_json::to_value(&steps[0]).unwrap();
    for field in ["step", "exit_status", "stdout", "stderr", "duration_ms"] {
        assert!(json.get(field).is_some(), "{field} in {json}");
    }
}

#[tokio::test]
async fn a_failing_step_stops_the_deployment_and_is_named() {
    let Some(sshd) = common::sshd() else { return };
    let local = tempfile::tempdir().unwrap();
    let remote = tempfile::tempdir().unwrap();
    let marker = remote.path().join("later-step-ran");
    let client = sshd.client(local.path());
    let deployment = Deployment::new(vec![
        Step::command("echo first"),
        Step::Script {
            source: ScriptSource::Text {
                name: "fail.sh".into(),
                text: "#!/bin/sh\necho failing >&2\nexit 3\n".into(),
            },
            args: Vec::new(),
            env: Default::default(),
        },
        Step::command(format!("touch {}", marker.display())),
    ]);
    let outcome = deployment.run(&client, &sshd.target).await;
    assert_eq!(outcome.steps.len(), 2, "the third step never ran");
    assert_eq!(outcome.steps[0].stdout, "first\n");
    assert_eq!(outcome.steps[1].exit_status, Some(3));
    assert_eq!(outcome.steps[1].stderr, "failing\n");
    assert!(!outcome.steps[1].success);
    let err = outcome.error.as_ref().unwrap();
    assert_eq!(err.code(), Some(codes::STEP_FAILED));
    assert_eq!(
        err.to_string(),
        "ssh deploy: StepFailed: step script fail.sh failed: exit status 3"
    );
    assert!(!marker.exists());
    let left: Vec<_> = std::fs::read_dir("/tmp")
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!("libcloud-deploy-{}-", std::process::id()))
        })
        .collect();
    assert!(left.is_empty(), "the script was removed: {left:?}");
}

#[tokio::test]
async fn an_upload_of_a_missing_file_fails_its_step() {
    let Some(sshd) = common::sshd() else { return };
    let local = tempfile::tempdir().unwrap();
    let client = sshd.client(local.path());
    let missing = local.path().join("missing.txt");
    let outcome = Deployment::new(vec![
        Step::upload(&missing, "/tmp/never"),
        Step::command("true"),
    ])
    .run(&client, &sshd.target)
    .await;
    assert_eq!(outcome.steps.len(), 1);
    let error = outcome.steps[0].error.as_deref().unwrap();
    assert!(error.starts_with("cannot open "), "{error}");
    let err = outcome.error.unwrap();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().contains("step upload "), "{err}");
}

#[tokio::test]
async fn long_output_keeps_its_tail_and_counts_the_rest() {
    let Some(sshd) = common::sshd() else { return };
    let local = tempfile::tempdir().unwrap();
    let mut options = sshd.options(local.path());
    options.output_limit = 1000;
    let client = SshClient::new(options).unwrap();
    let steps = Deployment::new(vec![Step::command(
        "head -c 300000 /dev/zero | tr '\\0' a; printf END; head -c 5000 /dev/zero | tr '\\0' e >&2",
    )])
    .run(&client, &sshd.target)
    .await
    .into_result()
    .unwrap();
    assert_eq!(steps[0].stdout.len(), 1000);
    assert!(steps[0].stdout.ends_with("aaaEND"));
    assert_eq!(steps[0].stdout_dropped, 300_003 - 1000);
    assert_eq!(steps[0].stderr.len(), 1000);
    assert_eq!(steps[0].stderr_dropped, 4000);
}

#[tokio::test]
async fn a_step_past_its_timeout_fails_as_a_timeout() {
    let Some(sshd) = common::sshd() else { return };
    let local = tempfile::tempdir().unwrap();
    let mut options = sshd.options(local.path());
    options.step_timeout = Duration::from_millis(500);
    let client = SshClient::new(options).unwrap();
    let started = std::time::Instant::now();
    let outcome = Deployment::new(vec![Step::command("sleep 10")])
        .run(&client, &sshd.target)
        .await;
    assert!(started.elapsed() < Duration::from_secs(8));
    let step = &outcome.steps[0];
    assert_eq!(step.error.as_deref(), Some("did not finish within 500ms"));
    let err = outcome.error.unwrap();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert_eq!(
        err.to_string(),
        "ssh deploy: StepFailed: step run 'sleep 10' failed: did not finish within 500ms"
    );
}

#[tokio::test]
async fn an_installed_key_lets_its_owner_in() {
    let Some(sshd) = common::sshd() else { return };
    let local = tempfile::tempdir().unwrap();
    let key = common::keygen(local.path(), "installed", "ed25519", "");
    let public_key = std::fs::read_to_string(common::public(&key)).unwrap();
    let client = sshd.client(local.path());
    let steps = Deployment::new(vec![Step::InstallAuthorizedKey {
        public_key: public_key.clone(),
        path: Some(sshd.authorized_keys.to_str().unwrap().to_string()),
    }])
    .run(&client, &sshd.target)
    .await
    .into_result()
    .unwrap();
    assert!(steps[0].step.starts_with("install key ssh-ed25519 SHA256:"));
    let newcomer = SshClient::new(sshd.options_with(local.path(), Identity::KeyFile(key))).unwrap();
    let steps = Deployment::new(vec![Step::command("echo in")])
        .run(&newcomer, &sshd.target)
        .await
        .into_result()
        .unwrap();
    assert_eq!(steps[0].stdout, "in\n");

    // Into a fresh home-like folder: 0700 folder, 0600 file, one line however often.
    let remote = tempfile::tempdir().unwrap();
    let file = remote.path().join("home/.ssh/authorized_keys");
    let install = Step::InstallAuthorizedKey {
        public_key,
        path: Some(file.to_str().unwrap().to_string()),
    };
    Deployment::new(vec![install.clone(), install])
        .run(&client, &sshd.target)
        .await
        .into_result()
        .unwrap();
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(file.parent().unwrap()), 0o700);
    assert_eq!(std::fs::read_to_string(&file).unwrap().lines().count(), 1);
}
