//! The HTML pages. Each handler reads its query, asks [`backend`] and renders with [`html`].

use super::AppState;
use super::api::ApiQ;
use super::backend::{self, CheckResult, DataSet, Filter, Record, ShareView};
use super::html::{self, Ctx, esc, layout, pct, qenc};
use crate::i18n::Lang;
use crate::model::{Flag, Person, Quote};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use std::fmt::Write;
use std::sync::Arc;

type St = State<Arc<AppState>>;

/// Read `lang=en|vi` from a query; else the server default (`--lang`, Vietnamese unless told).
/// Headers are deliberately not consulted: officers share links, and a link must show the
/// same language to everyone who opens it.
pub fn lang_of(q: Option<&str>, headers: &HeaderMap, st: &AppState) -> Lang {
    let _ = headers;
    st.lang(q)
}

fn page(ctx: Ctx, active: &str, title: &str, uri: &Uri, body: &str) -> Response {
    let pq = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    Html(layout(ctx, active, title, pq, body)).into_response()
}

fn error_page(ctx: Ctx, status: StatusCode, uri: &Uri, msg: &str) -> Response {
    let body = format!(
        "<h1>{}</h1><p class=\"error\" id=\"error\">{}</p>",
        esc(ctx.t("Không thực hiện được", "Could not do that")),
        esc(msg)
    );
    let mut r = page(ctx, "", ctx.t("Lỗi", "Error"), uri, &body);
    *r.status_mut() = status;
    r
}

pub async fn not_found(State(st): St, headers: HeaderMap, uri: Uri) -> Response {
    let lang = lang_of(
        uri.query()
            .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("lang="))),
        &headers,
        &st,
    );
    let ctx = Ctx { lang };
    error_page(
        ctx,
        StatusCode::NOT_FOUND,
        &uri,
        ctx.t("Không có trang này.", "There is no such page."),
    )
}

// ---------------------------------------------------------------------------------------------
// Draft check
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct LangQ {
    pub lang: Option<String>,
}

pub async fn check_form(
    State(st): St,
    Query(q): Query<LangQ>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let ctx = Ctx {
        lang: lang_of(q.lang.as_deref(), &headers, &st),
    };
    let body = check_body(ctx, "", None, None);
    page(
        ctx,
        "check",
        ctx.t("Kiểm tra bản thảo", "Draft check"),
        &uri,
        &body,
    )
}

fn check_body(ctx: Ctx, draft: &str, result: Option<&CheckResult>, error: Option<&str>) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<h1>{}</h1><p class=\"lead\">{}</p>",
        ctx.t("Kiểm tra bản thảo", "Draft check"),
        ctx.t(
            "Dán bản thảo (dòng đầu là tiêu đề) hoặc tải lên tệp .txt/.docx. Công cụ đánh dấu cách diễn đạt định kiến giới, liệt kê nhân vật và nguồn tin theo giới. Bản thảo không được lưu hay ghi nhật ký.",
            "Paste a draft (first line is the headline) or upload a .txt/.docx file. The checker marks gender-stereotyped wording and lists people and sources by gender. Drafts are never stored or logged."
        )
    );
    if let Some(e) = error {
        let _ = write!(s, "<p class=\"error\" id=\"error\">{}</p>", esc(e));
    }
    let _ = write!(
        s,
        "<form method=\"post\" action=\"/check#result\" enctype=\"multipart/form-data\" id=\"check-form\" autocomplete=\"off\">\
         <input type=\"hidden\" name=\"lang\" value=\"{}\">\
         <label for=\"draft\">{}</label>\
         <textarea id=\"draft\" name=\"text\" rows=\"12\" spellcheck=\"false\">{}</textarea>\
         <div class=\"row\"><label>{} <input type=\"file\" name=\"file\" id=\"file\" accept=\".txt,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document\"></label>\
         <button type=\"submit\" id=\"check-btn\">{}</button></div></form>",
        ctx.t("vi", "en"),
        ctx.t("Bản thảo", "Draft"),
        esc(draft),
        ctx.t("hoặc tệp", "or a file"),
        ctx.t("Kiểm tra", "Check"),
    );
    if let Some(r) = result {
        s.push_str(&check_result_html(ctx, r));
    }
    s
}

fn check_result_html(ctx: Ctx, r: &CheckResult) -> String {
    let mut s = String::from("<section id=\"result\">");
    // Summary: counts by category.
    let mut cats: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in &r.flags {
        *cats.entry(f.flag.category.as_str()).or_default() += 1;
    }
    let _ = write!(
        s,
        "<h2>{}</h2><p id=\"summary\">{} <b id=\"flag-count\">{}</b>",
        ctx.t("Kết quả", "Result"),
        ctx.t("Số chỗ cần lưu ý:", "Passages to review:"),
        r.flags.len()
    );
    for (c, n) in &cats {
        let _ = write!(
            s,
            " <span class=\"chip {}\">{} {}</span>",
            html::cat_class(c),
            esc(backend::category_label(c, ctx.lang)),
            n
        );
    }
    s.push_str("</p>");
    s.push_str("<div class=\"cols\"><div class=\"col-text\">");
    let flags: Vec<&Flag> = r.flags.iter().map(|f| &f.flag).collect();
    let _ = write!(
        s,
        "<div class=\"doc\" id=\"draft-view\">{}</div>",
        html::highlighted(&r.text, &flags, &r.quotes, ctx.lang)
    );
    s.push_str(&html::flag_list(&r.flags, ctx.lang));
    s.push_str("</div><aside class=\"col-side\">");
    s.push_str(&balance_block(ctx, &r.sources, &r.persons));
    s.push_str(&people_table(ctx, &r.people, &r.quotes));
    s.push_str(&quotes_list(ctx, &r.people, &r.quotes, &r.text));
    s.push_str("</aside></div></section>");
    s
}

fn balance_block(ctx: Ctx, sources: &ShareView, persons: &ShareView) -> String {
    format!(
        "<div class=\"card\" id=\"balance\"><h3>{}</h3>\
         <p>{} <b id=\"women-source-share\">{}</b></p>{}\
         <h3>{}</h3><p>{} <b id=\"women-people-share\">{}</b></p>{}</div>",
        ctx.t("Cân bằng nguồn tin", "Balance of sources"),
        ctx.t("Tỉ lệ nữ trong nguồn tin:", "Women share of sources:"),
        esc(&pct(sources.women_share, ctx.lang)),
        html::balance_svg("sources-balance", sources, ctx.lang),
        ctx.t("Nhân vật được nhắc đến", "People mentioned"),
        ctx.t("Tỉ lệ nữ:", "Women share:"),
        esc(&pct(persons.women_share, ctx.lang)),
        html::balance_svg("people-balance", persons, ctx.lang),
    )
}

