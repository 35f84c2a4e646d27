//! A realistic, varied EC2 fleet: instances in every state, with no tags, a few, or
//! thirty to forty; one or two network interfaces with one or two private addresses
//! each (and public ones where AWS would give them); one to three block devices and
//! security groups; placement, monitoring, IAM instance profiles, spot and Windows
//! instances; and text of varying length, some of it needing XML escapes. Everything
//! derives from the instance index and [`SEED`], so the fleet is the same on every run.
//! About 4.8 KB of XML per instance on average, one element per line. Public addresses
//! come from 198.18.0.0/15 (RFC 2544).

use std::fmt::Write;

use super::fleet::{Fleet, OWNER_ID, ZONES, mix, resource_id};

/// The seed every value of the fleet derives from.
pub const SEED: u64 = 0x7265_616c_6973_7469;

/// Instance types: name, architecture, cores, threads per core.
const TYPES: [(&str, &str, u32, u32); 14] = [
    ("t3.micro", "x86_64", 1, 2),
    ("t3.medium", "x86_64", 1, 2),
    ("t3a.large", "x86_64", 1, 2),
    ("m5.large", "x86_64", 1, 2),
    ("m5.2xlarge", "x86_64", 4, 2),
    ("m6i.4xlarge", "x86_64", 8, 2),
    ("c5.xlarge", "x86_64", 2, 2),
    ("c6g.2xlarge", "arm64", 8, 1),
    ("r5.large", "x86_64", 1, 2),
    ("r6i.8xlarge", "x86_64", 16, 2),
    ("t4g.small", "arm64", 2, 1),
    ("m7g.medium", "arm64", 1, 1),
    ("g5.xlarge", "x86_64", 2, 2),
    ("i3en.large", "x86_64", 1, 2),
];
/// Teams, some sharing a prefix.
const TEAMS: [&str; 9] = [
    "web",
    "data",
    "platform",
    "search",
    "billing",
    "payments-gateway",
    "ml",
    "identity",
    "observability",
];
const ENVS: [&str; 4] = ["prod", "staging", "dev", "qa"];
/// Words that make names and tag values of varying length.
const WORDS: [&str; 24] = [
    "api",
    "worker",
    "batch",
    "ingest",
    "frontend",
    "cache",
    "db",
    "replica",
    "queue",
    "scheduler",
    "reporting",
    "etl",
    "gateway",
    "bastion",
    "vpn",
    "kafka",
    "zookeeper",
    "elasticsearch",
    "grafana",
    "jenkins",
    "runner",
    "nightly",
    "canary",
    "blue",
];
/// Tag keys of everyday instances, after `Name`.
const TAG_KEYS: [&str; 14] = [
    "team",
    "env",
    "owner",
    "cost-center",
    "project",
    "service",
    "version",
    "Backup",
    "Patch Group",
    "aws:cloudformation:stack-name",
    "aws:autoscaling:groupName",
    "kubernetes.io/cluster/prod-eks-1",
    "k8s.io/role/node",
    "compliance",
];
const STATES: [(&str, u32); 6] = [
    ("running", 16),
    ("stopped", 80),
    ("pending", 0),
    ("stopping", 64),
    ("shutting-down", 32),
    ("terminated", 48),
];

/// The realistic fleet of `n` instances, in reservations of one to six.
pub fn generate(n: usize) -> Fleet {
    Fleet::render(n, write_instance, |r| {
        1 + (mix(SEED ^ 0x0072_0000_0000 ^ r as u64) % 6) as usize
    })
}

/// A deterministic stream of numbers for one instance.
struct Dice(u64);

impl Dice {
    fn of(i: u64) -> Self {
        Dice(mix(SEED ^ i))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len() as u64) as usize]
    }

    /// `count` words joined by `sep`.
    fn words(&mut self, count: u64, sep: &str) -> String {
        (0..count)
            .map(|_| self.pick(&WORDS))
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// `lo` to `hi` words joined by `sep`.
    fn phrase(&mut self, lo: u64, hi: u64, sep: &str) -> String {
        let count = self.between(lo, hi);
        self.words(count, sep)
    }

    /// `2021-MM-DDTHH:MM:SS.000Z` to `2024-…`.
    fn time(&mut self) -> String {
        format!(
            "{}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z",
            2021 + self.below(4),
            1 + self.below(12),
            1 + self.below(28),
            self.below(24),
            self.below(60),
            self.below(60)
        )
    }
}

