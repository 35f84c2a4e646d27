//! The parsers on good, truncated, mangled and random input: typed results, typed
//! errors, never a panic.

use cloud_core::ErrorKind;
use cloud_core::compute::{NodeState, VolumeState};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::*;

const NS: &str = "http://ec2.amazonaws.com/doc/2016-11-15/";

const INSTANCE: &str = r#"<item>
  <instanceId>i-0abc123def4567890</instanceId>
  <imageId>ami-0123456789abcdef0</imageId>
  <instanceState><code>16</code><name>running</name></instanceState>
  <privateDnsName>ip-10-0-1-12.ec2.internal</privateDnsName>
  <dnsName>ec2-203-0-113-25.compute-1.amazonaws.com</dnsName>
  <reason/>
  <keyName>deploy</keyName>
  <amiLaunchIndex>0</amiLaunchIndex>
  <instanceType>t3.micro</instanceType>
  <launchTime>2024-03-01T10:00:00.000Z</launchTime>
  <placement><availabilityZone>us-east-1a</availabilityZone><tenancy>default</tenancy></placement>
  <monitoring><state>disabled</state></monitoring>
  <subnetId>subnet-0aa</subnetId>
  <vpcId>vpc-0bb</vpcId>
  <privateIpAddress>10.0.1.12</privateIpAddress>
  <ipAddress>203.0.113.25</ipAddress>
  <groupSet><item><groupId>sg-0cc</groupId><groupName>web</groupName></item></groupSet>
  <architecture>x86_64</architecture>
  <rootDeviceType>ebs</rootDeviceType>
  <rootDeviceName>/dev/xvda</rootDeviceName>
  <blockDeviceMapping><item><deviceName>/dev/xvda</deviceName><ebs><volumeId>vol-0dd</volumeId><status>attached</status></ebs></item></blockDeviceMapping>
  <virtualizationType>hvm</virtualizationType>
  <tagSet><item><key>Name</key><value>web-1</value></item><item><key>env</key><value>prod &amp; test</value></item></tagSet>
  <hypervisor>xen</hypervisor>
  <networkInterfaceSet><item>
    <privateIpAddress>10.0.1.12</privateIpAddress>
    <association><publicIp>203.0.113.25</publicIp></association>
    <privateIpAddressesSet><item><privateIpAddress>10.0.1.12</privateIpAddress></item><item><privateIpAddress>10.0.1.13</privateIpAddress></item></privateIpAddressesSet>
  </item></networkInterfaceSet>
  <ebsOptimized>false</ebsOptimized>
</item>"#;

fn doc(action: &str, inner: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<{action}Response xmlns="{NS}"><requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>{inner}</{action}Response>"#
    )
}

fn describe_instances() -> String {
    doc(
        "DescribeInstances",
        &format!(
            "<reservationSet><item><reservationId>r-1</reservationId><ownerId>123456789012</ownerId>\
             <instancesSet>{INSTANCE}</instancesSet></item></reservationSet><nextToken>tok-2</nextToken>"
        ),
    )
}

const INSTANCE_TYPE: &str = r#"<item><instanceType>t3.micro</instanceType><currentGeneration>true</currentGeneration>
  <processorInfo><supportedArchitectures><item>x86_64</item></supportedArchitectures></processorInfo>
  <vCpuInfo><defaultVCpus>2</defaultVCpus></vCpuInfo><memoryInfo><sizeInMiB>1024</sizeInMiB></memoryInfo>
  <networkInfo><networkPerformance>Up to 5 Gigabit</networkPerformance></networkInfo></item>"#;

const IMAGE: &str = r#"<item><imageId>ami-0123456789abcdef0</imageId><imageLocation>amazon/al2023</imageLocation>
  <imageState>available</imageState><imageOwnerId>137112412989</imageOwnerId><isPublic>true</isPublic>
  <architecture>x86_64</architecture><imageType>machine</imageType><name>al2023-ami</name>
  <rootDeviceType>ebs</rootDeviceType><virtualizationType>hvm</virtualizationType></item>"#;

