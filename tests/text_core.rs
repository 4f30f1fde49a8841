//! The text core on realistic Vietnamese input: spans, normalisation, classes, sentences.

use chisogioi::text::{Document, TokenClass, fold, normalize};
use unicode_normalization::UnicodeNormalization;

fn toks(doc: &Document) -> Vec<(&str, String, TokenClass)> {
    doc.tokens()
        .iter()
        .map(|t| (doc.slice(t.span), t.norm.clone(), t.class))
        .collect()
}

/// Every token's span must slice the original to text that normalises to the token's `norm`.
fn assert_spans_exact(doc: &Document) {
    for t in doc.tokens() {
        assert!(doc.original().is_char_boundary(t.span.start));
        assert!(doc.original().is_char_boundary(t.span.end));
        assert_eq!(normalize(doc.slice(t.span)), t.norm);
    }
}

#[test]
fn nfd_old_tones_crlf_emoji_mixed_scripts_keep_exact_spans() {
    let nfc = "Bà Nguyễn Thị Hoà nói:\r\n“Sức khoẻ là vàng 💪🏽” — 北京 Москва 😀.";
    let nfd: String = nfc.nfd().collect();
    for text in [nfc.to_string(), nfd] {
        let doc = Document::analyze(&text);
        assert_spans_exact(&doc);
        let t = toks(&doc);
        let norms: Vec<&str> = t.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(
            norms,
            [
                "Bà",
                "Nguyễn",
                "Thị",
                "Hòa",
                "nói",
                ":",
                "\"",
                "Sức",
                "khỏe",
                "là",
                "vàng",
                "💪🏽",
                "\"",
                "-",
                "北京",
                "Москва",
                "😀",
                "."
            ]
        );
        // The span of "Hoà" slices the original exactly as supplied (old-style tone, NFC or NFD).
        let hoa = &doc.tokens()[3];
        assert_eq!(doc.slice(hoa.span).nfc().collect::<String>(), "Hoà");
        assert_eq!(hoa.lower, "hòa");
        // Line 2 starts after CRLF; columns count scalar values and UTF-16 units.
        let suc = &doc.tokens()[7];
        let p = doc.position(suc.span.start);
        assert_eq!((p.line, p.column, p.utf16_column), (2, 2, 2));
        let grin = doc.tokens().iter().find(|t| t.norm == "😀").unwrap();
        let p = doc.position(grin.span.start);
        let line2 = text.split("\r\n").nth(1).unwrap();
        let before = &line2[..line2.find('😀').unwrap()];
        assert_eq!(p.column, before.chars().count() + 1);
        assert_eq!(p.utf16_column, before.encode_utf16().count() + 1);
        assert_eq!(grin.class, TokenClass::Symbol);
    }
}

#[test]
fn token_classes_on_news_text() {
    let text = "Theo PGS.TS Nguyễn Văn A, ThS.BS N.T.H. (TP.HCM) cho biết UBND Q.1 đã chi 8.700 tỷ đồng, \
                tăng 53,17% và 1/10 số ca Covid-19 online; xem https://dantri.com.vn/xa-hoi.htm hoặc \
                gửi thư tới ban.doc@dantri.com.vn nhé!";
    let doc = Document::analyze(text);
    assert_spans_exact(&doc);
    let class_of = |w: &str| {
        doc.tokens()
            .iter()
            .find(|t| doc.slice(t.span) == w)
            .map(|t| t.class)
            .unwrap_or_else(|| panic!("no token {w:?} in {:?}", toks(&doc)))
    };
    for a in ["PGS.TS", "ThS.BS", "N.T.H.", "TP.HCM", "UBND", "Q.1"] {
        assert_eq!(class_of(a), TokenClass::Abbrev, "{a}");
    }
    for n in ["8.700", "53,17%", "1/10"] {
        assert_eq!(class_of(n), TokenClass::Number, "{n}");
    }
    for s in ["Nguyễn", "biết", "tỷ", "đồng"] {
        assert_eq!(class_of(s), TokenClass::Syllable, "{s}");
    }
    assert_eq!(class_of("Covid-19"), TokenClass::Foreign);
    assert_eq!(class_of("online"), TokenClass::Foreign);
    assert_eq!(
        class_of("https://dantri.com.vn/xa-hoi.htm"),
        TokenClass::Url
    );
    assert_eq!(class_of("ban.doc@dantri.com.vn"), TokenClass::Email);
    assert_eq!(class_of(","), TokenClass::Punct);
}

