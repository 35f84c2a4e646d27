//! Swift's configuration for the test OpenStack: `swift.conf`, the account, container
//! and object servers' files, and the proxy's, all on 127.0.0.1 with one worker each
//! (`workers = 0`: the server runs in its own process).

use std::path::Path;

/// The largest object one PUT may upload, in bytes (16 MiB, far below Swift's 5 GiB
/// default, so large-object code paths run with small test files).
pub const MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// The proxy's middleware, in order.
pub const PIPELINE: &[&str] = &[
    "catch_errors",
    "gatekeeper",
    "healthcheck",
    "proxy-logging",
    "cache",
    "listing_formats",
    "bulk",
    "tempurl",
    "ratelimit",
    "authtoken",
    "keystoneauth",
    "copy",
    "container-quotas",
    "account-quotas",
    "slo",
    "dlo",
    "versioned_writes",
    "symlink",
    "proxy-logging",
    "proxy-server",
];

/// The loopback ports of the proxy's peers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProxyPeers {
    /// memcached.
    pub memcached: u16,
    /// Keystone.
    pub keystone: u16,
}

/// The Keystone service user the proxy's `authtoken` validates tokens as.
#[derive(Debug, Clone, Copy)]
pub struct ServiceUser<'a> {
    /// Its project.
    pub project: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Its password.
    pub password: &'a str,
}

/// `swift.conf`: the hash path salts, one storage policy, and the lowered maximum
/// object size.
pub fn swift_conf() -> String {
    format!(
        "[swift-hash]\n\
         swift_hash_path_prefix = libcloud-test-prefix\n\
         swift_hash_path_suffix = libcloud-test-suffix\n\
         \n\
         [storage-policy:0]\n\
         name = Policy-0\n\
         default = yes\n\
         \n\
         [swift-constraints]\n\
         max_file_size = {MAX_FILE_SIZE}\n"
    )
}

/// The `[DEFAULT]` section every Swift server shares.
fn defaults(port: u16, swift_dir: &Path, devices: &Path) -> String {
    format!(
        "[DEFAULT]\n\
         bind_ip = 127.0.0.1\n\
         bind_port = {port}\n\
         workers = 0\n\
         swift_dir = {}\n\
         devices = {}\n\
         mount_check = false\n\
         disable_fallocate = true\n\
         log_level = INFO\n",
        swift_dir.display(),
        devices.display()
    )
}

/// The configuration of the `kind` (`account`, `container` or `object`) server on
/// `port`, storing under `devices`.
pub fn storage_server_conf(kind: &str, port: u16, swift_dir: &Path, devices: &Path) -> String {
    format!(
        "{}\n\
         [pipeline:main]\n\
         pipeline = {kind}-server\n\
         \n\
         [app:{kind}-server]\n\
         use = egg:swift#{kind}\n",
        defaults(port, swift_dir, devices)
    )
}