fn ip(parts: [u64; 4], sep: char) -> String {
    format!(
        "{}{sep}{}{sep}{}{sep}{}",
        parts[0], parts[1], parts[2], parts[3]
    )
}

/// A private address in 10.0.0.0/8, from the instance and a counter.
fn private_ip(d: &mut Dice) -> [u64; 4] {
    [10, d.below(256), d.below(256), 1 + d.below(254)]
}

/// A public address in 198.18.0.0/15.
fn public_ip(d: &mut Dice) -> [u64; 4] {
    [198, 18 + d.below(2), d.below(256), 1 + d.below(254)]
}

/// Escapes the few characters tag text may hold.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

/// The instance-wide facts the sections share.
struct Facts {
    i: u64,
    state: (&'static str, u32),
    zone: &'static str,
    subnet: String,
    vpc: String,
    private_ip: Option<[u64; 4]>,
    public_ip: Option<[u64; 4]>,
    launched: String,
    groups: Vec<(String, String)>,
}

impl Facts {
    fn has_network(&self) -> bool {
        self.state.0 != "terminated"
    }
}

/// Renders instance `i` as a `DescribeInstances` `instancesSet` item.
fn write_instance(out: &mut String, i: u64) {
    let d = &mut Dice::of(i);
    let roll = d.below(100);
    let state = match roll {
        0..=69 => STATES[0],
        70..=84 => STATES[1],
        85..=87 => STATES[2],
        88..=90 => STATES[3],
        91..=92 => STATES[4],
        _ => STATES[5],
    };
    let zone_no = d.below(ZONES.len() as u64);
    let vpc_no = d.below(3);
    let mut facts = Facts {
        i,
        state,
        zone: ZONES[zone_no as usize],
        subnet: resource_id("subnet", 0x5b00 + vpc_no * 16 + zone_no),
        vpc: resource_id("vpc", 0x7c00 + vpc_no),
        private_ip: None,
        public_ip: None,
        launched: d.time(),
        groups: Vec::new(),
    };
    if facts.has_network() {
        facts.private_ip = Some(private_ip(d));
        if state.0 == "running" && d.chance(60) {
            facts.public_ip = Some(public_ip(d));
        }
        for _ in 0..d.between(1, 3) {
            let g = d.below(40);
            facts.groups.push((
                resource_id("sg", 0x5600 + g),
                format!("{}-{}", d.pick(&TEAMS), d.phrase(1, 3, "-")),
            ));
        }
    }
    write_head(out, d, &facts);
    write_groups(out, &facts.groups);
    write_devices(out, d, &facts);
    write_tags(out, d, &facts);
    write_nics(out, d, &facts);
    write_tail(out, d, &facts);
}

fn write_head(out: &mut String, d: &mut Dice, f: &Facts) {
    let (kind, arch, _, _) = TYPES[d.below(TYPES.len() as u64) as usize];
    let (state, code) = f.state;
    let _ = write!(
        out,
        "<item>\n<instanceId>{}</instanceId>\n<imageId>{}</imageId>\n\
         <instanceState>\n<code>{code}</code>\n<name>{state}</name>\n\
         </instanceState>\n",
        resource_id("i", 0x0100_0000_0000 + f.i),
        resource_id("ami", 0xa000 + d.below(25)),
    );
    let private_dns = f
        .private_ip
        .map_or_else(String::new, |p| format!("ip-{}.ec2.internal", ip(p, '-')));
    let public_dns = f.public_ip.map_or_else(String::new, |p| {
        format!("ec2-{}.compute-1.amazonaws.com", ip(p, '-'))
    });
    let _ = writeln!(out, "<privateDnsName>{private_dns}</privateDnsName>");
    let _ = writeln!(out, "<dnsName>{public_dns}</dnsName>");
    match state {
        "stopped" | "stopping" | "terminated" | "shutting-down" => {
            let when = d.time();
            let _ = writeln!(
                out,
                "<reason>User initiated ({} {} GMT)</reason>",
                &when[..10],
                &when[11..19]
            );
        }
        _ => {
            let _ = writeln!(out, "<reason/>");
        }
    }
    if d.chance(85) {
        let _ = writeln!(
            out,
            "<keyName>{}-{}</keyName>",
            d.pick(&TEAMS),
            d.phrase(1, 2, "-")
        );
    }
    let _ = writeln!(out, "<amiLaunchIndex>{}</amiLaunchIndex>", d.below(3));
    if d.chance(4) {
        let _ = writeln!(
            out,
            "<productCodes>\n<item>\n<productCode>{}</productCode>\n\
             <type>marketplace</type>\n</item>\n</productCodes>",
            &resource_id("pc", f.i)[5..]
        );
    } else {
        let _ = writeln!(out, "<productCodes/>");
    }
    let placement_group = if d.chance(10) {
        format!("<groupName>{}-cluster</groupName>", d.pick(&TEAMS))
    } else {
        "<groupName/>".into()
    };
    let tenancy = if d.chance(5) { "dedicated" } else { "default" };
    let monitoring = if d.chance(30) { "enabled" } else { "disabled" };
    let _ = write!(
        out,
        "<instanceType>{kind}</instanceType>\n<launchTime>{}</launchTime>\n\
         <placement>\n<availabilityZone>{}</availabilityZone>\n\
         {placement_group}\n<tenancy>{tenancy}</tenancy>\n</placement>\n",
        f.launched, f.zone
    );
    if d.chance(5) {
        let _ = writeln!(out, "<platform>windows</platform>");
    }
    let _ = writeln!(
        out,
        "<monitoring>\n<state>{monitoring}</state>\n</monitoring>"
    );
    if f.has_network() {
        let _ = writeln!(out, "<subnetId>{}</subnetId>", f.subnet);
        let _ = writeln!(out, "<vpcId>{}</vpcId>", f.vpc);
    }
    if let Some(p) = f.private_ip {
        let _ = writeln!(out, "<privateIpAddress>{}</privateIpAddress>", ip(p, '.'));
    }
    if let Some(p) = f.public_ip {
        let _ = writeln!(out, "<ipAddress>{}</ipAddress>", ip(p, '.'));
    }
    let _ = writeln!(out, "<sourceDestCheck>{}</sourceDestCheck>", !d.chance(5));
    if matches!(state, "stopped" | "terminated") {
        let _ = writeln!(
            out,
            "<stateReason>\n<code>Client.UserInitiatedShutdown</code>\n\
             <message>Client.UserInitiatedShutdown: User initiated shutdown</message>\n\
             </stateReason>"
        );
    }
    let _ = writeln!(out, "<architecture>{arch}</architecture>");
}

/// A `groupSet`.
fn write_groups(out: &mut String, groups: &[(String, String)]) {
    if groups.is_empty() {
        let _ = writeln!(out, "<groupSet/>");
        return;
    }
    let _ = writeln!(out, "<groupSet>");
    for (id, name) in groups {
        let _ = writeln!(
            out,
            "<item>\n<groupId>{id}</groupId>\n\
             <groupName>{name}</groupName>\n</item>"
        );
    }
    let _ = writeln!(out, "</groupSet>");
}

fn write_devices(out: &mut String, d: &mut Dice, f: &Facts) {
    let _ = writeln!(
        out,
        "<rootDeviceType>ebs</rootDeviceType>\n<rootDeviceName>/dev/xvda</rootDeviceName>"
    );
    if !f.has_network() {
        let _ = writeln!(out, "<blockDeviceMapping/>");
        return;
    }
    let _ = writeln!(out, "<blockDeviceMapping>");
    let devices = 1 + u64::from(d.chance(35)) + u64::from(d.chance(10));
    for n in 0..devices {
        let device = if n == 0 {
            "/dev/xvda".to_string()
        } else {
            format!("/dev/sd{}", (b'a' + n as u8 + 4) as char)
        };
        let _ = writeln!(
            out,
            "<item>\n<deviceName>{device}</deviceName>\n<ebs>\n\
             <volumeId>{}</volumeId>\n<status>attached</status>\n\
             <attachTime>{}</attachTime>\n\
             <deleteOnTermination>{}</deleteOnTermination>\n\
             </ebs>\n</item>",
            resource_id("vol", 0x0010_0000_0000 + f.i * 8 + n),
            f.launched,
            n == 0 || d.chance(50)
        );
    }
    let _ = writeln!(out, "</blockDeviceMapping>");
}

fn write_tags(out: &mut String, d: &mut Dice, f: &Facts) {
    let _ = writeln!(out, "<virtualizationType>hvm</virtualizationType>");
    if d.chance(40) {
        let _ = writeln!(
            out,
            "<clientToken>{}</clientToken>",
            &resource_id("ct", f.i)[3..]
        );
    } else {
        let _ = writeln!(out, "<clientToken/>");
    }
    let count = match d.below(100) {
        0..=9 => 0,
        10..=17 => d.between(30, 40),
        _ => d.between(2, 6),
    };
    if count == 0 {
        let _ = writeln!(out, "<tagSet/>");
    } else {
        let _ = writeln!(out, "<tagSet>");
        for t in 0..count {
            let (key, value) = tag(d, f, t);
            let _ = writeln!(
                out,
                "<item>\n<key>{}</key>\n<value>{}</value>\n\
                 </item>",
                escape(&key),
                escape(&value)
            );
        }
        let _ = writeln!(out, "</tagSet>");
    }
    let _ = writeln!(out, "<hypervisor>xen</hypervisor>");
}

/// Tag `t` of an instance: `Name` first, then everyday keys, then labels.
fn tag(d: &mut Dice, f: &Facts, t: u64) -> (String, String) {
    if t == 0 {
        let name = format!("{}-{}-{}", d.pick(&TEAMS), d.phrase(1, 3, "-"), f.i);
        return ("Name".into(), name);
    }
    let key = match TAG_KEYS.get(t as usize - 1) {
        Some(key) => (*key).to_string(),
        None => format!("label/{}-{t:02}", d.pick(&WORDS)),
    };
    let value = match key.as_str() {
        "team" => d.pick(&TEAMS).to_string(),
        "env" => d.pick(&ENVS).to_string(),
        "owner" => format!("{}@example.com", d.words(2, ".")),
        "cost-center" if d.chance(20) => "R&D <shared>".into(),
        "cost-center" => format!("CC-{:05}", d.below(100_000)),
        "version" => format!("{}.{}.{}", d.below(5), d.below(30), d.below(200)),
        "Backup" => ["daily", "weekly", "none"][d.below(3) as usize].into(),
        _ => {
            let n = d.between(0, 6);
            d.words(n, " ")
        }
    };
    (key, value)
}

fn write_nics(out: &mut String, d: &mut Dice, f: &Facts) {
    let Some(primary_ip) = f.private_ip else {
        let _ = writeln!(out, "<networkInterfaceSet/>");
        return;
    };
    let nics = if d.chance(75) { 2 } else { 1 };
    let _ = writeln!(out, "<networkInterfaceSet>");
    for n in 0..nics {
        let first_ip = if n == 0 { primary_ip } else { private_ip(d) };
        let public = if n == 0 {
            f.public_ip
        } else if f.public_ip.is_some() && d.chance(25) {
            Some(public_ip(d))
        } else {
            None
        };
        let association = public.map_or_else(String::new, |p| {
            let owner = if n == 0 { "amazon" } else { OWNER_ID };
            format!(
                "<association>\n<publicIp>{}</publicIp>\n\
                 <publicDnsName>ec2-{}.compute-1.amazonaws.com</publicDnsName>\n\
                 <ipOwnerId>{owner}</ipOwnerId>\n</association>\n",
                ip(p, '.'),
                ip(p, '-')
            )
        });
        let mac = format!(
            "0e:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            d.below(256),
            d.below(256),
            d.below(256),
            d.below(256),
            d.below(256)
        );
        let description = if n == 0 {
            String::new()
        } else {
            format!("{} secondary interface", d.phrase(1, 3, " "))
        };
        let eni_seed = 0x0020_0000_0000 + f.i * 4 + n;
        let _ = write!(
            out,
            "<item>\n<networkInterfaceId>{}</networkInterfaceId>\n\
             <subnetId>{}</subnetId>\n<vpcId>{}</vpcId>\n\
             <description>{description}</description>\n\
             <ownerId>{OWNER_ID}</ownerId>\n<status>in-use</status>\n\
             <macAddress>{mac}</macAddress>\n\
             <privateIpAddress>{}</privateIpAddress>\n\
             <privateDnsName>ip-{}.ec2.internal</privateDnsName>\n\
             <sourceDestCheck>true</sourceDestCheck>\n",
            resource_id("eni", eni_seed),
            f.subnet,
            f.vpc,
            ip(first_ip, '.'),
            ip(first_ip, '-'),
        );
        write_groups(out, &f.groups[..1]);
        let _ = write!(
            out,
            "<attachment>\n<attachmentId>{}</attachmentId>\n\
             <deviceIndex>{n}</deviceIndex>\n<status>attached</status>\n\
             <attachTime>{}</attachTime>\n\
             <deleteOnTermination>{}</deleteOnTermination>\n\
             <networkCardIndex>0</networkCardIndex>\n</attachment>\n\
             {association}<privateIpAddressesSet>\n",
            resource_id("eni-attach", eni_seed),
            f.launched,
            n == 0,
        );
        for a in 0..if d.chance(20) { 2 } else { 1 } {
            let address = if a == 0 { first_ip } else { private_ip(d) };
            let inner = if a == 0 { association.as_str() } else { "" };
            let _ = write!(
                out,
                "<item>\n\
                 <privateIpAddress>{}</privateIpAddress>\n\
                 <privateDnsName>ip-{}.ec2.internal</privateDnsName>\n\
                 <primary>{}</primary>\n{inner}</item>\n",
                ip(address, '.'),
                ip(address, '-'),
                a == 0
            );
        }
        let _ = write!(
            out,
            "</privateIpAddressesSet>\n<ipv6AddressesSet/>\n\
             <interfaceType>interface</interfaceType>\n</item>\n"
        );
    }
    let _ = writeln!(out, "</networkInterfaceSet>");
}

fn write_tail(out: &mut String, d: &mut Dice, f: &Facts) {
    if d.chance(60) {
        let role = format!("{}-{}", d.pick(&TEAMS), d.phrase(1, 2, "-"));
        let _ = writeln!(
            out,
            "<iamInstanceProfile>\n\
             <arn>arn:aws:iam::{OWNER_ID}:instance-profile/{role}-profile</arn>\n\
             <id>AIPA{:016X}</id>\n</iamInstanceProfile>",
            mix(f.i ^ SEED) >> 4
        );
    }
    if d.chance(8) {
        let _ = writeln!(
            out,
            "<instanceLifecycle>spot</instanceLifecycle>\n\
             <spotInstanceRequestId>{}</spotInstanceRequestId>",
            resource_id("sir", f.i)
        );
    }
    let (_, _, cores, threads) = TYPES[d.below(TYPES.len() as u64) as usize];
    let _ = write!(
        out,
        "<ebsOptimized>{}</ebsOptimized>\n<enaSupport>true</enaSupport>\n\
         <cpuOptions>\n<coreCount>{cores}</coreCount>\n\
         <threadsPerCore>{threads}</threadsPerCore>\n</cpuOptions>\n\
         <hibernationOptions>\n<configured>{}</configured>\n</hibernationOptions>\n\
         <metadataOptions>\n<state>applied</state>\n\
         <httpTokens>{}</httpTokens>\n\
         <httpPutResponseHopLimit>{}</httpPutResponseHopLimit>\n\
         <httpEndpoint>enabled</httpEndpoint>\n\
         </metadataOptions>\n\
         <platformDetails>{}</platformDetails>\n\
         <usageOperation>{}</usageOperation>\n\
         <currentInstanceBootMode>{}</currentInstanceBootMode>\n\
</item>\n",
        d.chance(50),
        d.chance(10),
        if d.chance(70) { "required" } else { "optional" },
        d.between(1, 2),
        if d.chance(5) { "Windows" } else { "Linux/UNIX" },
        if d.chance(5) {
            "RunInstances:0002"
        } else {
            "RunInstances"
        },
        if d.chance(30) { "uefi" } else { "legacy-bios" },
    );
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
        let start = text.find(open)? + open.len();
        let end = text[start..].find(close)? + start;
        Some(&text[start..end])
    }

