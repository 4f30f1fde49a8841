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
    Ok(ExitCode::SUCCESS)
}
