use super::*;
use std::fs;

#[test]
fn list_specs_sorts_filters_and_skips_hidden_and_other_files() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    for p in [
        "vc/v1/meeting/end.md",
        "vc/v1/meeting/get.md",
        "im/v1/chat.members/create.md",
        "im/v1/chat/create.md",
        "im/v1/chat/notes.txt",
        ".hidden/v1/x/y.md",
        "vc/.git/x.md",
    ] {
        let path = root.join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "x").unwrap();
    }
    fs::write(root.join("README.md"), "x").unwrap();
    let all: Vec<String> = list_specs(root, &Options::default())
        .unwrap()
        .into_iter()
        .map(|f| f.source)
        .collect();
    assert_eq!(
        all,
        vec![
            "README.md",
            "im/v1/chat.members/create.md",
            "im/v1/chat/create.md",
            "vc/v1/meeting/end.md",
            "vc/v1/meeting/get.md",
        ]
    );
    let opts = Options {
        services: Some(["vc".to_string()].into()),
        threads: 0,
    };
    let vc: Vec<String> = list_specs(root, &opts)
        .unwrap()
        .into_iter()
        .map(|f| f.source)
        .collect();
    assert_eq!(vc, vec!["vc/v1/meeting/end.md", "vc/v1/meeting/get.md"]);
    let err = list_specs(&root.join("nope"), &Options::default()).unwrap_err();
    assert!(err.to_string().contains("nope"), "{err}");
}

#[test]
fn layout_source_keeps_the_last_four_components() {
    assert_eq!(
        layout_source("specs/vc/v1/meeting/end.md"),
        "vc/v1/meeting/end.md"
    );
    assert_eq!(
        layout_source("/a/b/./vc/v1/meeting/end.md"),
        "vc/v1/meeting/end.md"
    );
    assert_eq!(layout_source("meeting/end.md"), "meeting/end.md");
    assert_eq!(
        layout_source("specs/im/v1/message/events/receive.md"),
        "im/v1/message/events/receive.md"
    );
}
