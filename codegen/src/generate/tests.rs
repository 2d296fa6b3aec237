use super::*;

fn api(source: &str, service: &str) -> Api {
    use crate::ir::*;
    Api {
        source: source.into(),
        id: ApiId {
            service: service.into(),
            version: "v1".into(),
            resource: "r".into(),
            method: "m".into(),
        },
        flavour: Flavour::Reference,
        doc_url: None,
        title: String::new(),
        description: String::new(),
        http_method: Some(crate::ir::HttpMethod::Get),
        path: crate::ir::PathTemplate::parse("/open-apis/x"),
        host: None,
        access_tokens: vec![],
        scopes: vec![],
        scope_names: vec![],
        field_scopes: vec![],
        app_types: vec![],
        rate_limit: None,
        path_params: vec![],
        query_params: vec![],
        headers: vec![],
        request_body: Body::default(),
        response_body: Body::default(),
        errors: vec![],
        examples: Examples::default(),
        sdk: None,
        diagnostics: vec![Diagnostic::new(Code::NoTitle, 3, 1, "just a warning")],
    }
}

#[test]
fn input_errors_name_error_diagnostics_and_misplaced_pages() {
    let mut bad = api("vc/v1/r/m.md", "vc");
    bad.diagnostics
        .push(crate::ir::Diagnostic::new(Code::NoUrl, 4, 2, "no HTTP URL"));
    let apis = vec![
        api("im/v1/r/m.md", "im"),
        bad,
        api("vc/v1/r/n.md", "calendar"),
    ];
    let errors = input_errors(&apis);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0], "vc/v1/r/m.md:4:2: error: F042 no HTTP URL");
    assert!(
        errors[1].starts_with("vc/v1/r/n.md:1:1: error: F065 the page is under `vc/`"),
        "{errors:?}"
    );
    assert!(errors[1].contains("`calendar`"), "{errors:?}");
    match generate_tree(&apis) {
        Err(GenerateError::Diagnostics { errors: e }) => assert_eq!(e, errors),
        other => panic!("expected diagnostics, got {other:?}"),
    }
    // Warnings alone do not stop generation.
    assert!(input_errors(&[api("im/v1/r/m.md", "im")]).is_empty());
    assert_eq!(
        services(&apis),
        vec!["calendar".to_string(), "im".to_string(), "vc".to_string()]
    );
}

#[test]
fn generated_paths_are_validated() {
    for bad in ["", "/abs.rs", "a/../b.rs", "a//b.rs", "./a.rs", "a\\b.rs"] {
        assert!(check_rel_path(bad).is_err(), "{bad:?} accepted");
    }
    assert!(check_rel_path("vc/v1/meeting.rs").is_ok());
}
