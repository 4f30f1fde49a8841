//! `chisogioi bench web`: a load test of the real server on loopback.
//!
//! Bounded in count and time: `requests` in total with `concurrency` in flight, stopping early
//! at the time limit. The mix is what a newsroom and an officer generate together: draft
//! checks through the JSON API and the HTML form, dashboard pages, per-outlet stats and searches.
//! Reports throughput, p50/p99 latency and errors per kind.

use super::{AppState, DEFAULT_MAX_BODY, Server};
use crate::i18n::Lang;
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
    let first_outlet = state.data.outlets().first().map(|o| o.id.clone());
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
