//! Tantivy tokenizers built on the text core.
//!
//! - `vi`: one token per *word* (after segmentation), normalised and
//!   lower-cased; the syllables of a multi-syllable word are joined with `_`
//!   (`chủ_tịch`, `bình_đẳng_giới`), the convention of pyvi/VnCoreNLP output, so a
//!   term never contains a space and the query parser (which runs the same
//!   tokenizer on the query) produces the same term.
//! - `vi_folded`: accent-folded, lower-cased *syllables* (`chu`, `tich`) for
//!   accent-insensitive search ("Hòa" = "hoà" = "hoa"). Syllables, not words,
//!   because a query typed without accents cannot be segmented like the
//!   accented document; phrase queries ("chu tich") still match in order.
//! - `vi_syllable`: one token per syllable, lower-cased — higher recall when a
//!   query and a document are segmented differently; use it for a second field.
//!
//! Punctuation and symbols are dropped. Offsets are byte offsets into the
//! *original* text, so highlighting points at the text exactly as supplied.

use super::normalize::fold_normalized_into;
use super::{Document, TokenClass};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

/// What a [`ViTokenizer`] emits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViMode {
    Words,
    FoldedSyllables,
    Syllables,
}

/// Vietnamese tokenizer for tantivy.
#[derive(Clone, Debug)]
pub struct ViTokenizer {
    mode: ViMode,
    tokens: Vec<Token>,
}

impl ViTokenizer {
    pub fn new(mode: ViMode) -> Self {
        ViTokenizer {
            mode,
            tokens: Vec::new(),
        }
    }
}

/// Register `vi`, `vi_folded` and `vi_syllable` on an index.
pub fn register_tokenizers(index: &tantivy::Index) {
    let m = index.tokenizers();
    m.register("vi", TextAnalyzer::from(ViTokenizer::new(ViMode::Words)));
    m.register(
        "vi_folded",
        TextAnalyzer::from(ViTokenizer::new(ViMode::FoldedSyllables)),
    );
    m.register(
        "vi_syllable",
        TextAnalyzer::from(ViTokenizer::new(ViMode::Syllables)),
    );
}

fn indexable(c: TokenClass) -> bool {
    !matches!(c, TokenClass::Punct | TokenClass::Symbol)
}

/// Fill `out` with the tantivy tokens of `text`.
pub fn tokens_for(text: &str, mode: ViMode, out: &mut Vec<Token>) {
    out.clear();
    let doc = Document::analyze(text);
    let toks = doc.tokens();
    let mut push = |from: usize, to: usize, s: String| {
        let position = out.len();
        out.push(Token {
            offset_from: from,
            offset_to: to,
            position,
            text: s,
            position_length: 1,
        });
    };
    match mode {
        ViMode::Syllables => {
            for t in toks.iter().filter(|t| indexable(t.class)) {
                push(t.span.start, t.span.end, t.lower.clone());
            }
        }
        ViMode::FoldedSyllables => {
            for t in toks.iter().filter(|t| indexable(t.class)) {
                let mut s = String::with_capacity(t.lower.len());
                fold_normalized_into(&t.lower, &mut s);
                push(t.span.start, t.span.end, s);
            }
        }
        ViMode::Words => {
            for w in doc.words() {
                let parts = &toks[w.tokens.clone()];
                if !parts.iter().any(|t| indexable(t.class)) {
                    continue;
                }
                let mut s = String::with_capacity(w.span.len() + 2);
                for (i, t) in parts.iter().enumerate() {
                    if i > 0 {
                        s.push('_');
                    }
                    s.push_str(&t.lower);
                }
                push(w.span.start, w.span.end, s);
            }
        }
    }
}

/// The token stream of a [`ViTokenizer`].
pub struct ViTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    i: usize,
}

impl Tokenizer for ViTokenizer {
    type TokenStream<'a> = ViTokenStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> ViTokenStream<'a> {
        tokens_for(text, self.mode, &mut self.tokens);
        ViTokenStream {
            tokens: &mut self.tokens,
            i: 0,
        }
    }
}

impl TokenStream for ViTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.i < self.tokens.len() {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &Token {
        &self.tokens[self
            .i
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1))]
    }
    fn token_mut(&mut self) -> &mut Token {
        let i = self
            .i
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1));
        &mut self.tokens[i]
    }
}
