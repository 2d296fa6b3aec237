//! The hand-written runtime the generated bindings build on.
//!
//! Every generated request type implements [`Endpoint`]; every generated error enum implements
//! [`ApiError`]. The runtime knows nothing about HTTP clients: it describes a request (method,
//! path, query pairs, body) and decodes the `{code, msg, data}` envelope, so any client can
//! send it.

use serde::{Deserialize, Serialize};
use std::fmt;

#[path = "runtime/json.rs"]
mod json;
#[doc(hidden)]
pub use json::{__field, __object, __put};
pub use json::{Json, JsonError};
#[path = "runtime/event.rs"]
mod event;
pub use event::{Callback, Event, EventSchema};
#[path = "runtime/build.rs"]
mod build;
pub use build::MissingFields;
#[path = "runtime/error.rs"]
mod error;
pub use error::{
    ApiFailure, DecodeError, Error, ErrorDetail, ErrorHelp, FieldViolation, PermissionViolation,
    TransportError,
};

/// The response header carrying Feishu's request log id, useful when reporting problems.
pub const LOG_ID_HEADER: &str = "X-Tt-Logid";

/// The default API host.
pub const DEFAULT_HOST: &str = "open.feishu.cn";

/// HTTP methods used by the open platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    /// The upper-case method name (`GET`, `POST`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kinds of access token an API accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccessTokenKind {
    /// `tenant_access_token`
    Tenant,
    /// `user_access_token`
    User,
    /// `app_access_token`
    App,
}

/// How an API answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResponseKind {
    /// A JSON `{code, msg, data}` envelope; decode it with [`ApiResponse`].
    Json,
    /// The raw bytes of a file (a download); build a [`BinaryResponse`] from the HTTP response.
    Binary,
    /// A JSON object whose fields sit beside `code` and `msg` (no `data`); decode it with
    /// [`decode_flat_response`].
    FlatJson,
}

/// One API of the open platform, implemented by every generated `...Request` type.
pub trait Endpoint {
    /// The API's stable id, `service/version/resource/method` (e.g. `vc/v1/meeting/end`).
    const ID: &'static str;
    /// The HTTP method.
    const METHOD: Method;
    /// The documented path template with `:param` placeholders.
    const PATH_TEMPLATE: &'static str;
    /// The host, when it is not [`DEFAULT_HOST`].
    const HOST: Option<&'static str> = None;
    /// The access-token kinds the API accepts (any one).
    const ACCESS_TOKENS: &'static [AccessTokenKind];
    /// The scopes of which any one grants access.
    const SCOPES: &'static [&'static str];
    /// Whether the response is a JSON envelope or a binary download.
    const RESPONSE_KIND: ResponseKind = ResponseKind::Json;
    /// The type of the envelope's `data` (or [`BinaryResponse`] for downloads).
    type Response: Json;
    /// The documented error codes.
    type Error: ApiError;
    /// The path with the path parameters filled in, percent-encoded.
    fn path(&self) -> String;
    /// The query pairs, in documented order; absent optional parameters are omitted and
    /// arrays are repeated.
    fn query(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    /// The documented request headers other than `Authorization` and `Content-Type` (which
    /// the client sets), in documented order; absent optional headers are omitted.
    fn headers(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    /// The request body.
    fn body(&self) -> RequestBody {
        RequestBody::None
    }
}

/// A list API whose pages chain through `page_token`: the request takes the token of the
/// page to fetch, the response says `has_more` and gives the next page's `page_token`.
///
/// Generated for every API whose request has a `page_token` parameter (query or body) and
/// whose response has `has_more` (boolean), `page_token` (string) and one identifiable
/// array of items: the response's only array field, else its array field `items`.
pub trait Paginated: Endpoint {
    /// One listed item.
    type Item;
    /// The response field holding the items (its wire name).
    const ITEMS_FIELD: &'static str;
    /// Sets the token of the page to fetch (`None`: the first page).
    fn set_page_token(&mut self, token: Option<String>);
    /// The response's `page_token`: the token of the next page.
    fn next_page_token(response: &Self::Response) -> Option<&str>;
    /// The response's `has_more`.
    fn has_more(response: &Self::Response) -> Option<bool>;
    /// The page's items.
    fn into_items(response: Self::Response) -> Vec<Self::Item>;
}

/// A generated error-code enum.
pub trait ApiError: Sized {
    /// The numeric error code.
    fn code(&self) -> i64;
    /// The documented HTTP status, when known.
    fn http_status(&self) -> Option<u16>;
    /// The documented description (empty for unknown codes).
    fn description(&self) -> &'static str;
    /// The documented variant for `code`, or `None` when the code is not documented.
    fn from_code(code: i64) -> Option<Self>;
    /// Like [`ApiError::from_code`], mapping undocumented codes to the `Unknown` variant.
    fn from_code_or_unknown(code: i64) -> Self;
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum RequestBody {
    /// No body.
    #[default]
    None,
    /// A JSON body.
    Json(serde_json::Value),
    /// A `multipart/form-data` body.
    Multipart(Vec<MultipartPart>),
    /// A raw binary body.
    Binary(FilePart),
}

impl RequestBody {
    /// A JSON body holding `value`.
    pub fn json<T: Json>(value: &T) -> RequestBody {
        RequestBody::Json(value.to_json())
    }
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq)]
pub enum MultipartPart {
    /// A text field.
    Text { name: &'static str, value: String },
    /// A file field.
    File { name: &'static str, file: FilePart },
}

/// A file to upload (or a raw body).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FilePart {
    /// The file name sent in `Content-Disposition`.
    pub file_name: String,
    /// The MIME type (`application/octet-stream` when unknown).
    pub content_type: String,
    /// The contents.
    pub bytes: Vec<u8>,
}

impl FilePart {
    /// A file with the given name and contents, typed `application/octet-stream`.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        FilePart {
            file_name: file_name.into(),
            content_type: "application/octet-stream".to_owned(),
            bytes: bytes.into(),
        }
    }

    /// Sets the MIME type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }
}

