//! Normalisation of Vietnamese text for matching.
//!
//! The same word reaches us in many byte forms: NFD (base letter + combining
//! marks, common from macOS and some CMSs), "new-style" tone placement
//! (`hoà`, `khoẻ`, `thuỷ`) next to the traditional one (`hòa`, `khỏe`, `thủy`),
//! Latin ETH `Ð` typed for `Đ`, typographic quotes and dashes, and invisible
//! zero-width characters pasted from the web. [`normalize`] maps all of them to
//! one form so lexicon lookups and the segmenter see one spelling.
//!
//! **Tone placement.** We use the *traditional* placement for the open
//! syllables `oa`, `oe`, `uy` (no final consonant): the tone sits on the first
//! vowel — `hòa`, `khỏe`, `thủy`, `lũy`. This is what most Vietnamese news text
//! uses (Dân Trí: `khỏe` 659 vs `khoẻ` 4; `thủy` 379 vs `thuỷ` 2) and what the
//! names list and the VTB treebank use. With a final consonant both styles
//! agree that the tone goes on the second vowel (`hoàng`, `toán`, `khuyến`);
//! misplaced forms such as `hòang` are repaired to that too. `qu` + `y` is an
//! onset plus a one-vowel nucleus (`quý`), so it is untouched.
//!
//! Alignment: normalisation never decides token boundaries. Tokens are found on
//! the original text and each token's text is normalised on its own, so the
//! mapping back to the original is exact by construction (see `tokenize`).

use std::borrow::Cow;
use std::sync::LazyLock;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Tone marks, in the order used by [`VowelInfo::tone`] (0 = level tone).
const TONE_MARKS: [char; 6] = ['\0', '\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];
/// Vowels with their quality marks but without tone, both cases.
const BASE_VOWELS: &str = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY";

/// A precomposed Vietnamese vowel split into its toneless base and tone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct VowelInfo {
    /// Base vowel with quality mark kept (`ầ` → `â`), case kept.
    pub base: char,
    /// 0 = none, 1 grave (huyền), 2 acute (sắc), 3 hook (hỏi), 4 tilde (ngã), 5 dot (nặng).
    pub tone: u8,
    /// The fully folded ASCII letter (`ầ` → `a`), lower-case.
    pub ascii: u8,
    /// `base` lower-cased (`Ầ` → `â`); precomputed because `char::to_lowercase`
    /// is a table search and this sits in the tokenizer's inner loop.
    pub lower: char,
}

struct VowelTables {
    /// Indexed by `c as usize - 0xC0` for U+00C0..=U+01B0.
    latin: Vec<Option<VowelInfo>>,
    /// Indexed by `c as usize - 0x1EA0` for U+1EA0..=U+1EF9.
    extended: Vec<Option<VowelInfo>>,
    /// (base, tone) → precomposed char.
    compose: std::collections::HashMap<(char, u8), char>,
    /// Single-char lower case of U+00C0..=U+01B0 (same index as `latin`), `None` when
    /// `char::to_lowercase` gives several chars (U+0130).
    lower_latin: Vec<Option<char>>,
    /// Single-char lower case of U+1EA0..=U+1EF9 (same index as `extended`).
    lower_extended: Vec<Option<char>>,
}

static TABLES: LazyLock<VowelTables> = LazyLock::new(|| {
    let mut latin = vec![None; 0x1B1 - 0xC0];
    let mut extended = vec![None; 0x1EFA - 0x1EA0];
    let mut compose = std::collections::HashMap::new();
    for base in BASE_VOWELS.chars() {
        let lower = base.to_lowercase().next().unwrap_or(base);
        let ascii = lower
            .to_string()
            .nfd()
            .next()
            .map(|c| c as u8)
            .unwrap_or(b'?');
        for (tone, &mark) in TONE_MARKS.iter().enumerate() {
            let composed: String = if mark == '\0' {
                base.to_string()
            } else {
                let mut s = base.to_string();
                s.push(mark);
                s.nfc().collect()
            };
            let mut it = composed.chars();
            let (Some(c), None) = (it.next(), it.next()) else {
                continue;
            };
            let info = VowelInfo {
                base,
                tone: tone as u8,
                ascii,
                lower,
            };
            compose.insert((base, tone as u8), c);
            let u = c as usize;
            if (0xC0..=0x1B0).contains(&u) {
                latin[u - 0xC0] = Some(info);
            } else if (0x1EA0..=0x1EF9).contains(&u) {
                extended[u - 0x1EA0] = Some(info);
            }
        }
    }
    let single_lower = |u: u32| {
        let c = char::from_u32(u)?;
        let mut it = c.to_lowercase();
        match (it.next(), it.next()) {
            (Some(l), None) => Some(l),
            _ => None,
        }
    };
    VowelTables {
        latin,
        extended,
        compose,
        lower_latin: (0xC0..=0x1B0).map(single_lower).collect(),
        lower_extended: (0x1EA0..=0x1EF9).map(single_lower).collect(),
    }
});

