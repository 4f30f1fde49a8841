//! Bytes → NFC text, whatever charset the page was served in.
//!
//! Vietnamese sites still serve windows-1258 (tone marks as *combining* characters after
//! the base letter) and, more often, lie about their charset: a UTF-8 page behind a
//! `charset=iso-8859-1` header, or a legacy page whose template says `utf-8`. So a declared
//! charset is only a hint: valid UTF-8 always wins, and when a legacy declaration decodes
//! badly the candidates (declaration, chardetng's guess, windows-1258) are scored on how
//! Vietnamese the result looks and the best one is kept.
//!
//! The output is always NFC, so windows-1258's "e + U+0302 + U+0301" becomes "ế" like
//! every other page and the analysers match it.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1258};
use unicode_normalization::{UnicodeNormalization, is_nfc_quick};

/// How the bytes were decoded, for reports and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding finally used (WHATWG name, e.g. "windows-1258").
    pub encoding: &'static str,
    /// The charset the page or server declared, if any.
    pub declared: Option<&'static str>,
}

/// Decode `bytes`. `http_charset` is the `charset=` of the HTTP Content-Type, if known.
pub fn decode(bytes: &[u8], http_charset: Option<&str>) -> Decoded {
    // A BOM is the only declaration that is never wrong.
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return finish(text.into_owned(), enc, Some(enc.name()));
    }
    let http = http_charset.and_then(|c| Encoding::for_label(c.trim().as_bytes()));
    // Valid UTF-8 with any non-ASCII byte is practically never a legacy encoding
    // (checked first: the common case should not pay for the meta scan).
    if let Ok(s) = std::str::from_utf8(bytes) {
        return finish(s.to_owned(), UTF_8, http.map(|e| e.name()));
    }
    let declared = http
        .or_else(|| meta_charset(bytes))
        // UTF-16 labels in a byte-oriented page are always wrong (WHATWG: treat as UTF-8).
        .map(|e| {
            if e.output_encoding() == UTF_8 {
                UTF_8
            } else {
                e
            }
        });

    let mut candidates: Vec<&'static Encoding> = Vec::with_capacity(3);
    if let Some(d) = declared.filter(|d| *d != UTF_8) {
        let (text, had_errors) = d.decode_without_bom_handling(bytes);
        // A declared legacy charset that decodes cleanly into plausible Vietnamese is kept.
        if !had_errors && plausibility(&text) > 0 {
            return finish(text.into_owned(), d, Some(d.name()));
        }
        candidates.push(d);
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let guess = det.guess(Some(b"vn"), false);
    for e in [guess, WINDOWS_1258, UTF_8] {
        if !candidates.contains(&e) {
            candidates.push(e);
        }
    }
    let mut best: Option<(i64, &'static Encoding, String)> = None;
    for enc in candidates {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        let score = plausibility(&text);
        if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, enc, text.into_owned()));
        }
    }
    let (_, enc, text) = best.unwrap_or((0, UTF_8, String::from_utf8_lossy(bytes).into_owned()));
    finish(text, enc, declared.map(|e| e.name()))
}

fn finish(text: String, enc: &'static Encoding, declared: Option<&'static str>) -> Decoded {
    let text = nfc(text);
    Decoded {
        text,
        encoding: enc.name(),
        declared,
    }
}

/// NFC-normalise, skipping the allocation when the text already is (the usual case).
pub fn nfc(s: String) -> String {
    if surely_nfc(&s) {
        return s;
    }
    match is_nfc_quick(s.chars()) {
        unicode_normalization::IsNormalized::Yes => s,
        _ => s.nfc().collect(),
    }
}

