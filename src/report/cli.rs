//! Commands of the `report` area: `report` and `scan`.

use super::build::{Selection, build_report};
use super::config::ReportConfig;
use super::period::Period;
use super::render::{ReportFormat, render};
use super::scan::{self, ScanOptions};
use crate::i18n::Lang;
use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `--period` or `--from/--to`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct PeriodArgs {
    /// Kỳ báo cáo / period: 2024-11, 2024-Q4, 2024-H2, 2024, or 2024-11-15..2024-12-15
    #[arg(long)]
    pub period: Option<String>,
    /// Từ ngày / from date (YYYY-MM-DD), with --to
    #[arg(long)]
    pub from: Option<String>,
    /// Đến ngày / to date (YYYY-MM-DD), with --from
    #[arg(long)]
    pub to: Option<String>,
}

impl PeriodArgs {
    pub fn resolve(&self) -> anyhow::Result<Option<Period>> {
        match (&self.period, &self.from, &self.to) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                bail!("give either --period or --from/--to, not both")
            }
            (Some(p), None, None) => Ok(Some(Period::parse(p)?)),
            (None, Some(f), Some(t)) => Ok(Some(Period::parse(&format!("{f}..{t}"))?)),
            (None, Some(_), None) | (None, None, Some(_)) => {
                bail!("--from and --to go together")
            }
            (None, None, None) => Ok(None),
        }
    }
}

/// A file name for a period: `2024-Q4`, `2024-11-15_2024-12-15`.
pub fn period_file_label(p: &Period) -> String {
    p.label.replace("..", "_")
}

#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Mã cơ quan / outlet id (repeatable)
    #[arg(long = "outlet")]
    pub outlets: Vec<String>,
    /// Tỉnh/thành / province (repeatable)
    #[arg(long = "province")]
    pub provinces: Vec<String>,
    /// Định dạng / format
    #[arg(long, value_enum, default_value = "html")]
    pub format: ReportFormat,
    /// Tệp kết quả / output file (default: out/report-PERIOD.EXT; "-" for standard output)
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub index: crate::index::cli::IndexArg,
    /// Danh mục cơ quan (để liệt kê cả cơ quan không có bài) / outlet registry, to include outlets with no articles
    #[arg(long = "outlets")]
    pub registry: Option<PathBuf>,
    /// Tệp cấu hình chỉ tiêu / targets, quotas and peak periods (default: lexicons/indicator-set.toml, else built-in)
    #[arg(long)]
    pub config: Option<PathBuf>,
}

/// Write `bytes` to `path`, creating folders.
fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

pub fn report(args: ReportArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let period = args.period.resolve()?.context(
        "give the period: --period 2024-11 | 2024-Q4 | 2024-H2 | 2024 | FROM..TO, or --from/--to",
    )?;
    let (index, f) = crate::index::open(&args.index.index)?;
    let cfg = ReportConfig::load(args.config.as_deref())?;
    let registry = match &args.registry {
        Some(p) => scan::load_registry(p)?,
        None => Vec::new(),
    };
    let sel = Selection {
        outlets: args.outlets.clone(),
        provinces: args.provinces.clone(),
        registry,
    };
    let r = build_report(&index, &f, &period, &sel, &cfg)?;
    let bytes = render(&r, args.format, lang)?;
    let out = match &args.out {
        Some(p) if p.as_os_str() == "-" => None,
        Some(p) => Some(p.clone()),
        None => match args.format {
            ReportFormat::Csv | ReportFormat::Json => None,
            _ => Some(PathBuf::from(format!(
                "out/report-{}.{}",
                period_file_label(&period),
                args.format.ext()
            ))),
        },
    };
    match out {
        Some(p) => {
            write_file(&p, &bytes)?;
            println!(
                "{}: {} ({} {}, {} {})",
                lang.pick("Đã ghi báo cáo", "Report written"),
                p.display(),
                r.outlets.len(),
                lang.pick("cơ quan", "outlets"),
                r.total.articles,
                lang.pick("bài", "articles")
            );
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&bytes)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    /// Danh mục cơ quan / outlet registry (default: DIR/outlets.toml, else corpus/outlets.toml)
    #[arg(long = "outlets")]
    pub registry: Option<PathBuf>,
    /// Chỉ các cơ quan này / only these outlet ids
    #[arg(long, num_args = 1.., value_delimiter = ',')]
    pub only: Vec<String>,
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Quét tài liệu đã thu thập (JSONL/HTML/WARC), không dùng mạng / scan collected material offline
    #[arg(long)]
    pub from_dir: Option<PathBuf>,
    /// Thư mục kết quả (chỉ mục + báo cáo) / output folder (index + reports)
    #[arg(long, default_value = "out/scan")]
    pub out: PathBuf,
    /// Thư mục bộ từ điển / lexicons directory
    #[arg(long)]
    pub lexicons: Option<PathBuf>,
    /// Tệp cấu hình chỉ tiêu / targets, quotas and peak periods
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Định dạng báo cáo / report formats to write
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "html,xlsx,json,csv"
    )]
    pub formats: Vec<ReportFormat>,
    /// Không hiện tiến trình / no progress display
    #[arg(long)]
    pub quiet: bool,
    #[command(flatten)]
    pub net: ScanNetArgs,
}

