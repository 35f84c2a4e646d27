//! The command line, as clap types.

use std::path::PathBuf;

use std::ffi::OsString;

use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use libcloud::Registry;

/// One command line over every libcloud-rs provider.
#[derive(Debug, Parser)]
#[command(
    name = "libcloud",
    version,
    propagate_version = true,
    after_help = "Profiles are read from $XDG_CONFIG_HOME/libcloud/config.toml \
                  (~/.config/libcloud/config.toml; LIBCLOUD_CONFIG names another file)."
)]
pub struct Cli {
    /// Options that apply to every command.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The command line as clap describes it, with `--version` naming the crates of the
/// providers in `registry`.
pub fn command(registry: &Registry) -> clap::Command {
    Cli::command().long_version(crate::version::long_version(registry))
}

/// Parses `args` (the program name first); usage errors, `--help` and `--version` print
/// and exit the process here, as clap does.
pub fn parse(registry: &Registry, args: impl IntoIterator<Item = OsString>) -> Cli {
    let matches = command(registry).get_matches_from(args);
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    crate::deploy_order::record(&mut cli, &matches);
    cli
}

/// Options that apply to every command.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Provider id [default: the profile's provider, else `local`].
    #[arg(long, global = true, env = "LIBCLOUD_PROVIDER", value_name = "ID")]
    pub provider: Option<String>,
    /// Region, for providers that have them. For list commands, `all` (every region
    /// the provider names) or a comma-separated list lists each region, eight at once,
    /// each item naming its region; a failed region is reported on stderr and makes the
    /// exit code 1 without hiding the others.
    #[arg(long, global = true, env = "LIBCLOUD_REGION")]
    pub region: Option<String>,
    /// An endpoint URL overriding the provider's own.
    #[arg(long, global = true, env = "LIBCLOUD_ENDPOINT", value_name = "URL")]
    pub endpoint: Option<url::Url>,
    /// Profile from the config file [default: the file's `default_profile`].
    #[arg(long, global = true, env = "LIBCLOUD_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,
    /// Output format.
    #[arg(
        long,
        global = true,
        env = "LIBCLOUD_OUTPUT",
        value_enum,
        ignore_case = true,
        default_value_t = OutputFormat::Table
    )]
    pub output: OutputFormat,
    /// A provider option (e.g. `page_size=100`, `max_attempts=2`,
    /// `request_timeout_secs=30`); repeat for more. Wins over the profile's options.
    #[arg(id = "provider_options", long = "set", global = true, value_name = "K=V", value_parser = parse_option)]
    pub options: Vec<(String, String)>,
    /// More log output on stderr (-v info, -vv debug, -vvv trace); `RUST_LOG` applies
    /// when not given.
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns with a header row.
    Table,
    /// JSON: an array for lists, an object for single items.
    Json,
}

/// The top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the compiled-in providers; with an id, show its options and credentials.
    Providers {
        /// A provider id: show the options and credentials it takes and their
        /// environment variables.
        id: Option<String>,
    },
    /// Servers.
    #[command(subcommand)]
    Nodes(NodesCmd),
    /// Hardware profiles.
    #[command(subcommand)]
    Sizes(SizesCmd),
    /// Bootable images.
    #[command(subcommand)]
    Images(ImagesCmd),
    /// Regions, zones and data centres.
    #[command(subcommand)]
    Locations(ListCmd),
    /// SSH key pairs stored at the provider.
    #[command(subcommand)]
    Keypairs(KeypairsCmd),
    /// Block storage volumes.
    #[command(subcommand)]
    Volumes(VolumesCmd),
    /// Volume snapshots.
    #[command(subcommand)]
    Snapshots(SnapshotsCmd),
    /// Object storage: containers and objects.
    #[command(subcommand)]
    Storage(StorageCmd),
    /// DNS: zones, records, zone files.
    #[command(subcommand)]
    Dns(DnsCmd),
    /// Load balancers and their members.
    #[command(subcommand)]
    Lb(LbCmd),
    /// Print a shell completion script.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; e.g. `libcloud man > libcloud.1`).
    Man,
}

