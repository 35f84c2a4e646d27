//! The streaming `DescribeInstances` parser against the tree one: the same page (items,
//! order, `extra`, next token) or both a `MalformedResponse`, on recorded answers, a
//! generated page, hand-written edge cases and hostile input; and each node's JSON,
//! written from the page without making the node, the same bytes as serde_json writes
//! for the tree's node.

use std::path::Path;

use cloud_core::compute::{Node, NodeState};
use cloud_core::paginate::Page;
use cloud_core::{ErrorKind, Result};

use super::sample_page;
use super::{describe_instances_lazily, describe_instances_page, instances_root, response_root};

/// The tree reader's answer, the reference.
fn tree(body: &[u8]) -> Result<Page<Node>> {
    instances_root(&response_root(body, "DescribeInstances")?)
}

/// Both parsers' answers, checked to agree; the page when there is one.
fn same(body: &[u8]) -> Option<Page<Node>> {
    match (tree(body), describe_instances_page(body)) {
        (Ok(want), Ok(got)) => {
            assert_eq!(got, want, "{}", String::from_utf8_lossy(body));
            same_json(body, &want.items);
            Some(got)
        }
        (Err(want), Err(got)) => {
            assert_eq!(want.kind(), ErrorKind::MalformedResponse);
            assert_eq!(got.kind(), ErrorKind::MalformedResponse, "{got}");
            None
        }
        (want, got) => panic!(
            "tree {want:?}\nstream {got:?}\non {}",
            String::from_utf8_lossy(body)
        ),
    }
}

/// The page's JSON, node by node, checked to be what serde_json writes for `nodes`.
fn same_json(body: &[u8], nodes: &[Node]) {
    let json = describe_instances_lazily(body).unwrap().into_json();
    assert_eq!(json.len(), nodes.len());
    for (json, node) in json.zip(nodes) {
        let json = json.unwrap();
        let want = serde_json::to_string(node).unwrap();
        assert_eq!(String::from_utf8_lossy(json.as_bytes()), want);
    }
}

fn page(inner: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeInstancesResponse \
         xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId>{inner}\
         </DescribeInstancesResponse>"
    )
}

fn reservations(items: &[&str]) -> String {
    let items: String = items
        .iter()
        .map(|i| {
            format!(
                "<item><reservationId>r-1</reservationId><instancesSet>{i}</instancesSet></item>"
            )
        })
        .collect();
    page(&format!("<reservationSet>{items}</reservationSet>"))
}

const MINIMAL: &str = "<item><instanceId>i-min</instanceId><instanceState><name>pending</name></instanceState></item>";

/// An instance whose nested sets reuse the names the instance level reads.
const NESTED: &str = r#"<item>
  <instanceId>i-nested</instanceId>
  <instanceState><code>80</code><name>stopped</name><item><name>running</name></item></instanceState>
  <groupSet><item><groupId>sg-top</groupId><groupName>top</groupName>
    <groupSet><item><groupId>sg-deeper</groupId></item></groupSet></item>
    <item><groupName>no id</groupName></item></groupSet>
  <networkInterfaceSet>
    <item>
      <groupSet><item><groupId>sg-nic</groupId><groupName>nic</groupName></item></groupSet>
      <privateIpAddressesSet>
        <item><privateIpAddress>10.0.0.6</privateIpAddress>
          <association><publicIp>198.51.100.9</publicIp></association></item>
        <item><privateIpAddress>10.0.0.5</privateIpAddress></item>
      </privateIpAddressesSet>
      <privateIpAddress>10.0.0.5</privateIpAddress>
      <attachment><instanceId>i-wrong</instanceId></attachment>
      <association><publicIp>  </publicIp></association>
      <association><publicIp>198.51.100.1</publicIp></association>
      <tagSet><item><key>Name</key><value>nic-name</value></item></tagSet>
    </item>
    <item><association><publicIp>198.51.100.2</publicIp></association><privateIpAddress>10.0.1.1</privateIpAddress></item>
  </networkInterfaceSet>
  <blockDeviceMapping>
    <item><deviceName>/dev/sda1</deviceName><ebs><volumeId> </volumeId></ebs><ebs><volumeId>vol-2</volumeId></ebs></item>
    <item><deviceName>/dev/sdb</deviceName></item>
    <item><ebs><volumeId>vol-nameless</volumeId></ebs></item>
  </blockDeviceMapping>
  <tagSet><item><key>Name</key><value>first</value></item><item><key>Name</key><value>second</value></item>
    <item><value>keyless</value></item><item><key>empty</key></item></tagSet>
  <tagSet><item><key>ignored</key><value>x</value></item></tagSet>
  <productCodes><item><productCode>p</productCode><instanceId>i-product</instanceId></item></productCodes>
  <placement><groupName/><availabilityZone>   </availabilityZone></placement>
  <iamInstanceProfile><id>AIPA</id><arn> arn:aws:iam::123456789012:instance-profile/web </arn></iamInstanceProfile>
  <instanceId>i-second</instanceId>
  <ipAddress>198.51.100.1</ipAddress>
  <ebsOptimized> true </ebsOptimized>
  <sourceDestCheck>TRUE</sourceDestCheck>
