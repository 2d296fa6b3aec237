//! What a typed event or callback is, for the receiver (`events` feature) and for the
//! generated event types. Always available: no feature, no dependency beyond [`Json`].

use crate::{Json, JsonError};

/// The envelope an event arrives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventSchema {
    /// `{"uuid", "token", "ts", "type": "event_callback", "event": {"type", ...}}`.
    V1,
    /// `{"schema": "2.0", "header": {"event_id", "event_type", "token", ...}, "event": {...}}`.
    V2,
}

impl EventSchema {
    /// The schema as Feishu writes it (`"1.0"`, `"2.0"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            EventSchema::V1 => "1.0",
            EventSchema::V2 => "2.0",
        }
    }
}

/// One event type: the body of the envelope's `event` object.
///
/// Generated event types implement it next to [`Json`] (and without serde):
///
/// ```
/// use feishu_api::{Event, EventSchema, Json, JsonError};
/// struct Ping { n: i64 }
/// impl Json for Ping {
///     fn from_json(v: serde_json::Value) -> Result<Self, JsonError> {
///         let mut m = feishu_api::__object(v)?;
///         Ok(Ping { n: feishu_api::__field(&mut m, "n")? })
///     }
///     fn to_json(&self) -> serde_json::Value { serde_json::json!({ "n": self.n }) }
/// }
/// impl Event for Ping { const EVENT_TYPE: &'static str = "test.ping_v1"; }
/// let p = Ping::from_event(serde_json::json!({"n": 3})).unwrap();
/// assert_eq!((p.n, Ping::SCHEMA), (3, EventSchema::V2));
/// ```
pub trait Event: Json {
    /// The event type (`header.event_type` in v2, `event.type` in v1), e.g. `im.message.receive_v1`.
    const EVENT_TYPE: &'static str;
    /// The envelope the event arrives in.
    const SCHEMA: EventSchema = EventSchema::V2;
    /// Reads the envelope's `event` object.
    fn from_event(event: serde_json::Value) -> Result<Self, JsonError> {
        Self::from_json(event)
    }
}

/// A callback: an event whose sender waits for the handler's answer (e.g. `card.action.trigger`,
/// answered with a toast or a card).
pub trait Callback: Event {
    /// What the handler answers; its JSON is the reply's body.
    type Response: Json;
}
