//! Property tests: everything the crawler parses comes from the network or from a hand-
//! edited file, so no input may panic it.

use chisogioi::crawl::{discover, fetch, registry, urlnorm, warc};
use chisogioi::i18n::Lang;
use proptest::prelude::*;
use std::path::Path;
use url::Url;

fn base() -> Url {
    Url::parse("https://baoquangninh.vn/xa-hoi/").unwrap()
}

const SITEMAP: &str = r#"<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://baoquangninh.vn/a-b-c-3301.html?x=1&amp;y=2</loc><news:news><news:publication_date>2024-08-01T06:30:00+07:00</news:publication_date></news:news><lastmod>2024-08-02</lastmod></url></urlset>"#;
const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Tin</title><item><title>Phụ nữ</title><link>https://baoquangninh.vn/phu-nu-3301.html</link><pubDate>Sat, 24 Aug 2024 08:00:00 +0700</pubDate></item></channel></rss>"#;
const SECTION: &str = r#"<html><body><div class="item"><a href="/xa-hoi/hoi-phu-nu-xa-ra-mat-mo-hinh-3301.html">Hội</a><span>12/08/2024</span></div><a class="next" href="?page=2">Trang sau</a></body></html>"#;

/// A valid document with a random byte range replaced by random bytes.
fn mutate(doc: &'static str) -> impl Strategy<Value = Vec<u8>> {
    (
        0..doc.len(),
        0..40usize,
        proptest::collection::vec(any::<u8>(), 0..40),
    )
        .prop_map(move |(at, cut, ins)| {
            let mut b = doc.as_bytes().to_vec();
            let end = (at + cut).min(b.len());
            b.splice(at..end, ins);
            b
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn sitemap_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = discover::parse_sitemap(&bytes, &base());
    }

    #[test]
    fn mutated_sitemap_never_panics(bytes in mutate(SITEMAP)) {
        let s = discover::parse_sitemap(&bytes, &base());
        for f in s.urls.iter().chain(s.children.iter()) {
            prop_assert!(f.url.starts_with("http"));
        }
    }

    #[test]
    fn feed_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = discover::parse_feed(&bytes, &base());
    }

    #[test]
    fn mutated_feed_never_panics(bytes in mutate(FEED)) {
        let _ = discover::parse_feed(&bytes, &base());
    }

    #[test]
    fn section_never_panics(html in "\\PC{0,1500}", page_no in 0usize..50) {
        let _ = discover::parse_section(&html, &base(), None, page_no);
    }

    #[test]
    fn mutated_section_never_panics(bytes in mutate(SECTION), page_no in 0usize..5) {
        let html = discover::decode_html(&bytes, None);
        let _ = discover::parse_section(&html, &base(), None, page_no);
    }

    #[test]
    fn robots_never_panics(txt in proptest::collection::vec(any::<u8>(), 0..1500), path in "\\PC{0,80}") {
        if let Ok(r) = texting_robots::Robot::new("chisogioi", &txt) {
            let _ = r.allowed(&path);
            let _ = r.allowed(&format!("https://baoquangninh.vn/{path}"));
        }
    }

    #[test]
    fn robots_lines_never_panic(lines in proptest::collection::vec(
        prop_oneof![
            Just("User-agent: *".to_string()),
            Just("User-agent: chisogioi".to_string()),
            "Disallow: \\PC{0,30}",
            "Allow: \\PC{0,30}",
            "Crawl-delay: \\PC{0,10}",
            "Sitemap: \\PC{0,40}",
            "\\PC{0,40}",
        ], 0..20), path in "/[a-z0-9/*$?=-]{0,40}") {
        let txt = lines.join("\n");
        if let Ok(r) = texting_robots::Robot::new("chisogioi", txt.as_bytes()) {
            let _ = r.allowed(&path);
        }
    }

    #[test]
    fn url_key_never_panics_and_is_stable(s in "\\PC{0,200}") {
        if let Some(k) = urlnorm::key(&s) {
            // A key, read back as a URL, keys to itself.
            let again = urlnorm::key(&format!("https://{k}"));
            prop_assert_eq!(again.as_deref(), Some(k.as_str()));
        }
        let _ = discover::date_from_url(&s);
        let _ = discover::parse_date(&s);
        let _ = fetch::parse_retry_after(&s);
    }

    #[test]
    fn tracking_params_fold(path in "/[a-z0-9-]{1,40}\\.html", utm in "[a-z]{1,10}", v in "[a-z0-9]{0,10}") {
        let u = format!("https://www.dantri.com.vn{path}");
        let t = format!("https://m.dantri.com.vn{path}?utm_{utm}={v}&fbclid={v}#binh-luan");
        prop_assert_eq!(urlnorm::key(&u), urlnorm::key(&t));
    }

    #[test]
    fn decode_and_hash_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..3000), ct in proptest::option::of("\\PC{0,40}")) {
        let _ = discover::decode_html(&bytes, ct.as_deref());
        let _ = chisogioi::crawl::content_hash(&bytes, ct.as_deref());
    }

    #[test]
    fn registry_never_panics(text in "\\PC{0,600}") {
        let _ = registry::parse(&text, Path::new("outlets.toml"), Lang::En);
    }

    #[test]
    fn registry_entry_errors_have_lines(id in "\\PC{0,12}", home in "\\PC{0,30}") {
        let text = format!(
            "# x\n[[outlet]]\nid = {id:?}\nname = \"Xã\"\ntype = \"commune_portal\"\nhome = {home:?}\n"
        );
        if let Err(e) = registry::parse(&text, Path::new("o.toml"), Lang::Vi) {
            for p in &e.problems {
                prop_assert!(p.line >= 1 && p.line <= 7, "{}", p);
            }
        }
    }

    #[test]
    fn warc_reader_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.warc.gz");
        std::fs::write(&p, &bytes).unwrap();
        let _ = warc::read_records(&p);
    }
}

#[test]
fn gzipped_sitemap_bomb_is_capped() {
    use std::io::Write;
    // 64 MiB of zeros compresses to ~64 KiB; the parser reads at most its cap and returns.
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..80 {
        e.write_all(&zeros).unwrap();
    }
    let gz = e.finish().unwrap();
    let s = discover::parse_sitemap(&gz, &base());
    assert!(s.urls.is_empty());
}

#[test]
fn bench_hosts_are_never_hit_faster_than_allowed() {
    // Correctness of the bench's own bookkeeping and of the gates under load; the
    // achieved-rate figures are reported by `chisogioi bench crawl`, not asserted here.
    let r = chisogioi::crawl::bench::run(&chisogioi::crawl::bench::BenchParams {
        hosts: 8,
        pages: 4,
        min_interval: std::time::Duration::from_millis(100),
        latency: std::time::Duration::from_millis(5),
        concurrency: 4,
    })
    .unwrap();
    assert_eq!(r.fetched, 32);
    assert_eq!(r.total_requests, 8 * (4 + 2));
    assert_eq!(r.politeness_violations, 0, "{:?}", r.per_host);
    assert!(r.min_gap_ms >= 100.0 - 2.0, "{}", r.min_gap_ms);
}
