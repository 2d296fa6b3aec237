//! Regenerating only what changed: a module file whose inputs (its APIs' IR, their name-map
//! entries), as recorded in the reuse cache by the same generator, match is reused as it is;
//! everything else is emitted, and the result is always the tree a full generation gives.
//! The generated files themselves record nothing: the cache lives outside the tree.
use feishu_codegen::generate::{
    generate, generate_reusing, read_specs, GeneratedTree, NameMap, Options, Previous, ReuseCache,
};
use std::collections::BTreeSet;
use std::path::Path;

fn apis() -> Vec<feishu_codegen::ir::Api> {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let opts = Options {
        services: Some(BTreeSet::from(["im".to_owned(), "vc".to_owned()])),
        threads: 0,
    };
    read_specs(&specs, &opts).unwrap()
}

const MESSAGE: &str = "im/v1/message.rs";

fn changed(a: &GeneratedTree, b: &GeneratedTree) -> Vec<String> {
    a.keys()
        .chain(b.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

fn text_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).as_bytes()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `previous` with the file at `path` replaced by `text`, the cache's text hash recomputed as
/// `generate` records it: a forgery only a reused file can survive.
fn forge(previous: &mut Previous, path: &str, text: &str) {
    let old = text_hash(&previous.tree[path]);
    let line = format!("file {path} ");
    let cache: Vec<String> = previous
        .cache
        .render()
        .lines()
        .map(|l| {
            if l.starts_with(&line) {
                l.replace(&old, &text_hash(text))
            } else {
                l.to_owned()
            }
        })
        .collect();
    previous.cache = ReuseCache::parse(&(cache.join("\n") + "\n"));
    previous.tree.insert(path.to_owned(), text.to_owned());
}

/// Every module file (resource or shared) of `previous` forged.
fn forge_modules(previous: &mut Previous) {
    let paths: Vec<String> = previous
        .tree
        .keys()
        .filter(|p| p.matches('/').count() == 2)
        .cloned()
        .collect();
    for path in paths {
        forge(previous, &path, &format!("// forged {path}\n"));
    }
}

/// The previous run's tree and cache.
fn previous_of(run: &feishu_codegen::generate::Generated) -> Previous {
    Previous {
        tree: run.tree.clone(),
        cache: run.cache.clone(),
    }
}

#[test]
fn a_first_run_is_reused_by_the_next_once_its_names_are_written() {
    // `generate` on a fresh checkout: no map yet; it writes the names it assigned.
    let apis = apis();
    let first = generate(&apis, 0, &NameMap::new()).unwrap();
    // Forged bodies with consistent hashes survive only if every module is reused.
    let mut previous = previous_of(&first);
    forge_modules(&mut previous);
    let second = generate_reusing(&apis, 0, &first.names, &previous).unwrap();
    assert_eq!(changed(&previous.tree, &second.tree), Vec::<String>::new());
}

#[test]
fn generated_files_hold_code_only_and_the_cache_names_every_module() {
    let run = generate(&apis(), 0, &NameMap::new()).unwrap();
    for (path, text) in &run.tree {
        let mut lines = text.lines();
        assert!(lines.next().unwrap().starts_with("// @generated"), "{path}");
        let second = lines.next().unwrap_or_default();
        assert!(
            !second.starts_with("// inputs") && !second.starts_with("// versions"),
            "{path}: {second}"
        );
    }
    let cache = run.cache.render();
    for path in run.tree.keys().filter(|p| p.matches('/').count() == 2) {
        assert!(cache.contains(&format!("\nfile {path} ")), "{path}");
    }
    assert!(cache.contains("\nversion im/v1 "), "{cache}");
    assert!(cache.contains("\nversion vc/v1 "), "{cache}");
}

#[test]
fn another_generators_cache_is_not_used_and_the_output_is_the_same() {
    // What `codegen/build.rs` hashes changes with any edit under `codegen/src`; the cache
    // of the old generator is then ignored as a whole, and the files come out byte for byte
    // as before (they do not depend on the generator's identity).
    let apis = apis();
    let (tree, names) = pinned(&apis);
    let first = generate(&apis, 0, &names).unwrap();
    let mut previous = previous_of(&first);
    forge_modules(&mut previous);
    let generator = previous.cache.generator().to_owned();
    let other = previous
        .cache
        .render()
        .replace(&generator, "0123456789abcdef");
    previous.cache = ReuseCache::parse(&other);
    let run = generate_reusing(&apis, 0, &names, &previous).unwrap();
    assert!(run.tree == tree, "every forged file was emitted again");
    assert_eq!(run.cache.generator(), generator);
}

/// A tree generated with the name map it wrote, as `generated/` and `specs/names.toml` are.
fn pinned(apis: &[feishu_codegen::ir::Api]) -> (GeneratedTree, NameMap) {
    let names = generate(apis, 0, &NameMap::new()).unwrap().names;
    let full = generate(apis, 0, &names).unwrap();
    assert!(
        full.names == names,
        "a second run assigns the names of the first"
    );
    (full.tree, names)
}

#[test]
fn reusing_an_unchanged_tree_gives_the_same_tree_and_names() {
    let apis = apis();
    let (tree, names) = pinned(&apis);
    let first = generate(&apis, 0, &names).unwrap();
    let again = generate_reusing(&apis, 0, &names, &previous_of(&first)).unwrap();
    assert_eq!(changed(&tree, &again.tree), Vec::<String>::new());
    assert!(
        again.cache == first.cache,
        "the same cache for the next run"
    );
    // The names of reused modules come from the map: the same as emitting them.
    assert!(again.names == names);
}

#[test]
fn a_file_whose_inputs_match_is_taken_as_it_is_without_emitting_it() {
    let apis = apis();
    let (tree, names) = pinned(&apis);
    let mut previous = previous_of(&generate(&apis, 0, &names).unwrap());
    assert!(previous.tree == tree);
    forge(&mut previous, MESSAGE, "pub struct Forged;\n");
    let reused = generate_reusing(&apis, 0, &names, &previous).unwrap();
    assert!(
        reused.tree[MESSAGE] == "pub struct Forged;\n",
        "the forged file is kept"
    );
}

#[test]
fn a_one_page_edit_regenerates_that_module_only() {
    let apis = apis();
    let (tree, names) = pinned(&apis);
    let mut edited = apis.clone();
    let api = edited
        .iter_mut()
        .find(|a| a.source == "im/v1/message/create.md")
        .unwrap();
    api.title.push_str("（改）");
    // Forge every other module: only files whose inputs match may be reused, so the forged
    // ones must survive and the edited module must not.
    let mut previous = previous_of(&generate(&apis, 0, &names).unwrap());
    assert!(previous.tree == tree);
    forge_modules(&mut previous);
    let reused = generate_reusing(&edited, 0, &names, &previous).unwrap();
    let fresh = generate(&edited, 0, &names).unwrap();
    // Only the edited module: no file records a hash of what it is made from.
    assert_eq!(changed(&previous.tree, &reused.tree), [MESSAGE]);
    assert!(
        reused.tree[MESSAGE] == fresh.tree[MESSAGE],
        "the edited module is emitted"
    );
    assert!(reused.tree[MESSAGE].contains("（改）"));
}

#[test]
fn a_hand_edited_file_or_a_renamed_entry_is_regenerated() {
    let apis = apis();
    let (tree, names) = pinned(&apis);
    let run = generate(&apis, 0, &names).unwrap();
    let mut previous = previous_of(&run);
    let edited = previous.tree[MESSAGE].replace("pub struct", "pub(crate) struct");
    previous.tree.insert(MESSAGE.to_owned(), edited);
    let reused = generate_reusing(&apis, 0, &names, &previous).unwrap();
    assert!(
        reused.tree[MESSAGE] == tree[MESSAGE],
        "the hand edit is regenerated over"
    );

    // A maintainer's rename in the map changes the module's inputs.
    let mut names = names.clone();
    let key = names
        .keys()
        .find(|k| k.starts_with("im/v1/message/create body.msg_type"))
        .cloned()
        .unwrap();
    names.insert(key, "MessageKind".to_owned());
    let reused = generate_reusing(&apis, 0, &names, &previous_of(&run)).unwrap();
    assert!(reused.tree[MESSAGE].contains("pub enum MessageKind"));
    assert_eq!(changed(&tree, &reused.tree), [MESSAGE]);
}

#[test]
fn an_edit_to_a_shared_type_regenerates_its_shared_module_as_a_full_run_would() {
    const SHARED: &str = "im/v1/shared.rs";
    let apis = apis();
    let (tree, names) = pinned(&apis);
    assert!(tree[SHARED].contains("pub enum UserIdType"));
    // Reword `user_id_type` on every page of im/v1: its enum lives in the shared module.
    let mut edited = apis.clone();
    for api in edited.iter_mut().filter(|a| a.source.starts_with("im/v1/")) {
        for f in api
            .query_params
            .iter_mut()
            .filter(|f| f.name == "user_id_type")
        {
            f.description.push_str("（改）");
        }
    }
    let first = generate(&apis, 0, &names).unwrap();
    let reused = generate_reusing(&edited, 0, &names, &previous_of(&first)).unwrap();
    let fresh = generate(&edited, 0, &names).unwrap();
    assert!(reused.tree == fresh.tree, "reuse gives the full run's tree");
    let changed = changed(&tree, &reused.tree);
    assert!(changed.contains(&SHARED.to_owned()), "{changed:?}");
    assert!(reused.tree[SHARED].contains("（改）"));
    // vc has no such edit: none of its files is emitted again.
    assert!(
        changed.iter().all(|p| p.starts_with("im/v1/")),
        "{changed:?}"
    );
}

#[test]
fn a_version_none_of_whose_pages_changed_is_not_emitted_at_all() {
    // vc/v1's hash is recorded in the cache; with it unchanged, vc/v1's files are taken as
    // they are, even one whose per-file inputs were tampered with in the cache (its text is
    // intact), which a per-file check would emit again.
    const ROOM: &str = "vc/v1/room.rs";
    let apis = apis();
    let (tree, names) = pinned(&apis);
    let mut previous = previous_of(&generate(&apis, 0, &names).unwrap());
    let line = format!("file {ROOM} ");
    let tampered = previous.cache.render().replace(&line, &format!("{line}0"));
    previous.cache = ReuseCache::parse(&tampered);
    assert!(previous.cache.render() == tampered);
    forge(&mut previous, ROOM, "// forged\n");
    let reused = generate_reusing(&apis, 0, &names, &previous).unwrap();
    assert!(reused.tree[ROOM] == "// forged\n", "vc/v1 was not emitted");
    assert!(reused.names == names, "its names come from the map");

    // Once one of its pages changes, its modules are checked one by one again.
    let mut edited = apis.clone();
    let api = edited
        .iter_mut()
        .find(|a| a.source.starts_with("vc/v1/meeting/"))
        .unwrap();
    api.title.push_str("（改）");
    let reused = generate_reusing(&edited, 0, &names, &previous).unwrap();
    assert!(
        reused.tree[ROOM] == tree[ROOM],
        "the tampered file is emitted again"
    );
    assert!(reused.tree == generate(&edited, 0, &names).unwrap().tree);
}

#[test]
fn files_linking_to_a_page_follow_it_when_it_goes_or_comes() {
    const LIST: &str = "im/v1/message/list.md";
    let link = "crate::im::v1::message::ListMessageRequest";
    let mut apis = apis();
    let url = apis
        .iter()
        .find(|a| a.source == LIST)
        .unwrap()
        .doc_url
        .clone()
        .unwrap();
    // A link from another version of the service too: its files are reused by version.
    let v2 = apis
        .iter_mut()
        .find(|a| a.id.service == "im" && a.id.version == "v2")
        .unwrap();
    v2.description
        .push_str(&format!("\n\n参见[获取会话历史消息]({url})。"));
    let without: Vec<_> = apis.iter().filter(|a| a.source != LIST).cloned().collect();
    let (_, names) = pinned(&apis);
    let full = generate(&apis, 0, &names).unwrap();
    let tree = &full.tree;
    let linking: Vec<&String> = tree
        .iter()
        .filter(|(_, t)| t.contains(link))
        .map(|(p, _)| p)
        .collect();
    assert!(linking.len() >= 4, "{linking:?}");
    assert!(
        linking.iter().any(|p| p.starts_with("im/v2/")),
        "{linking:?}"
    );
    // The page goes: every file that linked to it comes out as a full run gives it.
    let gone = generate_reusing(&without, 0, &names, &previous_of(&full)).unwrap();
    let fresh = generate(&without, 0, &names).unwrap();
    assert_eq!(changed(&gone.tree, &fresh.tree), Vec::<String>::new());
    assert!(!gone.tree.values().any(|t| t.contains(link)));
    // It comes back: the links do too.
    let back = generate_reusing(&apis, 0, &names, &previous_of(&gone)).unwrap();
    assert_eq!(changed(&back.tree, tree), Vec::<String>::new());
}
