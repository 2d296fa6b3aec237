//! The hostile-pages suite ("Robust under any input").
//!
//! Every case is one small Markdown page in `tests/hostile/<case>.md` whose first line says what
//! it attacks. A test per case parses the page (as `hostile/v1/<case>/get.md`) and asserts the
//! specific diagnostic, or runs the whole pipeline (parse → emit → format) and asserts on the
//! generated items. Assertions are about stable things: Rust identifiers, wire names as string
//! literals, where doc text ends up, diagnostics. Every error-free page is then generated
//! together and compiled as a real crate with `-D warnings` (`error_free_pages_compile`).
//!
//! Big inputs stay small on disk: a line `<!-- repeat N: TEMPLATE -->` expands to N lines of
//! TEMPLATE (`{i}` is the 1-based line number), and `<!-- inline N: TEXT -->` inside a line
//! expands to TEXT written N times.

use feishu_codegen::ir::{Api, Diagnostic, Field, Severity, Type};
use feishu_codegen::{emit, format, generate, parse_page};
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "support/rustdoc_md.rs"]
mod rustdoc_md;

const PAGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile");

// ---------------------------------------------------------------------------------------------
// Reading pages

/// The spec path a case is read as.
fn source_of(case: &str) -> String {
    format!("hostile/v1/{case}/get.md")
}

/// The page's bytes, with `repeat`/`inline` markers expanded.
fn page_bytes(case: &str) -> Vec<u8> {
    let path = Path::new(PAGES).join(format!("{case}.md"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        bytes.starts_with(b"<!-- attacks: ") || bytes.starts_with(b"\xef\xbb\xbf<!-- attacks: "),
        "{case}.md must start with an `<!-- attacks: ... -->` comment"
    );
    expand(&bytes)
}

/// Expands `<!-- repeat N: T -->` lines and `<!-- inline N: T -->` spans (byte-level, so
/// pages that are deliberately not UTF-8 pass through untouched).
fn expand(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        let body = line.strip_suffix(b"\n").unwrap_or(line);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        let eol = &line[body.len()..];
        if let Some(rest) = body.strip_prefix(b"<!-- repeat ") {
            let text = std::str::from_utf8(rest).expect("repeat marker is UTF-8");
            let (n, template) = marker(text);
            for i in 1..=n {
                out.extend_from_slice(template.replace("{i}", &i.to_string()).as_bytes());
                out.extend_from_slice(if eol.is_empty() { b"\n" } else { eol });
            }
            continue;
        }
        match std::str::from_utf8(body) {
            Ok(text) if text.contains("<!-- inline ") => {
                let mut s = String::new();
                let mut rest = text;
                while let Some(at) = rest.find("<!-- inline ") {
                    s.push_str(&rest[..at]);
                    let after = &rest[at + "<!-- inline ".len()..];
                    let end = after.find(" -->").expect("inline marker is closed");
                    let (n, t) = marker(&after[..end + 4]);
                    s.push_str(&t.repeat(n));
                    rest = &after[end + 4..];
                }
                s.push_str(rest);
                out.extend_from_slice(s.as_bytes());
                out.extend_from_slice(eol);
            }
            _ => out.extend_from_slice(line),
        }
    }
    out
}

/// `N: TEXT -->` → (N, TEXT).
fn marker(s: &str) -> (usize, String) {
    let (n, t) = s.split_once(": ").expect("marker is `N: TEXT -->`");
    let t = t.strip_suffix(" -->").expect("marker ends with ` -->`");
    (n.trim().parse().expect("marker count"), t.to_owned())
}

fn parse(case: &str) -> Api {
    parse_page(&source_of(case), &page_bytes(case))
}

fn rendered(api: &Api, severity: Severity) -> Vec<String> {
    api.diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| d.render(&api.source))
        .collect()
}

fn errors(api: &Api) -> Vec<String> {
    rendered(api, Severity::Error)
}

fn warnings(api: &Api) -> Vec<String> {
    rendered(api, Severity::Warning)
}

/// Asserts a diagnostic of `severity` at `line` whose message contains `needle`.
#[track_caller]
fn assert_diag(api: &Api, severity: Severity, line: u32, needle: &str) -> Diagnostic {
    api.diagnostics
        .iter()
        .find(|d| d.severity == severity && d.line == line && d.message.contains(needle))
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "no {severity} at line {line} containing {needle:?}; got:\n{}",
                api.diagnostics
                    .iter()
                    .map(|d| d.render(&api.source))
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        })
}

fn field<'a>(fields: &'a [Field], name: &str) -> &'a Field {
    fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no field {name:?} in {:?}", names(fields)))
}

fn names(fields: &[Field]) -> Vec<&str> {
    fields.iter().map(|f| f.name.as_str()).collect()
}

// ---------------------------------------------------------------------------------------------
// Generating

/// What the generated code of one page contains, read back with syn.
struct Generated {
    api: Api,
    /// Every generated file, formatted.
    files: BTreeMap<String, String>,
    /// The resource file of the case.
    text: String,
    /// Identifiers outside literals (raw ones as `r#type`).
    idents: BTreeSet<String>,
    /// Values of `#[doc = "..."]` attributes (doc comments), in order.
    docs: Vec<String>,
    /// Values of all other string literals.
    strings: BTreeSet<String>,
    /// Every token outside doc attributes and literals, space-separated.
    code: String,
}

impl Generated {
    #[track_caller]
    fn has_ident(&self, ident: &str) {
        assert!(
            self.idents.contains(ident),
            "no identifier `{ident}` in:\n{}",
            self.text
        );
    }

    #[track_caller]
    fn has_string(&self, s: &str) {
        assert!(
            self.strings.contains(s),
            "no string literal {s:?}; literals: {:?}",
            self.strings
        );
    }

