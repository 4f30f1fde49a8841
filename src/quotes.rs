//! Quotes: direct (in quotation marks, or after a colon) and indirect (reported with a verb such
//! as "cho biết", or "theo ông X, …"), each attributed to a person, an organisation or nobody.
//!
//! Direct quotes are found from the quotation marks themselves (“…” pairs, straight quotes paired
//! within a paragraph, a quote left open at a paragraph end closes there), so multi-sentence and
//! multi-paragraph quotes come out whole. Attribution looks after the closing mark (“…”, ông A nói),
//! then before the opening mark (Ông A cho biết: “…”), then treats a quote that opens a paragraph
//! without attribution as continuing the previous speaker (floating quotes).

use crate::lexicon::PhraseKind;
use crate::model::Span;
use crate::people::{Ctx, PersonDraft};
use crate::text::TokenClass;

#[derive(Debug, Clone, PartialEq)]
pub enum Speaker {
    Person(usize),
    Organisation(String),
    Nobody,
}

#[derive(Debug, Clone)]
pub struct QuoteDraft {
    pub span: Span,
    /// Token range of the quoted words.
    pub tokens: (usize, usize),
    pub direct: bool,
    pub verb: Option<String>,
    pub speaker: Speaker,
    pub syllables: usize,
}

/// A region inside quotation marks (content only), with its marks' byte offsets.
#[derive(Debug, Clone, Copy)]
pub struct Region {
    pub open: usize,
    pub close: usize,
    pub content: Span,
}

/// Quotation-mark regions of a text (byte spans of the content).
pub fn regions(text: &str) -> Vec<Region> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        // a straight quote opens after whitespace, a bracket, a colon or a dash, or right before
        // a letter when no quote is open (`cuộc sống."Đến năm…`); else it closes
        let next = text[i + c.len_utf8()..].chars().next();
        let straight_opens = c == '"'
            && (prev.is_none_or(|p| p.is_whitespace() || "([{:–—-".contains(p))
                || (open.is_none() && next.is_some_and(char::is_alphanumeric)));
        let opening = matches!(c, '“' | '«') || straight_opens;
        let closing = matches!(c, '”' | '»') || (c == '"' && !straight_opens);
        if opening {
            if let Some(o) = open {
                // reopened before closing: the previous quote ran to its paragraph end
                let end = text[o..i].find('\n').map_or(i, |n| o + n);
                push_region(text, &mut out, o, end, end);
            }
            open = Some(i);
        } else if closing && let Some(o) = open {
            push_region(text, &mut out, o, i, i);
            open = None;
        }
        prev = Some(c);
    }
    if let Some(o) = open {
        let end = text[o..].find('\n').map_or(text.len(), |n| o + n);
        push_region(text, &mut out, o, end, end);
    }
    out
}

fn push_region(text: &str, out: &mut Vec<Region>, open: usize, content_end: usize, close: usize) {
    let mark_len = text[open..].chars().next().map_or(1, char::len_utf8);
    let s = open + mark_len;
    if s <= content_end {
        out.push(Region {
            open,
            close,
            content: Span::new(s, content_end),
        });
    }
}

/// A quote left open to its paragraph end that ends with its own attribution ("…, chị Thủy
/// chia sẻ."): the quote ends at that comma, and the attribution follows it.
fn trim_unclosed(ctx: &Ctx, mention: &[Option<usize>], r: Region) -> Region {
    let text = ctx.doc.original();
    let at_par_end = r.close >= text.len() || text[r.close..].starts_with('\n');
    if !at_par_end || r.content.end != r.close {
        return r;
    }
    let toks = ctx.doc.tokens();
    let a = toks.partition_point(|t| t.span.start < r.content.start);
    let b = toks.partition_point(|t| t.span.end <= r.content.end);
    if b <= a + 4 {
        return r;
    }
    // the last comma within 12 tokens of the end, followed by a person and a reporting verb
    for c in (b.saturating_sub(12).max(a + 1)..b).rev() {
        if toks[c].norm != "," {
            continue;
        }
        let tail = c + 1..b;
        let person = tail.clone().take(3).any(|t| mention[t].is_some());
        let verb = tail
            .clone()
            .any(|t| ctx.hit_at(t, |k| matches!(k, PhraseKind::Say(_))).is_some());
        if person && verb {
            return Region {
                open: r.open,
                close: toks[c].span.start,
                content: Span::new(r.content.start, toks[c].span.start),
            };
        }
        break;
    }
    r
}

/// Minimum syllables for quoted words to be speech rather than a term in scare quotes.
const MIN_SYLLABLES: usize = 4;