fn role_label(r: crate::model::Role, lang: Lang) -> &'static str {
    use crate::model::Role::*;
    match r {
        Expert => lang.pick("chuyên gia", "expert"),
        Official => lang.pick("quan chức/người phát ngôn", "official/spokesperson"),
        Citizen => lang.pick("người dân", "citizen"),
        Subject => lang.pick("nhân vật của tin", "subject"),
        Other => lang.pick("khác", "other"),
    }
}

fn people_table(ctx: Ctx, people: &[Person], quotes: &[Quote]) -> String {
    let mut s = format!(
        "<div class=\"card\"><h3>{}</h3>",
        ctx.t("Nhân vật và nguồn tin", "People and sources")
    );
    if people.is_empty() {
        let _ = write!(
            s,
            "<p class=\"muted\" id=\"no-people\">{}</p></div>",
            ctx.t("Không nhận diện được nhân vật.", "No people found.")
        );
        return s;
    }
    let _ = write!(
        s,
        "<table id=\"people\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        ctx.t("Tên", "Name"),
        ctx.t("Giới", "Gender"),
        ctx.t("Vai trò", "Role"),
        ctx.t("Trích dẫn", "Quotes"),
    );
    for p in people {
        let nq = quotes
            .iter()
            .filter(|q| q.speaker.as_deref() == Some(p.id.as_str()))
            .count();
        let evidence = p
            .evidence_text
            .as_deref()
            .map(|e| format!(" <span class=\"muted\">({})</span>", esc(e)))
            .unwrap_or_default();
        let title = p
            .title
            .as_deref()
            .map(|t| format!("<br><span class=\"muted\">{}</span>", esc(t)))
            .unwrap_or_default();
        let _ = write!(
            s,
            "<tr class=\"g-{g}\"><td>{}{}</td><td><span class=\"gender g-{g}\">{}</span>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&p.name),
            title,
            esc(backend::gender_label(p.gender, ctx.lang)),
            evidence,
            esc(role_label(p.role, ctx.lang)),
            nq,
            g = p.gender.as_str(),
        );
    }
    s.push_str("</tbody></table></div>");
    s
}

fn quotes_list(ctx: Ctx, people: &[Person], quotes: &[Quote], text: &str) -> String {
    if quotes.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "<div class=\"card\"><h3>{}</h3><ul class=\"quotes\" id=\"quotes\">",
        ctx.t("Trích dẫn", "Quotes")
    );
    for q in quotes {
        let snippet: String = if backend::valid_span(text, q.span) {
            text[q.span.start..q.span.end].chars().take(120).collect()
        } else {
            String::new()
        };
        let _ = write!(
            s,
            "<li><b>{}</b> <span class=\"muted\">{}</span><br>{}</li>",
            esc(&backend::speaker_label(q, people, ctx.lang)),
            if q.direct {
                ctx.t("trực tiếp", "direct")
            } else {
                ctx.t("gián tiếp", "indirect")
            },
            esc(&snippet)
        );
    }
    s.push_str("</ul></div>");
    s
}

/// A draft submitted from the form.
struct Submitted {
    text: String,
    lang: Option<String>,
}

async fn read_form(mut mp: Multipart, lang: Lang) -> Result<Submitted, String> {
    let mut text = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut form_lang = None;
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                return Err(format!(
                    "{}: {e}",
                    lang.pick("Biểu mẫu không hợp lệ", "Invalid form")
                ));
            }
        };
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "text" => text = field.text().await.map_err(|e| e.to_string())?,
            "lang" => form_lang = Some(field.text().await.map_err(|e| e.to_string())?),
            "file" => {
                let fname = field.file_name().unwrap_or("").to_string();
                let bytes = field.bytes().await.map_err(|e| e.to_string())?;
                if !bytes.is_empty() {
                    file = Some((fname, bytes.to_vec()));
                }
            }
            _ => {}
        }
    }
    if let Some((fname, bytes)) = file {
        text = file_text(&fname, &bytes, lang)?;
    }
    Ok(Submitted {
        text,
        lang: form_lang,
    })
}

/// Text of an uploaded file: .docx through [`super::docx`], anything else must be UTF-8 text.
pub fn file_text(fname: &str, bytes: &[u8], lang: Lang) -> Result<String, String> {
    let lower = fname.to_lowercase();
    if lower.ends_with(".docx") || bytes.starts_with(b"PK\x03\x04") {
        return super::docx::docx_text(bytes).map_err(|e| {
            format!(
                "{} {}: {e:#}",
                lang.pick("Không đọc được tệp", "Cannot read file"),
                fname
            )
        });
    }
    if lower.ends_with(".doc") || lower.ends_with(".pdf") || lower.ends_with(".odt") {
        return Err(lang
            .pick(
                "Chỉ nhận tệp .txt hoặc .docx; hãy lưu bản thảo dưới dạng .docx hoặc dán văn bản.",
                "Only .txt or .docx files are accepted; save the draft as .docx or paste the text.",
            )
            .into());
    }
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8(b.to_vec()).map_err(|_| {
        format!(
            "{} {}",
            fname,
            lang.pick(
                "không phải văn bản UTF-8; hãy lưu lại với mã hoá UTF-8.",
                "is not UTF-8 text; save it again as UTF-8."
            )
        )
    })
}

pub async fn check_submit(
    State(st): St,
    Query(q): Query<LangQ>,
    headers: HeaderMap,
    uri: Uri,
    mp: Multipart,
) -> Response {
    let lang0 = lang_of(q.lang.as_deref(), &headers, &st);
    let sub = read_form(mp, lang0).await;
    let lang = match &sub {
        Ok(s) => lang_of(s.lang.as_deref().or(q.lang.as_deref()), &headers, &st),
        Err(_) => lang0,
    };
    let ctx = Ctx { lang };
    let title = ctx.t("Kiểm tra bản thảo", "Draft check");
    let sub = match sub {
        Ok(s) => s,
        Err(e) => {
            let mut r = page(
                ctx,
                "check",
                title,
                &uri,
                &check_body(ctx, "", None, Some(&e)),
            );
            *r.status_mut() = StatusCode::BAD_REQUEST;
            return no_store(r);
        }
    };
    if sub.text.trim().is_empty() {
        let msg = ctx.t(
            "Hãy dán bản thảo hoặc chọn tệp.",
            "Paste a draft or choose a file.",
        );
        let mut r = page(
            ctx,
            "check",
            title,
            &uri,
            &check_body(ctx, "", None, Some(msg)),
        );
        *r.status_mut() = StatusCode::BAD_REQUEST;
        return no_store(r);
    }
    if sub.text.len() > super::MAX_DRAFT_BYTES {
        let msg = ctx.t(
            "Bản thảo quá dài (tối đa 2 MB văn bản).",
            "The draft is too long (2 MB of text at most).",
        );
        let mut r = page(
            ctx,
            "check",
            title,
            &uri,
            &check_body(ctx, "", None, Some(msg)),
        );
        *r.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
        return no_store(r);
    }
    let st2 = st.clone();
    let text = sub.text;
    let result =
        tokio::task::spawn_blocking(move || backend::check_draft(&st2.engine, &text)).await;
    match result {
        Ok(r) => no_store(page(
            ctx,
            "check",
            title,
            &uri,
            &check_body(ctx, &r.text, Some(&r), None),
        )),
        Err(_) => error_page(
            ctx,
            StatusCode::INTERNAL_SERVER_ERROR,
            &uri,
            ctx.t("Lỗi khi chấm bản thảo.", "Checking the draft failed."),
        ),
    }
}

