//! Shared by the web tests: a real server on 127.0.0.1:0 over a real tantivy index, either
//!
//! - [`fixture`]: a small scored data set written for these tests (fictional outlets and
//!   people) and upserted into a new index, so the numbers the tests assert are known exactly
//!   (the engine is tested in its own area; spans are found in the article's real analysis
//!   text); or
//! - [`demo_state`]: the demo corpus (`corpus/demo`) scanned by the real pipeline and scored by
//!   the real engine, as `chisogioi serve` does without `--index`.
#![allow(dead_code)]

use chisogioi::indicators::Engine;
use chisogioi::model::*;
use chisogioi::web::backend::{DataSet, Record};
use chisogioi::web::{AppState, DEFAULT_MAX_BODY, Server};
use std::sync::Arc;

pub struct P<'a> {
    pub name: &'a str,
    pub gender: Gender,
    pub role: Role,
    pub quoted: bool,
}

pub fn p(name: &str, gender: Gender, role: Role, quoted: bool) -> P<'_> {
    P {
        name,
        gender,
        role,
        quoted,
    }
}

pub fn outlet(id: &str, name: &str, kind: OutletType, province: &str) -> Outlet {
    Outlet {
        id: id.into(),
        name: name.into(),
        kind,
        province: Some(province.into()),
        home: format!("https://{id}.example/"),
        ..Default::default()
    }
}

/// Build one record; `flags` are (category, words as written in the text).
#[allow(clippy::too_many_arguments)]
pub fn record(
    id: &str,
    o: &Outlet,
    date: &str,
    title: &str,
    sapo: &str,
    text: &str,
    people: &[P],
    flags: &[(&str, &str)],
    ge: bool,
) -> Record {
    let article = Article {
        id: id.into(),
        outlet: Some(o.id.clone()),
        url: Some(format!("https://{}.example/{id}.html", o.id)),
        title: title.into(),
        sapo: sapo.into(),
        text: text.into(),
        date: Some(date.into()),
        ..Default::default()
    };
    let (analysis, _) = article.analysis_text();
    let mut ind = Indicators::default();
    let mut persons = Vec::new();
    let mut quotes = Vec::new();
    for (i, x) in people.iter().enumerate() {
        ind.i01_people.add(x.gender);
        let start = analysis.find(x.name).unwrap_or(0);
        let span = Span::new(start, start + x.name.len());
        persons.push(Person {
            id: format!("p{}", i + 1),
            name: x.name.into(),
            gender: x.gender,
            evidence: GenderEvidence::Honorific,
            evidence_text: None,
            role: x.role,
            title: None,
            occupation: None,
            mentions: vec![span],
            in_title: false,
            in_sapo: false,
            in_caption: false,
            is_author: false,
            family_words: vec![],
            appearance_words: vec![],
            victim: false,
            survivor: false,
        });
        if x.quoted {
            ind.i02_sources.add(x.gender);
            quotes.push(Quote {
                span,
                direct: true,
                verb: Some("nói".into()),
                speaker_kind: SpeakerKind::Person,
                speaker: Some(format!("p{}", i + 1)),
                organisation: None,
                syllables: 10,
            });
        }
    }
    let flags = flags
        .iter()
        .map(|(cat, words)| {
            let start = analysis
                .find(words)
                .unwrap_or_else(|| panic!("fixture: {words:?} not in {id}"));
            Flag {
                rule: format!("{cat}-{}", words.replace(' ', "-")),
                category: cat.to_string(),
                span: Span::new(start, start + words.len()),
                text: words.to_string(),
                stance: Stance::Endorsed,
                severity: Severity::Warning,
                target: Gender::Female,
                explanation_vi: format!("“{words}” gán phụ nữ vào khuôn mẫu giới."),
                explanation_en: format!("“{words}” casts women in a gender stereotype."),
                suggestions: vec!["mô tả năng lực cụ thể".into()],
                person: None,
            }
        })
        .collect();
    ind.i17_ge_topic = ge;
    let compliant = ind.i02_sources.female > 0;
    Record {
        scorecard: Scorecard {
            article_id: id.into(),
            syllables: analysis.split_whitespace().count(),
            people: persons,
            quotes,
            flags,
            indicators: ind,
            compliant,
            ..Default::default()
        },
        article,
        outlet: o.clone(),
    }
}