/// A resource that can only be listed.
#[derive(Debug, Subcommand)]
pub enum ListCmd {
    /// List them all.
    List,
}

/// Size commands.
#[derive(Debug, Subcommand)]
pub enum SizesCmd {
    /// List the sizes (in one location with `--location`).
    List {
        /// Only the sizes offered in this location (as `locations list` names it).
        #[arg(long)]
        location: Option<String>,
    },
}

/// Node commands.
#[derive(Debug, Subcommand)]
pub enum NodesCmd {
    /// List every node.
    List,
    /// Show one node.
    Get {
        /// Node id.
        id: String,
    },
    /// Create a node.
    Create(Box<CreateNodeArgs>),
    /// Reboot a node.
    Reboot {
        /// Node id.
        id: String,
    },
    /// Power a stopped node on.
    Start {
        /// Node id.
        id: String,
    },
    /// Power a node off without destroying it.
    Stop {
        /// Node id.
        id: String,
    },
    /// Destroy a node.
    Destroy {
        /// Node id.
        id: String,
    },
    /// Deploy to a running node over SSH: uploads, scripts and commands, in the order
    /// given.
    Deploy {
        /// Node ids; several are deployed to at once, `--parallel` at a time.
        #[arg(required = true, num_args = 1.., value_name = "NODE")]
        ids: Vec<String>,
        /// How many nodes are deployed to at once.
        #[arg(long, value_name = "N", default_value_t = 8)]
        parallel: usize,
        /// What to do on them, and how to connect.
        #[command(flatten)]
        deploy: Box<DeployArgs>,
    },
    /// Wait until a node is running.
    Wait {
        /// Node id.
        id: String,
        /// Give up after this many seconds.
        #[arg(long, value_name = "SECS", default_value_t = 600)]
        timeout: u64,
    },
}

/// Arguments of `nodes create`.
#[derive(Debug, Args)]
pub struct CreateNodeArgs {
    /// Display name.
    pub name: String,
    /// Size id (see `libcloud sizes list`).
    #[arg(long, value_name = "ID")]
    pub size: String,
    /// Image id (see `libcloud images list`).
    #[arg(long, value_name = "ID")]
    pub image: String,
    /// Location id (see `libcloud locations list`) [default: the provider's].
    #[arg(long, value_name = "ID")]
    pub location: Option<String>,
    /// Authorise this SSH public key file for the first login.
    #[arg(long, value_name = "FILE", conflicts_with = "password_env")]
    pub ssh_key: Option<PathBuf>,
    /// Take the root password from this environment variable.
    #[arg(long, value_name = "VAR")]
    pub password_env: Option<String>,
    /// A tag; repeat for more.
    #[arg(long = "tag", value_name = "K=V", value_parser = parse_tag)]
    pub tags: Vec<(String, String)>,
    /// A user-data (cloud-init) file.
    #[arg(long, value_name = "FILE")]
    pub user_data: Option<PathBuf>,
    /// A provider-specific create option (`subnet_id=subnet-1`, `security_groups=["web"]`);
    /// the value is read as JSON when it parses, else as text. Repeat for more.
    #[arg(id = "create_options", long = "opt", value_name = "K=V", value_parser = parse_option)]
    pub options: Vec<(String, String)>,
    /// Wait until the node is running before printing it.
    #[arg(long)]
    pub wait: bool,
    /// Once the node runs and answers SSH, run this script on it (before the steps the
    /// deployment flags give).
    #[arg(long, value_name = "FILE")]
    pub deploy_script: Option<PathBuf>,
    /// The deployment after the create (with `--deploy-script`, `--upload`, `--script`
    /// or `--run`).
    #[command(flatten)]
    pub deploy: DeployArgs,
}