fn no_store(mut r: Response) -> Response {
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    r
}

// ---------------------------------------------------------------------------------------------
// Dashboard
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
pub struct DashQ {
    pub lang: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub province: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub month: Option<String>,
}

fn type_label(t: &str, lang: Lang) -> &'static str {
    match t {
        "national_press" => lang.pick("Báo trung ương", "National press"),
        "provincial_press" => lang.pick("Báo địa phương", "Provincial press"),
        "broadcaster" => lang.pick("Đài PT-TH", "Broadcaster"),
        "media_centre" => lang.pick("Trung tâm truyền thông", "Media centre"),
        "government_portal" => lang.pick("Cổng thông tin chính quyền", "Government portal"),
        "commune_portal" => lang.pick("Cổng thông tin xã", "Commune portal"),
        "magazine" => lang.pick("Tạp chí", "Magazine"),
        _ => lang.pick("Khác", "Other"),
    }
}

/// A `<select>` named and identified `name`, with `cur` selected.
fn select(name: &str, label: &str, options: &[(String, String)], cur: Option<&str>) -> String {
    let cur = cur.unwrap_or("");
    let mut s = format!(
        "<label>{} <select name=\"{name}\" id=\"{name}\">",
        esc(label)
    );
    for (v, l) in options {
        let _ = write!(
            s,
            "<option value=\"{}\"{}>{}</option>",
            esc(v),
            if v == cur { " selected" } else { "" },
            esc(l)
        );
    }
    s.push_str("</select></label>");
    s
}

/// Options of a filter `<select>`: "All" first, then `(value, label)` pairs.
fn options(ctx: Ctx, items: impl IntoIterator<Item = (String, String)>) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), ctx.t("Tất cả", "All").to_string())];
    v.extend(items);
    v
}

/// The province and outlet-type selects every data page offers.
fn place_selects(ctx: Ctx, data: &DataSet, province: Option<&str>, kind: Option<&str>) -> String {
    let provinces = options(ctx, data.provinces().into_iter().map(|p| (p.clone(), p)));
    let types = options(
        ctx,
        backend::OUTLET_TYPES
            .iter()
            .map(|t| (t.to_string(), type_label(t, ctx.lang).to_string())),
    );
    format!(
        "{}{}",
        select(
            "province",
            ctx.t("Tỉnh/thành", "Province"),
            &provinces,
            province
        ),
        select("type", ctx.t("Loại hình", "Outlet type"), &types, kind)
    )
}

fn no_data(ctx: Ctx, data: &DataSet) -> Option<String> {
    data.is_empty().then(|| {
        format!(
            "<div class=\"card notice\" id=\"no-data\"><p>{}</p><pre>chisogioi scan --from-dir corpus/demo --out out/demo\nchisogioi serve --index out/demo/index</pre></div>",
            esc(ctx.t(
                "Chỉ mục chưa có bài viết nào. Quét tài liệu vào chỉ mục rồi khởi động lại, ví dụ:",
                "The index holds no articles yet. Scan material into an index and start again, for example:"
            ))
        )
    })
}

/// Says that the demo data is fictional.
fn demo_note(ctx: Ctx, data: &DataSet) -> &'static str {
    if !data.demo {
        return "";
    }
    ctx.t(
        "<p class=\"card notice\" id=\"demo-note\">Dữ liệu minh hoạ: các cơ quan và bài viết trong corpus/demo là hư cấu. Khởi động với <code>--index THƯ_MỤC</code> để xem chỉ mục thật.</p>",
        "<p class=\"card notice\" id=\"demo-note\">Demo data: the outlets and articles of corpus/demo are fictional. Start with <code>--index DIR</code> to see a real index.</p>",
    )
}

/// How many of the latest months the dashboard shows unless told otherwise: a quarter's worth,
/// what officers review, and a report that builds in seconds on a large index.
const DEFAULT_MONTHS: usize = 3;

fn dash_filter(q: &DashQ, data: &DataSet) -> Filter {
    let months = data.months();
    let nz = |o: &Option<String>| o.clone().filter(|s| !s.trim().is_empty());
    let recent = months
        .iter()
        .rev()
        .nth(DEFAULT_MONTHS - 1)
        .or(months.first())
        .cloned();
    Filter {
        from: nz(&q.from).or(recent),
        to: nz(&q.to).or_else(|| months.last().cloned()),
        province: nz(&q.province),
        kind: nz(&q.kind),
        ..Default::default()
    }
}

fn quota_html(ctx: Ctx, q: &backend::QuotaStatus) -> String {
    let (cls, label) = match q.status.as_str() {
        "met" => ("met", ctx.t("đạt", "met")),
        "not_met" => ("notmet", ctx.t("không đạt", "not met")),
        "partial" => ("partial", ctx.t("đạt (kỳ chưa trọn)", "met so far")),
        _ => ("na", ctx.t("không áp dụng", "n/a")),
    };
    format!(
        "<span class=\"quota {cls}\" title=\"{}\">{}</span>",
        esc(&q.detail.join("; ")),
        esc(label)
    )
}

fn compliance_html(ctx: Ctx, c: Option<bool>, rate: Option<f64>) -> String {
    let (cls, label) = match c {
        Some(true) => ("met", ctx.t("đạt", "met")),
        Some(false) => ("notmet", ctx.t("không đạt", "not met")),
        None => ("na", ctx.t("không có dữ liệu", "no data")),
    };
    format!(
        "{} <span class=\"quota {cls}\">{}</span>",
        esc(&pct(rate, ctx.lang)),
        esc(label)
    )
}