pub const PROVINCE_LAM: &str = "Tỉnh Lam (hư cấu)";
pub const PROVINCE_VAN: &str = "Vân Lĩnh (hư cấu)";
pub const HOSTILE_TITLE: &str =
    "<img src=x onerror=\"window.__pwned=1\"> Hội thảo \"bình đẳng\" & 'giới'";

/// Three fictional outlets over two months.
///
/// Báo Lam (provincial press, Tỉnh Lam): 2025-09 sources F1 M2, 2025-10 sources F2 M1;
/// one flagged article (STEREO "đảm đang") in 2025-09.
/// Đài Vân Lĩnh (broadcaster, Vân Lĩnh): only men as sources, a GE item in 2025-09 only
/// (monthly column quota not met).
/// Cổng xã Phù Thượng (commune portal, Tỉnh Lam): 4 GE items in Q3 → quota met.
pub fn fixture() -> Vec<Record> {
    use Gender::*;
    use Role::*;
    let lam = outlet(
        "baolam",
        "Báo Lam (hư cấu)",
        OutletType::ProvincialPress,
        PROVINCE_LAM,
    );
    let van = outlet(
        "daivanlinh",
        "Đài PT-TH Vân Lĩnh (hư cấu)",
        OutletType::Broadcaster,
        PROVINCE_VAN,
    );
    let xa = outlet(
        "xaphuthuong",
        "Cổng thông tin xã Phù Thượng (hư cấu)",
        OutletType::CommunePortal,
        PROVINCE_LAM,
    );
    let mut v = vec![
        record(
            "baolam-1",
            &lam,
            "2025-09-05",
            "Nữ doanh nhân đảm đang vực dậy hợp tác xã chè",
            "Hợp tác xã chè Lam Sơn (hư cấu) có doanh thu tăng gấp đôi sau hai năm.",
            "Bà Hoàng Thị Mai, Giám đốc hợp tác xã, nói: “Chúng tôi đầu tư máy sấy mới.”\nÔng Lê Văn Tùng, cán bộ khuyến nông, cho biết sản lượng tăng 30%.\nÔng Đỗ Văn Hải, xã viên, nói giá chè ổn định.",
            &[
                p("Hoàng Thị Mai", Female, Expert, true),
                p("Lê Văn Tùng", Male, Official, true),
                p("Đỗ Văn Hải", Male, Citizen, true),
            ],
            &[("STEREO", "đảm đang")],
            false,
        ),
        record(
            "baolam-2",
            &lam,
            "2025-10-12",
            "Phụ nữ khởi nghiệp từ nông sản sạch",
            "Ba phụ nữ ở huyện Lam Hà (hư cấu) kể về con đường làm nông nghiệp hữu cơ.",
            "Chị Trần Thị Hoa nói: “Tôi bắt đầu với hai sào rau.”\nChị Vũ Thị Lan cho biết đã có hợp đồng với siêu thị.\nÔng Phan Văn Bình, Phó Chủ tịch huyện, nói huyện sẽ hỗ trợ vốn vay.",
            &[
                p("Trần Thị Hoa", Female, Citizen, true),
                p("Vũ Thị Lan", Female, Citizen, true),
                p("Phan Văn Bình", Male, Official, true),
            ],
            &[],
            true,
        ),
        record(
            "baolam-3",
            &lam,
            "2025-10-20",
            HOSTILE_TITLE,
            "Tiêu đề của bài này chứa mã HTML để kiểm tra việc thoát ký tự.",
            "Nội dung hội thảo về bình đẳng giới trong doanh nghiệp.",
            &[],
            &[],
            true,
        ),
        record(
            "daivanlinh-1",
            &van,
            "2025-09-10",
            "Chuyên mục Bình đẳng giới: chia sẻ việc nhà",
            "Chuyên mục tháng Chín bàn về chia sẻ việc nhà giữa vợ và chồng.",
            "Ông Ngô Văn Khải, chuyên gia xã hội học, nói việc nhà cần được chia đều.",
            &[p("Ngô Văn Khải", Male, Expert, true)],
            &[],
            true,
        ),
        record(
            "daivanlinh-2",
            &van,
            "2025-10-03",
            "Mùa lúa mới ở Vân Lĩnh",
            "Nông dân Vân Lĩnh (hư cấu) bước vào vụ gặt.",
            "Ông Lý Văn Sơn, Giám đốc Sở Nông nghiệp, nói năng suất đạt 6 tấn một héc-ta. Các bà nội trợ chân yếu tay mềm lo nấu cơm cho thợ gặt.",
            &[p("Lý Văn Sơn", Male, Official, true)],
            &[("STEREO", "chân yếu tay mềm")],
            false,
        ),
    ];
    for (i, day) in ["2025-07-02", "2025-08-06", "2025-09-03", "2025-09-21"]
        .iter()
        .enumerate()
    {
        v.push(record(
            &format!("xaphuthuong-{}", i + 1),
            &xa,
            day,
            &format!("Tuyên truyền Luật Bình đẳng giới tại thôn {}", i + 1),
            "Hội Liên hiệp Phụ nữ xã tổ chức buổi nói chuyện.",
            "Bà Đinh Thị Nga, Chủ tịch Hội Phụ nữ xã, nói: “Bình đẳng giới bắt đầu từ gia đình.”",
            &[p("Đinh Thị Nga", Female, Official, true)],
            &[],
            true,
        ));
    }
    v
}