pub fn detect(ctx: &Ctx, people: &[PersonDraft]) -> (Vec<QuoteDraft>, Vec<Region>) {
    let doc = ctx.doc;
    let toks = doc.tokens();
    let n = toks.len();
    let mention = crate::people::mention_map(people, n);
    let regs = regions(doc.original());
    let tok_range = |sp: Span| -> (usize, usize) {
        let a = toks.partition_point(|t| t.span.start < sp.start);
        let b = toks.partition_point(|t| t.span.end <= sp.end);
        (a, b.max(a))
    };
    let syl = |r: (usize, usize)| {
        (r.0..r.1)
            .filter(|&t| toks[t].class == TokenClass::Syllable)
            .count()
    };
    let mut out: Vec<QuoteDraft> = Vec::new();
    let mut scare = Vec::new();
    let mut in_quote = vec![false; n];

    let regs: Vec<Region> = regs
        .into_iter()
        .map(|r| trim_unclosed(ctx, &mention, r))
        .collect();
    for r in &regs {
        let tr = tok_range(r.content);
        let s = syl(tr);
        if s < MIN_SYLLABLES {
            scare.push(*r);
            continue;
        }
        // after the closing mark: “…”, ông A nói. / “…” - bà B cho biết.
        let after = toks.partition_point(|t| t.span.start <= r.close);
        let mut speaker = Speaker::Nobody;
        let mut verb = None;
        let mut settled = false;
        if let Some((sp, v)) = attribution_after(ctx, people, &mention, after) {
            settled = sp == Speaker::Nobody;
            speaker = sp;
            verb = v;
        }
        if speaker == Speaker::Nobody && !settled {
            let before = toks.partition_point(|t| t.span.end <= r.open);
            if let Some((sp, v)) = attribution_before(ctx, people, &mention, before) {
                speaker = sp;
                verb = v;
            }
        }
        // Quoted words are speech when attributed, when they open a paragraph or follow a
        // colon, or when they are long; short unattributed ones are titles, slogans, proverbs.
        let attributed = speaker != Speaker::Nobody || settled;
        let before_tok = toks.partition_point(|t| t.span.end <= r.open);
        let opens_par = before_tok == 0
            || before_tok >= n
            || ctx.line_of[before_tok - 1] != ctx.line_of[before_tok];
        let after_colon = before_tok > 0 && toks[before_tok - 1].norm == ":";
        let ends_sentence = doc.original()[r.content.start..r.content.end]
            .trim_end()
            .ends_with(['.', '!', '?', '…']);
        if !(attributed || opens_par || after_colon || s >= 12 || (ends_sentence && s >= 6)) {
            scare.push(*r);
            continue;
        }
        for q in in_quote.iter_mut().take(tr.1).skip(tr.0) {
            *q = true;
        }
        if speaker == Speaker::Nobody && !settled && tr.0 < n {
            // floating quote: a paragraph that opens with a quote continues the last speaker
            let line = ctx.line_of[tr.0];
            let starts_par = tr.0 == 0 || ctx.line_of[tr.0 - 1] != line || {
                let b = toks.partition_point(|t| t.span.end <= r.open);
                b == 0 || ctx.line_of[b - 1] != line
            };
            let colon_line = before_tok > 0 && toks[before_tok - 1].norm == ":";
            if colon_line
                && let Some((sp, v)) = attribution_before(ctx, people, &mention, before_tok)
            {
                speaker = sp;
                verb = v;
            } else if let Some(prev) = out
                .iter()
                .rev()
                .find(|q| matches!(q.speaker, Speaker::Person(_)))
                && prev.tokens.1 > 0
                && line.saturating_sub(ctx.line_of[prev.tokens.1 - 1]) <= 2
            {
                speaker = prev.speaker.clone();
            } else if starts_par
                && let Some(p) = (0..tr.0)
                    .rev()
                    .take_while(|&t| line.saturating_sub(ctx.line_of[t]) <= 2)
                    .find_map(|t| mention[t])
            {
                speaker = Speaker::Person(p);
            } else if starts_par && tr.0 > 0 {
                // previous sentence ends with ":" or has a reporting verb and one person
                let ps = ctx.sent_of[tr.0.saturating_sub(1)];
                let lo = (0..tr.0)
                    .rev()
                    .take_while(|&t| ctx.sent_of[t] >= ps.saturating_sub(1))
                    .last()
                    .unwrap_or(0);
                let say = (lo..tr.0)
                    .any(|t| ctx.hit_at(t, |k| matches!(k, PhraseKind::Say(_))).is_some())
                    || toks[tr.0 - 1].norm == ":";
                if say && let Some(p) = (lo..tr.0).rev().find_map(|t| mention[t]) {
                    speaker = Speaker::Person(p);
                }
            }
        }
        out.push(QuoteDraft {
            span: r.content,
            tokens: tr,
            direct: true,
            verb,
            speaker,
            syllables: s,
        });
    }

    // colon quotes without marks and indirect quotes, sentence by sentence
    for h in &ctx.hits {
        let (is_say, is_theo) = match h.kind {
            PhraseKind::Say(_) => (true, false),
            PhraseKind::AccordingTo => (false, true),
            _ => continue,
        };
        let (vs, ve) = h.tokens;
        // only the longest reporting verb at a position ("kể lại", not also "kể")
        if is_say
            && ctx.hits.iter().any(|o| {
                matches!(o.kind, PhraseKind::Say(_))
                    && o.tokens.0 <= vs
                    && ve <= o.tokens.1
                    && o.tokens != h.tokens
            })
        {
            continue;
        }
        if in_quote[vs]
            || out
                .iter()
                .any(|q| !q.direct && q.tokens.0 <= vs && vs < q.tokens.1)
        {
            continue;
        }
        let sent = ctx.sent_of[vs];
        let line = ctx.line_of[vs];
        // the reported clause ends at the sentence end, or before a coordinated reporting verb
        // ("… thừa nhận bà bị tổn thương và cho rằng …")
        let clause_end = |from: usize| {
            let mut e = from;
            while e < n
                && ctx.line_of[e] == line
                && ctx.sent_of[e] == sent
                && !in_quote[e]
                && !(matches!(toks[e].lower.as_str(), "và" | "nhưng")
                    && ctx
                        .hit_at(e + 1, |k| matches!(k, PhraseKind::Say(_)))
                        .is_some())
            {
                e += 1;
            }
            e
        };
        if is_theo {
            // "Theo ông X, …" / "Theo Bộ Y tế, …": the frame opens the clause, possibly after
            // "cũng", "song", "nhưng" or a comma ("Từ ngoài sân bay, theo ông Hoàng, …")
            let frame_ok = ctx.clause_start(vs)
                || vs > 0 && toks[vs - 1].norm == ","
                || vs > 0
                    && matches!(
                        toks[vs - 1].lower.as_str(),
                        "cũng" | "song" | "nhưng" | "còn" | "và"
                    )
                    && (ctx.clause_start(vs - 1) || vs >= 2 && toks[vs - 2].norm == ",");
            // only the longest frame at a position ("theo thông tin từ", not also "theo")
            let longer = ctx
                .hits
                .iter()
                .any(|o| o.kind == PhraseKind::AccordingTo && o.tokens.0 == vs && o.tokens.1 > ve);
            if !frame_ok || longer || ve >= n {
                continue;
            }
            let (speaker, after) = if let Some(p) = mention[ve.min(n - 1)].filter(|_| ve < n) {
                let mut e = ve;
                while e < n && mention[e] == Some(p) {
                    e += 1;
                }
                (Speaker::Person(p), e)
            } else if ve < n
                && ctx.hit_at(ve, |k| k == PhraseKind::OrgHead).is_some()
                && toks[ve].is_capitalised()
            {
                let mut e = ve;
                while e < n && !crate::lexicon::is_punct(&toks[e]) && e < ve + 8 {
                    e += 1;
                }
                (Speaker::Organisation(ctx.text_of((ve, e)).to_string()), e)
            } else if let Some(sp) = pronoun_or_title(ctx, people, ve, ve + 1) {
                // "Theo bà, …", "Theo BS Chương" (title then short name), "Theo Giám đốc dự án, …"
                let mut e = ve + 1;
                while e < n && toks[e].norm != "," && mention[e].is_none() && e < ve + 8 {
                    e += 1;
                }
                if e < n
                    && let Some(p) = mention[e]
                {
                    let mut f = e;
                    while f < n && mention[f] == Some(p) {
                        f += 1;
                    }
                    (Speaker::Person(p), f)
                } else {
                    (sp, ve + 1)
                }
            } else if !document_head(ctx, ve)
                && !crate::lexicon::is_punct(&toks[ve])
                && !toks[ve].lower.chars().all(|c| c.is_ascii_digit())
            {
                // "Theo một số phụ huynh, …", "Theo nguồn tin từ tờ Mirror, …": unnamed source
                (Speaker::Nobody, ve + 1)
            } else {
                continue;
            };
            // skip the apposition up to the comma
            let mut s = after;
            while s < n && toks[s].norm != "," && ctx.sent_of[s] == sent && s < after + 12 {
                s += 1;
            }
            if s >= n || toks[s].norm != "," {
                continue;
            }
            let mut speaker = speaker;
            // "Theo Người phát ngôn Bộ Ngoại giao, ông Teuku Faizasyah, …": the named apposition
            if s + 1 < n
                && let Some(p) = mention[s + 1]
            {
                let mut f = s + 1;
                while f < n && mention[f] == Some(p) {
                    f += 1;
                }
                if f < n && toks[f].norm == "," {
                    speaker = Speaker::Person(p);
                    s = f;
                }
            }
            let e = clause_end(s + 1);
            push_indirect(
                &mut out,
                ctx,
                (s + 1, e),
                speaker,
                Some(ctx.text_of(h.tokens).to_lowercase()),
                &syl,
            );
            continue;
        }
        if !is_say {
            continue;
        }
        // subject: the nearest person mention left of the verb in the same clause; an
        // organisation ("Bộ Y tế cho biết") only when no person is there; an unnamed or
        // collective subject ("Nhiều phụ huynh cho biết") gives an unattributed quote
        let Some(speaker) = subject_before(ctx, people, &mention, &in_quote, vs) else {
            continue;
        };
        // the reported content starts after the verb (and "rằng", ",", ":"); verbs that take an
        // object first ("chia sẻ với PV", "thông tin thất thiệt") need one of those markers
        let PhraseKind::Say(si) = h.kind else {
            continue;
        };
        let needs_clause = ctx.lex.say[si].clause;
        let mut s = ve;
        let first_is_marker =
            s < n && (matches!(toks[s].norm.as_str(), "," | ":") || toks[s].lower == "rằng");
        let opens_clause = s < n
            && (CLAUSE_OPENERS.contains(&toks[s].lower.as_str())
                || mention[s].is_some() && toks[s].is_capitalised()
                || (s..(s + 5).min(n)).any(|t| {
                    ctx.sent_of[t] == sent
                        && matches!(
                            toks[t].lower.as_str(),
                            "cần" | "hãy" | "nên" | "phải" | "đừng"
                        )
                }));
        if !first_is_marker
            && (needs_clause && !opens_clause
                || s < n
                    && matches!(
                        toks[s].lower.as_str(),
                        "với" | "về" | "trước" | "đầy" | "qua" | "tại" | "trên"
                    ))
        {
            let mut m = s;
            while m < n
                && m < s + 14
                && ctx.sent_of[m] == sent
                && !(matches!(toks[m].norm.as_str(), "," | ":") || toks[m].lower == "rằng")
            {
                m += 1;
            }
            if m >= n || m >= s + 14 || ctx.sent_of[m] != sent {
                continue;
            }
            s = m;
        }
        let after_direct = (0..vs)
            .rev()
            .take_while(|&t| ctx.sent_of[t] == sent)
            .any(|t| in_quote[t]);
        if after_direct
            && s < n
            && (matches!(
                toks[s].lower.as_str(),
                "trong" | "tại" | "trên" | "với" | "qua" | "khi"
            ) || toks[s].lower == "đồng" && toks.get(s + 1).is_some_and(|t| t.lower == "thời"))
        {
            continue;
        }
        let mut colon = false;
        while s < n
            && (matches!(toks[s].norm.as_str(), "," | ":" | "-")
                || toks[s].lower == "rằng"
                || toks[s].lower == "thêm")
        {
            colon |= toks[s].norm == ":";
            s += 1;
        }
        if s >= n
            || ctx.line_of[s] != line && !colon
            || matches!(toks[s].norm.as_str(), "." | "!" | "?" | "…")
        {
            // the verb ends the sentence: the reported clause comes first, up to the comma
            // before the subject ("Quan trọng là …, BS Chương cho biết.")
            if let Some(c) = (0..vs)
                .rev()
                .take_while(|&t| ctx.sent_of[t] == sent && !in_quote[t])
                .find(|&t| toks[t].norm == ",")
            {
                let a = (0..c)
                    .rev()
                    .take_while(|&t| ctx.sent_of[t] == sent && !in_quote[t])
                    .last()
                    .unwrap_or(c);
                if a < c && (a == 0 || ctx.line_of[a - 1] != ctx.line_of[a]) {
                    push_indirect(&mut out, ctx, (a, c), speaker, verb_text(ctx, h), &syl);
                }
            }
            continue;
        }
        if in_quote[s]
            || matches!(toks[s.saturating_sub(1)].norm.as_str(), "“" | "\"")
            || toks[s].norm == "“"
            || toks[s].norm == "\""
        {
            continue; // a direct quote follows: handled above
        }
        let e = if colon {
            // "Ông A nói: Chúng tôi …" to the end of the paragraph
            let mut e = s;
            while e < n && ctx.line_of[e] == ctx.line_of[s] && !in_quote[e] {
                e += 1;
            }
            e
        } else {
            clause_end(s)
        };
        let verb = Some(ctx.text_of(h.tokens).to_lowercase());
        if colon {
            let sy = syl((s, e));
            if sy >= MIN_SYLLABLES {
                out.push(QuoteDraft {
                    span: ctx.span_of((s, e)),
                    tokens: (s, e),
                    direct: true,
                    verb,
                    speaker,
                    syllables: sy,
                });
            }
        } else {
            push_indirect(&mut out, ctx, (s, e), speaker, verb, &syl);
        }
    }
    out.sort_by_key(|q| q.span.start);
    // one quote per stretch of text: where two overlap mostly ("thông tin từ Sở X cho biết, …"
    // read by the frame and by the verb), keep the better-attributed one
    let rank = |q: &QuoteDraft| match q.speaker {
        Speaker::Person(_) => 2,
        Speaker::Organisation(_) => 1,
        Speaker::Nobody => 0,
    };
    let mut kept: Vec<QuoteDraft> = Vec::with_capacity(out.len());
    for q in out {
        if let Some(k) = kept.iter_mut().rev().find(|k| {
            let ov = k
                .span
                .end
                .min(q.span.end)
                .saturating_sub(k.span.start.max(q.span.start));
            ov * 2 > k.span.len().min(q.span.len())
        }) {
            if rank(&q) > rank(k) {
                *k = q;
            }
            continue;
        }
        kept.push(q);
    }
    (kept, scare)
}

