//! People detection and gender evidence on realistic sentences, one test per trap in
//! lexicon-sources.md §3 (compounds, capitalised places, "cô" as teacher, "Anh" = Britain,
//! group nouns, metaphorical persons, initials) and per evidence rank in indicators.md.
use chisogioi::indicators::Engine;
use chisogioi::model::{Article, Gender, GenderEvidence, Person, Role, Scorecard};
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::load_default().expect("lexicons load"))
}

fn score(title: &str, text: &str) -> Scorecard {
    engine().score(&Article {
        id: "t".into(),
        title: title.into(),
        text: text.into(),
        ..Default::default()
    })
}

fn person<'a>(sc: &'a Scorecard, name: &str) -> &'a Person {
    sc.people
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| {
            panic!(
                "no person {name:?} in {:?}",
                sc.people.iter().map(|p| &p.name).collect::<Vec<_>>()
            )
        })
}

#[test]
fn cong_bo_is_not_a_father() {
    let sc = score(
        "Công bố kết quả thi",
        "Sáng 5/8, Bộ GD-ĐT công bố điểm thi. Ông Nguyễn Văn Hùng, Vụ trưởng, tuyên bố kỳ thi an toàn.",
    );
    assert_eq!(sc.people.len(), 1, "{:?}", sc.people);
    assert_eq!(person(&sc, "Nguyễn Văn Hùng").gender, Gender::Male);
}

#[test]
fn viet_nam_is_not_a_male_marker() {
    let sc = score(
        "Tin y tế",
        "Tại Việt Nam bác sĩ Lan cho biết số ca mắc đang giảm dần trong tuần qua.",
    );
    let lan = person(&sc, "Lan");
    assert_ne!(lan.evidence, GenderEvidence::GenderedRoleNoun);
    assert_eq!(lan.gender, Gender::Female); // given-name prior, not "Nam"
    assert_eq!(lan.evidence, GenderEvidence::GivenNamePrior);
}

#[test]
fn thi_truong_is_not_a_middle_name() {
    let sc = score(
        "Thị trường chứng khoán",
        "Thị trường Hà Nội sôi động. Thị xã Sơn Tây cũng vậy, ông Lê Minh nói với phóng viên.",
    );
    assert_eq!(
        sc.people.len(),
        1,
        "{:?}",
        sc.people.iter().map(|p| &p.name).collect::<Vec<_>>()
    );
    assert_eq!(person(&sc, "Lê Minh").gender, Gender::Male);
}

#[test]
fn ba_ria_is_a_place() {
    let sc = score(
        "Bà Rịa - Vũng Tàu có thêm ca mắc",
        "Bà Rịa - Vũng Tàu ghi nhận 3 ca mắc mới. Du khách đến Bà Nà và núi Bà Đen giảm mạnh.",
    );
    assert!(sc.people.is_empty(), "{:?}", sc.people);
    assert_eq!(sc.indicators.i01_people.female, 0);
}

#[test]
fn co_as_teacher_is_female_and_co_don_is_not_a_person() {
    let sc = score(
        "Giáo dục",
        "Cô Lan dạy môn Toán ở trường làng đã 20 năm. Anh Tuấn sống cô đơn bên bờ sông.",
    );
    assert_eq!(person(&sc, "Lan").gender, Gender::Female);
    assert_eq!(person(&sc, "Tuấn").gender, Gender::Male);
    assert_eq!(sc.people.len(), 2);
}

#[test]
fn anh_as_britain_is_not_a_man() {
    let sc = score(
        "Thế giới",
        "Thủ tướng Anh Boris Johnson cho biết nước Anh sẽ nới lỏng phong tỏa. Giải Ngoại hạng Anh trở lại.",
    );
    let b = person(&sc, "Boris Johnson");
    assert_eq!(b.gender, Gender::Unknown, "{b:?}");
    assert_eq!(b.role, Role::Official);
    assert_eq!(sc.people.len(), 1);
}

#[test]
fn group_nouns_are_not_people() {
    let sc = score(
        "Nông thôn",
        "Bà con nông dân phấn khởi vì được mùa. Anh em cầu thủ thi đấu tốt, ông bà ta nói rằng chị em phụ nữ rất đảm đang.",
    );
    assert!(
        sc.people.is_empty(),
        "{:?}",
        sc.people.iter().map(|p| &p.name).collect::<Vec<_>>()
    );
}

#[test]
fn ong_lon_is_a_corporation() {
    let sc = score(
        "Kinh doanh",
        "Ông lớn Vingroup vừa công bố kết quả kinh doanh. Ông trùm Samsung cũng vậy.",
    );
    assert!(
        sc.people.is_empty(),
        "{:?}",
        sc.people.iter().map(|p| &p.name).collect::<Vec<_>>()
    );
}

