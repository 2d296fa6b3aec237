//! `sync` against a replay of the documentation portal on 127.0.0.1 (`support/portal.rs`)
//! serving real pages (`tests/fixtures/sync/raw/`, copies of Feishu's own doc source): fresh
//! and incremental syncs, faults, progress and summary, placement, and a replay of 303 real
//! pages into a copy of the repository's `specs/`.
mod support;

use feishu_codegen::diff::{diff_sources, source::Source, DiffOptions};
use feishu_codegen::sync::{self, http::Policy, state::State, Progress, SyncOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Duration;
use support::portal::{fixture_pages, Doc, Fault, Portal, DIRECTORY};

fn raw_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sync/raw")
}

fn raw(rel: &str) -> Doc {
    Doc::from_page(&std::fs::read_to_string(raw_dir().join(rel)).unwrap())
}

/// Pages with an explorer link, legacy pages placed by their URL, one old-host page.
const EXPLORER: [&str; 3] = [
    "acs/v1/device/list.md",
    "acs/v1/rule_external/delete.md",
    "acs/v1/user.face/get.md",
];
const LEGACY: [&str; 2] = [
    "application/v3/is_user_admin/get.md",
    "application/v2/app/visibility.md",
];

fn no_api_doc() -> Doc {
    Doc {
        full_path: "/uAjLw4CM/ukTMukTMukTM/reference/acs-v1/overview".into(),
        title: "智能门禁概述".into(),
        update_time: "1700000000000".into(),
        content:
            "# 智能门禁概述\n\n智能门禁提供人员、设备与权限的管理能力，本文介绍其资源与概念。\n"
                .into(),
    }
}

fn small_portal() -> Portal {
    let mut docs: Vec<Doc> = EXPLORER.iter().chain(&LEGACY).map(|p| raw(p)).collect();
    docs.push(no_api_doc());
    Portal::start(docs)
}

/// The request timeout of the tests' syncs: long, so that a request slowed by a loaded
/// machine is not timed out and retried (the tests count requests exactly).
const TIMEOUT: Duration = Duration::from_secs(30);

/// The timeout of the tests of timeouts: far below their stalls ([`STALL`]) and far above
/// what an answered request takes.
const SHORT_TIMEOUT: Duration = Duration::from_secs(2);

/// A stalled answer: the client gives up long before it comes.
const STALL: Duration = Duration::from_secs(60);

fn options(portal: &Portal, specs: &Path) -> SyncOptions {
    SyncOptions {
        specs: specs.to_path_buf(),
        base_url: portal.base_url.clone(),
        only: Vec::new(),
        jobs: 8,
        all: false,
        policy: Policy {
            retries: 3,
            backoff: Duration::from_millis(10),
            timeout: TIMEOUT,
        },
    }
}

/// Every file under `dir` with its bytes (hidden files too).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let rel = format!("{prefix}{}", e.file_name().to_string_lossy());
            if e.file_type().unwrap().is_dir() {
                walk(&e.path(), &format!("{rel}/"), out);
            } else {
                out.insert(rel, std::fs::read(e.path()).unwrap());
            }
        }
    }
    walk(dir, "", &mut out);
    out
}