</item>"#;

/// Text with entities, CDATA, comments, whitespace and children inside leaves.
const TEXTS: &str = r#"<item>
  <instanceId>
     i-text
  </instanceId>
  <instanceState><name>hibernat<!-- split -->ing</name><code/></instanceState>
  <reason/>
  <keyName></keyName>
  <dnsName>  <x/>  </dnsName>
  <privateDnsName> <x/>ip&#45;10<y/> </privateDnsName>
  <clientToken><![CDATA[<token>]]> &amp; &#x263A;</clientToken>
  <tagSet><item><key> spaced &lt;key&gt; </key><value>a &amp; b &quot;c&quot; &apos;d&apos;</value></item>
    <item><key>Name</key><value/></item><item><key> <b/>inner</key><value>
      <c/>v<d/> </value></item></tagSet>
  <launchTime>not a time</launchTime>
  <placement><availabilityZone>us-east-1&#x61;</availabilityZone><availabilityZone>us-east-1b</availabilityZone></placement>
  <iamInstanceProfile><arn/></iamInstanceProfile>
  <architecture>arm64<extra>ignored</extra></architecture>
</item>"#;

#[test]
fn recorded_answers_parse_the_same() {
    let root = cloud_test::replay::fixtures_dir().join("ec2");
    let mut bodies = 0;
    let mut nodes = 0;
    for scenario in std::fs::read_dir(&root).unwrap() {
        let dir = scenario.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            if let Some(body) = describe_instances_body(&dir, &path) {
                bodies += 1;
                nodes += same(&body).map_or(0, |p| p.items.len());
            }
        }
    }
    assert!(bodies >= 8, "only {bodies} DescribeInstances answers found");
    assert!(nodes >= 3, "only {nodes} nodes in the recorded answers");
}

/// The response body of a recorded `DescribeInstances` interaction.
fn describe_instances_body(dir: &Path, path: &Path) -> Option<Vec<u8>> {
    if path.extension()? != "json" {
        return None;
    }
    let fixture: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    if fixture["request"]["body_form"]["Action"] != "DescribeInstances" {
        return None;
    }
    let response = &fixture["response"];
    if let Some(body) = response["body"].as_str() {
        return Some(body.as_bytes().to_vec());
    }
    let file = response["body_file"].as_str()?;
    Some(std::fs::read(dir.join(file)).unwrap())
}

#[test]
fn the_generated_page_parses_the_same() {
    let body = sample_page::describe_instances_page(1000);
    let page = same(body.as_bytes()).unwrap();
    assert_eq!(page.items.len(), 1000);
    let n = &page.items[999];
    assert_eq!(n.name, "web-999");
    assert_eq!(n.public_ips.len(), 1);
    assert_eq!(
        n.extra["block_devices"][0]["volume_id"],
        "vol-0a1b2c3d4e5f000999"
    );
    assert!(page.next.is_some());
}

