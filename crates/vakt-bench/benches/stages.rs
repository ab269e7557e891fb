//! Criterion benchmarks of vakt's stages on generated models: parsing,
//! loading (parse, resolve, derive facts), evaluating the six rules of the
//! performance comparison, and rendering JSON. Throughput is reported in
//! bytes of model text, so figures at different sizes compare directly.
//!
//! `cargo bench -p vakt-bench` runs them; `-- --test` runs each once (the
//! smoke mode CI uses). Larger sizes are timed end to end by
//! `scripts/bench`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use vakt_bench::{RULES, generate};

fn inputs(text: &str) -> Vec<vakt_model::Input> {
    vec![
        vakt_model::Input {
            name: "six-rules.vakt".into(),
            bytes: RULES.as_bytes().to_vec(),
        },
        vakt_model::Input {
            name: "model.vakt".into(),
            bytes: text.as_bytes().to_vec(),
        },
    ]
}

fn stages(c: &mut Criterion) {
    let mut group = c.benchmark_group("stages");
    group.sample_size(10);
    for systems in [1_000, 10_000] {
        let model = generate(systems);
        let text = model.text.as_str();
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse", systems), text, |b, text| {
            b.iter(|| vakt_syntax::Items::new(vakt_syntax::FileId(0), text).count());
        });
        group.bench_with_input(BenchmarkId::new("load", systems), text, |b, text| {
            b.iter(|| {
                vakt_model::load(
                    inputs(text),
                    &[],
                    vakt::PACKS,
                    &vakt_model::NoFiles,
                    vakt_model::Threads::One,
                )
            });
        });
        let built = vakt_model::load(
            inputs(text),
            &[],
            vakt::PACKS,
            &vakt_model::NoFiles,
            vakt_model::Threads::One,
        );
        group.bench_function(BenchmarkId::new("evaluate", systems), |b| {
            b.iter(|| {
                vakt_rules::evaluate(
                    &built.model,
                    vakt_rules::Options {
                        today: None,
                        evaluate: true,
                        threads: vakt_model::Threads::One,
                    },
                )
            });
        });
        let options = vakt::CheckOptions {
            default_rules: false,
            ..vakt::CheckOptions::default()
        };
        let outcome = vakt::check(inputs(text), &vakt_model::NoFiles, &options);
        assert_eq!(
            outcome.findings.len(),
            model.expected.values().sum::<usize>()
        );
        group.bench_function(BenchmarkId::new("render-json", systems), |b| {
            b.iter(|| vakt::output::json::render(&outcome));
        });
    }
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
