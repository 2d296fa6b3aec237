//! The intermediate representation: one [`Api`] per doc page.
//!
//! Plain serde types, flavour-independent, and lossless enough to serve the emitter, the
//! `ir` JSON Lines output, a future change report, a doc linter and an OpenAPI export.
//! The JSON shape of these types is documented in `docs/IR.md` and kept stable: new
//! information is only ever added as new keys.

use crate::codes::Code;
pub use crate::codes::Severity;
use serde::{Deserialize, Serialize};
use std::fmt;

mod event;
pub use event::{
    Event, EventExamples, EventId, EventKind, EventSchema, Item, V1_ENVELOPE, V2_HEADER,
};

/// One API, read from one doc page.
#[derive(Debug, Clone, PartialEq, Hash, Serialize, Deserialize)]
pub struct Api {
    /// The page's path relative to the specs root, with `/` separators (e.g. `vc/v1/meeting/end.md`).
    pub source: String,
    /// Service, version, resource and method: the API's stable public name.
    pub id: ApiId,
    /// The Markdown flavour the page was read as.
    pub flavour: Flavour,
    /// The page's address on the open platform (`https://open.feishu.cn/document/…`), from
    /// its front matter (`fullPath`, or a converter's `source_url`); `None` when the page
    /// does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_url: Option<String>,
    /// The page title (first heading).
    pub title: String,
    /// Prose before the request section, alerts kept as text.
    pub description: String,
    /// The HTTP method; `None` (serialised as `""`) when the page gives none it supports,
    /// which is an error diagnostic.
    #[serde(with = "method_text")]
    pub http_method: Option<HttpMethod>,
    /// Path template with the host stripped, serialised with its `:param` placeholders
    /// (e.g. `/open-apis/vc/v1/meetings/:meeting_id/end`).
    pub path: PathTemplate,
    /// The host of the documented URL when it is not `open.feishu.cn` (old approval hosts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Access-token kinds the API accepts.
    pub access_tokens: Vec<AccessToken>,
    /// Scope codes (`vc:meeting`); any one of them suffices.
    pub scopes: Vec<String>,
    /// Human-readable permission names, in the doc's order (may differ in length from `scopes`).
    #[serde(default)]
    pub scope_names: Vec<String>,
    /// Scope codes needed to receive sensitive response fields (字段权限要求).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub field_scopes: Vec<String>,
    /// Supported app types (`custom`, `isv`).
    #[serde(default)]
    pub app_types: Vec<String>,
    /// The 接口频率限制 row, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<String>,
    pub path_params: Vec<Field>,
    pub query_params: Vec<Field>,
    pub headers: Vec<Field>,
    pub request_body: Body,
    /// The fields of the response envelope's `data` (not `code`/`msg`).
    pub response_body: Body,
    pub errors: Vec<ErrorCode>,
    pub examples: Examples,
    /// The SDK names documented by the page's Golang sample, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdk: Option<SdkNames>,
    pub diagnostics: Vec<Diagnostic>,
}

/// `service/version/resource/method`, e.g. `vc/v1/meeting/end`. Resources may contain dots
/// for sub-resources (`chat.members`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ApiId {
    pub service: String,
    pub version: String,
    pub resource: String,
    pub method: String,
}

impl fmt::Display for ApiId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}/{}/{}",
            self.service, self.version, self.resource, self.method
        )
    }
}

/// Markdown flavour of a doc page. Serialised as `a`, `c` and `raw` (the corpus' names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Flavour {
    /// The reference converter's pages: `| 基本 | |` table, `**类型额外说明**` blocks, SDK samples.
    #[serde(rename = "a")]
    Reference,
    /// Pages with YAML front matter, a `| 项目 | 值 |` table and `└` nesting.
    #[serde(rename = "c")]
    FrontMatter,
    /// Feishu's own doc source: `:::html` blocks with `<md-dt-tr level=N>` tables.
    #[serde(rename = "raw")]
    FeishuHtml,
}

/// The HTTP methods the runtime's `feishu_api::Method` can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    /// The upper-case name (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }

    /// Reads a method name, in any case; `None` for methods the runtime cannot send.
    pub fn from_name(s: &str) -> Option<Self> {
        Some(match s.trim().to_ascii_uppercase().as_str() {
            "GET" => HttpMethod::Get,
            "POST" => HttpMethod::Post,
            "PUT" => HttpMethod::Put,
            "PATCH" => HttpMethod::Patch,
            "DELETE" => HttpMethod::Delete,
            _ => return None,
        })
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `http_method` as the upper-case string, `""` for none.
mod method_text {
    use super::HttpMethod;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(m: &Option<HttpMethod>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(m.map(HttpMethod::as_str).unwrap_or(""))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<HttpMethod>, D::Error> {
        let s = String::deserialize(d)?;
        if s.is_empty() {
            return Ok(None);
        }
        HttpMethod::from_name(&s)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("unsupported HTTP method `{s}`")))
    }
}