    /// Whether some doc line contains `needle`.
    fn doc_contains(&self, needle: &str) -> bool {
        self.docs.iter().any(|d| d.contains(needle))
    }

    #[track_caller]
    fn text_has(&self, needle: &str) {
        assert!(
            self.text.contains(needle),
            "no {needle:?} in:\n{}",
            self.text
        );
    }

    /// The named struct or enum's field/variant identifiers (in order).
    fn members(&self, item: &str) -> Vec<String> {
        let file = syn::parse_file(&self.text).expect("parsed before");
        for it in &file.items {
            match it {
                syn::Item::Struct(s) if s.ident == item => {
                    return s
                        .fields
                        .iter()
                        .filter_map(|f| f.ident.as_ref().map(|i| i.to_string()))
                        .collect();
                }
                syn::Item::Enum(e) if e.ident == item => {
                    return e.variants.iter().map(|v| v.ident.to_string()).collect();
                }
                _ => {}
            }
        }
        panic!("no struct or enum `{item}` in:\n{}", self.text)
    }

    /// Names of all structs, enums and type aliases of the resource file.
    fn types(&self) -> BTreeSet<String> {
        let file = syn::parse_file(&self.text).expect("parsed before");
        file.items
            .iter()
            .filter_map(|it| match it {
                syn::Item::Struct(s) => Some(s.ident.to_string()),
                syn::Item::Enum(e) => Some(e.ident.to_string()),
                syn::Item::Type(t) => Some(t.ident.to_string()),
                _ => None,
            })
            .collect()
    }
}

/// Runs parse → emit → format on one case, asserting no error diagnostics and that every file
/// parses with `syn::parse_file`.
#[track_caller]
fn generate(case: &str) -> Generated {
    let api = parse(case);
    assert!(!api.has_errors(), "{case}: {:?}", errors(&api));
    let files = emit_and_format(std::slice::from_ref(&api));
    // One resource per case: its module file is the only one under `hostile/v1/`.
    let text = files
        .iter()
        .find(|(k, _)| k.starts_with("hostile/v1/"))
        .map(|(_, t)| t.clone())
        .unwrap_or_else(|| panic!("no hostile/v1/ module among {:?}", files.keys()));
    let file = syn::parse_file(&text).expect("checked by emit_and_format");
    let mut g = Generated {
        api,
        files,
        text,
        idents: BTreeSet::new(),
        docs: Vec::new(),
        strings: BTreeSet::new(),
        code: String::new(),
    };
    scan(file.into_token_stream(), &mut g);
    g
}

/// Emits and formats `apis`; every file must parse with `syn::parse_file`.
#[track_caller]
fn emit_and_format(apis: &[Api]) -> BTreeMap<String, String> {
    let emitted = emit::emit(apis).unwrap_or_else(|e| panic!("emit failed: {e}"));
    let mut files = BTreeMap::new();
    for f in emitted {
        let text = format::format_file(f.tokens)
            .unwrap_or_else(|e| panic!("format failed for {}: {e}", f.path));
        if let Err(e) = syn::parse_file(&text) {
            panic!("{} does not parse: {e}\n{text}", f.path);
        }
        files.insert(f.path, text);
    }
    files
}

fn lit_value(lit: &proc_macro2::Literal) -> Option<String> {
    match syn::parse_str::<syn::Lit>(&lit.to_string()).ok()? {
        syn::Lit::Str(s) => Some(s.value()),
        _ => None,
    }
}

fn scan(tokens: TokenStream, g: &mut Generated) {
    for tt in tokens {
        match tt {
            TokenTree::Group(grp) => {
                if grp.delimiter() == Delimiter::Bracket {
                    let inner: Vec<TokenTree> = grp.stream().into_iter().collect();
                    if let [TokenTree::Ident(i), TokenTree::Punct(p), TokenTree::Literal(l)] =
                        inner.as_slice()
                    {
                        if i == "doc" && p.as_char() == '=' {
                            g.docs.push(lit_value(l).unwrap_or_default());
                            g.code.push_str("[doc] ");
                            continue;
                        }
                    }
                }
                g.code.push_str(match grp.delimiter() {
                    Delimiter::Parenthesis => "( ",
                    Delimiter::Brace => "{ ",
                    Delimiter::Bracket => "[ ",
                    Delimiter::None => "",
                });
                scan(grp.stream(), g);
                g.code.push_str(match grp.delimiter() {
                    Delimiter::Parenthesis => ") ",
                    Delimiter::Brace => "} ",
                    Delimiter::Bracket => "] ",
                    Delimiter::None => "",
                });
            }
            TokenTree::Ident(i) => {
                let s = i.to_string();
                g.code.push_str(&s);
                g.code.push(' ');
                g.idents.insert(s);
            }
            TokenTree::Punct(p) => {
                g.code.push(p.as_char());
                g.code.push(' ');
            }
            TokenTree::Literal(l) => {
                if let Some(v) = lit_value(&l) {
                    g.strings.insert(v);
                    g.code.push_str("\"\" ");
                } else {
                    g.code.push_str(&l.to_string());
                    g.code.push(' ');
                }
            }
        }
    }
}

/// Asserts that `marker` reached the output only as documentation: some doc line contains it,
/// no identifier or code token does, and no item named `evil` appeared.
#[track_caller]
fn assert_only_in_docs(g: &Generated, marker: &str) {
    assert!(
        g.doc_contains(marker),
        "marker {marker:?} not found in any doc line of:\n{}",
        g.text
    );
    assert!(
        !g.code.contains(marker),
        "marker {marker:?} leaked into code: {}",
        g.code
    );
    assert!(
        !g.idents.contains("evil"),
        "an `evil` identifier was generated:\n{}",
        g.text
    );
}

// ---------------------------------------------------------------------------------------------
// The cases

// --- Names --------------------------------------------------------------------------------