/// Words that open a reported clause right after a verb that otherwise takes an object first
/// ("tuyên bố cô không xứng đáng…", "khuyên học sinh…" is not in the list: "khuyên" + object).
const CLAUSE_OPENERS: &[&str] = &[
    "cô", "ông", "bà", "anh", "chị", "em", "họ", "mình", "tôi", "chúng", "nó", "các", "những",
    "mọi", "nếu", "khi", "việc", "đây", "hiện", "trong",
];

/// Heads of subjects that are documents or figures, not speakers ("Báo cáo cho biết").
const DOCUMENT_HEADS: &[&str] = &[
    "báo cáo",
    "quyết định",
    "kết luận",
    "danh sách",
    "chính sách",
    "thống kê",
    "đề án",
    "số liệu",
    "kết quả",
    "quy định",
    "kế hoạch",
    "luật",
    "nghị định",
    "thông tư",
    "văn bản",
    "công văn",
    "nghị quyết",
    "dự thảo",
    "khảo sát",
    "nghiên cứu",
    "tài liệu",
    "bài báo",
    "bản tin",
    "dữ liệu",
    "thông báo",
    "hồ sơ",
    "cáo trạng",
    "điều",
    "khoản",
    "đó",
    "như",
    "dự báo",
    "lịch",
    "chương trình",
    "hướng dẫn",
    "tìm hiểu",
    "quan sát",
    "ghi nhận",
    "ước tính",
    "tính toán",
    "truyền thống",
    "phong tục",
    "thời gian",
    "bảng xếp hạng",
    "thông lệ",
    "xác minh",
    "kinh nghiệm",
    "kịch bản",
    "thỏa thuận",
    "hợp đồng",
    "bản án",
    "tin",
    "ảnh",
    "clip",
    "video",
    "trang",
    "tờ trình",
    "đánh giá",
    "phân tích",
    "mô tả",
    "tiêu chí",
];

