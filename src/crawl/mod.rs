//! Collection: discover an outlet's articles for a date window, fetch them politely,
//! archive every response as WARC and remember what was fetched.
//!
//! Data flow: [`registry`] (which outlets) → [`discover`] (robots.txt sitemaps, sitemaps,
//! feeds, section pages; date-window filter) → [`state`] (frontier in SQLite) →
//! [`fetch`] (per-host gates, retries, caps) → [`warc`] (archive) → [`state`] (settled).
//! The `extract` stage reads the WARC files listed by [`warc_files`] or [`archived`].
//!
//! Library entry points for `scan`: [`crawl`] (async) and [`crawl_blocking`].

pub mod bench;
pub mod cli;
pub mod discover;
pub mod fetch;
pub mod registry;
pub mod state;
pub mod urlnorm;
pub mod warc;

use crate::model::Outlet;
use chrono::NaiveDate;
use discover::{DateHint, Found, Window};
use fetch::{FetchError, Fetcher, Limits};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use sha2::{Digest, Sha256};
use state::{Settle, State};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Everything a crawl needs.
#[derive(Debug, Clone)]
pub struct CrawlConfig {
    pub outlets: Vec<Outlet>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Holds `crawl.sqlite`, `warc/` and `crawl.log.jsonl`.
    pub state_dir: PathBuf,
    pub limits: Limits,
    /// Most sitemap documents read per outlet (indexes can list thousands).
    pub max_sitemaps: usize,
    /// Most article URLs kept per outlet per window.
    pub max_urls_per_outlet: usize,
    /// Pages followed per section (pagination), unless the outlet overrides it.
    pub max_section_pages: usize,
    /// Draw progress bars (they are hidden anyway when stderr is not a terminal).
    pub progress: bool,
}

impl CrawlConfig {
    pub fn new(outlets: Vec<Outlet>, from: NaiveDate, to: NaiveDate, state_dir: PathBuf) -> Self {
        CrawlConfig {
            outlets,
            from,
            to,
            state_dir,
            limits: Limits::default(),
            max_sitemaps: 200,
            max_urls_per_outlet: 20_000,
            max_section_pages: 20,
            progress: true,
        }
    }
}

/// Counts for one outlet (or the total).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    /// Distinct article URLs discovered (any date).
    pub found: u64,
    /// Of those, dropped because their known date is outside the window.
    pub out_of_window: u64,
    /// Settled in an earlier, interrupted run of the same job.
    pub already_done: u64,
    /// Downloaded and archived (new or changed).
    pub fetched: u64,
    /// Not modified (304) or same content as last time.
    pub unchanged: u64,
    /// Same content as a page already archived (duplicate or syndicated copy).
    pub duplicates: u64,
    pub skipped_robots: u64,
    /// Errors by kind (`http_5xx`, `timeout`, `too_large`, `discovery_…`).
    pub errors: BTreeMap<String, u64>,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.found += o.found;
        self.out_of_window += o.out_of_window;
        self.already_done += o.already_done;
        self.fetched += o.fetched;
        self.unchanged += o.unchanged;
        self.duplicates += o.duplicates;
        self.skipped_robots += o.skipped_robots;
        for (k, v) in &o.errors {
            *self.errors.entry(k.clone()).or_default() += v;
        }
    }
    pub fn error_total(&self) -> u64 {
        self.errors.values().sum()
    }
}

/// The result of a crawl.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CrawlSummary {
    pub job: i64,
    pub resumed: bool,
    pub from: String,
    pub to: String,
    pub outlets: BTreeMap<String, Counts>,
    pub total: Counts,
    /// WARC files holding this window's pages (including earlier runs').
    pub warc_files: Vec<PathBuf>,
    /// WARC bytes cut off at start-up (a record interrupted by a crash).
    pub repaired_bytes: u64,
    pub elapsed_secs: f64,
}