#[test]
fn kw_fields() {
    let g = generate("kw_fields");
    let body = g.members("GetKwFieldsRequestBody");
    assert_eq!(
        body,
        [
            "type_",
            "self_",
            "self_2",
            "crate_",
            "super_",
            "r",
            "fn_",
            "async_",
            "gen_",
            "union",
            "field_da0c196e",
            "match_"
        ]
    );
    for wire in ["self", "Self", "crate", "super", "r#", "_"] {
        g.has_string(wire);
    }
    assert_eq!(
        g.members("GetKwFieldsResponse"),
        ["type_", "loop_"],
        "response keywords"
    );
    // The nested object's own keyword fields.
    let nested = g
        .types()
        .into_iter()
        .find(|t| t.ends_with("Loop"))
        .expect("a struct for `loop`");
    assert_eq!(g.members(&nested), ["super_", "yield_"]);
    g.text_has("pub fn new(type_: impl");
    g.has_ident("type_");
    g.has_ident("self_");
}

#[test]
fn digit_first() {
    let g = generate("digit_first");
    assert_eq!(
        g.members("GetDigitFirstRequestBody"),
        ["_1st", "_2fa", "_123", "_9lives"]
    );
    assert_eq!(g.members("GetDigitFirstRequest"), ["_2fa", "body"]);
    assert_eq!(g.members("GetDigitFirstResponse"), ["_0", "_1st"]);
    for wire in ["1st", "2fa", "123", "9lives", "0"] {
        g.has_string(wire);
    }
}

#[test]
fn empty_name() {
    let api = parse("empty_name");
    assert_diag(
        &api,
        Severity::Warning,
        26,
        "table row without a field name",
    );
    assert_diag(
        &api,
        Severity::Warning,
        27,
        "table row without a field name",
    );
    assert_eq!(names(&api.request_body.fields), ["ok"]);
    let g = generate("empty_name");
    assert_eq!(g.members("GetEmptyNameRequestBody"), ["ok"]);
}

#[test]
fn cjk_emoji() {
    let g = generate("cjk_emoji");
    let body = g.members("GetCjkEmojiRequestBody");
    assert_eq!(body.len(), 5);
    // No ASCII to keep: a stable hash-based name, distinct per wire name.
    let hashed: BTreeSet<&String> = body.iter().filter(|f| f.starts_with("field_")).collect();
    assert_eq!(hashed.len(), 4, "{body:?}");
    assert_eq!(
        body.last().map(String::as_str),
        Some("x"),
        "`名称x` keeps its ASCII"
    );
    for wire in ["名称", "名字", "🚀", "😀😀", "名称x", "结果"] {
        g.has_string(wire);
    }
    // The same wire name gets the same identifier in the request and the response.
    let resp = g.members("GetCjkEmojiResponse");
    assert_eq!(resp.get(1), body.get(2), "`🚀` in both");
}

#[test]
fn punct_names() {
    let g = generate("punct_names");
    let body = g.members("GetPunctNamesRequestBody");
    assert_eq!(&body[..4], ["a_b", "a_b_2", "a_b_3", "a_b_4"]);
    assert!(body[4].starts_with("field_") && body[5].starts_with("field_"));
    assert_ne!(body[4], body[5]);
    for wire in ["a-b", "a.b", "a b", "a__b", "-", ".", "x-y", "x.y"] {
        g.has_string(wire);
    }
    assert_eq!(g.members("GetPunctNamesResponse"), ["x_y", "x_y_2"]);
}

#[test]
fn case_twins() {
    let g = generate("case_twins");
    assert_eq!(
        g.members("GetCaseTwinsRequestBody"),
        ["user_id", "user_id_2", "user_id_3", "user_id_4"]
    );
    assert_eq!(
        g.members("GetCaseTwinsRequest"),
        ["user_id", "user_id_2", "body"]
    );
    assert_eq!(g.members("GetCaseTwinsResponse"), ["open_id", "open_id_2"]);
    for wire in ["userId", "UserID", "USER_ID", "openId"] {
        g.has_string(wire);
    }
    assert_unique_methods(&g);
}

/// Every inherent method name is defined once per impl block.
#[track_caller]
fn assert_unique_methods(g: &Generated) {
    let file = syn::parse_file(&g.text).expect("parsed before");
    for it in &file.items {
        if let syn::Item::Impl(imp) = it {
            let mut seen = BTreeSet::new();
            for ii in &imp.items {
                if let syn::ImplItem::Fn(f) = ii {
                    assert!(
                        seen.insert(f.sig.ident.to_string()),
                        "method `{}` defined twice",
                        f.sig.ident
                    );
                }
            }
        }
    }
}

#[test]
fn exact_dupes() {
    let api = parse("exact_dupes");
    // The parser keeps both rows (see parse_adversarial); the emitter keeps the first.
    assert_eq!(names(&api.request_body.fields), ["name", "name", "other"]);
    let g = generate("exact_dupes");
    assert_eq!(g.members("GetExactDupesRequestBody"), ["name", "other"]);
    g.text_has("pub name: ::std::string::String,");
    assert!(g.doc_contains("第一") && !g.doc_contains("第二"));
    assert_eq!(g.members("GetExactDupesResponse"), ["id"]);
}

#[test]
fn invisible_chars() {
    let g = generate("invisible_chars");
    assert_eq!(
        g.members("GetInvisibleCharsRequestBody"),
        ["user_id", "user_id_2", "user_id_3", "user_id_4"]
    );
    g.has_string("user\u{200b}id");
    g.has_string("\u{200d}user_id\u{200d}");
}

