//! The outlet registry (`corpus/outlets.toml`): loading and validation.
//!
//! Officers edit this file by hand (adding their province's commune portals), so every
//! problem is reported with the file, the line and what to do, and all problems are
//! reported at once rather than one per run.

use crate::i18n::Lang;
use crate::model::Outlet;
use serde::Deserialize;
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// One validation problem, located in the registry file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

/// All the problems of a registry file.
#[derive(Debug)]
pub struct RegistryError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RegistryError {}

#[derive(Deserialize)]
struct RawRegistry {
    #[serde(default)]
    outlet: Vec<toml::Spanned<Outlet>>,
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Line of `key = …` inside an entry's span, or the entry's first line.
fn key_line(text: &str, span: &std::ops::Range<usize>, key: &str) -> usize {
    // The span of an `[[outlet]]` table may cover only its header: search on to the
    // next table header.
    let start = span.start.min(text.len());
    let after = span.end.min(text.len());
    let end = text
        .get(after..)
        .and_then(|rest| rest.find("\n[").map(|i| after + i))
        .unwrap_or(text.len())
        .max(after);
    let body = text.get(start..end).unwrap_or("");
    let mut off = 0;
    for l in body.split_inclusive('\n') {
        let t = l.trim_start();
        if let Some(rest) = t.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return line_of(text, start + off);
        }
        off += l.len();
    }
    line_of(text, start)
}

fn check_url(u: &str) -> Result<(), String> {
    match url::Url::parse(u) {
        Ok(p) if p.scheme() == "http" || p.scheme() == "https" => {
            if p.host_str().is_none() {
                Err(format!("URL \"{u}\" has no host"))
            } else {
                Ok(())
            }
        }
        Ok(p) => Err(format!(
            "URL \"{u}\" uses scheme \"{}\"; only http and https can be crawled",
            p.scheme()
        )),
        Err(e) => Err(format!("\"{u}\" is not a valid URL ({e})")),
    }
}

/// Parse and validate a registry from text. `file` is only used in messages.
pub fn parse(text: &str, file: &Path, lang: Lang) -> Result<Vec<Outlet>, RegistryError> {
    let problem = |line: usize, message: String| Problem {
        file: file.to_path_buf(),
        line,
        message,
    };
    let raw: RawRegistry = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
            let msg = e.message().trim().to_string();
            return Err(RegistryError {
                problems: vec![problem(
                    line,
                    format!(
                        "{msg} — {}",
                        lang.pick(
                            "sửa mục này theo mẫu ở đầu tệp (mỗi cơ quan là một bảng [[outlet]] có id, name, type, home)",
                            "fix this entry following the template at the top of the file (each outlet is an [[outlet]] table with id, name, type, home)"
                        )
                    ),
                )],
            });
        }
    };
    let mut problems = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(raw.outlet.len());
    for sp in raw.outlet {
        let span = sp.span();
        let o = sp.into_inner();
        let l = |k: &str| key_line(text, &span, k);
        if o.id.is_empty()
            || !o
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            problems.push(problem(
                l("id"),
                format!(
                    "id \"{}\": {}",
                    o.id,
                    lang.pick(
                        "id chỉ gồm chữ thường không dấu, số, '-' hoặc '_' (ví dụ \"xa-dong-tien\")",
                        "an id uses only lowercase ASCII letters, digits, '-' or '_' (e.g. \"xa-dong-tien\")"
                    )
                ),
            ));
        } else if !seen.insert(o.id.clone()) {
            problems.push(problem(
                l("id"),
                format!(
                    "id \"{}\": {}",
                    o.id,
                    lang.pick(
                        "trùng với một cơ quan khác; hãy đặt id khác",
                        "is used by another outlet; choose a different id"
                    )
                ),
            ));
        }
        if o.name.trim().is_empty() {
            problems.push(problem(
                l("name"),
                lang.pick("thiếu tên cơ quan (name)", "the outlet's name is empty")
                    .to_string(),
            ));
        }
        if let Err(m) = check_url(&o.home) {
            problems.push(problem(
                l("home"),
                format!(
                    "home: {m} — {}",
                    lang.pick(
                        "ghi địa chỉ trang chủ đầy đủ, ví dụ \"https://baoquangninh.vn/\"",
                        "write the full home-page address, e.g. \"https://baoquangninh.vn/\""
                    )
                ),
            ));
        }
        for (key, list) in [
            ("feeds", &o.feeds),
            ("sitemaps", &o.sitemaps),
            ("sections", &o.sections),
        ] {
            for u in list {
                if let Err(m) = check_url(u) {
                    problems.push(problem(
                        l(key),
                        format!(
                            "{key}: {m} — {}",
                            lang.pick(
                                "ghi địa chỉ đầy đủ bắt đầu bằng https://",
                                "write a full address starting with https://"
                            )
                        ),
                    ));
                }
            }
        }
        if let Some(p) = &o.article_pattern
            && let Err(e) = regex::Regex::new(p)
        {
            problems.push(problem(
                l("article_pattern"),
                format!(
                    "article_pattern: {e} — {}",
                    lang.pick(
                        "biểu thức chính quy không hợp lệ",
                        "not a valid regular expression"
                    )
                ),
            ));
        }
        if let Some(v) = o.min_interval_secs
            && !(v.is_finite() && v >= 0.0)
        {
            problems.push(problem(
                l("min_interval_secs"),
                lang.pick(
                    "min_interval_secs phải là số giây không âm",
                    "min_interval_secs must be a non-negative number of seconds",
                )
                .to_string(),
            ));
        }
        if o.max_in_flight == Some(0) {
            problems.push(problem(
                l("max_in_flight"),
                lang.pick("max_in_flight phải ≥ 1", "max_in_flight must be at least 1")
                    .to_string(),
            ));
        }
        out.push(o);
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(RegistryError { problems })
    }
}

