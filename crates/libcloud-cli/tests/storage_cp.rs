//! `libcloud storage cp`: local files to and from the local provider, between two
//! places of the local provider, between the local provider and S3 on moto (a profile
//! per side), prefixes with `-r`, and the one-line errors of bad specs and missing
//! objects, which leave nothing behind.

mod common;

use std::io::Write;
use std::path::Path;

use common::{Run, Sandbox, file_names};
use sha2::{Digest, Sha256};

const MIB: usize = 1024 * 1024;

/// Writes `len` bytes of a pseudo-random sequence (xorshift) from `seed`.
fn write_pattern(path: &Path, len: usize, seed: u64) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("create file"));
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ seed;
    let mut left = len;
    while left > 0 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let bytes = x.to_le_bytes();
        let n = left.min(bytes.len());
        file.write_all(&bytes[..n]).expect("write file");
        left -= n;
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

/// The keys `storage ls` prints for `container`, for the default (local) provider.
fn keys(sb: &Sandbox, container: &str) -> Vec<String> {
    let listed = sb.json(&["storage", "ls", container]);
    listed
        .as_array()
        .expect("ls prints an array")
        .iter()
        .map(|o| o["name"].as_str().expect("a name").to_string())
        .collect()
}

#[test]
fn a_file_goes_through_the_local_provider_and_back_byte_identical() {
    let sb = Sandbox::new();
    sb.run(&["storage", "containers", "create", "bucket"]).ok();
    sb.run(&["storage", "containers", "create", "other"]).ok();
    let src = sb.work("big.bin");
    write_pattern(&src, 5 * MIB + 123, 1);

    let up = sb.json(&["storage", "cp", s(&src), "local:bucket/dir/big.bin"]);
    assert_eq!(up["name"], "dir/big.bin");
    assert_eq!(up["size"], 5 * MIB + 123);

    // Between two places of the local provider, through the library's streamed copy;
    // a key ending in `/` takes the source's name.
    let copied = sb.json(&[
        "storage",
        "cp",
        "local:bucket/dir/big.bin",
        "local:other/copies/",
    ]);
    assert_eq!(copied["name"], "copies/big.bin");
    assert_eq!(copied["container"], "other");

    let back = sb.work("back.bin");
    let down = sb.json(&["storage", "cp", "local:other/copies/big.bin", s(&back)]);
    assert_eq!(down["size"], 5 * MIB + 123);
    assert_eq!(sha256(&back), sha256(&src));
    // Only the two files and no leftover temporary download file.
    assert_eq!(file_names(&sb.work("")), vec!["back.bin", "big.bin"]);
}

#[test]
fn a_profile_names_a_side() {
    let sb = Sandbox::new();
    sb.write_config("[profiles.backup]\nprovider = \"local\"\n");
    sb.run(&["storage", "containers", "create", "b"]).ok();
    let src = sb.work("note.txt");
    std::fs::write(&src, b"hello across clouds\n").unwrap();

    sb.run(&["storage", "cp", s(&src), "backup:b/"]).ok();
    assert_eq!(keys(&sb, "b"), vec!["note.txt"]);
}

#[test]
fn a_missing_object_is_one_error_line_and_creates_nothing() {
    let sb = Sandbox::new();
    sb.run(&["storage", "containers", "create", "bucket"]).ok();

    let out = sb.work("out.bin");
    let line = sb
        .run(&["storage", "cp", "local:bucket/nope.bin", s(&out)])
        .failed_with_kind(1, "not_found");
    assert!(line.contains("nope.bin"), "{line}");
    assert!(file_names(&sb.work("")).is_empty());

    sb.run(&[
        "storage",
        "cp",
        "local:bucket/nope.bin",
        "local:bucket/copy.bin",
    ])
    .failed_with_kind(1, "not_found");
    sb.run(&[
        "storage",
        "cp",
        "-r",
        "local:bucket/none/",
        "local:bucket/copy/",
    ])
    .failed_with_kind(1, "not_found");
    assert!(keys(&sb, "bucket").is_empty());
}

