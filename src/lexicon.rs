//! Lexicons as data: loading, validation and whole-syllable matching.
//!
//! Every list the engine uses lives in `lexicons/` as TOML (or TSV for name priors), carries a
//! `version`, and can be edited without rebuilding. Loading validates each entry and reports
//! `file:line: what is wrong`, so an officer editing a list gets a usable message.
//!
//! Matching is on **whole syllables**: a text is turned into a stream of per-syllable keys
//! (lower-case, tone mark moved to the end of the syllable so old/new tone placement and
//! NFC/NFD agree, Latin ETH folded to Đ), joined by spaces, and one Aho-Corasick automaton over
//! all lexicon phrases (` key key `, space-delimited on both sides) finds every occurrence in a
//! single pass. The delimiters make "bố" unable to match inside "công bố" at the string level,
//! and compound stop-lists ("công bố", "Việt Nam", "bà con") then veto hits that sit inside a
//! longer compound. We do not rely on the word segmenter for correctness: the segmenter may
//! change, syllables do not.

use crate::model::{Gender, Severity};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// An error in a lexicon file, naming the file, the line and what is wrong.
#[derive(Debug, Clone)]
pub struct LexiconError {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}
impl std::error::Error for LexiconError {}

/// The matching key of one syllable: lower-case, decomposed, tone mark moved to the end,
/// ETH (U+00D0/U+00F0) read as Đ/đ. "Hoà", "Hòa", "hoà" (NFD) all give the same key.
pub fn syllable_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    syllable_key_into(s, &mut out);
    out
}

/// [`syllable_key`] appended to `out`: the key stream is built with this, so a key costs
/// one hash lookup and a copy, with no allocation.
pub fn syllable_key_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
        return;
    }
    // Vietnamese has a few thousand distinct syllables: a per-thread cache turns the
    // decomposition into one hash lookup. Bounded so memory stays flat on any stream.
    type Cache = HashMap<Box<str>, Box<str>, rustc_hash::FxBuildHasher>;
    thread_local! {
        static CACHE: std::cell::RefCell<Cache> = std::cell::RefCell::new(Cache::default());
    }
    let found = CACHE.with(|c| match c.borrow().get(s) {
        Some(k) => {
            out.push_str(k);
            true
        }
        None => false,
    });
    if found {
        return;
    }
    let k = syllable_key_uncached(s);
    out.push_str(&k);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() > 100_000 {
            c.clear();
        }
        c.insert(s.into(), k.into_boxed_str());
    });
}

fn syllable_key_uncached(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(s.len() + 2);
    let mut tone: Option<char> = None;
    for c in s.nfd().flat_map(char::to_lowercase) {
        match c {
            '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}' => tone = Some(c),
            // U+0340/U+0341 are deprecated tone-mark aliases
            '\u{340}' => tone = Some('\u{300}'),
            '\u{341}' => tone = Some('\u{301}'),
            'ð' => out.push('đ'),
            _ => out.push(c),
        }
    }
    if let Some(t) = tone {
        out.push(t);
    }
    out
}

/// Is a token punctuation? Decided from its characters, not its class, so "," is punctuation
/// whichever text core produced it.
pub fn is_punct(t: &crate::text::Token) -> bool {
    !t.norm.chars().any(char::is_alphanumeric)
}

/// Split a phrase as written in a lexicon into syllable keys (letters/digits; everything else separates).
pub fn phrase_keys(phrase: &str) -> Vec<String> {
    phrase
        .split(|c: char| !(c.is_alphanumeric() || is_mark(c)))
        .filter(|s| !s.is_empty())
        .map(syllable_key)
        .collect()
}

fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

// ---------------------------------------------------------------------------------------------
// File schemas (raw, as written) and validated forms.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    version: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    category: Option<String>,
}

