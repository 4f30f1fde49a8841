//! A minimal WARC 1.1 writer (and a tolerant reader for checks and tests).
//!
//! Each fetched page becomes a `request` and a `response` record. Every record is its
//! own gzip member, so a `.warc.gz` file is a valid multi-member gzip stream that any
//! WARC tool (warcio, pywb, the `extract` command) can read, and a crash can only
//! damage the member being written. The crawler records in its state database how many
//! bytes of each file are committed and truncates anything after that on restart, so a
//! record is either fully in the archive and marked done, or absent and fetched again.
//!
//! The response record holds the HTTP status line, the headers and the body as the
//! crawler received it after content decoding (gzip/br/deflate): `Content-Encoding` and
//! `Transfer-Encoding` are dropped and `Content-Length` is the decoded length, so the
//! stored message is self-consistent. The bytes of the body are otherwise untouched
//! (no charset conversion), so the extractor sees exactly what the outlet served.

use flate2::Compression;
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What is stored for one fetched page.
pub struct Exchange<'a> {
    pub url: &'a str,
    pub method: &'a str,
    /// Request headers sent (name, value).
    pub request_headers: &'a [(String, String)],
    pub status: u16,
    pub reason: &'a str,
    /// Response headers received (name, value).
    pub response_headers: &'a [(String, String)],
    pub body: &'a [u8],
    /// RFC 3339 UTC time of the fetch.
    pub date: &'a str,
}

pub struct WarcWriter {
    file: File,
    path: PathBuf,
    len: u64,
}

fn record_id() -> String {
    format!("<urn:uuid:{}>", uuid::Uuid::new_v4())
}

fn gz(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut e = GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3 + 64),
        Compression::default(),
    );
    e.write_all(bytes)?;
    e.finish()
}

fn clean_header(s: &str) -> String {
    s.chars().filter(|c| *c != '\r' && *c != '\n').collect()
}

fn record(headers: &[(&str, String)], block: &[u8]) -> Vec<u8> {
    let mut r = Vec::with_capacity(block.len() + 512);
    r.extend_from_slice(b"WARC/1.1\r\n");
    for (k, v) in headers {
        r.extend_from_slice(k.as_bytes());
        r.extend_from_slice(b": ");
        r.extend_from_slice(clean_header(v).as_bytes());
        r.extend_from_slice(b"\r\n");
    }
    r.extend_from_slice(format!("Content-Length: {}\r\n\r\n", block.len()).as_bytes());
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn sha256_label(b: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(b)))
}

impl WarcWriter {
    /// Create a new file (it must not exist) and write its `warcinfo` record.
    pub fn create(path: &Path, software: &str, date: &str) -> std::io::Result<WarcWriter> {
        if let Some(d) = path.parent() {
            std::fs::create_dir_all(d)?;
        }
        let file = OpenOptions::new()
            .create_new(true)
            .append(true)
            .open(path)?;
        let mut w = WarcWriter {
            file,
            path: path.to_path_buf(),
            len: 0,
        };
        let info = format!("software: {software}\r\nformat: WARC File Format 1.1\r\n");
        let fname = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rec = record(
            &[
                ("WARC-Type", "warcinfo".into()),
                ("WARC-Record-ID", record_id()),
                ("WARC-Date", date.into()),
                ("WARC-Filename", fname),
                ("Content-Type", "application/warc-fields".into()),
            ],
            info.as_bytes(),
        );
        w.write_durable(&gz(&rec)?)?;
        Ok(w)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Bytes written and synced so far.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn write_durable(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.file.write_all(bytes)?;
        self.file.sync_data()?;
        self.len += bytes.len() as u64;
        Ok(())
    }

    /// Append the request and response records of one exchange and fsync.
    /// Returns the offset of the response record's gzip member.
    pub fn append(&mut self, x: &Exchange<'_>) -> std::io::Result<u64> {
        let parsed = url::Url::parse(x.url).ok();
        let mut req = format!(
            "{} {} HTTP/1.1\r\n",
            x.method,
            parsed
                .as_ref()
                .map(|u| {
                    let mut p = u.path().to_string();
                    if let Some(q) = u.query() {
                        p.push('?');
                        p.push_str(q);
                    }
                    p
                })
                .unwrap_or_else(|| "/".into())
        );
        if let Some(h) = parsed.as_ref().and_then(|u| u.host_str()) {
            match parsed.as_ref().and_then(|u| u.port()) {
                Some(p) => req.push_str(&format!("Host: {h}:{p}\r\n")),
                None => req.push_str(&format!("Host: {h}\r\n")),
            }
        }
        for (k, v) in x.request_headers {
            req.push_str(&format!("{}: {}\r\n", clean_header(k), clean_header(v)));
        }
        req.push_str("\r\n");
        let mut resp = format!("HTTP/1.1 {} {}\r\n", x.status, clean_header(x.reason)).into_bytes();
        for (k, v) in x.response_headers {
            let lk = k.to_ascii_lowercase();
            if lk == "content-encoding" || lk == "transfer-encoding" || lk == "content-length" {
                continue;
            }
            resp.extend_from_slice(
                format!("{}: {}\r\n", clean_header(k), clean_header(v)).as_bytes(),
            );
        }
        resp.extend_from_slice(format!("Content-Length: {}\r\n\r\n", x.body.len()).as_bytes());
        resp.extend_from_slice(x.body);
        let resp_id = record_id();
        let req_rec = record(
            &[
                ("WARC-Type", "request".into()),
                ("WARC-Record-ID", record_id()),
                ("WARC-Date", x.date.into()),
                ("WARC-Target-URI", x.url.into()),
                ("WARC-Concurrent-To", resp_id.clone()),
                ("Content-Type", "application/http;msgtype=request".into()),
            ],
            req.as_bytes(),
        );
        let resp_rec = record(
            &[
                ("WARC-Type", "response".into()),
                ("WARC-Record-ID", resp_id),
                ("WARC-Date", x.date.into()),
                ("WARC-Target-URI", x.url.into()),
                ("WARC-Payload-Digest", sha256_label(x.body)),
                ("WARC-Block-Digest", sha256_label(&resp)),
                ("Content-Type", "application/http;msgtype=response".into()),
            ],
            &resp,
        );
        let mut bytes = gz(&req_rec)?;
        let offset = self.len + bytes.len() as u64;
        bytes.extend_from_slice(&gz(&resp_rec)?);
        self.write_durable(&bytes)?;
        Ok(offset)
    }
}

/// Cut a file back to `len` bytes (drops a partial or uncommitted trailing record).
pub fn truncate(path: &Path, len: u64) -> std::io::Result<()> {
    let f = OpenOptions::new().write(true).open(path)?;
    f.set_len(len)?;
    f.sync_all()
}

/// One record as read back.
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
    /// For a response record: the HTTP body after the header block.
    pub fn http_body(&self) -> &[u8] {
        match memchr::memmem::find(&self.block, b"\r\n\r\n") {
            Some(i) => &self.block[i + 4..],
            None => &[],
        }
    }
    /// For a response record: the HTTP status code.
    pub fn http_status(&self) -> Option<u16> {
        let line = self.block.split(|&b| b == b'\n').next()?;
        std::str::from_utf8(line)
            .ok()?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    }
}