/// A fast pre-check for [`nfc`]: text made only of characters that are NFC whatever
/// surrounds them (below U+0300: ASCII, Latin-1, Latin Extended-A/B; the precomposed
/// Vietnamese letters U+1EA0–U+1EF9; common punctuation U+2010–U+2027). Whole pages of
/// Vietnamese are usually nothing else, and this runs at memory speed where the general
/// quick check looks every character up in a table.
fn surely_nfc(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Skip ASCII runs a word at a time.
        while let Some(w) = b.get(i..i + 8) {
            let w = u64::from_le_bytes(w.try_into().unwrap_or([0x80; 8]));
            if w & 0x8080_8080_8080_8080 != 0 {
                break;
            }
            i += 8;
        }
        let Some(&lead) = b.get(i) else { break };
        // Byte patterns of valid UTF-8 (`s` is a str), tested without decoding.
        let (c1, c2) = (b.get(i + 1).copied(), b.get(i + 2).copied());
        i += match lead {
            0x00..=0x7F => 1,
            // U+0080–U+02FF
            0xC2..=0xCB => 2,
            // U+1EA0–U+1EBF, U+1EC0–U+1EF9
            0xE1 if matches!(
                (c1, c2),
                (Some(0xBA), Some(0xA0..=0xBF)) | (Some(0xBB), Some(0x80..=0xB9))
            ) =>
            {
                3
            }
            // U+2010–U+2027
            0xE2 if matches!((c1, c2), (Some(0x80), Some(0x90..=0xA7))) => 3,
            _ => return false,
        };
    }
    true
}

/// How much a decoded text looks like Vietnamese (or at least like clean text):
/// Vietnamese letters count for, replacement characters, C1 controls and the
/// classic mojibake letters count against.
fn plausibility(text: &str) -> i64 {
    let mut score = 0i64;
    let mut prev_base = false;
    for c in text.chars() {
        let cp = c as u32;
        score += match c {
            '\u{FFFD}' => -20,
            '\u{80}'..='\u{9F}' => -10,
            // Vietnamese-only letters and the tone-marked vowels of Latin Extended Additional.
            'ă' | 'Ă' | 'đ' | 'Đ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' => 3,
            _ if (0x1EA0..=0x1EF9).contains(&cp) => 3,
            // Combining tone marks right after a letter: windows-1258 decoded correctly.
            '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}' if prev_base => 2,
            '\u{300}'..='\u{36F}' => -5,
            // Letters that appear in Vietnamese text only as mojibake of UTF-8 or windows-1258.
            'Ã' | 'Â' | '¡' | '¢' | '£' | '¤' | '¥' | '¦' | '§' | '¨' | '©' | 'ª' | '«' | '¬'
            | '®' | '¯' | '°' | '±' | '²' | '³' | '´' | 'µ' | '¶' | '·' | '¸' | '¹' | 'º' | '»'
            | '¼' | '½' | '¾' | '¿' | 'Æ' | 'Ç' | 'Ë' | 'Î' | 'Ï' | 'Ð' | 'Ñ' | 'Ö' | '×' | 'Ø'
            | 'Þ' | 'ß' | 'æ' | 'ç' | 'ë' | 'î' | 'ï' | 'ð' | 'ñ' | 'ö' | '÷' | 'ø' | 'þ' | 'ÿ'
            | 'Œ' | 'œ' | 'Š' | 'š' | 'Ÿ' | 'Ž' | 'ž' | 'ƒ' | '†' | '‡' | '‰' | '‹' | '›' => {
                -3
            }
            _ if (0x0400..=0x06FF).contains(&cp) || (0x3040..=0x9FFF).contains(&cp) => -2,
            _ => 0,
        };
        prev_base = c.is_alphabetic();
    }
    score
}

/// `<meta charset>` / `<meta http-equiv=Content-Type content="…charset=…">` in the first 4 KiB
/// (a byte scan, as browsers do before parsing).
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut from = 0;
    while let Some(pos) = memchr::memmem::find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = memchr::memchr(b'>', &lower[start..])
            .map(|e| start + e)
            .unwrap_or(lower.len());
        let tag = &lower[start..end];
        if let Some(i) = memchr::memmem::find(tag, b"charset") {
            let rest = &tag[i + 7..];
            let rest = rest
                .iter()
                .position(|&b| b != b' ' && b != b'=')
                .map(|p| &rest[p..])
                .unwrap_or(&[]);
            let rest = rest
                .strip_prefix(b"\"")
                .or_else(|| rest.strip_prefix(b"'"))
                .unwrap_or(rest);
            let stop = rest
                .iter()
                .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                .unwrap_or(rest.len());
            if let Some(e) = Encoding::for_label(&rest[..stop]) {
                return Some(e);
            }
        }
        from = end.max(start + 5);
        if from >= lower.len() {
            break;
        }
    }
    None
}

