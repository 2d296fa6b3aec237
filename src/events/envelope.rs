//! Reading the (decrypted) JSON of a request: the `url_verification` challenge, or an event
//! or callback in its v2 (`schema`/`header`/`event`) or v1 (`uuid`/`token`/`event`) envelope.

use crate::EventSchema;
use serde_json::{Map, Value};
use std::fmt;

/// What the envelope says about one delivered event or callback (handlers receive it).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EventContext {
    /// The envelope's schema.
    pub schema: EventSchema,
    /// `header.event_id` (v2) or `uuid` (v1): the same for every redelivery.
    pub event_id: String,
    /// `header.event_type` (v2) or `event.type` (v1).
    pub event_type: String,
    /// `header.create_time` (v2, milliseconds; microseconds for card callbacks) or `ts` (v1).
    pub create_time: String,
    /// `header.app_id` (v2) or `event.app_id` (v1).
    pub app_id: String,
    /// `header.tenant_key` (v2) or `event.tenant_key` (v1).
    pub tenant_key: String,
}

/// One request, read. Its Debug output hides the verification token.
pub(crate) enum Incoming {
    /// `{"type": "url_verification", "token", "challenge"}`.
    Challenge { token: String, challenge: String },
    /// An event or a callback; `event` is the envelope's `event` object.
    Event {
        token: String,
        context: EventContext,
        event: Value,
    },
}

impl fmt::Debug for Incoming {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Incoming::Challenge { challenge, .. } => f
                .debug_struct("Challenge")
                .field("token", &"<redacted>")
                .field("challenge", challenge)
                .finish(),
            Incoming::Event { context, event, .. } => f
                .debug_struct("Event")
                .field("token", &"<redacted>")
                .field("context", context)
                .field("event", event)
                .finish(),
        }
    }
}

fn take_string(m: &mut Map<String, Value>, key: &str) -> String {
    match m.remove(key) {
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn get_string(m: &Map<String, Value>, key: &str) -> String {
    match m.get(key) {
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

/// Reads a request's JSON object; `Err` says why it is no envelope Feishu sends.
pub(crate) fn read(value: Value) -> Result<Incoming, &'static str> {
    let Value::Object(mut m) = value else {
        return Err("the body is not a JSON object");
    };
    if m.get("type").and_then(Value::as_str) == Some("url_verification") {
        return Ok(Incoming::Challenge {
            token: take_string(&mut m, "token"),
            challenge: take_string(&mut m, "challenge"),
        });
    }
    let Some(Value::Object(e)) = m.remove("event") else {
        return Err("the envelope has no `event` object");
    };
    if let Some(Value::Object(mut h)) = m.remove("header") {
        let context = EventContext {
            schema: EventSchema::V2,
            event_id: take_string(&mut h, "event_id"),
            event_type: take_string(&mut h, "event_type"),
            create_time: take_string(&mut h, "create_time"),
            app_id: take_string(&mut h, "app_id"),
            tenant_key: take_string(&mut h, "tenant_key"),
        };
        return Ok(Incoming::Event {
            token: take_string(&mut h, "token"),
            context,
            event: Value::Object(e),
        });
    }
    if m.get("type").and_then(Value::as_str) == Some("event_callback") {
        let context = EventContext {
            schema: EventSchema::V1,
            event_id: take_string(&mut m, "uuid"),
            event_type: get_string(&e, "type"),
            create_time: take_string(&mut m, "ts"),
            app_id: get_string(&e, "app_id"),
            tenant_key: get_string(&e, "tenant_key"),
        };
        return Ok(Incoming::Event {
            token: take_string(&mut m, "token"),
            context,
            event: Value::Object(e),
        });
    }
    Err("neither a v2 (`header`) nor a v1 (`event_callback`) envelope")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_both_schemas_and_the_challenge() {
        let v2 = json!({"schema": "2.0", "header": {"event_id": "e1", "event_type": "t.x_v1",
            "create_time": "1", "token": "tok", "app_id": "cli", "tenant_key": "tk"},
            "event": {"a": 1}});
        let Ok(Incoming::Event {
            token,
            context,
            event,
        }) = read(v2)
        else {
            panic!()
        };
        assert_eq!((token.as_str(), context.event_id.as_str()), ("tok", "e1"));
        assert_eq!((context.schema, event), (EventSchema::V2, json!({"a": 1})));

        let v1 = json!({"uuid": "u1", "token": "tok", "ts": "1.5", "type": "event_callback",
            "event": {"type": "message", "app_id": "cli", "tenant_key": "tk"}});
        let Ok(Incoming::Event { context, .. }) = read(v1) else {
            panic!()
        };
        assert_eq!(
            (context.event_id.as_str(), context.event_type.as_str()),
            ("u1", "message")
        );
        assert_eq!(context.schema, EventSchema::V1);

        let c = json!({"type": "url_verification", "token": "tok", "challenge": "c"});
        assert!(matches!(read(c), Ok(Incoming::Challenge { .. })));
        assert!(read(json!([1])).is_err());
        assert!(read(json!({"event": 1})).is_err());
        assert!(read(json!({"event": {}})).is_err());
    }

    #[test]
    fn debug_output_hides_the_token() {
        let v2 = json!({"schema": "2.0", "header": {"event_id": "e1", "event_type": "t.x_v1",
            "token": "secret-tok"}, "event": {}});
        let c = json!({"type": "url_verification", "token": "secret-tok", "challenge": "c"});
        for incoming in [read(v2).unwrap(), read(c).unwrap()] {
            let shown = format!("{incoming:?}");
            assert!(!shown.contains("secret-tok"), "{shown}");
            assert!(shown.contains("<redacted>"), "{shown}");
        }
    }
}
