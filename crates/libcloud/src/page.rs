//! The generated part of a provider's documentation page: what the provider declares
//! about itself (its metadata, credentials, options and capabilities) as Markdown.
//!
//! In this workspace each provider's page is its crate's `README.md`; the generated part
//! sits between [`GENERATED_START`] and [`GENERATED_END`], and the hand-written parts
//! around it.

use cloud_core::compute::{ComputeCapabilities, ComputeFeature};
use cloud_core::dns::{DnsCapabilities, DnsFeature};
use cloud_core::http::HTTP_OPTION_SPECS;
use cloud_core::load_balancer::{LoadBalancerCapabilities, LoadBalancerFeature};
use cloud_core::options::{CredentialSpec, OptionKind, OptionSpec, accepted_options};
use cloud_core::storage::{StorageCapabilities, StorageFeature};
use cloud_core::{Area, DriverFactory, Lifecycle, ProviderMeta, Result, Session};

/// The line that opens the generated section of a provider page.
pub const GENERATED_START: &str = "<!-- generated:start -->";

/// The line that closes the generated section of a provider page.
pub const GENERATED_END: &str = "<!-- generated:end -->";

/// The optional compute features in the order a page lists them.
const COMPUTE_FEATURES: [ComputeFeature; 16] = [
    ComputeFeature::Reboot,
    ComputeFeature::StartStop,
    ComputeFeature::GetImage,
    ComputeFeature::AuthSshKey,
    ComputeFeature::AuthKeyPairName,
    ComputeFeature::AuthPassword,
    ComputeFeature::Tags,
    ComputeFeature::UserData,
    ComputeFeature::IdempotentCreate,
    ComputeFeature::KeyPairs,
    ComputeFeature::KeyPairCreate,
    ComputeFeature::KeyPairImport,
    ComputeFeature::Volumes,
    ComputeFeature::Snapshots,
    ComputeFeature::ImageCreate,
    ComputeFeature::ImageCopy,
];

/// The optional storage features in the order a page lists them.
const STORAGE_FEATURES: [StorageFeature; 8] = [
    StorageFeature::RangedGet,
    StorageFeature::Copy,
    StorageFeature::UserMetadata,
    StorageFeature::SignedGet,
    StorageFeature::SignedPut,
    StorageFeature::Delimiter,
    StorageFeature::Multipart,
    StorageFeature::Cdn,
];

/// The optional DNS features in the order a page lists them.
const DNS_FEATURES: [DnsFeature; 7] = [
    DnsFeature::ZoneTtl,
    DnsFeature::ZoneEmail,
    DnsFeature::UpdateZone,
    DnsFeature::BatchedChanges,
    DnsFeature::AtomicChanges,
    DnsFeature::ChangeOperations,
    DnsFeature::AliasRecords,
];

/// The optional load balancer features in the order a page lists them.
const LOAD_BALANCER_FEATURES: [LoadBalancerFeature; 7] = [
    LoadBalancerFeature::UpdateBalancer,
    LoadBalancerFeature::HealthChecks,
    LoadBalancerFeature::MemberWeights,
    LoadBalancerFeature::MemberHealth,
    LoadBalancerFeature::AttachByNode,
    LoadBalancerFeature::AttachByAddress,
    LoadBalancerFeature::CreateOperations,
];

/// What a provider's page says about it, as the provider declares it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderPage {
    /// Id, name, areas, lifecycle, API reference and crate.
    pub meta: ProviderMeta,
    /// The credentials it takes.
    pub credentials: Vec<CredentialSpec>,
    /// Every option it accepts: its own, then the HTTP pipeline's (as
    /// [`accepted_options`] lists them).
    pub options: Vec<OptionSpec>,
    /// The compute capabilities, when the provider serves compute.
    pub compute: Option<ComputeCapabilities>,
    /// The object storage capabilities, when the provider serves storage.
    pub storage: Option<StorageCapabilities>,
    /// The DNS capabilities, when the provider serves DNS.
    pub dns: Option<DnsCapabilities>,
    /// The load balancer capabilities, when the provider serves load balancers.
    pub load_balancer: Option<LoadBalancerCapabilities>,
}

