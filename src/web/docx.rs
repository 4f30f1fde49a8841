//! Plain text from an uploaded .docx, without an external converter.
//!
//! A .docx is a zip; the body is `word/document.xml`, where text sits in `<w:t>` elements,
//! paragraphs end with `</w:p>`, and `<w:tab/>` / `<w:br/>` are tab and line break. That is
//! all a draft check needs, so a small scanner over the tags replaces an XML library. The
//! decompressed size is capped so a zip bomb cannot exhaust memory.

use anyhow::{Context, bail};
use std::io::Read;

/// Largest `word/document.xml` read (decompressed).
pub const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// Extract the text of a .docx: paragraphs joined by `\n`.
pub fn docx_text(bytes: &[u8]) -> anyhow::Result<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .context("not a .docx file (not a zip archive)")?;
    let entry = zip
        .by_name("word/document.xml")
        .context("not a .docx file (no word/document.xml)")?;
    let mut xml = String::new();
    entry
        .take(MAX_XML_BYTES + 1)
        .read_to_string(&mut xml)
        .context("word/document.xml is not UTF-8 text")?;
    if xml.len() as u64 > MAX_XML_BYTES {
        bail!("the document is too large (over 64 MB of XML)");
    }
    Ok(document_xml_text(&xml))
}

/// The text of a WordprocessingML `document.xml`.
pub fn document_xml_text(xml: &str) -> String {
    let mut out = String::new();
    let mut in_t = false;
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        if in_t {
            unescape_into(&rest[..lt], &mut out);
        }
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        let self_closing = tag.ends_with('/');
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        let closing = tag.starts_with('/');
        match name {
            "w:t" => in_t = !closing && !self_closing,
            "w:tab" if !closing => out.push('\t'),
            "w:br" | "w:cr" if !closing => out.push('\n'),
            "w:p" if closing => out.push('\n'),
            _ => {}
        }
    }
    while out.ends_with('\n') {
        out.pop();
    }
    out
}

fn unescape_into(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let Some(semi) = after.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let ent = &after[1..semi];
        let c = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    pub(crate) fn make_docx(paragraphs: &[&str]) -> Vec<u8> {
        let mut body = String::new();
        for p in paragraphs {
            body.push_str("<w:p><w:r><w:t xml:space=\"preserve\">");
            body.push_str(
                &p.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;"),
            );
            body.push_str("</w:t></w:r></w:p>");
        }
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
        );
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opt = zip::write::SimpleFileOptions::default();
        w.start_file("word/document.xml", opt).unwrap();
        w.write_all(xml.as_bytes()).unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn reads_runs_tabs_breaks_and_entities() {
        let xml = r#"<w:document><w:body><w:p><w:r><w:t>Chị Lan </w:t></w:r><w:r><w:t xml:space="preserve">nói: &#8220;Phụ nữ &amp; trẻ em&#8221;</w:t></w:r></w:p><w:p><w:r><w:t>Dòng</w:t><w:tab/><w:t>hai</w:t><w:br/><w:t>ba &lt;b&gt;</w:t></w:r></w:p><w:p/></w:body></w:document>"#;
        assert_eq!(
            document_xml_text(xml),
            "Chị Lan nói: “Phụ nữ & trẻ em”\nDòng\thai\nba <b>"
        );
    }

    #[test]
    fn roundtrip_through_zip() {
        let d = make_docx(&["Tiêu đề", "Bà Hoa cho biết: “Xin chào & tạm biệt”"]);
        assert_eq!(
            docx_text(&d).unwrap(),
            "Tiêu đề\nBà Hoa cho biết: “Xin chào & tạm biệt”"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_xml_or_bytes_never_panic(xml in "\\PC{0,200}", bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = document_xml_text(&xml);
            let _ = document_xml_text(&format!("<w:t>{xml}</w:t>"));
            let _ = docx_text(&bytes);
            let mut zipped = b"PK\x03\x04".to_vec();
            zipped.extend_from_slice(&bytes);
            let _ = docx_text(&zipped);
        }
    }

    #[test]
    fn garbage_is_a_clear_error() {
        let e = docx_text(b"not a zip").unwrap_err().to_string();
        assert!(e.contains(".docx"), "{e}");
        let e = document_xml_text("<w:t>unterminated &amp; <");
        assert_eq!(e, "unterminated & ");
    }
}