/// Run a page that reads the index on the blocking pool (index reads are synchronous);
/// an error (a bad date in the query, an unreadable index) becomes a 400 page with its message.
async fn blocking<F>(st: Arc<AppState>, ctx: Ctx, uri: Uri, f: F) -> Response
where
    F: FnOnce(&AppState, &Uri) -> anyhow::Result<Response> + Send + 'static,
{
    let u = uri.clone();
    match tokio::task::spawn_blocking(move || f(&st, &u)).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => error_page(ctx, StatusCode::BAD_REQUEST, &uri, &format!("{e:#}")),
        Err(_) => error_page(
            ctx,
            StatusCode::INTERNAL_SERVER_ERROR,
            &uri,
            ctx.t("Lỗi máy chủ.", "Server error."),
        ),
    }
}

pub async fn dashboard(
    State(st): St,
    Query(q): Query<DashQ>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let ctx = Ctx {
        lang: lang_of(q.lang.as_deref(), &headers, &st),
    };
    blocking(st, ctx, uri, move |st, uri| {
        dashboard_page(st, ctx, &q, uri)
    })
    .await
}

fn dashboard_page(st: &AppState, ctx: Ctx, q: &DashQ, uri: &Uri) -> anyhow::Result<Response> {
    let title = ctx.t("Bảng theo dõi tuân thủ", "Compliance dashboard");
    let data = &st.data;
    let mut s = format!("<h1>{}</h1>{}", esc(title), demo_note(ctx, data));
    if let Some(n) = no_data(ctx, data) {
        s.push_str(&n);
        return Ok(page(ctx, "dashboard", title, uri, &s));
    }
    let f = dash_filter(q, data);
    let months: Vec<(String, String)> = data.months().into_iter().map(|m| (m.clone(), m)).collect();
    let _ = write!(
        s,
        "<form method=\"get\" action=\"/dashboard\" class=\"filters\" id=\"dash-filters\"><input type=\"hidden\" name=\"lang\" value=\"{}\">{}{}{}<button type=\"submit\">{}</button></form>",
        ctx.t("vi", "en"),
        select(
            "from",
            ctx.t("Từ tháng", "From"),
            &months,
            f.from.as_deref()
        ),
        select("to", ctx.t("Đến tháng", "To"), &months, f.to.as_deref()),
        place_selects(ctx, data, f.province.as_deref(), f.kind.as_deref()),
        ctx.t("Lọc", "Filter"),
    );
    let Some(period) = backend::period_of_filter(data, &f)? else {
        return Ok(page(ctx, "dashboard", title, uri, &s));
    };
    // Compliance, quotas and per-outlet indicators: the report layer's period report.
    let report = data.report(&period, &f)?;
    // Flag rates and monthly trends: the index's aggregates.
    let flagged: std::collections::BTreeMap<String, backend::StatRow> = data
        .stats(&f, false)?
        .into_iter()
        .map(|r| (r.outlet.clone(), r))
        .collect();
    let monthly = data.monthly_totals(&f)?;
    let total_flagged: u64 = flagged.values().map(|r| r.flagged_articles).sum();
    let total = &report.total;
    let ind = |row: &crate::report::build::OutletRow, id: &str| row.get(id).and_then(|v| v.value);
    let with_data = report
        .outlets
        .iter()
        .filter(|o| o.compliant.is_some())
        .count();
    let compliant = report
        .outlets
        .iter()
        .filter(|o| o.compliant == Some(true))
        .count();
    let _ = write!(
        s,
        "<p class=\"muted\" id=\"period\">{} <b>{}</b> · {} {}</p>\
         <div class=\"kpis\" id=\"kpis\"><div class=\"kpi\"><b id=\"kpi-articles\">{}</b><span>{}</span></div>\
         <div class=\"kpi\"><b id=\"kpi-women-sources\">{}</b><span>{}</span></div>\
         <div class=\"kpi\"><b>{}</b><span>{}</span></div>\
         <div class=\"kpi\"><b>{}</b><span>{}</span></div>\
         <div class=\"kpi\"><b id=\"kpi-compliant\">{compliant}/{with_data}</b><span>{}</span></div></div>",
        ctx.t("Kỳ", "Period"),
        esc(&period.label),
        ctx.t("so với kỳ trước", "compared with"),
        esc(&report.previous.label),
        total.articles,
        ctx.t("bài viết", "articles"),
        esc(&pct(ind(total, "I02"), ctx.lang)),
        ctx.t("nữ trong nguồn tin", "women among sources"),
        esc(&pct(ind(total, "I01"), ctx.lang)),
        ctx.t("nữ trong nhân vật", "women among people"),
        esc(&pct(
            (total.articles > 0).then(|| total_flagged as f64 / total.articles as f64),
            ctx.lang
        )),
        ctx.t(
            "bài có định kiến (giọng tác giả)",
            "articles with endorsed flags"
        ),
        ctx.t(
            "cơ quan đạt chuẩn (I20)",
            "outlets meeting the standard (I20)"
        ),
    );
    let labels: Vec<String> = monthly.iter().filter_map(|r| r.month.clone()).collect();
    let _ = write!(
        s,
        "<div class=\"grid2\"><div class=\"card\"><h3>{}</h3>{}</div><div class=\"card\"><h3>{}</h3>{}</div></div>",
        ctx.t("Tỉ lệ nữ theo tháng", "Women share by month"),
        html::line_chart_svg(
            "chart-women",
            &labels,
            &[
                (
                    ctx.t("nguồn tin", "sources"),
                    "s-sources",
                    monthly.iter().map(|r| r.sources.women_share).collect()
                ),
                (
                    ctx.t("nhân vật", "people"),
                    "s-people",
                    monthly.iter().map(|r| r.people.women_share).collect()
                ),
            ],
            ctx.lang
        ),
        ctx.t(
            "Tỉ lệ bài có định kiến theo tháng",
            "Flagged article rate by month"
        ),
        html::line_chart_svg(
            "chart-flags",
            &labels,
            &[(
                ctx.t("bài bị gắn cờ", "flagged articles"),
                "s-flags",
                monthly.iter().map(|r| r.flagged_rate()).collect()
            )],
            ctx.lang
        )
    );
    let _ = write!(
        s,
        "<div class=\"card\"><h3>{}</h3>{}</div>",
        ctx.t(
            "Tỉ lệ nữ trong nguồn tin theo cơ quan",
            "Women share of sources by outlet"
        ),
        html::share_bars_svg(
            &report
                .outlets
                .iter()
                .map(|r| (r.name.clone(), ind(r, "I02")))
                .collect::<Vec<_>>(),
            ctx.lang
        )
    );
    let _ = write!(
        s,
        "<table class=\"data\" id=\"outlets\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        ctx.t("Cơ quan", "Outlet"),
        ctx.t("Loại hình", "Type"),
        ctx.t("Tỉnh/thành", "Province"),
        ctx.t("Số bài", "Articles"),
        ctx.t("Nguồn tin nữ/nam/chưa rõ", "Sources F/M/unknown"),
        ctx.t("Tỉ lệ nữ (nguồn tin)", "Women share (sources)"),
        ctx.t("Tỉ lệ nữ (nhân vật)", "Women share (people)"),
        ctx.t("Bài có định kiến", "Flagged"),
        ctx.t("Bài đạt chuẩn (I20)", "Meeting the standard (I20)"),
        ctx.t("Chỉ tiêu", "Quota"),
    );
    let keep = format!(
        "from={}&to={}{}",
        qenc(f.from.as_deref().unwrap_or("")),
        qenc(f.to.as_deref().unwrap_or("")),
        ctx.lq()
    );
    for r in &report.outlets {
        let i02 = r.get("I02");
        let fl = flagged.get(&r.outlet).and_then(|x| x.flagged_rate());
        let _ = write!(
            s,
            "<tr><td><a href=\"/dashboard/outlet/{}?{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}/{}/{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            qenc(&r.outlet),
            esc(&keep),
            esc(&r.name),
            esc(type_label(r.outlet_type.as_str(), ctx.lang)),
            esc(r.province.as_deref().unwrap_or("—")),
            r.articles,
            i02.map_or(0, |v| v.female),
            i02.map_or(0, |v| v.male),
            i02.map_or(0, |v| v.unknown),
            esc(&pct(ind(r, "I02"), ctx.lang)),
            esc(&pct(ind(r, "I01"), ctx.lang)),
            esc(&pct(fl, ctx.lang)),
            compliance_html(ctx, r.compliant, ind(r, "I20")),
            quota_html(ctx, &backend::QuotaStatus::of(&report, &r.outlet)),
        );
    }
    s.push_str("</tbody></table>");
    let _ = write!(
        s,
        "<p class=\"muted\">{} {} · {} {}</p>",
        ctx.t("Nguồn dữ liệu:", "Data:"),
        esc(&data.source),
        ctx.t("Cấu hình chỉ tiêu:", "Targets and quotas:"),
        esc(&report.config_source)
    );
    Ok(page(ctx, "dashboard", title, uri, &s))
}

