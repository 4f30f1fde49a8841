//! Word segmentation: syllables → words ("chủ tịch", "Bùi Văn Luyến").
//!
//! Vietnamese writes a space between every syllable, so finding words means
//! deciding, for each gap between two syllables, whether it is *inside* a word.
//! We do that left to right with an averaged perceptron over hashed features:
//! - the syllables around the gap (uni-, bi-, tri-grams, lower-cased, normalised);
//! - their shapes (lower/Capitalised/UPPER syllable, foreign, number, punct…),
//!   which is how proper names ("Bùi Văn Luyến") and numbers are learned;
//! - the previous decision and the length of the word so far;
//! - dictionary matches: the longest known word covering the gap, ending just
//!   before it and starting just after it. The dictionary is the multi-syllable
//!   words of the training data, stored as hashes inside the model file. While
//!   training, each sentence sees a dictionary built from the *other* folds
//!   (jack-knifing), so the model learns how far to trust a dictionary match
//!   on words it has not seen, instead of learning that the dictionary is always right;
//! - matches in the project's own word list (`dict/*.txt`, ~12,800 words), the
//!   same way. Entries the training treebank writes as separate words more often
//!   than as one ("cho biết") are dropped at training time, per fold, so the list
//!   follows the treebank's conventions; the kept list travels in the model file;
//! - reduplication cues (same syllable, same initial letter).
//!
//! Greedy decoding keeps it fast (one weight lookup per feature, no lattice),
//! and the weights live in one flat feature-hashed table.
//!
//! Model file: `CSGSEG02`, then bits, max word length, a JSON note on how it was
//! trained, the non-zero weights (delta-coded indices, 16-bit quantised) and the
//! dictionary hashes. The shipped model (`model/segmenter.bin`) is produced by
//! `chisogioi train segmenter` from UD_Vietnamese-VTB, so it is CC BY-SA 4.0.

use super::{Token, TokenClass};
use std::collections::HashSet;
use std::hash::BuildHasherDefault;

/// Shape of a syllable for the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Shape {
    Pad = 0,
    Lower = 1,
    Cap = 2,
    Upper = 3,
    ForeignLower = 4,
    ForeignCap = 5,
    Number = 6,
    Punct = 7,
    Abbrev = 8,
    Symbol = 9,
    Link = 10,
}

impl Shape {
    pub fn of(norm: &str, class: TokenClass) -> Shape {
        let first_upper = norm.chars().next().is_some_and(|c| c.is_uppercase());
        match class {
            TokenClass::Syllable => {
                if !first_upper {
                    Shape::Lower
                } else if norm.chars().count() > 1 && norm.chars().all(|c| !c.is_lowercase()) {
                    Shape::Upper
                } else {
                    Shape::Cap
                }
            }
            TokenClass::Foreign if first_upper => Shape::ForeignCap,
            TokenClass::Foreign => Shape::ForeignLower,
            TokenClass::Number => Shape::Number,
            TokenClass::Punct => Shape::Punct,
            TokenClass::Abbrev => Shape::Abbrev,
            TokenClass::Symbol => Shape::Symbol,
            TokenClass::Url | TokenClass::Email => Shape::Link,
        }
    }
    fn breaks(self) -> bool {
        matches!(self, Shape::Punct | Shape::Symbol | Shape::Link)
    }
}

/// One syllable as the segmenter sees it.
#[derive(Debug, Clone, Copy)]
pub struct SylIn<'a> {
    /// Normalised, lower-cased text.
    pub lower: &'a str,
    pub shape: Shape,
    /// A line break or no-space join before it: never inside a word.
    pub hard_before: bool,
}

/// Class of a bare string (a CoNLL-U syllable): numbers, punctuation, or a word.
pub fn class_of_piece(s: &str) -> TokenClass {
    let Some(c) = s.chars().next() else {
        return TokenClass::Symbol;
    };
    if c.is_numeric() {
        TokenClass::Number
    } else if c.is_alphabetic() {
        super::tokenize::classify_word(s)
    } else if s.chars().all(super::tokenize::is_punct) {
        TokenClass::Punct
    } else {
        TokenClass::Symbol
    }
}

#[derive(Default, Clone, Copy)]
struct IdHasher(u64);
impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
type HashSet64 = HashSet<u64, BuildHasherDefault<IdHasher>>;
type HashMap64<V> = std::collections::HashMap<u64, V, BuildHasherDefault<IdHasher>>;

#[inline]
fn hash_str(s: &str) -> u64 {
    // FNV-1a then a finaliser: stable across platforms and versions (the model stores these).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s.as_bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

#[inline]
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

#[inline]
fn comb(a: u64, b: u64) -> u64 {
    mix(a.rotate_left(23) ^ b.wrapping_add(0x9e37_79b9_7f4a_7c15))
}

const PAD_HASH: u64 = 0x5bd1_e995_1234_5678;
const MAX_FEATS: usize = 32;

/// The trained segmenter.
pub struct Segmenter {
    bits: u8,
    weights: Vec<f32>,
    dict: HashSet64,
    /// The project's own word list (`dict/*.txt`), as hashes.
    lexicon: HashSet64,
    /// Per syllable of the word list: how many words it starts (low nibble, log
    /// bucket) and ends (high nibble). Lets the model guess unseen compounds
    /// built from productive syllables ("-hóa", "-viên", "nhà-").
    syl_stats: HashMap64<u8>,
    max_word: usize,
    /// Which optional feature groups the model was trained with (`FEAT_*`).
    feats: u32,
    /// Collocation statistics of syllable pairs (see [`CollocStats`]).
    colloc: HashMap64<u8>,
    note: String,
}

/// Feature group: is the pair (a, b) across the gap, and the pairs just left
/// and right of it, a known two-syllable word (training dictionary / word list).
/// Competing pairs are how "học sinh | học" and "học | sinh học" get told apart.
pub const FEAT_PAIRS: u32 = 1;
/// Feature group: the joint lengths of training-dictionary and word-list matches.
pub const FEAT_JOINT: u32 = 2;
/// All feature groups of this version.
/// Feature group: word-list syllable statistics (see `Segmenter::syl_stats`).
pub const FEAT_SYLSTATS: u32 = 4;
/// Feature group: collocation statistics of the syllable pairs around the gap,
/// counted on unsegmented text (see [`CollocStats`]).
pub const FEAT_COLLOC: u32 = 8;
pub const FEAT_ALL: u32 = FEAT_PAIRS | FEAT_JOINT | FEAT_SYLSTATS | FEAT_COLLOC;
/// The groups `train` uses unless told otherwise: none. On VTB dev each group
/// moved F1 by no more than run-to-run noise (±0.2 points), and the joint group
/// slowed learning from a tiny treebank (tests/text_segment.rs).
pub const FEAT_DEFAULT: u32 = 0;

/// The project's own list of common multi-syllable words (not from any training data).
pub fn project_words() -> impl Iterator<Item = &'static str> {
    PROJECT_WORD_FILES.iter().flat_map(|t| word_lines(t))
}