fn siblings(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn fresh_sync_places_every_page_and_remembers_skipped_ones() {
    let portal = small_portal();
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    let s = sync::run(&options(&portal, &specs), &sync::NoProgress).unwrap();
    assert_eq!(
        (s.fetched, s.unchanged, s.skipped, s.failed),
        (5, 0, 1, 0),
        "{s:?}"
    );
    assert!(s.written);
    let mut expected: Vec<&str> = EXPLORER.iter().chain(&LEGACY).copied().collect();
    expected.sort();
    let mut new_pages = s.new_pages.clone();
    new_pages.sort();
    assert_eq!(
        new_pages, expected,
        "explorer links and the URL rule name the files"
    );
    for p in &expected {
        let text = std::fs::read_to_string(specs.join(p)).unwrap();
        let doc = raw(p);
        assert!(text.starts_with("---\ntitle: "), "{p}");
        assert!(text.contains(&format!("fullPath: \"{}\"", doc.full_path)));
        assert!(
            text.ends_with(&doc.content),
            "{p}: the portal's source, as is"
        );
    }
    let state: State =
        serde_json::from_str(&std::fs::read_to_string(specs.join(".sync.json")).unwrap()).unwrap();
    assert_eq!(state.pages.len(), 6);
    assert_eq!(
        state.pages[&no_api_doc().full_path].spec,
        None,
        "skipped, but remembered"
    );
    // One directory request and one per document under node 103; the guide node is not read.
    assert_eq!(portal.requests(DIRECTORY), 1);
    assert_eq!(portal.detail_requests(), 6);
    assert_eq!(portal.requests("/guide/intro"), 0);
    assert_eq!(siblings(&specs), ["specs"], "no staging tree left behind");
    // The pages generate: every one documents its API.
    let apis = feishu_codegen::read_specs(&specs, &Default::default()).unwrap();
    assert_eq!(apis.len(), 5);
    assert!(
        apis.iter().all(|a| !a.has_errors()),
        "{:?}",
        apis.iter().map(|a| &a.diagnostics).collect::<Vec<_>>()
    );
}

#[test]
fn incremental_sync_fetches_only_changed_pages() {
    let portal = small_portal();
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    let opts = options(&portal, &specs);
    sync::run(&opts, &sync::NoProgress).unwrap();

    // Unchanged portal: one directory request, nothing written.
    portal.reset_counts();
    let before = snapshot(&specs);
    let s = sync::run(&opts, &sync::NoProgress).unwrap();
    assert_eq!((s.fetched, s.unchanged, s.skipped, s.failed), (0, 5, 1, 0));
    assert!(!s.written);
    assert_eq!(
        (portal.requests(DIRECTORY), portal.detail_requests()),
        (1, 0)
    );
    assert_eq!(snapshot(&specs), before);

    // One page updated on the portal: only it is fetched, and it replaces its file.
    portal.reset_counts();
    let mut doc = raw(EXPLORER[0]);
    doc.update_time = "1900000000000".into();
    doc.content = doc.content.replace(
        "使用该接口获取租户内所有门禁设备。",
        "使用该接口获取租户内的全部门禁设备。",
    );
    portal.update(doc.clone());
    let s = sync::run(&opts, &sync::NoProgress).unwrap();
    assert_eq!((s.fetched, s.unchanged, s.skipped, s.failed), (1, 4, 1, 0));
    assert_eq!(s.updated_pages, [EXPLORER[0]]);
    assert_eq!(portal.detail_requests(), 1);
    assert_eq!(portal.requests(&doc.full_path), 1);
    let after = snapshot(&specs);
    let changed: Vec<&String> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert_eq!(changed, [".sync.json", EXPLORER[0]]);
    assert!(String::from_utf8_lossy(&after[EXPLORER[0]]).contains("全部门禁设备"));
}

#[test]
fn front_matter_stands_in_for_a_missing_state_file() {
    let portal = small_portal();
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    let opts = options(&portal, &specs);
    sync::run(&opts, &sync::NoProgress).unwrap();
    std::fs::remove_file(specs.join(".sync.json")).unwrap();
    portal.reset_counts();
    let s = sync::run(&opts, &sync::NoProgress).unwrap();
    // The pages' own updateTime says they are current; only the undocumented guide is read.
    assert_eq!((s.fetched, s.unchanged, s.skipped), (0, 5, 1));
    assert_eq!(portal.detail_requests(), 1);
}

#[test]
fn server_errors_are_retried_until_success() {
    let portal = small_portal();
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    let page = raw(LEGACY[0]);
    portal.fault(DIRECTORY, vec![Fault::Status(502)]);
    portal.fault(
        &page.full_path,
        vec![Fault::Status(503), Fault::Status(500)],
    );
    let s = sync::run(&options(&portal, &specs), &sync::NoProgress).unwrap();
    assert_eq!((s.fetched, s.failed), (5, 0));
    assert_eq!(portal.requests(DIRECTORY), 2);
    assert_eq!(portal.requests(&page.full_path), 3);
    assert!(specs.join(LEGACY[0]).is_file());
}

#[test]
fn a_timeout_is_retried() {
    let portal = small_portal();
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    let page = raw(EXPLORER[1]);
    portal.fault(&page.full_path, vec![Fault::Stall(STALL)]);
    let mut opts = options(&portal, &specs);
    opts.policy.timeout = SHORT_TIMEOUT;
    let s = sync::run(&opts, &sync::NoProgress).unwrap();
    assert_eq!((s.fetched, s.failed), (5, 0));
    assert_eq!(portal.requests(&page.full_path), 2);
}

#[test]
fn failures_leave_specs_untouched() {
    let portal = small_portal();
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    let opts = options(&portal, &specs);
    sync::run(&opts, &sync::NoProgress).unwrap();
    let before = snapshot(&specs);
    let mut a = raw(EXPLORER[0]);
    a.update_time = "1900000000000".into();
    a.content.push_str("\n更新。\n");
    let mut b = raw(EXPLORER[2]);
    b.update_time = "1900000000000".into();
    portal.update(a.clone());
    portal.update(b.clone());

    // A body that is not JSON: not retried, the page fails, nothing is written.
    portal.fault(&b.full_path, vec![Fault::BadJson]);
    portal.reset_counts();
    let e = sync::run(&opts, &sync::NoProgress).unwrap_err();
    assert_eq!((e.summary.failed, e.summary.fetched), (1, 1));
    assert_eq!(e.summary.failures[0].0, b.full_path);
    assert!(
        e.summary.failures[0].1.contains("not JSON"),
        "{:?}",
        e.summary.failures
    );
    assert_eq!(portal.requests(&b.full_path), 1);
    assert_eq!(snapshot(&specs), before);
    assert_eq!(siblings(&specs), ["specs"]);

    // A page that keeps timing out: the retries run out, nothing is written.
    portal.clear_faults();
    portal.fault_always(&b.full_path, Fault::Stall(STALL));
    let mut o = opts.clone();
    o.policy.retries = 1;
    o.policy.timeout = SHORT_TIMEOUT;
    let e = sync::run(&o, &sync::NoProgress).unwrap_err();
    assert_eq!(e.summary.failed, 1);
    assert!(
        e.summary.failures[0].1.contains("network error"),
        "{:?}",
        e.summary.failures
    );
    assert_eq!(snapshot(&specs), before);

    // A directory that cannot be read: nothing is written either.
    portal.clear_faults();
    portal.fault_always(DIRECTORY, Fault::Status(500));
    assert!(sync::run(&o, &sync::NoProgress)
        .unwrap_err()
        .message
        .contains("directory"));
    assert_eq!(snapshot(&specs), before);

    // Once the portal answers, both pages land.
    portal.clear_faults();
    let s = sync::run(&opts, &sync::NoProgress).unwrap();
    assert_eq!((s.fetched, s.failed), (2, 0));
}

#[derive(Default)]
struct Recorder(Mutex<Vec<String>>);

impl Progress for Recorder {
    fn start(&self, total: usize) {
        self.0.lock().unwrap().push(format!("start {total}"));
    }
    fn advance(&self, _: &str) {
        self.0.lock().unwrap().push("page".into());
    }
    fn finish(&self) {
        self.0.lock().unwrap().push("finish".into());
    }
}

#[test]
fn progress_is_reported_per_page_and_concurrency_is_bounded() {
    let portal = small_portal();
    portal.delay_all(Duration::from_millis(60));
    let tmp = tempfile::tempdir().unwrap();
    let mut opts = options(&portal, &tmp.path().join("specs"));
    opts.jobs = 2;
    let rec = Recorder::default();
    sync::run(&opts, &rec).unwrap();
    let events = rec.0.into_inner().unwrap();
    assert_eq!(events.first().map(String::as_str), Some("start 6"));
    assert_eq!(events.iter().filter(|e| *e == "page").count(), 6);
    assert_eq!(events.last().map(String::as_str), Some("finish"));
    assert_eq!(
        portal.max_in_flight(),
        2,
        "two downloads at a time, not more"
    );
}

fn cli(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_feishu-codegen"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn the_command_prints_a_summary_and_no_bar_off_a_terminal() {
    let portal = small_portal();
    let tmp = tempfile::tempdir().unwrap();
    let args = ["sync", "--base-url", &portal.base_url, "--timeout", "5"];
    let o = cli(tmp.path(), &args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "sync: 5 fetched, 0 unchanged, 1 skipped (no HTTP API), 0 failed; 5 new, 0 updated, 0 not on the portal; specs/ updated\n"
    );
    assert!(
        o.stderr.is_empty(),
        "no progress bar when stderr is not a terminal"
    );
    let again = cli(tmp.path(), &args);
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        "sync: 0 fetched, 5 unchanged, 1 skipped (no HTTP API), 0 failed; 0 new, 0 updated, 0 not on the portal; specs/ unchanged\n"
    );
    // A failing page: exit 1, the page named on stderr, specs/ unchanged.
    let mut doc = raw(LEGACY[1]);
    doc.update_time = "1900000000000".into();
    portal.update(doc.clone());
    portal.fault_always(&doc.full_path, Fault::Status(503));
    let before = snapshot(&tmp.path().join("specs"));
    let o = cli(
        tmp.path(),
        &["sync", "--base-url", &portal.base_url, "--retries", "1"],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!("{}: HTTP status 503", doc.full_path)),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 failed"));
    assert_eq!(snapshot(&tmp.path().join("specs")), before);
}