const ZONE: &str = r#"<item><zoneName>us-east-1a</zoneName><zoneState>available</zoneState>
  <regionName>us-east-1</regionName><zoneId>use1-az6</zoneId><zoneType>availability-zone</zoneType></item>"#;

const REGION: &str = r#"<item><regionName>eu-west-1</regionName><regionEndpoint>ec2.eu-west-1.amazonaws.com</regionEndpoint>
  <optInStatus>opt-in-not-required</optInStatus></item>"#;

const KEY: &str = r#"<item><keyPairId>key-0a1</keyPairId><keyName>deploy</keyName>
  <keyFingerprint>1f:51:ae:28</keyFingerprint><keyType>ed25519</keyType></item>"#;

const VOLUME: &str = r#"<item><volumeId>vol-0dd</volumeId><size>8</size><snapshotId/>
  <availabilityZone>us-east-1a</availabilityZone><status>in-use</status><createTime>2024-03-01T10:00:00.000Z</createTime>
  <attachmentSet><item><volumeId>vol-0dd</volumeId><instanceId>i-0abc123def4567890</instanceId><device>/dev/sdf</device>
  <status>attached</status></item></attachmentSet><volumeType>gp3</volumeType><iops>3000</iops><encrypted>false</encrypted>
  <tagSet><item><key>Name</key><value>data</value></item></tagSet></item>"#;

const SNAPSHOT: &str = r#"<item><snapshotId>snap-0ee</snapshotId><volumeId>vol-0dd</volumeId><status>completed</status>
  <startTime>2024-03-01T10:00:00.000Z</startTime><progress>100%</progress><ownerId>123456789012</ownerId>
  <volumeSize>8</volumeSize><description>nightly</description><encrypted>false</encrypted></item>"#;

/// Every public parser, fed a body, reporting only the error kind.
type Check = fn(&[u8]) -> std::result::Result<(), ErrorKind>;

fn k<T>(r: Result<T>) -> std::result::Result<(), ErrorKind> {
    r.map(|_| ()).map_err(|e| e.kind())
}

fn checks() -> Vec<(&'static str, Check, String)> {
    vec![
        (
            "instances",
            |b| k(describe_instances_page(b)),
            describe_instances(),
        ),
        (
            "run",
            |b| k(run_instances(b)),
            doc(
                "RunInstances",
                &format!(
                    "<reservationId>r-1</reservationId><instancesSet>{INSTANCE}</instancesSet>"
                ),
            ),
        ),
        (
            "types",
            |b| k(describe_instance_types_page(b)),
            doc(
                "DescribeInstanceTypes",
                &format!("<instanceTypeSet>{INSTANCE_TYPE}</instanceTypeSet>"),
            ),
        ),
        (
            "images",
            |b| k(describe_images_page(b)),
            doc("DescribeImages", &format!("<imagesSet>{IMAGE}</imagesSet>")),
        ),
        (
            "zones",
            |b| k(describe_availability_zones(b)),
            doc(
                "DescribeAvailabilityZones",
                &format!("<availabilityZoneInfo>{ZONE}</availabilityZoneInfo>"),
            ),
        ),
        (
            "regions",
            |b| k(describe_regions(b)),
            doc(
                "DescribeRegions",
                &format!("<regionInfo>{REGION}</regionInfo>"),
            ),
        ),
        (
            "keys",
            |b| k(describe_key_pairs(b)),
            doc("DescribeKeyPairs", &format!("<keySet>{KEY}</keySet>")),
        ),
        (
            "new key",
            |b| k(create_key_pair(b)),
            doc(
                "CreateKeyPair",
                "<keyName>k</keyName><keyFingerprint>f</keyFingerprint><keyMaterial>-----BEGIN-----</keyMaterial>",
            ),
        ),
        (
            "volumes",
            |b| k(describe_volumes_page(b)),
            doc(
                "DescribeVolumes",
                &format!("<volumeSet>{VOLUME}</volumeSet>"),
            ),
        ),
        (
            "new volume",
            |b| k(create_volume(b)),
            doc(
                "CreateVolume",
                "<volumeId>vol-1</volumeId><size>1</size><status>creating</status>",
            ),
        ),
        (
            "snapshots",
            |b| k(describe_snapshots_page(b)),
            doc(
                "DescribeSnapshots",
                &format!("<snapshotSet>{SNAPSHOT}</snapshotSet>"),
            ),
        ),
        (
            "new snapshot",
            |b| k(create_snapshot(b)),
            doc(
                "CreateSnapshot",
                "<snapshotId>snap-1</snapshotId><volumeId>vol-1</volumeId><status>pending</status>",
            ),
        ),
        (
            "console",
            |b| k(console_output(b)),
            doc(
                "GetConsoleOutput",
                "<instanceId>i-1</instanceId><output>aGVsbG8K</output>",
            ),
        ),
    ]
}

