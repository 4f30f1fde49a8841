//! Command-line interface. Each area module owns its commands' arguments and code
//! (`<area>::cli`); this file only lists them and dispatches.

use crate::i18n::Lang;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "chisogioi",
    version,
    about = "Đo lường giới trong truyền thông tiếng Việt / Measuring gender in Vietnamese media"
)]
pub struct Cli {
    /// Ngôn ngữ thông báo / message language (vi, en)
    #[arg(
        long,
        global = true,
        value_enum,
        env = "CHISOGIOI_LANG",
        default_value = "vi"
    )]
    pub lang: Lang,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Tách từ / tokenize and segment Vietnamese text
    Tokenize(crate::text::cli::TokenizeArgs),
    /// Huấn luyện mô hình / train a model
    #[command(subcommand)]
    Train(TrainCommand),
    /// Đánh giá độ chính xác / evaluate against gold data
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Chấm điểm bài viết / score articles against the indicator set
    Score(crate::indicators::cli::ScoreArgs),
    /// Kiểm tra bản thảo / check a draft before publication
    Check(crate::indicators::cli::CheckArgs),
    /// Danh mục cơ quan báo chí / the outlet registry
    #[command(subcommand)]
    Outlets(crate::crawl::cli::OutletsCommand),
    /// Thu thập bài viết / crawl outlets for a date window
    Crawl(crate::crawl::cli::CrawlArgs),
    /// Trích xuất bài viết từ HTML/WARC / extract articles from HTML or WARC
    Extract(crate::extract::cli::ExtractArgs),
    /// Quét định kỳ: thu thập → chấm điểm → lập chỉ mục → báo cáo / the monthly scan
    Scan(crate::report::cli::ScanArgs),
    /// Tìm kiếm và thống kê chỉ mục / query the index
    Query(crate::index::cli::QueryArgs),
    /// Chấm lại bài đã lưu / re-score stored articles after lexicon changes
    Rescore(crate::index::cli::RescoreArgs),
    /// Xuất dữ liệu / export articles, people and quotes tables
    Export(crate::index::cli::ExportArgs),
    /// Lập báo cáo kỳ / period report
    Report(crate::report::cli::ReportArgs),
    /// Chạy ứng dụng web / run the web application
    Serve(crate::web::cli::ServeArgs),
    /// Đo hiệu năng / project benchmarks
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Subcommand, Debug)]
pub enum TrainCommand {
    /// Word segmenter from CoNLL-U
    Segmenter(crate::text::cli::TrainSegmenterArgs),
}

#[derive(Subcommand, Debug)]
pub enum EvalCommand {
    /// Word segmentation against CoNLL-U
    Segment(crate::text::cli::EvalSegmentArgs),
    /// Quotes, speakers, people and sources against gold JSONL
    Quotes(crate::indicators::cli::EvalQuotesArgs),
    /// Stereotype-language flags and stance against gold JSONL
    Flags(crate::indicators::cli::EvalFlagsArgs),
    /// Given-name gender against a TSV
    Names(crate::indicators::cli::EvalNamesArgs),
    /// Article extraction against an article-extraction-benchmark folder
    Extract(crate::extract::cli::EvalExtractArgs),
}

#[derive(Subcommand, Debug)]
pub enum BenchCommand {
    /// Generate a synthetic index and time indexing and queries
    Index(crate::index::cli::BenchIndexArgs),
    /// Crawler politeness and throughput against simulated hosts on loopback
    Crawl(crate::crawl::cli::BenchCrawlArgs),
    /// Load test of the web application on loopback (draft checks, dashboard, stats, search)
    Web(crate::web::cli::BenchWebArgs),
}

/// Parse arguments, run, and turn errors into a message and exit code 2.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang;
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}: {e:#}", lang.pick("lỗi", "error"));
            ExitCode::from(2)
        }
    }
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let lang = cli.lang;
    match cli.command {
        Command::Tokenize(a) => crate::text::cli::tokenize(a, lang),
        Command::Train(TrainCommand::Segmenter(a)) => crate::text::cli::train_segmenter(a, lang),
        Command::Eval(EvalCommand::Segment(a)) => crate::text::cli::eval_segment(a, lang),
        Command::Eval(EvalCommand::Quotes(a)) => crate::indicators::cli::eval_quotes(a, lang),
        Command::Eval(EvalCommand::Flags(a)) => crate::indicators::cli::eval_flags(a, lang),
        Command::Eval(EvalCommand::Names(a)) => crate::indicators::cli::eval_names(a, lang),
        Command::Eval(EvalCommand::Extract(a)) => crate::extract::cli::eval_extract(a, lang),
        Command::Score(a) => crate::indicators::cli::score(a, lang),
        Command::Check(a) => crate::indicators::cli::check(a, lang),
        Command::Outlets(c) => crate::crawl::cli::outlets(c, lang),
        Command::Crawl(a) => crate::crawl::cli::crawl(a, lang),
        Command::Extract(a) => crate::extract::cli::extract(a, lang),
        Command::Scan(a) => crate::report::cli::scan(a, lang),
        Command::Query(a) => crate::index::cli::query(a, lang),
        Command::Rescore(a) => crate::index::cli::rescore(a, lang),
        Command::Export(a) => crate::index::cli::export(a, lang),
        Command::Report(a) => crate::report::cli::report(a, lang),
        Command::Serve(a) => crate::web::cli::serve(a, lang),
        Command::Bench(BenchCommand::Index(a)) => crate::index::cli::bench_index(a, lang),
        Command::Bench(BenchCommand::Crawl(a)) => crate::crawl::cli::bench_crawl(a, lang),
        Command::Bench(BenchCommand::Web(a)) => crate::web::cli::bench_web(a, lang),
    }
}