#[test]
fn an_interrupted_sync_leaves_specs_untouched() {
    let portal = small_portal();
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    sync::run(&options(&portal, &specs), &sync::NoProgress).unwrap();
    let before = snapshot(&specs);
    for p in EXPLORER {
        let mut d = raw(p);
        d.update_time = "1900000000000".into();
        d.content.push_str("\n改。\n");
        portal.update(d);
    }
    let stalled = raw(EXPLORER[1]).full_path;
    portal.fault_always(&stalled, Fault::Stall(Duration::from_secs(20)));
    portal.reset_counts();
    let mut child = Command::new(env!("CARGO_BIN_EXE_feishu-codegen"))
        .args(["sync", "--base-url", &portal.base_url, "--timeout", "60"])
        .current_dir(tmp.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once the other pages are in and it waits for the stalled one.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while portal.detail_requests() < 3 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(100));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(snapshot(&specs), before, "specs/ as it was");
    // The next run completes (and cleans up whatever the killed one left).
    portal.clear_faults();
    let s = sync::run(&options(&portal, &specs), &sync::NoProgress).unwrap();
    assert_eq!(s.fetched, 3);
    assert_eq!(siblings(&specs), ["specs"]);
}

#[test]
fn only_limits_the_sync_to_the_named_services() {
    let portal = small_portal();
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    let mut opts = options(&portal, &specs);
    opts.only = vec!["acs".into()];
    let s = sync::run(&opts, &sync::NoProgress).unwrap();
    assert_eq!(s.new_pages.len(), 3);
    assert!(s.new_pages.iter().all(|p| p.starts_with("acs/")));
    assert!(!specs.join("application").exists());
}

