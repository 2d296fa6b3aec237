//! The reader's findings → one [`Api`]: the id, access tokens, the path parameters the URL
//! needs, request and response bodies (tables refined by examples, or examples alone), and
//! the sorted diagnostics.

use super::dictionary::{Learned, TypeDictionary};
use super::examples::{infer_fields, refine_from_example};
use super::fields::{limit_width, normalise_field};
use super::ids::{resolve_id, IdSources};
use super::reference::attach_named_types;
use super::{flattened, BodyTable, Params, Reader, Report};
use crate::codes::Code;
use crate::ir::{Api, Body, BodyKind, Diagnostic, Field, FieldsSource, Flavour, HttpMethod, Type};
use crate::parse::blocks::{limits, Pos};
use serde_json::Value;

/// A response table's fields: those under `data`, or (without `data`) those beside
/// `code`/`msg`, which makes the response flat.
pub(super) fn read_response_table(
    params: &mut Params,
    fields: Vec<Field>,
    pos: Pos,
    diags: &mut Vec<Diagnostic>,
) {
    let mut data: Option<Vec<Field>> = None;
    let mut others = Vec::new();
    for f in fields {
        match f.name.as_str() {
            // The envelope; rows nested under it are no fields of it.
            "code" | "msg" => warn_outside_data(f.children(), &f.name, diags),
            "data" => data = Some(f.children.unwrap_or_default()),
            _ => others.push(f),
        }
    }
    let target = params.response.get_or_insert_with(Vec::new);
    match data {
        Some(d) => {
            for f in &others {
                diags.report(
                    Code::ResponseFieldsOutsideData,
                    Pos::new(f.line, 1),
                    format!("response fields outside `data` ignored: {}", f.name),
                );
                warn_outside_data(f.children(), &f.name, diags);
            }
            target.extend(d);
        }
        None => {
            if !others.is_empty() {
                diags.report(
                    Code::FlatResponse,
                    pos,
                    "the response has no `data` field; its fields sit beside `code` and `msg`",
                );
                params.response_flat = true;
            }
            target.extend(others);
        }
    }
}

/// One diagnostic per row, at the row, for the sub-rows of an ignored response row: each
/// lost row is named where it is.
fn warn_outside_data(fields: &[Field], parent: &str, diags: &mut Vec<Diagnostic>) {
    for f in fields {
        let path = format!("{parent}.{}", f.name);
        diags.report(
            Code::ResponseFieldsOutsideData,
            Pos::new(f.line, 1),
            format!("response fields outside `data` ignored: {path}"),
        );
        warn_outside_data(f.children(), &path, diags);
    }
}

/// The request and response tables, now that the examples are known: a table without
/// nesting markers gets its tree from the example and the run's dictionary of named types
/// where they show one ([`flattened`]). Returns what the page teaches the dictionary.
pub(super) fn read_bodies(r: &mut Reader, dict: Option<&TypeDictionary>) -> Learned {
    let mut learned = Learned::default();
    let no_example = serde_json::Map::new();
    for (which, fields, pos, flat) in std::mem::take(&mut r.bodies) {
        let example = match which {
            BodyTable::Response => r.examples.response.as_ref(),
            BodyTable::Body | BodyTable::Request => r.examples.request.as_ref(),
        };
        let fields = if flat {
            learned.want(&fields);
            let example = match example {
                Some(Value::Object(m)) => m,
                _ => &no_example,
            };
            let envelope = which == BodyTable::Response;
            let mut fields =
                flattened::rebuild(&fields, example, envelope, dict, &mut learned, &mut r.diags)
                    .unwrap_or(fields);
            // Rows left out have the error; they are accounted for by it.
            let cut: std::collections::BTreeSet<u32> =
                limit_width(&mut fields, "the table", &mut r.diags)
                    .into_iter()
                    .collect();
            r.rows.retain(|(line, _)| !cut.contains(line));
            fields
        } else {
            learned.learn_tree(&fields);
            fields
        };
        match which {
            BodyTable::Body => r.params.body.extend(fields),
            BodyTable::Request => r.params.request.extend(fields),
            BodyTable::Response => read_response_table(&mut r.params, fields, pos, &mut r.diags),
        }
    }
    learned
}

