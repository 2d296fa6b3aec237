//! Each change kind and its class, from real pages (checked-in copies of Feishu pages) edited
//! in the test: the edit is the only difference between the two sides.
use feishu_codegen::diff::model::{Change, Class, Kind, Status};
use feishu_codegen::diff::{diff_apis, DiffOptions};
use feishu_codegen::parse_page;
use std::path::Path;

const DOWNLOAD: &str = "attendance/v1/file/download.md";
const MAIL_LIST: &str = "mail/v1/user_mailbox.message/list.md";

fn page(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/changes/new")
        .join(rel);
    std::fs::read_to_string(p).unwrap()
}

/// Replaces exactly one occurrence, so a fixture edit cannot silently miss.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once");
    text.replacen(from, to, 1)
}

/// The changes between `old` and `new` versions of the page at `rel` (wording listed).
fn changes(rel: &str, old: &str, new: &str) -> Vec<Change> {
    let (o, n) = (
        parse_page(rel, old.as_bytes()),
        parse_page(rel, new.as_bytes()),
    );
    let opts = DiffOptions {
        prose: true,
        ..DiffOptions::default()
    };
    let report = diff_apis(&[o], &[n], &opts);
    match report.apis.as_slice() {
        [] => Vec::new(),
        [api] => {
            assert_eq!(api.status, Status::Changed);
            api.changes.clone()
        }
        more => panic!("one API expected, got {}", more.len()),
    }
}

fn kinds(changes: &[Change]) -> Vec<(Kind, Class, &str)> {
    changes
        .iter()
        .filter(|c| !matches!(c.kind, Kind::IdentifierAdded | Kind::IdentifierRemoved))
        .map(|c| (c.kind, c.class, c.location.as_str()))
        .collect()
}

#[test]
fn the_same_page_has_no_changes() {
    let p = page(DOWNLOAD);
    assert!(changes(DOWNLOAD, &p, &p).is_empty());
}

#[test]
fn removing_an_error_code_is_major() {
    let p = page(DOWNLOAD);
    let row =
        "| 400 | 1220002 | tenant_id is empty | 请检查入参中的 tenant_access_token是否正确 |\n";
    let c = changes(DOWNLOAD, &p, &edit(&p, row, ""));
    assert_eq!(
        kinds(&c),
        [(Kind::ErrorRemoved, Class::Major, "errors.1220002")]
    );
    // And its generated variant goes with it.
    assert!(c.iter().any(|c| c.kind == Kind::IdentifierRemoved
        && c.class == Class::Major
        && c.old
            .as_deref()
            .unwrap()
            .starts_with("attendance::v1::file::DownloadFileError::")));
}

#[test]
fn adding_an_error_code_is_minor() {
    let p = page(DOWNLOAD);
    let row = "| 400 | 1220002 | tenant_id is empty |";
    let added = "| 400 | 1220003 | user is gone | 重试 |\n| 400 | 1220002 | tenant_id is empty |";
    let c = changes(DOWNLOAD, &p, &edit(&p, row, added));
    assert_eq!(
        kinds(&c),
        [(Kind::ErrorAdded, Class::Minor, "errors.1220003")]
    );
}

#[test]
fn changing_an_error_status_is_minor() {
    let p = page(DOWNLOAD);
    let c = changes(
        DOWNLOAD,
        &p,
        &edit(&p, "| 400 | 1220002 |", "| 403 | 1220002 |"),
    );
    assert_eq!(
        kinds(&c),
        [(Kind::ErrorChanged, Class::Minor, "errors.1220002")]
    );
}

