//! The round-trip test's registry (`tests/roundtrip/cases.rs`): for every API, its id, its
//! source page and the JSON types its examples go through. It belongs to the test side, not
//! to the crate: it names `Case` and `round_trip`, which `tests/roundtrip.rs` defines.
use super::error::EmitError;
use super::layout::api_names;
use crate::ir::{Api, BodyKind};
use crate::sanitize::{ident, Namer};
use proc_macro2::TokenStream;
use quote::quote;

/// The registry's tokens: `pub fn cases() -> Vec<Case>` with one entry per API of the
/// enabled services (each gated by its service's feature). The names are the ones [`super::emit`]
/// gives the same APIs.
pub fn roundtrip_registry(apis: &[Api]) -> Result<TokenStream, EmitError> {
    let plan = super::plan(apis, &[])?;
    let mut entries = TokenStream::new();
    for job in &plan.jobs {
        let [s, v, r] = job.module.clone().map(|m| ident(&m));
        let names = api_names(&job.apis, &mut Namer::camel());
        for (api, names) in job.apis.iter().zip(&names) {
            let check = |name: Option<&String>| match name {
                Some(n) => {
                    let n = ident(n);
                    quote! { ::std::option::Option::Some(round_trip::<feishu_api::#s::#v::#r::#n>) }
                }
                None => quote! { ::std::option::Option::None },
            };
            let body = check(
                matches!(api.request_body.kind, BodyKind::Json | BodyKind::Multipart)
                    .then_some(&names.body),
            );
            let response =
                check((api.response_body.kind != BodyKind::Binary).then_some(&names.response));
            let (id, source, feature) = (
                api.id.to_string(),
                api.source.as_str(),
                api.id.service.as_str(),
            );
            entries.extend(quote! {
                #[cfg(feature = #feature)]
                cases.push((#id, #source, #body, #response));
            });
        }
    }
    Ok(quote! {
        /// `(API id, source page, request-body round trip, response-data round trip)` of
        /// every API of the enabled services.
        #[allow(unused_mut, clippy::vec_init_then_push)]
        pub fn cases() -> ::std::vec::Vec<Case> {
            let mut cases: ::std::vec::Vec<Case> = ::std::vec::Vec::new();
            #entries
            cases
        }
    })
}
