//! Synthetic corpora for `chisogioi bench index` and the scan memory measurement.
//!
//! Scorecards are generated person by person (gender, role, quotes, family and appearance
//! words, flags with stances) and the indicators are then *computed* from them, so the
//! numbers the index aggregates are as internally consistent as real ones, with realistic
//! proportions (about a quarter of people women, a tenth unknown). Everything is
//! deterministic from the article number, so a benchmark index can be rebuilt exactly.

use crate::model::{
    Article, Flag, Gender, GenderEvidence, Outlet, OutletType, Person, Quote, Role, Scorecard,
    Severity, Span, SpeakerKind, Stance, Topics, Versions,
};

/// splitmix64: a tiny, well-mixed deterministic generator (no dependency needed).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 > 1.0 - p
    }
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }
}

const SYLLABLES: &[&str] = &[
    "người",
    "dân",
    "xã",
    "huyện",
    "tỉnh",
    "phụ",
    "nữ",
    "nam",
    "giới",
    "bình",
    "đẳng",
    "cán",
    "bộ",
    "chủ",
    "tịch",
    "hội",
    "đồng",
    "nhân",
    "kinh",
    "tế",
    "giáo",
    "dục",
    "y",
    "học",
    "sinh",
    "viên",
    "công",
    "nhân",
    "nông",
    "dân",
    "doanh",
    "nghiệp",
    "phát",
    "triển",
    "chính",
    "sách",
    "lao",
    "động",
    "việc",
    "làm",
    "gia",
    "đình",
    "trẻ",
    "em",
    "mẹ",
    "con",
    "sức",
    "khỏe",
    "bệnh",
    "viện",
    "thôn",
    "bản",
    "miền",
    "núi",
    "hợp",
    "tác",
    "sản",
    "xuất",
    "thu",
    "nhập",
    "vay",
    "vốn",
    "tín",
    "dụng",
    "hướng",
    "dẫn",
    "tập",
    "huấn",
    "kỹ",
    "thuật",
    "mô",
    "hình",
    "hiệu",
    "quả",
    "năm",
    "nay",
    "tháng",
    "ngày",
    "cho",
    "biết",
    "theo",
    "ông",
    "bà",
    "chị",
    "anh",
    "được",
    "đã",
    "đang",
    "sẽ",
    "những",
    "các",
    "một",
    "nhiều",
    "trong",
    "với",
    "tại",
    "về",
    "và",
    "của",
    "là",
    "có",
    "không",
    "này",
    "đó",
    "khi",
    "để",
    "thì",
    "còn",
    "cũng",
    "rất",
    "hơn",
    "nhất",
    "mới",
    "cao",
    "thấp",
    "tăng",
    "giảm",
    "đạt",
    "kế",
    "hoạch",
    "mục",
    "tiêu",
    "chỉ",
    "số",
    "truyền",
    "thông",
    "báo",
    "chí",
    "phóng",
    "viên",
    "bạo",
    "lực",
    "phòng",
    "chống",
    "quyền",
    "lợi",
    "vai",
    "trò",
    "lãnh",
    "đạo",
    "quản",
    "lý",
    "khoa",
    "thể",
    "thao",
    "văn",
    "hóa",
    "du",
    "lịch",
    "môi",
    "trường",
    "nước",
    "sạch",
];