impl ProviderPage {
    /// Reads the page's facts from `factory` and from `session`, a session it connected:
    /// the capabilities of each area [`ProviderMeta::areas`] names come from that area's
    /// driver. An area the session cannot hand out is that area's error.
    pub fn read(factory: &dyn DriverFactory, session: &dyn Session) -> Result<Self> {
        let meta = factory.meta();
        let compute = if meta.areas.contains(&Area::Compute) {
            Some(session.compute()?.capabilities())
        } else {
            None
        };
        let storage = if meta.areas.contains(&Area::Storage) {
            Some(session.storage()?.capabilities())
        } else {
            None
        };
        let dns = if meta.areas.contains(&Area::Dns) {
            Some(session.dns()?.capabilities())
        } else {
            None
        };
        let load_balancer = if meta.areas.contains(&Area::LoadBalancer) {
            Some(session.load_balancer()?.capabilities())
        } else {
            None
        };
        Ok(ProviderPage {
            meta,
            credentials: factory.credentials().to_vec(),
            options: accepted_options(factory.options()),
            compute,
            storage,
            dns,
            load_balancer,
        })
    }

    /// The generated section as Markdown, without its markers: the provider's facts,
    /// tables of its credentials and options, and its capabilities per area, every
    /// optional feature listed with whether it is supported. Text from the provider is
    /// escaped so it cannot break a table or turn into markup. Ends with a newline.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.render_facts(&mut out);
        self.render_credentials(&mut out);
        self.render_options(&mut out);
        self.render_capabilities(&mut out);
        out
    }

    fn render_facts(&self, out: &mut String) {
        let meta = &self.meta;
        let areas = if meta.areas.is_empty() {
            "none".to_string()
        } else {
            let names: Vec<&str> = meta.areas.iter().map(|a| a.as_str()).collect();
            names.join(", ")
        };
        out.push_str("## Provider\n\n");
        out.push_str(&format!("- Id: {}\n", code(&meta.id, false)));
        out.push_str(&format!("- Name: {}\n", text(&meta.name)));
        out.push_str(&format!("- Areas: {areas}\n"));
        out.push_str(&format!("- Lifecycle: {}\n", lifecycle(&meta.lifecycle)));
        out.push_str(&format!(
            "- API reference: {}\n",
            reference(&meta.api_reference)
        ));
        let krate = if meta.package.name.is_empty() {
            "—".to_string()
        } else {
            code(&meta.package.name, false)
        };
        out.push_str(&format!("- Crate: {krate}\n"));
    }

    fn render_credentials(&self, out: &mut String) {
        out.push_str("\n## Credentials\n\n");
        if self.credentials.is_empty() {
            out.push_str("This provider takes no credentials.\n");
            return;
        }
        out.push_str(&row([
            "credential",
            "required",
            "environment variables",
            "meaning",
        ]));
        out.push_str(&row(["---"; 4]));
        for c in &self.credentials {
            out.push_str(&row([
                code(c.name, true),
                if c.required { "yes" } else { "no" }.to_string(),
                codes(c.env),
                text(c.help),
            ]));
        }
        out.push_str(
            "\nCredentials go in `ProviderConfig::credentials` (for the command line, in a \
             profile's `credentials` table); one that is not set there is read from the \
             first of its environment variables that is set.\n",
        );
    }

    fn render_options(&self, out: &mut String) {
        out.push_str("\n## Options\n\n");
        if self.options.is_empty() {
            out.push_str("This provider takes no options.\n");
            return;
        }
        out.push_str(&row([
            "option",
            "takes",
            "default",
            "environment variables",
            "meaning",
        ]));
        out.push_str(&row(["---"; 5]));
        let (own, http): (Vec<&OptionSpec>, Vec<&OptionSpec>) = self
            .options
            .iter()
            .partition(|o| !HTTP_OPTION_SPECS.contains(*o));
        for o in own.iter().chain(&http) {
            out.push_str(&row([
                code(o.name, true),
                takes(&o.kind),
                o.default.map_or_else(|| "—".to_string(), |d| code(d, true)),
                codes(o.env),
                text(o.help),
            ]));
        }
        out.push_str(
            "\nOptions go in `ProviderConfig::options` (for the command line, `--set \
             NAME=VALUE` or a profile's `options` table); one that is not set there is read \
             from the first of its environment variables that is set. Connecting refuses an \
             unknown name or a value of the wrong type.",
        );
        if !http.is_empty() {
            let names: Vec<String> = http.iter().map(|o| code(o.name, false)).collect();
            out.push_str(&format!(
                " {} come from the HTTP pipeline: every provider takes them.",
                names.join(", ")
            ));
        }
        out.push('\n');
    }

    fn render_capabilities(&self, out: &mut String) {
        out.push_str("\n## Capabilities\n");
        if self.compute.is_none()
            && self.storage.is_none()
            && self.dns.is_none()
            && self.load_balancer.is_none()
        {
            out.push_str("\nThis provider declares no capabilities in any area.\n");
        }
        if let Some(caps) = &self.compute {
            out.push_str(
                "\n### Compute\n\nEvery compute driver lists, gets, creates and destroys \
                 nodes, and lists sizes, images and locations. The optional features \
                 (`ComputeFeature`) follow. A call that needs one the driver lacks fails \
                 with an `Unsupported` error, except for an idempotency key, which a driver \
                 without `IdempotentCreate` does not pass on.\n\n",
            );
            feature_table(
                out,
                COMPUTE_FEATURES.map(|f| {
                    let (name, covers) = compute_feature(f);
                    (name, covers, caps.supports(f))
                }),
            );
        }
        if let Some(caps) = &self.storage {
            out.push_str(
                "\n### Storage\n\nEvery storage driver lists, gets, creates and deletes \
                 containers, and lists, heads, puts, gets and deletes objects. The optional \
                 features (`StorageFeature`) follow.\n\n",
            );
            feature_table(
                out,
                STORAGE_FEATURES.map(|f| {
                    let (name, covers) = storage_feature(f);
                    (name, covers, caps.supports(f))
                }),
            );
        }
        if let Some(caps) = &self.dns {
            let types: Vec<String> = caps
                .record_types
                .iter()
                .map(|t| code(t.as_str(), false))
                .collect();
            let types = if types.is_empty() {
                "none".to_string()
            } else {
                types.join(", ")
            };
            let ttls = if caps.ttl_steps.is_empty() {
                "any TTL".to_string()
            } else {
                let steps: Vec<String> = caps.ttl_steps.iter().map(u32::to_string).collect();
                format!(
                    "only these TTLs (seconds; others round up to the next): {}",
                    steps.join(", ")
                )
            };
            out.push_str(&format!(
                "\n### DNS\n\nEvery DNS driver lists, gets, creates and deletes zones and \
                 records, and applies record-set changes. Record types it creates: {types}. \
                 It stores {ttls}. The optional features (`DnsFeature`) follow.\n\n"
            ));
            feature_table(
                out,
                DNS_FEATURES.map(|f| {
                    let (name, covers) = dns_feature(f);
                    (name, covers, caps.supports(f))
                }),
            );
        }
        if let Some(caps) = &self.load_balancer {
            let words = |list: Vec<String>| {
                if list.is_empty() {
                    "none".to_string()
                } else {
                    list.iter()
                        .map(|w| code(w, false))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            let protocols = words(caps.protocols.iter().map(ToString::to_string).collect());
            let algorithms = words(caps.algorithms.iter().map(ToString::to_string).collect());
            out.push_str(&format!(
                "\n### Load balancers\n\nEvery load balancer driver lists, gets, creates and \
                 destroys balancers, and lists, attaches and detaches members. Listener \
                 protocols it takes: {protocols}. Algorithms it offers: {algorithms}. A \
                 create with another is `Unsupported`. The optional features \
                 (`LoadBalancerFeature`) follow.\n\n"
            ));
            feature_table(
                out,
                LOAD_BALANCER_FEATURES
                    .map(|f| (f.name(), load_balancer_feature(f), caps.supports(f))),
            );
        }
    }
}

/// The generated section of `factory`'s page, read from `session` (a session it
/// connected): [`ProviderPage::read`] then [`ProviderPage::render`].
pub fn provider_page_reference(
    factory: &dyn DriverFactory,
    session: &dyn Session,
) -> Result<String> {
    Ok(ProviderPage::read(factory, session)?.render())
}

/// A compute feature's name and the calls or settings it covers, as Markdown.
fn compute_feature(feature: ComputeFeature) -> (&'static str, &'static str) {
    match feature {
        ComputeFeature::Reboot => ("Reboot", "`reboot_node`"),
        ComputeFeature::StartStop => ("StartStop", "`start_node`, `stop_node`"),
        ComputeFeature::GetImage => ("GetImage", "`get_image`"),
        ComputeFeature::AuthSshKey => (
            "AuthSshKey",
            "an SSH public key for the first login (`NodeAuth::SshKey`)",
        ),
        ComputeFeature::AuthKeyPairName => (
            "AuthKeyPairName",
            "a stored key pair for the first login (`NodeAuth::KeyPairName`)",
        ),
        ComputeFeature::AuthPassword => (
            "AuthPassword",
            "a root password for the first login (`NodeAuth::Password`)",
        ),
        ComputeFeature::Tags => ("Tags", "tags on `create_node`"),
        ComputeFeature::UserData => ("UserData", "user data on `create_node`"),
        ComputeFeature::IdempotentCreate => (
            "IdempotentCreate",
            "idempotency keys on `create_node`, honoured by the provider",
        ),
        ComputeFeature::KeyPairs => (
            "KeyPairs",
            "`list_key_pairs`, `get_key_pair`, `delete_key_pair`",
        ),
        ComputeFeature::KeyPairCreate => ("KeyPairCreate", "`create_key_pair`"),
        ComputeFeature::KeyPairImport => ("KeyPairImport", "`import_key_pair`"),
        ComputeFeature::Volumes => (
            "Volumes",
            "`list_volumes`, `create_volume`, `attach_volume`, `detach_volume`, \
             `destroy_volume`",
        ),
        ComputeFeature::Snapshots => (
            "Snapshots",
            "`list_snapshots`, `create_snapshot`, `destroy_snapshot`",
        ),
        ComputeFeature::ImageCreate => ("ImageCreate", "`create_image`, `delete_image`"),
        ComputeFeature::ImageCopy => ("ImageCopy", "`copy_image`"),
    }
}

/// A storage feature's name and what it covers, as Markdown.
fn storage_feature(feature: StorageFeature) -> (&'static str, &'static str) {
    match feature {
        StorageFeature::RangedGet => ("RangedGet", "ranged reads with `get_object`"),
        StorageFeature::Copy => ("Copy", "server-side `copy_object`"),
        StorageFeature::UserMetadata => ("UserMetadata", "user metadata on objects"),
        StorageFeature::SignedGet => ("SignedGet", "`signed_url` for GET"),
        StorageFeature::SignedPut => ("SignedPut", "`signed_url` for PUT"),
        StorageFeature::Delimiter => (
            "Delimiter",
            "common prefixes with a delimiter in `list_objects`",
        ),
        StorageFeature::Multipart => ("Multipart", "multipart uploads of large objects"),
        StorageFeature::Cdn => (
            "Cdn",
            "publishing containers on a CDN: `enable_cdn`, `disable_cdn`, `cdn_container`",
        ),
    }
}

/// What a load balancer feature covers, as Markdown.
fn load_balancer_feature(feature: LoadBalancerFeature) -> &'static str {
    match feature {
        LoadBalancerFeature::UpdateBalancer => "`update_balancer`",
        LoadBalancerFeature::HealthChecks => "health checks on `create_balancer`",
        LoadBalancerFeature::MemberWeights => "a weight per member",
        LoadBalancerFeature::MemberHealth => "each member's health, as the provider reports it",
        LoadBalancerFeature::AttachByNode => "members by node id (`MemberTarget::Node`)",
        LoadBalancerFeature::AttachByAddress => {
            "members by address and port (`MemberTarget::Address`)"
        }
        LoadBalancerFeature::CreateOperations => {
            "creates finish later, as an operation to wait for"
        }
    }
}

