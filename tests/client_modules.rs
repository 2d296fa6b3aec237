//! The client's files import each other without a cycle: each concern has one owner
//! (`state` holds what the clones share, `store` the token cache, `request` the prepared
//! request), and a file only uses the ones below it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Each module of `dir` → the sibling modules it names (`super::x`), outside comments and
/// its `tests` module.
fn imports(dir: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut names = BTreeSet::new();
    let mut sources = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "rs") {
            let name = p.file_stem().unwrap().to_str().unwrap().to_string();
            names.insert(name.clone());
            sources.push((name, fs::read_to_string(&p).unwrap()));
        }
    }
    let mut graph = BTreeMap::new();
    for (name, text) in sources {
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
        let mut uses = BTreeSet::new();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (i, _) in line.match_indices("super::") {
                let rest = &line[i + "super::".len()..];
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                let target = &rest[..end];
                if names.contains(target) && target != name {
                    uses.insert(target.to_string());
                }
            }
        }
        graph.insert(name, uses);
    }
    graph
}

/// A cycle of `graph` as the list of its modules, if there is one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            return Some(path[i..].to_vec());
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for m in graph.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_client_files_import_each_other_without_a_cycle() {
    let graph = imports(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/client"));
    assert!(graph.len() >= 15, "{graph:?}");
    // What the parts share is imported from `state`, not from the file that builds it.
    assert!(graph["token"].contains("state") && graph["send"].contains("state"));
    assert_eq!(cycle(&graph), None, "{graph:#?}");
}

#[test]
fn a_cycle_is_found() {
    let g = |edges: &[(&str, &str)]| {
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in edges {
            graph
                .entry(a.to_string())
                .or_default()
                .insert(b.to_string());
            graph.entry(b.to_string()).or_default();
        }
        graph
    };
    assert_eq!(cycle(&g(&[("a", "b"), ("b", "c"), ("a", "c")])), None);
    assert_eq!(
        cycle(&g(&[("a", "b"), ("b", "c"), ("c", "a")])),
        Some(vec!["a".to_string(), "b".to_string(), "c".to_string()])
    );
}
