//! Commands of the indicator engine: `score`, `check`, and `eval quotes|flags|names`.

use super::Engine;
use crate::i18n::Lang;
use crate::model::{Article, Gender, Scorecard, Severity, Span, Stance};
use anyhow::{Context as _, bail};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScoreFormat {
    Json,
    Jsonl,
}

#[derive(clap::Args, Debug)]
pub struct ScoreArgs {
    /// Files to score (plain text: first line is the title), or `-` for standard input
    pub files: Vec<PathBuf>,
    /// Input is JSON Lines: records with id, title, text (and optional outlet, url, date, section, author, sapo)
    #[arg(long)]
    pub jsonl: bool,
    /// Output format (default: jsonl for JSONL input, json otherwise)
    #[arg(long, value_enum)]
    pub format: Option<ScoreFormat>,
    /// Lexicon folder (default: $CHISOGIOI_LEXICONS, ./lexicons, or the built-in copy)
    #[arg(long)]
    pub lexicons: Option<PathBuf>,
    /// Records scored in parallel per chunk (memory stays bounded by this)
    #[arg(long, default_value_t = 512)]
    pub chunk: usize,
}

fn engine(dir: &Option<PathBuf>) -> anyhow::Result<Engine> {
    match dir {
        Some(d) => Engine::load(d),
        None => Engine::load_default(),
    }
}

/// One JSONL input record.
#[derive(Debug, Deserialize)]
struct Record {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    sapo: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    section: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    author: Option<String>,
}

impl Record {
    fn into_article(self, fallback_id: String) -> Article {
        Article {
            id: self.id.unwrap_or(fallback_id),
            outlet: self.outlet,
            url: self.url,
            title: self.title,
            sapo: self.sapo,
            text: self.text,
            author: self.author,
            date: self.date,
            section: self.section.or(self.category),
            ..Default::default()
        }
    }
}

pub fn score(args: ScoreArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let eng = engine(&args.lexicons)?;
    let files = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    let jsonl = args.jsonl
        || files
            .iter()
            .all(|f| f.extension().is_some_and(|e| e == "jsonl"));
    let format = args.format.unwrap_or(if jsonl {
        ScoreFormat::Jsonl
    } else {
        ScoreFormat::Json
    });
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut first = true;
    let mut bad = 0usize;
    if format == ScoreFormat::Json {
        writeln!(out, "[")?;
    }
    let mut emit = |out: &mut dyn Write, sc: &Scorecard| -> anyhow::Result<()> {
        match format {
            ScoreFormat::Jsonl => {
                serde_json::to_writer(&mut *out, sc)?;
                writeln!(out)?;
            }
            ScoreFormat::Json => {
                if !first {
                    writeln!(out, ",")?;
                }
                serde_json::to_writer_pretty(&mut *out, sc)?;
                first = false;
            }
        }
        Ok(())
    };
    for f in &files {
        let name = f.display().to_string();
        let reader: Box<dyn BufRead> = if name == "-" {
            Box::new(std::io::BufReader::new(std::io::stdin()))
        } else {
            Box::new(std::io::BufReader::new(
                std::fs::File::open(f).with_context(|| {
                    format!(
                        "{}: {name}",
                        lang.pick("không mở được tệp", "cannot open file")
                    )
                })?,
            ))
        };
        if jsonl {
            // bounded chunks: read N lines, score them in parallel, write in input order
            let mut lines = reader.lines().enumerate();
            loop {
                let mut chunk: Vec<(usize, String)> = Vec::with_capacity(args.chunk);
                for (i, l) in lines.by_ref() {
                    let l = l.with_context(|| format!("{name}:{}", i + 1))?;
                    if !l.trim().is_empty() {
                        chunk.push((i + 1, l));
                    }
                    if chunk.len() >= args.chunk.max(1) {
                        break;
                    }
                }
                if chunk.is_empty() {
                    break;
                }
                let results: Vec<Result<Scorecard, String>> = chunk
                    .par_iter()
                    .map(|(ln, l)| match serde_json::from_str::<Record>(l) {
                        Ok(r) => Ok(eng.score(&r.into_article(format!("{name}:{ln}")))),
                        Err(e) => Err(format!(
                            "{name}:{ln}: {}: {e}",
                            lang.pick(
                                "bản ghi JSON không hợp lệ, bỏ qua",
                                "invalid JSON record, skipped"
                            )
                        )),
                    })
                    .collect();
                for r in results {
                    match r {
                        Ok(sc) => emit(&mut out, &sc)?,
                        Err(e) => {
                            eprintln!("{e}");
                            bad += 1;
                        }
                    }
                }
            }
        } else {
            let mut text = String::new();
            let mut r = reader;
            r.read_to_string(&mut text).with_context(|| {
                format!(
                    "{name}: {}",
                    lang.pick("không đọc được (cần UTF-8)", "cannot read (UTF-8 expected)")
                )
            })?;
            let a = draft_article(&name, &text);
            emit(&mut out, &eng.score(&a))?;
        }
    }
    if format == ScoreFormat::Json {
        writeln!(out, "\n]")?;
    }
    out.flush()?;
    Ok(if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A plain-text draft as an article whose analysis text is exactly the draft:
/// the first line is the title and the rest the body.
fn draft_article(id: &str, text: &str) -> Article {
    let (title, body) = match text.find('\n') {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, ""),
    };
    Article {
        id: id.to_string(),
        title: title.to_string(),
        text: body.to_string(),
        ..Default::default()
    }
}

// ---------------------------------------------------------------------------------------------
// check

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Info,
    Warning,
    Error,
    Never,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The draft (plain text or Markdown; first line is the title), or `-` for standard input
    pub file: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: CheckFormat,
    /// Exit non-zero when an endorsed finding has at least this severity (default: error)
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Configuration file (default: .chisogioi.toml in this folder or a parent)
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Allow a rule id or category (repeatable)
    #[arg(long)]
    pub allow: Vec<String>,
    #[arg(long)]
    pub lexicons: Option<PathBuf>,
}