/// Where an entry applies; checked by the engine with the article's context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    /// Anywhere.
    Any,
    /// Only when a person (name, honorific or person noun) is in the same sentence.
    Person,
    /// Family framing: strongest for a person in a professional/news-maker role or in title/lead.
    Professional,
    /// GBV framing: hard flag in crime / violence stories, informational elsewhere.
    Crime,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFlag {
    id: String,
    #[serde(default)]
    terms: Vec<String>,
    /// GMARK shorthand: `marker` + each of `roles` ("nữ" + "giám đốc").
    #[serde(default)]
    marker: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
    target: String,
    severity: String,
    vi: String,
    en: String,
    #[serde(default)]
    suggest: Vec<String>,
    /// Contexts where the words are not a stereotype (shown to editors, required).
    not_stereotype: String,
    #[serde(default = "default_context")]
    context: Context,
    /// Words that, right after the hit, make it factual (e.g. "đầu tiên" after "nữ phi công").
    #[serde(default)]
    unless_followed_by: Vec<String>,
    /// In fashion/beauty/pageant stories: "info" (default) or "drop" (not a stereotype there).
    #[serde(default)]
    in_fashion: Option<String>,
}
fn default_context() -> Context {
    Context::Any
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FlagFile {
    meta: Meta,
    entry: Vec<Spanned<RawFlag>>,
}

/// One validated flag rule.
#[derive(Debug, Clone)]
pub struct FlagRule {
    pub id: String,
    pub category: String,
    pub terms: Vec<String>,
    pub target: Gender,
    /// Target both genders (`both` in the file); `target` is then Unknown.
    pub target_both: bool,
    pub severity: Severity,
    pub vi: String,
    pub en: String,
    pub suggest: Vec<String>,
    pub not_stereotype: String,
    pub context: Context,
    pub unless_followed_by: Vec<Vec<String>>,
    /// Drop the hit in fashion/beauty/pageant stories (else it is lowered to info there).
    pub drop_in_fashion: bool,
    /// For GMARK: the marker's gender ("nữ" → female).
    pub marker: Option<String>,
    pub file: String,
    pub line: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    term: String,
    #[serde(default)]
    gender: Option<String>,
    #[serde(default)]
    kind: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonsFile {
    meta: Meta,
    honorific: Vec<Spanned<RawTerm>>,
    anaphor: Vec<Spanned<RawTerm>>,
    person_noun: Vec<Spanned<RawTerm>>,
    gender_marker: Vec<Spanned<RawTerm>>,
    group: Vec<Spanned<RawTerm>>,
    block: Vec<Spanned<RawTerm>>,
    surnames: Vec<String>,
    places: Vec<String>,
    victim: Vec<String>,
    survivor: Vec<String>,
}

/// What a person-vocabulary phrase says.
#[derive(Debug, Clone)]
pub struct PersonTerm {
    pub term: String,
    pub gender: Gender,
    /// honorific | kinship | pronoun | crime (for honorifics); free text elsewhere.
    pub kind: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTitle {
    term: String,
    role: String,
    occupation: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TitlesFile {
    meta: Meta,
    title: Vec<Spanned<RawTitle>>,
    occupations: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct Title {
    pub term: String,
    pub role: crate::model::Role,
    pub occupation: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSay {
    term: String,
    class: String,
    #[serde(default)]
    clause: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SayFile {
    meta: Meta,
    verb: Vec<Spanned<RawSay>>,
    /// "theo", "dẫn lời", … : frames whose object is the speaker.
    according_to: Vec<String>,
    /// Heads of organisation names ("Bộ", "Sở", "Công an") for organisational sources.
    organisation_heads: Vec<String>,
    countries: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct SayVerb {
    pub term: String,
    /// The verb usually takes an object first: content needs ",", ":" or "rằng".
    pub clause: bool,
    /// auth | emo | legal
    pub class: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StanceFile {
    meta: Meta,
    critique: Vec<String>,
    distancing: Vec<String>,
    negation: Vec<String>,
    attribution: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDomain {
    id: String,
    label_vi: String,
    label_en: String,
    terms: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicsFile {
    meta: Meta,
    domain: Vec<Spanned<RawDomain>>,
    lists: TopicLists,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicLists {
    ge_strong: Vec<String>,
    ge_weak: Vec<String>,
    gbv: Vec<String>,
    crime: Vec<String>,
    fashion: Vec<String>,
    policy: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Domain {
    pub id: String,
    pub label_vi: String,
    pub label_en: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAllow {
    term: String,
    #[serde(default)]
    rules: Vec<String>,
    note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowFile {
    meta: Meta,
    allow: Vec<Spanned<RawAllow>>,
}

#[derive(Debug, Clone)]
pub struct Allow {
    pub term: String,
    /// Rule ids or categories this allow-entry suppresses; empty = every flag it covers.
    pub rules: Vec<String>,
    pub note: String,
}

/// The indicator-set configuration (`indicator-set.toml`).
#[derive(Debug, Clone)]
pub struct IndicatorSet {
    pub version: String,
    pub rules: Rules,
    pub topics: TopicThresholds,
    pub quotas: Vec<Quota>,
    pub peak_periods: Vec<PeakPeriod>,
    pub targets: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// An endorsed hit at or above this severity makes the article non-compliant.
    pub max_endorsed_severity: Severity,
    /// Where an article quotes at least this many sources of known gender, one must be a woman.
    pub min_sources_for_balance: u32,
    /// Which categories count in I12 density.
    pub density_categories: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicThresholds {
    /// "strong" GE item: at least this many strong hits …
    pub strong_min: u32,
    /// … or one strong plus at least this many weak hits.
    pub strong_with_weak: u32,
    /// A domain is reported when it has at least this many term hits.
    pub domain_min: u32,
    /// GBV story: at least this many GBV term hits.
    pub gbv_min: u32,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    pub outlet_type: crate::model::OutletType,
    /// month | quarter | half_year | year
    pub per: String,
    pub min_ge_items: u32,
    pub description: String,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct PeakPeriod {
    pub name: String,
    /// "DD/MM"
    pub from: String,
    pub to: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorFile {
    meta: Meta,
    rules: Rules,
    topics: TopicThresholds,
    #[serde(default)]
    quotas: Vec<Quota>,
    #[serde(default)]
    peak_periods: Vec<PeakPeriod>,
    #[serde(default)]
    targets: BTreeMap<String, f64>,
}

/// A name part's gender reading in `names.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prior {
    Female,
    Male,
    /// Used for both; the middle name or the pair decides.
    Both,
    /// Used for both, mostly for women: decided by the middle name first, else female.
    MostlyFemale,
    MostlyMale,
    /// Middle names that decide even against the given name (Thị, Văn, Hữu, Mỹ…).
    StrongFemale,
    StrongMale,
}

impl Prior {
    fn parse(s: &str) -> Option<Prior> {
        Some(match s {
            "female" => Prior::Female,
            "male" => Prior::Male,
            "both" => Prior::Both,
            "mostly_female" => Prior::MostlyFemale,
            "mostly_male" => Prior::MostlyMale,
            "strong_female" => Prior::StrongFemale,
            "strong_male" => Prior::StrongMale,
            _ => return None,
        })
    }
    fn definite(self) -> Option<NameAnswer> {
        match self {
            Prior::Female | Prior::StrongFemale => Some(NameAnswer::Female),
            Prior::Male | Prior::StrongMale => Some(NameAnswer::Male),
            _ => None,
        }
    }
}

/// Given-name gender priors (`names.tsv`).
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub given: HashMap<String, Prior>,
    pub middle: HashMap<String, Prior>,
    /// "middle given" keys, for given names used for both genders (Tuấn Anh vs Vân Anh).
    pub pair: HashMap<String, Prior>,
    /// Full-name overrides from `overrides.tsv` (user-maintained).
    pub overrides: HashMap<String, Gender>,
}

/// How a name was answered, for `eval names`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameAnswer {
    Female,
    Male,
    Both,
    Unknown,
}

impl NameAnswer {
    pub fn gender(self) -> Gender {
        match self {
            NameAnswer::Female => Gender::Female,
            NameAnswer::Male => Gender::Male,
            _ => Gender::Unknown,
        }
    }
}

impl Names {
    /// Gender read from a name without the surname (middle + given, or just given).
    ///
    /// Order: a listed pair; the middle names Thị/Văn (near-categorical); a given name that is
    /// clearly one gender; the nearest middle name that is (as a middle name, or failing that
    /// as a given name: "Vân Anh" reads Vân); the given name's leaning; else both/unknown.
    pub fn guess(&self, name: &str) -> NameAnswer {
        let keys = phrase_keys(name);
        let Some(given) = keys.last() else {
            return NameAnswer::Unknown;
        };
        let middles = &keys[..keys.len() - 1];
        if let Some(m) = middles.last()
            && let Some(p) = self.pair.get(&format!("{m} {given}"))
        {
            return p.definite().unwrap_or(NameAnswer::Both);
        }
        for m in middles {
            match self.middle.get(m) {
                Some(Prior::StrongFemale) => return NameAnswer::Female,
                Some(Prior::StrongMale) => return NameAnswer::Male,
                _ => {}
            }
        }
        let g = self.given.get(given).copied();
        if let Some(a) = g.and_then(Prior::definite) {
            return a;
        }
        for m in middles.iter().rev() {
            if let Some(a) = self.middle.get(m).and_then(|p| p.definite()) {
                return a;
            }
            if let Some(a) = self.given.get(m).and_then(|p| p.definite()) {
                return a;
            }
        }
        match g {
            Some(Prior::MostlyFemale) => NameAnswer::Female,
            Some(Prior::MostlyMale) => NameAnswer::Male,
            Some(_) => NameAnswer::Both,
            None => NameAnswer::Unknown,
        }
    }
}

/// What a phrase in the shared automaton stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhraseKind {
    Flag(usize),
    Allow(usize),
    Honorific(usize),
    Anaphor(usize),
    PersonNoun(usize),
    GenderMarker(usize),
    Group,
    Block,
    Victim,
    Survivor,
    Title(usize),
    Say(usize),
    AccordingTo,
    OrgHead,
    Country,
    Critique,
    Distancing,
    Negation,
    Attribution,
    Domain(usize),
    GeStrong,
    GeWeak,
    Gbv,
    Crime,
    Fashion,
    Policy(usize),
}

/// All lexicons, validated, with one automaton over every phrase.
pub struct Lexicons {
    pub dir: PathBuf,
    pub versions: BTreeMap<String, String>,
    pub set: IndicatorSet,
    pub flags: Vec<FlagRule>,
    pub allow: Vec<Allow>,
    pub honorifics: Vec<PersonTerm>,
    pub anaphors: Vec<PersonTerm>,
    pub person_nouns: Vec<PersonTerm>,
    pub gender_markers: Vec<PersonTerm>,
    pub surnames: std::collections::HashSet<String>,
    /// Place names (joined syllable keys) that look like personal names.
    pub places: std::collections::HashSet<String>,
    pub titles: Vec<Title>,
    pub occupations: BTreeMap<String, String>,
    pub say: Vec<SayVerb>,
    pub domains: Vec<Domain>,
    pub policies: Vec<String>,
    pub names: Names,
    automaton: AhoCorasick,
    /// pattern id → what it means (a phrase may belong to several lists).
    meanings: Vec<Vec<PhraseKind>>,
    /// pattern id → number of syllables.
    lens: Vec<usize>,
}

impl fmt::Debug for Lexicons {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lexicons")
            .field("dir", &self.dir)
            .field("versions", &self.versions)
            .field("patterns", &self.lens.len())
            .finish()
    }
}

/// A lexicon phrase found in a text, as a range of *key positions* mapped back to tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub kind: PhraseKind,
    /// Token range `[start, end)` in the document.
    pub tokens: (usize, usize),
}

/// The per-document syllable key stream.
pub struct KeyStream {
    text: String,
    /// (byte offset in `text` where a key starts, token index)
    starts: Vec<(usize, usize)>,
}

impl KeyStream {
    /// Build from tokens: letters/digits only; quotes, commas, brackets and dashes are
    /// transparent (scare quotes must not hide a term); sentence punctuation is a barrier.
    pub fn new(tokens: &[crate::text::Token], original: &str) -> KeyStream {
        use crate::text::TokenClass as C;
        let mut text = String::with_capacity(original.len() + tokens.len() * 2 + 2);
        let mut starts = Vec::with_capacity(tokens.len() + 8);
        text.push(' ');
        for (i, t) in tokens.iter().enumerate() {
            let class = if is_punct(t) && !matches!(t.class, C::Url | C::Email) {
                C::Punct
            } else {
                t.class
            };
            match class {
                C::Punct | C::Symbol => {
                    let c = t.norm.chars().next().unwrap_or(' ');
                    let barrier = match c {
                        '!' | '?' | ';' | ':' | '…' => true,
                        '.' => tokens.get(i + 1).is_none_or(|n| n.span.start > t.span.end),
                        _ => false,
                    };
                    if barrier {
                        text.push_str("| ");
                    }
                }
                C::Url | C::Email => text.push_str("| "),
                _ => {
                    // a line break between tokens is a barrier too
                    if i > 0 {
                        let gap = &original[tokens[i - 1].span.end.min(t.span.start)..t.span.start];
                        if gap.contains('\n') {
                            text.push_str("| ");
                        }
                    }
                    if t.lower.contains(['.', '-', '/']) {
                        for part in t.lower.split(['.', '-', '/']).filter(|p| !p.is_empty()) {
                            starts.push((text.len(), i));
                            syllable_key_into(part, &mut text);
                            text.push(' ');
                        }
                    } else {
                        starts.push((text.len(), i));
                        syllable_key_into(&t.lower, &mut text);
                        text.push(' ');
                    }
                }
            }
        }
        KeyStream { text, starts }
    }

    fn token_at(&self, byte: usize) -> Option<usize> {
        self.starts
            .binary_search_by_key(&byte, |&(b, _)| b)
            .ok()
            .map(|k| self.starts[k].1)
    }
}

impl Lexicons {
    /// Every phrase occurrence in the key stream (overlapping), in order of start.
    pub fn find(&self, ks: &KeyStream) -> Vec<Hit> {
        let mut out = Vec::new();
        for m in self.automaton.find_overlapping_iter(&ks.text) {
            // pattern is " a b " → first key starts at m.start()+1; last key ends at m.end()-1
            let Some(first) = ks.token_at(m.start() + 1) else {
                continue;
            };
            let pid = m.pattern().as_usize();
            // the last key's token: find the key that starts before m.end()-1
            let k = ks.starts.partition_point(|&(b, _)| b < m.end() - 1);
            let last = ks.starts[k.saturating_sub(1)].1;
            let _ = self.lens[pid];
            for &kind in &self.meanings[pid] {
                out.push(Hit {
                    kind,
                    tokens: (first, last + 1),
                });
            }
        }
        out.sort_by_key(|h| (h.tokens.0, h.tokens.1));
        out
    }

    /// Load every lexicon from `dir`, validating as we go.
    pub fn load(dir: &Path) -> Result<Lexicons, LexiconError> {
        let mut b = Builder::default();
        let mut versions = BTreeMap::new();

        // indicator set
        let (src, path) = read(dir, "indicator-set.toml")?;
        let f: IndicatorFile = parse(&src, &path)?;
        let set = IndicatorSet {
            version: f.meta.version.clone(),
            rules: f.rules,
            topics: f.topics,
            quotas: f.quotas,
            peak_periods: f.peak_periods,
            targets: f.targets,
        };
        check_version(&f.meta, &path)?;
        versions.insert("indicator-set".to_string(), f.meta.version);
        for c in &set.rules.density_categories {
            if !CATEGORIES.contains(&c.as_str()) {
                return Err(err(
                    &path,
                    1,
                    format!("unknown category {c:?} in density_categories"),
                ));
            }
        }

        // flag lexicons
        let mut flags = Vec::new();
        for (file, cat) in FLAG_FILES {
            let (src, path) = read(dir, file)?;
            let f: FlagFile = parse(&src, &path)?;
            check_version(&f.meta, &path)?;
            if f.meta.category.as_deref() != Some(cat) {
                return Err(err(&path, 1, format!("[meta] category must be \"{cat}\"")));
            }
            versions.insert(file.trim_end_matches(".toml").to_string(), f.meta.version);
            for e in f.entry {
                let line = line_of(&src, e.span().start);
                let e = e.into_inner();
                let rule = validate_flag(e, cat, &path, line)?;
                let idx = flags.len();
                for t in &rule.terms {
                    b.add(t, PhraseKind::Flag(idx), &path, line)?;
                }
                flags.push(rule);
            }
        }
        let mut seen = HashMap::new();
        for r in &flags {
            if let Some(prev) = seen.insert(r.id.clone(), (r.file.clone(), r.line)) {
                return Err(LexiconError {
                    file: PathBuf::from(&r.file),
                    line: r.line,
                    message: format!(
                        "duplicate rule id {:?} (first defined at {}:{})",
                        r.id, prev.0, prev.1
                    ),
                });
            }
        }

        // allow-list
        let (src, path) = read(dir, "allow.toml")?;
        let f: AllowFile = parse(&src, &path)?;
        check_version(&f.meta, &path)?;
        versions.insert("allow".into(), f.meta.version);
        let mut allow = Vec::new();
        for e in f.allow {
            let line = line_of(&src, e.span().start);
            let e = e.into_inner();
            for r in &e.rules {
                if !CATEGORIES.contains(&r.as_str()) && !seen.contains_key(r) {
                    return Err(err(&path, line, format!("unknown rule or category {r:?}")));
                }
            }
            if e.note.trim().is_empty() {
                return Err(err(
                    &path,
                    line,
                    "allow entry needs a note saying why".into(),
                ));
            }
            b.add(&e.term, PhraseKind::Allow(allow.len()), &path, line)?;
            allow.push(Allow {
                term: e.term,
                rules: e.rules,
                note: e.note,
            });
        }

        // persons
        let (src, path) = read(dir, "persons.toml")?;
        let f: PersonsFile = parse(&src, &path)?;
        check_version(&f.meta, &path)?;
        versions.insert("persons".into(), f.meta.version);
        let mut lists: [Vec<PersonTerm>; 4] = Default::default();
        for (li, (items, need_gender)) in [
            (f.honorific, true),
            (f.anaphor, true),
            (f.person_noun, true),
            (f.gender_marker, true),
        ]
        .into_iter()
        .enumerate()
        {
            for e in items {
                let line = line_of(&src, e.span().start);
                let e = e.into_inner();
                let gender = match e.gender.as_deref() {
                    Some(g) => parse_gender(g).ok_or_else(|| {
                        err(
                            &path,
                            line,
                            format!("gender must be female, male or unknown, not {g:?}"),
                        )
                    })?,
                    None if need_gender => {
                        return Err(err(&path, line, "missing gender".into()));
                    }
                    None => Gender::Unknown,
                };
                let idx = lists[li].len();
                let kind = match li {
                    0 => PhraseKind::Honorific(idx),
                    1 => PhraseKind::Anaphor(idx),
                    2 => PhraseKind::PersonNoun(idx),
                    _ => PhraseKind::GenderMarker(idx),
                };
                b.add(&e.term, kind, &path, line)?;
                lists[li].push(PersonTerm {
                    term: e.term,
                    gender,
                    kind: e.kind.unwrap_or_default(),
                });
            }
        }
        let [honorifics, anaphors, person_nouns, gender_markers] = lists;
        for (items, kind) in [(f.group, PhraseKind::Group), (f.block, PhraseKind::Block)] {
            for e in items {
                let line = line_of(&src, e.span().start);
                b.add(&e.get_ref().term, kind, &path, line)?;
            }
        }
        for t in &f.victim {
            b.add(t, PhraseKind::Victim, &path, 0)?;
        }
        for t in &f.survivor {
            b.add(t, PhraseKind::Survivor, &path, 0)?;
        }
        let surnames = f.surnames.iter().map(|s| syllable_key(s)).collect();
        let places = f.places.iter().map(|s| phrase_keys(s).join(" ")).collect();

        // titles
        let (src, path) = read(dir, "titles.toml")?;
        let f: TitlesFile = parse(&src, &path)?;
        check_version(&f.meta, &path)?;
        versions.insert("titles".into(), f.meta.version);
        let mut titles = Vec::new();
        for e in f.title {
            let line = line_of(&src, e.span().start);
            let e = e.into_inner();
            let role = match e.role.as_str() {
                "expert" => crate::model::Role::Expert,
                "official" => crate::model::Role::Official,
                "citizen" => crate::model::Role::Citizen,
                "subject" => crate::model::Role::Subject,
                "other" => crate::model::Role::Other,
                r => {
                    return Err(err(
                        &path,
                        line,
                        format!(
                            "role must be expert, official, citizen, subject or other, not {r:?}"
                        ),
                    ));
                }
            };
            if !f.occupations.contains_key(&e.occupation) {
                return Err(err(
                    &path,
                    line,
                    format!("occupation {:?} is not in [occupations]", e.occupation),
                ));
            }
            b.add(&e.term, PhraseKind::Title(titles.len()), &path, line)?;
            titles.push(Title {
                term: e.term,
                role,
                occupation: e.occupation,
            });
        }
        let occupations = f.occupations;

        // reporting verbs
        let (src, path) = read(dir, "say.toml")?;
        let f: SayFile = parse(&src, &path)?;
        check_version(&f.meta, &path)?;
        versions.insert("say".into(), f.meta.version);
        let mut say = Vec::new();
        for e in f.verb {
            let line = line_of(&src, e.span().start);
            let e = e.into_inner();
            if !["auth", "emo", "legal"].contains(&e.class.as_str()) {
                return Err(err(
                    &path,
                    line,
                    format!("class must be auth, emo or legal, not {:?}", e.class),
                ));
            }
            b.add(&e.term, PhraseKind::Say(say.len()), &path, line)?;
            say.push(SayVerb {
                clause: e.clause,
                term: e.term,
                class: e.class,
            });
        }
        for t in &f.according_to {
            b.add(t, PhraseKind::AccordingTo, &path, 0)?;
        }
        for t in &f.organisation_heads {
            b.add(t, PhraseKind::OrgHead, &path, 0)?;
        }
        for t in &f.countries {
            b.add(t, PhraseKind::Country, &path, 0)?;
        }

        // stance cues
        let (src, path) = read(dir, "stance.toml")?;
        let f: StanceFile = parse(&src, &path)?;
        check_version(&f.meta, &path)?;
        versions.insert("stance".into(), f.meta.version);
        for (list, kind) in [
            (&f.critique, PhraseKind::Critique),
            (&f.distancing, PhraseKind::Distancing),
            (&f.negation, PhraseKind::Negation),
            (&f.attribution, PhraseKind::Attribution),
        ] {
            for t in list {
                b.add(t, kind, &path, 0)?;
            }
        }

        // topics
        let (src, path) = read(dir, "topics.toml")?;
        let f: TopicsFile = parse(&src, &path)?;
        check_version(&f.meta, &path)?;
        versions.insert("topics".into(), f.meta.version);
        let mut domains = Vec::new();
        for d in f.domain {
            let line = line_of(&src, d.span().start);
            let d = d.into_inner();
            for t in &d.terms {
                b.add(t, PhraseKind::Domain(domains.len()), &path, line)?;
            }
            domains.push(Domain {
                id: d.id,
                label_vi: d.label_vi,
                label_en: d.label_en,
            });
        }
        let l = f.lists;
        for (list, kind) in [
            (&l.ge_strong, PhraseKind::GeStrong),
            (&l.ge_weak, PhraseKind::GeWeak),
            (&l.gbv, PhraseKind::Gbv),
            (&l.crime, PhraseKind::Crime),
            (&l.fashion, PhraseKind::Fashion),
        ] {
            for t in list {
                b.add(t, kind, &path, 0)?;
            }
        }
        for (i, t) in l.policy.iter().enumerate() {
            b.add(t, PhraseKind::Policy(i), &path, 0)?;
        }
        let policies = l.policy;

        // names
        let (names, v) = load_names(dir)?;
        versions.insert("names".into(), v);

        let (automaton, meanings, lens) = b.build();
        Ok(Lexicons {
            dir: dir.to_path_buf(),
            versions,
            set,
            flags,
            allow,
            honorifics,
            anaphors,
            person_nouns,
            gender_markers,
            surnames,
            places,
            titles,
            occupations,
            say,
            domains,
            policies,
            names,
            automaton,
            meanings,
            lens,
        })
    }

    /// Is this syllable (any case) a Vietnamese surname?
    pub fn is_surname(&self, s: &str) -> bool {
        self.surnames.contains(&syllable_key(s))
    }
}

/// The flag categories a lexicon may declare.
pub const CATEGORIES: &[&str] = &[
    "STEREO",
    "BENEVOLENT",
    "APPEAR",
    "DEROG",
    "GMARK",
    "FAMILY",
    "GBV",
];

const FLAG_FILES: &[(&str, &str)] = &[
    ("stereo.toml", "STEREO"),
    ("benevolent.toml", "BENEVOLENT"),
    ("appear.toml", "APPEAR"),
    ("derog.toml", "DEROG"),
    ("gmark.toml", "GMARK"),
    ("family.toml", "FAMILY"),
    ("gbv.toml", "GBV"),
];

#[derive(Default)]
struct Builder {
    ids: HashMap<String, usize>,
    patterns: Vec<String>,
    meanings: Vec<Vec<PhraseKind>>,
    lens: Vec<usize>,
}

impl Builder {
    fn add(
        &mut self,
        phrase: &str,
        kind: PhraseKind,
        file: &Path,
        line: usize,
    ) -> Result<(), LexiconError> {
        let keys = phrase_keys(phrase);
        if keys.is_empty() {
            return Err(err(file, line.max(1), format!("empty term {phrase:?}")));
        }
        let pat = format!(" {} ", keys.join(" "));
        let id = *self.ids.entry(pat.clone()).or_insert_with(|| {
            self.patterns.push(pat);
            self.meanings.push(Vec::new());
            self.lens.push(keys.len());
            self.patterns.len() - 1
        });
        if !self.meanings[id].contains(&kind) {
            self.meanings[id].push(kind);
        }
        Ok(())
    }
    fn build(self) -> (AhoCorasick, Vec<Vec<PhraseKind>>, Vec<usize>) {
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&self.patterns)
            .expect("lexicon automaton (patterns are small, non-empty strings)");
        (ac, self.meanings, self.lens)
    }
}

fn validate_flag(
    e: RawFlag,
    cat: &str,
    path: &Path,
    line: usize,
) -> Result<FlagRule, LexiconError> {
    let bad = |m: String| err(path, line, m);
    if e.id.trim().is_empty() || !e.id.starts_with(cat) {
        return Err(bad(format!("rule id {:?} must start with {cat}", e.id)));
    }
    let (target, target_both) = match e.target.as_str() {
        "female" => (Gender::Female, false),
        "male" => (Gender::Male, false),
        "both" => (Gender::Unknown, true),
        t => {
            return Err(bad(format!(
                "target must be female, male or both, not {t:?}"
            )));
        }
    };
    let severity = match e.severity.as_str() {
        "info" => Severity::Info,
        "warning" => Severity::Warning,
        "error" => Severity::Error,
        s => {
            return Err(bad(format!(
                "severity must be info, warning or error, not {s:?}"
            )));
        }
    };
    for (name, v) in [
        ("vi", &e.vi),
        ("en", &e.en),
        ("not_stereotype", &e.not_stereotype),
    ] {
        if v.trim().is_empty() {
            return Err(bad(format!("{} of rule {} is empty", name, e.id)));
        }
    }
    let mut terms = e.terms;
    if let Some(m) = &e.marker {
        if e.roles.is_empty() {
            return Err(bad("marker given without roles".into()));
        }
        terms.extend(e.roles.iter().map(|r| format!("{m} {r}")));
    } else if !e.roles.is_empty() {
        return Err(bad("roles given without marker".into()));
    }
    if terms.is_empty() {
        return Err(bad(format!("rule {} has no terms", e.id)));
    }
    let drop_in_fashion = match e.in_fashion.as_deref() {
        None | Some("info") => false,
        Some("drop") => true,
        Some(x) => return Err(bad(format!("in_fashion must be info or drop, not {x:?}"))),
    };
    if let Some(t) = terms.iter().find(|t| phrase_keys(t).is_empty()) {
        return Err(bad(format!("empty term {t:?}")));
    }
    Ok(FlagRule {
        id: e.id,
        category: cat.to_string(),
        terms,
        target,
        target_both,
        severity,
        vi: e.vi,
        en: e.en,
        suggest: e.suggest,
        not_stereotype: e.not_stereotype,
        context: e.context,
        unless_followed_by: e
            .unless_followed_by
            .iter()
            .map(|s| phrase_keys(s))
            .collect(),
        drop_in_fashion,
        marker: e.marker,
        file: path.display().to_string(),
        line,
    })
}

fn load_names(dir: &Path) -> Result<(Names, String), LexiconError> {
    let (src, path) = read(dir, "names.tsv")?;
    let mut names = Names::default();
    let mut version = None;
    for (i, line) in src.lines().enumerate() {
        let ln = i + 1;
        let l = line.trim_end_matches('\r');
        if let Some(rest) = l.strip_prefix('#') {
            if let Some(v) = rest.trim().strip_prefix("version:") {
                version = Some(v.trim().to_string());
            }
            continue;
        }
        if l.trim().is_empty() || l.starts_with("part\t") {
            continue;
        }
        let cols: Vec<&str> = l.split('\t').collect();
        if cols.len() != 3 {
            return Err(err(
                &path,
                ln,
                format!(
                    "expected 3 tab-separated columns (part, name, gender), found {}",
                    cols.len()
                ),
            ));
        }
        let g = Prior::parse(cols[2].trim()).ok_or_else(|| {
            err(
                &path,
                ln,
                format!(
                    "gender must be female, male, both, mostly_female, mostly_male, strong_female or strong_male, not {:?}",
                    cols[2]
                ),
            )
        })?;
        let keys = phrase_keys(cols[1]);
        let map = match cols[0].trim() {
            "given" if keys.len() == 1 => &mut names.given,
            "middle" if keys.len() == 1 => &mut names.middle,
            "pair" if keys.len() == 2 => &mut names.pair,
            p => {
                return Err(err(
                    &path,
                    ln,
                    format!(
                        "part {p:?} with {} syllable(s): use given/middle (1 syllable) or pair (2)",
                        keys.len()
                    ),
                ));
            }
        };
        let k = keys.join(" ");
        if let Some(prev) = map.insert(k.clone(), g)
            && prev != g
        {
            return Err(err(
                &path,
                ln,
                format!("{:?} listed twice with different genders", cols[1]),
            ));
        }
    }
    let version = version.ok_or_else(|| err(&path, 1, "missing '# version: X' line".into()))?;
    // optional user overrides
    let opath = dir.join("overrides.tsv");
    if let Ok(src) = std::fs::read_to_string(&opath) {
        for (i, line) in src.lines().enumerate() {
            let l = line.trim_end_matches('\r');
            if l.starts_with('#') || l.trim().is_empty() || l.starts_with("name\t") {
                continue;
            }
            let cols: Vec<&str> = l.split('\t').collect();
            let g = cols.get(1).and_then(|g| parse_gender(g.trim()));
            match (cols.len(), g) {
                (2, Some(g)) => {
                    names.overrides.insert(phrase_keys(cols[0]).join(" "), g);
                }
                _ => {
                    return Err(err(
                        &opath,
                        i + 1,
                        "expected 'full name<TAB>female|male|unknown'".into(),
                    ));
                }
            }
        }
    }
    Ok((names, version))
}

fn parse_gender(g: &str) -> Option<Gender> {
    match g {
        "female" => Some(Gender::Female),
        "male" => Some(Gender::Male),
        "unknown" => Some(Gender::Unknown),
        _ => None,
    }
}

fn read(dir: &Path, name: &str) -> Result<(String, PathBuf), LexiconError> {
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(s) => Ok((s, path)),
        Err(e) => Err(LexiconError {
            file: path,
            line: 0,
            message: format!(
                "cannot read lexicon file: {e} (set CHISOGIOI_LEXICONS to the lexicons/ folder)"
            ),
        }),
    }
}

fn parse<T: serde::de::DeserializeOwned>(src: &str, path: &Path) -> Result<T, LexiconError> {
    toml::from_str(src).map_err(|e| {
        let line = e.span().map(|s| line_of(src, s.start)).unwrap_or(0);
        LexiconError {
            file: path.to_path_buf(),
            line,
            message: e.message().to_string(),
        }
    })
}

fn check_version(m: &Meta, path: &Path) -> Result<(), LexiconError> {
    let _ = &m.description;
    if m.version.trim().is_empty() {
        return Err(err(path, 1, "[meta] version is empty".into()));
    }
    Ok(())
}

fn line_of(src: &str, byte: usize) -> usize {
    src.as_bytes()[..byte.min(src.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn err(path: &Path, line: usize, message: String) -> LexiconError {
    LexiconError {
        file: path.to_path_buf(),
        line,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_placement_and_eth_fold_to_one_key() {
        assert_eq!(syllable_key("Hòa"), syllable_key("hoà"));
        assert_eq!(syllable_key("Thủy"), syllable_key("thuỷ"));
        assert_eq!(syllable_key("Ðức"), syllable_key("Đức"));
        // NFD input
        assert_eq!(syllable_key("ho\u{0300}a"), syllable_key("hòa"));
        assert_ne!(syllable_key("Thu"), syllable_key("Thư"));
    }

    #[test]
    fn phrase_keys_split_on_punctuation() {
        assert_eq!(phrase_keys("PGS.TS"), vec!["pgs", "ts"]);
        assert_eq!(phrase_keys("giỏi việc nước, đảm việc nhà").len(), 6);
    }
}
