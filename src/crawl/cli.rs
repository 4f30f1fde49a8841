//! Commands of the `crawl` area: `outlets list|check`, `crawl`, `bench crawl`.

use super::fetch::{Fetcher, Limits};
use super::{CrawlConfig, CrawlSummary, registry};
use crate::i18n::Lang;
use chrono::NaiveDate;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("\"{s}\": expected a date as YYYY-MM-DD (e.g. 2024-08-01)"))
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct CrawlArgs {
    /// Danh mục cơ quan / outlet registry file
    #[arg(long, default_value = "corpus/outlets.toml")]
    pub outlets: PathBuf,
    /// Chỉ thu thập các cơ quan này / only these outlet ids (repeat or comma-separate)
    #[arg(long, value_delimiter = ',', num_args = 1..)]
    pub only: Vec<String>,
    /// Từ ngày / first day of the window (YYYY-MM-DD, Vietnam time)
    #[arg(long, value_parser = parse_date)]
    pub from: NaiveDate,
    /// Đến ngày / last day of the window, inclusive
    #[arg(long, value_parser = parse_date)]
    pub to: NaiveDate,
    /// Thư mục trạng thái / state directory (database, WARC archives, logs)
    #[arg(long, default_value = "crawl-state")]
    pub state: PathBuf,
    /// User-Agent (should name the crawler and a contact URL)
    #[arg(long, default_value = super::fetch::DEFAULT_USER_AGENT)]
    pub user_agent: String,
    /// Khoảng cách tối thiểu giữa hai yêu cầu tới một máy chủ (giây) / per-host minimum interval, seconds
    #[arg(long, default_value_t = 5.0)]
    pub min_interval: f64,
    /// Số yêu cầu đồng thời tối đa cho mỗi máy chủ / per-host in-flight cap
    #[arg(long, default_value_t = 1)]
    pub max_in_flight: usize,
    /// Số yêu cầu đồng thời tối đa tổng cộng / global in-flight cap across hosts
    #[arg(long, default_value_t = 32)]
    pub concurrency: usize,
    /// Số lần thử lại / retries on 408/429/5xx and network errors
    #[arg(long, default_value_t = 3)]
    pub retries: u32,
    /// Thời gian chờ cơ sở khi thử lại (giây) / backoff base, seconds (doubles each retry)
    #[arg(long, default_value_t = 2.0)]
    pub backoff: f64,
    /// Connect timeout, seconds
    #[arg(long, default_value_t = 15.0)]
    pub connect_timeout: f64,
    /// Read timeout (no bytes for this long), seconds
    #[arg(long, default_value_t = 30.0)]
    pub read_timeout: f64,
    /// Whole-request timeout, seconds
    #[arg(long, default_value_t = 120.0)]
    pub timeout: f64,
    /// Longest Retry-After honoured, seconds
    #[arg(long, default_value_t = 600.0)]
    pub max_retry_after: f64,
    /// Body size cap, bytes
    #[arg(long, default_value_t = 8 << 20)]
    pub max_body: usize,
    /// Body size cap for sitemaps, feeds and section pages, bytes
    #[arg(long, default_value_t = 64 << 20)]
    pub max_doc: usize,
    /// Redirect cap
    #[arg(long, default_value_t = 5)]
    pub max_redirects: usize,
    /// Sitemap documents read per outlet
    #[arg(long, default_value_t = 200)]
    pub max_sitemaps: usize,
    /// Pages followed per section
    #[arg(long, default_value_t = 20)]
    pub max_section_pages: usize,
    /// Không hiện thanh tiến trình / no progress bars
    #[arg(long)]
    pub no_progress: bool,
    /// Chỉ liệt kê các tệp WARC của kỳ này, không thu thập / only list this window's WARC files
    #[arg(long)]
    pub list_warc: bool,
    /// Định dạng tóm tắt / summary format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

fn secs(v: f64, name: &str) -> anyhow::Result<Duration> {
    anyhow::ensure!(
        v.is_finite() && v >= 0.0,
        "--{name} must be a non-negative number of seconds"
    );
    Ok(Duration::from_secs_f64(v))
}

impl CrawlArgs {
    pub fn limits(&self) -> anyhow::Result<Limits> {
        Ok(Limits {
            user_agent: self.user_agent.clone(),
            robots_agent: "chisogioi".into(),
            min_interval: secs(self.min_interval, "min-interval")?,
            max_in_flight_per_host: self.max_in_flight.max(1),
            concurrency: self.concurrency.max(1),
            retries: self.retries,
            backoff_base: secs(self.backoff, "backoff")?,
            max_retry_after: secs(self.max_retry_after, "max-retry-after")?,
            connect_timeout: secs(self.connect_timeout, "connect-timeout")?,
            read_timeout: secs(self.read_timeout, "read-timeout")?,
            request_timeout: secs(self.timeout, "timeout")?,
            max_body_bytes: self.max_body.max(1024),
            max_doc_bytes: self.max_doc.max(1024),
            max_redirects: self.max_redirects,
        })
    }
}

/// The closing summary, as text.
pub fn render_summary(s: &CrawlSummary, lang: Lang) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} {} → {} ({} {}{})",
        lang.pick("Thu thập", "Crawl"),
        s.from,
        s.to,
        lang.pick("lượt", "job"),
        s.job,
        if s.resumed {
            lang.pick(", tiếp tục lượt bị gián đoạn", ", resumed")
        } else {
            ""
        }
    );
    let _ = writeln!(
        o,
        "{:<22} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}  {}",
        lang.pick("cơ quan", "outlet"),
        lang.pick("tìm", "found"),
        lang.pick("ngoài", "outside"),
        lang.pick("tải", "fetched"),
        lang.pick("không đổi", "unchgd"),
        lang.pick("trùng", "dup"),
        "robots",
        lang.pick("lỗi", "errors"),
        lang.pick("loại lỗi", "error kinds")
    );
    let row = |o: &mut String, name: &str, c: &super::Counts| {
        let kinds: Vec<String> = c.errors.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let _ = writeln!(
            o,
            "{:<22} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}  {}",
            name,
            c.found,
            c.out_of_window,
            c.fetched,
            c.unchanged + c.already_done,
            c.duplicates,
            c.skipped_robots,
            c.error_total(),
            kinds.join(" ")
        );
    };
    for (id, c) in &s.outlets {
        row(&mut o, id, c);
    }
    row(&mut o, lang.pick("TỔNG", "TOTAL"), &s.total);
    let _ = writeln!(
        o,
        "{}: {}; {:.1} s",
        lang.pick("Tệp WARC", "WARC files"),
        s.warc_files.len(),
        s.elapsed_secs
    );
    let hints: &[(&str, &str, &str)] = &[
        (
            "robots_unreachable",
            "robots.txt không tải được nên máy chủ bị bỏ qua (RFC 9309): kiểm tra kết nối mạng, hoặc chạy `chisogioi outlets check`",
            "robots.txt could not be fetched so the host was skipped (RFC 9309): check the network, or run `chisogioi outlets check`",
        ),
        (
            "timeout",
            "máy chủ trả lời quá chậm: thử lại sau, hoặc tăng --read-timeout",
            "the server answered too slowly: try again later, or raise --read-timeout",
        ),
        (
            "too_large",
            "trang lớn hơn giới hạn --max-body",
            "pages larger than --max-body",
        ),
        (
            "retry_after_too_long",
            "máy chủ yêu cầu chờ lâu hơn --max-retry-after: chạy lại sau (đã thu thập được giữ nguyên)",
            "the server asked to wait longer than --max-retry-after: run again later (what was collected is kept)",
        ),
    ];
    for (kind, vi, en) in hints {
        if s.total.errors.contains_key(*kind) {
            let _ = writeln!(o, "  {kind}: {}", lang.pick(vi, en));
        }
    }
    if s.total.error_total() > 0 {
        let _ = writeln!(
            o,
            "{}",
            lang.pick(
                "Chạy lại cùng lệnh để thử lại các trang lỗi; trang đã lưu không bị tải lại.",
                "Run the same command again to retry failed pages; archived pages are not downloaded again."
            )
        );
    }
    if s.repaired_bytes > 0 {
        let _ = writeln!(
            o,
            "{} {} {}",
            lang.pick("Đã cắt", "Cut"),
            s.repaired_bytes,
            lang.pick(
                "byte của bản ghi WARC dở dang từ lần chạy bị ngắt",
                "bytes of an unfinished WARC record left by an interrupted run"
            )
        );
    }
    o
}