/// Append the lower case of `c` to `out`: what `out.extend(c.to_lowercase())` does, with
/// table lookups for ASCII and the Vietnamese letter ranges.
#[inline]
pub(crate) fn push_lower(c: char, out: &mut String) {
    let u = c as usize;
    if u < 0x80 {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let t = &*TABLES;
    let l = if (0xC0..=0x1B0).contains(&u) {
        t.lower_latin[u - 0xC0]
    } else if (0x1EA0..=0x1EF9).contains(&u) {
        t.lower_extended[u - 0x1EA0]
    } else {
        None
    };
    match l {
        Some(l) => out.push(l),
        None => out.extend(c.to_lowercase()),
    }
}

/// Split a precomposed vowel into base and tone. ASCII vowels are handled too.
#[inline]
pub(crate) fn vowel_info(c: char) -> Option<VowelInfo> {
    let u = c as usize;
    if u < 0x80 {
        let l = c.to_ascii_lowercase();
        return matches!(l, 'a' | 'e' | 'i' | 'o' | 'u' | 'y').then_some(VowelInfo {
            base: c,
            tone: 0,
            ascii: l as u8,
            lower: l,
        });
    }
    let t = &*TABLES;
    if (0xC0..=0x1B0).contains(&u) {
        t.latin[u - 0xC0]
    } else if (0x1EA0..=0x1EF9).contains(&u) {
        t.extended[u - 0x1EA0]
    } else {
        None
    }
}

fn compose_vowel(base: char, tone: u8) -> char {
    TABLES.compose.get(&(base, tone)).copied().unwrap_or(base)
}

/// Zero-width and other invisible characters removed by normalisation.
#[inline]
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{200E}' | '\u{200F}'
    )
}

/// The single replacement of a character, if normalisation maps it.
#[inline]
fn map_char(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00D0}' => "Đ",
        '\u{00F0}' => "đ",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
        | '\u{2033}' | '\u{301D}' | '\u{301E}' | '\u{FF02}' => "\"",
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{2039}'
        | '\u{203A}' | '\u{FF07}' | '\u{02BC}' => "'",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => "-",
        '\u{2026}' => "...",
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => " ",
        c if is_invisible(c) => "",
        _ => return None,
    })
}

/// Normalise a string for matching: character variants unified, invisible
/// characters removed, NFC, one tone placement. Case is kept.
///
/// Idempotent: `normalize(&normalize(x)) == normalize(x)`.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(s, &mut out);
    out
}

