//! The indicator engine: one [`Article`] in, one [`Scorecard`] out.
//!
//! API contract used by `index`, `report`, `scan` and `web`:
//! [`Engine::load`] reads the lexicons and the indicator-set configuration once;
//! [`Engine::score`] is pure and thread-safe, so callers run it under rayon.
//!
//! Pipeline per article: text core → syllable key stream → one automaton pass over all lexicons
//! → people → quotes → flags with stance and context → topics → indicators and compliance.

pub mod cli;

use crate::lexicon::{Context, Lexicons, PhraseKind};
use crate::model::{
    Article, Flag, Gender, Indicators, Part, Person, Quote, Role, Scorecard, Severity, Share, Span,
    SpeakerKind, Stance, Topics, Versions,
};
use crate::people::{Ctx, PersonDraft};
use crate::quotes::{QuoteDraft, Region, Speaker};
use crate::text::{Document, TokenClass};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub struct Engine {
    lex: Lexicons,
}

impl Engine {
    /// Load lexicons and configuration from a `lexicons/` directory.
    pub fn load(dir: &Path) -> anyhow::Result<Engine> {
        Ok(Engine {
            lex: Lexicons::load(dir)?,
        })
    }
    /// Load from `$CHISOGIOI_LEXICONS`, else `./lexicons`, else the copy in the crate's source tree.
    pub fn load_default() -> anyhow::Result<Engine> {
        Engine::load(&default_dir())
    }
    pub fn lexicons(&self) -> &Lexicons {
        &self.lex
    }
    /// Score one article. Deterministic; safe to call from many threads.
    pub fn score(&self, article: &Article) -> Scorecard {
        self.analyze(article).scorecard
    }

    /// Score and keep the analysed document (for `check`, which needs positions).
    pub fn analyze(&self, article: &Article) -> Analysis {
        let (text, parts) = article.analysis_text();
        let doc = Document::analyze(&text);
        let scorecard = self.score_doc(article, &doc, &parts);
        Analysis { doc, scorecard }
    }

