//! Downloads in ranged parts, live against Azurite: a blob read four requests at a time
//! comes back whole in bounded memory, parts whose connections are cut (through the
//! fault proxy) are resumed, and a part corrupted on the way fails the blob's MD5
//! (`cargo xtask test -- -p cloud-azure-blob`; without the emulator each test prints a
//! note and passes).

mod common;

use bytes::Bytes;
use cloud_core::Result;
use cloud_core::storage::{ObjectStorage, PutOptions};
use cloud_test::fault_proxy::{Fault, FaultProxy, Match, Rule};
use common::{azurite, driver, driver_with, peak_rss_mib, through, unique_container};
use futures::StreamExt;
use sha2::{Digest, Sha256};

const MIB: usize = 1024 * 1024;

/// `len` bytes that differ from position to position.
fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 13 + i / 4093) as u8).collect()
}

/// Four ranged requests at once, in parts of 1 MiB.
const IN_PARTS: [(&str, &str); 2] = [
    ("download_part_size", "1MiB"),
    ("download_concurrency", "4"),
];

async fn put(d: &impl ObjectStorage, c: &str, key: &str, bytes: &[u8]) {
    let body = futures::stream::iter([Ok(Bytes::copy_from_slice(bytes))]).boxed();
    let options = PutOptions {
        size: Some(bytes.len() as u64),
        ..PutOptions::default()
    };
    d.put_object(c, key, body, &options).await.unwrap();
}

/// The SHA-256 and length of what the download brought, or its error.
async fn fetch(d: &impl ObjectStorage, c: &str, key: &str) -> Result<(String, u64)> {
    let mut body = d.get_object(c, key, None).await?.body;
    let mut sha = Sha256::new();
    let mut n = 0;
    while let Some(chunk) = body.next().await {
        let chunk = chunk?;
        n += chunk.len() as u64;
        sha.update(&chunk);
    }
    Ok((hex::encode(sha.finalize()), n))
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Piece `i` of a large blob: 1 MiB that differs from piece to piece.
fn piece(i: usize) -> Bytes {
    Bytes::from(
        (0..MIB)
            .map(|j| (i * 31 + j * 7 + j / 509) as u8)
            .collect::<Vec<u8>>(),
    )
}

#[tokio::test]
async fn a_blob_read_in_parts_comes_back_whole_in_bounded_memory() {
    let Some(endpoint) = azurite() else { return };
    let d = driver_with(&endpoint, &IN_PARTS);
    let c = unique_container("parts");
    d.create_container(&c).await.unwrap();
    let pieces = 96;
    let mut want = Sha256::new();
    (0..pieces).for_each(|i| want.update(piece(i)));
    let want = (hex::encode(want.finalize()), (pieces * MIB) as u64);
    let body = futures::stream::iter((0..pieces).map(|i| Ok(piece(i)))).boxed();
    let options = PutOptions {
        size: Some(want.1),
        ..PutOptions::default()
    };
    d.put_object(&c, "parts.bin", body, &options).await.unwrap();
    let before = peak_rss_mib().unwrap_or(0);
    assert_eq!(fetch(&d, &c, "parts.bin").await.unwrap(), want);
    let peak = peak_rss_mib().unwrap_or(0);
    eprintln!("96 MiB in parts: peak RSS {peak} MiB ({before} MiB before the download)");
    // Four parts of 1 MiB in flight, whatever the blob's size.
    assert!(
        peak < before + 32,
        "peak RSS {peak} MiB, {before} MiB before"
    );
    d.delete_object(&c, "parts.bin").await.unwrap();
    d.delete_container(&c).await.unwrap();
}

#[tokio::test]
async fn parts_whose_connections_are_cut_are_resumed() {
    let Some(endpoint) = azurite() else { return };
    let c = unique_container("cutparts");
    let direct = driver(&endpoint);
    direct.create_container(&c).await.unwrap();
    let bytes = data(9 * MIB + 5);
    put(&direct, &c, "cut.bin", &bytes).await;

    let proxy = FaultProxy::start(&endpoint, Vec::new()).await;
    let d = driver_with(&through(&proxy, &endpoint), &IN_PARTS);
    proxy.set_rules(vec![Rule::every(
        Match::Method("GET"),
        Fault::CutBodyAfter(300_000),
        3,
    )]);
    let got = fetch(&d, &c, "cut.bin").await.unwrap();
    assert_eq!(got, (sha(&bytes), bytes.len() as u64));
    assert!(
        proxy.broken() >= 2,
        "the proxy cut {} bodies",
        proxy.broken()
    );
    direct.delete_object(&c, "cut.bin").await.unwrap();
    direct.delete_container(&c).await.unwrap();
}

#[tokio::test]
async fn a_part_corrupted_on_the_way_fails_the_blob_md5() {
    let Some(endpoint) = azurite() else { return };
    let c = unique_container("badpart");
    let direct = driver(&endpoint);
    direct.create_container(&c).await.unwrap();
    let bytes = data(6 * MIB);
    put(&direct, &c, "bad.bin", &bytes).await;

    let proxy = FaultProxy::start(&endpoint, Vec::new()).await;
    let d = driver_with(&through(&proxy, &endpoint), &IN_PARTS);
    // The fourth request is a part after the first answer.
    proxy.set_rules(vec![Rule::every(
        Match::Method("GET"),
        Fault::CorruptBody,
        4,
    )]);
    let err = fetch(&d, &c, "bad.bin").await.unwrap_err();
    assert_eq!(err.code(), Some("ChecksumMismatch"), "{err}");
    direct.delete_object(&c, "bad.bin").await.unwrap();
    direct.delete_container(&c).await.unwrap();
}
