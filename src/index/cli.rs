//! Commands of the `index` area: `query`, `rescore`, `export`, `bench index`.

use super::export::{ExportFormat, Table};
use super::schema;
use super::search::{self, Dim, Filter, GroupKey, Where};
use super::stats::{Agg, GroupSummary, RATES, ShareStat};
use super::store::{self, Day, IndexStore};
use crate::i18n::Lang;
use anyhow::{Context, bail};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Where the index lives.
#[derive(clap::Args, Debug, Clone)]
pub struct IndexArg {
    /// Thư mục chỉ mục / index directory
    #[arg(long, env = "CHISOGIOI_INDEX", default_value = super::DEFAULT_INDEX_DIR)]
    pub index: PathBuf,
}

/// Filters shared by `query` and `export`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Mã cơ quan / outlet id (repeatable)
    #[arg(long = "outlet")]
    pub outlets: Vec<String>,
    /// Tỉnh/thành / province (repeatable)
    #[arg(long = "province")]
    pub provinces: Vec<String>,
    /// Loại cơ quan / outlet type: national_press, provincial_press, broadcaster, media_centre, government_portal, commune_portal, magazine, other
    #[arg(long = "type")]
    pub types: Vec<String>,
    /// Từ ngày / from date (YYYY-MM-DD, inclusive)
    #[arg(long)]
    pub from: Option<String>,
    /// Đến ngày / to date (YYYY-MM-DD, inclusive)
    #[arg(long)]
    pub to: Option<String>,
    /// Chủ đề / topic: gbv, policy, ge, ge/strong, a domain name ("y tế"), tag/NAME
    #[arg(long = "topic")]
    pub topics: Vec<String>,
    /// Cờ cảnh báo / flag category (STEREO, DEROG…) or rule id
    #[arg(long = "flag")]
    pub flags: Vec<String>,
    /// Có nguồn tin nữ / at least one woman source
    #[arg(long)]
    pub has_woman_source: bool,
    /// Giới của nguồn tin / source gender (female, male, unknown)
    #[arg(long = "source-gender")]
    pub source_genders: Vec<String>,
    /// Giới của người được nhắc / person gender (female, male, unknown)
    #[arg(long = "person-gender")]
    pub person_genders: Vec<String>,
    /// Vai trò / role (expert, official, citizen, subject, other); with --source-gender: a source of that role and gender
    #[arg(long = "role")]
    pub roles: Vec<String>,
    /// Điều kiện số / numeric condition, e.g. 'i02_female>=1' (repeatable; see docs/data-dictionary.md)
    #[arg(long = "where")]
    pub wheres: Vec<String>,
    /// Chỉ bài chấm bằng phiên bản bộ chỉ số này / only articles scored with this indicator-set version
    #[arg(long)]
    pub indicator_set: Option<String>,
}

/// Parse `YYYY-MM-DD` (also `YYYYMMDD`, `DD/MM/YYYY`).
pub fn parse_day(s: &str) -> anyhow::Result<Day> {
    for fmt in ["%Y-%m-%d", "%Y%m%d", "%d/%m/%Y"] {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(s.trim(), fmt) {
            return Ok(Day::from_naive(d));
        }
    }
    bail!("`{s}` is not a date (expected YYYY-MM-DD)")
}

