//! Ctrl-C and SIGTERM during `libcloud storage put` of a multipart upload, against moto
//! (`LIBCLOUD_TEST_MOTO_ENDPOINT`): the CLI aborts the upload before it exits 130,
//! leaving neither a pending upload nor an object; a second signal quits at once.
//!
//! A fault proxy between the CLI and moto slows every part down, so the upload is
//! surely under way when the signal comes.
#![cfg(unix)]

mod common;

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use cloud_test::fault_proxy::{Fault, FaultProxy, Match, Rule};
use common::Sandbox;
use futures::TryStreamExt;
use libcloud::ObjectStorage;
use libcloud::drivers::cloud_s3::S3Storage;

const MIB: usize = 1024 * 1024;

/// The upload: 12 parts of 5 MiB, one at a time.
const OBJECT: usize = 60 * MIB;

/// `libcloud storage put FILE BUCKET/KEY` through `proxy`, started, not awaited.
fn start_put(sb: &Sandbox, proxy: &FaultProxy, file: &std::path::Path, target: &str) -> Child {
    let args = [
        "--set",
        "part_size=5MiB",
        "--set",
        "multipart_concurrency=1",
        "storage",
        "put",
        file.to_str().expect("utf-8 path"),
        target,
    ];
    common::moto::s3_cli(sb, &proxy.url(), &args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start libcloud")
}

fn signal(child: &Child, name: &str) {
    let status = std::process::Command::new("kill")
        .args([format!("-{name}"), child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{name} failed");
}

/// Waits (at most `limit`) for the child to exit; its code and stderr.
async fn wait_exit(mut child: Child, limit: Duration) -> (i32, String, Duration) {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("poll child") {
            let mut stderr = String::new();
            if let Some(mut pipe) = child.stderr.take() {
                std::io::Read::read_to_string(&mut pipe, &mut stderr).ok();
            }
            return (status.code().unwrap_or(-1), stderr, started.elapsed());
        }
        if started.elapsed() > limit {
            child.kill().ok();
            panic!("libcloud did not exit within {limit:?}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits until the proxy has seen `n` part uploads.
async fn parts_under_way(proxy: &FaultProxy, n: usize) {
    let started = Instant::now();
    // The bucket check and CreateMultipartUpload come first.
    while proxy.requests() < n + 2 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the upload never got going ({} requests)",
            proxy.requests()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn pending(s3: &S3Storage, bucket: &str) -> usize {
    s3.pending_uploads(bucket, None)
        .try_collect::<Vec<_>>()
        .await
        .expect("list uploads")
        .len()
}

/// A bucket on moto and a file to upload; `None` without moto.
async fn setup(prefix: &str) -> Option<(url::Url, S3Storage, String, Sandbox, std::path::PathBuf)> {
    let endpoint = cloud_test::guard::moto_endpoint()?;
    let s3 = common::moto::s3(&endpoint);
    let bucket = common::moto::unique(prefix);
    s3.create_container(&bucket).await.expect("create bucket");
    let sb = Sandbox::new();
    let file = sb.work("big.bin");
    let data: Vec<u8> = (0..OBJECT).map(|i| (i * 31 % 251) as u8).collect();
    std::fs::write(&file, data).expect("write file");
    Some((endpoint, s3, bucket, sb, file))
}

async fn interrupted_put_leaves_nothing(signal_name: &str) {
    let Some((endpoint, s3, bucket, sb, file)) = setup(&signal_name.to_lowercase()).await else {
        return;
    };
    let slow_parts = Rule::always(
        Match::PartsFrom(1),
        Fault::Delay(Duration::from_millis(400)),
    );
    let proxy = FaultProxy::start(&endpoint, vec![slow_parts]).await;
    let child = start_put(&sb, &proxy, &file, &format!("{bucket}/big.bin"));
    parts_under_way(&proxy, 2).await;
    assert_eq!(pending(&s3, &bucket).await, 1, "the upload is under way");
    signal(&child, signal_name);
    let (code, stderr, _) = wait_exit(child, Duration::from_secs(30)).await;
    assert_eq!(code, 130, "stderr: {stderr}");
    assert!(stderr.contains("cleaning up"), "{stderr}");
    assert_eq!(pending(&s3, &bucket).await, 0, "the upload was aborted");
    let err = s3.head_object(&bucket, "big.bin").await.unwrap_err();
    assert_eq!(err.kind(), libcloud::ErrorKind::NotFound);
    s3.delete_container(&bucket).await.expect("delete bucket");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_mid_upload_aborts_it_and_exits_130() {
    interrupted_put_leaves_nothing("INT").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_mid_upload_aborts_it_and_exits_130() {
    interrupted_put_leaves_nothing("TERM").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_ctrl_c_quits_at_once() {
    let Some((endpoint, s3, bucket, sb, file)) = setup("twice").await else {
        return;
    };
    let rules = vec![
        // The abort hangs, so the CLI is still cleaning up when the second signal comes.
        Rule::always(
            Match::MethodContaining("DELETE", "uploadId".into()),
            Fault::Delay(Duration::from_secs(60)),
        ),
        Rule::always(
            Match::PartsFrom(1),
            Fault::Delay(Duration::from_millis(400)),
        ),
    ];
    let proxy = FaultProxy::start(&endpoint, rules).await;
    let mut child = start_put(&sb, &proxy, &file, &format!("{bucket}/big.bin"));
    parts_under_way(&proxy, 2).await;
    signal(&child, "INT");
    // Read stderr to its end on a thread, passing each line on, so the child never
    // writes into a closed pipe.
    let stderr_pipe = child.stderr.take().expect("stderr");
    let (lines, said) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufRead::lines(std::io::BufReader::new(stderr_pipe)) {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = said
            .recv_timeout(left)
            .expect("stderr says it is cleaning up");
        if line.contains("cleaning up") {
            break;
        }
    }
    signal(&child, "INT");
    let (code, _, took) = wait_exit(child, Duration::from_secs(8)).await;
    assert_eq!(code, 130);
    assert!(took < Duration::from_secs(5), "took {took:?}: not at once");
    // The abort never got through: clean up what the test left.
    for upload in s3
        .pending_uploads(&bucket, None)
        .try_collect::<Vec<_>>()
        .await
        .expect("list uploads")
    {
        s3.abort_upload(&bucket, &upload.key, &upload.upload_id)
            .await
            .expect("abort");
    }
    s3.delete_container(&bucket).await.expect("delete bucket");
}