/// Does the phrase starting at token `k` begin with a document/figure head?
fn document_head(ctx: &Ctx, k: usize) -> bool {
    let toks = ctx.doc.tokens();
    let w1 = toks.get(k).map_or("", |t| t.lower.as_str());
    let w2 = toks
        .get(k + 1)
        .map_or(String::new(), |t| format!("{w1} {}", t.lower));
    DOCUMENT_HEADS.contains(&w1) || DOCUMENT_HEADS.contains(&w2.as_str())
}

/// The subject of a reporting verb at token `vs`, looking left within its clause: a person
/// (mention, pronoun, title), an organisation, or — for an unnamed or collective subject such
/// as "Nhiều người dân cho biết" — nobody. `None` when there is no subject (or a document).
fn subject_before(
    ctx: &Ctx,
    people: &[PersonDraft],
    mention: &[Option<usize>],
    in_quote: &[bool],
    vs: usize,
) -> Option<Speaker> {
    let toks = ctx.doc.tokens();
    // passive "được nhận định", "bị tố cáo": the subject is not the speaker
    if vs > 0 && matches!(toks[vs - 1].lower.as_str(), "được" | "bị") {
        return None;
    }
    let sent = ctx.sent_of[vs];
    let mut k = vs;
    let mut org: Option<String> = None;
    let mut lo = vs;
    let mut clause_begins = false;
    // a coordinated verb shares the subject of the first ("A bác bỏ cáo buộc và khẳng định …")
    let coordinated = vs > 0
        && matches!(
            toks[vs - 1].lower.as_str(),
            "và" | "nhưng" | "rồi" | "đồng thời"
        );
    if coordinated {
        // the subject of the sentence: its first person named in subject position
        let first = (0..vs)
            .rev()
            .take_while(|&t| ctx.sent_of[t] == sent)
            .filter(|&t| {
                mention[t].is_some()
                    && (t == 0 || mention[t - 1] != mention[t])
                    && (ctx.clause_start(t)
                        || ctx.hits.iter().any(|h| {
                            matches!(h.kind, PhraseKind::Title(_))
                                && h.tokens.1 == t
                                && ctx.clause_start(h.tokens.0)
                        }))
            })
            .last();
        if let Some(t) = first
            && let Some(p) = mention[t]
        {
            return Some(Speaker::Person(p));
        }
    }
    // long appositions ("PGS.TS A, trưởng phòng đào tạo Trường X, thuộc Đại học Y cho biết")
    while k > 0 && vs - k < 40 {
        k -= 1;
        if ctx.sent_of[k] != sent
            || !coordinated
                && (in_quote[k] || matches!(toks[k].norm.as_str(), "”" | "“" | "\"" | ":" | ";"))
        {
            clause_begins = true;
            break;
        }
        // "(bà ngoại của Dung)": a parenthesis is skipped
        if toks[k].norm == ")" {
            let mut j = k;
            while j > 0 && toks[j].norm != "(" && vs - j < 40 {
                j -= 1;
            }
            if toks[j].norm == "(" {
                k = j;
                continue;
            }
        }
        if let Some(p) = mention[k] {
            // "Người nhà em Dung cho biết": a relative or representative of the person speaks
            let mut a = k;
            while a > 0 && mention[a - 1] == Some(p) {
                a -= 1;
            }
            if a > 0 && relational_before(ctx, a) {
                return Some(Speaker::Nobody);
            }
            return Some(Speaker::Person(p));
        }
        if !coordinated
            && ctx
                .hit_at(k, |kk| matches!(kk, PhraseKind::Say(_)))
                .is_some()
        {
            break;
        }
        if let Some(sp) = pronoun_or_title(ctx, people, k, vs) {
            return Some(sp);
        }
        if org.is_none()
            && ctx.hit_at(k, |kk| kk == PhraseKind::OrgHead).is_some()
            && ctx
                .hit_at(k, |kk| matches!(kk, PhraseKind::Title(_)))
                .is_none()
            && !document_head(ctx, k)
            && (ctx.clause_start(k) || matches!(toks[k - 1].norm.as_str(), "," | "từ"))
        {
            org = Some(
                ctx.text_of((k, vs))
                    .trim()
                    .trim_end_matches(',')
                    .to_string(),
            );
        }
        lo = k;
        if k == 0 {
            clause_begins = true;
        }
    }
    if let Some(o) = org {
        return Some(Speaker::Organisation(o));
    }
    // an unnamed subject: the clause (after any "Tuy nhiên," frame) has a noun phrase before
    // the verb that is not a document, and the verb is not passive ("được cho biết")
    if !clause_begins || lo >= vs {
        return None;
    }
    let mut st = lo;
    while st < vs {
        let c = (st..vs).find(|&t| toks[t].norm == ",");
        match c {
            Some(c) if c + 1 < vs => st = c + 1,
            _ => break,
        }
    }
    let words = (st..vs)
        .filter(|&t| !crate::lexicon::is_punct(&toks[t]))
        .count();
    let prev = toks[vs - 1].lower.as_str();
    if words == 0
        || words > 10
        || matches!(
            prev,
            "được" | "bị" | "để" | "sẽ" | "cần" | "phải" | "chưa" | "không" | "thể" | "mà"
        )
        || matches!(
            toks[st].lower.as_str(),
            "khi" | "nếu" | "lúc" | "sau" | "trước" | "để" | "vì" | "do" | "như" | "có" | "cần"
        )
        || document_head(ctx, st)
        || toks[st].lower == "theo"
    {
        return None;
    }
    // the subject must name people or a body: a human noun, a person/title/group phrase, or a
    // capitalised name inside it ("Ankara bác bỏ"), not "Đáng nói", "Mỗi lần nói về…"
    let human =
        (st..vs).any(|t| {
            HUMAN_NOUNS.contains(&toks[t].lower.as_str())
                || t + 1 < vs
                    && HUMAN_NOUNS
                        .contains(&format!("{} {}", toks[t].lower, toks[t + 1].lower).as_str())
                || ctx
                    .hit_at(t, |kk| {
                        matches!(
                            kk,
                            PhraseKind::PersonNoun(_)
                                | PhraseKind::Title(_)
                                | PhraseKind::Group
                                | PhraseKind::OrgHead
                        )
                    })
                    .is_some()
                || t > st && toks[t].is_capitalised()
        }) || (st + 1 == vs && toks[st].is_capitalised() && toks[st].class == TokenClass::Foreign);
    human.then_some(Speaker::Nobody)
}