#[test]
fn query_methods() {
    let g = generate("query_methods");
    assert_eq!(
        g.members("GetQueryMethodsRequest"),
        ["new", "path", "query", "body_2", "self_", "type_", "body"]
    );
    assert_eq!(
        g.members("GetQueryMethodsRequestBody"),
        ["new", "body", "type_"]
    );
    assert_unique_methods(&g);
    g.text_has("pub fn new() -> Self");
    // The query string still uses the wire names.
    for wire in ["new", "path", "query", "body", "self", "type"] {
        g.has_string(wire);
    }
}

#[test]
fn required_clash() {
    let g = generate("required_clash");
    assert_eq!(
        g.members("GetRequiredClashRequest"),
        ["id", "id_2", "body_2", "body"]
    );
    assert_eq!(
        g.members("GetRequiredClashRequestBody"),
        ["id", "body", "self_"]
    );
    // Six required fields are past what `new` takes: a builder, one setter for each.
    let file = syn::parse_file(&g.text).unwrap();
    let setters: Vec<String> = file
        .items
        .iter()
        .find_map(|it| match it {
            syn::Item::Impl(i)
                if i.self_ty.to_token_stream().to_string() == "GetRequiredClashRequestBuilder" =>
            {
                Some(
                    i.items
                        .iter()
                        .filter_map(|ii| match ii {
                            syn::ImplItem::Fn(f) if f.sig.ident != "build" => {
                                Some(f.sig.ident.to_string())
                            }
                            _ => None,
                        })
                        .collect(),
                )
            }
            _ => None,
        })
        .expect("impl GetRequiredClashRequestBuilder");
    let distinct: BTreeSet<&String> = setters.iter().collect();
    assert_eq!(setters.len(), 6, "{setters:?}");
    assert_eq!(distinct.len(), setters.len(), "{setters:?}");
}

#[test]
fn named_type_keywords() {
    let g = generate("named_type_keywords");
    let types = g.types();
    // The documented type `type` is a generic word: it takes its field's name (`AType`).
    for t in ["AType", "Crate", "Fn"] {
        assert!(types.contains(t), "{t} in {types:?}");
    }
    // `self` and `Self` both want `Self`, which is not a type name: both become `Self_`,
    // told apart by their field paths (`BSelf_`, `CSelf_`), not by a counter.
    assert!(!types.contains("Self"));
    assert_eq!(
        types.iter().filter(|t| t.ends_with("Self_")).count(),
        2,
        "{types:?}"
    );
    assert_eq!(
        g.members("GetNamedTypeKeywordsRequestBody"),
        ["a", "b", "c", "d", "e"]
    );
}

#[test]
fn clash() {
    let g = generate("clash");
    let types = g.types();
    for t in [
        "GetClashRequest",
        "GetClashRequestBody",
        "GetClashResponse",
        "GetClashError",
        "Unknown",
    ] {
        assert!(types.contains(t), "{t} in {types:?}");
    }
    // The documented types were renamed, not merged with the generated ones.
    assert_eq!(g.members("GetClashRequest"), ["body"]);
    assert_eq!(g.members("GetClashResponse"), Vec::<String>::new());
    assert_eq!(
        g.members("GetClashError").last().map(String::as_str),
        Some("Unknown")
    );
    assert_eq!(types.len(), 9, "{types:?}");
}

#[test]
fn prelude_names() {
    let g = generate("prelude_names");
    let types = g.types();
    for t in [
        "Option",
        "StringInfo",
        "Vec",
        "Result",
        "Box",
        "Default",
        "Some",
        "None",
        "Ok",
    ] {
        assert!(types.contains(t), "{t} in {types:?}");
    }
    // Generated code names std types by absolute path, so the shadowing is harmless; the
    // compile test proves it.
    g.text_has("::std::option::Option<");
}

// --- Doc text -----------------------------------------------------------------------------

#[test]
fn doc_block_comment() {
    let g = generate("doc_block_comment");
    for m in [
        "MARK_A */ } fn evil() {",
        "/** MARK_B */",
        "/* MARK_C",
        "// MARK_D",
    ] {
        assert_only_in_docs(&g, m);
    }
    assert!(g.doc_contains("介绍 */ 结束 /* 开始"));
}

#[test]
fn doc_string_literal() {
    let g = generate("doc_string_literal");
    // Brackets are escaped for rustdoc, quotes and hashes are kept.
    for m in [
        "MARK_A \"#\\] fn evil() {}",
        "MARK_B \"## r#\"x\"#",
        "#\\[doc = \"\"\\] MARK_C #\\[evil\\]",
        "MARK_R \"#\\]",
    ] {
        assert_only_in_docs(&g, m);
    }
    assert_only_in_docs(&g, "MARK_D");
    let attrs = g.code.matches("[doc]").count();
    assert_eq!(attrs, g.docs.len());
}

#[test]
fn doc_rust_code() {
    let g = generate("doc_rust_code");
    for m in [
        "MARK_A } fn evil() { loop {} }",
        // `!` before `[` escaped too: `![…](…)` would be an image.
        "MARK_B \\]\\] \\]\\] #\\!\\[no_std\\]",
        "MARK_C macro_rules! evil",
        "}}}} MARK_D {{{{",
        "} fn evil() { MARK_E",
        "#\\[cfg(evil)\\] MARK_F",
    ] {
        assert_only_in_docs(&g, m);
    }
    // The error description is also a string literal, verbatim.
    g.has_string("} fn evil() { MARK_E");
    assert!(!g.code.contains("macro_rules"));
}

#[test]
fn doc_control_chars() {
    let g = generate("doc_control_chars");
    assert_only_in_docs(&g, "MARK_A nul\u{0}x");
    assert_only_in_docs(&g, "MARK_B soh\u{1} esc\u{1b} del\u{7f}");
    assert_only_in_docs(&g, "MARK_C vt");
    assert_only_in_docs(&g, "MARK_D nel\u{85} ls\u{2028}");
    // No doc line holds a line break of any kind Rust or an editor would honour.
    for d in &g.docs {
        assert!(!d.contains(['\n', '\r']), "{d:?}");
    }
}

