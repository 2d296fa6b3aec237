//! Stable codes for the kinds of diagnostic the parser reports, for `feishu-codegen lint`.
//!
//! A kind is recognised by a fixed fragment of its message (messages are built in one place
//! each, in `parse/`); codes are never renumbered, new kinds take the next free code, and
//! `F000` is anything not (yet) classified. docs/LINT.md lists them with today's counts.

/// One kind of diagnostic.
pub struct Kind {
    pub code: &'static str,
    /// A fragment every message of this kind contains.
    needle: &'static str,
    /// What it means, for the summary table and docs/LINT.md.
    pub what: &'static str,
}

const fn kind(code: &'static str, needle: &'static str, what: &'static str) -> Kind {
    Kind { code, needle, what }
}

/// Every kind, by code.
pub const KINDS: &[Kind] = &[
    kind(
        "F001",
        "outside a known section",
        "table outside a known section, not read",
    ),
    kind(
        "F002",
        "unknown section",
        "section with an unknown title, not read",
    ),
    kind(
        "F003",
        "has no name column",
        "parameter table without a name column, not read",
    ),
    kind(
        "F004",
        "has no type column",
        "parameter table without a type column",
    ),
    kind(
        "F005",
        "unknown type",
        "documented type not understood, read as any",
    ),
    kind(
        "F006",
        "is not strict JSON",
        "example with trailing commas or comments",
    ),
    kind("F007", "is not valid JSON", "example that is not JSON"),
    kind(
        "F008",
        "body fields inferred from the request example",
        "request body known only from its example",
    ),
    kind(
        "F009",
        "has no `data` field",
        "response fields beside code/msg",
    ),
    kind(
        "F010",
        "is not an integer; row ignored",
        "error-table row without an integer code",
    ),
    kind(
        "F011",
        "carries a query string",
        "HTTP URL with a query string",
    ),
    kind(
        "F012",
        "but documents sub-fields",
        "scalar field documenting sub-fields",
    ),
    kind(
        "F013",
        "delimiter row has",
        "table delimiter row not matching its header",
    ),
    kind(
        "F014",
        "names alternatives",
        "row naming alternative parameters",
    ),
    kind(
        "F015",
        "no path-parameter row documents it",
        "URL :param without a path-parameter row",
    ),
    kind(
        "F016",
        "documented with the request's other parameters",
        "path parameter documented in the body or query table",
    ),
    kind("F017", "is listed twice", "error code listed twice"),
    kind(
        "F018",
        "unknown request table row",
        "request-table row not understood",
    ),
    kind(
        "F019",
        "table row without a field name",
        "parameter row without a name",
    ),
    kind("F020", "is not 是/否", "required cell not understood"),
    kind(
        "F021",
        "the page names the API",
        "the page's own API name differs from its path",
    ),
    kind(
        "F022",
        "levels below its parent",
        "row nested more than one level below its parent",
    ),
    kind(
        "F023",
        "is not used by any field",
        "named type (类型额外说明) no field uses",
    ),
    kind("F024", "html:", "malformed :::html markup"),
    kind(
        "F025",
        "response fields outside `data` ignored",
        "response rows beside data, not read",
    ),
    kind(
        "F026",
        "placeholders; read as",
        "HTTP URL with {} placeholders",
    ),
    kind(
        "F027",
        "HTTP method",
        "HTTP method missing or not supported",
    ),
    kind("F028", "HTTP URL", "HTTP URL missing or without a path"),
];

/// The code of a diagnostic message; `F000` when no kind matches.
pub fn code_of(message: &str) -> &'static str {
    KINDS
        .iter()
        .find(|k| message.contains(k.needle))
        .map_or("F000", |k| k.code)
}

/// What a code means.
pub fn what(code: &str) -> &'static str {
    KINDS
        .iter()
        .find(|k| k.code == code)
        .map_or("not classified", |k| k.what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_in_order() {
        let codes: Vec<&str> = KINDS.iter().map(|k| k.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn messages_map_to_their_kind() {
        assert_eq!(
            code_of("unknown section `状态说明`; its content is not read"),
            "F002"
        );
        assert_eq!(
            code_of(
                "the table's delimiter row has 5 cells under a 4-cell header; read with 4 columns"
            ),
            "F013"
        );
        assert_eq!(code_of("something new"), "F000");
        assert_eq!(what("F000"), "not classified");
    }
}