#[test]
fn json_is_written_for_the_nodes_not_yet_taken() {
    let body = reservations(&[MINIMAL, NESTED, TEXTS]);
    let mut page = describe_instances_lazily(body.as_bytes()).unwrap();
    assert_eq!(page.next().map(|n| n.id), Some("i-min".to_string()));
    let rest: Vec<serde_json::Value> = page
        .into_json()
        .map(|json| json.unwrap().to_value().unwrap())
        .collect();
    let ids: Vec<&str> = rest.iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["i-nested", "i-text"]);
    assert_eq!(rest[0]["name"], "second");
    assert_eq!(
        rest[0]["public_ips"],
        serde_json::json!(["198.51.100.1", "198.51.100.2"])
    );
    assert_eq!(rest[0]["extra"]["block_devices"][0]["volume_id"], "");
    assert_eq!(
        rest[0]["extra"]["block_devices"][1]["volume_id"],
        serde_json::Value::Null
    );
    assert_eq!(rest[1]["tags"][" spaced <key> "], "a & b \"c\" 'd'");
}

#[test]
fn nested_items_are_read_only_where_the_tree_code_looks() {
    let page = same(reservations(&[NESTED]).as_bytes()).unwrap();
    let n = &page.items[0];
    assert_eq!(n.id, "i-nested");
    assert_eq!(n.name, "second");
    assert_eq!(n.state, NodeState::Stopped);
    assert_eq!(n.public_ips, ["198.51.100.1", "198.51.100.2"]);
    assert_eq!(n.private_ips, ["10.0.0.5", "10.0.0.6", "10.0.1.1"]);
    assert_eq!(n.extra["security_groups"].as_array().unwrap().len(), 1);
    assert_eq!(n.extra["block_devices"].as_array().unwrap().len(), 2);
    assert_eq!(n.location, None);
    assert!(!n.tags.contains_key("ignored"));
}

#[test]
fn text_is_decoded_and_trimmed_the_same() {
    let page = same(reservations(&[TEXTS]).as_bytes()).unwrap();
    let n = &page.items[0];
    assert_eq!(n.id, "i-text");
    assert_eq!(n.name, "");
    assert_eq!(n.tags[" spaced <key> "], "a & b \"c\" 'd'");
    assert_eq!(n.extra["client_token"], "<token> & \u{263A}");
    assert_eq!(n.tags["inner"], "v");
    assert_eq!(n.location.as_deref(), Some("us-east-1a"));
}

#[test]
fn edge_cases_parse_the_same() {
    let prefixed = reservations(&[MINIMAL, NESTED])
        .replace("<", "<ec2:")
        .replace("<ec2:/", "</ec2:")
        .replace("<ec2:?xml", "<?xml")
        .replace("<ec2:![CDATA[", "<![CDATA[")
        .replace("xmlns=", "xmlns:ec2=");
    let two_reservations = page(&format!(
        "<reservationSet>\
           <item><instancesSet>{MINIMAL}{TEXTS}</instancesSet><ownerId>123456789012</ownerId>\
             <reservationId>r-late</reservationId><reservationId>r-later</reservationId></item>\
           <item><reservationId>r-2</reservationId><groupSet><item><groupId>sg-r</groupId></item></groupSet>\
             <instancesSet>{NESTED}</instancesSet><instancesSet>{MINIMAL}</instancesSet></item>\
           <item><reservationId/><instancesSet/></item>\
         </reservationSet>\
         <reservationSet><item><instancesSet>{MINIMAL}</instancesSet></item></reservationSet>\
         <nextToken>\n  tok-3  \n</nextToken><nextToken>tok-4</nextToken>"
    ));
    let ok = [
        prefixed,
        two_reservations,
        reservations(&[MINIMAL]),
        page("<reservationSet/><nextToken/>"),
        page("<reservationSet></reservationSet><nextToken>tok&amp;2</nextToken>"),
        reservations(&[&MINIMAL.replace("pending", "shutting-down")]),
        page(&format!(
            "<!-- c --><reservationSet><item><instancesSet>{MINIMAL}</instancesSet></item></reservationSet>"
        )),
        page("<reservationSet><reservationSet/><item><instancesSet/></item></reservationSet>"),
    ];
    for body in &ok {
        assert!(same(body.as_bytes()).is_some(), "{body}");
    }
    let page_of = |b: &str| same(b.as_bytes()).unwrap();
    let two = page_of(&ok[1]);
    assert_eq!(two.next.as_deref(), Some("tok-3"));
    let ids: Vec<&str> = two.items.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["i-min", "i-text", "i-nested"]);
    assert_eq!(two.items[1].extra["reservation_id"], "r-late");
    assert_eq!(two.items[2].extra["reservation_id"], "r-2");
    assert!(!two.items[2].extra.contains_key("owner_id"));
    assert_eq!(page_of(&ok[0]).items.len(), 2);
    assert_eq!(page_of(&ok[3]).next, None);
    assert_eq!(page_of(&ok[4]).next.as_deref(), Some("tok&2"));
}

