//! The table of diagnostic kinds: one stable code per kind, with its severity, title,
//! description and advice. Every diagnostic is made with its kind, where it is found (the
//! parser, the linter, `generate`), so its code never depends on its wording. The table is the
//! single source for rendering, for the JSON output and for the table in `docs/LINT.md`
//! (`feishu-codegen lint --list-codes` prints it; a test keeps the doc in step).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// How bad a diagnostic is; fixed per kind ([`Code::severity`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

macro_rules! codes {
    ($(
        $(#[$meta:meta])*
        $variant:ident = $id:literal, $severity:ident, $title:literal,
            $description:literal, $advice:literal;
    )*) => {
        /// A diagnostic kind. Codes are never reused or renumbered: a retired kind keeps its
        /// number unused.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[$meta])* $variant,)*
        }

        impl Code {
            /// Every kind, in code order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable code, `F001`...
            pub fn id(self) -> &'static str {
                match self { $(Code::$variant => $id,)* }
            }

            /// The severity every diagnostic of this kind has.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// A short title.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title,)* }
            }

            /// What the kind means.
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => $description,)* }
            }

            /// How to fix the doc, or why it is only a warning.
            pub fn advice(self) -> &'static str {
                match self { $(Code::$variant => $advice,)* }
            }
        }
    };
}

