//! The emitted code of event and callback pages (`emit/event.rs`), snapshotted: the card
//! callback with its answer, and `approval_instance`, a 1.0 event with a field whose type
//! varies (a `serde_json::Value`, its types listed). Both parse as Rust files.
use feishu_codegen::emit::emit_pages;
use feishu_codegen::format::format_file;
use feishu_codegen::generate::NameMap;
use feishu_codegen::ir::{Event, Item};
use std::path::Path;

fn event(page: &str) -> Event {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(page);
    let bytes = std::fs::read(&path).unwrap();
    match feishu_codegen::parse_item(page, &bytes) {
        Item::Event(e) => *e,
        Item::Api(_) => panic!("{page} is no event page"),
    }
}

/// The formatted file of the event's resource module.
fn module(page: &str, file: &str) -> String {
    let (files, names) = emit_pages(&[], &[event(page)], &NameMap::new()).unwrap();
    assert!(names.keys().any(|k| k.ends_with(" event")), "{names:?}");
    let f = files.into_iter().find(|f| f.path == file).unwrap();
    let text = format_file(f.tokens).unwrap();
    syn::parse_file(&text).unwrap();
    text
}

#[test]
fn the_card_callback_and_its_answer() {
    let text = module("card/_/action/events/trigger.md", "card/legacy/action.rs");
    assert!(text.contains("impl crate::Callback for CardActionTrigger {"));
    assert!(text.contains("type Response = CardActionTriggerResponse;"));
    assert!(text.contains("const EVENT_TYPE: &'static str = \"card.action.trigger\";"));
    insta::assert_snapshot!(text);
}

#[test]
fn a_v1_event_with_a_field_of_two_types() {
    let text = module(
        "approval/v4/_/events/approval_instance.md",
        "approval/v4/legacy.rs",
    );
    assert!(text.contains("const SCHEMA: crate::EventSchema = crate::EventSchema::V1;"));
    assert!(text.contains("pub operate_time: ::std::option::Option<::serde_json::Value>,"));
    insta::assert_snapshot!(text);
}
