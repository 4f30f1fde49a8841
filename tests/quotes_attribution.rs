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

fn quote_with<'a>(t: &str, sc: &'a Scorecard, start: &str) -> &'a Quote {
    sc.quotes
        .iter()
        .find(|q| t[q.span.start..q.span.end].starts_with(start))
        .unwrap_or_else(|| panic!("no quote starting {start:?}: {:?}", sc.quotes))
}

#[test]
fn long_apposition_between_name_and_verb() {
    let (t, sc) = score(
        "PGS.TS Bùi Thành Nam, trưởng phòng đào tạo Trường Đại học Khoa học xã hội và nhân văn, thuộc Đại học Quốc gia Hà Nội cho biết, trường có đào tạo tâm lý học qua bốn lĩnh vực khác nhau.",
    );
    let q = quote_with(&t, &sc, "trường có đào tạo");
    assert!(!q.direct);
    assert_eq!(speaker_name(&sc, q), Some("Bùi Thành Nam"));
}

#[test]
fn unnamed_collective_subject_gives_an_unattributed_quote() {
    let (t, sc) = score(
        "Bà Nguyễn Thị Lan, Giám đốc Sở Y tế, trả lời báo chí về dịch bệnh.\nTuy nhiên, nhiều phụ huynh cho biết, các trường vẫn chưa thông báo lịch học cụ thể cho học sinh.",
    );
    let q = quote_with(&t, &sc, "các trường vẫn chưa");
    assert_eq!(q.speaker, None, "a group is not Bà Lan");
    // a document is not a speaker, and "Đáng nói" is not a reporting clause
    let (_, sc) = score(
        "Báo cáo cho biết, doanh thu năm nay giảm mạnh so với năm trước.\nĐáng nói hơn, nhiều cửa hàng phải đóng cửa trong ba tháng liền.",
    );
    assert!(sc.quotes.is_empty(), "{:?}", sc.quotes);
}

#[test]
fn theo_frames_after_cung_and_with_titles() {
    let (t, sc) = score(
        "Ông Bùi Quốc Đạt, Chủ tịch UBND thành phố, cho biết đã chuẩn bị đủ khẩu trang.\nCũng theo ông Đạt, thành phố đã đồng ý cho Trung tâm Y tế mua thêm mười nghìn khẩu trang.\nTheo một số phụ huynh học sinh, nhà trường cần có hình thức kỷ luật thỏa đáng với giáo viên.",
    );
    let q = quote_with(&t, &sc, "thành phố đã đồng ý");
    assert_eq!(speaker_name(&sc, q), Some("Bùi Quốc Đạt"));
    let q = quote_with(&t, &sc, "nhà trường cần");
    assert_eq!(q.speaker, None);
    // "Theo quy định" is a document, not a source
    let (_, sc) = score("Theo quy định, các cơ sở phải báo cáo trước ngày 15 hằng tháng.");
    assert!(sc.quotes.is_empty(), "{:?}", sc.quotes);
}

#[test]
fn coordinated_and_pre_posed_reporting_clauses() {
    let (t, sc) = score(
        "Bà Retno Marsudi thừa nhận bà bị tổn thương và cho rằng sự việc xảy ra là do bà là một phụ nữ.\nQuan trọng là cha mẹ cần nhận biết sớm dấu hiệu nặng để đưa trẻ đi viện, BS Lê Thanh Chương cho biết.",
    );
    let q = quote_with(&t, &sc, "sự việc xảy ra");
    assert_eq!(speaker_name(&sc, q), Some("Retno Marsudi"));
    let q = quote_with(&t, &sc, "Quan trọng là");
    assert_eq!(speaker_name(&sc, q), Some("Lê Thanh Chương"));
}

#[test]
fn pronoun_continues_the_subject_not_a_person_named_in_passing() {
    let (t, sc) = score(
        "Ca sĩ Phương Thanh nhận vai Tú Bà.\nChị Phương Thanh nhận lời tham gia vì có sự tham gia của NSND Lê Khanh. Chị nói: “Tôi rất yên tâm khi được đóng cùng người chị yêu quý.”",
    );
    let q = quote_with(&t, &sc, "Tôi rất yên tâm");
    assert_eq!(speaker_name(&sc, q), Some("Phương Thanh"));
}

#[test]
fn foreign_names_are_people_and_pronouns_give_their_gender() {
    let (t, sc) = score(
        "Hoa hậu quý bà thế giới Caroline Jurie bất ngờ giật vương miện khỏi đầu người đẹp.\nCô cho biết, luật cuộc thi không cho phép phụ nữ đã ly hôn đăng quang.",
    );
    let p = sc
        .people
        .iter()
        .find(|p| p.name == "Caroline Jurie")
        .expect("foreign full name detected");
    assert_eq!(p.gender, Gender::Female);
    let q = quote_with(&t, &sc, "luật cuộc thi");
    assert_eq!(speaker_name(&sc, q), Some("Caroline Jurie"));
    // media and venues are not people
    let (_, sc) = score("Tờ The Times of India đưa tin lễ cưới diễn ra tại Las Vegas hôm qua.");
    assert!(sc.people.is_empty(), "{:?}", sc.people);
}

#[test]
fn unclosed_quote_ends_at_its_own_attribution() {
    let (t, sc) = score(
        "Chị Phan Thị Thanh Thủy bán bánh canh đã hơn hai mươi năm.\n\"Mặc dù quán đông nhưng hai vợ chồng chủ yếu lấy công làm lãi, chị Thủy chia sẻ.",
    );
    let q = quote_with(&t, &sc, "Mặc dù quán đông");
    assert!(t[q.span.start..q.span.end].ends_with("lấy công làm lãi"));
    assert_eq!(speaker_name(&sc, q), Some("Phan Thị Thanh Thủy"));
}

#[test]
fn unnamed_speaker_after_a_quote_does_not_continue_the_previous_one() {
    let (t, sc) = score(
        "\"Tôi bắt gặp quảng cáo thuốc không dưới năm lần mỗi tối\", anh Trung Hiếu ở Hà Nội cho biết.\n\"Đề nghị nền tảng xem xét lại nội dung quảng cáo thuốc chữa bệnh\", một người dùng nhận xét trên kho ứng dụng.",
    );
    let q = quote_with(&t, &sc, "Đề nghị nền tảng");
    assert_eq!(q.speaker, None);
    assert_eq!(q.speaker_kind, SpeakerKind::Unattributed);
}

#[test]
fn attribution_of_the_next_paragraph_does_not_reach_back() {
    let (t, sc) = score(
        "Chị Nguyễn Thị Hạnh nói: “Chúng tôi xuất khẩu được 300 tấn tôm trong năm nay.”\nÔng Trần Văn Quang, Chủ tịch Hiệp hội Thuỷ sản tỉnh (hư cấu), cho biết: “Doanh nghiệp của chị Hạnh đứng đầu tỉnh về kim ngạch.”",
    );
    let q = quote_with(&t, &sc, "Chúng tôi xuất khẩu");
    assert_eq!(speaker_name(&sc, q), Some("Nguyễn Thị Hạnh"));
    let q = quote_with(&t, &sc, "Doanh nghiệp của chị Hạnh");
    assert_eq!(speaker_name(&sc, q), Some("Trần Văn Quang"));
}
