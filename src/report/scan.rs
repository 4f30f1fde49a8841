//! The monthly scan: crawl (or read collected material) → extract → score → index → report.
//!
//! Determinism: input files are read in sorted path order, articles are scored in parallel
//! but written in input order, and upserts skip unchanged articles, so a second run over
//! the same material changes nothing and writes the same report bytes. Resumability comes
//! from the same property plus periodic commits: an interrupted scan, run again, skips what
//! was already indexed.

use super::period::Period;
use crate::extract::Overrides;
use crate::index::store::{self, Day, IndexStore, UpsertStats};
use crate::model::{Article, Outlet};
use anyhow::{Context, bail};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// The outlet registry file: `[[outlet]]` tables in the [`Outlet`] schema.
#[derive(serde::Deserialize)]
struct RegistryFile {
    #[serde(default)]
    outlet: Vec<Outlet>,
}

/// Read an outlet registry (`corpus/outlets.toml` layout).
pub fn load_registry(path: &Path) -> anyhow::Result<Vec<Outlet>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let r: RegistryFile = toml::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{}: not a valid outlet registry ([[outlet]] tables with id, name, type, home): {e}",
            path.display()
        )
    })?;
    let mut seen = std::collections::BTreeSet::new();
    for o in &r.outlet {
        if !seen.insert(o.id.clone()) {
            bail!("{}: outlet id `{}` appears twice", path.display(), o.id);
        }
    }
    Ok(r.outlet)
}

/// The registry to use: `--outlets FILE`, else `DIR/outlets.toml`, else `corpus/outlets.toml`.
pub fn find_registry(explicit: Option<&Path>, from_dir: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    if let Some(d) = from_dir {
        let p = d.join("outlets.toml");
        if p.exists() {
            return Some(p);
        }
    }
    let p = PathBuf::from("corpus/outlets.toml");
    p.exists().then_some(p)
}

/// How `scan` collects over the network: the crawler's politeness and size limits.
#[derive(Debug, Clone)]
pub struct CrawlSettings {
    pub limits: crate::crawl::fetch::Limits,
    /// Most sitemap documents read per outlet.
    pub max_sitemaps: usize,
    /// Pages followed per section (pagination).
    pub max_section_pages: usize,
}

impl Default for CrawlSettings {
    fn default() -> Self {
        CrawlSettings {
            limits: crate::crawl::fetch::Limits::default(),
            max_sitemaps: 200,
            max_section_pages: 20,
        }
    }
}

/// The crawler's state folder inside a scan's output folder.
pub fn crawl_state_dir(out: &Path) -> PathBuf {
    out.join("crawl")
}

/// Collect every article the outlets published in the period: run (or resume) a crawl
/// whose state, WARC archives and JSON log live in `state_dir`. The articles are read back
/// from the archive with [`archived_articles`]; a crawl that fails part-way keeps what it
/// archived, and running it again resumes.
pub fn crawl_period(
    outlets: &[Outlet],
    period: &Period,
    state_dir: &Path,
    settings: &CrawlSettings,
    progress: bool,
) -> anyhow::Result<crate::crawl::CrawlSummary> {
    let mut cfg = crate::crawl::CrawlConfig::new(
        outlets.to_vec(),
        period.from.naive(),
        period.to.naive(),
        state_dir.to_path_buf(),
    );
    cfg.limits = settings.limits.clone();
    cfg.max_sitemaps = settings.max_sitemaps;
    cfg.max_section_pages = settings.max_section_pages;
    cfg.progress = progress;
    crate::crawl::crawl_blocking(&cfg)
}

