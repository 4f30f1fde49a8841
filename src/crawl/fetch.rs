//! Polite HTTP: one gate per host, robots.txt, retries, caps.
//!
//! Every request — robots.txt, feeds, sitemaps, section pages, articles and each redirect
//! hop — passes the host's gate, which keeps at least the host's interval (the configured
//! minimum, the outlet's override or robots `Crawl-delay`, whichever is largest) between
//! the start of one request and the start of the next *and* between the end of one
//! response and the start of the next request, so the server sees requests at least one
//! interval apart whatever the network delay; it also caps requests in flight on it. A global semaphore caps
//! requests in flight across all hosts, so many outlets are crawled at once while each
//! one sees a slow, steady visitor. `429`/`503` with `Retry-After` push the host's gate
//! forward; `408`/`429`/`5xx`, timeouts and broken connections are retried with
//! exponential backoff. Redirects are followed by hand so each hop is checked against
//! robots.txt and counted against the redirect cap.

use super::urlnorm::host_key;
use std::collections::HashMap;
use std::sync::{Arc, Mutex as StdMutex};
use std::time::Duration;
use tokio::sync::{Mutex, OnceCell, Semaphore};
use tokio::time::Instant;
use url::Url;

/// Politeness and safety limits.
#[derive(Debug, Clone)]
pub struct Limits {
    pub user_agent: String,
    /// Token matched against robots.txt `User-agent:` lines.
    pub robots_agent: String,
    pub min_interval: Duration,
    pub max_in_flight_per_host: usize,
    pub concurrency: usize,
    pub retries: u32,
    pub backoff_base: Duration,
    /// Longest `Retry-After` (or `Crawl-delay`) honoured by waiting; longer ones end the attempt.
    pub max_retry_after: Duration,
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    pub request_timeout: Duration,
    pub max_body_bytes: usize,
    /// Body cap for discovery documents (sitemaps may be 50 MB uncompressed).
    pub max_doc_bytes: usize,
    pub max_redirects: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            user_agent: DEFAULT_USER_AGENT.to_string(),
            robots_agent: "chisogioi".into(),
            min_interval: Duration::from_secs(5),
            max_in_flight_per_host: 1,
            concurrency: 32,
            retries: 3,
            backoff_base: Duration::from_secs(2),
            max_retry_after: Duration::from_secs(600),
            connect_timeout: Duration::from_secs(15),
            read_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(120),
            max_body_bytes: 8 << 20,
            max_doc_bytes: 64 << 20,
            max_redirects: 5,
        }
    }
}

pub const DEFAULT_USER_AGENT: &str = concat!(
    "chisogioi/",
    env!("CARGO_PKG_VERSION"),
    " (gender-in-media research crawler; +https://github.com/chisogioi/chisogioi#crawler)"
);

/// Why a fetch failed; `kind()` is the summary's error category.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("disallowed by robots.txt")]
    Robots,
    #[error("robots.txt unreachable ({0}); the host is skipped as RFC 9309 asks")]
    RobotsUnreachable(String),
    #[error("HTTP {0}")]
    Http(u16),
    #[error("timed out")]
    Timeout,
    #[error("cannot connect: {0}")]
    Connect(String),
    #[error("body truncated: {0}")]
    Truncated(String),
    #[error("body larger than {0} bytes")]
    TooLarge(usize),
    #[error("redirect loop")]
    RedirectLoop,
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    #[error("Retry-After of {0} s is longer than allowed")]
    RetryAfterTooLong(u64),
    #[error("{0}")]
    Other(String),
}

impl FetchError {
    pub fn kind(&self) -> String {
        match self {
            FetchError::Robots => "robots".into(),
            FetchError::RobotsUnreachable(_) => "robots_unreachable".into(),
            FetchError::Http(c) if (500..600).contains(c) => "http_5xx".into(),
            FetchError::Http(429) => "http_429".into(),
            FetchError::Http(c) => format!("http_{c}"),
            FetchError::Timeout => "timeout".into(),
            FetchError::Connect(_) => "connect".into(),
            FetchError::Truncated(_) => "truncated".into(),
            FetchError::TooLarge(_) => "too_large".into(),
            FetchError::RedirectLoop => "redirect_loop".into(),
            FetchError::TooManyRedirects(_) => "too_many_redirects".into(),
            FetchError::RetryAfterTooLong(_) => "retry_after_too_long".into(),
            FetchError::Other(_) => "other".into(),
        }
    }
    fn retryable(&self) -> bool {
        matches!(
            self,
            FetchError::Timeout | FetchError::Connect(_) | FetchError::Truncated(_)
        ) || matches!(self, FetchError::Http(c) if *c == 408 || *c == 429 || (500..600).contains(c))
    }
}