impl FilterArgs {
    pub fn to_filter(&self, text: Option<String>) -> anyhow::Result<Filter> {
        Ok(Filter {
            text,
            outlets: self.outlets.clone(),
            provinces: self.provinces.clone(),
            types: self.types.clone(),
            from: self.from.as_deref().map(parse_day).transpose()?,
            to: self.to.as_deref().map(parse_day).transpose()?,
            topics: self.topics.clone(),
            flags: self.flags.clone(),
            has_woman_source: self.has_woman_source,
            source_genders: self.source_genders.clone(),
            person_genders: self.person_genders.clone(),
            roles: self.roles.clone(),
            wheres: self
                .wheres
                .iter()
                .map(|w| Where::parse(w))
                .collect::<anyhow::Result<_>>()?,
            indicator_set: self.indicator_set.clone(),
            undated: false,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    Table,
    Csv,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct QueryArgs {
    /// Từ khóa tìm kiếm (cú pháp tantivy) / full-text query (tantivy syntax: "phrase", +must, -not, title:word)
    pub text: Option<String>,
    #[command(flatten)]
    pub index: IndexArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Nhóm theo / group by (combinable): outlet, province, type, month, quarter, year
    #[arg(long, value_delimiter = ',')]
    pub by: Vec<Dim>,
    /// Định dạng / output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: OutFormat,
    /// Số bài tiêu biểu hiển thị / list this many matching articles (default 10 with TEXT, else 0)
    #[arg(long)]
    pub hits: Option<usize>,
}

fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:.1}%", v * 100.0))
        .unwrap_or_else(|| "–".into())
}

fn share_cell(s: &ShareStat) -> String {
    match (s.women_share, s.ci_low, s.ci_high) {
        (Some(w), Some(l), Some(h)) => format!(
            "{:.1}% [{:.0}–{:.0}] {}/{}/{}",
            w * 100.0,
            l * 100.0,
            h * 100.0,
            s.female,
            s.male,
            s.unknown
        ),
        _ => format!("– {}/{}/{}", s.female, s.male, s.unknown),
    }
}

/// Flat columns of a group summary for CSV.
fn flat(g: &GroupSummary) -> Vec<(String, String)> {
    let f = |x: Option<f64>| x.map(|v| format!("{v:.6}")).unwrap_or_default();
    let mut v = vec![("articles".to_string(), g.articles.to_string())];
    v.push((
        "with_woman_source".into(),
        g.with_woman_source.count.to_string(),
    ));
    v.push(("with_woman_source_rate".into(), f(g.with_woman_source.rate)));
    for (k, s) in &g.shares {
        v.push((format!("{k}_female"), s.female.to_string()));
        v.push((format!("{k}_male"), s.male.to_string()));
        v.push((format!("{k}_unknown"), s.unknown.to_string()));
        v.push((format!("{k}_women_share"), f(s.women_share)));
        v.push((format!("{k}_ci_low"), f(s.ci_low)));
        v.push((format!("{k}_ci_high"), f(s.ci_high)));
    }
    for (k, r) in &g.rates {
        let k = k.to_lowercase();
        v.push((format!("{k}_count"), r.count.to_string()));
        v.push((format!("{k}_rate"), f(r.rate)));
        v.push((format!("{k}_ci_low"), f(r.ci_low)));
        v.push((format!("{k}_ci_high"), f(r.ci_high)));
    }
    v.push(("i12_hits".into(), g.i12_hits.to_string()));
    v.push(("i12_per_1000_syllables".into(), f(g.i12_per_1000_syllables)));
    v.push(("i13_marked_female".into(), g.i13_marked_female.to_string()));
    v.push(("i13_marked_male".into(), g.i13_marked_male.to_string()));
    for (author, s) in &g.i18_sources_by_author {
        v.push((
            format!("i18_author_{author}_sources_female"),
            s.female.to_string(),
        ));
        v.push((
            format!("i18_author_{author}_sources_male"),
            s.male.to_string(),
        ));
        v.push((
            format!("i18_author_{author}_sources_unknown"),
            s.unknown.to_string(),
        ));
    }
    v
}

/// Render aggregate groups in the requested format.
pub fn render_groups(
    groups: &BTreeMap<GroupKey, Agg>,
    dims: &[Dim],
    format: OutFormat,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match format {
        OutFormat::Json => {
            let rows: Vec<serde_json::Value> = groups
                .iter()
                .map(|(k, a)| {
                    let mut m = serde_json::Map::new();
                    for (d, v) in dims.iter().zip(k) {
                        m.insert(d.name().into(), serde_json::Value::String(v.clone()));
                    }
                    m.insert(
                        "stats".into(),
                        serde_json::to_value(GroupSummary::from_agg(a)).expect("serialises"),
                    );
                    serde_json::Value::Object(m)
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
        OutFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            let mut header: Vec<String> = dims.iter().map(|d| d.name().to_string()).collect();
            header.extend(
                flat(&GroupSummary::from_agg(&Agg::default()))
                    .into_iter()
                    .map(|c| c.0),
            );
            w.write_record(&header)?;
            for (k, a) in groups {
                let mut row = k.clone();
                row.extend(flat(&GroupSummary::from_agg(a)).into_iter().map(|c| c.1));
                w.write_record(&row)?;
            }
            w.flush()?;
        }
        OutFormat::Table => {
            let mut header: Vec<String> = dims
                .iter()
                .map(|d| {
                    match d {
                        Dim::Outlet => lang.pick("cơ quan", "outlet"),
                        Dim::Province => lang.pick("tỉnh", "province"),
                        Dim::Type => lang.pick("loại", "type"),
                        Dim::Month => lang.pick("tháng", "month"),
                        Dim::Quarter => lang.pick("quý", "quarter"),
                        Dim::Year => lang.pick("năm", "year"),
                    }
                    .to_string()
                })
                .collect();
            for h in [
                lang.pick("số bài", "articles"),
                lang.pick(
                    "I01 nữ/người được nhắc [KTC95] n/nam/?",
                    "I01 women/people [95%CI] f/m/?",
                ),
                lang.pick(
                    "I02 nữ/nguồn tin [KTC95] n/nam/?",
                    "I02 women/sources [95%CI] f/m/?",
                ),
                lang.pick("bài có nguồn nữ", "w/ woman source"),
                lang.pick("I17 bài về BĐG", "I17 GE items"),
                lang.pick("I20 đạt chuẩn", "I20 compliant"),
            ] {
                header.push(h.to_string());
            }
            let mut rows = vec![header];
            for (k, a) in groups {
                let g = GroupSummary::from_agg(a);
                let mut row: Vec<String> = k
                    .iter()
                    .map(|s| {
                        if s.is_empty() {
                            "–".into()
                        } else {
                            s.clone()
                        }
                    })
                    .collect();
                row.push(g.articles.to_string());
                row.push(share_cell(&g.shares["i01"]));
                row.push(share_cell(&g.shares["i02"]));
                row.push(pct(g.with_woman_source.rate));
                row.push(format!(
                    "{} ({})",
                    g.rates["I17"].count,
                    pct(g.rates["I17"].rate)
                ));
                row.push(pct(g.rates["I20"].rate));
                rows.push(row);
            }
            print_table(&rows, out)?;
        }
    }
    Ok(())
}

/// Print rows as an aligned text table (widths in chars).
pub fn print_table(rows: &[Vec<String>], out: &mut dyn Write) -> anyhow::Result<()> {
    let ncol = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let mut w = vec![0usize; ncol];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(c.chars().count());
        }
    }
    for (ri, r) in rows.iter().enumerate() {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = w[i] - c.chars().count();
                format!("{c}{}", " ".repeat(pad))
            })
            .collect();
        writeln!(out, "{}", line.join("  ").trim_end())?;
        if ri == 0 {
            writeln!(
                out,
                "{}",
                w.iter()
                    .map(|n| "-".repeat(*n))
                    .collect::<Vec<_>>()
                    .join("  ")
            )?;
        }
    }
    Ok(())
}