/// Nouns for people and bodies that speak without a name ("phụ huynh", "cảnh sát", "khán giả").
const HUMAN_NOUNS: &[&str] = &[
    "người",
    "phụ huynh",
    "bạn bè",
    "khán giả",
    "cư dân",
    "du khách",
    "khách",
    "cổ đông",
    "đại diện",
    "lãnh đạo",
    "quan chức",
    "giới chức",
    "cảnh sát",
    "công an",
    "nhà chức trách",
    "chính quyền",
    "mẹ",
    "bố",
    "cha",
    "gia đình",
    "người nhà",
    "người thân",
    "hàng xóm",
    "nhân viên",
    "công nhân",
    "học sinh",
    "sinh viên",
    "nữ sinh",
    "nam sinh",
    "giáo viên",
    "nhà trường",
    "bác sĩ",
    "chuyên gia",
    "nhà khoa học",
    "nhà nghiên cứu",
    "giới",
    "cơ quan",
    "đơn vị",
    "bệnh nhân",
    "nạn nhân",
    "dân mạng",
    "cư dân mạng",
    "tiểu thương",
    "nông dân",
    "ngư dân",
    "chủ",
    "họ",
    "nhóm",
    "phía",
    "ban",
    "hội",
    "đội",
    "người dùng",
    "khách hàng",
    "fan",
    "chủ quán",
    "chủ nhà",
    "nhân chứng",
    "hành khách",
    "tài xế",
    "bạn",
    "vợ",
    "chồng",
    "con",
    "ông bà",
    "dân",
    "bà con",
    "nhà sản xuất",
    "doanh nghiệp",
];

