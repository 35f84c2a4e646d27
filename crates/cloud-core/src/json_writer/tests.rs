//! Every shape of the serde data model, written by [`write`] and by serde_json: the
//! bytes must be the same, and so must the refusals.

use std::collections::BTreeMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use serde_json::{Map, Number, Value, json};

use super::*;
use crate::compute::{Node, NodeState};

fn same<T: ?Sized + Serialize + std::fmt::Debug>(value: &T) {
    let ours = to_vec(value);
    let theirs = serde_json::to_vec(value);
    match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs),
            "{value:?}"
        ),
        (Err(ours), Err(theirs)) => assert_eq!(ours.to_string(), theirs.to_string()),
        (ours, theirs) => panic!("{value:?}: ours {ours:?}, serde_json {theirs:?}"),
    }
}

#[derive(Debug, Serialize)]
struct Unit;

#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct Newtype(u8);

#[derive(Debug, Serialize)]
struct Pair(i32, &'static str);

#[derive(Debug, Serialize)]
struct Empty {}

#[derive(Debug, Serialize)]
struct Fields {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<u8>,
    kept: Option<u8>,
    list: Vec<Option<bool>>,
    #[serde(with = "bytes")]
    bytes: Vec<u8>,
    nested: Vec<Kind>,
}

mod bytes {
    pub fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }
}

#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Plain,
    Wrapped(i64),
    Tuple(u8, char),
    Named { a: u8, b: &'static str },
}

#[test]
fn scalars_are_written_as_serde_json_writes_them() {
    same(&true);
    same(&false);
    same(&());
    same(&Unit);
    same(&Newtype(7));
    same(&i8::MIN);
    same(&i16::MIN);
    same(&i32::MIN);
    same(&i64::MIN);
    same(&i128::MIN);
    same(&u8::MAX);
    same(&u16::MAX);
    same(&u32::MAX);
    same(&u64::MAX);
    same(&u128::MAX);
    for f in [
        0.0,
        -0.0,
        1.5,
        1e300,
        f64::NAN,
        f64::INFINITY,
        f64::MIN_POSITIVE,
    ] {
        same(&f);
        same(&(f as f32));
    }
    for c in ['a', '"', '\\', '\n', '\u{7f}', 'é', '🚀'] {
        same(&c);
    }
    same(&None::<u8>);
    same(&Some("x"));
}

#[test]
fn compounds_are_written_as_serde_json_writes_them() {
    same(&Vec::<u8>::new());
    same(&vec![1, 2, 3]);
    same(&(1, "two", 3.0));
    same(&Pair(-1, "p"));
    same(&Empty {});
    same(&Kind::Plain);
    same(&Kind::Wrapped(-9));
    same(&Kind::Tuple(1, 'c'));
    same(&Kind::Named { a: 1, b: "b\"" });
    same(&Fields {
        name: "line\nbreak",
        skipped: None,
        kept: None,
        list: vec![Some(true), None],
        bytes: vec![0, 127, 255],
        nested: vec![Kind::Plain, Kind::Named { a: 2, b: "" }],
    });
    same(&BTreeMap::<String, u8>::new());
    same(&json!({"a": [], "b": {}, "c": [{}], "d": [[]]}));
}

#[test]
fn map_keys_are_quoted_or_refused_as_serde_json_does() {
    same(&BTreeMap::from([("k\"ey", 1), ("", 2)]));
    same(&BTreeMap::from([(-3i64, "a"), (4, "b")]));
    same(&BTreeMap::from([(u128::MAX, 1)]));
    same(&BTreeMap::from([(true, 1), (false, 2)]));
    same(&BTreeMap::from([('c', 1), ('"', 2)]));
    same(&BTreeMap::from([(Kind::Plain, 1)]));
    same(&BTreeMap::from([(Some("k"), 1)]));
    same(&BTreeMap::from([(Newtype(5), 1)]));
    same(&[(1.5f64, 1)].into_iter().collect::<Vec<_>>());
    same(&KeyOf(1.25f64));
    same(&KeyOf(f64::NAN));
    same(&KeyOf(()));
    same(&KeyOf(None::<u8>));
    same(&KeyOf(vec![1]));
    same(&KeyOf(Kind::Wrapped(1)));
    same(&KeyOf(Kind::Named { a: 1, b: "" }));
    same(&KeyOf(Pair(1, "")));
    same(&KeyOf(Empty {}));
}

