//! People in an article: detection, mention merging, gender with evidence, role and occupation.
//!
//! A person is found from (a) an honorific or kin term before a capitalised name ("bà Nguyễn Thị
//! Lan", "chị N.T.H."), (b) a title before a name ("Bộ trưởng Bộ Y tế Nguyễn Thanh Long",
//! "Giám đốc Lan"), or (c) a bare full name starting with a Vietnamese surname. Later short
//! mentions ("bà Lan", "Lan") merge into the most recent person whose name ends the same way.
//! Gender is decided from the strongest evidence in the order of `indicators.md`, and the
//! evidence is kept with the person so a reader can check it.

use crate::lexicon::{Hit, Lexicons, PhraseKind, phrase_keys, syllable_key};
use crate::model::{Gender, GenderEvidence, Role, Span};
use crate::text::{Document, TokenClass};

/// Shared per-document analysis context: tokens, lexicon hits (after vetoes), sentence/line maps.
pub struct Ctx<'a> {
    pub doc: &'a Document,
    pub lex: &'a Lexicons,
    /// Hits that survived compound/group vetoes, sorted by start token.
    pub hits: Vec<Hit>,
    /// token → sentence index
    pub sent_of: Vec<usize>,
    /// token → line (paragraph) index
    pub line_of: Vec<usize>,
    /// hit indices by start token
    pub by_start: Vec<Vec<usize>>,
}

impl<'a> Ctx<'a> {
    pub fn new(doc: &'a Document, lex: &'a Lexicons, raw: Vec<Hit>) -> Ctx<'a> {
        let n = doc.tokens().len();
        // A person/flag hit is vetoed when a Block or Group phrase strictly contains it
        // ("bố" inside "công bố", "bà" inside "bà con", "nam" inside "Việt Nam").
        let covers: Vec<(usize, usize)> = raw
            .iter()
            .filter(|h| matches!(h.kind, PhraseKind::Block | PhraseKind::Group))
            .map(|h| h.tokens)
            .collect();
        let hits: Vec<Hit> = raw
            .into_iter()
            .filter(|h| {
                if matches!(h.kind, PhraseKind::Block | PhraseKind::Group) {
                    return true;
                }
                !covers.iter().any(|&(s, e)| {
                    s <= h.tokens.0 && h.tokens.1 <= e && (e - s) > (h.tokens.1 - h.tokens.0)
                })
            })
            .collect();
        // Our own clause-level sentence ids: robust to initials ("N.T.H.") and title
        // abbreviations ("TS.", "PGS.TS.") whatever the text core's splitter does.
        let text = doc.original();
        let toks = doc.tokens();
        let mut sent_of = vec![0; n];
        let mut sent = 0;
        for i in 0..n {
            if i > 0 {
                let gap = &text[toks[i - 1].span.end.min(toks[i].span.start)..toks[i].span.start];
                let p = &toks[i - 1];
                let ends = gap.contains('\n')
                    || (matches!(p.norm.as_str(), "!" | "?" | "…")
                        || p.norm == "."
                            && !gap.is_empty()
                            && !(i >= 2 && is_abbrev_before_dot(&toks[i - 2].norm)))
                        && !matches!(toks[i].norm.as_str(), "”" | "\"" | "»" | ")");
                if ends {
                    sent += 1;
                }
            }
            sent_of[i] = sent;
        }
        let mut line_of = vec![0; n];
        let mut line = 0;
        let mut prev_end = 0;
        for (i, t) in doc.tokens().iter().enumerate() {
            line += text[prev_end.min(t.span.start)..t.span.start]
                .matches('\n')
                .count();
            line_of[i] = line;
            prev_end = t.span.end;
        }
        let mut by_start = vec![Vec::new(); n + 1];
        for (i, h) in hits.iter().enumerate() {
            if h.tokens.0 < n {
                by_start[h.tokens.0].push(i);
            }
        }
        Ctx {
            doc,
            lex,
            hits,
            sent_of,
            line_of,
            by_start,
        }
    }

    /// Longest hit of a kind starting at token `i`.
    pub fn hit_at(&self, i: usize, pred: impl Fn(PhraseKind) -> bool) -> Option<Hit> {
        self.by_start
            .get(i)?
            .iter()
            .map(|&k| self.hits[k])
            .filter(|h| pred(h.kind))
            .max_by_key(|h| h.tokens.1)
    }

    pub fn span_of(&self, toks: (usize, usize)) -> Span {
        let t = self.doc.tokens();
        Span::new(t[toks.0].span.start, t[toks.1 - 1].span.end)
    }

    pub fn text_of(&self, toks: (usize, usize)) -> &str {
        self.doc.slice(self.span_of(toks))
    }

    fn is_name_token(&self, i: usize) -> bool {
        let Some(t) = self.doc.tokens().get(i) else {
            return false;
        };
        matches!(t.class, TokenClass::Syllable | TokenClass::Foreign)
            && t.is_capitalised()
            && t.norm.chars().any(|c| c.is_lowercase())
            || self.is_initial(i)
    }

    /// A single capital letter followed directly by "." (initials "N.T.H."), or an Abbrev like it.
    fn is_initial(&self, i: usize) -> bool {
        let toks = self.doc.tokens();
        let t = &toks[i];
        // exactly one char, upper-case (hot: called for most tokens; one decode, no count)
        let mut cs = t.norm.chars();
        let is_letter = matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase());
        if is_letter {
            return toks
                .get(i + 1)
                .is_some_and(|n| n.norm == "." && n.span.start == t.span.end);
        }
        t.class == TokenClass::Abbrev && is_initials(&t.norm)
    }

    /// Does token `i` begin a clause (sentence start, after a quote mark, colon, dash or bracket)?
    pub fn clause_start(&self, i: usize) -> bool {
        if i == 0 {
            return true;
        }
        let toks = self.doc.tokens();
        if self.sent_of[i] != self.sent_of[i - 1] || self.line_of[i] != self.line_of[i - 1] {
            return true;
        }
        let p = &toks[i - 1];
        crate::lexicon::is_punct(p)
            && matches!(
                p.norm.as_str(),
                "." | "!" | "?" | ":" | "“" | "\"" | "(" | "-" | "–" | "—" | "…" | "‘" | "«" | ";"
            )
    }
}

