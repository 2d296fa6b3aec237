//! Wire names → valid, readable Rust identifiers.
//!
//! The functions return identifier text. Turn it into a token with [`ident`]; never splice
//! it into source text.
//!
//! Rules: only ASCII letters and digits survive (everything else separates words; nothing is
//! transliterated); names with nothing left fall back to a stable hash of the wire name;
//! a leading digit gets a prefix (`_` for fields and modules, `N` for types, `V` for
//! variants); snake_case keywords get a `_` suffix (`type_`, `self_`), CamelCase ones too
//! (`Self_`). Collisions are resolved by [`Namer`].

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};
use std::collections::BTreeSet;

/// Keywords of all editions (strict and reserved).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Path keywords and `_`.
const PATH_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A short stable hash (FNV-1a, 32 bits) of `s` as 8 hex digits.
fn stable_hash(s: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

/// Keeps ASCII letters and digits; every other character becomes a space (a word break).
fn ascii_words(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// Applies the keyword rules to a snake_case candidate: a keyword gets a `_` suffix
/// (`type_`), the convention of std and serde-generated code, which users can type and
/// which reads better in paths and setters than `r#type`.
fn keyword_safe(s: String) -> String {
    if PATH_KEYWORDS.contains(&s.as_str()) || KEYWORDS.contains(&s.as_str()) {
        format!("{s}_")
    } else {
        s
    }
}

fn snake(wire: &str, digit_prefix: &str, fallback_prefix: &str) -> String {
    let s = ascii_words(wire).to_snake_case();
    if s.is_empty() {
        return format!("{fallback_prefix}{}", stable_hash(wire));
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("{digit_prefix}{s}");
    }
    keyword_safe(s)
}

fn camel(name: &str, digit_prefix: &str, fallback_prefix: &str) -> String {
    let s = ascii_words(name).to_upper_camel_case();
    if s.is_empty() {
        return format!("{fallback_prefix}{}", stable_hash(name));
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("{digit_prefix}{s}");
    }
    if s == "Self" {
        return "Self_".to_owned();
    }
    s
}

/// A snake_case field (or parameter, method) identifier for a wire name.
pub fn field_ident(wire: &str) -> String {
    snake(wire, "_", "field_")
}

/// An UpperCamelCase type identifier.
pub fn type_ident(name: &str) -> String {
    camel(name, "N", "Type")
}

/// An UpperCamelCase enum-variant identifier.
pub fn variant_ident(s: &str) -> String {
    camel(s, "V", "Value")
}

/// A snake_case module identifier.
pub fn module_ident(s: &str) -> String {
    snake(s, "_", "module_")
}

/// Whether `s` is identifier text this module can produce: a plain ASCII identifier that is
/// no keyword.
pub fn is_valid_ident(s: &str) -> bool {
    let mut chars = s.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    first_ok
        && s != "_"
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&s)
        && !PATH_KEYWORDS.contains(&s)
}

/// Builds the token for identifier text produced by this module. Text that is not a valid
/// identifier (a bug in the caller) is replaced by a stable hash-based name rather than
/// panicking.
pub fn ident(s: &str) -> Ident {
    if !is_valid_ident(s) {
        return Ident::new(&format!("invalid_{}", stable_hash(s)), Span::call_site());
    }
    Ident::new(s, Span::call_site())
}

/// Naming style of a [`Namer`] scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `foo`, `foo_2`, `foo_3`.
    Snake,
    /// `Foo`, `Foo2`; `V1`, `V1_2` (an underscore after a trailing digit).
    Camel,
}

/// Makes names unique within one scope, deterministically: the first claimant of a name
/// keeps it, later ones get `_2`, `_3`... (or `2`, `3` in camel case).
#[derive(Debug, Clone)]
pub struct Namer {
    style: Style,
    used: BTreeSet<String>,
}

impl Namer {
    pub fn new(style: Style) -> Self {
        Namer {
            style,
            used: BTreeSet::new(),
        }
    }

    pub fn snake() -> Self {
        Namer::new(Style::Snake)
    }

    pub fn camel() -> Self {
        Namer::new(Style::Camel)
    }

    /// Marks `name` as taken (returns false if it already was).
    pub fn reserve(&mut self, name: &str) -> bool {
        self.used.insert(name.to_owned())
    }