/// [`normalize`] appending to `out` (lets hot loops reuse one buffer).
pub fn normalize_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.push_str(s);
        return;
    }
    // Fastest path, a syllable of letters only in precomposed form: decode it once and
    // fix its tone placement (what the fast path below does via `fix_tones_into`, which
    // sees a single run of letters here).
    if s.len() <= 32 {
        let mut chars = [('\0', None::<VowelInfo>); 12];
        let mut n = 0;
        let mut letters_only = true;
        for c in s.chars() {
            let info = vowel_info(c);
            if n == chars.len()
                || !(info.is_some() || c.is_ascii_alphabetic() || c == 'đ' || c == 'Đ')
            {
                letters_only = false;
                break;
            }
            chars[n] = (c, info);
            n += 1;
        }
        if letters_only {
            fix_decoded_into(s, &chars[..n], out);
            return;
        }
    }
    // Fast path, the common case of a Vietnamese syllable in precomposed form:
    // nothing to map and already NFC, only the tone placement may change.
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || vowel_info(c).is_some() || c == 'đ' || c == 'Đ')
    {
        fix_tones_into(s, out);
        return;
    }
    // 1. Character variants. A ZWJ is dropped between letters (it is
    //    invisible there) but kept inside emoji sequences where it matters.
    let needs_map = s.chars().any(|c| map_char(c).is_some() || c == '\u{200D}');
    let mapped: Cow<str> = if needs_map {
        let mut m = String::with_capacity(s.len());
        let mut prev_letter = false;
        for c in s.chars() {
            if c == '\u{200D}' {
                if !prev_letter {
                    m.push(c);
                }
                continue;
            }
            match map_char(c) {
                Some(r) => m.push_str(r),
                None => m.push(c),
            }
            if !is_invisible(c) {
                prev_letter = c.is_alphabetic() || is_mark(c);
            }
        }
        Cow::Owned(m)
    } else {
        Cow::Borrowed(s)
    };
    // 2. NFC.
    let nfc: Cow<str> = if is_nfc_quick(mapped.chars()) == IsNormalized::Yes {
        mapped
    } else {
        Cow::Owned(mapped.nfc().collect())
    };
    // 3. Tone placement, one run of letters at a time.
    fix_tones_into(&nfc, out);
}

/// Combining mark (general category M), the part of NFD text that must stay
/// with the letter before it.
#[inline]
pub fn is_mark(c: char) -> bool {
    (c as u32) >= 0x300 && unicode_normalization::char::is_combining_mark(c)
}

fn fix_tones_into(s: &str, out: &mut String) {
    let mut run_start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if is_letter(c) {
            if run_start.is_none() {
                run_start = Some(i);
            }
        } else if let Some(st) = run_start.take() {
            // A combining mark right after the run could recompose with a
            // letter we move a tone away from: leave such runs untouched.
            if is_mark(c) {
                out.push_str(&s[st..i]);
            } else {
                fix_syllable_into(&s[st..i], out);
            }
            out.push(c);
        } else {
            out.push(c);
        }
    }
    if let Some(st) = run_start {
        fix_syllable_into(&s[st..], out);
    }
}

/// Move the tone of an `oa`/`oe`/`uy` nucleus to its canonical vowel.
fn fix_syllable_into(run: &str, out: &mut String) {
    if run.is_ascii() || run.len() > 32 {
        out.push_str(run);
        return;
    }
    let mut chars = [('\0', None::<VowelInfo>); 12];
    let mut n = 0;
    for c in run.chars() {
        if n == chars.len() {
            out.push_str(run);
            return;
        }
        chars[n] = (c, vowel_info(c));
        n += 1;
    }
    fix_decoded_into(run, &chars[..n], out);
}

/// [`fix_syllable_into`] on a run already decoded into (char, vowel info), at most 12 chars.
fn fix_decoded_into(run: &str, chars: &[(char, Option<VowelInfo>)], out: &mut String) {
    if run.is_ascii() {
        out.push_str(run);
        return;
    }
    let n = chars.len();
    let lower = |i: usize| chars[i].0.to_lowercase().next().unwrap_or(chars[i].0);
    // Onset: consonants up to the first vowel; `qu` and `gi` + vowel take their vowel.
    let mut v = 0;
    while v < n && chars[v].1.is_none() {
        v += 1;
    }
    if v + 1 < n && v >= 1 {
        let prev = lower(v - 1);
        let here = chars[v].1.map(|i| i.ascii);
        if ((prev == 'q' && here == Some(b'u')) || (prev == 'g' && here == Some(b'i')))
            && chars[v + 1].1.is_some()
        {
            v += 1;
        }
    }
    if v + 1 >= n {
        out.push_str(run);
        return;
    }
    let (Some(a), Some(b)) = (chars[v].1, chars[v + 1].1) else {
        out.push_str(run);
        return;
    };
    let pair = [Some(a.lower), Some(b.lower)];
    let is_target = matches!(
        pair,
        [Some('o'), Some('a')] | [Some('o'), Some('e')] | [Some('u'), Some('y')]
    );
    // The nucleus must be exactly these two vowels (not `oai`, `uya`, `uyê`…).
    if !is_target || (v + 2 < n && chars[v + 2].1.is_some()) {
        out.push_str(run);
        return;
    }
    // Only one tone in the nucleus, and only on one of the two vowels.
    let tone = match (a.tone, b.tone) {
        (0, 0) => {
            out.push_str(run);
            return;
        }
        (t, 0) | (0, t) => t,
        _ => {
            out.push_str(run);
            return;
        }
    };
    let open = v + 2 == n;
    let (na, nb) = if open {
        (compose_vowel(a.base, tone), b.base)
    } else {
        (a.base, compose_vowel(b.base, tone))
    };
    for (i, &(c, _)) in chars.iter().enumerate() {
        if i == v {
            out.push(na);
        } else if i == v + 1 {
            out.push(nb);
        } else {
            out.push(c);
        }
    }
}