/// Crawler limits for a scan over the network (ignored with --from-dir).
#[derive(clap::Args, Debug, Clone)]
pub struct ScanNetArgs {
    /// Khoảng cách tối thiểu giữa hai yêu cầu tới một máy chủ (giây) / per-host minimum interval, seconds
    #[arg(long, default_value_t = 5.0)]
    pub min_interval: f64,
    /// Số yêu cầu đồng thời tối đa cho mỗi máy chủ / per-host in-flight cap
    #[arg(long, default_value_t = 1)]
    pub max_in_flight: usize,
    /// Số lần thử lại / retries on 408/429/5xx and network errors
    #[arg(long, default_value_t = 3)]
    pub retries: u32,
    /// Thời gian chờ cơ sở khi thử lại (giây) / backoff base, seconds
    #[arg(long, default_value_t = 2.0)]
    pub backoff: f64,
    /// Read timeout (no bytes for this long), seconds
    #[arg(long, default_value_t = 30.0)]
    pub read_timeout: f64,
    /// Whole-request timeout, seconds
    #[arg(long, default_value_t = 120.0)]
    pub timeout: f64,
    /// Body size cap, bytes
    #[arg(long, default_value_t = 8 << 20)]
    pub max_body: usize,
    /// User-Agent (should name the crawler and a contact URL)
    #[arg(long, default_value = crate::crawl::fetch::DEFAULT_USER_AGENT)]
    pub user_agent: String,
}

impl ScanNetArgs {
    fn settings(&self) -> anyhow::Result<scan::CrawlSettings> {
        let secs = |v: f64, name: &str| -> anyhow::Result<std::time::Duration> {
            anyhow::ensure!(
                v.is_finite() && v >= 0.0,
                "--{name} must be a non-negative number of seconds"
            );
            Ok(std::time::Duration::from_secs_f64(v))
        };
        let mut s = scan::CrawlSettings::default();
        s.limits.min_interval = secs(self.min_interval, "min-interval")?;
        s.limits.max_in_flight_per_host = self.max_in_flight.max(1);
        s.limits.retries = self.retries;
        s.limits.backoff_base = secs(self.backoff, "backoff")?;
        s.limits.read_timeout = secs(self.read_timeout, "read-timeout")?;
        s.limits.request_timeout = secs(self.timeout, "timeout")?;
        s.limits.max_body_bytes = self.max_body.max(1024);
        s.limits.user_agent = self.user_agent.clone();
        Ok(s)
    }
}