pub(super) fn finish(mut r: Reader, flavour: Flavour) -> Api {
    // Tables not read yet (the page reader reads them first, with the run's dictionary).
    read_bodies(&mut r, None);
    let id = resolve_id(
        IdSources {
            source: &r.source,
            sdk_call: r.sdk.as_ref().map(|s| s.call.as_str()),
            explore: r.explore_id.take(),
            path: r.basics.path.as_ref(),
            method: r.basics.http_method,
        },
        &mut r.diags,
    );
    let has_errors = |d: &[Diagnostic]| d.iter().any(Diagnostic::is_error);
    if r.basics.path.is_none() && !has_errors(&r.diags) {
        r.diags.report(
            Code::NoUrl,
            Pos::default(),
            "no `HTTP URL` row found in a request table",
        );
    }
    if r.basics.http_method.is_none() && !has_errors(&r.diags) {
        r.diags.report(
            Code::NoMethod,
            Pos::default(),
            "no `HTTP Method` row found in a request table",
        );
    }
    if r.title.is_empty() && !has_errors(&r.diags) {
        r.diags.report(
            Code::NoTitle,
            Pos::default(),
            "the page has no title heading",
        );
    }
    // Access tokens from the Authorization header (flavours other than the reference one).
    if r.basics.tokens.is_empty() {
        let auth: Vec<String> = r
            .params
            .headers
            .iter()
            .filter(|h| h.name.eq_ignore_ascii_case("authorization"))
            .map(|h| {
                // The tokens may sit in the text, the example, or a `可选值` list.
                let listed = h.enum_values.iter().flatten().map(|v| v.value.as_str());
                let parts: Vec<&str> = [h.description.as_str(), h.example.as_deref().unwrap_or("")]
                    .into_iter()
                    .chain(listed)
                    .collect();
                parts.join(" ")
            })
            .collect();
        for a in auth {
            r.basics.read_tokens(&a);
        }
    }
    r.basics.tokens.sort();
    // Any one scope suffices, so their order carries no meaning: sort for stable output.
    r.basics.scopes.sort();
    r.basics.scopes.dedup();

    let request = std::mem::take(&mut r.params.request);
    if r.basics.http_method == Some(HttpMethod::Get) {
        r.params.query.extend(request);
    } else {
        r.params.body.extend(request);
    }
    add_undocumented_path_params(&mut r);
    let request_body = request_body(&mut r);
    for list in [
        &mut r.params.path,
        &mut r.params.query,
        &mut r.params.headers,
    ] {
        for f in list.iter_mut() {
            normalise_field(f, &mut r.diags, 0);
            // Path and query values are text on the wire: an open (`array`, `-`) type
            // means strings.
            if matches!(f.ty.leaf(), Type::Any) {
                f.ty = f.ty.with_leaf(Type::String);
            }
        }
    }
    let response_body = response_body(&mut r);
    let description = description(&mut r);
    account_rows(&mut r, &[&request_body.fields, &response_body.fields]);

    let mut diagnostics = r.diags;
    diagnostics.sort_by_key(|d| (d.line, d.column));
    diagnostics.dedup();
    let b = r.basics;
    Api {
        source: r.source,
        id,
        flavour,
        doc_url: r.doc_url,
        title: r.title,
        description,
        http_method: b.http_method,
        path: b.path.unwrap_or_default(),
        host: b.host,
        access_tokens: b.tokens,
        scopes: b.scopes,
        scope_names: b.scope_names,
        field_scopes: b.field_scopes,
        app_types: b.app_types,
        rate_limit: b.rate_limit,
        path_params: r.params.path,
        query_params: r.params.query,
        headers: r.params.headers,
        request_body,
        response_body,
        errors: r.errors,
        examples: r.examples,
        sdk: r.sdk,
        diagnostics,
    }
}