/// Lower-case, accent-folded form for accent-insensitive search
/// (`Hòa` → `hoa`, `Đà Nẵng` → `da nang`). Normalises first, so variants fold alike.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] appending to `out`.
pub fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.extend(s.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    let norm = normalize(s);
    fold_normalized_into(&norm, out);
}

/// Fold an already normalised string (skips the normalisation step).
pub(crate) fn fold_normalized_into(norm: &str, out: &mut String) {
    for c in norm.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(v) = vowel_info(c) {
            out.push(v.ascii as char);
        } else if c == 'đ' || c == 'Đ' {
            out.push('d');
        } else if is_mark(c) {
            // stray combining mark: drop
        } else {
            let mut any = false;
            for d in c.to_string().nfd() {
                if !is_mark(d) {
                    out.extend(d.to_lowercase());
                    any = true;
                }
            }
            if !any {
                out.push(c);
            }
        }
    }
}

/// Lower-case a normalised string into `out` (ASCII fast path).
#[inline]
pub(crate) fn lower_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.extend(s.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        for c in s.chars() {
            push_lower(c, out);
        }
    }
}

const NUCLEI: [&str; 55] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ôô", "ua", "uâ", "uê",
    "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê", "iêu", "yêu", "oai", "oay", "uây", "uôi",
    "ươi", "ươu", "uyê", "uya", "uyu", "oeo",
];

/// Index 1..=12 of a toneless lower-case vowel (a ă â e ê i o ô ơ u ư y), 0 otherwise.
#[inline]
fn vowel_index(c: char) -> u16 {
    match c {
        'a' => 1,
        'ă' => 2,
        'â' => 3,
        'e' => 4,
        'ê' => 5,
        'i' => 6,
        'o' => 7,
        'ô' => 8,
        'ơ' => 9,
        'u' => 10,
        'ư' => 11,
        'y' => 12,
        _ => 0,
    }
}

/// Bitmap over nucleus keys (three 4-bit vowel indices) of [`NUCLEI`].
static NUCLEUS_SET: LazyLock<[u64; 64]> = LazyLock::new(|| {
    let mut bits = [0u64; 64];
    for n in NUCLEI {
        let key = n
            .chars()
            .enumerate()
            .fold(0usize, |k, (i, c)| k | (vowel_index(c) as usize) << (4 * i));
        bits[key >> 6] |= 1 << (key & 63);
    }
    bits
});