pub async fn outlet_page(
    State(st): St,
    Path(id): Path<String>,
    Query(q): Query<DashQ>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let ctx = Ctx {
        lang: lang_of(q.lang.as_deref(), &headers, &st),
    };
    blocking(st, ctx, uri, move |st, uri| {
        outlet_month_page(st, ctx, &id, &q, uri)
    })
    .await
}

fn outlet_month_page(
    st: &AppState,
    ctx: Ctx,
    id: &str,
    q: &DashQ,
    uri: &Uri,
) -> anyhow::Result<Response> {
    let data = &st.data;
    let Some(outlet) = data.outlet(id) else {
        return Ok(error_page(
            ctx,
            StatusCode::NOT_FOUND,
            uri,
            &format!("{} {id}", ctx.t("Không có cơ quan", "No outlet")),
        ));
    };
    let mut f = dash_filter(q, data);
    f.province = None;
    f.kind = None;
    f.outlet = Some(outlet.id.clone());
    let monthly = data.stats(&f, true)?;
    let month = q
        .month
        .clone()
        .filter(|m| monthly.iter().any(|r| r.month.as_deref() == Some(m)))
        .or_else(|| monthly.last().and_then(|r| r.month.clone()));
    let mut s = format!(
        "<p><a href=\"/dashboard?from={}&amp;to={}{}\">← {}</a></p><h1>{}</h1><p class=\"muted\">{} · {}</p>",
        qenc(f.from.as_deref().unwrap_or("")),
        qenc(f.to.as_deref().unwrap_or("")),
        esc(ctx.lq()),
        ctx.t("Bảng theo dõi", "Dashboard"),
        esc(&outlet.name),
        esc(type_label(outlet.kind.as_str(), ctx.lang)),
        esc(outlet.province.as_deref().unwrap_or("—")),
    );
    if let Some(period) = backend::period_of_filter(data, &f)? {
        let report = data.report(&period, &f)?;
        let quota = backend::QuotaStatus::of(&report, &outlet.id);
        let row = report.outlets.iter().find(|o| o.outlet == outlet.id);
        let _ = write!(
            s,
            "<p id=\"outlet-status\">{} <b>{}</b>: {} {} · {} {} <span class=\"muted\">{}</span></p>",
            ctx.t("Kỳ", "Period"),
            esc(&period.label),
            ctx.t("bài đạt chuẩn (I20)", "meeting the standard (I20)"),
            compliance_html(
                ctx,
                row.and_then(|r| r.compliant),
                row.and_then(|r| r.get("I20")).and_then(|v| v.value)
            ),
            ctx.t("chỉ tiêu", "quota"),
            quota_html(ctx, &quota),
            esc(&quota.detail.join("; "))
        );
    }
    let labels: Vec<String> = monthly.iter().filter_map(|r| r.month.clone()).collect();
    let _ = write!(
        s,
        "<div class=\"card\">{}</div>",
        html::line_chart_svg(
            "chart-outlet",
            &labels,
            &[
                (
                    ctx.t("nguồn tin nữ", "women sources"),
                    "s-sources",
                    monthly.iter().map(|r| r.sources.women_share).collect()
                ),
                (
                    ctx.t("nhân vật nữ", "women people"),
                    "s-people",
                    monthly.iter().map(|r| r.people.women_share).collect()
                ),
                (
                    ctx.t("bài có định kiến", "flagged"),
                    "s-flags",
                    monthly.iter().map(|r| r.flagged_rate()).collect()
                ),
            ],
            ctx.lang
        )
    );
    s.push_str("<nav class=\"months\" id=\"months\">");
    for r in &monthly {
        let m = r.month.clone().unwrap_or_default();
        let _ = write!(
            s,
            "<a href=\"/dashboard/outlet/{}?month={}&amp;from={}&amp;to={}{}\"{}>{} ({})</a> ",
            qenc(&outlet.id),
            qenc(&m),
            qenc(f.from.as_deref().unwrap_or("")),
            qenc(f.to.as_deref().unwrap_or("")),
            esc(ctx.lq()),
            if Some(&m) == month.as_ref() {
                " class=\"active\""
            } else {
                ""
            },
            esc(&m),
            r.articles
        );
    }
    s.push_str("</nav>");
    if let Some(m) = &month {
        if let Some(r) = monthly.iter().find(|r| r.month.as_deref() == Some(m)) {
            let _ = write!(
                s,
                "<h2>{} {}</h2><div class=\"kpis\"><div class=\"kpi\"><b>{}</b><span>{}</span></div><div class=\"kpi\"><b>{}</b><span>{}</span></div><div class=\"kpi\"><b>{}</b><span>{}</span></div><div class=\"kpi\"><b>{}</b><span>{}</span></div></div>",
                ctx.t("Tháng", "Month"),
                esc(m),
                r.articles,
                ctx.t("bài viết", "articles"),
                esc(&pct(r.sources.women_share, ctx.lang)),
                ctx.t("nữ trong nguồn tin", "women among sources"),
                r.flagged_articles,
                ctx.t("bài có định kiến", "flagged articles"),
                r.ge_items,
                ctx.t("tin bài bình đẳng giới", "gender-equality items"),
            );
        }
        let mf = Filter {
            outlet: Some(outlet.id.clone()),
            from: Some(m.clone()),
            to: Some(m.clone()),
            flagged: true,
            ..Default::default()
        };
        let (n, recs) = data.search(&mf, 0, 500)?;
        let _ = write!(
            s,
            "<h3>{} ({n})</h3>",
            ctx.t("Bài bị gắn cờ", "Flagged articles"),
        );
        s.push_str(&result_list(ctx, &recs, "flagged-articles"));
    }
    Ok(page(ctx, "dashboard", &outlet.name, uri, &s))
}