    #[test]
    fn the_fleet_is_the_same_every_time_and_ids_are_unique() {
        let fleet = generate(3000);
        let again = generate(3001);
        let mut seen = HashSet::new();
        for i in 0..fleet.len() {
            let item = fleet.instance(i);
            assert_eq!(item, again.instance(i));
            let id = between(item, "<instanceId>", "</instanceId>").unwrap();
            assert!(id.starts_with("i-0") && id.len() == 19, "{id}");
            assert!(seen.insert(id.to_string()), "duplicate {id}");
        }
    }

    #[test]
    fn instances_are_about_5_kb_and_vary() {
        let n = 2000;
        let fleet = generate(n);
        let average = fleet.text_len() / n;
        assert!((4000..=5600).contains(&average), "{average} bytes");
        let sizes: Vec<usize> = (0..n).map(|i| fleet.instance(i).len()).collect();
        let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
        assert!(*min < 2500 && *max > 8000, "{min}..{max}");
        let tags: Vec<usize> = (0..n)
            .map(|i| fleet.instance(i).matches("<key>").count())
            .collect();
        assert!(tags.iter().filter(|&&t| t == 0).count() > n / 20);
        assert!(tags.iter().filter(|&&t| t >= 30).count() > n / 20);
        let nics = |i: usize| fleet.instance(i).matches("<networkInterfaceId>").count();
        assert!((0..n).filter(|&i| nics(i) == 2).count() > n / 2);
    }

