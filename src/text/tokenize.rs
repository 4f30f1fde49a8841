//! Syllable tokenisation with token classes.
//!
//! One pass over the *original* text. Each token is a byte range of the
//! original; its normalised form is computed from exactly that range, so a
//! token's span always slices the user's text to the same word, whatever
//! normalisation did (NFD, old-style tones, typographic quotes…).
//!
//! Vietnamese writes one syllable per space-separated unit, so syllables are
//! runs of letters (with their combining marks). On top of that the scanner
//! recognises the units a news text needs whole: numbers with Vietnamese
//! separators (`8.700`, `53,17%`, `1/10`, `20/11/2024`), dotted abbreviations
//! (`TP.HCM`, `PGS.TS`, `Q.1`, `N.T.H.`), URLs and e-mail addresses, and emoji
//! sequences.

use super::normalize::{self, is_invisible, is_letter, is_mark};
use super::{Token, TokenClass};
use crate::model::Span;

/// Whitespace (or a zero-width space) separates this token from the previous one.
pub(crate) const GAP_SPACE: u8 = 1;
/// A line break separates this token from the previous one.
pub(crate) const GAP_NEWLINE: u8 = 2;

/// Tokenise `text`; `gaps[i]` tells what separated token `i` from token `i-1`.
pub(crate) fn tokenize(text: &str, tokens: &mut Vec<Token>, gaps: &mut Vec<u8>) {
    let mut sc = Scanner { text, i: 0 };
    let mut gap = 0u8;
    while let Some(c) = sc.peek() {
        if c.is_whitespace() || c == '\u{200B}' || is_invisible(c) || c == '\u{200D}' {
            gap |= GAP_SPACE;
            if matches!(
                c,
                '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}'
            ) {
                gap |= GAP_NEWLINE;
            }
            sc.i += c.len_utf8();
            continue;
        }
        let start = sc.i;
        let class = sc.scan_token(c);
        let end = sc.i;
        debug_assert!(end > start);
        let raw = &text[start..end];
        // Each token owns its two forms; build them in place (no scratch buffer + clone).
        let mut norm = String::with_capacity(raw.len());
        normalize::normalize_into(raw, &mut norm);
        let lower = if norm.is_ascii() {
            norm.to_ascii_lowercase()
        } else {
            let mut lower = String::with_capacity(norm.len());
            normalize::lower_into(&norm, &mut lower);
            lower
        };
        tokens.push(Token {
            span: Span::new(start, end),
            norm,
            lower,
            class,
        });
        gaps.push(gap);
        gap = 0;
    }
}

struct Scanner<'a> {
    text: &'a str,
    i: usize,
}

