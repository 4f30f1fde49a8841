//! Period reports built from a real index, rendered in every format and read back.

mod index_support;

use chisogioi::i18n::Lang;
use chisogioi::index;
use chisogioi::report::build::{Report, Selection, build_report};
use chisogioi::report::{Period, ReportConfig, ReportFormat, render};
use index_support::*;
use std::io::Read;

fn report_for(period: &str, sel: Selection, cfg: &ReportConfig) -> Report {
    let dir = tempfile::tempdir().unwrap();
    build_index(dir.path());
    let (idx, f) = index::open(dir.path()).unwrap();
    build_report(&idx, &f, &Period::parse(period).unwrap(), &sel, cfg).unwrap()
}

fn selection() -> Selection {
    Selection {
        registry: outlets(),
        ..Default::default()
    }
}

#[test]
fn quarter_report_computes_indicators_quotas_peaks_changes_and_examples() {
    let cfg = ReportConfig::default();
    let r = report_for("2024-Q4", selection(), &cfg);
    let c = corpus();
    let in_q4 = |a: &chisogioi::model::Article| {
        let d = a.date.as_deref().unwrap();
        ("2024-10".."2025-01").contains(&&d[..7])
    };
    assert_eq!(
        r.total.articles as usize,
        c.iter().filter(|x| in_q4(&x.0)).count()
    );
    assert_eq!(r.previous.label, "2024-Q3");
    assert_eq!(
        r.outlets
            .iter()
            .map(|o| o.outlet.as_str())
            .collect::<Vec<_>>(),
        vec!["nhatbao-sao", "ptth-hailam", "xa-binhminh"]
    );

    // I02 per outlet equals the sum of the articles' own counts
    for o in &r.outlets {
        let (mut f, mut m, mut u) = (0u64, 0u64, 0u64);
        for (a, _, sc) in c
            .iter()
            .filter(|x| in_q4(&x.0) && x.0.outlet.as_deref() == Some(o.outlet.as_str()))
        {
            let _ = a;
            f += sc.indicators.i02_sources.female as u64;
            m += sc.indicators.i02_sources.male as u64;
            u += sc.indicators.i02_sources.unknown as u64;
        }
        let v = o.get("I02").unwrap();
        assert_eq!((v.female, v.male, v.unknown), (f, m, u), "{}", o.outlet);
        assert_eq!(v.value, (f + m > 0).then(|| f as f64 / (f + m) as f64));
        assert!(v.ci_low.unwrap() <= v.value.unwrap() && v.value.unwrap() <= v.ci_high.unwrap());
        assert_eq!(o.indicators.len(), 20, "I01–I20 all reported");
    }
    // I18 is the byline-gender × source-gender table, summed from the articles' scorecards
    for o in &r.outlets {
        let mut table: std::collections::BTreeMap<String, (u64, u64, u64)> = Default::default();
        for (_, _, sc) in c
            .iter()
            .filter(|x| in_q4(&x.0) && x.0.outlet.as_deref() == Some(o.outlet.as_str()))
        {
            let g = serde_json::to_value(sc.indicators.i18_author_gender).unwrap();
            let e = table.entry(g.as_str().unwrap().to_string()).or_default();
            e.0 += sc.indicators.i02_sources.female as u64;
            e.1 += sc.indicators.i02_sources.male as u64;
            e.2 += sc.indicators.i02_sources.unknown as u64;
        }
        for (g, st) in &o.i18_sources_by_author {
            let want = table.get(g).copied().unwrap_or_default();
            assert_eq!((st.female, st.male, st.unknown), want, "{} {g}", o.outlet);
        }
        let v = o.get("I18").unwrap();
        assert_eq!(v.kind, "cross");
        assert_eq!(v.value, None, "a table, not one number");
        assert_eq!(
            v.female_rate, o.i18_sources_by_author["female"].women_share,
            "{}",
            o.outlet
        );
        let by_f = table.get("female").copied().unwrap_or_default();
        assert_eq!(v.female, by_f.0 + by_f.1 + by_f.2);
    }
    // every source is in exactly one byline row
    for o in &r.outlets {
        let rows: u64 = o.i18_sources_by_author.values().map(|s| s.total()).sum();
        assert_eq!(rows, o.get("I02").unwrap().n, "{}", o.outlet);
    }
    let html = String::from_utf8(render(&r, ReportFormat::Html, Lang::Vi).unwrap()).unwrap();
    assert!(html.contains("TG nữ"), "the I18 row shows the cross-table");

    // I08 comes from the stored scorecards
    let xa = r
        .outlets
        .iter()
        .find(|o| o.outlet == "xa-binhminh")
        .unwrap();
    assert_eq!(xa.i08_occupations["government"].female, 6);

    // quotas: commune portal 5 GE items in Q4 (≥ 4: met); broadcaster Oct ✓, Nov ✗, Dec ✓
    let q = |outlet: &str, unit: &str| {
        r.quotas
            .iter()
            .find(|q| q.outlet == outlet && q.unit == unit)
            .unwrap()
            .status
    };
    assert_eq!(q("xa-binhminh", "2024-Q4"), "met");
    assert_eq!(
        r.quotas
            .iter()
            .find(|q| q.outlet == "xa-binhminh")
            .unwrap()
            .ge_items,
        5
    );
    assert_eq!(q("ptth-hailam", "2024-10"), "met");
    assert_eq!(q("ptth-hailam", "2024-11"), "not_met");
    assert_eq!(q("ptth-hailam", "2024-12"), "met");
    assert!(
        r.quotas.iter().all(|q| q.outlet != "nhatbao-sao"),
        "national press has no quota"
    );

    // peaks in Q4: 20/10, the action month 15/11–15/12, 25/11 — each reported separately
    let peaks: std::collections::BTreeSet<(&str, &str)> = r
        .peaks
        .iter()
        .map(|p| (p.from.as_str(), p.to.as_str()))
        .collect();
    assert_eq!(
        peaks.into_iter().collect::<Vec<_>>(),
        vec![
            ("2024-10-20", "2024-10-20"),
            ("2024-11-15", "2024-12-15"),
            ("2024-11-25", "2024-11-25")
        ]
    );
    let action = r
        .peaks
        .iter()
        .find(|p| p.from == "2024-11-15" && p.outlet == "xa-binhminh")
        .unwrap();
    assert_eq!((action.articles, action.ge_items), (3, 3));
    let women_day = r
        .peaks
        .iter()
        .find(|p| p.from == "2024-10-20" && p.outlet == "xa-binhminh")
        .unwrap();
    assert_eq!(women_day.articles, 1);

    // change against Q3: the commune portal went from 1 article to 6
    let ch = r
        .changes
        .iter()
        .find(|c| c.outlet == "xa-binhminh" && c.measure == "articles")
        .unwrap();
    assert_eq!(
        (ch.current, ch.previous, ch.change),
        (Some(6.0), Some(1.0), Some(5.0))
    );

    // examples: the serious (error) passages first, with their links and context
    assert!(!r.examples.is_empty());
    assert_eq!(r.examples[0].severity, chisogioi::model::Severity::Error);
    assert!(
        r.examples[0]
            .url
            .as_deref()
            .unwrap()
            .starts_with("https://nhatbao-sao.example/")
    );
    assert!(r.examples[0].context.contains("chỉ lo bếp núc"));
    let sev: Vec<_> = r.examples.iter().map(|e| e.severity).collect();
    let mut sorted = sev.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(sev, sorted);

    // compliance: the national paper had endorsed errors in 2 of its 3 Q4 articles
    let nb = r
        .outlets
        .iter()
        .find(|o| o.outlet == "nhatbao-sao")
        .unwrap();
    let i20 = nb.get("I20").unwrap();
    assert_eq!((i20.count, i20.n), (1, 3));
    assert_eq!(nb.compliant, Some(false));
    let row = r
        .compliance
        .iter()
        .find(|c| c.outlet == "nhatbao-sao" && c.indicator == "I20")
        .unwrap();
    assert_eq!(row.status, "not_met");
}

