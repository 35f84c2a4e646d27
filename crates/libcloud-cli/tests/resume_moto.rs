//! `libcloud storage get` of a 256 MiB object whose connection is cut part way, against
//! moto (`LIBCLOUD_TEST_MOTO_ENDPOINT`) through a fault proxy: the download resumes
//! where it broke and arrives byte-identical; an object replaced between the cut and the
//! resume is an error, and the destination is left as it was.

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use cloud_test::fault_proxy::{Fault, FaultProxy, Match, Rule};
use common::Sandbox;
use libcloud::ObjectStorage;
use libcloud::drivers::cloud_s3::S3Storage;
use sha2::{Digest, Sha256};

const MIB: u64 = 1024 * 1024;
const OBJECT: u64 = 256 * MIB;
const CUT: u64 = 40 * MIB;

/// Writes `len` bytes of a pseudo-random sequence seeded by `seed`; their SHA-256.
fn write_random(path: &std::path::Path, len: u64, seed: u64) -> Vec<u8> {
    use std::io::Write;
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    let mut hash = Sha256::new();
    let mut x = seed | 1;
    let mut block = vec![0u8; MIB as usize];
    for _ in 0..len / MIB {
        for chunk in block.chunks_mut(8) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            chunk.copy_from_slice(&x.to_le_bytes()[..chunk.len()]);
        }
        hash.update(&block);
        file.write_all(&block).expect("write");
    }
    file.flush().expect("flush");
    hash.finalize().to_vec()
}

fn sha256_of(path: &std::path::Path) -> Vec<u8> {
    let mut file = std::fs::File::open(path).expect("open");
    let mut hash = Sha256::new();
    std::io::copy(&mut file, &mut hash).expect("read");
    hash.finalize().to_vec()
}

/// A bucket holding a 256 MiB object; `None` without moto.
async fn setup(prefix: &str) -> Option<(url::Url, S3Storage, String, Sandbox, Vec<u8>)> {
    let endpoint = cloud_test::guard::moto_endpoint()?;
    let s3 = common::moto::s3(&endpoint);
    let bucket = common::moto::unique(prefix);
    s3.create_container(&bucket).await.expect("create bucket");
    let sb = Sandbox::new();
    let src = sb.work("src.bin");
    let digest = write_random(&src, OBJECT, 0x9E37_79B9_7F4A_7C15);
    let target = format!("{bucket}/big.bin");
    common::moto::put(&sb, &endpoint, &src, &target);
    std::fs::remove_file(&src).expect("remove source");
    Some((endpoint, s3, bucket, sb, digest))
}

async fn cleanup(s3: &S3Storage, bucket: &str) {
    s3.delete_object(bucket, "big.bin").await.ok();
    s3.delete_container(bucket).await.expect("delete bucket");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_download_cut_twice_resumes_and_arrives_whole() {
    let Some((endpoint, s3, bucket, sb, digest)) = setup("resume").await else {
        return;
    };
    let cut_twice = Rule::times(Match::Method("GET"), Fault::CutBodyAfter(CUT), 2);
    let proxy = FaultProxy::start(&endpoint, vec![cut_twice]).await;
    let dest = sb.work("copy.bin");
    let target = format!("{bucket}/big.bin");
    let child = common::moto::s3_cli(
        &sb,
        &proxy.url(),
        &["storage", "get", &target, dest.to_str().unwrap()],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .expect("start get");
    let out = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .expect("join")
        .expect("run get");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(proxy.broken(), 2, "both cuts happened");
    assert_eq!(sha256_of(&dest), digest, "the file arrived byte-identical");
    let fetched = proxy.answer_bytes();
    assert!(
        fetched < OBJECT + OBJECT / 10,
        "fetched {fetched} bytes for a {OBJECT}-byte object"
    );
    cleanup(&s3, &bucket).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_object_replaced_before_the_resume_fails_and_leaves_the_destination() {
    let Some((endpoint, s3, bucket, sb, _)) = setup("replaced").await else {
        return;
    };
    let rules = vec![
        Rule::times(Match::Method("GET"), Fault::CutBodyAfter(CUT), 1),
        // The resume waits long enough for the object to be replaced meanwhile.
        Rule::times(
            Match::Method("GET"),
            Fault::Delay(Duration::from_secs(3)),
            1,
        ),
    ];
    let proxy = FaultProxy::start(&endpoint, rules).await;
    let dest = sb.work("earlier.bin");
    std::fs::write(&dest, b"the earlier file").expect("write earlier file");
    let target = format!("{bucket}/big.bin");
    let child = common::moto::s3_cli(
        &sb,
        &proxy.url(),
        &["storage", "get", &target, dest.to_str().unwrap()],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .expect("start get");
    let started = Instant::now();
    while proxy.broken() < 1 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no cut happened"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let replacement = sb.work("other.bin");
    write_random(&replacement, MIB, 7);
    common::moto::put(&sb, &endpoint, &replacement, &target);
    let out = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .expect("join")
        .expect("run get");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("error[conflict]"), "{stderr}");
    assert_eq!(
        std::fs::read(&dest).expect("read destination"),
        b"the earlier file",
        "the destination is untouched"
    );
    let leftovers: Vec<String> = common::file_names(&sb.work(""))
        .into_iter()
        .filter(|n| n.contains(".part"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    cleanup(&s3, &bucket).await;
}
