//! Shared test data for the index, report and scan tests: realistic Vietnamese articles with
//! scorecards built by hand (the real input the index receives from the indicator engine).
#![allow(dead_code)]

use chisogioi::model::{
    Article, Flag, Gender, GenderEvidence, Outlet, OutletType, Person, Quote, Role, Scorecard,
    Severity, Span, SpeakerKind, Stance, Topics, Versions,
};

pub fn outlets() -> Vec<Outlet> {
    let o = |id: &str, name: &str, kind: OutletType, province: &str| Outlet {
        id: id.into(),
        name: name.into(),
        kind,
        province: Some(province.into()),
        home: format!("https://{id}.example/"),
        ..Default::default()
    };
    vec![
        o(
            "xa-binhminh",
            "Cổng thông tin xã Bình Minh (hư cấu)",
            OutletType::CommunePortal,
            "Hải Lam (hư cấu)",
        ),
        o(
            "ptth-hailam",
            "Đài PT-TH Hải Lam (hư cấu)",
            OutletType::Broadcaster,
            "Hải Lam (hư cấu)",
        ),
        o(
            "nhatbao-sao",
            "Nhật báo Sao Mai (hư cấu)",
            OutletType::NationalPress,
            "Hà Nội",
        ),
    ]
}

/// A person with honorific evidence, mentioned once at `at`.
pub fn person(id: &str, name: &str, g: Gender, role: Role, at: usize) -> Person {
    Person {
        id: id.into(),
        name: name.into(),
        gender: g,
        evidence: if g == Gender::Unknown {
            GenderEvidence::None
        } else {
            GenderEvidence::Honorific
        },
        evidence_text: match g {
            Gender::Female => Some("bà".into()),
            Gender::Male => Some("ông".into()),
            Gender::Unknown => None,
        },
        role,
        title: None,
        occupation: Some(match role {
            Role::Expert => "science_health".into(),
            Role::Official => "government".into(),
            _ => "agriculture".into(),
        }),
        mentions: vec![Span::new(at, at + name.len())],
        in_title: false,
        in_sapo: false,
        in_caption: false,
        is_author: false,
        family_words: vec![],
        appearance_words: vec![],
        victim: false,
        survivor: false,
    }
}

pub fn quote(speaker: &str, text: &str, at: usize, direct: bool) -> Quote {
    Quote {
        span: Span::new(at, at + text.len()),
        direct,
        verb: Some(if direct { "nói" } else { "cho biết" }.into()),
        speaker_kind: SpeakerKind::Person,
        speaker: Some(speaker.into()),
        organisation: None,
        syllables: text.split_whitespace().count(),
    }
}

/// Article `n` of `outlet` on `date` (YYYY-MM-DD), with a body naming a woman and a man.
pub fn article(outlet: &str, n: usize, date: &str, title: &str) -> Article {
    Article {
        id: format!("{outlet}-{n}"),
        outlet: Some(outlet.into()),
        url: Some(format!("https://{outlet}.example/tin-tuc/bai-{n}.html")),
        title: title.into(),
        sapo: "Sáng nay, tại hội trường UBND xã, hội nghị tổng kết công tác năm đã diễn ra.".into(),
        text: "Bà Nguyễn Thị Hòa, Chủ tịch Hội Liên hiệp Phụ nữ xã, cho biết năm nay có thêm 40 hộ thoát nghèo. \
“Chị em đã mạnh dạn vay vốn để chăn nuôi”, bà Hòa nói.\n\
Ông Trần Văn Nam, trưởng thôn Đông, cho rằng phong trào phụ nữ chỉ lo bếp núc đã lỗi thời."
            .into(),
        author: Some("Lê Thị Thu".into()),
        date: Some(format!("{date}T08:00:00+07:00")),
        section: Some("Xã hội".into()),
        ..Default::default()
    }
}

/// A scorecard consistent with [`article`]'s text; `woman_source` decides whether the woman
/// is quoted, `ge` whether it is a gender-equality item, `flag` adds an endorsed error flag.
pub fn scorecard(a: &Article, woman_source: bool, ge: bool, flag: Option<Severity>) -> Scorecard {
    let (text, _) = a.analysis_text();
    let at = |needle: &str| text.find(needle).unwrap_or(0);
    let mut people = vec![
        person(
            "p1",
            "Nguyễn Thị Hòa",
            Gender::Female,
            Role::Official,
            at("Nguyễn Thị Hòa"),
        ),
        person(
            "p2",
            "Trần Văn Nam",
            Gender::Male,
            Role::Citizen,
            at("Trần Văn Nam"),
        ),
    ];
    people[0].family_words = if ge { vec![] } else { vec!["mẹ".into()] };
    let mut quotes = vec![quote(
        "p2",
        "phong trào phụ nữ chỉ lo bếp núc đã lỗi thời",
        at("phong trào"),
        false,
    )];
    if woman_source {
        quotes.push(quote(
            "p1",
            "Chị em đã mạnh dạn vay vốn để chăn nuôi",
            at("Chị em"),
            true,
        ));
    }
    let mut flags = Vec::new();
    if let Some(sev) = flag {
        let s = at("chỉ lo bếp núc");
        flags.push(Flag {
            rule: "STEREO-007".into(),
            category: "STEREO".into(),
            span: Span::new(s, s + "chỉ lo bếp núc".len()),
            text: "chỉ lo bếp núc".into(),
            stance: Stance::Endorsed,
            severity: sev,
            target: Gender::Female,
            explanation_vi: "Gán phụ nữ với việc bếp núc là khuôn mẫu giới.".into(),
            explanation_en: "Tying women to cooking is a gender stereotype.".into(),
            suggestions: vec!["chia sẻ việc nhà".into()],
            person: None,
        });
    }
    let mut sc = Scorecard {
        article_id: a.id.clone(),
        versions: Versions {
            indicator_set: "test-1".into(),
            lexicons: [("stereo".to_string(), "test-1".to_string())]
                .into_iter()
                .collect(),
            engine: "handmade".into(),
        },
        syllables: text.split_whitespace().count(),
        people,
        quotes,
        flags,
        topics: Topics {
            domains: vec!["gia đình".into()],
            ge_topic: ge.then(|| "strong".into()),
            gbv: false,
            policy_reference: ge,
            policies: if ge {
                vec!["Luật Bình đẳng giới".into()]
            } else {
                vec![]
            },
        },
        ..Default::default()
    };
    chisogioi::index::bench::compute_indicators(&mut sc, a);
    sc
}