/// One `/`-separated piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// Text sent as written (may be empty: the piece before the leading `/`).
    Literal(String),
    /// A `:name` placeholder, by its name.
    Param(String),
}

/// A path template, parsed once into literal and parameter segments. Written and read as
/// text with `:param` placeholders; `parse` then `Display` gives back the same text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct PathTemplate {
    segments: Vec<PathSegment>,
}

impl PathTemplate {
    /// Splits at `/`; a piece `:name` (with a non-empty name) is a parameter.
    pub fn parse(text: &str) -> Self {
        if text.is_empty() {
            return PathTemplate::default();
        }
        let segments = text
            .split('/')
            .map(|s| match s.strip_prefix(':') {
                Some(name) if !name.is_empty() => PathSegment::Param(name.to_string()),
                _ => PathSegment::Literal(s.to_string()),
            })
            .collect();
        PathTemplate { segments }
    }

    pub fn segments(&self) -> &[PathSegment] {
        &self.segments
    }

    /// The parameter names, in order (a name may repeat).
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            PathSegment::Param(p) => Some(p.as_str()),
            PathSegment::Literal(_) => None,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.segments.iter().enumerate() {
            if i > 0 {
                f.write_str("/")?;
            }
            match s {
                PathSegment::Literal(l) => f.write_str(l)?,
                PathSegment::Param(p) => write!(f, ":{p}")?,
            }
        }
        Ok(())
    }
}

/// Compares with the text form, without building it.
impl PartialEq<str> for PathTemplate {
    fn eq(&self, other: &str) -> bool {
        if self.segments.is_empty() {
            return other.is_empty();
        }
        let mut parts = other.split('/');
        self.segments.iter().all(|s| {
            parts.next().is_some_and(|p| match s {
                PathSegment::Literal(l) => l == p,
                PathSegment::Param(n) => p.strip_prefix(':') == Some(n.as_str()),
            })
        }) && parts.next().is_none()
    }
}

impl PartialEq<&str> for PathTemplate {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl Serialize for PathTemplate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PathTemplate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(PathTemplate::parse(&String::deserialize(d)?))
    }
}

/// Access-token kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessToken {
    Tenant,
    User,
    App,
}

impl AccessToken {
    /// Recognises `tenant_access_token`, `user_access_token`, `app_access_token`.
    pub fn from_doc(s: &str) -> Option<Self> {
        match s.trim().trim_matches('`') {
            "tenant_access_token" => Some(Self::Tenant),
            "user_access_token" => Some(Self::User),
            "app_access_token" => Some(Self::App),
            _ => None,
        }
    }
}

/// A request or response body.
#[derive(Debug, Clone, PartialEq, Hash, Default, Serialize, Deserialize)]
pub struct Body {
    pub kind: BodyKind,
    pub fields: Vec<Field>,
    /// Where the fields came from when no table documented them (e.g. inferred from the example).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields_from: Option<FieldsSource>,
    /// Responses only: the fields sit beside `code` and `msg` instead of under `data`
    /// (some authentication APIs).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub flat: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    #[default]
    None,
    Json,
    Multipart,
    Binary,
}

/// Provenance of a body's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldsSource {
    /// A parameter table.
    Table,
    /// Inferred from the JSON example (the page documents no table).
    Example,
}

/// A parameter, header or body field.
#[derive(Debug, Clone, PartialEq, Hash, Serialize, Deserialize)]
pub struct Field {
    /// The wire name, exactly as documented.
    pub name: String,
    #[serde(rename = "type")]
    pub ty: Type,
    /// `必填`: `Some(true)` 是, `Some(false)` 否, `None` when the table has no such column.
    pub required: Option<bool>,
    pub description: String,
    /// The type exactly as written in the doc (`offer_customized_info[]`, `int64`), when given.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub doc_type: String,
    /// The named type this field refers to (`offer_basic_info`), if the doc names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Value constraints as documented (`长度范围：0 ～ 100 字符`, `最大值：500`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<String>,
    #[serde(rename = "enum", default, skip_serializing_if = "Option::is_none")]
    pub enum_values: Option<Vec<EnumValue>>,
    /// Fields of an `object`, `array<object>` or `map<string,object>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<Vec<Field>>,
    /// Other wire types the doc says the value may have besides `type` (`operate_time`: a
    /// string, but an int64 for `REVERTED`; `value`: `object/ string`). A reader must accept
    /// each of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_types: Vec<Type>,
    /// 1-based line of the row that documents the field (0 when inferred).
    #[serde(default)]
    pub line: u32,
    /// Where the field's type or children came from when no table row said it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inferred: Option<Inferred>,
}

/// What a field's shape was inferred from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Inferred {
    /// The page's JSON example: keys the example leaves out are missing.
    Example,
}