/// Read every complete record of a `.warc.gz` (or plain `.warc`) file; a damaged
/// trailing part is ignored (the returned flag says whether one was found).
pub fn read_records(path: &Path) -> std::io::Result<(Vec<Record>, bool)> {
    let mut raw = Vec::new();
    File::open(path)?.read_to_end(&mut raw)?;
    let mut data = Vec::new();
    let mut damaged = false;
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut d = flate2::read::MultiGzDecoder::new(&raw[..]);
        if d.read_to_end(&mut data).is_err() {
            damaged = true;
        }
    } else {
        data = raw;
    }
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < data.len() {
        let Some(hend) = memchr::memmem::find(&data[pos..], b"\r\n\r\n") else {
            damaged = true;
            break;
        };
        let head = String::from_utf8_lossy(&data[pos..pos + hend]).into_owned();
        let mut lines = head.split("\r\n");
        if !lines.next().unwrap_or("").starts_with("WARC/") {
            damaged = true;
            break;
        }
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        let len: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let start = pos + hend + 4;
        if start + len > data.len() {
            damaged = true;
            break;
        }
        out.push(Record {
            headers,
            block: data[start..start + len].to_vec(),
        });
        pos = start + len;
        while pos < data.len() && (data[pos] == b'\r' || data[pos] == b'\n') {
            pos += 1;
        }
    }
    Ok((out, damaged))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip_and_truncated_tail() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.warc.gz");
        let mut w = WarcWriter::create(&p, "test", "2024-08-12T03:30:00Z").unwrap();
        let body = "Phụ nữ khởi nghiệp ở Quảng Ninh".as_bytes();
        let headers = vec![(
            "Content-Type".to_string(),
            "text/html; charset=utf-8".to_string(),
        )];
        let off = w
            .append(&Exchange {
                url: "https://baoquangninh.vn/a.html",
                method: "GET",
                request_headers: &[],
                status: 200,
                reason: "OK",
                response_headers: &headers,
                body,
                date: "2024-08-12T03:30:00Z",
            })
            .unwrap();
        assert!(off > 0 && off < w.len());
        let good = w.len();
        // A crash mid-write leaves half a member.
        let mut f = OpenOptions::new().append(true).open(&p).unwrap();
        f.write_all(&gz(b"WARC/1.1\r\nWARC-Type: response\r\n").unwrap()[..20])
            .unwrap();
        let (recs, damaged) = read_records(&p).unwrap();
        assert!(damaged);
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[2].http_body(), body);
        assert_eq!(recs[2].http_status(), Some(200));
        truncate(&p, good).unwrap();
        let (recs, damaged) = read_records(&p).unwrap();
        assert!(!damaged);
        assert_eq!(recs.len(), 3);
        assert_eq!(
            recs[2].header("WARC-Target-URI"),
            Some("https://baoquangninh.vn/a.html")
        );
    }
}
