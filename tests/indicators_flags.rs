//! Stereotype-language flags: whole-syllable matching, stance, context conditions, allow-list,
//! topics and the compliance rule, on realistic sentences.
use chisogioi::indicators::Engine;
use chisogioi::model::{Article, Flag, Scorecard, Severity, Stance};
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::load_default().expect("lexicons load"))
}

fn score_in(section: Option<&str>, title: &str, text: &str) -> Scorecard {
    engine().score(&Article {
        id: "f".into(),
        title: title.into(),
        text: text.into(),
        section: section.map(str::to_string),
        ..Default::default()
    })
}

fn score(title: &str, text: &str) -> Scorecard {
    score_in(None, title, text)
}

fn flag<'a>(sc: &'a Scorecard, rule: &str) -> &'a Flag {
    sc.flags.iter().find(|f| f.rule == rule).unwrap_or_else(|| {
        panic!(
            "no {rule} in {:?}",
            sc.flags
                .iter()
                .map(|f| (&f.rule, &f.text))
                .collect::<Vec<_>>()
        )
    })
}

#[test]
fn endorsed_stereotype_in_author_voice() {
    let sc = score(
        "Ngày 8/3",
        "Phái yếu luôn cần được che chở và bảo vệ trong mọi hoàn cảnh.",
    );
    let f = flag(&sc, "STEREO-PHAI-YEU");
    assert_eq!(f.stance, Stance::Endorsed);
    assert_eq!(f.text, "Phái yếu");
    assert!(!f.explanation_vi.is_empty() && !f.suggestions.is_empty());
    assert_eq!(sc.indicators.i12_hits.get("STEREO"), Some(&1));
}

#[test]
fn critique_cue_makes_a_hit_critiqued() {
    let sc = score(
        "Bình đẳng giới",
        "Cần xóa bỏ định kiến “phụ nữ chỉ lo bếp núc” trong các gia đình trẻ.",
    );
    let f = flag(&sc, "STEREO-VIEC-NHA-CUA-PHU-NU");
    assert_eq!(f.stance, Stance::Critiqued);
    assert!(
        sc.compliant,
        "a critiqued hit does not count: {:?}",
        sc.violations
    );
    assert!(sc.indicators.i12_hits.is_empty());
}

#[test]
fn distancing_old_times_is_critique() {
    let sc = score("Phụ nữ", "Đã qua thời phụ nữ bị coi là chân yếu tay mềm.");
    assert_eq!(
        flag(&sc, "STEREO-CHAN-YEU-TAY-MEM").stance,
        Stance::Critiqued
    );
}

#[test]
fn negation_is_critique() {
    let sc = score(
        "Phụ nữ",
        "Chị khẳng định mình không phải phái yếu khi làm nghề xây dựng.",
    );
    assert_eq!(flag(&sc, "STEREO-PHAI-YEU").stance, Stance::Critiqued);
}

#[test]
fn a_hit_inside_a_source_quote_is_quoted() {
    let sc = score(
        "Phát biểu nhân ngày 20/10",
        "“Mỗi phụ nữ Việt Nam là một bông hoa đẹp, lan tỏa yêu thương”, ông Nguyễn Văn Hòa phát biểu.",
    );
    let f = flag(&sc, "BENEVOLENT-BONG-HOA");
    assert_eq!(f.stance, Stance::Quoted);
}

#[test]
fn movement_name_is_allowed_but_praise_is_flagged() {
    let sc = score(
        "Hội phụ nữ",
        "Phong trào thi đua “Giỏi việc nước, đảm việc nhà” được triển khai rộng khắp.",
    );
    assert!(
        sc.flags.iter().all(|f| f.category != "BENEVOLENT"),
        "{:?}",
        sc.flags
    );
    let sc = score(
        "Chân dung",
        "Chị Lan là người phụ nữ giỏi việc nước, đảm việc nhà, luôn tần tảo vì gia đình.",
    );
    assert_eq!(
        flag(&sc, "BENEVOLENT-GIOI-VIEC-NUOC").stance,
        Stance::Endorsed
    );
}

#[test]
fn official_eulogy_is_allowed() {
    let sc = score(
        "Truyền thống",
        "Phụ nữ Việt Nam anh hùng, bất khuất, trung hậu, đảm đang.",
    );
    assert!(
        sc.flags.iter().all(|f| f.rule != "BENEVOLENT-DAM-DANG"),
        "{:?}",
        sc.flags
    );
}

#[test]
fn appearance_in_crime_story_is_worse_than_in_fashion() {
    let crime = score(
        "Cô gái xinh đẹp bị sát hại",
        "Công an huyện đang điều tra vụ án mạng. Nạn nhân là chị Lê Thị Hoa, một cô gái xinh đẹp, bị nghi phạm sát hại.",
    );
    let fashion = score_in(
        Some("Thời trang"),
        "Trình diễn bộ sưu tập mới",
        "Người mẫu Lê Thị Hoa xinh đẹp và gợi cảm trong bộ váy dạ hội trên sàn diễn thời trang.",
    );
    let c = flag(&crime, "APPEAR-BEAUTY");
    assert!(c.severity > Severity::Info, "{:?}", c.severity);
    // pageant/fashion copy: beauty words are not flagged, sexualising words only as info
    assert!(
        fashion.flags.iter().all(|f| f.rule != "APPEAR-BEAUTY"),
        "{:?}",
        fashion.flags
    );
    assert_eq!(flag(&fashion, "APPEAR-SEXUALISE").severity, Severity::Info);
    assert_eq!(crime.indicators.i10_appearance.female, 1);
}

