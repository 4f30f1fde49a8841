//! Sentence splitting over tokens.
//!
//! A sentence ends at `.`, `!`, `?`, `...`/`…` when the next token can start a
//! sentence (upper-case letter, digit, opening quote, dash), and at every line
//! break (articles arrive as paragraphs, bullets as lines). What keeps it from
//! splitting Vietnamese news text in the wrong places:
//! - abbreviations are tokens of their own (`TP.HCM`, `PGS.TS`, `Q.1`, `N.T.H.`),
//!   numbers keep their separators (`8.700`, `53,17%`, `20/11/2024`), so their
//!   dots never reach the splitter;
//! - a `.` right after a title (`TS.`, `PGS.`, `ThS.`, `TP.`, `Q.`, `Mr.`) or an
//!   initial (`Nguyễn V. A`) does not end the sentence;
//! - closing quotes and brackets after the terminator stay with the sentence
//!   they close, so a quotation of several sentences splits inside the quote
//!   and its closing mark ends the last one.

use super::tokenize::{GAP_NEWLINE, GAP_SPACE, is_title as is_title_word};
use super::{Sentence, Token, TokenClass};
use crate::model::Span;

fn is_terminator(t: &Token) -> bool {
    t.class == TokenClass::Punct
        && matches!(
            t.norm.as_bytes().first(),
            Some(b'.') | Some(b'!') | Some(b'?')
        )
}

fn starts_upper_or_digit(t: &Token) -> bool {
    t.norm
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// Split `tokens` (with their `gaps`) of `text` into sentences.
pub(crate) fn split(text: &str, tokens: &[Token], gaps: &[u8]) -> Vec<Sentence> {
    let n = tokens.len();
    let mut out = Vec::with_capacity(n / 12 + 1);
    let mut first = 0;
    let mut quote_open = false;
    let mut i = 0;
    let push = |out: &mut Vec<Sentence>, a: usize, b: usize| {
        if b > a {
            out.push(Sentence {
                span: Span::new(tokens[a].span.start, tokens[b - 1].span.end),
                tokens: a..b,
            });
        }
    };
    while i < n {
        if i > first && gaps[i] & GAP_NEWLINE != 0 {
            push(&mut out, first, i);
            first = i;
            quote_open = false;
        }
        let t = &tokens[i];
        if t.norm == "\"" {
            match &text[t.span.start..t.span.end] {
                "“" | "«" => quote_open = true,
                "”" | "»" => quote_open = false,
                _ => quote_open = !quote_open,
            }
        }
        let ends_with_dot = t.class == TokenClass::Abbrev && t.norm.ends_with('.');
        if !(is_terminator(t) || ends_with_dot) {
            i += 1;
            continue;
        }
        // Absorb closing quotes / brackets attached to the terminator.
        let mut j = i + 1;
        while j < n && gaps[j] & GAP_NEWLINE == 0 {
            let c = &tokens[j];
            let closing = matches!(c.norm.as_str(), ")" | "]" | "}" | "'")
                || (c.norm == "\"" && (quote_open || gaps[j] & GAP_SPACE == 0));
            if c.class == TokenClass::Punct && closing && !is_terminator(c) {
                if c.norm == "\"" {
                    quote_open = false;
                }
                j += 1;
            } else if is_terminator(c) && gaps[j] & GAP_SPACE == 0 {
                j += 1; // ". ." / "?!" split by quotes etc.
            } else {
                break;
            }
        }
        if j >= n || gaps[j] & GAP_NEWLINE != 0 {
            i = j;
            continue;
        }
        let next = &tokens[j];
        let boundary = if ends_with_dot {
            // "TS." / "TP." / "H." introduce what follows; "N.T.H." may end a sentence.
            let body = t.norm.trim_end_matches('.');
            let single = !body.contains('.');
            !(single || is_title(t)) && can_start(next, gaps[j]) && next.is_capitalised()
        } else if t.norm.starts_with('.') && t.norm.len() == 1 && i > first {
            let prev = &tokens[i - 1];
            let attached = gaps[i] & GAP_SPACE == 0;
            let title = attached && is_title(prev);
            let initial = attached
                && prev.class != TokenClass::Number
                && prev.norm.chars().count() == 1
                && prev.is_capitalised();
            !title && !initial && can_start(next, gaps[j])
        } else {
            can_start(next, gaps[j])
        };
        if boundary {
            push(&mut out, first, j);
            first = j;
        }
        i = j;
    }
    push(&mut out, first, n);
    out
}

fn is_title(prev: &Token) -> bool {
    let body = prev.lower.trim_end_matches('.');
    let last = body.rsplit('.').next().unwrap_or(body);
    is_title_word(last) || is_title_word(body)
}

/// Can `t` start a new sentence?
fn can_start(t: &Token, gap: u8) -> bool {
    if gap & GAP_SPACE == 0 && t.class != TokenClass::Punct {
        // "đó.Nhưng" — a missing space still ends a sentence when upper-case follows.
        return t.is_capitalised();
    }
    match t.class {
        TokenClass::Punct => matches!(
            t.norm.as_str(),
            "\"" | "'" | "(" | "[" | "-" | "*" | "•" | "+"
        ),
        TokenClass::Symbol => true,
        _ => starts_upper_or_digit(t),
    }
}