struct Ctx {
    cfg: CrawlConfig,
    window: Window,
    fetcher: Fetcher,
    state: Mutex<State>,
    /// One WARC file per outlet per run, so outlets fsync in parallel.
    warcs: Mutex<HashMap<String, Arc<Mutex<Option<warc::WarcWriter>>>>>,
    /// Content hashes archived in this run → URL key (earlier runs are in the database).
    claims: Mutex<HashMap<String, String>>,
    job: i64,
    mp: MultiProgress,
}

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A content fingerprint that survives page chrome: the text of the article's long
/// paragraphs when there are enough of them (so a syndicated copy on another outlet, or
/// the same article with a new "most read" box, hashes the same); otherwise the bytes.
pub fn content_hash(body: &[u8], content_type: Option<&str>) -> String {
    let looks_html = content_type.is_none_or(|c| c.contains("html"))
        && memchr::memmem::find(&body[..body.len().min(4096)], b"<").is_some();
    if looks_html {
        let html = discover::decode_html(body, content_type);
        let doc = scraper::Html::parse_document(&html);
        static P: once_cell::sync::Lazy<scraper::Selector> =
            once_cell::sync::Lazy::new(|| scraper::Selector::parse("p").expect("valid selector"));
        let mut text = String::new();
        for p in doc.select(&P) {
            let t: String = p.text().collect::<Vec<_>>().join(" ");
            let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
            if t.chars().count() >= 60 {
                use unicode_normalization::UnicodeNormalization;
                text.extend(t.to_lowercase().nfc());
                text.push('\n');
            }
        }
        if text.chars().count() >= 200 {
            return format!("t:{}", hex::encode(Sha256::digest(text.as_bytes())));
        }
    }
    format!("b:{}", hex::encode(Sha256::digest(body)))
}

impl Ctx {
    fn error(counts: &mut Counts, kind: &str) {
        *counts.errors.entry(kind.to_string()).or_default() += 1;
    }

    async fn discover(
        &self,
        outlet: &Outlet,
        counts: &mut Counts,
        bar: &ProgressBar,
    ) -> Vec<Found> {
        let mut out: Vec<Found> = Vec::new();
        let Ok(home) = url::Url::parse(&outlet.home) else {
            Self::error(counts, "bad_url");
            return out;
        };
        let pattern = outlet
            .article_pattern
            .as_deref()
            .and_then(|p| regex::Regex::new(p).ok());
        let mut sitemaps: Vec<String> = outlet.sitemaps.clone();
        match self.fetcher.robots_sitemaps(&home).await {
            Ok(s) => {
                for u in s {
                    if !sitemaps.contains(&u) {
                        sitemaps.push(u);
                    }
                }
            }
            Err(e) => {
                tracing::warn!(outlet = %outlet.id, url = %home, error = %e, event = "robots_unreachable");
                Self::error(counts, &e.kind());
                return out;
            }
        }
        // Sitemaps and sitemap indexes, breadth first.
        let mut queue: std::collections::VecDeque<String> = sitemaps.into_iter().collect();
        let mut seen_maps = std::collections::HashSet::new();
        let mut read = 0usize;
        while let Some(sm) = queue.pop_front() {
            if !seen_maps.insert(sm.clone()) || read >= self.cfg.max_sitemaps {
                continue;
            }
            read += 1;
            bar.set_message(format!("sitemap {read}"));
            let Ok(base) = url::Url::parse(&sm) else {
                Self::error(counts, "discovery_bad_url");
                continue;
            };
            match self.fetcher.get_doc(&sm).await {
                Ok(r) if r.status == 200 => {
                    let parsed = discover::parse_sitemap(&r.body, &base);
                    for c in parsed.children {
                        if self.window.admits(c.date) {
                            queue.push_back(c.url);
                        }
                    }
                    out.extend(parsed.urls);
                }
                Ok(r) => {
                    tracing::warn!(outlet = %outlet.id, url = %sm, status = r.status, event = "discovery_error");
                    Self::error(counts, &format!("discovery_http_{}", r.status));
                }
                Err(e) => {
                    tracing::warn!(outlet = %outlet.id, url = %sm, error = %e, event = "discovery_error");
                    Self::error(counts, &format!("discovery_{}", e.kind()));
                }
            }
        }
        for feed in &outlet.feeds {
            bar.set_message("feed");
            let Ok(base) = url::Url::parse(feed) else {
                continue;
            };
            match self.fetcher.get_doc(feed).await {
                Ok(r) if r.status == 200 => match discover::parse_feed(&r.body, &base) {
                    Ok(items) => out.extend(items),
                    Err(e) => {
                        tracing::warn!(outlet = %outlet.id, url = %feed, error = %e, event = "feed_unparsable");
                        Self::error(counts, "discovery_bad_feed");
                    }
                },
                Ok(r) => Self::error(counts, &format!("discovery_http_{}", r.status)),
                Err(e) => Self::error(counts, &format!("discovery_{}", e.kind())),
            }
        }
        let mut sections = outlet.sections.clone();
        if sections.is_empty() && outlet.feeds.is_empty() && read == 0 {
            sections.push(outlet.home.clone());
        }
        let max_pages = outlet
            .max_section_pages
            .unwrap_or(self.cfg.max_section_pages)
            .max(1);
        for section in &sections {
            let mut next = Some(section.clone());
            let mut page_no = 1;
            let mut seen_pages = std::collections::HashSet::new();
            let mut seen_links = std::collections::HashSet::new();
            while let Some(pu) = next.take() {
                if page_no > max_pages || !seen_pages.insert(urlnorm::key(&pu)) {
                    break;
                }
                bar.set_message(format!("section p{page_no}"));
                let Ok(page) = url::Url::parse(&pu) else {
                    break;
                };
                let r = match self.fetcher.get_doc(&pu).await {
                    Ok(r) if r.status == 200 => r,
                    Ok(r) => {
                        Self::error(counts, &format!("discovery_http_{}", r.status));
                        break;
                    }
                    Err(e) => {
                        Self::error(counts, &format!("discovery_{}", e.kind()));
                        break;
                    }
                };
                let html = discover::decode_html(&r.body, r.header("content-type"));
                let sp = discover::parse_section(&html, &page, pattern.as_ref(), page_no);
                let mut new = 0;
                let mut newest: Option<NaiveDate> = None;
                for f in sp.articles {
                    if seen_links.insert(urlnorm::key(&f.url)) {
                        new += 1;
                        if let Some(d) = f.date.published() {
                            newest = newest.max(Some(d));
                        }
                        out.push(f);
                    }
                }
                // Sections list newest first: once a whole page is older than the
                // window (or adds nothing), later pages are older still.
                if new == 0 || newest.is_some_and(|d| d < self.window.from) {
                    break;
                }
                next = sp.next;
                page_no += 1;
            }
        }
        out
    }