#[test]
fn doc_bidi() {
    let g = generate("doc_bidi");
    assert_only_in_docs(&g, "MARK_A");
    assert_only_in_docs(&g, "MARK_B");
    for d in &g.docs {
        assert!(
            !d.contains(['\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}'])
                && !d.contains(['\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']),
            "bidi control in doc line {d:?}"
        );
    }
    // In a string literal the character is escaped, which rustc accepts.
    g.has_string("r\u{202e}id");
}

#[test]
fn doc_markup() {
    let g = generate("doc_markup");
    assert!(!g.text.contains("<script"), "raw HTML reached the output");
    assert!(!g.text.contains("<img"), "raw HTML reached the output");
    assert!(!g.text.contains("javascript:evil()]("));
    assert_only_in_docs(&g, "MARK_A");
    assert_only_in_docs(&g, "MARK_B");
    // A link to no web address keeps its text, the target as code.
    assert_only_in_docs(&g, "MARK_C x (`javascript:evil()`)");
    assert_only_in_docs(&g, "MARK_D &lt;b&gt;");
}

#[test]
fn doc_huge() {
    let bytes = page_bytes("doc_huge");
    assert!(bytes.len() > 100_000, "{}", bytes.len());
    let g = generate("doc_huge");
    assert_only_in_docs(&g, "MARK_START");
    assert_only_in_docs(&g, "MARK_END");
    let total: usize = g.docs.iter().map(String::len).sum();
    assert!(total > 100_000, "{total}");
}

#[test]
fn doc_title_prose() {
    let g = generate("doc_title_prose");
    assert_only_in_docs(&g, "} fn evil() { */ 标题");
    assert_only_in_docs(&g, "第一段 */");
    assert_only_in_docs(&g, "MARK_P");
}

#[test]
fn doc_examples() {
    let g = generate("doc_examples");
    assert_only_in_docs(&g, "} fn evil() {");
    assert_only_in_docs(&g, "MARK_B \"#]");
    // Examples are code spans fenced with more backticks than they contain.
    assert!(
        g.docs.iter().any(|d| d.contains("Example: ```` ")),
        "{:?}",
        g.docs
    );
}

#[test]
fn error_desc_injection() {
    let g = generate("error_desc_injection");
    g.has_string("\"} fn evil() {\" \\ MARK_A");
    g.has_string("r#\"x\"# MARK_C");
    assert_only_in_docs(&g, "MARK_A");
    assert_only_in_docs(&g, "*/ MARK_B");
    assert_eq!(g.members("GetErrorDescInjectionError").len(), 3);
}

// --- Error codes --------------------------------------------------------------------------

#[test]
fn error_codes_extreme() {
    let api = parse("error_codes_extreme");
    assert_diag(
        &api,
        Severity::Warning,
        35,
        "error code `9223372036854775808` is not an integer",
    );
    assert_diag(&api, Severity::Warning, 37, "error code 5 is listed twice");
    let codes: Vec<i64> = api.errors.iter().map(|e| e.code).collect();
    assert_eq!(codes, [-1, 0, i64::MAX, i64::MIN, 5]);
    let g = generate("error_codes_extreme");
    assert_eq!(
        g.members("GetErrorCodesExtremeError"),
        [
            "NegativeOne",
            "ZeroCode",
            "MaxCode",
            "MinCode",
            "FirstFive",
            "Unknown"
        ]
    );
    g.text_has("9223372036854775807,");
    g.text_has("-9223372036854775808,");
    g.text_has("-1,");
}

#[test]
fn error_status_odd() {
    let api = parse("error_status_odd");
    for (line, s) in [
        (31, "`0`"),
        (32, "`-400`"),
        (33, "`999`"),
        (34, "`70000`"),
        (35, "`abc`"),
    ] {
        assert_diag(
            &api,
            Severity::Warning,
            line,
            &format!("HTTP status {s} is not valid"),
        );
    }
    let statuses: Vec<Option<u16>> = api.errors.iter().map(|e| e.http_status).collect();
    assert_eq!(statuses, [None, None, None, None, None, None, Some(200)]);
    let g = generate("error_status_odd");
    assert_eq!(g.members("GetErrorStatusOddError").len(), 8);
}

#[test]
fn error_table_empty() {
    let api = parse("error_table_empty");
    assert!(api.errors.is_empty());
    let g = generate("error_table_empty");
    assert_eq!(g.members("GetErrorTableEmptyError"), ["Unknown"]);
}

#[test]
fn error_same_variant() {
    let g = generate("error_same_variant");
    assert_eq!(
        g.members("GetErrorSameVariantError"),
        [
            "ParamError",
            "ParamError2",
            "ParamError3",
            "Unknown2",
            "Unknown3",
            "Code7",
            "Code7_2",
            "Unknown"
        ]
    );
}

#[test]
fn error_desc_symbols() {
    let g = generate("error_desc_symbols");
    let variants = g.members("GetErrorDescSymbolsError");
    assert_eq!(variants.len(), 7);
    // No English words: the variant is named after the code.
    for v in ["Code11", "Code12", "Code13", "Code14", "Code16"] {
        assert!(variants.contains(&v.to_string()), "{v} in {variants:?}");
    }
    assert!(variants
        .iter()
        .any(|v| v.starts_with("Self") && v != "Self"));
    g.has_string("！！！");
    g.has_string("参数错误");
}

