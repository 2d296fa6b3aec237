//! JSON conversion for the generated types.
//!
//! Generated structs and enums implement [`Json`] with small, non-generic, `#[inline]`
//! functions instead of serde derives: the whole Feishu surface is tens of thousands of
//! types, and derived serde code is what makes such crates slow and memory-hungry to build.
//! Serde's traits are still implemented for every generated type (through [`Json`] and
//! `serde_json::Value`), so the types work with any serde-based client.
//!
//! Decoding is forgiving where the wire is: absent and `null` optional fields are `None`,
//! unknown keys are ignored, integers also accept integer strings, numbers accept integers.

use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// Conversion between a generated type and JSON.
pub trait Json: Sized {
    /// Reads a value. Errors name the JSON path of the offending value.
    fn from_json(value: Value) -> Result<Self, JsonError>;
    /// Writes the value.
    fn to_json(&self) -> Value;
    /// The value of an absent (or `null`) key, when absence is allowed.
    #[doc(hidden)]
    #[inline]
    fn absent() -> Option<Self> {
        None
    }
    /// Whether the value is left out when writing (an absent optional field).
    #[doc(hidden)]
    #[inline]
    fn is_absent(&self) -> bool {
        false
    }
}

/// A JSON value that does not fit the type, with the JSON path to it (`.data.items[0].id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    path: Vec<String>,
    message: String,
}

impl JsonError {
    /// An error at the current value.
    pub fn new(message: impl Into<String>) -> Self {
        JsonError {
            path: Vec::new(),
            message: message.into(),
        }
    }

    /// The same error one level down, under `key`.
    pub fn at(mut self, key: &str) -> Self {
        self.path.push(format!(".{key}"));
        self
    }

    fn at_index(mut self, i: usize) -> Self {
        self.path.push(format!("[{i}]"));
        self
    }

    /// The JSON path of the value (`.a.b[0]`; empty at the top).
    pub fn path(&self) -> String {
        self.path.iter().rev().map(String::as_str).collect()
    }

    /// What was wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path();
        if path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", path, self.message)
        }
    }
}

impl std::error::Error for JsonError {}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn expected(what: &str, v: &Value) -> JsonError {
    JsonError::new(format!("expected {what}, found {}", kind(v)))
}

impl Json for String {
    #[inline]
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::String(s) => Ok(s),
            v => Err(expected("a string", &v)),
        }
    }
    #[inline]
    fn to_json(&self) -> Value {
        Value::String(self.clone())
    }
}

impl Json for i64 {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match &value {
            Value::Number(n) => n
                .as_i64()
                .or_else(|| {
                    n.as_f64()
                        .filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18)
                        .map(|f| f as i64)
                })
                .ok_or_else(|| JsonError::new(format!("expected an integer, found {n}"))),
            Value::String(s) => s.trim().parse().map_err(|_| {
                JsonError::new(format!("expected an integer, found the string {s:?}"))
            }),
            v => Err(expected("an integer", v)),
        }
    }
    #[inline]
    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

impl Json for f64 {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match &value {
            Value::Number(n) => n
                .as_f64()
                .ok_or_else(|| JsonError::new(format!("expected a number, found {n}"))),
            Value::String(s) => s
                .trim()
                .parse()
                .map_err(|_| JsonError::new(format!("expected a number, found the string {s:?}"))),
            v => Err(expected("a number", v)),
        }
    }
    #[inline]
    fn to_json(&self) -> Value {
        // Integral values are written as integers, as the API sends them.
        if self.fract() == 0.0 && self.abs() < 9.0e15 {
            Value::from(*self as i64)
        } else {
            Value::from(*self)
        }
    }
}

impl Json for bool {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Bool(b) => Ok(b),
            Value::String(s) if s == "true" || s == "false" => Ok(s == "true"),
            v => Err(expected("a boolean", &v)),
        }
    }
    #[inline]
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

impl Json for Value {
    #[inline]
    fn from_json(value: Value) -> Result<Self, JsonError> {
        Ok(value)
    }
    #[inline]
    fn to_json(&self) -> Value {
        self.clone()
    }
    #[inline]
    fn absent() -> Option<Self> {
        Some(Value::Null)
    }
    #[inline]
    fn is_absent(&self) -> bool {
        self.is_null()
    }
}

impl<T: Json> Json for Option<T> {
    #[inline]
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Null => Ok(None),
            v => T::from_json(v).map(Some),
        }
    }
    #[inline]
    fn to_json(&self) -> Value {
        match self {
            Some(v) => v.to_json(),
            None => Value::Null,
        }
    }
    #[inline]
    fn absent() -> Option<Self> {
        Some(None)
    }
    #[inline]
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T: Json> Json for Vec<T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| T::from_json(v).map_err(|e| e.at_index(i)))
                .collect(),
            v => Err(expected("an array", &v)),
        }
    }
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(Json::to_json).collect())
    }
}

