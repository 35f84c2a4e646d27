//! The parsers on answers shaped as the API v1.0 reference and mimic write them, and on
//! garbage.

use cloud_core::ErrorKind;
use cloud_core::load_balancer::{Algorithm, BalancerState, MemberHealth, Protocol};

use super::*;

const DETAILS: &str = r#"{"loadBalancer": {
    "id": 2000, "name": "sample-loadbalancer", "protocol": "HTTP", "port": 80,
    "algorithm": "WEIGHTED_ROUND_ROBIN", "status": "BUILD", "timeout": 30,
    "virtualIps": [
        {"id": 1000, "address": "203.0.113.5", "type": "PUBLIC", "ipVersion": "IPV4"},
        {"id": 1001, "address": "10.0.0.5", "type": "SERVICENET", "ipVersion": "IPV4"}
    ],
    "nodes": [{"id": 1041, "address": "10.1.1.1", "port": 80, "condition": "ENABLED", "status": "ONLINE", "weight": 3}],
    "created": {"time": "2011-04-13T14:18:07Z"}
}}"#;

#[test]
fn a_building_balancer_carries_its_create_operation() {
    let b = parse_balancer(DETAILS.as_bytes()).unwrap();
    assert_eq!(
        (b.id.as_str(), b.name.as_str()),
        ("2000", "sample-loadbalancer")
    );
    assert_eq!(b.state, BalancerState::Pending);
    assert_eq!(b.algorithm, Algorithm::WeightedRoundRobin);
    assert_eq!(b.listeners[0].protocol, Protocol::Http);
    assert_eq!((b.listeners[0].port, b.listeners[0].target_port), (80, 80));
    assert_eq!(b.public_ips, ["203.0.113.5"]);
    let op = b.operation.unwrap();
    assert_eq!(
        (op.provider.as_str(), op.kind.as_str(), op.id.as_str()),
        ("rackspace", CREATE_OPERATION, "2000")
    );
    assert_eq!(b.extra["status"], "BUILD");
}

#[test]
fn statuses_map_onto_states_in_either_spelling() {
    for (word, state) in [
        ("ACTIVE", BalancerState::Running),
        ("PENDING_UPDATE", BalancerState::Running),
        ("PENDING-UPDATE", BalancerState::Running),
        ("BUILD", BalancerState::Pending),
        ("ERROR", BalancerState::Error),
        ("SUSPENDED", BalancerState::Error),
        ("PENDING_DELETE", BalancerState::Deleting),
        ("DELETED", BalancerState::Deleting),
        ("MELTING", BalancerState::Unknown),
    ] {
        assert_eq!(balancer_state(word), state, "{word}");
    }
    let active = DETAILS.replace("BUILD", "ACTIVE");
    assert!(
        parse_balancer(active.as_bytes())
            .unwrap()
            .operation
            .is_none()
    );
}

#[test]
fn protocols_and_algorithms_round_trip_through_the_api_words() {
    for word in PROTOCOLS {
        let protocol = protocol_of(word).unwrap();
        assert_eq!(protocol_word(&protocol), Some(*word));
    }
    assert_eq!(protocol_of("TCP").unwrap(), Protocol::Tcp);
    assert_eq!(
        protocol_of("MYSQL").unwrap(),
        Protocol::Other("mysql".into())
    );
    assert_eq!(protocol_word(&Protocol::Tls), None);
    for word in ALGORITHMS {
        assert_eq!(algorithm_word(&algorithm_of(word).unwrap()), Some(*word));
    }
    assert_eq!(algorithm_word(&Algorithm::SourceIp), None);
}

#[test]
fn a_listing_and_nodes_parse() {
    let page = r#"{"loadBalancers": [
        {"id": 71, "name": "a", "protocol": "TCP", "port": 443, "algorithm": "RANDOM", "status": "ACTIVE", "nodeCount": 2},
        {"id": "72", "name": "b", "protocol": "UDP", "port": "53", "status": "ERROR"}
    ]}"#;
    let list = parse_balancers(page.as_bytes()).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].extra["node_count"], 2);
    assert_eq!(
        list[1].algorithm,
        Algorithm::Random,
        "no algorithm is the API's default"
    );
    assert_eq!(list[1].state, BalancerState::Error);
    let nodes = r#"{"nodes": [
        {"id": 410, "address": "10.1.1.1", "port": 80, "condition": "ENABLED", "status": "ONLINE", "weight": 1},
        {"id": 411, "address": "::ffff:192.0.2.7", "port": 8080, "condition": "DRAINING", "status": "OFFLINE"}
    ]}"#;
    let members = parse_members(nodes.as_bytes(), "71").unwrap();
    assert_eq!(members[0].health, MemberHealth::Healthy);
    assert_eq!(members[0].weight, Some(1));
    assert_eq!(members[1].ip, "192.0.2.7");
    assert_eq!(members[1].health, MemberHealth::Unhealthy);
    assert_eq!(members[1].extra["condition"], "DRAINING");
    assert!(members.iter().all(|m| m.balancer_id == "71"));
}