#[test]
fn instances_read_every_field() {
    let page = describe_instances_page(describe_instances().as_bytes()).unwrap();
    assert_eq!(page.next.as_deref(), Some("tok-2"));
    let n = &page.items[0];
    assert_eq!(n.id, "i-0abc123def4567890");
    assert_eq!(n.name, "web-1");
    assert_eq!(n.state, NodeState::Running);
    assert_eq!(n.public_ips, ["203.0.113.25"]);
    assert_eq!(n.private_ips, ["10.0.1.12", "10.0.1.13"]);
    assert_eq!(n.size.as_deref(), Some("t3.micro"));
    assert_eq!(n.image.as_deref(), Some("ami-0123456789abcdef0"));
    assert_eq!(n.location.as_deref(), Some("us-east-1a"));
    assert_eq!(
        n.created_at.unwrap().to_rfc3339(),
        "2024-03-01T10:00:00+00:00"
    );
    assert_eq!(n.tags["env"], "prod & test");
    assert_eq!(n.extra["key_name"], "deploy");
    assert_eq!(n.extra["reservation_id"], "r-1");
    assert_eq!(n.extra["owner_id"], "123456789012");
    assert_eq!(n.extra["security_groups"][0]["id"], "sg-0cc");
    assert_eq!(n.extra["block_devices"][0]["volume_id"], "vol-0dd");
    assert_eq!(n.extra["ebs_optimized"], false);
}

#[test]
fn unnamed_instances_are_named_by_id_and_last_pages_have_no_token() {
    let bare = INSTANCE.replace("<key>Name</key>", "<key>Role</key>");
    let body = doc(
        "DescribeInstances",
        &format!(
            "<reservationSet><item><instancesSet>{bare}</instancesSet></item></reservationSet>"
        ),
    );
    let page = describe_instances_page(body.as_bytes()).unwrap();
    assert_eq!(page.items[0].name, "i-0abc123def4567890");
    assert_eq!(page.next, None);
    let empty = doc("DescribeInstances", "<reservationSet/>");
    assert!(
        describe_instances_page(empty.as_bytes())
            .unwrap()
            .items
            .is_empty()
    );
}

#[test]
fn moto_namespace_and_missing_return_are_fine() {
    let body = describe_instances().replace(NS, "http://ec2.amazonaws.com/doc/2016-11-15");
    assert_eq!(
        describe_instances_page(body.as_bytes())
            .unwrap()
            .items
            .len(),
        1
    );
    let body = describe_instances().replace(&format!(" xmlns=\"{NS}\""), "");
    assert_eq!(
        describe_instances_page(body.as_bytes())
            .unwrap()
            .items
            .len(),
        1
    );
}

