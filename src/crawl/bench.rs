//! `bench crawl`: does the crawler keep every host busy up to its politeness limit?
//!
//! Starts N simulated outlets on loopback (one HTTP server per host, each with
//! robots.txt → news sitemap → article pages and a fixed response latency), crawls them
//! all at once, and compares, from the *servers'* request timestamps, the achieved
//! request rate per host with the allowed one (1 / min-interval), plus the smallest gap
//! seen between two requests on one host (which must never be below the interval).

use crate::i18n::Lang;
use crate::model::{Outlet, OutletType};
use axum::Router;
use axum::extract::{Path as AxPath, State as AxState};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct BenchParams {
    pub hosts: usize,
    pub pages: usize,
    pub min_interval: Duration,
    pub latency: Duration,
    pub concurrency: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct HostFigure {
    pub host: String,
    pub requests: usize,
    pub achieved_rps: f64,
    pub allowed_rps: f64,
    pub min_gap_ms: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub hosts: usize,
    pub pages_per_host: usize,
    pub min_interval_ms: f64,
    pub latency_ms: f64,
    pub elapsed_secs: f64,
    pub total_requests: usize,
    pub fetched: u64,
    /// Sum over hosts of each host's achieved rate ((requests − 1) ÷ first-to-last span).
    pub overall_achieved_rps: f64,
    /// hosts ÷ interval.
    pub overall_allowed_rps: f64,
    /// hosts ÷ (interval + latency): the ceiling when, as the crawler does, the interval
    /// is also kept between the end of a response and the next request.
    pub overall_ceiling_rps: f64,
    /// All requests ÷ wall time (includes start-up and the last host's tail).
    pub wall_rps: f64,
    /// achieved ÷ allowed, per host: min / median / max.
    pub utilisation_min: f64,
    pub utilisation_median: f64,
    pub utilisation_max: f64,
    /// The smallest gap between two requests to one host, over all hosts (ms).
    pub min_gap_ms: f64,
    pub politeness_violations: usize,
    pub per_host: Vec<HostFigure>,
}

impl BenchReport {
    pub fn render(&self, lang: Lang) -> String {
        format!(
            "{}: {} × {} {}, {} {:.0} ms, {} {:.0} ms\n\
             {}: {:.2} s, {} {} ({:.1} req/s), {} {}\n\
             {}: {:.1} req/s / {} {:.1} req/s ({:.1}%); {} {:.1} req/s ({:.1}%)\n\
             {}: min {:.1}% / median {:.1}% / max {:.1}%\n\
             {}: {:.1} ms (≥ {:.0} ms), {}: {}\n",
            lang.pick("Máy chủ mô phỏng", "Simulated hosts"),
            self.hosts,
            self.pages_per_host,
            lang.pick("bài", "pages"),
            lang.pick("khoảng cách", "interval"),
            self.min_interval_ms,
            lang.pick("độ trễ", "latency"),
            self.latency_ms,
            lang.pick("Thời gian", "Elapsed"),
            self.elapsed_secs,
            self.total_requests,
            lang.pick("yêu cầu", "requests"),
            self.wall_rps,
            self.fetched,
            lang.pick("bài đã lưu", "pages archived"),
            lang.pick("Tốc độ tổng", "Overall rate"),
            self.overall_achieved_rps,
            lang.pick("cho phép", "allowed"),
            self.overall_allowed_rps,
            100.0 * self.overall_achieved_rps / self.overall_allowed_rps.max(1e-9),
            lang.pick("trần khi tính cả độ trễ", "ceiling with latency"),
            self.overall_ceiling_rps,
            100.0 * self.overall_achieved_rps / self.overall_ceiling_rps.max(1e-9),
            lang.pick("Mức tận dụng mỗi máy chủ", "Per-host utilisation"),
            100.0 * self.utilisation_min,
            100.0 * self.utilisation_median,
            100.0 * self.utilisation_max,
            lang.pick("Khoảng cách nhỏ nhất", "Smallest gap"),
            self.min_gap_ms,
            self.min_interval_ms,
            lang.pick("vi phạm", "violations"),
            self.politeness_violations,
        )
    }
}

#[derive(Clone)]
struct SimHost {
    id: usize,
    base: Arc<Mutex<String>>,
    pages: usize,
    latency: Duration,
    hits: Arc<Mutex<Vec<Instant>>>,
}

impl SimHost {
    fn hit(&self) {
        self.hits.lock().expect("poisoned").push(Instant::now());
    }
}

async fn robots(AxState(h): AxState<SimHost>) -> impl IntoResponse {
    h.hit();
    tokio::time::sleep(h.latency).await;
    let base = h.base.lock().expect("poisoned").clone();
    format!("User-agent: *\nDisallow: /admin/\n\nSitemap: {base}/sitemap-news.xml\n")
}

async fn sitemap(AxState(h): AxState<SimHost>) -> impl IntoResponse {
    h.hit();
    tokio::time::sleep(h.latency).await;
    let base = h.base.lock().expect("poisoned").clone();
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
    );
    for i in 0..h.pages {
        s.push_str(&format!(
            "<url><loc>{base}/xa-hoi/phu-nu-dia-phuong-bai-so-{i}-{}.html</loc><news:news><news:publication_date>2024-08-{:02}T08:00:00+07:00</news:publication_date></news:news></url>\n",
            h.id,
            1 + i % 28
        ));
    }
    s.push_str("</urlset>\n");
    ([(header::CONTENT_TYPE, "application/xml")], s)
}