/// Read one archived page (the latest copy the crawler kept) and extract its article.
/// The outlet comes from the crawl, the date from the page or else from discovery.
pub fn read_archived(
    page: &crate::crawl::state::Archived,
    overrides: &Overrides,
) -> anyhow::Result<Article> {
    use std::io::{BufReader, Seek, SeekFrom};
    let mut f = std::fs::File::open(&page.warc_file)
        .with_context(|| format!("cannot open {}", page.warc_file.display()))?;
    f.seek(SeekFrom::Start(page.warc_offset))?;
    // The crawler writes one gzip member per record and records the response's offset.
    let gz = flate2::read::GzDecoder::new(BufReader::new(f));
    let rec = crate::extract::warc::Records::new(BufReader::new(gz))
        .next()
        .with_context(|| {
            format!(
                "no WARC record at offset {} of {}",
                page.warc_offset,
                page.warc_file.display()
            )
        })??;
    let html = crate::extract::warc::html_of(&rec, 1)?
        .context("the archived response is not an HTML page")?;
    let mut a = crate::extract::Extractor::default().extract(
        &html.body,
        Some(&html.target_uri),
        html.charset.as_deref(),
        overrides,
    )?;
    a.outlet = Some(page.outlet.clone());
    if a.date.is_none() {
        a.date = page.date.clone();
    }
    Ok(a)
}

/// What to do about a failed page, by error kind.
pub fn failure_hint(kind: &str, lang: crate::i18n::Lang) -> &'static str {
    match kind {
        "timeout" => lang.pick(
            "máy chủ trả lời quá chậm: chạy lại sau, hoặc tăng --read-timeout/--timeout",
            "the server answered too slowly: run again later, or raise --read-timeout/--timeout",
        ),
        "connect" => lang.pick(
            "không kết nối được: kiểm tra mạng và địa chỉ trong danh mục cơ quan, rồi chạy lại",
            "could not connect: check the network and the address in the outlet registry, then run again",
        ),
        "http_5xx" => lang.pick(
            "lỗi máy chủ của cơ quan: chạy lại sau",
            "the outlet's server failed: run again later",
        ),
        "http_429" | "retry_after_too_long" => lang.pick(
            "máy chủ yêu cầu giảm tốc: chạy lại sau, hoặc tăng --min-interval",
            "the server asked to slow down: run again later, or raise --min-interval",
        ),
        "too_large" => lang.pick(
            "trang lớn hơn giới hạn: tăng --max-body nếu đây là bài thật",
            "the page is larger than the cap: raise --max-body if it is a real article",
        ),
        "truncated" => lang.pick(
            "kết nối bị cắt giữa chừng: chạy lại",
            "the connection broke mid-page: run again",
        ),
        "redirect_loop" | "too_many_redirects" => lang.pick(
            "địa chỉ chuyển hướng vòng: báo cho cơ quan hoặc sửa địa chỉ trong danh mục",
            "redirects loop: tell the outlet, or fix the address in the registry",
        ),
        "robots_unreachable" => lang.pick(
            "không tải được robots.txt nên bỏ qua máy chủ: kiểm tra mạng, chạy `chisogioi outlets check`",
            "robots.txt was unreachable so the host was skipped: check the network, run `chisogioi outlets check`",
        ),
        "warc_write" | "state" => lang.pick(
            "không ghi được kho lưu trữ: kiểm tra dung lượng đĩa, rồi chạy lại",
            "could not write the archive: check free disk space, then run again",
        ),
        _ => lang.pick("chạy lại cùng lệnh để thử lại", "run the same command again to retry"),
    }
}

/// One readable input file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    Jsonl(PathBuf),
    Html(PathBuf),
    Warc(PathBuf),
}

/// Every `*.jsonl`, `*.html`/`*.htm`, `*.warc`/`*.warc.gz` under `dir`, sorted by path.
pub fn list_inputs(dir: &Path) -> anyhow::Result<Vec<Input>> {
    if !dir.is_dir() {
        bail!("{} is not a folder", dir.display());
    }
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).with_context(|| format!("cannot list {}", d.display()))? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            if name.ends_with(".jsonl") {
                out.push(Input::Jsonl(p));
            } else if name.ends_with(".html") || name.ends_with(".htm") {
                out.push(Input::Html(p));
            } else if name.ends_with(".warc") || name.ends_with(".warc.gz") {
                out.push(Input::Warc(p));
            }
        }
    }
    out.sort_by(|a, b| input_path(a).cmp(input_path(b)));
    Ok(out)
}

fn input_path(i: &Input) -> &Path {
    match i {
        Input::Jsonl(p) | Input::Html(p) | Input::Warc(p) => p,
    }
}

/// A problem with one input item; the scan goes on.
#[derive(Debug, Clone, serde::Serialize)]
pub struct InputError {
    /// `file:line` or `file`.
    pub at: String,
    pub message: String,
}

