//! Criterion benches for the text core: normalisation, tokenisation, sentence
//! splitting, segmentation, the full `Document::analyze`, the tantivy tokenizer
//! and model loading.
//!
//! Input: the Dân Trí articles in the shared data folder (`$CHISOGIOI_SHARED`,
//! `<repo>/../shared`, or `/work/shared`); `cargo bench --bench text`.

use chisogioi::text::segment::Segmenter;
use chisogioi::text::{Document, normalize, search, stages};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;

fn shared_dir() -> Option<PathBuf> {
    let mut c = Vec::new();
    if let Ok(p) = std::env::var("CHISOGIOI_SHARED") {
        c.push(PathBuf::from(p));
    }
    c.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    c.push(PathBuf::from("/work/shared"));
    c.into_iter().find(|p| p.join("data").is_dir())
}

/// About 1 MB of article text (first articles of the Dân Trí file).
fn corpus() -> String {
    let Some(dir) = shared_dir() else {
        eprintln!("shared data not found; benchmarking a small built-in paragraph");
        return "Chủ tịch UBND tỉnh, bà Nguyễn Thị Hoà, cho biết năm 2024 tỷ lệ nữ đại biểu đạt 30,26%. \
                Theo PGS.TS Trần Văn A, cần “thay đổi định kiến giới” trong truyền thông.\n"
            .repeat(2000);
    };
    let raw = std::fs::read_to_string(dir.join("data/vi-news/dantri_unc.jsonl"))
        .expect("read dantri_unc.jsonl");
    let mut out = String::new();
    for line in raw.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("jsonl");
        out.push_str(v["title"].as_str().unwrap_or(""));
        out.push('\n');
        out.push_str(v["text"].as_str().unwrap_or(""));
        out.push('\n');
        if out.len() > 1_000_000 {
            break;
        }
    }
    out
}

fn benches(c: &mut Criterion) {
    let text = corpus();
    let bytes = text.len() as u64;
    let seg = Segmenter::embedded();
    let tok = stages::tokenize(&text);
    let sents = stages::sentences(&text, &tok);
    let syllables = tok.tokens.len() as u64;

    let mut g = c.benchmark_group("text");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("normalize", |b| b.iter(|| black_box(normalize(&text))));
    g.bench_function("tokenize", |b| {
        b.iter(|| black_box(stages::tokenize(&text)))
    });
    g.bench_function("analyze", |b| {
        b.iter(|| black_box(Document::analyze(&text)))
    });
    g.throughput(Throughput::Elements(syllables));
    g.bench_function("sentences", |b| {
        b.iter(|| black_box(stages::sentences(&text, &tok)))
    });
    g.bench_function("segment", |b| {
        b.iter(|| black_box(stages::words(seg, &tok, &sents)))
    });
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("tantivy_vi", |b| {
        let mut out = Vec::new();
        b.iter(|| {
            search::tokens_for(&text, search::ViMode::Words, &mut out);
            black_box(out.len())
        })
    });
    g.finish();

    let mut g = c.benchmark_group("model");
    g.bench_function("load", |b| {
        b.iter(|| black_box(Segmenter::from_bytes(Segmenter::EMBEDDED_BYTES).unwrap()))
    });
    g.finish();
}

criterion_group!(text_benches, benches);
criterion_main!(text_benches);
