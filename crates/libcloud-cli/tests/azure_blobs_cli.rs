//! `libcloud --provider azure_blobs storage …` against Azurite (started by `cargo xtask
//! test`), configured by `AZURE_STORAGE_CONNECTION_STRING` alone: a container, a 1 GiB
//! file staged as blocks and fetched back with the binary's peak memory bounded both
//! ways, a listing, SAS URLs curl can download and upload with, and the removal.

mod common;

use common::Sandbox;
use common::files::{run_with_peak_rss, same_contents, write_sample};
use serde_json::json;

const MIB: u64 = 1024 * 1024;

/// The size of the round trip: 1 GiB and a few bytes, so the last block is short.
const OBJECT: u64 = 1024 * MIB + 17;

/// The most memory one `storage put` or `storage get` of it may use.
const PEAK_RSS: u64 = 96 * MIB;

/// The key of Azurite's development account, which Microsoft publishes for the
/// storage emulators; it opens nothing outside them.
const DEVELOPMENT_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

fn blobs(sb: &Sandbox, connection: &str, args: &[&str]) -> std::process::Command {
    let mut all = vec!["--provider", "azure_blobs"];
    all.extend_from_slice(args);
    let mut cmd = sb.command(&all);
    cmd.env("AZURE_STORAGE_CONNECTION_STRING", connection);
    for var in [
        "AZURE_STORAGE_ACCOUNT",
        "AZURE_STORAGE_KEY",
        "AZURE_STORAGE_SAS_TOKEN",
        "AZURE_TENANT_ID",
        "AZURE_CLIENT_ID",
        "AZURE_CLIENT_SECRET",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

fn ok(mut cmd: std::process::Command) -> common::Run {
    let run = common::Run::from(cmd.output().expect("run libcloud"));
    assert!(
        !run.stderr.contains(DEVELOPMENT_KEY) && !run.stdout.contains(DEVELOPMENT_KEY),
        "the key leaked"
    );
    run.ok()
}

fn bounded(cmd: std::process::Command, what: &str) {
    let (run, peak) = run_with_peak_rss(cmd);
    run.ok();
    eprintln!("`{what}`: peak RSS {:.1} MiB", peak as f64 / MIB as f64);
    assert!(
        peak <= PEAK_RSS,
        "`{what}` peaked at {} MiB, above {} MiB",
        peak / MIB,
        PEAK_RSS / MIB
    );
}

#[test]
fn a_connection_string_alone_drives_a_gigabyte_round_trip_and_a_sas_url() {
    let Some(endpoint) = cloud_test::guard::emulator_endpoint("LIBCLOUD_TEST_AZURITE_ENDPOINT")
    else {
        return;
    };
    let connection = format!(
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DEVELOPMENT_KEY};BlobEndpoint={};",
        endpoint.as_str().trim_end_matches('/')
    );
    let sb = Sandbox::new();
    let container = format!("cli-{}", std::process::id());
    ok(blobs(
        &sb,
        &connection,
        &["storage", "containers", "create", &container],
    ));

    let local = sb.work("big.bin");
    write_sample(&local, OBJECT, 0x5851_F42D_4C95_7F2D);
    let target = format!("{container}/dir/big.bin");
    bounded(
        blobs(
            &sb,
            &connection,
            &["storage", "put", local.to_str().unwrap(), &target],
        ),
        "storage put",
    );
    let back = sb.work("back.bin");
    bounded(
        blobs(
            &sb,
            &connection,
            &["storage", "get", &target, back.to_str().unwrap()],
        ),
        "storage get",
    );
    assert!(same_contents(&local, &back), "the same bytes came back");
    std::fs::remove_file(&back).unwrap();

    let listed = ok(blobs(
        &sb,
        &connection,
        &["--output", "json", "storage", "ls", &container],
    ))
    .json();
    assert_eq!(listed[0]["name"], "dir/big.bin", "{listed}");
    assert_eq!(listed[0]["size"], OBJECT, "{listed}");

    let url = ok(blobs(
        &sb,
        &connection,
        &["storage", "url", &target, "--expires", "300"],
    ))
    .stdout
    .trim()
    .to_string();
    assert!(url.contains("sig=") && url.contains("se="), "{url}");
    let fetched = sb.work("curl.bin");
    let out = std::process::Command::new("curl")
        .arg("-s")
        .arg("-o")
        .arg(&fetched)
        .args(["-w", "%{http_code}", &url])
        .output()
        .expect("curl runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "200");
    assert!(same_contents(&local, &fetched), "curl got the blob");
    std::fs::remove_file(&fetched).unwrap();

    upload_through_a_signed_url(&sb, &connection, &container);

    ok(blobs(&sb, &connection, &["storage", "rm", &target]));
    let left = ok(blobs(
        &sb,
        &connection,
        &["--output", "json", "storage", "ls", &container],
    ))
    .json();
    assert_eq!(left, json!([]), "removed");
    ok(blobs(
        &sb,
        &connection,
        &["storage", "containers", "delete", &container],
    ));
}

/// `storage url --method put` prints the URL and the header its upload must send;
/// curl uploads with both, and the driver reads back what it sent.
fn upload_through_a_signed_url(sb: &Sandbox, connection: &str, container: &str) {
    let target = format!("{container}/dir/by-url.txt");
    let args = [
        "storage",
        "url",
        &target,
        "--method",
        "put",
        "--expires",
        "300",
    ];
    let printed = ok(blobs(sb, connection, &args)).stdout;
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 2, "{printed}");
    let (url, header) = (lines[0], lines[1]);
    assert!(url.contains("sp=cw") && url.contains("sig="), "{url}");
    assert_eq!(header, "header: x-ms-blob-type: BlockBlob");

    let mut json_args = vec!["--output", "json"];
    json_args.extend_from_slice(&args);
    let described = ok(blobs(sb, connection, &json_args)).json();
    assert_eq!(described["method"], "put", "{described}");
    assert_eq!(
        described["headers"],
        json!({"x-ms-blob-type": "BlockBlob"}),
        "{described}"
    );

    let sent = "sent through a signed URL";
    let out = std::process::Command::new("curl")
        .args(["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT"])
        .args(["-H", header.trim_start_matches("header: ")])
        .args(["--data-binary", sent, url])
        .output()
        .expect("curl runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "201");

    let fetched = sb.work("by-url.txt");
    ok(blobs(
        sb,
        connection,
        &["storage", "get", &target, fetched.to_str().unwrap()],
    ));
    assert_eq!(std::fs::read_to_string(&fetched).unwrap(), sent);
    ok(blobs(sb, connection, &["storage", "rm", &target]));
}
