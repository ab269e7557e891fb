//! `vakt-bench`: generates models and times vakt's stages on them.
//!
//! ```text
//! vakt-bench gen --systems N [--out DIR]     writes DIR/model-N.vakt and DIR/six-rules.vakt
//! vakt-bench stages --systems N [--runs R]   times parse, load and evaluate (on one and two threads), render in process
//! ```

use std::process::ExitCode;
use std::time::Instant;

use vakt_bench::{RULES, generate};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| -> Option<&str> {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map(String::as_str)
    };
    let systems: usize = flag("--systems")
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    match args.first().map(String::as_str) {
        Some("gen") => {
            let dir = flag("--out").unwrap_or(".");
            let generated = generate(systems);
            let model = format!("{dir}/model-{}.vakt", generated.systems);
            #[expect(
                clippy::disallowed_methods,
                reason = "the bench binary writes its generated files"
            )]
            let written = std::fs::write(&model, &generated.text)
                .and_then(|()| std::fs::write(format!("{dir}/six-rules.vakt"), RULES));
            if let Err(e) = written {
                eprintln!("vakt-bench: {e}");
                return ExitCode::from(2);
            }
            println!(
                "{model}: {} systems, {} flows, {:.1} MB; expected findings: {:?}",
                generated.systems,
                generated.flows,
                generated.text.len() as f64 / 1e6,
                generated.expected
            );
            ExitCode::SUCCESS
        }
        Some("stages") => {
            let runs: usize = flag("--runs").and_then(|s| s.parse().ok()).unwrap_or(3);
            stages(systems, runs)
        }
        _ => {
            eprintln!(
                "usage: vakt-bench gen --systems N [--out DIR] | stages --systems N [--runs R]"
            );
            ExitCode::from(2)
        }
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(0.0)
}

fn stages(systems: usize, runs: usize) -> ExitCode {
    let generated = generate(systems);
    let bytes = generated.text.len();
    let inputs = || {
        vec![
            vakt_model::Input {
                name: "six-rules.vakt".into(),
                bytes: RULES.as_bytes().to_vec(),
            },
            vakt_model::Input {
                name: "model.vakt".into(),
                bytes: generated.text.as_bytes().to_vec(),
            },
        ]
    };
    let mut times: [Vec<f64>; 6] = Default::default();
    for _ in 0..runs {
        // Parsing as the checker does it: item by item, each let go.
        let t = Instant::now();
        let mut items = vakt_syntax::Items::new(vakt_syntax::FileId(0), &generated.text);
        let count = items.by_ref().count();
        times[0].push(t.elapsed().as_secs_f64());
        if count == 0 || !items.finish().1.is_empty() {
            eprintln!("the generated model does not parse");
            return ExitCode::from(2);
        }

        // Loading: parsing, resolving, the category hierarchy, derived
        // facts; on one thread, then with the file parsed on a second.
        let load = |threads| {
            let input = inputs();
            let t = Instant::now();
            let built = vakt_model::load(input, &[], vakt::PACKS, &vakt_model::NoFiles, threads);
            (built, t.elapsed().as_secs_f64())
        };
        let (built, secs) = load(vakt_model::Threads::One);
        times[1].push(secs);
        if built.diagnostics.iter().any(|d| d.is_error()) {
            eprintln!(
                "generated model has errors: {:?}",
                built.diagnostics.first()
            );
            return ExitCode::from(2);
        }
        drop(built);
        let (built, secs) = load(vakt_model::Threads::Two);
        times[4].push(secs);

        for (threads, slot) in [(vakt_model::Threads::One, 2), (vakt_model::Threads::Two, 5)] {
            let t = Instant::now();
            let options = vakt_rules::Options {
                today: None,
                evaluate: true,
                threads,
            };
            let evaluation = vakt_rules::evaluate(&built.model, options);
            if let Some(times) = times.get_mut(slot) {
                times.push(t.elapsed().as_secs_f64());
            }
            drop(evaluation);
        }
        drop(built);

        // The whole pipeline once more, to render its outcome as JSON.
        let options = vakt::CheckOptions {
            default_rules: false,
            ..vakt::CheckOptions::default()
        };
        let outcome = vakt::check(inputs(), &vakt_model::NoFiles, &options);
        let t = Instant::now();
        let json = vakt::output::json::render(&outcome);
        times[3].push(t.elapsed().as_secs_f64());

        let mut found: std::collections::BTreeMap<&str, usize> = Default::default();
        for f in &outcome.findings {
            *found.entry(f.rule.as_str()).or_insert(0) += 1;
        }
        let expected: std::collections::BTreeMap<&str, usize> =
            generated.expected.iter().map(|(k, v)| (*k, *v)).collect();
        if found != expected || json.is_empty() {
            eprintln!("wrong answer: expected {expected:?}, found {found:?}");
            return ExitCode::from(1);
        }
    }
    let [parse, load, eval, render, load_ahead, eval_two] = times.map(median);
    println!(
        "systems={} flows={} MB={:.1} parse={:.3}s ({:.0} MB/s) load={:.3}s (parsing ahead {:.3}s) evaluate={:.3}s (two threads {:.3}s) render={:.3}s",
        generated.systems,
        generated.flows,
        bytes as f64 / 1e6,
        parse,
        bytes as f64 / 1e6 / parse.max(1e-9),
        load,
        load_ahead,
        eval,
        eval_two,
        render
    );
    ExitCode::SUCCESS
}