fn result_list(ctx: Ctx, recs: &[Record], id: &str) -> String {
    let mut s = format!("<ol class=\"results\" id=\"{id}\">");
    for r in recs {
        let mut cats: Vec<&str> = r.endorsed_flags().map(|f| f.category.as_str()).collect();
        cats.sort_unstable();
        cats.dedup();
        let chips: String = cats
            .iter()
            .map(|c| {
                format!(
                    "<span class=\"chip {}\">{}</span>",
                    html::cat_class(c),
                    esc(backend::category_label(c, ctx.lang))
                )
            })
            .collect();
        let src: ShareView = r.scorecard.indicators.i02_sources.into();
        let _ = write!(
            s,
            "<li><a class=\"title\" href=\"/article/{}{}\">{}</a><div class=\"meta\">{} · {} · {} {}/{}/{} {}</div><p class=\"sapo\">{}</p></li>",
            qenc(&r.article.id),
            if ctx.lang == Lang::En { "?lang=en" } else { "" },
            esc(if r.article.title.is_empty() {
                &r.article.id
            } else {
                &r.article.title
            }),
            esc(&r.outlet.name),
            esc(r.article.date.as_deref().unwrap_or("")),
            ctx.t("nguồn tin nữ/nam/chưa rõ", "sources F/M/unknown"),
            src.female,
            src.male,
            src.unknown,
            chips,
            esc(&r.article.sapo.chars().take(220).collect::<String>()),
        );
    }
    s.push_str("</ol>");
    s
}

// ---------------------------------------------------------------------------------------------
// Search and article
// ---------------------------------------------------------------------------------------------

pub async fn search(
    State(st): St,
    Query(q): Query<ApiQ>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let ctx = Ctx {
        lang: lang_of(q.lang.as_deref(), &headers, &st),
    };
    blocking(st, ctx, uri, move |st, uri| {
        Ok(search_page(st, ctx, &q, uri))
    })
    .await
}

fn search_page(st: &AppState, ctx: Ctx, q: &ApiQ, uri: &Uri) -> Response {
    let title = ctx.t("Tìm kiếm", "Search");
    let data = &st.data;
    let filter = q.filter();
    let f = &filter;
    let mut s = format!("<h1>{}</h1>{}", esc(title), demo_note(ctx, data));
    if let Some(n) = no_data(ctx, data) {
        s.push_str(&n);
    }
    let outlets = options(ctx, data.outlets().into_iter().map(|o| (o.id, o.name)));
    let flags = options(
        ctx,
        [
            "STEREO",
            "BENEVOLENT",
            "APPEAR",
            "DEROG",
            "GMARK",
            "FAMILY",
            "GBV",
        ]
        .iter()
        .map(|c| {
            (
                c.to_string(),
                backend::category_label(c, ctx.lang).to_string(),
            )
        }),
    );
    let topics = options(
        ctx,
        [
            ("ge", ctx.t("Bình đẳng giới", "Gender equality")),
            ("gbv", ctx.t("Bạo lực giới", "Gender-based violence")),
            ("policy", ctx.t("Dẫn chiếu chính sách", "Policy reference")),
        ]
        .map(|(v, l)| (v.to_string(), l.to_string())),
    );
    let genders = options(
        ctx,
        [
            ("female", ctx.t("nữ", "female")),
            ("male", ctx.t("nam", "male")),
            ("unknown", ctx.t("chưa rõ", "unknown")),
        ]
        .map(|(v, l)| (v.to_string(), l.to_string())),
    );
    use crate::model::Role;
    let roles = options(
        ctx,
        [
            Role::Expert,
            Role::Official,
            Role::Citizen,
            Role::Subject,
            Role::Other,
        ]
        .map(|r| {
            (
                crate::index::store::role_str(r).to_string(),
                role_label(r, ctx.lang).to_string(),
            )
        }),
    );
    // The CLI's people filters, in a fold-out inside the form.
    let more = format!(
        "<details class=\"more\"{}><summary>{}</summary>{}{}{}</details>",
        if [&f.source_gender, &f.person_gender, &f.role]
            .iter()
            .any(|x| x.as_deref().is_some_and(|v| !v.is_empty()))
        {
            " open"
        } else {
            ""
        },
        ctx.t("Lọc theo nhân vật", "People filters"),
        select(
            "source_gender",
            ctx.t("Có nguồn tin giới", "Has a source who is"),
            &genders,
            f.source_gender.as_deref()
        ),
        select(
            "person_gender",
            ctx.t("Có nhân vật giới", "Has a person who is"),
            &genders,
            f.person_gender.as_deref()
        ),
        select(
            "role",
            ctx.t("Có nhân vật vai trò", "Has a person in the role"),
            &roles,
            f.role.as_deref()
        ),
    );
    let _ = write!(
        s,
        "<form method=\"get\" action=\"/search\" class=\"filters\" id=\"search-form\"><input type=\"hidden\" name=\"lang\" value=\"{}\">\
         <label class=\"wide\">{} <input type=\"search\" name=\"q\" id=\"q\" value=\"{}\"></label>{}{}\
         <label>{} <input type=\"text\" name=\"from\" placeholder=\"2025-09\" value=\"{}\" size=\"10\"></label>\
         <label>{} <input type=\"text\" name=\"to\" placeholder=\"2025-12-31\" value=\"{}\" size=\"10\"></label>{}{}\
         <label><input type=\"checkbox\" name=\"has_woman_source\" value=\"true\"{}> {}</label>{more}\
         <button type=\"submit\" id=\"search-btn\">{}</button></form>",
        ctx.t("vi", "en"),
        ctx.t("Từ khoá", "Words"),
        esc(f.q.as_deref().unwrap_or("")),
        select(
            "outlet",
            ctx.t("Cơ quan", "Outlet"),
            &outlets,
            f.outlet.as_deref()
        ),
        place_selects(ctx, data, f.province.as_deref(), f.kind.as_deref()),
        ctx.t("Từ ngày", "From"),
        esc(f.from.as_deref().unwrap_or("")),
        ctx.t("Đến ngày", "To"),
        esc(f.to.as_deref().unwrap_or("")),
        select(
            "flag",
            ctx.t("Định kiến", "Flag"),
            &flags,
            f.flag.as_deref()
        ),
        select(
            "topic",
            ctx.t("Chủ đề", "Topic"),
            &topics,
            f.topic.as_deref()
        ),
        if f.has_woman_source == Some(true) {
            " checked"
        } else {
            ""
        },
        ctx.t("có nguồn tin nữ", "has a woman source"),
        ctx.t("Tìm", "Search"),
    );
    let searched = uri.query().is_some_and(|q| {
        q.split('&')
            .any(|p| !p.starts_with("lang=") && !p.ends_with('='))
    });
    if searched && !data.is_empty() {
        const PER: usize = 20;
        let pg = q
            .page
            .as_deref()
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, 100_000);
        let (total, recs) = match data.search(f, (pg - 1) * PER, PER) {
            Ok(x) => x,
            Err(e) => {
                let _ = write!(
                    s,
                    "<p class=\"error\" id=\"error\">{}</p>",
                    esc(&format!("{e:#}"))
                );
                let mut r = page(ctx, "search", title, uri, &s);
                *r.status_mut() = StatusCode::BAD_REQUEST;
                return r;
            }
        };
        let _ = write!(
            s,
            "<p id=\"result-count\">{} <b>{}</b></p>",
            ctx.t("Số kết quả:", "Results:"),
            total
        );
        s.push_str(&result_list(ctx, &recs, "results"));
        if total > pg * PER {
            let qs = uri
                .query()
                .unwrap_or("")
                .split('&')
                .filter(|p| !p.starts_with("page="))
                .collect::<Vec<_>>()
                .join("&");
            let _ = write!(
                s,
                "<p><a href=\"/search?{}&amp;page={}\" id=\"next\">{} →</a></p>",
                esc(&qs),
                pg + 1,
                ctx.t("Trang sau", "Next page")
            );
        }
    }
    page(ctx, "search", title, uri, &s)
}

