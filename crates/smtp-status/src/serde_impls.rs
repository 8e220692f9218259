//! `serde` support: codes as their string form (`"5.1.1"`, `"X.1.1"`),
//! reply codes, classes, subjects and reply categories as numbers, the
//! parser's warnings and error kinds by name.

use crate::reply::{ErrorKind, Warning};
use crate::{Class, EnhancedCode, RegisteredCode, ReplyCategory, ReplyCode, Subject, SubjectCode};
use core::fmt;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

struct Buf {
    bytes: [u8; 16],
    len: usize,
}

impl fmt::Write for Buf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > self.bytes.len() {
            return Err(fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

fn serialize_display<S: Serializer>(v: &dyn fmt::Display, s: S) -> Result<S::Ok, S::Error> {
    let mut buf = Buf {
        bytes: [0; 16],
        len: 0,
    };
    fmt::write(&mut buf, format_args!("{v}")).map_err(serde::ser::Error::custom)?;
    // Only ASCII was written.
    let text = core::str::from_utf8(&buf.bytes[..buf.len]).map_err(serde::ser::Error::custom)?;
    s.serialize_str(text)
}

/// Serializes as `"5.1.1"`.
impl Serialize for EnhancedCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_display(self, s)
    }
}

/// Serializes as `"X.1.1"`.
impl Serialize for crate::AnyClassCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_display(self, s)
    }
}

/// Serializes as `"agree"`, `"mismatch"` or `"no-enhanced-class"`.
impl Serialize for crate::ClassAgreement {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Serializes as `"X.1.1"`.
impl Serialize for RegisteredCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Serializes as the number `550`.
impl Serialize for ReplyCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u16(self.as_u16())
    }
}

struct FromStrVisitor<T>(core::marker::PhantomData<T>, &'static str);

impl<T> Visitor<'_> for FromStrVisitor<T>
where
    T: core::str::FromStr,
    T::Err: fmt::Display,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.1)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for EnhancedCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(FromStrVisitor(
            core::marker::PhantomData,
            "an enhanced status code such as \"5.1.1\"",
        ))
    }
}

impl<'de> Deserialize<'de> for RegisteredCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(FromStrVisitor(
            core::marker::PhantomData,
            "a registered code such as \"X.1.1\"",
        ))
    }
}

/// Reads `550` or `"550"`. Needs a self-describing format (JSON, TOML,
/// YAML...), since the number and the string are told apart by their type.
impl<'de> Deserialize<'de> for ReplyCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ReplyCode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a reply code from 200 to 599, as a number or a string")
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<ReplyCode, E> {
                u16::try_from(n)
                    .ok()
                    .and_then(ReplyCode::new)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(n), &self))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<ReplyCode, E> {
                u64::try_from(n)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(n), &self))
                    .and_then(|n| self.visit_u64(n))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ReplyCode, E> {
                v.parse()
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_any(V)
    }
}

/// A type kept as a small number: serialized as it, deserialized through
/// the type's own checked constructor.
macro_rules! as_number {
    ($t:ty, $n:ty, $to:expr, $from:expr, $what:literal) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let n: $n = $to(*self);
                n.serialize(s)
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let n = <$n>::deserialize(d)?;
                $from(n).ok_or_else(|| {
                    de::Error::invalid_value(de::Unexpected::Unsigned(n.into()), &$what)
                })
            }
        }
    };
}

as_number!(
    Class,
    u8,
    Class::digit,
    Class::from_digit,
    "a class: 2, 4 or 5"
);
as_number!(
    Subject,
    u16,
    Subject::number,
    Subject::from_number,
    "a registered subject number"
);
as_number!(
    SubjectCode,
    u16,
    SubjectCode::number,
    SubjectCode::new,
    "a subject from 0 to 999"
);
as_number!(
    ReplyCategory,
    u8,
    ReplyCategory::digit,
    ReplyCategory::from_digit,
    "a reply category: 2 to 5"
);

/// An enum of the reply parser kept by its variant's name (`"ClassMismatch"`).
macro_rules! by_name {
    ($t:ident) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_unit_variant(stringify!($t), *self as u32, self.name())
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $t;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("the name of a ", stringify!($t)))
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$t, E> {
                        $t::ALL
                            .iter()
                            .copied()
                            .find(|w| w.name() == v)
                            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}

by_name!(Warning);
by_name!(ErrorKind);

/// Serializes as the vendor's id, `"microsoft"`.
impl Serialize for crate::vendor::Vendor {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// Serializes as `"5.1.10"` or `"4.7.500-699"`.
impl Serialize for crate::vendor::CodePattern {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_display(self, s)
    }
}

/// Serializes as `{"vendor", "code", "markers", "meaning", "action",
/// "source"}`; `markers` is a list of alternatives, each a list of parts.
impl Serialize for crate::vendor::VendorMeaning {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("VendorMeaning", 6)?;
        st.serialize_field("vendor", &self.vendor())?;
        st.serialize_field("code", &self.code())?;
        st.serialize_field("markers", self.markers())?;
        st.serialize_field("meaning", self.meaning())?;
        st.serialize_field("action", self.action())?;
        st.serialize_field("source", self.source())?;
        st.end()
    }
}
