//! Names a maintainer can keep: with the checked-in name map (`specs/names.toml`), rewording
//! pages renames nothing, adding pages renames nothing, and a rename in the map takes effect.
//!
//! "Public identifiers" are every identifier token of the generated files (type, field,
//! variant, function and module names; doc text is in string literals and does not count).
use feishu_codegen::generate::{self, GeneratedTree, NameMap, Options};
use feishu_codegen::ir::{Api, Event, Field};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn checked_in_names() -> NameMap {
    generate::read_names(&repo().join("specs/names.toml")).unwrap()
}

/// Every identifier token of every file of `tree`, with the file it is in.
fn identifiers(tree: &GeneratedTree) -> BTreeSet<(String, String)> {
    fn walk(ts: proc_macro2::TokenStream, file: &str, out: &mut BTreeSet<(String, String)>) {
        for t in ts {
            match t {
                proc_macro2::TokenTree::Ident(i) => {
                    out.insert((file.to_owned(), i.to_string()));
                }
                proc_macro2::TokenTree::Group(g) => walk(g.stream(), file, out),
                _ => {}
            }
        }
    }
    let mut out = BTreeSet::new();
    for (path, text) in tree {
        let ts = proc_macro2::TokenStream::from_str(text).unwrap();
        walk(ts, path, &mut out);
    }
    out
}

/// The APIs of `specs/` in the resource modules of every `step`-th page, at most `n` pages.
fn sample(n: usize, step: usize) -> (Vec<Api>, Vec<String>) {
    let all = generate::read_specs(&repo().join("specs"), &Options::default()).unwrap();
    let chosen: Vec<&Api> = all.iter().step_by(step).take(n).collect();
    let modules: BTreeSet<String> = chosen
        .iter()
        .map(|a| format!("{}/{}/{}", a.id.service, a.id.version, a.id.resource))
        .collect();
    let sources = chosen.iter().map(|a| a.source.clone()).collect();
    let apis = all
        .into_iter()
        .filter(|a| {
            modules.contains(&format!(
                "{}/{}/{}",
                a.id.service, a.id.version, a.id.resource
            ))
        })
        .collect();
    (apis, sources)
}

fn reword(text: &mut String) {
    if !text.trim().is_empty() {
        *text = format!("Reworded by the maintainers. {text}");
    }
}

fn reword_fields(fields: &mut [Field]) {
    for f in fields {
        reword(&mut f.description);
        for v in f.enum_values.iter_mut().flatten() {
            reword(&mut v.description);
        }
        if let Some(children) = f.children.as_mut() {
            reword_fields(children);
        }
    }
}

/// Every description cell of the page rewritten (title and description too), and the English
/// error messages' case and spacing changed.
fn rewrite(api: &mut Api) {
    reword(&mut api.title);
    reword(&mut api.description);
    for fields in [
        &mut api.path_params,
        &mut api.query_params,
        &mut api.headers,
        &mut api.request_body.fields,
        &mut api.response_body.fields,
    ] {
        reword_fields(fields);
    }
    for e in &mut api.errors {
        e.description = e
            .description
            .split(' ')
            .map(|w| {
                let mut c = w.chars();
                match c.next() {
                    Some(f) => f
                        .to_uppercase()
                        .chain(c.flat_map(char::to_lowercase))
                        .collect(),
                    None => String::new(),
                }
            })
            .collect::<Vec<String>>()
            .join("  ");
        reword(&mut e.advice);
    }
}

