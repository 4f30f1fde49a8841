//! Full scoring throughput (text core + lexicon automaton + people + quotes + flags + topics +
//! indicators) on Dân Trí articles from the shared data, reported in bytes of article text.
//!
//! Data: `$CHISOGIOI_SHARED/data/vi-news/dantri_unc.jsonl`, else `../shared/…`, else `/work/shared/…`.
//! The article text is read at run time and never copied into the repository.
use chisogioi::indicators::Engine;
use chisogioi::lexicon::KeyStream;
use chisogioi::model::Article;
use chisogioi::people::{self, Ctx};
use chisogioi::quotes;
use chisogioi::text::Document;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;

/// The same allocator as the `chisogioi` binary (src/main.rs), so the bench measures what
/// `chisogioi score` runs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn corpus() -> Vec<Article> {
    let candidates = [
        std::env::var("CHISOGIOI_SHARED").map(PathBuf::from).ok(),
        Some(PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared"
        ))),
        Some(PathBuf::from("/work/shared")),
    ];
    for c in candidates.into_iter().flatten() {
        let p = c.join("data/vi-news/dantri_unc.jsonl");
        if let Ok(text) = std::fs::read_to_string(&p) {
            return text
                .lines()
                .take(400)
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .map(|v| Article {
                    id: v["id"].as_str().unwrap_or("").into(),
                    title: v["title"].as_str().unwrap_or("").into(),
                    text: v["text"].as_str().unwrap_or("").into(),
                    ..Default::default()
                })
                .collect();
        }
    }
    panic!("shared data not found: set CHISOGIOI_SHARED to the folder holding data/vi-news");
}

fn bench(c: &mut Criterion) {
    let engine = Engine::load_default().expect("lexicons");
    let lex = engine.lexicons();
    let arts = corpus();
    let bytes: usize = arts.iter().map(|a| a.title.len() + a.text.len() + 1).sum();
    let mut g = c.benchmark_group("score");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("dantri_400_articles_single_thread", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for a in &arts {
                n += engine.score(a).people.len();
            }
            n
        })
    });
    // The same end-to-end path plus the scorecard's JSON line, as `score --format jsonl` does.
    g.bench_function("dantri_400_articles_jsonl_out", |b| {
        let mut out = Vec::with_capacity(1 << 20);
        b.iter(|| {
            out.clear();
            for a in &arts {
                serde_json::to_writer(&mut out, &engine.score(a)).expect("serialise");
                out.push(b'\n');
            }
            black_box(out.len())
        })
    });
    g.finish();

    // Stage breakdown on the same articles (each stage timed on precomputed inputs), so a
    // regression shows where it happened: text core, key stream + automaton, people, quotes.
    let texts: Vec<String> = arts.iter().map(|a| a.analysis_text().0).collect();
    let docs: Vec<Document> = texts.iter().map(|t| Document::analyze(t)).collect();
    let mut g = c.benchmark_group("score_stages");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("text_core_analyze", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| Document::analyze(t).tokens().len())
                .sum::<usize>()
        })
    });
    g.bench_function("keystream_and_automaton", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| lex.find(&KeyStream::new(d.tokens(), d.original())).len())
                .sum::<usize>()
        })
    });
    g.bench_function("people", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| {
                    let ctx = Ctx::new(d, lex, lex.find(&KeyStream::new(d.tokens(), d.original())));
                    people::detect(&ctx).len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("people_and_quotes", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| {
                    let ctx = Ctx::new(d, lex, lex.find(&KeyStream::new(d.tokens(), d.original())));
                    let p = people::detect(&ctx);
                    quotes::detect(&ctx, &p).0.len()
                })
                .sum::<usize>()
        })
    });
    let cards: Vec<_> = arts.iter().map(|a| engine.score(a)).collect();
    g.bench_function("scorecard_json", |b| {
        let mut out = Vec::with_capacity(1 << 20);
        b.iter(|| {
            out.clear();
            for sc in &cards {
                serde_json::to_writer(&mut out, sc).expect("serialise");
                out.push(b'\n');
            }
            black_box(out.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