/// `(saved_path, http_method, http_url, name_from)` rows of a corpus manifest: the corpus's
/// rows of every page named from its URL (`url-named.manifest.tsv`, all 127).
fn manifest() -> Vec<(String, String, String, String)> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sync/url-named.manifest.tsv"),
    )
    .unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[0].into(), c[2].into(), c[3].into(), c[4].into())
        })
        .collect()
}

#[test]
fn the_url_rule_names_legacy_pages_like_the_corpus_does() {
    let rows: Vec<_> = manifest().into_iter().filter(|r| r.3 == "url").collect();
    assert_eq!(rows.len(), 127);
    for (saved, method, url, _) in rows {
        let got = sync::place::url_target(&method, &url).unwrap();
        // The corpus adds `__<verb>` suffixes to the second page of an endpoint.
        let base = saved
            .split("__")
            .next()
            .unwrap()
            .trim_end_matches(".md")
            .to_string()
            + ".md";
        assert_eq!(got, base, "{url}");
    }
}

#[test]
fn replaying_real_pages_into_a_copy_of_specs_keeps_every_api() {
    let repo_specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    copy_dir(&repo_specs, &specs);
    let pages = fixture_pages(&raw_dir());
    assert!(pages.len() >= 300);
    let mut docs: Vec<Doc> = pages.iter().map(|(_, t)| Doc::from_page(t)).collect();
    docs.push(no_api_doc());
    let portal = Portal::start(docs);
    let mut opts = options(&portal, &specs);
    opts.all = true;
    let s = sync::run(&opts, &sync::NoProgress).unwrap();
    assert_eq!(
        (s.fetched, s.skipped, s.failed),
        (pages.len(), 1, 0),
        "{s:?}"
    );

    // Every page lands, with its text; pages of APIs in specs/ stay where they were.
    let state: State =
        serde_json::from_str(&std::fs::read_to_string(specs.join(".sync.json")).unwrap()).unwrap();
    let mut moved = Vec::new();
    for (rel, text) in &pages {
        let doc = Doc::from_page(text);
        let spec = state.pages[&doc.full_path].spec.clone().unwrap();
        let written = std::fs::read_to_string(specs.join(&spec)).unwrap();
        assert!(written.ends_with(&doc.content), "{rel} → {spec}");
        if repo_specs.join(rel).is_file() && spec != *rel {
            moved.push(format!("{rel} → {spec}"));
        }
    }
    assert!(
        moved.is_empty(),
        "pages of APIs in specs/ must stay: {moved:#?}"
    );
    assert_eq!(s.new_pages.len() + s.updated_pages.len(), pages.len());

    // And diff of the copy against specs/ removes no API (the docs' comparison is all this
    // needs; the identifier comparison would emit code for each of the 300 pages).
    let opts = DiffOptions {
        skip_identifiers: true,
        ..DiffOptions::default()
    };
    let report = diff_sources(
        &Source::Dir(repo_specs.clone()),
        &Source::Dir(specs.clone()),
        &opts,
    )
    .unwrap();
    assert_eq!(
        report.summary.apis_removed,
        0,
        "{:#?}",
        report
            .apis
            .iter()
            .filter(|a| a.status == feishu_codegen::diff::model::Status::Removed)
            .map(|a| &a.id)
            .collect::<Vec<_>>()
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Event pages on the portal land where their id says (`<service>/<version>/<resource>/
/// events/<event>.md`), from the explorer link or the type; a type without dots under `_`;
/// a second sync puts an updated event page back at its file.
#[test]
fn event_pages_are_placed_by_their_id_and_stay() {
    let events = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events/raw");
    let doc = |rel: &str| Doc::from_page(&std::fs::read_to_string(events.join(rel)).unwrap());
    let pages = [
        "im-v1/message/events/receive.md",
        "cardkit-v1/card-callback-communication.md",
        "approval-v4/event/common-event/approval-instance-event.md",
    ];
    let portal = Portal::start(pages.iter().map(|p| doc(p)).collect());
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    let s = sync::run(&options(&portal, &specs), &sync::NoProgress).unwrap();
    assert_eq!((s.fetched, s.skipped, s.failed), (3, 0, 0), "{s:?}");
    let mut placed = s.new_pages.clone();
    placed.sort();
    assert_eq!(
        placed,
        [
            "_/_/_/events/approval_instance.md",
            "card/_/action/events/trigger.md",
            "im/v1/message/events/receive.md",
        ]
    );
    // The placed pages read as the events their paths name.
    for p in &placed {
        let bytes = std::fs::read(specs.join(p)).unwrap();
        let item = feishu_codegen::parse_item(p, &bytes);
        let e = item.as_event().unwrap_or_else(|| panic!("{p} is no event"));
        assert_eq!(&e.id.spec_path(), p);
        assert!(!item.has_errors(), "{p}: {:?}", item.diagnostics());
    }
    // Moved once by a maintainer, then updated on the portal: it stays where it was moved.
    let moved = "approval/v4/_/events/approval_instance.md";
    std::fs::create_dir_all(specs.join("approval/v4/_/events")).unwrap();
    std::fs::rename(
        specs.join("_/_/_/events/approval_instance.md"),
        specs.join(moved),
    )
    .unwrap();
    let state_path = specs.join(".sync.json");
    let state = std::fs::read_to_string(&state_path)
        .unwrap()
        .replace("_/_/_/events/approval_instance.md", moved);
    std::fs::write(&state_path, state).unwrap();
    let mut updated = doc(pages[2]);
    updated.update_time = "1900000000000".into();
    let portal = Portal::start(vec![doc(pages[0]), doc(pages[1]), updated]);
    let s = sync::run(&options(&portal, &specs), &sync::NoProgress).unwrap();
    assert_eq!(s.updated_pages, [moved]);
    assert!(s.new_pages.is_empty(), "{s:?}");
}
