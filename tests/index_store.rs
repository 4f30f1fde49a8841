//! The tantivy index: upserts, filters, aggregations, rescore and export, on a real index in
//! a temporary folder.

mod index_support;

use chisogioi::index::export::{self, ExportFormat, Table};
use chisogioi::index::search::{self, Dim, Filter, Where};
use chisogioi::index::store::{Day, normalize_url};
use chisogioi::index::{self, IndexStore, Upsert};
use chisogioi::model::{Gender, Share};
use index_support::*;

fn day(s: &str) -> Day {
    chisogioi::index::cli::parse_day(s).unwrap()
}

#[test]
fn url_normalisation_merges_tracking_and_presentation_variants() {
    let base = "https://baolamgiang.example/xa-hoi/bai-1.html";
    for v in [
        "https://baolamgiang.example/xa-hoi/bai-1.html",
        "http://www.BaoLamGiang.example/xa-hoi/bai-1.html",
        "https://baolamgiang.example/xa-hoi/bai-1.html?utm_source=zalo&fbclid=abc",
        "https://baolamgiang.example/xa-hoi/bai-1.html#binh-luan",
        "https://baolamgiang.example:443/xa-hoi/bai-1.html/",
    ] {
        assert_eq!(normalize_url(v), base, "{v}");
    }
    // real query parameters stay (sorted), so different articles stay different
    assert_eq!(
        normalize_url("https://x.example/tin?page=2&id=7"),
        "https://x.example/tin?id=7&page=2"
    );
    assert_ne!(
        normalize_url("https://x.example/tin?id=7"),
        normalize_url("https://x.example/tin?id=8")
    );
    assert_eq!(normalize_url("  not a url "), "not a url");
}

