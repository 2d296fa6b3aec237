//! Emits the hand-written IR fixtures in `tests/fixtures/ir/`, formats the result and
//! snapshots it; checks that the output parses, is deterministic and independent of the
//! input order.
use feishu_codegen::emit::{emit, EmittedFile};
use feishu_codegen::format::{format_file, GENERATED_HEADER};
use feishu_codegen::generate::services;
use feishu_codegen::ir::Api;
use std::path::Path;

const FIXTURES: &[&str] = &[
    "vc_meeting_end",
    "hire_offer_create",
    "im_image_create",
    "im_image_get",
    "sanitizer_stress",
];

fn load(name: &str) -> Api {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ir")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

fn all() -> Vec<Api> {
    let mut apis: Vec<Api> = FIXTURES.iter().map(|n| load(n)).collect();
    apis.sort_by(|a, b| a.source.cmp(&b.source));
    apis
}

/// Formats every file; asserts each starts with the header and parses as a Rust file.
fn render(files: Vec<EmittedFile>) -> Vec<(String, String)> {
    files
        .into_iter()
        .map(|f| {
            let text = format_file(f.tokens).unwrap_or_else(|e| panic!("{}: {e}", f.path));
            assert!(text.starts_with(GENERATED_HEADER), "{}", f.path);
            syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", f.path));
            assert!(!text.contains("#!["), "{}: inner attribute", f.path);
            (f.path, text)
        })
        .collect()
}

fn concat(files: &[(String, String)]) -> String {
    files
        .iter()
        .map(|(p, t)| format!("// ==== {p} ====\n{t}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn snapshots() {
    for name in FIXTURES {
        let api = load(name);
        let files = render(emit(std::slice::from_ref(&api)).unwrap());
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        // A service named by a keyword is the module `type_` (`type_.rs`).
        let service = match api.id.service.as_str() {
            "type" => "type_",
            s => s,
        };
        assert!(paths.contains(&"services.rs"), "{paths:?}");
        assert!(
            paths.contains(&format!("{service}.rs").as_str()),
            "{paths:?}"
        );
        insta::assert_snapshot!(format!("emit_{name}"), concat(&files));
    }
}

#[test]
fn output_is_independent_of_input_order() {
    let apis = all();
    let forward = render(emit(&apis).unwrap());
    let mut reversed = apis.clone();
    reversed.reverse();
    let backward = render(emit(&reversed).unwrap());
    assert_eq!(forward, backward);
    // And repeatable.
    assert_eq!(forward, render(emit(&apis).unwrap()));
}

#[test]
fn layout_and_services() {
    let apis = all();
    let files = render(emit(&apis).unwrap());
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "hire.rs",
            "hire/v1/offer.rs",
            "im.rs",
            "im/v1/image.rs",
            "services.rs",
            "type_.rs",
            "type_/v1/user_profile.rs",
            "vc.rs",
            "vc/v1/meeting.rs",
        ]
    );
    assert_eq!(services(&apis), ["hire", "im", "type", "vc"]);
    let services_rs = &files.iter().find(|(p, _)| p == "services.rs").unwrap().1;
    assert!(
        services_rs.contains("#[cfg(feature = \"vc\")]"),
        "{services_rs}"
    );
    assert!(services_rs.contains("pub mod vc {"), "{services_rs}");
    assert!(services_rs.contains("pub mod type_ {"), "{services_rs}");
    assert!(
        services_rs.contains(r#"include!(concat!(env!("OUT_DIR"), "/vc.rs"));"#),
        "{services_rs}"
    );
    let vc = &files.iter().find(|(p, _)| p == "vc.rs").unwrap().1;
    assert!(
        vc.contains(r#"include!(concat!(env!("OUT_DIR"), "/vc/v1/meeting.rs"));"#),
        "{vc}"
    );
    // Both image APIs share one module file.
    let image = &files.iter().find(|(p, _)| p == "im/v1/image.rs").unwrap().1;
    assert!(image.contains("pub struct CreateImageRequest"), "{image}");
    assert!(image.contains("pub struct GetImageRequest"), "{image}");
}

#[test]
fn empty_input_emits_empty_services() {
    let files = render(emit(&[]).unwrap());
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["services.rs"]);
}

#[test]
fn empty_id_parts_are_errors() {
    let mut api = load("vc_meeting_end");
    api.id.resource = String::new();
    let err = emit(&[api]).unwrap_err();
    assert_eq!(err.source, "vc/v1/meeting/end.md");
    assert!(err.message.contains("resource"), "{err}");
}

#[test]
fn missing_methods_are_errors() {
    let mut api = load("vc_meeting_end");
    api.http_method = None;
    let err = emit(&[api]).unwrap_err();
    assert!(err.to_string().contains("no HTTP method"), "{err}");
}

#[test]
fn unsupported_methods_do_not_read_from_ir_json() {
    let api = load("vc_meeting_end");
    let mut json = serde_json::to_value(&api).unwrap();
    assert_eq!(json["http_method"], "PATCH");
    json["http_method"] = "TRACE".into();
    let err = serde_json::from_value::<feishu_codegen::ir::Api>(json).unwrap_err();
    assert!(err.to_string().contains("TRACE"), "{err}");
}

/// The round-trip registry (test support, emitted apart from the tree) names, for every API
/// with a JSON body or response, a type the tree defines at that module path.
#[test]
fn roundtrip_registry_names_emitted_types() {
    let apis = all();
    let files = render(emit(&apis).unwrap());
    let registry = format_file(feishu_codegen::emit::roundtrip_registry(&apis).unwrap()).unwrap();
    assert!(registry.starts_with(GENERATED_HEADER));
    let mut named = 0;
    for part in registry.split("round_trip::<feishu_api::").skip(1) {
        let path: String = part
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let segments: Vec<&str> = path.split("::").collect();
        let (ty, module) = segments.split_last().unwrap();
        let file = format!("{}.rs", module.join("/").replace("r#", ""));
        let text = &files
            .iter()
            .find(|(p, _)| *p == file)
            .unwrap_or_else(|| panic!("{path}: no {file}"))
            .1;
        assert!(
            text.contains(&format!("pub struct {ty} ")),
            "{path} not in {file}"
        );
        named += 1;
    }
    assert!(named >= apis.len(), "{named} types for {} APIs", apis.len());
    for api in &apis {
        assert!(
            registry.contains(&format!("\"{}\"", api.source)),
            "{}",
            api.source
        );
    }
    // Nothing of it is in the tree.
    assert!(files.iter().all(|(_, t)| !t.contains("round_trip")));
}
