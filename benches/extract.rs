//! Extraction speed on the project's gold pages (one per CMS family) and on a windows-1258
//! decode. Python trafilatura is compared side by side by scripts/compare_trafilatura.sh.
//!
//!   cargo bench --bench extract

use chisogioi::extract::{Extractor, Overrides, charset};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::io::Read;
use std::path::PathBuf;

fn page(id: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/extract/aeb-vi/html")
        .join(format!("{id}.html.gz"));
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&std::fs::read(p).expect("fixture")[..])
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

fn bench(c: &mut Criterion) {
    let ids = [
        "vnx-01",
        "tt-01",
        "dt-01",
        "vnp-01",
        "prov-asp-01",
        "prov-wp-01",
        "tv-video-01",
        "radio-01",
        "commune-01",
        "generic-01",
    ];
    let pages: Vec<Vec<u8>> = ids.iter().map(|i| page(i)).collect();
    let bytes: u64 = pages.iter().map(|p| p.len() as u64).sum();
    let ov = Overrides::default();
    for name in ["vietcms", "trafilatura"] {
        let ex = Extractor::named(name).expect("extractor");
        let mut g = c.benchmark_group(format!("extract/{name}"));
        g.throughput(Throughput::Bytes(bytes));
        g.bench_function("10 layouts", |b| {
            b.iter(|| {
                for p in &pages {
                    black_box(ex.extract(black_box(p), None, None, &ov).ok());
                }
            })
        });
        g.finish();
    }
    let w1258 = page("prov-asp-01");
    c.bench_function("charset/windows-1258 decode", |b| {
        b.iter(|| black_box(charset::decode(black_box(&w1258), None)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
