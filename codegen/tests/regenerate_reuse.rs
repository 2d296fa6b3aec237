//! Regenerating only what changed: a module file whose recorded inputs (its APIs' IR, their
//! name-map entries, the generator) match is reused as it is; everything else is emitted, and
//! the result is always the tree a full generation gives.
use feishu_codegen::generate::{
    generate, generate_reusing, read_specs, GeneratedTree, NameMap, Options,
};
use sha2::{Digest, Sha256};
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

/// `file` with its code replaced by `body`, the text hash recomputed as `generate` writes it.
fn forge(file: &str, body: &str) -> String {
    let mut lines = file.splitn(3, '\n');
    let header = lines.next().unwrap();
    let inputs = lines.next().unwrap();
    let (inputs, _) = inputs.split_once(", text ").unwrap();
    let hash: String = Sha256::digest(body.as_bytes())[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{header}\n{inputs}, text {hash}\n{body}")
}

#[test]
fn a_first_run_is_reused_by_the_next_once_its_names_are_written() {
    // `generate` on a fresh checkout: no map yet; it writes the names it assigned.
    let apis = apis();
    let first = generate(&apis, 0, &NameMap::new()).unwrap();
    // Forged bodies with consistent hashes survive only if every module is reused.
    let mut previous = first.tree.clone();
    for (path, text) in previous.iter_mut() {
        if text
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("// inputs "))
        {
            *text = forge(text, &format!("// forged {path}\n"));
        }
    }
    let second = generate_reusing(&apis, 0, &first.names, &previous).unwrap();
    assert_eq!(changed(&previous, &second.tree), Vec::<String>::new());
}

#[test]
fn module_files_record_their_inputs_on_the_second_line() {
    let tree = generate(&apis(), 0, &NameMap::new()).unwrap().tree;
    let file = &tree[MESSAGE];
    let second = file.lines().nth(1).unwrap();
    assert!(second.starts_with("// inputs "), "{second}");
    assert!(second.contains(", text "), "{second}");
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
    let again = generate_reusing(&apis, 0, &names, &tree).unwrap();
    assert_eq!(changed(&tree, &again.tree), Vec::<String>::new());
    // The names of reused modules come from the map: the same as emitting them.
    assert!(again.names == names);
}

#[test]
fn a_file_whose_inputs_match_is_taken_as_it_is_without_emitting_it() {
    let apis = apis();
    let (tree, names) = pinned(&apis);
    let mut previous = tree.clone();
    let forged = forge(&previous[MESSAGE], "pub struct Forged;\n");
    previous.insert(MESSAGE.to_owned(), forged.clone());
    let reused = generate_reusing(&apis, 0, &names, &previous).unwrap();
    assert!(reused.tree[MESSAGE] == forged, "the forged file is kept");
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
    let mut previous = tree.clone();
    for (path, text) in previous.iter_mut() {
        if text
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("// inputs "))
        {
            *text = forge(text, &format!("// forged {path}\n"));
        }
    }
    let reused = generate_reusing(&edited, 0, &names, &previous).unwrap();
    let fresh = generate(&edited, 0, &names).unwrap();
    // The service file records the version's new hash (its second line).
    assert_eq!(changed(&previous, &reused.tree), ["im.rs", MESSAGE]);
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
    let mut previous = tree.clone();
    let edited = previous[MESSAGE].replace("pub struct", "pub(crate) struct");
    previous.insert(MESSAGE.to_owned(), edited);
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
    let reused = generate_reusing(&apis, 0, &names, &tree).unwrap();
    assert!(reused.tree[MESSAGE].contains("pub enum MessageKind"));
    assert_eq!(changed(&tree, &reused.tree), ["im.rs", MESSAGE]);
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
    let reused = generate_reusing(&edited, 0, &names, &tree).unwrap();
    let fresh = generate(&edited, 0, &names).unwrap();
    assert!(reused.tree == fresh.tree, "reuse gives the full run's tree");
    let changed = changed(&tree, &reused.tree);
    assert!(changed.contains(&SHARED.to_owned()), "{changed:?}");
    assert!(reused.tree[SHARED].contains("（改）"));
    // vc has no such edit: none of its files is emitted again.
    assert!(
        changed.iter().all(|p| p.starts_with("im/") || p == "im.rs"),
        "{changed:?}"
    );
}

#[test]
fn a_version_none_of_whose_pages_changed_is_not_emitted_at_all() {
    // vc/v1's hash is recorded in `vc.rs`; with it unchanged, vc/v1's files are taken as
    // they are, even one whose per-file inputs line was tampered with (its text is intact),
    // which a per-file check would emit again.
    const ROOM: &str = "vc/v1/room.rs";
    let apis = apis();
    let (tree, names) = pinned(&apis);
    assert!(tree["vc.rs"]
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("// versions v1 "));
    let mut previous = tree.clone();
    let tampered = previous[ROOM].replacen("// inputs ", "// inputs 0", 1);
    previous.insert(ROOM.to_owned(), tampered.clone());
    let reused = generate_reusing(&apis, 0, &names, &previous).unwrap();
    assert!(reused.tree[ROOM] == tampered, "vc/v1 was not emitted");
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
    let (tree, names) = pinned(&apis);
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
    let gone = generate_reusing(&without, 0, &names, &tree).unwrap();
    let fresh = generate(&without, 0, &names).unwrap();
    assert_eq!(changed(&gone.tree, &fresh.tree), Vec::<String>::new());
    assert!(!gone.tree.values().any(|t| t.contains(link)));
    // It comes back: the links do too.
    let back = generate_reusing(&apis, 0, &names, &gone.tree).unwrap();
    assert_eq!(changed(&back.tree, &tree), Vec::<String>::new());
}