/// `.chisogioi.toml`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckConfig {
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    fail_on: Option<FailOn>,
    #[serde(default)]
    lexicons: Option<PathBuf>,
}

fn find_config(explicit: &Option<PathBuf>) -> anyhow::Result<CheckConfig> {
    let path = match explicit {
        Some(p) => Some(p.clone()),
        None => {
            let mut d = std::env::current_dir().ok();
            let mut found = None;
            while let Some(dir) = d {
                let c = dir.join(".chisogioi.toml");
                if c.exists() {
                    found = Some(c);
                    break;
                }
                d = dir.parent().map(Path::to_path_buf);
            }
            found
        }
    };
    let Some(p) = path else {
        return Ok(CheckConfig::default());
    };
    let src = std::fs::read_to_string(&p).with_context(|| p.display().to_string())?;
    toml::from_str(&src).map_err(|e| {
        let line = e
            .span()
            .map(|s| src[..s.start].matches('\n').count() + 1)
            .unwrap_or(0);
        anyhow::anyhow!("{}:{line}: {}", p.display(), e.message())
    })
}

/// Inline allows: `<!-- chisogioi: allow RULE[, RULE] -->` or `// chisogioi-allow: RULE` on a
/// line allow the rules on that line and the next; `chisogioi: allow-file RULE` for the whole draft.
fn inline_allows(text: &str) -> (Vec<(usize, String)>, Vec<String>) {
    let re = regex::Regex::new(r"chisogioi(?:-allow:|:\s*allow(-file)?)\s*([A-Za-z0-9_\-, ]+)")
        .expect("static regex");
    let mut lines = Vec::new();
    let mut file = Vec::new();
    for (i, l) in text.lines().enumerate() {
        for c in re.captures_iter(l) {
            let rules = c[2]
                .split([',', ' '])
                .filter(|r| !r.is_empty())
                .map(str::to_string);
            if c.get(1).is_some() {
                file.extend(rules);
            } else {
                for r in rules {
                    lines.push((i + 1, r.clone()));
                    lines.push((i + 2, r));
                }
            }
        }
    }
    (lines, file)
}