/// The word-list files compiled in (see `dict/README.md`).
const PROJECT_WORD_FILES: &[&str] = &[
    include_str!("dict/words-1.txt"),
    include_str!("dict/words-2.txt"),
    include_str!("dict/words-3.txt"),
    include_str!("dict/words-4.txt"),
    include_str!("dict/words-5.txt"),
    include_str!("dict/words-6.txt"),
    include_str!("dict/words-7.txt"),
    include_str!("dict/words-8.txt"),
    include_str!("dict/words-9.txt"),
    include_str!("dict/words-10.txt"),
    include_str!("dict/words-11.txt"),
    include_str!("dict/words-12.txt"),
    include_str!("dict/words-13.txt"),
    include_str!("dict/words-14.txt"),
    include_str!("dict/words-15.txt"),
    include_str!("dict/words-16.txt"),
    include_str!("dict/words-17.txt"),
    include_str!("dict/words-18.txt"),
    include_str!("dict/words-19.txt"),
    include_str!("dict/words-20.txt"),
    include_str!("dict/words-21.txt"),
    include_str!("dict/words-22.txt"),
    include_str!("dict/words-23.txt"),
    include_str!("dict/words-24.txt"),
    include_str!("dict/words-25.txt"),
    include_str!("dict/words-26.txt"),
    include_str!("dict/words-27.txt"),
    include_str!("dict/words-28.txt"),
    include_str!("dict/words-29.txt"),
    include_str!("dict/words-30.txt"),
    include_str!("dict/words-31.txt"),
    include_str!("dict/words-32.txt"),
    include_str!("dict/words-33.txt"),
    include_str!("dict/words-34.txt"),
    include_str!("dict/words-35.txt"),
    include_str!("dict/words-36.txt"),
    include_str!("dict/words-37.txt"),
    include_str!("dict/words-38.txt"),
    include_str!("dict/words-39.txt"),
    include_str!("dict/words-40.txt"),
    include_str!("dict/words-41.txt"),
    include_str!("dict/words-42.txt"),
    include_str!("dict/words-43.txt"),
    include_str!("dict/words-44.txt"),
    include_str!("dict/words-45.txt"),
    include_str!("dict/words-46.txt"),
    include_str!("dict/words-47.txt"),
    include_str!("dict/words-48.txt"),
];

/// The entries of a word-list file: one word per line, `#` comments, blank lines ignored.
pub fn word_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Hash set of multi-syllable words (normalised, lower-cased, split on whitespace)
/// and the syllable statistics of the list.
fn lexicon_of<'a>(words: impl Iterator<Item = &'a str>) -> (HashSet64, HashMap64<u8>) {
    let mut set = HashSet64::default();
    let mut counts: HashMap64<(u32, u32)> = Default::default();
    for w in words {
        let n = super::normalize(w).to_lowercase();
        let syls: Vec<&str> = n.split_whitespace().collect();
        if syls.len() < 2 || !set.insert(word_key(syls.iter().copied())) {
            continue;
        }
        counts.entry(hash_str(syls[0])).or_default().0 += 1;
        counts.entry(hash_str(syls[syls.len() - 1])).or_default().1 += 1;
    }
    let bucket = |c: u32| match c {
        0 => 0u8,
        1 => 1,
        2..=3 => 2,
        4..=7 => 3,
        8..=15 => 4,
        _ => 5,
    };
    let stats = counts
        .into_iter()
        .map(|(h, (f, l))| (h, bucket(f) | bucket(l) << 4))
        .collect();
    (set, stats)
}

/// First and last syllable hashes of each multi-syllable word-list entry.
fn lexicon_ends<'a>(words: impl Iterator<Item = &'a str>) -> HashMap64<(u64, u64)> {
    let mut out = HashMap64::default();
    for w in words {
        let n = super::normalize(w).to_lowercase();
        let syls: Vec<&str> = n.split_whitespace().collect();
        if syls.len() >= 2 {
            out.insert(
                word_key(syls.iter().copied()),
                (hash_str(syls[0]), hash_str(syls[syls.len() - 1])),
            );
        }
    }
    out
}

/// Per-sentence scratch space reused across calls.
#[derive(Default)]
pub struct Scratch {
    h: Vec<u64>,
    cover: Vec<u8>,
    end_len: Vec<u8>,
    start_len: Vec<u8>,
    lcover: Vec<u8>,
    lend_len: Vec<u8>,
    lstart_len: Vec<u8>,
    /// Bit 0: syllables i, i+1 form a training-dictionary word; bit 1: a word-list word.
    pair: Vec<u8>,
    /// Word-list statistics of syllable i (`Segmenter::syl_stats`).
    stat: Vec<u8>,
    /// Collocation class of the pair (i, i+1) ([`CollocStats`]).
    coll: Vec<u8>,
}

