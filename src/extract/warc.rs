//! A streaming reader for WARC/1.0 and WARC/1.1 (ISO 28500), plain or gzip
//! (one member per record, as the standard recommends, or one member for the whole file).
//!
//! Written here rather than taken from a crate because extraction needs two things the
//! crates do not give together: streaming over multi-gigabyte archives, and recovery
//! after a damaged record (bad header, wrong length, truncated tail) so one bad record is
//! reported with its target URI and the rest of the archive is still read.

use anyhow::{Context, anyhow};
use flate2::read::MultiGzDecoder;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Records larger than this are skipped with an error (nothing sane is that big).
pub const MAX_RECORD_BYTES: u64 = 64 << 20;

/// One HTML response from an archive.
#[derive(Debug, Clone)]
pub struct HtmlRecord {
    pub target_uri: String,
    /// `charset=` of the HTTP Content-Type, if any.
    pub charset: Option<String>,
    /// The HTTP body (de-chunked and decompressed when the archive kept the raw transfer).
    pub body: Vec<u8>,
    /// 1-based record number in the file.
    pub record: usize,
}

/// A raw WARC record: its headers and block.
#[derive(Debug, Clone)]
pub struct Record {
    pub headers: Vec<(String, String)>,
    pub block: Vec<u8>,
}

impl Record {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Open a `.warc` or `.warc.gz` (detected by content, not name).
pub fn open(path: &Path) -> anyhow::Result<Box<dyn BufRead>> {
    let mut f = BufReader::new(
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?,
    );
    let magic = f.fill_buf()?.get(..2) == Some(&[0x1f, 0x8b][..]);
    Ok(if magic {
        Box::new(BufReader::with_capacity(1 << 16, MultiGzDecoder::new(f)))
    } else {
        Box::new(f)
    })
}

/// Iterate over the records of a WARC stream. A damaged record yields an `Err` and the
/// reader re-synchronises on the next `WARC/` version line.
pub struct Records<R: BufRead> {
    r: R,
    n: usize,
    pending: Option<Vec<u8>>,
    done: bool,
}

impl<R: BufRead> Records<R> {
    pub fn new(r: R) -> Self {
        Records {
            r,
            n: 0,
            pending: None,
            done: false,
        }
    }

    fn line(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        if let Some(l) = self.pending.take() {
            return Ok(Some(l));
        }
        let mut buf = Vec::new();
        // Header lines are short; a 64 KiB line means we are not in a header.
        let n = (&mut self.r).take(1 << 16).read_until(b'\n', &mut buf)?;
        Ok((n > 0).then_some(buf))
    }

    fn next_record(&mut self) -> Option<anyhow::Result<Record>> {
        // Find the version line, skipping blank lines (and garbage after a damaged record).
        let mut skipped_garbage = false;
        loop {
            match self.line() {
                Ok(None) => return None,
                Ok(Some(l)) => {
                    if l.starts_with(b"WARC/") {
                        break;
                    }
                    if !l.iter().all(|b| b.is_ascii_whitespace()) {
                        skipped_garbage = true;
                    }
                }
                Err(e) => return Some(Err(anyhow!(e).context("read error"))),
            }
        }
        self.n += 1;
        let _ = skipped_garbage;
        let mut headers = Vec::new();
        loop {
            match self.line() {
                Ok(None) => return Some(Err(anyhow!("archive ends inside a record header"))),
                Ok(Some(l)) => {
                    if l == b"\r\n" || l == b"\n" {
                        break;
                    }
                    if l.starts_with(b"WARC/") {
                        self.pending = Some(l);
                        return Some(Err(anyhow!("record header has no end")));
                    }
                    let s = String::from_utf8_lossy(&l);
                    if let Some((k, v)) = s.split_once(':') {
                        headers.push((k.trim().to_owned(), v.trim().to_owned()));
                    } else if let Some(last) = headers.last_mut() {
                        // Folded continuation line.
                        last.1.push(' ');
                        last.1.push_str(s.trim());
                    }
                }
                Err(e) => return Some(Err(anyhow!(e).context("read error"))),
            }
        }
        let uri = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("WARC-Target-URI"))
            .map(|(_, v)| v.trim_matches(['<', '>']).to_owned());
        let ctx = |e: anyhow::Error| match &uri {
            Some(u) => e.context(format!("WARC record {} ({u})", self.n)),
            None => e.context(format!("WARC record {}", self.n)),
        };
        let len = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
            .and_then(|(_, v)| v.parse::<u64>().ok());
        let Some(len) = len else {
            return Some(Err(ctx(anyhow!("missing or invalid Content-Length"))));
        };
        if len > MAX_RECORD_BYTES {
            let skipped = std::io::copy(&mut (&mut self.r).take(len), &mut std::io::sink());
            let e = anyhow!("record of {len} bytes is larger than the {MAX_RECORD_BYTES}-byte cap");
            return Some(Err(ctx(match skipped {
                Ok(_) => e,
                Err(io) => e.context(io),
            })));
        }
        let mut block = Vec::with_capacity(len as usize);
        match (&mut self.r).take(len).read_to_end(&mut block) {
            Ok(n) if (n as u64) < len => {
                self.done = true;
                return Some(Err(ctx(anyhow!(
                    "archive truncated: record declares {len} bytes, only {n} present"
                ))));
            }
            Ok(_) => {}
            Err(e) => {
                self.done = true;
                return Some(Err(ctx(anyhow!(e).context("read error"))));
            }
        }
        Some(Ok(Record { headers, block }))
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = anyhow::Result<Record>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let r = self.next_record();
        if r.is_none() {
            self.done = true;
        }
        r
    }
}

