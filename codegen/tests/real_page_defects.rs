//! Issue 11's defects, each on the real page of `specs/` where it was found: parameters that
//! were dropped without a word, and required flags that were lost.

use feishu_codegen::ir::{Api, BodyKind, Field, Severity};
use feishu_codegen::parse_page;
use std::path::Path;

fn spec(rel: &str) -> Api {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(rel);
    let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
    parse_page(rel, &bytes)
}

fn shape(fields: &[Field]) -> Vec<(String, String, Option<bool>)> {
    fields
        .iter()
        .map(|f| (f.name.clone(), f.ty.to_string(), f.required))
        .collect()
}

fn owned(v: &[(&str, &str, Option<bool>)]) -> Vec<(String, String, Option<bool>)> {
    v.iter()
        .map(|(n, t, r)| (n.to_string(), t.to_string(), *r))
        .collect()
}

fn warnings(api: &Api) -> Vec<String> {
    api.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.render(&api.source))
        .collect()
}

#[test]
fn misaligned_delimiter_row_keeps_the_table() {
    // `|参数|类型|必须|说明|` over `|--|-----|--|----|----|`: a strict reader drops the table.
    let api = spec("application/v2/app/visibility.md");
    assert_eq!(
        shape(&api.query_params),
        owned(&[
            ("app_id", "string", Some(true)),
            ("user_page_token", "string", Some(false)),
            ("user_page_size", "integer", Some(false)),
        ])
    );
    assert_eq!(api.request_body.kind, BodyKind::None);
    assert!(warnings(&api).contains(&"application/v2/app/visibility.md:30:1: warning: F037 the table's delimiter row has 5 cells under a 4-cell header; read with 4 columns".to_string()));
}

#[test]
fn alternative_names_in_one_row_become_optional_fields() {
    let api = spec("contact/v1/admin_scope/get.md");
    assert_eq!(
        shape(&api.query_params),
        owned(&[
            ("employee_id", "string", Some(false)),
            ("open_id", "string", Some(false)),
        ])
    );
    assert!(warnings(&api)
        .iter()
        .any(|w| w
            .contains(":30:1: warning: F038 the row names alternatives `employee_id`, `open_id`")));
}

#[test]
fn a_br_line_does_not_swallow_the_body_table() {
    // `<br>` alone on a line opened an HTML block that hid `### 请求体` and its table.
    let api = spec("doc/v2/create/post.md");
    assert_eq!(api.request_body.kind, BodyKind::Json);
    assert_eq!(
        shape(&api.request_body.fields),
        owned(&[
            ("FolderToken", "string", Some(false)),
            ("Content", "string", Some(false)),
        ])
    );
}

#[test]
fn the_file_part_is_read_from_the_format_column() {
    // Header `参数|格式|必须|说明|类型`: 格式 holds the type, 类型 where the value goes.
    let api = spec("face_verify/v1/crop_face_image/post.md");
    assert_eq!(api.request_body.kind, BodyKind::Multipart);
    assert_eq!(
        shape(&api.request_body.fields),
        owned(&[("raw_image", "file", Some(true))])
    );
}

#[test]
fn a_row_ended_by_a_lone_pipe_line_keeps_the_rows_after_it() {
    let api = spec("hire/v1/offer/update.md");
    let names: Vec<&str> = api.query_params.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "user_id_type",
            "department_id_type",
            "job_level_id_type",
            "job_family_id_type",
            "employee_type_id_type"
        ]
    );
}

#[test]
fn every_wording_of_required_is_a_required_column() {
    // `必须` headers gave every field as optional (143 rows on 56 pages).
    for (page, field) in [
        ("doc/v2/batch_update/post.md", "Revision"),
        ("suite/_/search/object.md", "search_key"),
    ] {
        let api = spec(page);
        let f = api
            .request_body
            .fields
            .iter()
            .chain(&api.query_params)
            .find(|f| f.name == field)
            .unwrap_or_else(|| panic!("{page}: no `{field}`"));
        assert_eq!(f.required, Some(true), "{page}: {field}");
    }
}

#[test]
fn token_lists_written_as_possible_values_are_read() {
    use feishu_codegen::ir::AccessToken::{Tenant, User};
    for (page, tokens) in [
        // `可选值： - `tenant_access_token`：… - `user_access_token`：…` in the Authorization row.
        (
            "sheets/v2/condition_formats/batch_create.md",
            vec![Tenant, User],
        ),
        ("drive/v2/docs/delete.md", vec![Tenant, User]),
        ("suite/_/search/object.md", vec![User]),
        // `| 凭证要求 | user_access_token |` in the request table.
        ("wiki/v2/nodes/search.md", vec![User]),
    ] {
        assert_eq!(spec(page).access_tokens, tokens, "{page}");
    }
}

#[test]
fn helpdesk_requests_carry_their_header() {
    // Documented in a tip inside 请求头: `Key: X-Lark-Helpdesk-Authorization`, `Value: …`.
    let api = spec("helpdesk/v1/category/get.md");
    let h = api
        .headers
        .iter()
        .find(|h| h.name == "X-Lark-Helpdesk-Authorization")
        .expect("helpdesk header");
    assert_eq!(h.required, Some(true));
    assert_eq!(h.line, 29);
    assert!(h
        .description
        .starts_with("base64(helpdesk_id:helpdesk_token)"));
}
