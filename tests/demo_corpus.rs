//! Structural checks on the fictional demo corpus in `corpus/demo/`.
//!
//! The demo corpus is what the README's main command scans offline, so that an officer sees a
//! real report with real differences between outlets. These tests pin what
//! `corpus/demo/README.md` promises about it: it parses into the crate's own types, it is big and
//! varied enough, every outlet spans several months, the quota designs hold (one commune portal
//! meets "≥ 4 gender-equality items per quarter", the other doesn't; the broadcaster has a
//! gender-equality column every month, the media centre misses October), and each stereotype,
//! stance and trap the README lists really sits in the article and the part it names.
//!
//! They do not run the analysers: they check the corpus, not the scoring. They read only the
//! repository's own files and take well under a second.

use chisogioi::model::{Article, ItemKind, Outlet, OutletType};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

fn demo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/demo")
}

#[derive(serde::Deserialize)]
struct Registry {
    outlet: Vec<Outlet>,
}

fn outlets() -> Vec<Outlet> {
    let path = demo_dir().join("outlets.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let reg: Registry = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reg.outlet
}

/// Every article with the file it came from (file stem, 1-based line).
fn articles() -> Vec<(String, usize, Article)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(demo_dir())
        .expect("corpus/demo exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .jsonl files in corpus/demo");
    let mut out = Vec::new();
    for path in files {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let a: Article = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: not an Article: {e}", path.display(), i + 1));
            out.push((stem.clone(), i + 1, a));
        }
    }
    out
}

fn date(a: &Article) -> chrono::DateTime<chrono::FixedOffset> {
    let d = a
        .date
        .as_deref()
        .unwrap_or_else(|| panic!("{}: no date", a.id));
    chrono::DateTime::parse_from_rfc3339(d)
        .unwrap_or_else(|e| panic!("{}: date {d:?} is not RFC 3339: {e}", a.id))
}

fn month(a: &Article) -> String {
    date(a).format("%Y-%m").to_string()
}

fn quarter(a: &Article) -> String {
    use chrono::Datelike;
    let d = date(a);
    format!("{}-Q{}", d.year(), (d.month() - 1) / 3 + 1)
}

fn full_text(a: &Article) -> String {
    a.analysis_text().0
}

/// Strong gender-equality vocabulary (lexicon-sources §2.8, "S" weight). A crude stand-in for the
/// real topic classifier, used only to check that the quota designs hold in the text itself.
const GE_STRONG: &[&str] = &[
    "bình đẳng giới",
    "bạo lực gia đình",
    "bạo lực trên cơ sở giới",
    "định kiến giới",
    "khuôn mẫu giới",
    "xâm hại tình dục",
    "tảo hôn",
    "mua bán người",
    "bạo lực trực tuyến",
    "giới tính khi sinh",
];

fn is_ge_item(a: &Article) -> bool {
    let t = full_text(a).to_lowercase();
    GE_STRONG.iter().any(|g| t.contains(g))
}

#[test]
fn registry_has_six_fictional_outlets_of_distinct_types() {
    let outlets = outlets();
    assert!(outlets.len() >= 6, "only {} outlets", outlets.len());
    let ids: HashSet<_> = outlets.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids.len(), outlets.len(), "duplicate outlet ids");
    let types: BTreeSet<_> = outlets.iter().map(|o| o.kind).collect();
    assert!(
        types.len() >= 6,
        "only {} distinct outlet types: {types:?}",
        types.len()
    );
    for needed in [
        OutletType::NationalPress,
        OutletType::ProvincialPress,
        OutletType::Broadcaster,
        OutletType::MediaCentre,
        OutletType::CommunePortal,
    ] {
        assert!(types.contains(&needed), "no {} outlet", needed.as_str());
    }
    let communes = outlets
        .iter()
        .filter(|o| o.kind == OutletType::CommunePortal)
        .count();
    assert!(communes >= 2, "the commune quota needs two commune portals");
    for o in &outlets {
        assert!(
            o.name.contains("(hư cấu)"),
            "{}: name must say (hư cấu)",
            o.id
        );
        let host = url::Url::parse(&o.home)
            .unwrap_or_else(|e| panic!("{}: home {:?}: {e}", o.id, o.home))
            .host_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            host.ends_with(".example"),
            "{}: home host {host} is not fictional",
            o.id
        );
    }
}

