//! Writing a [`Report`] as XLSX, CSV, JSON or a self-contained HTML page.
//!
//! The HTML page has its charts as inline SVG and its style inline: no scripts, no fonts, no
//! external URLs except the articles' own links, so it can be e-mailed or filed as is.

use super::build::{IndicatorValue, OutletRow, Report};
use crate::i18n::Lang;
use crate::index::stats::ShareStat;
use anyhow::Context;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Xlsx,
    Csv,
    Json,
    Html,
}

impl ReportFormat {
    pub fn ext(&self) -> &'static str {
        match self {
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Csv => "csv",
            ReportFormat::Json => "json",
            ReportFormat::Html => "html",
        }
    }
}

/// Indicator labels (Vietnamese wording of the indicator set; English).
pub fn indicator_label(id: &str, lang: Lang) -> &'static str {
    let (vi, en) = match id {
        "I01" => (
            "Tỷ lệ nữ trong người được nhắc đến",
            "Women among people mentioned",
        ),
        "I02" => (
            "Tỷ lệ nữ trong nguồn tin được trích dẫn",
            "Women among quoted sources",
        ),
        "I03" => (
            "Trích dẫn trực tiếp theo giới",
            "Direct quotation by gender",
        ),
        "I04" => ("Không gian lời nói", "Share of quoted words"),
        "I05" => ("Nữ chuyên gia", "Women experts"),
        "I06" => (
            "Nữ lãnh đạo / người phát ngôn",
            "Women officials / spokespersons",
        ),
        "I07" => ("Nữ là người dân / nhân chứng", "Women citizens / witnesses"),
        "I08" => ("Cơ cấu nghề nghiệp theo giới", "Occupations by gender"),
        "I09" => ("Nhắc vai trò gia đình", "Family-role descriptions"),
        "I10" => ("Nhắc ngoại hình", "Appearance descriptions"),
        "I11" => (
            "Khung nạn nhân / người vượt qua",
            "Victim / survivor framing",
        ),
        "I12" => ("Mật độ từ ngữ định kiến giới", "Stereotype-term density"),
        "I13" => ("Đánh dấu giới bất đối xứng", "Asymmetric gender marking"),
        "I14" => ("Tin bài tập trung vào phụ nữ", "Stories centred on women"),
        "I15" => (
            "Hiện diện ở tít, sapo, chú thích ảnh",
            "Presence in title, lead, captions",
        ),
        "I16" => (
            "Đề cập pháp luật, chính sách bình đẳng giới",
            "Cites gender-equality law or policy",
        ),
        "I17" => ("Tin bài về chủ đề bình đẳng giới", "Gender-equality items"),
        "I18" => (
            "Giới tính tác giả × giới nguồn tin",
            "Byline gender × source gender",
        ),
        "I19" => (
            "Cân bằng nguồn tin chủ động",
            "Balance of sources chosen by the newsroom",
        ),
        "I20" => ("Tỷ lệ tin bài đạt chuẩn", "Articles meeting the standard"),
        _ => ("", ""),
    };
    lang.pick(vi, en)
}

/// A gender code (`female`, `male`, `unknown`) in words.
fn gender_label(g: &str, lang: Lang) -> &'static str {
    match g {
        "female" => lang.pick("nữ", "female"),
        "male" => lang.pick("nam", "male"),
        _ => lang.pick("không rõ", "unknown"),
    }
}

/// What the value of an indicator means, short.
fn value_note(v: &IndicatorValue, lang: Lang) -> &'static str {
    match (v.id.as_str(), v.kind) {
        ("I12", _) => lang.pick("lượt/1.000 âm tiết", "hits/1,000 syllables"),
        ("I03", _) => lang.pick(
            "tỷ lệ nữ trong nguồn được trích trực tiếp; tỷ lệ ở nữ/ở nam",
            "women share of directly quoted sources; women's/men's rates",
        ),
        ("I18", _) => lang.pick(
            "nữ/nam/không rõ = số nguồn tin trong bài của tác giả nữ/nam/không rõ; tỷ lệ ở nữ/ở nam = tỷ lệ nữ trong nguồn tin của tác giả nữ/nam",
            "female/male/unknown = sources in articles by women/men/unknown bylines; women's/men's rate = women share of sources under women's/men's bylines",
        ),
        (_, "asymmetry") => lang.pick("tỷ số nữ/nam", "women/men ratio"),
        (_, "rate") => lang.pick("tỷ lệ bài", "share of articles"),
        _ => lang.pick("tỷ lệ nữ", "women share"),
    }
}

fn status_label(s: &str, lang: Lang) -> &'static str {
    match s {
        "met" => lang.pick("Đạt", "Met"),
        "not_met" => lang.pick("Không đạt", "Not met"),
        "partial" => lang.pick("Chưa trọn kỳ", "Period incomplete"),
        _ => lang.pick("Không có dữ liệu", "No data"),
    }
}

fn type_label(t: crate::model::OutletType, lang: Lang) -> &'static str {
    use crate::model::OutletType::*;
    match t {
        NationalPress => lang.pick("Báo chí trung ương", "National press"),
        ProvincialPress => lang.pick("Báo địa phương", "Provincial press"),
        Broadcaster => lang.pick("Đài phát thanh – truyền hình", "Broadcaster"),
        MediaCentre => lang.pick("Trung tâm truyền thông", "Media centre"),
        GovernmentPortal => lang.pick("Cổng thông tin điện tử", "Government portal"),
        CommunePortal => lang.pick("Thông tin cơ sở cấp xã", "Commune portal"),
        Magazine => lang.pick("Tạp chí", "Magazine"),
        Other => lang.pick("Khác", "Other"),
    }
}

fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:.1}%", v * 100.0))
        .unwrap_or_else(|| "–".into())
}

fn num(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.2}")).unwrap_or_else(|| "–".into())
}

/// The value as displayed: a percentage for shares and rates, a number otherwise.
fn shown(v: &IndicatorValue) -> String {
    match v.kind {
        "share" | "rate" => pct(v.value),
        _ => num(v.value),
    }
}