/// The standard test corpus: (article, outlet, scorecard), 2024-09 … 2024-12.
///
/// - xa-binhminh (commune portal): 5 GE items in Q4 (quota met), 1 in Q3;
/// - ptth-hailam (broadcaster): GE items in October and December, none in November;
/// - nhatbao-sao (national press): no woman source, endorsed error flags.
pub fn corpus() -> Vec<(Article, Outlet, Scorecard)> {
    let os = outlets();
    let by = |id: &str| os.iter().find(|o| o.id == id).unwrap().clone();
    let mut v = Vec::new();
    let mut push = |outlet: &str,
                    n: usize,
                    date: &str,
                    title: &str,
                    ws: bool,
                    ge: bool,
                    flag: Option<Severity>| {
        let a = article(outlet, n, date, title);
        let sc = scorecard(&a, ws, ge, flag);
        v.push((a, by(outlet), sc));
    };
    push(
        "xa-binhminh",
        1,
        "2024-09-12",
        "Hội Phụ nữ xã Bình Minh ra mắt tổ vay vốn",
        true,
        true,
        None,
    );
    push(
        "xa-binhminh",
        2,
        "2024-10-08",
        "Tuyên truyền Luật Bình đẳng giới tại thôn Đông",
        true,
        true,
        None,
    );
    push(
        "xa-binhminh",
        3,
        "2024-10-20",
        "Xã Bình Minh gặp mặt nhân Ngày Phụ nữ Việt Nam 20/10",
        true,
        true,
        None,
    );
    push(
        "xa-binhminh",
        4,
        "2024-11-18",
        "Tháng hành động vì bình đẳng giới ở Bình Minh",
        true,
        true,
        None,
    );
    push(
        "xa-binhminh",
        5,
        "2024-11-25",
        "Phòng chống bạo lực gia đình: địa chỉ tin cậy",
        true,
        true,
        None,
    );
    push(
        "xa-binhminh",
        6,
        "2024-12-05",
        "Nữ trưởng thôn đầu tiên của xã",
        true,
        true,
        None,
    );
    push(
        "xa-binhminh",
        7,
        "2024-12-20",
        "Xã Bình Minh sửa đường liên thôn",
        false,
        false,
        None,
    );
    push(
        "ptth-hailam",
        1,
        "2024-10-09",
        "Chuyên mục Giới và phát triển tháng 10",
        true,
        true,
        None,
    );
    push(
        "ptth-hailam",
        2,
        "2024-11-03",
        "Bản tin nông nghiệp: thu hoạch lúa mùa",
        false,
        false,
        Some(Severity::Warning),
    );
    push(
        "ptth-hailam",
        3,
        "2024-12-10",
        "Chuyên mục Giới và phát triển tháng 12",
        true,
        true,
        None,
    );
    push(
        "nhatbao-sao",
        1,
        "2024-09-30",
        "Giá lúa tăng, nông dân phấn khởi",
        false,
        false,
        None,
    );
    push(
        "nhatbao-sao",
        2,
        "2024-10-15",
        "Bí quyết giữ lửa hôn nhân",
        false,
        false,
        Some(Severity::Error),
    );
    push(
        "nhatbao-sao",
        3,
        "2024-11-22",
        "Phái đẹp và chuyện bếp núc ngày Tết",
        false,
        false,
        Some(Severity::Error),
    );
    push(
        "nhatbao-sao",
        4,
        "2024-12-01",
        "Doanh nghiệp nhỏ vay vốn dễ hơn",
        true,
        false,
        None,
    );
    v
}

/// Index the corpus into `dir` and return the upsert statistics.
pub fn build_index(dir: &std::path::Path) -> chisogioi::index::UpsertStats {
    let mut st = chisogioi::index::IndexStore::open(dir, 50_000_000).unwrap();
    for (a, o, sc) in corpus() {
        st.upsert(&a, &o, &sc).unwrap();
    }
    st.finish().unwrap()
}
