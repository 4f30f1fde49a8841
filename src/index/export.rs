//! Export for researchers: the articles, people and quotes tables as CSV or JSON Lines.
//!
//! Columns are documented in `docs/data-dictionary.md`; keep the two in step
//! ([`columns`] is the single list both the writer and the dictionary test read).

use super::schema::{self, Fields};
use super::store::{StoredRecord, read_record, role_str};
use anyhow::{Context, bail};
use serde_json::Value;
use std::io::Write;

/// Which table to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Table {
    Articles,
    People,
    Quotes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Jsonl,
}

const ARTICLE_HEAD: &[&str] = &[
    "article_id",
    "outlet",
    "outlet_name",
    "outlet_type",
    "province",
    "date",
    "month",
    "quarter",
    "url",
    "title",
    "section",
    "author",
    "kind",
    "content_hash",
    "indicator_set_version",
    "lexicon_versions",
    "engine_version",
];

const ARTICLE_TAIL: &[&str] = &[
    "i12_per_1000_syllables",
    "i08_occupations",
    "topic_domains",
    "ge_topic",
    "policies",
    "violations",
];

const PEOPLE: &[&str] = &[
    "article_id",
    "outlet",
    "date",
    "person_id",
    "name",
    "gender",
    "evidence",
    "evidence_text",
    "role",
    "title",
    "occupation",
    "mentions",
    "in_title",
    "in_sapo",
    "in_caption",
    "is_author",
    "is_source",
    "quotes",
    "direct_quotes",
    "quoted_syllables",
    "family_words",
    "appearance_words",
    "victim",
    "survivor",
];

const QUOTES: &[&str] = &[
    "article_id",
    "outlet",
    "date",
    "quote_no",
    "start",
    "end",
    "direct",
    "verb",
    "speaker_kind",
    "speaker_id",
    "speaker_name",
    "speaker_gender",
    "speaker_role",
    "organisation",
    "syllables",
    "text",
];

/// The columns of a table, in output order.
pub fn columns(t: Table) -> Vec<String> {
    match t {
        Table::Articles => ARTICLE_HEAD
            .iter()
            .map(|s| s.to_string())
            .chain(schema::measure_names())
            .chain(ARTICLE_TAIL.iter().map(|s| s.to_string()))
            .collect(),
        Table::People => PEOPLE.iter().map(|s| s.to_string()).collect(),
        Table::Quotes => QUOTES.iter().map(|s| s.to_string()).collect(),
    }
}

fn s(v: impl Into<String>) -> Value {
    Value::String(v.into())
}

fn opt(v: &Option<String>) -> Value {
    v.as_ref().map(|x| s(x.clone())).unwrap_or(Value::Null)
}

fn date_parts(r: &StoredRecord) -> (Value, Value, Value) {
    match r
        .article
        .date
        .as_deref()
        .and_then(super::store::parse_article_date)
    {
        Some((d, _)) => (
            s(d.naive().format("%Y-%m-%d").to_string()),
            s(super::search::month_label(d.yyyymm())),
            s(super::search::quarter_label(d.quarter_code())),
        ),
        None => (Value::Null, Value::Null, Value::Null),
    }
}

