//! A generated `DescribeInstances` page, each instance shaped like a real AWS answer
//! (network interface, block device, tags, security group, metadata options). Used by
//! the parser tests and, through `#[path]`, by the criterion bench, so it depends on
//! nothing but `std`.

use std::fmt::Write;

/// One instance; `{n}` is replaced by its number.
const TEMPLATE: &str = r#"
        <item>
          <instanceId>i-0a1b2c3d4e5f{n:06}</instanceId>
          <imageId>ami-0abcdef1234567890</imageId>
          <instanceState><code>16</code><name>running</name></instanceState>
          <privateDnsName>ip-10-0-{hi}-{lo}.ec2.internal</privateDnsName>
          <dnsName>ec2-54-210-{hi}-{lo}.compute-1.amazonaws.com</dnsName>
          <reason/>
          <keyName>deploy-key</keyName>
          <amiLaunchIndex>0</amiLaunchIndex>
          <productCodes/>
          <instanceType>m5.large</instanceType>
          <launchTime>2024-05-14T08:21:37.000Z</launchTime>
          <placement><availabilityZone>us-east-1b</availabilityZone><groupName/><tenancy>default</tenancy></placement>
          <monitoring><state>disabled</state></monitoring>
          <subnetId>subnet-0123456789abcdef0</subnetId>
          <vpcId>vpc-0123456789abcdef0</vpcId>
          <privateIpAddress>10.0.{hi}.{lo}</privateIpAddress>
          <ipAddress>54.210.{hi}.{lo}</ipAddress>
          <sourceDestCheck>true</sourceDestCheck>
          <groupSet><item><groupId>sg-0123456789abcdef0</groupId><groupName>web-servers</groupName></item></groupSet>
          <architecture>x86_64</architecture>
          <rootDeviceType>ebs</rootDeviceType>
          <rootDeviceName>/dev/xvda</rootDeviceName>
          <blockDeviceMapping>
            <item>
              <deviceName>/dev/xvda</deviceName>
              <ebs><volumeId>vol-0a1b2c3d4e5f{n:06}</volumeId><status>attached</status>
                <attachTime>2024-05-14T08:21:38.000Z</attachTime><deleteOnTermination>true</deleteOnTermination></ebs>
            </item>
          </blockDeviceMapping>
          <virtualizationType>hvm</virtualizationType>
          <clientToken>f4c8b2a0-7d1e-4c3b-9a5f-{n:012}</clientToken>
          <tagSet>
            <item><key>Name</key><value>web-{n}</value></item>
            <item><key>env</key><value>production</value></item>
            <item><key>team</key><value>platform</value></item>
          </tagSet>
          <hypervisor>xen</hypervisor>
          <networkInterfaceSet>
            <item>
              <networkInterfaceId>eni-0a1b2c3d4e5f{n:06}</networkInterfaceId>
              <subnetId>subnet-0123456789abcdef0</subnetId>
              <vpcId>vpc-0123456789abcdef0</vpcId>
              <description/>
              <ownerId>123456789012</ownerId>
              <status>in-use</status>
              <macAddress>0e:1f:2a:3b:{hi:02x}:{lo:02x}</macAddress>
              <privateIpAddress>10.0.{hi}.{lo}</privateIpAddress>
              <privateDnsName>ip-10-0-{hi}-{lo}.ec2.internal</privateDnsName>
              <sourceDestCheck>true</sourceDestCheck>
              <groupSet><item><groupId>sg-0123456789abcdef0</groupId><groupName>web-servers</groupName></item></groupSet>
              <attachment><attachmentId>eni-attach-0a1b2c3d4e5f{n:06}</attachmentId><deviceIndex>0</deviceIndex>
                <status>attached</status><attachTime>2024-05-14T08:21:37.000Z</attachTime>
                <deleteOnTermination>true</deleteOnTermination><networkCardIndex>0</networkCardIndex></attachment>
              <association><publicIp>54.210.{hi}.{lo}</publicIp>
                <publicDnsName>ec2-54-210-{hi}-{lo}.compute-1.amazonaws.com</publicDnsName><ipOwnerId>amazon</ipOwnerId></association>
              <privateIpAddressesSet>
                <item><privateIpAddress>10.0.{hi}.{lo}</privateIpAddress>
                  <privateDnsName>ip-10-0-{hi}-{lo}.ec2.internal</privateDnsName><primary>true</primary>
                  <association><publicIp>54.210.{hi}.{lo}</publicIp><ipOwnerId>amazon</ipOwnerId></association></item>
              </privateIpAddressesSet>
              <ipv6AddressesSet/>
              <interfaceType>interface</interfaceType>
            </item>
          </networkInterfaceSet>
          <ebsOptimized>false</ebsOptimized>
          <enaSupport>true</enaSupport>
          <cpuOptions><coreCount>1</coreCount><threadsPerCore>2</threadsPerCore></cpuOptions>
          <capacityReservationSpecification><capacityReservationPreference>open</capacityReservationPreference></capacityReservationSpecification>
          <hibernationOptions><configured>false</configured></hibernationOptions>
          <metadataOptions><state>applied</state><httpTokens>required</httpTokens><httpPutResponseHopLimit>2</httpPutResponseHopLimit>
            <httpEndpoint>enabled</httpEndpoint></metadataOptions>
          <platformDetails>Linux/UNIX</platformDetails>
          <usageOperation>RunInstances</usageOperation>
          <bootMode>uefi-preferred</bootMode>
          <currentInstanceBootMode>legacy-bios</currentInstanceBootMode>
        </item>"#;

/// A page of `instances` instances, one reservation each, as AWS sends it.
pub fn describe_instances_page(instances: usize) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeInstancesResponse \
         xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\n    \
         <requestId>8f7724cf-496f-496e-8fe3-example</requestId>\n    <reservationSet>",
    );
    for n in 0..instances {
        let (hi, lo) = (n / 250, n % 250 + 1);
        let item = TEMPLATE
            .replace("{n:06}", &format!("{n:06}"))
            .replace("{n:012}", &format!("{n:012}"))
            .replace("{hi:02x}", &format!("{hi:02x}"))
            .replace("{lo:02x}", &format!("{lo:02x}"))
            .replace("{hi}", &hi.to_string())
            .replace("{lo}", &lo.to_string())
            .replace("{n}", &n.to_string());
        let _ = write!(
            xml,
            "\n      <item>\n        <reservationId>r-0a1b2c3d4e5f{n:06}</reservationId>\n        \
             <ownerId>123456789012</ownerId>\n        <groupSet/>\n        <instancesSet>{item}\n        \
             </instancesSet>\n      </item>"
        );
    }
    xml.push_str(
        "\n    </reservationSet>\n    <nextToken>eyJ2IjoiMiIsImMiOiJleGFtcGxlIn0=</nextToken>\n\
         </DescribeInstancesResponse>\n",
    );
    xml
}