const SURNAMES: &[&str] = &["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"];
const FEMALE_GIVEN: &[&str] = &["Lan", "Hoa", "Mai", "Hương", "Thảo", "Ngọc", "Hằng", "Yến"];
const MALE_GIVEN: &[&str] = &[
    "Minh", "Hùng", "Dũng", "Tuấn", "Nam", "Sơn", "Quang", "Long",
];
const OCCUPATIONS: &[&str] = &[
    "government",
    "science_health",
    "education",
    "business",
    "agriculture",
    "worker",
    "homemaker",
    "police_military",
    "sport",
    "media",
];
const DOMAINS: &[&str] = &[
    "chính trị",
    "kinh tế",
    "lao động – việc làm",
    "giáo dục – đào tạo",
    "khoa học – công nghệ",
    "văn hóa, thông tin, thể dục, thể thao",
    "y tế",
    "gia đình",
];
const PROVINCES: &[&str] = &[
    "Hà Nội",
    "TP Hồ Chí Minh",
    "Đà Nẵng",
    "Hải Phòng",
    "Cần Thơ",
    "Nghệ An",
    "Thanh Hóa",
    "Bắc Ninh",
    "Lào Cai",
    "Đắk Lắk",
    "Quảng Ninh",
    "An Giang",
];
const FLAG_CATS: &[(&str, &str)] = &[
    ("STEREO", "STEREO-"),
    ("BENEVOLENT", "BENEV-"),
    ("APPEAR", "APPEAR-"),
    ("DEROG", "DEROG-"),
    ("GMARK", "GMARK-"),
    ("FAMILY", "FAMILY-"),
    ("GBV", "GBV-"),
];

/// `n` fictional outlets of all types, spread over provinces.
pub fn synthetic_outlets(n: usize) -> Vec<Outlet> {
    let types = [
        OutletType::NationalPress,
        OutletType::ProvincialPress,
        OutletType::Broadcaster,
        OutletType::MediaCentre,
        OutletType::GovernmentPortal,
        OutletType::CommunePortal,
        OutletType::Magazine,
    ];
    (0..n.max(1))
        .map(|i| Outlet {
            id: format!("synth-{i:03}"),
            name: format!("Báo Thử Nghiệm số {i}"),
            kind: types[i % types.len()],
            province: Some(PROVINCES[i % PROVINCES.len()].to_string()),
            home: format!("https://synth-{i:03}.example.vn/"),
            ..Default::default()
        })
        .collect()
}

fn words(r: &mut Rng, n: usize) -> String {
    let mut s = String::with_capacity(n * 5);
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(r.pick(SYLLABLES));
        if i % 17 == 16 {
            s.push('.');
        }
    }
    s
}

/// Article number `i` of a synthetic corpus over `outlets`, dated 2023-01-01 … 2024-12-31.
/// When `texts` is given, title/sapo/body are cycled from it instead of generated.
pub fn synthetic_article(
    i: u64,
    outlets: &[Outlet],
    texts: Option<&[(String, String, String)]>,
) -> Article {
    let mut r = Rng::new(i.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0xC0FFEE);
    let o = &outlets[r.below(outlets.len() as u64) as usize];
    let day = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).expect("date")
        + chrono::Days::new(r.below(731));
    let (title, sapo, text) = match texts {
        Some(t) if !t.is_empty() => t[(i as usize) % t.len()].clone(),
        _ => {
            let body_len = 250 + r.below(350) as usize;
            (
                words(&mut r, 12),
                words(&mut r, 30),
                words(&mut r, body_len),
            )
        }
    };
    Article {
        id: format!("{}-{i}", o.id),
        outlet: Some(o.id.clone()),
        url: Some(format!("{}bai-viet/{i}.html", o.home)),
        title,
        sapo,
        text,
        author: Some(format!(
            "{} {}",
            r.pick(SURNAMES),
            if r.chance(0.5) {
                r.pick(FEMALE_GIVEN)
            } else {
                r.pick(MALE_GIVEN)
            }
        )),
        date: Some(format!("{}T08:30:00+07:00", day.format("%Y-%m-%d"))),
        section: Some(r.pick(DOMAINS).to_string()),
        ..Default::default()
    }
}

