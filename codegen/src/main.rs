//! `feishu-codegen`: regenerate the bindings from `specs/`, or print the IR of doc pages.
//!
//! Exit codes: 0 success; 1 the input has errors, the output is stale, or the output directory
//! holds hand-written files; 2 usage or file-system errors.
use clap::{Args, Parser, Subcommand};
use feishu_codegen::diff;
use feishu_codegen::generate::{self, GenerateError, Options, SpecFile};
use feishu_codegen::ir::{Item, Severity};
use feishu_codegen::lint;
use feishu_codegen::sync;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "feishu-codegen", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the checked-in bindings and the per-service Cargo features from the spec pages.
    Generate(GenerateArgs),
    /// Print the IR of doc pages as JSON Lines (one object per page, sorted by path).
    ///
    /// PATHs are pages or directories (searched recursively for `*.md`). Each page is named
    /// after its last four path components (`<service>/<version>/<resource>/<method>.md`);
    /// the `source` key holds the path as given.
    Ir(IrArgs),
    /// Report the doc pages' own inconsistencies and the parser's diagnostics, each with a
    /// stable code (docs/LINT.md). Exit status 1 when there are errors (or, with
    /// `--deny warnings`, warnings).
    Lint(LintArgs),
    /// Compare two sets of doc pages API by API and classify each change (major/minor/patch).
    ///
    /// OLD and NEW are each a specs directory, a single page, or `git:REV[:DIR]` (the pages
    /// under DIR, default `specs`, at a git revision of the repository here).
    /// Exit status: 0, or 1 when `--fail-on` is met; 2 on usage or read errors.
    Diff(DiffArgs),
    /// Fetch the current server API doc pages from Feishu's documentation portal into specs/.
    ///
    /// Only pages updated since the last sync are fetched. Everything is written to a staging
    /// tree swapped in at the end: on failure specs/ is unchanged. Exit status: 0; 1 when
    /// pages failed; 2 when the portal or specs/ cannot be read or written.
    Sync(SyncArgs),
}

#[derive(Args)]
struct SyncArgs {
    /// The specs tree to update.
    #[arg(long, default_value = "specs")]
    specs: PathBuf,
    /// The portal (the Lark site or a mirror work too).
    #[arg(long, default_value = "https://open.feishu.cn")]
    base_url: String,
    /// Only these services (`im`, `vc`, ...).
    #[arg(long, num_args = 1..)]
    only: Vec<String>,
    /// Concurrent downloads.
    #[arg(long, default_value_t = 8)]
    jobs: usize,
    /// Fetch every page, whatever the recorded update times say.
    #[arg(long)]
    all: bool,
    /// Retries of a request after a network error or a 5xx answer.
    #[arg(long, default_value_t = 3)]
    retries: u32,
    /// Seconds one request may take.
    #[arg(long, default_value_t = 30.0)]
    timeout: f64,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    Markdown,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    Major,
    Minor,
}

#[derive(Args)]
struct DiffArgs {
    old: String,
    new: String,
    /// `markdown` (grouped by service) or `json` (schema: docs/DIFF-JSON.md).
    #[arg(long, value_enum, default_value = "markdown")]
    format: DiffFormat,
    /// Exit 1 when there is a change of this class or above.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// List wording-only changes (otherwise counted, not listed).
    #[arg(long)]
    prose: bool,
    /// The bindings' current version [default: the `[package]` version of ./Cargo.toml].
    #[arg(long)]
    current_version: Option<String>,
    /// Worker threads (0 = available parallelism).
    #[arg(long, default_value_t = 0)]
    threads: usize,
}

