//! Events and callbacks: one struct per event page, in the resource module of its id
//! (`im/v1/message/receive` → `im::v1::message`), beside the module's APIs and sharing their
//! type space.
//!
//! - **Names.** The event type in UpperCamelCase, without its service part when it has a
//!   version suffix (the module path says the service: `im.message.receive_v1` →
//!   `MessageReceiveV1`), whole otherwise (`card.action.trigger` → `CardActionTrigger`,
//!   `approval_instance` → `ApprovalInstance`); a callback's answer is `<Name>Response`. Both
//!   are pinned in the name map under `<page> event` and `<page> answer` (the page's place
//!   without `.md`, as `diff` names it: `im/v1/message/events/receive event`), and claimed
//!   after the module's API items, so an event never renames an API's.
//! - **Nested types** are collected like an API response's (every field optional) under the
//!   record keys `<page> event.<wire path>` and, for a callback's answer (built by the app,
//!   so like a request body: required fields enforced), `<page> answer.<wire path>`. An
//!   event's `user_id` object is then the API's `UserId` where the shapes are equal: the
//!   module's own, or re-exported from the version's shared module or from the first
//!   resource module of the version that defines it (a type is defined once per version).
//! - **Fields whose type varies** (`also_types`: `approval_instance`'s `operate_time`, a
//!   string or an integer) are `serde_json::Value`, which holds any of the documented types;
//!   their rustdoc lists them.
//! - **Traits.** Each event type implements `Json` and `Event` (`EVENT_TYPE` as documented,
//!   `SCHEMA`), a callback also `Callback` with its answer type.
use super::construct::{constructor, Body as Ctor, Slot};
use super::docs::{code_span, Docs};
use super::error::EmitError;
use super::items::struct_tokens;
use super::key::TypeKey;
use super::layout::{event_page as page, EventNames};
use super::naming::{Collector, NameMap, TypeSpace};
use super::plan::{EventKeys, ModuleTypes};
use super::state::Resource;
use crate::ir::{Event, EventKind, EventSchema, Field, Type};
use crate::sanitize::ident;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) mod registry;

/// The fields as emitted: a field whose doc gives several types becomes a JSON value (type
/// `any`, no children, values or inferred shape of its own) whose description lists the types.
fn emitted_fields(fields: &[Field]) -> Vec<Field> {
    fields
        .iter()
        .map(|f| {
            let mut f = f.clone();
            if f.also_types.is_empty() {
                f.children = f.children.as_deref().map(emitted_fields);
                return f;
            }
            let mut types: Vec<String> = vec![f.ty.to_string()];
            types.extend(f.also_types.iter().map(ToString::to_string));
            types.dedup();
            let listed: Vec<String> = types.iter().map(|t| code_span(t)).collect();
            let note = format!(
                "The doc gives this field several types ({}): it is a JSON value, which holds any of them.",
                listed.join(", ")
            );
            f.description = if f.description.trim().is_empty() {
                note
            } else {
                format!("{}\n{note}", f.description)
            };
            f.ty = Type::Any;
            f.children = None;
            // A JSON value has no shape of its own to have inferred from the example.
            f.inferred = None;
            f
        })
        .collect()
}

/// The emitted answer fields of a callback.
fn answer_fields(e: &Event) -> Option<Vec<Field>> {
    (e.kind == EventKind::Callback)
        .then(|| emitted_fields(e.response.as_ref().map_or(&[][..], |b| &b.fields)))
}

/// Collects the nested types of `events` (named `names`) into `c`; returns the keys of
/// each event's top fields.
fn collect(events: &[&Event], names: &[EventNames], c: &mut Collector) -> Vec<EventKeys> {
    let mut keys = Vec::with_capacity(events.len());
    for (e, n) in events.iter().zip(names) {
        let page = page(e);
        let base = vec![n.event.clone()];
        let mut k = EventKeys {
            event: c.fields(
                &emitted_fields(&e.event.fields),
                &base,
                &format!("{page} event"),
                true,
            ),
            ..EventKeys::default()
        };
        if let Some(fields) = answer_fields(e) {
            let mut path = base.clone();
            path.push("Response".to_owned());
            k.answer = c.fields(&fields, &path, &format!("{page} answer"), false);
        }
        keys.push(k);
    }
    keys
}

/// Adds the nested types of a module's events to its names (`types`), once the version's
/// shared module (`shared`, its space) is planned. The APIs' types are left as they are: an
/// event's type that the module already has is that type (`UserId`); one the version's shared
/// module or an earlier resource module of the version (`siblings`) defines is re-exported
/// from there; any other is the module's own, named after the names of the APIs' types. So adding or removing an event page changes no API item, and
/// where an API type is defined does not depend on events.
pub(super) fn add_types(
    types: &mut ModuleTypes,
    events: &[&Event],
    shared: Option<&TypeSpace>,
    siblings: &Siblings,
    map: &NameMap,
) {
    if events.is_empty() {
        return;
    }
    let mut c = Collector::default();
    types.event_keys = collect(events, &types.event_names, &mut c);
    let mut reserved: BTreeSet<String> = types.space.records().map(|(_, n)| n).collect();
    for n in &types.api_names {
        reserved.extend([&n.request, &n.body, &n.response, &n.error].map(String::clone));
    }
    reserved.extend(
        types
            .event_names
            .iter()
            .flat_map(EventNames::items)
            .cloned(),
    );
    let own = c.assign(&reserved, map);
    for (key, claim) in c.claims() {
        let name = match types.space.name(key) {
            Some(n) => n.to_owned(),
            None => {
                let Some(n) = own.name(key) else { continue };
                let record = own.record_key(key).unwrap_or_default().to_owned();
                types.space.insert(key.clone(), n.to_owned(), record);
                if let Some(s) = shared.and_then(|s| s.name(key)) {
                    types.space.share(key, s);
                } else if let Some((module, s)) = siblings.get(key) {
                    types.space.adopt(key, module, s);
                }
                n.to_owned()
            }
        };
        types
            .event_records
            .extend(claim.records().map(|r| (r.clone(), name.clone())));
    }
}

