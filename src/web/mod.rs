//! `chisogioi serve`: the web application for newsrooms, officers and researchers.
//!
//! - `/` — *Kiểm tra bản thảo*: paste or upload (.txt/.docx) a draft, see every flag
//!   highlighted with its explanation and suggestions, the people and sources by gender and role,
//!   and the balance of sources. Drafts are never stored or logged: handlers keep the text in
//!   memory for the request only, no tracing event or span carries it, and the result page is
//!   sent with `Cache-Control: no-store`.
//! - `/dashboard` — per-outlet compliance for a period with inline-SVG charts, filters by
//!   province and outlet type, drill-down to an outlet's month and its flagged articles.
//! - `/search`, `/article/{id}` — full text with the CLI's filters; the article's scorecard.
//! - `/reports` — the period report as XLSX / CSV / HTML / JSON.
//!
//! Data: the tantivy index written by `chisogioi scan` (`serve --index DIR`), or without
//! `--index` the demo corpus scanned into a temporary index at start-up. Figures, quotas,
//! compliance and reports are the index's and the report layer's (see [`backend`]).
//! - `/api/v1/*` — JSON mirroring the CLI, described by `/api/openapi.json` (OpenAPI 3.1).
//!
//! Safety: binds 127.0.0.1 unless told otherwise; request bodies are capped
//! (`RequestBodyLimitLayer`); every user-supplied string is escaped (see [`html::esc`]); strict
//! Content-Security-Policy (no inline script, nothing from other origins); data-changing
//! endpoints (`/api/v1/rescore`) need the token given with `--token` / `CHISOGIOI_TOKEN`
//! (401 without, 403 wrong or none configured).
//!
//! All calls to the rest of the crate go through [`backend`].

pub mod api;
pub mod backend;
pub mod bench;
pub mod cli;
pub mod docx;
pub mod html;
pub mod pages;

use crate::i18n::Lang;
use crate::indicators::Engine;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use backend::DataSet;
use std::net::SocketAddr;
use std::sync::Arc;

/// Default cap on a request body (a .docx with images can be several megabytes).
pub const DEFAULT_MAX_BODY: usize = 10 * 1024 * 1024;
/// Largest draft text checked (after .docx extraction), in bytes.
pub const MAX_DRAFT_BYTES: usize = 2 * 1024 * 1024;

/// What every handler shares. Read-only after start-up.
pub struct AppState {
    pub engine: Engine,
    pub data: DataSet,
    /// Token for data-changing endpoints; `None` disables them.
    pub token: Option<String>,
    pub default_lang: Lang,
}

impl AppState {
    /// `lang=en|vi` from a query, else the server's default language.
    pub fn lang(&self, q: Option<&str>) -> Lang {
        match q {
            Some("en") => Lang::En,
            Some("vi") => Lang::Vi,
            _ => self.default_lang,
        }
    }

    pub fn new(engine: Engine, data: DataSet) -> AppState {
        AppState {
            engine,
            data,
            token: None,
            default_lang: Lang::Vi,
        }
    }
}

/// The application's routes with its limits and security headers.
pub fn router(state: Arc<AppState>, max_body: usize) -> Router {
    Router::new()
        .route("/", get(pages::check_form))
        .route("/check", post(pages::check_submit).get(pages::check_form))
        .route("/dashboard", get(pages::dashboard))
        .route("/dashboard/outlet/{id}", get(pages::outlet_page))
        .route("/search", get(pages::search))
        .route("/article/{id}", get(pages::article))
        .route("/reports", get(pages::reports))
        .route("/api/docs", get(pages::api_docs))
        .route("/static/style.css", get(style_css))
        .route("/static/app.js", get(app_js))
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/v1/check", post(api::check))
        .route("/api/v1/query", get(api::query))
        .route("/api/v1/stats", get(api::stats))
        .route("/api/v1/report", get(api::report))
        .route("/api/v1/rescore", post(api::rescore))
        .fallback(pages::not_found)
        .layer(axum::middleware::map_response(security_headers))
        // Request log: method, path, status, latency. Bodies (drafts) are never recorded.
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .layer(DefaultBodyLimit::disable())
        .layer(tower_http::limit::RequestBodyLimitLayer::new(max_body))
        .with_state(state)
}

async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

async fn style_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("static/style.css"),
    )
}

async fn app_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("static/app.js"),
    )
}

/// A running server (for `serve`, the tests and the load test).
pub struct Server {
    pub addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Server {
    /// Bind `addr` (use port 0 for a free port) and serve in the background on the current
    /// tokio runtime.
    pub async fn start(
        state: Arc<AppState>,
        addr: SocketAddr,
        max_body: usize,
    ) -> anyhow::Result<Server> {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
        let addr = listener.local_addr()?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let app = router(state, max_body);
        let handle = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await
        });
        Ok(Server {
            addr,
            shutdown: Some(tx),
            handle: Some(handle),
        })
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stop accepting, finish in-flight requests, and wait.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.handle.take() {
            h.await??;
        }
        Ok(())
    }

    /// Serve until the task ends (used by `chisogioi serve`).
    pub async fn wait(mut self) -> anyhow::Result<()> {
        if let Some(h) = self.handle.take() {
            h.await??;
        }
        Ok(())
    }
}
