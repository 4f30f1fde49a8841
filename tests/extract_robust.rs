//! No panic on any input: property tests over arbitrary bytes, tag soup, damaged real pages
//! and damaged WARC archives, plus a long fuzz-style run (`cargo test --release --test
//! extract_robust -- --ignored`).

use chisogioi::extract::{Extractor, Overrides, charset, date, extract_html, warc};
use proptest::prelude::*;
use std::io::Read;
use std::path::PathBuf;
use unicode_normalization::UnicodeNormalization;

fn fixtures() -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/extract/aeb-vi/html");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&std::fs::read(p).unwrap()[..])
                .read_to_end(&mut out)
                .unwrap();
            out
        })
        .collect()
}

/// Tag-soup pieces that stress the parser and the extractors' DOM walks.
fn soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<div class=\"detail-content\">".to_owned()),
        Just("<p>".to_owned()),
        Just("</p>".to_owned()),
        Just("</div>".to_owned()),
        Just("<h1 class=\"title-detail\">".to_owned()),
        Just("<h2 class=\"sapo\">".to_owned()),
        Just("<figure><figcaption>".to_owned()),
        Just("<table><tr><td>".to_owned()),
        Just("<br>".to_owned()),
        Just("<b>".to_owned()),
        Just(
            "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":"
                .to_owned()
        ),
        Just("<meta property=\"article:published_time\" content=\"2024-13-45T99:99\">".to_owned()),
        Just("<meta charset=\"windows-1258\">".to_owned()),
        Just("<!--".to_owned()),
        Just("<![CDATA[".to_owned()),
        Just("&#xD800;&#0;&nbsp".to_owned()),
        Just("<video>".to_owned()),
        Just("ngày 31 tháng 2 năm 2024".to_owned()),
        Just("Thứ hai, 12/8/2024, 10:30 (GMT+7)".to_owned()),
        "[a-zA-Zàáạảãăắằẳẵặâấầẩẫậđèéẹẻẽêếềểễệ ,.\"'<>/=-]{0,40}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = extract_html(&bytes, Some("https://example.vn/a.html"), &Overrides::default());
        let d = charset::decode(&bytes, Some("windows-1258"));
        prop_assert_eq!(d.text.nfc().collect::<String>(), d.text);
    }

    #[test]
    fn tag_soup_never_panics(html in soup(), url in "(https?://[a-z.]{1,20}/[a-z/]{0,20})?") {
        let url = (!url.is_empty()).then_some(url.as_str());
        for name in ["vietcms", "auto"] {
            let ex = Extractor::named(name).unwrap();
            if let Ok(a) = ex.extract(html.as_bytes(), url, None, &Overrides::default()) {
                // Fields stay disjoint and whitespace-clean.
                prop_assert!(!a.title.starts_with(' ') && !a.sapo.ends_with(' '));
                prop_assert!(a.text.split('\n').all(|p| !p.is_empty() || a.text.is_empty()));
            }
        }
    }

    #[test]
    fn user_selectors_never_panic(sel in "[a-z.#\\[\\]=:>*, ()\"-]{0,30}", html in soup()) {
        let mut o = Overrides::default();
        for f in ["title", "sapo", "body", "author", "date", "caption"] {
            o.selectors.insert(f.to_owned(), sel.clone());
        }
        let _ = chisogioi::extract::validate_overrides(&o);
        let _ = extract_html(html.as_bytes(), None, &o);
    }

    #[test]
    fn dates_never_panic(s in "\\PC{0,60}") {
        if let Some(d) = date::parse_vietnamese(&s) {
            prop_assert!(d.len() == 10 || d.ends_with("+07:00"), "{}", d);
        }
        let _ = date::parse_iso(&s);
    }

    #[test]
    fn damaged_fixture_pages_never_panic(
        idx in 0usize..22, cut in 0usize..20_000, at in 0usize..20_000, junk in prop::collection::vec(any::<u8>(), 0..64)
    ) {
        let pages = fixtures();
        let mut p = pages[idx % pages.len()].clone();
        p.truncate(cut.max(1).min(p.len()));
        let at = at.min(p.len());
        p.splice(at..at, junk);
        let _ = extract_html(&p, None, &Overrides::default());
    }

    #[test]
    fn damaged_warc_never_panics(
        cut in 0usize..4000, flip in prop::collection::vec((0usize..4000, any::<u8>()), 0..8), gz in any::<bool>()
    ) {
        let mut w = Vec::new();
        for (i, page) in fixtures().iter().take(3).enumerate() {
            let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
            http.extend_from_slice(page);
            warc::write_response(&mut w, &format!("https://example.vn/{i}.html"), &http).unwrap();
        }
        for (pos, b) in flip {
            if let Some(x) = w.get_mut(pos) { *x = b; }
        }
        w.truncate(cut.max(1).min(w.len()) + w.len().saturating_sub(4000));
        let bytes = if gz {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            std::io::Write::write_all(&mut e, &w).unwrap();
            let mut v = e.finish().unwrap();
            v.truncate(v.len().saturating_sub(cut % 50));
            v
        } else { w };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.warc.gz");
        std::fs::write(&path, bytes).unwrap();
        let _ = chisogioi::extract::read_warc(&path, &Overrides::default());
    }
}

#[test]
fn deeply_nested_pages_do_not_overflow_the_stack() {
    let depth = 20_000;
    let mut html = String::from("<html><body><div class=\"detail-content\">");
    for _ in 0..depth {
        html.push_str("<div><span>");
    }
    html.push_str("<p>Nội dung nằm rất sâu trong cây.</p>");
    let a = extract_html(html.as_bytes(), None, &Overrides::default());
    assert!(a.is_ok());
}

/// Long fuzz-style run: random mutations of every fixture page through every extractor.
#[test]
#[ignore]
fn fuzz_long() {
    use proptest::test_runner::{Config, TestRunner};
    let pages = fixtures();
    let extractors: Vec<Extractor> = ["vietcms", "auto", "trafilatura"]
        .iter()
        .map(|n| Extractor::named(n).unwrap())
        .collect();
    let mut runner = TestRunner::new(Config {
        cases: 20_000,
        ..Config::default()
    });
    runner
        .run(
            &(
                0usize..pages.len(),
                prop::collection::vec((any::<usize>(), any::<u8>(), 0u8..4), 1..32),
            ),
            |(idx, edits)| {
                let mut p = pages[idx].clone();
                for (pos, b, op) in edits {
                    if p.is_empty() {
                        break;
                    }
                    let i = pos % p.len();
                    match op {
                        0 => p[i] = b,
                        1 => {
                            p.remove(i);
                        }
                        2 => p.insert(i, b),
                        _ => {
                            let j = (i + b as usize * 7).min(p.len());
                            let dup = p[i..j].to_vec();
                            p.splice(i..i, dup);
                        }
                    }
                }
                for ex in &extractors {
                    let _ = ex.extract(&p, None, None, &Overrides::default());
                }
                Ok(())
            },
        )
        .unwrap();
}
