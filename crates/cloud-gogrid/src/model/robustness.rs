//! Every parser fed random bytes, every prefix of real answers, and JSON values of the
//! wrong shapes: each must answer `Ok` or a typed error, and never panic.

use cloud_core::http::{ErrorParser, StatusCode, header::HeaderMap};
use serde_json::{Value, json};

use super::envelope::parse_envelope;
use crate::errors::GoGridErrorParser;
use crate::model;

const SAMPLES: &[&str] = &[
    r#"{"list":[{"id":3212,"name":"ws01","image":{"id":117},"ip":{"ip":"208.113.110.130","public":true,
"state":{"name":"Assigned"}},"ram":{"name":"1GB"},"state":{"name":"On"},"datacenter":{"id":1}}],
"method":"/grid/server/list","status":"success","summary":{"numpages":2,"returned":1,"start":0,"total":2}}"#,
    r#"{"list":[{"object":"error","errorcode":"IllegalArgumentException","message":"No object found"}],
"method":"/grid/server/get","status":"failure","summary":{"total":1,"start":0,"returned":1}}"#,
    r#"{"list":[{"name":"lb","virtualip":{"ip":{"ip":"1.2.3.4"},"port":80},
"realiplist":[{"ip":{"ip":"1.2.3.5"},"port":80}]}],"status":"success"}"#,
];

fn convert_all(v: &Value) {
    let _ = model::server_to_node(v, Some("pw"));
    let _ = model::image_from(v);
    let _ = model::location_from(v);
    let _ = model::size_from(v);
    let _ = model::ip_from(v);
    let _ = model::password_from(v);
    let _ = model::balancer_from(v);
    let _ = model::members_from(v);
}

fn feed(bytes: &[u8]) {
    for status in [200u16, 400, 401, 403, 404, 500] {
        if let Ok(env) = parse_envelope(bytes, status) {
            env.list.iter().for_each(convert_all);
            let _ = env.summary.next_page(0);
        }
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
        let _ = GoGridErrorParser.parse(status, &HeaderMap::new(), bytes);
    }
}

#[test]
fn hostile_inputs_never_panic() {
    let samples: Vec<&[u8]> = SAMPLES.iter().map(|s| s.as_bytes()).collect();
    cloud_test::hostile::feed_hostile_inputs(
        &samples,
        br#"{}[]:,"0123456789.-eE truefalsnlistatusucc"#,
        0x60_641d,
        feed,
    );
}

#[test]
fn wrong_shapes_in_every_field() {
    let odd = [
        json!(null),
        json!(true),
        json!(-1),
        json!(1.5e300),
        json!(""),
        json!("x"),
        json!([]),
        json!([null]),
        json!({}),
        json!({"name": null, "id": {}}),
    ];
    let fields = [
        "id",
        "name",
        "ip",
        "state",
        "ram",
        "image",
        "datacenter",
        "password",
        "server",
        "virtualip",
        "realiplist",
        "port",
        "friendlyName",
        "description",
        "public",
    ];
    let base: Value = serde_json::from_str::<Value>(SAMPLES[0]).unwrap()["list"][0].clone();
    for field in fields {
        for value in &odd {
            let mut v = base.clone();
            v[field] = value.clone();
            convert_all(&v);
            let mut nested = base.clone();
            nested["ip"][field] = value.clone();
            convert_all(&nested);
        }
    }
    for value in &odd {
        convert_all(value);
    }
}
