//! What a table is (request basics, errors, field permissions, parameters) and which column
//! holds what, both read from the header cells' meaning.

use super::sections::Sec;
use super::Report;
use crate::codes::Code;
use crate::ir::{Diagnostic, ErrorCode};
use crate::parse::blocks::Table;
use crate::parse::text::plain_text;

pub(super) enum TableKind {
    /// `| 基本 | |` / `| 项目 | 值 |`: URL, method, tokens, scopes.
    Basic,
    Errors,
    /// 字段权限要求: scopes for sensitive response fields.
    FieldScopes,
    Params,
}

pub(super) fn kind(t: &Table) -> TableKind {
    let first_header = t.header.first().map(|c| plain_text(&c.text));
    let first_header = first_header.as_deref();
    if matches!(first_header, Some("基本" | "基本信息" | "项目"))
        || t.rows.iter().any(|r| {
            matches!(
                plain_text(r.text(0)).trim(),
                "HTTP URL" | "事件类型" | "回调类型"
            )
        })
    {
        TableKind::Basic
    } else if t.header.iter().any(|c| c.text.contains("错误码")) {
        TableKind::Errors
    } else if first_header == Some("字段权限要求")
        || t.rows
            .first()
            .is_some_and(|r| plain_text(r.text(0)) == "字段权限要求")
    {
        TableKind::FieldScopes
    } else {
        TableKind::Params
    }
}

/// The meaning of a parameter table's header cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnRole {
    Name,
    Type,
    Required,
    Description,
}

fn header_role(h: &str) -> Option<ColumnRole> {
    let h = plain_text(h).trim().to_lowercase();
    let h = h.as_str();
    if ["必填", "必选", "必须", "required"]
        .iter()
        .any(|w| h.contains(w))
    {
        Some(ColumnRole::Required)
    } else if h.contains("类型") || h.contains("格式") || h == "type" {
        Some(ColumnRole::Type)
    } else if h.contains("描述") || h.contains("说明") || h == "description" || h.contains("备注")
    {
        Some(ColumnRole::Description)
    } else if h.contains("名称")
        || h.contains("参数")
        || h.contains("字段")
        || h.contains("属性")
        || h == "name"
        || h == "field"
        || h == "parameter"
    {
        Some(ColumnRole::Name)
    } else {
        None
    }
}

/// Column indices of a parameter table; the first column of each role wins.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Columns {
    pub(super) name: Option<usize>,
    pub(super) ty: Option<usize>,
    pub(super) required: Option<usize>,
    pub(super) description: Option<usize>,
}

fn columns(t: &Table) -> Columns {
    let mut c = Columns::default();
    for (i, cell) in t.header.iter().enumerate() {
        let slot = match header_role(&cell.text) {
            Some(ColumnRole::Name) => &mut c.name,
            Some(ColumnRole::Type) => &mut c.ty,
            Some(ColumnRole::Required) => &mut c.required,
            Some(ColumnRole::Description) => &mut c.description,
            None => continue,
        };
        slot.get_or_insert(i);
    }
    c
}

/// The diagnostic that names a section's tables that are not read: the first such table's
/// (or the unknown section's), which lists the others' lines, so a section of twenty value
/// tables is one warning, not twenty.
#[derive(Debug, Clone, Copy)]
pub(super) struct Unread {
    /// Its index in the page's diagnostics.
    pub(super) diag: usize,
    /// Tables listed in it so far.
    pub(super) tables: usize,
    /// It is the first table's own diagnostic (not the unknown section's).
    pub(super) own: bool,
    /// The (unknown) section has text, which the diagnostic also reports as not read.
    pub(super) text: bool,
}

/// Reports table `t` as not read: a new diagnostic when the section has none yet, else its
/// line added to the section's.
fn not_read(
    t: &Table,
    code: Code,
    msg: String,
    unread: &mut Option<Unread>,
    diags: &mut Vec<Diagnostic>,
) {
    let listed = unread.as_mut().and_then(|u| {
        let d = diags.get_mut(u.diag)?;
        let sep = match (u.tables, u.own) {
            (0, true) => " (also the tables at lines ",
            (0, false) => " (tables at lines ",
            _ => ", ",
        };
        if u.tables > 0 {
            d.message.pop();
        }
        d.message.push_str(&format!("{sep}{})", t.pos.line));
        u.tables += 1;
        Some(())
    });
    if listed.is_none() {
        diags.report(code, t.pos, msg);
        *unread = Some(Unread {
            diag: diags.len() - 1,
            tables: 0,
            own: true,
            text: false,
        });
    }
}