/// A completed HTTP exchange.
#[derive(Debug, Clone)]
pub struct Response {
    /// The URL first asked for.
    pub requested: String,
    /// The URL that answered (after redirects).
    pub url: String,
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub request_headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

enum RobotsRules {
    Rules(Box<texting_robots::Robot>),
    AllowAll,
    Unreachable(String),
}

struct Host {
    /// Requests queue here in arrival order (tokio's mutex is fair).
    order: Mutex<()>,
    /// The earliest instant the next request may start.
    gate: StdMutex<Instant>,
    interval: StdMutex<Duration>,
    in_flight: Semaphore,
    robots: OnceCell<RobotsRules>,
}

/// Per-host request statistics (for the bench and the summary).
#[derive(Debug, Clone, Default)]
pub struct HostStats {
    pub requests: u64,
    pub first: Option<Instant>,
    pub last: Option<Instant>,
    pub interval: Duration,
}

pub struct Fetcher {
    client: reqwest::Client,
    pub limits: Limits,
    hosts: StdMutex<HashMap<String, Arc<Host>>>,
    /// Per-host interval overrides (outlet settings), by host key.
    overrides: StdMutex<HashMap<String, (Duration, usize)>>,
    global: Semaphore,
    stats: StdMutex<HashMap<String, HostStats>>,
}

/// `Retry-After` as seconds or an HTTP date.
pub fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(s) = v.parse::<u64>() {
        return Some(Duration::from_secs(s));
    }
    let t = httpdate::parse_http_date(v).ok()?;
    Some(
        t.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

impl Fetcher {
    pub fn new(limits: Limits) -> anyhow::Result<Fetcher> {
        let client = reqwest::Client::builder()
            .user_agent(limits.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(limits.connect_timeout)
            .read_timeout(limits.read_timeout)
            .timeout(limits.request_timeout)
            .pool_max_idle_per_host(2)
            .build()?;
        Ok(Fetcher {
            client,
            global: Semaphore::new(limits.concurrency.max(1)),
            limits,
            hosts: StdMutex::new(HashMap::new()),
            overrides: StdMutex::new(HashMap::new()),
            stats: StdMutex::new(HashMap::new()),
        })
    }

    /// Set an outlet's politeness override for a host (before its first request).
    pub fn set_host_override(&self, host: &str, interval: Duration, in_flight: usize) {
        self.overrides
            .lock()
            .expect("poisoned")
            .insert(host.to_string(), (interval, in_flight.max(1)));
    }

    fn host(&self, key: &str) -> Arc<Host> {
        let mut hosts = self.hosts.lock().expect("poisoned");
        hosts
            .entry(key.to_string())
            .or_insert_with(|| {
                let (iv, inflight) = self
                    .overrides
                    .lock()
                    .expect("poisoned")
                    .get(key)
                    .copied()
                    .unwrap_or((Duration::ZERO, self.limits.max_in_flight_per_host));
                Arc::new(Host {
                    order: Mutex::new(()),
                    gate: StdMutex::new(Instant::now()),
                    interval: StdMutex::new(iv.max(self.limits.min_interval)),
                    in_flight: Semaphore::new(inflight.max(1)),
                    robots: OnceCell::new(),
                })
            })
            .clone()
    }

    pub fn host_stats(&self) -> HashMap<String, HostStats> {
        self.stats.lock().expect("poisoned").clone()
    }

    /// Wait for the host's turn, take a global permit, then reserve the host's next slot.
    ///
    /// The slot is reserved only once the global permit is held, right before sending:
    /// reserving earlier would let a request delayed by the global cap reach the server
    /// just before the next one.
    async fn wait_turn(&self, host: &Host) -> Result<tokio::sync::SemaphorePermit<'_>, FetchError> {
        let _queue = host.order.lock().await;
        loop {
            loop {
                // Re-read after every sleep: a Retry-After may have pushed the gate meanwhile.
                let at = *host.gate.lock().expect("poisoned");
                if Instant::now() >= at {
                    break;
                }
                tokio::time::sleep_until(at).await;
            }
            let permit = self
                .global
                .acquire()
                .await
                .map_err(|e| FetchError::Other(e.to_string()))?;
            let now = Instant::now();
            let mut gate = host.gate.lock().expect("poisoned");
            if now < *gate {
                // Pushed by a Retry-After while we waited for the permit.
                drop(gate);
                drop(permit);
                continue;
            }
            *gate = now + *host.interval.lock().expect("poisoned");
            return Ok(permit);
        }
    }

    fn push_gate(host: &Host, until: Instant) {
        let mut g = host.gate.lock().expect("poisoned");
        if *g < until {
            *g = until;
        }
    }

    /// One request through the host gate, with retries; no robots check, no redirects.
    async fn send(
        &self,
        url: &Url,
        extra: &[(String, String)],
        cap: usize,
    ) -> Result<Response, FetchError> {
        let hk = host_key(url);
        let host = self.host(&hk);
        let mut attempt = 0u32;
        loop {
            let _slot = host
                .in_flight
                .acquire()
                .await
                .map_err(|e| FetchError::Other(e.to_string()))?;
            let _permit = self.wait_turn(&host).await?;
            {
                let now = Instant::now();
                let iv = *host.interval.lock().expect("poisoned");
                let mut st = self.stats.lock().expect("poisoned");
                let s = st.entry(hk.clone()).or_default();
                s.requests += 1;
                s.first.get_or_insert(now);
                s.last = Some(now);
                s.interval = iv;
            }
            let result = self.send_once(url, extra, cap).await;
            // Count the interval from the end of this exchange too: the server saw the
            // request somewhere between our start and this moment, so the next request
            // arrives at least one interval later whatever the network or scheduler did.
            let interval = *host.interval.lock().expect("poisoned");
            Self::push_gate(&host, Instant::now() + interval);
            drop(_permit);
            drop(_slot);
            let err = match result {
                Ok(r) if r.status == 408 || r.status == 429 || (500..600).contains(&r.status) => {
                    let retry_after = r.header("retry-after").and_then(parse_retry_after);
                    if let Some(ra) = retry_after {
                        if ra > self.limits.max_retry_after {
                            return Err(FetchError::RetryAfterTooLong(ra.as_secs()));
                        }
                        Self::push_gate(&host, Instant::now() + ra);
                    }
                    if attempt >= self.limits.retries {
                        return Ok(r);
                    }
                    FetchError::Http(r.status)
                }
                Ok(r) => return Ok(r),
                Err(e) => e,
            };
            if !err.retryable() || attempt >= self.limits.retries {
                return Err(err);
            }
            let backoff = self.limits.backoff_base * 2u32.saturating_pow(attempt);
            tracing::debug!(url = %url, error = %err, attempt, "retrying");
            Self::push_gate(&host, Instant::now() + backoff);
            tokio::time::sleep(backoff).await;
            attempt += 1;
        }
    }

    async fn send_once(
        &self,
        url: &Url,
        extra: &[(String, String)],
        cap: usize,
    ) -> Result<Response, FetchError> {
        let mut req = self.client.get(url.clone());
        let mut request_headers = vec![
            ("User-Agent".to_string(), self.limits.user_agent.clone()),
            (
                "Accept-Encoding".to_string(),
                "gzip, br, deflate".to_string(),
            ),
        ];
        for (k, v) in extra {
            req = req.header(k.as_str(), v.as_str());
            request_headers.push((k.clone(), v.clone()));
        }
        let mut resp = req.send().await.map_err(classify)?;
        let status = resp.status();
        if let Some(len) = resp.content_length()
            && len as usize > cap
        {
            return Err(FetchError::TooLarge(cap));
        }
        let headers: Vec<(String, String)> = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(c)) => {
                    if body.len() + c.len() > cap {
                        return Err(FetchError::TooLarge(cap));
                    }
                    body.extend_from_slice(&c);
                }
                Ok(None) => break,
                Err(e) => {
                    return Err(match classify(e) {
                        FetchError::Timeout => FetchError::Timeout,
                        other => FetchError::Truncated(other.to_string()),
                    });
                }
            }
        }
        Ok(Response {
            requested: url.to_string(),
            url: url.to_string(),
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_string(),
            headers,
            request_headers,
            body,
        })
    }

    async fn robots_rules(&self, url: &Url) -> Arc<Host> {
        let host = self.host(&host_key(url));
        host.robots
            .get_or_init(|| async {
                let mut robots_url = url.clone();
                robots_url.set_path("/robots.txt");
                robots_url.set_query(None);
                robots_url.set_fragment(None);
                let mut target = robots_url;
                for _ in 0..5 {
                    match self.send(&target, &[], 512 << 10).await {
                        Ok(r) if (300..400).contains(&r.status) => {
                            match r.header("location").and_then(|l| target.join(l).ok()) {
                                Some(next) => {
                                    target = next;
                                    continue;
                                }
                                None => return RobotsRules::AllowAll,
                            }
                        }
                        Ok(r) if (200..300).contains(&r.status) => {
                            let Ok(rb) =
                                texting_robots::Robot::new(&self.limits.robots_agent, &r.body)
                            else {
                                return RobotsRules::AllowAll;
                            };
                            // A Crawl-delay longer than our interval applies from now on,
                            // including to the slot already reserved after this request.
                            if let Some(d) = rb.delay
                                && d.is_finite()
                                && d > 0.0
                            {
                                let d = Duration::from_secs_f32(d).min(self.limits.max_retry_after);
                                let mut iv = host.interval.lock().expect("poisoned");
                                if d > *iv {
                                    *iv = d;
                                    drop(iv);
                                    Self::push_gate(&host, Instant::now() + d);
                                }
                            }
                            return RobotsRules::Rules(Box::new(rb));
                        }
                        // RFC 9309: 4xx means no restrictions; 5xx means assume complete disallow.
                        Ok(r) if (400..500).contains(&r.status) => return RobotsRules::AllowAll,
                        Ok(r) => return RobotsRules::Unreachable(format!("HTTP {}", r.status)),
                        Err(e) => return RobotsRules::Unreachable(e.to_string()),
                    }
                }
                RobotsRules::AllowAll
            })
            .await;
        host
    }

    /// robots.txt `Sitemap:` lines of a URL's host.
    pub async fn robots_sitemaps(&self, url: &Url) -> Result<Vec<String>, FetchError> {
        let host = self.robots_rules(url).await;
        match host.robots.get() {
            Some(RobotsRules::Rules(r)) => Ok(r.sitemaps.clone()),
            Some(RobotsRules::Unreachable(e)) => Err(FetchError::RobotsUnreachable(e.clone())),
            _ => Ok(Vec::new()),
        }
    }

    /// The effective interval of a host (after robots Crawl-delay).
    pub async fn host_interval(&self, url: &Url) -> Duration {
        let host = self.robots_rules(url).await;
        *host.interval.lock().expect("poisoned")
    }

    async fn check_robots(&self, url: &Url) -> Result<(), FetchError> {
        let host = self.robots_rules(url).await;
        match host.robots.get() {
            Some(RobotsRules::Rules(r)) if !r.allowed(url.as_str()) => Err(FetchError::Robots),
            Some(RobotsRules::Unreachable(e)) => Err(FetchError::RobotsUnreachable(e.clone())),
            _ => Ok(()),
        }
    }

    /// GET a URL politely: robots.txt checked for it and every redirect hop.
    pub async fn get(&self, url: &str, extra: &[(String, String)]) -> Result<Response, FetchError> {
        self.get_capped(url, extra, self.limits.max_body_bytes)
            .await
    }

    /// [`Fetcher::get`] with a discovery document's (larger) body cap.
    pub async fn get_doc(&self, url: &str) -> Result<Response, FetchError> {
        self.get_capped(
            url,
            &[],
            self.limits.max_doc_bytes.max(self.limits.max_body_bytes),
        )
        .await
    }

    async fn get_capped(
        &self,
        url: &str,
        extra: &[(String, String)],
        cap: usize,
    ) -> Result<Response, FetchError> {
        let mut current = Url::parse(url).map_err(|e| FetchError::Other(format!("{url}: {e}")))?;
        let mut visited = vec![current.clone()];
        for _ in 0..=self.limits.max_redirects {
            self.check_robots(&current).await?;
            let mut r = self.send(&current, extra, cap).await?;
            if (300..400).contains(&r.status) && r.status != 304 {
                let Some(next) = r
                    .header("location")
                    .and_then(|l| current.join(l.trim()).ok())
                else {
                    r.requested = url.to_string();
                    return Ok(r);
                };
                if visited.contains(&next) {
                    return Err(FetchError::RedirectLoop);
                }
                visited.push(next.clone());
                current = next;
                continue;
            }
            r.requested = url.to_string();
            return Ok(r);
        }
        Err(FetchError::TooManyRedirects(self.limits.max_redirects))
    }
}

fn classify(e: reqwest::Error) -> FetchError {
    let mut msg = e.to_string();
    let mut src: Option<&dyn std::error::Error> = std::error::Error::source(&e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    if e.is_timeout() {
        FetchError::Timeout
    } else if e.is_connect() {
        FetchError::Connect(msg)
    } else if e.is_body() || e.is_decode() {
        FetchError::Truncated(msg)
    } else {
        FetchError::Connect(msg)
    }
}