    async fn run_outlet(self: Arc<Self>, outlet: Outlet) -> Counts {
        let mut counts = Counts::default();
        let bar = self.mp.add(ProgressBar::new(0));
        bar.set_style(
            ProgressStyle::with_template("{prefix:>18.bold} [{bar:30}] {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_prefix(outlet.id.clone());
        if let Ok(home) = url::Url::parse(&outlet.home)
            && (outlet.min_interval_secs.is_some() || outlet.max_in_flight.is_some())
        {
            let iv = Duration::from_secs_f64(
                outlet.min_interval_secs.unwrap_or(0.0).clamp(0.0, 86_400.0),
            );
            let inflight = outlet
                .max_in_flight
                .unwrap_or(self.cfg.limits.max_in_flight_per_host);
            // Every host the outlet's configured URLs live on gets the override.
            let hosts: std::collections::BTreeSet<String> = std::iter::once(&outlet.home)
                .chain(&outlet.feeds)
                .chain(&outlet.sitemaps)
                .chain(&outlet.sections)
                .filter_map(|u| url::Url::parse(u).ok())
                .map(|u| urlnorm::host_key(&u))
                .chain(std::iter::once(urlnorm::host_key(&home)))
                .collect();
            for h in hosts {
                self.fetcher.set_host_override(&h, iv, inflight);
            }
        }
        let found = self.discover(&outlet, &mut counts, &bar).await;
        // Merge by key, keep the best date, filter by window.
        let mut merged: HashMap<String, Found> = HashMap::new();
        for f in found {
            let Some(k) = urlnorm::key(&f.url) else {
                continue;
            };
            merged
                .entry(k)
                .and_modify(|e| e.date = e.date.or(f.date))
                .or_insert(f);
        }
        counts.found = merged.len() as u64;
        let mut kept: Vec<(String, Found)> = merged
            .into_iter()
            .filter(|(_, f)| {
                let ok = self.window.admits(f.date);
                if !ok {
                    counts.out_of_window += 1;
                }
                ok
            })
            .collect();
        kept.sort_by(|a, b| a.0.cmp(&b.0));
        kept.truncate(self.cfg.max_urls_per_outlet);
        {
            let st = self.state.lock().expect("poisoned");
            for (k, f) in &kept {
                let date = f.date.published().map(|d| d.to_string());
                if let Err(e) =
                    st.add_discovered(self.job, &outlet.id, k, &f.url, date.as_deref(), "discover")
                {
                    tracing::error!(error = %e, "state");
                    Self::error(&mut counts, "state");
                }
            }
        }
        let (frontier, already) = {
            let st = self.state.lock().expect("poisoned");
            (
                st.frontier(self.job, &outlet.id).unwrap_or_default(),
                st.settled_count(self.job, &outlet.id).unwrap_or(0),
            )
        };
        counts.already_done = already;
        bar.set_length(frontier.len() as u64 + already);
        bar.set_position(already);
        bar.set_message("");
        let inflight = outlet
            .max_in_flight
            .unwrap_or(self.cfg.limits.max_in_flight_per_host)
            .clamp(1, 16);
        let results: Vec<Result<&'static str, String>> = {
            use futures::StreamExt;
            futures::stream::iter(frontier)
                .map(|item| {
                    let ctx = self.clone();
                    let outlet_id = outlet.id.clone();
                    let bar = bar.clone();
                    async move {
                        let r = ctx.fetch_one(outlet_id, item).await;
                        bar.inc(1);
                        r
                    }
                })
                .buffer_unordered(inflight * 2)
                .collect()
                .await
        };
        for r in results {
            match r {
                Ok("done") => counts.fetched += 1,
                Ok("unchanged") => counts.unchanged += 1,
                Ok("duplicate") => counts.duplicates += 1,
                Ok("robots") => counts.skipped_robots += 1,
                Ok(_) => {}
                Err(kind) => Self::error(&mut counts, &kind),
            }
        }
        bar.finish_with_message(format!(
            "{} +{} ={} dup {} err {}",
            "✓",
            counts.fetched,
            counts.unchanged,
            counts.duplicates,
            counts.error_total()
        ));
        counts
    }

    /// Fetch one frontier URL and settle it. Ok(status) or Err(error kind).
    async fn fetch_one(
        self: Arc<Self>,
        outlet: String,
        item: state::FrontierItem,
    ) -> Result<&'static str, String> {
        let outlet = outlet.as_str();
        let had_copy = matches!(item.status.as_str(), "done" | "unchanged") && item.hash.is_some();
        let mut extra = Vec::new();
        if had_copy {
            if let Some(e) = &item.etag {
                extra.push(("If-None-Match".to_string(), e.clone()));
            }
            if let Some(l) = &item.last_modified {
                extra.push(("If-Modified-Since".to_string(), l.clone()));
            }
        }
        let res = self.fetcher.get(&item.url, &extra).await;
        let mut settle = Settle::default();
        let outcome: Result<&'static str, String> = match res {
            Err(FetchError::Robots) => {
                settle.status = "robots";
                Ok("robots")
            }
            Err(e) => {
                settle.status = "error";
                settle.error_kind = Some(e.kind());
                tracing::warn!(outlet, url = %item.url, error = %e, kind = %e.kind(), event = "fetch_error");
                Err(e.kind())
            }
            Ok(r) if r.status == 304 && had_copy => {
                settle.status = "unchanged";
                settle.http_status = Some(304);
                Ok("unchanged")
            }
            Ok(r) if r.status == 200 => {
                // Hashing parses HTML and archiving fsyncs: keep both off the async workers.
                let ctx = self.clone();
                let outlet = outlet.to_string();
                return tokio::task::spawn_blocking(move || ctx.store(&outlet, item, had_copy, r))
                    .await
                    .map_err(|e| format!("task: {e}"))?;
            }
            Ok(r) => {
                settle.status = if r.status == 404 || r.status == 410 {
                    "gone"
                } else {
                    "error"
                };
                settle.http_status = Some(r.status);
                let kind = FetchError::Http(r.status).kind();
                settle.error_kind = Some(kind.clone());
                tracing::warn!(outlet, url = %item.url, status = r.status, event = "fetch_error");
                Err(kind)
            }
        };
        self.state
            .lock()
            .expect("poisoned")
            .settle(self.job, &item.key, &settle)
            .map_err(|e| e.to_string())?;
        if let Ok(s) = outcome {
            tracing::info!(outlet, url = %item.url, status = s, event = "settled");
        }
        outcome
    }

    /// A 200 response: unchanged, duplicate, or archived (WARC written and fsynced, then
    /// settled in one transaction with the file's new committed length).
    fn store(
        &self,
        outlet: &str,
        item: state::FrontierItem,
        had_copy: bool,
        r: fetch::Response,
    ) -> Result<&'static str, String> {
        let hash = content_hash(&r.body, r.header("content-type"));
        let mut settle = Settle {
            http_status: Some(200),
            etag: r.header("etag").map(str::to_string),
            last_modified: r.header("last-modified").map(str::to_string),
            final_url: (r.url != item.url).then(|| r.url.clone()),
            hash: Some(hash.clone()),
            ..Default::default()
        };
        let settle_now = |settle: &Settle| {
            self.state
                .lock()
                .expect("poisoned")
                .settle(self.job, &item.key, settle)
                .map_err(|e| e.to_string())
        };
        if had_copy && item.hash.as_deref() == Some(hash.as_str()) {
            settle.status = "unchanged";
            settle_now(&settle)?;
            return Ok("unchanged");
        }
        // Claim the hash: an earlier run's archive (database) or another page of this
        // run (memory) may already hold the same content.
        {
            let mut claims = self.claims.lock().expect("poisoned");
            let owner = match claims.get(&hash) {
                Some(k) => Some(k.clone()),
                None => self
                    .state
                    .lock()
                    .expect("poisoned")
                    .hash_owner(&hash)
                    .map_err(|e| e.to_string())?,
            };
            if let Some(o) = owner.filter(|o| o != &item.key) {
                drop(claims);
                settle.status = "duplicate";
                settle.dup_of = Some(o);
                settle_now(&settle)?;
                return Ok("duplicate");
            }
            claims.insert(hash.clone(), item.key.clone());
        }
        settle.status = "done";
        let writer = self
            .warcs
            .lock()
            .expect("poisoned")
            .entry(outlet.to_string())
            .or_default()
            .clone();
        let mut w = writer.lock().expect("poisoned");
        match self.append_warc(outlet, &mut w, &r) {
            Ok(loc) => {
                settle.warc = Some(loc);
                settle_now(&settle)?;
                tracing::info!(outlet, url = %item.url, status = 200, bytes = r.body.len(), event = "fetched");
                Ok("done")
            }
            Err(e) => {
                self.claims.lock().expect("poisoned").remove(&hash);
                tracing::error!(outlet, url = %item.url, error = %e, event = "warc_error");
                Err("warc_write".into())
            }
        }
    }

    fn append_warc(
        &self,
        outlet: &str,
        w: &mut Option<warc::WarcWriter>,
        r: &fetch::Response,
    ) -> anyhow::Result<(PathBuf, u64, u64)> {
        if w.is_none() {
            let dir = window_dir(&self.cfg.state_dir, self.cfg.from, self.cfg.to);
            let name = format!(
                "job{:05}-{outlet}-{}-{}.warc.gz",
                self.job,
                chrono::Utc::now().format("%Y%m%dT%H%M%S%3f"),
                std::process::id()
            );
            let path = dir.join(name);
            let writer = warc::WarcWriter::create(
                &path,
                concat!("chisogioi/", env!("CARGO_PKG_VERSION")),
                &now_rfc3339(),
            )?;
            self.state.lock().expect("poisoned").register_warc(
                &path,
                writer.len(),
                self.job,
                &self.cfg.from.to_string(),
                &self.cfg.to.to_string(),
            )?;
            *w = Some(writer);
        }
        let writer = w.as_mut().expect("just created");
        let offset = writer.append(&warc::Exchange {
            url: &r.url,
            method: "GET",
            request_headers: &r.request_headers,
            status: r.status,
            reason: &r.reason,
            response_headers: &r.headers,
            body: &r.body,
            date: &now_rfc3339(),
        })?;
        Ok((writer.path().to_path_buf(), offset, writer.len()))
    }
}

