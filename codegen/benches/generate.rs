//! Generation speed over the whole `specs/` tree (the figure docs/PERFORMANCE.md reports):
//! reading and parsing every page, then emitting and formatting every file; regenerating
//! after a one-page edit (reusing every other file, as `generate` does with `generated/`);
//! and the doc linter (`feishu-codegen lint`) over the same pages.
//!
//! `cargo bench -p feishu-codegen --bench generate`; `FEISHU_BENCH_SPECS=DIR` reads another
//! specs tree.

use criterion::{criterion_group, criterion_main, Criterion};
use feishu_codegen::generate::{
    generate, generate_reusing, generate_tree, list_specs, read_specs, NameMap, Options, Previous,
};
use feishu_codegen::lint;
use std::path::{Path, PathBuf};

/// The repository's `specs/`, or the tree `FEISHU_BENCH_SPECS` names (to compare two
/// generators over the same pages).
fn specs() -> PathBuf {
    std::env::var_os("FEISHU_BENCH_SPECS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs"))
}

fn bench(c: &mut Criterion) {
    let opts = Options::default();
    let apis = read_specs(&specs(), &opts).expect("specs read");
    let mut g = c.benchmark_group("specs");
    g.sample_size(10);
    g.bench_function("read_specs (parse every page)", |b| {
        b.iter(|| read_specs(&specs(), &opts).expect("specs read"))
    });
    g.bench_function("generate_tree (emit + format)", |b| {
        b.iter(|| generate_tree(&apis).expect("generate"))
    });
    g.bench_function("full regeneration (read + generate)", |b| {
        b.iter(|| {
            let apis = read_specs(&specs(), &opts).expect("specs read");
            generate_tree(&apis).expect("generate")
        })
    });
    // A one-page edit: the previous tree is today's with the name map it wrote (as
    // `generated/` and `specs/names.toml` are), one page's title is reworded.
    let names = generate(&apis, 0, &NameMap::new()).expect("generate").names;
    let run = generate(&apis, 0, &names).expect("generate");
    let previous = Previous {
        tree: run.tree,
        cache: run.cache,
    };
    let mut edited = apis.clone();
    if let Some(api) = edited
        .iter_mut()
        .find(|a| a.source == "im/v1/message/create.md")
    {
        api.title.push_str("（改）");
    }
    g.bench_function("unchanged tree (generate reusing every file)", |b| {
        b.iter(|| generate_reusing(&apis, 0, &names, &previous).expect("generate"))
    });
    g.bench_function("one-page edit (generate reusing the other files)", |b| {
        b.iter(|| generate_reusing(&edited, 0, &names, &previous).expect("generate"))
    });
    g.bench_function("one-page edit, read + generate reusing", |b| {
        b.iter(|| {
            let mut apis = read_specs(&specs(), &opts).expect("specs read");
            if let Some(api) = apis
                .iter_mut()
                .find(|a| a.source == "im/v1/message/create.md")
            {
                api.title.push_str("（改）");
            }
            generate_reusing(&apis, 0, &names, &previous).expect("generate")
        })
    });
    let pages: Vec<(String, std::path::PathBuf)> = list_specs(&specs(), &opts)
        .expect("specs listed")
        .into_iter()
        .map(|f| (format!("specs/{}", f.source), f.path))
        .collect();
    g.bench_function("lint (read + parse + check every page)", |b| {
        b.iter(|| lint::lint_pages(&pages, 0).expect("lint"))
    });
    let texts: Vec<String> = pages
        .iter()
        .map(|(_, p)| std::fs::read_to_string(p).expect("page read"))
        .collect();
    g.bench_function("lint checks only (pages already parsed)", |b| {
        b.iter(|| {
            apis.iter()
                .zip(&texts)
                .map(|(api, text)| lint::check_page(api, text).len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