impl Segmenter {
    /// The bytes of the shipped model file.
    pub const EMBEDDED_BYTES: &'static [u8] = include_bytes!("model/segmenter.bin");

    /// The model shipped with chisogioi (trained on UD_Vietnamese-VTB, CC BY-SA 4.0).
    pub fn embedded() -> &'static Segmenter {
        static MODEL: std::sync::LazyLock<Segmenter> = std::sync::LazyLock::new(|| {
            Segmenter::from_bytes(Segmenter::EMBEDDED_BYTES)
                .expect("the embedded segmenter model is valid")
        });
        &MODEL
    }

    /// How the model was trained (JSON written by `train segmenter`).
    pub fn note(&self) -> &str {
        &self.note
    }

    /// Number of non-zero weights and dictionary entries.
    pub fn size(&self) -> (usize, usize) {
        (
            self.weights.iter().filter(|w| **w != 0.0).count(),
            self.dict.len(),
        )
    }

    /// Is this word (lower-cased syllables) in the training dictionary, and in the word list?
    pub fn knows(&self, lower_syllables: &[&str]) -> (bool, bool) {
        let k = word_key(lower_syllables.iter().copied());
        (self.dict.contains(&k), self.lexicon.contains(&k))
    }

    /// Decide word beginnings for one sentence: `out[i]` is true when syllable `i` starts a word.
    pub fn segment_into(&self, syls: &[SylIn], scratch: &mut Scratch, out: &mut Vec<bool>) {
        out.clear();
        let n = syls.len();
        if n == 0 {
            return;
        }
        self.prepare(syls, scratch, &self.dict);
        let mut feats = [0u64; MAX_FEATS];
        let mut prev_join = false;
        let mut word_len = 1usize;
        out.push(true);
        for k in 1..n {
            let join = if hard_break(syls, k) {
                false
            } else {
                let nf = features(
                    syls, scratch, k, prev_join, word_len, self.feats, &mut feats,
                );
                self.score(&feats[..nf]) > 0.0
            };
            out.push(!join);
            prev_join = join;
            word_len = if join { word_len + 1 } else { 1 };
        }
    }

    #[inline]
    fn score(&self, feats: &[u64]) -> f32 {
        let shift = 64 - self.bits as u32;
        feats
            .iter()
            .map(|&f| {
                // SAFETY-free: the index is < 2^bits == weights.len() by construction.
                self.weights[(f >> shift) as usize]
            })
            .sum()
    }

    fn prepare(&self, syls: &[SylIn], sc: &mut Scratch, dict: &HashSet64) {
        prepare(
            syls,
            sc,
            dict,
            &self.lexicon,
            (self.feats & FEAT_SYLSTATS != 0).then_some(&self.syl_stats),
            (self.feats & FEAT_COLLOC != 0).then_some(&self.colloc),
            self.max_word,
        );
    }

    /// Load a model file.
    pub fn from_bytes(b: &[u8]) -> Result<Segmenter, String> {
        let mut r = Reader { b, i: 0 };
        let version = match r.take(8)? {
            b"CSGSEG02" => 2,
            b"CSGSEG03" => 3,
            b"CSGSEG04" => 4,
            _ => return Err("not a chisogioi segmenter model (bad magic)".into()),
        };
        let bits = r.u8()?;
        if !(10..=26).contains(&bits) {
            return Err(format!("bad table size 2^{bits}"));
        }
        let max_word = r.u8()? as usize;
        if !(2..=16).contains(&max_word) {
            return Err(format!("bad maximum word length {max_word}"));
        }
        let feats = if version >= 3 { r.u32()? } else { 0 };
        if feats & !FEAT_ALL != 0 {
            return Err(format!(
                "model uses feature groups {feats:#x} this version does not know; update chisogioi"
            ));
        }
        let note_len = r.u32()? as usize;
        let note = String::from_utf8(r.take(note_len)?.to_vec()).map_err(|e| e.to_string())?;
        let nw = r.u32()? as usize;
        let mut weights = vec![0f32; 1usize << bits];
        let mut idx = 0usize;
        for _ in 0..nw {
            idx = idx
                .checked_add(r.varint()? as usize)
                .ok_or("weight index overflow")?;
            let z = r.varint()?;
            let q = (z >> 1) as i64 ^ -((z & 1) as i64);
            *weights
                .get_mut(idx)
                .ok_or_else(|| "weight index out of range".to_string())? = q as f32;
        }
        let nd = r.u32()? as usize;
        let mut dict = HashSet64::with_capacity_and_hasher(nd, Default::default());
        for _ in 0..nd {
            dict.insert(r.u64()?);
        }
        let nl = r.u32()? as usize;
        let mut lexicon = HashSet64::with_capacity_and_hasher(nl, Default::default());
        for _ in 0..nl {
            lexicon.insert(r.u64()?);
        }
        let mut syl_stats = HashMap64::default();
        if version >= 3 {
            let ns = r.u32()? as usize;
            syl_stats.reserve(ns.min(1 << 20));
            for _ in 0..ns {
                let h = r.u64()?;
                syl_stats.insert(h, r.u8()?);
            }
        }
        let mut colloc = HashMap64::default();
        if version >= 4 {
            let nc = r.u32()? as usize;
            colloc.reserve(nc.min(1 << 22));
            for _ in 0..nc {
                let h = r.u64()?;
                colloc.insert(h, r.u8()?);
            }
        }
        Ok(Segmenter {
            bits,
            weights,
            dict,
            lexicon,
            syl_stats,
            max_word,
            feats,
            colloc,
            note,
        })
    }

    /// Serialise the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut o = Vec::new();
        o.extend_from_slice(b"CSGSEG04");
        o.push(self.bits);
        o.push(self.max_word as u8);
        o.extend_from_slice(&self.feats.to_le_bytes());
        o.extend_from_slice(&(self.note.len() as u32).to_le_bytes());
        o.extend_from_slice(self.note.as_bytes());
        let nz: Vec<(usize, i64)> = self
            .weights
            .iter()
            .enumerate()
            .filter_map(|(i, &w)| {
                let q = w.round() as i64;
                (q != 0).then_some((i, q))
            })
            .collect();
        o.extend_from_slice(&(nz.len() as u32).to_le_bytes());
        let mut last = 0usize;
        for (i, q) in nz {
            put_varint(&mut o, (i - last) as u64);
            last = i;
            put_varint(&mut o, ((q << 1) ^ (q >> 63)) as u64);
        }
        let mut dict: Vec<u64> = self.dict.iter().copied().collect();
        dict.sort_unstable();
        o.extend_from_slice(&(dict.len() as u32).to_le_bytes());
        for d in dict {
            o.extend_from_slice(&d.to_le_bytes());
        }
        // The project word list the model was trained with travels with it,
        // so editing dict/*.txt never silently changes a trained model.
        let mut lex: Vec<u64> = self.lexicon.iter().copied().collect();
        lex.sort_unstable();
        o.extend_from_slice(&(lex.len() as u32).to_le_bytes());
        for d in lex {
            o.extend_from_slice(&d.to_le_bytes());
        }
        let mut st: Vec<(u64, u8)> = self.syl_stats.iter().map(|(&h, &v)| (h, v)).collect();
        st.sort_unstable();
        o.extend_from_slice(&(st.len() as u32).to_le_bytes());
        for (h, v) in st {
            o.extend_from_slice(&h.to_le_bytes());
            o.push(v);
        }
        let mut co: Vec<(u64, u8)> = self.colloc.iter().map(|(&h, &v)| (h, v)).collect();
        co.sort_unstable();
        o.extend_from_slice(&(co.len() as u32).to_le_bytes());
        for (h, v) in co {
            o.extend_from_slice(&h.to_le_bytes());
            o.push(v);
        }
        o
    }
}

