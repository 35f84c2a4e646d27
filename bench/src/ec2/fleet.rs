//! A made-up EC2 fleet: `N` instances in reservations of one to three, each rendered
//! once as the `<item>` AWS sends in a `DescribeInstances` answer (API 2016-11-15), with
//! the fields a real VPC instance carries. Every value derives from the instance's index,
//! so a fleet is the same on every run. Public addresses come from 198.18.0.0/15, the
//! range set aside for benchmarks (RFC 2544); nothing ever connects to them.

use std::fmt::Write;
use std::ops::Range;

/// The owner account of every reservation (the documentation placeholder).
pub const OWNER_ID: &str = "123456789012";
/// The region the fleet lives in.
pub const REGION: &str = "us-east-1";
/// Its availability zones.
pub const ZONES: [&str; 6] = [
    "us-east-1a",
    "us-east-1b",
    "us-east-1c",
    "us-east-1d",
    "us-east-1e",
    "us-east-1f",
];

const TYPES: [(&str, &str, u32); 8] = [
    ("t3.micro", "x86_64", 1),
    ("t3.small", "x86_64", 1),
    ("t3.medium", "x86_64", 1),
    ("m5.large", "x86_64", 1),
    ("m5.xlarge", "x86_64", 2),
    ("c5.2xlarge", "x86_64", 4),
    ("r5.large", "x86_64", 1),
    ("t4g.medium", "arm64", 2),
];
const TEAMS: [&str; 5] = ["web", "data", "platform", "search", "billing"];
const ENVS: [&str; 3] = ["prod", "staging", "dev"];

/// One reservation: the text before its instances, and which instances it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    /// `<item>` up to and including `<instancesSet>`.
    pub open: String,
    /// Indices of its instances.
    pub instances: Range<usize>,
}

/// The text that closes a reservation item.
pub const RESERVATION_CLOSE: &str = "                </instancesSet>\n            </item>\n";

/// The fleet, rendered.
#[derive(Debug, Clone)]
pub struct Fleet {
    text: String,
    spans: Vec<Range<usize>>,
    reservations: Vec<Reservation>,
}

/// SplitMix64: a bijection on `u64` that scatters consecutive inputs, so ids made from
/// it are unique and look random.
pub fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// An AWS-style resource id: `prefix-0` and 16 hex digits.
pub fn resource_id(prefix: &str, seed: u64) -> String {
    format!("{prefix}-0{:016x}", mix(seed))
}

/// Reservation sizes cycle through this pattern.
const RESERVATION_PATTERN: [usize; 5] = [1, 2, 1, 3, 1];

impl Fleet {
    /// Generates and renders `n` instances.
    pub fn generate(n: usize) -> Self {
        Fleet::render(n, write_instance, |r| {
            RESERVATION_PATTERN[r % RESERVATION_PATTERN.len()]
        })
    }

    /// Renders `n` instances with `write` (instance index to `<item>`), grouped in
    /// reservations whose sizes `reservation_size` gives by reservation index.
    pub fn render(
        n: usize,
        write: impl Fn(&mut String, u64),
        reservation_size: impl Fn(usize) -> usize,
    ) -> Self {
        let mut text = String::with_capacity(n * 4096);
        let mut spans = Vec::with_capacity(n);
        for i in 0..n {
            let start = text.len();
            write(&mut text, i as u64);
            spans.push(start..text.len());
        }
        let mut reservations = Vec::new();
        let mut next = 0;
        while next < n {
            let size = reservation_size(reservations.len()).max(1);
            let end = (next + size).min(n);
            reservations.push(Reservation {
                open: reservation_open(reservations.len() as u64),
                instances: next..end,
            });
            next = end;
        }
        Fleet {
            text,
            spans,
            reservations,
        }
    }

    /// How many instances.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The rendered `<item>` of instance `i`.
    pub fn instance(&self, i: usize) -> &str {
        &self.text[self.spans[i].clone()]
    }

    /// The reservations, in order; together they hold every instance once.
    pub fn reservations(&self) -> &[Reservation] {
        &self.reservations
    }

