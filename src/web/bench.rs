//! `chisogioi bench web`: a load test of the real server on loopback.
//!
//! Bounded in count and time: `requests` in total with `concurrency` in flight, stopping early
//! at the time limit. The mix is what a newsroom and an officer generate together: draft
//! checks through the JSON API and the HTML form, dashboard pages, per-outlet stats and searches.
//! Reports throughput, p50/p99 latency and errors per kind.

use super::backend::{DataSet, Record};
use super::{AppState, DEFAULT_MAX_BODY, Server};
use crate::i18n::Lang;
use crate::model::{Article, Gender, Indicators, Outlet, OutletType, Scorecard, Share};
use serde::Serialize;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A draft of realistic length written for this benchmark (fictional people), with stereotype
/// wording and direct and indirect quotes.
pub const BENCH_DRAFT: &str = "Nữ giám đốc xinh đẹp đảm đang việc nước, giỏi việc nhà\n\
Chị Nguyễn Thị Hạnh, Giám đốc Công ty cổ phần Thuỷ sản Bình Lam (hư cấu), vừa được trao danh hiệu doanh nhân tiêu biểu của tỉnh. \
Dù bận rộn, nữ giám đốc vẫn là người vợ hiền, người mẹ tảo tần, tối nào cũng về nấu cơm cho chồng con. \
“Phụ nữ thì phải biết hy sinh, công việc đến đâu cũng phải lo tròn bổn phận gia đình,” chị Hạnh chia sẻ.\n\
Ông Trần Văn Quang, Chủ tịch Hiệp hội Doanh nghiệp tỉnh (hư cấu), cho biết năm nay có 12 doanh nghiệp do nữ làm chủ được khen thưởng. \
Theo ông Quang, các doanh nghiệp này có tốc độ tăng trưởng doanh thu bình quân 14% mỗi năm.\n\
TS. Lê Minh Thư, chuyên gia kinh tế, nhận định: “Doanh nghiệp do phụ nữ điều hành không thua kém. Điều họ thiếu là vốn và mạng lưới, không phải năng lực.”\n\
Anh Phạm Đức Long, nhân viên của công ty, nói anh học được nhiều từ cách làm việc tỉ mỉ của sếp.";

fn lcg(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *seed >> 33
}

fn share(seed: &mut u64, max: u64, female_bias: u64) -> Share {
    let f = (lcg(seed) % (max + 1)) * female_bias / 100;
    Share {
        female: f as u32,
        male: (lcg(seed) % (max + 1)) as u32,
        unknown: (lcg(seed) % 2) as u32,
    }
}

/// A deterministic synthetic data set: 12 fictional outlets of every type over 6 months.
/// Only for load testing (the numbers mean nothing).
pub fn synthetic_dataset(n: usize, seed: u64) -> DataSet {
    let types = [
        OutletType::NationalPress,
        OutletType::ProvincialPress,
        OutletType::Broadcaster,
        OutletType::MediaCentre,
        OutletType::CommunePortal,
        OutletType::GovernmentPortal,
    ];
    let outlets: Vec<Outlet> = (0..12)
        .map(|i| Outlet {
            id: format!("synthetic-{i:02}"),
            name: format!("Cơ quan tổng hợp {i:02}"),
            kind: types[i % types.len()],
            province: Some(["Tỉnh A (tổng hợp)", "Tỉnh B (tổng hợp)"][i % 2].to_string()),
            home: format!("https://synthetic-{i:02}.example/"),
            ..Default::default()
        })
        .collect();
    let mut s = seed.max(1);
    let records = (0..n)
        .map(|i| {
            let o = &outlets[i % outlets.len()];
            let month = 7 + (lcg(&mut s) % 6) as u32;
            let day = 1 + (lcg(&mut s) % 28) as u32;
            let bias = 30 + (i % outlets.len()) as u64 * 6;
            let sources = share(&mut s, 4, bias);
            let people = share(&mut s, 6, bias);
            let flags = lcg(&mut s).is_multiple_of(4) as usize;
            let flag_list = (0..flags)
                .map(|_| crate::model::Flag {
                    rule: "STEREO-synthetic".into(),
                    category: "STEREO".into(),
                    span: crate::model::Span::new(0, 3),
                    text: "Bài".into(),
                    stance: crate::model::Stance::Endorsed,
                    severity: crate::model::Severity::Warning,
                    target: Gender::Female,
                    explanation_vi: String::new(),
                    explanation_en: String::new(),
                    suggestions: vec![],
                    person: None,
                })
                .collect();
            let article = Article {
                id: format!("syn-{i:06}"),
                outlet: Some(o.id.clone()),
                title: format!("Bài tổng hợp số {i}"),
                sapo: "Bài viết tổng hợp cho thử tải.".into(),
                text: "Nội dung tổng hợp phụ nữ doanh nghiệp hợp tác xã.".into(),
                date: Some(format!("2025-{month:02}-{day:02}")),
                ..Default::default()
            };
            let ge = lcg(&mut s).is_multiple_of(5);
            Record {
                scorecard: Scorecard {
                    article_id: article.id.clone(),
                    syllables: 400 + (lcg(&mut s) % 800) as usize,
                    flags: flag_list,
                    indicators: Indicators {
                        i01_people: people,
                        i02_sources: sources,
                        i17_ge_topic: ge,
                        ..Default::default()
                    },
                    compliant: sources.female > 0,
                    ..Default::default()
                },
                article,
                outlet: o.clone(),
            }
        })
        .collect();
    DataSet::from_records(records, format!("synthetic ({n} articles)"))
}

pub struct LoadPlan {
    pub requests: usize,
    pub concurrency: usize,
    pub limit: Duration,
}

