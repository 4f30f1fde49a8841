//! Criterion benches for the index: document building, and the aggregate queries `query` and
//! `report` run, on a synthetic index (the same generator as `chisogioi bench index`).
//!
//! `CHISOGIOI_BENCH_ARTICLES` sets the index size (default 20,000). For the 100k / 1M figures
//! use `chisogioi bench index --articles N`, which also times indexing end to end.

use chisogioi::index::bench::{synthetic_article, synthetic_outlets, synthetic_scorecard};
use chisogioi::index::search::{self, Dim, Filter, Where};
use chisogioi::index::store::{self, Day, IndexStore};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn build(dir: &std::path::Path, n: u64) {
    let outlets = synthetic_outlets(100);
    let mut st = IndexStore::open(dir, 200_000_000).unwrap();
    let f = st.fields.clone();
    for i in 0..n {
        let a = synthetic_article(i, &outlets, None);
        let sc = synthetic_scorecard(&a);
        let o = outlets
            .iter()
            .find(|o| Some(&o.id) == a.outlet.as_ref())
            .unwrap();
        st.upsert_prepared(store::prepare(&f, &a, o, &sc)).unwrap();
    }
    st.finish().unwrap();
}

fn benches(c: &mut Criterion) {
    let n: u64 = std::env::var("CHISOGIOI_BENCH_ARTICLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    let tmp = tempfile::tempdir().unwrap();
    build(tmp.path(), n);
    let (index, f) = chisogioi::index::open(tmp.path()).unwrap();
    let searcher = index.reader().unwrap().searcher();

    let mut g = c.benchmark_group(format!("index_{n}"));
    g.sample_size(20);
    let cases: Vec<(&str, Filter, Vec<Dim>)> = vec![
        (
            "outlet_month_all",
            Filter::default(),
            vec![Dim::Outlet, Dim::Month],
        ),
        (
            "outlet_2024_11",
            Filter {
                from: Some(Day {
                    y: 2024,
                    m: 11,
                    d: 1,
                }),
                to: Some(Day {
                    y: 2024,
                    m: 11,
                    d: 30,
                }),
                ..Default::default()
            },
            vec![Dim::Outlet],
        ),
        (
            "province_quarter_where",
            Filter {
                wheres: vec![Where::parse("i02_female>=1").unwrap()],
                ..Default::default()
            },
            vec![Dim::Province, Dim::Quarter],
        ),
        (
            "text_by_outlet",
            Filter {
                text: Some("phụ nữ".into()),
                ..Default::default()
            },
            vec![Dim::Outlet],
        ),
    ];
    for (name, filter, dims) in &cases {
        g.bench_function(*name, |b| {
            b.iter(|| search::aggregate(&index, &f, &searcher, filter, dims).unwrap())
        });
    }
    g.finish();

    let outlets = synthetic_outlets(100);
    let docs: Vec<_> = (0..200u64)
        .map(|i| {
            let a = synthetic_article(i, &outlets, None);
            let sc = synthetic_scorecard(&a);
            (a, sc)
        })
        .collect();
    let mut g = c.benchmark_group("document");
    g.throughput(Throughput::Elements(docs.len() as u64));
    g.bench_function("prepare_200", |b| {
        b.iter(|| {
            for (a, sc) in &docs {
                std::hint::black_box(store::prepare(&f, a, &outlets[0], sc));
            }
        })
    });
    g.finish();
}

criterion_group!(index_benches, benches);
criterion_main!(index_benches);