#[derive(Args)]
struct GenerateArgs {
    /// The spec pages: `<service>/<version>/<resource>/<method>.md`.
    #[arg(long, default_value = "specs")]
    specs: PathBuf,
    /// The generated tree to replace (it must hold generated files only). Without `--out`,
    /// the repository layout is assumed: `generated/`, `Cargo.toml` and
    /// `tests/roundtrip/cases.rs` in the current directory are all maintained.
    #[arg(long)]
    out: Option<PathBuf>,
    /// The Cargo manifest whose `[features]` holds the generated service features block.
    /// Default: `Cargo.toml` when `--out` is not given; otherwise no manifest is touched.
    #[arg(long)]
    manifest: Option<PathBuf>,
    /// The round-trip test's registry of every API's JSON types.
    /// Default: `tests/roundtrip/cases.rs` when `--out` is not given; otherwise none is written.
    #[arg(long)]
    roundtrip_registry: Option<PathBuf>,
    /// The name map pinning public names (`"<record key>" = "<Name>"`). Read from
    /// `<specs>/names.toml` by default; written back (with the names this run assigned) when
    /// `--out` is not given or `--names` is.
    #[arg(long)]
    names: Option<PathBuf>,
    /// Drop name-map entries that no longer name anything (they are reported either way).
    /// Implies `--no-reuse`: only a full run knows every name in use.
    #[arg(long)]
    prune_names: bool,
    /// Emit and format every file, even those the reuse cache says are unchanged.
    #[arg(long)]
    no_reuse: bool,
    /// Where the reuse cache is kept: what each file of the output tree was made from, and by
    /// which generator, so that the next run emits only what changed. It is no part of the
    /// output tree. [default without `--out`: `$CARGO_TARGET_DIR/feishu-codegen/reuse`, else
    /// `target/feishu-codegen/reuse`; with `--out`: none, every file is emitted]
    #[arg(long)]
    cache: Option<PathBuf>,
    /// Write nothing; exit 1 when the generated tree or the features block is stale.
    #[arg(long)]
    check: bool,
    /// Worker threads (0 = available parallelism).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Print every warning (by default only their count; errors are always printed).
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Args)]
struct IrArgs {
    /// Doc pages or directories of doc pages.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Worker threads (0 = available parallelism).
    #[arg(long, default_value_t = 0)]
    threads: usize,
}

