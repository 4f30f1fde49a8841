//! Commands of the `text` area: `tokenize`, `train segmenter`, `eval segment`.

use super::Document;
use super::segment::{self, Segmenter, TrainOptions};
use crate::i18n::Lang;
use crate::model::Span;
use anyhow::Context;
use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct TokenizeArgs {
    /// Input file, or `-` / nothing for standard input. Non-UTF-8 input is
    /// decoded as a legacy Vietnamese encoding (windows-1258, TCVN3, VNI) with a warning.
    pub input: Option<PathBuf>,
    /// `text`: one sentence per line, syllables of a word joined by `_`;
    /// `json`: one JSON object per sentence with tokens, spans, positions, classes and words.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

fn read_input(path: &Option<PathBuf>, lang: Lang) -> anyhow::Result<(String, String)> {
    let (bytes, name) = match path {
        Some(p) if p.as_os_str() != "-" => (
            std::fs::read(p).with_context(|| {
                format!(
                    "{} {}",
                    lang.pick("không đọc được tệp", "cannot read file"),
                    p.display()
                )
            })?,
            p.display().to_string(),
        ),
        _ => {
            let mut b = Vec::new();
            std::io::stdin().read_to_end(&mut b)?;
            (b, "<stdin>".to_string())
        }
    };
    let decoded = super::legacy::decode(&bytes);
    if let Some(w) = decoded.warning(lang) {
        eprintln!("{name}: {w}");
    }
    Ok((decoded.text, name))
}

pub fn tokenize(args: TokenizeArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let (text, _name) = read_input(&args.input, lang)?;
    let doc = Document::analyze(&text);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut wi = 0;
    let words = doc.words();
    for (si, s) in doc.sentences().iter().enumerate() {
        let mut sent_words = Vec::new();
        while wi < words.len() && words[wi].tokens.start < s.tokens.end {
            sent_words.push(&words[wi]);
            wi += 1;
        }
        match args.format {
            Format::Text => {
                let line: Vec<String> = sent_words
                    .iter()
                    .map(|w| {
                        doc.tokens()[w.tokens.clone()]
                            .iter()
                            .map(|t| t.norm.as_str())
                            .collect::<Vec<_>>()
                            .join("_")
                    })
                    .collect();
                writeln!(out, "{}", line.join(" "))?;
            }
            Format::Json => {
                let tokens: Vec<serde_json::Value> = doc.tokens()[s.tokens.clone()]
                    .iter()
                    .map(|t| {
                        serde_json::json!({
                            "text": doc.slice(t.span),
                            "norm": t.norm,
                            "lower": t.lower,
                            "class": t.class,
                            "span": [t.span.start, t.span.end],
                            "start": doc.position(t.span.start),
                            "end": doc.position(t.span.end),
                        })
                    })
                    .collect();
                let ws: Vec<serde_json::Value> = sent_words
                    .iter()
                    .map(|w| {
                        serde_json::json!({
                            "text": doc.slice(w.span),
                            "span": [w.span.start, w.span.end],
                            "tokens": [w.tokens.start, w.tokens.end],
                        })
                    })
                    .collect();
                let v = serde_json::json!({
                    "sentence": si,
                    "span": [s.span.start, s.span.end],
                    "text": doc.slice(s.span),
                    "tokens": tokens,
                    "words": ws,
                });
                writeln!(out, "{v}")?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct TrainSegmenterArgs {
    /// CoNLL-U file(s) with gold word segmentation (multi-syllable FORMs, as in UD_Vietnamese-VTB).
    #[arg(long, required = true, num_args = 1..)]
    pub conllu: Vec<PathBuf>,
    /// Where to write the model (the shipped one is src/text/model/segmenter.bin).
    #[arg(long, default_value = "segmenter.bin")]
    pub out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
    /// log2 of the feature-hash table size (2^17 f32 = 512 KiB: stays in cache).
    #[arg(long, default_value_t = 17)]
    pub bits: u8,
    /// Also score the trained model on this gold CoNLL-U file (e.g. the dev split).
    #[arg(long)]
    pub eval: Option<PathBuf>,
    /// Word-list file(s) (one word per line, syllables separated by spaces, `#`
    /// comments) to use instead of the project's own list (src/text/dict/).
    #[arg(long, num_args = 1..)]
    pub lexicon: Vec<PathBuf>,
    /// Optional feature groups as a bit mask (developer option for ablations).
    #[arg(long, hide = true)]
    pub feats: Option<u32>,
    /// Bias towards joining syllables (developer option; 0 = none).
    #[arg(
        long,
        hide = true,
        default_value_t = 0.0,
        allow_negative_numbers = true
    )]
    pub join_bias: f32,
    /// Keep word-list entries even where the training data writes them as separate words.
    #[arg(long)]
    pub keep_lexicon: bool,
    /// Unsegmented text to count syllable collocations on (plain text, or JSONL
    /// records with `title`/`text`); enables the collocation features.
    #[arg(long, num_args = 1..)]
    pub plain_text: Vec<PathBuf>,
}

fn read_conllu_file(p: &PathBuf, lang: Lang) -> anyhow::Result<Vec<segment::TrainSentence>> {
    let text = std::fs::read_to_string(p).with_context(|| {
        format!(
            "{} {} ({})",
            lang.pick("không đọc được tệp CoNLL-U", "cannot read CoNLL-U file"),
            p.display(),
            lang.pick("cần UTF-8", "UTF-8 expected")
        )
    })?;
    let s = segment::read_conllu(&text);
    if s.is_empty() {
        anyhow::bail!(
            "{}: {}",
            p.display(),
            lang.pick(
                "không có câu nào (tệp có đúng định dạng CoNLL-U không?)",
                "no sentences found (is it CoNLL-U?)"
            )
        );
    }
    Ok(s)
}

pub fn train_segmenter(args: TrainSegmenterArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let mut data = Vec::new();
    let mut names = Vec::new();
    for p in &args.conllu {
        data.extend(read_conllu_file(p, lang)?);
        names.push(
            p.file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default(),
        );
    }
    if !(12..=24).contains(&args.bits) {
        anyhow::bail!("--bits {}: 12..=24", args.bits);
    }
    let note = serde_json::json!({
        "trainer": "chisogioi train segmenter",
        "version": env!("CARGO_PKG_VERSION"),
        "data": names,
        "sentences": data.len(),
        "epochs": args.epochs,
        "bits": args.bits,
        "word_lists": if args.lexicon.is_empty() {
            vec!["built-in (src/text/dict)".to_string()]
        } else {
            args.lexicon.iter().map(|p| p.display().to_string()).collect()
        },
        "license": "CC BY-SA 4.0 (derived from UD_Vietnamese-VTB)",
    })
    .to_string();
    let lexicon = if args.lexicon.is_empty() {
        None
    } else {
        let mut words = Vec::new();
        for p in &args.lexicon {
            let text = std::fs::read_to_string(p).with_context(|| {
                format!(
                    "{} {}",
                    lang.pick("không đọc được danh sách từ", "cannot read word list"),
                    p.display()
                )
            })?;
            words.extend(segment::word_lines(&text).map(str::to_string));
        }
        Some(words)
    };
    let colloc = if args.plain_text.is_empty() {
        None
    } else {
        let mut texts: Vec<String> = Vec::new();
        for p in &args.plain_text {
            let raw = std::fs::read_to_string(p).with_context(|| {
                format!(
                    "{} {}",
                    lang.pick("không đọc được tệp văn bản", "cannot read text file"),
                    p.display()
                )
            })?;
            let is_jsonl = p.extension().is_some_and(|e| e == "jsonl");
            for (no, line) in raw.lines().enumerate() {
                if !is_jsonl {
                    texts.push(line.to_string());
                    continue;
                }
                if line.trim().is_empty() {
                    continue;
                }
                let v: serde_json::Value = serde_json::from_str(line)
                    .with_context(|| format!("{}:{}: JSON", p.display(), no + 1))?;
                for key in ["title", "text"] {
                    if let Some(t) = v.get(key).and_then(|t| t.as_str()) {
                        texts.push(t.to_string());
                    }
                }
            }
        }
        Some(segment::CollocStats::from_texts(
            texts.iter().map(String::as_str),
        ))
    };
    let feats = args.feats.unwrap_or(if colloc.is_some() {
        segment::FEAT_DEFAULT | segment::FEAT_COLLOC
    } else {
        segment::FEAT_DEFAULT
    });
    let opts = TrainOptions {
        colloc,
        epochs: args.epochs,
        bits: args.bits,
        note,
        feats,
        lexicon,
        join_bias: args.join_bias,
        adapt_lexicon: !args.keep_lexicon,
        ..TrainOptions::default()
    };
    let t0 = Instant::now();
    let model = segment::train(&data, &opts);
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes).with_context(|| {
        format!(
            "{} {}",
            lang.pick("không ghi được", "cannot write"),
            args.out.display()
        )
    })?;
    let (nw, nd) = model.size();
    eprintln!(
        "{}: {} ({} {}, {} B, {} {}, {} {}, {:.1}s)",
        lang.pick("đã ghi mô hình", "model written"),
        args.out.display(),
        data.len(),
        lang.pick("câu", "sentences"),
        bytes.len(),
        nw,
        lang.pick("trọng số", "weights"),
        nd,
        lang.pick("từ điển", "dictionary words"),
        t0.elapsed().as_secs_f64()
    );
    if let Some(dev) = &args.eval {
        let gold = read_conllu_file(dev, lang)?;
        let r = evaluate(&model, &gold, 0.0);
        eprintln!(
            "{}: P {:.4} R {:.4} F1 {:.4}",
            dev.display(),
            r.precision,
            r.recall,
            r.f1
        );
        if std::env::var_os("CHISOGIOI_SEG_ERRORS").is_some() {
            print_errors(&model, &gold);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Developer aid: the most frequent missed and spurious words.
fn print_errors(seg: &Segmenter, gold: &[segment::TrainSentence]) {
    let mut missed: std::collections::HashMap<String, usize> = Default::default();
    let mut spurious: std::collections::HashMap<String, usize> = Default::default();
    for s in gold {
        let doc = Document::analyze_with(&s.raw, seg);
        let gs: HashSet<Span> = s.words.iter().copied().collect();
        let ps: HashSet<Span> = doc.words().iter().map(|w| w.span).collect();
        for w in &s.words {
            if !ps.contains(w) {
                *missed.entry(s.raw[w.start..w.end].to_string()).or_default() += 1;
            }
        }
        for w in doc.words() {
            if !gs.contains(&w.span) {
                *spurious
                    .entry(s.raw[w.span.start..w.span.end].to_string())
                    .or_default() += 1;
            }
        }
    }
    // Missed gold words by kind, to see where the errors come from.
    let mut kinds: std::collections::BTreeMap<&str, usize> = Default::default();
    for (w, &c) in &missed {
        *kinds.entry(miss_kind(seg, w)).or_default() += c;
    }
    eprintln!("missed by kind:");
    for (k, c) in &kinds {
        eprintln!("  {c:5} {k}");
    }
    for (name, m) in [("missed", missed), ("spurious", spurious)] {
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by_key(|b| std::cmp::Reverse(b.1));
        eprintln!("{name}: {}", v.len());
        for (w, c) in v
            .iter()
            .take(if std::env::var_os("CHISOGIOI_SEG_ERRORS_ALL").is_some() {
                usize::MAX
            } else {
                60
            })
        {
            eprintln!("  {c:4} {w}");
        }
    }
}

/// Kind of a gold word the model missed (developer error analysis).
fn miss_kind(seg: &Segmenter, w: &str) -> &'static str {
    let syls: Vec<&str> = w.split(' ').collect();
    let first = w.chars().next().unwrap_or(' ');
    if syls.iter().any(|s| s.chars().any(|c| c.is_ascii_digit())) {
        return "number/date";
    }
    if syls.len() == 1 {
        return if first.is_alphanumeric() {
            "single syllable"
        } else {
            "punctuation/symbol"
        };
    }
    if syls
        .iter()
        .any(|s| super::segment::class_of_piece(s) != super::TokenClass::Syllable)
    {
        return "foreign/abbreviation/mixed";
    }
    let lower: Vec<String> = syls
        .iter()
        .map(|s| super::normalize(s).to_lowercase())
        .collect();
    let refs: Vec<&str> = lower.iter().map(String::as_str).collect();
    let (in_train, in_list) = seg.knows(&refs);
    let cap = first.is_uppercase();
    match (cap, in_train, in_list) {
        (true, true, _) => "proper/capitalised, seen in training",
        (true, false, true) => "proper/capitalised, unseen, in word list",
        (true, false, false) => "proper/capitalised, unseen, not in word list",
        (false, true, _) => "compound, seen in training",
        (false, false, true) => "compound, unseen, in word list",
        (false, false, false) => "compound, unseen, not in word list",
    }
}

#[derive(clap::Args, Debug)]
pub struct EvalSegmentArgs {
    /// Gold CoNLL-U file (raw input = FORMs joined by single spaces).
    #[arg(long)]
    pub conllu: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Evaluate this model file instead of the embedded one.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Minimum seconds to spend measuring throughput.
    #[arg(long, default_value_t = 1.0)]
    pub min_seconds: f64,
}

/// Time this thread has spent on a CPU (Linux `/proc/thread-self/schedstat`), so
/// throughput on a busy shared machine measures one core's work, not the wait
/// for one. `None` elsewhere; callers fall back to wall time.
fn thread_cpu_time() -> Option<std::time::Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(std::time::Duration::from_nanos(ns))
}

/// Run `f` repeatedly for at least `min_seconds` of wall time; return
/// (rounds, wall seconds, CPU seconds of this thread if known).
fn timed(min_seconds: f64, mut f: impl FnMut()) -> (usize, f64, Option<f64>) {
    let c0 = thread_cpu_time();
    let t0 = Instant::now();
    let mut rounds = 0usize;
    while rounds == 0 || t0.elapsed().as_secs_f64() < min_seconds {
        f();
        rounds += 1;
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = match (c0, thread_cpu_time()) {
        (Some(a), Some(b)) if b > a => Some((b - a).as_secs_f64()),
        _ => None,
    };
    (rounds, wall, cpu)
}

/// Word segmentation scores of a model on gold sentences.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SegmentEval {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub sentences: usize,
    pub syllables: usize,
    /// Full pipeline (`Document::analyze`: tokenise, normalise, split sentences,
    /// segment) on one core: syllables per second of this thread's CPU time
    /// (wall time where CPU time is unavailable).
    pub syllables_per_sec: f64,
    /// Segmentation alone on pre-tokenised sentences (same clock).
    pub segment_syllables_per_sec: f64,
    /// The full-pipeline rate by wall-clock time (lower on a busy machine).
    pub wall_syllables_per_sec: f64,
    pub gold_words: usize,
    pub predicted_words: usize,
    pub correct_words: usize,
    pub model: String,
}

/// Score `seg` on `gold` (span-based word P/R/F1) and measure throughput.
pub fn evaluate(seg: &Segmenter, gold: &[segment::TrainSentence], min_seconds: f64) -> SegmentEval {
    let (mut g, mut p, mut c) = (0usize, 0usize, 0usize);
    let syllables: usize = gold.iter().map(|s| s.raw.split(' ').count()).sum();
    for s in gold {
        let doc = Document::analyze_with(&s.raw, seg);
        let gold_set: HashSet<Span> = s.words.iter().copied().collect();
        g += gold_set.len();
        p += doc.words().len();
        c += doc
            .words()
            .iter()
            .filter(|w| gold_set.contains(&w.span))
            .count();
    }
    let precision = if p > 0 { c as f64 / p as f64 } else { 0.0 };
    let recall = if g > 0 { c as f64 / g as f64 } else { 0.0 };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    // Throughput, full pipeline.
    let (rounds, wall, cpu) = timed(min_seconds, || {
        for s in gold {
            std::hint::black_box(Document::analyze_with(&s.raw, seg));
        }
    });
    let full_rate = (syllables * rounds) as f64 / cpu.unwrap_or(wall);
    let wall_rate = (syllables * rounds) as f64 / wall;
    // Throughput, segmentation only.
    let pre: Vec<(Vec<super::Token>, Vec<u8>)> = gold
        .iter()
        .map(|s| {
            let mut t = Vec::new();
            let mut gaps = Vec::new();
            super::tokenize::tokenize(&s.raw, &mut t, &mut gaps);
            (t, gaps)
        })
        .collect();
    let mut scratch = segment::Scratch::default();
    let mut syls = Vec::new();
    let mut begins = Vec::new();
    let (rounds, wall, cpu) = timed(min_seconds, || {
        for (t, gaps) in &pre {
            segment::syls_of_tokens(t, gaps, &mut syls);
            seg.segment_into(&syls, &mut scratch, &mut begins);
            std::hint::black_box(&begins);
        }
    });
    let seg_rate = (syllables * rounds) as f64 / cpu.unwrap_or(wall);
    SegmentEval {
        precision,
        recall,
        f1,
        sentences: gold.len(),
        syllables,
        syllables_per_sec: full_rate,
        segment_syllables_per_sec: seg_rate,
        wall_syllables_per_sec: wall_rate,
        gold_words: g,
        predicted_words: p,
        correct_words: c,
        model: seg.note().to_string(),
    }
}

pub fn eval_segment(args: EvalSegmentArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let gold = read_conllu_file(&args.conllu, lang)?;
    let owned;
    let seg = match &args.model {
        Some(p) => {
            let b = std::fs::read(p).with_context(|| {
                format!(
                    "{} {}",
                    lang.pick("không đọc được", "cannot read"),
                    p.display()
                )
            })?;
            owned =
                Segmenter::from_bytes(&b).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            &owned
        }
        None => Segmenter::embedded(),
    };
    let r = evaluate(seg, &gold, args.min_seconds);
    if std::env::var_os("CHISOGIOI_SEG_ERRORS").is_some() {
        print_errors(seg, &gold);
    }
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&r)?),
        Format::Text => {
            println!("{}: {}", lang.pick("tệp", "file"), args.conllu.display());
            println!(
                "{}: {} / {}: {}",
                lang.pick("câu", "sentences"),
                r.sentences,
                lang.pick("âm tiết", "syllables"),
                r.syllables
            );
            println!(
                "precision {:.4}  recall {:.4}  F1 {:.4}  ({} / {} / {})",
                r.precision, r.recall, r.f1, r.correct_words, r.predicted_words, r.gold_words
            );
            println!(
                "{}: {:.0} {}; {}: {:.0}; {}: {:.0}",
                lang.pick(
                    "tốc độ một lõi (toàn bộ)",
                    "one-core throughput (full pipeline)"
                ),
                r.syllables_per_sec,
                lang.pick("âm tiết/giây", "syllables/s"),
                lang.pick("chỉ tách từ", "segmentation only"),
                r.segment_syllables_per_sec,
                lang.pick("theo đồng hồ thực", "by wall clock"),
                r.wall_syllables_per_sec
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