/// In JSON a file part is its file name (files only travel in multipart bodies).
impl Json for FilePart {
    fn from_json(value: serde_json::Value) -> Result<Self, JsonError> {
        String::from_json(value).map(|file_name| FilePart::new(file_name, Vec::new()))
    }
    fn to_json(&self) -> serde_json::Value {
        serde_json::Value::String(self.file_name.clone())
    }
}

/// A download has no JSON form; clients build it from the HTTP response
/// ([`Endpoint::RESPONSE_KIND`] is [`ResponseKind::Binary`]). In JSON it is its file name.
impl Json for BinaryResponse {
    fn from_json(value: serde_json::Value) -> Result<Self, JsonError> {
        Ok(BinaryResponse {
            file_name: Option::<String>::from_json(value)?,
            ..BinaryResponse::default()
        })
    }
    fn to_json(&self) -> serde_json::Value {
        self.file_name.to_json()
    }
}

/// The body of a binary (download) response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BinaryResponse {
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The file name from `Content-Disposition`, if any.
    pub file_name: Option<String>,
    /// The contents.
    pub bytes: Vec<u8>,
}

/// The `{code, msg, data}` envelope of JSON responses. Missing keys take their defaults and
/// unknown keys are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApiResponse<T> {
    /// `0` on success.
    pub code: i64,
    pub msg: String,
    pub data: Option<T>,
}

impl<T> Default for ApiResponse<T> {
    fn default() -> Self {
        ApiResponse {
            code: 0,
            msg: String::new(),
            data: None,
        }
    }
}

impl<T> ApiResponse<T> {
    /// `data` when `code` is 0 (an absent `data` counts as `T::default()`), otherwise
    /// [`Error::Api`] with the code read as `E`.
    pub fn into_result<E: ApiError>(self, log_id: Option<String>) -> Result<T, Error<E>>
    where
        T: Default,
    {
        if self.code == 0 {
            Ok(self.data.unwrap_or_default())
        } else {
            let mut failure =
                ApiFailure::new(E::from_code_or_unknown(self.code), self.code, self.msg);
            failure.log_id = log_id;
            Err(Error::Api(Box::new(failure)))
        }
    }
}

