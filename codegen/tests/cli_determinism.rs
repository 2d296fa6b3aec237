//! Determinism of the library pipeline the CLI and `build.rs` share: the same specs give the
//! same IR and the same generated tree whatever the thread count or input order.
//! Runs over the repository's whole `specs/` (every page of every service).
use feishu_codegen::codes::Code;
use feishu_codegen::generate::{self, GenerateError, Options};
use feishu_codegen::ir::{Api, Diagnostic, Item};
use std::path::PathBuf;

fn specs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

fn read(threads: usize) -> Vec<Api> {
    generate::read_specs(
        &specs(),
        &Options {
            services: None,
            threads,
        },
    )
    .unwrap()
}

fn md_files_under(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            if p.is_dir() {
                md_files_under(&p)
            } else {
                usize::from(p.extension().is_some_and(|x| x == "md"))
            }
        })
        .sum()
}

/// Every page's item: APIs, events and callbacks.
fn read_items(threads: usize) -> Vec<Item> {
    generate::read_spec_items(
        &specs(),
        &Options {
            services: None,
            threads,
        },
    )
    .unwrap()
}

#[test]
fn read_specs_is_independent_of_the_thread_count() {
    let one = read_items(1);
    assert_eq!(one.len(), md_files_under(&specs()));
    let sources: Vec<&str> = one.iter().map(Item::source).collect();
    let mut sorted = sources.clone();
    sorted.sort();
    assert_eq!(sources, sorted, "sorted by source");
    assert!(sources.contains(&"vc/v1/meeting/end.md"), "{sources:?}");
    assert!(
        sources.contains(&"im/v1/message/events/receive.md"),
        "{sources:?}"
    );
    assert_eq!(read_items(4), one);
    assert_eq!(read_items(0), one);
    assert_eq!(read_items(64), one);
    // `read_specs` gives the APIs among them, the event pages left out.
    let apis: Vec<Api> = one.into_iter().filter_map(Item::into_api).collect();
    assert_eq!(read(2), apis);
}

#[test]
fn the_service_filter_reads_only_those_services() {
    let all = read(2);
    let opts = Options {
        services: Some(["vc".to_string(), "im".to_string()].into()),
        threads: 2,
    };
    let some = generate::read_specs(&specs(), &opts).unwrap();
    let expected: Vec<Api> = all
        .iter()
        .filter(|a| a.source.starts_with("vc/") || a.source.starts_with("im/"))
        .cloned()
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(some, expected);
    assert_eq!(generate::services(&some), vec!["im", "vc"]);
}

#[test]
fn generate_tree_is_independent_of_input_order() {
    let apis = read(0);
    let tree = generate::generate_tree(&apis).unwrap();
    assert!(tree.contains_key("services.rs"));
    for (path, text) in &tree {
        assert!(
            text.starts_with(feishu_codegen::format::GENERATED_HEADER),
            "{path}"
        );
    }
    let mut reversed = apis.clone();
    reversed.reverse();
    assert_eq!(generate::generate_tree(&reversed).unwrap(), tree);
    // A fixed interleaving: odd positions first, then even ones.
    let shuffled: Vec<Api> = apis
        .iter()
        .skip(1)
        .step_by(2)
        .chain(apis.iter().step_by(2))
        .cloned()
        .collect();
    assert_ne!(shuffled, apis);
    assert_eq!(generate::generate_tree(&shuffled).unwrap(), tree);
}

#[test]
fn generate_tree_refuses_apis_with_errors_and_names_them() {
    let mut apis = read(0);
    let i = apis
        .iter()
        .position(|a| a.source == "vc/v1/meeting/end.md")
        .unwrap();
    apis[i]
        .diagnostics
        .push(Diagnostic::new(Code::NoUrl, 7, 2, "an injected problem"));
    match generate::generate_tree(&apis) {
        Err(GenerateError::Diagnostics { errors }) => {
            assert!(
                errors
                    .contains(&"vc/v1/meeting/end.md:7:2: error: F042 an injected problem".into()),
                "{errors:?}"
            );
        }
        other => panic!("expected diagnostics, got {other:?}"),
    }
}