/// Tokens that end with a dot without ending the sentence: initials and title abbreviations.
fn is_abbrev_before_dot(prev: &str) -> bool {
    (prev.chars().count() == 1 && prev.chars().all(char::is_uppercase))
        || matches!(
            prev,
            "TS" | "ThS"
                | "PGS"
                | "GS"
                | "BS"
                | "KS"
                | "TP"
                | "Mr"
                | "Mrs"
                | "Ms"
                | "Dr"
                | "St"
                | "CN"
                | "TSKH"
                | "LS"
                | "NCS"
                | "Th"
                | "TT"
        )
}

fn is_initials(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').filter(|p| !p.is_empty()).collect();
    !parts.is_empty()
        && s.contains('.')
        && parts
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(|c| c.is_uppercase()))
}

/// One mention of a person in the text.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Token range of the name (or the honorific+name when the name is initials).
    pub tokens: (usize, usize),
    /// Token range including the honorific/title cue, for quote attribution.
    pub full: (usize, usize),
}

/// A person before conversion to [`crate::model::Person`].
#[derive(Debug, Clone)]
pub struct PersonDraft {
    pub name: String,
    pub keys: Vec<String>,
    pub initials: bool,
    pub mentions: Vec<Mention>,
    /// (rank, gender, evidence, text): rank 1 strongest.
    pub evidence: Vec<(u8, Gender, GenderEvidence, String)>,
    pub title: Option<String>,
    pub role: Option<Role>,
    pub occupation: Option<String>,
}

impl PersonDraft {
    pub fn gender(&self) -> (Gender, GenderEvidence, Option<String>) {
        self.evidence
            .iter()
            .filter(|e| e.1 != Gender::Unknown)
            .min_by_key(|e| e.0)
            .map(|e| (e.1, e.2, Some(e.3.clone())))
            .unwrap_or((Gender::Unknown, GenderEvidence::None, None))
    }
    fn honorific_gender(&self) -> Option<Gender> {
        self.evidence
            .iter()
            .find(|e| e.0 == 1 && e.1 != Gender::Unknown)
            .map(|e| e.1)
    }
}

/// Places where a capitalised run is a street, school or place rather than a person.
const PLACE_NOUNS: &[&str] = &[
    "đường",
    "phố",
    "trường",
    "phường",
    "quận",
    "xã",
    "huyện",
    "cầu",
    "chợ",
    "sân",
    "tỉnh",
    "thành",
    "làng",
    "thôn",
    "ấp",
    "khu",
    "tòa",
    "nhà",
    "bến",
    "công",
    "viên",
    "giải",
    "cúp",
    "tàu",
    "lăng",
    "đền",
    "chùa",
    "hẻm",
    "ngõ",
    "ngách",
    "kiệt",
    "quảng",
    "trạm",
    "bệnh",
    "cung",
    "hội",
    "thpt",
    "thcs",
    "đại",
    "học",
    "sông",
    "núi",
    "đảo",
    "vịnh",
    "hồ",
    "đèo",
    "giống",
    "dự",
    "án",
    "thị",
    "trấn",
    "tiểu",
    "mầm",
    "non",
    "festival",
    "trung",
    "tâm",
    "viện",
    "bảo",
    "tàng",
    "xứ",
    "họ",
    "biển",
    "vùng",
    "miền",
    "hòn",
    "bản",
    "mường",
    "suối",
    "thác",
    "bãi",
    "rừng",
    "vườn",
    "phim",
    "sách",
    "dòng",
    "khách",
    "sạn",
    "quán",
    "tiệm",
    "hãng",
    "tuyến",
    "lộ",
    "quốc",
];