/// The proxy's configuration: on `port`, with the [`PIPELINE`], validating Keystone
/// tokens as `user`, letting the `admin` and `member` roles operate their project's
/// `AUTH_` account, and temporary URLs for every method with SHA-256 or SHA-512
/// signatures.
pub fn proxy_conf(
    port: u16,
    swift_dir: &Path,
    devices: &Path,
    peers: ProxyPeers,
    user: ServiceUser<'_>,
) -> String {
    let keystone = format!("http://127.0.0.1:{}/v3", peers.keystone);
    let filters = [
        ("catch_errors", "use = egg:swift#catch_errors".to_string()),
        ("gatekeeper", "use = egg:swift#gatekeeper".to_string()),
        ("healthcheck", "use = egg:swift#healthcheck".to_string()),
        ("proxy-logging", "use = egg:swift#proxy_logging".to_string()),
        (
            "cache",
            format!(
                "use = egg:swift#memcache\nmemcache_servers = 127.0.0.1:{}",
                peers.memcached
            ),
        ),
        (
            "listing_formats",
            "use = egg:swift#listing_formats".to_string(),
        ),
        ("bulk", "use = egg:swift#bulk".to_string()),
        (
            "tempurl",
            "use = egg:swift#tempurl\n\
             methods = GET HEAD PUT POST DELETE\n\
             allowed_digests = sha256 sha512"
                .to_string(),
        ),
        ("ratelimit", "use = egg:swift#ratelimit".to_string()),
        (
            "authtoken",
            format!(
                "paste.filter_factory = keystonemiddleware.auth_token:filter_factory\n\
                 www_authenticate_uri = {keystone}\n\
                 auth_url = {keystone}\n\
                 auth_type = password\n\
                 project_domain_id = default\n\
                 user_domain_id = default\n\
                 project_name = {}\n\
                 username = {}\n\
                 password = {}\n\
                 delay_auth_decision = true\n\
                 cache = swift.cache\n\
                 include_service_catalog = false",
                user.project, user.name, user.password
            ),
        ),
        (
            "keystoneauth",
            "use = egg:swift#keystoneauth\n\
             operator_roles = admin, member\n\
             reseller_prefix = AUTH_"
                .to_string(),
        ),
        ("copy", "use = egg:swift#copy".to_string()),
        (
            "container-quotas",
            "use = egg:swift#container_quotas".to_string(),
        ),
        (
            "account-quotas",
            "use = egg:swift#account_quotas".to_string(),
        ),
        ("slo", "use = egg:swift#slo".to_string()),
        ("dlo", "use = egg:swift#dlo".to_string()),
        (
            "versioned_writes",
            "use = egg:swift#versioned_writes\n\
             allow_versioned_writes = true\n\
             allow_object_versioning = true"
                .to_string(),
        ),
        ("symlink", "use = egg:swift#symlink".to_string()),
    ];
    let mut text = defaults(port, swift_dir, devices);
    text.push_str(&format!(
        "\n[pipeline:main]\npipeline = {}\n\n\
         [app:proxy-server]\nuse = egg:swift#proxy\naccount_autocreate = true\n",
        PIPELINE.join(" ")
    ));
    for (name, body) in filters {
        text.push_str(&format!("\n[filter:{name}]\n{body}\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_line(text: &str, line: &str) -> bool {
        text.lines().any(|l| l == line)
    }

    #[test]
    fn storage_servers_bind_loopback_with_one_worker() {
        let text = storage_server_conf(
            "object",
            6210,
            Path::new("/run/os/swift"),
            Path::new("/run/os/srv"),
        );
        for line in [
            "bind_ip = 127.0.0.1",
            "bind_port = 6210",
            "workers = 0",
            "swift_dir = /run/os/swift",
            "devices = /run/os/srv",
            "mount_check = false",
            "disable_fallocate = true",
            "pipeline = object-server",
            "use = egg:swift#object",
        ] {
            assert!(has_line(&text, line), "{line} missing:\n{text}");
        }
    }

    #[test]
    fn proxy_has_every_filter_of_its_pipeline() {
        let peers = ProxyPeers {
            memcached: 11311,
            keystone: 5001,
        };
        let user = ServiceUser {
            project: "service",
            name: "swift",
            password: "pw",
        };
        let text = proxy_conf(8080, Path::new("/s"), Path::new("/d"), peers, user);
        assert!(has_line(
            &text,
            &format!("pipeline = {}", PIPELINE.join(" "))
        ));
        for name in PIPELINE.iter().filter(|n| **n != "proxy-server") {
            assert!(
                has_line(&text, &format!("[filter:{name}]")),
                "{name}:\n{text}"
            );
        }
        for line in [
            "bind_port = 8080",
            "bind_ip = 127.0.0.1",
            "memcache_servers = 127.0.0.1:11311",
            "auth_url = http://127.0.0.1:5001/v3",
            "www_authenticate_uri = http://127.0.0.1:5001/v3",
            "username = swift",
            "project_name = service",
            "password = pw",
            "operator_roles = admin, member",
            "reseller_prefix = AUTH_",
            "methods = GET HEAD PUT POST DELETE",
            "allowed_digests = sha256 sha512",
            "account_autocreate = true",
        ] {
            assert!(has_line(&text, line), "{line} missing:\n{text}");
        }
        assert!(!text.contains("0.0.0.0"));
    }

    #[test]
    fn max_file_size_is_lowered() {
        let text = swift_conf();
        assert!(has_line(&text, "max_file_size = 16777216"), "{text}");
        assert!(has_line(&text, "[swift-hash]"));
    }
}