#[test]
fn error_code_text() {
    let api = parse("error_code_text");
    for (line, code) in [
        (31, "abc"),
        (32, "1e3"),
        (33, "0x10"),
        (34, "１２３"),
        (36, "12 34"),
    ] {
        assert_diag(
            &api,
            Severity::Warning,
            line,
            &format!("error code `{code}` is not an integer"),
        );
    }
    let codes: Vec<i64> = api.errors.iter().map(|e| e.code).collect();
    assert_eq!(codes, [5, 42]);
    let g = generate("error_code_text");
    assert_eq!(
        g.members("GetErrorCodeTextError"),
        ["PlusFive", "TheOnlyGoodOne", "Unknown"]
    );
}

// --- URLs ---------------------------------------------------------------------------------

#[test]
fn url_braces() {
    let api = parse("url_braces");
    let d = assert_diag(&api, Severity::Warning, 10, "uses `{}` placeholders");
    assert_eq!(d.column, 13);
    assert_eq!(api.path, "/open-apis/hostile/v1/things/:thing_id/items/:");
    let g = generate("url_braces");
    g.has_string("/open-apis/hostile/v1/things/{thing_id}/items/:");
    assert_eq!(g.members("GetUrlBracesRequest"), ["thing_id", "body"]);
}

#[test]
fn url_query() {
    let api = parse("url_query");
    assert_diag(&api, Severity::Warning, 10, "carries a query string");
    assert_eq!(api.path, "/open-apis/hostile/v1/things/:id");
    let g = generate("url_query");
    g.has_string("/open-apis/hostile/v1/things/:id");
    assert!(!g.text.contains("user_id_type=open_id"));
}

#[test]
fn url_no_host() {
    let api = parse("url_no_host");
    assert!(api.diagnostics.is_empty(), "{:?}", api.diagnostics);
    assert_eq!(
        (api.path.to_string().as_str(), api.host.as_deref()),
        ("/open-apis/hostile/v1/things/:id", None)
    );
    let g = generate("url_no_host");
    g.has_string("/open-apis/hostile/v1/things/{id}");
}

#[test]
fn url_other_host() {
    let api = parse("url_other_host");
    assert_eq!(api.path, "/approval/openapi/v2/instance/get");
    assert_eq!(api.host.as_deref(), Some("www.feishu.cn"));
    let g = generate("url_other_host");
    g.has_string("/approval/openapi/v2/instance/get");
    g.has_string("www.feishu.cn");
}

#[test]
fn path_param_mismatch() {
    let g = generate("path_param_mismatch");
    // `:a` is in the URL only, `c` in the table only: both become required fields.
    let fields = g.members("GetPathParamMismatchRequest");
    assert_eq!(fields, ["b", "c", "a"]);
    g.has_string("/open-apis/hostile/v1/things/{a}/items/{b}");
}

#[test]
fn path_param_odd() {
    let g = generate("path_param_odd");
    let fields = g.members("GetPathParamOddRequest");
    assert_eq!(&fields[..3], ["_1st", "type_", "self_"]);
    assert!(fields[3].starts_with("field_"));
    assert_eq!(fields[4], "a_b");
    // The format string uses plain locals, never raw identifiers.
    let path = g
        .strings
        .iter()
        .find(|s| s.starts_with("/open-apis/hostile/v1/{"))
        .expect("the format string");
    assert!(!path.contains("r#"), "{path}");
    assert_eq!(path.matches('{').count(), 5, "{path}");
    g.has_string("/open-apis/hostile/v1/:1st/:type/:self/:名称/:a-b");
}

#[test]
fn path_param_empty() {
    let api = parse("path_param_empty");
    assert_eq!(api.path, "/open-apis/hostile/v1/things/:/x//y/:");
    let g = generate("path_param_empty");
    assert_eq!(g.members("GetPathParamEmptyRequest"), Vec::<String>::new());
    g.has_string("/open-apis/hostile/v1/things/:/x//y/:");
}

// --- Scale and encoding -------------------------------------------------------------------

#[test]
fn rows_10000() {
    // 10,000 rows in one table: read quickly, then bounded with a clear error (no object
    // may have more than 1,000 fields; the largest real one has 73).
    let bytes = page_bytes("rows_10000");
    let start = Instant::now();
    let api = parse_page(&source_of("rows_10000"), &bytes);
    let elapsed = start.elapsed();
    // 0.8 s in a debug build on an idle core, 5.3 s on a fifth of one: room for a loaded
    // CI machine, still far from a hang.
    assert!(
        elapsed < Duration::from_secs(60),
        "parsing 10,000 rows took {elapsed:?}"
    );
    assert_eq!(
        errors(&api),
        ["hostile/v1/rows_10000/get.md:1025:1: error: F047 the table has 10000 fields, more than 1000; the rest are ignored"]
    );
    assert_eq!(api.request_body.fields.len(), 1_000);
    assert_eq!(api.request_body.fields[999].name, "field_1000");
}

#[test]
fn response_500() {
    let g = generate("response_500");
    let fields = g.members("GetResponse500Response");
    assert_eq!(fields.len(), 500);
    assert_eq!((fields[0].as_str(), fields[499].as_str()), ("r1", "r500"));
}

#[test]
fn nesting_64() {
    let api = parse("nesting_64");
    let errs = errors(&api);
    assert_eq!(
        errs,
        ["hostile/v1/nesting_64/get.md:67:1: error: F047 field `n32` is nested deeper than 32 levels; ignored with its sub-fields"]
    );
    // The deeper rows go with it: no diagnostic storm.
    assert!(warnings(&api).is_empty(), "{:?}", warnings(&api));
    let mut depth = 0;
    let mut f = api.response_body.fields.first();
    while let Some(x) = f {
        depth += 1;
        f = x.children().first();
    }
    assert_eq!(depth, 31, "n1..n31 kept");
}

#[test]
fn nesting_30() {
    let g = generate("nesting_30");
    // n1..n29 are objects: one struct each, plus request, body, response and error.
    let types = g.types();
    assert_eq!(types.len(), 29 + 4, "{types:?}");
    let mut depth = 0;
    let mut f = g.api.response_body.fields.first();
    while let Some(x) = f {
        depth += 1;
        f = x.children().first();
    }
    assert_eq!(depth, 30);
}

