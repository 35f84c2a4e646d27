//! The parsers on answers shaped as the API reference shows them, and on broken ones.

use cloud_core::ErrorKind;

use super::*;

const NS: &str = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

fn answer(action: &str, result: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{action}Response xmlns=\"{NS}\">\
         <{action}Result>{result}</{action}Result>\
         <ResponseMetadata><RequestId>0d1b2c3a-1111-4222-8333-944445555666</RequestId></ResponseMetadata>\
         </{action}Response>"
    )
    .into_bytes()
}

const LB: &str = "<member><LoadBalancerArn>arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/web/50dc6c495c0c9188</LoadBalancerArn>\
<Scheme>internet-facing</Scheme><LoadBalancerName>web</LoadBalancerName><VpcId>vpc-3ac0fb5f</VpcId>\
<CanonicalHostedZoneId>Z2P70J7EXAMPLE</CanonicalHostedZoneId><CreatedTime>2016-03-25T21:26:12.920Z</CreatedTime>\
<AvailabilityZones><member><SubnetId>subnet-8360a9e7</SubnetId><ZoneName>us-west-2a</ZoneName></member>\
<member><SubnetId>subnet-b7d581c0</SubnetId><ZoneName>us-west-2b</ZoneName></member></AvailabilityZones>\
<SecurityGroups><member>sg-5943793c</member></SecurityGroups>\
<DNSName>web-1234567890.us-west-2.elb.amazonaws.com</DNSName>\
<State><Code>provisioning</Code></State><Type>application</Type></member>";

#[test]
fn load_balancers_and_the_next_marker() {
    let body = answer(
        "DescribeLoadBalancers",
        &format!("<LoadBalancers>{LB}</LoadBalancers><NextMarker>m-2</NextMarker>"),
    );
    let page = describe_load_balancers(&body).unwrap();
    assert_eq!(page.next_marker.as_deref(), Some("m-2"));
    let lb = &page.items[0];
    assert_eq!(lb.name, "web");
    assert_eq!(lb.kind, "application");
    assert_eq!(lb.state, "provisioning");
    assert_eq!(
        lb.zones,
        [
            ("us-west-2a".to_string(), "subnet-8360a9e7".to_string()),
            ("us-west-2b".to_string(), "subnet-b7d581c0".to_string())
        ]
    );
    assert_eq!(lb.security_groups, ["sg-5943793c"]);
    let created = created_load_balancer(&answer(
        "CreateLoadBalancer",
        &format!("<LoadBalancers>{LB}</LoadBalancers>"),
    ))
    .unwrap();
    assert_eq!(&created, lb);
    let empty = answer("DescribeLoadBalancers", "<LoadBalancers/>");
    assert!(describe_load_balancers(&empty).unwrap().items.is_empty());
    let none = answer("CreateLoadBalancer", "<LoadBalancers/>");
    assert_eq!(
        created_load_balancer(&none).unwrap_err().kind(),
        ErrorKind::MalformedResponse
    );
}

#[test]
fn listeners_name_the_groups_they_forward_to() {
    let body = answer(
        "DescribeListeners",
        "<Listeners><member><ListenerArn>arn:l/1</ListenerArn><LoadBalancerArn>arn:lb/1</LoadBalancerArn>\
         <Port>80</Port><Protocol>HTTP</Protocol><DefaultActions>\
         <member><Type>forward</Type><TargetGroupArn>arn:tg/a</TargetGroupArn>\
         <ForwardConfig><TargetGroups><member><TargetGroupArn>arn:tg/a</TargetGroupArn><Weight>1</Weight></member>\
         <member><TargetGroupArn>arn:tg/b</TargetGroupArn><Weight>1</Weight></member></TargetGroups></ForwardConfig>\
         </member></DefaultActions></member></Listeners>",
    );
    let page = describe_listeners(&body).unwrap();
    let l = &page.items[0];
    assert_eq!((l.port, l.protocol.as_str()), (80, "HTTP"));
    assert_eq!(l.target_groups, ["arn:tg/a", "arn:tg/b"]);
    let bad_port = answer(
        "DescribeListeners",
        "<Listeners><member><ListenerArn>a</ListenerArn><LoadBalancerArn>b</LoadBalancerArn>\
         <Port>99999</Port><Protocol>HTTP</Protocol></member></Listeners>",
    );
    let err = describe_listeners(&bad_port).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse);
    assert!(err.message().contains("Port"), "{err}");
}

#[test]
fn target_groups_with_their_health_checks() {
    let body = answer(
        "DescribeTargetGroups",
        "<TargetGroups><member><TargetGroupArn>arn:tg/a</TargetGroupArn><TargetGroupName>web</TargetGroupName>\
         <Protocol>HTTP</Protocol><Port>8080</Port><VpcId>vpc-1</VpcId><TargetType>ip</TargetType>\
         <HealthCheckEnabled>true</HealthCheckEnabled><HealthCheckProtocol>HTTP</HealthCheckProtocol>\
         <HealthCheckPort>traffic-port</HealthCheckPort><HealthCheckPath>/health</HealthCheckPath>\
         <HealthCheckIntervalSeconds>15</HealthCheckIntervalSeconds><HealthCheckTimeoutSeconds>4</HealthCheckTimeoutSeconds>\
         <HealthyThresholdCount>3</HealthyThresholdCount><UnhealthyThresholdCount>2</UnhealthyThresholdCount>\
         <LoadBalancerArns><member>arn:lb/1</member></LoadBalancerArns></member></TargetGroups>",
    );
    let g = &describe_target_groups(&body).unwrap().items[0];
    assert_eq!((g.port, g.target_type.as_str()), (Some(8080), "ip"));
    assert_eq!(g.health_check.port.as_deref(), Some("traffic-port"));
    assert_eq!(g.health_check.interval_secs, Some(15));
    assert_eq!(g.load_balancer_arns, ["arn:lb/1"]);
    let check = crate::ops::balancers::health_check(g).unwrap();
    assert_eq!((check.port, check.path.as_deref()), (8080, Some("/health")));
    assert_eq!((check.healthy_threshold, check.unhealthy_threshold), (3, 2));
}