/// The crawl part of the closing summary: counts per outlet, then every failed page with
/// what to do about it.
fn print_crawl(summary: &scan::ScanSummary, lang: Lang) {
    if let Some(c) = &summary.crawl {
        print!("{}", crate::crawl::cli::render_summary(c, lang));
    }
    if let Some(e) = &summary.crawl_error {
        println!(
            "{}: {e}",
            lang.pick(
                "Thu thập dừng giữa chừng (các trang đã lưu vẫn được xử lý; chạy lại cùng lệnh để tiếp tục)",
                "The crawl stopped early (archived pages were still processed; run the same command again to resume)"
            )
        );
    }
    if !summary.crawl_failed.is_empty() {
        println!(
            "{} ({}):",
            lang.pick("Trang không tải được", "Pages that could not be fetched"),
            summary.crawl_failed.len()
        );
        for f in summary.crawl_failed.iter().take(30) {
            println!(
                "  {} [{}] {}: {}",
                f.url,
                f.outlet,
                f.kind,
                scan::failure_hint(&f.kind, lang)
            );
        }
        if summary.crawl_failed.len() > 30 {
            println!(
                "  … {}",
                lang.pick(
                    "xem đầy đủ trong nhật ký JSON",
                    "see the full list in the JSON log"
                )
            );
        }
    }
    if let Some(d) = &summary.crawl_dir {
        let discovery: Vec<String> = summary
            .crawl
            .iter()
            .flat_map(|c| &c.outlets)
            .filter(|(_, c)| c.errors.keys().any(|k| k.starts_with("discovery_")))
            .map(|(id, _)| id.clone())
            .collect();
        if !discovery.is_empty() {
            println!(
                "{}: {}",
                lang.pick(
                    "Không đọc được một số sitemap/RSS/chuyên mục (kiểm tra địa chỉ trong danh mục cơ quan)",
                    "Some sitemaps/feeds/section pages could not be read (check their addresses in the outlet registry)"
                ),
                discovery.join(", ")
            );
        }
        println!(
            "{}: {} ({}: {})",
            lang.pick("Dữ liệu thu thập", "Crawl state"),
            d.display(),
            lang.pick("nhật ký JSON", "JSON log"),
            d.join("crawl.log.jsonl").display()
        );
    }
}