pub fn crawl(args: CrawlArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    if args.list_warc {
        match args.format {
            Format::Json => {
                for a in super::archived(&args.state, args.from, args.to)? {
                    println!("{}", serde_json::to_string(&a)?);
                }
            }
            Format::Text => {
                for f in super::warc_files(&args.state, args.from, args.to)? {
                    println!("{}", f.display());
                }
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    if args.from > args.to {
        anyhow::bail!(
            "--from {} --to {}: {}",
            args.from,
            args.to,
            lang.pick(
                "ngày bắt đầu sau ngày kết thúc; đổi chỗ hai ngày",
                "the first day is after the last; swap the dates"
            )
        );
    }
    let outlets = registry::load(&args.outlets, lang)?;
    let outlets = registry::select(outlets, &args.only, lang)?;
    let mut cfg = CrawlConfig::new(outlets, args.from, args.to, args.state.clone());
    cfg.limits = args.limits()?;
    cfg.max_sitemaps = args.max_sitemaps;
    cfg.max_section_pages = args.max_section_pages;
    cfg.progress = !args.no_progress;
    super::init_json_log(&args.state)?;
    let summary = super::crawl_blocking(&cfg)?;
    let t = &summary.total;
    // Exit 1 when errors left nothing usable in the window (e.g. no network).
    let nothing = t.fetched + t.unchanged + t.duplicates + t.already_done == 0;
    let code = if nothing && t.error_total() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&summary)?),
        Format::Text => {
            print!("{}", render_summary(&summary, lang));
            eprintln!(
                "{}: {}",
                lang.pick("Nhật ký JSON", "JSON log"),
                args.state.join("crawl.log.jsonl").display()
            );
        }
    }
    Ok(code)
}