fn put_varint(o: &mut Vec<u8>, mut d: u64) {
    loop {
        let byte = (d & 0x7f) as u8;
        d >>= 7;
        if d == 0 {
            o.push(byte);
            break;
        }
        o.push(byte | 0x80);
    }
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}
impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let s = self
            .b
            .get(self.i..self.i.checked_add(n).ok_or("overflow")?)
            .ok_or_else(|| "model file truncated".to_string())?;
        self.i += n;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().map_err(|_| "u32")?,
        ))
    }
    fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().map_err(|_| "u64")?,
        ))
    }
    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("bad varint".into())
    }
}

#[inline]
fn hard_break(syls: &[SylIn], k: usize) -> bool {
    let (a, b) = (&syls[k - 1], &syls[k]);
    if b.hard_before {
        return true;
    }
    if a.shape.breaks() || b.shape.breaks() {
        // VTB writes "70 . 000" as one word; real text never splits numbers like that
        // (the tokenizer keeps "70.000" whole), so only number-separator-number may join.
        let num_sep = |i: usize, j: usize| {
            syls[i].shape == Shape::Punct
                && matches!(syls[i].lower, "." | ",")
                && syls.get(j).is_some_and(|s| s.shape == Shape::Number)
        };
        let ok = (b.shape == Shape::Punct && a.shape == Shape::Number && num_sep(k, k + 1))
            || (a.shape == Shape::Punct
                && b.shape == Shape::Number
                && k >= 2
                && num_sep(k - 1, k - 2));
        return !ok;
    }
    false
}

fn prepare(
    syls: &[SylIn],
    sc: &mut Scratch,
    dict: &HashSet64,
    lexicon: &HashSet64,
    syl_stats: Option<&HashMap64<u8>>,
    colloc: Option<&HashMap64<u8>>,
    max_word: usize,
) {
    let n = syls.len();
    sc.h.clear();
    sc.h.extend(syls.iter().map(|s| hash_str(s.lower)));
    sc.stat.clear();
    if let Some(st) = syl_stats {
        sc.stat
            .extend(sc.h.iter().map(|h| st.get(h).copied().unwrap_or(0)));
    }
    sc.coll.clear();
    if let Some(co) = colloc {
        sc.coll.extend(
            sc.h.windows(2)
                .map(|w| co.get(&comb(w[0], w[1])).copied().unwrap_or(0)),
        );
        sc.coll.push(0);
    }
    for v in [
        &mut sc.cover,
        &mut sc.end_len,
        &mut sc.start_len,
        &mut sc.lcover,
        &mut sc.lend_len,
        &mut sc.lstart_len,
        &mut sc.pair,
    ] {
        v.clear();
        v.resize(n + 1, 0);
    }
    for i in 0..n {
        let mut h = sc.h[i];
        for len in 2..=max_word.min(n - i) {
            let j = i + len - 1;
            if syls[j].hard_before && !syls[j].shape.breaks() {
                break;
            }
            h = comb(h, sc.h[j]);
            let l = len as u8;
            let (in_dict, in_lex) = (dict.contains(&h), lexicon.contains(&h));
            if len == 2 {
                sc.pair[i] = in_dict as u8 | (in_lex as u8) << 1;
            }
            if in_dict {
                sc.start_len[i] = sc.start_len[i].max(l);
                sc.end_len[j] = sc.end_len[j].max(l);
                for g in i + 1..=j {
                    sc.cover[g] = sc.cover[g].max(l);
                }
            }
            if in_lex {
                sc.lstart_len[i] = sc.lstart_len[i].max(l);
                sc.lend_len[j] = sc.lend_len[j].max(l);
                for g in i + 1..=j {
                    sc.lcover[g] = sc.lcover[g].max(l);
                }
            }
        }
    }
}