#[test]
fn adding_an_optional_query_parameter_is_minor() {
    let p = page(MAIL_LIST);
    let row = "| `only_unread` | `boolean` | 否 |";
    let added = "| `with_body` | `boolean` | 否 | 是否返回正文<br>**示例值**：true |\n| `only_unread` | `boolean` | 否 |";
    let c = changes(MAIL_LIST, &p, &edit(&p, row, added));
    assert_eq!(
        kinds(&c),
        [(Kind::FieldAdded, Class::Minor, "query.with_body")]
    );
    assert!(c
        .iter()
        .any(|c| c.kind == Kind::IdentifierAdded && c.class == Class::Minor));
    assert!(!c.iter().any(|c| c.kind == Kind::IdentifierRemoved));
}

#[test]
fn adding_a_required_query_parameter_is_major() {
    let p = page(MAIL_LIST);
    let row = "| `only_unread` | `boolean` | 否 |";
    let added = "| `scope` | `string` | 是 | 范围 |\n| `only_unread` | `boolean` | 否 |";
    let c = changes(MAIL_LIST, &p, &edit(&p, row, added));
    assert_eq!(kinds(&c), [(Kind::FieldAdded, Class::Major, "query.scope")]);
}

#[test]
fn flipping_a_request_field_to_required_is_major() {
    let p = page(MAIL_LIST);
    let c = changes(
        MAIL_LIST,
        &p,
        &edit(
            &p,
            "| `folder_id` | `string` | 否 |",
            "| `folder_id` | `string` | 是 |",
        ),
    );
    let k = kinds(&c);
    assert_eq!(
        k,
        [(Kind::RequiredChanged, Class::Major, "query.folder_id")]
    );
    let flip = &c[0];
    assert_eq!(
        (flip.old.as_deref(), flip.new.as_deref()),
        (Some("optional"), Some("required"))
    );
}

#[test]
fn flipping_a_request_field_to_optional_is_major_too() {
    // The generated constructor takes required fields as arguments: one fewer breaks callers.
    let p = page(MAIL_LIST);
    let c = changes(
        MAIL_LIST,
        &p,
        &edit(
            &p,
            "| `page_size` | `int` | 是 |",
            "| `page_size` | `int` | 否 |",
        ),
    );
    assert_eq!(
        kinds(&c),
        [(Kind::RequiredChanged, Class::Major, "query.page_size")]
    );
}

#[test]
fn rewording_is_patch_and_listed_only_with_prose() {
    let p = page(MAIL_LIST);
    let new = edit(&p, "是否只查询未读邮件", "只查询未读的邮件");
    let c = changes(MAIL_LIST, &p, &new);
    assert_eq!(
        kinds(&c),
        [(Kind::Prose, Class::Patch, "query.only_unread (description)")]
    );
    let o = parse_page(MAIL_LIST, p.as_bytes());
    let n = parse_page(MAIL_LIST, new.as_bytes());
    let quiet = diff_apis(&[o], &[n], &DiffOptions::default());
    let api = &quiet.apis[0];
    assert!(api.changes.is_empty(), "counted, not listed");
    assert_eq!(api.prose_changes, 1);
    assert_eq!(
        (
            quiet.summary.patch,
            quiet.summary.minor,
            quiet.summary.major
        ),
        (1, 0, 0)
    );
}

#[test]
fn retyping_a_field_is_major() {
    let p = page(MAIL_LIST);
    let c = changes(
        MAIL_LIST,
        &p,
        &edit(
            &p,
            "| `only_unread` | `boolean` |",
            "| `only_unread` | `string` |",
        ),
    );
    assert!(kinds(&c).contains(&(Kind::FieldRetyped, Class::Major, "query.only_unread")));
}

#[test]
fn removing_a_response_field_is_major_and_adding_one_minor() {
    let p = page(MAIL_LIST);
    let row = "| &nbsp;&nbsp;└ `has_more` | `boolean` | 是否还有更多项 |\n";
    let c = changes(MAIL_LIST, &p, &edit(&p, row, ""));
    assert_eq!(
        kinds(&c),
        [(Kind::FieldRemoved, Class::Major, "response.has_more")]
    );
    let extra = "| &nbsp;&nbsp;└ `total` | `int` | 总数 |\n";
    let c = changes(MAIL_LIST, &p, &edit(&p, row, &format!("{row}{extra}")));
    assert_eq!(
        kinds(&c),
        [(Kind::FieldAdded, Class::Minor, "response.total")]
    );
}

