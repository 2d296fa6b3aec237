//! Where the API items live: the module identifier of each service, version and resource,
//! and the names of each API's items, derived from API ids alone (`vc/v1/meeting/end` →
//! `vc::v1::meeting::EndMeetingRequest`). The emitter, the doc links and the round-trip
//! registry all name things through it.
use crate::ir::Api;
use crate::sanitize::{module_ident, type_ident, Namer};

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
