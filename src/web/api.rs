//! The JSON API (`/api/v1/*`), mirroring the CLI: `check`, `query`, per-outlet `stats`, `report`,
//! and the token-protected `rescore`. Described by `openapi.json`, served at `/api/openapi.json`.

use super::AppState;
use super::backend::{self, Filter, ReportFormat, ShareView};
use super::pages::LangQ;
use crate::i18n::Lang;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

type St = State<Arc<AppState>>;

fn json<T: Serialize>(status: StatusCode, v: &T) -> Response {
    match serde_json::to_vec(v) {
        Ok(b) => (
            status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            b,
        )
            .into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// `{"error": "..."}` with a status.
pub fn error(status: StatusCode, msg: &str) -> Response {
    json(status, &serde_json::json!({ "error": msg }))
}

fn lang(q: Option<&str>, st: &AppState) -> Lang {
    st.lang(q)
}

pub async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        include_str!("openapi.json"),
    )
        .into_response()
}

#[derive(Deserialize)]
struct CheckBody {
    text: String,
}

/// `POST /api/v1/check`: JSON `{"text": …}` or a `text/plain` body.
pub async fn check(
    State(st): St,
    Query(q): Query<LangQ>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let lang = lang(q.lang.as_deref(), &st);
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let text = if ctype.starts_with("application/json") {
        match serde_json::from_slice::<CheckBody>(&body) {
            Ok(b) => b.text,
            Err(e) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    &format!(
                        "{}: {e}",
                        lang.pick(
                            "thân yêu cầu phải là JSON {\"text\": \"…\"}",
                            "the body must be JSON {\"text\": \"…\"}"
                        )
                    ),
                );
            }
        }
    } else if ctype.starts_with("text/plain") || ctype.is_empty() {
        match String::from_utf8(body.to_vec()) {
            Ok(t) => t,
            Err(_) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    lang.pick("văn bản phải là UTF-8", "the text must be UTF-8"),
                );
            }
        }
    } else {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            lang.pick(
                "Content-Type phải là application/json hoặc text/plain",
                "Content-Type must be application/json or text/plain",
            ),
        );
    };
    if text.len() > super::MAX_DRAFT_BYTES {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            lang.pick(
                "bản thảo quá dài (tối đa 2 MB)",
                "the draft is too long (2 MB at most)",
            ),
        );
    }
    let st2 = st.clone();
    match tokio::task::spawn_blocking(move || backend::check_draft(&st2.engine, &text)).await {
        Ok(r) => {
            let mut res = json(StatusCode::OK, &r);
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            lang.pick("lỗi khi chấm bản thảo", "checking failed"),
        ),
    }
}

/// Query parameters of `query`, `stats` and `report` (the CLI's filters).
#[derive(Deserialize, Default, Debug)]
pub struct ApiQ {
    pub lang: Option<String>,
    pub q: Option<String>,
    pub outlet: Option<String>,
    pub province: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub flag: Option<String>,
    pub topic: Option<String>,
    pub source_gender: Option<String>,
    pub person_gender: Option<String>,
    pub role: Option<String>,
    /// `true`, `on` or `1` (a form checkbox) for at least one woman source.
    pub has_woman_source: Option<String>,
    /// Numeric conditions as the CLI's `--where`, comma-separated: `i02_female>=1,i17=1`.
    #[serde(rename = "where")]
    pub wheres: Option<String>,
    /// Only articles with a flag in the author's voice.
    pub flagged: Option<bool>,
    /// `query`: one article by id.
    pub id: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    /// `stats`: `outlet` (default), `month`, or `outlet,month`.
    pub by: Option<String>,
    /// `report`: the period.
    pub period: Option<String>,
    /// `report`: xlsx, csv, html, json.
    pub format: Option<String>,
    /// The search page's page number.
    pub page: Option<String>,
}

impl ApiQ {
    /// The selection these parameters describe.
    pub fn filter(&self) -> Filter {
        Filter {
            q: self.q.clone(),
            outlet: self.outlet.clone(),
            province: self.province.clone(),
            kind: self.kind.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            flag: self.flag.clone(),
            topic: self.topic.clone(),
            source_gender: self.source_gender.clone(),
            person_gender: self.person_gender.clone(),
            role: self.role.clone(),
            has_woman_source: self
                .has_woman_source
                .as_deref()
                .map(|v| matches!(v, "true" | "on" | "1")),
            wheres: self
                .wheres
                .as_deref()
                .map(|w| w.split(',').map(str::to_string).collect())
                .unwrap_or_default(),
            flagged: self.flagged == Some(true),
        }
    }
}