#[test]
fn normalisation_variants_meet() {
    assert_eq!(normalize("Ðà Nẵng"), "Đà Nẵng");
    assert_eq!(normalize("thuỷ lợi"), normalize("thủy lợi"));
    assert_eq!(normalize("Hà\u{200B}Nội"), "HàNội");
    assert_eq!(normalize("„a‟ ‘b’ x–y—z"), "\"a\" 'b' x-y-z");
    assert_eq!(fold("Khoẻ mạnh, Đồng Nai"), "khoe manh, dong nai");
    let doc = Document::analyze("hoà bình\u{200B}và khoẻ");
    let lowers: Vec<&str> = doc.tokens().iter().map(|t| t.lower.as_str()).collect();
    assert_eq!(lowers, ["hòa", "bình", "và", "khỏe"]);
}

fn sentences(text: &str) -> Vec<String> {
    let doc = Document::analyze(text);
    doc.sentences()
        .iter()
        .map(|s| doc.slice(s.span).to_string())
        .collect()
}

#[test]
fn sentences_survive_abbreviations_numbers_and_quotes() {
    let text = "PGS.TS. Nguyễn Văn A, Giám đốc Sở Y tế TP. Hồ Chí Minh, cho biết tỷ lệ là 53,17%. \
                Bệnh viện ở Q.1 tiếp nhận 8.700 ca từ ngày 20/11/2024. Ông nói: \"Chúng tôi đã cố gắng. \
                Nhưng vẫn chưa đủ.\" Sau đó... mọi người im lặng. Bà N.T.H. cũng đồng ý!";
    assert_eq!(
        sentences(text),
        [
            "PGS.TS. Nguyễn Văn A, Giám đốc Sở Y tế TP. Hồ Chí Minh, cho biết tỷ lệ là 53,17%.",
            "Bệnh viện ở Q.1 tiếp nhận 8.700 ca từ ngày 20/11/2024.",
            "Ông nói: \"Chúng tôi đã cố gắng.",
            "Nhưng vẫn chưa đủ.\"",
            "Sau đó... mọi người im lặng.",
            "Bà N.T.H. cũng đồng ý!",
        ]
    );
}

#[test]
fn sentences_split_at_bullets_and_ellipsis() {
    let text = "Các yêu cầu gồm:\n- Đảm bảo bình đẳng giới\n- Tăng tỷ lệ nữ lãnh đạo\nVậy thì… Ai chịu trách nhiệm? Không ai cả.";
    assert_eq!(
        sentences(text),
        [
            "Các yêu cầu gồm:",
            "- Đảm bảo bình đẳng giới",
            "- Tăng tỷ lệ nữ lãnh đạo",
            "Vậy thì…",
            "Ai chịu trách nhiệm?",
            "Không ai cả.",
        ]
    );
}

#[test]
fn typographic_quotes_close_the_sentence_they_end() {
    let text = "Chị Lan chia sẻ: “Tôi rất vui. Cảm ơn mọi người.” Buổi lễ kết thúc lúc 10:30.";
    assert_eq!(
        sentences(text),
        [
            "Chị Lan chia sẻ: “Tôi rất vui.",
            "Cảm ơn mọi người.”",
            "Buổi lễ kết thúc lúc 10:30.",
        ]
    );
}