/// The columns of a parameter table in section `sec`, or `None` (with a diagnostic) when it
/// cannot be read. `earlier` counts the section's parameter tables already read; tables not
/// read are reported once per section (`unread`).
pub(super) fn param_columns(
    sec: Sec,
    t: &Table,
    earlier: usize,
    unread: &mut Option<Unread>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Columns> {
    if !sec.holds_parameters() {
        let msg = format!(
            "table with header `{}` outside a known section; not read",
            header_text(t)
        );
        not_read(t, Code::TableOutsideSection, msg, unread, diags);
        return None;
    }
    let cols = columns(t);
    if cols.name.is_none() {
        // The section's first table must be its parameter table; later ones are often
        // explanations (bit meanings, value lists).
        let msg = format!(
            "parameter table has no name column (header `{}`); not read",
            header_text(t)
        );
        if earlier == 0 {
            diags.report(Code::ParameterTableWithoutName, t.pos, msg);
        } else {
            not_read(t, Code::TableWithoutName, msg, unread, diags);
        }
        return None;
    }
    if cols.ty.is_none() {
        diags.report(
            Code::TableWithoutType,
            t.pos,
            format!(
                "parameter table has no type column (header `{}`); types are left open (any JSON value)",
                header_text(t)
            ),
        );
    }
    Some(cols)
}

pub(super) fn header_text(t: &Table) -> String {
    t.header
        .iter()
        .map(|c| plain_text(&c.text))
        .collect::<Vec<_>>()
        .join(" | ")
}

pub(super) fn read_error_table(
    t: &Table,
    errors: &mut Vec<ErrorCode>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut status_col = None;
    let mut code_col = None;
    let mut desc_col = None;
    let mut advice_col = None;
    for (i, c) in t.header.iter().enumerate() {
        let h = plain_text(&c.text);
        if h.contains("HTTP") || h.contains("状态码") && !h.contains("错误码") {
            status_col.get_or_insert(i);
        } else if h.contains("错误码") {
            code_col.get_or_insert(i);
        } else if h.contains("描述") || h.contains("错误信息") || h.contains("说明") {
            desc_col.get_or_insert(i);
        } else if h.contains("排查") || h.contains("建议") || h.contains("解决") {
            advice_col.get_or_insert(i);
        }
    }
    let Some(code_col) = code_col else {
        diags.report(
            Code::ErrorTableWithoutCode,
            t.pos,
            format!("error table without a code column (`{}`)", header_text(t)),
        );
        return;
    };
    for r in &t.rows {
        let code_text = plain_text(r.text(code_col));
        let code_text = code_text.trim();
        let Ok(code) = code_text.parse::<i64>() else {
            if !code_text.is_empty() {
                diags.report(
                    Code::ErrorCodeNotInteger,
                    r.pos,
                    format!("error code `{code_text}` is not an integer; row ignored"),
                );
            } else if r
                .cells
                .iter()
                .any(|c| !plain_text(&c.text).trim().is_empty())
            {
                diags.report(
                    Code::ErrorRowWithoutCode,
                    r.pos,
                    "error-table row without an error code; ignored",
                );
            }
            continue;
        };
        let status_text = status_col
            .map(|c| plain_text(r.text(c)))
            .unwrap_or_default();
        let http_status = status_text
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|s| (100..600).contains(s));
        if http_status.is_none() && !status_text.trim().is_empty() {
            diags.report(
                Code::HttpStatusInvalid,
                r.pos,
                format!("HTTP status `{}` is not valid; ignored", status_text.trim()),
            );
        }
        if errors.iter().any(|e| e.code == code) {
            diags.report(
                Code::ErrorCodeTwice,
                r.pos,
                format!("error code {code} is listed twice; the first row is kept"),
            );
            continue;
        }
        let clean = |s: &str| {
            let s = s.trim();
            if s == "-" || s == "\\-" {
                String::new()
            } else {
                s.to_string()
            }
        };
        errors.push(ErrorCode {
            http_status,
            code,
            description: clean(desc_col.map(|c| r.text(c)).unwrap_or("")),
            advice: clean(advice_col.map(|c| r.text(c)).unwrap_or("")),
        });
    }
}
