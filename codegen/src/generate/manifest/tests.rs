use super::*;
use std::fs;

const MANIFEST: &str =
    "[package]\nname = \"x\"\n\n[features]\ndefault = []\n\n[dev-dependencies]\nfoo = \"1\"\n";

#[test]
fn features_block_is_inserted_then_replaced() {
    let svcs = vec!["vc".to_string(), "im".to_string()];
    let once = update_features(MANIFEST, &svcs).unwrap();
    assert!(once.contains("[features]\ndefault = []\n# BEGIN generated"));
    assert!(once.contains("full = [\n    \"im\",\n    \"vc\",\n]\nim = []\nvc = []\n# END"));
    assert!(once.ends_with("# END generated service features\n\n[dev-dependencies]\nfoo = \"1\"\n"));
    // Idempotent.
    assert_eq!(update_features(&once, &svcs).unwrap(), once);
    // Replaced, not duplicated.
    let fewer = update_features(&once, &["vc".to_string()]).unwrap();
    assert_eq!(fewer.matches(FEATURES_BEGIN).count(), 1);
    assert!(!fewer.contains("im = []"));
    assert!(fewer.contains("full = [\n    \"vc\",\n]\nvc = []\n"));
    // Back to the original services, back to the same text.
    assert_eq!(update_features(&fewer, &svcs).unwrap(), once);
}

#[test]
fn features_section_is_created_when_missing() {
    let m = "[package]\nname = \"x\"\n";
    let out = update_features(m, &[]).unwrap();
    assert_eq!(
        out,
        format!(
            "[package]\nname = \"x\"\n\n[features]\n{}",
            features_block(&[])
        )
    );
    assert!(out.contains("full = []\n"));
}

#[test]
fn broken_markers_and_bad_names_are_errors() {
    let half = format!("[features]\n{FEATURES_BEGIN}\nvc = []\n");
    assert!(update_features(&half, &[]).is_err());
    let reversed = format!("[features]\n{FEATURES_END}\n{FEATURES_BEGIN}\n");
    assert!(update_features(&reversed, &[]).is_err());
    assert!(update_features(MANIFEST, &["full".to_string()]).is_err());
    assert!(update_features(MANIFEST, &["a b".to_string()]).is_err());
}

#[test]
fn sync_cargo_features_checks_and_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("Cargo.toml");
    fs::write(&m, MANIFEST).unwrap();
    let svcs = vec!["vc".to_string()];
    assert!(sync_cargo_features(&m, &svcs, true).unwrap());
    assert_eq!(
        fs::read_to_string(&m).unwrap(),
        MANIFEST,
        "check writes nothing"
    );
    assert!(sync_cargo_features(&m, &svcs, false).unwrap());
    assert!(fs::read_to_string(&m).unwrap().contains("vc = []"));
    assert!(!sync_cargo_features(&m, &svcs, true).unwrap());
    assert!(!sync_cargo_features(&m, &svcs, false).unwrap());
    let names: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temp file left");
}
