//! Legacy Vietnamese encodings still found in provincial documents.
//!
//! Input that is not valid UTF-8 is decoded as each candidate encoding and the
//! candidate whose words look most like Vietnamese syllables wins:
//! - **windows-1258** (CP1258): Latin-1-like with *combining* tone marks
//!   (decoded by `encoding_rs`; NFC composition happens in normalisation);
//! - **TCVN3 (ABC)**: single-byte, precomposed lower-case letters in the high
//!   half (the `.VnTime` fonts; capitals with tones came from a separate
//!   "H" font that reused the lower-case codes, so they decode lower-case);
//! - **VNI (VNI-Windows)**: an ASCII vowel followed by a mark byte (`a` + `ø` = `à`).
//!
//! Every decoding is total (every byte maps to some character), so nothing is
//! lost; when the winner is not clearly Vietnamese the caller gets a warning
//! saying the guess is uncertain.

use crate::i18n::Lang;

/// Result of decoding input bytes.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// `utf-8`, `windows-1258`, `tcvn3` or `vni`.
    pub encoding: &'static str,
    /// Share of accented words that are well-formed Vietnamese syllables (1.0 for UTF-8).
    pub confidence: f64,
    /// True when the choice between legacy encodings is a guess.
    pub uncertain: bool,
}

impl Decoded {
    /// The warning to show the user, if any (always for a legacy encoding).
    pub fn warning(&self, lang: Lang) -> Option<String> {
        if self.encoding == "utf-8" {
            return None;
        }
        let mut w = format!(
            "{} {} ({} {:.0}%)",
            lang.pick(
                "tệp không phải UTF-8; đã chuyển từ bảng mã",
                "input is not UTF-8; converted from"
            ),
            self.encoding,
            lang.pick("độ tin cậy", "confidence"),
            self.confidence * 100.0
        );
        if self.uncertain {
            w.push_str(lang.pick(
                ". KHÔNG CHẮC CHẮN: hãy kiểm tra kết quả hoặc chuyển tệp sang UTF-8 trước",
                ". UNCERTAIN: check the output or convert the file to UTF-8 first",
            ));
        }
        Some(w)
    }
}

/// Decode bytes: UTF-8 when valid, otherwise the best legacy Vietnamese encoding.
pub fn decode(bytes: &[u8]) -> Decoded {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded {
            text: s.to_string(),
            encoding: "utf-8",
            confidence: 1.0,
            uncertain: false,
        };
    }
    let cands: [(&'static str, String); 3] = [
        ("windows-1258", decode_windows_1258(bytes)),
        ("tcvn3", decode_tcvn3(bytes)),
        ("vni", decode_vni(bytes)),
    ];
    let mut scored: Vec<(f64, usize)> = cands
        .iter()
        .enumerate()
        .map(|(i, (_, t))| (vietnamese_score(t), i))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let (best, bi) = scored[0];
    let second = scored[1].0;
    let (name, text) = cands
        .into_iter()
        .nth(bi)
        .unwrap_or(("windows-1258", String::new()));
    Decoded {
        text,
        encoding: name,
        confidence: best,
        uncertain: best < 0.8 || best - second < 0.15,
    }
}

pub fn decode_windows_1258(bytes: &[u8]) -> String {
    encoding_rs::WINDOWS_1258
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

/// TCVN3 (TCVN 5712:1993 "ABC") high-half table, bytes 0xA1..=0xFE.
/// Unassigned bytes fall back to their Latin-1 character (lossless).
const TCVN3: &[(u8, char)] = &[
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB8, 'á'),
    (0xB9, 'ạ'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xBE, 'ắ'),
    (0xC6, 'ặ'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCA, 'ấ'),
    (0xCB, 'ậ'),
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD0, 'é'),
    (0xD1, 'ẹ'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD5, 'ế'),
    (0xD6, 'ệ'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDD, 'í'),
    (0xDE, 'ị'),
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE3, 'ó'),
    (0xE4, 'ọ'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE8, 'ố'),
    (0xE9, 'ộ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xED, 'ớ'),
    (0xEE, 'ợ'),
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF3, 'ú'),
    (0xF4, 'ụ'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF8, 'ứ'),
    (0xF9, 'ự'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFD, 'ý'),
    (0xFE, 'ỵ'),
];

fn tcvn3_char(b: u8) -> char {
    if b >= 0xA1
        && let Some(&(_, c)) = TCVN3.iter().find(|(k, _)| *k == b)
    {
        return c;
    }
    b as char
}

pub fn decode_tcvn3(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| tcvn3_char(b)).collect()
}