#[derive(Args)]
struct LintArgs {
    /// Doc pages or directories of doc pages.
    #[arg(default_value = "specs")]
    paths: Vec<PathBuf>,
    /// `text`: one line per diagnostic, then the summary by code; `json`: one JSON document.
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    format: LintFormat,
    /// Text format: only the summary by code, not the diagnostics.
    #[arg(long)]
    summary: bool,
    /// `warnings`: exit 1 on warnings too.
    #[arg(long, value_enum)]
    deny: Option<Deny>,
    /// Report only these codes (repeatable: `--code F001 --code F004`); the exit status
    /// counts only them.
    #[arg(long = "code", value_name = "CODE", value_parser = parse_code)]
    codes: Vec<lint::Code>,
    /// Print the table of codes (Markdown, as in docs/LINT.md) and exit.
    #[arg(long)]
    list_codes: bool,
    /// Worker threads (0 = available parallelism).
    #[arg(long, default_value_t = 0)]
    threads: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LintFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Deny {
    Warnings,
}

/// Why a command failed.
enum Failure {
    /// Problems in the input or stale output (exit 1); already reported.
    Findings,
    /// Usage or file-system error (exit 2).
    Fatal(String),
}

impl From<GenerateError> for Failure {
    fn from(e: GenerateError) -> Self {
        if e.is_io() {
            Failure::Fatal(e.to_string())
        } else {
            eprintln!("error: {e}");
            Failure::Findings
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate(args) => run_generate(&args),
        Command::Ir(args) => run_ir(&args),
        Command::Diff(args) => run_diff(&args),
        Command::Sync(args) => run_sync(&args),
        Command::Lint(args) => run_lint(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Findings) => ExitCode::from(1),
        Err(Failure::Fatal(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// A path as the user wrote it, `/`-separated, without a trailing separator.
fn slash_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let trimmed = s.trim_end_matches('/');
    if trimmed.is_empty() && s.starts_with('/') {
        "/".to_string()
    } else {
        trimmed.to_string()
    }
}

fn join_display(root: &str, rel: &str) -> String {
    if root.is_empty() || root == "." {
        rel.to_string()
    } else if root.ends_with('/') {
        format!("{root}{rel}")
    } else {
        format!("{root}/{rel}")
    }
}

/// Prints every diagnostic of `items` to stderr, rendered with their sources; returns
/// `(errors, warnings)`.
fn report_diagnostics(items: &[Item]) -> (usize, usize) {
    let (mut errors, mut warnings) = (0, 0);
    let stderr = io::stderr();
    let mut err = stderr.lock();
    for item in items {
        let path = item.source();
        for d in item.diagnostics() {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            let _ = writeln!(err, "{}", d.render(path));
        }
    }
    (errors, warnings)
}

/// `generate`'s diagnostics on stderr: errors always, warnings one by one only when
/// `verbose`, else one summary line; returns `(errors, warnings)`.
fn report_generate_diagnostics(items: &[Item], specs_root: &str, verbose: bool) -> (usize, usize) {
    let mut err = io::stderr().lock();
    let (mut errors, mut warnings) = (0, 0);
    for item in items {
        let path = join_display(specs_root, item.source());
        for d in item.diagnostics() {
            let shown = match d.severity {
                Severity::Error => {
                    errors += 1;
                    true
                }
                Severity::Warning => {
                    warnings += 1;
                    verbose
                }
            };
            if shown {
                let _ = writeln!(err, "{}", d.render(&path));
            }
        }
    }
    if !verbose {
        if let Some(summary) = lint::render::warning_summary(items, specs_root) {
            let _ = writeln!(err, "{summary}");
        }
    }
    (errors, warnings)
}

/// The reuse cache's default place: under cargo's target directory.
fn default_cache() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| PathBuf::from("target"), PathBuf::from)
        .join("feishu-codegen")
        .join("reuse")
}

fn run_generate(args: &GenerateArgs) -> Result<(), Failure> {
    let specs_root = slash_path(&args.specs);
    let opts = Options {
        services: None,
        threads: args.threads,
    };
    let items = generate::read_spec_items(&args.specs, &opts)?;
    let (errors, warnings) = report_generate_diagnostics(&items, &specs_root, args.verbose);
    if errors > 0 {
        eprintln!(
            "error: {errors} error(s), {warnings} warning(s) in {} page(s); nothing written",
            items.iter().filter(|a| a.has_errors()).count()
        );
        return Err(Failure::Findings);
    }
    // Event and callback pages are emitted beside the APIs of their service version.
    let (apis, event_items): (Vec<Item>, Vec<Item>) =
        items.into_iter().partition(|i| i.as_event().is_none());
    let apis: Vec<_> = apis.into_iter().filter_map(Item::into_api).collect();
    let event_list: Vec<_> = event_items
        .iter()
        .filter_map(Item::as_event)
        .cloned()
        .collect();
    let events = event_list.len();
    let names_path = args
        .names
        .clone()
        .unwrap_or_else(|| args.specs.join("names.toml"));
    let existing_names = generate::read_names(&names_path)?;
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("generated"));
    // With `--out` and no `--cache`, nothing outside the output tree is written: no cache.
    let cache_path = (args.cache.clone()).or_else(|| args.out.is_none().then(default_cache));
    let previous = match &cache_path {
        Some(path) if !args.no_reuse && !args.prune_names => generate::Previous {
            tree: generate::read_tree(&out_dir)?,
            cache: generate::ReuseCache::read(path),
        },
        _ => generate::Previous::default(),
    };
    let generated = match generate::generate_pages(
        &apis,
        &event_list,
        args.threads,
        &existing_names,
        &previous,
    ) {
        Ok(generated) => generated,
        Err(GenerateError::Diagnostics { errors }) => {
            // Paths in these are relative to the specs root; show them as the user wrote it.
            for e in &errors {
                eprintln!("{}", join_display(&specs_root, e));
            }
            eprintln!("error: {} error(s); nothing written", errors.len());
            return Err(Failure::Findings);
        }
        Err(e) => return Err(e.into()),
    };
    let generate::Generated {
        tree,
        names: assigned,
        mut cache,
    } = generated;
    let names = generate::NameMapUpdate::new(&existing_names, &assigned, args.prune_names);
    for (key, old, new) in &names.changed {
        eprintln!(
            "{}: warning: {key:?} was {old:?}, now {new:?}: a public rename (another line of the type renamed it, or its name is taken in its module)",
            names_path.display()
        );
    }
    for key in &names.unused {
        eprintln!(
            "{}: unused entry {key:?}{}",
            names_path.display(),
            if args.prune_names {
                " (pruned)"
            } else {
                " (kept; --prune-names drops it)"
            }
        );
    }
    let default_layout = args.out.is_none();
    let registry = args
        .roundtrip_registry
        .clone()
        .or_else(|| default_layout.then(|| PathBuf::from("tests/roundtrip/cases.rs")));
    let side = SideFiles {
        manifest: args
            .manifest
            .clone()
            .or_else(|| default_layout.then(|| PathBuf::from("Cargo.toml"))),
        registry_text: match &registry {
            Some(path) => generate::roundtrip_registry_reusing(
                &apis,
                &event_list,
                &names.map,
                (
                    std::fs::read_to_string(path).ok().as_deref(),
                    &previous.cache,
                ),
                &mut cache,
            )?,
            None => String::new(),
        },
        registry,
        services: generate::page_services(&apis, &event_list),
        names: (default_layout || args.names.is_some())
            .then(|| (names_path.clone(), generate::render_names(&names.map))),
    };
    // The cache only saves time: a run that cannot keep it still did its job.
    if let Some(path) = &cache_path {
        if let Err(e) = cache.write(path) {
            eprintln!(
                "warning: cannot write the reuse cache {}: {e}",
                path.display()
            );
        }
    }
    let out = slash_path(&out_dir);

    if args.check {
        let diff = generate::diff_tree(&out_dir, &tree)?;
        for (paths, what) in [
            (&diff.modified, "stale"),
            (&diff.added, "missing"),
            (&diff.removed, "extra"),
        ] {
            for p in paths {
                eprintln!("{}: {what}", join_display(&out, p));
            }
        }
        let stale_side = side.sync(true)?;
        for what in &stale_side {
            eprintln!("{what}: stale");
        }
        if !diff.is_empty() || !stale_side.is_empty() {
            eprintln!(
                "error: generated code is out of date with {specs_root}/; \
                 run `cargo run -p feishu-codegen -- generate`"
            );
            return Err(Failure::Findings);
        }
        println!(
            "{out}/ is up to date: {} APIs{}, {} files, {warnings} warning(s)",
            apis.len(),
            events_emitted(events),
            tree.len(),
        );
        return Ok(());
    }

    let report = generate::write_tree(&out_dir, &tree)?;
    let updated = side.sync(false)?;
    let written = if report.unchanged() {
        "unchanged".to_string()
    } else {
        format!(
            "written ({} changed, {} added, {} removed)",
            report.diff.modified.len(),
            report.diff.added.len(),
            report.diff.removed.len()
        )
    };
    let updated = if updated.is_empty() {
        String::new()
    } else {
        format!("; updated {}", updated.join(", "))
    };
    println!(
        "{out}/: {} APIs{}, {} files, {written}{updated}; {warnings} warning(s)",
        apis.len(),
        events_emitted(events),
        tree.len(),
    );
    if side.names.is_some() {
        println!(
            "{}: {} names, {} new, {} renamed, {} unused{}",
            names_path.display(),
            names.map.len(),
            names.added.len(),
            names.changed.len(),
            names.unused.len(),
            if args.prune_names { " (pruned)" } else { "" }
        );
    }
    println!(
        "{}",
        diff::summary_since_head(
            &args.specs,
            &apis,
            &event_list,
            manifest_version(side.manifest.as_deref().unwrap_or(Path::new("Cargo.toml")))
        )
    );
    Ok(())
}

/// The summary's count of the event and callback types emitted (one per page).
fn events_emitted(events: usize) -> String {
    match events {
        0 => String::new(),
        1 => ", 1 event type".to_owned(),
        n => format!(", {n} event types"),
    }
}

/// The `[package]` version of a Cargo manifest, if it can be read.
fn manifest_version(manifest: &Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest).ok()?;
    diff::version::package_version(&text)
}

fn run_diff(args: &DiffArgs) -> Result<(), Failure> {
    let opts = diff::DiffOptions {
        old_label: args.old.clone(),
        new_label: args.new.clone(),
        prose: args.prose,
        current_version: args
            .current_version
            .clone()
            .or_else(|| manifest_version(Path::new("Cargo.toml"))),
        threads: args.threads,
        skip_identifiers: false,
    };
    let old = diff::source::Source::from_arg(&args.old);
    let new = diff::source::Source::from_arg(&args.new);
    let report = diff::diff_sources(&old, &new, &opts).map_err(Failure::Fatal)?;
    let text = match args.format {
        DiffFormat::Markdown => diff::render::markdown(&report),
        DiffFormat::Json => diff::render::json(&report),
    };
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(Failure::Fatal(format!("cannot write to stdout: {e}"))),
    }
    let s = &report.summary;
    let failed = match args.fail_on {
        Some(FailOn::Major) => s.major > 0,
        Some(FailOn::Minor) => s.major + s.minor > 0,
        None => false,
    };
    if failed {
        return Err(Failure::Findings);
    }
    Ok(())
}