#[derive(clap::Args, Debug)]
pub struct BenchCrawlArgs {
    /// Số máy chủ mô phỏng / simulated hosts on loopback
    #[arg(long, default_value_t = 50)]
    pub hosts: usize,
    /// Bài viết mỗi máy chủ / article pages per host
    #[arg(long, default_value_t = 20)]
    pub pages: usize,
    /// Khoảng cách tối thiểu mỗi máy chủ (ms) / per-host minimum interval, milliseconds
    #[arg(long, default_value_t = 200)]
    pub min_interval: u64,
    /// Server response latency, milliseconds
    #[arg(long, default_value_t = 20)]
    pub latency: u64,
    /// Global in-flight cap
    #[arg(long, default_value_t = 64)]
    pub concurrency: usize,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn bench_crawl(args: BenchCrawlArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let report = super::bench::run(&super::bench::BenchParams {
        hosts: args.hosts.max(1),
        pages: args.pages.max(1),
        min_interval: Duration::from_millis(args.min_interval),
        latency: Duration::from_millis(args.latency),
        concurrency: args.concurrency.max(1),
    })?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Text => print!("{}", report.render(lang)),
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Subcommand, Debug)]
pub enum OutletsCommand {
    /// Liệt kê danh mục / list the registry
    List {
        #[arg(long, default_value = "corpus/outlets.toml")]
        outlets: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Kiểm tra robots.txt, nguồn RSS và sitemap / fetch each outlet's robots.txt, feeds and sitemaps
    Check {
        #[arg(long, default_value = "corpus/outlets.toml")]
        outlets: PathBuf,
        #[arg(long, value_delimiter = ',', num_args = 1..)]
        only: Vec<String>,
        /// Per-host minimum interval, seconds
        #[arg(long, default_value_t = 2.0)]
        min_interval: f64,
        /// Timeout per request, seconds
        #[arg(long, default_value_t = 20.0)]
        timeout: f64,
        #[arg(long, default_value = super::fetch::DEFAULT_USER_AGENT)]
        user_agent: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(serde::Serialize)]
struct CheckLine {
    outlet: String,
    what: &'static str,
    url: String,
    ok: bool,
    detail: String,
}

pub fn outlets(c: OutletsCommand, lang: Lang) -> anyhow::Result<ExitCode> {
    match c {
        OutletsCommand::List { outlets, format } => {
            let list = registry::load(&outlets, lang)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&list)?),
                Format::Text => {
                    for o in &list {
                        println!(
                            "{:<24} {:<18} {:<14} {}{}  [{} feed, {} sitemap, {} section] {}",
                            o.id,
                            o.kind.as_str(),
                            o.province.as_deref().unwrap_or("-"),
                            o.name,
                            if o.unverified {
                                lang.pick(" (chưa xác minh)", " (unverified)")
                            } else {
                                ""
                            },
                            o.feeds.len(),
                            o.sitemaps.len(),
                            o.sections.len(),
                            o.home
                        );
                    }
                    println!("{} {}", list.len(), lang.pick("cơ quan", "outlets"));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        OutletsCommand::Check {
            outlets,
            only,
            min_interval,
            timeout,
            user_agent,
            format,
        } => {
            let list = registry::select(registry::load(&outlets, lang)?, &only, lang)?;
            let t = secs(timeout, "timeout")?;
            let limits = Limits {
                user_agent,
                min_interval: secs(min_interval, "min-interval")?,
                retries: 0,
                connect_timeout: t.min(Duration::from_secs(10)),
                read_timeout: t,
                request_timeout: t,
                ..Limits::default()
            };
            let lines = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?
                .block_on(check_all(list, limits))?;
            let failed = lines.iter().filter(|l| !l.ok).count();
            match format {
                Format::Json => {
                    for l in &lines {
                        println!("{}", serde_json::to_string(l)?);
                    }
                }
                Format::Text => {
                    for l in &lines {
                        println!(
                            "{:<24} {:<8} {:<5} {} — {}",
                            l.outlet,
                            l.what,
                            if l.ok {
                                "OK"
                            } else {
                                lang.pick("LỖI", "FAIL")
                            },
                            l.url,
                            l.detail
                        );
                    }
                    println!(
                        "{} {} / {} {}",
                        failed,
                        lang.pick("địa chỉ lỗi", "URLs failed"),
                        lines.len(),
                        lang.pick(
                            "(không có mạng thì mọi địa chỉ đều lỗi; chạy lại khi có kết nối)",
                            "(without a network every URL fails; run again when connected)"
                        )
                    );
                }
            }
            Ok(if failed == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

async fn check_all(
    list: Vec<crate::model::Outlet>,
    limits: Limits,
) -> anyhow::Result<Vec<CheckLine>> {
    let fetcher = std::sync::Arc::new(Fetcher::new(limits)?);
    let mut tasks = Vec::new();
    for o in list {
        let f = fetcher.clone();
        tasks.push(tokio::spawn(async move { check_outlet(&f, &o).await }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.extend(t.await?);
    }
    Ok(out)
}

async fn check_outlet(f: &Fetcher, o: &crate::model::Outlet) -> Vec<CheckLine> {
    let mut out = Vec::new();
    let line = |what, url: &str, ok, detail: String| CheckLine {
        outlet: o.id.clone(),
        what,
        url: url.to_string(),
        ok,
        detail,
    };
    let Ok(home) = url::Url::parse(&o.home) else {
        out.push(line("home", &o.home, false, "invalid URL".into()));
        return out;
    };
    let robots_url = home
        .join("/robots.txt")
        .map(|u| u.to_string())
        .unwrap_or_default();
    let mut sitemaps = o.sitemaps.clone();
    match f.robots_sitemaps(&home).await {
        Ok(s) => {
            let iv = f.host_interval(&home).await;
            out.push(line(
                "robots",
                &robots_url,
                true,
                format!(
                    "{} Sitemap line(s), interval {:.1} s",
                    s.len(),
                    iv.as_secs_f64()
                ),
            ));
            for u in s {
                if !sitemaps.contains(&u) {
                    sitemaps.push(u);
                }
            }
        }
        Err(e) => {
            out.push(line("robots", &robots_url, false, e.to_string()));
            // Without robots.txt the host is not crawled; report the other URLs as skipped.
            for u in o
                .feeds
                .iter()
                .chain(o.sitemaps.iter())
                .chain(o.sections.iter())
            {
                out.push(line("skipped", u, false, "robots.txt unreachable".into()));
            }
            return out;
        }
    }
    for u in &sitemaps {
        let d = match f.get_doc(u).await {
            Ok(r) if r.status == 200 => {
                let base = url::Url::parse(u).unwrap_or_else(|_| home.clone());
                let s = super::discover::parse_sitemap(&r.body, &base);
                let ok = !s.urls.is_empty() || !s.children.is_empty();
                (
                    ok,
                    format!(
                        "{} URL(s), {} child sitemap(s)",
                        s.urls.len(),
                        s.children.len()
                    ),
                )
            }
            Ok(r) => (false, format!("HTTP {}", r.status)),
            Err(e) => (false, e.to_string()),
        };
        out.push(line("sitemap", u, d.0, d.1));
    }
    for u in &o.feeds {
        let d = match f.get_doc(u).await {
            Ok(r) if r.status == 200 => {
                let base = url::Url::parse(u).unwrap_or_else(|_| home.clone());
                match super::discover::parse_feed(&r.body, &base) {
                    Ok(items) => (!items.is_empty(), format!("{} item(s)", items.len())),
                    Err(e) => (false, format!("not a feed: {e}")),
                }
            }
            Ok(r) => (false, format!("HTTP {}", r.status)),
            Err(e) => (false, e.to_string()),
        };
        out.push(line("feed", u, d.0, d.1));
    }
    for u in &o.sections {
        let d = match f.get_doc(u).await {
            Ok(r) if r.status == 200 => {
                let page = url::Url::parse(u).unwrap_or_else(|_| home.clone());
                let html = super::discover::decode_html(&r.body, r.header("content-type"));
                let pattern = o
                    .article_pattern
                    .as_deref()
                    .and_then(|p| regex::Regex::new(p).ok());
                let s = super::discover::parse_section(&html, &page, pattern.as_ref(), 1);
                (
                    !s.articles.is_empty(),
                    format!(
                        "{} article link(s), next page: {}",
                        s.articles.len(),
                        s.next.is_some()
                    ),
                )
            }
            Ok(r) => (false, format!("HTTP {}", r.status)),
            Err(e) => (false, e.to_string()),
        };
        out.push(line("section", u, d.0, d.1));
    }
    out
}
