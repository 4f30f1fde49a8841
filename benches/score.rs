//! Full scoring throughput (text core + lexicon automaton + people + quotes + flags + topics +
//! indicators) on Dân Trí articles from the shared data, reported in bytes of article text.
//!
//! Data: `$CHISOGIOI_SHARED/data/vi-news/dantri_unc.jsonl`, else `../shared/…`, else `/work/shared/…`.
//! The article text is read at run time and never copied into the repository.
use chisogioi::indicators::Engine;
use chisogioi::model::Article;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::path::PathBuf;

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
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