/// A DNS feature's name and what it covers, as Markdown.
fn dns_feature(feature: DnsFeature) -> (&'static str, &'static str) {
    match feature {
        DnsFeature::ZoneTtl => ("ZoneTtl", "a default TTL per zone"),
        DnsFeature::ZoneEmail => ("ZoneEmail", "a contact address per zone"),
        DnsFeature::UpdateZone => ("UpdateZone", "`update_zone`"),
        DnsFeature::BatchedChanges => (
            "BatchedChanges",
            "`apply_changes` sends few requests, not one per record",
        ),
        DnsFeature::AtomicChanges => ("AtomicChanges", "each batch is applied whole or not at all"),
        DnsFeature::ChangeOperations => (
            "ChangeOperations",
            "changes propagate asynchronously, as an operation to wait for",
        ),
        DnsFeature::AliasRecords => ("AliasRecords", "provider alias records (in `extra`)"),
    }
}

/// A table of optional features, one row each: `(name, what it covers, supported)`.
fn feature_table<'a>(out: &mut String, rows: impl IntoIterator<Item = (&'a str, &'a str, bool)>) {
    out.push_str(&row(["feature", "covers", "supported"]));
    out.push_str(&row(["---"; 3]));
    for (name, covers, supported) in rows {
        out.push_str(&row([
            code(name, true),
            covers.to_string(),
            yes_no(supported),
        ]));
    }
}