/// A realistic random scorecard for `a` (deterministic from the article id).
pub fn synthetic_scorecard(a: &Article) -> Scorecard {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(a.id.as_bytes());
    let mut r = Rng::new(u64::from_le_bytes(d[..8].try_into().expect("8")));
    let syllables = (a.title.len() + a.sapo.len() + a.text.len()) / 5;
    let n_people = r.below(8) as usize;
    let mut people = Vec::new();
    let mut quotes = Vec::new();
    let mut flags = Vec::new();
    for p in 0..n_people {
        let gender = match r.below(100) {
            0..=26 => Gender::Female,
            27..=89 => Gender::Male,
            _ => Gender::Unknown,
        };
        let given = match gender {
            Gender::Female => r.pick(FEMALE_GIVEN),
            _ => r.pick(MALE_GIVEN),
        };
        let role = r.pick(&[
            Role::Official,
            Role::Official,
            Role::Expert,
            Role::Citizen,
            Role::Subject,
            Role::Other,
        ]);
        let start = r.below(syllables.max(1) as u64) as usize;
        let person = Person {
            id: format!("p{}", p + 1),
            name: format!("{} {}", r.pick(SURNAMES), given),
            gender,
            evidence: if gender == Gender::Unknown {
                GenderEvidence::None
            } else {
                GenderEvidence::Honorific
            },
            evidence_text: None,
            role,
            title: None,
            occupation: Some(r.pick(OCCUPATIONS).to_string()),
            mentions: vec![Span::new(start, start + 8)],
            in_title: r.chance(0.15),
            in_sapo: r.chance(0.25),
            in_caption: r.chance(0.1),
            is_author: false,
            family_words: if r.chance(if gender == Gender::Female { 0.15 } else { 0.05 }) {
                vec!["mẹ".into()]
            } else {
                vec![]
            },
            appearance_words: if r.chance(if gender == Gender::Female { 0.08 } else { 0.02 }) {
                vec!["xinh đẹp".into()]
            } else {
                vec![]
            },
            victim: r.chance(0.03),
            survivor: r.chance(0.01),
        };
        if r.chance(0.6) {
            for _ in 0..=r.below(2) {
                let s = r.below(syllables.max(1) as u64) as usize;
                quotes.push(Quote {
                    span: Span::new(s, s + 40),
                    direct: r.chance(0.5),
                    verb: Some("cho biết".into()),
                    speaker_kind: SpeakerKind::Person,
                    speaker: Some(person.id.clone()),
                    organisation: None,
                    syllables: 5 + r.below(60) as usize,
                });
            }
        }
        people.push(person);
    }
    for _ in 0..r.below(4).saturating_sub(1) {
        let (cat, prefix) = r.pick(FLAG_CATS);
        let s = r.below(syllables.max(1) as u64) as usize;
        flags.push(Flag {
            rule: format!("{prefix}{:03}", r.below(40)),
            category: cat.into(),
            span: Span::new(s, s + 10),
            text: "phái yếu".into(),
            stance: r.pick(&[
                Stance::Endorsed,
                Stance::Endorsed,
                Stance::Quoted,
                Stance::Critiqued,
            ]),
            severity: r.pick(&[Severity::Info, Severity::Warning, Severity::Error]),
            target: Gender::Female,
            explanation_vi: "Cách gọi phụ nữ theo khuôn mẫu giới.".into(),
            explanation_en: "A stereotyped way of naming women.".into(),
            suggestions: vec!["phụ nữ".into()],
            person: None,
        });
    }
    let ge = r.chance(0.06);
    let topics = Topics {
        domains: vec![r.pick(DOMAINS).to_string()],
        ge_topic: if ge {
            Some(if r.chance(0.6) { "strong" } else { "weak" }.into())
        } else {
            None
        },
        gbv: ge && r.chance(0.3),
        policy_reference: ge && r.chance(0.5),
        policies: vec![],
    };
    let mut sc = Scorecard {
        article_id: a.id.clone(),
        versions: Versions {
            indicator_set: "synthetic-1".into(),
            lexicons: [("stereotypes".to_string(), "synthetic-1".to_string())]
                .into_iter()
                .collect(),
            engine: "synthetic".into(),
        },
        syllables,
        people,
        quotes,
        flags,
        topics,
        ..Default::default()
    };
    compute_indicators(&mut sc, a);
    sc
}