#[test]
fn upsert_by_url_and_content_hash() {
    let dir = tempfile::tempdir().unwrap();
    let stats = build_index(dir.path());
    let n = corpus().len() as u64;
    assert_eq!(stats.added, n);

    let mut st = IndexStore::open(dir.path(), 50_000_000).unwrap();
    let c = corpus();
    let (a, o, sc) = &c[0];
    // the same article again: nothing to do
    assert_eq!(st.upsert(a, o, sc).unwrap(), Upsert::Unchanged);
    // the same article under a tracking URL variant: same identity, so the record is
    // refreshed in place (its stored `url` differs) rather than added
    let mut tracked = a.clone();
    tracked.url = Some(format!("{}?utm_source=facebook", a.url.as_ref().unwrap()));
    assert_eq!(st.upsert(&tracked, o, sc).unwrap(), Upsert::Updated);
    // edited text: replaced, not duplicated
    let mut edited = a.clone();
    edited.text.push_str("\nBà Hòa đề nghị xã hỗ trợ thêm vốn.");
    let sc2 = scorecard(&edited, true, true, None);
    assert_eq!(st.upsert(&edited, o, &sc2).unwrap(), Upsert::Updated);
    // the same text under another URL of the same outlet: counted once
    let mut copy = c[1].0.clone();
    copy.url = Some("https://xa-binhminh.example/m/ban-in/bai-2.html".into());
    assert_eq!(
        st.upsert(&copy, &c[1].1, &c[1].2).unwrap(),
        Upsert::Duplicate
    );
    // the same text syndicated by another outlet: a separate item
    let mut synd = c[1].0.clone();
    synd.id = "ptth-hailam-syndicated".into();
    synd.outlet = Some("ptth-hailam".into());
    synd.url = Some("https://ptth-hailam.example/tin/lai-bai-2.html".into());
    assert_eq!(st.upsert(&synd, &c[7].1, &c[1].2).unwrap(), Upsert::Added);
    st.finish().unwrap();

    let (idx, f) = index::open(dir.path()).unwrap();
    let searcher = idx.reader().unwrap().searcher();
    assert_eq!(searcher.num_docs(), n + 1);
    // the edited version is the one stored
    let addrs = search::matching(
        &idx,
        &f,
        &searcher,
        &Filter {
            text: Some("\"hỗ trợ thêm vốn\"".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(addrs.len(), 1);
    let rec = index::read_record(&searcher, &f, addrs[0]).unwrap();
    assert_eq!(rec.article, edited);
    assert_eq!(rec.scorecard, sc2);
    assert_eq!(rec.outlet.id, "xa-binhminh");
}

fn sum_shares(pick: impl Fn(&chisogioi::model::Scorecard) -> Share, outlet: Option<&str>) -> Share {
    let mut s = Share::default();
    for (a, _, sc) in corpus() {
        if outlet.is_none_or(|o| a.outlet.as_deref() == Some(o)) {
            let x = pick(&sc);
            s.female += x.female;
            s.male += x.male;
            s.unknown += x.unknown;
        }
    }
    s
}

#[test]
fn aggregates_match_the_scorecards_and_filters_select_the_right_articles() {
    let dir = tempfile::tempdir().unwrap();
    build_index(dir.path());
    let (idx, f) = index::open(dir.path()).unwrap();
    let searcher = idx.reader().unwrap().searcher();
    let agg = |filter: &Filter, dims: &[Dim]| {
        search::aggregate(&idx, &f, &searcher, filter, dims).unwrap()
    };

    let by_outlet = agg(&Filter::default(), &[Dim::Outlet]);
    assert_eq!(by_outlet.len(), 3);
    for o in ["xa-binhminh", "ptth-hailam", "nhatbao-sao"] {
        let a = &by_outlet[&vec![o.to_string()]];
        let expect = sum_shares(|sc| sc.indicators.i02_sources, Some(o));
        let got = a.share("i02");
        assert_eq!(
            (got.female, got.male, got.unknown),
            (
                expect.female as u64,
                expect.male as u64,
                expect.unknown as u64
            ),
            "{o}"
        );
        let n = corpus()
            .iter()
            .filter(|(x, _, _)| x.outlet.as_deref() == Some(o))
            .count() as u64;
        assert_eq!(a.n, n);
        // the Wilson interval surrounds the share
        if let (Some(w), Some(lo), Some(hi)) = (got.women_share, got.ci_low, got.ci_high) {
            assert!(lo <= w && w <= hi && lo >= 0.0 && hi <= 1.0);
        }
    }
    // national paper quoted no woman in 3 of 4 articles
    let nb = &by_outlet[&vec!["nhatbao-sao".to_string()]];
    assert_eq!(nb.with_woman_source, 1);

    // by outlet and month, restricted to Q4
    let q4 = Filter {
        from: Some(day("2024-10-01")),
        to: Some(day("2024-12-31")),
        ..Default::default()
    };
    let om = agg(&q4, &[Dim::Outlet, Dim::Month]);
    let ge_xa: u64 = om
        .iter()
        .filter(|(k, _)| k[0] == "xa-binhminh")
        .map(|(_, a)| a.scalar("i17"))
        .sum();
    assert_eq!(ge_xa, 5);
    assert!(
        om.keys().all(|k| k[1].starts_with("2024-1")),
        "{:?}",
        om.keys()
    );
    let quarters = agg(&Filter::default(), &[Dim::Quarter]);
    assert_eq!(
        quarters.keys().map(|k| k[0].as_str()).collect::<Vec<_>>(),
        vec!["2024-Q3", "2024-Q4"]
    );
    let types = agg(&Filter::default(), &[Dim::Type, Dim::Province]);
    assert!(types.contains_key(&vec![
        "commune_portal".to_string(),
        "Hải Lam (hư cấu)".to_string()
    ]));

    let count = |filter: Filter| -> u64 { agg(&filter, &[]).values().map(|a| a.n).sum() };
    assert_eq!(
        count(Filter {
            outlets: vec!["ptth-hailam".into()],
            ..Default::default()
        }),
        3
    );
    assert_eq!(
        count(Filter {
            types: vec!["national_press".into()],
            ..Default::default()
        }),
        4
    );
    assert_eq!(
        count(Filter {
            provinces: vec!["Hà Nội".into()],
            ..Default::default()
        }),
        4
    );
    assert_eq!(
        count(Filter {
            topics: vec!["ge/strong".into()],
            ..Default::default()
        }),
        8
    );
    assert_eq!(
        count(Filter {
            topics: vec!["policy".into()],
            ..Default::default()
        }),
        8
    );
    assert_eq!(
        count(Filter {
            topics: vec!["gia đình".into()],
            ..Default::default()
        }),
        14
    );
    assert_eq!(
        count(Filter {
            flags: vec!["STEREO".into()],
            ..Default::default()
        }),
        3
    );
    assert_eq!(
        count(Filter {
            flags: vec!["STEREO-007".into()],
            ..Default::default()
        }),
        3
    );
    assert_eq!(
        count(Filter {
            has_woman_source: true,
            ..Default::default()
        }),
        9
    );
    assert_eq!(
        count(Filter {
            roles: vec!["official".into()],
            source_genders: vec!["female".into()],
            ..Default::default()
        }),
        9
    );
    assert_eq!(
        count(Filter {
            roles: vec!["citizen".into()],
            source_genders: vec!["female".into()],
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        count(Filter {
            wheres: vec![Where::parse("flags_error>=1").unwrap()],
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        count(Filter {
            wheres: vec![
                Where::parse("i02_female = 0").unwrap(),
                Where::parse("i17==0").unwrap()
            ],
            ..Default::default()
        }),
        5
    );
    // full text, exact and accent-folded ("Hoa" finds "Hòa", "bep nuc" finds "bếp núc")
    assert_eq!(
        count(Filter {
            text: Some("\"Phái đẹp\"".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(Filter {
            text: Some("title:giới".into()),
            ..Default::default()
        }),
        4
    );
    assert_eq!(
        count(Filter {
            text: Some("bep nuc".into()),
            ..Default::default()
        }),
        14
    );
    assert_eq!(
        count(Filter {
            text: Some("\"ngay phu nu viet nam\"".into()),
            ..Default::default()
        }),
        1
    );
    // date range is inclusive and in Vietnam time
    assert_eq!(
        count(Filter {
            from: Some(day("2024-10-20")),
            to: Some(day("2024-10-20")),
            ..Default::default()
        }),
        1
    );
}

#[test]
fn bad_filters_get_clear_errors() {
    let e = Where::parse("i99_female>=1").unwrap_err().to_string();
    assert!(e.contains("i99_female"), "{e}");
    assert!(Where::parse("i02_female>=-1").is_err());
    assert!(Where::parse("i02_female").is_err());
    let dir = tempfile::tempdir().unwrap();
    build_index(dir.path());
    let (idx, f) = index::open(dir.path()).unwrap();
    for bad in [
        Filter {
            types: vec!["tv".into()],
            ..Default::default()
        },
        Filter {
            source_genders: vec!["woman".into()],
            ..Default::default()
        },
        Filter {
            roles: vec!["boss".into()],
            ..Default::default()
        },
        Filter {
            text: Some("title:(".into()),
            ..Default::default()
        },
    ] {
        assert!(bad.to_query(&idx, &f).is_err(), "{bad:?}");
    }
    let missing = tempfile::tempdir().unwrap();
    let e = index::open(missing.path()).err().unwrap().to_string();
    assert!(e.contains("scan"), "{e}");
}

#[test]
fn rescore_uses_the_engine_and_records_its_version() {
    let dir = tempfile::tempdir().unwrap();
    build_index(dir.path());
    let engine = chisogioi::indicators::Engine::load_default().unwrap();
    let s = chisogioi::index::cli::rescore_index(dir.path(), &engine).unwrap();
    let n = corpus().len() as u64;
    assert_eq!(s.articles, n);
    assert_eq!(
        s.versions_before.get("test-1 [stereo=test-1] handmade"),
        Some(&n)
    );
    let (idx, f) = index::open(dir.path()).unwrap();
    let searcher = idx.reader().unwrap().searcher();
    let addrs = search::matching(&idx, &f, &searcher, &Filter::default()).unwrap();
    assert_eq!(addrs.len() as u64, n);
    let mut changed = 0;
    for a in addrs {
        let r = index::read_record(&searcher, &f, a).unwrap();
        let fresh = engine.score(&r.article);
        assert_eq!(r.scorecard, fresh, "stored score is the engine's");
        changed += 1;
    }
    assert_eq!(s.changed, changed);
    // nothing changed since: a second rescore writes nothing
    let again = chisogioi::index::cli::rescore_index(dir.path(), &engine).unwrap();
    assert_eq!((again.changed, again.unchanged), (0, n));
    // the version each score came from is queryable
    let old = Filter {
        indicator_set: Some("test-1".into()),
        ..Default::default()
    };
    assert_eq!(
        search::matching(&idx, &f, &idx.reader().unwrap().searcher(), &old)
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn export_tables_round_trip_through_csv_and_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    build_index(dir.path());
    let (idx, f) = index::open(dir.path()).unwrap();
    let searcher = idx.reader().unwrap().searcher();
    let addrs = search::matching(&idx, &f, &searcher, &Filter::default()).unwrap();
    let c = corpus();

    let mut buf = Vec::new();
    let rows = export::write_table(
        &searcher,
        &f,
        &addrs,
        Table::Articles,
        ExportFormat::Csv,
        None,
        &mut buf,
    )
    .unwrap();
    assert_eq!(rows, c.len() as u64);
    let mut rd = csv::Reader::from_reader(buf.as_slice());
    let head: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(head, export::columns(Table::Articles));
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let recs: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    // ordered by date
    let dates: Vec<&str> = recs.iter().map(|r| r.get(col("date")).unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    for r in &recs {
        let id = r.get(col("article_id")).unwrap();
        let (a, o, sc) = c.iter().find(|(a, _, _)| a.id == id).unwrap();
        assert_eq!(r.get(col("outlet")).unwrap(), o.id);
        assert_eq!(r.get(col("outlet_type")).unwrap(), o.kind.as_str());
        assert_eq!(
            r.get(col("i02_female")).unwrap(),
            sc.indicators.i02_sources.female.to_string()
        );
        assert_eq!(
            r.get(col("i02_male")).unwrap(),
            sc.indicators.i02_sources.male.to_string()
        );
        assert_eq!(r.get(col("i20")).unwrap(), (sc.compliant as u8).to_string());
        assert_eq!(r.get(col("title")).unwrap(), a.title);
        assert_eq!(r.get(col("month")).unwrap(), &a.date.as_ref().unwrap()[..7]);
    }

    // people: one row per person, genders as stored
    let mut buf = Vec::new();
    let n = export::write_table(
        &searcher,
        &f,
        &addrs,
        Table::People,
        ExportFormat::Jsonl,
        None,
        &mut buf,
    )
    .unwrap();
    assert_eq!(
        n as usize,
        c.iter().map(|x| x.2.people.len()).sum::<usize>()
    );
    let women = String::from_utf8(buf)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["gender"] == Gender::Female.as_str())
        .count();
    assert_eq!(women, c.len());

    // quotes: the text column is the quoted passage as written
    let mut buf = Vec::new();
    export::write_table(
        &searcher,
        &f,
        &addrs,
        Table::Quotes,
        ExportFormat::Csv,
        Some(&["article_id".into(), "speaker_gender".into(), "text".into()]),
        &mut buf,
    )
    .unwrap();
    let mut rd = csv::Reader::from_reader(buf.as_slice());
    let q: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert!(
        q.iter()
            .any(|r| &r[1] == "female" && &r[2] == "Chị em đã mạnh dạn vay vốn để chăn nuôi")
    );
    assert!(q.iter().all(|r| !r[2].is_empty()));

    let e = export::write_table(
        &searcher,
        &f,
        &addrs,
        Table::Articles,
        ExportFormat::Csv,
        Some(&["nope".into()]),
        &mut Vec::new(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("nope"), "{e}");
}

#[test]
fn data_dictionary_documents_every_exported_column() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/data-dictionary.md")).unwrap();
    for t in [Table::Articles, Table::People, Table::Quotes] {
        for c in export::columns(t) {
            assert!(
                doc.contains(&format!("`{c}`")),
                "docs/data-dictionary.md lacks `{c}` ({t:?})"
            );
        }
    }
}
