//! Commands of the `extract` area: `chisogioi extract` and `chisogioi eval extract`.

use super::{Extractor, Overrides, eval, warc};
use crate::i18n::Lang;
use anyhow::{Context, anyhow};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Jsonl,
}

#[derive(clap::Args, Debug)]
pub struct ExtractArgs {
    /// Tệp HTML hoặc WARC (.warc, .warc.gz) / an HTML page or a WARC archive
    pub file: PathBuf,
    /// URL của trang (cho tệp HTML) / the page's URL (for an HTML file)
    #[arg(long)]
    pub url: Option<String>,
    /// Bảng mã do máy chủ khai báo (chỉ là gợi ý) / charset the server declared (a hint only)
    #[arg(long)]
    pub charset: Option<String>,
    /// json (một đối tượng hoặc mảng) hoặc jsonl (mỗi dòng một bài) / json or jsonl
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// Bộ trích xuất thân bài / body extractor: auto, vietcms, trafilatura
    #[arg(long, default_value = super::DEFAULT_EXTRACTOR)]
    pub extractor: String,
    /// Bộ chọn CSS theo trường, ví dụ body=div.noidung / per-field CSS override, e.g. body=div.noidung
    #[arg(long = "selector", value_name = "FIELD=CSS")]
    pub selectors: Vec<String>,
}

fn extractor(name: &str, lang: Lang) -> anyhow::Result<Extractor> {
    Extractor::named(name).ok_or_else(|| {
        anyhow!(
            "{} {name:?} ({})",
            lang.pick("không có bộ trích xuất", "no such extractor"),
            "auto, vietcms, trafilatura"
        )
    })
}

/// Is this file a WARC archive (by name, else by its first bytes)?
fn is_warc(path: &Path) -> anyhow::Result<bool> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.ends_with(".warc") || name.ends_with(".warc.gz") {
        return Ok(true);
    }
    let mut r = warc::open(path)?;
    let mut head = [0u8; 5];
    let n = r.read(&mut head).unwrap_or(0);
    Ok(&head[..n] == b"WARC/")
}

pub fn extract(args: ExtractArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let ex = extractor(&args.extractor, lang)?;
    let mut overrides = Overrides::default();
    for s in &args.selectors {
        let (k, v) = s.split_once('=').ok_or_else(|| {
            anyhow!(
                "--selector {s:?}: {}",
                lang.pick("cần dạng TRƯỜNG=CSS", "expected FIELD=CSS")
            )
        })?;
        overrides
            .selectors
            .insert(k.trim().to_owned(), v.trim().to_owned());
    }
    super::validate_overrides(&overrides).map_err(|e| anyhow!("--selector: {e}"))?;

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if !is_warc(&args.file)? {
        let bytes = std::fs::read(&args.file).with_context(|| {
            format!(
                "{} {}",
                lang.pick("không đọc được", "cannot read"),
                args.file.display()
            )
        })?;
        let a = ex
            .extract(
                &bytes,
                args.url.as_deref(),
                args.charset.as_deref(),
                &overrides,
            )
            .with_context(|| args.file.display().to_string())?;
        match args.format {
            Format::Json => serde_json::to_writer_pretty(&mut out, &a)?,
            Format::Jsonl => serde_json::to_writer(&mut out, &a)?,
        }
        writeln!(out)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }

    // A whole archive: stream records; errors go to stderr with the record's URI.
    let mut ok = 0usize;
    let mut failed = 0usize;
    let mut first = true;
    if args.format == Format::Json {
        write!(out, "[")?;
    }
    let mut write_err: Option<std::io::Error> = None;
    warc::for_each_html_response(&args.file, |rec| {
        let res = rec.and_then(|r| {
            ex.extract(
                &r.body,
                Some(&r.target_uri),
                r.charset.as_deref(),
                &overrides,
            )
            .map_err(|e| e.context(format!("WARC record {} ({})", r.record, r.target_uri)))
        });
        match res {
            Ok(a) => {
                ok += 1;
                let w = (|| -> std::io::Result<()> {
                    match args.format {
                        Format::Json => {
                            writeln!(out, "{}", if first { "" } else { "," })?;
                            serde_json::to_writer_pretty(&mut out, &a)?;
                        }
                        Format::Jsonl => {
                            serde_json::to_writer(&mut out, &a)?;
                            writeln!(out)?;
                        }
                    }
                    Ok(())
                })();
                first = false;
                if let Err(e) = w {
                    write_err.get_or_insert(e);
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("{}: {e:#}", lang.pick("lỗi bản ghi", "record error"));
            }
        }
    })?;
    if let Some(e) = write_err {
        return Err(e.into());
    }
    if args.format == Format::Json {
        writeln!(out, "\n]")?;
    }
    out.flush()?;
    eprintln!(
        "{}: {ok} {}, {failed} {}",
        args.file.display(),
        lang.pick("bài trích xuất được", "articles extracted"),
        lang.pick("bản ghi lỗi", "records failed")
    );
    Ok(if failed > 0 && ok == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[derive(clap::Args, Debug)]
pub struct EvalExtractArgs {
    /// Thư mục theo bố cục article-extraction-benchmark / an AEB-layout folder
    #[arg(long)]
    pub aeb: PathBuf,
    /// text hoặc json / text or json
    #[arg(long, default_value = "text")]
    pub format: String,
    /// auto, vietcms, trafilatura, hoặc all (so sánh) / or all (side by side)
    #[arg(long, default_value = super::DEFAULT_EXTRACTOR)]
    pub extractor: String,
    /// In điểm từng trang / print per-page scores
    #[arg(long)]
    pub per_page: bool,
}

pub fn eval_extract(args: EvalExtractArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let names: Vec<&str> = if args.extractor == "all" {
        vec!["auto", "vietcms", "trafilatura"]
    } else {
        vec![args.extractor.as_str()]
    };
    let mut reports = Vec::new();
    for n in names {
        let ex = extractor(n, lang)?;
        let mut r = eval::run(&args.aeb, &ex)?;
        if !args.per_page {
            r.per_page.clear();
        }
        reports.push(r);
    }
    match args.format.as_str() {
        "json" => {
            let v = if reports.len() == 1 {
                serde_json::to_value(&reports[0])?
            } else {
                serde_json::to_value(&reports)?
            };
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        "text" => {
            println!(
                "{:<12} {:>6} {:>9} {:>9} {:>9} {:>12}",
                lang.pick("bộ trích", "extractor"),
                lang.pick("trang", "pages"),
                "precision",
                "recall",
                "f1",
                "pages/s"
            );
            for r in &reports {
                println!(
                    "{:<12} {:>6} {:>9.4} {:>9.4} {:>9.4} {:>12.1}",
                    r.extractor, r.pages, r.precision, r.recall, r.f1, r.pages_per_sec
                );
                for p in &r.per_page {
                    println!(
                        "  {:<30} {:>9.4} {:>9.4} {:>9.4}",
                        p.id, p.precision, p.recall, p.f1
                    );
                }
                for e in &r.errors {
                    eprintln!("{}: {e}", lang.pick("lỗi", "error"));
                }
            }
        }
        other => {
            return Err(anyhow!(
                "--format {other:?}: {}",
                lang.pick("chỉ nhận text hoặc json", "expected text or json")
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}