pub fn state(token: Option<&str>) -> Arc<AppState> {
    let mut st = AppState::new(
        Engine::load_default().expect("engine"),
        DataSet::from_records(fixture(), vec![], "test fixture").expect("fixture index"),
    );
    st.token = token.map(str::to_string);
    Arc::new(st)
}

/// The demo corpus scanned into a temporary index by the real pipeline.
pub fn demo_state(token: Option<&str>) -> Arc<AppState> {
    let engine = Engine::load_default().expect("engine");
    let corpus = chisogioi::web::backend::find_demo_corpus().expect("corpus/demo");
    let data = DataSet::demo(
        &engine,
        &corpus,
        chisogioi::report::ReportConfig::load(None).expect("report configuration"),
    )
    .expect("demo index");
    let mut st = AppState::new(engine, data);
    st.token = token.map(str::to_string);
    Arc::new(st)
}

pub async fn start(token: Option<&str>) -> Server {
    start_with(state(token), DEFAULT_MAX_BODY).await
}

pub async fn start_with(state: Arc<AppState>, max_body: usize) -> Server {
    Server::start(state, "127.0.0.1:0".parse().unwrap(), max_body)
        .await
        .expect("server starts")
}

/// Whether the indicator engine in this build is the placeholder that flags nothing.
/// (The real engine records its version in every scorecard.)
pub fn engine_is_placeholder() -> bool {
    let e = Engine::load_default().expect("engine");
    let sc = e.score(&chisogioi::web::backend::draft_article(DRAFT));
    sc.versions.engine.is_empty() && sc.flags.is_empty()
}

/// A draft written for the tests (fictional people): stereotype wording in the author's voice
/// and a direct quote from a woman and a man.
pub const DRAFT: &str = "Nữ giám đốc xinh đẹp, đảm đang việc nhà\n\
Chị Nguyễn Thị Hạnh, Giám đốc Công ty Thuỷ sản Bình Lam (hư cấu), là người phụ nữ đảm đang, chân yếu tay mềm nhưng vẫn gánh vác công ty.\n\
Chị Hạnh nói: “Chúng tôi xuất khẩu được 300 tấn tôm trong năm nay.”\n\
Ông Trần Văn Quang, Chủ tịch Hiệp hội Thuỷ sản tỉnh (hư cấu), cho biết: “Doanh nghiệp của chị Hạnh đứng đầu tỉnh về kim ngạch.”";
