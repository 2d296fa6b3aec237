//! The round-trip test's table of events (`event_cases()` in `tests/roundtrip/cases.rs`,
//! after the APIs' `cases()`): for every event page, its page, its source and the types its
//! examples go through. Test side, like [`crate::emit::roundtrip_registry`]: it names
//! `EventCase`, `round_trip_event` and `round_trip`, which `tests/roundtrip.rs` defines.
use super::super::error::EmitError;
use super::super::layout::{api_names, event_names, event_page as page};
use super::super::naming::NameMap;
use crate::ir::{Api, Event};
use crate::sanitize::{ident, Namer};
use proc_macro2::TokenStream;
use quote::quote;

/// The registry's tokens: `pub fn event_cases() -> Vec<EventCase>` with one entry per event
/// of the enabled services (each gated by its service's feature), named as
/// [`crate::emit::emit_pages`] names them with `names`.
pub fn event_roundtrip_registry(
    apis: &[Api],
    events: &[Event],
    names: &NameMap,
) -> Result<TokenStream, EmitError> {
    let plan = super::super::plan(apis, events)?;
    let mut entries = TokenStream::new();
    for job in &plan.jobs {
        if job.events.is_empty() {
            continue;
        }
        let [s, v, r] = job.module.clone().map(|m| ident(&m));
        let mut namer = Namer::camel();
        api_names(&job.apis, &mut namer);
        let event_names = event_names(&job.events, &mut namer, names);
        for (e, n) in job.events.iter().zip(&event_names) {
            let event = ident(&n.event);
            let answer = match &n.response {
                Some(a) => {
                    let a = ident(a);
                    quote! { ::std::option::Option::Some(round_trip::<feishu_api::#s::#v::#r::#a>) }
                }
                None => quote! { ::std::option::Option::None },
            };
            let (page, source, feature) = (page(e), e.source.as_str(), e.id.service.as_str());
            entries.extend(quote! {
                #[cfg(feature = #feature)]
                cases.push((#page, #source, round_trip_event::<feishu_api::#s::#v::#r::#event>, #answer));
            });
        }
    }
    Ok(quote! {
        /// `(event page, source page, event round trip, answer round trip)` of every event
        /// and callback of the enabled services.
        #[allow(unused_mut, clippy::vec_init_then_push)]
        pub fn event_cases() -> ::std::vec::Vec<EventCase> {
            let mut cases: ::std::vec::Vec<EventCase> = ::std::vec::Vec::new();
            #entries
            cases
        }
    })
}
