use std::net::UdpSocket;
use std::time::Duration;

use cloud_core::dns::{RecordData, RecordType};

use super::*;
use crate::hostile::feed_hostile_inputs;

/// A response to `www.example.org A` (id 0x1234) with `answers`, each written after the
/// question; owner names point at the question's name (byte 12).
fn response(flags: u16, answers: &[(u16, u32, Vec<u8>)]) -> Vec<u8> {
    let mut m = build_query(0x1234, "www.example.org", 1).unwrap();
    m[2..4].copy_from_slice(&flags.to_be_bytes());
    m[6..8].copy_from_slice(&(answers.len() as u16).to_be_bytes());
    for (code, ttl, rdata) in answers {
        m.extend_from_slice(&[0xc0, 12]);
        m.extend_from_slice(&code.to_be_bytes());
        m.extend_from_slice(&1u16.to_be_bytes());
        m.extend_from_slice(&ttl.to_be_bytes());
        m.extend_from_slice(&(rdata.len() as u16).to_be_bytes());
        m.extend_from_slice(rdata);
    }
    m
}

/// `name` in wire form, uncompressed.
fn wire(name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for label in name
        .trim_end_matches('.')
        .split('.')
        .filter(|l| !l.is_empty())
    {
        out.push(label.len() as u8);
        out.extend_from_slice(label.as_bytes());
    }
    out.push(0);
    out
}

/// A pointer to the question name's `example.org` (byte 16).
const EXAMPLE_ORG: [u8; 2] = [0xc0, 16];

fn with(prefix: &[u8], rest: &[u8]) -> Vec<u8> {
    [prefix, rest].concat()
}