fn yes_no(supported: bool) -> String {
    if supported { "yes" } else { "no" }.to_string()
}

/// The lifecycle line: the label, with the date and note where there are.
fn lifecycle(lifecycle: &Lifecycle) -> String {
    match lifecycle {
        Lifecycle::Active => lifecycle.label().to_string(),
        Lifecycle::Deprecated { note } => format!("{}: {}", lifecycle.label(), text(note)),
        Lifecycle::Defunct { since, note } => {
            format!(
                "{} since {}: {}",
                lifecycle.label(),
                text(since),
                text(note)
            )
        }
    }
}

/// The API reference: a leading URL as a link, the rest as text.
fn reference(reference: &str) -> String {
    let reference = reference.trim();
    if reference.is_empty() {
        return "—".to_string();
    }
    let (url, rest) = reference
        .split_once(char::is_whitespace)
        .unwrap_or((reference, ""));
    let is_url = (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(['<', '>', '`', '|']);
    match (is_url, rest.trim()) {
        (false, _) => text(reference),
        (true, "") => format!("<{url}>"),
        (true, rest) => format!("<{url}> {}", text(rest)),
    }
}

/// What an option takes: its kind described, choices as code.
fn takes(kind: &OptionKind) -> String {
    match kind {
        OptionKind::Choice { choices } => {
            let choices: Vec<String> = choices.iter().map(|c| code(c, true)).collect();
            format!("one of {}", choices.join(", "))
        }
        other => text(&other.describe()),
    }
}

/// Environment variable names as code, or a dash when there are none.
fn codes(names: &[&str]) -> String {
    if names.is_empty() {
        return "—".to_string();
    }
    let names: Vec<String> = names.iter().map(|n| code(n, true)).collect();
    names.join(", ")
}

/// One table row.
fn row<S: AsRef<str>, const N: usize>(cells: [S; N]) -> String {
    let cells: Vec<&str> = cells.iter().map(AsRef::as_ref).collect();
    format!("| {} |\n", cells.join(" | "))
}

/// Plain text that stays plain: line breaks become spaces, and the characters Markdown
/// reads as markup (pipes included, so a table cell stays one cell) are escaped. An
/// underscore inside a word is left alone: it cannot start emphasis there.
fn text(raw: &str) -> String {
    let chars: Vec<char> = raw
        .chars()
        .map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c })
        .collect();
    let mut out = String::with_capacity(raw.len());
    for (i, &c) in chars.iter().enumerate() {
        let inside_word = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_alphanumeric())
        };
        let escape = match c {
            '\\' | '|' | '*' | '[' | ']' | '<' | '>' | '`' | '&' | '~' => true,
            '_' => !(inside_word(i.checked_sub(1)) && inside_word(Some(i + 1))),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A code span around `raw`, its fence longer than any run of backticks inside. Line
/// breaks become spaces; in a table cell (`in_table`) pipes are escaped, which tables
/// allow even inside code spans.
fn code(raw: &str, in_table: bool) -> String {
    let mut body = raw.replace(['\n', '\r'], " ");
    if in_table {
        body = body.replace('|', "\\|");
    }
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if body.starts_with('`') || body.ends_with('`') || body.trim().is_empty() {
        format!("{fence} {body} {fence}")
    } else {
        format!("{fence}{body}{fence}")
    }
}

#[cfg(test)]
mod tests {
    use cloud_core::CrateVersion;
    use cloud_core::dns::RecordType;

    use super::*;

    /// The position of `feature` in [`COMPUTE_FEATURES`]. The match has no wildcard: a
    /// new feature does not compile until it is given a place.
    fn compute_position(feature: ComputeFeature) -> usize {
        match feature {
            ComputeFeature::Reboot => 0,
            ComputeFeature::StartStop => 1,
            ComputeFeature::GetImage => 2,
            ComputeFeature::AuthSshKey => 3,
            ComputeFeature::AuthKeyPairName => 4,
            ComputeFeature::AuthPassword => 5,
            ComputeFeature::Tags => 6,
            ComputeFeature::UserData => 7,
            ComputeFeature::IdempotentCreate => 8,
            ComputeFeature::KeyPairs => 9,
            ComputeFeature::KeyPairCreate => 10,
            ComputeFeature::KeyPairImport => 11,
            ComputeFeature::Volumes => 12,
            ComputeFeature::Snapshots => 13,
            ComputeFeature::ImageCreate => 14,
            ComputeFeature::ImageCopy => 15,
        }
    }

    /// Like [`compute_position`], for [`STORAGE_FEATURES`].
    fn storage_position(feature: StorageFeature) -> usize {
        match feature {
            StorageFeature::RangedGet => 0,
            StorageFeature::Copy => 1,
            StorageFeature::UserMetadata => 2,
            StorageFeature::SignedGet => 3,
            StorageFeature::SignedPut => 4,
            StorageFeature::Delimiter => 5,
            StorageFeature::Multipart => 6,
            StorageFeature::Cdn => 7,
        }
    }

    /// Like [`compute_position`], for [`LOAD_BALANCER_FEATURES`].
    fn load_balancer_position(feature: LoadBalancerFeature) -> usize {
        match feature {
            LoadBalancerFeature::UpdateBalancer => 0,
            LoadBalancerFeature::HealthChecks => 1,
            LoadBalancerFeature::MemberWeights => 2,
            LoadBalancerFeature::MemberHealth => 3,
            LoadBalancerFeature::AttachByNode => 4,
            LoadBalancerFeature::AttachByAddress => 5,
            LoadBalancerFeature::CreateOperations => 6,
        }
    }

    /// Like [`compute_position`], for [`DNS_FEATURES`].
    fn dns_position(feature: DnsFeature) -> usize {
        match feature {
            DnsFeature::ZoneTtl => 0,
            DnsFeature::ZoneEmail => 1,
            DnsFeature::UpdateZone => 2,
            DnsFeature::BatchedChanges => 3,
            DnsFeature::AtomicChanges => 4,
            DnsFeature::ChangeOperations => 5,
            DnsFeature::AliasRecords => 6,
        }
    }

    fn meta(lifecycle: Lifecycle, areas: Vec<Area>) -> ProviderMeta {
        ProviderMeta {
            id: "demo".into(),
            name: "Demo Cloud".into(),
            areas,
            lifecycle,
            api_reference: "https://api.example.com/docs".into(),
            package: CrateVersion::new("cloud-demo", "0.1.0"),
        }
    }

    fn page(meta: ProviderMeta) -> ProviderPage {
        ProviderPage {
            meta,
            credentials: Vec::new(),
            options: Vec::new(),
            compute: None,
            storage: None,
            dns: None,
            load_balancer: None,
        }
    }

    /// The rows of the table under `heading` (`## Options`), header and rule included.
    fn table_after<'a>(page: &'a str, heading: &str) -> Vec<&'a str> {
        let start = page
            .find(heading)
            .unwrap_or_else(|| panic!("no {heading}:\n{page}"));
        page[start..]
            .lines()
            .skip_while(|l| !l.starts_with('|'))
            .take_while(|l| l.starts_with('|'))
            .collect()
    }

    /// The cells of a table row, split at unescaped pipes.
    fn cells(row: &str) -> Vec<String> {
        let mut cells = vec![String::new()];
        let mut escaped = false;
        for c in row.trim().trim_matches('|').chars() {
            match c {
                '|' if !escaped => cells.push(String::new()),
                _ => cells.last_mut().unwrap().push(c),
            }
            escaped = c == '\\' && !escaped;
        }
        cells.iter().map(|c| c.trim().to_string()).collect()
    }

    #[test]
    fn every_feature_is_listed_once_in_place() {
        for (i, f) in COMPUTE_FEATURES.iter().enumerate() {
            assert_eq!(compute_position(*f), i, "{f:?}");
        }
        for (i, f) in STORAGE_FEATURES.iter().enumerate() {
            assert_eq!(storage_position(*f), i, "{f:?}");
        }
        for (i, f) in DNS_FEATURES.iter().enumerate() {
            assert_eq!(dns_position(*f), i, "{f:?}");
        }
        for (i, f) in LOAD_BALANCER_FEATURES.iter().enumerate() {
            assert_eq!(load_balancer_position(*f), i, "{f:?}");
        }
    }

    #[test]
    fn facts_of_an_active_provider() {
        let rendered = page(meta(Lifecycle::Active, vec![Area::Compute, Area::Storage])).render();
        let expected = "\
## Provider

- Id: `demo`
- Name: Demo Cloud
- Areas: compute, storage
- Lifecycle: active
- API reference: <https://api.example.com/docs>
- Crate: `cloud-demo`
";
        assert!(rendered.starts_with(expected), "{rendered}");
        assert!(rendered.ends_with('\n'));
        assert!(rendered.contains("This provider takes no credentials."));
        assert!(rendered.contains("This provider takes no options."));
    }

    #[test]
    fn a_defunct_provider_shows_since_and_note() {
        let mut m = meta(
            Lifecycle::Defunct {
                since: "2012".into(),
                note: "shut down after the move\nto another cloud".into(),
            },
            vec![Area::Compute],
        );
        m.api_reference = "https://api.example.com/ (the XML API, v1.2)".into();
        let rendered = page(m).render();
        assert!(
            rendered.contains(
                "- Lifecycle: defunct since 2012: shut down after the move to another cloud\n"
            ),
            "{rendered}"
        );
        assert!(
            rendered.contains("- API reference: <https://api.example.com/> (the XML API, v1.2)\n"),
            "{rendered}"
        );
        let deprecated = page(meta(
            Lifecycle::Deprecated {
                note: "use *v2*".into(),
            },
            vec![],
        ))
        .render();
        assert!(
            deprecated.contains("- Lifecycle: deprecated: use \\*v2\\*\n"),
            "{deprecated}"
        );
        assert!(deprecated.contains("- Areas: none\n"), "{deprecated}");
        assert!(
            deprecated.contains("declares no capabilities in any area"),
            "{deprecated}"
        );
    }

    #[test]
    fn a_reference_that_is_not_a_url_is_text() {
        assert_eq!(reference("see the [wiki]"), "see the \\[wiki\\]");
        assert_eq!(reference(""), "—");
        assert_eq!(reference("ftp://x"), "ftp://x");
        assert_eq!(reference("https://a/<b>"), "https://a/\\<b\\>");
    }

    #[test]
    fn pipes_and_newlines_stay_inside_their_cells() {
        let mut p = page(meta(Lifecycle::Active, vec![]));
        p.credentials = vec![CredentialSpec::required(
            "key|id",
            "the key,\nas | issued",
            &["DEMO_KEY", "DEMO|KEY"],
        )];
        let rendered = p.render();
        let table = table_after(&rendered, "## Credentials");
        assert_eq!(table.len(), 3, "{rendered}");
        assert_eq!(
            cells(table[0]),
            ["credential", "required", "environment variables", "meaning"]
        );
        assert_eq!(
            cells(table[2]),
            [
                "`key\\|id`",
                "yes",
                "`DEMO_KEY`, `DEMO\\|KEY`",
                "the key, as \\| issued"
            ]
        );
    }

    #[test]
    fn markup_in_help_is_escaped_and_words_keep_their_underscores() {
        assert_eq!(
            text("filters: name=value[,value…] for list_images, *t3.* <b> `x` _y_"),
            "filters: name=value\\[,value…\\] for list_images, \\*t3.\\* \\<b\\> \\`x\\` \\_y\\_"
        );
        assert_eq!(text("a\\b & c~"), "a\\\\b \\& c\\~");
        assert_eq!(code("a`b", false), "``a`b``");
        assert_eq!(code("`x", false), "`` `x ``");
        assert_eq!(code("a|b", false), "`a|b`");
        assert_eq!(code("a|b", true), "`a\\|b`");
    }

    #[test]
    fn options_show_defaults_kinds_and_the_http_ones_last() {
        const OWN: &[OptionSpec] = &[
            OptionSpec::new(
                "page_size",
                OptionKind::Count { min: 25, max: 500 },
                "items per page",
            )
            .default_value("500")
            .env(&["DEMO_PAGE_SIZE"]),
            OptionSpec::new(
                "style",
                OptionKind::Choice {
                    choices: &["path", "virtual"],
                },
                "where the name goes",
            ),
        ];
        let mut p = page(meta(Lifecycle::Active, vec![]));
        p.options = accepted_options(OWN);
        let rendered = p.render();
        let table = table_after(&rendered, "## Options");
        assert_eq!(table.len(), 2 + OWN.len() + HTTP_OPTION_SPECS.len());
        assert_eq!(
            cells(table[2]),
            [
                "`page_size`",
                "a whole number from 25 to 500",
                "`500`",
                "`DEMO_PAGE_SIZE`",
                "items per page"
            ]
        );
        assert_eq!(
            cells(table[3]),
            [
                "`style`",
                "one of `path`, `virtual`",
                "—",
                "—",
                "where the name goes"
            ]
        );
        assert_eq!(
            cells(table[4])[..3],
            [
                "`connect_timeout_secs`",
                "a number of seconds above 0 (at most 86400)",
                "`10`"
            ]
        );
        assert!(
            rendered.contains(
                "`connect_timeout_secs`, `request_timeout_secs`, `read_timeout_secs`, \
                 `max_attempts`, `retry_budget_secs` come from the HTTP pipeline"
            ),
            "{rendered}"
        );
    }

    #[test]
    fn capabilities_list_every_feature_with_yes_or_no() {
        let mut p = page(meta(Lifecycle::Active, vec![Area::Compute, Area::Storage]));
        p.compute = Some(ComputeCapabilities::with([
            ComputeFeature::Reboot,
            ComputeFeature::ImageCopy,
        ]));
        p.storage = Some(StorageCapabilities::with([StorageFeature::Copy]));
        let rendered = p.render();

        let compute = table_after(&rendered, "### Compute");
        assert_eq!(compute.len(), 2 + COMPUTE_FEATURES.len());
        let supported: Vec<String> = compute[2..]
            .iter()
            .filter(|r| cells(r)[2] == "yes")
            .map(|r| cells(r)[0].clone())
            .collect();
        assert_eq!(supported, ["`Reboot`", "`ImageCopy`"]);
        assert_eq!(
            cells(compute[3]),
            ["`StartStop`", "`start_node`, `stop_node`", "no"]
        );

        let storage = table_after(&rendered, "### Storage");
        assert_eq!(storage.len(), 2 + STORAGE_FEATURES.len());
        let supported: Vec<String> = storage[2..]
            .iter()
            .filter(|r| cells(r)[2] == "yes")
            .map(|r| cells(r)[0].clone())
            .collect();
        assert_eq!(supported, ["`Copy`"]);
    }

    #[test]
    fn dns_lists_its_record_types_and_features() {
        let mut p = page(meta(Lifecycle::Active, vec![Area::Dns]));
        p.dns = Some(DnsCapabilities::with(
            [RecordType::A, RecordType::Mx],
            [DnsFeature::BatchedChanges],
        ));
        let rendered = p.render();
        assert!(
            rendered.contains("Record types it creates: `A`, `MX`."),
            "{rendered}"
        );
        let table = table_after(&rendered, "### DNS");
        assert_eq!(table.len(), 2 + DNS_FEATURES.len(), "{rendered}");
        let batched = table
            .iter()
            .find(|r| r.contains("BatchedChanges"))
            .expect("a BatchedChanges row");
        assert_eq!(cells(batched)[2], "yes");
        let atomic = table
            .iter()
            .find(|r| r.contains("AtomicChanges"))
            .expect("an AtomicChanges row");
        assert_eq!(cells(atomic)[2], "no");
        assert!(!rendered.contains("### Compute"));
    }

    #[test]
    fn load_balancers_list_their_protocols_algorithms_and_features() {
        use cloud_core::load_balancer::{Algorithm, Protocol};

        let mut p = page(meta(Lifecycle::Active, vec![Area::LoadBalancer]));
        p.load_balancer = Some(LoadBalancerCapabilities::with(
            [Protocol::Tcp, Protocol::Http],
            [Algorithm::SourceIp, Algorithm::RoundRobin],
            [LoadBalancerFeature::AttachByNode],
        ));
        let rendered = p.render();
        assert!(
            rendered.contains(
                "Listener protocols it takes: `http`, `tcp`. Algorithms it offers: \
                 `round_robin`, `source_ip`."
            ),
            "{rendered}"
        );
        let table = table_after(&rendered, "### Load balancers");
        assert_eq!(table.len(), 2 + LOAD_BALANCER_FEATURES.len(), "{rendered}");
        let supported: Vec<String> = table[2..]
            .iter()
            .filter(|r| cells(r)[2] == "yes")
            .map(|r| cells(r)[0].clone())
            .collect();
        assert_eq!(supported, ["`AttachByNode`"]);
        assert!(!rendered.contains("### DNS"), "{rendered}");
        assert!(!rendered.contains("declares no capabilities"), "{rendered}");

        p.load_balancer = Some(LoadBalancerCapabilities::default());
        let rendered = p.render();
        assert!(
            rendered.contains("Listener protocols it takes: none. Algorithms it offers: none."),
            "{rendered}"
        );
    }

    #[test]
    fn an_area_not_served_has_no_table() {
        let mut p = page(meta(Lifecycle::Active, vec![Area::Storage]));
        p.storage = Some(StorageCapabilities::default());
        let rendered = p.render();
        assert!(!rendered.contains("### Compute"), "{rendered}");
        let storage = table_after(&rendered, "### Storage");
        assert!(storage[2..].iter().all(|r| cells(r)[2] == "no"));
    }
}