/// Relation nouns that make "X của Y" / "người nhà Y" someone other than Y.
const RELATIONAL: &[&str] = &[
    "người nhà",
    "người thân",
    "gia đình",
    "mẹ",
    "bố",
    "cha",
    "vợ",
    "chồng",
    "con",
    "bạn",
    "bạn bè",
    "đại diện",
    "luật sư",
    "phía",
    "người bạn",
    "anh trai",
    "chị gái",
    "em gái",
    "em trai",
    "bà ngoại",
    "ông ngoại",
    "bà nội",
    "ông nội",
    "người yêu",
    "quản lý",
    "trợ lý",
    "phát ngôn viên",
    "người phát ngôn",
    "của",
];

/// Is the mention starting at token `a` the object of a relation ("mẹ của chị Lan", "vợ anh A")?
fn relational_before(ctx: &Ctx, a: usize) -> bool {
    let toks = ctx.doc.tokens();
    let w1 = toks[a - 1].lower.as_str();
    if ctx.sent_of[a - 1] != ctx.sent_of[a] || crate::lexicon::is_punct(&toks[a - 1]) {
        return false;
    }
    let w2 = (a >= 2).then(|| format!("{} {}", toks[a - 2].lower, w1));
    RELATIONAL.contains(&w1) || w2.is_some_and(|w| RELATIONAL.contains(&w.as_str()))
}

fn verb_text(ctx: &Ctx, h: &crate::lexicon::Hit) -> Option<String> {
    Some(ctx.text_of(h.tokens).to_lowercase())
}

/// A subject at token `k` that is not a name: a pronoun or bare honorific ("chị cho biết",
/// "ông ấy nói") or a title without a name ("Thứ trưởng đánh giá") refers back to a person.
fn pronoun_or_title(ctx: &Ctx, people: &[PersonDraft], k: usize, verb: usize) -> Option<Speaker> {
    if let Some(hh) = ctx.hit_at(k, |kk| {
        matches!(kk, PhraseKind::Honorific(_) | PhraseKind::Anaphor(_))
    }) && (ctx.clause_start(k) || hh.tokens.1 + 1 >= verb)
    {
        let g = match hh.kind {
            PhraseKind::Honorific(i) => ctx.lex.honorifics[i].gender,
            PhraseKind::Anaphor(i) => ctx.lex.anaphors[i].gender,
            _ => crate::model::Gender::Unknown,
        };
        if let Some(p) = refer_back(ctx, people, k, g) {
            return Some(Speaker::Person(p));
        }
    }
    let toks = ctx.doc.tokens();
    // a title opening the clause, also after "nữ"/"nam" or "theo" ("Nữ Ngoại trưởng Indonesia
    // cho rằng", "Theo BS Chương")
    let title_at_start = ctx.clause_start(k)
        || k > 0
            && (toks[k - 1].lower == "theo"
                || toks[k - 1].norm == ","
                    && ctx
                        .hit_at(k, |kk| matches!(kk, PhraseKind::Title(_)))
                        .is_some_and(|h| h.tokens.1 + 4 >= verb)
                || ctx
                    .hit_at(k - 1, |kk| matches!(kk, PhraseKind::GenderMarker(_)))
                    .is_some_and(|h| h.tokens.1 == k && ctx.clause_start(k - 1)));
    // "một nhà nghiên cứu", "các chuyên gia": indefinite, not a named person
    let indefinite = k > 0
        && matches!(
            toks[k - 1].lower.as_str(),
            "một" | "các" | "những" | "nhiều" | "mọi" | "số" | "vài"
        );
    if let Some(th) = ctx.hit_at(k, |kk| matches!(kk, PhraseKind::Title(_)))
        && title_at_start
        && !indefinite
        && let PhraseKind::Title(ti) = th.kind
    {
        let term = crate::lexicon::phrase_keys(&ctx.lex.titles[ti].term);
        // the title with what follows it up to the verb ("Ngoại trưởng Indonesia") picks the
        // person among several with the same title
        let full: Vec<String> = (k..verb.min(k + 5).min(toks.len()))
            .filter(|&t| !crate::lexicon::is_punct(&toks[t]))
            .map(|t| crate::lexicon::syllable_key(&toks[t].norm))
            .collect();
        if full.len() > term.len()
            && let Some((p, _)) = people.iter().enumerate().rev().find(|(_, p)| {
                p.title.as_deref().is_some_and(|t| {
                    let tk = crate::lexicon::phrase_keys(t);
                    tk.windows(full.len()).any(|w| w == full.as_slice())
                }) && p.mentions.iter().any(|m| m.tokens.1 <= k)
            })
        {
            return Some(Speaker::Person(p));
        }
        if let Some((p, _)) = people.iter().enumerate().rev().find(|(_, p)| {
            p.title.as_deref().is_some_and(|t| {
                let tk = crate::lexicon::phrase_keys(t);
                tk.windows(term.len()).any(|w| w == term.as_slice())
            }) && p.mentions.iter().any(|m| m.tokens.1 <= k)
        }) {
            return Some(Speaker::Person(p));
        }
        // a role noun standing for a recently named person of the same occupation
        // ("BSCK2 Lê Thanh Chương, …" … "Bác sĩ cho biết"), within a few sentences
        let occ = &ctx.lex.titles[ti].occupation;
        let mut best: Option<(usize, usize)> = None;
        for (pi, p) in people.iter().enumerate() {
            if p.occupation.as_ref() != Some(occ) {
                continue;
            }
            for m in &p.mentions {
                if m.tokens.1 <= k && best.is_none_or(|(_, e)| m.tokens.1 > e) {
                    best = Some((pi, m.tokens.1));
                }
            }
        }
        if let Some((p, e)) = best
            && ctx.sent_of[k].saturating_sub(ctx.sent_of[e.saturating_sub(1)]) <= 4
        {
            return Some(Speaker::Person(p));
        }
    }
    None
}