    fn score_doc(&self, article: &Article, doc: &Document, parts: &[(Part, Span)]) -> Scorecard {
        let lex = &self.lex;
        let ks = crate::lexicon::KeyStream::new(doc.tokens(), doc.original());
        let ctx = Ctx::new(doc, lex, lex.find(&ks));
        let mut drafts = crate::people::detect(&ctx);
        let (qdrafts, scare) = crate::quotes::detect(&ctx, &drafts);
        let topics = self.topics(&ctx);
        let flags = self.flags(&ctx, article, &drafts, &qdrafts, &scare, &topics, parts);

        // roles: titles decide; otherwise a source is a citizen, others are subjects
        let sources: BTreeSet<usize> = qdrafts
            .iter()
            .filter_map(|q| match q.speaker {
                Speaker::Person(p) => Some(p),
                _ => None,
            })
            .collect();
        for (i, p) in drafts.iter_mut().enumerate() {
            if p.role.is_none() {
                p.role = Some(if sources.contains(&i) {
                    Role::Citizen
                } else {
                    Role::Subject
                });
            }
        }
        let byline = byline(article);
        let credit = credit_persons(&ctx, &drafts);
        let mut people: Vec<Person> = drafts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut person = to_person(&ctx, i, p, parts, byline.as_deref());
                person.is_author |= credit.contains(&i);
                person
            })
            .collect();
        // family / appearance words and victim/survivor framing attached to the nearest person
        for f in &flags {
            if let Some(pid) = &f.person
                && let Some(p) = people.iter_mut().find(|p| &p.id == pid)
            {
                match f.category.as_str() {
                    "FAMILY" => p.family_words.push(f.text.clone()),
                    "APPEAR" => p.appearance_words.push(f.text.clone()),
                    _ => {}
                }
            }
        }
        let lead = lead_end(&ctx, parts);
        let mut perpetrators: BTreeSet<usize> = BTreeSet::new();
        for h in &ctx.hits {
            let (victim, survivor) = match h.kind {
                PhraseKind::Victim => (true, false),
                PhraseKind::Survivor => (false, true),
                _ => continue,
            };
            // "sống sót" inside "người sống sót": one cue
            if ctx.hits.iter().any(|o| {
                o.kind == h.kind
                    && o.tokens.0 <= h.tokens.0
                    && h.tokens.1 <= o.tokens.1
                    && o.tokens != h.tokens
            }) {
                continue;
            }
            // a source's own words (direct quotes) are not the outlet's framing
            let sp = ctx.span_of(h.tokens);
            if qdrafts
                .iter()
                .any(|q| q.direct && q.span.start <= sp.start && sp.end <= q.span.end)
            {
                continue;
            }
            if let Some(pi) = attach_victim(&ctx, &drafts, h.tokens, lead, &mut perpetrators) {
                people[pi].victim |= victim;
                people[pi].survivor |= survivor;
            }
        }
        let quotes: Vec<Quote> = qdrafts
            .iter()
            .map(|q| Quote {
                span: q.span,
                direct: q.direct,
                verb: q.verb.clone(),
                speaker_kind: match q.speaker {
                    Speaker::Person(_) => SpeakerKind::Person,
                    Speaker::Organisation(_) => SpeakerKind::Organisation,
                    Speaker::Nobody => SpeakerKind::Unattributed,
                },
                speaker: match q.speaker {
                    Speaker::Person(p) => Some(format!("p{}", p + 1)),
                    _ => None,
                },
                organisation: match &q.speaker {
                    Speaker::Organisation(o) => Some(o.clone()),
                    _ => None,
                },
                syllables: q.syllables,
            })
            .collect();
        let syllables = doc
            .tokens()
            .iter()
            .filter(|t| t.class == TokenClass::Syllable)
            .count();
        let mut sc = Scorecard {
            article_id: article.id.clone(),
            versions: Versions {
                indicator_set: lex.set.version.clone(),
                lexicons: lex.versions.clone(),
                engine: env!("CARGO_PKG_VERSION").to_string(),
            },
            syllables,
            people,
            quotes,
            flags,
            topics,
            ..Default::default()
        };
        sc.indicators = indicators(&sc, lex, article, byline.as_deref());
        let (ok, why) = compliance(&sc, lex);
        sc.compliant = ok;
        sc.violations = why;
        sc
    }

    fn topics(&self, ctx: &Ctx) -> Topics {
        let lex = &self.lex;
        let mut dom = vec![0u32; lex.domains.len()];
        let (mut strong, mut weak, mut gbv) = (0u32, 0u32, 0u32);
        let mut policies = BTreeSet::new();
        for h in &ctx.hits {
            match h.kind {
                PhraseKind::Domain(d) => dom[d] += 1,
                PhraseKind::GeStrong => strong += 1,
                PhraseKind::GeWeak => weak += 1,
                PhraseKind::Gbv => gbv += 1,
                PhraseKind::Policy(p) => {
                    policies.insert(lex.policies[p].clone());
                }
                _ => {}
            }
        }
        let t = &lex.set.topics;
        let ge = if strong >= t.strong_min || (strong >= 1 && weak >= t.strong_with_weak) {
            Some("strong".to_string())
        } else if strong >= 1 || weak >= t.strong_with_weak {
            Some("weak".to_string())
        } else {
            None
        };
        Topics {
            domains: lex
                .domains
                .iter()
                .zip(&dom)
                .filter(|(_, c)| **c >= t.domain_min)
                .map(|(d, _)| d.id.clone())
                .collect(),
            ge_topic: ge,
            gbv: gbv >= t.gbv_min,
            policy_reference: !policies.is_empty(),
            policies: policies.into_iter().collect(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn flags(
        &self,
        ctx: &Ctx,
        article: &Article,
        people: &[PersonDraft],
        quotes: &[QuoteDraft],
        scare: &[Region],
        topics: &Topics,
        parts: &[(Part, Span)],
    ) -> Vec<Flag> {
        let lex = &self.lex;
        let toks = ctx.doc.tokens();
        let crime_hits = ctx
            .hits
            .iter()
            .filter(|h| matches!(h.kind, PhraseKind::Crime | PhraseKind::Gbv))
            .count();
        let crime_story = crime_hits >= 2 || topics.gbv;
        let section = article.section.as_deref().unwrap_or("").to_lowercase();
        let fashion_story = [
            "thời trang",
            "làm đẹp",
            "giải trí",
            "fashion",
            "beauty",
            "entertainment",
            "hoa hậu",
            "sao",
        ]
        .iter()
        .any(|s| section.contains(s))
            || ctx
                .hits
                .iter()
                .filter(|h| h.kind == PhraseKind::Fashion)
                .count()
                >= 3;
        let politics_story = topics
            .domains
            .iter()
            .any(|d| d == "chinh_tri" || d == "kinh_te");
        let mention = crate::people::mention_map(people, toks.len());
        let allows: Vec<(usize, (usize, usize))> = ctx
            .hits
            .iter()
            .filter_map(|h| match h.kind {
                PhraseKind::Allow(a) => Some((a, h.tokens)),
                _ => None,
            })
            .collect();
        let lead_end = lead_end(ctx, parts);
        let mut out: Vec<Flag> = Vec::new();
        let mut seen = BTreeSet::new();
        for h in &ctx.hits {
            let PhraseKind::Flag(fi) = h.kind else {
                continue;
            };
            let rule = &lex.flags[fi];
            let (s, e) = h.tokens;
            // allow-list: a hit inside an allowed phrase (for its rule or category) is dropped
            if allows.iter().any(|&(a, (as_, ae))| {
                as_ <= s && e <= ae && {
                    let al = &lex.allow[a];
                    al.rules.is_empty()
                        || al
                            .rules
                            .iter()
                            .any(|r| r == &rule.id || r == &rule.category)
                }
            }) {
                continue;
            }
            // capitalised movement names ("phong trào “Giỏi việc nước, đảm việc nhà”")
            if rule.category == "BENEVOLENT" && toks[s].is_capitalised() && !ctx.clause_start(s) {
                continue;
            }
            // factual firsts: "nữ phi công đầu tiên"
            if rule
                .unless_followed_by
                .iter()
                .any(|w| follows(ctx, e, w, 4))
            {
                continue;
            }
            // a longer hit of the same category already covers this one
            if !seen.insert((s, e, rule.category.clone())) {
                continue;
            }
            let sent = ctx.sent_of[s];
            let person_near = nearest_person_in_sentence(ctx, people, s);
            let person_noun_near = ctx.hits.iter().any(|x| {
                matches!(
                    x.kind,
                    PhraseKind::PersonNoun(_) | PhraseKind::Honorific(_) | PhraseKind::Anaphor(_)
                ) && ctx.sent_of[x.tokens.0] == sent
            }) || mention
                .iter()
                .enumerate()
                .any(|(t, m)| m.is_some() && ctx.sent_of[t] == sent);
            let mut severity = rule.severity;
            match rule.context {
                Context::Any => {}
                Context::Person => {
                    if !person_noun_near {
                        continue;
                    }
                    if rule.category == "APPEAR" {
                        if fashion_story && rule.drop_in_fashion {
                            continue;
                        }
                        if fashion_story {
                            severity = Severity::Info;
                        } else if crime_story || politics_story {
                            severity = bump(severity);
                        }
                    }
                }
                Context::Professional => {
                    let professional = person_near.is_some_and(|p| {
                        matches!(people[p].role, Some(Role::Official | Role::Expert))
                            || people[p].occupation.is_some()
                    });
                    let in_lead = s < lead_end;
                    if !(professional || in_lead) {
                        severity = Severity::Info;
                    } else if professional && in_lead {
                        severity = bump(severity);
                    }
                }
                Context::Crime => {
                    if !crime_story {
                        severity = Severity::Info;
                    }
                }
            }
            let stance = stance(ctx, (s, e), quotes, scare);
            let span = ctx.span_of((s, e));
            // family and appearance cues describe a person (I09, I10): attach them by gender,
            // sentence, lead and anaphora; other categories keep the nearest person
            let person_near = if matches!(rule.category.as_str(), "FAMILY" | "APPEAR") {
                attach_cue(ctx, people, quotes, (s, e), rule.target, stance, lead_end)
            } else {
                person_near
            };
            out.push(Flag {
                rule: rule.id.clone(),
                category: rule.category.clone(),
                span,
                text: ctx.doc.slice(span).to_string(),
                stance,
                severity,
                target: rule.target,
                explanation_vi: rule.vi.clone(),
                explanation_en: rule.en.clone(),
                suggestions: rule.suggest.clone(),
                person: person_near.map(|p| format!("p{}", p + 1)),
            });
        }
        // drop hits strictly inside a longer hit of the same category ("ghen tuông" in "ghen tuông mù quáng")
        let spans: Vec<(Span, String)> = out.iter().map(|f| (f.span, f.category.clone())).collect();
        out.retain(|f| {
            !spans.iter().any(|(sp, c)| {
                c == &f.category
                    && sp.start <= f.span.start
                    && f.span.end <= sp.end
                    && sp.len() > f.span.len()
            })
        });
        // GMARK is about asymmetry: "nữ X" with a comparable "nam X" in the same story is info only
        let has_m = out.iter().any(|f| f.rule == "GMARK-NAM-NGHE");
        let has_f = out.iter().any(|f| f.rule == "GMARK-NU-NGHE");
        if has_m && has_f {
            for f in out.iter_mut().filter(|f| f.category == "GMARK") {
                f.severity = Severity::Info;
            }
        } else if has_f {
            for f in out.iter_mut().filter(|f| f.rule == "GMARK-NU-NGHE") {
                // headline marking with no male counterpart is the contested "nữ tài xế" case
                if f.span.start < lead_end {
                    f.severity = Severity::Warning;
                }
            }
        }
        out
    }
}

/// The scored article plus its analysed document.
pub struct Analysis {
    pub doc: Document,
    pub scorecard: Scorecard,
}

fn bump(s: Severity) -> Severity {
    match s {
        Severity::Info => Severity::Warning,
        _ => Severity::Error,
    }
}

/// Where the title and lead end (byte offset): the sapo if given, else the first body line.
fn lead_end(ctx: &Ctx, parts: &[(Part, Span)]) -> usize {
    let toks = ctx.doc.tokens();
    let end = if let Some((_, s)) = parts.iter().find(|(p, _)| *p == Part::Sapo) {
        s.end
    } else if let Some((_, b)) = parts.iter().find(|(p, _)| *p == Part::Body) {
        let body = &ctx.doc.original()[b.start..b.end];
        b.start + body.find('\n').unwrap_or(body.len())
    } else {
        0
    };
    toks.partition_point(|t| t.span.start < end)
}

fn follows(ctx: &Ctx, e: usize, words: &[String], window: usize) -> bool {
    let toks = ctx.doc.tokens();
    (e..(e + window).min(toks.len())).any(|k| {
        words.iter().enumerate().all(|(j, w)| {
            toks.get(k + j)
                .is_some_and(|t| &crate::lexicon::syllable_key(&t.lower) == w)
        })
    })
}

/// Stance of a hit: critiqued (critique/distancing cue in the sentence, negation just before it,
/// or scare quotes around the term alone), quoted (inside a quote or an attributed police
/// account), else endorsed.
fn stance(ctx: &Ctx, (s, e): (usize, usize), quotes: &[QuoteDraft], scare: &[Region]) -> Stance {
    let toks = ctx.doc.tokens();
    let sent = ctx.sent_of[s];
    let in_sent = |h: &crate::lexicon::Hit| {
        ctx.sent_of[h.tokens.0] == sent && (h.tokens.1 <= s || h.tokens.0 >= e)
    };
    if ctx
        .hits
        .iter()
        .any(|h| matches!(h.kind, PhraseKind::Critique | PhraseKind::Distancing) && in_sent(h))
    {
        return Stance::Critiqued;
    }
    // negation in the same clause, up to 6 tokens before the hit with no comma between
    let lo = s.saturating_sub(6);
    for k in (lo..s).rev() {
        if crate::lexicon::is_punct(&toks[k])
            && matches!(toks[k].norm.as_str(), "," | "." | ";" | ":" | "!" | "?")
        {
            break;
        }
        if ctx.hit_at(k, |kk| kk == PhraseKind::Negation).is_some() {
            return Stance::Critiqued;
        }
    }
    let span = ctx.span_of((s, e));
    if quotes
        .iter()
        .any(|q| q.span.start <= span.start && span.end <= q.span.end)
    {
        return Stance::Quoted;
    }
    if ctx
        .hits
        .iter()
        .any(|h| h.kind == PhraseKind::Attribution && ctx.sent_of[h.tokens.0] == sent)
    {
        return Stance::Quoted;
    }
    if scare
        .iter()
        .any(|r| r.content.start <= span.start && span.end <= r.content.end)
    {
        return Stance::Critiqued;
    }
    Stance::Endorsed
}

fn nearest_person_in_sentence(ctx: &Ctx, people: &[PersonDraft], at: usize) -> Option<usize> {
    let sent = ctx.sent_of[at];
    let mut best: Option<(usize, usize)> = None;
    for (pi, p) in people.iter().enumerate() {
        for m in &p.mentions {
            if ctx.sent_of[m.tokens.0] == sent {
                let d = m.tokens.0.abs_diff(at);
                if best.is_none_or(|(_, bd)| d < bd) {
                    best = Some((pi, d));
                }
            }
        }
    }
    best.map(|b| b.0)
}

/// Can a cue aimed at gender `target` describe person `p`? (unknown on either side: yes)
fn gender_fits(p: &PersonDraft, target: Gender) -> bool {
    let g = p.gender().0;
    target == Gender::Unknown || g == Gender::Unknown || g == target
}

/// The article's central person for a cue in the title or lead that names nobody ("Mẹ bỉm sữa
/// khởi nghiệp…"): the first person named in the title or lead, else the first named at all,
/// whose gender fits the cue.
fn central_person(ctx: &Ctx, people: &[PersonDraft], target: Gender, lead: usize) -> Option<usize> {
    let first = |p: &PersonDraft| p.mentions.iter().map(|m| m.tokens.0).min();
    let fits: Vec<(usize, usize)> = people
        .iter()
        .enumerate()
        .filter(|(_, p)| gender_fits(p, target))
        .filter_map(|(i, p)| first(p).map(|f| (i, f)))
        .collect();
    let _ = ctx;
    fits.iter()
        .filter(|(_, f)| *f < lead)
        .min_by_key(|(_, f)| *f)
        .or_else(|| fits.iter().min_by_key(|(_, f)| *f))
        .map(|(i, _)| *i)
}

/// The person a family or appearance cue at tokens `(s, e)` describes, or none.
/// Only the outlet's own wording counts (endorsed), or a source's words about themselves in
/// reported speech; a cue quoted as an example or critiqued describes nobody (the trap of
/// "tít báo như “nữ giám đốc xinh đẹp”, “mẹ hai con”").
fn attach_cue(
    ctx: &Ctx,
    people: &[PersonDraft],
    quotes: &[QuoteDraft],
    (s, e): (usize, usize),
    target: Gender,
    stance: Stance,
    lead: usize,
) -> Option<usize> {
    let self_speaker = match stance {
        Stance::Endorsed => None,
        Stance::Quoted => {
            let q = quotes
                .iter()
                .find(|q| !q.direct && q.tokens.0 <= s && e <= q.tokens.1)?;
            match q.speaker {
                Speaker::Person(p) => Some(p),
                _ => return None,
            }
        }
        Stance::Critiqued => return None,
    };
    let sent = ctx.sent_of[s];
    // a named person in the same sentence, nearest first, whose gender fits
    let mut best: Option<(usize, usize)> = None;
    for (pi, p) in people.iter().enumerate() {
        if !gender_fits(p, target) {
            continue;
        }
        for m in &p.mentions {
            if ctx.sent_of[m.tokens.0] == sent {
                let d = if m.tokens.0 >= e {
                    m.tokens.0 - e
                } else {
                    s.saturating_sub(m.tokens.1)
                };
                if best.is_none_or(|(_, bd)| d < bd) {
                    best = Some((pi, d));
                }
            }
        }
    }
    let found = if let Some((p, _)) = best {
        Some(p)
    } else if s < lead {
        central_person(ctx, people, target, lead)
    } else {
        // a descriptor standing for someone just named ("Nói về dự định, nữ giám đốc xinh đẹp
        // chia sẻ…", "Người phụ nữ nhỏ nhắn ấy…"): the most recent fitting person, one sentence back
        let mut last: Option<(usize, usize)> = None;
        for (pi, p) in people.iter().enumerate() {
            if !gender_fits(p, target) {
                continue;
            }
            for m in &p.mentions {
                if m.tokens.1 <= s
                    && sent.saturating_sub(ctx.sent_of[m.tokens.0]) <= 5
                    && last.is_none_or(|(_, le)| m.tokens.1 > le)
                {
                    last = Some((pi, m.tokens.1));
                }
            }
        }
        last.map(|l| l.0)
    };
    match self_speaker {
        Some(sp) => (found == Some(sp)).then_some(sp),
        None => found,
    }
}

/// The person a victim or survivor noun frames (I11), or none. Generic uses ("đổ lỗi cho nạn
/// nhân", "các nạn nhân", "hỗ trợ người sống sót") frame nobody; an apposition ("nạn nhân
/// Nguyễn Thị A", "chị A, nạn nhân của…", "A là nạn nhân") frames that person; a cue in the
/// title or lead frames the central person; "X đâm nạn nhân" frames the person named before
/// the sentence, never its subject X (who is remembered as a perpetrator).
fn attach_victim(
    ctx: &Ctx,
    people: &[PersonDraft],
    (s, e): (usize, usize),
    lead: usize,
    perpetrators: &mut BTreeSet<usize>,
) -> Option<usize> {
    let toks = ctx.doc.tokens();
    let n = toks.len();
    let prev = |k: usize| (k > 0).then(|| toks[k - 1].lower.as_str());
    // a term in quotation marks ("cách gọi “người sống sót”") names the word, not a person
    if s > 0 && matches!(toks[s - 1].norm.as_str(), "“" | "\"" | "‘") {
        return None;
    }
    // predicates ("bị lừa bán", "tử vong", "vượt qua") frame their subject: the nearest person
    // named before them in the same sentence, a few words back
    let noun = matches!(toks[s].lower.as_str(), "nạn" | "người" | "xấu")
        || toks[s].lower == "bị" && toks.get(s + 1).is_some_and(|t| t.lower == "hại");
    if !noun {
        let sent = ctx.sent_of[s];
        let mut best: Option<(usize, usize)> = None;
        for (pi, p) in people.iter().enumerate() {
            for m in &p.mentions {
                if m.tokens.1 <= s
                    && s - m.tokens.1 <= 8
                    && ctx.sent_of[m.tokens.0] == sent
                    && best.is_none_or(|(_, be)| m.tokens.1 > be)
                {
                    best = Some((pi, m.tokens.1));
                }
            }
        }
        return best.map(|b| b.0);
    }
    if prev(s).is_some_and(|w| {
        matches!(
            w,
            "các"
                | "những"
                | "nhiều"
                | "mọi"
                | "cho"
                | "số"
                | "lệ"
                | "về"
                | "giúp"
                | "với"
                | "hỗ"
                | "trợ"
                | "thành"
                | "vệ"
                | "gọi"
        )
    }) {
        return None;
    }
    // apposition after: "nạn nhân Nguyễn Thị A" / "nạn nhân là chị A"
    for (pi, p) in people.iter().enumerate() {
        for m in &p.mentions {
            let (a, b) = m.full;
            let after = a >= e && a <= e + 2 && ctx.sent_of[a] == ctx.sent_of[s];
            let before = b <= s
                && s <= b + 3
                && ctx.sent_of[b.saturating_sub(1)] == ctx.sent_of[s]
                && (b..s).any(|t| {
                    matches!(toks[t].norm.as_str(), "," | "-" | "là" | "(") || toks[t].lower == "là"
                });
            if after || before {
                return Some(pi);
            }
        }
    }
    // "… thay vì chỉ là nạn nhân": a predicate without a named subject frames nobody
    if prev(s) == Some("là") {
        return None;
    }
    let sent = ctx.sent_of[s];
    let named_in_sentence: Vec<usize> = people
        .iter()
        .enumerate()
        .filter(|(_, p)| p.mentions.iter().any(|m| ctx.sent_of[m.tokens.0] == sent))
        .map(|(i, _)| i)
        .collect();
    if named_in_sentence.is_empty() && s < lead {
        return central_person(ctx, people, Gender::Unknown, lead);
    }
    // "Tài rút dao đâm nạn nhân": the noun is an object; the sentence's named subject is not
    // the victim
    let object = s > 0
        && matches!(
            toks[s - 1].lower.as_str(),
            "đâm"
                | "đánh"
                | "chém"
                | "giết"
                | "bắn"
                | "hại"
                | "hiếp"
                | "cướp"
                | "đưa"
                | "chở"
                | "khống"
                | "chế"
                | "đe"
                | "dọa"
                | "lừa"
                | "đuổi"
                | "truy"
                | "sàm"
                | "sỡ"
                | "xâm"
                | "tấn"
                | "công"
                | "bóp"
                | "ép"
                | "giam"
                | "nhốt"
                | "bắt"
                | "cứu"
        );
    if object {
        for &pi in &named_in_sentence {
            if people[pi]
                .mentions
                .iter()
                .any(|m| m.tokens.1 <= s && ctx.sent_of[m.tokens.0] == sent)
            {
                perpetrators.insert(pi);
            }
        }
    }
    // otherwise the most recent person named before, within two sentences, who is not a
    // perpetrator nor named in this sentence
    let mut last: Option<(usize, usize)> = None;
    for (pi, p) in people.iter().enumerate() {
        // officials and experts speak about victims; they are not the one referred to
        if perpetrators.contains(&pi)
            || named_in_sentence.contains(&pi)
            || matches!(p.role, Some(Role::Official | Role::Expert))
        {
            continue;
        }
        for m in &p.mentions {
            if m.tokens.1 <= s
                && sent.saturating_sub(ctx.sent_of[m.tokens.0]) <= 2
                && last.is_none_or(|(_, le)| m.tokens.1 > le)
            {
                last = Some((pi, m.tokens.1));
            }
        }
    }
    let _ = n;
    // the noun as subject ("Hiện nạn nhân đã qua cơn nguy kịch") or object of the sentence
    let subject = ctx.clause_start(s) || prev(s).is_some_and(|w| matches!(w, "hiện" | "nay"));
    if object || subject && named_in_sentence.is_empty() {
        last.map(|l| l.0)
    } else {
        None
    }
}

fn to_person(
    ctx: &Ctx,
    i: usize,
    p: &PersonDraft,
    parts: &[(Part, Span)],
    byline: Option<&str>,
) -> Person {
    let (gender, evidence, evidence_text) = p.gender();
    let mentions: Vec<Span> = p.mentions.iter().map(|m| ctx.span_of(m.tokens)).collect();
    let in_part = |part: Part| {
        mentions.iter().any(|m| {
            parts
                .iter()
                .any(|(pp, s)| *pp == part && s.start <= m.start && m.end <= s.end)
        })
    };
    // with no sapo given, the first body line is the lead
    let has_sapo = parts.iter().any(|(pp, _)| *pp == Part::Sapo);
    let in_lead = in_part(Part::Sapo)
        || (!has_sapo
            && parts
                .iter()
                .find(|(pp, _)| *pp == Part::Body)
                .is_some_and(|(_, b)| {
                    let body = &ctx.doc.original()[b.start..b.end];
                    let end = b.start + body.find('\n').unwrap_or(body.len());
                    mentions.iter().any(|m| m.start >= b.start && m.end <= end)
                }));
    let (in_title, in_caption) = (in_part(Part::Title), in_part(Part::Caption));
    let is_author = byline.is_some_and(|b| {
        let bk = crate::lexicon::phrase_keys(b);
        !bk.is_empty() && (bk == p.keys || bk.ends_with(&p.keys) && p.keys.len() >= 2)
    });
    Person {
        id: format!("p{}", i + 1),
        name: p.name.clone(),
        gender,
        evidence,
        evidence_text,
        role: p.role.unwrap_or_default(),
        title: p.title.clone(),
        occupation: p.occupation.clone(),
        mentions,
        in_title,
        in_sapo: in_lead,
        in_caption,
        is_author,
        family_words: Vec::new(),
        appearance_words: Vec::new(),
        victim: false,
        survivor: false,
    }
}

/// Persons mentioned only on credit lines: a short line of capitalised words among the last
/// three lines ("Đỗ Linh", "Toàn Vũ - Hà Hiền", "Theo Hà Trang", "Ảnh: Nguyễn Nguyễn").
fn credit_persons(ctx: &Ctx, people: &[PersonDraft]) -> BTreeSet<usize> {
    let toks = ctx.doc.tokens();
    let Some(last_line) = ctx.line_of.last().copied() else {
        return BTreeSet::new();
    };
    let is_credit_line = |line: usize| {
        let ts: Vec<&crate::text::Token> = toks
            .iter()
            .zip(&ctx.line_of)
            .filter(|(_, l)| **l == line)
            .map(|(t, _)| t)
            .collect();
        let words: Vec<&&crate::text::Token> =
            ts.iter().filter(|t| !crate::lexicon::is_punct(t)).collect();
        !words.is_empty()
            && words.len() <= 7
            && words
                .iter()
                .all(|t| t.is_capitalised() || matches!(t.lower.as_str(), "theo" | "ảnh" | "và"))
    };
    let credit_lines: BTreeSet<usize> = (last_line.saturating_sub(2)..=last_line)
        .filter(|&l| is_credit_line(l))
        .collect();
    people
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            !p.mentions.is_empty()
                && p.mentions
                    .iter()
                    .all(|m| credit_lines.contains(&ctx.line_of[m.tokens.0]))
        })
        .map(|(i, _)| i)
        .collect()
}