#[derive(Serialize)]
struct Hit<'a> {
    id: &'a str,
    title: &'a str,
    outlet: &'a str,
    outlet_name: &'a str,
    date: Option<&'a str>,
    url: Option<&'a str>,
    sources: ShareView,
    people: ShareView,
    flags: usize,
    categories: Vec<&'a str>,
    compliant: bool,
}

/// `GET /api/v1/query`: matching articles, or one article (`id=`) with its scorecard.
pub async fn query(
    State(st): St,
    q: Result<Query<ApiQ>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Query(q) = match q {
        Ok(q) => q,
        Err(e) => return error(StatusCode::BAD_REQUEST, &e.body_text()),
    };
    let lang = lang(q.lang.as_deref(), &st);
    let st2 = st.clone();
    match tokio::task::spawn_blocking(move || query_json(&st2.data, &q, lang)).await {
        Ok(r) => r,
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "query failed"),
    }
}

fn query_json(data: &backend::DataSet, q: &ApiQ, lang: Lang) -> Response {
    if let Some(id) = q.id.as_deref() {
        return match data.article(id) {
            Ok(Some(r)) => json(StatusCode::OK, &r),
            Err(e) => error(StatusCode::BAD_REQUEST, &format!("{e:#}")),
            Ok(None) => error(
                StatusCode::NOT_FOUND,
                &format!("{} {id}", lang.pick("không có bài", "no article")),
            ),
        };
    }
    let limit = q.limit.unwrap_or(20).min(1000);
    let offset = q.offset.unwrap_or(0);
    let (total, recs) = match data.search(&q.filter(), offset, limit) {
        Ok(x) => x,
        Err(e) => return error(StatusCode::BAD_REQUEST, &format!("{e:#}")),
    };
    let hits: Vec<Hit> = recs
        .iter()
        .map(|r| {
            let mut categories: Vec<&str> =
                r.endorsed_flags().map(|f| f.category.as_str()).collect();
            categories.sort_unstable();
            categories.dedup();
            Hit {
                id: &r.article.id,
                title: &r.article.title,
                outlet: &r.outlet.id,
                outlet_name: &r.outlet.name,
                date: r.article.date.as_deref(),
                url: r.article.url.as_deref(),
                sources: r.scorecard.indicators.i02_sources.into(),
                people: r.scorecard.indicators.i01_people.into(),
                flags: r.endorsed_flags().count(),
                categories,
                compliant: r.scorecard.compliant,
            }
        })
        .collect();
    json(
        StatusCode::OK,
        &serde_json::json!({ "total": total, "offset": offset, "limit": limit, "results": hits }),
    )
}

#[derive(Serialize)]
struct StatOut {
    #[serde(flatten)]
    row: backend::StatRow,
    flagged_rate: Option<f64>,
    flags_per_1000_syllables: Option<f64>,
    /// The report layer's quota summary for the period (by outlet only).
    #[serde(skip_serializing_if = "Option::is_none")]
    quota: Option<backend::QuotaStatus>,
    /// The report layer's I20 verdict for the outlet and period (by outlet only).
    #[serde(skip_serializing_if = "Option::is_none")]
    outlet_compliant: Option<bool>,
}

/// `GET /api/v1/stats`: per-outlet (and/or per-month) statistics for the filters.
pub async fn stats(
    State(st): St,
    q: Result<Query<ApiQ>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Query(q) = match q {
        Ok(q) => q,
        Err(e) => return error(StatusCode::BAD_REQUEST, &e.body_text()),
    };
    let f = q.filter();
    let by = q.by.as_deref().unwrap_or("outlet").to_string();
    let st2 = st.clone();
    let b = by.clone();
    let out = tokio::task::spawn_blocking(move || stats_rows(&st2.data, &f, &b)).await;
    match out {
        Ok(Ok(v)) => json(StatusCode::OK, &v),
        Ok(Err(e)) => error(StatusCode::BAD_REQUEST, &format!("{e:#}")),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "stats failed"),
    }
}