fn sev_name(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Info => lang.pick("gợi ý", "info"),
        Severity::Warning => lang.pick("cảnh báo", "warning"),
        Severity::Error => lang.pick("lỗi", "error"),
    }
}

pub fn check(args: CheckArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let cfg = find_config(&args.config)?;
    let eng = engine(&args.lexicons.clone().or(cfg.lexicons.clone()))?;
    let (name, text) = match args.file.as_deref() {
        None => ("-".to_string(), read_stdin()?),
        Some(p) if p == Path::new("-") => ("-".to_string(), read_stdin()?),
        Some(p) => (
            p.display().to_string(),
            std::fs::read_to_string(p).with_context(|| {
                format!(
                    "{}: {}",
                    p.display(),
                    lang.pick(
                        "không đọc được tệp (cần UTF-8)",
                        "cannot read file (UTF-8 expected)"
                    )
                )
            })?,
        ),
    };
    let fail_on = args.fail_on.or(cfg.fail_on).unwrap_or(FailOn::Error);
    let article = draft_article(&name, &text);
    let an = eng.analyze(&article);
    let doc = &an.doc;
    let sc = &an.scorecard;
    let (line_allows, file_allows) = inline_allows(&text);
    let allowed = |rule: &str, cat: &str, line: usize| {
        let m = |r: &String| r == rule || r == cat || r.eq_ignore_ascii_case("all");
        args.allow.iter().any(m)
            || cfg.allow.iter().any(m)
            || file_allows.iter().any(m)
            || line_allows.iter().any(|(l, r)| *l == line && m(r))
    };
    // diagnostics: endorsed hits keep their severity; quoted/critiqued are shown as info
    let mut diags = Vec::new();
    for f in &sc.flags {
        let start = doc.position(f.span.start);
        let end = doc.position(f.span.end);
        if allowed(&f.rule, &f.category, start.line) {
            continue;
        }
        let severity = if f.stance == Stance::Endorsed {
            f.severity
        } else {
            Severity::Info
        };
        diags.push((f, severity, start, end));
    }
    let failing = diags.iter().any(|(f, s, _, _)| {
        f.stance == Stance::Endorsed
            && match fail_on {
                FailOn::Never => false,
                FailOn::Info => true,
                FailOn::Warning => *s >= Severity::Warning,
                FailOn::Error => *s >= Severity::Error,
            }
    });
    let stance_note = |s: Stance| match s {
        Stance::Endorsed => "",
        Stance::Quoted => lang.pick(" [trong lời trích dẫn]", " [inside a quotation]"),
        Stance::Critiqued => lang.pick(" [được nhắc để phê phán]", " [mentioned critically]"),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let ind = &sc.indicators;
    match args.format {
        CheckFormat::Human => {
            for (f, s, a, b) in &diags {
                let msg = lang.pick(&f.explanation_vi, &f.explanation_en);
                let sugg = if f.suggestions.is_empty() {
                    String::new()
                } else {
                    format!(
                        "  ({}: {})",
                        lang.pick("gợi ý thay", "try"),
                        f.suggestions.join("; ")
                    )
                };
                writeln!(
                    out,
                    "{name}:{}:{}-{}:{}  {}  «{}» {msg}{}{sugg}  {}",
                    a.line,
                    a.column,
                    b.line,
                    b.column,
                    sev_name(*s, lang),
                    f.text,
                    stance_note(f.stance),
                    f.rule
                )?;
            }
            writeln!(out)?;
            let counts = |out: &mut dyn Write, label: &str, s: &crate::model::Share| {
                let share = match s.women_share() {
                    Some(w) => format!("{:.0}%", w * 100.0),
                    None => "—".into(),
                };
                writeln!(
                    out,
                    "{label}: {} {}, {} {}, {} {} ({} {share})",
                    s.female,
                    lang.pick("nữ", "women"),
                    s.male,
                    lang.pick("nam", "men"),
                    s.unknown,
                    lang.pick("chưa rõ", "unknown"),
                    lang.pick("tỷ lệ nữ", "women share"),
                )
            };
            counts(
                &mut out,
                lang.pick("Người được nhắc đến", "People mentioned"),
                &ind.i01_people,
            )?;
            counts(
                &mut out,
                lang.pick("Nguồn tin được trích dẫn", "Quoted sources"),
                &ind.i02_sources,
            )?;
            for p in &sc.people {
                let quoted = sc
                    .quotes
                    .iter()
                    .filter(|q| q.speaker.as_deref() == Some(p.id.as_str()))
                    .count();
                writeln!(
                    out,
                    "  {}  {}  ({}: {}{})  {}  {} {}",
                    p.name,
                    match p.gender {
                        Gender::Female => lang.pick("nữ", "female"),
                        Gender::Male => lang.pick("nam", "male"),
                        Gender::Unknown => lang.pick("chưa rõ", "unknown"),
                    },
                    lang.pick("căn cứ", "evidence"),
                    serde_json::to_value(p.evidence)?.as_str().unwrap_or(""),
                    p.evidence_text
                        .as_deref()
                        .map(|t| format!(" «{t}»"))
                        .unwrap_or_default(),
                    serde_json::to_value(p.role)?.as_str().unwrap_or(""),
                    quoted,
                    lang.pick("trích dẫn", "quotes")
                )?;
            }
            if !sc.compliant {
                writeln!(
                    out,
                    "{}: {}",
                    lang.pick("Chưa đạt chuẩn", "Not compliant"),
                    sc.violations.join(", ")
                )?;
            }
        }
        CheckFormat::Json => {
            let d: Vec<_> = diags
                .iter()
                .map(|(f, s, a, b)| {
                    json!({
                        "rule": f.rule, "category": f.category, "severity": s, "stance": f.stance,
                        "message": lang.pick(&f.explanation_vi, &f.explanation_en),
                        "explanation_vi": f.explanation_vi, "explanation_en": f.explanation_en,
                        "suggestions": f.suggestions, "text": f.text, "span": f.span,
                        "start": a, "end": b, "person": f.person,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(
                &mut out,
                &json!({
                    "file": name, "diagnostics": d, "people": sc.people, "quotes": sc.quotes,
                    "summary": {"people": ind.i01_people, "sources": ind.i02_sources,
                                "compliant": sc.compliant, "violations": sc.violations},
                    "versions": sc.versions,
                }),
            )?;
            writeln!(out)?;
        }
        CheckFormat::Sarif => {
            let rules: Vec<_> = {
                let mut ids: Vec<&str> = diags.iter().map(|(f, ..)| f.rule.as_str()).collect();
                ids.sort();
                ids.dedup();
                ids.iter()
                    .filter_map(|id| eng.lexicons().flags.iter().find(|r| r.id == *id))
                    .map(|r| {
                        json!({
                            "id": r.id,
                            "shortDescription": {"text": lang.pick(&r.vi, &r.en)},
                            "fullDescription": {"text": format!("{} / {}", r.vi, r.en)},
                            "help": {"text": format!("{}: {}. {}", lang.pick("Gợi ý", "Suggestions"), r.suggest.join("; "), r.not_stereotype)},
                            "properties": {"category": r.category},
                        })
                    })
                    .collect()
            };
            let results: Vec<_> = diags
                .iter()
                .map(|(f, s, a, b)| {
                    json!({
                        "ruleId": f.rule,
                        "level": match s { Severity::Info => "note", Severity::Warning => "warning", Severity::Error => "error" },
                        "message": {"text": format!("«{}» {}{}", f.text, lang.pick(&f.explanation_vi, &f.explanation_en), stance_note(f.stance))},
                        "locations": [{"physicalLocation": {
                            "artifactLocation": {"uri": if name == "-" { "stdin".to_string() } else { name.clone() }},
                            "region": {"startLine": a.line, "startColumn": a.utf16_column, "endLine": b.line, "endColumn": b.utf16_column,
                                       "byteOffset": f.span.start, "byteLength": f.span.len()}
                        }}],
                        "properties": {"stance": f.stance, "category": f.category},
                    })
                })
                .collect();
            serde_json::to_writer_pretty(
                &mut out,
                &json!({
                    "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                    "version": "2.1.0",
                    "runs": [{
                        "tool": {"driver": {"name": "chisogioi", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
                        "columnKind": "utf16CodeUnits",
                        "results": results,
                    }]
                }),
            )?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn read_stdin() -> anyhow::Result<String> {
    let mut s = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
        .context("stdin (UTF-8 expected)")?;
    Ok(s)
}

// ---------------------------------------------------------------------------------------------
// evals

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EvalFormat {
    Text,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct EvalQuotesArgs {
    /// Gold JSONL (shared/spec/gold-format.md §1)
    #[arg(long)]
    pub gold: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    pub format: EvalFormat,
    #[arg(long)]
    pub lexicons: Option<PathBuf>,
    /// Also print every error to standard error: missed and spurious quotes, wrong speakers,
    /// people whose gender was missed or wrong (for error analysis; prints article text)
    #[arg(long)]
    pub errors: bool,
}

#[derive(clap::Args, Debug)]
pub struct EvalFlagsArgs {
    #[arg(long)]
    pub gold: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    pub format: EvalFormat,
    #[arg(long)]
    pub lexicons: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct EvalNamesArgs {
    /// TSV `name<TAB>gender` with a header (gender: male, female, both)
    #[arg(long)]
    pub tsv: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    pub format: EvalFormat,
    #[arg(long)]
    pub lexicons: Option<PathBuf>,
    /// Also print every wrong or unanswered male/female row to standard error
    #[arg(long)]
    pub errors: bool,
}

#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn prf(tp: usize, npred: usize, ngold: usize) -> Prf {
    let p = if npred == 0 {
        0.0
    } else {
        tp as f64 / npred as f64
    };
    let r = if ngold == 0 {
        0.0
    } else {
        tp as f64 / ngold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    Prf {
        precision: p,
        recall: r,
        f1: f,
    }
}

/// Byte span (in the analysis text) → character span.
fn to_chars(text: &str, s: Span) -> (usize, usize) {
    let c = |b: usize| text[..b.min(text.len())].chars().count();
    (c(s.start), c(s.end))
}

/// A short one-line excerpt of a character span, for error dumps.
fn snippet(text: &str, (a, b): (usize, usize)) -> String {
    let chars: Vec<char> = text.chars().collect();
    let a = a.min(chars.len());
    let b = b.min(chars.len()).max(a);
    let s: String = if b - a > 160 {
        let head: String = chars[a..a + 80].iter().collect();
        let tail: String = chars[b - 60..b].iter().collect();
        format!("{head} … {tail}")
    } else {
        chars[a..b].iter().collect()
    };
    format!("[{a},{b}) {}", s.replace('\n', " ¶ "))
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

fn norm_name(s: &str) -> String {
    crate::lexicon::phrase_keys(s).join(" ")
}

pub fn eval_quotes(args: EvalQuotesArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let eng = engine(&args.lexicons)?;
    let gold = crate::gold::load(&args.gold)?;
    let scored: Vec<(crate::gold::GoldArticle, Scorecard)> = gold
        .into_par_iter()
        .filter(|g| g.quotes.is_some() || g.people.is_some())
        .map(|g| {
            let a = Article {
                id: g.id.clone(),
                title: g.title.clone(),
                text: g.text.clone(),
                ..Default::default()
            };
            let sc = eng.score(&a);
            (g, sc)
        })
        .collect();
    let (mut tp3, mut tp8, mut npred, mut ngold, mut sp_ok, mut sp_n) = (0, 0, 0, 0, 0, 0);
    let mut people = [[0usize; 3]; 2]; // [female, male] × [tp, pred, gold]
    let mut sources = [[0usize; 3]; 2];
    let (mut gf, mut gm, mut pf, mut pm) = (0usize, 0usize, 0usize, 0usize);
    for (g, sc) in &scored {
        let text = g.full_text();
        let pq: Vec<((usize, usize), Option<&str>)> = sc
            .quotes
            .iter()
            .map(|q| (to_chars(&text, q.span), q.speaker.as_deref()))
            .collect();
        let pp: Vec<(&crate::model::Person, Vec<(usize, usize)>)> = sc
            .people
            .iter()
            .map(|p| (p, p.mentions.iter().map(|m| to_chars(&text, *m)).collect()))
            .collect();
        let gpeople = g.people.clone().unwrap_or_default();
        let same = |pid: &str, gid: &str| -> bool {
            let Some((p, pm)) = pp.iter().find(|(p, _)| p.id == pid) else {
                return false;
            };
            let Some(gp) = gpeople.iter().find(|x| x.id == gid) else {
                return false;
            };
            norm_name(&p.name) == norm_name(&gp.name)
                || pm
                    .iter()
                    .any(|a| gp.mentions.iter().any(|b| overlap(*a, (b[0], b[1])) > 0))
        };
        let gq = g.quotes.clone().unwrap_or_default();
        npred += pq.len();
        ngold += gq.len();
        for thr in [0.3, 0.8] {
            let mut used = vec![false; pq.len()];
            for q in &gq {
                let gs = (q.span[0], q.span[1]);
                let glen = (gs.1 - gs.0).max(1) as f64;
                let best = pq
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !used[*i])
                    .map(|(i, (s, _))| (i, overlap(*s, gs) as f64 / glen))
                    .max_by(|a, b| a.1.total_cmp(&b.1));
                if let Some((i, r)) = best
                    && r >= thr
                {
                    used[i] = true;
                    if thr < 0.5 {
                        tp3 += 1;
                        sp_n += 1;
                        let ok = match (pq[i].1, q.speaker.as_deref()) {
                            (None, None) => true,
                            (Some(p), Some(gs)) => same(p, gs),
                            _ => false,
                        };
                        sp_ok += usize::from(ok);
                        if args.errors && !ok {
                            let pname = pq[i]
                                .1
                                .and_then(|p| sc.people.iter().find(|x| x.id == p))
                                .map_or("-".to_string(), |p| p.name.clone());
                            let gname = q
                                .speaker
                                .as_deref()
                                .and_then(|s| gpeople.iter().find(|x| x.id == s))
                                .map_or("-".to_string(), |p| p.name.clone());
                            eprintln!(
                                "{}\tSPEAKER\tgold={gname}\tpred={pname}\t{}",
                                g.id,
                                snippet(&text, gs)
                            );
                        }
                    } else {
                        tp8 += 1;
                    }
                } else if args.errors && thr < 0.5 {
                    let gname = q
                        .speaker
                        .as_deref()
                        .and_then(|s| gpeople.iter().find(|x| x.id == s))
                        .map_or("-".to_string(), |p| p.name.clone());
                    eprintln!(
                        "{}\tMISSED\t{}\tgold={gname}\t{}",
                        g.id,
                        if q.direct { "direct" } else { "indirect" },
                        snippet(&text, gs)
                    );
                }
            }
            if args.errors && thr < 0.5 {
                for (i, (s, sp)) in pq.iter().enumerate() {
                    if !used[i] {
                        let pname = sp
                            .and_then(|p| sc.people.iter().find(|x| x.id == p))
                            .map_or("-".to_string(), |p| p.name.clone());
                        eprintln!("{}\tSPURIOUS\tpred={pname}\t{}", g.id, snippet(&text, *s));
                    }
                }
            }
        }
        if args.errors {
            for gp in &gpeople {
                let hit = sc.people.iter().find(|p| {
                    norm_name(&p.name) == norm_name(&gp.name)
                        || p.mentions.iter().any(|m| {
                            let a = to_chars(&text, *m);
                            gp.mentions.iter().any(|b| overlap(a, (b[0], b[1])) > 0)
                        })
                });
                match hit {
                    None => eprintln!("{}\tPERSON-MISSED\t{}\t{:?}", g.id, gp.name, gp.gender),
                    Some(p) if p.gender != gp.gender => eprintln!(
                        "{}\tGENDER\t{}\tgold={:?}\tpred={:?} ({:?} {:?})",
                        g.id, gp.name, gp.gender, p.gender, p.evidence, p.evidence_text
                    ),
                    _ => {}
                }
            }
        }
        // people and sources per gender
        let gsrc: std::collections::BTreeSet<&str> =
            gq.iter().filter_map(|q| q.speaker.as_deref()).collect();
        let psrc: std::collections::BTreeSet<&str> = sc
            .quotes
            .iter()
            .filter_map(|q| q.speaker.as_deref())
            .collect();
        for (k, gg) in [Gender::Female, Gender::Male].into_iter().enumerate() {
            for (tab, only_src) in [(&mut people, false), (&mut sources, true)] {
                let preds: Vec<&str> = sc
                    .people
                    .iter()
                    .filter(|p| {
                        p.gender == gg
                            && !p.is_author
                            && (!only_src || psrc.contains(p.id.as_str()))
                    })
                    .map(|p| p.id.as_str())
                    .collect();
                let golds: Vec<&str> = gpeople
                    .iter()
                    .filter(|p| p.gender == gg && (!only_src || gsrc.contains(p.id.as_str())))
                    .map(|p| p.id.as_str())
                    .collect();
                let tp = golds
                    .iter()
                    .filter(|gid| preds.iter().any(|pid| same(pid, gid)))
                    .count();
                tab[k][0] += tp;
                tab[k][1] += preds.len();
                tab[k][2] += golds.len();
            }
        }
        gf += gpeople
            .iter()
            .filter(|p| p.gender == Gender::Female && gsrc.contains(p.id.as_str()))
            .count();
        gm += gpeople
            .iter()
            .filter(|p| p.gender == Gender::Male && gsrc.contains(p.id.as_str()))
            .count();
        pf += sc.indicators.i02_sources.female as usize;
        pm += sc.indicators.i02_sources.male as usize;
    }
    let share = |f: usize, m: usize| {
        if f + m == 0 {
            0.0
        } else {
            f as f64 / (f + m) as f64
        }
    };
    let (gs, ps) = (share(gf, gm), share(pf, pm));
    let r = json!({
        "articles": scored.len(),
        "quotes_gold": ngold, "quotes_predicted": npred,
        "quotes_loose": prf(tp3, npred, ngold),
        "quotes_strict": prf(tp8, npred, ngold),
        "speaker_match": if sp_n == 0 { 0.0 } else { sp_ok as f64 / sp_n as f64 },
        "people_female": prf(people[0][0], people[0][1], people[0][2]),
        "people_male": prf(people[1][0], people[1][1], people[1][2]),
        "sources_female": prf(sources[0][0], sources[0][1], sources[0][2]),
        "sources_male": prf(sources[1][0], sources[1][1], sources[1][2]),
        "women_source_share": {"gold": gs, "predicted": ps, "abs_error_points": (gs - ps).abs() * 100.0},
    });
    print_eval(&r, args.format, lang)
}

fn print_eval(r: &serde_json::Value, format: EvalFormat, lang: Lang) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let res = match format {
        EvalFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(r)?),
        EvalFormat::Text => {
            let mut s = format!("{}\n", lang.pick("Kết quả đánh giá:", "Evaluation:"));
            if let Some(o) = r.as_object() {
                for (k, v) in o {
                    s.push_str(&format!("  {k}: {v}\n"));
                }
            }
            out.write_all(s.as_bytes())
        }
    };
    match res {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        r => r?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn eval_flags(args: EvalFlagsArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let eng = engine(&args.lexicons)?;
    let gold = crate::gold::load(&args.gold)?;
    let scored: Vec<_> = gold
        .into_par_iter()
        .filter(|g| g.flags.is_some())
        .map(|g| {
            let a = Article {
                id: g.id.clone(),
                title: g.title.clone(),
                text: g.text.clone(),
                ..Default::default()
            };
            let sc = eng.score(&a);
            (g, sc)
        })
        .collect();
    let (mut tp, mut npred, mut ngold, mut stance_ok, mut cat_ok) = (0, 0, 0, 0, 0);
    for (g, sc) in &scored {
        let text = g.full_text();
        let pf: Vec<_> = sc
            .flags
            .iter()
            .map(|f| (to_chars(&text, f.span), f))
            .collect();
        let gf = g.flags.clone().unwrap_or_default();
        npred += pf.len();
        ngold += gf.len();
        let mut used = vec![false; pf.len()];
        for f in &gf {
            let gs = (f.span[0], f.span[1]);
            if let Some(i) = (0..pf.len()).find(|&i| !used[i] && overlap(pf[i].0, gs) > 0) {
                used[i] = true;
                tp += 1;
                stance_ok += usize::from(pf[i].1.stance == f.stance);
                cat_ok += usize::from(pf[i].1.category == f.category);
            }
        }
    }
    let p = prf(tp, npred, ngold);
    let r = json!({
        "articles": scored.len(), "flags_gold": ngold, "flags_predicted": npred,
        "precision": p.precision, "recall": p.recall, "f1": p.f1,
        "stance_accuracy": if tp == 0 { 0.0 } else { stance_ok as f64 / tp as f64 },
        "category_accuracy": if tp == 0 { 0.0 } else { cat_ok as f64 / tp as f64 },
    });
    print_eval(&r, args.format, lang)
}

pub fn eval_names(args: EvalNamesArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    use crate::lexicon::NameAnswer as A;
    let eng = engine(&args.lexicons)?;
    let src = std::fs::read_to_string(&args.tsv).with_context(|| args.tsv.display().to_string())?;
    let (mut total, mut answered, mut correct) = (0usize, 0usize, 0usize);
    let mut both = std::collections::BTreeMap::from([
        ("female", 0usize),
        ("male", 0),
        ("both", 0),
        ("unknown", 0),
    ]);
    for (i, l) in src.lines().enumerate() {
        if i == 0 && l.starts_with("name\t") || l.trim().is_empty() {
            continue;
        }
        let Some((name, g)) = l.split_once('\t') else {
            bail!(
                "{}:{}: {}",
                args.tsv.display(),
                i + 1,
                lang.pick("cần 2 cột name<TAB>gender", "expected name<TAB>gender")
            );
        };
        let ans = eng.lexicons().names.guess(name);
        let key = match ans {
            A::Female => "female",
            A::Male => "male",
            A::Both => "both",
            A::Unknown => "unknown",
        };
        match g.trim() {
            "both" => *both.get_mut(key).expect("key") += 1,
            "female" | "male" => {
                total += 1;
                if matches!(ans, A::Female | A::Male) {
                    answered += 1;
                    correct += usize::from(key == g.trim());
                }
                if args.errors && key != g.trim() {
                    eprintln!("{name}\tgold={}\tpred={key}", g.trim());
                }
            }
            other => bail!("{}:{}: gender {other:?}", args.tsv.display(), i + 1),
        }
    }
    let r = json!({
        "rows": total,
        "accuracy": if answered == 0 { 0.0 } else { correct as f64 / answered as f64 },
        "accuracy_all_rows": if total == 0 { 0.0 } else { correct as f64 / total as f64 },
        "coverage": if total == 0 { 0.0 } else { answered as f64 / total as f64 },
        "both_rows_answered": both,
    });
    print_eval(&r, args.format, lang)
}
