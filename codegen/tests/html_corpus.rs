//! Runs the `:::html` reader over every page of a Feishu raw-source corpus and prints a
//! summary. Not part of CI (tests never read outside the repository): run with
//!
//! ```text
//! FEISHU_RAW_CORPUS=/path/to/feishu-raw cargo test --release -p feishu-codegen \
//!     --test html_corpus -- --ignored --nocapture
//! ```

use feishu_codegen::ir::{Diagnostic, Severity};
use feishu_codegen::parse::blocks::{Block, Pos};
use feishu_codegen::parse::html::read_html_block;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn pages(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            pages(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

/// Splits a page into `:::html` segments: (content, 1-based line of the first content line).
fn html_segments(page: &str) -> Vec<(String, u32)> {
    let mut segs = Vec::new();
    let mut cur: Option<(Vec<&str>, u32)> = None;
    for (k, line) in page.lines().enumerate() {
        let n = u32::try_from(k + 1).unwrap_or(u32::MAX);
        match &mut cur {
            None if line.trim() == ":::html" => cur = Some((Vec::new(), n + 1)),
            None => {}
            Some((lines, start)) => {
                if line.trim() == ":::" {
                    segs.push((lines.join("\n"), *start));
                    cur = None;
                } else {
                    lines.push(line);
                }
            }
        }
    }
    if let Some((lines, start)) = cur {
        segs.push((lines.join("\n"), start));
    }
    segs
}

#[test]
#[ignore = "reads a corpus outside the repository; set FEISHU_RAW_CORPUS"]
fn every_html_block_of_the_raw_corpus() {
    let Ok(root) = std::env::var("FEISHU_RAW_CORPUS") else {
        eprintln!("FEISHU_RAW_CORPUS not set: skipped");
        return;
    };
    let mut files = Vec::new();
    pages(Path::new(&root), &mut files);
    assert!(!files.is_empty(), "no pages under {root}");
    let mut texts = Vec::new();
    for f in &files {
        texts.push((f.clone(), std::fs::read_to_string(f).unwrap()));
    }
    let (mut segments, mut tables, mut rows, mut codes, mut text_blocks) = (0, 0, 0, 0, 0);
    let mut by_message: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut errors = 0;
    let (mut ragged, mut double_options, mut leftover_md) = (0, 0, 0);
    let (mut ragged_eg, mut leftover_eg) = (None, None);
    let mut warnings = 0;
    let mut elapsed = Duration::ZERO;
    let mut slowest = (Duration::ZERO, String::new());
    for (path, text) in &texts {
        let rel = path.strip_prefix(&root).unwrap().display().to_string();
        let segs = html_segments(text);
        let t0 = Instant::now();
        let mut diags: Vec<Diagnostic> = Vec::new();
        let mut blocks = Vec::new();
        for (src, line) in &segs {
            blocks.extend(read_html_block(src, Pos::new(*line, 1), &mut diags));
        }
        let dt = t0.elapsed();
        elapsed += dt;
        if dt > slowest.0 {
            slowest = (dt, rel.clone());
        }
        segments += segs.len();
        for b in &blocks {
            match b {
                Block::Table(t) => {
                    tables += 1;
                    rows += t.rows.len();
                    for r in &t.rows {
                        if !t.header.is_empty() && r.cells.len() != t.header.len() {
                            ragged += 1;
                            ragged_eg.get_or_insert(format!("{rel}:{}", r.pos.line));
                        }
                        for c in &r.cells {
                            if c.text.matches("可选值有").count() > 1 {
                                double_options += 1;
                            }
                            if c.text.contains("<md-") {
                                leftover_md += 1;
                                leftover_eg.get_or_insert(format!("{rel}:{}", c.pos.line));
                            }
                        }
                    }
                }
                Block::Code { .. } => codes += 1,
                Block::Text { .. } => text_blocks += 1,
                Block::Heading { .. } => {}
            }
        }
        for d in diags {
            match d.severity {
                Severity::Error => errors += 1,
                _ => warnings += 1,
            }
            // Group by message with quoted details removed.
            let key: String = d
                .message
                .split(" opened at ")
                .next()
                .unwrap_or("")
                .to_string();
            let e = by_message
                .entry(key)
                .or_insert((0, format!("{rel}:{}:{}", d.line, d.column)));
            e.0 += 1;
        }
    }
    // Timing on its own, over pre-split segments: best of three runs.
    let all: Vec<(String, u32)> = texts.iter().flat_map(|(_, t)| html_segments(t)).collect();
    let bytes: usize = all.iter().map(|(s, _)| s.len()).sum();
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let t0 = Instant::now();
        let mut n = 0;
        for (src, line) in &all {
            let mut diags = Vec::new();
            n += read_html_block(src, Pos::new(*line, 1), &mut diags).len();
        }
        best = best.min(t0.elapsed());
        assert!(n > 0);
    }
    println!(
        "timing: {} blocks, {:.1} MB in {best:?} (best of 3)",
        all.len(),
        bytes as f64 / 1e6
    );
    println!(
        "{} pages, {segments} :::html blocks -> {tables} tables ({rows} rows), {codes} code, {text_blocks} text",
        files.len()
    );
    println!(
        "{errors} errors, {warnings} warnings; reader time {elapsed:?}; slowest page {slowest:?}"
    );
    println!("rows whose cell count differs from the header: {ragged} (e.g. {ragged_eg:?})");
    println!("cells with two 可选值有 lines (in the doc text itself): {double_options}");
    println!("cells with leftover <md- text: {leftover_md} (e.g. {leftover_eg:?})");
    for (msg, (n, first)) in &by_message {
        println!("{n:6}  {msg}   e.g. {first}");
    }
    assert_eq!(errors, 0, "errors on the real corpus");
}
