//! Generation speed over the whole `specs/` tree (the figure docs/PERFORMANCE.md reports):
//! reading and parsing every page, then emitting and formatting every file; and the doc
//! linter (`feishu-codegen lint`) over the same pages.
//!
//! `cargo bench -p feishu-codegen --bench generate`

use criterion::{criterion_group, criterion_main, Criterion};
use feishu_codegen::generate::{generate_tree, list_specs, read_specs, Options};
use feishu_codegen::lint;
use std::path::Path;

fn specs() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../specs"))
}

fn bench(c: &mut Criterion) {
    let opts = Options::default();
    let apis = read_specs(specs(), &opts).expect("specs read");
    let mut g = c.benchmark_group("specs");
    g.sample_size(10);
    g.bench_function("read_specs (parse every page)", |b| {
        b.iter(|| read_specs(specs(), &opts).expect("specs read"))
    });
    g.bench_function("generate_tree (emit + format)", |b| {
        b.iter(|| generate_tree(&apis).expect("generate"))
    });
    g.bench_function("full regeneration (read + generate)", |b| {
        b.iter(|| {
            let apis = read_specs(specs(), &opts).expect("specs read");
            generate_tree(&apis).expect("generate")
        })
    });
    let pages: Vec<(String, std::path::PathBuf)> = list_specs(specs(), &opts)
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