#[test]
fn articles_parse_and_are_well_formed() {
    let outlets = outlets();
    let known: HashMap<_, _> = outlets.iter().map(|o| (o.id.as_str(), o)).collect();
    let all = articles();
    assert!(all.len() >= 60, "only {} articles", all.len());

    let mut ids = HashSet::new();
    let mut urls = HashSet::new();
    for (stem, line, a) in &all {
        let at = format!("{stem}.jsonl:{line} ({})", a.id);
        assert!(ids.insert(a.id.clone()), "{at}: duplicate id");
        let outlet = a
            .outlet
            .as_deref()
            .unwrap_or_else(|| panic!("{at}: no outlet"));
        let o = known
            .get(outlet)
            .unwrap_or_else(|| panic!("{at}: outlet {outlet:?} is not in outlets.toml"));
        assert_eq!(
            outlet, stem,
            "{at}: article filed under the wrong outlet file"
        );

        let url = a.url.as_deref().unwrap_or_else(|| panic!("{at}: no url"));
        assert!(urls.insert(url.to_owned()), "{at}: duplicate url");
        let u = url::Url::parse(url).unwrap_or_else(|e| panic!("{at}: url: {e}"));
        let home = url::Url::parse(&o.home).unwrap();
        assert_eq!(
            u.host_str(),
            home.host_str(),
            "{at}: url not on the outlet's host"
        );

        let d = date(a);
        assert_eq!(
            d.offset().local_minus_utc(),
            7 * 3600,
            "{at}: date not in +07:00"
        );

        for (part, s) in [("title", &a.title), ("sapo", &a.sapo), ("text", &a.text)] {
            assert!(!s.trim().is_empty(), "{at}: empty {part}");
            assert!(
                unicode_normalization::is_nfc(s),
                "{at}: {part} is not NFC-normalised"
            );
        }
        // Paragraphs are whole: a hard-wrapped source must not leak a line break mid-sentence.
        for p in a.text.split('\n') {
            assert!(
                p.ends_with(['.', '!', '?', '”']),
                "{at}: paragraph does not end a sentence: …{}",
                p.chars()
                    .rev()
                    .take(40)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect::<String>()
            );
        }
        // 150–450 words (syllables, as Vietnamese is written) in title + sapo + body.
        let words = [&a.title, &a.sapo, &a.text]
            .iter()
            .map(|s| s.split_whitespace().count())
            .sum::<usize>();
        assert!((150..=450).contains(&words), "{at}: {words} words");
        assert!(
            a.author.as_deref().is_some_and(|s| !s.is_empty()),
            "{at}: no byline"
        );

        // Broadcasters publish video/audio with a transcript; everyone else articles.
        if o.kind == OutletType::Broadcaster {
            assert!(
                matches!(a.kind, ItemKind::Video | ItemKind::Audio),
                "{at}: broadcaster item should be video or audio"
            );
        } else {
            assert_eq!(a.kind, ItemKind::Article, "{at}");
        }
    }

    // Every outlet publishes, in at least two months; the corpus spans at least three.
    let mut months_by_outlet: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (_, _, a) in &all {
        months_by_outlet
            .entry(a.outlet.as_deref().unwrap())
            .or_default()
            .insert(month(a));
    }
    for o in &outlets {
        let months = months_by_outlet
            .get(o.id.as_str())
            .cloned()
            .unwrap_or_default();
        assert!(months.len() >= 2, "{}: articles in only {months:?}", o.id);
    }
    let months: BTreeSet<String> = all.iter().map(|(_, _, a)| month(a)).collect();
    assert!(months.len() >= 3, "only months {months:?}");
}

#[test]
fn peak_periods_are_covered() {
    use chrono::Datelike;
    let all = articles();
    let on = |m: u32, d: u32| {
        all.iter()
            .filter(|(_, _, a)| {
                let t = date(a);
                t.month() == m && t.day() == d
            })
            .count()
    };
    assert!(
        on(10, 20) >= 3,
        "20/10 (Ngày Phụ nữ Việt Nam) needs several items"
    );
    assert!(on(11, 25) >= 3, "25/11 needs several items");
    let action_month = all
        .iter()
        .filter(|(_, _, a)| {
            let t = date(a);
            t.month() == 11 && t.day() >= 15 || t.month() == 12 && t.day() <= 15
        })
        .count();
    let before = all
        .iter()
        .filter(|(_, _, a)| date(a).month() == 11 && date(a).day() < 15)
        .count();
    assert!(
        action_month >= 10,
        "15/11–15/12 has only {action_month} items"
    );
    assert!(
        before >= 5,
        "1–14/11 (outside the peak) has only {before} items"
    );
}

