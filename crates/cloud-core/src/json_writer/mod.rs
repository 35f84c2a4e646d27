//! Compact JSON written exactly as `serde_json::to_writer` writes it, byte for byte,
//! but faster for the common case: a string with nothing to escape is checked eight
//! bytes at a time and copied whole, where serde_json looks up every byte. Anything
//! less common (numbers, strings that need escapes, unusual map keys) is handed to
//! serde_json itself, so the two cannot disagree on it.

mod compound;
mod key;
mod text;

#[cfg(test)]
mod tests;

use serde::Serialize;
use serde::ser::Serializer;

use compound::{Compound, Raw};
use key::KeyWriter;

/// The error of a value that cannot be written as JSON (a map key that is not a string
/// or a number, or a value's own `Serialize` failing): serde_json's error, as
/// `serde_json::to_writer` returns it.
pub type Error = serde_json::Error;

/// Appends `value` to `out` as compact JSON: the bytes `serde_json::to_writer(out,
/// value)` appends. On error, `out` may hold part of the value.
pub fn write<T: ?Sized + Serialize>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    value.serialize(Writer { out })
}

/// `value` as compact JSON, as `serde_json::to_vec` makes it.
pub fn to_vec<T: ?Sized + Serialize>(value: &T) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(128);
    write(&mut out, value)?;
    Ok(out)
}

/// Writes one value into `out`.
struct Writer<'a> {
    out: &'a mut Vec<u8>,
}

/// serde_json's names for the structs of a number kept as its text
/// (`arbitrary_precision`) and of a `RawValue`: their one field is written as it is.
const RAW_STRUCTS: [&str; 2] = [
    "$serde_json::private::Number",
    "$serde_json::private::RawValue",
];

/// Hands `value` to serde_json, for what it writes as well as anyone.
fn delegate<T: ?Sized + Serialize>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    serde_json::to_writer(out, value)
}

impl<'a> Serializer for Writer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Raw<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        delegate(self.out, &v)
    }

    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        delegate(self.out, &v)
    }

    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        delegate(self.out, &v)
    }

    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        delegate(self.out, &v)
    }

    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        delegate(self.out, &v)
    }

    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        delegate(self.out, &v)
    }

    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        delegate(self.out, &v)
    }

    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        delegate(self.out, &v)
    }

    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        delegate(self.out, &v)
    }

    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        delegate(self.out, &v)
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        delegate(self.out, &v)
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        delegate(self.out, &v)
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        delegate(self.out, &v)
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        text::write_str(self.out, v)
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        delegate(self.out, &serde_bytes_view(v))
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        open_variant(self.out, variant)?;
        value.serialize(Writer {
            out: &mut *self.out,
        })?;
        self.out.push(b'}');
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(Compound::open(self.out, b'[', b"]"))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        open_variant(self.out, variant)?;
        Ok(Compound::open(self.out, b'[', b"]}"))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(Compound::open(self.out, b'{', b"}"))
    }

    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Raw<'a>, Error> {
        Ok(if RAW_STRUCTS.contains(&name) {
            Raw::Text(self.out)
        } else {
            Raw::Fields(Compound::open(self.out, b'{', b"}"))
        })
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        open_variant(self.out, variant)?;
        Ok(Compound::open(self.out, b'{', b"}}"))
    }
}

/// Opens the object that holds an enum variant's value, `{"variant":`, as serde_json
/// writes a variant with data.
fn open_variant(out: &mut Vec<u8>, variant: &str) -> Result<(), Error> {
    out.push(b'{');
    text::write_str(out, variant)?;
    out.push(b':');
    Ok(())
}

/// `bytes` serialized as bytes, for serde_json to write.
fn serde_bytes_view(bytes: &[u8]) -> impl Serialize + '_ {
    struct Bytes<'b>(&'b [u8]);
    impl Serialize for Bytes<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_bytes(self.0)
        }
    }
    Bytes(bytes)
}