/// Words in capitalised foreign runs that are not person names (media, venues, firms).
const FOREIGN_NON_PERSON: &[&str] = &[
    "the",
    "of",
    "and",
    "for",
    "de la",
    "express",
    "store",
    "times",
    "news",
    "post",
    "daily",
    "club",
    "fc",
    "united",
    "city",
    "hotel",
    "resort",
    "garden",
    "street",
    "road",
    "university",
    "college",
    "group",
    "inc",
    "corp",
    "company",
    "ltd",
    "bank",
    "airlines",
    "airways",
    "press",
    "tv",
    "channel",
    "league",
    "cup",
    "open",
    "award",
    "awards",
    "festival",
    "show",
    "app",
    "google",
    "facebook",
    "youtube",
    "apple",
    "samsung",
    "microsoft",
    "amazon",
    "twitter",
    "instagram",
    "tiktok",
    "iphone",
    "galaxy",
    "windows",
    "android",
    "covid",
    "sars",
    "cov",
    "virus",
    "vaccine",
    "pfizer",
    "moderna",
    "astrazeneca",
    "mail",
    "journal",
    "magazine",
    "review",
    "reuters",
    "afp",
    "cnn",
    "bbc",
    "guardian",
    "mirror",
    "sun",
    "telegraph",
    "independent",
    "herald",
    "tribune",
    "insider",
    "online",
    "plus",
    "pro",
    "max",
    "mini",
    "center",
    "centre",
    "park",
    "square",
    "tower",
    "mall",
    "airport",
    "station",
    "museum",
    "church",
    "river",
    "lake",
    "mountain",
    "island",
    "beach",
    "bay",
    "valley",
    "county",
    "state",
    "republic",
    "kingdom",
    "federation",
    "union",
    "council",
    "ministry",
    "department",
    "agency",
    "institute",
    "foundation",
    "association",
    "society",
    "school",
    "hospital",
    "clinic",
    "conversation",
    "metropolitan",
    "vegas",
    "angeles",
    "york",
    "madrid",
    "milan",
    "munich",
];

/// Function words that open sentences and are capitalised there ("Dù Messi khẳng định…").
const SENTENCE_OPENERS: &[&str] = &[
    "theo", "dù", "tại", "với", "khi", "nếu", "sau", "trước", "trong", "ngoài", "cùng", "và",
    "nhưng", "còn", "cả", "riêng", "đến", "từ", "ở", "về", "cho", "để", "vì", "do", "bởi", "nhờ",
    "qua", "tuy", "mặc", "song", "hay", "hoặc", "như", "các", "những", "một", "đó", "đây", "năm",
    "ngày", "tháng", "hôm", "sáng", "chiều", "tối", "đêm", "trưa", "lúc", "khác", "giống", "thậm",
];

/// Words before a capitalised run that make it a place, medium or brand rather than a person.
const NOT_BEFORE_FOREIGN_NAME: &[&str] = &[
    "tại",
    "ở",
    "từ",
    "đến",
    "tới",
    "sang",
    "về",
    "tờ",
    "báo",
    "hãng",
    "đài",
    "kênh",
    "trang",
    "mạng",
    "ứng",
    "dụng",
    "thương",
    "hiệu",
    "giải",
    "clb",
    "đội",
    "sân",
    "bang",
    "nước",
    "thủ",
    "đô",
    "vùng",
    "khu",
    "thị",
    "trấn",
    "làng",
    "phố",
    "đường",
    "mẫu",
    "dòng",
    "công",
    "ty",
    "tập",
    "đoàn",
    "chương",
    "trình",
    "phim",
    "bài",
    "hát",
    "sách",
    "album",
    "nhãn",
    "trường",
    "viện",
    "bệnh",
];

/// Words that may follow a one-syllable name after a title ("Giám đốc Lan cũng …"); anything
/// else makes it more likely an organisation ("Trưởng ban Công tác …", "Bí thư Trung ương").
const AFTER_SHORT_NAME: &[&str] = &[
    "cũng", "đã", "đang", "sẽ", "vẫn", "là", "và", "cho", "nói", "thì", "mới", "còn", "liền",
    "lại", "không", "chưa", "vừa", "có", "được", "bị", "rất", "luôn", "từng", "tiếp", "trả",
    "khẳng", "nhấn",
];