#[test]
fn initials_take_gender_from_the_honorific_only() {
    let sc = score(
        "Pháp luật",
        "Chị N.T.H. (28 tuổi, ở Hà Nội) kể lại rằng chị bị đánh nhiều lần trong năm qua.",
    );
    let h = &sc.people[0];
    assert!(h.name.starts_with("N.T.H"), "{h:?}");
    assert_eq!(h.gender, Gender::Female);
    assert_eq!(h.evidence, GenderEvidence::Honorific);
}

#[test]
fn mentions_merge_across_honorific_and_title() {
    let sc = score(
        "Sở Y tế kiểm tra",
        "Bà Nguyễn Thị Lan, Giám đốc Sở Y tế, cho biết đã kiểm tra 20 cơ sở.\nTheo bà Lan, các cơ sở đều đạt chuẩn.\nGiám đốc Lan cũng đề nghị người dân yên tâm.",
    );
    assert_eq!(sc.people.len(), 1, "{:?}", sc.people);
    let p = person(&sc, "Nguyễn Thị Lan");
    assert_eq!(p.mentions.len(), 3);
    assert_eq!(p.gender, Gender::Female);
    assert_eq!(p.role, Role::Official);
}

#[test]
fn anaphor_decides_when_there_is_no_honorific() {
    let sc = score(
        "Khoa học",
        "PGS.TS Trần Minh Khánh, Trưởng khoa Vật lý, nhận giải thưởng năm nay. Bà ấy nói sẽ tiếp tục nghiên cứu.",
    );
    let p = person(&sc, "Trần Minh Khánh");
    assert_eq!(p.gender, Gender::Female);
    assert_eq!(p.evidence, GenderEvidence::Anaphor);
    assert_eq!(p.role, Role::Expert);
}

#[test]
fn middle_name_thi_and_van() {
    let sc = score(
        "Xã hội",
        "Trần Thị Hoa và Lê Văn Tám cùng nhận bằng khen của UBND tỉnh.",
    );
    assert_eq!(
        person(&sc, "Trần Thị Hoa").evidence,
        GenderEvidence::MiddleName
    );
    assert_eq!(person(&sc, "Trần Thị Hoa").gender, Gender::Female);
    assert_eq!(person(&sc, "Lê Văn Tám").gender, Gender::Male);
}

#[test]
fn gender_marker_before_role_noun() {
    let sc = score("Y tế", "Nữ bác sĩ Trần Minh Anh đã cứu sống bệnh nhân.");
    let p = person(&sc, "Trần Minh Anh");
    assert_eq!(p.gender, Gender::Female);
    assert_eq!(p.evidence, GenderEvidence::GenderedRoleNoun);
}

#[test]
fn given_name_prior_for_bare_full_names() {
    let sc = score(
        "Thể thao",
        "Nguyễn Quang Hải ghi bàn thắng quyết định. Huỳnh Như lập cú đúp.",
    );
    assert_eq!(person(&sc, "Nguyễn Quang Hải").gender, Gender::Male);
    assert_eq!(
        person(&sc, "Nguyễn Quang Hải").evidence,
        GenderEvidence::GivenNamePrior
    );
    assert_eq!(person(&sc, "Huỳnh Như").gender, Gender::Female);
}

#[test]
fn streets_and_schools_named_after_people_are_not_people() {
    let sc = score(
        "Giao thông",
        "Đường Trần Hưng Đạo ùn tắc, học sinh trường Lê Quý Đôn phải nghỉ học.",
    );
    assert!(
        sc.people.is_empty(),
        "{:?}",
        sc.people.iter().map(|p| &p.name).collect::<Vec<_>>()
    );
}

#[test]
fn placement_title_and_lead() {
    let sc = score(
        "Bà Phạm Thị Mai nhận giải",
        "Bà Phạm Thị Mai được vinh danh hôm qua.\nÔng Lê Văn Nam, Chủ tịch UBND huyện, trao giải.",
    );
    let mai = person(&sc, "Phạm Thị Mai");
    assert!(mai.in_title && mai.in_sapo);
    let nam = person(&sc, "Lê Văn Nam");
    assert!(!nam.in_title && !nam.in_sapo);
    assert!(sc.indicators.i14_women_central);
    assert_eq!(sc.indicators.i15_prominent.female, 1);
}

#[test]
fn tone_placement_variants_are_the_same_person() {
    let sc = score(
        "Tin",
        "Bà Nguyễn Thị Thủy phát biểu khai mạc. Bà Thuỷ nhấn mạnh vai trò của ngành.",
    );
    assert_eq!(
        sc.people.len(),
        1,
        "{:?}",
        sc.people.iter().map(|p| &p.name).collect::<Vec<_>>()
    );
}

#[test]
fn byline_gender_is_i18() {
    let sc = engine().score(&Article {
        id: "b".into(),
        title: "Tin".into(),
        text: "Nội dung bài viết.\nNguyễn Thị Hồng".into(),
        ..Default::default()
    });
    assert_eq!(sc.indicators.i18_author_gender, Gender::Female);
}