#[test]
fn selection_by_outlet_and_province() {
    let cfg = ReportConfig::default();
    let r = report_for(
        "2024-10-01..2024-12-31",
        Selection {
            provinces: vec!["Hải Lam (hư cấu)".into()],
            ..selection()
        },
        &cfg,
    );
    assert_eq!(r.outlets.len(), 2);
    assert_eq!(r.previous.label, "2024-07-01..2024-09-30");
    let r = report_for(
        "2024-11",
        Selection {
            outlets: vec!["ptth-hailam".into()],
            ..selection()
        },
        &cfg,
    );
    assert_eq!(r.outlets.len(), 1);
    assert_eq!(r.total.articles, 1);
}

#[test]
fn targets_quotas_and_peaks_come_from_the_configuration_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("indicator-set.toml");
    std::fs::write(
        &path,
        r#"
[report]
examples = 1
outlet_compliance_min = 0.5
[[report.target]]
indicator = "I02"
min = 0.5
[[quotas]]
outlet_type = "commune_portal"
per = "quarter"
min_ge_items = 6
description = "Xã: ít nhất 6 tin, bài mỗi quý"
[[peak_periods]]
name = "Ngày Gia đình Việt Nam"
from = "28/06"
"#,
    )
    .unwrap();
    let cfg = ReportConfig::load(Some(&path)).unwrap();
    let r = report_for("2024-Q4", selection(), &cfg);
    assert_eq!(r.examples.len(), 1);
    assert_eq!(r.quotas.len(), 1);
    assert_eq!(r.quotas[0].status, "not_met", "5 < 6 items");
    assert!(r.peaks.is_empty(), "28/6 is not in Q4");
    assert!(r.compliance.iter().any(|c| c.indicator == "I02"));
    let xa = r
        .outlets
        .iter()
        .find(|o| o.outlet == "xa-binhminh")
        .unwrap();
    assert_eq!(xa.compliant, Some(true));
    assert!(ReportConfig::load(Some(&dir.path().join("missing.toml"))).is_err());
}

