//! The `vi` tantivy tokenizers on a real in-memory index.

use chisogioi::text::register_tokenizers;
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::Value;
use tantivy::schema::{IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::TokenStream;
use tantivy::{Index, TantivyDocument, doc};

fn field(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

#[test]
fn vi_tokens_are_lowercased_words_with_original_offsets() {
    let index = Index::create_in_ram(Schema::builder().build());
    register_tokenizers(&index);
    let mut an = index.tokenizers().get("vi").unwrap();
    // NFD input and old-style tone: offsets must still slice the original.
    let text = "Chủ tịch UBND xã, bà Nguyễn Thị Hoà, nói về bình đẳng giới.";
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd(text).collect();
    for t in [text.to_string(), nfd] {
        let mut ts = an.token_stream(&t);
        let mut got = Vec::new();
        while ts.advance() {
            let tok = ts.token();
            got.push((
                tok.text.clone(),
                t[tok.offset_from..tok.offset_to].to_string(),
            ));
        }
        let texts: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert!(texts.contains(&"chủ_tịch"), "{texts:?}");
        assert!(texts.contains(&"ubnd"), "{texts:?}");
        assert!(
            !texts.contains(&","),
            "punctuation is not indexed: {texts:?}"
        );
        for (term, orig) in &got {
            let orig_norm = chisogioi::text::normalize(orig)
                .to_lowercase()
                .replace(' ', "_");
            assert_eq!(&orig_norm, term);
        }
    }
}

#[test]
fn search_finds_words_with_and_without_accents() {
    let mut sb = Schema::builder();
    let body = sb.add_text_field("body", field("vi"));
    let folded = sb.add_text_field("folded", field("vi_folded"));
    let syl = sb.add_text_field("syl", field("vi_syllable"));
    let id = sb.add_text_field("id", STORED);
    let index = Index::create_in_ram(sb.build());
    register_tokenizers(&index);
    let mut w = index.writer(15_000_000).unwrap();
    let docs = [
        (
            "a",
            "Phó chủ tịch Hội Liên hiệp Phụ nữ tỉnh Hoà Bình phát biểu tại hội nghị.",
        ),
        ("b", "Đội tuyển bóng đá nữ giành huy chương vàng SEA Games."),
    ];
    for (i, t) in docs {
        w.add_document(doc!(body => t, folded => t, syl => t, id => i))
            .unwrap();
    }
    w.commit().unwrap();
    let searcher = index.reader().unwrap().searcher();
    let hits = |field, q: &str| -> Vec<String> {
        let qp = QueryParser::for_index(&index, vec![field]);
        let query = qp.parse_query(q).unwrap();
        searcher
            .search(&query, &TopDocs::with_limit(5))
            .unwrap()
            .into_iter()
            .map(|(_, a)| {
                let d: TantivyDocument = searcher.doc(a).unwrap();
                d.get_first(id)
                    .and_then(|v| v.as_str())
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    // new-style tone in the document, traditional in the query: same term
    assert_eq!(hits(body, "\"hòa bình\""), ["a"]);
    // Word terms: a query is segmented like the document when it carries the same context…
    assert_eq!(hits(body, "\"giành huy chương vàng\""), ["b"]);
    // …and the syllable field finds words whatever the segmentation.
    assert_eq!(hits(syl, "\"huy chương\""), ["b"]);
    assert_eq!(hits(syl, "\"chủ tịch\""), ["a"]);
    assert_eq!(hits(folded, "\"hoa binh\""), ["a"]);
    assert_eq!(hits(folded, "\"huy chuong\""), ["b"]);
    assert!(
        hits(body, "\"hoa binh\"").is_empty(),
        "the accented field stays exact"
    );
}