/// Dictionary key of a word given as lower-cased syllables.
fn word_key<'a>(syls: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut it = syls.into_iter();
    let mut h = it.next().map(hash_str).unwrap_or(0);
    for s in it {
        h = comb(h, hash_str(s));
    }
    h
}

/// Hash of a feature template id.
#[inline]
fn t_id(id: u64) -> u64 {
    id.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Features of the gap before syllable `k`.
#[inline]
fn features(
    syls: &[SylIn],
    sc: &Scratch,
    k: usize,
    prev_join: bool,
    word_len: usize,
    groups: u32,
    f: &mut [u64; MAX_FEATS],
) -> usize {
    let n = syls.len();
    let h = |i: isize| -> u64 {
        if i < 0 || i as usize >= n {
            PAD_HASH
        } else {
            sc.h[i as usize]
        }
    };
    let sh = |i: isize| -> u64 {
        if i < 0 || i as usize >= n {
            0
        } else {
            syls[i as usize].shape as u64
        }
    };
    let k = k as isize;
    let (a2, a, b, b2) = (h(k - 2), h(k - 1), h(k), h(k + 1));
    let (sa2, sa, sb, sb2) = (sh(k - 2), sh(k - 1), sh(k), sh(k + 1));
    let t = t_id;
    let cover = sc.cover[k as usize] as u64;
    let end_a = sc.end_len[(k - 1) as usize] as u64;
    let start_b = sc.start_len[k as usize] as u64;
    let lcover = sc.lcover[k as usize] as u64;
    let lend_a = sc.lend_len[(k - 1) as usize] as u64;
    let lstart_b = sc.lstart_len[k as usize] as u64;
    let first = (k == 1) as u64;
    let wl = word_len.min(3) as u64;
    let pj = prev_join as u64;
    let same = (a == b) as u64;
    let same_initial = syls[(k - 1) as usize].lower.as_bytes().first()
        == syls[k as usize].lower.as_bytes().first();
    let mut i = 0;
    let mut push = |x: u64| {
        f[i] = x;
        i += 1;
    };
    push(t(1));
    push(comb(t(2), a));
    push(comb(t(3), b));
    push(comb(comb(t(4), a), b));
    push(comb(comb(t(5), a2), a));
    push(comb(comb(t(6), b), b2));
    push(comb(comb(comb(t(7), a2), a), b));
    push(comb(comb(comb(t(8), a), b), b2));
    push(comb(t(9), a2));
    push(comb(t(10), b2));
    push(comb(t(11), sa | sb << 4 | first << 8));
    push(comb(
        t(12),
        sa2 | sa << 4 | sb << 8 | sb2 << 12 | first << 16,
    ));
    push(comb(t(13), pj | wl << 1 | sa << 4 | sb << 8));
    push(comb(t(14), cover | end_a << 4 | start_b << 8));
    push(comb(comb(t(15), cover | pj << 4 | wl << 5), a));
    push(comb(comb(t(16), cover | end_a << 4 | start_b << 8), b));
    push(comb(
        t(17),
        same | (same_initial as u64) << 1 | sa << 4 | sb << 8,
    ));
    push(comb(comb(t(18), pj | wl << 1), b));
    push(comb(comb(t(19), sa), b));
    push(comb(comb(t(20), sb), a));
    push(comb(t(21), lcover | lend_a << 4 | lstart_b << 8));
    push(comb(
        t(22),
        lcover | cover << 4 | pj << 8 | sa << 12 | sb << 16,
    ));
    push(comb(comb(t(23), lcover | lend_a << 4 | lstart_b << 8), a));
    if groups & FEAT_PAIRS != 0 {
        let ku = k as usize;
        let cur = sc.pair[ku - 1] as u64;
        let left = if ku >= 2 { sc.pair[ku - 2] as u64 } else { 0 };
        let right = if ku + 1 < n { sc.pair[ku] as u64 } else { 0 };
        let p = cur | left << 2 | right << 4;
        push(comb(t(24), p | pj << 6 | wl << 7));
        push(comb(comb(t(25), p), a));
        push(comb(comb(t(26), p), b));
        push(comb(t(27), p | sa << 8 | sb << 12));
    }
    if groups & FEAT_SYLSTATS != 0 {
        let ku = k as usize;
        let first_a = (sc.stat[ku - 1] & 15) as u64;
        let last_b = (sc.stat[ku] >> 4) as u64;
        let last_a = (sc.stat[ku - 1] >> 4) as u64;
        let first_b = (sc.stat[ku] & 15) as u64;
        let lp = (sc.pair[ku - 1] >> 1) as u64;
        push(comb(
            t(29),
            first_a | last_b << 4 | lp << 8 | sa << 12 | sb << 16,
        ));
        push(comb(
            t(30),
            first_a | last_b << 4 | last_a << 8 | first_b << 12 | pj << 16,
        ));
    }
    if groups & FEAT_COLLOC != 0 {
        let ku = k as usize;
        let cur = sc.coll[ku - 1] as u64;
        let left = if ku >= 2 { sc.coll[ku - 2] as u64 } else { 0 };
        let right = sc.coll[ku] as u64;
        let pmi = |c: u64| c & 7;
        push(comb(t(31), cur));
        push(comb(t(32), pmi(cur) | pmi(left) << 3 | pmi(right) << 6));
        push(comb(t(33), cur | pj << 8 | wl << 9));
        push(comb(t(34), pmi(cur) | sa << 4 | sb << 8));
        push(comb(t(35), pmi(cur) | lcover << 4 | cover << 8));
    }
    if groups & FEAT_JOINT != 0 {
        let joint =
            lcover | lend_a << 4 | lstart_b << 8 | cover << 12 | end_a << 16 | start_b << 20;
        // Only where some dictionary matched: an always-on joint feature would
        // be a second bias term and slows learning from small data.
        if joint != 0 {
            push(comb(t(28), joint));
        }
    }
    i
}

/// A gold-segmented sentence: the raw text and the byte spans of its words.
#[derive(Debug, Clone)]
pub struct TrainSentence {
    pub raw: String,
    pub words: Vec<crate::model::Span>,
}

/// Read CoNLL-U: one [`TrainSentence`] per sentence, raw text = FORMs joined by
/// single spaces (the gold-format protocol). Multi-word ranges and empty nodes are skipped.
pub fn read_conllu(text: &str) -> Vec<TrainSentence> {
    let mut out = Vec::new();
    let mut forms: Vec<&str> = Vec::new();
    let flush = |forms: &mut Vec<&str>, out: &mut Vec<TrainSentence>| {
        if forms.is_empty() {
            return;
        }
        let mut raw = String::new();
        let mut words = Vec::with_capacity(forms.len());
        for f in forms.drain(..) {
            if !raw.is_empty() {
                raw.push(' ');
            }
            let st = raw.len();
            raw.push_str(f);
            words.push(crate::model::Span::new(st, raw.len()));
        }
        out.push(TrainSentence { raw, words });
    };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            flush(&mut forms, &mut out);
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(id), Some(form)) = (cols.next(), cols.next()) else {
            continue;
        };
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) || form.trim().is_empty() {
            continue;
        }
        forms.push(form.trim());
    }
    flush(&mut forms, &mut out);
    out
}

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    pub bits: u8,
    pub folds: usize,
    pub max_word: usize,
    pub note: String,
    /// Optional feature groups (`FEAT_*`); default [`FEAT_DEFAULT`].
    pub feats: u32,
    /// Word list to use instead of the project's own (`dict/*.txt`): entries
    /// with syllables separated by spaces.
    pub lexicon: Option<Vec<String>>,
    /// Added to the score of every gap (in averaged-weight units): > 0 joins
    /// more, < 0 splits more. Trades precision for recall; 0 by default.
    pub join_bias: f32,
    /// Drop word-list entries the training data writes as separate words more
    /// often than as one (see `train`).
    pub adapt_lexicon: bool,
    /// Collocation statistics from unsegmented text (used with [`FEAT_COLLOC`]).
    pub colloc: Option<CollocStats>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            bits: 17,
            folds: 10,
            max_word: 5,
            note: String::new(),
            feats: FEAT_DEFAULT,
            lexicon: None,
            join_bias: 0.0,
            adapt_lexicon: true,
            colloc: None,
        }
    }
}