#[test]
fn appearance_word_without_a_person_is_not_flagged() {
    let sc = score(
        "Thiên nhiên",
        "Vịnh Hạ Long quyến rũ du khách bởi cảnh sắc xinh đẹp.",
    );
    assert!(
        sc.flags.iter().all(|f| f.category != "APPEAR"),
        "{:?}",
        sc.flags
    );
}

#[test]
fn family_framing_of_a_professional_in_the_lead() {
    let sc = score(
        "Nữ giám đốc mẹ hai con điều hành tập đoàn nghìn tỷ",
        "Bà Nguyễn Thị Hạnh, Tổng Giám đốc tập đoàn, là mẹ hai con.",
    );
    let f = flag(&sc, "FAMILY-ME-N-CON");
    assert!(f.severity >= Severity::Warning);
    let sc2 = score(
        "Chính sách thai sản mới",
        "Theo quy định mới, lao động nữ được nghỉ thêm một tháng.\nMột bà mẹ hai con ở quê cho biết rất vui mừng vì điều này.",
    );
    let f2 = flag(&sc2, "FAMILY-ME-N-CON");
    assert_eq!(f2.severity, Severity::Info);
}

#[test]
fn gender_marking_is_fine_when_it_is_the_point() {
    let sc = score(
        "Thể thao",
        "Đội tuyển bóng đá nữ giành huy chương vàng. Tỷ lệ nữ đại biểu Quốc hội tăng.",
    );
    assert!(
        sc.flags.iter().all(|f| f.category != "GMARK"),
        "{:?}",
        sc.flags
    );
    let sc = score("Hàng không", "Chị Lan là nữ phi công đầu tiên của hãng.");
    assert!(
        sc.flags.iter().all(|f| f.category != "GMARK"),
        "{:?}",
        sc.flags
    );
}

#[test]
fn gender_marking_asymmetry_in_headline() {
    let sc = score(
        "Nữ tài xế gây tai nạn trên cao tốc",
        "Chiếc xe do một nữ tài xế điều khiển đã va chạm.",
    );
    let f = flag(&sc, "GMARK-NU-NGHE");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(sc.indicators.i13_marked_female, 2);
    assert_eq!(sc.indicators.i13_marked_male, 0);
}

#[test]
fn victim_blaming_in_a_crime_story_fails_the_article() {
    let sc = score(
        "Thiếu nữ bị xâm hại sau khi đi chơi khuya",
        "Công an đang điều tra vụ xâm hại. Nạn nhân ăn mặc hở hang và đi chơi khuya một mình nên bị nghi phạm theo dõi.",
    );
    let f = flag(&sc, "GBV-DRESS-BLAME");
    assert_eq!(f.stance, Stance::Endorsed);
    assert_eq!(f.severity, Severity::Error);
    assert!(!sc.compliant);
    assert!(sc.violations.iter().any(|v| v == "endorsed-error"));
}

#[test]
fn police_motive_attributed_is_quoted() {
    let sc = score(
        "Bắt nghi phạm sát hại vợ",
        "Theo cơ quan điều tra, nghi phạm khai do ghen tuông nên đã ra tay. Công an huyện đã khởi tố vụ án giết người.",
    );
    assert_eq!(flag(&sc, "GBV-ROMANTICISE").stance, Stance::Quoted);
}

#[test]
fn whole_syllables_only() {
    // "ả" must not fire inside "Ả Rập"; "đĩ" not inside other syllables; "cave" only as a word
    let sc = score(
        "Thế giới",
        "Ả Rập Xê Út tăng sản lượng dầu. Hang động Cavern mở cửa cho du khách.",
    );
    assert!(sc.flags.is_empty(), "{:?}", sc.flags);
    assert!(sc.people.is_empty());
}

#[test]
fn tone_placement_does_not_hide_a_hit() {
    // old-style "hoà" vs new-style "hòa" spelling in a lexicon phrase (hồng nhan họa thủy)
    let sc = score(
        "Văn hóa",
        "Nhiều người vẫn gán cho cô cái mác hồng nhan hoạ thuỷ.",
    );
    assert!(
        sc.flags.iter().any(|f| f.rule == "STEREO-PHAN-DAN-BA"),
        "{:?}",
        sc.flags
    );
}

#[test]
fn ge_topic_gbv_and_policy() {
    let sc = score(
        "Tháng hành động vì bình đẳng giới",
        "Hưởng ứng Tháng hành động vì bình đẳng giới, tỉnh tổ chức tuyên truyền Luật Bình đẳng giới và Luật Phòng, chống bạo lực gia đình. Các vụ bạo lực gia đình và xâm hại tình dục đã giảm.",
    );
    assert_eq!(sc.topics.ge_topic.as_deref(), Some("strong"));
    assert!(sc.topics.gbv);
    assert!(sc.topics.policy_reference);
    assert!(sc.indicators.i16_policy && sc.indicators.i17_ge_topic);
    assert!(
        sc.topics
            .policies
            .iter()
            .any(|p| p == "Luật Bình đẳng giới")
    );
    let plain = score(
        "Giá vàng",
        "Giá vàng tăng mạnh, thị trường chứng khoán và lãi suất ngân hàng ổn định, doanh nghiệp lạc quan.",
    );
    assert_eq!(plain.topics.ge_topic, None);
    assert!(plain.topics.domains.iter().any(|d| d == "kinh_te"));
}

#[test]
fn scorecard_records_versions() {
    let sc = score("Tin", "Nội dung.");
    assert!(!sc.versions.indicator_set.is_empty());
    assert!(sc.versions.lexicons.contains_key("stereo"));
    assert!(sc.versions.lexicons.contains_key("names"));
}