impl<T: Json> Json for BTreeMap<String, T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Object(m) => m
                .into_iter()
                .map(|(k, v)| match T::from_json(v) {
                    Ok(v) => Ok((k, v)),
                    Err(e) => Err(e.at(&k)),
                })
                .collect(),
            v => Err(expected("an object", &v)),
        }
    }
    fn to_json(&self) -> Value {
        Value::Object(self.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
    }
}

impl<T: Json> Json for Box<T> {
    #[inline]
    fn from_json(value: Value) -> Result<Self, JsonError> {
        T::from_json(value).map(Box::new)
    }
    #[inline]
    fn to_json(&self) -> Value {
        (**self).to_json()
    }
}

/// Opens a JSON object for a generated struct.
#[doc(hidden)]
#[inline]
pub fn __object(value: Value) -> Result<Map<String, Value>, JsonError> {
    match value {
        Value::Object(m) => Ok(m),
        v => Err(expected("an object", &v)),
    }
}

/// Takes one field of a generated struct out of its JSON object.
#[doc(hidden)]
pub fn __field<T: Json>(m: &mut Map<String, Value>, key: &str) -> Result<T, JsonError> {
    match m.remove(key) {
        Some(Value::Null) | None => {
            T::absent().ok_or_else(|| JsonError::new("missing required field").at(key))
        }
        Some(v) => T::from_json(v).map_err(|e| e.at(key)),
    }
}

/// Writes one field of a generated struct (absent optional fields are left out).
#[doc(hidden)]
#[inline]
pub fn __put<T: Json>(m: &mut Map<String, Value>, key: &str, value: &T) {
    if !value.is_absent() {
        m.insert(key.to_owned(), value.to_json());
    }
}

/// Implements `serde::Serialize` and `serde::Deserialize` for a type that implements [`Json`]
/// (with the `serde` feature; without it, nothing: the impls cost compile time).
#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_via_json {
    ($($name:ident)*) => {$(
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&$crate::Json::to_json(self), s)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let v = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                $crate::Json::from_json(v).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    )*};
}

/// Without the `serde` feature the generated types implement only [`Json`].
#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_via_json {
    ($($name:ident)*) => {};
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_are_forgiving_but_checked() {
        assert_eq!(i64::from_json(json!(5)).unwrap(), 5);
        assert_eq!(i64::from_json(json!("42")).unwrap(), 42);
        assert_eq!(i64::from_json(json!(3.0)).unwrap(), 3);
        assert!(i64::from_json(json!(3.5)).is_err());
        assert!(i64::from_json(json!("x")).is_err());
        assert_eq!(f64::from_json(json!(2)).unwrap(), 2.0);
        assert_eq!(f64::to_json(&2.0), json!(2));
        assert_eq!(f64::to_json(&2.5), json!(2.5));
        assert!(String::from_json(json!(1)).is_err());
        assert!(bool::from_json(json!("true")).unwrap());
    }

    #[test]
    fn fields_absent_null_and_required() {
        let mut m = __object(json!({"a": null, "b": 1, "c": "x"})).unwrap();
        let a: Option<i64> = __field(&mut m, "a").unwrap();
        assert_eq!(a, None);
        let missing: Option<String> = __field(&mut m, "zzz").unwrap();
        assert_eq!(missing, None);
        let b: i64 = __field(&mut m, "b").unwrap();
        assert_eq!(b, 1);
        let e = __field::<i64>(&mut m, "nope").unwrap_err();
        assert_eq!(e.to_string(), ".nope: missing required field");
        let e = __field::<i64>(&mut m, "c").unwrap_err();
        assert_eq!(
            e.to_string(),
            ".c: expected an integer, found the string \"x\""
        );
    }

    #[test]
    fn errors_carry_the_json_path() {
        let e = Vec::<BTreeMap<String, i64>>::from_json(json!([{"a": 1}, {"b": "x"}])).unwrap_err();
        assert_eq!(e.path(), "[1].b");
    }

    #[test]
    fn put_skips_absent_values() {
        let mut m = Map::new();
        __put(&mut m, "a", &None::<i64>);
        __put(&mut m, "b", &Some(2_i64));
        __put(&mut m, "c", &Vec::<i64>::new());
        assert_eq!(Value::Object(m), json!({"b": 2, "c": []}));
    }
}