/// Is `s` (any case, normalised) a well-formed Vietnamese syllable?
/// Onset + vowel nucleus + final consonant, at most one tone. Used to tell
/// Vietnamese syllables from foreign words (`Covid`, `online`) and acronyms (`UBND`).
pub fn is_vietnamese_syllable(s: &str) -> bool {
    let mut b = ['\0'; 8];
    let mut n = 0;
    let mut tones = 0;
    for c in s.chars() {
        let base = match vowel_info(c) {
            Some(v) => {
                tones += (v.tone != 0) as u32;
                v.lower
            }
            None if c.is_ascii_alphabetic() => c.to_ascii_lowercase(),
            None if c == 'đ' || c == 'Đ' => 'đ',
            None => return false,
        };
        if n == b.len() {
            return false;
        }
        b[n] = base;
        n += 1;
    }
    if tones > 1 || n == 0 {
        return false;
    }
    let b = &b[..n];
    let is_v = |c: char| vowel_index(c) != 0;
    // Candidate onset lengths; "gi"/"qu" need a vowel after them, checked by the nucleus.
    let o3 = b.starts_with(&['n', 'g', 'h']);
    let o2 = b.len() >= 2
        && matches!(
            (b[0], b[1]),
            ('n', 'g')
                | ('n', 'h')
                | ('c', 'h')
                | ('g', 'h')
                | ('g', 'i')
                | ('k', 'h')
                | ('p', 'h')
                | ('q', 'u')
                | ('t', 'h')
                | ('t', 'r')
        );
    let o1 = matches!(
        b[0],
        'b' | 'c'
            | 'd'
            | 'đ'
            | 'g'
            | 'h'
            | 'k'
            | 'l'
            | 'm'
            | 'n'
            | 'p'
            | 'r'
            | 's'
            | 't'
            | 'v'
            | 'x'
    );
    let o0 = is_v(b[0]);
    let rest_ok = |rest: &[char]| {
        let nuc_len = rest.iter().position(|&c| !is_v(c)).unwrap_or(rest.len());
        if nuc_len == 0 || nuc_len > 3 {
            return false;
        }
        let key = rest[..nuc_len]
            .iter()
            .enumerate()
            .fold(0usize, |k, (i, &c)| {
                k | (vowel_index(c) as usize) << (4 * i)
            });
        NUCLEUS_SET[key >> 6] & (1 << (key & 63)) != 0
            && matches!(
                &rest[nuc_len..],
                [] | ['c'] | ['c', 'h'] | ['m'] | ['n'] | ['n', 'g'] | ['n', 'h'] | ['p'] | ['t']
            )
    };
    (o3 && rest_ok(&b[3..]))
        || (o2 && rest_ok(&b[2..]))
        || (o1 && rest_ok(&b[1..]))
        || (o0 && rest_ok(b))
}

/// Letter test with a fast path for ASCII and Vietnamese letters.
#[inline]
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        vowel_info(c).is_some() || c == 'đ' || c == 'Đ' || c.is_alphabetic()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_placement_traditional_for_open_syllables() {
        assert_eq!(normalize("hoà"), "hòa");
        assert_eq!(normalize("khoẻ"), "khỏe");
        assert_eq!(normalize("thuỷ"), "thủy");
        assert_eq!(normalize("HOÀ BÌNH"), "HÒA BÌNH");
        assert_eq!(normalize("hòa"), "hòa");
        // closed syllables: second vowel in both styles; misplacement repaired
        assert_eq!(normalize("hoàng"), "hoàng");
        assert_eq!(normalize("hòang"), "hoàng");
        assert_eq!(normalize("khuyến"), "khuyến");
        // qu + y is onset + nucleus
        assert_eq!(normalize("quý"), "quý");
        assert_eq!(normalize("quỳnh"), "quỳnh");
        // three-vowel nuclei are untouched
        assert_eq!(normalize("khoái"), "khoái");
    }

    #[test]
    fn nfd_and_variants() {
        let nfd: String = "Nguyễn Thị Hoà".nfd().collect();
        assert_eq!(normalize(&nfd), "Nguyễn Thị Hòa");
        assert_eq!(normalize("Ðà Nẵng"), "Đà Nẵng");
        assert_eq!(normalize("“Hà\u{200B}Nội” – 2024…"), "\"HàNội\" - 2024...");
    }

    #[test]
    fn fold_removes_accents() {
        assert_eq!(fold("Hòa Bình"), "hoa binh");
        assert_eq!(fold("Đà Nẵng"), "da nang");
        assert_eq!(fold("thuỷ"), fold("thủy"));
    }

    #[test]
    fn syllable_shape() {
        for s in [
            "chủ", "tịch", "Nguyễn", "nghiêng", "quý", "giữa", "gì", "khuya", "HÀ", "oan",
        ] {
            assert!(is_vietnamese_syllable(s), "{s}");
        }
        for s in [
            "Covid", "online", "UBND", "Trump", "file", "TP", "ThS", "iPhone",
        ] {
            assert!(!is_vietnamese_syllable(s), "{s}");
        }
    }
}