struct Prepared {
    lower: Vec<String>,
    shapes: Vec<Shape>,
    hard: Vec<bool>,
    gold_begin: Vec<bool>,
    keys: Vec<u64>,
}

/// Tokenise the raw sentence exactly as inference does and label each token
/// with whether it starts a gold word.
fn prepare_sentence(s: &TrainSentence) -> Prepared {
    let mut tokens = Vec::new();
    let mut gaps = Vec::new();
    super::tokenize::tokenize(&s.raw, &mut tokens, &mut gaps);
    let mut syls = Vec::new();
    syls_of_tokens(&tokens, &gaps, &mut syls);
    let mut p = Prepared {
        lower: tokens.iter().map(|t| t.lower.clone()).collect(),
        shapes: syls.iter().map(|s| s.shape).collect(),
        hard: syls.iter().map(|s| s.hard_before).collect(),
        gold_begin: Vec::with_capacity(tokens.len()),
        keys: Vec::new(),
    };
    let mut wi = 0;
    let mut cur: Vec<&str> = Vec::new();
    for t in &tokens {
        while wi < s.words.len() && s.words[wi].end <= t.span.start {
            wi += 1;
        }
        let begin = s.words.get(wi).is_none_or(|w| w.start >= t.span.start);
        if begin {
            if cur.len() >= 2 {
                p.keys.push(word_key(cur.iter().copied()));
            }
            cur.clear();
        }
        cur.push(&t.lower);
        p.gold_begin.push(begin);
    }
    if cur.len() >= 2 {
        p.keys.push(word_key(cur.iter().copied()));
    }
    p
}

/// For each word-list entry found in the training text: per fold, how often the
/// gold data has it as one word and how often as something else.
fn lexicon_votes(
    prepared: &[Prepared],
    lexicon: &HashSet64,
    folds: usize,
    max_word: usize,
) -> HashMap64<Vec<(u32, u32)>> {
    let mut votes: HashMap64<Vec<(u32, u32)>> = Default::default();
    for (si, p) in prepared.iter().enumerate() {
        let n = p.lower.len();
        let hs: Vec<u64> = p.lower.iter().map(|l| hash_str(l)).collect();
        for i in 0..n {
            let mut h = hs[i];
            for len in 2..=max_word.min(n - i) {
                let j = i + len - 1;
                h = comb(h, hs[j]);
                if !lexicon.contains(&h) {
                    continue;
                }
                let joined = p.gold_begin[i]
                    && (i + 1..=j).all(|g| !p.gold_begin[g])
                    && (j + 1 == n || p.gold_begin[j + 1]);
                let v = votes.entry(h).or_insert_with(|| vec![(0, 0); folds]);
                if joined {
                    v[si % folds].0 += 1;
                } else {
                    v[si % folds].1 += 1;
                }
            }
        }
    }
    votes
}