/// What a deployment does and how it connects (`nodes deploy`, `nodes create
/// --deploy-script`). The steps run in the order their flags are given.
#[derive(Debug, Clone, Args)]
pub struct DeployArgs {
    /// The user to log in as.
    #[arg(long, value_name = "USER", default_value = "root")]
    pub user: String,
    /// The private key file to log in with [default: the SSH agent at SSH_AUTH_SOCK].
    #[arg(long, value_name = "KEY")]
    pub identity: Option<PathBuf>,
    /// Connect here instead of the node's address.
    #[arg(long, value_name = "HOST[:PORT]")]
    pub address: Option<String>,
    /// Connect to the node's private address instead of its public one.
    #[arg(long, conflicts_with = "address")]
    pub private_address: bool,
    /// Copy a local file to the node (missing remote folders are created; `{node}` in
    /// either path is the node's id); repeat.
    #[arg(long = "upload", value_name = "LOCAL:REMOTE")]
    pub uploads: Vec<String>,
    /// Upload a local script and run it; repeat.
    #[arg(long = "script", value_name = "FILE")]
    pub scripts: Vec<PathBuf>,
    /// Run a command; repeat.
    #[arg(long = "run", value_name = "CMD")]
    pub commands: Vec<String>,
    /// A variable for every script and command; repeat.
    #[arg(long = "env", value_name = "K=V", value_parser = parse_tag)]
    pub env: Vec<(String, String)>,
    /// The known_hosts file host keys are checked against (and new ones recorded in)
    /// [default: ~/.ssh/known_hosts].
    #[arg(long, value_name = "FILE")]
    pub known_hosts: Option<PathBuf>,
    /// Record an unknown host key instead of refusing it (a changed key is refused
    /// either way).
    #[arg(long)]
    pub accept_new_host_key: bool,
    /// Seconds connecting, the server's banner and logging in may take.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub connect_timeout: u64,
    /// Seconds each step may take.
    #[arg(long, value_name = "SECS", default_value_t = 600)]
    pub timeout: u64,
    /// The order the step flags came in (filled after parsing).
    #[arg(skip)]
    pub order: Vec<StepFlag>,
}

/// Which step flag came at one place on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepFlag {
    /// `--deploy-script`.
    DeployScript,
    /// `--upload`.
    Upload,
    /// `--script`.
    Script,
    /// `--run`.
    Run,
}

/// Image commands.
#[derive(Debug, Subcommand)]
pub enum ImagesCmd {
    /// List the images (usable in one location with `--location`).
    List {
        /// Only the images usable in this location (as `locations list` names it).
        #[arg(long)]
        location: Option<String>,
    },
    /// Make a server image from a node.
    Create {
        /// Node id.
        node: String,
        /// Name of the new image.
        name: String,
    },
    /// Delete a server image.
    Delete {
        /// Image id.
        id: String,
    },
}

/// Key pair commands.
#[derive(Debug, Subcommand)]
pub enum KeypairsCmd {
    /// List every key pair.
    List,
    /// Have the provider generate a key pair; prints the private key, once.
    Create {
        /// Key pair name.
        name: String,
    },
    /// Store an existing public key.
    Import {
        /// Key pair name.
        name: String,
        /// Public key file (OpenSSH format).
        file: PathBuf,
    },
    /// Delete a key pair.
    Delete {
        /// Key pair name.
        name: String,
    },
}

/// Volume commands.
#[derive(Debug, Subcommand)]
pub enum VolumesCmd {
    /// List every volume.
    List,
    /// Create a volume.
    Create {
        /// Display name.
        name: String,
        /// Size in GiB.
        #[arg(long, value_name = "GIB", value_parser = clap::value_parser!(u64).range(1..))]
        size: u64,
        /// Location id [default: the provider's].
        #[arg(long, value_name = "ID")]
        location: Option<String>,
    },
    /// Attach a volume to a node.
    Attach {
        /// Volume id.
        id: String,
        /// Node id.
        node: String,
        /// Device name hint (`/dev/sdf`).
        #[arg(long, value_name = "D")]
        device: Option<String>,
    },
    /// Detach a volume.
    Detach {
        /// Volume id.
        id: String,
    },
    /// Destroy a volume.
    Destroy {
        /// Volume id.
        id: String,
    },
}