fn ci(v: &IndicatorValue) -> String {
    match (v.ci_low, v.ci_high) {
        (Some(l), Some(h)) => format!("{:.1}–{:.1}%", l * 100.0, h * 100.0),
        _ => String::new(),
    }
}

fn counts(v: &IndicatorValue) -> String {
    match v.kind {
        "rate" => format!("{}/{}", v.count, v.n),
        "density" => format!("{} / {}", v.count, v.n),
        _ => format!("{}/{}/{}", v.female, v.male, v.unknown),
    }
}

fn outlet_title(r: &OutletRow, lang: Lang) -> String {
    if r.outlet.is_empty() {
        lang.pick("Tất cả", "All").to_string()
    } else if r.name.is_empty() || r.name == r.outlet {
        r.outlet.clone()
    } else {
        r.name.clone()
    }
}

fn example_expl(e: &super::build::Example, lang: Lang) -> String {
    match lang {
        Lang::Vi => e.explanation_vi.clone(),
        Lang::En if !e.explanation_en.is_empty() => e.explanation_en.clone(),
        Lang::En => e.explanation_vi.clone(),
    }
}

fn severity(s: crate::model::Severity, lang: Lang) -> &'static str {
    match s {
        crate::model::Severity::Error => lang.pick("nghiêm trọng", "serious"),
        crate::model::Severity::Warning => lang.pick("cảnh báo", "warning"),
        crate::model::Severity::Info => lang.pick("lưu ý", "note"),
    }
}