/// Encode text as TCVN3 (for tests and round trips); `None` if a character has no TCVN3 code.
pub fn encode_tcvn3(s: &str) -> Option<Vec<u8>> {
    s.chars()
        .map(|c| {
            if (c as u32) < 0x80 {
                Some(c as u8)
            } else {
                TCVN3.iter().find(|(_, v)| *v == c).map(|(k, _)| *k)
            }
        })
        .collect()
}

/// VNI mark bytes: (lower-case byte, upper-case byte, what it adds).
/// `Mark::Tone(t)` adds tone `t`; `Quality(q)` adds ˆ or ˘ (with a tone).
#[derive(Clone, Copy)]
enum Mark {
    Tone(char),
    Quality(char, char),
}

const VNI_MARKS: [(u8, u8, Mark); 17] = [
    (0xF9, 0xD9, Mark::Tone('\u{301}')),
    (0xF8, 0xD8, Mark::Tone('\u{300}')),
    (0xFB, 0xDB, Mark::Tone('\u{309}')),
    (0xF5, 0xD5, Mark::Tone('\u{303}')),
    (0xEF, 0xCF, Mark::Tone('\u{323}')),
    (0xE2, 0xC2, Mark::Quality('\u{302}', '\0')),
    (0xE1, 0xC1, Mark::Quality('\u{302}', '\u{301}')),
    (0xE0, 0xC0, Mark::Quality('\u{302}', '\u{300}')),
    (0xE5, 0xC5, Mark::Quality('\u{302}', '\u{309}')),
    (0xE3, 0xC3, Mark::Quality('\u{302}', '\u{303}')),
    (0xE4, 0xC4, Mark::Quality('\u{302}', '\u{323}')),
    (0xEA, 0xCA, Mark::Quality('\u{306}', '\0')),
    (0xE9, 0xC9, Mark::Quality('\u{306}', '\u{301}')),
    (0xE8, 0xC8, Mark::Quality('\u{306}', '\u{300}')),
    (0xFA, 0xDA, Mark::Quality('\u{306}', '\u{309}')),
    (0xFC, 0xDC, Mark::Quality('\u{306}', '\u{303}')),
    (0xEB, 0xCB, Mark::Quality('\u{306}', '\u{323}')),
];

/// Single-byte VNI letters: (byte, char).
const VNI_LETTERS: &[(u8, char)] = &[
    (0xF4, 'ơ'),
    (0xD4, 'Ơ'),
    (0xF6, 'ư'),
    (0xD6, 'Ư'),
    (0xF1, 'đ'),
    (0xD1, 'Đ'),
    (0xEC, 'ì'),
    (0xCC, 'Ì'),
    (0xED, 'í'),
    (0xCD, 'Í'),
    (0xE6, 'ỉ'),
    (0xC6, 'Ỉ'),
    (0xF3, 'ĩ'),
    (0xD3, 'Ĩ'),
    (0xF2, 'ị'),
    (0xD2, 'Ị'),
    (0xEE, 'ỵ'),
    (0xCE, 'Ỵ'),
];

fn vni_letter(b: u8) -> Option<char> {
    VNI_LETTERS.iter().find(|(k, _)| *k == b).map(|(_, c)| *c)
}

fn vni_mark(b: u8) -> Option<Mark> {
    VNI_MARKS
        .iter()
        .find(|(l, u, _)| *l == b || *u == b)
        .map(|(_, _, m)| *m)
}

pub fn decode_vni(bytes: &[u8]) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let base: Option<char> = if b.is_ascii() {
            Some(b as char)
        } else {
            vni_letter(b)
        };
        let Some(base) = base else {
            out.push(b as char);
            i += 1;
            continue;
        };
        let lower = base.to_lowercase().next().unwrap_or(base);
        let takes_marks = matches!(lower, 'a' | 'e' | 'o' | 'u' | 'y' | 'i' | 'ơ' | 'ư');
        if takes_marks && let Some(m) = bytes.get(i + 1).and_then(|&n| vni_mark(n)) {
            let ok = match m {
                Mark::Tone(_) => lower != 'i',
                Mark::Quality('\u{302}', _) => matches!(lower, 'a' | 'e' | 'o'),
                Mark::Quality(_, _) => lower == 'a',
            };
            if ok {
                let mut s = String::new();
                s.push(base);
                match m {
                    Mark::Tone(t) => s.push(t),
                    Mark::Quality(q, t) => {
                        s.push(q);
                        if t != '\0' {
                            s.push(t);
                        }
                    }
                }
                out.extend(s.nfc());
                i += 2;
                continue;
            }
        }
        out.push(base);
        i += 1;
    }
    out
}