#[test]
fn garbage_and_truncated_answers_are_malformed() {
    let cut = &DETAILS.as_bytes()[..DETAILS.len() / 2];
    for body in [
        cut,
        b"",
        b"null",
        b"[]",
        b"{\"loadBalancer\": 5}",
        b"<html>oops</html>",
    ] {
        let err = parse_balancer(body).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{body:?}");
        assert_eq!(err.provider(), Some("rackspace"));
    }
    for bad in [
        r#"{"loadBalancer": {"id": -1, "name": "a", "protocol": "HTTP", "port": 80, "status": "ACTIVE"}}"#,
        r#"{"loadBalancer": {"id": 1, "name": "a", "protocol": "HTTP", "port": 0, "status": "ACTIVE"}}"#,
        r#"{"loadBalancer": {"id": 1, "name": "a", "protocol": "H/T", "port": 80, "status": "ACTIVE"}}"#,
        r#"{"loadBalancer": {"id": 1, "protocol": "HTTP", "port": 80, "status": "ACTIVE"}}"#,
    ] {
        assert_eq!(
            parse_balancer(bad.as_bytes()).unwrap_err().kind(),
            ErrorKind::MalformedResponse,
            "{bad}"
        );
    }
    assert!(parse_members(b"{\"nodes\": [{\"id\": 1}]}", "1").is_err());
    assert!(parse_balancers(b"{\"loadBalancers\": {}}").is_err());
}

#[test]
fn error_documents_become_typed_errors() {
    use ErrorKind::*;
    for (status, body, kind, code, retryable) in [
        (
            404,
            r#"{"message": "Load balancer not found", "code": 404}"#,
            NotFound,
            None,
            false,
        ),
        (
            404,
            r#"{"itemNotFound": {"message": "Object not Found", "code": 404}}"#,
            NotFound,
            Some("itemNotFound"),
            false,
        ),
        (
            410,
            r#"{"message": "The loadbalancer is marked as deleted.", "code": 410}"#,
            NotFound,
            None,
            false,
        ),
        (
            422,
            r#"{"message": "Load Balancer '7' has a status of 'PENDING_UPDATE' and is considered immutable.", "code": 422}"#,
            Conflict,
            Some(IMMUTABLE),
            false,
        ),
        (
            413,
            r#"{"message": "Duplicate nodes detected. One or more nodes already configured on load balancer.", "code": 413}"#,
            AlreadyExists,
            Some("duplicateNodes"),
            false,
        ),
        (
            413,
            r#"{"overLimit": {"code": 413, "message": "OverLimit Retry...", "details": "Error Details...", "retryAfter": "30"}}"#,
            RateLimited,
            Some("overLimit"),
            true,
        ),
        (
            413,
            r#"{"message": "Nodes must not exceed 25 per load balancer.", "code": 413}"#,
            QuotaExceeded,
            None,
            false,
        ),
        (
            400,
            r#"{"validationErrors": {"messages": ["Node ip is invalid."]}, "message": "Validation Failure", "code": 400, "details": "The object is not valid"}"#,
            InvalidInput,
            None,
            false,
        ),
        (
            400,
            r#"{"message": ["JSON does not match the expected schema"]}"#,
            InvalidInput,
            None,
            false,
        ),
        (
            503,
            "<html><body><h1>503 Service Unavailable</h1></body></html>",
            Provider,
            None,
            true,
        ),
        (401, "", InvalidCredentials, None, false),
    ] {
        let err = parse_error(status, body.as_bytes());
        assert_eq!(err.kind(), kind, "{body}");
        assert_eq!(err.code(), code, "{body}");
        assert_eq!(err.is_retryable(), retryable, "{body}");
        assert!(!err.message().is_empty());
    }
    let over = parse_error(
        413,
        br#"{"overLimit": {"code": 413, "message": "slow", "retryAfter": "30"}}"#,
    );
    assert_eq!(over.retry_after(), Some(std::time::Duration::from_secs(30)));
    let validation = parse_error(400, br#"{"validationErrors": {"messages": ["Node ip is invalid."]}, "message": "Validation Failure", "details": "The object is not valid"}"#);
    assert_eq!(
        validation.message(),
        "Validation Failure: Node ip is invalid.: The object is not valid"
    );
    assert!(is_immutable(&parse_error(422, br#"{"immutableEntity": {"code": 422, "message": "The object at the specified URI is immutable and cannot be overwritten."}}"#)));
    for garbage in [&b"\xff\xfe"[..], b"{", b"[1]", &[b'x'; 5000][..]] {
        let err = parse_error(400, garbage);
        assert_eq!(err.kind(), InvalidInput);
        assert!(err.message().chars().count() <= 500);
    }
}
