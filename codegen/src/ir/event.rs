//! Events and callbacks: what Feishu sends to an app (`事件类型` pages) or asks it to answer
//! (`回调类型` pages), one [`Event`] per page, and [`Item`], one line of the `ir` output.

use super::{Api, Body, Diagnostic, ErrorCode, Field, Flavour};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One event or callback, read from one doc page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// `event` or `callback` (serialised first, as the `kind` of the `ir` line).
    pub kind: EventKind,
    /// The page's path relative to the specs root, `/`-separated
    /// (`im/v1/message/events/receive.md`).
    pub source: String,
    pub id: EventId,
    pub flavour: Flavour,
    pub title: String,
    /// Prose before the event table, alerts kept as text.
    pub description: String,
    /// The `事件类型`/`回调类型` cell exactly as documented (`im.message.receive_v1`,
    /// `approval_instance`, `card.action.trigger`).
    pub event_type: String,
    /// The envelope the event arrives in.
    pub schema: EventSchema,
    /// Supported app types (`custom`, `isv`).
    #[serde(default)]
    pub app_types: Vec<String>,
    /// Scope codes needed to subscribe; any one of them suffices.
    pub scopes: Vec<String>,
    /// Human-readable permission names, in the doc's order.
    #[serde(default)]
    pub scope_names: Vec<String>,
    /// Scope codes needed to receive sensitive fields (字段权限要求).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub field_scopes: Vec<String>,
    /// How Feishu delivers it (`推送方式`: `Webhook`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delivery: Vec<String>,
    /// Fields the page documents in the 2.0 envelope's `header` beyond its standard ones
    /// (`event_id`, `event_type`, `create_time`, `token`, `app_id`, `tenant_key`): drive's
    /// `resource_id`, `user_list`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub header: Vec<Field>,
    /// The fields of the envelope's `event` object (JSON); `fields_from` says whether a
    /// table or the example documented them.
    pub event: Body,
    /// Callbacks only: the documented answer (`响应回调的结构体`: `toast`, `card`). Where the
    /// page documents several alternative answers, their fields are merged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Body>,
    /// Error codes the page lists (callbacks: what the client shows when the answer fails).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCode>,
    pub examples: EventExamples,
    pub diagnostics: Vec<Diagnostic>,
}

impl Event {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// An event page documents an event (`事件类型`), a callback page a callback (`回调类型`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Event,
    Callback,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Event => "event",
            EventKind::Callback => "callback",
        }
    }
}

/// The 2.0 envelope's standard `header` fields (all strings).
pub const V2_HEADER: &[&str] = &[
    "event_id",
    "event_type",
    "create_time",
    "token",
    "app_id",
    "tenant_key",
];

/// The 1.0 envelope's fields beside `event` (all strings).
pub const V1_ENVELOPE: &[&str] = &["ts", "uuid", "token", "type"];

/// The envelope around the event object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EventSchema {
    /// `{"schema": "2.0", "header": {event_id, event_type, create_time, token, app_id,
    /// tenant_key}, "event": {...}}`.
    #[serde(rename = "2.0")]
    V2,
    /// `{"ts", "uuid", "token", "type": "event_callback", "event": {...}}`; the event's own
    /// `type` field carries the event type.
    #[serde(rename = "1.0")]
    V1,
}

/// `service/version/resource/event`, e.g. `im/v1/message/receive`: from the page's explorer
/// link (`project=im&version=v1&resource=message&event=receive`), else from the event type
/// (`im.message.receive_v1`: first part, `_vN` suffix, middle parts, last part; `_` for a
/// missing version), else (a type without dots, `approval_instance`) from the page's place
/// in `specs/` (`approval/v4/_/events/approval_instance.md`), else `_/_/_/<type>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EventId {
    pub service: String,
    pub version: String,
    pub resource: String,
    pub event: String,
}

impl EventId {
    /// The page's place in `specs/`: `<service>/<version>/<resource>/events/<event>.md`.
    pub fn spec_path(&self) -> String {
        format!(
            "{}/{}/{}/events/{}.md",
            self.service, self.version, self.resource, self.event
        )
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}/{}/{}",
            self.service, self.version, self.resource, self.event
        )
    }
}

/// The page's JSON examples.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EventExamples {
    /// The whole envelope as the page shows it (`事件体示例`, `回调结构体示例`).
    pub event: Option<serde_json::Value>,
    /// Callbacks: the answer's examples (`响应回调的结构体示例`), one per alternative.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub response: Vec<serde_json::Value>,
}