fn sample() -> Vec<u8> {
    let txt = [&[11u8][..], b"hello world", &[9], br#"say "hi";"#].concat();
    let caa = [&[0u8, 5][..], b"issue", b"ca.example.net"].concat();
    let soa = [
        wire("ns1.example.org"),
        with(&[10], b"hostmaster"),
        EXAMPLE_ORG.to_vec(),
        [1u32, 2, 3, 4, 5]
            .iter()
            .flat_map(|n| n.to_be_bytes())
            .collect(),
    ]
    .concat();
    response(
        0x8400,
        &[
            (1, 300, vec![192, 0, 2, 1]),
            (
                28,
                300,
                "2001:db8::10"
                    .parse::<std::net::Ipv6Addr>()
                    .unwrap()
                    .octets()
                    .to_vec(),
            ),
            (15, 60, with(&[0, 10, 4], &with(b"mail", &EXAMPLE_ORG))),
            (16, 60, txt),
            (
                33,
                60,
                with(&[0, 0, 0, 5, 0x13, 0xc4], &wire("sip.example.org")),
            ),
            (5, 60, with(&[3], &with(b"WWW", &EXAMPLE_ORG))),
            (2, 60, wire("ns1.example.org")),
            (257, 60, caa),
            (6, 60, soa),
            (44, 60, vec![1, 2, 0xab]),
        ],
    )
}

#[test]
fn a_query_is_one_question_without_recursion() {
    let q = build_query(0xbeef, "www.Example.org.", 28).unwrap();
    let mut want = vec![0xbe, 0xef, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
    want.extend(wire("www.Example.org"));
    want.extend([0, 28, 0, 1]);
    assert_eq!(q, want);
    assert!(matches!(
        build_query(1, &format!("{}.org", "x".repeat(64)), 1),
        Err(QueryError::BadQuestion(_))
    ));
    assert!(build_query(1, &vec!["abcdefghi"; 30].join("."), 1).is_err());
    assert!(build_query(1, "a..b", 1).is_err());
    assert_eq!(build_query(1, ".", 2).unwrap().len(), 12 + 1 + 4);
}

#[test]
fn every_type_of_the_answer_section_is_typed() {
    let r = parse_response(&sample(), 0x1234).unwrap();
    assert_eq!(r.rcode, 0);
    assert!(r.authoritative && !r.truncated);
    let names: Vec<&str> = r.answers.iter().map(|a| a.name.as_str()).collect();
    assert!(names.iter().all(|n| *n == "www.example.org."), "{names:?}");
    assert_eq!(r.answers[0].ttl, 300);
    let data: Vec<String> = r.answers.iter().map(|a| a.data.to_string()).collect();
    assert_eq!(
        data,
        [
            "192.0.2.1",
            "2001:db8::10",
            "10 mail.example.org.",
            r#""hello world" "say \"hi\";""#,
            "0 5 5060 sip.example.org.",
            "www.example.org.",
            "ns1.example.org.",
            r#"0 issue "ca.example.net""#,
            "ns1.example.org. hostmaster.example.org. 1 2 3 4 5",
            r"\# 3 0102ab",
        ]
    );
    assert_eq!(r.answers[9].data.rtype(), RecordType::Other("SSHFP".into()));
    assert_eq!(
        r.answers[3].data,
        RecordData::Txt {
            strings: vec!["hello world".into(), r#"say "hi";"#.into()]
        }
    );
}

#[test]
fn odd_labels_are_escaped_and_flags_read() {
    let name = [&[3u8][..], b"a.b", &[2], &[0x20, 0xff], &[0]].concat();
    let r = parse_response(&response(0x8203, &[(12, 1, name)]), 0x1234).unwrap();
    assert_eq!(r.rcode, 3);
    assert!(r.truncated && !r.authoritative);
    assert_eq!(r.answers[0].data.to_string(), r"a\.b.\032\255.");
}

#[test]
fn wrong_ids_queries_loops_and_leftovers_are_malformed() {
    let good = sample();
    assert!(matches!(
        parse_response(&good, 0x4321),
        Err(QueryError::Malformed(m)) if m.contains("message id")
    ));
    let mut query = good.clone();
    query[2] &= 0x7f;
    assert!(parse_response(&query, 0x1234).is_err());
    // A pointer to itself, and one pointing forward.
    let looped = response(0x8000, &[(5, 1, vec![0xc0, 0x2d])]);
    assert!(parse_response(&looped, 0x1234).is_err());
    let forward = response(0x8000, &[(5, 1, vec![0xc0, 0xff])]);
    assert!(parse_response(&forward, 0x1234).is_err());
    // A name made of pointers to each other: 12 -> 14 would go forward, refused.
    let mut pair = build_query(0x1234, "", 1).unwrap();
    pair[2] = 0x80;
    pair[7] = 1;
    pair.extend_from_slice(&[0xc0, 19, 0xc0, 17, 0, 5, 0, 1, 0, 0, 0, 1, 0, 0]);
    assert!(parse_response(&pair, 0x1234).is_err());
    let leftover = response(0x8000, &[(1, 1, vec![1, 2, 3, 4, 5])]);
    assert!(parse_response(&leftover, 0x1234).is_err());
    let cname_leftover = response(0x8000, &[(5, 1, [wire("a.b"), vec![9]].concat())]);
    assert!(parse_response(&cname_leftover, 0x1234).is_err());
    let bad_caa = response(0x8000, &[(257, 1, vec![0, 9, b'x'])]);
    assert!(parse_response(&bad_caa, 0x1234).is_err());
    let empty_txt = response(0x8000, &[(16, 1, vec![])]);
    assert!(parse_response(&empty_txt, 0x1234).is_err());
    let long_string = response(0x8000, &[(16, 1, vec![5, b'a'])]);
    assert!(parse_response(&long_string, 0x1234).is_err());
}

#[test]
fn every_truncation_is_an_error_not_a_panic() {
    let good = sample();
    for end in 0..good.len() {
        assert!(
            parse_response(&good[..end], 0x1234).is_err(),
            "a message cut at {end} of {} bytes parsed",
            good.len()
        );
    }
}

#[test]
fn garbage_never_panics() {
    let good = sample();
    feed_hostile_inputs(
        &[&good],
        &[0, 1, 3, 12, 0xc0, 0x3f, b'a', 0xff],
        53,
        |bytes| {
            let _ = parse_response(bytes, 0x1234);
            if bytes.len() >= 2 {
                let _ = parse_response(bytes, u16::from_be_bytes([bytes[0], bytes[1]]));
            }
        },
    );
}

#[test]
fn names_over_255_bytes_are_refused() {
    let mut m = build_query(0x1234, "", 1).unwrap();
    m[2] = 0x80;
    m[7] = 1;
    for _ in 0..5 {
        m.push(63);
        m.extend_from_slice(&[b'x'; 63]);
    }
    m.push(0);
    m.extend_from_slice(&[0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 1, 2, 3, 4]);
    let err = parse_response(&m, 0x1234).unwrap_err();
    assert!(err.to_string().contains("over 255"), "{err}");
}

#[test]
fn types_have_codes() {
    assert_eq!(type_code(&RecordType::Caa).unwrap(), 257);
    assert_eq!(type_code(&RecordType::Other("naptr".into())).unwrap(), 35);
    assert_eq!(
        type_code(&RecordType::Other("TYPE65280".into())).unwrap(),
        65280
    );
    assert!(type_code(&RecordType::Other("NOPE".into())).is_err());
}

#[test]
fn only_loopback_servers_are_asked() {
    let err = query(
        "192.0.2.1:53".parse().unwrap(),
        "example.org",
        &RecordType::A,
    )
    .unwrap_err();
    assert!(matches!(err, QueryError::NotLoopback(_)), "{err}");
    assert!(err.to_string().contains("not a loopback"));
}

#[test]
fn a_local_server_is_asked_and_stray_answers_ignored() {
    let server = UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = server.local_addr().unwrap();
    let answer = std::thread::spawn(move || {
        let mut buf = [0u8; 512];
        let (len, from) = server.recv_from(&mut buf).unwrap();
        let question = &buf[12..len];
        let id = [buf[0], buf[1]];
        // A stray datagram with another id first, then the answer.
        let mut stray = vec![id[0] ^ 0xff, id[1], 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        stray.extend_from_slice(question);
        server.send_to(&stray, from).unwrap();
        let mut reply = vec![id[0], id[1], 0x84, 0, 0, 1, 0, 1, 0, 0, 0, 0];
        reply.extend_from_slice(question);
        reply.extend_from_slice(&[0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 7]);
        server.send_to(&reply, from).unwrap();
    });
    let r = query(addr, "www.example.org", &RecordType::A).unwrap();
    answer.join().unwrap();
    assert_eq!(
        r.sorted_data(),
        [RecordData::A {
            address: "192.0.2.7".parse().unwrap()
        }]
    );
    assert_eq!(r.answers[0].name, "www.example.org.");
}

#[test]
fn a_silent_server_times_out() {
    let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
    let err = query_with_timeout(
        silent.local_addr().unwrap(),
        "example.org",
        &RecordType::Soa,
        Duration::from_millis(200),
    )
    .unwrap_err();
    assert!(matches!(err, QueryError::Timeout(_)), "{err}");
}