/// Call `f` for every HTML response (and `resource` record with an HTML type) in the archive.
/// Errors about single records are passed to `f`; only failing to open the file is fatal.
pub fn for_each_html_response(
    path: &Path,
    mut f: impl FnMut(anyhow::Result<HtmlRecord>),
) -> anyhow::Result<()> {
    let reader = open(path)?;
    for (i, rec) in Records::new(reader).enumerate() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                f(Err(e.context(path.display().to_string())));
                continue;
            }
        };
        match html_of(&rec, i + 1) {
            Ok(Some(h)) => f(Ok(h)),
            Ok(None) => {}
            Err(e) => f(Err(e)),
        }
    }
    Ok(())
}

/// The HTML response carried by a record, if it is one.
pub fn html_of(rec: &Record, number: usize) -> anyhow::Result<Option<HtmlRecord>> {
    let kind = rec.header("WARC-Type").unwrap_or("").to_ascii_lowercase();
    let uri = rec
        .header("WARC-Target-URI")
        .unwrap_or("")
        .trim_matches(['<', '>'])
        .to_owned();
    let ct = rec
        .header("Content-Type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let ctx = || format!("WARC record {number} ({uri})");
    match kind.as_str() {
        "response" if ct.starts_with("application/http") => {
            let (status, headers, body) = parse_http(&rec.block).with_context(ctx)?;
            if !(200..300).contains(&status) {
                return Ok(None);
            }
            let hct = header(&headers, "content-type").unwrap_or("");
            if !is_html(hct, body) {
                return Ok(None);
            }
            let body = decode_transfer(&headers, body).with_context(ctx)?;
            Ok(Some(HtmlRecord {
                charset: super::charset::charset_of_content_type(hct).map(str::to_owned),
                target_uri: uri,
                body,
                record: number,
            }))
        }
        "resource" if is_html(&ct, &rec.block) => Ok(Some(HtmlRecord {
            charset: super::charset::charset_of_content_type(&ct).map(str::to_owned),
            target_uri: uri,
            body: rec.block.clone(),
            record: number,
        })),
        _ => Ok(None),
    }
}

fn is_html(content_type: &str, body: &[u8]) -> bool {
    let ct = content_type.to_ascii_lowercase();
    if ct.contains("html") {
        return true;
    }
    if !ct.trim().is_empty() {
        return false;
    }
    // No type: sniff.
    let head: Vec<u8> = body
        .iter()
        .take(512)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    memchr::memmem::find(&head, b"<html").is_some()
        || memchr::memmem::find(&head, b"<!doctype html").is_some()
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
    h.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

type Http<'a> = (u16, Vec<(String, String)>, &'a [u8]);

/// Split an HTTP/1.x response into status, headers and body.
pub fn parse_http(block: &[u8]) -> anyhow::Result<Http<'_>> {
    let end = memchr::memmem::find(block, b"\r\n\r\n")
        .map(|p| (p, p + 4))
        .or_else(|| memchr::memmem::find(block, b"\n\n").map(|p| (p, p + 2)))
        .ok_or_else(|| anyhow!("HTTP response has no end of headers"))?;
    let head = String::from_utf8_lossy(&block[..end.0]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .filter(|_| status_line.starts_with("HTTP/"))
        .ok_or_else(|| anyhow!("bad HTTP status line {status_line:?}"))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Ok((status, headers, &block[end.1..]))
}

/// Undo chunked transfer and gzip/deflate content coding when the archive kept them.
fn decode_transfer(headers: &[(String, String)], body: &[u8]) -> anyhow::Result<Vec<u8>> {
    let chunked = header(headers, "transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    let body = if chunked {
        dechunk(body).unwrap_or_else(|| body.to_vec())
    } else {
        body.to_vec()
    };
    let enc = header(headers, "content-encoding")
        .unwrap_or("")
        .to_ascii_lowercase();
    let is_gz = body.get(..2) == Some(&[0x1f, 0x8b][..]);
    if enc.contains("gzip") && is_gz {
        let mut out = Vec::new();
        MultiGzDecoder::new(&body[..])
            .take(super::MAX_PAGE_BYTES as u64)
            .read_to_end(&mut out)
            .context("gzip body does not decompress")?;
        return Ok(out);
    }
    if enc.contains("deflate") && !body.starts_with(b"<") {
        let mut out = Vec::new();
        if flate2::read::ZlibDecoder::new(&body[..])
            .take(super::MAX_PAGE_BYTES as u64)
            .read_to_end(&mut out)
            .is_ok()
        {
            return Ok(out);
        }
    }
    Ok(body)
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let nl = memchr::memchr(b'\n', b)?;
        let size_s = std::str::from_utf8(&b[..nl]).ok()?.trim();
        let size_s = size_s.split(';').next()?.trim();
        let size = usize::from_str_radix(size_s, 16).ok()?;
        b = &b[nl + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = &b[size..];
        b = b
            .strip_prefix(b"\r\n")
            .or_else(|| b.strip_prefix(b"\n"))
            .unwrap_or(b);
    }
}

/// Write one `response` record (used by tests and tools that build archives).
pub fn write_response(
    out: &mut impl std::io::Write,
    uri: &str,
    http: &[u8],
) -> std::io::Result<()> {
    write!(
        out,
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Date: 2024-08-12T03:30:00Z\r\nWARC-Record-ID: <urn:uuid:{:08x}-0000-4000-8000-000000000000>\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len() as u32 ^ uri.len() as u32,
        http.len()
    )?;
    out.write_all(http)?;
    out.write_all(b"\r\n\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(
            dechunk(b"4\r\nXin \r\n5\r\nchao.\r\n0\r\n\r\n").as_deref(),
            Some(&b"Xin chao."[..])
        );
        assert_eq!(dechunk(b"zz\r\n"), None);
    }

    #[test]
    fn a_bad_length_is_reported_and_the_next_record_is_read() {
        let mut w = Vec::new();
        w.extend_from_slice(
            b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://a.vn/x\r\nContent-Length: abc\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>x</p>\r\n\r\n",
        );
        write_response(
            &mut w,
            "http://a.vn/y",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>y</p></html>",
        )
        .unwrap();
        let recs: Vec<_> = Records::new(&w[..]).collect();
        assert_eq!(recs.len(), 2);
        let e = format!("{:#}", recs[0].as_ref().unwrap_err());
        assert!(
            e.contains("http://a.vn/x") && e.contains("Content-Length"),
            "{e}"
        );
        let r = recs[1].as_ref().unwrap();
        let h = html_of(r, 2).unwrap().unwrap();
        assert_eq!(h.target_uri, "http://a.vn/y");
        assert!(h.body.ends_with(b"<p>y</p></html>"));
    }
}