#[test]
fn a_removed_field_beside_an_added_one_of_its_type_is_a_possible_rename() {
    let p = page(MAIL_LIST);
    let c = changes(
        MAIL_LIST,
        &p,
        &edit(
            &p,
            "| `label_id` | `string` |",
            "| `label_ids` | `string` |",
        ),
    );
    assert_eq!(
        kinds(&c),
        [(Kind::FieldPossiblyRenamed, Class::Major, "query.label_ids")]
    );
    assert_eq!(c[0].old.as_deref(), Some("query.label_id"));
    // Different types: a plain removal and a plain addition.
    let c = changes(
        MAIL_LIST,
        &p,
        &edit(
            &p,
            "| `label_id` | `string` |",
            "| `label_ids` | `boolean` |",
        ),
    );
    let k: Vec<Kind> = kinds(&c).iter().map(|k| k.0).collect();
    assert_eq!(k, [Kind::FieldRemoved, Kind::FieldAdded]);
}

#[test]
fn changing_the_method_or_path_is_major() {
    let p = page(MAIL_LIST);
    let c = changes(
        MAIL_LIST,
        &p,
        &edit(&p, "| HTTP Method | GET |", "| HTTP Method | POST |"),
    );
    assert!(kinds(&c).contains(&(Kind::MethodChanged, Class::Major, "method")));
    let c = changes(
        MAIL_LIST,
        &p,
        &edit(
            &p,
            "/user_mailboxes/:user_mailbox_id/messages |",
            "/user_mailboxes/:user_mailbox_id/mails |",
        ),
    );
    assert!(kinds(&c).contains(&(Kind::PathChanged, Class::Major, "path")));
}

#[test]
fn token_kinds_and_scopes() {
    let p = page(MAIL_LIST);
    let c = changes(
        MAIL_LIST,
        &p,
        &edit(
            &p,
            "`tenant_access_token` 或 `user_access_token`",
            "`user_access_token`",
        ),
    );
    assert!(kinds(&c).contains(&(Kind::TokenRemoved, Class::Major, "access_tokens")));
    let back = changes(
        MAIL_LIST,
        &edit(
            &p,
            "`tenant_access_token` 或 `user_access_token`",
            "`user_access_token`",
        ),
        &p,
    );
    assert!(kinds(&back).contains(&(Kind::TokenAdded, Class::Minor, "access_tokens")));
    let c = changes(
        MAIL_LIST,
        &p,
        &edit(
            &p,
            "`mail:user_mailbox.message:readonly` 查询用户邮件",
            "`mail:user_mailbox.message:readonly` 查询用户邮件 `mail:user_mailbox:readonly` 读邮箱",
        ),
    );
    let scope = c.iter().find(|c| c.kind == Kind::ScopeAdded).unwrap();
    assert_eq!(scope.class, Class::Minor);
    assert_eq!(scope.new.as_deref(), Some("mail:user_mailbox:readonly"));
    assert_eq!(scope.note.as_deref(), Some("users must re-authorise"));
}

#[test]
fn enum_values_added_minor_removed_major() {
    let p = page(MAIL_LIST);
    let field = "| `label_id` | `string` | 否 | 标签id，支持IMPORTANT、OTHER、FLAGGED、SCHEDULED以及自定义文件夹标签<br>**示例值**：FLAGGED";
    let two = format!("{field}<br>**可选值有**：<br>- `IMPORTANT`: 重要 - `OTHER`: 其他");
    let one = format!("{field}<br>**可选值有**：<br>- `IMPORTANT`: 重要");
    let (a, b) = (edit(&p, field, &one), edit(&p, field, &two));
    let up = changes(MAIL_LIST, &a, &b);
    let k = kinds(&up);
    assert!(
        k.contains(&(Kind::EnumValueAdded, Class::Minor, "query.label_id")),
        "{k:?}"
    );
    let down = changes(MAIL_LIST, &b, &a);
    let k = kinds(&down);
    assert!(
        k.contains(&(Kind::EnumValueRemoved, Class::Major, "query.label_id")),
        "{k:?}"
    );
}