/// Reads a JSON response object and takes out `code` and `msg` (missing ones default).
pub(crate) fn open_envelope(
    bytes: &[u8],
) -> Result<(i64, String, serde_json::Map<String, serde_json::Value>), DecodeError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| DecodeError::new("", e.to_string()))?;
    let serde_json::Value::Object(mut m) = value else {
        return Err(DecodeError::new("", "the response is not a JSON object"));
    };
    let code = match m.remove("code") {
        Some(v) => i64::from_json(v).map_err(|e| DecodeError::from_json("", &e.at("code")))?,
        None => 0,
    };
    let msg = match m.remove("msg") {
        Some(serde_json::Value::String(s)) => s,
        _ => String::new(),
    };
    Ok((code, msg, m))
}

/// Decodes a JSON response envelope. Missing `code`/`msg`/`data` take their defaults; a
/// `data` that does not fit `T` is a [`DecodeError`] naming the JSON path.
pub fn decode_response<T: Json>(bytes: &[u8]) -> Result<ApiResponse<T>, DecodeError> {
    let (code, msg, mut m) = open_envelope(bytes)?;
    let data = match m.remove("data") {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => Some(T::from_json(v).map_err(|e| DecodeError::from_json(".data", &e))?),
    };
    Ok(ApiResponse { code, msg, data })
}

/// Decodes a response whose fields sit beside `code` and `msg` ([`ResponseKind::FlatJson`]):
/// `data` is built from the rest of the object.
pub fn decode_flat_response<T: Json>(bytes: &[u8]) -> Result<ApiResponse<T>, DecodeError> {
    let (code, msg, m) = open_envelope(bytes)?;
    let data =
        T::from_json(serde_json::Value::Object(m)).map_err(|e| DecodeError::from_json("", &e))?;
    Ok(ApiResponse {
        code,
        msg,
        data: Some(data),
    })
}

/// Percent-encodes one path segment (everything but RFC 3986 unreserved characters).
pub fn encode_path_segment(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// The text form of a parameter value: strings as themselves, numbers and booleans as JSON,
/// objects as JSON text.
pub fn param_text<T: Json>(value: &T) -> String {
    value_text(value.to_json())
}

fn value_text(v: serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s,
        v => v.to_string(),
    }
}