/// Every parameter row read must reach the IR (a field read from its line) or have a
/// diagnostic at its line; a row that has neither is an error, so a quiet `generate` is a
/// faithful one. Tables not read at all have their own diagnostic and record no rows.
pub(super) fn account_rows(r: &mut Reader, bodies: &[&[Field]]) {
    fn lines(fields: &[Field], out: &mut std::collections::BTreeSet<u32>) {
        for f in fields {
            out.insert(f.line);
            lines(f.children(), out);
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for list in [&r.params.path, &r.params.query, &r.params.headers] {
        lines(list, &mut seen);
    }
    for list in bodies {
        lines(list, &mut seen);
    }
    seen.extend(r.diags.iter().map(|d| d.line));
    let lost: Vec<(u32, String)> = std::mem::take(&mut r.rows)
        .into_iter()
        .filter(|(line, _)| !seen.contains(line))
        .collect();
    for (line, name) in lost {
        r.diags.report(
            Code::RowLost,
            Pos::new(line, 1),
            format!("table row `{name}` reached neither the bindings nor a diagnostic; it is lost"),
        );
    }
}

/// A `:param` of the URL that no path-parameter row documents is still part of the path:
/// it becomes a required string parameter, with a warning at the URL.
fn add_undocumented_path_params(r: &mut Reader) {
    let Some(path) = r.basics.path.as_ref() else {
        return;
    };
    for p in path.params() {
        if r.params.path.iter().any(|f| f.name == p) {
            continue;
        }
        // Old pages list the path parameter in the body or query table.
        let elsewhere = [&mut r.params.body, &mut r.params.query]
            .into_iter()
            .find_map(|list| {
                let i = list.iter().position(|f| f.name == p)?;
                Some(list.remove(i))
            });
        if let Some(mut f) = elsewhere {
            r.diags.report(
                Code::PathParamInBody,
                Pos::new(f.line, 1),
                format!("`{p}` is documented with the request's other parameters but is the HTTP URL's `:{p}`; read as a path parameter"),
            );
            f.required = Some(true);
            r.params.path.push(f);
            continue;
        }
        r.diags.report(
            Code::UrlParamUndocumented,
            r.basics.path_pos,
            format!("the HTTP URL has the parameter `:{p}` but no path-parameter row documents it; read as a required string"),
        );
        let mut f = Field::new(p, Type::String);
        f.required = Some(true);
        f.description = "Path parameter (not documented in the parameter table).".into();
        f.line = r.basics.path_pos.line;
        r.params.path.push(f);
    }
}

fn request_body(r: &mut Reader) -> Body {
    let named = std::mem::take(&mut r.named_types);
    let mut fields = std::mem::take(&mut r.params.body);
    if !named.is_empty() {
        attach_named_types(&mut fields, &named, &mut r.diags);
    }
    if let Some(ex) = &r.examples.request {
        refine_from_example(&mut fields, ex, 0);
    }
    for f in fields.iter_mut() {
        normalise_field(f, &mut r.diags, 0);
    }
    let multipart_header = r.params.headers.iter().any(|h| {
        h.name.eq_ignore_ascii_case("content-type")
            && (h.description.contains("multipart")
                || h.example.as_deref().unwrap_or("").contains("multipart"))
    });
    let has_file = fields.iter().any(|f| matches!(f.ty.leaf(), Type::File));
    let kind = if has_file || multipart_header {
        BodyKind::Multipart
    } else if !fields.is_empty() || r.examples.request.is_some() {
        BodyKind::Json
    } else {
        BodyKind::None
    };
    let fields_from = if !fields.is_empty() {
        Some(FieldsSource::Table)
    } else if let Some(ex) = &r.examples.request {
        if let Value::Object(m) = ex {
            fields = infer_fields(m);
        }
        r.diags.report(
            Code::BodyInferredFromExample,
            Pos::default(),
            "no request body table; body fields inferred from the request example",
        );
        Some(FieldsSource::Example)
    } else {
        None
    };
    Body {
        kind,
        fields,
        fields_from,
        flat: false,
    }
}

fn response_body(r: &mut Reader) -> Body {
    let example = r.examples.response.as_ref();
    let (mut fields, fields_from) = match r.params.response.take() {
        Some(mut f) => {
            let shown = if r.params.response_flat {
                example
            } else {
                example.and_then(|v| v.get("data"))
            };
            if let Some(data) = shown {
                refine_from_example(&mut f, data, 0);
            }
            (f, Some(FieldsSource::Table))
        }
        None => match example.and_then(|v| v.get("data")) {
            Some(Value::Object(m)) => (infer_fields(m), Some(FieldsSource::Example)),
            _ => (Vec::new(), None),
        },
    };
    for f in fields.iter_mut() {
        normalise_field(f, &mut r.diags, 0);
    }
    // Binary only when nothing describes a JSON body.
    let kind = if r.params.response_binary && example.is_none() && fields.is_empty() {
        BodyKind::Binary
    } else {
        BodyKind::Json
    };
    Body {
        kind,
        fields,
        fields_from,
        flat: r.params.response_flat,
    }
}

/// The preamble's paragraphs, bounded to [`limits::MAX_CELL_CHARS`] characters.
pub(super) fn description(r: &mut Reader) -> String {
    let description = r.description.join("\n\n");
    let chars = description.chars().count();
    if chars <= limits::MAX_CELL_CHARS {
        return description;
    }
    r.diags.report(
        Code::LimitExceeded,
        Pos::default(),
        format!(
            "the description has {chars} characters, more than {}; the rest is dropped",
            limits::MAX_CELL_CHARS
        ),
    );
    description.chars().take(limits::MAX_CELL_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_with_no_field_and_no_diagnostic_is_an_error() {
        let mut r = Reader::new("x/v1/y/z.md", Vec::new());
        r.rows = vec![
            (12, "kept".into()),
            (13, "lost".into()),
            (14, "warned".into()),
        ];
        let mut kept = Field::new("kept", Type::String);
        kept.line = 12;
        r.params.query.push(kept);
        r.diags.report(
            Code::RowWithoutName,
            Pos::new(14, 1),
            "something about the row",
        );
        account_rows(&mut r, &[]);
        let errors: Vec<(Code, u32, &str)> = r
            .diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.code, d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            errors,
            [(
                Code::RowLost,
                13,
                "table row `lost` reached neither the bindings nor a diagnostic; it is lost"
            )]
        );
    }
}