async fn article(AxState(h): AxState<SimHost>, AxPath(slug): AxPath<String>) -> impl IntoResponse {
    h.hit();
    tokio::time::sleep(h.latency).await;
    let mut body = format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{slug}</title></head><body><article><h1>Bài {slug} của máy chủ {}</h1>",
        h.id
    );
    for p in 0..8 {
        body.push_str(&format!(
            "<p>Đoạn {p} của bài {slug} trên máy chủ {}: Hội Liên hiệp Phụ nữ xã tổ chức tập huấn về bình đẳng giới cho cán bộ cơ sở và người dân.</p>",
            h.id
        ));
    }
    body.push_str("</article></body></html>");
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body)
}

/// Run the benchmark (starts its own runtime).
pub fn run(p: &BenchParams) -> anyhow::Result<BenchReport> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(run_async(p))
}

async fn run_async(p: &BenchParams) -> anyhow::Result<BenchReport> {
    let mut hosts = Vec::new();
    let mut outlets = Vec::new();
    for id in 0..p.hosts {
        let h = SimHost {
            id,
            base: Arc::new(Mutex::new(String::new())),
            pages: p.pages,
            latency: p.latency,
            hits: Arc::new(Mutex::new(Vec::new())),
        };
        let app = Router::new()
            .route("/robots.txt", get(robots))
            .route("/sitemap-news.xml", get(sitemap))
            .route("/xa-hoi/{slug}", get(article))
            .with_state(h.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        *h.base.lock().expect("poisoned") = format!("http://{addr}");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        outlets.push(Outlet {
            id: format!("sim-{id:03}"),
            name: format!("Simulated outlet {id}"),
            kind: OutletType::ProvincialPress,
            home: format!("http://{addr}/"),
            ..Default::default()
        });
        hosts.push(h);
    }
    let dir = tempfile::tempdir()?;
    let from = chrono::NaiveDate::from_ymd_opt(2024, 8, 1).expect("valid date");
    let to = chrono::NaiveDate::from_ymd_opt(2024, 8, 31).expect("valid date");
    let mut cfg = super::CrawlConfig::new(outlets, from, to, dir.path().to_path_buf());
    cfg.limits.min_interval = p.min_interval;
    cfg.limits.concurrency = p.concurrency;
    cfg.limits.backoff_base = Duration::from_millis(100);
    cfg.progress = false;
    let started = Instant::now();
    let summary = super::crawl(&cfg).await?;
    let elapsed = started.elapsed().as_secs_f64();
    let allowed = 1.0 / p.min_interval.as_secs_f64().max(1e-6);
    let mut per_host = Vec::new();
    let mut total = 0;
    let mut violations = 0;
    let mut min_gap = f64::INFINITY;
    for h in &hosts {
        let mut t = h.hits.lock().expect("poisoned").clone();
        t.sort();
        total += t.len();
        let span = match (t.first(), t.last()) {
            (Some(a), Some(b)) => b.duration_since(*a).as_secs_f64(),
            _ => 0.0,
        };
        let achieved = if span > 0.0 {
            (t.len() - 1) as f64 / span
        } else {
            0.0
        };
        let gap = t
            .windows(2)
            .map(|w| w[1].duration_since(w[0]).as_secs_f64() * 1000.0)
            .fold(f64::INFINITY, f64::min);
        // 2 ms of slack for the timer and the server's own scheduling.
        violations += t
            .windows(2)
            .filter(|w| w[1].duration_since(w[0]) + Duration::from_millis(2) < p.min_interval)
            .count();
        min_gap = min_gap.min(gap);
        per_host.push(HostFigure {
            host: h.base.lock().expect("poisoned").clone(),
            requests: t.len(),
            achieved_rps: achieved,
            allowed_rps: allowed,
            min_gap_ms: gap,
        });
    }
    let mut util: Vec<f64> = per_host.iter().map(|h| h.achieved_rps / allowed).collect();
    util.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let pick = |q: f64| {
        util.get(((util.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    Ok(BenchReport {
        hosts: p.hosts,
        pages_per_host: p.pages,
        min_interval_ms: p.min_interval.as_secs_f64() * 1000.0,
        latency_ms: p.latency.as_secs_f64() * 1000.0,
        elapsed_secs: elapsed,
        total_requests: total,
        fetched: summary.total.fetched,
        overall_achieved_rps: per_host.iter().map(|h| h.achieved_rps).sum(),
        overall_allowed_rps: allowed * p.hosts as f64,
        overall_ceiling_rps: p.hosts as f64 / (p.min_interval + p.latency).as_secs_f64().max(1e-6),
        wall_rps: total as f64 / elapsed,
        utilisation_min: pick(0.0),
        utilisation_median: pick(0.5),
        utilisation_max: pick(1.0),
        min_gap_ms: if min_gap.is_finite() { min_gap } else { 0.0 },
        politeness_violations: violations,
        per_host,
    })
}