fn quota_label(r: &Report, id: &str, lang: Lang) -> String {
    r.quota_labels
        .get(id)
        .map(|(vi, en)| lang.pick(vi, en).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn measure_label(m: &str, lang: Lang) -> String {
    match m {
        "articles" => lang.pick("Số bài", "Articles").to_string(),
        id => format!("{id} {}", indicator_label(id, lang)),
    }
}

fn measure_value(m: &str, v: Option<f64>) -> String {
    match m {
        "articles" | "I17" => v.map(|x| format!("{x:.0}")).unwrap_or_else(|| "–".into()),
        "I12" => num(v),
        _ => pct(v),
    }
}

fn change_value(m: &str, v: Option<f64>) -> String {
    match (m, v) {
        (_, None) => "–".into(),
        ("articles" | "I17", Some(x)) => format!("{x:+.0}"),
        ("I12", Some(x)) => format!("{x:+.2}"),
        (_, Some(x)) => format!("{:+.1} {}", x * 100.0, "pp"),
    }
}

/// Rows of a long-format table: (section, outlet, item, columns…). Shared by CSV and XLSX.
struct Sheet {
    name: String,
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

#[derive(Clone)]
enum Cell {
    S(String),
    N(Option<f64>),
    /// A link with its text.
    L(String, String),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::S(s) => s.clone(),
            Cell::N(Some(v)) => {
                if v.fract() == 0.0 && v.abs() < 1e15 {
                    format!("{v:.0}")
                } else {
                    format!("{v:.6}")
                }
            }
            Cell::N(None) => String::new(),
            Cell::L(url, _) => url.clone(),
        }
    }
}

fn s(x: impl Into<String>) -> Cell {
    Cell::S(x.into())
}
fn n(x: Option<f64>) -> Cell {
    Cell::N(x)
}
fn u(x: u64) -> Cell {
    Cell::N(Some(x as f64))
}

/// A sheet's header row.
fn hdr(cols: &[&str]) -> Vec<String> {
    cols.iter().map(|x| x.to_string()).collect()
}

fn sheets(r: &Report, lang: Lang) -> Vec<Sheet> {
    let mut out = Vec::new();
    // summary
    let mut rows = vec![
        vec![s(lang.pick("Kỳ báo cáo", "Period")), s(&r.period.label)],
        vec![
            s(lang.pick("Từ ngày – đến ngày", "From – to")),
            s(format!(
                "{} – {}",
                r.period.from.naive().format("%d/%m/%Y"),
                r.period.to.naive().format("%d/%m/%Y")
            )),
        ],
        vec![
            s(lang.pick("Kỳ trước", "Previous period")),
            s(&r.previous.label),
        ],
        vec![
            s(lang.pick("Số cơ quan", "Outlets")),
            u(r.outlets.len() as u64),
        ],
        vec![s(lang.pick("Số tin bài", "Articles")), u(r.total.articles)],
        vec![
            s(lang.pick(
                "Bài không có ngày đăng (không thuộc kỳ nào)",
                "Undated articles (in no period)",
            )),
            u(r.undated),
        ],
        vec![
            s(lang.pick(
                "Ngưỡng đạt chuẩn của cơ quan (I20)",
                "Outlet compliance threshold (I20)",
            )),
            n(Some(r.outlet_compliance_min)),
        ],
        vec![
            s(lang.pick("Cấu hình", "Configuration")),
            s(&r.config_source),
        ],
    ];
    for (v, c) in &r.indicator_set_versions {
        rows.push(vec![
            s(format!(
                "{} {}",
                lang.pick("Phiên bản bộ chỉ số", "Indicator-set version"),
                if v.is_empty() { "–" } else { v }
            )),
            u(*c),
        ]);
    }
    for t in &r.agency_targets {
        rows.push(vec![
            s(format!(
                "{} {} ({}: {})",
                lang.pick("Mục tiêu", "Target"),
                t.label,
                lang.pick("tỷ lệ cơ quan đạt chuẩn", "share of compliant outlets"),
                pct(Some(t.target))
            )),
            s(format!(
                "{}/{} = {} → {}",
                t.compliant_outlets,
                t.outlets_with_data,
                pct(t.share),
                status_label(
                    match t.met {
                        Some(true) => "met",
                        Some(false) => "not_met",
                        None => "no_data",
                    },
                    lang
                )
            )),
        ]);
    }
    out.push(Sheet {
        name: lang.pick("Tổng quan", "Summary").into(),
        header: vec![
            lang.pick("Mục", "Item").into(),
            lang.pick("Giá trị", "Value").into(),
        ],
        rows,
    });
    // indicators, long format
    let mut rows = Vec::new();
    for o in std::iter::once(&r.total).chain(&r.outlets) {
        let survivor = (&o.i11_survivor, true);
        for (v, is_survivor) in o
            .indicators
            .iter()
            .map(|v| (v, false))
            .chain(std::iter::once(survivor))
        {
            let label = match (v.id.as_str(), is_survivor) {
                ("I11", false) => format!(
                    "{} — {}",
                    indicator_label("I11", lang),
                    lang.pick("nạn nhân", "victim")
                ),
                ("I11", true) => format!(
                    "{} — {}",
                    indicator_label("I11", lang),
                    lang.pick("người vượt qua", "survivor")
                ),
                (id, _) => indicator_label(id, lang).to_string(),
            };
            rows.push(vec![
                s(if o.outlet.is_empty() { "*" } else { &o.outlet }),
                s(outlet_title(o, lang)),
                s(&v.id),
                s(label),
                s(value_note(v, lang)),
                n(v.value),
                n(v.ci_low),
                n(v.ci_high),
                u(v.female),
                u(v.male),
                u(v.unknown),
                n(v.unknown_rate),
                u(v.count),
                u(v.n),
                n(v.female_rate),
                n(v.male_rate),
            ]);
        }
    }
    out.push(Sheet {
        name: lang.pick("Chỉ số", "Indicators").into(),
        header: hdr(&[
            lang.pick("Mã cơ quan", "Outlet id"),
            lang.pick("Cơ quan", "Outlet"),
            lang.pick("Chỉ số", "Indicator"),
            lang.pick("Tên chỉ số", "Label"),
            lang.pick("Đơn vị", "Unit"),
            lang.pick("Giá trị", "Value"),
            lang.pick("KTC 95% dưới", "95% CI low"),
            lang.pick("KTC 95% trên", "95% CI high"),
            lang.pick("Nữ", "Female"),
            lang.pick("Nam", "Male"),
            lang.pick("Không rõ", "Unknown"),
            lang.pick("Tỷ lệ không rõ", "Unknown rate"),
            lang.pick("Số đếm", "Count"),
            lang.pick("Cỡ mẫu", "Sample size"),
            lang.pick("Tỷ lệ ở nữ", "Women's rate"),
            lang.pick("Tỷ lệ ở nam", "Men's rate"),
        ]),
        rows,
    });
    // I08 occupations, I18 byline × sources: one row per outlet and category
    let breakdown = |table: fn(&OutletRow) -> &std::collections::BTreeMap<String, ShareStat>,
                     label: fn(&str, Lang) -> String| {
        let mut rows = Vec::new();
        for o in std::iter::once(&r.total).chain(&r.outlets) {
            for (k, st) in table(o) {
                rows.push(vec![
                    s(if o.outlet.is_empty() { "*" } else { &o.outlet }),
                    s(label(k, lang)),
                    u(st.female),
                    u(st.male),
                    u(st.unknown),
                    n(st.women_share),
                    n(st.ci_low),
                    n(st.ci_high),
                ]);
            }
        }
        rows
    };
    let share_cols = [
        lang.pick("Nữ", "Female"),
        lang.pick("Nam", "Male"),
        lang.pick("Không rõ", "Unknown"),
        lang.pick("Tỷ lệ nữ", "Women share"),
        lang.pick("KTC 95% dưới", "95% CI low"),
        lang.pick("KTC 95% trên", "95% CI high"),
    ];
    let mut h = vec![
        lang.pick("Mã cơ quan", "Outlet id"),
        lang.pick("Nhóm nghề", "Occupation class"),
    ];
    h.extend(share_cols);
    out.push(Sheet {
        name: lang.pick("I08 Nghề nghiệp", "I08 Occupations").into(),
        header: hdr(&h),
        rows: breakdown(|o| &o.i08_occupations, |k, _| k.to_string()),
    });
    let mut h = vec![
        lang.pick("Mã cơ quan", "Outlet id"),
        lang.pick(
            "Giới tính tác giả (nguồn tin theo giới)",
            "Byline gender (sources by gender)",
        ),
    ];
    h.extend(share_cols);
    out.push(Sheet {
        name: lang
            .pick("I18 Tác giả × nguồn tin", "I18 Byline × sources")
            .into(),
        header: hdr(&h),
        rows: breakdown(
            |o| &o.i18_sources_by_author,
            |k, l| gender_label(k, l).into(),
        ),
    });
    // I12 by category
    let mut rows = Vec::new();
    for o in std::iter::once(&r.total).chain(&r.outlets) {
        for (cat, hits) in &o.i12_categories {
            rows.push(vec![
                s(if o.outlet.is_empty() { "*" } else { &o.outlet }),
                s(cat),
                u(*hits),
                u(o.get("I12").map_or(0, |v| v.n)),
            ]);
        }
    }
    out.push(Sheet {
        name: lang.pick("I12 Theo nhóm", "I12 By category").into(),
        header: hdr(&[
            lang.pick("Mã cơ quan", "Outlet id"),
            lang.pick("Nhóm", "Category"),
            lang.pick("Số lượt (tác giả đồng tình)", "Endorsed hits"),
            lang.pick("Số âm tiết", "Syllables"),
        ]),
        rows,
    });
    // compliance
    let rows = r
        .compliance
        .iter()
        .map(|c| {
            vec![
                s(&c.outlet),
                s(format!(
                    "{} {}",
                    c.indicator,
                    indicator_label(&c.indicator, lang)
                )),
                n(c.value),
                n(c.min),
                n(c.max),
                s(status_label(c.status, lang)),
            ]
        })
        .collect();
    out.push(Sheet {
        name: lang.pick("Tuân thủ", "Compliance").into(),
        header: hdr(&[
            lang.pick("Mã cơ quan", "Outlet id"),
            lang.pick("Chỉ số", "Indicator"),
            lang.pick("Giá trị", "Value"),
            lang.pick("Tối thiểu", "Min"),
            lang.pick("Tối đa", "Max"),
            lang.pick("Kết quả", "Result"),
        ]),
        rows,
    });
    // quotas
    let rows = r
        .quotas
        .iter()
        .map(|q| {
            vec![
                s(quota_label(r, &q.quota, lang)),
                s(&q.outlet),
                s(&q.unit),
                u(q.ge_items),
                u(q.required),
                s(status_label(q.status, lang)),
            ]
        })
        .collect();
    out.push(Sheet {
        name: lang.pick("Chỉ tiêu", "Quotas").into(),
        header: hdr(&[
            lang.pick("Chỉ tiêu", "Quota"),
            lang.pick("Mã cơ quan", "Outlet id"),
            lang.pick("Kỳ", "Unit"),
            lang.pick("Số tin bài BĐG", "GE items"),
            lang.pick("Yêu cầu", "Required"),
            lang.pick("Kết quả", "Result"),
        ]),
        rows,
    });
    // peaks
    let rows = r
        .peaks
        .iter()
        .map(|p| {
            vec![
                s(&p.peak),
                s(&p.from),
                s(&p.to),
                s(&p.outlet),
                u(p.articles),
                u(p.ge_items),
                n(p.women_sources.value),
                s(counts(&p.women_sources)),
                n(p.compliant.value),
            ]
        })
        .collect();
    out.push(Sheet {
        name: lang.pick("Cao điểm", "Peak periods").into(),
        header: hdr(&[
            lang.pick("Đợt cao điểm", "Peak period"),
            lang.pick("Từ ngày", "From"),
            lang.pick("Đến ngày", "To"),
            lang.pick("Mã cơ quan", "Outlet id"),
            lang.pick("Số bài", "Articles"),
            lang.pick("Số tin bài BĐG", "GE items"),
            lang.pick("Tỷ lệ nữ trong nguồn tin", "Women among sources"),
            lang.pick("Nữ/nam/không rõ", "Female/male/unknown"),
            lang.pick("Tỷ lệ bài đạt chuẩn", "Compliant share"),
        ]),
        rows,
    });
    // changes
    let rows = r
        .changes
        .iter()
        .map(|c| {
            vec![
                s(&c.outlet),
                s(measure_label(&c.measure, lang)),
                n(c.current),
                n(c.previous),
                n(c.change),
            ]
        })
        .collect();
    out.push(Sheet {
        name: lang.pick("So với kỳ trước", "Change").into(),
        header: hdr(&[
            lang.pick("Mã cơ quan", "Outlet id"),
            lang.pick("Chỉ số", "Measure"),
            lang.pick("Kỳ này", "This period"),
            lang.pick("Kỳ trước", "Previous period"),
            lang.pick("Thay đổi", "Change"),
        ]),
        rows,
    });
    // examples
    let rows = r
        .examples
        .iter()
        .map(|e| {
            vec![
                s(&e.outlet),
                s(&e.date),
                s(severity(e.severity, lang)),
                s(format!("{} ({})", e.rule, e.category)),
                s(&e.text),
                s(&e.context),
                s(example_expl(e, lang)),
                s(e.suggestions.join("; ")),
                s(&e.title),
                match &e.url {
                    Some(url) => Cell::L(url.clone(), e.title.clone()),
                    None => s(""),
                },
            ]
        })
        .collect();
    out.push(Sheet {
        name: lang.pick("Ví dụ", "Examples").into(),
        header: hdr(&[
            lang.pick("Mã cơ quan", "Outlet id"),
            lang.pick("Ngày", "Date"),
            lang.pick("Mức độ", "Severity"),
            lang.pick("Quy tắc", "Rule"),
            lang.pick("Đoạn văn", "Passage"),
            lang.pick("Ngữ cảnh", "Context"),
            lang.pick("Giải thích", "Explanation"),
            lang.pick("Gợi ý thay thế", "Suggestions"),
            lang.pick("Tiêu đề", "Title"),
            lang.pick("Liên kết", "Link"),
        ]),
        rows,
    });
    out
}

/// XLSX bytes. The document's creation date is the period's first day, so the file has no
/// clock time in it and two runs give identical bytes.
pub fn to_xlsx(r: &Report, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let d = r.period.from;
    let created = ExcelDateTime::from_ymd(d.y as u16, d.m as u8, d.d as u8)
        .context("period date for the XLSX properties")?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{} {}",
                lang.pick("Báo cáo giới trong truyền thông", "Gender in media report"),
                r.period.label
            ))
            .set_creation_datetime(&created),
    );
    let bold = Format::new().set_bold();
    let pctf = Format::new().set_num_format("0.0%");
    for sh in sheets(r, lang) {
        let ws = wb.add_worksheet();
        ws.set_name(&sh.name)?;
        for (c, h) in sh.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)?;
            ws.set_column_width(c as u16, (h.chars().count() as f64 + 2.0).clamp(10.0, 40.0))?;
        }
        for (ri, row) in sh.rows.iter().enumerate() {
            let rr = ri as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::S(t) => {
                        ws.write_string(rr, c, t)?;
                    }
                    Cell::N(Some(v)) => {
                        let is_share = sh.header.get(c as usize).is_some_and(|h| {
                            h.contains("Tỷ lệ")
                                || h.contains("rate")
                                || h.contains("share")
                                || h.contains("KTC")
                                || h.contains("CI")
                        });
                        if is_share && (0.0..=1.0).contains(v) {
                            ws.write_number_with_format(rr, c, *v, &pctf)?;
                        } else {
                            ws.write_number(rr, c, *v)?;
                        }
                    }
                    Cell::N(None) => {}
                    Cell::L(url, text) => {
                        if url.starts_with("http://") || url.starts_with("https://") {
                            ws.write_url_with_text(rr, c, url.as_str(), text)?;
                        } else {
                            ws.write_string(rr, c, url)?;
                        }
                    }
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// One CSV of every section in long format: `section` first, then that section's columns
/// (sections have different columns; filter on `section` to get one table).
pub fn to_csv(r: &Report, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let sh = sheets(r, lang);
    let width = sh.iter().map(|s| s.header.len()).max().unwrap_or(0);
    let mut header = vec!["section".to_string()];
    header.extend((1..=width).map(|i| format!("c{i}")));
    w.write_record(&header)?;
    for s in &sh {
        let mut h = vec![format!("{}#header", s.name)];
        h.extend(s.header.iter().cloned());
        h.resize(width + 1, String::new());
        w.write_record(&h)?;
        for row in &s.rows {
            let mut rec = vec![s.name.clone()];
            rec.extend(row.iter().map(Cell::text));
            rec.resize(width + 1, String::new());
            w.write_record(&rec)?;
        }
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("csv: {e}"))
}

pub fn to_json(r: &Report) -> anyhow::Result<Vec<u8>> {
    let mut v = serde_json::to_vec_pretty(r)?;
    v.push(b'\n');
    Ok(v)
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// Longest outlet name drawn in full in a chart; longer ones are cut with "…" and the full
/// name is in the label's tooltip.
const CHART_LABEL_CHARS: usize = 64;

/// A conservative width of one character of the 12px label font (Vietnamese letters with
/// stacked diacritics in a system sans-serif).
const CHART_CHAR_W: f64 = 7.2;

/// The width of the label column: the longest (cut) label, so no name runs off the left edge.
fn chart_label_width<'a>(labels: impl Iterator<Item = &'a str>) -> f64 {
    let chars = labels
        .map(|l| l.chars().count().min(CHART_LABEL_CHARS + 1))
        .max()
        .unwrap_or(0);
    (chars as f64 * CHART_CHAR_W + 12.0).max(80.0).ceil()
}

/// A right-aligned row label ending at `x`, cut to [`CHART_LABEL_CHARS`], with the full
/// text as its tooltip.
fn svg_row_label(s: &mut String, x: f64, y: f64, label: &str) {
    let shown: String = if label.chars().count() > CHART_LABEL_CHARS {
        let mut t: String = label.chars().take(CHART_LABEL_CHARS).collect();
        t.push('…');
        t
    } else {
        label.to_string()
    };
    let _ = write!(
        s,
        r#"<text x="{x}" y="{y}" class="lb" text-anchor="end"><title>{}</title>{}</text>"#,
        esc(label),
        esc(&shown)
    );
}

/// The opening of a chart: the `svg` element, its accessible title and the visible title.
fn svg_open(s: &mut String, w: f64, h: f64, title: &str) {
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{w}" height="{h}" viewBox="0 0 {w} {h}"><title>{t}</title><text x="0" y="16" class="ct">{t}</text>"#,
        t = esc(title)
    );
}