/// The rows one stored record contributes to a table (name → value).
pub fn rows(t: Table, r: &StoredRecord) -> Vec<Vec<(String, Value)>> {
    let a = &r.article;
    let sc = &r.scorecard;
    let (date, month, quarter) = date_parts(r);
    match t {
        Table::Articles => {
            let mut row: Vec<(String, Value)> = Vec::new();
            let mut put = |k: &str, v: Value| row.push((k.to_string(), v));
            put("article_id", s(a.id.clone()));
            put("outlet", s(r.outlet.id.clone()));
            put("outlet_name", s(r.outlet.name.clone()));
            put("outlet_type", s(r.outlet.kind.as_str()));
            put("province", opt(&r.outlet.province));
            put("date", date);
            put("month", month);
            put("quarter", quarter);
            put("url", opt(&a.url));
            put("title", s(a.title.clone()));
            put("section", opt(&a.section));
            put("author", opt(&a.author));
            put("kind", serde_json::to_value(a.kind).unwrap_or(Value::Null));
            put("content_hash", s(super::store::content_hash(a)));
            put(
                "indicator_set_version",
                s(sc.versions.indicator_set.clone()),
            );
            put("lexicon_versions", s(super::store::lexicon_versions(sc)));
            put("engine_version", s(sc.versions.engine.clone()));
            for (name, v) in schema::measure_names()
                .into_iter()
                .zip(schema::measures(sc))
            {
                row.push((name, Value::from(v)));
            }
            let mut put = |k: &str, v: Value| row.push((k.to_string(), v));
            let hits: u64 = sc.indicators.i12_hits.values().map(|v| *v as u64).sum();
            put(
                "i12_per_1000_syllables",
                if sc.syllables > 0 {
                    Value::from(hits as f64 * 1000.0 / sc.syllables as f64)
                } else {
                    Value::Null
                },
            );
            put(
                "i08_occupations",
                s(sc.indicators
                    .i08_occupations
                    .iter()
                    .map(|(k, v)| format!("{k}:{}/{}/{}", v.female, v.male, v.unknown))
                    .collect::<Vec<_>>()
                    .join(";")),
            );
            put("topic_domains", s(sc.topics.domains.join(";")));
            put("ge_topic", opt(&sc.topics.ge_topic));
            put("policies", s(sc.topics.policies.join(";")));
            put("violations", s(sc.violations.join(";")));
            vec![row]
        }
        Table::People => {
            let (text, _) = a.analysis_text();
            let _ = text;
            sc.people
                .iter()
                .map(|p| {
                    let qs: Vec<_> = sc
                        .quotes
                        .iter()
                        .filter(|q| q.speaker.as_deref() == Some(p.id.as_str()))
                        .collect();
                    let mut row: Vec<(String, Value)> = Vec::new();
                    let mut put = |k: &str, v: Value| row.push((k.to_string(), v));
                    put("article_id", s(a.id.clone()));
                    put("outlet", s(r.outlet.id.clone()));
                    put("date", date.clone());
                    put("person_id", s(p.id.clone()));
                    put("name", s(p.name.clone()));
                    put("gender", s(p.gender.as_str()));
                    put(
                        "evidence",
                        serde_json::to_value(p.evidence).unwrap_or(Value::Null),
                    );
                    put("evidence_text", opt(&p.evidence_text));
                    put("role", s(role_str(p.role)));
                    put("title", opt(&p.title));
                    put("occupation", opt(&p.occupation));
                    put("mentions", Value::from(p.mentions.len()));
                    put("in_title", Value::from(p.in_title));
                    put("in_sapo", Value::from(p.in_sapo));
                    put("in_caption", Value::from(p.in_caption));
                    put("is_author", Value::from(p.is_author));
                    put("is_source", Value::from(!qs.is_empty()));
                    put("quotes", Value::from(qs.len()));
                    put(
                        "direct_quotes",
                        Value::from(qs.iter().filter(|q| q.direct).count()),
                    );
                    put(
                        "quoted_syllables",
                        Value::from(qs.iter().map(|q| q.syllables).sum::<usize>()),
                    );
                    put("family_words", s(p.family_words.join(";")));
                    put("appearance_words", s(p.appearance_words.join(";")));
                    put("victim", Value::from(p.victim));
                    put("survivor", Value::from(p.survivor));
                    row
                })
                .collect()
        }
        Table::Quotes => {
            let (text, _) = a.analysis_text();
            sc.quotes
                .iter()
                .enumerate()
                .map(|(i, q)| {
                    let person = q
                        .speaker
                        .as_deref()
                        .and_then(|id| sc.people.iter().find(|p| p.id == id));
                    let qt = text
                        .get(q.span.start..q.span.end)
                        .unwrap_or_default()
                        .to_string();
                    let mut row: Vec<(String, Value)> = Vec::new();
                    let mut put = |k: &str, v: Value| row.push((k.to_string(), v));
                    put("article_id", s(a.id.clone()));
                    put("outlet", s(r.outlet.id.clone()));
                    put("date", date.clone());
                    put("quote_no", Value::from(i + 1));
                    put("start", Value::from(q.span.start));
                    put("end", Value::from(q.span.end));
                    put("direct", Value::from(q.direct));
                    put("verb", opt(&q.verb));
                    put(
                        "speaker_kind",
                        serde_json::to_value(q.speaker_kind).unwrap_or(Value::Null),
                    );
                    put("speaker_id", opt(&q.speaker));
                    put(
                        "speaker_name",
                        person.map(|p| s(p.name.clone())).unwrap_or(Value::Null),
                    );
                    put(
                        "speaker_gender",
                        person.map(|p| s(p.gender.as_str())).unwrap_or(Value::Null),
                    );
                    put(
                        "speaker_role",
                        person.map(|p| s(role_str(p.role))).unwrap_or(Value::Null),
                    );
                    put("organisation", opt(&q.organisation));
                    put("syllables", Value::from(q.syllables));
                    put("text", s(qt));
                    row
                })
                .collect()
        }
    }
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        other => other.to_string(),
    }
}

