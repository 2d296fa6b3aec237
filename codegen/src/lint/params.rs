//! The URL's `:param` placeholders against the path-parameter table, both ways: a placeholder
//! without a row (F006) and a row without a placeholder (F007).

use super::{At, Code, Finding};
use crate::ir::Api;

pub(super) fn check(api: &Api, text: &str, out: &mut Vec<Finding>) {
    // The same reading of the template as the emitter's.
    let placeholders: Vec<&str> = api
        .path
        .split('/')
        .filter_map(|s| s.strip_prefix(':'))
        .filter(|s| !s.is_empty())
        .collect();
    for p in &placeholders {
        if !api.path_params.iter().any(|f| f.name == *p) {
            out.push(Finding {
                code: Code::UrlParamUndocumented,
                at: placeholder_pos(text, &api.path, p),
                message: format!(
                    "the HTTP URL has `:{p}`, which the path parameters do not document"
                ),
            });
        }
    }
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

/// Where `:p` is written on the page: on the first line holding the path template (or, when
/// the URL is written another way, the first line holding `:p`).
fn placeholder_pos(text: &str, path: &str, p: &str) -> At {
    let needle = format!(":{p}");
    let found = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(path))
        .or_else(|| text.lines().enumerate().find(|(_, l)| l.contains(&needle)));
    match found {
        Some((i, l)) => {
            let col = l
                .find(&needle)
                .and_then(|b| l.get(..b))
                .map(|before| before.chars().count() as u32 + 1)
                .unwrap_or(1);
            At::Pos(i as u32 + 1, col)
        }
        None => At::Pos(0, 0),
    }
}