/// The person a pronoun or bare honorific at token `k` refers to: the most recent person
/// mentioned before it (within a few sentences) whose gender does not contradict it.
fn refer_back(
    ctx: &Ctx,
    people: &[PersonDraft],
    k: usize,
    g: crate::model::Gender,
) -> Option<usize> {
    use crate::model::Gender;
    let mut best: Option<(usize, usize)> = None;
    for (pi, p) in people.iter().enumerate() {
        let pg = p.gender().0;
        if g != Gender::Unknown && pg != Gender::Unknown && pg != g {
            continue;
        }
        for m in &p.mentions {
            if m.tokens.1 <= k && best.is_none_or(|(_, e)| m.tokens.1 > e) {
                best = Some((pi, m.tokens.1));
            }
        }
    }
    let (p, e) = best?;
    if ctx.sent_of[k].saturating_sub(ctx.sent_of[e.saturating_sub(1)]) > 6 {
        return None;
    }
    // a pronoun subject continues the last subject rather than a person named in passing
    // ("Nữ ca sĩ … vì có sự tham gia của NSND Lê Khanh. Chị nói: …"): prefer a compatible
    // person mentioned in subject position within the last two sentences
    let subject_pos = |m: &crate::people::Mention| {
        ctx.clause_start(m.full.0)
            || m.full.0 > 0
                && ctx.hits.iter().any(|h| {
                    matches!(h.kind, PhraseKind::Title(_))
                        && h.tokens.1 == m.full.0
                        && ctx.clause_start(h.tokens.0)
                })
    };
    let last_is_subject = people[p]
        .mentions
        .iter()
        .any(|m| m.tokens.1 == e && subject_pos(m));
    if !last_is_subject {
        let mut alt: Option<(usize, usize)> = None;
        for (pi, q) in people.iter().enumerate() {
            let qg = q.gender().0;
            if pi == p || g != Gender::Unknown && qg != Gender::Unknown && qg != g {
                continue;
            }
            for m in &q.mentions {
                if m.tokens.1 <= k
                    && ctx.sent_of[k].saturating_sub(ctx.sent_of[m.tokens.0]) <= 2
                    && subject_pos(m)
                    && alt.is_none_or(|(_, ae)| m.tokens.1 > ae)
                {
                    alt = Some((pi, m.tokens.1));
                }
            }
        }
        if let Some((a, _)) = alt {
            return Some(a);
        }
    }
    Some(p)
}

fn push_indirect(
    out: &mut Vec<QuoteDraft>,
    ctx: &Ctx,
    r: (usize, usize),
    speaker: Speaker,
    verb: Option<String>,
    syl: &dyn Fn((usize, usize)) -> usize,
) {
    if r.1 <= r.0 {
        return;
    }
    // trim trailing punctuation
    let toks = ctx.doc.tokens();
    let mut e = r.1;
    while e > r.0 && crate::lexicon::is_punct(&toks[e - 1]) {
        e -= 1;
    }
    let s = syl((r.0, e));
    if s < MIN_SYLLABLES || e <= r.0 {
        return;
    }
    out.push(QuoteDraft {
        span: ctx.span_of((r.0, e)),
        tokens: (r.0, e),
        direct: false,
        verb,
        speaker,
        syllables: s,
    });
}

