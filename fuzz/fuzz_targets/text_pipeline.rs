//! Fuzz the whole text pipeline: bytes → legacy decoding → analysis → tantivy tokens.
//! Run (nightly + cargo-fuzz): `cd fuzz && cargo +nightly fuzz run text_pipeline`.
#![no_main]

use chisogioi::text::{Document, fold, legacy, normalize, search};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let decoded = legacy::decode(data);
    let text = decoded.text.as_str();
    let doc = Document::analyze(text);
    for t in doc.tokens() {
        assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
        assert_eq!(normalize(doc.slice(t.span)), t.norm);
        let _ = doc.position(t.span.end);
    }
    let n = normalize(text);
    assert_eq!(normalize(&n), n);
    let _ = fold(text);
    let mut toks = Vec::new();
    search::tokens_for(text, search::ViMode::Words, &mut toks);
    for t in &toks {
        assert!(t.offset_from <= t.offset_to && t.offset_to <= text.len());
    }
});