/// Encode text as VNI (for tests and round trips); `None` if not representable.
pub fn encode_vni(s: &str) -> Option<Vec<u8>> {
    use unicode_normalization::UnicodeNormalization;
    let mut out = Vec::new();
    for c in s.chars() {
        if (c as u32) < 0x80 {
            out.push(c as u8);
            continue;
        }
        if let Some(&(k, _)) = VNI_LETTERS.iter().find(|(_, v)| *v == c) {
            out.push(k);
            continue;
        }
        let d: Vec<char> = c.to_string().nfd().collect();
        let upper = c.is_uppercase();
        // base (with horn → ơ/ư single byte), then quality+tone mark byte
        let mut base = d[0];
        let mut quality = '\0';
        let mut tone = '\0';
        for &m in &d[1..] {
            match m {
                '\u{31B}' => {
                    base = match base {
                        'o' => 'ơ',
                        'O' => 'Ơ',
                        'u' => 'ư',
                        'U' => 'Ư',
                        _ => return None,
                    }
                }
                '\u{302}' | '\u{306}' => quality = m,
                '\u{300}' | '\u{301}' | '\u{309}' | '\u{303}' | '\u{323}' => tone = m,
                _ => return None,
            }
        }
        if base.is_ascii() {
            out.push(base as u8);
        } else if let Some(&(k, _)) = VNI_LETTERS.iter().find(|(_, v)| *v == base) {
            out.push(k);
        } else {
            return None;
        }
        let mark = VNI_MARKS.iter().find(|(_, _, m)| match *m {
            Mark::Tone(t) => quality == '\0' && t == tone,
            Mark::Quality(q, t) => q == quality && (t == tone),
        })?;
        out.push(if upper { mark.1 } else { mark.0 });
    }
    Some(out)
}

/// Share of words with non-ASCII letters that are well-formed Vietnamese syllables.
fn vietnamese_score(text: &str) -> f64 {
    let mut accented = 0usize;
    let mut good = 0usize;
    for w in text.split(|c: char| !(c.is_alphabetic() || super::normalize::is_mark(c))) {
        if w.is_empty() || w.is_ascii() {
            continue;
        }
        accented += 1;
        if super::normalize::is_vietnamese_syllable(&super::normalize::normalize(w)) {
            good += 1;
        }
    }
    if accented == 0 {
        0.0
    } else {
        good as f64 / accented as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Chủ tịch UBND tỉnh Đắk Lắk, bà Nguyễn Thị Hồng, cho biết phụ nữ chiếm 53,17% \
                          lực lượng lao động; việc bình đẳng giới được các cơ quan quan tâm.";

    #[test]
    fn tcvn3_round_trip_and_detection() {
        let lower = SAMPLE.to_lowercase();
        // TCVN3 has no precomposed capitals with tones: test the lower-case text.
        let bytes = encode_tcvn3(&lower).expect("representable");
        assert_eq!(decode_tcvn3(&bytes), lower);
        let d = decode(&bytes);
        assert_eq!(d.encoding, "tcvn3");
        assert_eq!(d.text, lower);
        assert!(!d.uncertain, "{d:?}");
        // The classic mojibake: "Hµ Néi" is TCVN3 "Hà Nội".
        assert_eq!(decode_tcvn3(b"H\xb5 N\xe9i"), "Hà Nội");
    }

    #[test]
    fn vni_round_trip_and_detection() {
        let bytes = encode_vni(SAMPLE).expect("representable");
        assert_eq!(decode_vni(&bytes), SAMPLE);
        let d = decode(&bytes);
        assert_eq!(d.encoding, "vni");
        assert_eq!(d.text, SAMPLE);
        // "Haø Noäi" is VNI "Hà Nội".
        assert_eq!(decode_vni(b"Ha\xf8 No\xe4i"), "Hà Nội");
    }

    #[test]
    fn windows_1258_with_combining_tones() {
        // CP1258: "Việt" = V i ê(0xEA) + dot below (0xF2) t
        let d = decode(b"Vi\xea\xf2t Nam l\xe0 qu\xf4\xecc gia \xf0\xf4\xf2c l\xe2\xf2p");
        assert_eq!(d.encoding, "windows-1258");
        assert_eq!(
            crate::text::normalize(&d.text),
            "Việt Nam là quốc gia độc lập"
        );
    }

    #[test]
    fn utf8_passes_through_and_garbage_warns() {
        let d = decode(SAMPLE.as_bytes());
        assert_eq!((d.encoding, d.text.as_str()), ("utf-8", SAMPLE));
        let d = decode(&[0xff, 0xfe, 0x00, 0x81, 0x9f]);
        assert!(d.uncertain);
        assert!(d.warning(Lang::En).unwrap().contains("UNCERTAIN"));
    }
}