/// One bar: label, value, 95% interval, note.
type BarRow = (String, Option<f64>, Option<f64>, Option<f64>, String);

/// A horizontal bar chart of shares with 95% intervals and a reference line.
fn svg_share_bars(title: &str, rows: &[BarRow], reference: Option<f64>) -> String {
    let label_w = chart_label_width(rows.iter().map(|r| r.0.as_str()));
    let bar_w = 360.0;
    let row_h = 22.0;
    let h = 40.0 + rows.len() as f64 * row_h + 20.0;
    let w = label_w + bar_w + 260.0;
    let mut s = String::new();
    svg_open(&mut s, w, h, title);
    for (i, (label, v, lo, hi, note)) in rows.iter().enumerate() {
        let y = 30.0 + i as f64 * row_h;
        svg_row_label(&mut s, label_w - 6.0, y + 11.0, label);
        let _ = write!(
            s,
            r#"<rect x="{label_w}" y="{y}" width="{bar_w}" height="14" class="bg"/>"#
        );
        if let Some(v) = v {
            let _ = write!(
                s,
                r#"<rect x="{label_w}" y="{y}" width="{:.1}" height="14" class="br"/>"#,
                v.clamp(0.0, 1.0) * bar_w
            );
        }
        if let (Some(lo), Some(hi)) = (lo, hi) {
            let _ = write!(
                s,
                r#"<line x1="{:.1}" x2="{:.1}" y1="{}" y2="{}" class="ci"/>"#,
                label_w + lo * bar_w,
                label_w + hi * bar_w,
                y + 7.0,
                y + 7.0
            );
        }
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" class="lb">{} {}</text>"#,
            label_w + bar_w + 6.0,
            y + 11.0,
            esc(&pct(*v)),
            esc(note)
        );
    }
    if let Some(r) = reference {
        let x = label_w + r * bar_w;
        let _ = write!(
            s,
            r#"<line x1="{x:.1}" x2="{x:.1}" y1="24" y2="{}" class="ref"/>"#,
            h - 14.0
        );
    }
    s.push_str("</svg>");
    s
}