/// What a scan did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ScanSummary {
    pub files: usize,
    pub articles_read: u64,
    pub out_of_period: u64,
    pub unknown_outlet: BTreeMap<String, u64>,
    pub errors: Vec<InputError>,
    pub errors_total: u64,
    pub index: UpsertStats,
    pub reports: Vec<PathBuf>,
    pub index_dir: PathBuf,
    /// The crawl's summary (network scans only).
    pub crawl: Option<crate::crawl::CrawlSummary>,
    /// The crawl stopped with this error; what it archived before was still indexed.
    pub crawl_error: Option<String>,
    /// Pages of the period whose last fetch failed (network scans only).
    pub crawl_failed: Vec<crate::crawl::state::Failed>,
    /// The crawler's state folder (network scans only).
    pub crawl_dir: Option<PathBuf>,
    #[serde(skip)]
    pub first_day: Option<Day>,
    #[serde(skip)]
    pub last_day: Option<Day>,
}

pub struct ScanOptions<'a> {
    pub from_dir: Option<&'a Path>,
    pub registry: Vec<Outlet>,
    pub only: Vec<String>,
    /// The report period; `None` indexes everything found (the period is then inferred).
    pub period: Option<Period>,
    pub out: PathBuf,
    pub engine: &'a crate::indicators::Engine,
    pub progress: bool,
    /// Commit every this many articles (resumability vs speed).
    pub commit_every: u64,
    pub heap_bytes: usize,
    /// Crawler limits for a network scan (no `from_dir`).
    pub crawl: CrawlSettings,
}

/// Decide the outlet of an article: its own `outlet` field, else the sub-folder it sits in
/// when that is an outlet id, else the registry entry whose home host matches its URL.
fn attribute(
    a: &mut Article,
    file: &Path,
    root: &Path,
    hosts: &BTreeMap<String, String>,
    ids: &BTreeMap<String, usize>,
) {
    if a.outlet.as_deref().is_some_and(|o| !o.is_empty()) {
        return;
    }
    if let Ok(rel) = file.strip_prefix(root) {
        for c in rel.components() {
            let c = c.as_os_str().to_string_lossy();
            if ids.contains_key(c.as_ref()) {
                a.outlet = Some(c.to_string());
                return;
            }
        }
    }
    if let Some(u) = a.url.as_deref().or(a.canonical_url.as_deref())
        && let Ok(u) = url::Url::parse(u)
        && let Some(h) = u.host_str()
    {
        let h = h.to_lowercase();
        let h = h.strip_prefix("www.").unwrap_or(&h);
        if let Some(id) = hosts.get(h) {
            a.outlet = Some(id.clone());
        }
    }
}

fn host_of(home: &str) -> Option<String> {
    let u = url::Url::parse(home).ok()?;
    let h = u.host_str()?.to_lowercase();
    Some(h.strip_prefix("www.").unwrap_or(&h).to_string())
}

/// Stream the articles of a JSONL file to `f`, one line at a time (a 100k-article file never
/// sits in memory at once). A bad line is collected as an error naming `file:line` and the
/// rest is read; only an error from `f` stops the reading.
fn read_jsonl(
    p: &Path,
    errors: &mut Vec<InputError>,
    mut f: impl FnMut(Article) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let file = match std::fs::File::open(p) {
        Ok(file) => file,
        Err(e) => {
            errors.push(InputError {
                at: p.display().to_string(),
                message: e.to_string(),
            });
            return Ok(());
        }
    };
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let at = format!("{}:{}", p.display(), i + 1);
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                errors.push(InputError {
                    at,
                    message: e.to_string(),
                });
                break;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Article>(&line) {
            Ok(a) if a.id.trim().is_empty() => errors.push(InputError {
                at,
                message: "article without `id`".into(),
            }),
            Ok(a) => f(a)?,
            Err(e) => errors.push(InputError {
                at,
                message: format!("not an article record: {e}"),
            }),
        }
    }
    Ok(())
}

