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

impl Document {
    /// Analyse `text` with the embedded segmenter model.
    pub fn analyze(text: &str) -> Document {
        let tokens = simple_tokens(text);
        let sentences = simple_sentences(text, &tokens);
        let words = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| Word {
                span: t.span,
                tokens: i..i + 1,
            })
            .collect();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
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

/// Normalise a string for matching: NFC, one tone placement, lower-case not applied.
pub fn normalize(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().collect()
}

/// Lower-case, accent-folded form for accent-insensitive search ("Hòa" → "hoa", "Đ" → "d").
pub fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' | 'Ð' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn simple_tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let push = |s: usize, e: usize, out: &mut Vec<Token>| {
        let raw = &text[s..e];
        let norm = normalize(raw);
        let class = if raw
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == '%' || c == '/')
        {
            TokenClass::Number
        } else if raw.chars().all(|c| !c.is_alphanumeric()) {
            TokenClass::Punct
        } else {
            TokenClass::Syllable
        };
        let lower = norm.to_lowercase();
        out.push(Token {
            span: Span::new(s, e),
            norm,
            lower,
            class,
        });
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || c.is_mark() {
            if start.is_none() {
                start = Some(i);
            }
        } else {
            if let Some(s) = start.take() {
                push(s, i, &mut out);
            }
            if !c.is_whitespace() {
                push(i, i + c.len_utf8(), &mut out);
            }
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut out);
    }
    out
}

trait IsMark {
    fn is_mark(&self) -> bool;
}
impl IsMark for char {
    fn is_mark(&self) -> bool {
        ('\u{300}'..='\u{36f}').contains(self)
    }
}

fn simple_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut first = 0;
    for (i, t) in tokens.iter().enumerate() {
        let ends = matches!(t.norm.as_str(), "." | "!" | "?")
            || text[t.span.end..].starts_with('\n')
            || i + 1 == tokens.len();
        if ends {
            out.push(Sentence {
                span: Span::new(tokens[first].span.start, t.span.end),
                tokens: first..i + 1,
            });
            first = i + 1;
        }
    }
    out
}