/// “…”, ông A nói. — look from token `i` to the end of the sentence for a person + verb.
fn attribution_after(
    ctx: &Ctx,
    people: &[PersonDraft],
    mention: &[Option<usize>],
    i: usize,
) -> Option<(Speaker, Option<String>)> {
    let toks = ctx.doc.tokens();
    let n = toks.len();
    if i >= n {
        return None;
    }
    let line = ctx.line_of[i];
    // the attribution follows the closing mark on its own line, never the next paragraph
    if i > 0 && ctx.line_of[i - 1] != line {
        return None;
    }
    let mut person = None;
    let mut org = None;
    let mut verb = None;
    let mut k = i;
    // a person named right after the mark may carry a long apposition before the verb
    // ("…", chị Thanh Bình, một nhân viên văn phòng tại Hoàng Mai, Hà Nội, cho biết.)
    let limit = if (i..(i + 3).min(n)).any(|t| mention[t].is_some()) {
        40
    } else {
        16
    };
    while k < n && k < i + limit && ctx.line_of[k] == line {
        let t = &toks[k];
        if crate::lexicon::is_punct(t) && matches!(t.norm.as_str(), "“" | "\"") {
            break;
        }
        if crate::lexicon::is_punct(t) && matches!(t.norm.as_str(), "." | "!" | "?") && k > i {
            break;
        }
        if person.is_none()
            && let Some(p) = mention[k]
        {
            person = Some(p);
        }
        if person.is_none()
            && mention[k].is_none()
            && k <= i + 3
            && let Some(Speaker::Person(p)) = pronoun_or_title(ctx, people, k, k + 2)
        {
            person = Some(p);
        }
        if org.is_none()
            && person.is_none()
            && k <= i + 2
            && ctx.hit_at(k, |kk| kk == PhraseKind::OrgHead).is_some()
            && t.is_capitalised()
        {
            let mut e = k;
            while e < n
                && e < k + 8
                && !crate::lexicon::is_punct(&toks[e])
                && ctx
                    .hit_at(e, |kk| matches!(kk, PhraseKind::Say(_)))
                    .is_none()
            {
                e += 1;
            }
            org = Some(ctx.text_of((k, e.max(k + 1))).to_string());
        }
        if verb.is_none()
            && let Some(h) = ctx.hit_at(k, |kk| matches!(kk, PhraseKind::Say(_)))
        {
            verb = Some(ctx.text_of(h.tokens).to_lowercase());
        }
        k += 1;
    }
    // "…”, ông A nói" needs a verb; "… ” - ông A" (dash) is attribution too
    let dash = matches!(toks[i].norm.as_str(), "-" | "–" | "—");
    if verb.is_some() || dash {
        if let Some(p) = person {
            return Some((Speaker::Person(p), verb));
        }
        if let Some(o) = org {
            return Some((Speaker::Organisation(o), verb));
        }
    }
    // "…", một người dùng nhận xét / phụ huynh học sinh cho biết: an unnamed speaker, which
    // also stops the quote from being read as continuing the previous speaker
    if verb.is_some()
        && i < n
        && (toks[i].norm == "," || dash)
        && (i + 1..(i + 5).min(n)).any(|t| {
            HUMAN_NOUNS.contains(&toks[t].lower.as_str())
                || t + 1 < n
                    && HUMAN_NOUNS
                        .contains(&format!("{} {}", toks[t].lower, toks[t + 1].lower).as_str())
        })
        && !(i + 1..(i + 3).min(n)).any(|t| {
            ctx.hit_at(t, |kk| {
                matches!(kk, PhraseKind::Honorific(_) | PhraseKind::Anaphor(_))
            })
            .is_some()
        })
    {
        return Some((Speaker::Nobody, verb));
    }
    None
}

/// Ông A cho biết: “…” — look back from token `i` (exclusive) within the sentence/line.
fn attribution_before(
    ctx: &Ctx,
    people: &[PersonDraft],
    mention: &[Option<usize>],
    i: usize,
) -> Option<(Speaker, Option<String>)> {
    if i == 0 {
        return None;
    }
    let toks = ctx.doc.tokens();
    let line = ctx.line_of[i - 1];
    // the attribution must be on the quote's own line
    if i < toks.len() && ctx.line_of[i] != line && toks[i - 1].norm != ":" {
        return None;
    }
    let colon = toks[i - 1].norm == ":" || toks[i - 1].norm == ",";
    let mut verb = None;
    let mut k = i;
    let mut verb_at = None;
    while k > 0 && i - k < 24 {
        k -= 1;
        if ctx.line_of[k] != line {
            break;
        }
        let t = &toks[k];
        if crate::lexicon::is_punct(t)
            && matches!(t.norm.as_str(), "”" | "." | "!" | "?")
            && k + 1 < i
        {
            break;
        }
        if verb.is_none()
            && let Some(h) = ctx.hit_at(k, |kk| matches!(kk, PhraseKind::Say(_)))
            && h.tokens.1 <= i
        {
            verb = Some(ctx.text_of(h.tokens).to_lowercase());
            verb_at = Some(k);
        }
        if let Some(p) = mention[k]
            && (verb_at.is_some() || colon)
        {
            return Some((Speaker::Person(p), verb));
        }
        if (verb_at.is_some() || colon)
            && mention[k].is_none()
            && let Some(sp) = pronoun_or_title(ctx, people, k, verb_at.unwrap_or(i))
        {
            return Some((sp, verb));
        }
        if verb_at.is_some()
            && ctx.hit_at(k, |kk| kk == PhraseKind::OrgHead).is_some()
            && t.is_capitalised()
            && ctx.clause_start(k)
        {
            let e = verb_at.unwrap_or(k + 1);
            return Some((
                Speaker::Organisation(ctx.text_of((k, e.max(k + 1))).trim().to_string()),
                verb,
            ));
        }
    }
    None
}