codes! {
    // Checks of the linter itself: the page contradicts itself.
    ExampleKeyUndocumented = "F001", Warning, "example key not documented",
        "A key of the request or response JSON example that the page's tables do not document (nested keys by path, `items[].id`).",
        "Add the row to the table (or remove the key from the example). Until then the bindings have no such field: a response value is ignored when decoding, a request value cannot be sent.";
    RequiredMissingFromExample = "F002", Warning, "required field missing from the example",
        "A field the table marks required is absent from the example, though its parent object is present.",
        "Add the field to the example, or mark it optional if it is. A warning because examples are illustrations; the bindings follow the table (the constructor requires the field).";
    ExampleValueType = "F003", Warning, "example value of another type",
        "An example value whose JSON type differs from the documented type (a string for an `integer`, an object for a `string`, ...).",
        "Correct the example or the type column. The bindings follow the table, so such a value does not decode as documented.";
    ExampleEnumValue = "F004", Warning, "example value not in the documented values",
        "An example value of a field with a documented value list (`可选值`) that the list does not hold.",
        "Add the value to the list or correct the example. The generated enum is open, so the value still decodes, as `Unknown`.";
    DuplicateField = "F005", Warning, "field documented twice",
        "Two rows of one object (parameter table, body, or the children of one field) have the same name.",
        "Remove or rename one row. The bindings keep the first row; the diagnostic says whether the second one differs.";
    UrlParamUndocumented = "F006", Warning, "URL parameter not documented",
        "A `:param` placeholder of the HTTP URL has no row in the path-parameter table (reported by the parser, which adds it).",
        "Add the row. The bindings still take the parameter, as a required string without documentation.";
    PathParamNotInUrl = "F007", Error, "path parameter not in the URL",
        "A path-parameter row names no placeholder of the HTTP URL.",
        "Correct the row's name or the URL. An error: the bindings would require a value that is never sent.";
    InvalidJsonExample = "F008", Warning, "example is not JSON",
        "The request or response example is not valid JSON, even read leniently; the parser's message says where.",
        "Correct the example. Its keys cannot be checked against the tables, and a request example is kept only as raw text.";
    LenientJsonExample = "F009", Warning, "example is not strict JSON",
        "The example has trailing commas or `//` comments; it was read leniently.",
        "Remove the comments and trailing commas. Nothing is lost; the warning says the doc is not valid JSON as printed.";
    // The parser's own warnings: content it could not read, or read by a guess.
    TableOutsideSection = "F010", Warning, "table outside a known section",
        "A table that does not sit under a request, response or error section heading; it is not read. Reported once per section: the first such table's diagnostic lists the others' lines (`also the tables at lines …`). A table whose header names exactly one field of the page (`obj_type | 说明`) is not one of them: it is read as that field's values.",
        "Put the table under a known section heading (请求头, 路径参数, 查询参数, 请求体, 响应体, 错误码) or make it prose. Such tables often hold value lists or notes that the IR does not model yet.";
    UnknownSection = "F011", Warning, "unknown section",
        "A section whose heading the parser does not recognise; its content is not read. Its tables are listed in this diagnostic (`tables at lines …`), not reported one by one.",
        "Rename the heading to a known one, or leave it: the warning keeps the loss visible.";
    TableWithoutName = "F012", Warning, "table without a name column",
        "A later table of a parameter section that has no name column (often a list of values or bit meanings); not read. Reported once per section, listing the other such tables' lines.",
        "Give the table a name column or move its content into the field's description.";
    TableWithoutType = "F013", Warning, "table without a type column",
        "A parameter table without a type column; its fields are typed `any` (any JSON value).",
        "Add the type column.";
    UnknownType = "F014", Warning, "unknown type",
        "A field type the parser does not know; the field is read as `any`.",
        "Use a documented type (`string`, `int`, `boolean`, `object`, `x[]`, a named type).";
    RowWithoutName = "F015", Warning, "row without a field name",
        "A table row whose name cell is empty; the row is ignored.",
        "Fill in the name or remove the row.";
    RequiredValueUnknown = "F016", Warning, "unreadable required flag",
        "The required cell (`必填`) holds something other than yes or no; the field is left undecided.",
        "Write 是 or 否.";
    NestingJump = "F017", Warning, "nesting jumps a level",
        "A row nested more than one level below the row before it; it is read as one level deeper.",
        "Fix the nesting prefix (`└`, indentation or level) of the row.";
    ResponseFieldsOutsideData = "F018", Warning, "response fields outside `data`",
        "Rows of the response table that are neither `code`, `msg` nor under `data`; they are not read.",
        "Move the rows under `data`, or make them prose when they are not fields.";
    FlatResponse = "F019", Warning, "response without `data`",
        "The response table has no `data` field; its fields are read as sitting beside `code` and `msg`.",
        "None needed when the API really answers that way (some authentication APIs); the warning says which reading was taken.";
    EncodedStringSubFields = "F020", Warning, "string field with sub-fields",
        "A string field documents sub-fields; it stays a string (the sub-fields describe its JSON-encoded content).",
        "None needed; the sub-fields are kept in the IR.";
    UnusedTypeExtra = "F021", Warning, "unused type description",
        "A type in the `类型额外说明` blocks that no field refers to; its fields are not attached anywhere.",
        "Refer to the type from a field, or remove the block.";
    BodyInferredFromExample = "F022", Warning, "request body inferred from the example",
        "The page has a request example but no request body table; the body fields were inferred from the example.",
        "Add the request body table. Inferred fields have guessed types and no documentation.";
    UnknownRequestRow = "F023", Warning, "unknown request table row",
        "A row of the request table (HTTP URL, HTTP Method, ...) the parser does not know; ignored.",
        "Remove or rename the row.";
    UrlQueryString = "F024", Warning, "query string in the URL",
        "The HTTP URL carries a query string; it is dropped from the path template.",
        "Document the query parameters in the query-parameter table instead.";
    UrlBracePlaceholders = "F025", Warning, "`{}` placeholders in the URL",
        "The HTTP URL writes placeholders as `{param}`; they are read as `:param`.",
        "Write `:param`. Nothing is lost.";
    ErrorTableWithoutCode = "F026", Warning, "error table without a code column",
        "An error table without an error-code column; not read.",
        "Add the code column.";
    ErrorCodeNotInteger = "F027", Warning, "error code not an integer",
        "An error-table row whose code is not an integer; the row is ignored.",
        "Write the code as an integer (one per row).";
    HttpStatusInvalid = "F028", Warning, "invalid HTTP status",
        "An error-table row whose HTTP status is not a valid status; the status is left unknown.",
        "Write a status between 100 and 599.";
    ErrorCodeTwice = "F029", Warning, "error code listed twice",
        "An error code appears in two rows; the first is kept.",
        "Remove the duplicate row or correct its code.";
    NoTitle = "F030", Warning, "no title",
        "The page has no title heading.",
        "Add a first-level or second-level heading with the API's name.";
    ApiNameMismatch = "F031", Warning, "API name differs from the path",
        "The page names its API (in the explorer link) differently from its path in `specs/`; the page's name is used.",
        "Move the page to the path its name gives.";
    HtmlBlockUnclosed = "F032", Warning, "`:::html` block not closed",
        "A `:::html` block without its closing `:::` line; it is read to the end of the page.",
        "Add the closing line.";
    HtmlMarkupRepaired = "F033", Warning, "HTML markup repaired",
        "Malformed markup in a `:::html` block (unclosed or stray tags, unknown elements, bad attributes, a second header row); read as well as possible, the message says how.",
        "Correct the markup.";
    HtmlContentDropped = "F034", Warning, "HTML content dropped",
        "Content of a `:::html` table outside any cell (text between rows, cells outside rows, an unclosed comment); dropped.",
        "Move the content into a cell or out of the table.";
    HtmlRowLevel = "F035", Warning, "HTML row level unknown",
        "A `<md-dt-tr>` row without a numeric `level`; its nesting is read from its text.",
        "Give the row a `level` attribute.";
    HtmlDiagnosticsCapped = "F036", Warning, "further HTML diagnostics not shown",
        "A `:::html` block had more problems than are reported one by one; the count is given.",
        "Fix the reported ones first.";
    DelimiterRowRepaired = "F037", Warning, "table delimiter row repaired",
        "A table's delimiter row (`| --- |`) has another number of cells than its header; the table is read with the header's columns.",
        "Give the delimiter row as many cells as the header. Nothing is lost; a strict Markdown reader would drop the whole table.";
    AlternativeNames = "F038", Warning, "row names alternatives",
        "A row names two wire names as alternatives (`employee_id、open_id`); each is read as a separate optional field.",
        "Document each name in its own row, saying when it is required.";
    PathParamInBody = "F039", Warning, "path parameter documented with the body",
        "A row among the request's other parameters names the HTTP URL's `:param`; it is read as a path parameter.",
        "Move the row to the path-parameter table.";
    // The parser's errors: the page cannot be generated.
    InvalidUtf8 = "F040", Error, "not UTF-8",
        "The page is not valid UTF-8; invalid bytes were replaced with U+FFFD.",
        "Save the page as UTF-8.";
    EmptyPage = "F041", Error, "empty page",
        "The page has no content.",
        "Remove the file or fill it in.";
    NoUrl = "F042", Error, "no HTTP URL",
        "No request table has an `HTTP URL` row.",
        "Add the request table with its `HTTP URL` row.";
    NoMethod = "F043", Error, "no HTTP method",
        "No request table has an `HTTP Method` row.",
        "Add the `HTTP Method` row.";
    UnknownMethod = "F044", Error, "unknown HTTP method",
        "The `HTTP Method` row holds no known method.",
        "Write GET, POST, PUT, PATCH or DELETE.";
    UrlWithoutPath = "F045", Error, "URL without a path",
        "The HTTP URL has no path.",
        "Write the full URL, `https://open.feishu.cn/open-apis/...`.";
    ParameterTableWithoutName = "F046", Error, "parameter table without a name column",
        "The first table of a parameter section has no name column, so its fields cannot be read.",
        "Add the name column (参数名, 名称, ...).";
    LimitExceeded = "F047", Error, "input over a limit",
        "The page exceeds one of the parser's limits (page size, rows, fields, cell or code length, nesting depth); the excess is dropped.",
        "Split the page or the table; the limits are far above any real page.";
    TableNotRead = "F048", Error, "table not read",
        "A table whose delimiter row does not fit its header and cannot be repaired; the table is not read.",
        "Give the delimiter row as many cells as the header.";
    // F060 on: warnings added with the row accounting of issue 11 (F049–F059 are left to
    // the parallel work on other converters' forms, so the two never take the same code).
    ResponseHeaderNotRead = "F060", Warning, "response header not read",
        "A row of the response-header table (响应头). The IR has no response headers, so the bindings do not return it; each row gets its own diagnostic.",
        "None on the page; the warning keeps the header visible until the bindings return response headers.";
    RowLost = "F061", Error, "table row lost",
        "A named row of a parameter or response table that reached neither the IR nor a diagnostic of its own: the parser lost it. The parser checks every page for it; none over `specs/` or the doc corpus.",
        "Report it: it is a parser defect. Until it is fixed, the bindings lack the field.";
    ErrorRowWithoutCode = "F062", Warning, "error row without a code",
        "A row of an error table whose code cell is empty though other cells have text; the row is ignored.",
        "Write the row's error code, or join its text to the row it continues.";
    DividerRow = "F063", Warning, "divider row in a table",
        "A row whose name cell is a rule of `=` (`================ | **以下字段适用于…**`): a heading inside the table. It is skipped, and the rows after it stay nested where they were.",
        "Move the note into the description of the object it introduces.";
    FlattenedNesting = "F064", Warning, "flattened nesting guessed",
        "A request or response table without any nesting markers (`└`, indentation) whose tree was rebuilt from the page's JSON example and the run's dictionary of named types, where neither could place a row: it stays in the innermost open object. The message names the object taken.",
        "Mark the nesting in the table (`└` or indentation), or show the object in the example.";
    // `generate`'s own check of where a page sits.
    ServiceDirectoryMismatch = "F065", Error, "page in another service's directory",
        "A page under `specs/<dir>/` that documents an API of another service (its explorer link names the service). Reported by `generate`, which then writes nothing: the per-service Cargo features select pages by directory.",
        "Move the page to its service's directory.";
    // F099 (unclassified parser diagnostic) is retired: every diagnostic is made with its
    // kind, so none is left without one.
    // F070 on: event and callback pages (issue 19).
    EnvelopeRowUnknown = "F070", Warning, "envelope row not known",
        "A row of an event body table that is neither part of the event envelope (`schema`, `header.*` of the 2.0 one; `ts`, `uuid`, `token`, `type` of the 1.0 one) nor under its `event` object. The bindings do not read it.",
        "Move the row under `event`, or remove it if Feishu does not send it.";
    FieldMerged = "F071", Warning, "field documented in several tables, merged",
        "A page documents its event in several tables (variants of one event: `leave_approval`, `leave_approvalV2`) or a callback its answer in several (alternative answers); the tables are merged field by field and each repeated row is named here. A repeated field of another type keeps both types.",
        "None needed when the tables document alternatives; otherwise document the field once.";
    EventBodyInferred = "F072", Warning, "event body inferred from the example",
        "The event or callback page has no table for its event object (or answer); the fields are inferred from the JSON example, so fields it leaves out are missing.",
        "Add the 事件体 table.";
    EventNameMismatch = "F073", Warning, "event name differs from its type",
        "The page's explorer link (`project=…&event=…`) names another event than its event type (`im.message.receive_v1` → `im/v1/message/receive`); the link is used.",
        "Make the link and the type agree.";
    TypeAlternatives = "F074", Warning, "field of several types",
        "The field's type cell lists alternatives (`object/ string`) or its description says the value has another type in some case (`数据类型为 int64，而不是 string`); every type is recorded (`also_types`) and accepted.",
        "None on the page: Feishu sends either type. The warning keeps the quirk visible.";
    AnswerOfEvent = "F075", Warning, "answer table on an event page",
        "An event page (`事件类型`) documents an answer (`响应回调的结构体`), which only callbacks have; its rows are not read.",
        "Make the page a callback (`回调类型`), or remove the answer.";
    EventWithoutBody = "F076", Error, "event without a body",
        "An event or callback page with neither an event body table nor an example: there is nothing to type.",
        "Add the 事件体 table and its example.";
    NotAnApi = "F077", Error, "event page read as an API",
        "An event or callback page given to a reader of API pages only (`parse_page`). `feishu-codegen ir`, `generate`, `diff` and `lint` read it as an event.",
        "Read it with `parse_item`.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// As its stable code, `"F010"` (the IR's JSON shape).
impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        Code::from_id(&id)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown diagnostic code `{id}`")))
    }
}