#[test]
fn bad_specs_are_one_error_line() {
    let sb = Sandbox::new();
    let file = sb.work("f.txt");
    std::fs::write(&file, b"x").unwrap();

    let line = sb
        .run(&["storage", "cp", s(&file), "local:"])
        .failed_with_kind(1, "invalid_input");
    assert!(line.contains("names no container"), "{line}");

    let line = sb
        .run(&["storage", "cp", "nosuch:b/k", s(&file)])
        .failed_with_kind(1, "invalid_input");
    assert!(
        line.contains("neither a provider id nor a profile"),
        "{line}"
    );

    let line = sb
        .run(&["storage", "cp", s(&file), "copy.txt"])
        .failed_with_kind(1, "invalid_input");
    assert!(line.contains("both sides are local"), "{line}");

    let line = sb
        .run(&["storage", "cp", "local:b/k", "local:b/"])
        .failed_with_kind(1, "invalid_input");
    assert!(
        line.contains("both the source and the destination"),
        "{line}"
    );

    let line = sb
        .run(&["storage", "cp", "local:b", s(&file)])
        .failed_with_kind(1, "invalid_input");
    assert!(line.contains("-r"), "{line}");
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
}

/// Writes a small tree: `a.txt`, `sub/b.bin`, `sub/deeper/c.bin`, `d.bin`.
fn write_tree(dir: &Path) -> Vec<&'static str> {
    std::fs::create_dir_all(dir.join("sub/deeper")).unwrap();
    let files = vec!["a.txt", "d.bin", "sub/b.bin", "sub/deeper/c.bin"];
    for (i, name) in files.iter().enumerate() {
        write_pattern(&dir.join(name), 200 * 1024 + i * 777, i as u64);
    }
    files
}

#[test]
fn recursive_copies_a_prefix_up_across_and_down() {
    let sb = Sandbox::new();
    sb.run(&["storage", "containers", "create", "bucket"]).ok();
    let tree = sb.work("tree");
    let files = write_tree(&tree);

    let up = sb.json(&[
        "storage",
        "cp",
        "-r",
        s(&tree),
        "local:bucket/up",
        "--concurrency",
        "2",
    ]);
    assert_eq!(up.as_array().unwrap().len(), files.len());

    let across = sb.json(&[
        "storage",
        "cp",
        "-r",
        "local:bucket/up/",
        "local:bucket/copy",
    ]);
    assert_eq!(across.as_array().unwrap().len(), files.len());
    let mut expected: Vec<String> = files
        .iter()
        .map(|f| format!("copy/{f}"))
        .chain(files.iter().map(|f| format!("up/{f}")))
        .collect();
    expected.sort();
    assert_eq!(keys(&sb, "bucket"), expected);

    let down = sb.work("down");
    sb.run(&[
        "storage",
        "cp",
        "-r",
        "local:bucket/copy",
        s(&down),
        "--concurrency",
        "3",
    ])
    .ok();
    for name in &files {
        assert_eq!(sha256(&down.join(name)), sha256(&tree.join(name)), "{name}");
    }
}

/// A sandbox whose config file has a `moto` profile (S3 at moto, parts of 5 MiB from
/// 5 MiB up) and a `disk` profile (the local provider); `None` when moto is not running.
fn moto_sandbox() -> Option<Sandbox> {
    let endpoint = cloud_test::guard::moto_endpoint()?;
    let sb = Sandbox::new();
    sb.write_config(&format!(
        r#"
[profiles.moto]
provider = "s3"
endpoint = "{endpoint}"
region = "us-east-1"

[profiles.moto.credentials]
access_key_id = "AKIDEXAMPLE"
secret_access_key = "x"

[profiles.moto.options]
multipart_threshold = "5MiB"
part_size = "5MiB"

[profiles.disk]
provider = "local"
"#
    ));
    Some(sb)
}