    #[test]
    fn states_and_sections_look_like_aws() {
        let fleet = generate(1000);
        let all: String = (0..fleet.len()).map(|i| fleet.instance(i)).collect();
        for state in [
            "running",
            "stopped",
            "pending",
            "stopping",
            "shutting-down",
            "terminated",
        ] {
            assert!(all.contains(&format!("<name>{state}</name>")), "{state}");
        }
        for part in [
            "<iamInstanceProfile>",
            "<instanceLifecycle>spot</instanceLifecycle>",
            "<platform>windows</platform>",
            "<state>enabled</state>",
            "<ipOwnerId>amazon</ipOwnerId>",
            "R&amp;D &lt;shared>",
            "<blockDeviceMapping>",
            "<stateReason>",
        ] {
            assert!(all.contains(part), "{part}");
        }
        for i in 0..fleet.len() {
            let item = fleet.instance(i);
            if item.contains("<name>terminated</name>") {
                assert!(item.contains("<networkInterfaceSet/>"));
                assert!(!item.contains("<privateIpAddress>"));
            }
            if !item.contains("<name>running</name>") {
                assert!(!item.contains("<ipAddress>"), "instance {i}");
            }
        }
    }

    #[test]
    fn items_are_balanced_xml() {
        let fleet = generate(300);
        for i in 0..fleet.len() {
            let item = fleet.instance(i);
            assert_eq!(
                item.matches("<item>").count(),
                item.matches("</item>").count(),
                "instance {i}"
            );
            assert!(item.trim_start().starts_with("<item>"));
            assert!(item.trim_end().ends_with("</item>"));
            assert!(!item.replace("&amp;", "").replace("&lt;", "").contains('&'));
        }
        let sizes: HashSet<usize> = fleet
            .reservations()
            .iter()
            .map(|r| r.instances.len())
            .collect();
        assert!(sizes.len() >= 4 && sizes.iter().all(|s| (1..=6).contains(s)));
    }
}
