//! `chisogioi serve` and `chisogioi bench web`.

use super::backend::DataSet;
use super::{AppState, Server};
use crate::i18n::Lang;
use crate::indicators::Engine;
use crate::report::ReportConfig;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Địa chỉ lắng nghe / address to listen on (loopback by default; use 0.0.0.0:PORT only
    /// behind a reverse proxy you trust)
    #[arg(long, env = "CHISOGIOI_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Mã truy cập cho thao tác thay đổi dữ liệu / token for data-changing endpoints (rescan,
    /// rescore); without it they answer 403
    #[arg(long, env = "CHISOGIOI_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Thư mục bộ từ điển / lexicon directory (default: $CHISOGIOI_LEXICONS or ./lexicons)
    #[arg(long)]
    pub lexicons: Option<PathBuf>,
    /// Thư mục chỉ mục do `chisogioi scan` tạo / index directory written by `chisogioi scan`
    /// (e.g. out/scan/index). Without it the demo corpus (corpus/demo) is scanned into a
    /// temporary folder and served.
    #[arg(long, env = "CHISOGIOI_INDEX")]
    pub index: Option<PathBuf>,
    /// Danh mục cơ quan / outlet registry, so outlets that published nothing still appear in
    /// quotas (e.g. corpus/outlets.toml)
    #[arg(long)]
    pub outlets: Option<PathBuf>,
    /// Tệp cấu hình chỉ tiêu / targets, quotas and peak periods (default:
    /// lexicons/indicator-set.toml, else built-in)
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Giới hạn kích thước yêu cầu (MB) / request body limit in MB (uploads)
    #[arg(long, default_value_t = 10)]
    pub max_body_mb: usize,
}

fn load_engine(lexicons: Option<&PathBuf>) -> anyhow::Result<Engine> {
    match lexicons {
        Some(d) => Engine::load(d),
        None => Engine::load_default(),
    }
}

/// Logging to stderr: `RUST_LOG` or `info`. Draft text is never part of any event.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// The index to serve: `--index DIR`, else the demo corpus scanned into a temporary folder.
fn load_data(
    engine: &Engine,
    index: Option<&Path>,
    outlets: Option<&Path>,
    config: Option<&Path>,
    lang: Lang,
) -> anyhow::Result<DataSet> {
    let config = ReportConfig::load(config)?;
    let registry = match outlets {
        Some(p) => crate::report::scan::load_registry(p)?,
        None => Vec::new(),
    };
    match index {
        Some(dir) => DataSet::open(dir, registry, config),
        None => {
            let Some(corpus) = super::backend::find_demo_corpus() else {
                anyhow::bail!(
                    "{}",
                    lang.pick(
                        "không có --index và không tìm thấy corpus/demo: chạy `chisogioi scan --from-dir THƯ_MỤC --out out/scan` rồi `chisogioi serve --index out/scan/index`",
                        "no --index and no corpus/demo found: run `chisogioi scan --from-dir DIR --out out/scan`, then `chisogioi serve --index out/scan/index`"
                    )
                );
            };
            eprintln!(
                "{} {}",
                lang.pick(
                    "Không có --index: phục vụ dữ liệu minh hoạ từ",
                    "No --index: serving the demo data from"
                ),
                corpus.display()
            );
            DataSet::demo(engine, &corpus, config)
        }
    }
}

pub fn serve(args: ServeArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    init_logging();
    let engine = load_engine(args.lexicons.as_ref())?;
    let data = load_data(
        &engine,
        args.index.as_deref(),
        args.outlets.as_deref(),
        args.config.as_deref(),
        lang,
    )?;
    let n = data.len();
    let state = Arc::new(AppState {
        engine,
        data,
        token: args.token.filter(|t| !t.is_empty()),
        default_lang: lang,
    });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let server = Server::start(state, args.bind, args.max_body_mb * 1024 * 1024).await?;
        if !server.addr.ip().is_loopback() {
            eprintln!(
                "{}",
                lang.pick(
                    "cảnh báo: máy chủ nghe trên địa chỉ không phải loopback; hãy đặt sau proxy có xác thực",
                    "warning: listening on a non-loopback address; put it behind an authenticating proxy"
                )
            );
        }
        eprintln!(
            "{} {} ({} {})",
            lang.pick("chisogioi đang chạy tại", "chisogioi is running at"),
            server.url(),
            n,
            lang.pick("bài viết", "articles")
        );
        tokio::select! {
            r = server.wait() => r,
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct BenchWebArgs {
    /// Tổng số yêu cầu / total requests (the test stops at this count or at --seconds)
    #[arg(long, default_value_t = 4000)]
    pub requests: usize,
    /// Số yêu cầu đồng thời / concurrent requests
    #[arg(long, default_value_t = 32)]
    pub concurrency: usize,
    /// Thời gian tối đa (giây) / time limit in seconds
    #[arg(long, default_value_t = 60)]
    pub seconds: u64,
    /// Chỉ mục / index to serve (default: the demo corpus scanned into a temporary folder;
    /// `chisogioi bench index --articles N --dir DIR` makes a large synthetic one)
    #[arg(long)]
    pub index: Option<PathBuf>,
    /// Danh mục cơ quan / outlet registry for the index
    #[arg(long)]
    pub outlets: Option<PathBuf>,
    /// Thư mục bộ từ điển / lexicon directory
    #[arg(long)]
    pub lexicons: Option<PathBuf>,
    /// json for machine-readable output
    #[arg(long, default_value = "table")]
    pub format: String,
}

pub fn bench_web(args: BenchWebArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let engine = load_engine(args.lexicons.as_ref())?;
    let data = load_data(
        &engine,
        args.index.as_deref(),
        args.outlets.as_deref(),
        None,
        lang,
    )?;
    let state = Arc::new(AppState {
        engine,
        data,
        token: None,
        default_lang: lang,
    });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let report = rt.block_on(super::bench::run(
        state,
        super::bench::LoadPlan {
            requests: args.requests,
            concurrency: args.concurrency.max(1),
            limit: std::time::Duration::from_secs(args.seconds),
        },
    ))?;
    if args.format == "json" {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.table(lang));
    }
    Ok(if report.errors() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