/// The files outside the output tree that `generate` maintains, when they belong to it.
struct SideFiles {
    /// The manifest holding the features block.
    manifest: Option<PathBuf>,
    /// The round-trip test registry.
    registry: Option<PathBuf>,
    services: Vec<String>,
    registry_text: String,
    /// The name map and its new text.
    names: Option<(PathBuf, String)>,
}

impl SideFiles {
    /// Brings each file up to date (with `check_only`, only compares); returns the stale ones
    /// as displayed names.
    fn sync(&self, check_only: bool) -> Result<Vec<String>, GenerateError> {
        let mut stale = Vec::new();
        if let Some(m) = &self.manifest {
            if generate::sync_cargo_features(m, &self.services, check_only)? {
                stale.push(format!("{} (features block)", m.display()));
            }
        }
        if let Some(r) = &self.registry {
            if generate::sync_file(r, &self.registry_text, check_only)? {
                stale.push(r.display().to_string());
            }
        }
        if let Some((path, text)) = &self.names {
            if generate::sync_file(path, text, check_only)? {
                stale.push(path.display().to_string());
            }
        }
        Ok(stale)
    }
}

/// Pages named on the command line: `(display path, file)`, sorted by display path, distinct.
fn collect_pages(paths: &[PathBuf]) -> Result<Vec<(String, PathBuf)>, Failure> {
    let mut pages = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path)
            .map_err(|e| Failure::Fatal(format!("cannot read {}: {e}", path.display())))?;
        let root = slash_path(path);
        if meta.is_dir() {
            for f in generate::list_specs(path, &Options::default())? {
                pages.push((join_display(&root, &f.source), f.path));
            }
        } else {
            pages.push((root, path.clone()));
        }
    }
    pages.sort();
    pages.dedup_by(|a, b| a.0 == b.0);
    Ok(pages)
}