/// The `charset` parameter of a Content-Type header value.
pub fn charset_of_content_type(ct: &str) -> Option<&str> {
    ct.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']))
    })
}

/// Encode text as windows-1258 the way Vietnamese legacy pages are written: letters the code
/// page lacks precomposed are written as base letter + combining tone mark. Characters with
/// no windows-1258 form become `?`. Used to build test pages and fixtures.
pub fn encode_windows_1258(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut one = [0u8; 4];
    let push = |out: &mut Vec<u8>, t: &str| {
        let (b, _, bad) = WINDOWS_1258.encode(t);
        if bad {
            out.push(b'?');
        } else {
            out.extend_from_slice(&b);
        }
    };
    for c in s.nfc() {
        let t: &str = c.encode_utf8(&mut one);
        let (b, _, bad) = WINDOWS_1258.encode(t);
        if !bad {
            out.extend_from_slice(&b);
            continue;
        }
        let (tones, rest): (String, String) = c
            .to_string()
            .nfd()
            .partition(|m| matches!(m, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'));
        let base: String = rest.nfc().collect();
        push(&mut out, &base);
        push(&mut out, &tones);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cp1258(s: &str) -> Vec<u8> {
        let b = encode_windows_1258(s);
        assert!(!b.contains(&b'?'), "unencodable sample");
        b
    }

    #[test]
    fn fast_nfc_check_never_passes_decomposed_text() {
        use unicode_normalization::UnicodeNormalization;
        let vi = "Người phụ nữ đảm đang – “Đắk Nông” … Ủy ban xã ÀÉÎ ơư";
        assert!(surely_nfc(vi));
        let nfd: String = vi.nfd().collect();
        assert!(!surely_nfc(&nfd));
        assert_eq!(nfc(nfd), vi);
        // Characters outside the fast set go to the full check, which decides.
        assert!(!surely_nfc("Ω 한국어"));
        assert_eq!(nfc("Ω 한국어".to_owned()), "Ω 한국어");
        assert_eq!(nfc("Ω".nfd().collect()), "Ω");
    }

    #[test]
    fn windows_1258_is_recomposed_to_nfc() {
        // encoding_rs encodes NFC input by decomposing tone marks, as real 1258 pages do.
        let bytes = cp1258("<meta charset=windows-1258><p>Người phụ nữ đảm đang</p>");
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, "windows-1258");
        assert!(d.text.contains("Người phụ nữ đảm đang"), "{}", d.text);
    }

    #[test]
    fn utf8_behind_a_latin1_header_is_read_as_utf8() {
        let d = decode(
            "<p>Chủ tịch xã phát biểu</p>".as_bytes(),
            Some("iso-8859-1"),
        );
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.declared, Some("windows-1252"));
        assert!(d.text.contains("Chủ tịch xã"));
    }

    #[test]
    fn windows_1258_behind_a_utf8_meta_is_detected() {
        let mut bytes = b"<meta charset=\"utf-8\">".to_vec();
        bytes.extend(cp1258(
            "<p>Hội Liên hiệp Phụ nữ huyện tổ chức tập huấn cho cán bộ cơ sở về bình đẳng giới.</p>",
        ));
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, "windows-1258");
        assert!(d.text.contains("Hội Liên hiệp Phụ nữ huyện"), "{}", d.text);
    }

    #[test]
    fn wrong_legacy_header_loses_to_the_right_legacy_charset() {
        let bytes = cp1258("<p>Đồng chí Bí thư Huyện ủy trao quà cho các hộ nghèo.</p>");
        let d = decode(&bytes, Some("windows-1252"));
        assert_eq!(d.encoding, "windows-1258");
        assert!(d.text.contains("Đồng chí Bí thư Huyện ủy"), "{}", d.text);
    }

    #[test]
    fn content_type_charset() {
        assert_eq!(
            charset_of_content_type("text/html; Charset=\"windows-1258\""),
            Some("windows-1258")
        );
        assert_eq!(charset_of_content_type("text/html"), None);
    }
}