/// Only http(s) links from stored data are made clickable.
fn safe_url(u: &str) -> Option<&str> {
    let l = u.trim_start().to_ascii_lowercase();
    (l.starts_with("http://") || l.starts_with("https://")).then_some(u)
}

pub async fn article(
    State(st): St,
    Path(id): Path<String>,
    Query(q): Query<LangQ>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let ctx = Ctx {
        lang: lang_of(q.lang.as_deref(), &headers, &st),
    };
    blocking(st, ctx, uri, move |st, uri| article_page(st, ctx, &id, uri)).await
}

fn article_page(st: &AppState, ctx: Ctx, id: &str, uri: &Uri) -> anyhow::Result<Response> {
    let Some(r) = st.data.article(id)? else {
        return Ok(error_page(
            ctx,
            StatusCode::NOT_FOUND,
            uri,
            &format!("{} {id}", ctx.t("Không có bài", "No article")),
        ));
    };
    let (text, _) = r.article.analysis_text();
    let sc = &r.scorecard;
    let views = backend::flag_views(&text, &sc.flags);
    let mut s = format!(
        "<p class=\"muted\">{} · {}</p><h1>{}</h1>",
        esc(&r.outlet.name),
        esc(r.article.date.as_deref().unwrap_or("")),
        esc(&r.article.title)
    );
    if let Some(u) = r.article.url.as_deref().and_then(safe_url) {
        let _ = write!(
            s,
            "<p><a href=\"{}\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">{}</a></p>",
            esc(u),
            esc(u)
        );
    }
    let _ = write!(
        s,
        "<div class=\"kpis\" id=\"scorecard\"><div class=\"kpi\"><b>{}</b><span>{}</span></div><div class=\"kpi\"><b>{}</b><span>{}</span></div><div class=\"kpi\"><b>{}</b><span>{}</span></div><div class=\"kpi\"><b>{}</b><span>{}</span></div></div>",
        sc.people.len(),
        ctx.t("nhân vật", "people"),
        sc.quotes.len(),
        ctx.t("trích dẫn", "quotes"),
        views.len(),
        ctx.t("chỗ cần lưu ý", "flags"),
        if sc.compliant {
            ctx.t("đạt", "yes")
        } else {
            ctx.t("chưa đạt", "no")
        },
        ctx.t("đạt yêu cầu bài viết (I20)", "meets the article rule (I20)"),
    );
    if !sc.violations.is_empty() {
        let _ = write!(
            s,
            "<p class=\"muted\">{} {}</p>",
            ctx.t("Chưa đạt vì:", "Not met because:"),
            esc(&sc.violations.join(", "))
        );
    }
    s.push_str("<div class=\"cols\"><div class=\"col-text\">");
    let flags: Vec<&Flag> = views.iter().map(|f| &f.flag).collect();
    let _ = write!(
        s,
        "<div class=\"doc\" id=\"article-text\">{}</div>",
        html::highlighted(&text, &flags, &sc.quotes, ctx.lang)
    );
    s.push_str(&html::flag_list(&views, ctx.lang));
    s.push_str("</div><aside class=\"col-side\">");
    s.push_str(&balance_block(
        ctx,
        &sc.indicators.i02_sources.into(),
        &sc.indicators.i01_people.into(),
    ));
    s.push_str(&people_table(ctx, &sc.people, &sc.quotes));
    s.push_str(&indicator_table(ctx, sc));
    let _ = write!(
        s,
        "<p class=\"muted\">{} {} · {} <a href=\"/api/v1/query?id={}\">JSON</a></p>",
        ctx.t("Bộ chỉ số", "Indicator set"),
        esc(&sc.versions.indicator_set),
        esc(&sc.versions.engine),
        qenc(&r.article.id)
    );
    s.push_str("</aside></div>");
    Ok(page(ctx, "search", &r.article.title, uri, &s))
}