/// Read one input into articles (errors per item are collected, not fatal).
fn read_input(input: &Input, errors: &mut Vec<InputError>, overrides: &Overrides) -> Vec<Article> {
    let mut out = Vec::new();
    match input {
        Input::Jsonl(p) => {
            // reading into memory cannot fail
            let _ = read_jsonl(p, errors, |a| {
                out.push(a);
                Ok(())
            });
        }
        Input::Html(p) => match std::fs::read(p) {
            Ok(bytes) => match crate::extract::extract_html(&bytes, None, overrides) {
                Ok(mut a) => {
                    if a.id.is_empty() {
                        a.id = format!("file:{}", p.display());
                    }
                    out.push(a)
                }
                Err(e) => errors.push(InputError {
                    at: p.display().to_string(),
                    message: format!("{e:#}"),
                }),
            },
            Err(e) => errors.push(InputError {
                at: p.display().to_string(),
                message: e.to_string(),
            }),
        },
        Input::Warc(p) => match crate::extract::read_warc(p, overrides) {
            Ok(items) => {
                for (i, it) in items.into_iter().enumerate() {
                    match it {
                        Ok(a) => out.push(a),
                        Err(e) => errors.push(InputError {
                            at: format!("{} record {}", p.display(), i + 1),
                            message: format!("{e:#}"),
                        }),
                    }
                }
            }
            Err(e) => errors.push(InputError {
                at: p.display().to_string(),
                message: format!("{e:#}"),
            }),
        },
    }
    out
}