impl Field {
    /// A field with the given name and type and nothing else.
    pub fn new(name: impl Into<String>, ty: Type) -> Self {
        Field {
            name: name.into(),
            ty,
            required: None,
            description: String::new(),
            doc_type: String::new(),
            type_name: None,
            example: None,
            default: None,
            constraints: Vec::new(),
            enum_values: None,
            children: None,
            also_types: Vec::new(),
            line: 0,
            inferred: None,
        }
    }

    /// The field's children, or an empty slice.
    pub fn children(&self) -> &[Field] {
        self.children.as_deref().unwrap_or(&[])
    }
}

/// One documented enum value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EnumValue {
    /// The value as documented (`1`, `user_id`).
    pub value: String,
    pub description: String,
}

/// Wire type of a field. Serialised as a string:
/// `string|integer|number|boolean|object|file|any|array<T>|map<string,T>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Type {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    File,
    Any,
    Array(Box<Type>),
    /// A map from string keys to the inner type.
    Map(Box<Type>),
}

impl Type {
    /// The innermost element type of arrays and maps.
    pub fn leaf(&self) -> &Type {
        match self {
            Type::Array(t) | Type::Map(t) => t.leaf(),
            t => t,
        }
    }

    /// Whether the leaf is an object (so the field has children).
    pub fn has_object_leaf(&self) -> bool {
        matches!(self.leaf(), Type::Object)
    }

    /// Replaces the leaf type, keeping the array/map wrappers.
    pub fn with_leaf(&self, leaf: Type) -> Type {
        match self {
            Type::Array(t) => Type::Array(Box::new(t.with_leaf(leaf))),
            Type::Map(t) => Type::Map(Box::new(t.with_leaf(leaf))),
            _ => leaf,
        }
    }

    /// Parses the canonical string form produced by `Display`.
    pub fn parse_canonical(s: &str) -> Option<Type> {
        let s = s.trim();
        Some(match s {
            "string" => Type::String,
            "integer" => Type::Integer,
            "number" => Type::Number,
            "boolean" => Type::Boolean,
            "object" => Type::Object,
            "file" => Type::File,
            "any" => Type::Any,
            _ => {
                if let Some(inner) = s.strip_prefix("array<").and_then(|r| r.strip_suffix('>')) {
                    Type::Array(Box::new(Type::parse_canonical(inner)?))
                } else if let Some(inner) = s
                    .strip_prefix("map<string,")
                    .and_then(|r| r.strip_suffix('>'))
                {
                    Type::Map(Box::new(Type::parse_canonical(inner)?))
                } else {
                    return None;
                }
            }
        })
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::String => f.write_str("string"),
            Type::Integer => f.write_str("integer"),
            Type::Number => f.write_str("number"),
            Type::Boolean => f.write_str("boolean"),
            Type::Object => f.write_str("object"),
            Type::File => f.write_str("file"),
            Type::Any => f.write_str("any"),
            Type::Array(t) => write!(f, "array<{t}>"),
            Type::Map(t) => write!(f, "map<string,{t}>"),
        }
    }
}

impl Serialize for Type {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Type {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Type::parse_canonical(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown type `{s}`")))
    }
}

/// One row of the 错误码 table.
#[derive(Debug, Clone, PartialEq, Hash, Serialize, Deserialize)]
pub struct ErrorCode {
    /// HTTP status, when the table gives a valid one.
    pub http_status: Option<u16>,
    pub code: i64,
    pub description: String,
    pub advice: String,
}

/// The page's JSON examples. The response example is the whole envelope (`code`, `msg`, `data`).
#[derive(Debug, Clone, PartialEq, Hash, Default, Serialize, Deserialize)]
pub struct Examples {
    pub request: Option<serde_json::Value>,
    pub response: Option<serde_json::Value>,
    /// A request example that is not JSON (raw multipart text), verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_raw: Option<String>,
}

/// Names used by Feishu's official Go SDK for this API.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SdkNames {
    /// The request builder, e.g. `larkvc.NewEndMeetingReqBuilder`.
    pub request_builder: String,
    /// The call, e.g. `client.Vc.V1.Meeting.End`.
    pub call: String,
}

/// A problem found while reading a page, made with its kind ([`Code`]), which fixes its
/// severity. Rendered as `path:line:col: severity: CODE message`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// 1-based line (0 when the problem concerns the whole file).
    pub line: u32,
    /// 1-based column (0 when unknown).
    #[serde(default)]
    pub column: u32,
    pub message: String,
    /// The stable code of the diagnostic's kind (`"F010"` in JSON), listed in `docs/LINT.md`.
    pub code: Code,
}

impl Diagnostic {
    /// A diagnostic of kind `code`, with that kind's severity, at `line` and `column`.
    pub fn new(code: Code, line: u32, column: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.severity(),
            line,
            column,
            message: message.into(),
            code,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col: severity: CODE message` (line and column shown as at least 1).
    pub fn render(&self, path: &str) -> String {
        format!(
            "{path}:{}:{}: {}: {} {}",
            self.line.max(1),
            self.column.max(1),
            self.severity,
            self.code,
            self.message
        )
    }
}

impl Api {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}