/// The plain page that `crlf`, `bom` and `cr_only` encode differently.
fn assert_plain_page(api: &Api) {
    assert_eq!(api.title, "敌意页面");
    assert_eq!(api.http_method, Some(feishu_codegen::ir::HttpMethod::Post));
    assert_eq!(api.path, "/open-apis/hostile/v1/things");
    assert_eq!(names(&api.request_body.fields), ["a", "b"]);
    assert_eq!(field(&api.request_body.fields, "b").ty, Type::Integer);
    assert_eq!(field(&api.request_body.fields, "b").line, 26);
    assert_eq!(names(&api.response_body.fields), ["r"]);
    assert_eq!(api.errors.len(), 1);
}

#[test]
fn crlf() {
    assert!(
        page_bytes("crlf")
            .windows(2)
            .filter(|w| w == b"\r\n")
            .count()
            > 30
    );
    let g = generate("crlf");
    assert!(g.api.diagnostics.is_empty(), "{:?}", g.api.diagnostics);
    assert_plain_page(&g.api);
    for d in &g.docs {
        assert!(!d.contains('\r'), "{d:?}");
    }
    assert!(!g.text.contains('\r'));
}

#[test]
fn bom() {
    let g = generate("bom");
    assert!(g.api.diagnostics.is_empty(), "{:?}", g.api.diagnostics);
    assert_plain_page(&g.api);
    assert!(g.files.values().all(|t| !t.contains('\u{feff}')));
}

#[test]
fn cr_only() {
    let bytes = page_bytes("cr_only");
    assert!(!bytes.contains(&b'\n'));
    let api = parse("cr_only");
    assert_eq!(
        errors(&api),
        ["hostile/v1/cr_only/get.md:11:16: error: F044 unknown HTTP method `FETCH`"]
    );
    assert_eq!(api.title, "敌意页面");
    assert_eq!(names(&api.request_body.fields), ["a", "b"]);
    assert_eq!(field(&api.request_body.fields, "b").line, 26);
}

#[test]
fn invalid_utf8() {
    let api = parse("invalid_utf8");
    assert_eq!(
        errors(&api),
        ["hostile/v1/invalid_utf8/get.md:26:25: error: F040 the page is not valid UTF-8; invalid bytes were replaced with U+FFFD"]
    );
    // The rest of the page is still read.
    assert_eq!(names(&api.request_body.fields), ["a", "b"]);
    assert!(field(&api.request_body.fields, "b")
        .description
        .contains('\u{fffd}'));
}

// --- Enums --------------------------------------------------------------------------------

#[test]
fn enum_collide() {
    let g = generate("enum_collide");
    assert_eq!(
        // A generic word takes its parent's name (`Mode` alone says nothing).
        g.members("GetEnumCollideMode"),
        ["AB", "AB2", "AB3", "AB4", "Unknown2", "Unknown"]
    );
    for wire in ["a-b", "a_b", "A B", "aB", "Unknown"] {
        g.has_string(wire);
    }
}

#[test]
fn enum_keywords() {
    let g = generate("enum_keywords");
    let v = g.members("GetEnumKeywordsKind");
    assert_eq!(&v[..5], ["Type", "Self_", "Self2", "V1", "V2fa"]);
    assert!(
        v[5].starts_with("Value") && v[7].starts_with("Value"),
        "{v:?}"
    );
    assert_eq!(v[6], "R");
    assert_eq!(v.last().map(String::as_str), Some("Unknown"));
    for wire in ["type", "self", "Self", "1", "2fa", "_", "r#", "-"] {
        g.has_string(wire);
    }
}

#[test]
fn int_enum_over_i64() {
    let g = generate("int_enum_over_i64");
    // A value over i64 cannot be a variant: the field stays a plain integer.
    g.text_has("pub level: i64,");
    assert!(!g.types().contains("Level"));
    assert_eq!(g.members("Ok"), ["Low", "High", "Unknown"]);
}

#[test]
fn int_enum_over_i64_values_are_documented() {
    let g = generate("int_enum_over_i64");
    assert!(g.doc_contains("9223372036854775808"), "{:?}", g.docs);
    assert!(g.doc_contains("超大"), "{:?}", g.docs);
}

#[test]
fn int_enum_negative() {
    let g = generate("int_enum_negative");
    assert_eq!(g.members("Level"), ["Neg1", "V0", "V1", "Neg2", "Unknown"]);
    g.text_has("(Self::Neg1, -1)");
    g.text_has("(Self::Neg2, -2)");
}

#[test]
fn enum_cjk() {
    let g = generate("enum_cjk");
    let v = g.members("Flag");
    assert_eq!(v.len(), 4);
    let distinct: BTreeSet<&String> = v.iter().collect();
    assert_eq!(distinct.len(), 4);
    for wire in ["是", "否", "未知"] {
        g.has_string(wire);
    }
}

// --- Compiling the output -----------------------------------------------------------------

/// Pages with error diagnostics: they are never generated.
const WITH_ERRORS: &[&str] = &["cr_only", "invalid_utf8", "nesting_64", "rows_10000"];

/// Error-free pages whose output does not compile because of a known emitter bug; each is
/// compiled on its own by an ignored `<case>_compiles` test until the bug is fixed.
const EMITTER_BUGS: &[&str] = &[];

fn all_cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(PAGES)
        .expect("tests/hostile")
        .filter_map(Result::ok)
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".md"))
                .map(str::to_owned)
        })
        .collect();
    cases.sort();
    cases
}