    /// The index of the reservation holding instance `i`.
    pub fn reservation_of(&self, i: usize) -> usize {
        self.reservations.partition_point(|r| r.instances.end <= i)
    }

    /// The rendered size of all instances, bytes.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }
}

fn reservation_open(r: u64) -> String {
    format!(
        "            <item>\n\
         \x20               <reservationId>{}</reservationId>\n\
         \x20               <ownerId>{OWNER_ID}</ownerId>\n\
         \x20               <groupSet/>\n\
         \x20               <instancesSet>\n",
        resource_id("r", 0x5200_0000 + r)
    )
}

/// The fields of one instance that vary.
struct Facts {
    id: String,
    seed: u64,
    running: bool,
    private_ip: [u64; 4],
    public_ip: [u64; 4],
    zone: &'static str,
    kind: (&'static str, &'static str, u32),
}

impl Facts {
    fn of(i: u64) -> Self {
        let seed = mix(i ^ 0x00ec_2be0);
        Facts {
            id: resource_id("i", i),
            seed,
            running: i % 10 != 7,
            private_ip: [10, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff],
            public_ip: [198, 18 + ((i >> 16) & 1), (i >> 8) & 0xff, i & 0xff],
            zone: ZONES[(seed % ZONES.len() as u64) as usize],
            kind: TYPES[((seed >> 8) % TYPES.len() as u64) as usize],
        }
    }

    fn pick<'a>(&self, shift: u32, list: &[&'a str]) -> &'a str {
        list[((self.seed >> shift) % list.len() as u64) as usize]
    }

    /// `2023-MM-DDTHH:MM:SS.000Z`, spread over the year.
    fn launch_time(&self) -> String {
        let s = self.seed >> 20;
        format!(
            "2023-{:02}-{:02}T{:02}:{:02}:{:02}.000Z",
            1 + s % 12,
            1 + (s >> 4) % 28,
            (s >> 9) % 24,
            (s >> 14) % 60,
            (s >> 20) % 60
        )
    }
}

fn dotted(ip: [u64; 4], sep: char) -> String {
    format!("{}{sep}{}{sep}{}{sep}{}", ip[0], ip[1], ip[2], ip[3])
}

