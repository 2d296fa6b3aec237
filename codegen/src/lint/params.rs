//! Path-parameter rows against the URL's `:param` placeholders: a row that names no
//! placeholder (F007). The other direction, a placeholder without a row, the parser reports
//! itself (F006) when it adds the missing parameter.

use super::{At, Code, Finding};
use crate::ir::Api;

pub(super) fn check(api: &Api, out: &mut Vec<Finding>) {
    let placeholders: Vec<&str> = api.path.params().collect();
    for f in &api.path_params {
        if !placeholders.contains(&f.name.as_str()) {
            out.push(Finding {
                code: Code::PathParamNotInUrl,
                at: At::Row(f.line),
                message: format!(
                    "path parameter `{}` is not in the HTTP URL `{}`",
                    f.name, api.path
                ),
            });
        }
    }
}
