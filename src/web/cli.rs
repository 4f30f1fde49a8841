//! `chisogioi serve` and `chisogioi bench web`.

use super::backend::DataSet;
use super::{AppState, Server};
use crate::i18n::Lang;
use crate::indicators::Engine;
use std::net::SocketAddr;
use std::path::PathBuf;
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
    /// Thư mục chỉ mục / index directory written by `chisogioi scan`
    #[arg(long)]
    pub index: Option<PathBuf>,
    /// Tệp bài viết JSONL để chấm và phục vụ / article JSONL files to score and serve
    /// (e.g. corpus/demo/*.jsonl)
    #[arg(long, num_args = 1..)]
    pub articles: Vec<PathBuf>,
    /// Danh mục cơ quan báo chí / outlet registry for --articles (e.g. corpus/demo/outlets.toml)
    #[arg(long)]
    pub outlets: Option<PathBuf>,
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

pub fn serve(args: ServeArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    init_logging();
    let engine = load_engine(args.lexicons.as_ref())?;
    let data = if let Some(dir) = &args.index {
        // TODO(index): open the tantivy index at `dir` (index::open) and serve from it.
        anyhow::bail!(
            "{} {}",
            dir.display(),
            lang.pick(
                ": đọc chỉ mục chưa có trong bản dựng này; dùng --articles FILE.jsonl --outlets outlets.toml",
                ": reading the index is not in this build yet; use --articles FILE.jsonl --outlets outlets.toml"
            )
        );
    } else if !args.articles.is_empty() {
        DataSet::load_articles(&engine, &args.articles, args.outlets.as_deref())?
    } else {
        DataSet::default()
    };
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
    /// Tệp bài viết JSONL cho bảng theo dõi / article JSONL for the dashboard (default: a
    /// synthetic data set)
    #[arg(long, num_args = 1..)]
    pub articles: Vec<PathBuf>,
    #[arg(long)]
    pub outlets: Option<PathBuf>,
    /// Số bài tổng hợp / synthetic articles when no --articles
    #[arg(long, default_value_t = 5000)]
    pub synthetic: usize,
    /// Thư mục bộ từ điển / lexicon directory
    #[arg(long)]
    pub lexicons: Option<PathBuf>,
    /// json for machine-readable output
    #[arg(long, default_value = "table")]
    pub format: String,
}

pub fn bench_web(args: BenchWebArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let engine = load_engine(args.lexicons.as_ref())?;
    let data = if args.articles.is_empty() {
        super::bench::synthetic_dataset(args.synthetic, 42)
    } else {
        DataSet::load_articles(&engine, &args.articles, args.outlets.as_deref())?
    };
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