#[test]
fn every_format_reads_back() {
    let r = report_for("2024-Q4", selection(), &ReportConfig::default());

    // JSON: the same numbers
    let j: serde_json::Value =
        serde_json::from_slice(&render(&r, ReportFormat::Json, Lang::Vi).unwrap()).unwrap();
    assert_eq!(j["period"]["label"], "2024-Q4");
    assert_eq!(j["total"]["articles"], r.total.articles);
    assert_eq!(j["outlets"].as_array().unwrap().len(), 3);

    // CSV: every section present, numbers parse
    let csv_bytes = render(&r, ReportFormat::Csv, Lang::Vi).unwrap();
    let mut rd = csv::Reader::from_reader(csv_bytes.as_slice());
    let recs: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    for section in [
        "Tổng quan",
        "Chỉ số",
        "Tuân thủ",
        "Chỉ tiêu",
        "Cao điểm",
        "So với kỳ trước",
        "Ví dụ",
    ] {
        assert!(recs.iter().any(|r| &r[0] == section), "{section}");
    }
    let i02_total = recs
        .iter()
        .find(|r| &r[0] == "Chỉ số" && &r[1] == "*" && &r[3] == "I02")
        .unwrap();
    let v: f64 = i02_total[6].parse().unwrap();
    assert!((v - r.total.get("I02").unwrap().value.unwrap()).abs() < 1e-6);

    // XLSX: a real workbook with the sheets an officer expects
    for (lang, sheets) in [
        (
            Lang::Vi,
            [
                "Tổng quan",
                "Chỉ số",
                "Tuân thủ",
                "Chỉ tiêu",
                "Cao điểm",
                "Ví dụ",
            ],
        ),
        (
            Lang::En,
            [
                "Summary",
                "Indicators",
                "Compliance",
                "Quotas",
                "Peak periods",
                "Examples",
            ],
        ),
    ] {
        let x = render(&r, ReportFormat::Xlsx, lang).unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(x)).unwrap();
        let mut wb = String::new();
        z.by_name("xl/workbook.xml")
            .unwrap()
            .read_to_string(&mut wb)
            .unwrap();
        for s in sheets {
            assert!(wb.contains(&format!("name=\"{s}\"")), "{s} in {wb}");
        }
        let mut shared = String::new();
        z.by_name("xl/sharedStrings.xml")
            .unwrap()
            .read_to_string(&mut shared)
            .unwrap();
        assert!(shared.contains("nhatbao-sao"));
        // no clock time: the creation date is the period's first day
        let mut core = String::new();
        z.by_name("docProps/core.xml")
            .unwrap()
            .read_to_string(&mut core)
            .unwrap();
        assert!(core.contains("2024-10-01T00:00:00Z"), "{core}");
    }

    // HTML: self-contained, with inline SVG charts, Vietnamese by default, English on request
    let html = String::from_utf8(render(&r, ReportFormat::Html, Lang::Vi).unwrap()).unwrap();
    assert!(html.contains("<svg"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("<link"));
    assert!(!html.contains("@import") && !html.contains("url(") && !html.contains("@font-face"));
    assert!(!html.contains("src="));
    // the only URLs are the SVG namespace and links to the flagged articles
    for (i, _) in html.match_indices("http") {
        let before = &html[i.saturating_sub(7)..i];
        let ok = before.ends_with("href=\"") || before.ends_with("xmlns=\"");
        assert!(
            ok,
            "unexpected URL at {}",
            &html[i..(i + 60).min(html.len())]
        );
        if before.ends_with("xmlns=\"") {
            assert!(html[i..].starts_with("http://www.w3.org/2000/svg"));
        }
    }
    assert!(html.contains("Tỷ lệ nữ trong nguồn tin được trích dẫn"));
    assert!(html.contains("Không đạt") && html.contains("Đạt"));
    let en = String::from_utf8(render(&r, ReportFormat::Html, Lang::En).unwrap()).unwrap();
    assert!(en.contains("Women among quoted sources") && en.contains("Not met"));
    assert!(!en.contains("Tỷ lệ nữ trong nguồn tin được trích dẫn"));
}

