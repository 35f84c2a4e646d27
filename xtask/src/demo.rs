//! `cargo xtask demo`: the main job on the embedded `local` provider, shown as a user
//! would type it. It builds the `libcloud` binary, then creates servers, waits for them,
//! stores and fetches an object, keeps a DNS zone and exports it as a zone file, printing
//! each command and its output. State lives in `target/demo/` and is wiped first, so
//! every run starts the same way.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cmd::{cargo, display};
use crate::{Error, Result};

/// The steps of the demo: the `libcloud` arguments of each command, in order.
pub fn steps(payload: &Path, fetched: &Path) -> Vec<Vec<String>> {
    let p = payload.display().to_string();
    let f = fetched.display().to_string();
    let lines: Vec<Vec<&str>> = vec![
        vec!["providers"],
        vec!["sizes", "list"],
        vec!["images", "list"],
        vec![
            "nodes",
            "create",
            "web-1",
            "--size",
            "small",
            "--image",
            "debian-12",
            "--tag",
            "role=web",
        ],
        vec![
            "nodes",
            "create",
            "db-1",
            "--size",
            "medium",
            "--image",
            "ubuntu-24.04",
            "--location",
            "local-2",
            "--wait",
        ],
        vec!["nodes", "list"],
        vec!["keypairs", "import", "deploy", "@PUBKEY"],
        vec![
            "volumes",
            "create",
            "data",
            "--size",
            "10",
            "--location",
            "local-2",
        ],
        vec!["storage", "containers", "create", "backups"],
        vec!["storage", "put", &p, "backups/2026/db.dump"],
        vec!["storage", "ls", "backups", "--prefix", "2026/"],
        vec!["storage", "get", "backups/2026/db.dump", &f],
        vec!["dns", "zones", "create", "example.test", "--ttl", "600"],
        vec![
            "dns",
            "records",
            "create",
            "example.test",
            "www",
            "A",
            "198.51.100.10",
        ],
        vec![
            "dns",
            "records",
            "create",
            "example.test",
            "www",
            "A",
            "198.51.100.11",
        ],
        vec![
            "dns",
            "records",
            "create",
            "example.test",
            "@",
            "MX",
            "10 mail",
        ],
        vec!["dns", "export", "example.test"],
        vec!["nodes", "list", "--output", "json"],
    ];
    lines
        .into_iter()
        .map(|l| l.into_iter().map(String::from).collect())
        .collect()
}

/// Runs the demo from the workspace `root`; returns the exit code.
pub fn run(root: &Path) -> Result<u8> {
    let build = Command::new(cargo())
        .args(["build", "--quiet", "--package", "libcloud-cli"])
        .current_dir(root)
        .status()
        .map_err(|e| Error::msg(format!("cannot run cargo: {e}")))?;
    if !build.success() {
        return Err(Error::msg("building libcloud-cli failed"));
    }
    let bin = root.join("target/debug/libcloud");
    let work = root.join("target/demo");
    if work.exists() {
        std::fs::remove_dir_all(&work)
            .map_err(|e| Error::msg(format!("cannot clear {}: {e}", work.display())))?;
    }
    std::fs::create_dir_all(&work)
        .map_err(|e| Error::msg(format!("cannot create {}: {e}", work.display())))?;
    let payload = work.join("db.dump");
    let fetched = work.join("db.dump.fetched");
    let pubkey = work.join("deploy.pub");
    write_payload(&payload)?;
    std::fs::write(&pubkey, DEMO_PUBLIC_KEY)
        .map_err(|e| Error::msg(format!("cannot write {}: {e}", pubkey.display())))?;

    println!("# state directory: {}\n", work.join("state").display());
    for step in steps(&payload, &fetched) {
        let args: Vec<String> = step
            .into_iter()
            .map(|a| {
                if a == "@PUBKEY" {
                    pubkey.display().to_string()
                } else {
                    a
                }
            })
            .collect();
        println!("$ libcloud {}", display(&args));
        let status = Command::new(&bin)
            .args(&args)
            .env("LIBCLOUD_PROVIDER", "local")
            .env("LIBCLOUD_LOCAL_STATE_DIR", work.join("state"))
            .env("LIBCLOUD_LOCAL_BOOT_DELAY_MS", "1000")
            .status()
            .map_err(|e| Error::msg(format!("cannot run {}: {e}", bin.display())))?;
        println!();
        if !status.success() {
            return Err(Error::msg(format!("`libcloud {}` failed", display(&args))));
        }
    }
    let same = std::fs::read(&payload).ok() == std::fs::read(&fetched).ok();
    println!(
        "# the fetched object is {} the uploaded file",
        if same {
            "byte-for-byte identical to"
        } else {
            "DIFFERENT from"
        }
    );
    Ok(if same { 0 } else { 1 })
}

/// A throwaway public key for the demo's key pair import (its private half is not kept).
const DEMO_PUBLIC_KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHK4d2B8n1dQJ0p7k1vxkT3m5v2T8s1u0XyWqG4lR9aB demo@libcloud\n";

/// Writes a 3 MiB file of varied bytes, so the transfer is more than a token.
fn write_payload(path: &PathBuf) -> Result<()> {
    let data: Vec<u8> = (0..3 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    std::fs::write(path, data)
        .map_err(|e| Error::msg(format!("cannot write {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_use_the_payload_paths_and_cover_every_area() {
        let steps = steps(Path::new("/tmp/a"), Path::new("/tmp/b"));
        assert!(steps.iter().any(|s| s[0] == "nodes" && s[1] == "create"));
        assert!(
            steps
                .iter()
                .any(|s| s[0] == "storage" && s[1] == "put" && s[2] == "/tmp/a")
        );
        assert!(
            steps
                .iter()
                .any(|s| s[0] == "storage" && s[1] == "get" && s[3] == "/tmp/b")
        );
        assert!(steps.iter().any(|s| s[0] == "dns" && s[1] == "export"));
    }
}