#[test]
fn the_suite_is_complete() {
    let cases = all_cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    // Exactly the listed pages have errors.
    let with_errors: Vec<String> = cases
        .iter()
        .filter(|c| parse(c).has_errors())
        .cloned()
        .collect();
    assert_eq!(with_errors, WITH_ERRORS);
    // Every page has a test of its own here.
    let me = include_str!("hostile.rs");
    for c in &cases {
        assert!(
            me.contains(&format!("\"{c}\"")),
            "no test reads tests/hostile/{c}.md"
        );
    }
}

/// Copies `cases` into a specs tree, reads it with `generate::read_specs`, generates, and
/// builds the output with the project's runtime as a real crate under `-D warnings`.
fn compile_cases(cases: &[String], crate_name: &str) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let specs = tmp.path().join("specs");
    for c in cases {
        let dir = specs.join("hostile").join("v1").join(c);
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("get.md"), page_bytes(c)).expect("write page");
    }
    let apis = generate::read_specs(&specs, &generate::Options::default()).expect("read specs");
    assert_eq!(apis.len(), cases.len());
    let tree = generate::generate_tree(&apis).unwrap_or_else(|e| panic!("generate: {e}"));
    let krate = tmp.path().join("crate");
    let gen = krate.join("gen");
    generate::write_tree_in_place(&gen, &tree).expect("write tree");
    write_crate(&krate, crate_name, &generate::services(&apis));

    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace.join("target"))
        .join("hostile-crate");
    std::fs::copy(workspace.join("Cargo.lock"), krate.join("Cargo.lock")).expect("Cargo.lock");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let start = Instant::now();
    let out = Command::new(cargo)
        .args([
            "build",
            "--offline",
            "--all-features",
            "--message-format=short",
        ])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the generated code does not compile ({:?}):\n{stderr}",
        start.elapsed()
    );
    assert!(!stderr.contains("warning"), "the build warned:\n{stderr}");
}

/// A crate that includes the generated tree the way the root crate does: `src/lib.rs`
/// includes `services.rs` from `OUT_DIR`, where `build.rs` copies the generated files.
fn write_crate(dir: &Path, name: &str, services: &[String]) {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let manifest = std::fs::read_to_string(workspace.join("Cargo.toml")).expect("Cargo.toml");
    let deps = root_dependencies(&manifest);
    let runtime = workspace.join("src").join("runtime.rs");
    std::fs::create_dir_all(dir.join("src")).expect("mkdir src");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\n{deps}\n[features]\ndefault = []\nserde = []\n\n[workspace]\n",
        ),
    )
    .expect("write Cargo.toml");
    generate::sync_cargo_features(&dir.join("Cargo.toml"), services, false)
        .expect("features block");
    std::fs::write(
        dir.join("build.rs"),
        r#"use std::path::Path;
fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}
fn main() {
    println!("cargo:rerun-if-changed=gen");
    let out = std::env::var_os("OUT_DIR").unwrap();
    copy(Path::new("gen"), Path::new(&out));
}
"#,
    )
    .expect("write build.rs");
    std::fs::write(
        dir.join("src").join("lib.rs"),
        format!(
            "#![warn(rust_2018_idioms)]\n#[path = {:?}]\npub mod runtime;\npub use runtime::*;\n\
             include!(concat!(env!(\"OUT_DIR\"), \"/services.rs\"));\n",
            runtime.to_str().expect("UTF-8 path"),
        ),
    )
    .expect("write lib.rs");
}

/// The root package's `[dependencies]`, with `workspace = true` entries resolved from
/// `[workspace.dependencies]`, as manifest lines (same versions and features).
fn root_dependencies(manifest: &str) -> String {
    let section = |name: &str| -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut inside = false;
        for line in manifest.lines() {
            let t = line.trim();
            if t.starts_with('[') {
                inside = t == name;
                continue;
            }
            if inside && !t.is_empty() && !t.starts_with('#') {
                if let Some((k, v)) = t.split_once('=') {
                    out.push((k.trim().to_owned(), v.trim().to_owned()));
                }
            }
        }
        out
    };
    let ws = section("[workspace.dependencies]");
    let mut lines = String::new();
    for (k, v) in section("[dependencies]") {
        let v = if v.replace(' ', "").contains("workspace=true") {
            ws.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| panic!("`{k}` not in [workspace.dependencies]"))
        } else {
            v
        };
        lines.push_str(&format!("{k} = {v}\n"));
    }
    assert!(!lines.is_empty(), "the root package has no dependencies?");
    lines
}

/// Hostile doc text (links to `crate::` paths, HTML, fences, headings, bare URLs, brackets)
/// renders as rustdoc Markdown with no structure of its own.
#[test]
fn doc_text_stays_text() {
    let mut found = Vec::new();
    let mut docs = 0;
    for case in all_cases() {
        if WITH_ERRORS.contains(&case.as_str()) {
            continue;
        }
        for (path, text) in generate(&case).files {
            for doc in rustdoc_md::doc_blocks(&text) {
                docs += 1;
                found.extend(
                    rustdoc_md::problems(&doc)
                        .into_iter()
                        .map(|p| format!("{case}: {path}: {p}")),
                );
            }
        }
    }
    assert!(docs > 400, "{docs} doc comments");
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn error_free_pages_compile() {
    let cases: Vec<String> = all_cases()
        .into_iter()
        .filter(|c| !WITH_ERRORS.contains(&c.as_str()) && !EMITTER_BUGS.contains(&c.as_str()))
        .collect();
    assert!(cases.len() >= 40, "{}", cases.len());
    compile_cases(&cases, "hostile-pages");
}

#[test]
fn doc_bidi_compiles() {
    compile_cases(&["doc_bidi".to_owned()], "hostile-doc-bidi");
}

#[test]
fn error_table_empty_compiles() {
    compile_cases(
        &["error_table_empty".to_owned()],
        "hostile-error-table-empty",
    );
}