fn indicator_table(ctx: Ctx, sc: &crate::model::Scorecard) -> String {
    let i = &sc.indicators;
    let share = |v: &crate::model::Share| format!("{}/{}/{}", v.female, v.male, v.unknown);
    let rows: Vec<(&str, String)> = vec![
        (ctx.t("I01 nhân vật", "I01 people"), share(&i.i01_people)),
        (ctx.t("I02 nguồn tin", "I02 sources"), share(&i.i02_sources)),
        (
            ctx.t("I03 trích dẫn trực tiếp", "I03 direct sources"),
            share(&i.i03_direct_sources),
        ),
        (
            ctx.t("I05 chuyên gia", "I05 experts"),
            share(&i.i05_expert_sources),
        ),
        (
            ctx.t("I06 quan chức", "I06 officials"),
            share(&i.i06_official_sources),
        ),
        (
            ctx.t("I09 khung gia đình", "I09 family framing"),
            share(&i.i09_family),
        ),
        (
            ctx.t("I10 ngoại hình", "I10 appearance"),
            share(&i.i10_appearance),
        ),
        (
            ctx.t("I13 đánh dấu giới nữ/nam", "I13 gender-marked F/M"),
            format!("{}/{}", i.i13_marked_female, i.i13_marked_male),
        ),
        (
            ctx.t("I16 dẫn chiếu chính sách", "I16 policy reference"),
            if i.i16_policy { "✓" } else { "—" }.into(),
        ),
        (
            ctx.t("I17 chủ đề bình đẳng giới", "I17 gender-equality topic"),
            if i.i17_ge_topic { "✓" } else { "—" }.into(),
        ),
    ];
    let mut s = format!(
        "<div class=\"card\"><h3>{}</h3><table id=\"indicators\"><tbody>",
        ctx.t(
            "Chỉ số (nữ/nam/chưa rõ)",
            "Indicators (female/male/unknown)"
        )
    );
    for (k, v) in rows {
        let _ = write!(s, "<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(&v));
    }
    s.push_str("</tbody></table></div>");
    s
}

// ---------------------------------------------------------------------------------------------
// Reports and API docs
// ---------------------------------------------------------------------------------------------

pub async fn reports(
    State(st): St,
    Query(q): Query<DashQ>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let ctx = Ctx {
        lang: lang_of(q.lang.as_deref(), &headers, &st),
    };
    let title = ctx.t("Báo cáo kỳ", "Period report");
    let data = &st.data;
    let mut s = format!(
        "<h1>{}</h1><p class=\"lead\">{}</p>",
        esc(title),
        esc(ctx.t(
            "Chọn kỳ báo cáo: tháng (2025-09), quý (2025-Q3), nửa năm (2025-H2), năm (2025) hoặc khoảng ngày (2025-09-01..2025-10-15).",
            "Choose the period: a month (2025-09), quarter (2025-Q3), half-year (2025-H2), year (2025) or a date range (2025-09-01..2025-10-15)."
        ))
    );
    s.push_str(demo_note(ctx, data));
    if let Some(n) = no_data(ctx, data) {
        s.push_str(&n);
    }
    let latest = data.months().last().cloned().unwrap_or_default();
    let _ = write!(
        s,
        "<form method=\"get\" action=\"/api/v1/report\" class=\"filters\" id=\"report-form\"><input type=\"hidden\" name=\"lang\" value=\"{}\">\
         <label>{} <input type=\"text\" name=\"period\" id=\"period\" value=\"{}\" required></label>{}\
         <span class=\"buttons\"><button name=\"format\" value=\"xlsx\" id=\"dl-xlsx\">XLSX</button>\
         <button name=\"format\" value=\"csv\" id=\"dl-csv\">CSV</button>\
         <button name=\"format\" value=\"html\" id=\"dl-html\">HTML</button>\
         <button name=\"format\" value=\"json\" id=\"dl-json\">JSON</button></span></form>",
        ctx.t("vi", "en"),
        ctx.t("Kỳ", "Period"),
        esc(&latest),
        place_selects(ctx, data, None, None),
    );
    page(ctx, "reports", title, &uri, &s)
}

pub async fn api_docs(
    State(st): St,
    Query(q): Query<LangQ>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let ctx = Ctx {
        lang: lang_of(q.lang.as_deref(), &headers, &st),
    };
    let body = format!(
        "<h1>API</h1><p>{}</p><p><a href=\"/api/openapi.json\" id=\"openapi-link\">/api/openapi.json</a> (OpenAPI 3.1)</p>\
         <table class=\"data\"><tbody>\
         <tr><td><code>POST /api/v1/check</code></td><td>{}</td></tr>\
         <tr><td><code>GET /api/v1/query</code></td><td>{}</td></tr>\
         <tr><td><code>GET /api/v1/stats</code></td><td>{}</td></tr>\
         <tr><td><code>GET /api/v1/report</code></td><td>{}</td></tr>\
         <tr><td><code>POST /api/v1/rescore</code></td><td>{}</td></tr></tbody></table>\
         <pre>curl -s -X POST -H 'Content-Type: application/json' \\\n  --data '{{\"text\": \"Tiêu đề\\nNội dung bản thảo…\"}}' \\\n  http://127.0.0.1:8080/api/v1/check</pre>",
        esc(ctx.t(
            "Giao diện JSON cho hệ thống quản lý nội dung của toà soạn, tương ứng các lệnh dòng lệnh.",
            "JSON endpoints for newsroom CMSs, mirroring the command line."
        )),
        esc(ctx.t(
            "kiểm tra bản thảo (JSON {\"text\"} hoặc text/plain); không lưu, không ghi nhật ký",
            "check a draft (JSON {\"text\"} or text/plain); never stored or logged"
        )),
        esc(ctx.t(
            "tìm bài viết với các bộ lọc của lệnh query",
            "find articles with the query command's filters"
        )),
        esc(ctx.t(
            "thống kê theo cơ quan (và tháng)",
            "per-outlet statistics (and by month)"
        )),
        esc(ctx.t(
            "báo cáo kỳ: xlsx, csv, html, json",
            "period report: xlsx, csv, html, json"
        )),
        esc(ctx.t(
            "chấm lại (cần mã truy cập: Authorization: Bearer …)",
            "re-score (needs the token: Authorization: Bearer …)"
        )),
    );
    page(ctx, "api", "API", &uri, &body)
}