/// Train a segmenter (averaged perceptron, jack-knifed dictionary features).
pub fn train(data: &[TrainSentence], opts: &TrainOptions) -> Segmenter {
    let prepared: Vec<Prepared> = data.iter().map(prepare_sentence).collect();
    let folds = opts.folds.max(2);
    // Dictionary per fold: words of all *other* folds.
    let fold_dicts: Vec<HashSet64> = (0..folds)
        .map(|f| {
            let mut d = HashSet64::default();
            for (i, p) in prepared.iter().enumerate() {
                if i % folds != f {
                    d.extend(p.keys.iter().copied());
                }
            }
            d
        })
        .collect();
    let mut full = HashSet64::default();
    for p in &prepared {
        full.extend(p.keys.iter().copied());
    }
    let (lexicon, syl_stats) = match &opts.lexicon {
        Some(words) => lexicon_of(words.iter().map(String::as_str)),
        None => lexicon_of(project_words()),
    };
    // Adapt the word list to the treebank's conventions: an entry the gold data
    // writes as separate words more often than as one word (VTB splits "cho
    // biết", "người dân") is dropped. Per fold, only the other folds count, as
    // for the dictionary, so training sees the list as inference will.
    let votes = lexicon_votes(&prepared, &lexicon, folds, opts.max_word);
    let ends = match &opts.lexicon {
        Some(words) => lexicon_ends(words.iter().map(String::as_str)),
        None => lexicon_ends(project_words()),
    };
    let theta = std::env::var("CHISOGIOI_SEG_THETA")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.5);
    let support = std::env::var("CHISOGIOI_SEG_SUPPORT")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(2);
    let prune = |skip_fold: Option<usize>| -> HashSet64 {
        // Entry verdicts from the training data (other folds only).
        let verdict = |k: &u64| -> Option<bool> {
            let v = votes.get(k)?;
            let (mut joined, mut split) = (0u32, 0u32);
            for (f, &(j, s)) in v.iter().enumerate() {
                if Some(f) != skip_fold {
                    joined += j;
                    split += s;
                }
            }
            (joined + split > 0).then_some(split <= joined)
        };
        // Conventions generalise: if most entries the treebank has seen that
        // start (or end) with a syllable are written as separate words
        // ("ngôi nhà", "căn nhà"; "xảy ra", "đưa ra"), an unseen entry with the
        // same first (last) syllable is most likely split too.
        let mut first: HashMap64<(u32, u32)> = Default::default();
        let mut last: HashMap64<(u32, u32)> = Default::default();
        for k in lexicon.iter() {
            if let (Some(ok), Some(&(f, l))) = (verdict(k), ends.get(k)) {
                let e = first.entry(f).or_default();
                if ok { e.0 += 1 } else { e.1 += 1 }
                let e = last.entry(l).or_default();
                if ok { e.0 += 1 } else { e.1 += 1 }
            }
        }
        let bad = |m: &HashMap64<(u32, u32)>, h: u64| {
            m.get(&h).is_some_and(|&(kept, dropped)| {
                dropped >= support && dropped as f64 > theta * (kept + dropped) as f64
            })
        };
        lexicon
            .iter()
            .copied()
            .filter(|k| {
                if !opts.adapt_lexicon {
                    return true;
                }
                match verdict(k) {
                    Some(ok) => ok,
                    None => ends
                        .get(k)
                        .is_none_or(|&(f, l)| !bad(&first, f) && !bad(&last, l)),
                }
            })
            .collect()
    };
    let fold_lexicons: Vec<HashSet64> = (0..folds).map(|f| prune(Some(f))).collect();
    let lexicon = prune(None);
    let feats = opts.feats & FEAT_ALL;
    let syl_stats = if feats & FEAT_SYLSTATS != 0 {
        syl_stats
    } else {
        HashMap64::default()
    };
    let colloc = match &opts.colloc {
        Some(c) if feats & FEAT_COLLOC != 0 => Some(c.0.clone()),
        _ => None,
    };
    let size = 1usize << opts.bits;
    let shift = 64 - opts.bits as u32;
    let mut w = vec![0f32; size];
    let mut acc = vec![0f32; size]; // sum of c * delta, for averaging
    let mut c: f32 = 1.0;
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut rng: u64 = 0x2545_F491_4F6C_DD1D;
    let mut sc = Scratch::default();
    let mut fbuf = [0u64; MAX_FEATS];
    for _epoch in 0..opts.epochs {
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &si in &order {
            let p = &prepared[si];
            let syls: Vec<SylIn> = p
                .lower
                .iter()
                .zip(&p.shapes)
                .zip(&p.hard)
                .map(|((l, &s), &h)| SylIn {
                    lower: l,
                    shape: s,
                    hard_before: h,
                })
                .collect();
            prepare(
                &syls,
                &mut sc,
                &fold_dicts[si % folds],
                &fold_lexicons[si % folds],
                (feats & FEAT_SYLSTATS != 0).then_some(&syl_stats),
                colloc.as_ref(),
                opts.max_word,
            );
            let mut prev_join = false;
            let mut word_len = 1;
            for k in 1..syls.len() {
                let gold_join = !p.gold_begin[k];
                let join = if hard_break(&syls, k) {
                    false
                } else {
                    let nf = features(&syls, &sc, k, prev_join, word_len, feats, &mut fbuf);
                    let score: f32 = fbuf[..nf].iter().map(|&f| w[(f >> shift) as usize]).sum();
                    let pred = score > 0.0;
                    if pred != gold_join {
                        let y = if gold_join { 1.0 } else { -1.0 };
                        for &f in &fbuf[..nf] {
                            let ix = (f >> shift) as usize;
                            w[ix] += y;
                            acc[ix] += c * y;
                        }
                    }
                    c += 1.0;
                    pred
                };
                prev_join = join;
                word_len = if join { word_len + 1 } else { 1 };
            }
        }
    }
    // Averaged weight = w - acc / c; stored as the exact integer c·w - acc.
    for (wi, ai) in w.iter_mut().zip(&acc) {
        *wi = (*wi as f64 * c as f64 - *ai as f64) as f32;
    }
    // The bias feature t(1) fires on every scored gap.
    let bias_ix = (t_id(1) >> shift) as usize;
    w[bias_ix] += (opts.join_bias as f64 * c as f64) as f32;
    Segmenter {
        bits: opts.bits,
        weights: w,
        dict: full,
        lexicon,
        syl_stats,
        max_word: opts.max_word,
        feats,
        colloc: colloc.unwrap_or_default(),
        note: opts.note.clone(),
    }
}