/// Renders instance `i` as a `DescribeInstances` `instancesSet` item.
fn write_instance(out: &mut String, i: u64) {
    let f = Facts::of(i);
    let (kind, arch, cores) = f.kind;
    let private_ip = dotted(f.private_ip, '.');
    let private_dns = format!("ip-{}.ec2.internal", dotted(f.private_ip, '-'));
    let (public_dns, public_ip) = if f.running {
        (
            format!("ec2-{}.compute-1.amazonaws.com", dotted(f.public_ip, '-')),
            Some(dotted(f.public_ip, '.')),
        )
    } else {
        (String::new(), None)
    };
    let (code, state, reason) = if f.running {
        (16, "running", String::new())
    } else {
        (
            80,
            "stopped",
            format!(
                "User initiated ({})",
                &f.launch_time()[..19].replace('T', " ")
            ),
        )
    };
    let launched = f.launch_time();
    let image = resource_id("ami", 0xa000 + (f.seed >> 40) % 6);
    let zone_no = ZONES.iter().position(|z| *z == f.zone).unwrap_or(0) as u64;
    let subnet = resource_id("subnet", 0x5b00 + zone_no);
    let vpc = resource_id("vpc", 0x7c00);
    let group = resource_id("sg", 0x5600 + (f.seed >> 44) % 4);
    let team = f.pick(24, &TEAMS);
    let env = f.pick(32, &ENVS);
    let volume = resource_id("vol", 0x0010_0000_0000 + i);
    let eni = resource_id("eni", 0x0020_0000_0000 + i);
    let attachment = resource_id("eni-attach", 0x0030_0000_0000 + i);
    let mac = format!(
        "0e:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
        (f.seed >> 8) & 0xff,
        (f.seed >> 16) & 0xff,
        (i >> 16) & 0xff,
        (i >> 8) & 0xff,
        i & 0xff
    );
    let association = public_ip.as_ref().map_or_else(String::new, |ip| {
        format!(
            "                            <association>\n\
             \x20                               <publicIp>{ip}</publicIp>\n\
             \x20                               <publicDnsName>{public_dns}</publicDnsName>\n\
             \x20                               <ipOwnerId>amazon</ipOwnerId>\n\
             \x20                           </association>\n"
        )
    });
    let ip_address = public_ip.as_ref().map_or_else(String::new, |ip| {
        format!("                    <ipAddress>{ip}</ipAddress>\n")
    });
    let _ = write!(
        out,
        "                <item>
                    <instanceId>{id}</instanceId>
                    <imageId>{image}</imageId>
                    <instanceState>
                        <code>{code}</code>
                        <name>{state}</name>
                    </instanceState>
                    <privateDnsName>{private_dns}</privateDnsName>
                    <dnsName>{public_dns}</dnsName>
                    <reason>{reason}</reason>
                    <keyName>deploy-2023</keyName>
                    <amiLaunchIndex>0</amiLaunchIndex>
                    <productCodes/>
                    <instanceType>{kind}</instanceType>
                    <launchTime>{launched}</launchTime>
                    <placement>
                        <availabilityZone>{zone}</availabilityZone>
                        <groupName/>
                        <tenancy>default</tenancy>
                    </placement>
                    <monitoring>
                        <state>disabled</state>
                    </monitoring>
                    <subnetId>{subnet}</subnetId>
                    <vpcId>{vpc}</vpcId>
                    <privateIpAddress>{private_ip}</privateIpAddress>
{ip_address}                    <sourceDestCheck>true</sourceDestCheck>
                    <groupSet>
                        <item>
                            <groupId>{group}</groupId>
                            <groupName>{team}-{env}</groupName>
                        </item>
                    </groupSet>
                    <architecture>{arch}</architecture>
                    <rootDeviceType>ebs</rootDeviceType>
                    <rootDeviceName>/dev/xvda</rootDeviceName>
                    <blockDeviceMapping>
                        <item>
                            <deviceName>/dev/xvda</deviceName>
                            <ebs>
                                <volumeId>{volume}</volumeId>
                                <status>attached</status>
                                <attachTime>{launched}</attachTime>
                                <deleteOnTermination>true</deleteOnTermination>
                            </ebs>
                        </item>
                    </blockDeviceMapping>
                    <virtualizationType>hvm</virtualizationType>
                    <clientToken/>
                    <tagSet>
                        <item>
                            <key>Name</key>
                            <value>{team}-{env}-{i:05}</value>
                        </item>
                        <item>
                            <key>team</key>
                            <value>{team}</value>
                        </item>
                        <item>
                            <key>env</key>
                            <value>{env}</value>
                        </item>
                    </tagSet>
                    <hypervisor>xen</hypervisor>
                    <networkInterfaceSet>
                        <item>
                            <networkInterfaceId>{eni}</networkInterfaceId>
                            <subnetId>{subnet}</subnetId>
                            <vpcId>{vpc}</vpcId>
                            <description/>
                            <ownerId>{OWNER_ID}</ownerId>
                            <status>in-use</status>
                            <macAddress>{mac}</macAddress>
                            <privateIpAddress>{private_ip}</privateIpAddress>
                            <privateDnsName>{private_dns}</privateDnsName>
                            <sourceDestCheck>true</sourceDestCheck>
                            <groupSet>
                                <item>
                                    <groupId>{group}</groupId>
                                    <groupName>{team}-{env}</groupName>
                                </item>
                            </groupSet>
                            <attachment>
                                <attachmentId>{attachment}</attachmentId>
                                <deviceIndex>0</deviceIndex>
                                <status>attached</status>
                                <attachTime>{launched}</attachTime>
                                <deleteOnTermination>true</deleteOnTermination>
                                <networkCardIndex>0</networkCardIndex>
                            </attachment>
{association}                            <privateIpAddressesSet>
                                <item>
                                    <privateIpAddress>{private_ip}</privateIpAddress>
                                    <privateDnsName>{private_dns}</privateDnsName>
                                    <primary>true</primary>
{association}                                </item>
                            </privateIpAddressesSet>
                            <ipv6AddressesSet/>
                            <interfaceType>interface</interfaceType>
                        </item>
                    </networkInterfaceSet>
                    <ebsOptimized>false</ebsOptimized>
                    <enaSupport>true</enaSupport>
                    <cpuOptions>
                        <coreCount>{cores}</coreCount>
                        <threadsPerCore>2</threadsPerCore>
                    </cpuOptions>
                    <capacityReservationSpecification>
                        <capacityReservationPreference>open</capacityReservationPreference>
                    </capacityReservationSpecification>
                    <hibernationOptions>
                        <configured>false</configured>
                    </hibernationOptions>
                    <metadataOptions>
                        <state>applied</state>
                        <httpTokens>required</httpTokens>
                        <httpPutResponseHopLimit>2</httpPutResponseHopLimit>
                        <httpEndpoint>enabled</httpEndpoint>
                    </metadataOptions>
                    <platformDetails>Linux/UNIX</platformDetails>
                    <usageOperation>RunInstances</usageOperation>
                    <bootMode>uefi-preferred</bootMode>
                    <currentInstanceBootMode>legacy-bios</currentInstanceBootMode>
                </item>
",
        id = f.id,
        zone = f.zone,
    );
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn ids_are_unique_and_aws_shaped() {
        let fleet = Fleet::generate(2000);
        let mut seen = HashSet::new();
        for i in 0..fleet.len() {
            let item = fleet.instance(i);
            let id = between(item, "<instanceId>", "</instanceId>");
            assert_eq!(id.len(), 19, "{id}");
            assert!(id.starts_with("i-0"), "{id}");
            assert!(seen.insert(id.to_string()), "duplicate {id}");
        }
    }

    #[test]
    fn reservations_hold_every_instance_once_in_order() {
        for n in [1, 2, 7, 100, 1001] {
            let fleet = Fleet::generate(n);
            let mut next = 0;
            for r in fleet.reservations() {
                assert_eq!(r.instances.start, next);
                assert!((1..=3).contains(&r.instances.len()));
                next = r.instances.end;
            }
            assert_eq!(next, n);
            for i in 0..n {
                let r = &fleet.reservations()[fleet.reservation_of(i)];
                assert!(r.instances.contains(&i), "instance {i} of {n}");
            }
        }
    }

    #[test]
    fn running_and_stopped_instances_look_like_aws() {
        let fleet = Fleet::generate(20);
        let running = fleet.instance(0);
        assert!(running.contains("<name>running</name>") && running.contains("<code>16</code>"));
        assert!(running.contains("<ipAddress>198.18.0.0</ipAddress>"));
        assert!(running.contains("<privateIpAddress>10.0.0.0</privateIpAddress>"));
        assert!(running.contains("<dnsName>ec2-198-18-0-0.compute-1.amazonaws.com</dnsName>"));
        assert!(running.contains("<key>Name</key>"));
        assert!(running.contains("<availabilityZone>us-east-1"));
        let stopped = fleet.instance(7);
        assert!(stopped.contains("<name>stopped</name>") && stopped.contains("<code>80</code>"));
        assert!(!stopped.contains("<ipAddress>") && !stopped.contains("<association>"));
        assert!(stopped.contains("<reason>User initiated (2023-"));
        assert_eq!(fleet.instance(3), Fleet::generate(4).instance(3));
    }

    #[test]
    fn instance_items_are_balanced_xml() {
        let fleet = Fleet::generate(30);
        for i in 0..fleet.len() {
            let item = fleet.instance(i);
            let opens = item.matches("<item>").count();
            assert_eq!(opens, item.matches("</item>").count(), "instance {i}");
            assert!(item.trim_start().starts_with("<item>"));
            assert!(item.trim_end().ends_with("</item>"));
            assert!(!item.contains('&'), "nothing that needs escaping");
        }
        assert!(fleet.text_len() > 30 * 3000, "realistic size per instance");
    }

    fn between<'a>(text: &'a str, open: &str, close: &str) -> &'a str {
        let start = text.find(open).unwrap() + open.len();
        let end = text[start..].find(close).unwrap() + start;
        &text[start..end]
    }
}