fn window_dir(state_dir: &Path, from: NaiveDate, to: NaiveDate) -> PathBuf {
    state_dir.join("warc").join(format!("{from}_{to}"))
}

/// Run a crawl to completion (or until every outlet has settled its frontier).
pub async fn crawl(cfg: &CrawlConfig) -> anyhow::Result<CrawlSummary> {
    let started = std::time::Instant::now();
    anyhow::ensure!(
        cfg.from <= cfg.to,
        "--from {} is after --to {}",
        cfg.from,
        cfg.to
    );
    let state = State::open(&cfg.state_dir)?;
    let repaired: u64 = state.repair_warcs()?.iter().map(|(_, n)| n).sum();
    let mut ids: Vec<&str> = cfg.outlets.iter().map(|o| o.id.as_str()).collect();
    ids.sort();
    let key = format!("{}|{}|{}", ids.join(","), cfg.from, cfg.to);
    let (job, resumed) = state.begin_job(&key, &cfg.from.to_string(), &cfg.to.to_string())?;
    tracing::info!(job, resumed, from = %cfg.from, to = %cfg.to, outlets = ids.len(), repaired_bytes = repaired, event = "start");
    let mp = MultiProgress::new();
    if !cfg.progress || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        mp.set_draw_target(ProgressDrawTarget::hidden());
    }
    let ctx = Arc::new(Ctx {
        window: Window {
            from: cfg.from,
            to: cfg.to,
        },
        fetcher: Fetcher::new(cfg.limits.clone())?,
        state: Mutex::new(state),
        warcs: Mutex::new(HashMap::new()),
        claims: Mutex::new(HashMap::new()),
        job,
        mp,
        cfg: cfg.clone(),
    });
    let mut tasks = Vec::new();
    for o in &cfg.outlets {
        let c = ctx.clone();
        let o = o.clone();
        let id = o.id.clone();
        tasks.push((id, tokio::spawn(c.run_outlet(o))));
    }
    let mut summary = CrawlSummary {
        job,
        resumed,
        from: cfg.from.to_string(),
        to: cfg.to.to_string(),
        repaired_bytes: repaired,
        ..Default::default()
    };
    for (id, t) in tasks {
        let c = t
            .await
            .map_err(|e| anyhow::anyhow!("outlet {id}: task failed: {e}"))?;
        summary.total.add(&c);
        summary.outlets.insert(id, c);
    }
    {
        let st = ctx.state.lock().expect("poisoned");
        st.finish_job(job)?;
    }
    summary.warc_files = warc_files(&cfg.state_dir, cfg.from, cfg.to)?;
    summary.elapsed_secs = started.elapsed().as_secs_f64();
    tracing::info!(job, summary = %serde_json::to_string(&summary.total).unwrap_or_default(), event = "finish");
    Ok(summary)
}