/// A map whose one key is the value, with any key type, sortable or not.
#[derive(Debug)]
struct KeyOf<K>(K);

impl<K: Serialize> Serialize for KeyOf<K> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(&self.0, &0)?;
        map.end()
    }
}

#[test]
fn serde_json_numbers_and_raw_values_are_written_as_their_text() {
    let raw = serde_json::value::RawValue::from_string("[1, \"two\"]".into()).unwrap();
    same(&raw);
    same(&json!({"raw": raw, "n": Number::from_f64(2.5)}));
}

/// A JSON value of random shape and contents, `depth` levels deep at most.
fn random_value(rng: &mut StdRng, depth: u32) -> Value {
    let pick = rng.random_range(0..if depth == 0 { 5 } else { 7 });
    match pick {
        0 => Value::Null,
        1 => Value::Bool(rng.random()),
        2 => json!(rng.random::<i64>() >> rng.random_range(0..64)),
        3 => Number::from_f64(rng.random::<f64>() * 1e6).map_or(Value::Null, Value::Number),
        4 => Value::String(random_text(rng)),
        5 => Value::Array(
            (0..rng.random_range(0..5))
                .map(|_| random_value(rng, depth - 1))
                .collect(),
        ),
        _ => Value::Object(
            (0..rng.random_range(0..5))
                .map(|_| (random_text(rng), random_value(rng, depth - 1)))
                .collect::<Map<_, _>>(),
        ),
    }
}

/// Text of 0 to 40 characters, mostly plain, with escapes, non-ASCII and DEL mixed in.
fn random_text(rng: &mut StdRng) -> String {
    const ODD: [char; 9] = ['"', '\\', '\n', '\u{0}', '\u{1f}', '\u{7f}', 'é', '€', '🚀'];
    (0..rng.random_range(0..40))
        .map(|_| match rng.random_range(0..12) {
            0 => ODD[rng.random_range(0..ODD.len())],
            _ => char::from(rng.random_range(b' '..b'~')),
        })
        .collect()
}

#[test]
fn random_values_are_written_as_serde_json_writes_them() {
    let mut rng = StdRng::seed_from_u64(0x6a73_6f6e);
    for _ in 0..2_000 {
        same(&random_value(&mut rng, 4));
    }
}

#[test]
fn nodes_are_written_as_serde_json_writes_them() {
    let mut rng = StdRng::seed_from_u64(7);
    for i in 0..200 {
        let node = Node {
            id: format!("i-{i:08x}"),
            name: random_text(&mut rng),
            state: match i % 3 {
                0 => NodeState::Running,
                1 => NodeState::Stopped,
                _ => NodeState::Unknown(random_text(&mut rng)),
            },
            public_ips: (0..i % 3).map(|n| format!("203.0.113.{n}")).collect(),
            private_ips: vec![random_text(&mut rng)],
            size: (i % 2 == 0).then(|| "t3.micro".to_string()),
            image: None,
            location: Some(random_text(&mut rng)),
            created_at: (i % 4 == 0).then(chrono::Utc::now),
            tags: (0..i % 5)
                .map(|_| (random_text(&mut rng), random_text(&mut rng)))
                .collect(),
            extra: match random_value(&mut rng, 3) {
                Value::Object(map) => map.into_iter().collect(),
                other => BTreeMap::from([("value".to_string(), other)]),
            },
            operation: None,
        };
        same(&node);
    }
}

#[test]
fn a_failing_value_fails_the_write() {
    struct Fails;
    impl Serialize for Fails {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no"))
        }
    }
    let err = to_vec(&vec![Fails]).unwrap_err();
    assert_eq!(err.to_string(), "no");
    let mut out = b"kept".to_vec();
    write(&mut out, &7u8).unwrap();
    assert_eq!(out, b"kept7");
}
