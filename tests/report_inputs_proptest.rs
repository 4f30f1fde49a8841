//! Untrusted input never panics: periods, dates, URLs, `--where` conditions, configuration
//! files, and arbitrary JSONL lines fed to a scan.

use chisogioi::index::search::Where;
use chisogioi::index::store::{normalize_url, parse_article_date};
use chisogioi::report::{Period, ReportConfig};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn periods_parse_or_fail_cleanly(s in "\\PC{0,30}", y in 1800i32..2300, m in 0u32..14) {
        let _ = Period::parse(&s);
        for t in [format!("{y}-{m}"), format!("{y}-Q{m}"), format!("{y}-H{m}"), format!("{m}/{y}"), format!("{y}-{m:02}-01..{y}-12-31")] {
            if let Ok(p) = Period::parse(&t) {
                prop_assert!(p.from <= p.to);
                let prev = p.previous();
                prop_assert!(prev.to < p.from);
                prop_assert!(!p.months().is_empty());
            }
        }
    }

    #[test]
    fn dates_urls_and_conditions_never_panic(s in "\\PC{0,60}") {
        let _ = parse_article_date(&s);
        let _ = normalize_url(&s);
        let _ = normalize_url(&format!("https://{s}"));
        let _ = Where::parse(&s);
        let _ = Where::parse(&format!("i02_female>={s}"));
    }

    #[test]
    fn configuration_files_never_panic(s in "\\PC{0,200}") {
        let _ = ReportConfig::from_toml(&s, "fuzz.toml");
        let with_section = format!("[[quotas]]\n{s}\n[[peak_periods]]\nname = \"x\"\nfrom = \"{s}\"\n");
        let _ = ReportConfig::from_toml(&with_section, "fuzz.toml");
    }
}

#[test]
fn arbitrary_jsonl_lines_are_reported_not_fatal() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir_all(&dir).unwrap();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut body = String::new();
    for _ in 0..200 {
        let line = "\\PC{0,80}".new_tree(&mut runner).unwrap().current();
        body.push_str(&line.replace('\n', " "));
        body.push('\n');
    }
    // and some articles with odd but valid fields
    body.push_str("{\"id\":\"a1\",\"date\":\"31/02/2024\",\"title\":\"\\u0000\"}\n");
    body.push_str("{\"id\":\"a2\",\"date\":\"2024-11-05T23:30:00Z\",\"url\":\"::::\"}\n");
    body.push_str("{\"id\":\"\",\"title\":\"không id\"}\n");
    std::fs::write(dir.join("x.jsonl"), body).unwrap();
    std::fs::write(dir.join("y.html"), [0xffu8, 0xfe, 0x00, b'<']).unwrap();
    let engine = chisogioi::indicators::Engine::load_default().unwrap();
    let opts = chisogioi::report::scan::ScanOptions {
        from_dir: Some(&dir),
        registry: vec![],
        only: vec![],
        period: Some(Period::parse("2024-11").unwrap()),
        out: tmp.path().join("out"),
        engine: &engine,
        progress: false,
        commit_every: 50,
        heap_bytes: 50_000_000,
        crawl: Default::default(),
    };
    let s = chisogioi::report::scan::scan_into_index(&opts).unwrap();
    assert!(s.errors_total >= 1);
    assert!(s.errors.iter().any(|e| e.at.contains("x.jsonl:")));
    // a2 (6 Nov in Vietnam time) and a1 (bad date: kept as undated) are indexed
    assert!(s.index.added >= 2, "{s:?}");
}