fn run_ir(args: &IrArgs) -> Result<(), Failure> {
    let pages = collect_pages(&args.paths)?;
    let files: Vec<SpecFile> = pages
        .iter()
        .map(|(display, path)| SpecFile {
            source: generate::layout_source(display),
            path: path.clone(),
        })
        .collect();
    let mut items = generate::read_items(&files, args.threads)?;
    for (item, (display, _)) in items.iter_mut().zip(&pages) {
        item.set_source(display.clone());
    }
    let (errors, _) = report_diagnostics(&items);

    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let written = items.iter().try_for_each(|item| {
        serde_json::to_writer(&mut out, item).map_err(io::Error::from)?;
        out.write_all(b"\n")
    });
    match written.and_then(|()| out.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(()),
        Err(e) => return Err(Failure::Fatal(format!("cannot write to stdout: {e}"))),
    }
    if errors > 0 {
        eprintln!(
            "error: {errors} error(s) in {} page(s)",
            items.iter().filter(|a| a.has_errors()).count()
        );
        return Err(Failure::Findings);
    }
    Ok(())
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
struct Bar(indicatif::ProgressBar);

impl sync::Progress for Bar {
    fn start(&self, total: usize) {
        self.0.set_length(total as u64);
    }
    fn advance(&self, _: &str) {
        self.0.inc(1);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

fn run_sync(args: &SyncArgs) -> Result<(), Failure> {
    let opts = sync::SyncOptions {
        specs: args.specs.clone(),
        base_url: args.base_url.clone(),
        only: args.only.clone(),
        jobs: args.jobs.max(1),
        all: args.all,
        policy: sync::http::Policy {
            retries: args.retries,
            timeout: std::time::Duration::from_secs_f64(args.timeout.max(0.001)),
            ..sync::http::Policy::default()
        },
    };
    let bar = if io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(0);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "fetching {bar:40} {pos}/{len} pages ({eta} left)",
        ) {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let specs = slash_path(&args.specs);
    match sync::run(&opts, &Bar(bar)) {
        Ok(summary) => {
            let outcome = if summary.written {
                format!("{specs}/ updated")
            } else {
                format!("{specs}/ unchanged")
            };
            println!("sync: {}; {outcome}", summary.line());
            Ok(())
        }
        Err(e) => {
            for (page, reason) in &e.summary.failures {
                eprintln!("{page}: {reason}");
            }
            println!("sync: {}; {specs}/ unchanged", e.summary.line());
            if e.summary.failed > 0 {
                eprintln!("error: {}", e.message);
                Err(Failure::Findings)
            } else {
                Err(Failure::Fatal(e.message))
            }
        }
    }
}

fn parse_code(s: &str) -> Result<lint::Code, String> {
    lint::Code::from_id(&s.to_ascii_uppercase())
        .ok_or_else(|| format!("unknown code `{s}` (see `lint --list-codes`)"))
}

fn run_lint(args: &LintArgs) -> Result<(), Failure> {
    if args.list_codes {
        print!("{}", lint::codes::markdown());
        return Ok(());
    }
    let pages = collect_pages(&args.paths)?;
    let mut reports = lint::lint_pages(&pages, args.threads)?;
    if !args.codes.is_empty() {
        for r in &mut reports {
            r.retain_codes(&args.codes);
        }
    }
    let summary = lint::render::Summary::of(&reports);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let written = match args.format {
        LintFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &lint::render::JsonReport::of(&reports))
                .map_err(io::Error::from)
                .and_then(|()| out.write_all(b"\n"))
        }
        LintFormat::Text => {
            out.write_all(lint::render::text(&reports, &summary, !args.summary).as_bytes())
        }
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(Failure::Fatal(format!("cannot write to stdout: {e}"))),
    }
    let denied = args.deny == Some(Deny::Warnings) && summary.warnings > 0;
    if summary.errors > 0 || denied {
        return Err(Failure::Findings);
    }
    Ok(())
}
