//! The Vietnamese text core: normalisation with alignment back to the original,
//! syllable tokenisation, sentence splitting and word segmentation.
//!
//! Everything downstream works on a [`Document`]: the user's original text plus a
//! normalised view whose every token knows its exact span in the original.
//!
//! NOTE: this is the first, deliberately simple implementation of the public API
//! (NFC only; whitespace/punctuation tokens; naive sentences; one word per syllable).
//! The API below is the contract; the internals are being replaced.

pub mod cli;
pub mod legacy;
pub mod normalize;
pub mod search;
pub mod segment;
mod sentence;
mod tokenize;

pub use normalize::{fold, is_vietnamese_syllable, normalize, normalize_into};
pub use search::register_tokenizers;

use crate::model::{Position, Span};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenClass {
    /// A Vietnamese syllable ("chủ", "tịch").
    Syllable,
    /// A word that is not Vietnamese ("Covid", "online").
    Foreign,
    /// 8.700; 53,17%; 1/10; 2024.
    Number,
    Punct,
    /// TP.HCM, PGS.TS, UBND, N.T.H.
    Abbrev,
    Url,
    Email,
    /// Emoji and other symbols.
    Symbol,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Span in the original text.
    pub span: Span,
    /// Normalised form, case preserved (NFC, one tone placement, variants unified).
    pub norm: String,
    /// Normalised and lower-cased.
    pub lower: String,
    pub class: TokenClass,
}

impl Token {
    /// Does the original start with an upper-case letter?
    pub fn is_capitalised(&self) -> bool {
        self.norm.chars().next().is_some_and(|c| c.is_uppercase())
    }
}

/// A sentence: a contiguous range of tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub tokens: std::ops::Range<usize>,
}

/// A word: one or more consecutive syllable tokens ("chủ tịch").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub span: Span,
    pub tokens: std::ops::Range<usize>,
}

/// An analysed text. Borrow-free so it can be sent across threads and cached.
#[derive(Debug, Clone)]
pub struct Document {
    original: String,
    tokens: Vec<Token>,
    sentences: Vec<Sentence>,
    words: Vec<Word>,
    line_starts: Vec<usize>,
}

/// Stage-by-stage entry points for benchmarks and the fuzzer (not a stable API).
#[doc(hidden)]
pub mod stages {
    use super::*;

    /// Tokens plus what separated each from the previous one.
    pub struct Tokenized {
        pub tokens: Vec<Token>,
        pub gaps: Vec<u8>,
    }

    pub fn tokenize(text: &str) -> Tokenized {
        let mut tokens = Vec::new();
        let mut gaps = Vec::new();
        super::tokenize::tokenize(text, &mut tokens, &mut gaps);
        Tokenized { tokens, gaps }
    }

    pub fn sentences(text: &str, t: &Tokenized) -> Vec<Sentence> {
        sentence::split(text, &t.tokens, &t.gaps)
    }

    pub fn words(seg: &segment::Segmenter, t: &Tokenized, sentences: &[Sentence]) -> Vec<Word> {
        segment_words(seg, &t.tokens, &t.gaps, sentences)
    }
}

/// Group each sentence's tokens into words with the segmenter.
fn segment_words(
    seg: &segment::Segmenter,
    tokens: &[Token],
    gaps: &[u8],
    sentences: &[Sentence],
) -> Vec<Word> {
    let mut words = Vec::with_capacity(tokens.len());
    let mut syls = Vec::new();
    let mut scratch = segment::Scratch::default();
    let mut begins = Vec::new();
    for s in sentences {
        let r = s.tokens.clone();
        segment::syls_of_tokens(&tokens[r.clone()], &gaps[r.clone()], &mut syls);
        seg.segment_into(&syls, &mut scratch, &mut begins);
        let mut start = r.start;
        for (k, &begin) in begins.iter().enumerate().skip(1).chain([(r.len(), &true)]) {
            if begin {
                let end = r.start + k;
                words.push(Word {
                    span: Span::new(tokens[start].span.start, tokens[end - 1].span.end),
                    tokens: start..end,
                });
                start = end;
            }
        }
    }
    words
}

impl Document {
    /// Analyse `text` with the embedded segmenter model.
    pub fn analyze(text: &str) -> Document {
        Self::analyze_with(text, segment::Segmenter::embedded())
    }

    /// Analyse `text` with a given segmenter model.
    pub fn analyze_with(text: &str, segmenter: &segment::Segmenter) -> Document {
        let mut tokens = Vec::with_capacity(text.len() / 4 + 1);
        let mut gaps = Vec::with_capacity(text.len() / 4 + 1);
        tokenize::tokenize(text, &mut tokens, &mut gaps);
        let sentences = sentence::split(text, &tokens, &gaps);
        let words = segment_words(segmenter, &tokens, &gaps, &sentences);
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Document {
            original: text.to_string(),
            tokens,
            sentences,
            words,
            line_starts,
        }
    }
    pub fn original(&self) -> &str {
        &self.original
    }
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }
    pub fn words(&self) -> &[Word] {
        &self.words
    }
    /// The original text of a span.
    pub fn slice(&self, span: Span) -> &str {
        &self.original[span.start..span.end]
    }
    /// Line/column of a byte offset in the original (clamped to a char boundary).
    pub fn position(&self, byte: usize) -> Position {
        let byte = byte.min(self.original.len());
        let line = self.line_starts.partition_point(|&s| s <= byte);
        let start = self.line_starts[line - 1];
        let mut b = byte;
        while !self.original.is_char_boundary(b) {
            b -= 1;
        }
        let seg = &self.original[start..b];
        Position {
            line,
            column: seg.chars().count() + 1,
            utf16_column: seg.encode_utf16().count() + 1,
        }
    }
}