/// Monthly GE items per outlet as a small multiple of columns.
fn svg_monthly(r: &Report, lang: Lang) -> String {
    let months: Vec<String> = r
        .period
        .months()
        .iter()
        .map(|(y, m, _)| format!("{y}-{m:02}"))
        .collect();
    let outlets: Vec<&OutletRow> = r.outlets.iter().collect();
    let maxv = r
        .monthly
        .values()
        .flat_map(|m| m.values().map(|x| x.1))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let cell = 26.0;
    let titles: Vec<String> = outlets.iter().map(|o| outlet_title(o, lang)).collect();
    let label_w = chart_label_width(titles.iter().map(String::as_str));
    let row_h = 24.0;
    let title = lang.pick(
        "Số tin bài về bình đẳng giới theo tháng",
        "Gender-equality items per month",
    );
    // wide enough for the title too
    let w = (label_w + months.len() as f64 * cell + 20.0)
        .max((title.chars().count() as f64 * CHART_CHAR_W + 10.0).ceil());
    let h = 50.0 + outlets.len() as f64 * row_h;
    let mut s = String::new();
    svg_open(&mut s, w, h, title);
    for (j, m) in months.iter().enumerate() {
        if months.len() <= 12 || j % 3 == 0 {
            let _ = write!(
                s,
                r#"<text x="{}" y="38" class="sm" text-anchor="middle">{}</text>"#,
                label_w + j as f64 * cell + cell / 2.0,
                esc(&m[5..])
            );
        }
    }
    for (i, o) in outlets.iter().enumerate() {
        let y = 44.0 + i as f64 * row_h;
        svg_row_label(&mut s, label_w - 6.0, y + 15.0, &titles[i]);
        for (j, m) in months.iter().enumerate() {
            let v = r
                .monthly
                .get(&o.outlet)
                .and_then(|mm| mm.get(m))
                .map(|x| x.1)
                .unwrap_or(0);
            let bh = (v as f64 / maxv) * (row_h - 6.0);
            let x = label_w + j as f64 * cell + 3.0;
            let _ = write!(
                s,
                r#"<rect x="{x:.1}" y="{:.1}" width="{}" height="{:.1}" class="{}"><title>{} {}: {}</title></rect>"#,
                y + (row_h - 4.0) - bh.max(1.0),
                cell - 6.0,
                bh.max(1.0),
                if v == 0 { "zero" } else { "br" },
                esc(&o.outlet),
                esc(m),
                v
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// The two lines of an indicator's cell in the HTML table: the value, and what it rests on.
/// Shares show the women share with its 95% interval and female/male/unknown counts; the
/// per-gender measures show women's and men's rates side by side, as the indicator set
/// defines them; I08 and I18 show their tables in short.
fn cell_lines(o: &OutletRow, id: &str, lang: Lang) -> (String, String) {
    let Some(v) = o.get(id) else {
        return ("–".into(), String::new());
    };
    let (w, m) = (lang.pick("nữ", "women"), lang.pick("nam", "men"));
    let rates =
        |v: &IndicatorValue| format!("{w} {} · {m} {}", pct(v.female_rate), pct(v.male_rate));
    let fmu = |st: &ShareStat| format!("{}/{}/{}", st.female, st.male, st.unknown);
    match id {
        // share of each gender's sources quoted verbatim
        "I03" => {
            let src = o.get("I02").map(|x| (x.female, x.male)).unwrap_or((0, 0));
            (
                rates(v),
                format!("{} {}/{} · {} {}/{}", w, v.female, src.0, m, v.male, src.1),
            )
        }
        "I08" => {
            let mut classes: Vec<(&String, &ShareStat)> = o
                .i08_occupations
                .iter()
                .filter(|(_, st)| st.total() > 0)
                .collect();
            // largest classes first; the unclassified ("chua_ro") last
            classes.sort_by(|a, b| {
                (a.0 == "chua_ro")
                    .cmp(&(b.0 == "chua_ro"))
                    .then(b.1.total().cmp(&a.1.total()))
                    .then(a.0.cmp(b.0))
            });
            let top: Vec<String> = classes
                .iter()
                .take(4)
                .map(|(k, st)| format!("{k} {}", fmu(st)))
                .collect();
            let more = classes.len().saturating_sub(4);
            (
                format!(
                    "{} {}",
                    v.female + v.male + v.unknown,
                    lang.pick("người", "persons")
                ),
                if more > 0 {
                    format!("{}; +{more}", top.join("; "))
                } else {
                    top.join("; ")
                },
            )
        }
        "I09" | "I10" => (
            rates(v),
            format!(
                "{} {} · {}/{}/{}",
                lang.pick("tỷ số", "ratio"),
                num(v.value),
                v.female,
                v.male,
                v.unknown
            ),
        ),
        "I11" => {
            let sv = &o.i11_survivor;
            (
                format!("{}: {}", lang.pick("nạn nhân", "victim"), rates(v)),
                format!("{}: {}", lang.pick("vượt qua", "survivor"), rates(sv)),
            )
        }
        "I12" => {
            let cats: Vec<String> = o
                .i12_categories
                .iter()
                .map(|(c, n)| format!("{c} {n}"))
                .collect();
            (
                num(v.value),
                if cats.is_empty() {
                    counts(v)
                } else {
                    format!("{} · {}", counts(v), cats.join(", "))
                },
            )
        }
        "I18" => {
            let row = |g: &str| {
                o.i18_sources_by_author
                    .get(g)
                    .copied()
                    .unwrap_or(ShareStat::new(0, 0, 0))
            };
            let (f, ml, un) = (row("female"), row("male"), row("unknown"));
            (
                format!(
                    "{} {} · {} {}",
                    lang.pick("TG nữ", "by women"),
                    pct(f.women_share),
                    lang.pick("TG nam", "by men"),
                    pct(ml.women_share)
                ),
                format!("{w} {} · {m} {} · ? {}", fmu(&f), fmu(&ml), fmu(&un)),
            )
        }
        _ => {
            let c = ci(v);
            (
                shown(v),
                if c.is_empty() {
                    counts(v)
                } else {
                    format!("[{c}] {}", counts(v))
                },
            )
        }
    }
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:2em;color:#222;max-width:1200px}\
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}\
th{background:#f3f3f3}td.n{text-align:right;white-space:nowrap}td.n small{white-space:normal}.met{color:#176e2c;font-weight:600}.not_met{color:#b00020;font-weight:600}\
.partial,.no_data{color:#8a6d00}svg{display:block;margin:1em 0}.ct{font-weight:600;font-size:13px}.lb{font-size:12px}.sm{font-size:10px}\
.bg{fill:#eee}.br{fill:#7b3294}.zero{fill:#ddd}.ci{stroke:#222;stroke-width:2}.ref{stroke:#d95f02;stroke-width:2;stroke-dasharray:4 3}\
small{color:#666}.wide{overflow-x:auto}.wide td:first-child{min-width:16em}";

/// A self-contained HTML page: inline CSS and SVG, no scripts, no fonts, no external
/// resources (the only URLs are the links to the flagged articles).
pub fn to_html(r: &Report, lang: Lang) -> String {
    let mut h = String::new();
    let title = format!(
        "{} — {}",
        lang.pick("Báo cáo giới trong truyền thông", "Gender in media report"),
        r.period.label
    );
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{CSS}</style></head><body>",
        lang.pick("vi", "en"),
        esc(&title)
    );
    let _ = write!(h, "<h1>{}</h1>", esc(&title));
    let _ = write!(
        h,
        "<p>{} {} – {} · {} {} · {}: {} · {}: {}</p>",
        lang.pick("Từ", "From"),
        r.period.from.naive().format("%d/%m/%Y"),
        r.period.to.naive().format("%d/%m/%Y"),
        r.outlets.len(),
        lang.pick("cơ quan", "outlets"),
        lang.pick("số tin bài", "articles"),
        r.total.articles,
        lang.pick("kỳ trước", "previous period"),
        esc(&r.previous.label)
    );
    if r.undated > 0 {
        let _ = write!(
            h,
            "<p>{}: {}</p>",
            lang.pick(
                "Bài không có ngày đăng (không thuộc kỳ nào, không tính ở trên)",
                "Undated articles (in no period, not counted above)"
            ),
            r.undated
        );
    }
    let _ = write!(
        h,
        "<p><small>{}: {} · {}: {}</small></p>",
        lang.pick("Cấu hình chỉ tiêu", "Targets configuration"),
        esc(&r.config_source),
        lang.pick("Phiên bản bộ chỉ số", "Indicator-set versions"),
        esc(&r
            .indicator_set_versions
            .iter()
            .map(|(k, v)| format!("{} ({v})", if k.is_empty() { "–" } else { k }))
            .collect::<Vec<_>>()
            .join(", "))
    );
    // charts
    let rows_for = |id: &str| -> Vec<BarRow> {
        r.outlets
            .iter()
            .chain(std::iter::once(&r.total))
            .map(|o| {
                let v = o.get(id).expect("indicator");
                (
                    outlet_title(o, lang),
                    v.value,
                    v.ci_low,
                    v.ci_high,
                    format!(
                        "(n={}, {} {})",
                        v.female + v.male + v.unknown,
                        v.unknown,
                        lang.pick("không rõ", "unknown")
                    ),
                )
            })
            .collect()
    };
    let _ = write!(h, "<h2>{}</h2>", lang.pick("Biểu đồ", "Charts"));
    h.push_str(&svg_share_bars(
        &format!("I02 {}", indicator_label("I02", lang)),
        &rows_for("I02"),
        Some(0.5),
    ));
    h.push_str(&svg_share_bars(
        &format!("I01 {}", indicator_label("I01", lang)),
        &rows_for("I01"),
        Some(0.5),
    ));
    let i20: Vec<_> = r
        .outlets
        .iter()
        .chain(std::iter::once(&r.total))
        .map(|o| {
            let v = o.get("I20").expect("I20");
            (
                outlet_title(o, lang),
                v.value,
                v.ci_low,
                v.ci_high,
                format!("({}/{})", v.count, v.n),
            )
        })
        .collect();
    h.push_str(&svg_share_bars(
        &format!("I20 {}", indicator_label("I20", lang)),
        &i20,
        Some(r.outlet_compliance_min),
    ));
    h.push_str(&svg_monthly(r, lang));

    // indicator table (wide)
    let _ = write!(
        h,
        "<h2>{}</h2><p><small>{}</small></p><div class=\"wide\"><table><tr><th>{}</th>",
        lang.pick("Chỉ số theo cơ quan", "Indicators by outlet"),
        lang.pick(
            "Tỷ lệ nữ = nữ ÷ (nữ + nam); trong ngoặc: khoảng tin cậy 95% (Wilson), rồi số nữ/nam/không rõ. I03: tỷ lệ nguồn tin được trích trực tiếp ở nữ và ở nam. I08: số người theo nhóm nghề (nữ/nam/không rõ). I09–I11: tỷ lệ người được mô tả như vậy ở nữ và ở nam, tỷ số nữ/nam. I12: lượt trên 1.000 âm tiết (số lượt / số âm tiết, theo nhóm). I13: tỷ lệ \"nữ + nghề\" trong các đánh dấu giới. I18: tỷ lệ nữ trong nguồn tin của bài do tác giả (TG) nữ và nam viết; dưới: nguồn tin nữ/nam/không rõ theo giới tính tác giả.",
            "Women share = women ÷ (women + men); in brackets: 95% Wilson interval, then female/male/unknown counts. I03: share of sources quoted verbatim among women and among men. I08: persons by occupation class (female/male/unknown). I09–I11: share of women and of men so described, and the women/men ratio. I12: hits per 1,000 syllables (hits / syllables, by category). I13: share of \"female + job\" among gender markings. I18: women share of sources in articles by women and by men; below: sources female/male/unknown by byline gender."
        ),
        lang.pick("Chỉ số", "Indicator")
    );
    for o in r.outlets.iter().chain(std::iter::once(&r.total)) {
        let _ = write!(
            h,
            "<th>{}<br><small>{}{} {}</small></th>",
            esc(&outlet_title(o, lang)),
            if o.outlet.is_empty() {
                String::new()
            } else {
                format!("{} · ", type_label(o.outlet_type, lang))
            },
            o.articles,
            lang.pick("bài", "articles")
        );
    }
    h.push_str("</tr>");
    for id in super::build::INDICATOR_IDS {
        let _ = write!(h, "<tr><td>{id} {}</td>", esc(indicator_label(id, lang)));
        for o in r.outlets.iter().chain(std::iter::once(&r.total)) {
            let (main, detail) = cell_lines(o, id, lang);
            let _ = write!(
                h,
                "<td class=\"n\">{}<br><small>{}</small></td>",
                esc(&main),
                esc(&detail)
            );
        }
        h.push_str("</tr>");
    }
    h.push_str("</table></div>");

    // compliance
    let _ = write!(
        h,
        "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        lang.pick("Tuân thủ chỉ tiêu", "Compliance with targets"),
        lang.pick("Cơ quan", "Outlet"),
        lang.pick("Chỉ số", "Indicator"),
        lang.pick("Giá trị", "Value"),
        lang.pick("Ngưỡng", "Threshold"),
        lang.pick("Kết quả", "Result")
    );
    for c in &r.compliance {
        let thr = match (c.min, c.max) {
            (Some(m), None) => format!("≥ {}", pct(Some(m))),
            (None, Some(m)) => format!("≤ {}", num(Some(m))),
            (Some(a), Some(b)) => format!("{}–{}", num(Some(a)), num(Some(b))),
            _ => String::new(),
        };
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{} {}</td><td class=\"n\">{}</td><td>{}</td><td class=\"{}\">{}</td></tr>",
            esc(&c.outlet),
            c.indicator,
            esc(indicator_label(&c.indicator, lang)),
            if c.indicator == "I12" {
                num(c.value)
            } else {
                pct(c.value)
            },
            esc(&thr),
            c.status,
            status_label(c.status, lang)
        );
    }
    h.push_str("</table>");
    for t in &r.agency_targets {
        let st = match t.met {
            Some(true) => "met",
            Some(false) => "not_met",
            None => "no_data",
        };
        let _ = write!(
            h,
            "<p>{} <b>{}</b>: {} {} ({}/{}) — {} {} → <span class=\"{st}\">{}</span></p>",
            lang.pick("Mục tiêu", "Target"),
            esc(&t.label),
            lang.pick("tỷ lệ cơ quan đạt chuẩn", "share of compliant outlets"),
            pct(t.share),
            t.compliant_outlets,
            t.outlets_with_data,
            lang.pick("yêu cầu", "required"),
            pct(Some(t.target)),
            status_label(st, lang)
        );
    }

    // quotas
    let _ = write!(
        h,
        "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        lang.pick("Chỉ tiêu số lượng tin bài", "Coverage quotas"),
        lang.pick("Chỉ tiêu", "Quota"),
        lang.pick("Cơ quan", "Outlet"),
        lang.pick("Kỳ", "Unit"),
        lang.pick("Tin bài BĐG", "GE items"),
        lang.pick("Yêu cầu", "Required"),
        lang.pick("Kết quả", "Result")
    );
    for q in &r.quotas {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"{}\">{}</td></tr>",
            esc(&quota_label(r, &q.quota, lang)),
            esc(&q.outlet),
            esc(&q.unit),
            q.ge_items,
            q.required,
            q.status,
            status_label(q.status, lang)
        );
    }
    if r.quotas.is_empty() {
        let _ = write!(
            h,
            "<tr><td colspan=\"6\">{}</td></tr>",
            lang.pick(
                "Không có cơ quan thuộc diện chỉ tiêu trong lựa chọn.",
                "No outlet in the selection is subject to a quota."
            )
        );
    }
    h.push_str("</table>");

    // peaks
    let _ = write!(
        h,
        "<h2>{}</h2>",
        lang.pick("Các đợt cao điểm", "Peak periods")
    );
    if r.peaks.is_empty() {
        let _ = write!(
            h,
            "<p>{}</p>",
            lang.pick(
                "Kỳ báo cáo không có đợt cao điểm nào.",
                "No peak period falls in this period."
            )
        );
    } else {
        let _ = write!(
            h,
            "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            lang.pick("Đợt", "Peak"),
            lang.pick("Thời gian", "Dates"),
            lang.pick("Cơ quan", "Outlet"),
            lang.pick("Số bài", "Articles"),
            lang.pick("Tin bài BĐG", "GE items"),
            lang.pick("Nữ trong nguồn tin", "Women among sources"),
            lang.pick("Đạt chuẩn", "Compliant")
        );
        for p in &r.peaks {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{} – {}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{} <small>{}</small></td><td class=\"n\">{}</td></tr>",
                esc(&p.peak),
                p.from,
                p.to,
                esc(&p.outlet),
                p.articles,
                p.ge_items,
                pct(p.women_sources.value),
                esc(&counts(&p.women_sources)),
                pct(p.compliant.value)
            );
        }
        h.push_str("</table>");
    }

    // changes
    let _ = write!(
        h,
        "<h2>{} ({})</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        lang.pick("So với kỳ trước", "Change against the previous period"),
        esc(&r.previous.label),
        lang.pick("Cơ quan", "Outlet"),
        lang.pick("Chỉ số", "Measure"),
        lang.pick("Kỳ này", "This period"),
        lang.pick("Kỳ trước", "Previous"),
        lang.pick("Thay đổi", "Change")
    );
    for c in &r.changes {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&c.outlet),
            esc(&measure_label(&c.measure, lang)),
            measure_value(&c.measure, c.current),
            measure_value(&c.measure, c.previous),
            change_value(&c.measure, c.change)
        );
    }
    h.push_str("</table>");

    // examples
    let _ = write!(
        h,
        "<h2>{}</h2>",
        lang.pick(
            "Ví dụ đoạn văn bị gắn cờ (nghiêm trọng nhất)",
            "Most serious flagged passages"
        )
    );
    if r.examples.is_empty() {
        let _ = write!(
            h,
            "<p>{}</p>",
            lang.pick("Không có đoạn văn nào bị gắn cờ.", "No flagged passage.")
        );
    } else {
        h.push_str("<ol>");
        for e in &r.examples {
            let link = match &e.url {
                Some(u) if u.starts_with("http://") || u.starts_with("https://") => {
                    format!("<a href=\"{}\">{}</a>", esc(u), esc(&e.title))
                }
                _ => esc(&e.title),
            };
            let _ = write!(
                h,
                "<li><b>{}</b> · {} · {} · {} ({})<br>«{}» — <q>{}</q><br><small>{}{}</small></li>",
                esc(&e.outlet),
                esc(&e.date),
                link,
                severity(e.severity, lang),
                esc(&e.rule),
                esc(&e.text),
                esc(&e.context),
                esc(&example_expl(e, lang)),
                if e.suggestions.is_empty() {
                    String::new()
                } else {
                    format!(
                        " {}: {}",
                        lang.pick("Gợi ý", "Suggestions"),
                        esc(&e.suggestions.join("; "))
                    )
                }
            );
        }
        h.push_str("</ol>");
    }
    let _ = writeln!(
        h,
        "<p><small>{}</small></p></body></html>",
        lang.pick(
            "Lập bằng chisogioi. Giới tính không rõ luôn được đếm và báo cáo; không loại bỏ.",
            "Made with chisogioi. Unknown gender is always counted and reported, never dropped."
        )
    );
    h
}

/// Render in `format`.
pub fn render(r: &Report, format: ReportFormat, lang: Lang) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        ReportFormat::Xlsx => to_xlsx(r, lang)?,
        ReportFormat::Csv => to_csv(r, lang)?,
        ReportFormat::Json => to_json(r)?,
        ReportFormat::Html => to_html(r, lang).into_bytes(),
    })
}
