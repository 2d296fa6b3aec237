//! `diff` over event pages (issue 19, acceptance 3): ten real event pages of `specs/` copied
//! into two trees, four of them edited on the new side as Feishu edits its pages (a field
//! added, a field removed, an enum value added, a reworded description); each change is
//! classified (minor / major / minor / patch) and its entry names the event.

use feishu_codegen::diff::model::{Class, Kind, Status};
use feishu_codegen::diff::source::Source;
use feishu_codegen::diff::{diff_sources, render, DiffOptions};
use std::path::Path;

const PAGES: &[&str] = &[
    "im/v1/message/events/receive.md",
    "approval/v4/_/events/approval_instance.md",
    "im/v1/message.reaction/events/created.md",
    "contact/v3/user/events/created.md",
    "im/v1/chat/events/updated.md",
    "im/v1/chat/events/disbanded.md",
    "contact/v3/department/events/created.md",
    "auth/v4/user_access_token/events/revoked.md",
    "card/_/action/events/trigger.md",
    "drive/v1/file/events/edit.md",
];

/// `(page, from, to)`: each `from` occurs once in its page.
const EDITS: &[(&str, &str, &str)] = &[
    // A field added under `event.message`.
    (
        "im/v1/message/events/receive.md",
        "| &nbsp;&nbsp;&nbsp;&nbsp;└ `user_agent` |",
        "| &nbsp;&nbsp;&nbsp;&nbsp;└ `pinned` | `boolean` | 消息是否被置顶 |\n| &nbsp;&nbsp;&nbsp;&nbsp;└ `user_agent` |",
    ),
    // A field removed: `event.uuid`.
    (
        "approval/v4/_/events/approval_instance.md",
        "| &nbsp;&nbsp;└ uuid | string | 如果[创建审批实例](https://open.larkoffice.com/document/uAjLw4CM/ukTMukTMukTM/reference/approval-v4/instance/create)时传入了 uuid，则此处返回该实例的 uuid。 |\n",
        "",
    ),
    // An enum value added to `event.operator_type`.
    (
        "im/v1/message.reaction/events/created.md",
        "- app：应用，此时 app_id 参数有返回值。 |",
        "- app：应用，此时 app_id 参数有返回值。 - bot：机器人，此时 app_id 参数有返回值。 |",
    ),
    // A reworded description.
    (
        "contact/v3/user/events/created.md",
        "是否为暂停状态。",
        "是否处于暂停状态。",
    ),
];

fn copy_pages(root: &Path, edited: bool) {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    for rel in PAGES {
        let mut text = std::fs::read_to_string(specs.join(rel)).unwrap();
        for (page, from, to) in EDITS.iter().filter(|(p, _, _)| edited && p == rel) {
            assert_eq!(text.matches(from).count(), 1, "{from:?} in {page}");
            text = text.replacen(from, to, 1);
        }
        let dest = root.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(dest, text).unwrap();
    }
}

#[test]
fn diff_classifies_event_changes_and_names_the_event() {
    let old = tempfile::tempdir().unwrap();
    let new = tempfile::tempdir().unwrap();
    copy_pages(old.path(), false);
    copy_pages(new.path(), true);
    let opts = DiffOptions {
        old_label: "old".into(),
        new_label: "new".into(),
        current_version: Some("0.2.0".into()),
        ..DiffOptions::default()
    };
    let report = diff_sources(
        &Source::Dir(old.path().to_path_buf()),
        &Source::Dir(new.path().to_path_buf()),
        &opts,
    )
    .unwrap();
    let s = &report.summary;
    assert_eq!(
        (
            s.events_added,
            s.events_removed,
            s.events_changed,
            s.events_unchanged
        ),
        (0, 0, 4, 6)
    );
    assert_eq!((s.apis_added, s.apis_changed, s.apis_unchanged), (0, 0, 0));
    let entry = |id: &str| {
        report
            .apis
            .iter()
            .find(|a| a.id == id)
            .unwrap_or_else(|| panic!("no entry for {id}: {:#?}", report.apis))
    };
    let cases = [
        (
            "im/v1/message/events/receive",
            "im.message.receive_v1",
            Class::Minor,
            Kind::FieldAdded,
            "event.message.pinned",
        ),
        (
            "approval/v4/_/events/approval_instance",
            "approval_instance",
            Class::Major,
            Kind::FieldRemoved,
            "event.uuid",
        ),
        (
            "im/v1/message.reaction/events/created",
            "im.message.reaction.created_v1",
            Class::Minor,
            Kind::EnumValueAdded,
            "event.operator_type",
        ),
    ];
    for (id, event_type, class, kind, location) in cases {
        let e = entry(id);
        assert_eq!(e.status, Status::Changed);
        assert_eq!(e.event_type.as_deref(), Some(event_type), "{id}");
        assert_eq!(e.class, class, "{id}: {:?}", e.changes);
        let kinds: Vec<(Kind, &str)> = e
            .changes
            .iter()
            .map(|c| (c.kind, c.location.as_str()))
            .collect();
        assert_eq!(kinds, [(kind, location)], "{id}");
    }
    let reworded = entry("contact/v3/user/events/created");
    assert_eq!(
        reworded.event_type.as_deref(),
        Some("contact.user.created_v3")
    );
    assert_eq!(reworded.class, Class::Patch);
    assert_eq!((reworded.changes.len(), reworded.prose_changes), (0, 1));
    assert_eq!(report.next_version.as_deref(), Some("0.3.0"));

    // The Markdown report names each event by id and type; the JSON one carries the type.
    let md = render::markdown(&report);
    for line in [
        "### `im/v1/message/events/receive` (event `im.message.receive_v1`) 接收消息 · minor",
        "- minor · field added · `event.message.pinned`: `boolean`",
        "- major · field removed · `event.uuid`: `string`",
        "- minor · enum value added · `event.operator_type`: `bot`",
        "- patch · 1 wording change(s)",
        "0 APIs added, 0 removed, 0 changed, 0 unchanged; 0 events added, 0 removed, 4 changed, 6 unchanged.",
    ] {
        assert!(md.contains(line), "{line:?} not in\n{md}");
    }
    let json: serde_json::Value = serde_json::from_str(&render::json(&report)).unwrap();
    assert_eq!(json["apis"][0]["event_type"], "approval_instance");
}

#[test]
fn added_and_removed_events_are_reported_by_type() {
    let old = tempfile::tempdir().unwrap();
    let new = tempfile::tempdir().unwrap();
    copy_pages(old.path(), false);
    copy_pages(new.path(), false);
    std::fs::remove_file(new.path().join(PAGES[0])).unwrap();
    std::fs::remove_file(old.path().join(PAGES[8])).unwrap();
    let report = diff_sources(
        &Source::Dir(old.path().to_path_buf()),
        &Source::Dir(new.path().to_path_buf()),
        &DiffOptions::default(),
    )
    .unwrap();
    let s = &report.summary;
    assert_eq!(
        (s.events_added, s.events_removed, s.major, s.minor),
        (1, 1, 1, 1)
    );
    let lines: Vec<String> = report
        .apis
        .iter()
        .map(|a| format!("{:?} {} {:?} {}", a.status, a.id, a.event_type, a.class))
        .collect();
    assert_eq!(
        lines,
        [
            "Added card/_/action/events/trigger Some(\"card.action.trigger\") minor",
            "Removed im/v1/message/events/receive Some(\"im.message.receive_v1\") major",
        ]
    );
    let md = render::markdown(&report);
    assert!(md.contains("- minor · event added · `card/_/action/events/trigger` 卡片回传交互回调: `card.action.trigger`"), "{md}");
}
