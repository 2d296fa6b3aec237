//! Event and callback pages (a `事件类型` or `回调类型` row) → [`Event`].
//!
//! They share the API pages' blocks, sections, tables and field rows; what differs is read
//! here: the body table documents the whole envelope, whose rows are recognised by meaning
//! (`schema` and `header.*` of the 2.0 envelope, `ts`/`uuid`/`token`/`type` of the 1.0 one)
//! and whose `event` object's children are the event's fields; a callback also documents the
//! answer it expects (`响应回调的结构体`), possibly as several alternative tables. Several
//! tables of one kind (a page documenting its event's variants, a callback's alternative
//! answers) are merged field by field, each repeated row named in a warning at its line.

use super::assemble::{account_rows, description};
use super::examples::{infer_fields, parse_json_example, refine_from_example};
use super::fields::normalise_field;
use super::sections::Sec;
use super::{flattened, Reader, Report};
use crate::codes::Code;
use crate::ir::{
    Body, BodyKind, Diagnostic, Event, EventExamples, EventId, EventKind, EventSchema, Field,
    FieldsSource, Flavour, Type, V1_ENVELOPE, V2_HEADER,
};
use crate::parse::blocks::{limits, Pos};
use crate::parse::types::parse_doc_type;
use serde_json::Value;

/// What the page's event sections held, read once the whole page is known.
#[derive(Default)]
pub(super) struct Findings {
    /// The id named by the page's explorer link (`{使用示例}(url=…&event=receive)`).
    explore: Option<EventId>,
    /// Envelope tables (`事件体`, `回调结构体`): fields, position, no nesting markers.
    bodies: Vec<(Vec<Field>, Pos, bool)>,
    /// Answer tables (`响应回调的结构体`), one per alternative.
    responses: Vec<(Vec<Field>, Pos, bool)>,
    /// Envelope examples, in page order.
    examples: Vec<Value>,
    response_examples: Vec<Value>,
}

impl Findings {
    /// Takes a parameter table of an event section; gives back the fields of any other.
    pub(super) fn table(
        &mut self,
        sec: Sec,
        fields: Vec<Field>,
        pos: Pos,
        flat: bool,
    ) -> Option<Vec<Field>> {
        match sec {
            Sec::EventBody => self.bodies.push((fields, pos, flat)),
            Sec::CallbackResponse => self.responses.push((fields, pos, flat)),
            _ => return Some(fields),
        }
        None
    }

    /// Removes an explorer link (`{使用示例}(url=…?project=…&event=…)`) from `text`.
    pub(super) fn take_link(&mut self, text: &mut String) {
        let Some(start) = text.find("{使用示例}(") else {
            return;
        };
        let rest = text.get(start..).unwrap_or("");
        let end = rest.find(')').map(|e| start + e + 1).unwrap_or(text.len());
        let link = text.get(start..end).unwrap_or("").to_string();
        text.replace_range(start..end, "");
        if let Some(id) = link_id(&link) {
            self.explore = Some(id);
        }
    }
}

/// A code block of an event section: an envelope or answer example. `false` for other
/// sections.
pub(super) fn read_code(r: &mut Reader, sec: Sec, text: &str, pos: Pos) -> bool {
    let (what, list) = match sec {
        Sec::EventBody | Sec::EventExample => ("event", &mut r.events.examples),
        Sec::CallbackResponse => ("response", &mut r.events.response_examples),
        _ => return false,
    };
    match parse_json_example(text) {
        Ok((v, repaired)) => {
            if repaired {
                r.diags.report(Code::LenientJsonExample,
                    pos,
                    format!("the {what} example is not strict JSON (trailing commas or comments); read leniently"),
                );
            }
            list.push(v);
        }
        Err(e) if !text.trim().is_empty() => r.diags.report(
            Code::InvalidJsonExample,
            pos,
            format!("the {what} example is not valid JSON: {e}"),
        ),
        Err(_) => {}
    }
    true
}

/// `…api_explore_config?project=im&version=v1&resource=message&event=receive` → the id.
fn link_id(link: &str) -> Option<EventId> {
    let q = link.split_once('?')?.1.trim_end_matches(')');
    let get = |key: &str| {
        q.split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| k.trim() == key)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    Some(EventId {
        service: get("project")?,
        version: get("version")?,
        resource: get("resource")?,
        event: get("event")?,
    })
}

