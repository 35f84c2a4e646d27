//! `libcloud --provider gcs storage …`: against fake-gcs-server (`STORAGE_EMULATOR_HOST`,
//! started by `cargo xtask test`), a bucket, a 1 GiB file sent as a resumable upload in
//! 32 MiB chunks and fetched back with the binary's peak memory bounded both ways, a
//! listing, a V4 signed URL from a service-account key that curl can fetch, and the
//! removal; and, against a stand-in token endpoint, a service-account key file alone
//! logging the binary in (its JWT exchanged for a token the storage calls then carry).

mod common;

use common::files::{run_with_peak_rss, same_contents, write_sample};
use common::{ReplaySandbox, Run, Sandbox};
use serde_json::{Value, json};
use wiremock::matchers::{body_string_contains, header, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

const MIB: u64 = 1024 * 1024;

/// The size of the round trip: 1 GiB and a few bytes, so the last chunk is short.
const OBJECT: u64 = 1024 * MIB + 17;

/// The most memory one `storage put` or `storage get` of it may use.
const PEAK_RSS: u64 = 96 * MIB;

/// The throwaway service-account key of the tests (`fixtures/google/README.md`).
fn test_key() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/google/test-service-account.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("the test key")).unwrap()
}

fn gcs(sb: &Sandbox, emulator: &str, args: &[&str]) -> std::process::Command {
    let mut all = vec![
        "--provider",
        "gcs",
        "--set",
        "project=libcloud-test-project",
    ];
    all.extend_from_slice(args);
    let mut cmd = sb.command(&all);
    cmd.env("STORAGE_EMULATOR_HOST", emulator)
        .env_remove("GOOGLE_APPLICATION_CREDENTIALS")
        .env_remove("GOOGLE_OAUTH_ACCESS_TOKEN");
    cmd
}

fn run(cmd: std::process::Command) -> Run {
    let mut cmd = cmd;
    Run::from(cmd.output().expect("run libcloud"))
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
fn a_gigabyte_goes_up_in_chunks_and_back_through_fake_gcs() {
    let Some(emulator) = cloud_test::guard::emulator_endpoint("LIBCLOUD_TEST_FAKE_GCS_ENDPOINT")
    else {
        return;
    };
    let emulator = emulator.as_str().trim_end_matches('/').to_string();
    let sb = Sandbox::new();
    let bucket = format!("cli-{}", std::process::id());
    run(gcs(
        &sb,
        &emulator,
        &["storage", "containers", "create", &bucket],
    ))
    .ok();

    let local = sb.work("big.bin");
    write_sample(&local, OBJECT, 0x2545_F491_4F6C_DD1D);
    let target = format!("{bucket}/dir/big.bin");
    bounded(
        gcs(
            &sb,
            &emulator,
            &[
                "--set",
                "chunk_size=33554432",
                "storage",
                "put",
                local.to_str().unwrap(),
                &target,
            ],
        ),
        "storage put",
    );
    let back = sb.work("back.bin");
    bounded(
        gcs(
            &sb,
            &emulator,
            &["storage", "get", &target, back.to_str().unwrap()],
        ),
        "storage get",
    );
    assert!(same_contents(&local, &back), "the same bytes came back");
    std::fs::remove_file(&back).unwrap();

    let listed = run(gcs(
        &sb,
        &emulator,
        &["--output", "json", "storage", "ls", &bucket],
    ))
    .ok()
    .json();
    assert_eq!(listed[0]["name"], "dir/big.bin", "{listed}");
    assert_eq!(listed[0]["size"], OBJECT, "{listed}");

    let key_file = sb.work("key.json");
    std::fs::write(&key_file, test_key().to_string()).unwrap();
    let mut url = gcs(
        &sb,
        &emulator,
        &["storage", "url", &target, "--expires", "300"],
    );
    url.env("GOOGLE_APPLICATION_CREDENTIALS", &key_file);
    let url = run(url).ok().stdout.trim().to_string();
    assert!(
        url.contains("X-Goog-Algorithm=GOOG4-RSA-SHA256")
            && url.contains("X-Goog-Signature=")
            && url.contains("libcloud-test%40libcloud-test-project.iam.gserviceaccount.com"),
        "{url}"
    );
    let fetched = sb.work("curl.bin");
    let out = std::process::Command::new("curl")
        .arg("-s")
        .arg("-o")
        .arg(&fetched)
        .args(["-w", "%{http_code}", &url])
        .output()
        .expect("curl runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "200");
    assert!(same_contents(&local, &fetched), "curl got the object");
    std::fs::remove_file(&fetched).unwrap();

    run(gcs(&sb, &emulator, &["storage", "rm", &target])).ok();
    let left = run(gcs(
        &sb,
        &emulator,
        &["--output", "json", "storage", "ls", &bucket],
    ))
    .ok()
    .json();
    assert_eq!(left, json!([]), "removed");
    run(gcs(
        &sb,
        &emulator,
        &["storage", "containers", "delete", &bucket],
    ))
    .ok();
}

#[test]
fn a_service_account_key_file_alone_logs_the_binary_in() {
    let rs = ReplaySandbox::empty("gcs", &[]);
    let base = rs.replay().uri().to_string();
    let base = base.trim_end_matches('/');
    let mut key = test_key();
    key["token_uri"] = Value::from(format!("{base}/token"));
    let key_file = rs.sandbox().work("key.json");
    std::fs::write(&key_file, key.to_string()).unwrap();
    rs.block_on(async {
        Mock::given(method("POST"))
            .and(path("/token"))
            .and(body_string_contains(
                "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer",
            ))
            .and(body_string_contains("assertion=eyJ"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "access_token": "ya29.stand-in-token", "expires_in": 3599,
                "token_type": "Bearer"})))
            .expect(1)
            .mount(rs.replay().server())
            .await;
        Mock::given(method("GET"))
            .and(path("/storage/v1/b"))
            .and(query_param("project", "libcloud-test-project"))
            .and(header("authorization", "Bearer ya29.stand-in-token"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "kind": "storage#buckets",
                "items": [{"kind": "storage#bucket", "id": "photos", "name": "photos",
                           "location": "EU", "timeCreated": "2026-11-02T10:00:00.000Z"}]})))
            .expect(1)
            .mount(rs.replay().server())
            .await;
    });
    let mut cmd = rs.command(&[
        "--set",
        "anonymous=false",
        "--output",
        "json",
        "storage",
        "containers",
        "list",
    ]);
    cmd.env("GOOGLE_APPLICATION_CREDENTIALS", &key_file);
    let run = Run::from(cmd.output().expect("run libcloud"));
    assert!(
        !run.stderr.contains("PRIVATE KEY") && !run.stdout.contains("ya29."),
        "no secret printed"
    );
    let listed = run.ok().json();
    assert_eq!(listed[0]["name"], "photos", "{listed}");
}