/// [`crawl`] on its own tokio runtime, for synchronous callers.
pub fn crawl_blocking(cfg: &CrawlConfig) -> anyhow::Result<CrawlSummary> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(crawl(cfg))
}

/// Every archived page of a window (latest copy of each), from the state database.
pub fn archived(
    state_dir: &Path,
    from: NaiveDate,
    to: NaiveDate,
) -> anyhow::Result<Vec<state::Archived>> {
    State::open(state_dir)?.archived(&from.to_string(), &to.to_string())
}

/// Every page of a window whose last fetch failed, from the state database.
pub fn failed(
    state_dir: &Path,
    from: NaiveDate,
    to: NaiveDate,
) -> anyhow::Result<Vec<state::Failed>> {
    State::open(state_dir)?.failed(&from.to_string(), &to.to_string())
}

/// The WARC files holding a window's archived pages, sorted.
pub fn warc_files(
    state_dir: &Path,
    from: NaiveDate,
    to: NaiveDate,
) -> anyhow::Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = archived(state_dir, from, to)?
        .into_iter()
        .map(|a| a.warc_file)
        .collect();
    v.sort();
    v.dedup();
    Ok(v)
}

/// Send `tracing` events as JSON lines to `<state_dir>/crawl.log.jsonl` (append).
/// Returns false when a global subscriber was already installed.
pub fn init_json_log(state_dir: &Path) -> anyhow::Result<bool> {
    std::fs::create_dir_all(state_dir)?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(state_dir.join("crawl.log.jsonl"))?;
    let filter = tracing_subscriber::EnvFilter::try_from_env("CHISOGIOI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("chisogioi=info"));
    Ok(tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_writer(Mutex::new(file))
        .with_current_span(false)
        .try_init()
        .is_ok())
}

/// Unused-hint guard: keep [`DateHint`] reachable from the crate root docs.
pub type Hint = DateHint;
