//! The records that flow between pipeline stages.
//!
//! These types are the contract between stages: `extract` produces [`Article`]s,
//! the analysers turn one [`Article`] into one [`Scorecard`], `index` stores both,
//! and `report`/`web` read them back. They are plain serde structs so every stage
//! can be run separately (JSONL in, JSONL out) and a researcher can re-read them.

use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` into a text exactly as the user supplied it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Where a span starts or ends, in the units different consumers need:
/// terminals count Unicode scalar values, web editors count UTF-16 code units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in Unicode scalar values.
    pub column: usize,
    /// 1-based column in UTF-16 code units.
    pub utf16_column: usize,
}

/// Gender as the indicator set counts it. `Unknown` is always reported.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Female,
    Male,
    #[default]
    Unknown,
}

impl Gender {
    pub fn as_str(&self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
            Gender::Unknown => "unknown",
        }
    }
}

/// What kind of item an outlet published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    #[default]
    Article,
    Video,
    Audio,
}

/// One extracted article (or broadcast item with its description/transcript).
///
/// `text` is the body as paragraphs joined by `\n`; analysers score
/// `title + "\n" + sapo + "\n" + text` (see [`Article::analysis_text`]), which is the
/// same convention the gold format uses for `title + "\n" + text` when `sapo` is empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Article {
    /// Stable id: the caller's id, or derived from the normalised URL.
    pub id: String,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub canonical_url: Option<String>,
    #[serde(default)]
    pub title: String,
    /// The lead paragraph ("sapo").
    #[serde(default)]
    pub sapo: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub captions: Vec<String>,
    #[serde(default)]
    pub author: Option<String>,
    /// Publication time, RFC 3339 with offset (Vietnam is UTC+7), or a plain date `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub kind: ItemKind,
}

/// Which part of an article a span of the analysis text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Title,
    Sapo,
    Body,
    Caption,
}

impl Article {
    /// The single string the analysers read, and the parts it is made of.
    ///
    /// Layout: title, `\n`, sapo (if any) and `\n`, body, then each caption on its own line.
    /// Spans in a [`Scorecard`] index into this string.
    pub fn analysis_text(&self) -> (String, Vec<(Part, Span)>) {
        let mut s = String::with_capacity(
            self.title.len()
                + self.sapo.len()
                + self.text.len()
                + 8
                + self.captions.iter().map(|c| c.len() + 1).sum::<usize>(),
        );
        let mut parts = Vec::with_capacity(3 + self.captions.len());
        let mut push = |s: &mut String, part: Part, t: &str| {
            let start = s.len();
            s.push_str(t);
            parts.push((part, Span::new(start, s.len())));
        };
        push(&mut s, Part::Title, &self.title);
        s.push('\n');
        if !self.sapo.is_empty() {
            push(&mut s, Part::Sapo, &self.sapo);
            s.push('\n');
        }
        push(&mut s, Part::Body, &self.text);
        for c in &self.captions {
            s.push('\n');
            push(&mut s, Part::Caption, c);
        }
        (s, parts)
    }
}

/// The function a person has in the story (GMMP functions, as in the gold format).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Expert,
    Official,
    Citizen,
    Subject,
    #[default]
    Other,
}

/// Which evidence decided a person's gender (strongest first, as in the spec).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GenderEvidence {
    Honorific,
    GenderedRoleNoun,
    Anaphor,
    MiddleName,
    GivenNamePrior,
    Override,
    None,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// Article-local id ("p1", "p2", …).
    pub id: String,
    pub name: String,
    pub gender: Gender,
    pub evidence: GenderEvidence,
    /// The words that carried the evidence, e.g. "bà" or "Thị".
    #[serde(default)]
    pub evidence_text: Option<String>,
    pub role: Role,
    /// The title or role noun as written, e.g. "Giám đốc Sở Y tế".
    #[serde(default)]
    pub title: Option<String>,
    /// Occupation class (the project's Vietnamese mapping of GMMP occupation codes).
    #[serde(default)]
    pub occupation: Option<String>,
    pub mentions: Vec<Span>,
    pub in_title: bool,
    pub in_sapo: bool,
    pub in_caption: bool,
    pub is_author: bool,
    #[serde(default)]
    pub family_words: Vec<String>,
    #[serde(default)]
    pub appearance_words: Vec<String>,
    #[serde(default)]
    pub victim: bool,
    #[serde(default)]
    pub survivor: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerKind {
    Person,
    Organisation,
    Unattributed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub span: Span,
    pub direct: bool,
    #[serde(default)]
    pub verb: Option<String>,
    pub speaker_kind: SpeakerKind,
    /// A [`Person::id`] when the speaker is a person.
    #[serde(default)]
    pub speaker: Option<String>,
    /// The organisation's name when the speaker is one.
    #[serde(default)]
    pub organisation: Option<String>,
    /// Number of syllables quoted (for I04, "space").
    pub syllables: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Endorsed,
    Quoted,
    Critiqued,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    pub rule: String,
    /// STEREO, BENEVOLENT, APPEAR, DEROG, GMARK, FAMILY, GBV.
    pub category: String,
    pub span: Span,
    /// The matched text exactly as written.
    pub text: String,
    pub stance: Stance,
    pub severity: Severity,
    pub target: Gender,
    pub explanation_vi: String,
    pub explanation_en: String,
    #[serde(default)]
    pub suggestions: Vec<String>,
    /// The person the hit is attached to, if any.
    #[serde(default)]
    pub person: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Topics {
    /// Law on Gender Equality domains (Articles 11–18) the article touches.
    pub domains: Vec<String>,
    /// "strong", "weak" or none.
    pub ge_topic: Option<String>,
    pub gbv: bool,
    pub policy_reference: bool,
    #[serde(default)]
    pub policies: Vec<String>,
}

/// A women share with everything needed to publish it honestly.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct Share {
    pub female: u32,
    pub male: u32,
    pub unknown: u32,
}