/// Snapshot commands.
#[derive(Debug, Subcommand)]
pub enum SnapshotsCmd {
    /// List every snapshot.
    List,
    /// Snapshot a volume.
    Create {
        /// Volume id.
        volume: String,
        /// Snapshot name.
        #[arg(long, value_name = "N")]
        name: Option<String>,
    },
    /// Destroy a snapshot.
    Destroy {
        /// Snapshot id.
        id: String,
    },
}

/// Load balancer commands.
#[derive(Debug, Subcommand)]
pub enum LbCmd {
    /// List every balancer.
    List,
    /// Show one balancer.
    Get {
        /// Balancer id.
        id: String,
    },
    /// Create a balancer with one listener.
    Create {
        /// Its name.
        name: String,
        /// The port clients connect to (1-65535).
        #[arg(long)]
        port: u32,
        /// What the listener speaks (`libcloud lb protocols` lists them).
        #[arg(long)]
        protocol: String,
        /// How it picks members (`libcloud lb algorithms` lists them) [default: round_robin].
        #[arg(long)]
        algorithm: Option<String>,
        /// The port on the members [default: --port].
        #[arg(long)]
        target_port: Option<u32>,
        /// A first member: `NODE_ID[:PORT]` or `IP:PORT` (`[IPV6]:PORT`); repeat for more.
        #[arg(long = "member", value_name = "TARGET")]
        members: Vec<String>,
        /// A provider-specific create setting (`certificate_arn=arn:…`, `target_type=ip`);
        /// the value is read as JSON when it parses, else as text. Repeat for more.
        #[arg(long = "opt", value_name = "K=V", value_parser = parse_option)]
        options: Vec<(String, String)>,
        /// When the provider finishes the create later, wait until it has before
        /// printing the balancer.
        #[arg(long)]
        wait: bool,
    },
    /// Destroy a balancer.
    Destroy {
        /// Balancer id.
        id: String,
    },
    /// Members of a balancer.
    #[command(subcommand)]
    Members(LbMembersCmd),
    /// The protocols the provider's balancers take.
    Protocols,
    /// The algorithms the provider's balancers offer.
    Algorithms,
}

/// Member commands.
#[derive(Debug, Subcommand)]
pub enum LbMembersCmd {
    /// List a balancer's members.
    List {
        /// Balancer id.
        id: String,
    },
    /// Attach a member.
    Add {
        /// Balancer id.
        id: String,
        /// `NODE_ID[:PORT]` or `IP:PORT` (`[IPV6]:PORT`); a node without a port gets the
        /// balancer's target port.
        target: String,
    },
    /// Detach a member.
    Remove {
        /// Balancer id.
        id: String,
        /// Member id (as `lb members list` shows it).
        member_id: String,
    },
}

/// DNS commands. A ZONE is named by its id or its domain (a trailing dot is optional).
#[derive(Debug, Subcommand)]
pub enum DnsCmd {
    /// Zones.
    #[command(subcommand)]
    Zones(DnsZonesCmd),
    /// Records (one per value: three A records on one name are three records).
    #[command(subcommand)]
    Records(DnsRecordsCmd),
    /// Print a zone as an RFC 1035 zone file.
    Export {
        /// Zone id or domain.
        zone: String,
    },
    /// Make a zone match a zone file: create missing record sets, update changed ones;
    /// the SOA and apex NS records stay the provider's.
    Import {
        /// Zone id or domain.
        zone: String,
        /// The zone file (`-` for standard input).
        file: PathBuf,
        /// Print the plan and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Also delete record sets the file does not have.
        #[arg(long)]
        prune: bool,
    },
}

/// Zone commands.
#[derive(Debug, Subcommand)]
pub enum DnsZonesCmd {
    /// List every zone.
    List,
    /// Show one zone.
    Get {
        /// Zone id or domain.
        zone: String,
    },
    /// Create a zone.
    Create {
        /// The domain (`example.org`).
        domain: String,
        /// Default TTL of its records, in seconds.
        #[arg(long)]
        ttl: Option<u32>,
        /// The responsible person's mail address.
        #[arg(long)]
        email: Option<String>,
    },
    /// Delete a zone and every record in it.
    Delete {
        /// Zone id or domain.
        zone: String,
    },
}