/// Fill `sc.indicators`, `compliant` and `violations` from people, quotes, flags and topics
/// with the spec's definitions (a reference implementation for synthetic data and tests).
pub fn compute_indicators(sc: &mut Scorecard, a: &Article) {
    let _ = a;
    let ind = &mut sc.indicators;
    *ind = Default::default();
    let mut direct_speakers = std::collections::HashSet::new();
    let mut speakers = std::collections::HashSet::new();
    for q in &sc.quotes {
        if let Some(s) = &q.speaker {
            speakers.insert(s.clone());
            if q.direct {
                direct_speakers.insert(s.clone());
            }
        }
    }
    let central = sc
        .people
        .iter()
        .max_by_key(|p| {
            (
                p.mentions.len(),
                p.in_title,
                std::cmp::Reverse(p.id.clone()),
            )
        })
        .map(|p| p.id.clone());
    for p in &sc.people {
        ind.i01_people.add(p.gender);
        let src = speakers.contains(&p.id);
        if src {
            ind.i02_sources.add(p.gender);
            if direct_speakers.contains(&p.id) {
                ind.i03_direct_sources.add(p.gender);
            }
            match p.role {
                Role::Expert => ind.i05_expert_sources.add(p.gender),
                Role::Official => ind.i06_official_sources.add(p.gender),
                Role::Citizen => ind.i07_citizen_sources.add(p.gender),
                _ => {}
            }
            if central.as_deref() != Some(p.id.as_str()) {
                ind.i19_chosen_sources.add(p.gender);
            }
        }
        if let Some(o) = &p.occupation {
            ind.i08_occupations
                .entry(o.clone())
                .or_default()
                .add(p.gender);
        }
        if !p.family_words.is_empty() {
            ind.i09_family.add(p.gender);
        }
        if !p.appearance_words.is_empty() {
            ind.i10_appearance.add(p.gender);
        }
        if p.victim {
            ind.i11_victim.add(p.gender);
        }
        if p.survivor {
            ind.i11_survivor.add(p.gender);
        }
        if p.in_title || p.in_sapo || p.in_caption {
            ind.i15_prominent.add(p.gender);
        }
    }
    for q in &sc.quotes {
        let g = q
            .speaker
            .as_deref()
            .and_then(|s| sc.people.iter().find(|p| p.id == s))
            .map(|p| p.gender)
            .unwrap_or(Gender::Unknown);
        match g {
            Gender::Female => ind.i04_quoted_syllables.female += q.syllables as u32,
            Gender::Male => ind.i04_quoted_syllables.male += q.syllables as u32,
            Gender::Unknown => ind.i04_quoted_syllables.unknown += q.syllables as u32,
        }
    }
    for f in sc.flags.iter().filter(|f| f.stance == Stance::Endorsed) {
        *ind.i12_hits.entry(f.category.clone()).or_insert(0) += 1;
        if f.category == "GMARK" {
            match f.target {
                Gender::Male => ind.i13_marked_male += 1,
                _ => ind.i13_marked_female += 1,
            }
        }
    }
    if sc.syllables > 0 {
        for (k, v) in &ind.i12_hits {
            ind.i12_density
                .insert(k.clone(), *v as f64 * 1000.0 / sc.syllables as f64);
        }
    }
    ind.i14_women_central = central
        .and_then(|c| sc.people.iter().find(|p| p.id == c))
        .is_some_and(|p| p.gender == Gender::Female);
    ind.i16_policy = sc.topics.policy_reference;
    ind.i17_ge_topic = sc.topics.ge_topic.is_some() || sc.topics.gbv;
    ind.i18_author_gender = match a.author.as_deref() {
        Some(x) if FEMALE_GIVEN.iter().any(|g| x.ends_with(g)) => Gender::Female,
        Some(x) if MALE_GIVEN.iter().any(|g| x.ends_with(g)) => Gender::Male,
        _ => Gender::Unknown,
    };
    sc.violations.clear();
    if sc
        .flags
        .iter()
        .any(|f| f.stance == Stance::Endorsed && f.severity == Severity::Error)
    {
        sc.violations.push("no-endorsed-error".into());
    }
    let s = &ind.i02_sources;
    if s.female + s.male >= 2 && s.female == 0 {
        sc.violations.push("woman-source".into());
    }
    sc.compliant = sc.violations.is_empty();
}