#[test]
fn rewording_fifty_pages_renames_nothing() {
    let (apis, sources) = sample(50, 33);
    assert_eq!(sources.len(), 50);
    let names = checked_in_names();
    let before = generate::generate(&apis, 0, &names).unwrap();
    let mut reworded = apis.clone();
    let mut rewritten = 0;
    for api in reworded.iter_mut().filter(|a| sources.contains(&a.source)) {
        rewrite(api);
        rewritten += 1;
    }
    assert_eq!(rewritten, 50);
    let after = generate::generate(&reworded, 0, &names).unwrap();
    assert_ne!(before.tree, after.tree, "the docs changed");
    assert_eq!(identifiers(&before.tree), identifiers(&after.tree));
    assert_eq!(before.names, after.names);

    // Without the map, names that come from prose would move: the map is what keeps them.
    let unpinned_before = generate::generate(&apis, 0, &NameMap::new()).unwrap();
    let unpinned_after = generate::generate(&reworded, 0, &NameMap::new()).unwrap();
    assert_ne!(
        identifiers(&unpinned_before.tree),
        identifiers(&unpinned_after.tree)
    );
}

#[test]
fn twenty_new_pages_rename_nothing() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/new_pages");
    let new = generate::read_specs(&fixtures, &Options::default()).unwrap();
    assert_eq!(new.len(), 20);
    let modules: BTreeSet<String> = new
        .iter()
        .map(|a| format!("{}/{}/{}", a.id.service, a.id.version, a.id.resource))
        .collect();
    let all = generate::read_specs(&repo().join("specs"), &Options::default()).unwrap();
    let existing: Vec<Api> = all
        .into_iter()
        .filter(|a| {
            modules.contains(&format!(
                "{}/{}/{}",
                a.id.service, a.id.version, a.id.resource
            ))
        })
        .collect();
    assert!(existing.len() >= 10, "the new pages join existing modules");
    let names = checked_in_names();
    let before = generate::generate(&existing, 0, &names).unwrap();
    let mut grown = existing.clone();
    grown.extend(new);
    let after = generate::generate(&grown, 0, &names).unwrap();
    let (b, a) = (identifiers(&before.tree), identifiers(&after.tree));
    let lost: Vec<_> = b.difference(&a).collect();
    assert!(lost.is_empty(), "identifiers changed: {lost:?}");
    assert!(a.len() > b.len());
    // Every name assigned before is assigned again (a type may now be recorded under a new
    // page's shorter path; the old key is then reported unused).
    let again: BTreeSet<&String> = after.names.values().collect();
    for (key, name) in &before.names {
        assert!(again.contains(name), "{key}: {name} no longer assigned");
    }
}

/// The resource module of `api`: `service/version/resource`.
fn module_of(api: &Api) -> String {
    format!("{}/{}/{}", api.id.service, api.id.version, api.id.resource)
}

/// Every identifier of `tree` that is not in `full`: a name that moved.
fn moved(tree: &GeneratedTree, full: &BTreeSet<(String, String)>) -> Vec<(String, String)> {
    identifiers(tree).difference(full).cloned().collect()
}

#[test]
fn a_type_unified_across_pages_keeps_its_name_without_any_of_them() {
    // corehr/v1/job: the items of `list` are the job `get` returns (one type,
    // `ResponseJob`). Its name must not depend on which of the pages exist: with `get` or
    // `create` absent (or both), the list's items keep their name, not one derived from
    // `list` alone (`ItemsJob`).
    let specs = repo().join("specs");
    let opts = Options {
        services: Some(BTreeSet::from(["corehr".to_owned()])),
        threads: 0,
    };
    let module: Vec<Api> = generate::read_specs(&specs, &opts)
        .unwrap()
        .into_iter()
        .filter(|a| module_of(a) == "corehr/v1/job")
        .collect();
    let names = checked_in_names();
    let full = generate::generate(&module, 0, &names).unwrap();
    let items = "items: ::std::option::Option<::std::vec::Vec<ResponseJob>>";
    assert!(full.tree["corehr/v1/job.rs"].contains(items));
    let full_ids = identifiers(&full.tree);
    for absent in [&["get"][..], &["create"], &["get", "create"]] {
        let some: Vec<Api> = module
            .iter()
            .filter(|a| !absent.contains(&a.id.method.as_str()))
            .cloned()
            .collect();
        let tree = generate::generate(&some, 0, &names).unwrap().tree;
        assert!(tree["corehr/v1/job.rs"].contains(items), "{absent:?}");
        assert_eq!(moved(&tree, &full_ids), Vec::new(), "without {absent:?}");
    }
}

