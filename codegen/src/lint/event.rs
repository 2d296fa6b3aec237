//! An event or callback page seen as the linter's checks see an API: the whole envelope
//! (`schema`, `header`, `event` of 2.0; `ts`, `uuid`, `token`, `type`, `event` of 1.0) as the
//! "request" body its example is checked against, a callback's answer as a flat "response".

use super::examples::ExampleNames;
use crate::ir::{
    Api, ApiId, Body, BodyKind, Event, EventSchema, Examples, Field, Type, V1_ENVELOPE, V2_HEADER,
};

pub(super) const EXAMPLES: ExampleNames = ["event", "answer"];

/// The envelope's own fields, as Feishu sends them.
fn envelope(e: &Event) -> Vec<Field> {
    let text = |name: &str| Field::new(name, Type::String);
    let object = |name: &str, children: Vec<Field>| {
        let mut f = Field::new(name, Type::Object);
        f.children = Some(children);
        f
    };
    let event = object("event", e.event.fields.clone());
    match e.schema {
        EventSchema::V2 => {
            let mut header: Vec<Field> = V2_HEADER.iter().map(|n| text(n)).collect();
            header.extend(e.header.iter().cloned());
            vec![text("schema"), object("header", header), event]
        }
        EventSchema::V1 => {
            let mut fields: Vec<Field> = V1_ENVELOPE.iter().map(|n| text(n)).collect();
            fields.push(event);
            fields
        }
    }
}

/// The event as an [`Api`] for the example and duplicate checks; the envelope is only
/// checked where a table documented the event (an inferred one agrees with its example).
pub(super) fn as_api(e: &Event) -> Api {
    let request_body = Body {
        kind: BodyKind::Json,
        fields: envelope(e),
        fields_from: e.event.fields_from,
        flat: false,
    };
    let response_body = e
        .response
        .clone()
        .map(|b| Body { flat: true, ..b })
        .unwrap_or_default();
    Api {
        source: e.source.clone(),
        id: ApiId {
            service: e.id.service.clone(),
            version: e.id.version.clone(),
            resource: e.id.resource.clone(),
            method: e.id.event.clone(),
        },
        flavour: e.flavour,
        doc_url: None,
        title: e.title.clone(),
        description: String::new(),
        http_method: None,
        path: Default::default(),
        host: None,
        access_tokens: Vec::new(),
        scopes: Vec::new(),
        scope_names: Vec::new(),
        field_scopes: Vec::new(),
        app_types: Vec::new(),
        rate_limit: None,
        path_params: Vec::new(),
        query_params: Vec::new(),
        headers: Vec::new(),
        request_body,
        response_body,
        errors: Vec::new(),
        examples: Examples {
            request: e.examples.event.clone(),
            response: e.examples.response.first().cloned(),
            request_raw: None,
        },
        sdk: None,
        diagnostics: Vec::new(),
    }
}