#[test]
fn deprecation_is_minor() {
    let p = page(MAIL_LIST);
    let c = changes(
        MAIL_LIST,
        &p,
        &edit(
            &p,
            "# 列出邮件\n\n列出邮件",
            "# 列出邮件\n\n列出邮件。本接口已废弃",
        ),
    );
    assert!(kinds(&c).contains(&(Kind::ApiDeprecated, Class::Minor, "api")));
}

#[test]
fn adding_and_removing_apis() {
    let p = parse_page(MAIL_LIST, page(MAIL_LIST).as_bytes());
    let added = diff_apis(&[], std::slice::from_ref(&p), &DiffOptions::default());
    assert_eq!(added.apis[0].status, Status::Added);
    assert_eq!(added.apis[0].class, Class::Minor);
    let removed = diff_apis(std::slice::from_ref(&p), &[], &DiffOptions::default());
    assert_eq!(removed.apis[0].status, Status::Removed);
    assert_eq!(removed.apis[0].class, Class::Major);
    assert_eq!(
        (removed.summary.major, removed.summary.apis_removed),
        (1, 1)
    );
}

#[test]
fn a_page_moved_to_another_path_is_one_move() {
    let text = page(MAIL_LIST);
    let o = parse_page(MAIL_LIST, text.as_bytes());
    let n = parse_page("mail/v1/message/list.md", text.as_bytes());
    let r = diff_apis(&[o], &[n], &DiffOptions::default());
    assert_eq!(r.apis.len(), 1);
    assert_eq!(r.apis[0].changes[0].kind, Kind::ApiMoved);
    assert_eq!(r.apis[0].class, Class::Major);
}

#[test]
fn removing_a_scope_is_minor_and_says_so() {
    let p = page(MAIL_LIST);
    let two = edit(
        &p,
        "`mail:user_mailbox.message:readonly` 查询用户邮件",
        "`mail:user_mailbox.message:readonly` 查询用户邮件 `mail:user_mailbox:readonly` 读邮箱",
    );
    let c = changes(MAIL_LIST, &two, &p);
    let scope = c.iter().find(|c| c.kind == Kind::ScopeRemoved).unwrap();
    assert_eq!(
        (scope.class, scope.old.as_deref()),
        (Class::Minor, Some("mail:user_mailbox:readonly"))
    );
    assert!(scope.note.as_deref().unwrap().contains("re-authorise"));
}

#[test]
fn a_request_body_appearing_is_a_body_kind_change() {
    let p = page(MAIL_LIST);
    let body = "## 响应\n";
    let with_body = edit(
        &p,
        body,
        "### 请求体\n\n| 名称 | 类型 | 必填 | 描述 |\n| --- | --- | --- | --- |\n| `filter` | `string` | 否 | 过滤条件 |\n\n## 响应\n",
    );
    let c = changes(MAIL_LIST, &p, &with_body);
    let k = kinds(&c);
    assert!(
        k.contains(&(Kind::BodyKindChanged, Class::Major, "body")),
        "{k:?}"
    );
    assert!(
        k.contains(&(Kind::FieldAdded, Class::Minor, "body.filter")),
        "{k:?}"
    );
    let kind = c.iter().find(|c| c.kind == Kind::BodyKindChanged).unwrap();
    assert_eq!(
        (kind.old.as_deref(), kind.new.as_deref()),
        (Some("none"), Some("json"))
    );
}