pub fn query(args: QueryArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let (index, f) = schema::open_parallel(&args.index.index)?;
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let filter = args.filter.to_filter(args.text.clone())?;
    let groups = search::aggregate(&index, &f, &searcher, &filter, &args.by)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let hits = args
        .hits
        .unwrap_or(if args.text.is_some() { 10 } else { 0 });
    if args.format == OutFormat::Table {
        let total: u64 = groups.values().map(|a| a.n).sum();
        writeln!(
            out,
            "{}: {total}",
            lang.pick("Số bài khớp", "Matching articles")
        )?;
    }
    render_groups(&groups, &args.by, args.format, lang, &mut out)?;
    if hits > 0 && args.format == OutFormat::Table {
        writeln!(out)?;
        for (score, addr) in search::top_hits(&index, &f, &searcher, &filter, hits)? {
            let r = store::read_record(&searcher, &f, addr)?;
            writeln!(
                out,
                "{score:6.2}  {}  {}  {}\n        {}",
                r.article.date.as_deref().unwrap_or("–"),
                r.outlet.id,
                r.article.title,
                r.article.url.as_deref().unwrap_or("")
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct RescoreArgs {
    #[command(flatten)]
    pub index: IndexArg,
    /// Thư mục bộ từ điển / lexicons directory (default: $CHISOGIOI_LEXICONS or ./lexicons)
    #[arg(long)]
    pub lexicons: Option<PathBuf>,
}

/// What a rescore did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct RescoreSummary {
    pub articles: u64,
    pub changed: u64,
    pub unchanged: u64,
    /// indicator-set version → articles, before and after
    pub versions_before: BTreeMap<String, u64>,
    pub versions_after: BTreeMap<String, u64>,
}

/// Re-score every stored article with `engine` and upsert the results.
pub fn rescore_index(
    dir: &Path,
    engine: &crate::indicators::Engine,
) -> anyhow::Result<RescoreSummary> {
    let mut st = IndexStore::open(dir, 200_000_000)?;
    let reader = st.index.reader()?;
    let searcher = reader.searcher();
    let f = st.fields.clone();
    let addrs = search::matching(&st.index, &f, &searcher, &Filter::default())?;
    let mut sum = RescoreSummary::default();
    let before = st.stats;
    for chunk in addrs.chunks(2000) {
        let recs: Vec<_> = chunk
            .iter()
            .map(|a| store::read_record(&searcher, &f, *a))
            .collect::<anyhow::Result<_>>()?;
        let prepared: Vec<_> = recs
            .par_iter()
            .map(|r| {
                let sc = engine.score(&r.article);
                let v = version_label(&sc);
                (
                    version_label(&r.scorecard),
                    v,
                    store::prepare(&f, &r.article, &r.outlet, &sc),
                )
            })
            .collect();
        for (old, new, p) in prepared {
            *sum.versions_before.entry(old).or_default() += 1;
            *sum.versions_after.entry(new).or_default() += 1;
            st.upsert_prepared(p)?;
            sum.articles += 1;
        }
    }
    let after = st.finish()?;
    sum.changed = after.changed() - before.changed();
    sum.unchanged = after.unchanged - before.unchanged;
    Ok(sum)
}

fn version_label(sc: &crate::model::Scorecard) -> String {
    let v = &sc.versions;
    if v.indicator_set.is_empty() && v.engine.is_empty() && v.lexicons.is_empty() {
        return "(none)".into();
    }
    format!(
        "{} [{}] {}",
        v.indicator_set,
        store::lexicon_versions(sc),
        v.engine
    )
}

pub fn load_engine(dir: Option<&Path>) -> anyhow::Result<crate::indicators::Engine> {
    match dir {
        Some(d) => crate::indicators::Engine::load(d)
            .with_context(|| format!("cannot load lexicons from {}", d.display())),
        None => crate::indicators::Engine::load_default().context("cannot load the lexicons"),
    }
}

pub fn rescore(args: RescoreArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    schema::open(&args.index.index)?;
    let engine = load_engine(args.lexicons.as_deref())?;
    let s = rescore_index(&args.index.index, &engine)?;
    println!(
        "{}: {} — {}: {}, {}: {}",
        lang.pick("Đã chấm lại", "Re-scored"),
        s.articles,
        lang.pick("thay đổi", "changed"),
        s.changed,
        lang.pick("không đổi", "unchanged"),
        s.unchanged
    );
    for (label, m) in [
        (
            lang.pick("Phiên bản trước", "Versions before"),
            &s.versions_before,
        ),
        (
            lang.pick("Phiên bản sau", "Versions after"),
            &s.versions_after,
        ),
    ] {
        println!("{label}:");
        for (v, n) in m {
            println!("  {v}: {n}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    pub index: IndexArg,
    /// Định dạng / format
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ExportFormat,
    /// Bảng / table
    #[arg(long, value_enum, default_value = "articles")]
    pub table: Table,
    /// Chỉ các cột này / only these columns (comma-separated; see docs/data-dictionary.md)
    #[arg(long, value_delimiter = ',')]
    pub fields: Vec<String>,
    /// Tệp kết quả / output file (default: standard output)
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Từ khóa / full-text query
    #[arg(long)]
    pub text: Option<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn export(args: ExportArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let (index, f) = schema::open(&args.index.index)?;
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let filter = args.filter.to_filter(args.text.clone())?;
    let addrs = search::matching(&index, &f, &searcher, &filter)?;
    let n = match &args.out {
        Some(p) => {
            if let Some(parent) = p.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)?;
            }
            let file = std::fs::File::create(p)
                .with_context(|| format!("cannot create {}", p.display()))?;
            let mut w = std::io::BufWriter::new(file);
            super::export::write_table(
                &searcher,
                &f,
                &addrs,
                args.table,
                args.format,
                Some(&args.fields),
                &mut w,
            )?
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            super::export::write_table(
                &searcher,
                &f,
                &addrs,
                args.table,
                args.format,
                Some(&args.fields),
                &mut w,
            )?
        }
    };
    eprintln!(
        "{}: {n}{}",
        lang.pick("Số dòng đã xuất", "Rows exported"),
        args.out
            .as_ref()
            .map(|p| format!(" → {}", p.display()))
            .unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct BenchIndexArgs {
    /// Số bài tổng hợp / number of synthetic articles
    #[arg(long, default_value_t = 100_000)]
    pub articles: u64,
    /// Số cơ quan / number of synthetic outlets
    #[arg(long, default_value_t = 100)]
    pub outlets: usize,
    /// Thư mục chỉ mục (mặc định: thư mục tạm, xóa sau khi đo) / index directory (default: a temp dir, deleted afterwards)
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Dùng lại chỉ mục có sẵn trong --dir, chỉ đo truy vấn / reuse the index in --dir, time queries only
    #[arg(long)]
    pub reuse: bool,
    /// Số lần đo mỗi truy vấn / runs per query
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Bộ nhớ cho bộ ghi chỉ mục (MB) / indexing memory budget (MB)
    #[arg(long, default_value_t = 256)]
    pub heap_mb: usize,
    /// JSONL có title/text để lấy văn bản thật (lặp vòng) / JSONL with title/text to cycle real texts from
    #[arg(long)]
    pub texts: Option<PathBuf>,
    /// Chỉ ghi kho JSONL tổng hợp (và outlets.toml) vào thư mục này, không lập chỉ mục / only write a synthetic JSONL corpus (+ outlets.toml) here
    #[arg(long)]
    pub jsonl_out: Option<PathBuf>,
    /// Kết quả dạng JSON / print results as JSON
    #[arg(long)]
    pub json: bool,
}

/// Read `(title, sapo, text)` triples from a JSONL file with `title` and `text` fields
/// (the first line of `text` is taken as the sapo, as in the shared news corpus).
pub fn read_texts(path: &Path) -> anyhow::Result<Vec<(String, String, String)>> {
    let s =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut v = Vec::new();
    for (i, line) in s.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let j: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not JSON", path.display(), i + 1))?;
        let title = j["title"].as_str().unwrap_or("").to_string();
        let text = j["text"].as_str().unwrap_or("");
        let (sapo, body) = text.split_once('\n').unwrap_or(("", text));
        v.push((title, sapo.to_string(), body.to_string()));
    }
    Ok(v)
}

/// Peak resident memory of this process (Linux `VmHWM`), in MiB.
pub fn peak_rss_mib() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.flatten()
                .map(|e| {
                    let m = e.metadata();
                    match m {
                        Ok(m) if m.is_dir() => dir_size(&e.path()),
                        Ok(m) => m.len(),
                        Err(_) => 0,
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

fn write_synthetic_jsonl(args: &BenchIndexArgs, dir: &Path, lang: Lang) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let outlets = super::bench::synthetic_outlets(args.outlets);
    let texts = args.texts.as_deref().map(read_texts).transpose()?;
    let mut toml = String::new();
    for o in &outlets {
        toml.push_str(&format!(
            "[[outlet]]\nid = \"{}\"\nname = \"{}\"\ntype = \"{}\"\nprovince = \"{}\"\nhome = \"{}\"\n\n",
            o.id,
            o.name,
            o.kind.as_str(),
            o.province.as_deref().unwrap_or(""),
            o.home
        ));
    }
    std::fs::write(dir.join("outlets.toml"), toml)?;
    let per_file = 10_000u64;
    let mut i = 0u64;
    let mut file_no = 0;
    while i < args.articles {
        let path = dir.join(format!("synthetic-{file_no:04}.jsonl"));
        let mut w = std::io::BufWriter::new(std::fs::File::create(&path)?);
        let end = (i + per_file).min(args.articles);
        for k in i..end {
            let a = super::bench::synthetic_article(k, &outlets, texts.as_deref());
            serde_json::to_writer(&mut w, &a)?;
            w.write_all(b"\n")?;
        }
        w.flush()?;
        i = end;
        file_no += 1;
    }
    println!(
        "{} {} → {}",
        lang.pick("Đã ghi bài tổng hợp:", "Wrote synthetic articles:"),
        args.articles,
        dir.display()
    );
    Ok(())
}

/// Results of `bench index`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BenchResult {
    pub articles: u64,
    pub index_seconds: Option<f64>,
    pub articles_per_second: Option<f64>,
    pub index_bytes: u64,
    pub segments: usize,
    /// query name → median milliseconds
    pub query_ms: BTreeMap<String, f64>,
    pub peak_rss_mib: Option<f64>,
}

/// Build (unless `reuse`) a synthetic index in `dir` and time the standard queries.
pub fn run_bench(args: &BenchIndexArgs, dir: &Path) -> anyhow::Result<BenchResult> {
    let mut index_seconds = None;
    if !args.reuse {
        let outlets = super::bench::synthetic_outlets(args.outlets);
        let texts = args.texts.as_deref().map(read_texts).transpose()?;
        let pb = indicatif::ProgressBar::new(args.articles);
        pb.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} ETA {eta}")
                .expect("template"),
        );
        let t0 = Instant::now();
        let mut st = IndexStore::open(dir, args.heap_mb * 1_000_000)?;
        let f = st.fields.clone();
        let by_id: std::collections::HashMap<&str, &crate::model::Outlet> =
            outlets.iter().map(|o| (o.id.as_str(), o)).collect();
        let chunk = 5_000u64;
        let mut i = 0u64;
        while i < args.articles {
            let end = (i + chunk).min(args.articles);
            let prepared: Vec<_> = (i..end)
                .into_par_iter()
                .map(|k| {
                    let a = super::bench::synthetic_article(k, &outlets, texts.as_deref());
                    let sc = super::bench::synthetic_scorecard(&a);
                    let o = by_id[a.outlet.as_deref().unwrap_or("")];
                    store::prepare(&f, &a, o, &sc)
                })
                .collect();
            for p in prepared {
                st.upsert_prepared(p)?;
            }
            if end.is_multiple_of(100_000) {
                st.commit()?;
            }
            pb.set_position(end);
            i = end;
        }
        st.finish()?;
        pb.finish_and_clear();
        index_seconds = Some(t0.elapsed().as_secs_f64());
    }
    let (index, f) = schema::open_parallel(dir)?;
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let total = searcher.num_docs();
    let month_2024_11 = Filter {
        from: Some(Day {
            y: 2024,
            m: 11,
            d: 1,
        }),
        to: Some(Day {
            y: 2024,
            m: 11,
            d: 30,
        }),
        ..Default::default()
    };
    let year_2024 = Filter {
        from: Some(Day {
            y: 2024,
            m: 1,
            d: 1,
        }),
        to: Some(Day {
            y: 2024,
            m: 12,
            d: 31,
        }),
        ..Default::default()
    };
    type Q = (&'static str, Filter, Vec<Dim>);
    let aggs: Vec<Q> = vec![
        (
            "agg_outlet_month_all",
            Filter::default(),
            vec![Dim::Outlet, Dim::Month],
        ),
        (
            "agg_outlet_month_2024",
            year_2024.clone(),
            vec![Dim::Outlet, Dim::Month],
        ),
        ("agg_outlet_2024_11", month_2024_11, vec![Dim::Outlet]),
        (
            "agg_province_quarter_all",
            Filter::default(),
            vec![Dim::Province, Dim::Quarter],
        ),
        (
            "agg_commune_portals_outlet_quarter",
            Filter {
                types: vec!["commune_portal".into()],
                ..Default::default()
            },
            vec![Dim::Outlet, Dim::Quarter],
        ),
        (
            "agg_where_female_expert_by_outlet",
            Filter {
                roles: vec!["expert".into()],
                source_genders: vec!["female".into()],
                wheres: vec![Where::parse("i02_female>=1")?],
                ..year_2024.clone()
            },
            vec![Dim::Outlet],
        ),
        (
            "agg_text_phu_nu_by_outlet",
            Filter {
                text: Some("phụ nữ".into()),
                ..Default::default()
            },
            vec![Dim::Outlet],
        ),
    ];
    let mut query_ms = BTreeMap::new();
    let runs = args.runs.max(1);
    for (name, filter, dims) in &aggs {
        let mut times = Vec::new();
        search::aggregate(&index, &f, &searcher, filter, dims)?; // warm-up
        for _ in 0..runs {
            let t = Instant::now();
            let g = search::aggregate(&index, &f, &searcher, filter, dims)?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(g);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        query_ms.insert(name.to_string(), times[times.len() / 2]);
    }
    {
        let filter = Filter {
            text: Some("\"bình đẳng giới\"".into()),
            ..Default::default()
        };
        let mut times = Vec::new();
        search::top_hits(&index, &f, &searcher, &filter, 10)?;
        for _ in 0..runs {
            let t = Instant::now();
            std::hint::black_box(search::top_hits(&index, &f, &searcher, &filter, 10)?);
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        query_ms.insert("top10_phrase_binh_dang_gioi".into(), times[times.len() / 2]);
    }
    Ok(BenchResult {
        articles: total,
        index_seconds,
        articles_per_second: index_seconds.map(|s| args.articles as f64 / s),
        index_bytes: dir_size(dir),
        segments: searcher.segment_readers().len(),
        query_ms,
        peak_rss_mib: peak_rss_mib(),
    })
}

pub fn bench_index(args: BenchIndexArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    if let Some(d) = &args.jsonl_out {
        write_synthetic_jsonl(&args, d, lang)?;
        return Ok(ExitCode::SUCCESS);
    }
    let tmp;
    let dir = match &args.dir {
        Some(d) => d.clone(),
        None => {
            if args.reuse {
                bail!("--reuse needs --dir");
            }
            tmp = tempfile::tempdir()?;
            tmp.path().join("index")
        }
    };
    if !args.reuse && dir.join("meta.json").exists() {
        bail!(
            "{} already holds an index: pass --reuse to time queries on it, or choose an empty --dir",
            dir.display()
        );
    }
    let r = run_bench(&args, &dir)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{}: {}",
        lang.pick("Số bài trong chỉ mục", "Articles in index"),
        r.articles
    );
    if let (Some(s), Some(aps)) = (r.index_seconds, r.articles_per_second) {
        println!(
            "{}: {s:.1} s ({aps:.0} {})",
            lang.pick("Thời gian lập chỉ mục", "Indexing time"),
            lang.pick("bài/giây", "articles/s")
        );
    }
    println!(
        "{}: {:.1} MiB, {} segment(s)",
        lang.pick("Dung lượng chỉ mục", "Index size"),
        r.index_bytes as f64 / 1048576.0,
        r.segments
    );
    if let Some(m) = r.peak_rss_mib {
        println!("{}: {m:.0} MiB", lang.pick("Bộ nhớ đỉnh", "Peak memory"));
    }
    println!(
        "{} ({} {}):",
        lang.pick("Độ trễ truy vấn, trung vị", "Query latency, median"),
        args.runs,
        lang.pick("lần", "runs")
    );
    for (k, v) in &r.query_ms {
        println!("  {k:40} {v:9.1} ms");
    }
    let _ = RATES;
    Ok(ExitCode::SUCCESS)
}