/// Read and validate a registry file.
pub fn load(path: &Path, lang: Lang) -> anyhow::Result<Vec<Outlet>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        anyhow::anyhow!(
            "{}: {e} — {}",
            path.display(),
            lang.pick(
                "không đọc được danh mục cơ quan; kiểm tra đường dẫn --outlets",
                "cannot read the outlet registry; check the --outlets path"
            )
        )
    })?;
    Ok(parse(&text, path, lang)?)
}

/// Keep only the outlets named in `only` (all when empty); unknown ids are an error.
pub fn select(outlets: Vec<Outlet>, only: &[String], lang: Lang) -> anyhow::Result<Vec<Outlet>> {
    if only.is_empty() {
        return Ok(outlets);
    }
    for id in only {
        if !outlets.iter().any(|o| &o.id == id) {
            anyhow::bail!(
                "--only {id}: {}",
                lang.pick(
                    "không có cơ quan này trong danh mục (xem `chisogioi outlets list`)",
                    "no such outlet in the registry (see `chisogioi outlets list`)"
                )
            );
        }
    }
    Ok(outlets
        .into_iter()
        .filter(|o| only.iter().any(|id| id == &o.id))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_line_of_bad_home_and_duplicate_id() {
        let t = r#"# header
[[outlet]]
id = "a"
name = "Báo A"
type = "provincial_press"
home = "https://a.vn/"

[[outlet]]
id = "a"
name = "Xã B"
type = "commune_portal"
home = "ftp://b.vn/"
"#;
        let e = parse(t, Path::new("o.toml"), Lang::En).unwrap_err();
        let lines: Vec<usize> = e.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![9, 12], "{e}");
        assert!(e.to_string().contains("o.toml:12"));
    }

    #[test]
    fn syntax_error_has_line() {
        let t =
            "[[outlet]]\nid = \"a\"\nname = \"A\"\ntype = \"newspaper\"\nhome = \"https://a.vn\"\n";
        let e = parse(t, Path::new("o.toml"), Lang::En).unwrap_err();
        assert_eq!(e.problems.len(), 1);
        assert!(e.problems[0].line >= 1 && e.problems[0].line <= 5, "{e}");
        assert!(e.to_string().contains("newspaper"), "{e}");
    }
}