/// The types the resource modules of a version define, by identity key: the first module's
/// identifier and the name there.
pub(super) type Siblings = BTreeMap<TypeKey, (String, String)>;

/// Adds the types `types` (module `module`) defines to `siblings`, where no earlier module
/// defines them.
pub(super) fn add_siblings(siblings: &mut Siblings, module: &str, types: &ModuleTypes) {
    for (key, name) in types.space.defined() {
        siblings
            .entry(key.clone())
            .or_insert_with(|| (module.to_owned(), name.to_owned()));
    }
}

/// What the code of `events` is made from (for the reuse check): their IR.
pub(crate) fn fingerprint(events: &[&Event]) -> String {
    let mut out = String::new();
    for e in events {
        // Serialising the IR cannot fail (string keys, no non-finite floats).
        out.push('\u{1e}');
        out.push_str(&serde_json::to_string(e).unwrap_or_default());
    }
    out
}

/// The rustdoc of an event type: title, type string, envelope, scopes, description.
fn event_docs(e: &Event, names: &EventNames) -> TokenStream {
    let mut d = Docs::new();
    d.para(&e.title);
    let schema = match e.schema {
        EventSchema::V1 => "1.0",
        EventSchema::V2 => "2.0",
    };
    let what = match e.kind {
        EventKind::Event => "Event",
        EventKind::Callback => "Callback",
    };
    d.raw_para(&format!(
        "{what} type {} (envelope schema {schema}); this type is the envelope's `event` object.",
        code_span(&e.event_type)
    ));
    if let Some(r) = &names.response {
        d.raw_para(&format!("The app answers with [`{r}`]."));
    }
    if e.scopes.is_empty() {
        d.raw_para("Scopes needed to subscribe: none documented.");
    } else {
        let s: Vec<String> = e.scopes.iter().map(|s| code_span(s)).collect();
        d.raw_para(&format!(
            "Scopes needed to subscribe (any one): {}.",
            s.join(", ")
        ));
    }
    if !e.scope_names.is_empty() {
        d.para(&format!("Permissions: {}", e.scope_names.join("; ")));
    }
    if !e.field_scopes.is_empty() {
        let s: Vec<String> = e.field_scopes.iter().map(|s| code_span(s)).collect();
        d.raw_para(&format!("Scopes for sensitive fields: {}.", s.join(", ")));
    }
    d.para(&e.description);
    d.raw_para(&format!("Source: {}.", code_span(&e.source)));
    d.to_tokens()
}

impl Resource<'_> {
    /// The items of one event: its struct with the `Event` impl and, for a callback, its
    /// answer with the `Callback` impl.
    pub(super) fn emit_event(
        &mut self,
        e: &Event,
        names: &EventNames,
        keys: &EventKeys,
    ) -> Result<TokenStream, EmitError> {
        e.source.clone_into(&mut self.source);
        let page = page(e);
        let defs = self.fields(&emitted_fields(&e.event.fields), &keys.event, true)?;
        let docs = event_docs(e, names);
        let mut items = struct_tokens(&names.event, docs, &defs, true, &mut self.outline);
        self.serde.push(names.event.clone());
        self.records
            .push((format!("{page} event"), names.event.clone()));
        let n = ident(&names.event);
        let event_type = e.event_type.as_str();
        let schema = match e.schema {
            EventSchema::V1 => quote! { crate::EventSchema::V1 },
            EventSchema::V2 => quote! { crate::EventSchema::V2 },
        };
        items.extend(quote! {
            impl crate::Event for #n {
                const EVENT_TYPE: &'static str = #event_type;
                const SCHEMA: crate::EventSchema = #schema;
            }
        });
        if let (Some(fields), Some(answer)) = (answer_fields(e), &names.response) {
            let defs = self.fields(&fields, &keys.answer, false)?;
            let default_ok = defs.iter().all(|f| f.optional);
            let mut d = Docs::new();
            d.raw_para(&format!(
                "The answer to [`{}`]: its JSON is the reply's body.",
                names.event
            ));
            let slots: Vec<Slot<'_>> = defs
                .iter()
                .map(|def| Slot {
                    def,
                    in_body: false,
                })
                .collect();
            let docs = d.to_tokens();
            items.extend(struct_tokens(
                answer,
                docs,
                &defs,
                default_ok,
                &mut self.outline,
            ));
            items.extend(constructor(
                answer,
                &format!("{answer}Builder"),
                &slots,
                Ctor::None,
                false,
                &mut self.outline,
            ));
            self.serde.push(answer.clone());
            self.records
                .push((format!("{page} answer"), answer.clone()));
            let a = ident(answer);
            items.extend(quote! {
                impl crate::Callback for #n {
                    type Response = #a;
                }
            });
        }
        Ok(items)
    }
}
