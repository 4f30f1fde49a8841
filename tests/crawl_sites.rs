//! End-to-end crawl of fixture outlets served by a real HTTP server on 127.0.0.1:
//! discovery (robots Sitemap lines, news sitemap, sitemap index with a gzipped child,
//! RSS, paginated section pages), the date window, robots.txt, politeness measured from
//! the servers' clocks, faults, WARC contents, duplicates, and a second run.

mod crawl_support;

use chisogioi::crawl::{self, CrawlConfig, registry, warc};
use chisogioi::i18n::Lang;
use crawl_support::*;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn d(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Every response record of the window's WARC files: (target URI, status, body).
fn warc_responses(files: &[std::path::PathBuf]) -> Vec<(String, u16, Vec<u8>)> {
    let mut out = Vec::new();
    for f in files {
        let (recs, damaged) = warc::read_records(f).unwrap();
        assert!(!damaged, "{} is damaged", f.display());
        assert_eq!(recs[0].header("WARC-Type"), Some("warcinfo"));
        for r in recs {
            if r.header("WARC-Type") == Some("response") {
                out.push((
                    r.header("WARC-Target-URI").unwrap().to_string(),
                    r.http_status().unwrap(),
                    r.http_body().to_vec(),
                ));
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crawl_fixture_outlets_end_to_end() {
    let bases = Arc::new(Mutex::new(HashMap::new()));
    let sites = start_sites(&["baoqn", "dtri", "xaportal"], bases.clone()).await;
    let faults = start_faults().await;
    let tmp = tempfile::tempdir().unwrap();
    let reg = fixture_registry(tmp.path(), &sites, &faults, "\nmin_interval_secs = 0.1");
    let outlets = registry::load(&reg, Lang::En).unwrap();
    let state_dir = tmp.path().join("state");
    let mut cfg = CrawlConfig::new(outlets, d("2024-08-01"), d("2024-08-31"), state_dir.clone());
    cfg.limits.min_interval = Duration::from_millis(200);
    cfg.limits.retries = 2;
    cfg.limits.backoff_base = Duration::from_millis(100);
    cfg.limits.read_timeout = Duration::from_millis(800);
    cfg.limits.request_timeout = Duration::from_secs(5);
    cfg.limits.max_body_bytes = 1 << 20;
    cfg.progress = false;

    let s = crawl::crawl(&cfg).await.unwrap();
    let c = |id: &str| s.outlets[id].clone();

    // --- Quảng Ninh: robots Sitemap line + RSS; AMP/utm variants folded; /ban-in/ disallowed.
    let qn = c("baoqn");
    assert_eq!(qn.found, 6, "{qn:?}");
    assert_eq!(qn.out_of_window, 1, "{qn:?}");
    assert_eq!(qn.skipped_robots, 1, "{qn:?}");
    assert_eq!(qn.error_total(), 0, "{qn:?}");
    let qn_hits = &sites[0].hits;
    assert_eq!(
        qn_hits
            .count("/ban-in/xa-hoi/hoi-lhpn-tinh-quang-ninh-tap-huan-binh-dang-gioi-3301512.html"),
        0
    );
    assert_eq!(
        qn_hits.count("/xa-hoi/ky-niem-ngay-thanh-lap-hoi-phu-nu-nam-truoc-3299001.html"),
        0
    );
    assert_eq!(
        qn_hits.count("/thoi-su/phu-nu-vung-cao-binh-lieu-lam-kinh-te-3301788.html"),
        1
    );
    assert_eq!(
        qn_hits.count("/amp/thoi-su/phu-nu-vung-cao-binh-lieu-lam-kinh-te-3301788.html"),
        0
    );
    assert_eq!(qn_hits.count("/robots.txt"), 1);

    // --- Dân trí-like: sitemap index, July child skipped by lastmod, gz child read,
    // URL-date outside the window dropped although lastmod is inside.
    let dt = c("dtri");
    assert_eq!(dt.found, 5, "{dt:?}");
    assert_eq!(dt.out_of_window, 1, "{dt:?}");
    let dt_hits = &sites[1].hits;
    assert_eq!(dt_hits.count("/sitemaps/sitemap-2024-07.xml"), 0);
    assert_eq!(dt_hits.count("/sitemaps/sitemap-2024-08-2.xml.gz"), 1);
    assert_eq!(
        dt_hits.count("/suc-khoe/chuyen-cu-ba-me-don-than-20240730080000789.htm"),
        0
    );
    // The syndicated copy: one of the two outlets archived it, the other saw a duplicate.
    assert_eq!(qn.duplicates + dt.duplicates, 1, "{qn:?} {dt:?}");
    assert_eq!(qn.fetched + dt.fetched, 4 + 4 - 1);

    // --- Commune portal: pagination followed until a page is older than the window.
    let xa = c("xaportal");
    assert_eq!(xa.found, 8, "{xa:?}");
    assert_eq!(xa.out_of_window, 2);
    assert_eq!(xa.fetched, 6, "{xa:?}");
    let xa_hits = &sites[2].hits;
    assert_eq!(xa_hits.count("/tin-tuc?page=2"), 1);
    assert_eq!(xa_hits.count("/tin-tuc?page=3"), 1);
    assert_eq!(xa_hits.count("/tin-tuc?page=4"), 0);
    assert_eq!(
        xa_hits.count("/robots.txt"),
        1,
        "404 robots.txt means allowed"
    );

    // --- Faults: each ends in its own category; recoverable ones are archived.
    let f = c("faults");
    assert_eq!(f.fetched, 4, "slow, 503-then-ok, 429-then-ok, moved: {f:?}");
    let kinds: Vec<(&str, u64)> = f.errors.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        kinds,
        vec![
            ("http_404", 1),
            ("http_5xx", 1),
            ("redirect_loop", 1),
            ("timeout", 1),
            ("too_large", 1),
            ("truncated", 1),
        ],
        "{f:?}"
    );
    // 500 forever: first try + 2 retries, no more.
    assert_eq!(faults.hits.count(FAULT_PAGES[3]), 3);
    // Retry-After: 1 honoured, measured by the server.
    let h429: Vec<_> = faults
        .hits
        .all()
        .into_iter()
        .filter(|h| h.path == FAULT_PAGES[2])
        .collect();
    assert_eq!(h429.len(), 2);
    assert!(
        h429[1].at - h429[0].at >= Duration::from_millis(990),
        "{:?}",
        h429[1].at - h429[0].at
    );

    // --- Politeness, from each server's own clock. The first request on a fresh
    // connection may arrive late, but the gate also counts from the end of each response,
    // so only timer rounding is allowed for.
    let slack = Duration::from_millis(2);
    for (site, min) in [
        (&sites[0], Duration::from_millis(300)), // robots Crawl-delay: 0.3 > 0.2
        (&sites[1], Duration::from_millis(200)),
        (&sites[2], Duration::from_millis(200)),
        (&faults, Duration::from_millis(200)),
    ] {
        for (gap, a, b) in site.hits.gaps() {
            assert!(
                gap + slack >= min,
                "{}: {a} → {b} only {gap:?} apart",
                site.name
            );
        }
    }

    // --- Archive: one response per archived page, bytes as served.
    assert!(!s.warc_files.is_empty());
    let resp = warc_responses(&s.warc_files);
    let uris: Vec<&str> = resp.iter().map(|r| r.0.as_str()).collect();
    let unique: BTreeSet<&str> = uris.iter().copied().collect();
    assert_eq!(uris.len(), unique.len(), "duplicate records: {uris:?}");
    assert_eq!(resp.len() as u64, s.total.fetched);
    let fix = fixtures();
    let w1258 =
        std::fs::read(fix.join(
            "xaportal/tin-tuc/chi-hoi-phu-nu-thon-3-ra-mat-mo-hinh-nha-sach-vuon-dep-1022.html",
        ))
        .unwrap();
    let got = resp.iter().find(|r| r.0.ends_with("-1022.html")).unwrap();
    assert_eq!(
        got.2, w1258,
        "windows-1258 bytes must be archived untouched"
    );
    let gz_page = resp
        .iter()
        .find(|r| r.0.ends_with("-20240822150000222.htm"))
        .unwrap();
    assert!(
        String::from_utf8_lossy(&gz_page.2).contains("Nữ giám đốc hợp tác xã"),
        "gzip decoded"
    );
    let moved = resp
        .iter()
        .find(|r| r.0.ends_with("dia-chi-moi-cua-bai-10011.html"));
    assert!(
        moved.is_some(),
        "redirect target archived under its final URL"
    );
    assert!(resp.iter().all(|r| r.1 == 200));
    let listed = crawl::archived(&state_dir, d("2024-08-01"), d("2024-08-31")).unwrap();
    assert_eq!(listed.len() as u64, s.total.fetched);

    // JSON summary is machine-readable.
    let j = serde_json::to_value(&s).unwrap();
    assert_eq!(j["total"]["fetched"], s.total.fetched);

    // --- Second run of the same window: only what changed is downloaded.
    for site in sites.iter().chain([&faults]) {
        site.hits.clear();
    }
    let edited =
        std::fs::read_to_string(fix.join("dtri/giao-duc/co-giao-cam-ban-20240814101500456.htm"))
            .unwrap()
            .replace("giữ lửa con chữ", "giữ lửa con chữ (cập nhật)")
            .replace("Suốt 15 năm", "Suốt mười lăm năm qua");
    sites[1].overrides.lock().unwrap().insert(
        "/giao-duc/co-giao-cam-ban-20240814101500456.htm".into(),
        edited.into_bytes(),
    );
    let s2 = crawl::crawl(&cfg).await.unwrap();
    assert!(!s2.resumed);
    assert_eq!(
        s2.total.fetched, 1,
        "only the edited article: {:?}",
        s2.total
    );
    assert_eq!(s2.total.unchanged, s.total.fetched - 1, "{:?}", s2.total);
    assert_eq!(
        s2.total.duplicates, 1,
        "the syndicated copy is still a copy"
    );
    // Unchanged pages were asked for conditionally and answered 304.
    let not_modified = sites
        .iter()
        .flat_map(|s| s.hits.all())
        .filter(|h| h.status == 304)
        .count();
    assert!(not_modified >= 10, "{not_modified} 304s");
    let resp2 = warc_responses(&s2.warc_files);
    assert_eq!(resp2.len() as u64, s.total.fetched + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_unreachable_skips_host_and_no_network_fails_per_url() {
    // A host whose robots.txt answers 503: RFC 9309 says assume full disallow.
    let app = axum::Router::new()
        .fallback(|| async { (axum::http::StatusCode::SERVICE_UNAVAILABLE, "bảo trì") });
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", l.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(l, app).await });
    let tmp = tempfile::tempdir().unwrap();
    let reg = write_registry(
        tmp.path(),
        &[
            ("down", "commune_portal", format!("home = \"{base}/\"")),
            // Nothing listens on port 9 of loopback: connection refused.
            (
                "closed",
                "commune_portal",
                "home = \"http://127.0.0.1:9/\"".to_string(),
            ),
        ],
    );
    let outlets = registry::load(&reg, Lang::En).unwrap();
    let mut cfg = CrawlConfig::new(
        outlets,
        d("2024-08-01"),
        d("2024-08-31"),
        tmp.path().join("st"),
    );
    cfg.limits.min_interval = Duration::from_millis(50);
    cfg.limits.retries = 1;
    cfg.limits.backoff_base = Duration::from_millis(50);
    cfg.progress = false;
    let s = crawl::crawl(&cfg).await.unwrap();
    assert_eq!(s.outlets["down"].errors.get("robots_unreachable"), Some(&1));
    assert_eq!(
        s.outlets["closed"].errors.get("robots_unreachable"),
        Some(&1)
    );
    assert_eq!(s.total.fetched, 0);
}