    /// Claims `base` (valid identifier text) or the first free numbered variant of it.
    pub fn fresh(&mut self, base: &str) -> String {
        if self.reserve(base) {
            return base.to_owned();
        }
        let stem = base.trim_end_matches('_');
        let stem = if stem.is_empty() { "x" } else { stem };
        let mut n: u32 = 2;
        loop {
            let candidate = match self.style {
                Style::Snake => format!("{stem}_{n}"),
                Style::Camel if stem.ends_with(|c: char| c.is_ascii_digit()) => {
                    format!("{stem}_{n}")
                }
                Style::Camel => format!("{stem}{n}"),
            };
            if self.reserve(&candidate) {
                return candidate;
            }
            n = n.saturating_add(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_idents() {
        let cases = [
            ("meeting_id", "meeting_id"),
            ("userId", "user_id"),
            ("user_id", "user_id"),
            ("UserID", "user_id"),
            ("HTTPStatus", "http_status"),
            ("type", "type_"),
            ("async", "async_"),
            ("gen", "gen_"),
            ("try", "try_"),
            ("match", "match_"),
            ("self", "self_"),
            ("Self", "self_"),
            ("crate", "crate_"),
            ("super", "super_"),
            ("r#", "r"),
            ("r#type", "r_type"),
            ("1st", "_1st"),
            ("2fa_code", "_2fa_code"),
            ("a-b", "a_b"),
            ("a.b", "a_b"),
            ("a b", "a_b"),
            ("名称abc", "abc"),
            ("abc名称def", "abc_def"),
            ("_id", "id"),
            ("__private", "private"),
            ("X-Tt-Logid", "x_tt_logid"),
            ("i18n_name", "i18n_name"),
            ("union", "union"),
            ("fn", "fn_"),
        ];
        for (wire, want) in cases {
            let got = field_ident(wire);
            assert_eq!(got, want, "field_ident({wire:?})");
            assert!(is_valid_ident(&got), "{got:?} is valid");
        }
    }

    #[test]
    fn field_fallbacks_are_stable_and_distinct() {
        let a = field_ident("名称");
        let b = field_ident("描述");
        let e = field_ident("🚀");
        let empty = field_ident("");
        for s in [&a, &b, &e, &empty] {
            assert!(s.starts_with("field_"), "{s}");
            assert!(is_valid_ident(s), "{s}");
        }
        assert_ne!(a, b);
        assert_ne!(a, e);
        assert_eq!(a, field_ident("名称"));
        assert_eq!(field_ident("_"), field_ident("_"));
        assert!(is_valid_ident(&field_ident("_")));
    }

    #[test]
    fn type_idents() {
        let cases = [
            ("offer_basic_info", "OfferBasicInfo"),
            ("EndMeeting", "EndMeeting"),
            ("chat.members", "ChatMembers"),
            ("user-id", "UserId"),
            ("self", "Self_"),
            ("Self", "Self_"),
            ("type", "Type"),
            ("1st", "N1st"),
            ("名称Info", "Info"),
            ("i18n", "I18n"),
        ];
        for (name, want) in cases {
            let got = type_ident(name);
            assert_eq!(got, want, "type_ident({name:?})");
            assert!(is_valid_ident(&got));
        }
        let f = type_ident("名称");
        assert!(f.starts_with("Type") && is_valid_ident(&f), "{f}");
        assert!(is_valid_ident(&type_ident("")));
    }

    #[test]
    fn variant_idents() {
        assert_eq!(variant_ident("user_id"), "UserId");
        assert_eq!(variant_ident("open_id"), "OpenId");
        assert_eq!(variant_ident("1"), "V1");
        assert_eq!(variant_ident("1st"), "V1st");
        assert_eq!(variant_ident("meeting not exist"), "MeetingNotExist");
        assert_eq!(variant_ident("Self"), "Self_");
        let f = variant_ident("正式");
        assert!(f.starts_with("Value") && is_valid_ident(&f), "{f}");
    }

    #[test]
    fn module_idents() {
        assert_eq!(module_ident("chat.members"), "chat_members");
        assert_eq!(
            module_ident("security_and_compliance"),
            "security_and_compliance"
        );
        assert_eq!(module_ident("v1"), "v1");
        assert_eq!(module_ident("type"), "type_");
        assert_eq!(module_ident("self"), "self_");
        assert_eq!(module_ident("1x"), "_1x");
    }

    #[test]
    fn valid_ident_check() {
        assert!(is_valid_ident("foo"));
        assert!(is_valid_ident("type_"));
        assert!(!is_valid_ident("r#type"));
        assert!(!is_valid_ident("r#self"));
        assert!(!is_valid_ident("r#foo"));
        assert!(!is_valid_ident("type"));
        assert!(!is_valid_ident("1a"));
        assert!(!is_valid_ident(""));
        assert!(!is_valid_ident("_"));
        assert!(!is_valid_ident("a-b"));
        assert!(!is_valid_ident("名"));
    }

    #[test]
    fn ident_tokens() {
        assert_eq!(ident("type_").to_string(), "type_");
        assert!(ident("r#type").to_string().starts_with("invalid_"));
        assert_eq!(ident("meeting_id").to_string(), "meeting_id");
        assert_eq!(ident("self_").to_string(), "self_");
        // Invalid text never panics.
        assert!(ident("not valid").to_string().starts_with("invalid_"));
    }

    #[test]
    fn namer_dedupes() {
        let mut n = Namer::snake();
        assert_eq!(n.fresh(&field_ident("userId")), "user_id");
        assert_eq!(n.fresh(&field_ident("user_id")), "user_id_2");
        assert_eq!(n.fresh(&field_ident("user-id")), "user_id_3");
        assert_eq!(n.fresh("type_"), "type_");
        assert_eq!(n.fresh("type_"), "type_2");
        assert_eq!(n.fresh("self_"), "self_");
        assert_eq!(n.fresh("self_"), "self_2");
        assert!(!n.reserve("type_2"), "a name handed out is taken");

        let mut c = Namer::camel();
        assert!(c.reserve("Unknown"));
        assert_eq!(c.fresh("Unknown"), "Unknown2");
        assert_eq!(c.fresh("V1"), "V1");
        assert_eq!(c.fresh("V1"), "V1_2");
        assert_eq!(c.fresh("Foo"), "Foo");
        assert_eq!(c.fresh("Foo"), "Foo2");
        assert_eq!(c.fresh("Foo"), "Foo3");
        assert_eq!(c.fresh("Foo2"), "Foo2_2");
    }

    #[test]
    fn namer_is_deterministic() {
        let names = ["a", "a", "b", "a", "A", "a_2"];
        let run = || {
            let mut n = Namer::snake();
            names
                .iter()
                .map(|s| n.fresh(&field_ident(s)))
                .collect::<Vec<_>>()
        };
        let first = run();
        assert_eq!(first, run());
        assert_eq!(first, ["a", "a_2", "b", "a_3", "a_4", "a_2_2"]);
    }
}