pub fn scan(args: ScanArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let period = args.period.resolve()?;
    let registry_path = scan::find_registry(args.registry.as_deref(), args.from_dir.as_deref());
    let registry = match &registry_path {
        Some(p) => scan::load_registry(p)?,
        None => {
            eprintln!(
                "{}",
                lang.pick(
                    "Cảnh báo: không tìm thấy danh mục cơ quan (outlets.toml); dùng mã cơ quan trong dữ liệu.",
                    "Warning: no outlet registry (outlets.toml) found; using the outlet ids in the data."
                )
            );
            Vec::new()
        }
    };
    for id in &args.only {
        if !registry.is_empty() && !registry.iter().any(|o| &o.id == id) {
            bail!(
                "--only {id}: {}",
                lang.pick(
                    "không có trong danh mục cơ quan",
                    "not in the outlet registry"
                )
            );
        }
    }
    let cfg = ReportConfig::load(args.config.as_deref())?;
    let engine = crate::index::cli::load_engine(args.lexicons.as_deref())?;
    let started = std::time::Instant::now();
    let opts = ScanOptions {
        from_dir: args.from_dir.as_deref(),
        registry: registry.clone(),
        only: args.only.clone(),
        period: period.clone(),
        out: args.out.clone(),
        engine: &engine,
        progress: !args.quiet,
        commit_every: 10_000,
        heap_bytes: 200_000_000,
        crawl: args.net.settings()?,
    };
    let mut summary = scan::scan_into_index(&opts)?;
    let period = match period {
        Some(p) => p,
        None => match (summary.first_day, summary.last_day) {
            (Some(a), Some(b)) => {
                let from = chrono::NaiveDate::from_ymd_opt(a.y, a.m, 1).expect("valid");
                let to = Period::month(b.y, b.m)?.to.naive();
                Period::range(from, to)?
            }
            _ => bail!(
                "{}",
                lang.pick(
                    "không có bài nào có ngày đăng: hãy chỉ định --period",
                    "no dated article found: give --period"
                )
            ),
        },
    };
    let (index, f) = crate::index::open(&summary.index_dir)?;
    let sel = Selection {
        outlets: args.only.clone(),
        provinces: Vec::new(),
        registry: registry.clone(),
    };
    let r = build_report(&index, &f, &period, &sel, &cfg)?;
    for fmt in &args.formats {
        let p = args.out.join(format!(
            "report-{}.{}",
            period_file_label(&period),
            fmt.ext()
        ));
        write_file(&p, &render(&r, *fmt, lang)?)?;
        summary.reports.push(p);
    }
    // closing summary
    println!("{}", lang.pick("== Kết quả quét ==", "== Scan summary =="));
    print_crawl(&summary, lang);
    println!(
        "{}: {} ({} {})",
        lang.pick("Kỳ báo cáo", "Period"),
        period.label,
        lang.pick("so với", "compared with"),
        r.previous.label
    );
    println!(
        "{}: {} {}, {} {}",
        lang.pick("Đã đọc", "Read"),
        summary.files,
        lang.pick("tệp", "files"),
        summary.articles_read,
        lang.pick("bài", "articles")
    );
    println!(
        "{}: {} {}, {} {}, {} {}, {} {}",
        lang.pick("Chỉ mục", "Index"),
        summary.index.added,
        lang.pick("mới", "added"),
        summary.index.updated,
        lang.pick("cập nhật", "updated"),
        summary.index.unchanged,
        lang.pick("không đổi", "unchanged"),
        summary.index.duplicate,
        lang.pick("trùng lặp", "duplicates")
    );
    if summary.out_of_period > 0 {
        println!(
            "{}: {}",
            lang.pick("Ngoài kỳ (bỏ qua)", "Outside the period (skipped)"),
            summary.out_of_period
        );
    }
    for (o, n) in &summary.unknown_outlet {
        println!(
            "{} `{}`: {n} {}",
            lang.pick(
                "Cơ quan không có trong danh mục",
                "Outlet not in the registry"
            ),
            if o.is_empty() { "?" } else { o },
            lang.pick("bài", "articles")
        );
    }
    if summary.errors_total > 0 {
        println!(
            "{}: {}",
            lang.pick(
                "Lỗi đầu vào (đã bỏ qua, các bài khác vẫn được xử lý)",
                "Input errors (skipped; everything else was processed)"
            ),
            summary.errors_total
        );
        for e in &summary.errors {
            println!("  {}: {}", e.at, e.message);
        }
    }
    let compliant = r
        .outlets
        .iter()
        .filter(|o| o.compliant == Some(true))
        .count();
    let with_data = r.outlets.iter().filter(|o| o.compliant.is_some()).count();
    let quota_met = r.quotas.iter().filter(|q| q.status == "met").count();
    println!(
        "{}: {} {}, {} {}; {} {compliant}/{with_data}; {} {quota_met}/{}",
        lang.pick("Báo cáo", "Report"),
        r.outlets.len(),
        lang.pick("cơ quan", "outlets"),
        r.total.articles,
        lang.pick("bài trong kỳ", "articles in the period"),
        lang.pick("cơ quan đạt chuẩn", "compliant outlets"),
        lang.pick("chỉ tiêu đạt", "quotas met"),
        r.quotas.len()
    );
    println!(
        "{}: {}",
        lang.pick("Chỉ mục lưu tại", "Index at"),
        summary.index_dir.display()
    );
    for p in &summary.reports {
        println!("{}: {}", lang.pick("Báo cáo", "Report"), p.display());
    }
    eprintln!(
        "{}: {:.1} s",
        lang.pick("Thời gian", "Time"),
        started.elapsed().as_secs_f64()
    );
    // A network scan that collected nothing because of errors (e.g. no network) fails, so a
    // scheduled job notices; the reports were still written.
    let crawl_failed_all = summary.crawl_dir.is_some()
        && summary.articles_read == 0
        && (summary.crawl_error.is_some()
            || !summary.crawl_failed.is_empty()
            || summary
                .crawl
                .as_ref()
                .is_some_and(|c| c.total.error_total() > 0));
    Ok(if crawl_failed_all {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