/// Run the pipeline up to the index. The caller writes the reports.
pub fn scan_into_index(opts: &ScanOptions) -> anyhow::Result<ScanSummary> {
    let index_dir = opts.out.join("index");
    let mut summary = ScanSummary {
        index_dir: index_dir.clone(),
        ..Default::default()
    };
    let by_id: BTreeMap<String, usize> = opts
        .registry
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.clone(), i))
        .collect();
    let hosts: BTreeMap<String, String> = opts
        .registry
        .iter()
        .filter_map(|o| host_of(&o.home).map(|h| (h, o.id.clone())))
        .collect();
    // index the period and the one before it (the report compares the two)
    let window = match &opts.period {
        Some(p) => Some(Period::range(p.previous().from.naive(), p.to.naive())?),
        None => None,
    };
    let mut st = IndexStore::open(&index_dir, opts.heap_bytes)?;
    let fields = st.fields.clone();
    let pb = if opts.progress {
        indicatif::ProgressBar::new_spinner()
    } else {
        indicatif::ProgressBar::hidden()
    };
    pb.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {elapsed_precise} {pos} {msg}")
            .expect("template"),
    );
    let inputs: Vec<(Input, PathBuf)> = match opts.from_dir {
        Some(d) => list_inputs(d)?
            .into_iter()
            .map(|i| (i, d.to_path_buf()))
            .collect(),
        None => Vec::new(),
    };
    summary.files = inputs.len();
    let mut pending: Vec<(Article, Outlet)> = Vec::new();
    let unknown = |id: &str| Outlet {
        id: id.to_string(),
        name: id.to_string(),
        ..Default::default()
    };
    let mut since_commit = 0u64;
    let flush = |pending: &mut Vec<(Article, Outlet)>,
                 st: &mut IndexStore,
                 since_commit: &mut u64|
     -> anyhow::Result<()> {
        let prepared: Vec<_> = pending
            .par_iter()
            .map(|(a, o)| {
                let sc = opts.engine.score(a);
                store::prepare(&fields, a, o, &sc)
            })
            .collect();
        for p in prepared {
            st.upsert_prepared(p)?;
        }
        *since_commit += pending.len() as u64;
        pending.clear();
        if *since_commit >= opts.commit_every {
            st.commit()?;
            *since_commit = 0;
        }
        Ok(())
    };
    // Network scan: crawl (or resume) into the output folder, then read the archive.
    let mut pages: Vec<crate::crawl::state::Archived> = Vec::new();
    let mut page_overrides: BTreeMap<String, Overrides> = BTreeMap::new();
    if opts.from_dir.is_none() {
        let outlets: Vec<Outlet> = opts
            .registry
            .iter()
            .filter(|o| opts.only.is_empty() || opts.only.contains(&o.id))
            .cloned()
            .collect();
        if outlets.is_empty() {
            bail!("no outlet to crawl: the registry is empty or --only names none of its ids");
        }
        let p = opts
            .period
            .as_ref()
            .context("a scan over the network needs --period (or --from/--to)")?;
        for o in &outlets {
            page_overrides.insert(
                o.id.clone(),
                Overrides {
                    selectors: o.selectors.clone(),
                },
            );
        }
        let state_dir = crawl_state_dir(&opts.out);
        crate::crawl::init_json_log(&state_dir)?;
        summary.crawl_dir = Some(state_dir.clone());
        match crawl_period(&outlets, p, &state_dir, &opts.crawl, opts.progress) {
            Ok(c) => summary.crawl = Some(c),
            // Whatever was archived before the failure is still indexed below.
            Err(e) => summary.crawl_error = Some(format!("{e:#}")),
        }
        let (from, to) = (p.from.naive(), p.to.naive());
        pages = crate::crawl::archived(&state_dir, from, to)?;
        pages.retain(|a| page_overrides.contains_key(&a.outlet));
        summary.crawl_failed = crate::crawl::failed(&state_dir, from, to)?;
        summary
            .crawl_failed
            .retain(|f| page_overrides.contains_key(&f.outlet));
    }
    let handle = |mut a: Article,
                  file: Option<(&Path, &Path)>,
                  summary: &mut ScanSummary,
                  pending: &mut Vec<(Article, Outlet)>|
     -> bool {
        summary.articles_read += 1;
        if let Some((f, root)) = file {
            attribute(&mut a, f, root, &hosts, &by_id);
        }
        if let Some((d, _)) = a.date.as_deref().and_then(store::parse_article_date) {
            if window.as_ref().is_some_and(|w| !w.contains(d)) {
                summary.out_of_period += 1;
                return false;
            }
            summary.first_day = Some(summary.first_day.map_or(d, |f: Day| f.min(d)));
            summary.last_day = Some(summary.last_day.map_or(d, |l: Day| l.max(d)));
        }
        let oid = a.outlet.clone().unwrap_or_default();
        if !opts.only.is_empty() && !opts.only.contains(&oid) {
            return false;
        }
        let outlet = match by_id.get(&oid) {
            Some(i) => opts.registry[*i].clone(),
            None => {
                *summary.unknown_outlet.entry(oid.clone()).or_default() += 1;
                unknown(if oid.is_empty() { "unknown" } else { &oid })
            }
        };
        pending.push((a, outlet));
        true
    };
    let mut errors = Vec::new();
    // Archived pages in blocks: extraction in parallel, articles handled in archive order.
    let no_overrides = Overrides::default();
    for block in pages.chunks(500) {
        let read: Vec<anyhow::Result<Article>> = block
            .par_iter()
            .map(|p| read_archived(p, page_overrides.get(&p.outlet).unwrap_or(&no_overrides)))
            .collect();
        for (page, r) in block.iter().zip(read) {
            match r {
                Ok(a) => {
                    handle(a, None, &mut summary, &mut pending);
                    pb.inc(1);
                }
                Err(e) => errors.push(InputError {
                    at: page.url.clone(),
                    message: format!("{e:#}"),
                }),
            }
        }
        if pending.len() >= 1000 {
            flush(&mut pending, &mut st, &mut since_commit)?;
        }
    }
    let overrides = Overrides::default();
    for (input, root) in &inputs {
        pb.set_message(
            input_path(input)
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default(),
        );
        let file = input_path(input).to_path_buf();
        if let Input::Jsonl(p) = input {
            read_jsonl(p, &mut errors, |a| {
                handle(a, Some((&file, root)), &mut summary, &mut pending);
                pb.inc(1);
                if pending.len() >= 1000 {
                    flush(&mut pending, &mut st, &mut since_commit)?;
                }
                Ok(())
            })?;
        } else {
            for a in read_input(input, &mut errors, &overrides) {
                handle(a, Some((&file, root)), &mut summary, &mut pending);
                pb.inc(1);
                if pending.len() >= 1000 {
                    flush(&mut pending, &mut st, &mut since_commit)?;
                }
            }
        }
    }
    flush(&mut pending, &mut st, &mut since_commit)?;
    pb.finish_and_clear();
    summary.index = st.finish()?;
    summary.errors_total = errors.len() as u64;
    errors.truncate(20);
    summary.errors = errors;
    Ok(summary)
}