#[test]
fn leaving_out_any_one_page_of_a_module_renames_nothing_in_it() {
    // The other direction of adding pages: in 40 modules of two pages or more, spread over
    // specs/, each page in turn is left out; every identifier of what remains is one the
    // whole module has (a page's types that unify with another page's keep their names).
    let all = generate::read_specs(&repo().join("specs"), &Options::default()).unwrap();
    let mut modules: std::collections::BTreeMap<String, Vec<Api>> = Default::default();
    for api in all {
        modules.entry(module_of(&api)).or_default().push(api);
    }
    let names = checked_in_names();
    let chosen: Vec<&Vec<Api>> = modules
        .values()
        .filter(|m| m.len() >= 2)
        .step_by(7)
        .take(40)
        .collect();
    assert_eq!(chosen.len(), 40);
    let mut left_out = 0;
    for module in chosen {
        let full_ids = identifiers(&generate::generate(module, 0, &names).unwrap().tree);
        for i in 0..module.len() {
            let mut some = module.clone();
            let gone = some.remove(i);
            let tree = generate::generate(&some, 0, &names).unwrap().tree;
            assert_eq!(
                moved(&tree, &full_ids),
                Vec::new(),
                "without {}",
                gone.source
            );
            left_out += 1;
        }
    }
    assert!(left_out >= 80, "{left_out}");
}

#[test]
fn a_rename_in_the_map_takes_effect() {
    let (apis, _) = sample(3, 400);
    let names = checked_in_names();
    let before = generate::generate(&apis, 0, &names).unwrap();
    // A nested type and an error variant of these pages, renamed by hand.
    let (type_key, type_name) = before
        .names
        .iter()
        .find(|(k, _)| k.contains(" response.") && !k.contains('='))
        .unwrap();
    let (error_key, error_name) = before
        .names
        .iter()
        .find(|(k, _)| k.contains(" error "))
        .unwrap();
    let mut edited = names.clone();
    edited.insert(type_key.clone(), "RenamedByHand".into());
    edited.insert(error_key.clone(), "RenamedErrorByHand".into());
    let after = generate::generate(&apis, 0, &edited).unwrap();
    let ids: BTreeSet<String> = identifiers(&after.tree)
        .into_iter()
        .map(|(_, i)| i)
        .collect();
    assert!(ids.contains("RenamedByHand") && ids.contains("RenamedErrorByHand"));
    let old: BTreeSet<String> = identifiers(&before.tree)
        .into_iter()
        .map(|(_, i)| i)
        .collect();
    assert!(old.contains(type_name) && old.contains(error_name));
    assert!(!ids.contains(type_name.as_str()) || type_name == "RenamedByHand");
    assert_eq!(
        after.names.get(type_key).map(String::as_str),
        Some("RenamedByHand")
    );
    // A name the map gives stays where a derived name would otherwise go.
    let again = generate::generate(&apis, 0, &after.names).unwrap();
    assert_eq!(again.tree, after.tree);
}

/// The APIs and events of `specs/`.
fn pages() -> (Vec<Api>, Vec<Event>) {
    generate::read_spec_pages(&repo().join("specs"), &Options::default()).unwrap()
}

/// The resource module of an event: `service/version/resource`.
fn event_module(e: &Event) -> String {
    format!("{}/{}/{}", e.id.service, e.id.version, e.id.resource)
}

fn generate_pages(apis: &[Api], events: &[Event], names: &NameMap) -> generate::Generated {
    generate::generate_pages(apis, events, 0, names, &generate::Previous::default()).unwrap()
}