#[test]
fn commune_quota_is_met_by_one_portal_and_missed_by_the_other() {
    let all = articles();
    let ge_in = |outlet: &str, q: &str| {
        all.iter()
            .filter(|(_, _, a)| a.outlet.as_deref() == Some(outlet) && quarter(a) == q)
            .filter(|(_, _, a)| is_ge_item(a))
            .count()
    };
    let met = ge_in("xa-phulamthuong", "2025-Q4");
    let missed = ge_in("xa-namvan", "2025-Q4");
    assert!(
        met >= 4,
        "Phù Lam Thượng should meet the quota in Q4, has {met}"
    );
    assert!(
        missed < 4,
        "Nậm Vân should miss the quota in Q4, has {missed}"
    );
    // Both have items that are plainly not about gender equality, so the quota is about
    // the share of the portal's output, not about everything it publishes.
    for outlet in ["xa-phulamthuong", "xa-namvan"] {
        let non_ge = all
            .iter()
            .filter(|(_, _, a)| a.outlet.as_deref() == Some(outlet) && !is_ge_item(a))
            .count();
        assert!(non_ge >= 3, "{outlet}: only {non_ge} non-GE items");
    }
}

#[test]
fn monthly_column_is_kept_by_the_broadcaster_and_missed_by_the_media_centre() {
    let all = articles();
    let ge_months = |outlet: &str| -> BTreeSet<String> {
        all.iter()
            .filter(|(_, _, a)| a.outlet.as_deref() == Some(outlet) && is_ge_item(a))
            .map(|(_, _, a)| month(a))
            .collect()
    };
    let months: BTreeSet<String> = ["2025-09", "2025-10", "2025-11"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(
        ge_months("ptth-lamgiang"),
        months,
        "broadcaster column months"
    );
    let centre = ge_months("ttt-vanlinh");
    assert!(centre.contains("2025-09") && centre.contains("2025-11"));
    assert!(
        !centre.contains("2025-10"),
        "the media centre must miss October"
    );
    // The broadcaster's column is labelled as such, so a report can show it by section too.
    let column = all
        .iter()
        .filter(|(_, _, a)| a.section.as_deref() == Some("Bình đẳng giới và cuộc sống"))
        .map(|(_, _, a)| month(a))
        .collect::<BTreeSet<_>>();
    assert_eq!(column, months);
}

/// Share of female honorific + capitalised-name mentions ("bà Lan", "chị Hoa") among gendered
/// honorific mentions. A crude proxy for who appears, only to check the designed contrast.
fn female_honorific_share(all: &[(String, usize, Article)], outlet: &str) -> f64 {
    female_honorific_share_in(all, outlet, None)
}

fn female_honorific_share_in(
    all: &[(String, usize, Article)],
    outlet: &str,
    in_month: Option<&str>,
) -> f64 {
    let female = regex::Regex::new(r"(?:^|[\s(“])(?:bà|chị|cô|Bà|Chị|Cô) \p{Lu}").unwrap();
    let male = regex::Regex::new(r"(?:^|[\s(“])(?:ông|anh|thầy|Ông|Anh|Thầy) \p{Lu}").unwrap();
    let (mut f, mut m) = (0usize, 0usize);
    for (_, _, a) in all.iter().filter(|(_, _, a)| {
        a.outlet.as_deref() == Some(outlet) && in_month.is_none_or(|mo| month(a) == mo)
    }) {
        let t = full_text(a);
        f += female.find_iter(&t).count();
        m += male.find_iter(&t).count();
    }
    f as f64 / (f + m).max(1) as f64
}

#[test]
fn outlets_differ_in_who_appears() {
    let all = articles();
    let balanced = female_honorific_share(&all, "baolamgiang");
    let national = female_honorific_share(&all, "dongphuong");
    let commune = female_honorific_share(&all, "xa-namvan");
    assert!(
        balanced >= 0.45,
        "Báo Lam Giang should be balanced: {balanced:.2}"
    );
    assert!(
        national <= 0.35,
        "Đông Phương should be men-dominated: {national:.2}"
    );
    assert!(
        commune <= 0.25,
        "Nậm Vân should be men-dominated: {commune:.2}"
    );
    assert!(balanced - national >= 0.15);
    // The media centre quotes only men in October and improves in November, so the report's
    // "change against the previous period" has something to show.
    let oct = female_honorific_share_in(&all, "ttt-vanlinh", Some("2025-10"));
    let nov = female_honorific_share_in(&all, "ttt-vanlinh", Some("2025-11"));
    assert!(
        oct <= 0.1 && nov >= 0.4,
        "media centre Oct {oct:.2} → Nov {nov:.2}"
    );
}

/// Where a phrase must appear.
#[derive(Clone, Copy, Debug)]
enum In {
    Title,
    Sapo,
    Body,
    Caption,
    Any,
}

/// What README.md says each article exercises: (article id suffix, part, phrase).
/// The id suffix is the part after `<outlet>-<yyyymmdd>-`, with the outlet as prefix.
const DESIGN: &[(&str, In, &str)] = &[
    // Endorsed stereotypes in author voice (Nhật báo Đông Phương, Gia Đình Mới).
    (
        "dongphuong-20251019-nhung-bong-hoa-20-10",
        In::Body,
        "phụ nữ thì nên lo bếp núc",
    ),
    (
        "dongphuong-20251019-nhung-bong-hoa-20-10",
        In::Sapo,
        "phái yếu",
    ),
    (
        "dongphuong-20251019-nhung-bong-hoa-20-10",
        In::Title,
        "bông hoa",
    ),
    (
        "dongphuong-20251003-nu-giam-doc-xinh-dep-ca-phe",
        In::Title,
        "Nữ giám đốc xinh đẹp",
    ),
    (
        "dongphuong-20251003-nu-giam-doc-xinh-dep-ca-phe",
        In::Title,
        "mẹ hai con",
    ),
    (
        "dongphuong-20251003-nu-giam-doc-xinh-dep-ca-phe",
        In::Body,
        "Dù là phụ nữ nhưng",
    ),
    (
        "dongphuong-20251003-nu-giam-doc-xinh-dep-ca-phe",
        In::Caption,
        "xinh đẹp",
    ),
    (
        "dongphuong-20250912-nu-tai-xe-gay-tai-nan",
        In::Title,
        "Nữ tài xế gây tai nạn",
    ),
    (
        "dongphuong-20250920-ghen-tuong-dam-nguoi-tinh",
        In::Title,
        "Ghen tuông",
    ),
    (
        "dongphuong-20250920-ghen-tuong-dam-nguoi-tinh",
        In::Title,
        "người tình",
    ),
    (
        "dongphuong-20250920-ghen-tuong-dam-nguoi-tinh",
        In::Body,
        "do quá nóng giận",
    ),
    (
        "dongphuong-20250920-ghen-tuong-dam-nguoi-tinh",
        In::Body,
        "Theo cơ quan điều tra",
    ),
    (
        "dongphuong-20251026-tieu-tam-danh-ghen",
        In::Title,
        "Tiểu tam",
    ),
    (
        "dongphuong-20251113-co-gai-bi-sam-so-xe-buyt",
        In::Body,
        "Cô gái ăn mặc hở hang",
    ),
    (
        "dongphuong-20251113-co-gai-bi-sam-so-xe-buyt",
        In::Sapo,
        "biết giữ mình",
    ),
    (
        "dongphuong-20251121-bong-hong-san-co",
        In::Title,
        "bóng hồng",
    ),
    ("dongphuong-20251121-bong-hong-san-co", In::Body, "hot girl"),
    (
        "dongphuong-20251125-ngay-xoa-bo-bao-luc-phu-nu",
        In::Body,
        "Phụ nữ vốn là phái yếu",
    ),
    (
        "dongphuong-20251106-bao-so-14-so-tan",
        In::Body,
        "vợ anh ngư dân Sầm Văn Quý",
    ),
    ("dongphuong-20251106-bao-so-14-so-tan", In::Body, "nam y tá"),
    (
        "giadinhmoi-20250910-bi-quyet-giu-lua-hon-nhan",
        In::Title,
        "giữ lửa",
    ),
    (
        "giadinhmoi-20250910-bi-quyet-giu-lua-hon-nhan",
        In::Body,
        "vợ hiền dâu thảo",
    ),
    (
        "giadinhmoi-20250925-me-bim-sua-khoi-nghiep-banh",
        In::Title,
        "Mẹ bỉm sữa",
    ),
    (
        "giadinhmoi-20251019-gui-nhung-bong-hong-20-10",
        In::Body,
        "thiên chức làm vợ, làm mẹ",
    ),
    (
        "giadinhmoi-20251022-nu-ky-su-phan-mem-chu-toan",
        In::Title,
        "Nữ kỹ sư",
    ),
    (
        "giadinhmoi-20251022-nu-ky-su-phan-mem-chu-toan",
        In::Title,
        "chu toàn việc nhà",
    ),
    (
        "giadinhmoi-20251128-giu-dang-sau-sinh",
        In::Title,
        "Hot mom",
    ),
    (
        "giadinhmoi-20251015-nguoi-dep-dang-quang",
        In::Body,
        "số đo ba vòng",
    ),
    (
        "giadinhmoi-20251108-ong-bo-o-nha-cham-con",
        In::Title,
        "Ông bố hai con",
    ),
    // Critiqued: the same words inside a critique.
    (
        "baolamgiang-20251119-nhat-san-gioi-tin-bai",
        In::Body,
        "“nữ giám đốc xinh đẹp”",
    ),
    (
        "baolamgiang-20251119-nhat-san-gioi-tin-bai",
        In::Body,
        "“phái yếu”",
    ),
    (
        "baolamgiang-20251125-bao-luc-truc-tuyen",
        In::Body,
        "“ai bảo ăn mặc hở hang”",
    ),
    (
        "baolamgiang-20251125-bao-luc-truc-tuyen",
        In::Body,
        "đổ lỗi cho nạn nhân",
    ),
    (
        "baolamgiang-20250915-hoc-sinh-nu-khoi-ky-thuat",
        In::Body,
        "con gái không giỏi toán",
    ),
    (
        "baolamgiang-20251020-phu-nu-giu-nghe-gom",
        In::Body,
        "“đảm đang”",
    ),
    (
        "giadinhmoi-20251118-dung-goi-phu-nu-la-phai-yeu",
        In::Title,
        "“phái yếu”",
    ),
    (
        "giadinhmoi-20251118-dung-goi-phu-nu-la-phai-yeu",
        In::Body,
        "Đã qua thời phụ nữ bị coi là “chân yếu tay mềm”",
    ),
    (
        "giadinhmoi-20251118-dung-goi-phu-nu-la-phai-yeu",
        In::Body,
        "‘phụ nữ thì nên lo bếp núc’",
    ),
    (
        "xa-phulamthuong-20251127-noi-chuyen-binh-dang-gioi-gia-dinh",
        In::Body,
        "‘đàn ông xây nhà, đàn bà xây tổ ấm’",
    ),
    (
        "ttt-vanlinh-20251110-phu-nu-tham-gia-chinh-quyen-co-so",
        In::Body,
        "“đàn bà làm sao chỉ đạo được đàn ông”",
    ),
    // Quoted official rhetoric and honours.
    (
        "ptth-lamgiang-20251020-ky-niem-95-nam-hoi-phu-nu",
        In::Body,
        "“Mỗi phụ nữ là một bông hoa đẹp",
    ),
    (
        "ptth-lamgiang-20251020-ky-niem-95-nam-hoi-phu-nu",
        In::Body,
        "anh hùng, bất khuất, trung hậu, đảm đang",
    ),
    (
        "cong-lamgiang-20251020-lanh-dao-tinh-chuc-mung-20-10",
        In::Body,
        "Mỗi chị em là một bông hoa",
    ),
    (
        "cong-lamgiang-20251020-lanh-dao-tinh-chuc-mung-20-10",
        In::Body,
        "“Giỏi việc nước, đảm việc nhà”",
    ),
    (
        "xa-phulamthuong-20251007-gioi-viec-nuoc-dam-viec-nha",
        In::Title,
        "“Giỏi việc nước, đảm việc nhà”",
    ),
    // Policy citations (I16).
    (
        "cong-lamgiang-20250904-ke-hoach-truyen-thong-binh-dang-gioi",
        In::Sapo,
        "Quyết định 1790/QĐ-TTg",
    ),
    (
        "cong-lamgiang-20251114-ke-hoach-thang-hanh-dong-2025",
        In::Body,
        "CEDAW",
    ),
    (
        "baolamgiang-20251103-nguoi-song-sot-bao-luc-gia-dinh",
        In::Sapo,
        "Luật Phòng, chống bạo lực gia đình năm 2022",
    ),
    (
        "baolamgiang-20250915-hoc-sinh-nu-khoi-ky-thuat",
        In::Body,
        "Luật Bình đẳng giới năm 2006",
    ),
    (
        "baolamgiang-20251006-ty-le-nu-dai-bieu",
        In::Body,
        "Chiến lược quốc gia về bình đẳng giới",
    ),
    // Victims and survivors (I11).
    (
        "baolamgiang-20251103-nguoi-song-sot-bao-luc-gia-dinh",
        In::Title,
        "Người sống sót",
    ),
    (
        "ptth-lamgiang-20251125-ngoi-nha-binh-yen",
        In::Body,
        "người sống sót",
    ),
    (
        "dongphuong-20250920-ghen-tuong-dam-nguoi-tinh",
        In::Body,
        "nạn nhân",
    ),
    // People: initials, honorifics, anaphora, titles, placement.
    (
        "baolamgiang-20251103-nguoi-song-sot-bao-luc-gia-dinh",
        In::Sapo,
        "chị N.T.H.",
    ),
    (
        "baolamgiang-20251125-bao-luc-truc-tuyen",
        In::Body,
        "Em P.T.L.",
    ),
    (
        "ptth-lamgiang-20251112-bao-luc-kinh-te",
        In::Body,
        "Chị V.T.T.",
    ),
    (
        "ttt-vanlinh-20251110-phu-nu-tham-gia-chinh-quyen-co-so",
        In::Body,
        "“Bà ấy",
    ),
    (
        "ptth-lamgiang-20251009-phu-nu-dan-toc-lam-kinh-te",
        In::Body,
        "ông ấy",
    ),
    (
        "baolamgiang-20250924-lua-chon-gioi-tinh-thai-nhi",
        In::Body,
        "“Anh ấy",
    ),
    (
        "baolamgiang-20250915-hoc-sinh-nu-khoi-ky-thuat",
        In::Body,
        "PGS.TS Hoàng Thị Bích Ngọc",
    ),
    (
        "baolamgiang-20250915-hoc-sinh-nu-khoi-ky-thuat",
        In::Body,
        "cô giáo Trần Thị Thanh Vân",
    ),
    (
        "baolamgiang-20250908-cam-bien-do-am-ruong-lua",
        In::Title,
        "Kỹ sư Lê Thị Hồng Nhung",
    ),
    (
        "baolamgiang-20250908-cam-bien-do-am-ruong-lua",
        In::Body,
        "ông Tùng nói",
    ),
    (
        "baolamgiang-20250908-cam-bien-do-am-ruong-lua",
        In::Body,
        "Theo bà Đỗ Thị Mai",
    ),
    (
        "baolamgiang-20251006-ty-le-nu-dai-bieu",
        In::Sapo,
        "Phó Chủ tịch UBND tỉnh Nguyễn Thị Thu Trang",
    ),
    (
        "cong-lamgiang-20250917-tiep-cong-dan-dinh-ky",
        In::Title,
        "Chủ tịch UBND tỉnh Trương Đức Cảnh",
    ),
    (
        "giadinhmoi-20251022-nu-ky-su-phan-mem-chu-toan",
        In::Body,
        "Ông Văn Đình Nghị",
    ),
    // Traps: words that look like people, gender or stereotypes and are not.
    (
        "dongphuong-20250905-ong-lon-ban-le-nong-thon",
        In::Title,
        "“ông lớn”",
    ),
    (
        "dongphuong-20250905-ong-lon-ban-le-nong-thon",
        In::Body,
        "công bố",
    ),
    (
        "cong-lamgiang-20251107-cong-bo-chi-so-cai-cach-hanh-chinh",
        In::Title,
        "công bố",
    ),
    (
        "baolamgiang-20251028-doanh-nghiep-trung-dong",
        In::Title,
        "thị trường",
    ),
    (
        "baolamgiang-20251028-doanh-nghiep-trung-dong",
        In::Sapo,
        "Ả Rập Xê Út",
    ),
    (
        "baolamgiang-20251028-doanh-nghiep-trung-dong",
        In::Body,
        "tiếng Anh",
    ),
    (
        "dongphuong-20250912-nu-tai-xe-gay-tai-nan",
        In::Sapo,
        "thị xã",
    ),
    (
        "baolamgiang-20250930-khoi-cong-cau-ong-thin",
        In::Title,
        "cầu Ông Thìn",
    ),
    (
        "baolamgiang-20250930-khoi-cong-cau-ong-thin",
        In::Body,
        "bà con",
    ),
    (
        "baolamgiang-20250930-khoi-cong-cau-ong-thin",
        In::Body,
        "chú ý",
    ),
    (
        "cong-lamgiang-20251126-tham-mo-hinh-kinh-te-tap-the",
        In::Title,
        "núi Bà Tiên",
    ),
    (
        "baolamgiang-20251014-bong-da-nu-lam-giang",
        In::Title,
        "Bóng đá nữ",
    ),
    (
        "baolamgiang-20251014-bong-da-nu-lam-giang",
        In::Body,
        "anh em",
    ),
    (
        "ptth-lamgiang-20251027-sat-lo-tinh-lo-12",
        In::Body,
        "Anh em làm",
    ),
    (
        "ttt-vanlinh-20250918-giai-ngan-von-dau-tu-cong",
        In::Body,
        "chồng chéo",
    ),
    ("dongphuong-20250927-ai-ngan-hang", In::Any, "tiếng Anh"),
];

#[test]
fn every_designed_phrase_is_where_the_readme_says() {
    let all = articles();
    let by_id: HashMap<&str, &Article> = all.iter().map(|(_, _, a)| (a.id.as_str(), a)).collect();
    let mut missing = Vec::new();
    for (id, part, phrase) in DESIGN {
        let Some(a) = by_id.get(id) else {
            missing.push(format!("{id}: no such article"));
            continue;
        };
        let found = match part {
            In::Title => a.title.contains(phrase),
            In::Sapo => a.sapo.contains(phrase),
            In::Body => a.text.contains(phrase),
            In::Caption => a.captions.iter().any(|c| c.contains(phrase)),
            In::Any => full_text(a).contains(phrase),
        };
        if !found {
            missing.push(format!("{id}: {phrase:?} not in {part:?}"));
        }
    }
    assert!(
        missing.is_empty(),
        "design claims that do not hold:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_law_on_gender_equality_domain_has_an_article() {
    // Sections the corpus uses, mapped to the eight domains of Articles 11–18.
    let all = articles();
    let sections: BTreeSet<&str> = all
        .iter()
        .filter_map(|(_, _, a)| a.section.as_deref())
        .collect();
    let domains: &[(&str, &[&str])] = &[
        ("chính trị", &["Chính trị"]),
        (
            "kinh tế",
            &[
                "Kinh tế",
                "Doanh nhân",
                "Khởi nghiệp",
                "Kinh tế – Nông nghiệp",
            ],
        ),
        ("lao động – việc làm", &["Lao động – Việc làm"]),
        ("giáo dục – đào tạo", &["Giáo dục"]),
        (
            "khoa học – công nghệ",
            &["Khoa học – Công nghệ", "Công nghệ"],
        ),
        (
            "văn hóa, thông tin, thể thao",
            &["Văn hóa", "Thể thao", "Báo chí", "Văn hóa – Thể thao"],
        ),
        ("y tế", &["Y tế", "Sức khỏe"]),
        ("gia đình", &["Tổ ấm", "Bình đẳng giới và cuộc sống"]),
    ];
    for (domain, names) in domains {
        assert!(
            names.iter().any(|n| sections.contains(n)),
            "no article in domain {domain} (sections present: {sections:?})"
        );
    }
}