/// Build the segmenter input for a run of document tokens.
pub(crate) fn syls_of_tokens<'a>(tokens: &'a [Token], gaps: &[u8], out: &mut Vec<SylIn<'a>>) {
    out.clear();
    out.extend(tokens.iter().zip(gaps).map(|(t, &g)| SylIn {
        lower: &t.lower,
        shape: Shape::of(&t.norm, t.class),
        hard_before: g & super::tokenize::GAP_NEWLINE != 0 || g & super::tokenize::GAP_SPACE == 0,
    }));
}

/// How strongly syllable pairs stick together in plain, unsegmented text.
///
/// A treebank of 1,400 sentences has seen few of the compounds a news article
/// uses, but plain text shows them: "tư vấn" or "sàn đấu" occur together far
/// more often than their syllables' frequencies predict, and with many
/// different neighbours on both sides. Per pair seen at least twice we keep
/// one byte: a pointwise-mutual-information bucket (bits 0-2), a count bucket
/// (bits 3-4) and an accessor-variety bucket (bits 5-6, the smaller of the
/// numbers of distinct syllables seen before and after the pair). Only hashes
/// and buckets are kept, never the text.
#[derive(Clone, Default)]
pub struct CollocStats(HashMap64<u8>);

impl std::fmt::Debug for CollocStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CollocStats({} pairs)", self.0.len())
    }
}

struct PairCount {
    a: u64,
    b: u64,
    count: u32,
    left_variety: u32,
    right_variety: u32,
    last_left: u64,
    last_right: u64,
}

impl CollocStats {
    /// Count over texts (any number; each is tokenised as inference does).
    pub fn from_texts<'a>(texts: impl Iterator<Item = &'a str>) -> CollocStats {
        let mut uni: HashMap64<u32> = Default::default();
        let mut bi: HashMap64<PairCount> = Default::default();
        let mut total: u64 = 0;
        let mut tokens = Vec::new();
        let mut gaps = Vec::new();
        let mut hs = Vec::new();
        for text in texts {
            let mut syls = Vec::new();
            tokens.clear();
            gaps.clear();
            super::tokenize::tokenize(text, &mut tokens, &mut gaps);
            syls_of_tokens(&tokens, &gaps, &mut syls);
            hs.clear();
            hs.extend(syls.iter().map(|s| hash_str(s.lower)));
            let word = |i: usize| {
                matches!(
                    syls[i].shape,
                    Shape::Lower
                        | Shape::Cap
                        | Shape::Upper
                        | Shape::ForeignLower
                        | Shape::ForeignCap
                )
            };
            for i in 0..syls.len() {
                if !word(i) {
                    continue;
                }
                total += 1;
                *uni.entry(hs[i]).or_default() += 1;
                if i + 1 >= syls.len() || !word(i + 1) || syls[i + 1].hard_before {
                    continue;
                }
                let e = bi.entry(comb(hs[i], hs[i + 1])).or_insert(PairCount {
                    a: hs[i],
                    b: hs[i + 1],
                    count: 0,
                    left_variety: 0,
                    right_variety: 0,
                    last_left: 0,
                    last_right: 0,
                });
                e.count += 1;
                // Distinct neighbours, approximately: a neighbour counts as new
                // when it differs from the last one seen.
                let left = if i > 0 && !syls[i].hard_before {
                    hs[i - 1]
                } else {
                    PAD_HASH
                };
                let right = if i + 2 < syls.len() && !syls[i + 2].hard_before {
                    hs[i + 2]
                } else {
                    PAD_HASH
                };
                if e.last_left != left {
                    e.left_variety += 1;
                    e.last_left = left;
                }
                if e.last_right != right {
                    e.right_variety += 1;
                    e.last_right = right;
                }
            }
        }
        let n = total.max(1) as f64;
        let mut out = HashMap64::default();
        for (&k, p) in &bi {
            if p.count < 2 {
                continue;
            }
            let (ca, cb) = (uni[&p.a] as f64, uni[&p.b] as f64);
            let pmi = (p.count as f64 * n / (ca * cb)).log2();
            let pmi_b: u8 = match pmi {
                x if x < 0.0 => 1,
                x if x < 2.0 => 2,
                x if x < 4.0 => 3,
                x if x < 6.0 => 4,
                x if x < 8.0 => 5,
                x if x < 10.0 => 6,
                _ => 7,
            };
            let count_b: u8 = match p.count {
                0..=4 => 0,
                5..=19 => 1,
                20..=99 => 2,
                _ => 3,
            };
            let av_b: u8 = match p.left_variety.min(p.right_variety) {
                0..=1 => 0,
                2..=4 => 1,
                5..=14 => 2,
                _ => 3,
            };
            out.insert(k, pmi_b | count_b << 3 | av_b << 5);
        }
        CollocStats(out)
    }

    /// Number of pairs kept.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