#[test]
fn target_health_tags_and_attributes() {
    let body = answer(
        "DescribeTargetHealth",
        "<TargetHealthDescriptions><member><HealthCheckPort>80</HealthCheckPort>\
         <TargetHealth><State>healthy</State></TargetHealth><Target><Port>80</Port><Id>i-0f76fade</Id></Target></member>\
         <member><TargetHealth><State>unused</State><Reason>Target.NotRegistered</Reason></TargetHealth>\
         <Target><Port>81</Port><Id>10.0.0.5</Id><AvailabilityZone>all</AvailabilityZone></Target></member>\
         </TargetHealthDescriptions>",
    );
    let targets = describe_target_health(&body).unwrap();
    assert_eq!(targets.len(), 2);
    assert_eq!(
        (targets[0].id.as_str(), targets[0].port),
        ("i-0f76fade", 80)
    );
    assert_eq!(targets[1].reason.as_deref(), Some("Target.NotRegistered"));
    assert_eq!(targets[1].zone.as_deref(), Some("all"));
    let tags = describe_tags(&answer(
        "DescribeTags",
        "<TagDescriptions><member><ResourceArn>arn:tg/a</ResourceArn><Tags>\
         <member><Key>libcloud:balancer</Key><Value>web</Value></member></Tags></member></TagDescriptions>",
    ))
    .unwrap();
    assert_eq!(
        tags,
        [(
            "arn:tg/a".to_string(),
            vec![("libcloud:balancer".to_string(), "web".to_string())]
        )]
    );
    let attributes = target_group_attributes(&answer(
        "DescribeTargetGroupAttributes",
        "<Attributes><member><Key>load_balancing.algorithm.type</Key><Value>weighted_random</Value></member></Attributes>",
    ))
    .unwrap();
    assert_eq!(attributes[0].1, "weighted_random");
}

#[test]
fn ec2_answers() {
    let ns = "http://ec2.amazonaws.com/doc/2016-11-15/";
    let vpcs = format!(
        "<DescribeVpcsResponse xmlns=\"{ns}\"><vpcSet><item><vpcId>vpc-1</vpcId><isDefault>false</isDefault></item>\
         <item><vpcId>vpc-2</vpcId><isDefault>true</isDefault></item></vpcSet></DescribeVpcsResponse>"
    );
    assert_eq!(
        default_vpc(vpcs.as_bytes()).unwrap().as_deref(),
        Some("vpc-2")
    );
    let none = format!("<DescribeVpcsResponse xmlns=\"{ns}\"><vpcSet/></DescribeVpcsResponse>");
    assert_eq!(default_vpc(none.as_bytes()).unwrap(), None);
    let subnets = format!(
        "<DescribeSubnetsResponse xmlns=\"{ns}\"><subnetSet><item><subnetId>subnet-1</subnetId><vpcId>vpc-2</vpcId>\
         <availabilityZone>us-east-1a</availabilityZone><defaultForAz>true</defaultForAz></item></subnetSet>\
         <nextToken>t2</nextToken></DescribeSubnetsResponse>"
    );
    let page = describe_subnets(subnets.as_bytes()).unwrap();
    assert!(page.items[0].default_for_zone);
    assert_eq!(page.next.as_deref(), Some("t2"));
    let instances = format!(
        "<DescribeInstancesResponse xmlns=\"{ns}\"><reservationSet><item><instancesSet><item>\
         <instanceId>i-1</instanceId><instanceState><code>16</code><name>running</name></instanceState>\
         <privateIpAddress>172.31.5.9</privateIpAddress></item></instancesSet></item></reservationSet>\
         </DescribeInstancesResponse>"
    );
    let page = describe_instances(instances.as_bytes()).unwrap();
    assert_eq!(page.items[0].private_ip.as_deref(), Some("172.31.5.9"));
    assert_eq!(page.items[0].state, "running");
}

#[test]
fn truncated_garbage_and_misrouted_answers_are_malformed() {
    let whole = answer(
        "DescribeLoadBalancers",
        &format!("<LoadBalancers>{LB}</LoadBalancers>"),
    );
    for cut in (0..whole.len()).step_by(37) {
        if let Err(e) = describe_load_balancers(&whole[..cut]) {
            assert_eq!(e.kind(), ErrorKind::MalformedResponse, "cut at {cut}");
        }
    }
    for body in [
        &b"<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>"[..],
        b"<html>502</html>",
        b"\xff\xfe garbage",
        b"<DescribeLoadBalancersResponse/>",
    ] {
        for result in [
            describe_load_balancers(body).map(|_| ()),
            describe_target_groups(body).map(|_| ()),
            describe_target_health(body).map(|_| ()),
            describe_listeners(body).map(|_| ()),
        ] {
            assert_eq!(result.unwrap_err().kind(), ErrorKind::MalformedResponse);
        }
    }
}