/// Appends query pairs for `value`: nothing for `None`/`null`, one pair per element for arrays.
pub fn push_query<T: Json>(out: &mut Vec<(&'static str, String)>, name: &'static str, value: &T) {
    match value.to_json() {
        serde_json::Value::Null => {}
        serde_json::Value::Array(items) => {
            out.extend(items.into_iter().map(|v| (name, value_text(v))));
        }
        v => out.push((name, value_text(v))),
    }
}

/// Appends a text part for `value` (nothing for `None`, one part per element for arrays).
pub fn push_text_part<T: Json>(out: &mut Vec<MultipartPart>, name: &'static str, value: &T) {
    let mut pairs = Vec::new();
    push_query(&mut pairs, name, value);
    out.extend(
        pairs
            .into_iter()
            .map(|(name, value)| MultipartPart::Text { name, value }),
    );
}

/// Values that become file parts: a [`FilePart`], an optional one or a list.
pub trait FileField {
    /// Appends the parts.
    fn push_parts(&self, out: &mut Vec<MultipartPart>, name: &'static str);
}

impl FileField for FilePart {
    fn push_parts(&self, out: &mut Vec<MultipartPart>, name: &'static str) {
        out.push(MultipartPart::File {
            name,
            file: self.clone(),
        });
    }
}

impl<F: FileField> FileField for Option<F> {
    fn push_parts(&self, out: &mut Vec<MultipartPart>, name: &'static str) {
        if let Some(f) = self {
            f.push_parts(out, name);
        }
    }
}

impl<F: FileField> FileField for Vec<F> {
    fn push_parts(&self, out: &mut Vec<MultipartPart>, name: &'static str) {
        for f in self {
            f.push_parts(out, name);
        }
    }
}

/// Appends file parts for `value`.
pub fn push_file_part<F: FileField + ?Sized>(
    out: &mut Vec<MultipartPart>,
    name: &'static str,
    value: &F,
) {
    value.push_parts(out, name);
}

/// Implements value conversions, [`Json`] and serde for a generated open enum.
///
/// The enum's last variant is `Unknown(i64)` (`int`) or `Unknown(String)` (`str`), and it has
/// a private associated const `VALUES: &[(Self, i64)]` (or `&[(Self, &str)]`) listing the
/// documented values. Integer enums are JSON integers (integer strings are accepted too),
/// string enums strings; undocumented values round-trip through `Unknown`.
#[doc(hidden)]
#[macro_export]
macro_rules! __open_enum {
    (int $name:ident) => {
        impl $name {
            /// The wire value.
            #[inline]
            pub fn value(&self) -> i64 {
                match self {
                    Self::Unknown(v) => *v,
                    known => Self::VALUES
                        .iter()
                        .find(|(e, _)| e == known)
                        .map_or(0, |(_, v)| *v),
                }
            }
            /// The variant for a wire value (`Unknown` when undocumented).
            #[inline]
            pub fn from_value(value: i64) -> Self {
                Self::VALUES
                    .iter()
                    .find(|(_, v)| *v == value)
                    .map_or(Self::Unknown(value), |(e, _)| e.clone())
            }
        }
        impl $crate::Json for $name {
            #[inline]
            fn from_json(
                value: ::serde_json::Value,
            ) -> ::std::result::Result<Self, $crate::JsonError> {
                <i64 as $crate::Json>::from_json(value).map(Self::from_value)
            }
            #[inline]
            fn to_json(&self) -> ::serde_json::Value {
                ::serde_json::Value::from(self.value())
            }
        }
    };
    (str $name:ident) => {
        impl $name {
            /// The wire value.
            #[inline]
            pub fn value(&self) -> &str {
                match self {
                    Self::Unknown(v) => v,
                    known => Self::VALUES
                        .iter()
                        .find(|(e, _)| e == known)
                        .map_or("", |(_, v)| *v),
                }
            }
            /// The variant for a wire value (`Unknown` when undocumented).
            #[inline]
            pub fn from_value(value: &str) -> Self {
                Self::VALUES.iter().find(|(_, v)| *v == value).map_or_else(
                    || Self::Unknown(::std::string::String::from(value)),
                    |(e, _)| e.clone(),
                )
            }
        }
        impl $crate::Json for $name {
            #[inline]
            fn from_json(
                value: ::serde_json::Value,
            ) -> ::std::result::Result<Self, $crate::JsonError> {
                match value {
                    ::serde_json::Value::String(s) => {
                        ::std::result::Result::Ok(Self::from_value(&s))
                    }
                    // Some APIs send numeric codes for string enums.
                    ::serde_json::Value::Number(n) => {
                        ::std::result::Result::Ok(Self::from_value(&n.to_string()))
                    }
                    _ => ::std::result::Result::Err($crate::JsonError::new("expected a string")),
                }
            }
            #[inline]
            fn to_json(&self) -> ::serde_json::Value {
                ::serde_json::Value::from(self.value())
            }
        }
    };
}

/// Implements [`ApiError`], the same methods inherently, and `Display` for a generated error
/// enum whose last variant is `Unknown(i64)` and which has a private associated const
/// `CODES: &[(Self, i64, Option<u16>, &str)]` (variant, code, HTTP status, description).
/// Everything is `#[inline]`: nothing is compiled for an error type nobody uses.
#[doc(hidden)]
#[macro_export]
macro_rules! __api_error {
    ($name:ident) => {
        impl $name {
            #[inline]
            fn entry(
                &self,
            ) -> ::std::option::Option<&'static (Self, i64, ::std::option::Option<u16>, &'static str)>
            {
                Self::CODES.iter().find(|e| e.0 == *self)
            }
            /// The numeric error code.
            #[inline]
            #[allow(irrefutable_let_patterns)] // an enum with no documented codes
            pub fn code(&self) -> i64 {
                if let Self::Unknown(c) = self {
                    return *c;
                }
                self.entry().map_or(0, |e| e.1)
            }
            /// The documented HTTP status, when known.
            #[inline]
            pub fn http_status(&self) -> ::std::option::Option<u16> {
                self.entry().and_then(|e| e.2)
            }
            /// The documented description (empty for undocumented codes).
            #[inline]
            pub fn description(&self) -> &'static str {
                self.entry().map_or("", |e| e.3)
            }
            /// The documented variant for `code`, `None` for undocumented codes.
            #[inline]
            pub fn from_code(code: i64) -> ::std::option::Option<Self> {
                Self::CODES.iter().find(|e| e.1 == code).map(|e| e.0)
            }
            /// Like `from_code`, mapping undocumented codes to `Unknown`.
            #[inline]
            pub fn from_code_or_unknown(code: i64) -> Self {
                Self::from_code(code).unwrap_or(Self::Unknown(code))
            }
        }
        impl $crate::ApiError for $name {
            #[inline]
            fn code(&self) -> i64 {
                $name::code(self)
            }
            #[inline]
            fn http_status(&self) -> ::std::option::Option<u16> {
                $name::http_status(self)
            }
            #[inline]
            fn description(&self) -> &'static str {
                $name::description(self)
            }
            #[inline]
            fn from_code(code: i64) -> ::std::option::Option<Self> {
                $name::from_code(code)
            }
            #[inline]
            fn from_code_or_unknown(code: i64) -> Self {
                $name::from_code_or_unknown(code)
            }
        }
        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::write!(f, "{} {}", self.code(), self.description())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_path_segments() {
        assert_eq!(
            encode_path_segment("6911188411932033028"),
            "6911188411932033028"
        );
        assert_eq!(encode_path_segment("a b/c?d#e"), "a%20b%2Fc%3Fd%23e");
        assert_eq!(encode_path_segment("img_v2-x.y~z"), "img_v2-x.y~z");
        assert_eq!(encode_path_segment("名"), "%E5%90%8D");
        assert_eq!(encode_path_segment("%"), "%25");
        assert_eq!(encode_path_segment(""), "");
    }

    #[derive(Debug, Default, PartialEq)]
    struct Data {
        image_key: Option<String>,
    }
    impl Json for Data {
        fn from_json(v: serde_json::Value) -> Result<Self, JsonError> {
            let mut m = __object(v)?;
            Ok(Data {
                image_key: __field(&mut m, "image_key")?,
            })
        }
        fn to_json(&self) -> serde_json::Value {
            let mut m = serde_json::Map::new();
            __put(&mut m, "image_key", &self.image_key);
            serde_json::Value::Object(m)
        }
    }

    #[test]
    fn decodes_envelopes() {
        let r: ApiResponse<Data> = decode_response(
            br#"{"code":0,"msg":"success","data":{"image_key":"k","x":1},"extra":2}"#,
        )
        .unwrap();
        assert_eq!(r.data.unwrap().image_key.as_deref(), Some("k"));

        let r: ApiResponse<Data> = decode_response(br#"{"code":0,"msg":"success"}"#).unwrap();
        assert_eq!(r.data, None);
        assert_eq!(r.into_result::<E>(None).unwrap(), Data::default());

        let r: ApiResponse<Data> =
            decode_response(br#"{"code":122002,"msg":"meeting not exist","data":null}"#).unwrap();
        match r.into_result::<E>(Some("log".into())) {
            Err(Error::Api(f)) => {
                assert_eq!((f.code, f.msg.as_str()), (122002, "meeting not exist"));
                assert_eq!(f.error, E::Unknown(122002));
                assert_eq!(f.log_id.as_deref(), Some("log"));
            }
            other => panic!("unexpected {other:?}"),
        }

        assert_eq!(decode_response::<Data>(b"<html>").unwrap_err().path, "");
        assert_eq!(
            decode_response::<Data>(br#"{"code":0,"data":{"image_key":5}}"#),
            Err(DecodeError::new(
                ".data.image_key",
                "expected a string, found a number"
            ))
        );
    }

    #[test]
    fn decodes_flat_responses() {
        let r: ApiResponse<Data> =
            decode_flat_response(br#"{"code":0,"msg":"ok","image_key":"k","expire":7200}"#)
                .unwrap();
        assert_eq!((r.code, r.msg.as_str()), (0, "ok"));
        assert_eq!(r.data.unwrap().image_key.as_deref(), Some("k"));
        assert_eq!(
            decode_flat_response::<Data>(br#"{"code":99991663,"msg":"bad","image_key":1}"#)
                .unwrap_err()
                .to_string(),
            "cannot decode the response at .image_key: expected a string, found a number"
        );
    }

    #[test]
    fn renders_query_pairs() {
        let mut q = Vec::new();
        push_query(&mut q, "a", &Some("x y".to_owned()));
        push_query(&mut q, "b", &None::<String>);
        push_query(&mut q, "c", &vec![1_i64, 2]);
        push_query(&mut q, "d", &true);
        push_query(&mut q, "e", &Some(vec!["p".to_owned()]));
        assert_eq!(
            q,
            vec![
                ("a", "x y".to_owned()),
                ("c", "1".to_owned()),
                ("c", "2".to_owned()),
                ("d", "true".to_owned()),
                ("e", "p".to_owned()),
            ]
        );
    }

    #[test]
    fn builds_multipart_parts() {
        let mut parts = Vec::new();
        push_text_part(&mut parts, "image_type", &"message".to_owned());
        push_file_part(&mut parts, "image", &FilePart::new("a.png", vec![1u8, 2]));
        push_file_part(&mut parts, "none", &None::<FilePart>);
        assert_eq!(parts.len(), 2);
        assert_eq!(
            parts[0],
            MultipartPart::Text {
                name: "image_type",
                value: "message".to_owned()
            }
        );
        match &parts[1] {
            MultipartPart::File { name, file } => {
                assert_eq!(*name, "image");
                assert_eq!(file.bytes, vec![1, 2]);
                assert_eq!(file.content_type, "application/octet-stream");
            }
            other => panic!("unexpected part {other:?}"),
        }
    }

    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Kind {
        Formal,
        Intern,
        Unknown(i64),
    }
    impl Kind {
        const VALUES: &'static [(Self, i64)] = &[(Self::Formal, 1), (Self::Intern, 2)];
    }
    crate::__open_enum!(int Kind);

    #[derive(Debug, Clone, PartialEq, Eq)]
    enum IdType {
        OpenId,
        Unknown(String),
    }
    impl IdType {
        const VALUES: &'static [(Self, &'static str)] = &[(Self::OpenId, "open_id")];
    }
    crate::__open_enum!(str IdType);
    crate::__serde_via_json!(Kind IdType);

    #[test]
    fn open_enums_round_trip() {
        let v = Vec::<Kind>::from_json(serde_json::json!([1, 2, 7, "2"])).unwrap();
        assert_eq!(
            v,
            vec![Kind::Formal, Kind::Intern, Kind::Unknown(7), Kind::Intern]
        );
        assert_eq!(v.to_json().to_string(), "[1,2,7,2]");
        assert!(Kind::from_json(serde_json::json!("x")).is_err());

        let v = Vec::<IdType>::from_json(serde_json::json!(["open_id", "union_id"])).unwrap();
        assert_eq!(v, vec![IdType::OpenId, IdType::Unknown("union_id".into())]);
        assert_eq!(v.to_json().to_string(), r#"["open_id","union_id"]"#);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_goes_through_json() {
        let v: Vec<Kind> = serde_json::from_str(r#"[1, 2, 7, "2"]"#).unwrap();
        assert_eq!(serde_json::to_string(&v).unwrap(), "[1,2,7,2]");
        let v: Vec<IdType> = serde_json::from_str(r#"["open_id","union_id"]"#).unwrap();
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"["open_id","union_id"]"#
        );
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum E {
        NotFound,
        Unknown(i64),
    }
    impl E {
        const CODES: &'static [(Self, i64, Option<u16>, &'static str)] =
            &[(Self::NotFound, 404001, Some(404), "not found")];
    }
    crate::__api_error!(E);

    #[test]
    fn api_errors() {
        assert_eq!(E::from_code(404001), Some(E::NotFound));
        assert_eq!(E::from_code(1), None);
        assert_eq!(E::from_code_or_unknown(1), E::Unknown(1));
        assert_eq!(E::NotFound.http_status(), Some(404));
        assert_eq!(E::Unknown(5).code(), 5);
        assert_eq!(E::NotFound.to_string(), "404001 not found");
        assert_eq!(E::Unknown(5).http_status(), None);
        assert_eq!(E::Unknown(5).description(), "");
        assert_eq!(Kind::Unknown(9).value(), 9);
        assert_eq!(Kind::Intern.value(), 2);
        assert_eq!(IdType::from_value("open_id").value(), "open_id");
        assert_eq!(<E as ApiError>::from_code(404001), Some(E::NotFound));
    }
}