#[test]
fn same_index_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    build_index(dir.path());
    let (idx, f) = index::open(dir.path()).unwrap();
    let p = Period::parse("2024-H2").unwrap();
    let cfg = ReportConfig::default();
    let a = build_report(&idx, &f, &p, &selection(), &cfg).unwrap();
    let b = build_report(&idx, &f, &p, &selection(), &cfg).unwrap();
    for fmt in [
        ReportFormat::Xlsx,
        ReportFormat::Csv,
        ReportFormat::Json,
        ReportFormat::Html,
    ] {
        assert_eq!(
            render(&a, fmt, Lang::Vi).unwrap(),
            render(&b, fmt, Lang::Vi).unwrap(),
            "{fmt:?}"
        );
    }
}

#[test]
fn undated_articles_are_counted_apart() {
    let dir = tempfile::tempdir().unwrap();
    build_index(dir.path());
    let mut st = chisogioi::index::IndexStore::open(dir.path(), 50_000_000).unwrap();
    let mut a = article("xa-binhminh", 50, "2024-11-01", "Thông báo lịch tiếp dân");
    a.date = Some("không rõ ngày".into());
    let sc = scorecard(&a, true, false, None);
    st.upsert(&a, &outlets()[0], &sc).unwrap();
    st.finish().unwrap();
    let (idx, f) = index::open(dir.path()).unwrap();
    let r = build_report(
        &idx,
        &f,
        &Period::parse("2024-Q4").unwrap(),
        &selection(),
        &ReportConfig::default(),
    )
    .unwrap();
    assert_eq!(r.undated, 1);
    assert_eq!(r.total.articles, 12, "the undated article is in no period");
    let html = String::from_utf8(render(&r, ReportFormat::Html, Lang::Vi).unwrap()).unwrap();
    assert!(html.contains("Bài không có ngày đăng"));
}
