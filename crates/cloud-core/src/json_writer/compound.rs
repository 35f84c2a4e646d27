//! The lists, maps and structs of a value being written: opened, their items separated
//! by commas, closed.

use serde::Serialize;
use serde::ser::{
    SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant, SerializeTuple,
    SerializeTupleStruct, SerializeTupleVariant,
};

use super::{Error, KeyWriter, Writer, text};

/// A list, map or struct being written.
pub(super) struct Compound<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    close: &'static [u8],
}

impl<'a> Compound<'a> {
    /// Writes `open` and returns the compound that `close` ends.
    pub(super) fn open(out: &'a mut Vec<u8>, open: u8, close: &'static [u8]) -> Self {
        out.push(open);
        Compound {
            out,
            first: true,
            close,
        }
    }

    /// Writes the comma before every item but the first.
    fn separate(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }

    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.separate();
        value.serialize(Writer {
            out: &mut *self.out,
        })
    }

    fn field<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.separate();
        text::write_str(self.out, key)?;
        self.out.push(b':');
        value.serialize(Writer {
            out: &mut *self.out,
        })
    }

    fn close(self) -> Result<(), Error> {
        self.out.extend_from_slice(self.close);
        Ok(())
    }
}

/// The lists serde knows (sequences, tuples, tuple structs, a tuple variant's fields):
/// each is written as a JSON list, element after element.
macro_rules! list {
    ($trait:ident, $add:ident) => {
        impl $trait for Compound<'_> {
            type Ok = ();
            type Error = Error;

            fn $add<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }

            fn end(self) -> Result<(), Error> {
                self.close()
            }
        }
    };
}

list!(SerializeSeq, serialize_element);
list!(SerializeTuple, serialize_element);
list!(SerializeTupleStruct, serialize_field);
list!(SerializeTupleVariant, serialize_field);

impl SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.separate();
        key.serialize(KeyWriter {
            out: &mut *self.out,
        })
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.out.push(b':');
        value.serialize(Writer {
            out: &mut *self.out,
        })
    }

    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }

    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

/// A struct being written: as a map of its fields, or, for serde_json's own structs
/// that carry JSON text (see `RAW_STRUCTS`), as that text.
pub(super) enum Raw<'a> {
    /// An ordinary struct.
    Fields(Compound<'a>),
    /// One of serde_json's text-carrying structs.
    Text(&'a mut Vec<u8>),
}

impl SerializeStruct for Raw<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        match self {
            Raw::Fields(fields) => fields.field(key, value),
            // The text, as a string value; written unchanged.
            Raw::Text(out) => match serde_json::to_value(value)? {
                serde_json::Value::String(text) => {
                    out.extend_from_slice(text.as_bytes());
                    Ok(())
                }
                _ => Err(not_text()),
            },
        }
    }

    fn end(self) -> Result<(), Error> {
        match self {
            Raw::Fields(fields) => fields.close(),
            Raw::Text(_) => Ok(()),
        }
    }
}

fn not_text() -> Error {
    serde::ser::Error::custom("expected the JSON text of a number or raw value")
}
