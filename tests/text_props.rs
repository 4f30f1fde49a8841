//! Property tests: the text pipeline never panics and its spans always point into the input.

use chisogioi::text::{Document, fold, legacy, normalize};
use proptest::prelude::*;

/// Text that looks like (messy) Vietnamese: letters with tones, NFD marks,
/// zero-width characters, punctuation, digits, quotes, CRLF.
const VI_CHARS: &str = "[a-zA-ZàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐÐHOÀUỶ\u{300}\u{301}\u{303}\u{309}\u{323}\u{302}\u{200B}\u{200D}\u{FEFF}\u{A0} .,:;!?\"“”‘’'()…–—0-9%/@\n\r\t😀👍🏽-]{0,120}";

fn check(text: &str) {
    let doc = Document::analyze(text);
    let mut last = 0;
    for t in doc.tokens() {
        assert!(t.span.start >= last && t.span.start < t.span.end && t.span.end <= text.len());
        assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
        assert_eq!(normalize(doc.slice(t.span)), t.norm);
        last = t.span.end;
        let p = doc.position(t.span.start);
        assert!(p.line >= 1 && p.column >= 1 && p.utf16_column >= p.column);
    }
    // sentences and words partition the tokens, in order
    let mut next = 0;
    for s in doc.sentences() {
        assert_eq!(s.tokens.start, next);
        assert!(s.tokens.end > s.tokens.start);
        next = s.tokens.end;
    }
    assert_eq!(next, doc.tokens().len());
    let mut next = 0;
    for w in doc.words() {
        assert_eq!(w.tokens.start, next);
        assert!(w.tokens.end > w.tokens.start);
        assert_eq!(w.span.start, doc.tokens()[w.tokens.start].span.start);
        assert_eq!(w.span.end, doc.tokens()[w.tokens.end - 1].span.end);
        next = w.tokens.end;
    }
    assert_eq!(next, doc.tokens().len());
}

proptest! {
    #[test]
    fn any_string_is_safe(s in any::<String>()) {
        check(&s);
        let n = normalize(&s);
        prop_assert_eq!(normalize(&n), n.clone());
        let _ = fold(&s);
    }

    #[test]
    fn vietnamese_like_text_is_safe_and_normalisation_idempotent(s in VI_CHARS) {
        check(&s);
        let n = normalize(&s);
        prop_assert_eq!(normalize(&n), n.clone());
        prop_assert_eq!(fold(&n), fold(&s));
    }

    #[test]
    fn any_bytes_decode_losslessly_enough_to_analyse(b in proptest::collection::vec(any::<u8>(), 0..200)) {
        let d = legacy::decode(&b);
        if let Ok(s) = std::str::from_utf8(b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&b)) {
            prop_assert_eq!(d.text.as_str(), s);
        } else {
            prop_assert!(d.encoding != "utf-8");
        }
        check(&d.text);
    }
}

/// Long-running fuzz alternative (no nightly needed):
/// `cargo test --release --test text_props -- --ignored`; set PROPTEST_CASES to go longer.
#[test]
#[ignore]
fn fuzz_long_running() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(cases));
    runner
        .run(&(VI_CHARS, any::<Vec<u8>>()), |(s, b)| {
            check(&s);
            let n = normalize(&s);
            assert_eq!(normalize(&n), n);
            check(&legacy::decode(&b).text);
            Ok(())
        })
        .unwrap();
}
