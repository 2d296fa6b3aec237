//! Where the API items live: the module identifier of each service, version and resource,
//! and the names of each API's items, derived from API ids alone (`vc/v1/meeting/end` →
//! `vc::v1::meeting::EndMeetingRequest`), and where each event lives and what its items are
//! called (`im.message.receive_v1` → `im::v1::message::MessageReceiveV1`). The emitter, the doc links and the round-trip
//! registry all name things through it.
use super::error::EmitError;
use super::naming::NameMap;
use crate::ir::{Api, Event, EventKind};
use crate::sanitize::{module_ident, type_ident, Namer};
use std::collections::BTreeMap;

/// The pages of one resource module: its APIs and its events (and callbacks).
pub(super) type Pages<'a> = (Vec<&'a Api>, Vec<&'a Event>);

/// service → version → resource → pages.
pub(super) type Tree<'a> = BTreeMap<&'a str, BTreeMap<&'a str, BTreeMap<&'a str, Pages<'a>>>>;

/// Module identifiers for sorted keys, deduplicated within their parent; also the file
/// names.
pub(super) fn module_names<'k, I: IntoIterator<Item = &'k str>>(keys: I) -> Vec<String> {
    let mut namer = Namer::snake();
    keys.into_iter()
        .map(|k| namer.fresh(&module_ident(k)))
        .collect()
}

/// The module name of a version: the version itself, except that pages published without
/// one (`_`, Feishu's oldest APIs) live in `legacy` rather than in a hash-named module.
pub(super) fn version_module_key(version: &str) -> &str {
    if version.chars().any(|c| c.is_ascii_alphanumeric()) {
        version
    } else {
        "legacy"
    }
}

/// Names of one API's items.
pub(super) struct ApiNames {
    pub(super) request: String,
    pub(super) body: String,
    pub(super) response: String,
    pub(super) error: String,
}

/// The names of the API items of a resource module's APIs (in order), claimed in `types`
/// before any nested type.
pub(super) fn api_names(apis: &[&Api], types: &mut Namer) -> Vec<ApiNames> {
    apis.iter()
        .map(|api| {
            let base = format!(
                "{}{}",
                type_ident(&api.id.method),
                type_ident(&api.id.resource)
            );
            ApiNames {
                request: types.fresh(&format!("{base}Request")),
                body: types.fresh(&format!("{base}RequestBody")),
                response: types.fresh(&format!("{base}Response")),
                error: types.fresh(&format!("{base}Error")),
            }
        })
        .collect()
}

/// The names of one event's items.
pub(super) struct EventNames {
    /// The event type (the envelope's `event` object).
    pub(super) event: String,
    /// A callback's answer.
    pub(super) response: Option<String>,
}

impl EventNames {
    /// Every item name.
    pub(super) fn items(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.event).chain(&self.response)
    }
}

/// The names of `events`' items, mapped names winning, claimed in `namer` after the APIs'.
pub(super) fn event_names(events: &[&Event], namer: &mut Namer, map: &NameMap) -> Vec<EventNames> {
    events
        .iter()
        .map(|e| {
            let page = event_page(e);
            let base = map
                .get(&format!("{page} event"))
                .cloned()
                .unwrap_or_else(|| derived_name(&e.event_type));
            let event = namer.fresh(&base);
            let response = (e.kind == EventKind::Callback).then(|| {
                let base = map
                    .get(&format!("{page} answer"))
                    .cloned()
                    .unwrap_or_else(|| format!("{event}Response"));
                namer.fresh(&base)
            });
            EventNames { event, response }
        })
        .collect()
}

/// The name an event type gets when the map has none (see the module docs).
fn derived_name(event_type: &str) -> String {
    let parts: Vec<&str> = event_type.split('.').collect();
    let versioned = parts.last().is_some_and(|last| {
        last.rsplit_once("_v")
            .is_some_and(|(_, n)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    });
    let words = match parts.split_first() {
        Some((_, rest)) if versioned && !rest.is_empty() => rest,
        _ => &parts[..],
    };
    type_ident(&words.join("_"))
}

/// The event's page as the name map and `diff` name it: its place in `specs/` without `.md`
/// (`im/v1/message/events/receive`). It never equals an API id (which has four parts).
pub(crate) fn event_page(e: &Event) -> String {
    let path = e.id.spec_path();
    path.strip_suffix(".md").unwrap_or(&path).to_owned()
}

/// An error naming the first empty part of the id of a page (`source`) of kind `kind`
/// (`API`, `event`): its module path could not be made.
pub(super) fn no_empty_part(
    kind: &str,
    source: &str,
    parts: [(&str, &String); 4],
) -> Result<(), EmitError> {
    match parts.iter().find(|(_, part)| part.trim().is_empty()) {
        Some((what, _)) => Err(EmitError {
            source: source.to_owned(),
            message: format!("the {kind} id has an empty {what}"),
        }),
        None => Ok(()),
    }
}

/// Places `events` in the module tree by id, in id order. An event whose resource has the
/// module name of an API resource of its version (`ticket_message`, `ticket.message`) goes
/// to that module: an event never takes a module name from an API resource.
pub(super) fn place_events<'a>(events: &'a [Event], tree: &mut Tree<'a>) -> Result<(), EmitError> {
    let mut sorted: Vec<&Event> = events.iter().collect();
    sorted.sort_by(|a, b| (&a.id, &a.source).cmp(&(&b.id, &b.source)));
    for e in sorted {
        let id = &e.id;
        no_empty_part(
            "event",
            &e.source,
            [
                ("service", &id.service),
                ("version", &id.version),
                ("resource", &id.resource),
                ("event", &id.event),
            ],
        )?;
        let resources = tree
            .entry(id.service.as_str())
            .or_default()
            .entry(id.version.as_str())
            .or_default();
        let module = |r: &str| module_ident(version_module_key(r));
        let own = module(&id.resource);
        let resource = resources
            .iter()
            .find(|(r, (apis, _))| !apis.is_empty() && module(r) == own)
            .map_or(id.resource.as_str(), |(r, _)| *r);
        resources.entry(resource).or_default().1.push(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::derived_name;

    #[test]
    fn names_come_from_the_event_type() {
        assert_eq!(derived_name("im.message.receive_v1"), "MessageReceiveV1");
        assert_eq!(
            derived_name("application.application.app_version.audit_v6"),
            "ApplicationAppVersionAuditV6"
        );
        assert_eq!(derived_name("card.action.trigger"), "CardActionTrigger");
        assert_eq!(derived_name("approval_instance"), "ApprovalInstance");
        assert_eq!(derived_name("x_v1"), "XV1");
    }
}
