//! A resumable upload of a few hundred MiB of unknown size through fake-gcs-server,
//! and its download: the bytes round trip, and this process's peak memory stays far
//! below the object's size. `LIBCLOUD_TEST_GCS_BIG_MIB` sets the size (default 256).

mod common;

use bytes::Bytes;
use cloud_core::storage::{ObjectStorage, PutOptions};
use common::{driver_with, fake_gcs, unique_bucket};
use futures::StreamExt;

const MIB: usize = 1024 * 1024;

/// Piece `i` of the body: 1 MiB of a pattern that differs from piece to piece.
fn piece(i: usize) -> Bytes {
    let seed = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    Bytes::from(
        (0..MIB)
            .map(|j| (seed.rotate_left((j % 64) as u32) as u8) ^ (j as u8))
            .collect::<Vec<u8>>(),
    )
}

/// The process's peak resident memory (`VmHWM`), in MiB.
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

#[tokio::test]
async fn a_large_resumable_upload_round_trips_in_bounded_memory() {
    let Some(endpoint) = fake_gcs() else { return };
    let mib: usize = std::env::var("LIBCLOUD_TEST_GCS_BIG_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    let d = driver_with(&endpoint, &[("chunk_size", "16MiB")]);
    let bucket = unique_bucket("big");
    d.create_container(&bucket).await.unwrap();
    let mut want_crc = 0u32;
    for i in 0..mib {
        want_crc = crc32c::crc32c_append(want_crc, &piece(i));
    }
    let body = futures::stream::iter((0..mib).map(|i| Ok(piece(i)))).boxed();
    let started = std::time::Instant::now();
    let meta = d
        .put_object(&bucket, "big.bin", body, &PutOptions::default())
        .await
        .unwrap();
    let up = started.elapsed();
    assert_eq!(meta.size, (mib * MIB) as u64);
    let started = std::time::Instant::now();
    let download = d.get_object(&bucket, "big.bin", None).await.unwrap();
    let (mut got, mut crc) = (0u64, 0u32);
    let mut body = download.body;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.unwrap();
        got += chunk.len() as u64;
        crc = crc32c::crc32c_append(crc, &chunk);
    }
    let down = started.elapsed();
    assert_eq!(got, meta.size);
    assert_eq!(crc, want_crc, "the bytes came back unchanged");
    let peak = peak_rss_mib();
    eprintln!("[cloud-gcs] {mib} MiB: upload {up:?}, download {down:?}, peak RSS {peak:?} MiB");
    if let Some(peak) = peak {
        assert!(peak < 160, "peak RSS {peak} MiB for a {mib} MiB object");
    }
    d.delete_object(&bucket, "big.bin").await.unwrap();
    d.delete_container(&bucket).await.unwrap();
}