/// One page's IR: an API, or an event or callback. Serialised as the item's object with a
/// `kind` key first: `"api"`, `"event"` or `"callback"` (the API object is otherwise the
/// one [`Api`] serialises to).
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Api(Box<Api>),
    Event(Box<Event>),
}

impl Item {
    /// `api`, `event` or `callback`.
    pub fn kind(&self) -> &'static str {
        match self {
            Item::Api(_) => "api",
            Item::Event(e) => e.kind.as_str(),
        }
    }

    pub fn source(&self) -> &str {
        match self {
            Item::Api(a) => &a.source,
            Item::Event(e) => &e.source,
        }
    }

    pub fn set_source(&mut self, source: String) {
        match self {
            Item::Api(a) => a.source = source,
            Item::Event(e) => e.source = source,
        }
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Item::Api(a) => &a.diagnostics,
            Item::Event(e) => &e.diagnostics,
        }
    }

    pub fn diagnostics_mut(&mut self) -> &mut Vec<Diagnostic> {
        match self {
            Item::Api(a) => &mut a.diagnostics,
            Item::Event(e) => &mut e.diagnostics,
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics().iter().any(Diagnostic::is_error)
    }

    /// The API, if this is one.
    pub fn into_api(self) -> Option<Api> {
        match self {
            Item::Api(a) => Some(*a),
            Item::Event(_) => None,
        }
    }

    /// The event or callback, if this is one.
    pub fn as_event(&self) -> Option<&Event> {
        match self {
            Item::Event(e) => Some(e),
            Item::Api(_) => None,
        }
    }
}

impl Serialize for Item {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Item::Event(e) => e.serialize(s),
            Item::Api(a) => {
                #[derive(Serialize)]
                struct Tagged<'a> {
                    kind: &'static str,
                    #[serde(flatten)]
                    api: &'a Api,
                }
                Tagged {
                    kind: "api",
                    api: a,
                }
                .serialize(s)
            }
        }
    }
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut value = serde_json::Value::deserialize(d)?;
        let custom = |e: serde_json::Error| <D::Error as serde::de::Error>::custom(e);
        let kind = value.get("kind").cloned();
        match kind.as_ref().and_then(|k| k.as_str()) {
            // Lines written before the key existed are APIs.
            Some("api") | None => {
                if let Some(m) = value.as_object_mut() {
                    m.remove("kind");
                }
                serde_json::from_value(value)
                    .map(|a| Item::Api(Box::new(a)))
                    .map_err(custom)
            }
            Some("event" | "callback") => serde_json::from_value(value)
                .map(|e| Item::Event(Box::new(e)))
                .map_err(custom),
            _ => Err(<D::Error as serde::de::Error>::custom(format!(
                "unknown item kind {kind:?}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_carry_their_kind_first_and_read_back() {
        let page = "# 接收消息\n\n## 事件\n\n| 项目 | 值 |\n| --- | --- |\n| 事件类型 | im.message.receive_v1 |\n\n### 事件体\n\n| 名称 | 类型 | 描述 |\n| --- | --- | --- |\n| `event` | `\\-` | \\- |\n| &nbsp;&nbsp;└ `chat_id` | `string` | 群 ID |\n";
        let item = crate::parse::parse_item("im/v1/message/events/receive.md", page.as_bytes());
        let text = serde_json::to_string(&item).unwrap();
        assert!(
            text.starts_with("{\"kind\":\"event\",\"source\":"),
            "{text}"
        );
        assert_eq!(serde_json::from_str::<Item>(&text).unwrap(), item);

        let api =
            crate::parse::parse_item("x/v1/y/get.md", b"# t\n\n## \xe8\xaf\xb7\xe6\xb1\x82\n");
        let text = serde_json::to_string(&api).unwrap();
        assert!(text.starts_with("{\"kind\":\"api\",\"source\":"), "{text}");
        assert_eq!(serde_json::from_str::<Item>(&text).unwrap(), api);
        // A line written before `kind` existed is an API.
        let Item::Api(a) = &api else { panic!() };
        let legacy = serde_json::to_string(a).unwrap();
        assert_eq!(serde_json::from_str::<Item>(&legacy).unwrap(), api);
        assert!(serde_json::from_str::<Item>("{\"kind\":\"webhook\"}").is_err());
    }
}