/// Record commands.
#[derive(Debug, Subcommand)]
pub enum DnsRecordsCmd {
    /// List a zone's records.
    List {
        /// Zone id or domain.
        zone: String,
    },
    /// Show one record.
    Get {
        /// Zone id or domain.
        zone: String,
        /// Record id.
        id: String,
    },
    /// Add a record.
    Create {
        /// Zone id or domain.
        zone: String,
        /// Name relative to the zone (`www`), `@` for the apex, or absolute (`www.example.org.`).
        name: String,
        /// Record type (A, AAAA, CNAME, MX, TXT, SRV, NS, PTR, CAA, SPF, …).
        #[arg(value_name = "TYPE")]
        rtype: String,
        /// The data as a zone file writes it: `192.0.2.1`, `10 mail.example.org.`,
        /// `"v=spf1 -all"`, `0 5 5060 sip`.
        data: String,
        /// TTL in seconds [default: the zone's].
        #[arg(long)]
        ttl: Option<u32>,
    },
    /// Change a record's data, TTL or name.
    Update {
        /// Zone id or domain.
        zone: String,
        /// Record id.
        id: String,
        /// New data, as a zone file writes it.
        #[arg(long)]
        data: Option<String>,
        /// New TTL in seconds.
        #[arg(long)]
        ttl: Option<u32>,
        /// New name.
        #[arg(long)]
        name: Option<String>,
    },
    /// Delete a record.
    Delete {
        /// Zone id or domain.
        zone: String,
        /// Record id.
        id: String,
    },
}

/// Object storage commands.
#[derive(Debug, Subcommand)]
pub enum StorageCmd {
    /// Containers (buckets).
    #[command(subcommand)]
    Containers(ContainersCmd),
    /// List the objects of a container.
    Ls {
        /// Container name.
        container: String,
        /// Only keys starting with this.
        #[arg(long, value_name = "P")]
        prefix: Option<String>,
        /// Group keys into common prefixes at this delimiter.
        #[arg(long, value_name = "D")]
        delimiter: Option<String>,
    },
    /// Upload a file.
    Put {
        /// Local file.
        file: PathBuf,
        /// Destination, as CONTAINER/KEY.
        #[arg(value_name = "CONTAINER/KEY", value_parser = parse_object_path)]
        target: ObjectPath,
        /// MIME type [default: guessed by the provider].
        #[arg(long, value_name = "T")]
        content_type: Option<String>,
    },
    /// Download an object; the destination only changes once the whole object arrived.
    Get {
        /// Source, as CONTAINER/KEY.
        #[arg(value_name = "CONTAINER/KEY", value_parser = parse_object_path)]
        source: ObjectPath,
        /// Local file (or an existing directory to download into).
        file: PathBuf,
    },
    /// Copy objects between providers, or between local files and a provider.
    ///
    /// Each side is a local path or PROVIDER:CONTAINER/KEY, where a profile name of the
    /// config file may stand in place of PROVIDER (`work:bucket/key`; a profile wins
    /// over a provider id of the same name). A local path with a `:` before its first
    /// `/` is written `./name:…`. Between two providers the bytes stream from one to the
    /// other without a temporary file. A destination KEY that is empty or ends in `/`
    /// takes the source's file name.
    #[command(
        after_help = "Configuring each side: a side that names a profile uses that profile alone; \
                      a side that names a provider id gets the selected (or default) profile when \
                      that profile is for this provider, then --region, --endpoint and --set. So two \
                      providers at different endpoints each get a profile. --provider is not used."
    )]
    Cp(CpArgs),
    /// Make a destination hold what a source holds: a local directory and a container
    /// prefix (either way round), or two prefixes of any two providers.
    ///
    /// Each side is a local directory or PROVIDER:CONTAINER/PREFIX (or PROFILE:…), as
    /// for `cp`. A key is copied when the destination lacks it, its size differs, its
    /// content differs where both sides state a comparable digest (a small local file is
    /// hashed against the object's MD5 or SHA-256 ETag), or else its modification time
    /// differs: uploads record the file's time in the object's metadata (`mtime`),
    /// downloads give the file the time the object recorded. A second run right after
    /// the first copies nothing. Objects and files appear only once complete, so an
    /// interrupted sync leaves nothing partial and the next run finishes the work.
    #[command(
        after_help = "Patterns: `*` and `?` stay within one folder, `**` crosses folders,                       `[a-z]` is a class; a pattern without `/` matches the file name at any                       depth, one with `/` the whole key below the prefix. Keys left out by                       --include/--exclude are neither copied nor deleted. Configuring each                       side works as for `storage cp`."
    )]
    Sync(SyncArgs),
    /// Delete an object.
    Rm {
        /// The object, as CONTAINER/KEY.
        #[arg(value_name = "CONTAINER/KEY", value_parser = parse_object_path)]
        target: ObjectPath,
    },
    /// Print a signed URL that allows one method on one object without credentials.
    ///
    /// When the provider needs headers on a request to it (an upload to Azure needs
    /// `x-ms-blob-type: BlockBlob`), each follows the URL on a line of its own as
    /// `header: NAME: VALUE`; JSON output lists them under `headers`.
    Url {
        /// The object, as CONTAINER/KEY.
        #[arg(value_name = "CONTAINER/KEY", value_parser = parse_object_path)]
        target: ObjectPath,
        /// Seconds the URL stays valid.
        #[arg(long, value_name = "SECS", default_value_t = 3600,
              value_parser = clap::value_parser!(u64).range(1..))]
        expires: u64,
        /// The method the URL allows.
        #[arg(long, value_enum, default_value_t = UrlMethod::Get)]
        method: UrlMethod,
    },
    /// Publish containers on the provider's CDN, and their objects' CDN addresses.
    #[command(subcommand)]
    Cdn(CdnCmd),
}