/// Runs the binary with AWS settings from the developer's shell removed.
fn run_aws(sb: &Sandbox, args: &[&str]) -> Run {
    let mut cmd = sb.command(args);
    for var in [
        "AWS_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_S3",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_CONFIG_FILE",
        "AWS_SHARED_CREDENTIALS_FILE",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("AWS_EC2_METADATA_DISABLED", "true");
    Run::from(cmd.output().expect("run libcloud"))
}

/// Creates `bucket` on moto through the `moto` profile.
fn create_moto_bucket(sb: &Sandbox, bucket: &str) {
    run_aws(
        sb,
        &[
            "--profile",
            "moto",
            "storage",
            "containers",
            "create",
            bucket,
        ],
    )
    .ok();
}

fn json_aws(sb: &Sandbox, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--output", "json"]);
    run_aws(sb, &all).ok().json()
}

#[test]
fn local_and_s3_on_moto_round_trip_byte_identical() {
    let Some(sb) = moto_sandbox() else { return };
    let bucket = common::moto::unique("cp");
    create_moto_bucket(&sb, &bucket);
    sb.run(&["storage", "containers", "create", "lb"]).ok();

    // 7 MiB goes up to moto in two parts; 1 MiB in one request, whose MD5 ETag is
    // compared with the bytes copied.
    for (name, len) in [("big.bin", 7 * MIB + 5), ("small.bin", MIB)] {
        let src = sb.work(name);
        write_pattern(&src, len, len as u64);
        sb.run(&["storage", "cp", s(&src), &format!("disk:lb/{name}")])
            .ok();

        let to_s3 = json_aws(
            &sb,
            &[
                "storage",
                "cp",
                &format!("local:lb/{name}"),
                &format!("moto:{bucket}/in/{name}"),
            ],
        );
        assert_eq!(to_s3["size"], len, "{to_s3}");

        let back = json_aws(
            &sb,
            &[
                "storage",
                "cp",
                &format!("moto:{bucket}/in/{name}"),
                &format!("disk:lb/back/{name}"),
            ],
        );
        assert_eq!(back["size"], len, "{back}");

        let out = sb.work(&format!("out-{name}"));
        sb.run(&["storage", "cp", &format!("local:lb/back/{name}"), s(&out)])
            .ok();
        assert_eq!(sha256(&out), sha256(&src), "{name}");
    }
}

#[test]
fn a_missing_object_on_moto_copies_nothing() {
    let Some(sb) = moto_sandbox() else { return };
    let bucket = common::moto::unique("cp-missing");
    create_moto_bucket(&sb, &bucket);
    sb.run(&["storage", "containers", "create", "lb"]).ok();

    let line = run_aws(
        &sb,
        &[
            "storage",
            "cp",
            &format!("moto:{bucket}/nope"),
            "local:lb/nope",
        ],
    )
    .failed_with_kind(1, "not_found");
    assert!(line.contains("nope"), "{line}");
    assert!(keys(&sb, "lb").is_empty());
}

#[test]
fn recursive_copy_between_the_local_provider_and_moto() {
    let Some(sb) = moto_sandbox() else { return };
    let bucket = common::moto::unique("cp-tree");
    create_moto_bucket(&sb, &bucket);
    let tree = sb.work("tree");
    let files = write_tree(&tree);

    // Files up to the local provider, then the prefix across to moto and back down
    // into a directory.
    sb.run(&["storage", "containers", "create", "lb"]).ok();
    sb.run(&["storage", "cp", "-r", s(&tree), "local:lb/t"])
        .ok();
    let across = json_aws(
        &sb,
        &[
            "storage",
            "cp",
            "-r",
            "local:lb/t",
            &format!("moto:{bucket}/t2/"),
            "--concurrency",
            "3",
        ],
    );
    let mut names: Vec<&str> = across
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    names.sort();
    let expected: Vec<String> = files.iter().map(|f| format!("t2/{f}")).collect();
    assert_eq!(names, expected);

    let down = sb.work("down");
    run_aws(
        &sb,
        &[
            "storage",
            "cp",
            "-r",
            &format!("moto:{bucket}/t2"),
            s(&down),
        ],
    )
    .ok();
    for name in &files {
        assert_eq!(sha256(&down.join(name)), sha256(&tree.join(name)), "{name}");
    }
}