#[test]
fn rewording_twenty_event_pages_renames_nothing() {
    let (all_apis, all_events) = pages();
    let chosen: Vec<&Event> = all_events.iter().step_by(9).take(20).collect();
    assert_eq!(chosen.len(), 20);
    let modules: BTreeSet<String> = chosen.iter().map(|e| event_module(e)).collect();
    let apis: Vec<Api> = all_apis
        .into_iter()
        .filter(|a| modules.contains(&module_of(a)))
        .collect();
    let events: Vec<Event> = all_events
        .iter()
        .filter(|e| modules.contains(&event_module(e)))
        .cloned()
        .collect();
    let names = checked_in_names();
    let before = generate_pages(&apis, &events, &names);
    let sources: BTreeSet<&str> = chosen.iter().map(|e| e.source.as_str()).collect();
    let mut reworded = events.clone();
    let mut rewritten = 0;
    for e in reworded
        .iter_mut()
        .filter(|e| sources.contains(e.source.as_str()))
    {
        reword(&mut e.title);
        reword(&mut e.description);
        reword_fields(&mut e.event.fields);
        if let Some(r) = e.response.as_mut() {
            reword_fields(&mut r.fields);
        }
        rewritten += 1;
    }
    assert_eq!(rewritten, 20);
    let after = generate_pages(&apis, &reworded, &names);
    assert_ne!(before.tree, after.tree, "the docs changed");
    assert_eq!(identifiers(&before.tree), identifiers(&after.tree));
    assert_eq!(before.names, after.names);
    // Every event type is pinned in the map under its page.
    for e in &chosen {
        let key = format!("{} event", e.id.spec_path().trim_end_matches(".md"));
        assert!(names.contains_key(&key), "{key} is not in specs/names.toml");
    }
}

#[test]
fn adding_or_removing_event_pages_renames_no_other_type() {
    let (all_apis, all_events) = pages();
    // Modules with APIs and events, spread over specs/.
    let with_apis: BTreeSet<String> = all_apis.iter().map(module_of).collect();
    let modules: BTreeSet<String> = all_events
        .iter()
        .map(event_module)
        .filter(|m| with_apis.contains(m))
        .step_by(3)
        .take(12)
        .collect();
    assert!(modules.len() >= 10, "{modules:?}");
    let apis: Vec<Api> = all_apis
        .into_iter()
        .filter(|a| modules.contains(&module_of(a)))
        .collect();
    let events: Vec<Event> = all_events
        .into_iter()
        .filter(|e| modules.contains(&event_module(e)))
        .collect();
    let names = checked_in_names();
    let full = generate_pages(&apis, &events, &names);
    let full_ids = identifiers(&full.tree);
    // Without any event page, the APIs' code is what the events were added to: no identifier
    // of it is missing with them, and each file only gains lines.
    let bare = generate_pages(&apis, &[], &names);
    assert_eq!(
        moved(&bare.tree, &full_ids),
        Vec::new(),
        "adding the events"
    );
    for (path, text) in &bare.tree {
        let grown = &full.tree[path];
        let kept: Vec<&str> = text.lines().collect();
        let mut it = grown.lines();
        for line in &kept {
            assert!(it.any(|l| l == *line), "{path}: `{line}` changed or moved");
        }
    }
    // Without any one event page, nothing else is renamed. An event type no API defines
    // is defined by the first module of its version that needs it and re-exported by the
    // others, so without that module's page the next one defines it: the definition moves
    // between files of the service, under the same names. So identifiers are compared by
    // service here, not by file.
    let by_service = |ids: &BTreeSet<(String, String)>| -> BTreeSet<(String, String)> {
        ids.iter()
            .map(|(path, id)| {
                let service = path.split(['/', '.']).next().unwrap_or_default();
                (service.to_owned(), id.clone())
            })
            .collect()
    };
    let full_by_service = by_service(&full_ids);
    let mut removed = 0;
    for i in (0..events.len()).step_by(2).take(15) {
        removed += 1;
        let mut some = events.clone();
        let gone = some.remove(i);
        let tree = generate_pages(&apis, &some, &names).tree;
        let renamed: Vec<_> = by_service(&identifiers(&tree))
            .difference(&full_by_service)
            .cloned()
            .collect();
        assert_eq!(renamed, Vec::new(), "without {}", gone.source);
    }
    assert!(removed >= 10, "{removed}");
}