impl Share {
    /// women ÷ (women + men); `None` when there is nobody of known gender.
    pub fn women_share(&self) -> Option<f64> {
        let known = self.female + self.male;
        (known > 0).then(|| self.female as f64 / known as f64)
    }
    pub fn add(&mut self, g: Gender) {
        match g {
            Gender::Female => self.female += 1,
            Gender::Male => self.male += 1,
            Gender::Unknown => self.unknown += 1,
        }
    }
    pub fn total(&self) -> u32 {
        self.female + self.male + self.unknown
    }
}

/// Versions of the indicator set and each lexicon that produced a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Versions {
    pub indicator_set: String,
    pub lexicons: std::collections::BTreeMap<String, String>,
    pub engine: String,
}

/// One article's full measurement. Spans index into [`Article::analysis_text`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Scorecard {
    pub article_id: String,
    pub versions: Versions,
    pub syllables: usize,
    pub people: Vec<Person>,
    pub quotes: Vec<Quote>,
    pub flags: Vec<Flag>,
    pub topics: Topics,
    pub indicators: Indicators,
    /// I20 at article level: does this article meet the configured rule?
    pub compliant: bool,
    /// Why not, in rule ids.
    #[serde(default)]
    pub violations: Vec<String>,
}

/// Per-article indicator values I01–I19 (I20 is per outlet-period and lives in `report`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Indicators {
    /// I01 unique persons mentioned.
    pub i01_people: Share,
    /// I02 persons with ≥1 attributed quote.
    pub i02_sources: Share,
    /// I03 sources quoted verbatim at least once.
    pub i03_direct_sources: Share,
    /// I04 quoted syllables by speaker gender.
    pub i04_quoted_syllables: Share,
    /// I05 sources in expert roles.
    pub i05_expert_sources: Share,
    /// I06 sources in official/spokesperson roles.
    pub i06_official_sources: Share,
    /// I07 citizen sources.
    pub i07_citizen_sources: Share,
    /// I08 persons by occupation class.
    pub i08_occupations: std::collections::BTreeMap<String, Share>,
    /// I09 persons described by a family-role word.
    pub i09_family: Share,
    /// I10 persons with appearance words attached.
    pub i10_appearance: Share,
    /// I11 persons framed as victims.
    pub i11_victim: Share,
    /// I11 persons framed as survivors.
    pub i11_survivor: Share,
    /// I12 endorsed STEREO/DEROG/GBV… hits per 1,000 syllables, by category.
    pub i12_density: std::collections::BTreeMap<String, f64>,
    /// I12 endorsed hit counts by category.
    pub i12_hits: std::collections::BTreeMap<String, u32>,
    /// I13 "nữ + nghề" marks.
    pub i13_marked_female: u32,
    /// I13 "nam + nghề" marks.
    pub i13_marked_male: u32,
    /// I14 the central person(s) are women.
    pub i14_women_central: bool,
    /// I15 persons named in title, sapo and captions.
    pub i15_prominent: Share,
    /// I16 cites gender-equality law or policy.
    pub i16_policy: bool,
    /// I17 about gender equality / GBV / women's rights / achievements.
    pub i17_ge_topic: bool,
    /// I18 byline gender (cross-tabulated with I02 downstream).
    pub i18_author_gender: Gender,
    /// I19 sources the newsroom chose, excluding the central newsmaker.
    pub i19_chosen_sources: Share,
}

/// The kind of outlet, which decides which quotas apply.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum OutletType {
    NationalPress,
    ProvincialPress,
    Broadcaster,
    MediaCentre,
    GovernmentPortal,
    CommunePortal,
    Magazine,
    #[default]
    Other,
}

impl OutletType {
    pub fn as_str(&self) -> &'static str {
        match self {
            OutletType::NationalPress => "national_press",
            OutletType::ProvincialPress => "provincial_press",
            OutletType::Broadcaster => "broadcaster",
            OutletType::MediaCentre => "media_centre",
            OutletType::GovernmentPortal => "government_portal",
            OutletType::CommunePortal => "commune_portal",
            OutletType::Magazine => "magazine",
            OutletType::Other => "other",
        }
    }
}

/// One outlet of the registry (`corpus/outlets.toml`, `[[outlet]]` tables).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Outlet {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: OutletType,
    #[serde(default)]
    pub province: Option<String>,
    pub home: String,
    #[serde(default)]
    pub feeds: Vec<String>,
    #[serde(default)]
    pub sitemaps: Vec<String>,
    /// Section pages to discover links from when there are no feeds.
    #[serde(default)]
    pub sections: Vec<String>,
    /// CSS-selector overrides for extraction: field name → selector.
    #[serde(default)]
    pub selectors: std::collections::BTreeMap<String, String>,
    /// Facts not confirmed against the live site.
    #[serde(default)]
    pub unverified: bool,
    /// Politeness override: minimum seconds between two requests to this outlet's hosts
    /// (the crawler uses the largest of this, the command-line default and robots Crawl-delay).
    #[serde(default)]
    pub min_interval_secs: Option<f64>,
    /// Politeness override: at most this many requests in flight to one of its hosts.
    #[serde(default)]
    pub max_in_flight: Option<usize>,
    /// Regular expression an article URL must match when links are discovered on section pages.
    #[serde(default)]
    pub article_pattern: Option<String>,
    /// How many pages of each section to follow (pagination), default 20.
    #[serde(default)]
    pub max_section_pages: Option<usize>,
    /// Free-text notes for maintainers (where a fact came from, what to verify).
    #[serde(default)]
    pub notes: Option<String>,
}
