//! Scoring never panics and spans stay inside the text, whatever the input.
use chisogioi::indicators::Engine;
use chisogioi::model::Article;
use proptest::prelude::*;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::load_default().expect("lexicons load"))
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("ông ".to_string()),
        Just("Bà ".to_string()),
        Just("chị N.T.H. ".to_string()),
        Just("Nguyễn Thị Lan ".to_string()),
        Just("cho biết, ".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just(": ".to_string()),
        Just(". ".to_string()),
        Just("\n".to_string()),
        Just("phái yếu ".to_string()),
        Just("không ".to_string()),
        Just("Theo ".to_string()),
        Just("Giám đốc ".to_string()),
        Just("nữ tài xế ".to_string()),
        Just("hoà ".to_string()),
        Just("ho\u{0300}a ".to_string()),
        "[a-zA-ZÀ-ỹĐđ .,:;!?“”\"()\\-\n]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
    #[test]
    fn scoring_is_total_and_spans_are_valid(parts in prop::collection::vec(piece(), 0..40), title in "[^\u{0}]{0,20}") {
        let text: String = parts.concat();
        let a = Article { id: "p".into(), title, text, ..Default::default() };
        let full = a.analysis_text().0;
        let sc = engine().score(&a);
        for q in &sc.quotes {
            prop_assert!(q.span.end <= full.len() && full.is_char_boundary(q.span.start) && full.is_char_boundary(q.span.end));
        }
        for f in &sc.flags {
            prop_assert!(f.span.end <= full.len() && full.is_char_boundary(f.span.start));
        }
        for p in &sc.people {
            for m in &p.mentions {
                prop_assert!(m.end <= full.len() && m.start <= m.end);
            }
        }
        // deterministic
        prop_assert_eq!(&sc, &engine().score(&a));
    }
}
