//! Every parser fed random bytes and every prefix of real documents, in both formats:
//! each must answer `Ok` or a typed error, and never panic.

use cloud_core::http::{ErrorParser, HeaderMap, StatusCode};

use super::{
    Format, parse_fault, parse_flavors, parse_image, parse_images, parse_server, parse_servers,
};
use crate::FirstGenErrorParser;

const SAMPLES: &[&str] = &[
    r#"{"servers": [{"id": 1, "name": "web &amp;", "imageId": 119, "flavorId": 2, "status": "ACTIVE",
"progress": 100, "hostId": "abc", "metadata": {"k": "v"},
"addresses": {"public": ["198.51.100.60"], "private": ["10.178.54.11"]}}]}"#,
    r#"<servers xmlns="http://docs.rackspacecloud.com/servers/api/v1.0"><server id="1" name="a&amp;b"
status="BUILD" progress="40" flavorId="2" imageId="119"><metadata><meta key="k">v</meta></metadata>
<addresses><public><ip addr="198.51.100.60"/></public><private><ip addr="10.1.2.3"/></private></addresses>
</server></servers>"#,
    r#"{"flavors": [{"id": 1, "name": "256 server", "ram": 256, "disk": 10}]}"#,
    r#"<flavors><flavor id="1" name="256 server" ram="256" disk="10"/></flavors>"#,
    r#"{"images": [{"id": 2, "name": "CentOS 5.2", "status": "ACTIVE", "serverId": 12, "progress": 80}]}"#,
    r#"<images><image id="2" name="CentOS 5.2" status="ACTIVE" progress="80"/></images>"#,
    r#"{"overLimit": {"code": 413, "message": "m", "retryAfter": "2010-08-01T00:00:00Z"}}"#,
    r#"<itemNotFound code="404"><message>Not Found</message><details>d</details></itemNotFound>"#,
];

fn feed(bytes: &[u8]) {
    for format in [Format::Json, Format::Xml] {
        let _ = parse_servers(format, bytes);
        let _ = parse_server(format, bytes);
        let _ = parse_flavors(format, bytes);
        let _ = parse_images(format, bytes);
        let _ = parse_image(format, bytes);
    }
    let _ = parse_fault(bytes);
    for status in [400u16, 401, 404, 409, 413, 500, 503] {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
        let _ = FirstGenErrorParser.parse(status, &HeaderMap::new(), bytes);
    }
}

#[test]
fn hostile_inputs_never_panic() {
    let samples: Vec<&[u8]> = SAMPLES.iter().map(|s| s.as_bytes()).collect();
    cloud_test::hostile::feed_hostile_inputs(
        &samples,
        b"<>/=\"'&;#x?!- {}[]:,0123456789.eE+-serveridACTIVEretryAfter",
        0x0f_1257,
        feed,
    );
}
