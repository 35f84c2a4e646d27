//! Map keys: strings as they are, numbers and booleans quoted, anything else refused, as
//! serde_json does.

use serde::Serialize;
use serde::ser::{Impossible, SerializeMap, Serializer};

use super::{Error, serde_bytes_view, text};

/// Writes one map key into `out`.
pub(super) struct KeyWriter<'a> {
    pub out: &'a mut Vec<u8>,
}

/// serde_json's refusal of a key that is neither a string nor a number.
fn not_a_string() -> Error {
    serde::ser::Error::custom("key must be a string")
}

/// A map of `key` alone, for serde_json to write (or refuse) as it writes keys.
struct KeyAlone<K>(K);

impl<K: Serialize> Serialize for KeyAlone<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(&self.0, &())?;
        map.end()
    }
}

/// Writes `key` as serde_json writes it as a key: it writes `{KEY:null}`, and `KEY` is
/// kept.
fn delegate_key<K: Serialize>(out: &mut Vec<u8>, key: K) -> Result<(), Error> {
    const AFTER: &[u8] = b":null}";
    let mut alone = Vec::with_capacity(32);
    serde_json::to_writer(&mut alone, &KeyAlone(key))?;
    let key = alone
        .strip_prefix(b"{")
        .and_then(|rest| rest.strip_suffix(AFTER))
        .ok_or_else(not_a_string)?;
    out.extend_from_slice(key);
    Ok(())
}

impl Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        text::write_str(self.out, v)
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        text::write_str(self.out, v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        text::write_str(self.out, variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        delegate_key(self.out, v)
    }

    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        delegate_key(self.out, v)
    }

    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        delegate_key(self.out, v)
    }

    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        delegate_key(self.out, v)
    }

    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        delegate_key(self.out, v)
    }

    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        delegate_key(self.out, v)
    }

    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        delegate_key(self.out, v)
    }

    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        delegate_key(self.out, v)
    }

    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        delegate_key(self.out, v)
    }

    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        delegate_key(self.out, v)
    }

    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        delegate_key(self.out, v)
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        delegate_key(self.out, v)
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        delegate_key(self.out, v)
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        delegate_key(self.out, serde_bytes_view(v))
    }

    fn serialize_none(self) -> Result<(), Error> {
        delegate_key(self.out, ())
    }

    fn serialize_unit(self) -> Result<(), Error> {
        delegate_key(self.out, ())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        delegate_key(self.out, ())
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(not_a_string())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(not_a_string())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(not_a_string())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(not_a_string())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(not_a_string())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(not_a_string())
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(not_a_string())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(not_a_string())
    }
}