#[derive(Debug, Serialize)]
pub struct KindReport {
    pub kind: &'static str,
    pub requests: usize,
    pub errors: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

#[derive(Debug, Serialize)]
pub struct LoadReport {
    pub requests: usize,
    pub concurrency: usize,
    pub seconds: f64,
    pub throughput_rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub kinds: Vec<KindReport>,
    pub articles_in_data: usize,
}

impl LoadReport {
    pub fn errors(&self) -> usize {
        self.kinds.iter().map(|k| k.errors).sum()
    }
    pub fn table(&self, lang: Lang) -> String {
        let mut s = format!(
            "{} {} {} {} {:.1}s: {:.0} req/s, p50 {:.1} ms, p99 {:.1} ms, {} {}\n",
            self.requests,
            lang.pick("yêu cầu,", "requests,"),
            self.concurrency,
            lang.pick("đồng thời, trong", "concurrent, in"),
            self.seconds,
            self.throughput_rps,
            self.p50_ms,
            self.p99_ms,
            self.errors(),
            lang.pick("lỗi", "errors"),
        );
        s.push_str(&format!(
            "{:<22} {:>8} {:>7} {:>9} {:>9} {:>9}\n",
            "kind", "requests", "errors", "p50 ms", "p99 ms", "max ms"
        ));
        for k in &self.kinds {
            s.push_str(&format!(
                "{:<22} {:>8} {:>7} {:>9.2} {:>9.2} {:>9.2}\n",
                k.kind, k.requests, k.errors, k.p50_ms, k.p99_ms, k.max_ms
            ));
        }
        s
    }
}

/// A `multipart/form-data` body: (field name, file name, content). Returns the content type
/// and the body (what a browser sends from the draft form).
pub fn multipart_body(fields: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----chisogioi-boundary-7d1c5e0a9b";
    let mut b = Vec::new();
    for (name, file, content) in fields {
        b.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(f) => b.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => b.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        b.extend_from_slice(content);
        b.extend_from_slice(b"\r\n");
    }
    b.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), b)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

const KINDS: [&str; 5] = [
    "api_check",
    "form_check",
    "dashboard",
    "api_stats",
    "search",
];

/// Start the server on 127.0.0.1:0 and run the plan against it.
pub async fn run(state: Arc<AppState>, plan: LoadPlan) -> anyhow::Result<LoadReport> {
    let articles = state.data.len();
    let first_outlet = state.data.outlets().next().map(|o| o.id.clone());
    let server = Server::start(state, "127.0.0.1:0".parse()?, DEFAULT_MAX_BODY).await?;
    let base = server.url();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(plan.concurrency)
        .build()?;
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let deadline = start + plan.limit;
    let body = serde_json::to_string(&serde_json::json!({ "text": BENCH_DRAFT }))?;
    let mut tasks = Vec::new();
    for _ in 0..plan.concurrency {
        let (client, next, base, body) = (client.clone(), next.clone(), base.clone(), body.clone());
        let outlet = first_outlet.clone().unwrap_or_default();
        let total = plan.requests;
        tasks.push(tokio::spawn(async move {
            let mut out: Vec<(usize, f64, bool)> = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total || Instant::now() >= deadline {
                    break;
                }
                let kind = i % KINDS.len();
                let t = Instant::now();
                let res = match kind {
                    0 => {
                        client
                            .post(format!("{base}/api/v1/check"))
                            .header("content-type", "application/json")
                            .body(body.clone())
                            .send()
                            .await
                    }
                    1 => {
                        let (ctype, body) = multipart_body(&[
                            ("text", None, BENCH_DRAFT.as_bytes()),
                            ("lang", None, b"vi"),
                        ]);
                        client
                            .post(format!("{base}/check"))
                            .header("content-type", ctype)
                            .body(body)
                            .send()
                            .await
                    }
                    2 => client.get(format!("{base}/dashboard")).send().await,
                    3 => {
                        client
                            .get(format!("{base}/api/v1/stats?by=outlet,month"))
                            .send()
                            .await
                    }
                    _ => {
                        client
                            .get(format!(
                                "{base}/search?q=ph%E1%BB%A5+n%E1%BB%AF&outlet={outlet}"
                            ))
                            .send()
                            .await
                    }
                };
                let ok = match res {
                    Ok(r) => {
                        let status = r.status();
                        r.bytes().await.is_ok() && status.is_success()
                    }
                    Err(_) => false,
                };
                out.push((kind, t.elapsed().as_secs_f64() * 1000.0, ok));
            }
            out
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await?);
    }
    let secs = start.elapsed().as_secs_f64();
    server.stop().await?;
    let mut lat: Vec<f64> = all.iter().map(|x| x.1).collect();
    lat.sort_by(f64::total_cmp);
    let kinds = KINDS
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let mut l: Vec<f64> = all.iter().filter(|x| x.0 == k).map(|x| x.1).collect();
            l.sort_by(f64::total_cmp);
            KindReport {
                kind: name,
                requests: l.len(),
                errors: all.iter().filter(|x| x.0 == k && !x.2).count(),
                p50_ms: percentile(&l, 0.5),
                p99_ms: percentile(&l, 0.99),
                max_ms: l.last().copied().unwrap_or(0.0),
            }
        })
        .collect();
    Ok(LoadReport {
        requests: all.len(),
        concurrency: plan.concurrency,
        seconds: secs,
        throughput_rps: all.len() as f64 / secs.max(1e-9),
        p50_ms: percentile(&lat, 0.5),
        p99_ms: percentile(&lat, 0.99),
        kinds,
        articles_in_data: articles,
    })
}