/// The byline: the article's author field, else a short final body line that looks like a name.
fn byline(article: &Article) -> Option<String> {
    if let Some(a) = &article.author {
        return Some(a.clone());
    }
    let last = article
        .text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())?
        .trim();
    let words: Vec<&str> = last.split_whitespace().collect();
    let ok = (2..=4).contains(&words.len())
        && last.len() < 48
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
        });
    ok.then(|| last.to_string())
}

fn indicators(
    sc: &Scorecard,
    lex: &Lexicons,
    article: &Article,
    byline: Option<&str>,
) -> Indicators {
    let mut ind = Indicators::default();
    let gender_of: BTreeMap<&str, Gender> = sc
        .people
        .iter()
        .map(|p| (p.id.as_str(), p.gender))
        .collect();
    let mut direct: BTreeSet<&str> = BTreeSet::new();
    let mut sources: BTreeSet<&str> = BTreeSet::new();
    for q in &sc.quotes {
        if let Some(s) = &q.speaker {
            sources.insert(s);
            if q.direct {
                direct.insert(s);
            }
            let g = gender_of.get(s.as_str()).copied().unwrap_or_default();
            match g {
                Gender::Female => ind.i04_quoted_syllables.female += q.syllables as u32,
                Gender::Male => ind.i04_quoted_syllables.male += q.syllables as u32,
                Gender::Unknown => ind.i04_quoted_syllables.unknown += q.syllables as u32,
            }
        }
    }
    // central person: most mentioned (ties all), plus anyone in the title
    let max_m = sc
        .people
        .iter()
        .map(|p| p.mentions.len())
        .max()
        .unwrap_or(0);
    let central: Vec<&Person> = sc
        .people
        .iter()
        .filter(|p| (p.mentions.len() == max_m && max_m > 1) || p.in_title)
        .collect();
    let top = sc
        .people
        .iter()
        .max_by_key(|p| (p.mentions.len(), std::cmp::Reverse(p.id.clone())))
        .map(|p| p.id.as_str());
    for p in &sc.people {
        if p.is_author {
            continue;
        }
        ind.i01_people.add(p.gender);
        let is_src = sources.contains(p.id.as_str());
        if is_src {
            ind.i02_sources.add(p.gender);
            if direct.contains(p.id.as_str()) {
                ind.i03_direct_sources.add(p.gender);
            }
            match p.role {
                Role::Expert => ind.i05_expert_sources.add(p.gender),
                Role::Official => ind.i06_official_sources.add(p.gender),
                Role::Citizen => ind.i07_citizen_sources.add(p.gender),
                _ => {}
            }
            if matches!(p.role, Role::Expert | Role::Citizen) && Some(p.id.as_str()) != top {
                ind.i19_chosen_sources.add(p.gender);
            }
        }
        ind.i08_occupations
            .entry(p.occupation.clone().unwrap_or_else(|| "chua_ro".into()))
            .or_default()
            .add(p.gender);
        if !p.family_words.is_empty() {
            ind.i09_family.add(p.gender);
        }
        if !p.appearance_words.is_empty() {
            ind.i10_appearance.add(p.gender);
        }
        if p.victim {
            ind.i11_victim.add(p.gender);
        }
        if p.survivor {
            ind.i11_survivor.add(p.gender);
        }
        if p.in_title || p.in_sapo || p.in_caption {
            ind.i15_prominent.add(p.gender);
        }
    }
    let k = 1000.0 / (sc.syllables.max(1) as f64);
    for f in &sc.flags {
        if f.category == "GMARK" {
            match f.rule.as_str() {
                "GMARK-NAM-NGHE" => ind.i13_marked_male += 1,
                _ => ind.i13_marked_female += 1,
            }
        }
        if f.stance == Stance::Endorsed && lex.set.rules.density_categories.contains(&f.category) {
            *ind.i12_hits.entry(f.category.clone()).or_default() += 1;
        }
    }
    for (c, n) in &ind.i12_hits {
        ind.i12_density.insert(c.clone(), *n as f64 * k);
    }
    let cf = central
        .iter()
        .filter(|p| p.gender == Gender::Female)
        .count();
    let cm = central.iter().filter(|p| p.gender == Gender::Male).count();
    ind.i14_women_central = cf > cm;
    ind.i16_policy = sc.topics.policy_reference;
    ind.i17_ge_topic = sc.topics.ge_topic.as_deref() == Some("strong") || sc.topics.gbv;
    ind.i18_author_gender =
        byline.map_or(Gender::Unknown, |b| crate::people::author_gender(lex, b));
    let _ = article;
    ind
}

/// The default article rule (indicators.md), with thresholds from `indicator-set.toml`.
fn compliance(sc: &Scorecard, lex: &Lexicons) -> (bool, Vec<String>) {
    let mut v = Vec::new();
    let r = &lex.set.rules;
    if sc
        .flags
        .iter()
        .any(|f| f.stance == Stance::Endorsed && f.severity >= r.max_endorsed_severity)
    {
        v.push("endorsed-error".to_string());
    }
    let s: &Share = &sc.indicators.i02_sources;
    if s.female + s.male >= r.min_sources_for_balance && s.female == 0 {
        v.push("no-woman-source".to_string());
    }
    (v.is_empty(), v)
}

/// `$CHISOGIOI_LEXICONS`, else `./lexicons`, else the crate's own `lexicons/`.
pub fn default_dir() -> PathBuf {
    if let Ok(d) = std::env::var("CHISOGIOI_LEXICONS") {
        return PathBuf::from(d);
    }
    let local = PathBuf::from("lexicons");
    if local.join("indicator-set.toml").exists() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons")
}