/// `im.message.receive_v1` → `im/v1/message/receive`; `card.action.trigger` →
/// `card/_/action/trigger`; `None` for a type without dots.
pub(crate) fn id_from_type(event_type: &str) -> Option<EventId> {
    let parts: Vec<&str> = event_type.split('.').collect();
    let [service, middle @ .., last] = parts.as_slice() else {
        return None;
    };
    if middle.is_empty() && parts.len() < 2 {
        return None;
    }
    let (event, version) = match last.rsplit_once('_') {
        Some((e, v)) if is_version(v) && !e.is_empty() => (e, v),
        _ => (*last, "_"),
    };
    let resource = if middle.is_empty() {
        "_".to_string()
    } else {
        middle.join(".")
    };
    Some(EventId {
        service: service.to_string(),
        version: version.to_string(),
        resource,
        event: event.to_string(),
    })
}

fn is_version(s: &str) -> bool {
    s.strip_prefix('v')
        .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
}

/// The page's place when it is `…/S/V/R/events/E.md` with `E` the event type: the id of a
/// type without dots, which names no service.
fn id_from_source(source: &str, event_type: &str) -> Option<EventId> {
    let parts: Vec<&str> = source
        .trim_end_matches(".md")
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let [.., service, version, resource, "events", event] = parts.as_slice() else {
        return None;
    };
    (*event == event_type).then(|| EventId {
        service: service.to_string(),
        version: version.to_string(),
        resource: resource.to_string(),
        event: event.to_string(),
    })
}

/// The event's id: explorer link, else event type, else the page's place, else `_/_/_/type`.
fn resolve_id(r: &mut Reader, explore: Option<EventId>, event_type: &str, pos: Pos) -> EventId {
    let from_type = id_from_type(event_type);
    match (explore, from_type) {
        (Some(link), Some(t)) if link != t => {
            r.diags.report(Code::EventNameMismatch,
                pos,
                format!("the page's explorer link names the event `{link}` but its type `{event_type}` says `{t}`; using the link"),
            );
            link
        }
        (Some(link), _) => link,
        (None, Some(t)) => t,
        (None, None) => id_from_source(&r.source, event_type).unwrap_or_else(|| EventId {
            service: "_".into(),
            version: "_".into(),
            resource: "_".into(),
            event: event_type.to_string(),
        }),
    }
}

/// Which envelope a table's top-level rows (or an example's keys) belong to, and the
/// header fields it documents beyond the standard ones.
#[derive(Default)]
struct Envelope {
    v2: bool,
    v1: bool,
    header: Vec<Field>,
}

impl Envelope {
    fn note(&mut self, key: &str) {
        match key {
            "schema" | "header" => self.v2 = true,
            "ts" | "uuid" | "type" => self.v1 = true,
            _ => {}
        }
    }
}

