//! Object storage commands against the local provider.

mod common;

use std::io::Write;
use std::path::Path;

use common::{Sandbox, file_names};
use sha2::{Digest, Sha256};

const SIZE: usize = 32 * 1024 * 1024;

/// Writes `len` bytes of a fixed pseudo-random sequence (xorshift), so a mixed-up chunk
/// order would change the hash.
fn write_pattern(path: &Path, len: usize) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("create file"));
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut buf = Vec::with_capacity(64 * 1024);
    let mut left = len;
    while left > 0 {
        buf.clear();
        while buf.len() < 64 * 1024 && buf.len() < left {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            buf.extend_from_slice(&x.to_le_bytes());
        }
        buf.truncate(left.min(buf.len()));
        file.write_all(&buf).expect("write file");
        left -= buf.len();
    }
    file.flush().expect("flush file");
}

fn sha256(path: &Path) -> String {
    let mut hasher = Sha256::new();
    let mut file = std::fs::File::open(path).expect("open file");
    std::io::copy(&mut file, &mut hasher).expect("hash file");
    format!("{:x}", hasher.finalize())
}

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

#[test]
fn put_get_ls_rm_round_trip() {
    let sb = Sandbox::new();
    let created = sb.json(&["storage", "containers", "create", "bucket"]);
    assert_eq!(created["name"], "bucket");
    let containers = sb.json(&["storage", "containers", "list"]);
    assert_eq!(containers[0]["name"], "bucket", "{containers}");

    let src = sb.work("big.bin");
    write_pattern(&src, SIZE);
    let meta = sb.json(&[
        "storage",
        "put",
        s(&src),
        "bucket/data/big.bin",
        "--content-type",
        "application/x-test",
    ]);
    assert_eq!(meta["name"], "data/big.bin");
    assert_eq!(meta["size"], SIZE as u64);

    let listed = sb.json(&["storage", "ls", "bucket"]);
    let entries = listed.as_array().expect("array");
    assert_eq!(entries.len(), 1, "{listed}");
    assert_eq!(entries[0]["type"], "object");
    assert_eq!(entries[0]["name"], "data/big.bin");
    assert_eq!(entries[0]["size"], SIZE as u64);

    let grouped = sb.json(&["storage", "ls", "bucket", "--delimiter", "/"]);
    assert_eq!(grouped[0]["type"], "prefix", "{grouped}");
    assert_eq!(grouped[0]["prefix"], "data/");

    let dst = sb.work("copy.bin");
    sb.run(&["storage", "get", "bucket/data/big.bin", s(&dst)])
        .ok();
    assert_eq!(
        std::fs::metadata(&dst).expect("downloaded").len(),
        SIZE as u64
    );
    assert_eq!(sha256(&dst), sha256(&src));

    // Into a directory: the key's last segment names the file.
    let dir = sb.work("downloads");
    std::fs::create_dir(&dir).expect("mkdir");
    sb.run(&["storage", "get", "bucket/data/big.bin", s(&dir)])
        .ok();
    assert_eq!(sha256(&dir.join("big.bin")), sha256(&src));
    assert_eq!(file_names(&dir), ["big.bin"], "no temporary files left");

    let table = sb.run(&["storage", "ls", "bucket"]).ok().stdout;
    assert!(table.contains("data/big.bin"), "{table}");

    sb.run(&["storage", "rm", "bucket/data/big.bin"]).ok();
    assert_eq!(sb.json(&["storage", "ls", "bucket"]), serde_json::json!([]));
    sb.run(&["storage", "containers", "delete", "bucket"]).ok();
    assert_eq!(
        sb.json(&["storage", "containers", "list"]),
        serde_json::json!([])
    );
}

#[test]
fn failed_download_keeps_the_earlier_file() {
    let sb = Sandbox::new();
    sb.run(&["storage", "containers", "create", "bucket"]).ok();
    let dst = sb.work("keep.txt");
    std::fs::write(&dst, b"earlier contents").expect("write");
    let run = sb.run(&["storage", "get", "bucket/missing.txt", s(&dst)]);
    let line = run.failed_with_kind(1, "not_found");
    assert!(line.contains("missing.txt"), "{line}");
    assert_eq!(std::fs::read(&dst).expect("read"), b"earlier contents");
    assert_eq!(
        file_names(&sb.work("")),
        ["keep.txt"],
        "no temporary files left"
    );

    let fresh = sb.work("fresh.txt");
    sb.run(&["storage", "get", "bucket/missing.txt", s(&fresh)])
        .failed_with_one_line(1);
    assert!(!fresh.exists());
}

#[test]
fn small_objects_and_text_output() {
    let sb = Sandbox::new();
    sb.run(&["storage", "containers", "create", "notes"]).ok();
    let src = sb.work("hello.txt");
    std::fs::write(&src, b"hello, world\n").expect("write");
    let out = sb
        .run(&["storage", "put", s(&src), "notes/a/b/hello.txt"])
        .ok();
    let mut lines = out.stdout.lines();
    assert!(
        lines.next().unwrap_or_default().starts_with("CONTAINER"),
        "{}",
        out.stdout
    );
    assert!(
        lines.next().unwrap_or_default().contains("a/b/hello.txt"),
        "{}",
        out.stdout
    );

    let prefixed = sb.json(&["storage", "ls", "notes", "--prefix", "a/b/"]);
    assert_eq!(prefixed.as_array().map(Vec::len), Some(1), "{prefixed}");
    let other = sb.json(&["storage", "ls", "notes", "--prefix", "zzz"]);
    assert_eq!(other, serde_json::json!([]));

    let back = sb.work("back.txt");
    sb.run(&["storage", "get", "notes/a/b/hello.txt", s(&back)])
        .ok();
    assert_eq!(std::fs::read(&back).expect("read"), b"hello, world\n");
}