/// The rows of `stats`: index aggregates, with each outlet's quota status from the report
/// layer for the period when grouping by outlet.
fn stats_rows(data: &backend::DataSet, f: &Filter, by: &str) -> anyhow::Result<serde_json::Value> {
    let rows = match by {
        "outlet" => data.stats(f, false)?,
        "outlet,month" | "month,outlet" => data.stats(f, true)?,
        "month" => data.monthly_totals(f)?,
        _ => anyhow::bail!("by={by}: expected outlet, month or outlet,month"),
    };
    let period = backend::period_of_filter(data, f)?;
    let report = match (&period, by) {
        (Some(p), "outlet") => Some(data.report(p, f)?),
        _ => None,
    };
    let out: Vec<StatOut> = rows
        .into_iter()
        .map(|row| StatOut {
            flagged_rate: row.flagged_rate(),
            flags_per_1000_syllables: row.flags_per_1000(),
            quota: report
                .as_ref()
                .map(|r| backend::QuotaStatus::of(r, &row.outlet)),
            outlet_compliant: report.as_ref().and_then(|r| {
                r.outlets
                    .iter()
                    .find(|o| o.outlet == row.outlet)
                    .and_then(|o| o.compliant)
            }),
            row,
        })
        .collect();
    Ok(serde_json::json!({
        "from": f.from,
        "to": f.to,
        "period": period.map(|p| p.label),
        "by": by,
        "rows": out,
    }))
}

/// `GET /api/v1/report?period=…&format=xlsx|csv|html|json`: the period report as a download.
pub async fn report(
    State(st): St,
    q: Result<Query<ApiQ>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Query(q) = match q {
        Ok(q) => q,
        Err(e) => return error(StatusCode::BAD_REQUEST, &e.body_text()),
    };
    let lang = lang(q.lang.as_deref(), &st);
    let Some(period) = q.period.as_deref().filter(|p| !p.trim().is_empty()) else {
        return error(
            StatusCode::BAD_REQUEST,
            lang.pick(
                "thiếu period (ví dụ 2025-09, 2025-Q3)",
                "missing period (e.g. 2025-09, 2025-Q3)",
            ),
        );
    };
    let fmt_s = q.format.as_deref().unwrap_or("xlsx");
    let Some(fmt) = ReportFormat::parse(fmt_s) else {
        return error(
            StatusCode::BAD_REQUEST,
            &format!("format={fmt_s}: xlsx, csv, html, json"),
        );
    };
    let st2 = st.clone();
    let f = q.filter();
    let p = period.to_string();
    let out =
        tokio::task::spawn_blocking(move || backend::report(&st2.data, &p, &f, fmt, lang)).await;
    match out {
        Ok(Ok(bytes)) => {
            let safe: String = period
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let disp = format!(
                "attachment; filename=\"chisogioi-report-{safe}.{}\"",
                fmt.ext()
            );
            let mut res = (StatusCode::OK, bytes).into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(fmt.mime()));
            if let Ok(v) = HeaderValue::from_str(&disp) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            res
        }
        Ok(Err(e)) => error(StatusCode::BAD_REQUEST, &format!("{e:#}")),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "report failed"),
    }
}

/// Compare secrets without an early exit on the first differing byte.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    use sha2::{Digest, Sha256};
    let (x, y) = (Sha256::digest(a), Sha256::digest(b));
    x.iter()
        .zip(y.iter())
        .fold(0u8, |acc, (p, q)| acc | (p ^ q))
        == 0
}

/// Check `Authorization: Bearer <token>` against the configured token.
/// `Err` is the response to send: 401 without credentials, 403 with wrong ones or when the
/// server has no token configured (data-changing endpoints are then disabled).
pub fn authorize(st: &AppState, headers: &HeaderMap) -> Result<(), Box<Response>> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(given) = given else {
        let mut r = error(
            StatusCode::UNAUTHORIZED,
            "this endpoint changes data: send Authorization: Bearer <token>",
        );
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"chisogioi\""),
        );
        return Err(Box::new(r));
    };
    match st.token.as_deref() {
        None => Err(Box::new(error(
            StatusCode::FORBIDDEN,
            "data-changing endpoints are disabled: start the server with --token or CHISOGIOI_TOKEN",
        ))),
        Some(t) if same_secret(t.as_bytes(), given.as_bytes()) => Ok(()),
        Some(_) => Err(Box::new(error(StatusCode::FORBIDDEN, "wrong token"))),
    }
}

/// `POST /api/v1/rescore` (token): re-score the stored articles with the current lexicons.
pub async fn rescore(State(st): St, headers: HeaderMap) -> Response {
    if let Err(r) = authorize(&st, &headers) {
        return *r;
    }
    let st2 = st.clone();
    match tokio::task::spawn_blocking(move || backend::rescore(&st2.data, &st2.engine)).await {
        Ok(Ok(s)) => json(StatusCode::OK, &s),
        Ok(Err(e)) => {
            let msg = format!("{e:#}");
            let status = if msg.contains("already running") {
                StatusCode::CONFLICT
            } else {
                StatusCode::INTERNAL_SERVER_ERROR
            };
            error(status, &msg)
        }
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "rescore failed"),
    }
}
