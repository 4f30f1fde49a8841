//! Direct and indirect quotes and their speakers on realistic Vietnamese news sentences.
use chisogioi::indicators::Engine;
use chisogioi::model::{Article, Gender, Quote, Scorecard, SpeakerKind};
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::load_default().expect("lexicons load"))
}

fn score(text: &str) -> (String, Scorecard) {
    let a = Article {
        id: "q".into(),
        title: "Tin tức".into(),
        text: text.into(),
        ..Default::default()
    };
    let full = a.analysis_text().0;
    (full, engine().score(&a))
}

fn speaker_name<'a>(sc: &'a Scorecard, q: &Quote) -> Option<&'a str> {
    let id = q.speaker.as_deref()?;
    sc.people
        .iter()
        .find(|p| p.id == id)
        .map(|p| p.name.as_str())
}

#[test]
fn direct_quote_attributed_after_closing_mark_across_paragraphs() {
    let (t, sc) = score(
        "Ông Lê Duy Minh, Cục trưởng Cục Thuế, cho biết số thu giảm mạnh.\n“Dịch bệnh đã khiến rất nhiều ngành nghề bị ảnh hưởng.\nNgành du lịch là ảnh hưởng rõ rệt nhất”, ông Minh nói.",
    );
    let q = sc.quotes.iter().find(|q| q.direct).expect("direct quote");
    assert!(t[q.span.start..q.span.end].starts_with("Dịch bệnh"));
    assert!(t[q.span.start..q.span.end].ends_with("rõ rệt nhất"));
    assert_eq!(speaker_name(&sc, q), Some("Lê Duy Minh"));
    assert_eq!(q.verb.as_deref(), Some("nói"));
}

#[test]
fn direct_quote_after_colon_and_verb() {
    let (t, sc) = score(
        "Bà Nguyễn Thị Lan, Giám đốc Sở Y tế, khẳng định: “Chúng tôi sẽ kiểm tra toàn bộ các cơ sở trong tháng này”.",
    );
    let q = &sc.quotes[0];
    assert!(q.direct);
    assert_eq!(
        &t[q.span.start..q.span.end],
        "Chúng tôi sẽ kiểm tra toàn bộ các cơ sở trong tháng này"
    );
    assert_eq!(speaker_name(&sc, q), Some("Nguyễn Thị Lan"));
    assert_eq!(sc.indicators.i02_sources.female, 1);
    assert_eq!(sc.indicators.i03_direct_sources.female, 1);
    assert_eq!(sc.indicators.i06_official_sources.female, 1);
}

#[test]
fn floating_quote_continues_the_previous_speaker() {
    let (_, sc) = score(
        "“Chúng tôi đã chuẩn bị kỹ lưỡng cho mùa thi năm nay”, thầy Nguyễn Văn Bình, Hiệu trưởng nhà trường, nói.\n“Các em học sinh cần giữ bình tĩnh và ăn ngủ điều độ”.",
    );
    assert_eq!(sc.quotes.len(), 2, "{:?}", sc.quotes);
    assert_eq!(speaker_name(&sc, &sc.quotes[0]), Some("Nguyễn Văn Bình"));
    assert_eq!(speaker_name(&sc, &sc.quotes[1]), Some("Nguyễn Văn Bình"));
}

#[test]
fn indirect_quote_with_cho_biet_and_theo() {
    let (t, sc) = score(
        "Chị Trần Thị Mai, tiểu thương chợ Bến Thành, cho biết giá rau đã tăng gấp đôi từ đầu tuần.\nTheo ông Phạm Văn Hải, nguyên nhân là mưa lớn kéo dài ở các tỉnh miền Tây.",
    );
    assert_eq!(sc.quotes.len(), 2, "{:?}", sc.quotes);
    let (a, b) = (&sc.quotes[0], &sc.quotes[1]);
    assert!(!a.direct && !b.direct);
    assert_eq!(speaker_name(&sc, a), Some("Trần Thị Mai"));
    assert!(t[a.span.start..a.span.end].starts_with("giá rau"));
    assert_eq!(speaker_name(&sc, b), Some("Phạm Văn Hải"));
    assert!(t[b.span.start..b.span.end].starts_with("nguyên nhân"));
    // a woman and a man quoted: the balance rule is met
    assert!(sc.compliant, "{:?}", sc.violations);
    assert_eq!(sc.indicators.i02_sources.female, 1);
    assert_eq!(sc.indicators.i07_citizen_sources.female, 1);
}

#[test]
fn organisation_and_unattributed_quotes() {
    let (_, sc) = score(
        "Bộ Y tế cho biết đã ghi nhận thêm 12 ca mắc mới trong cộng đồng.\n“Tình hình vẫn trong tầm kiểm soát của chính quyền địa phương”.",
    );
    let org = sc
        .quotes
        .iter()
        .find(|q| q.speaker_kind == SpeakerKind::Organisation)
        .expect("org quote");
    assert_eq!(org.organisation.as_deref(), Some("Bộ Y tế"));
    let d = sc.quotes.iter().find(|q| q.direct).expect("direct");
    assert_eq!(d.speaker_kind, SpeakerKind::Unattributed);
    assert!(sc.people.is_empty());
}

#[test]
fn scare_quotes_are_not_speech() {
    let (_, sc) = score("Cổ phiếu này “sốt giá” trong phiên sáng, còn mã kia bị “chết yểu”.");
    assert!(sc.quotes.is_empty(), "{:?}", sc.quotes);
}

#[test]
fn two_men_quoted_and_no_woman_breaks_the_balance_rule() {
    let (_, sc) = score(
        "Ông Nguyễn Văn An cho biết dự án sẽ hoàn thành vào cuối năm nay.\nÔng Trần Văn Bình nhấn mạnh nguồn vốn đã được giải ngân đầy đủ.",
    );
    assert_eq!(sc.indicators.i02_sources.male, 2);
    assert!(!sc.compliant);
    assert!(sc.violations.iter().any(|v| v == "no-woman-source"));
    // I04: quoted syllables all attributed to men
    assert!(
        sc.indicators.i04_quoted_syllables.male > 0
            && sc.indicators.i04_quoted_syllables.female == 0
    );
}

#[test]
fn initials_source_in_a_crime_story() {
    let (_, sc) =
        score("Chị N.T.H. (28 tuổi) kể lại rằng chị bị người chồng đánh nhiều lần trong năm qua.");
    let q = &sc.quotes[0];
    assert_eq!(q.verb.as_deref(), Some("kể lại"));
    let p = sc
        .people
        .iter()
        .find(|p| Some(p.id.as_str()) == q.speaker.as_deref())
        .expect("speaker");
    assert_eq!(p.gender, Gender::Female);
}