/// Detect people. Returns drafts in order of first mention.
pub fn detect(ctx: &Ctx) -> Vec<PersonDraft> {
    let toks = ctx.doc.tokens();
    let n = toks.len();
    let mut people: Vec<PersonDraft> = Vec::new();
    let mut taken = vec![false; n];
    let mut i = 0;
    while i < n {
        if taken[i] {
            i += 1;
            continue;
        }
        // (a) honorific + name
        if let Some(h) = ctx.hit_at(i, |k| matches!(k, PhraseKind::Honorific(_))) {
            let PhraseKind::Honorific(hi) = h.kind else {
                unreachable!()
            };
            let term = &ctx.lex.honorifics[hi];
            let cap_ok = !toks[i].is_capitalised() || ctx.clause_start(i);
            // "Chị H cho biết": one capital letter without its dot, after an honorific and
            // before a lowercase word, is an initial
            let bare_initial = {
                let j = h.tokens.1;
                toks.get(j).is_some_and(|t| {
                    t.norm.chars().count() == 1 && t.norm.chars().all(char::is_uppercase)
                }) && toks
                    .get(j + 1)
                    .is_none_or(|t| !t.is_capitalised() && t.norm != ".")
                    && term.gender != Gender::Unknown
            };
            let run =
                name_run(ctx, h.tokens.1, 4).or_else(|| bare_initial.then_some(h.tokens.1 + 1));
            if cap_ok && let Some(end) = run {
                let (g, ev) = if term.gender == Gender::Unknown {
                    (Gender::Unknown, GenderEvidence::None)
                } else {
                    (term.gender, GenderEvidence::Honorific)
                };
                let cue = ctx.text_of(h.tokens).to_string();
                let title = title_before(ctx, i);
                add_mention(
                    ctx,
                    &mut people,
                    (h.tokens.1, end),
                    (i, end),
                    Some((1, g, ev, cue)),
                    title,
                );
                for t in taken.iter_mut().take(end).skip(i) {
                    *t = true;
                }
                i = end;
                continue;
            }
        }
        // (b) title + (organisation) + name
        if let Some(h) = ctx.hit_at(i, |k| matches!(k, PhraseKind::Title(_))) {
            let PhraseKind::Title(ti) = h.kind else {
                unreachable!()
            };
            let org_follows = ctx.lex.titles[ti].role == Role::Official;
            if let Some((s, e)) = name_after_title(ctx, h.tokens.1, org_follows) {
                let marker = gender_marker_before(ctx, i);
                let title_text = ctx.text_of((i, s)).trim().trim_end_matches(',').to_string();
                add_mention(
                    ctx,
                    &mut people,
                    (s, e),
                    (marker.as_ref().map_or(i, |m| m.0), e),
                    marker.map(|m| (2, m.1, GenderEvidence::GenderedRoleNoun, m.2)),
                    Some((ti, title_text)),
                );
                for t in taken.iter_mut().take(e).skip(i) {
                    *t = true;
                }
                i = e;
                continue;
            }
        }
        // (c) bare full name: Surname + 1..3 capitalised syllables
        if ctx.is_name_token(i)
            && ctx.lex.is_surname(&toks[i].norm)
            && !after_place_noun(ctx, i)
            && let Some(end) = name_run(ctx, i, 4)
            && end - i >= 2
        {
            let title = title_before(ctx, i);
            add_mention(ctx, &mut people, (i, end), (i, end), None, title);
            for t in taken.iter_mut().take(end).skip(i) {
                *t = true;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    // (e) other capitalised names used as speakers or with an apposition title:
    // "Chandimal Jayasinghe, giám đốc …", "Bhavana nói"
    let mut i = 0;
    while i < n {
        // a capitalised Vietnamese word opening the sentence ("Dù", "Theo", "Tại") is not
        // part of a name that follows it
        let opener =
            |t: usize| ctx.clause_start(t) && SENTENCE_OPENERS.contains(&toks[t].lower.as_str());
        if !taken[i]
            && ctx.is_name_token(i)
            && !ctx.is_initial(i)
            && !opener(i)
            && (i == 0 || !toks[i - 1].is_capitalised() || ctx.clause_start(i) || opener(i - 1))
            && (i == 0 || !NOT_BEFORE_FOREIGN_NAME.contains(&toks[i - 1].lower.as_str()))
            && !after_place_noun(ctx, i)
            && ctx
                .hit_at(i, |k| {
                    matches!(
                        k,
                        PhraseKind::OrgHead
                            | PhraseKind::Country
                            | PhraseKind::Title(_)
                            | PhraseKind::Honorific(_)
                            | PhraseKind::Block
                            | PhraseKind::Group
                    )
                })
                .is_none()
            && let Some(end) = name_run(ctx, i, 3)
            && !(i..end).any(|t| taken[t])
        {
            let say_next = ctx
                .hit_at(end, |k| matches!(k, PhraseKind::Say(_)))
                .is_some();
            let appos = toks.get(end).is_some_and(|t| t.norm == ",")
                && (end + 1..(end + 4).min(n)).any(|t| {
                    ctx.hit_at(t, |k| matches!(k, PhraseKind::Title(_)))
                        .is_some()
                });
            // a foreign full name ("Caroline Jurie", "Syed Yusuf"): two or three capitalised
            // words, at least one not a Vietnamese syllable, not an organisation or a place
            let foreign_name = (2..=3).contains(&(end - i))
                && (i..end).any(|t| toks[t].class == TokenClass::Foreign)
                // "Theo Coteccons", "Tại Manchester": a capitalised Vietnamese word opening the
                // sentence is not part of the name
                && (toks[i].class == TokenClass::Foreign
                    || !ctx.clause_start(i)
                        && (ctx.lex.is_surname(&toks[i].norm)
                            || ctx
                                .lex
                                .names
                                .given
                                .contains_key(&syllable_key(&toks[i].norm))))
                && (i..end).all(|t| {
                    !FOREIGN_NON_PERSON.contains(&toks[t].lower.as_str())
                        && ctx
                            .hit_at(t, |k| matches!(k, PhraseKind::OrgHead | PhraseKind::Country))
                            .is_none()
                })
                && (i == 0
                    || !NOT_BEFORE_FOREIGN_NAME.contains(&toks[i - 1].lower.as_str())
                        && (!toks[i - 1].is_capitalised() || ctx.clause_start(i)));
            let non_person = (i..end).any(|t| FOREIGN_NON_PERSON.contains(&toks[t].lower.as_str()));
            if (say_next || appos || foreign_name)
                && !non_person
                && (end - i >= 2
                    || ctx
                        .lex
                        .names
                        .given
                        .contains_key(&syllable_key(&toks[i].norm)))
            {
                add_mention(ctx, &mut people, (i, end), (i, end), None, None);
                for t in taken.iter_mut().take(end).skip(i) {
                    *t = true;
                }
            }
            i = end;
            continue;
        }
        i += 1;
    }
    // (d) short mentions of known people ("Lan nói") anywhere not yet taken
    let mut i = 0;
    while i < n {
        if !taken[i]
            && ctx.is_name_token(i)
            && !ctx.is_initial(i)
            && let Some(end) = name_run(ctx, i, 3)
        {
            let keys: Vec<String> = (i..end).map(|t| syllable_key(&toks[t].norm)).collect();
            if let Some(p) = find_person(&people, &keys, None, i, ctx) {
                people[p].mentions.push(Mention {
                    tokens: (i, end),
                    full: (i, end),
                });
                i = end;
                continue;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    // evidence (3): gendered anaphors refer to the most recent person
    for h in &ctx.hits {
        let PhraseKind::Anaphor(ai) = h.kind else {
            continue;
        };
        let a = &ctx.lex.anaphors[ai];
        // not an honorific directly followed by a name (that is a mention, not an anaphor)
        if name_run(ctx, h.tokens.1, 1).is_some() && h.tokens.1 - h.tokens.0 == 1 {
            continue;
        }
        if let Some(p) = most_recent_person(&people, h.tokens.0, ctx, 3) {
            people[p].evidence.push((
                3,
                a.gender,
                GenderEvidence::Anaphor,
                ctx.text_of(h.tokens).to_string(),
            ));
        }
    }
    // evidence (3), fallback: a bare gendered pronoun opening a clause ("Cô cho biết", "anh
    // nói") refers to the most recent person; used only for people with no other evidence
    // (foreign names, single given names), by majority
    let mut votes = vec![(0u32, 0u32); people.len()];
    for h in &ctx.hits {
        let PhraseKind::Honorific(hi) = h.kind else {
            continue;
        };
        let term = &ctx.lex.honorifics[hi];
        if term.gender == Gender::Unknown
            || term.kind != "honorific"
            || h.tokens.1 - h.tokens.0 != 1
            || name_run(ctx, h.tokens.1, 1).is_some()
            || !(ctx.clause_start(h.tokens.0)
                || h.tokens.0 > 0
                    && matches!(
                        toks[h.tokens.0 - 1].lower.as_str(),
                        "và" | "nhưng" | "," | "khi"
                    ))
            || toks
                .get(h.tokens.1)
                .is_none_or(|t| crate::lexicon::is_punct(t) || t.is_capitalised())
        {
            continue;
        }
        if let Some(p) = most_recent_person(&people, h.tokens.0, ctx, 2) {
            match term.gender {
                Gender::Female => votes[p].0 += 1,
                Gender::Male => votes[p].1 += 1,
                Gender::Unknown => {}
            }
        }
    }
    // evidence (4) middle name, (5/6) override and given-name prior
    for p in &mut people {
        if p.initials {
            continue; // trap 21: never infer from initials
        }
        let k = &p.keys;
        // "Công Phượng" (middle + given, a footballer's common name) vs "Lê Minh" (surname + given)
        let surname_first = k.len() >= 2
            && ctx.lex.surnames.contains(&k[0])
            && (k.len() >= 3 || !ctx.lex.names.middle.contains_key(&k[0]));
        if k.len() >= 3 && surname_first {
            if k[1] == syllable_key("thị") {
                p.evidence
                    .push((4, Gender::Female, GenderEvidence::MiddleName, "Thị".into()));
            } else if k[1] == syllable_key("văn") {
                p.evidence
                    .push((4, Gender::Male, GenderEvidence::MiddleName, "Văn".into()));
            }
        }
        if let Some(g) = ctx.lex.names.overrides.get(&k.join(" ")) {
            p.evidence
                .push((5, *g, GenderEvidence::Override, p.name.clone()));
        }
        let given: Vec<&str> = p
            .name
            .split_whitespace()
            .skip(usize::from(surname_first))
            .collect();
        let looks_vietnamese = surname_first
            || (given.len() <= 2
                && given.iter().all(|g| {
                    ctx.lex.names.given.contains_key(&syllable_key(g))
                        || ctx.lex.names.middle.contains_key(&syllable_key(g))
                }));
        if looks_vietnamese && !given.is_empty() {
            let tail = given[given.len().saturating_sub(2)..].join(" ");
            let g = ctx.lex.names.guess(&tail).gender();
            if g != Gender::Unknown {
                p.evidence
                    .push((6, g, GenderEvidence::GivenNamePrior, tail));
            }
        }
    }
    for (p, (f, m)) in people.iter_mut().zip(votes) {
        if f != m && p.evidence.iter().all(|e| e.1 == Gender::Unknown) && !p.initials {
            let g = if f > m { Gender::Female } else { Gender::Male };
            p.evidence.push((
                3,
                g,
                GenderEvidence::Anaphor,
                if f > m { "cô/bà/chị" } else { "anh/ông" }.to_string(),
            ));
        }
    }
    people
}

/// The capitalised name starting at `i` (at most `max` syllables), as an end token.
fn name_run(ctx: &Ctx, i: usize, max: usize) -> Option<usize> {
    let toks = ctx.doc.tokens();
    if i >= toks.len() {
        return None;
    }
    // initials: N.T.H. (one Abbrev token, or letter/dot pairs)
    if ctx.is_initial(i) {
        let mut j = i;
        while j < toks.len() && ctx.is_initial(j) {
            j += if toks[j].class == TokenClass::Abbrev {
                1
            } else {
                2
            };
        }
        // a final capital letter without its dot ("N.H.H" at a bracket or comma)
        if j < toks.len()
            && j > i
            && toks[j].norm.chars().count() == 1
            && toks[j].norm.chars().all(char::is_uppercase)
            && toks[j].span.start == toks[j - 1].span.end
        {
            j += 1;
        }
        // a final capital letter without a dot ("N.T.Hà" is not initials; "L.V.T" at line end is)
        return Some(j.min(toks.len()));
    }
    if !ctx.is_name_token(i) {
        return None;
    }
    let mut j = i;
    while j < toks.len() && j - i < max && ctx.is_name_token(j) && !ctx.is_initial(j) {
        if j > i {
            // a title or organisation head starts a new phrase; a line break ends the name
            if ctx.line_of[j] != ctx.line_of[j - 1]
                || toks[j].span.start > toks[j - 1].span.end + 1
                || ctx
                    .hit_at(j, |k| matches!(k, PhraseKind::Title(_)))
                    .is_some()
                || (ctx.hit_at(j, |k| k == PhraseKind::OrgHead).is_some()
                    && toks.get(j + 1).is_some_and(|n| n.is_capitalised()))
            {
                break;
            }
        }
        j += 1;
    }
    // a run broken by a hyphen ("Park Hang-seo") keeps its tail
    (j > i).then_some(j)
}

fn after_place_noun(ctx: &Ctx, i: usize) -> bool {
    i > 0 && {
        let p = &ctx.doc.tokens()[i - 1];
        PLACE_NOUNS.contains(&p.lower.as_str()) && ctx.sent_of[i - 1] == ctx.sent_of[i]
    }
}

/// After a title ending at `j`: the name, possibly after an organisation ("Cục Thuế TPHCM").
fn name_after_title(ctx: &Ctx, j: usize, org_follows: bool) -> Option<(usize, usize)> {
    let toks = ctx.doc.tokens();
    if j >= toks.len()
        || (!toks[j].is_capitalised()
            && ctx
                .hit_at(j, |k| matches!(k, PhraseKind::Honorific(_)))
                .is_some())
    {
        return None; // "Giám đốc bà Lan": the honorific path handles it
    }
    // directly a short capitalised name that is not an organisation ("Giám đốc Lan", "HLV Park Hang-seo")
    if ctx.is_name_token(j)
        && ctx
            .hit_at(j, |k| {
                matches!(
                    k,
                    PhraseKind::OrgHead
                        | PhraseKind::Country
                        | PhraseKind::Title(_)
                        | PhraseKind::Block
                )
            })
            .is_none()
        && let Some(e) = name_run(ctx, j, 4)
    {
        // if the run contains a surname later, the name starts there ("Sở Nội vụ Trần Văn A" is caught
        // below); a single syllable must be a known given name ("Giám đốc Lan", not "Trưởng khoa Vật lý")
        let single_ok = e - j > 1
            // "nữ diễn viên Bhavana": one foreign word after a title
            || !org_follows
                && toks[j].class == TokenClass::Foreign
                && !FOREIGN_NON_PERSON.contains(&toks[j].lower.as_str())
            || (ctx
                .lex
                .names
                .given
                .contains_key(&syllable_key(&toks[j].norm))
                && toks.get(e).is_none_or(|t| {
                    crate::lexicon::is_punct(t)
                        || AFTER_SHORT_NAME.contains(&t.lower.as_str())
                        || ctx.hit_at(e, |k| matches!(k, PhraseKind::Say(_))).is_some()
                }));
        if single_ok
            && (!(j + 1..e).any(|k| ctx.lex.is_surname(&toks[k].norm))
                || ctx.lex.is_surname(&toks[j].norm))
        {
            return Some((j, e));
        }
    }
    // scan forward over the organisation to a surname-led name, within the clause
    let mut k = j;
    while k < toks.len() && k < j + 10 {
        let t = &toks[k];
        if crate::lexicon::is_punct(t) && !matches!(t.norm.as_str(), "-" | "&" | ".") {
            return None;
        }
        if k > j && ctx.line_of[k] != ctx.line_of[j] {
            return None;
        }
        if ctx.is_name_token(k)
            && ctx.lex.is_surname(&t.norm)
            && k > j
            && !after_place_noun(ctx, k)
            && let Some(e) = name_run(ctx, k, 4)
            && e - k >= 2
        {
            return Some((k, e));
        }
        // a foreign name right after a country ("Thủ tướng Anh Boris Johnson")
        if k == j + 1
            && ctx.is_name_token(k)
            && ctx
                .hit_at(j, |kk| kk == PhraseKind::Country)
                .is_some_and(|h| h.tokens.1 == k)
            && ctx
                .hit_at(k, |kk| {
                    matches!(kk, PhraseKind::OrgHead | PhraseKind::Title(_))
                })
                .is_none()
            && let Some(e) = name_run(ctx, k, 3)
        {
            return Some((k, e));
        }
        k += 1;
    }
    None
}

/// A "nữ"/"nam" gender marker right before token `i` (evidence 2): (start, gender, text).
fn gender_marker_before(ctx: &Ctx, i: usize) -> Option<(usize, Gender, String)> {
    if i == 0 {
        return None;
    }
    let h = ctx.hit_at(i - 1, |k| matches!(k, PhraseKind::GenderMarker(_)))?;
    let PhraseKind::GenderMarker(mi) = h.kind else {
        return None;
    };
    (h.tokens.1 == i).then(|| {
        let t = ctx.text_of((h.tokens.0, h.tokens.1 + 1)).to_string();
        (h.tokens.0, ctx.lex.gender_markers[mi].gender, t)
    })
}

/// A title immediately before an honorific or name ("Giám đốc Sở Y tế, bà Lan" is not handled;
/// "Chủ tịch UBND xã ông Nguyễn Văn A" is).
fn title_before(ctx: &Ctx, i: usize) -> Option<(usize, String)> {
    let toks = ctx.doc.tokens();
    // walk back over an organisation name (capitalised tokens) to a title, within 8 tokens
    let lo = i.saturating_sub(8);
    let mut k = i;
    while k > lo {
        k -= 1;
        let t = &toks[k];
        if crate::lexicon::is_punct(t) || ctx.sent_of[k] != ctx.sent_of[i] {
            return None;
        }
        for &hi in &ctx.by_start[k] {
            let h = ctx.hits[hi];
            if let PhraseKind::Title(ti) = h.kind
                && h.tokens.1 <= i
            {
                return Some((ti, ctx.text_of((k, i)).trim().to_string()));
            }
        }
    }
    None
}

fn add_mention(
    ctx: &Ctx,
    people: &mut Vec<PersonDraft>,
    name: (usize, usize),
    full: (usize, usize),
    evidence: Option<(u8, Gender, GenderEvidence, String)>,
    title: Option<(usize, String)>,
) {
    let toks = ctx.doc.tokens();
    let raw = ctx.text_of(name).trim_end_matches('.').to_string();
    let initials = (name.0..name.1).any(|t| ctx.is_initial(t))
        || is_initials(&raw)
        || raw.chars().count() == 1 && raw.chars().all(char::is_uppercase);
    let keys: Vec<String> = if initials {
        vec![raw.replace('.', "").to_lowercase()]
    } else {
        (name.0..name.1)
            .map(|t| syllable_key(&toks[t].norm))
            .collect()
    };
    // place names that look like names (Hà Nội, Thái Bình) are not people
    let joined = keys.join(" ");
    if ctx.lex.places.contains(&joined)
        || (keys.len() >= 2 && ctx.lex.places.contains(&keys[..2].join(" ")))
    {
        return;
    }
    let want = evidence.as_ref().filter(|e| e.0 == 1).map(|e| e.1);
    let idx = match find_person(people, &keys, want, name.0, ctx) {
        Some(p) => {
            // a longer name upgrades the canonical one ("bà Lan" … "Nguyễn Thị Lan")
            if keys.len() > people[p].keys.len() && !initials {
                people[p].keys = keys;
                people[p].name = raw;
            }
            p
        }
        None => {
            people.push(PersonDraft {
                name: raw,
                keys,
                initials,
                mentions: Vec::new(),
                evidence: Vec::new(),
                title: None,
                role: None,
                occupation: None,
            });
            people.len() - 1
        }
    };
    let p = &mut people[idx];
    p.mentions.push(Mention { tokens: name, full });
    if let Some(e) = evidence {
        p.evidence.push(e);
    }
    let title = title.or_else(|| apposition_title(ctx, name.1));
    if let Some((ti, text)) = title {
        let t = &ctx.lex.titles[ti];
        // the strongest function wins: official > expert > citizen > subject
        let rank = |r: Role| match r {
            Role::Official => 4,
            Role::Expert => 3,
            Role::Citizen => 2,
            Role::Subject => 1,
            Role::Other => 0,
        };
        if p.role.is_none_or(|r| rank(t.role) > rank(r)) {
            p.role = Some(t.role);
            p.occupation = Some(t.occupation.clone());
            p.title = Some(text);
        }
    }
}

/// ", Giám đốc Sở Y tế," after a name.
fn apposition_title(ctx: &Ctx, end: usize) -> Option<(usize, String)> {
    let toks = ctx.doc.tokens();
    let comma = toks.get(end)?;
    if comma.norm != "," && comma.norm != "(" && comma.norm != "-" {
        return None;
    }
    let h = ctx.hit_at(end + 1, |k| matches!(k, PhraseKind::Title(_)))?;
    let PhraseKind::Title(ti) = h.kind else {
        return None;
    };
    // title text up to the next comma/bracket or SAY verb
    let mut e = h.tokens.1;
    while e < toks.len()
        && e < h.tokens.1 + 8
        && !crate::lexicon::is_punct(&toks[e])
        && ctx.hit_at(e, |k| matches!(k, PhraseKind::Say(_))).is_none()
    {
        e += 1;
    }
    Some((
        ti,
        ctx.text_of((end + 1, e))
            .trim_end_matches([',', ' '])
            .to_string(),
    ))
}

/// The person a name refers to: same keys, or a suffix ("Lan" → "Nguyễn Thị Lan"), or a longer
/// name whose suffix is an earlier short mention. Most recent first; honorific genders must agree.
fn find_person(
    people: &[PersonDraft],
    keys: &[String],
    gender: Option<Gender>,
    at: usize,
    _ctx: &Ctx,
) -> Option<usize> {
    let compatible = |p: &PersonDraft| match (gender, p.honorific_gender()) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    let last_at = |p: &PersonDraft| {
        p.mentions
            .iter()
            .map(|m| m.tokens.0)
            .filter(|&t| t < at)
            .max()
    };
    let mut best: Option<(usize, usize)> = None;
    for (i, p) in people.iter().enumerate() {
        if !compatible(p) {
            continue;
        }
        // "chị K." after "chị L.T.K.": the short initials end the long ones
        let initials_tail = p.initials
            && keys.len() == 1
            && p.keys.len() == 1
            && keys[0].chars().count() < p.keys[0].chars().count()
            && keys[0].chars().count() <= 2
            && p.keys[0].ends_with(keys[0].as_str());
        let same = p.keys == keys
            || initials_tail
            || (keys.len() < p.keys.len() && p.keys.ends_with(keys))
            || (p.keys.len() < keys.len() && keys.ends_with(&p.keys) && !p.initials);
        if same {
            let when = last_at(p).unwrap_or(0);
            if best.is_none_or(|(_, w)| when >= w) {
                best = Some((i, when));
            }
        }
    }
    best.map(|b| b.0)
}

fn most_recent_person(
    people: &[PersonDraft],
    at: usize,
    ctx: &Ctx,
    max_sentences: usize,
) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, p) in people.iter().enumerate() {
        for m in &p.mentions {
            if m.tokens.1 <= at && best.is_none_or(|(_, e)| m.tokens.1 > e) {
                best = Some((i, m.tokens.1));
            }
        }
    }
    let (p, e) = best?;
    (ctx.sent_of[at] - ctx.sent_of[e.saturating_sub(1)] <= max_sentences).then_some(p)
}

/// Mention index: token → person, for quote attribution.
pub fn mention_map(people: &[PersonDraft], n: usize) -> Vec<Option<usize>> {
    let mut m = vec![None; n];
    for (pi, p) in people.iter().enumerate() {
        for mm in &p.mentions {
            for slot in m.iter_mut().take(mm.full.1.min(n)).skip(mm.full.0) {
                *slot = Some(pi);
            }
        }
    }
    m
}

/// Gender of a byline ("Nguyễn Văn A", "Thu Hà"): middle name, then given-name prior.
pub fn author_gender(lex: &Lexicons, author: &str) -> Gender {
    let keys = phrase_keys(author);
    if keys.is_empty() {
        return Gender::Unknown;
    }
    let words: Vec<&str> = author.split_whitespace().collect();
    let skip = usize::from(keys.len() >= 3 && lex.surnames.contains(&keys[0]));
    let rest = words[skip.min(words.len())..].join(" ");
    lex.names.guess(&rest).gender()
}