#[test]
fn catalog_and_storage_parse() {
    let sizes = describe_instance_types_page(checks()[2].2.as_bytes()).unwrap();
    let s = &sizes.items[0];
    assert_eq!(
        (s.id.as_str(), s.vcpus, s.ram_mib, s.price_per_hour),
        ("t3.micro", Some(2), 1024, None)
    );
    assert_eq!(s.extra["architectures"][0], "x86_64");
    let images = describe_images_page(checks()[3].2.as_bytes()).unwrap();
    assert_eq!(images.items[0].name, "al2023-ami");
    assert_eq!(images.items[0].extra["public"], true);
    let zones = describe_availability_zones(checks()[4].2.as_bytes()).unwrap();
    assert_eq!(zones[0].id, "us-east-1a");
    assert_eq!(zones[0].country.as_deref(), Some("US"));
    assert_eq!(zones[0].extra["region"], "us-east-1");
    let regions = describe_regions(checks()[5].2.as_bytes()).unwrap();
    assert_eq!(
        (regions[0].id.as_str(), regions[0].country.as_deref()),
        ("eu-west-1", Some("IE"))
    );
    let key = create_key_pair(checks()[7].2.as_bytes()).unwrap();
    assert_eq!(key.private_key.unwrap().expose(), "-----BEGIN-----");
    let vols = describe_volumes_page(checks()[8].2.as_bytes()).unwrap();
    let v = &vols.items[0];
    assert_eq!(v.state, VolumeState::InUse);
    assert_eq!(v.attached_to.as_deref(), Some("i-0abc123def4567890"));
    assert_eq!((v.name.as_str(), v.size_gib), ("data", 8));
    assert_eq!(v.extra["iops"], 3000);
    let snaps = describe_snapshots_page(checks()[10].2.as_bytes()).unwrap();
    assert_eq!(snaps.items[0].size_gib, Some(8));
    assert_eq!(snaps.items[0].state, "completed");
    assert_eq!(
        console_output(checks()[12].2.as_bytes()).unwrap(),
        "hello\n"
    );
}

#[test]
fn good_documents_parse() {
    for (name, check, body) in checks() {
        assert_eq!(check(body.as_bytes()), Ok(()), "{name}");
    }
}

#[test]
fn wrong_root_missing_sets_and_bad_values_are_malformed() {
    let s3 = b"<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>";
    assert_eq!(
        k(describe_instances_page(s3)),
        Err(ErrorKind::MalformedResponse)
    );
    let no_set = doc("DescribeInstances", "");
    assert_eq!(
        k(describe_instances_page(no_set.as_bytes())),
        Err(ErrorKind::MalformedResponse)
    );
    let bad_size = doc(
        "DescribeVolumes",
        &format!(
            "<volumeSet>{}</volumeSet>",
            VOLUME.replace("<size>8</size>", "<size>big</size>")
        ),
    );
    assert_eq!(
        k(describe_volumes_page(bad_size.as_bytes())),
        Err(ErrorKind::MalformedResponse)
    );
    let no_state = doc(
        "RunInstances",
        &format!(
            "<instancesSet>{}</instancesSet>",
            INSTANCE.replace("<name>running</name>", "")
        ),
    );
    assert_eq!(
        k(run_instances(no_state.as_bytes())),
        Err(ErrorKind::MalformedResponse)
    );
    let bad_console = doc("GetConsoleOutput", "<output>*not base64*</output>");
    assert_eq!(
        k(console_output(bad_console.as_bytes())),
        Err(ErrorKind::MalformedResponse)
    );
}

#[test]
fn every_prefix_is_an_error_or_a_value_never_a_panic() {
    for (name, check, body) in checks() {
        let bytes = body.as_bytes();
        for end in 0..bytes.len() {
            if let Err(kind) = check(&bytes[..end]) {
                assert_eq!(kind, ErrorKind::MalformedResponse, "{name} cut at {end}");
            }
        }
        assert!(check(&bytes[..bytes.len() / 2]).is_err(), "{name}");
    }
}

#[test]
fn random_and_mangled_bytes_never_panic() {
    let mut rng = StdRng::seed_from_u64(0xec2);
    let all = checks();
    for round in 0..3000 {
        let (name, check, body) = &all[round % all.len()];
        let mut bytes = body.as_bytes().to_vec();
        match round % 3 {
            0 => {
                let len = rng.random_range(0..256);
                bytes = (0..len).map(|_| rng.random()).collect();
            }
            1 => {
                for _ in 0..rng.random_range(1..8) {
                    let i = rng.random_range(0..bytes.len());
                    bytes[i] = rng.random();
                }
            }
            _ => {
                let i = rng.random_range(0..bytes.len());
                let j = rng.random_range(i..bytes.len());
                bytes.drain(i..j);
            }
        }
        if let Err(kind) = check(&bytes) {
            assert_eq!(kind, ErrorKind::MalformedResponse, "{name} round {round}");
        }
    }
}
