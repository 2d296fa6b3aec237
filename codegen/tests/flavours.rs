//! The same API read from different doc flavours gives the same IR where it matters to the
//! bindings: path, method, and the request fields' names, types and required flags.
//! Fixtures: 50 APIs copied from the corpus into `tests/fixtures/flavours/<flavour>/…`
//! (list in SAMPLE.txt).

use feishu_codegen::ir::{Api, Field, Flavour};
use feishu_codegen::parse_page;
use std::path::Path;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/flavours");

/// Each fixture directory and the flavour its pages are written in.
const FLAVOUR_DIRS: [(&str, Flavour); 3] = [
    ("feishu-a", Flavour::Reference),
    ("feishu-c", Flavour::FrontMatter),
    ("feishu-raw", Flavour::FeishuHtml),
];

fn read(flavour: &str, rel: &str) -> Option<Api> {
    let p = Path::new(ROOT).join(flavour).join(rel);
    let bytes = std::fs::read(&p).ok()?;
    Some(parse_page(rel, &bytes))
}

/// `name: type [required]` lines of a field tree. Required flags are compared only where both
/// flavours state one (flavour A's nested type blocks do not).
fn shape(fields: &[Field], prefix: &str, out: &mut Vec<(String, String, Option<bool>)>) {
    for f in fields {
        let path = format!("{prefix}{}", f.name);
        out.push((path.clone(), f.ty.to_string(), f.required));
        shape(f.children(), &format!("{path}."), out);
    }
}

fn compare(what: &str, a: &[Field], b: &[Field], problems: &mut Vec<String>) {
    let (mut sa, mut sb) = (Vec::new(), Vec::new());
    shape(a, "", &mut sa);
    shape(b, "", &mut sb);
    let names_a: Vec<&String> = sa.iter().map(|x| &x.0).collect();
    let names_b: Vec<&String> = sb.iter().map(|x| &x.0).collect();
    if names_a != names_b {
        let only = |x: &[&String], y: &[&String]| -> Vec<String> {
            x.iter()
                .filter(|n| !y.contains(n))
                .map(|n| n.to_string())
                .collect()
        };
        problems.push(format!(
            "{what}: only in the first: {:?}; only in the second: {:?}",
            only(&names_a, &names_b),
            only(&names_b, &names_a)
        ));
        return;
    }
    for (x, y) in sa.iter().zip(&sb) {
        if x.1 != y.1 {
            problems.push(format!("{what}: `{}` has type {} vs {}", x.0, x.1, y.1));
        }
        if let (Some(rx), Some(ry)) = (x.2, y.2) {
            if rx != ry {
                problems.push(format!("{what}: `{}` required {rx} vs {ry}", x.0));
            }
        }
    }
}

#[test]
fn flavours_agree_on_fifty_apis() {
    let sample = std::fs::read_to_string(Path::new(ROOT).join("SAMPLE.txt")).unwrap();
    let rels: Vec<&str> = sample.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(rels.len(), 50);
    let mut problems = Vec::new();
    let mut compared = 0;
    for rel in rels {
        let mut flavours: Vec<Api> = Vec::new();
        for (dir, expected) in FLAVOUR_DIRS {
            let Some(api) = read(dir, rel) else { continue };
            // The directory says which converter wrote the page; detection must agree.
            assert_eq!(api.flavour, expected, "{dir}/{rel}: detected flavour");
            flavours.push(api);
        }
        assert!(flavours.len() >= 2, "{rel}: fewer than two flavours");
        for api in &flavours {
            assert!(
                !api.has_errors(),
                "{rel} ({:?}): {:?}",
                api.flavour,
                api.diagnostics
            );
        }
        let base = &flavours[0];
        for other in &flavours[1..] {
            compared += 1;
            let what = format!("{rel} {:?}~{:?}", base.flavour, other.flavour);
            if base.id != other.id {
                problems.push(format!("{what}: id {} vs {}", base.id, other.id));
            }
            if base.path != other.path || base.http_method != other.http_method {
                problems.push(format!(
                    "{what}: {} {} vs {} {}",
                    base.http_method.map(|m| m.as_str()).unwrap_or(""),
                    base.path,
                    other.http_method.map(|m| m.as_str()).unwrap_or(""),
                    other.path
                ));
            }
            compare(
                &format!("{what} path"),
                &base.path_params,
                &other.path_params,
                &mut problems,
            );
            compare(
                &format!("{what} query"),
                &base.query_params,
                &other.query_params,
                &mut problems,
            );
            compare(
                &format!("{what} body"),
                &base.request_body.fields,
                &other.request_body.fields,
                &mut problems,
            );
            assert_eq!(base.request_body.kind, other.request_body.kind, "{what}");
            if base.flavour != Flavour::Reference {
                // The reference flavour documents responses by example only; the others by table.
                compare(
                    &format!("{what} response"),
                    &base.response_body.fields,
                    &other.response_body.fields,
                    &mut problems,
                );
            }
            if base.access_tokens != other.access_tokens {
                problems.push(format!(
                    "{what}: tokens {:?} vs {:?}",
                    base.access_tokens, other.access_tokens
                ));
            }
            if base.scopes != other.scopes {
                problems.push(format!(
                    "{what}: scopes {:?} vs {:?}",
                    base.scopes, other.scopes
                ));
            }
        }
    }
    assert!(compared >= 50);
    // The flavours were captured on different dates; where Feishu changed the page in between
    // (fields added), the difference is content, not parsing. Those are listed, exactly, in
    // CONTENT_DIFFERENCES.txt: anything else, or a listed difference that disappears, fails.
    let known = std::fs::read_to_string(Path::new(ROOT).join("CONTENT_DIFFERENCES.txt")).unwrap();
    let known: Vec<&str> = known
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    let unexpected: Vec<&String> = problems
        .iter()
        .filter(|p| !known.contains(&p.as_str()))
        .collect();
    let vanished: Vec<&&str> = known
        .iter()
        .filter(|k| !problems.iter().any(|p| p == **k))
        .collect();
    assert!(
        unexpected.is_empty() && vanished.is_empty(),
        "unexpected differences:\n{}\n\nlisted but not found:\n{}",
        unexpected
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        vanished.iter().map(|s| **s).collect::<Vec<_>>().join("\n")
    );
}
