//! Family words (I09), appearance words (I10) and victim/survivor framing (I11) attached to
//! the person they describe, on realistic sentences, with the traps that must not count.
use chisogioi::indicators::Engine;
use chisogioi::model::{Article, Gender, Person, Scorecard};
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::load_default().expect("lexicons load"))
}

fn score(title: &str, sapo: &str, text: &str) -> Scorecard {
    engine().score(&Article {
        id: "a".into(),
        title: title.into(),
        sapo: sapo.into(),
        text: text.into(),
        ..Default::default()
    })
}

fn person<'a>(sc: &'a Scorecard, name: &str) -> &'a Person {
    sc.people
        .iter()
        .find(|p| p.name.contains(name))
        .unwrap_or_else(|| panic!("no person {name}: {:?}", sc.people))
}

#[test]
fn headline_family_and_appearance_words_describe_the_central_woman() {
    let sc = score(
        "Nữ giám đốc xinh đẹp, mẹ hai con đưa cà phê ra thế giới",
        "Sở hữu nhan sắc rạng rỡ, bà mẹ hai con Huỳnh Thị Kim Liên điều hành một công ty cà phê xuất khẩu sang 12 quốc gia.",
        "Chị Liên cho biết công ty có 80 công nhân.\nÔng Võ Minh Tâm, chồng chị, là kỹ sư xây dựng.",
    );
    let p = person(&sc, "Kim Liên");
    assert!(!p.family_words.is_empty(), "{p:?}");
    assert!(!p.appearance_words.is_empty(), "{p:?}");
    assert_eq!(sc.indicators.i09_family.female, 1);
    assert_eq!(
        sc.indicators.i09_family.male, 0,
        "the husband is not described"
    );
    assert_eq!(sc.indicators.i10_appearance.female, 1);
}

#[test]
fn male_family_frame_counts_for_men() {
    let sc = score(
        "Ông bố hai con nghỉ việc ở nhà chăm con",
        "Khi vợ được thăng chức, anh Lê Quốc Bảo xin nghỉ việc một năm để ở nhà chăm hai con nhỏ.",
        "Anh Bảo, 34 tuổi, từng là nhân viên kinh doanh.",
    );
    assert_eq!(sc.indicators.i09_family.male, 1, "{:?}", sc.people);
    assert_eq!(sc.indicators.i09_family.female, 0);
}

#[test]
fn critiqued_or_quoted_examples_describe_nobody() {
    let sc = score(
        "Nhận diện định kiến giới trong tin bài",
        "Khóa tập huấn giúp phóng viên nhận ra cách viết thiếu nhạy cảm giới.",
        "Nhà báo Lưu Thị Phương Mai, giảng viên khóa học, đưa ra những tít báo có cụm từ như “nữ giám đốc xinh đẹp”, “mẹ hai con”. Bà chỉ ra rằng không ai viết “nam giám đốc điển trai, bố hai con”.",
    );
    for p in &sc.people {
        assert!(
            p.family_words.is_empty() && p.appearance_words.is_empty(),
            "{p:?}"
        );
    }
    assert_eq!(
        sc.indicators.i09_family.female + sc.indicators.i09_family.male,
        0
    );
    assert_eq!(
        sc.indicators.i10_appearance.female + sc.indicators.i10_appearance.male,
        0
    );
}

#[test]
fn victim_is_the_object_of_the_attack_not_the_attacker_nor_the_officer() {
    let sc = score(
        "Gã đàn ông đâm trọng thương người tình",
        "Phùng Văn Tài (35 tuổi) đã mang dao đến phòng trọ rồi bỏ trốn.",
        "Theo thông tin ban đầu, Tài và chị L.T.K. có quan hệ tình cảm hơn một năm. Thời gian gần đây, chị K. muốn chấm dứt mối quan hệ.\nKhoảng 22 giờ, Tài rút dao đâm nạn nhân nhiều nhát.\nThiếu tá Hà Văn Đông, Phó Trưởng Công an phường, cho biết Tài bị bắt sau 12 giờ lẩn trốn.\nHiện nạn nhân đã qua cơn nguy kịch.",
    );
    let k = person(&sc, "K");
    assert!(k.victim, "{:?}", sc.people);
    assert!(!person(&sc, "Tài").victim);
    assert!(!person(&sc, "Hà Văn Đông").victim);
    assert_eq!(sc.indicators.i11_victim.male, 0);
}

#[test]
fn survivor_in_headline_frames_the_profiled_woman_and_generic_uses_frame_nobody() {
    let sc = score(
        "Người sống sót sau bạo lực gia đình: “Tôi đã dám lên tiếng”",
        "Sau tám năm chịu đựng, chị N.T.H. đã tìm đến địa chỉ tin cậy của xã.",
        "Luật sư Đặng Thị Hạnh cho biết luật năm 2022 đã bổ sung biện pháp cấm tiếp xúc. Bà nói: “Đổ lỗi cho nạn nhân chỉ khiến họ im lặng lâu hơn.”\nBà Trương Thị Tuyết cho rằng cách gọi “người sống sót” giúp các chị thấy sức mạnh của mình thay vì chỉ là nạn nhân.",
    );
    assert!(person(&sc, "N.T.H").survivor, "{:?}", sc.people);
    assert!(!person(&sc, "Đặng Thị Hạnh").victim);
    let t = person(&sc, "Trương Thị Tuyết");
    assert!(!t.victim && !t.survivor, "{t:?}");
    assert_eq!(sc.indicators.i11_survivor.female, 1);
    let _ = Gender::Female;
}