impl Code {
    /// The kind with the stable code `id` (`F001`).
    pub fn from_id(id: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.id() == id)
    }
}

/// The code table as Markdown: one section per kind, in code order. This is what
/// `docs/LINT.md` holds between its `codes` markers.
pub fn markdown() -> String {
    let mut out = String::from("| code | severity | title |\n| --- | --- | --- |\n");
    for c in Code::ALL {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            c.id(),
            c.severity(),
            c.title()
        ));
    }
    for c in Code::ALL {
        out.push_str(&format!(
            "\n### {} {}\n\n*{}.* {}\n\n{}\n",
            c.id(),
            c.title(),
            c.severity(),
            c.description(),
            c.advice()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_are_distinct_well_formed_and_in_order() {
        let ids: Vec<&str> = Code::ALL.iter().map(|c| c.id()).collect();
        let distinct: BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(distinct.len(), ids.len(), "{ids:?}");
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(sorted, ids, "ALL is in code order");
        for id in &ids {
            assert!(
                id.len() == 4 && id.starts_with('F') && id[1..].chars().all(|c| c.is_ascii_digit()),
                "{id}"
            );
        }
        for c in Code::ALL {
            assert_eq!(Code::from_id(c.id()), Some(*c));
            assert!(
                !c.title().is_empty() && c.description().ends_with('.'),
                "{c}"
            );
            assert!(c.advice().ends_with('.'), "{c}");
        }
        assert_eq!(Code::from_id("F000"), None);
    }
}