impl Scanner<'_> {
    #[inline]
    fn peek(&self) -> Option<char> {
        self.text[self.i..].chars().next()
    }
    #[inline]
    fn peek_at(&self, at: usize) -> Option<char> {
        self.text.get(at..).and_then(|s| s.chars().next())
    }

    fn scan_token(&mut self, c: char) -> TokenClass {
        if let Some(end) = url_end(self.text, self.i) {
            self.i = end;
            return TokenClass::Url;
        }
        if c.is_ascii_alphanumeric()
            && let Some(end) = email_end(self.text, self.i)
        {
            self.i = end;
            return TokenClass::Email;
        }
        if c.is_numeric() {
            self.scan_number();
            return TokenClass::Number;
        }
        if is_letter(c) {
            return self.scan_word();
        }
        if is_punct(c) {
            self.scan_punct(c);
            return TokenClass::Punct;
        }
        self.scan_symbol();
        TokenClass::Symbol
    }

    /// Letters, digits and combining marks; ignorable format characters inside.
    fn scan_alnum(&mut self) {
        let bytes = self.text.as_bytes();
        loop {
            // ASCII letters and digits are most of a Vietnamese syllable: take them bytewise.
            while self.i < bytes.len() && bytes[self.i].is_ascii_alphanumeric() {
                self.i += 1;
            }
            let Some(c) = self.peek() else {
                break;
            };
            let joiner = matches!(
                c,
                '\u{200C}' | '\u{200D}' | '\u{00AD}' | '\u{2060}' | '\u{FEFF}'
            ) && self
                .peek_at(self.i + c.len_utf8())
                .is_some_and(|n| n.is_alphanumeric() || is_mark(n));
            if is_letter(c) || c.is_numeric() || is_mark(c) || joiner {
                self.i += c.len_utf8();
            } else {
                break;
            }
        }
    }

    fn scan_number(&mut self) {
        self.scan_digits();
        loop {
            match self.peek() {
                Some(sep @ ('.' | ',' | '/' | ':' | '-'))
                    if self
                        .peek_at(self.i + sep.len_utf8())
                        .is_some_and(|d| d.is_numeric()) =>
                {
                    self.i += 1;
                    self.scan_digits();
                }
                _ => break,
            }
        }
        match self.peek() {
            Some(p @ ('%' | '‰')) => self.i += p.len_utf8(),
            // 20h30, 5km, 3G, 100đ: the unit stays with the number.
            Some(l) if l.is_alphabetic() => self.scan_alnum(),
            _ => {}
        }
    }

    fn scan_digits(&mut self) {
        while let Some(d) = self.peek() {
            if d.is_numeric() || is_mark(d) {
                self.i += d.len_utf8();
            } else {
                break;
            }
        }
    }

    fn scan_word(&mut self) -> TokenClass {
        let start = self.i;
        self.scan_alnum();
        let first_end = self.i;
        // Dotted abbreviations: TP.HCM, PGS.TS, ThS.BS, Q.1, N.T.H., v.v., dantri.com.vn
        let mut parts = 1;
        let mut all_single = char_count_le1(&self.text[start..first_end]);
        let mut upper_or_digit_after_dot = true;
        while self.peek() == Some('.') {
            let Some(n) = self.peek_at(self.i + 1) else {
                break;
            };
            if !n.is_alphanumeric() {
                break;
            }
            if !(n.is_uppercase() || n.is_numeric()) {
                upper_or_digit_after_dot = false;
            }
            let save = self.i;
            self.i += 1;
            let ps = self.i;
            self.scan_alnum();
            if self.i == ps {
                self.i = save;
                break;
            }
            all_single &= char_count_le1(&self.text[ps..self.i]);
            parts += 1;
        }
        if parts > 1 {
            let body = &self.text[start..self.i];
            if !upper_or_digit_after_dot && !all_single {
                if looks_like_domain(body) {
                    return TokenClass::Url;
                }
                // "đó.Nhưng"-style missing space or lowercase pieces: keep the first part only.
                self.i = first_end;
                return classify_word(&self.text[start..first_end]);
            }
            let last_part = body.rsplit('.').next().unwrap_or(body);
            if (all_single || is_title(last_part))
                && self.peek() == Some('.')
                && self.peek_at(self.i + 1).is_none_or(|n| n.is_whitespace())
            {
                self.i += 1; // N.T.H. / v.v. / PGS.TS.
            }
            return TokenClass::Abbrev;
        }
        // Covid-19, F-16, wai-kru, GD-ĐT: hyphen between letters/digits, no spaces.
        let mut hyphenated = false;
        while self.peek() == Some('-')
            && self
                .peek_at(self.i + 1)
                .is_some_and(|d| d.is_alphanumeric())
        {
            self.i += 1;
            self.scan_alnum();
            hyphenated = true;
        }
        if hyphenated {
            let w = &self.text[start..self.i];
            if w.split('-').all(super::normalize::is_vietnamese_syllable) {
                return TokenClass::Syllable;
            }
            return match classify_word(w) {
                TokenClass::Syllable => TokenClass::Foreign,
                c => c,
            };
        }
        // Titles and initials keep their dot: "TP. Hồ Chí Minh", "TS. Lan", "Nguyễn Văn H."
        // (the dot is part of the word, as in the VTB treebank, and never ends a sentence).
        if self.peek() == Some('.') && self.peek_at(self.i + 1).is_none_or(|n| n.is_whitespace()) {
            let w = &self.text[start..self.i];
            if char_count_le1(w) && !w.chars().any(|c| c.is_numeric()) || is_title(w) {
                self.i += 1;
                return TokenClass::Abbrev;
            }
        }
        classify_word(&self.text[start..self.i])
    }

    fn scan_punct(&mut self, c: char) {
        self.i += c.len_utf8();
        match c {
            '.' | '-' => {
                while self.peek() == Some(c) {
                    self.i += 1;
                }
            }
            '!' | '?' => {
                while let Some(n @ ('!' | '?')) = self.peek() {
                    self.i += n.len_utf8();
                }
            }
            _ => {}
        }
        self.skip_marks();
    }

    fn scan_symbol(&mut self) {
        let c = self.peek().unwrap_or(' ');
        self.i += c.len_utf8();
        // Keep emoji sequences whole: modifiers, variation selectors, ZWJ joins, tags.
        while let Some(n) = self.peek() {
            let u = n as u32;
            if is_mark(n)
                || (0xFE00..=0xFE0F).contains(&u)
                || (0x1F3FB..=0x1F3FF).contains(&u)
                || (0xE0020..=0xE007F).contains(&u)
                || u == 0x20E3
            {
                self.i += n.len_utf8();
            } else if n == '\u{200D}' {
                match self.peek_at(self.i + 3) {
                    Some(m) if !m.is_whitespace() && !m.is_alphanumeric() && !is_punct(m) => {
                        self.i += 3 + m.len_utf8();
                    }
                    _ => break,
                }
            } else {
                break;
            }
        }
    }

    fn skip_marks(&mut self) {
        while let Some(m) = self.peek() {
            if is_mark(m) {
                self.i += m.len_utf8();
            } else {
                break;
            }
        }
    }
}