#[test]
fn broken_answers_fail_the_same() {
    let bad = [
        page(""),
        page("<nextToken>t</nextToken>"),
        page("<reservationSet><item><reservationId>r</reservationId></item></reservationSet>"),
        reservations(&["<item><instanceState><name>running</name></instanceState></item>"]),
        reservations(&[
            "<item><instanceId> </instanceId><instanceState><name>running</name></instanceState></item>",
        ]),
        reservations(&["<item><instanceId>i-1</instanceId></item>"]),
        reservations(&[
            "<item><instanceId>i-1</instanceId><instanceState><code>0</code></instanceState>\
            <instanceState><name>running</name></instanceState></item>",
        ]),
        reservations(&[&NESTED.replace("<instanceId>i-nested</instanceId>", "<instanceId/>")]),
        "<DescribeInstancesResponse/>".to_string(),
        "<RunInstancesResponse><reservationSet/></RunInstancesResponse>".to_string(),
        reservations(&[MINIMAL]).replace("</DescribeInstancesResponse>", ""),
        reservations(&[MINIMAL]) + "<more/>",
        reservations(&[MINIMAL]).replace("i-min", "i-&bogus;"),
        reservations(&[MINIMAL]).replace("<name>", "<name a=>"),
        format!("{}{}", "<a>".repeat(200), "</a>".repeat(200)),
    ];
    for body in &bad {
        assert!(same(body.as_bytes()).is_none(), "{body}");
    }
    assert!(same(b"\xff<DescribeInstancesResponse/>").is_none());
}

#[test]
fn hostile_input_fails_the_same_and_never_panics() {
    let samples = [
        reservations(&[MINIMAL, NESTED]),
        reservations(&[TEXTS]),
        sample_page::describe_instances_page(1),
    ];
    let samples: Vec<&[u8]> = samples.iter().map(|s| s.as_bytes()).collect();
    let mut pages = 0;
    cloud_test::hostile::feed_hostile_inputs(
        &samples,
        b"<>/ =\"&;#x!-[]itemnamesSetinstanceIdreservation",
        0x5747,
        |bytes| pages += usize::from(same(bytes).is_some()),
    );
    assert!(pages >= samples.len(), "only {pages} inputs parsed");
}

#[test]
fn a_lazy_page_is_checked_whole_before_its_first_node() {
    let good = reservations(&[MINIMAL, NESTED, TEXTS]).replace(
        "</DescribeInstancesResponse>",
        "<nextToken> t-2 </nextToken></DescribeInstancesResponse>",
    );
    let page = describe_instances_lazily(good.as_bytes()).unwrap();
    assert_eq!(page.next_token(), Some("t-2"));
    assert_eq!(page.len(), 3);
    let want = tree(good.as_bytes()).unwrap();
    assert_eq!(page.collect::<Vec<_>>(), want.items);

    let second_bad = reservations(&[MINIMAL, "<item><instanceId>i-2</instanceId></item>"]);
    let truncated = &good[..good.len() / 2];
    for body in [second_bad.as_str(), truncated] {
        let err = describe_instances_lazily(body.as_bytes()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{body}");
    }
}