/// Write the selected table for the documents at `addrs` (already in output order).
/// Returns the number of rows written.
pub fn write_table(
    searcher: &tantivy::Searcher,
    f: &Fields,
    addrs: &[tantivy::DocAddress],
    table: Table,
    format: ExportFormat,
    fields: Option<&[String]>,
    out: &mut dyn Write,
) -> anyhow::Result<u64> {
    let all = columns(table);
    let cols: Vec<String> = match fields {
        Some(sel) if !sel.is_empty() => {
            for c in sel {
                if !all.contains(c) {
                    bail!(
                        "--fields: unknown column `{c}` for this table (see docs/data-dictionary.md; available: {})",
                        all.join(", ")
                    );
                }
            }
            sel.to_vec()
        }
        _ => all,
    };
    enum Sink<'a> {
        Csv(Box<csv::Writer<&'a mut dyn Write>>),
        Jsonl(&'a mut dyn Write),
    }
    let mut sink = match format {
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(&cols)?;
            Sink::Csv(Box::new(w))
        }
        ExportFormat::Jsonl => Sink::Jsonl(out),
    };
    let mut jsonl: Vec<u8> = Vec::new();
    let mut n = 0u64;
    for addr in addrs {
        let rec = read_record(searcher, f, *addr)?;
        for row in rows(table, &rec) {
            let map: std::collections::HashMap<&str, &Value> =
                row.iter().map(|(k, v)| (k.as_str(), v)).collect();
            match &mut sink {
                Sink::Csv(w) => {
                    w.write_record(
                        cols.iter()
                            .map(|c| map.get(c.as_str()).map(|v| cell(v)).unwrap_or_default()),
                    )?;
                }
                Sink::Jsonl(_) => {
                    jsonl.push(b'{');
                    for (i, c) in cols.iter().enumerate() {
                        if i > 0 {
                            jsonl.push(b',');
                        }
                        serde_json::to_writer(&mut jsonl, c)?;
                        jsonl.push(b':');
                        serde_json::to_writer(
                            &mut jsonl,
                            map.get(c.as_str()).copied().unwrap_or(&Value::Null),
                        )?;
                    }
                    jsonl.extend_from_slice(b"}\n");
                }
            }
            n += 1;
        }
        if let Sink::Jsonl(o) = &mut sink
            && jsonl.len() > 1 << 20
        {
            o.write_all(&jsonl)?;
            jsonl.clear();
        }
    }
    match sink {
        Sink::Csv(mut w) => w.flush().context("writing CSV")?,
        Sink::Jsonl(o) => {
            o.write_all(&jsonl)?;
            o.flush()?;
        }
    }
    Ok(n)
}