/// Titles and place abbreviations written with a dot (`TS.`, `PGS.`, `TP.`, `Q.`, `Mr.`).
pub(crate) const TITLES: [&str; 40] = [
    "ts", "pgs", "gs", "ths", "bs", "ks", "ls", "ncs", "cn", "nsnd", "nsưt", "nsut", "nhnd", "ckl",
    "cki", "ckii", "bsck", "tp", "tx", "tt", "q", "p", "h", "x", "đ/c", "mr", "mrs", "ms", "dr",
    "st", "jr", "prof", "th", "tr", "ttg", "qđ", "nđ", "tw", "vs", "no",
];

/// Is `w` (any case) a title abbreviation?
pub(crate) fn is_title(w: &str) -> bool {
    if w.len() > 6 {
        return false;
    }
    let mut lower = String::with_capacity(8);
    for c in w.chars() {
        normalize::push_lower(c, &mut lower);
    }
    TITLES.contains(&lower.as_str())
}

fn char_count_le1(s: &str) -> bool {
    let mut it = s.chars().filter(|c| !is_mark(*c));
    it.next();
    it.next().is_none()
}

/// Class of a run of letters (and digits) that is not a number.
pub(crate) fn classify_word(w: &str) -> TokenClass {
    if normalize::is_vietnamese_syllable(w) {
        return TokenClass::Syllable;
    }
    let mut chars = w.chars();
    let first_upper = chars.next().is_some_and(|c| c.is_uppercase());
    let uppers = w.chars().filter(|c| c.is_uppercase()).count();
    if first_upper && uppers >= 2 {
        TokenClass::Abbrev
    } else {
        TokenClass::Foreign
    }
}

fn looks_like_domain(s: &str) -> bool {
    const TLDS: [&str; 14] = [
        "vn", "com", "net", "org", "gov", "edu", "info", "io", "uk", "us", "int", "biz", "tv",
        "asia",
    ];
    s.is_ascii()
        && s.rsplit('.')
            .next()
            .is_some_and(|t| TLDS.contains(&t.to_ascii_lowercase().as_str()))
}

fn url_end(text: &str, i: usize) -> Option<usize> {
    let rest = &text.as_bytes()[i..];
    let prefix_ok = ["http://", "https://", "ftp://", "www."]
        .iter()
        .any(|p| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p.as_bytes()));
    if !prefix_ok {
        return None;
    }
    let mut end = i;
    for (k, c) in text[i..].char_indices() {
        if c.is_whitespace() || matches!(c, '"' | '<' | '>' | '“' | '”' | '\u{200B}') {
            break;
        }
        end = i + k + c.len_utf8();
    }
    // Trailing sentence punctuation is not part of the URL.
    while end > i {
        let last = text[..end].chars().next_back()?;
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '\'') {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    (end > i + 4).then_some(end)
}

fn email_end(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    let ok = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    let mut j = i;
    while j < b.len() && ok(b[j]) {
        j += 1;
    }
    if j >= b.len() || b[j] != b'@' || j == i {
        return None;
    }
    let dom_start = j + 1;
    let mut k = dom_start;
    while k < b.len() && (b[k].is_ascii_alphanumeric() || matches!(b[k], b'.' | b'-')) {
        k += 1;
    }
    while k > dom_start && matches!(b[k - 1], b'.' | b'-') {
        k -= 1;
    }
    let domain = &text[dom_start..k];
    (domain.contains('.') && !domain.starts_with('.')).then_some(k)
}

/// Punctuation (as opposed to other symbols such as `$`, `+`, emoji).
pub(crate) fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return matches!(
            c,
            '!' | '"'
                | '#'
                | '%'
                | '&'
                | '\''
                | '('
                | ')'
                | '*'
                | ','
                | '-'
                | '.'
                | '/'
                | ':'
                | ';'
                | '?'
                | '@'
                | '['
                | '\\'
                | ']'
                | '_'
                | '{'
                | '}'
        );
    }
    let u = c as u32;
    matches!(u, 0x2010..=0x2027 | 0x2030..=0x205E | 0x3001..=0x3003 | 0x3008..=0x3011 | 0xFF01..=0xFF0F)
        || matches!(c, '«' | '»' | '¡' | '¿' | '·' | '§' | '¶' | '\u{02BC}')
}