/// Splits an envelope table: the `event` row's children are returned; envelope rows are
/// recognised (a `header` field beyond the standard ones is kept in `envelope.header`); any
/// other top-level row is a warning. A table without any envelope row documents the event
/// object itself.
fn split_envelope(
    fields: Vec<Field>,
    envelope: &mut Envelope,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Field> {
    let is_envelope = |n: &str| n == "event" || n == "schema" || n == "header";
    if !fields.iter().any(|f| is_envelope(&f.name)) {
        return fields;
    }
    let mut event = Vec::new();
    for f in fields {
        envelope.note(&f.name);
        match f.name.as_str() {
            "event" => {
                // The envelope says what `event` is, whatever its type cell (`\-`, `/-`).
                let line = f.line;
                diags.retain(|d| !(d.line == line && d.message.contains("unknown type `")));
                event.extend(f.children.unwrap_or_default());
            }
            "header" => {
                let (standard, extra): (Vec<Field>, Vec<Field>) = f
                    .children
                    .unwrap_or_default()
                    .into_iter()
                    .partition(|h| V2_HEADER.contains(&h.name.as_str()));
                // The standard fields are text; rows nested under one are not read.
                for h in &standard {
                    for c in h.children() {
                        envelope_row(diags, c, &format!("header.{}.", h.name));
                    }
                }
                merge_fields(&mut envelope.header, extra, "header", diags);
            }
            name if name == "schema" || V1_ENVELOPE.contains(&name) => {
                for c in f.children() {
                    envelope_row(diags, c, &format!("{name}."));
                }
            }
            _ => envelope_row(diags, &f, ""),
        }
    }
    event
}

/// A row of the envelope that is not one of its known fields: the bindings do not read it.
fn envelope_row(diags: &mut Vec<Diagnostic>, f: &Field, parent: &str) {
    diags.report(Code::EnvelopeRowUnknown,
        Pos::new(f.line, 1),
        format!(
            "envelope row `{parent}{}` is not part of the event envelope nor of its `event` object; not read",
            f.name
        ),
    );
    for c in f.children() {
        envelope_row(diags, c, &format!("{parent}{}.", f.name));
    }
}

/// Merges `more` into `into` by name: a new name is added; a repeated one has its children
/// merged, a type of its own recorded in `also_types` (`any` when one table leaves an object
/// open that the other documents), and a warning at its row.
fn merge_fields(into: &mut Vec<Field>, more: Vec<Field>, what: &str, diags: &mut Vec<Diagnostic>) {
    for f in more {
        match into.iter_mut().find(|g| g.name == f.name) {
            None => into.push(f),
            Some(g) => {
                if f.line > 0 {
                    diags.report(Code::FieldMerged,
                        Pos::new(f.line, 1),
                        format!(
                            "`{}` is documented again in another {what} table (first at line {}); merged",
                            f.name, g.line
                        ),
                    );
                }
                if f.ty != g.ty && !g.also_types.contains(&f.ty) {
                    g.also_types.push(f.ty.clone());
                }
                // One table leaves the object open (any JSON: a raw card) where another
                // documents its fields (a template's): the value may be either.
                let open = |x: &Field| x.ty.has_object_leaf() && x.children().is_empty();
                let documented = |x: &Field| !x.children().is_empty();
                let either = (open(&f) && documented(g)) || (open(g) && documented(&f));
                if either && !g.also_types.contains(&Type::Any) {
                    g.also_types.push(Type::Any);
                }
                if g.enum_values.is_none() {
                    g.enum_values = f.enum_values;
                }
                if let Some(children) = f.children {
                    let mut mine = g.children.take().unwrap_or_default();
                    merge_fields(&mut mine, children, what, diags);
                    g.children = Some(mine);
                }
            }
        }
    }
}

/// The rows behind a field tree, for the page's row accounting.
fn record_rows(fields: &[Field], rows: &mut Vec<(u32, String)>) {
    for f in fields {
        if f.line > 0 {
            rows.push((f.line, f.name.clone()));
        }
        record_rows(f.children(), rows);
    }
}

/// Reads a doc quirk by meaning: a field whose type cell lists alternatives
/// (`object/ string`) or whose description says the value is of another type in some case
/// (`该字段数据类型为 int64，而不是 string`, `类型为 string 或 object`) gets the other types in
/// `also_types`, with a warning, so that a reader accepts each of them.
fn read_type_alternatives(f: &mut Field, diags: &mut Vec<Diagnostic>, depth: usize) {
    if depth > limits::MAX_DEPTH {
        return;
    }
    let mut found: Vec<Type> = Vec::new();
    let alternatives: Vec<&str> = f
        .doc_type
        .split(['/', '|', '或'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if alternatives.len() >= 2 {
        let parsed: Vec<_> = alternatives.iter().map(|a| parse_doc_type(a)).collect();
        if parsed.iter().all(|p| p.known) {
            let mut types = parsed.into_iter().map(|p| p.ty);
            if let Some(first) = types.next() {
                let with_children = f.children.as_ref().is_some_and(|c| !c.is_empty());
                if !(with_children && first != Type::Object) {
                    f.ty = first;
                }
                found.extend(types);
                // The row's earlier "unknown type" warning is answered here.
                let line = f.line;
                diags.retain(|d| !(d.line == line && d.message.contains("unknown type `")));
            }
        }
    }
    found.extend(types_in_description(&f.description));
    let mut added = Vec::new();
    for t in found {
        if t != f.ty && !f.also_types.contains(&t) {
            f.also_types.push(t.clone());
            added.push(t.to_string());
        }
    }
    if !added.is_empty() {
        diags.report(
            Code::TypeAlternatives,
            Pos::new(f.line, 1),
            format!(
                "field `{}` is documented as `{}` that may also be `{}`; each is accepted",
                f.name,
                f.ty,
                added.join("`, `")
            ),
        );
    }
    if let Some(children) = f.children.as_mut() {
        for c in children {
            read_type_alternatives(c, diags, depth + 1);
        }
    }
}

/// The wire types a description names after `类型为` (`数据类型为 int64`, `类型为 string 或
/// object`); words that are not type names end the list.
fn types_in_description(text: &str) -> Vec<Type> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("类型为") {
        let after = text.get(i + "类型为".len()..).unwrap_or("");
        let mut rest = after.trim_start();
        loop {
            rest = rest.trim_start_matches([' ', '`', '、', '/']);
            if let Some(r) = rest.strip_prefix('或') {
                rest = r;
                continue;
            }
            let word: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if word.is_empty() {
                break;
            }
            let t = parse_doc_type(&word);
            let primitive = !matches!(t.ty, Type::Any) && t.type_name.is_none();
            if !(t.known && primitive) {
                break;
            }
            out.push(t.ty);
            rest = rest.get(word.len()..).unwrap_or("");
        }
    }
    out
}

/// The tables of one kind, each rebuilt from its example when it has no nesting markers,
/// split from the envelope (`envelope`), merged, their rows recorded.
fn read_tables(
    r: &mut Reader,
    tables: Vec<(Vec<Field>, Pos, bool)>,
    examples: &[Value],
    envelope: Option<&mut Envelope>,
    what: &str,
) -> Option<Vec<Field>> {
    if tables.is_empty() {
        return None;
    }
    let mut envelope = envelope;
    let paired = tables.len() == examples.len();
    let mut merged: Vec<Field> = Vec::new();
    for (i, (fields, _pos, flat)) in tables.into_iter().enumerate() {
        let example = if paired {
            examples.get(i)
        } else {
            examples.first()
        };
        let fields = match example {
            Some(Value::Object(m)) if flat => {
                // Event pages read alone: the run's dictionary serves API pages only.
                let mut learned = super::Learned::default();
                flattened::rebuild(&fields, m, false, None, &mut learned, &mut r.diags)
                    .unwrap_or(fields)
            }
            _ => fields,
        };
        let fields = match envelope.as_deref_mut() {
            Some(env) => split_envelope(fields, env, &mut r.diags),
            None => fields,
        };
        record_rows(&fields, &mut r.rows);
        merge_fields(&mut merged, fields, what, &mut r.diags);
    }
    Some(merged)
}

/// A body of JSON fields: refined from the example, normalised, type alternatives read.
fn body(r: &mut Reader, fields: Option<Vec<Field>>, example: Option<&Value>, what: &str) -> Body {
    let (mut fields, fields_from) = match fields {
        Some(mut f) => {
            if let Some(ex) = example {
                refine_from_example(&mut f, ex, 0);
            }
            (f, Some(FieldsSource::Table))
        }
        None => match example {
            Some(Value::Object(m)) => {
                r.diags.report(
                    Code::EventBodyInferred,
                    Pos::default(),
                    format!("no {what} table; its fields are inferred from the example"),
                );
                (infer_fields(m), Some(FieldsSource::Example))
            }
            _ => (Vec::new(), None),
        },
    };
    for f in fields.iter_mut() {
        normalise_field(f, &mut r.diags, 0);
        read_type_alternatives(f, &mut r.diags, 0);
    }
    Body {
        kind: BodyKind::Json,
        fields,
        fields_from,
        flat: false,
    }
}

/// The reader's findings → one [`Event`].
pub(super) fn finish(
    mut r: Reader,
    flavour: Flavour,
    kind: EventKind,
    event_type: String,
    pos: Pos,
) -> Event {
    let findings = std::mem::take(&mut r.events);
    let id = resolve_id(&mut r, findings.explore, &event_type, pos);
    let mut envelope = Envelope::default();
    let event_fields = read_tables(
        &mut r,
        findings.bodies,
        &findings.examples,
        Some(&mut envelope),
        "event",
    );
    let example = findings.examples.first();
    if let Some(Value::Object(m)) = example {
        m.keys().for_each(|k| envelope.note(k));
    }
    let schema = if envelope.v1 && !envelope.v2 {
        EventSchema::V1
    } else {
        EventSchema::V2
    };
    if event_fields.is_none() && example.is_none() {
        r.diags.report(
            Code::EventWithoutBody,
            pos,
            format!(
                "the {} page documents no event body: neither a table nor an example",
                kind.as_str()
            ),
        );
    }
    let event_example = example.and_then(|v| v.get("event"));
    let event = body(&mut r, event_fields, event_example, "event");
    let header = {
        let mut header = std::mem::take(&mut envelope.header);
        record_rows(&header, &mut r.rows);
        if let Some(h) = example.and_then(|v| v.get("header")) {
            refine_from_example(&mut header, h, 0);
        }
        for f in header.iter_mut() {
            normalise_field(f, &mut r.diags, 0);
        }
        header
    };
    let response = match kind {
        EventKind::Callback => {
            let fields = read_tables(
                &mut r,
                findings.responses,
                &findings.response_examples,
                None,
                "response",
            );
            Some(body(
                &mut r,
                fields,
                findings.response_examples.first(),
                "response",
            ))
        }
        EventKind::Event => {
            for (fields, _, _) in &findings.responses {
                for f in fields {
                    r.diags.report(
                        Code::AnswerOfEvent,
                        Pos::new(f.line, 1),
                        format!(
                            "an event expects no answer; the answer row `{}` is not read",
                            f.name
                        ),
                    );
                }
            }
            None
        }
    };
    let description = description(&mut r);
    let answer = response.as_ref().map_or(&[][..], |b| &b.fields[..]);
    account_rows(&mut r, &[&event.fields, answer, &header]);
    let mut diagnostics = r.diags;
    diagnostics.sort_by_key(|d| (d.line, d.column));
    diagnostics.dedup();
    let mut scopes = r.basics.scopes;
    scopes.sort();
    scopes.dedup();
    Event {
        kind,
        source: r.source,
        id,
        flavour,
        title: r.title,
        description,
        event_type,
        schema,
        app_types: r.basics.app_types,
        scopes,
        scope_names: r.basics.scope_names,
        field_scopes: r.basics.field_scopes,
        delivery: r.basics.delivery,
        header,
        event,
        response,
        errors: r.errors,
        examples: EventExamples {
            event: findings.examples.into_iter().next(),
            response: findings.response_examples,
        },
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_types() {
        let id = |t: &str| id_from_type(t).map(|i| i.to_string());
        assert_eq!(
            id("im.message.receive_v1").as_deref(),
            Some("im/v1/message/receive")
        );
        assert_eq!(
            id("application.application.visibility.added_v6").as_deref(),
            Some("application/v6/application.visibility/added")
        );
        assert_eq!(
            id("card.action.trigger").as_deref(),
            Some("card/_/action/trigger")
        );
        assert_eq!(id("approval_instance"), None);
        let link = "{使用示例}(url=/api/tools/api_explore/api_explore_config?project=im&version=v1&resource=message&event=receive)";
        assert_eq!(
            link_id(link).map(|i| i.to_string()).as_deref(),
            Some("im/v1/message/receive")
        );
        let placed = id_from_source(
            "approval/v4/_/events/approval_instance.md",
            "approval_instance",
        );
        assert_eq!(
            placed.map(|i| i.to_string()).as_deref(),
            Some("approval/v4/_/approval_instance")
        );
        assert_eq!(
            id_from_source("approval-v4/event/x.md", "approval_instance"),
            None
        );
    }

    #[test]
    fn type_alternatives_from_descriptions() {
        let t = types_in_description(
            "**注意**：推送 `REVERTED` 状态时，该该字段数据类型为 int64，而不是 string。",
        );
        assert_eq!(t, [Type::Integer]);
        let t = types_in_description("类型为 string 或 object，可由开发者指定。");
        assert_eq!(t, [Type::String, Type::Object]);
        assert!(types_in_description("消息类型为 text 时").is_empty());
    }
}