/// CDN commands.
#[derive(Debug, Subcommand)]
pub enum CdnCmd {
    /// Publish a container on the CDN; prints its CDN settings and addresses.
    Enable {
        /// Container name.
        container: String,
        /// How long the CDN caches an object, in seconds (900 to 31536000).
        #[arg(long, value_name = "SECS")]
        ttl: Option<u64>,
    },
    /// Stop publishing a container (cached copies live out their TTL).
    Disable {
        /// Container name.
        container: String,
    },
    /// Show a container's CDN settings and addresses.
    Show {
        /// Container name.
        container: String,
    },
    /// Print an object's CDN address.
    Url {
        /// The object, as CONTAINER/KEY.
        #[arg(value_name = "CONTAINER/KEY", value_parser = parse_object_path)]
        target: ObjectPath,
        /// Which address.
        #[arg(long, value_enum, default_value_t = CdnKind::Https)]
        kind: CdnKind,
    },
}

/// Which CDN address of an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CdnKind {
    /// Plain HTTP.
    Http,
    /// HTTPS.
    Https,
    /// Streaming media.
    Streaming,
    /// Streaming to iOS devices.
    Ios,
}

/// `storage cp` arguments.
#[derive(Debug, Args)]
pub struct CpArgs {
    /// What to copy: a local path or PROVIDER:CONTAINER/KEY (with -r, a local directory
    /// or PROVIDER:CONTAINER/PREFIX).
    #[arg(value_name = "SRC")]
    pub source: String,
    /// Where to: a local path or PROVIDER:CONTAINER/KEY (with -r, a local directory or
    /// PROVIDER:CONTAINER/PREFIX).
    #[arg(value_name = "DST")]
    pub dest: String,
    /// Copy every object under the source prefix (or every file under the source
    /// directory); a prefix is taken to end in `/`.
    #[arg(short, long)]
    pub recursive: bool,
    /// How many objects are copied at once with -r.
    #[arg(long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
}

/// `storage sync` arguments.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The source: a local directory or PROVIDER:CONTAINER/PREFIX.
    #[arg(value_name = "SRC")]
    pub source: String,
    /// The destination: a local directory or PROVIDER:CONTAINER/PREFIX.
    #[arg(value_name = "DST")]
    pub dest: String,
    /// Delete destination keys the source lacks (after every copy succeeded).
    #[arg(long)]
    pub delete: bool,
    /// Print what would be copied and deleted, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Only keys matching this pattern (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Leave out keys matching this pattern (repeatable; wins over --include).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// How many keys are copied at once (four times as many are compared and listed at
    /// once; objects from 8 MiB up are copied one at a time beside the small ones).
    #[arg(long, value_name = "N", default_value_t = 16,
          value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
}

/// Container commands.
#[derive(Debug, Subcommand)]
pub enum ContainersCmd {
    /// List every container.
    List,
    /// Create a container.
    Create {
        /// Container name.
        name: String,
    },
    /// Delete an empty container.
    Delete {
        /// Container name.
        name: String,
    },
}

/// The method a signed URL allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UrlMethod {
    /// Download.
    Get,
    /// Upload.
    Put,
}

/// An object named on the command line as `CONTAINER/KEY`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectPath {
    /// Container name: everything before the first `/`.
    pub container: String,
    /// Object key: everything after the first `/`.
    pub key: String,
}

/// Splits `CONTAINER/KEY` at the first `/`; both halves must be non-empty.
pub fn parse_object_path(text: &str) -> Result<ObjectPath, String> {
    match text.split_once('/') {
        Some((container, key)) if !container.is_empty() && !key.is_empty() => Ok(ObjectPath {
            container: container.to_string(),
            key: key.to_string(),
        }),
        _ => Err(format!(
            "expected CONTAINER/KEY (e.g. photos/2024/cat.jpg), got {text:?}"
        )),
    }
}

/// Parses a `K=V` option; the key must be non-empty, the value may be.
pub fn parse_option(text: &str) -> Result<(String, String), String> {
    parse_tag(text)
}

/// Parses a `K=V` tag; the key must be non-empty, the value may be.
pub fn parse_tag(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("expected K=V, got {text:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn object_paths_split_at_the_first_slash() {
        let p = parse_object_path("photos/2024/cat.jpg").unwrap();
        assert_eq!(p.container, "photos");
        assert_eq!(p.key, "2024/cat.jpg");
        assert_eq!(parse_object_path("b/../x").unwrap().key, "../x");
        for bad in ["nokey", "/key", "bucket/", ""] {
            assert!(parse_object_path(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tags_need_a_key() {
        assert_eq!(
            parse_tag("env=prod=blue").unwrap(),
            ("env".to_string(), "prod=blue".to_string())
        );
        assert_eq!(parse_tag("empty=").unwrap().1, "");
        assert!(parse_tag("=v").is_err());
        assert!(parse_tag("novalue").is_err());
    }

    #[test]
    fn globals_work_after_the_subcommand() {
        let cli = Cli::try_parse_from([
            "libcloud",
            "nodes",
            "list",
            "--output",
            "json",
            "-vv",
            "--provider",
            "x",
        ])
        .unwrap();
        assert_eq!(cli.global.output, OutputFormat::Json);
        assert_eq!(cli.global.verbose, 2);
        assert_eq!(cli.global.provider.as_deref(), Some("x"));
    }

    #[test]
    fn provider_options_and_create_options_stay_apart() {
        let cli = Cli::try_parse_from([
            "libcloud",
            "--set",
            "max_attempts=2",
            "nodes",
            "create",
            "web",
            "--size",
            "s",
            "--image",
            "i",
            "--opt",
            "subnet_id=sn-1",
        ])
        .unwrap();
        assert_eq!(
            cli.global.options,
            [("max_attempts".to_string(), "2".to_string())]
        );
        let Command::Nodes(NodesCmd::Create(create)) = cli.command else {
            panic!("not nodes create");
        };
        assert_eq!(
            create.options,
            [("subnet_id".to_string(), "sn-1".to_string())]
        );
    }

    #[test]
    fn bad_endpoint_is_a_usage_error() {
        let err =
            Cli::try_parse_from(["libcloud", "--endpoint", "not a url", "providers"]).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::ValueValidation);
    }
}
