//! `spec/source/sources.toml`: the pages `scpgen fetch` downloads (per page its address, its
//! language and the file it is saved to), how it fetches them, and the metadata of the
//! crates published from them.
//!
//! ```toml
//! [crates]                   # optional: written into every generated crate's manifest
//! repository = "https://github.com/example/scp-sdk"
//! homepage = "https://example.com/scp-sdk"
//! documentation = "https://docs.rs"   # the crate's own page below it: docs.rs/<crate>
//!
//! [fetch]                    # optional, the defaults shown
//! timeout-seconds = 30       # per attempt, the whole answer included
//! attempts = 3               # a 5xx, 429 or a transport failure is tried again
//! retry-delay-ms = 1000      # doubled after each attempt
//! max-size = "16MiB"         # a larger page is refused
//!
//! [[page]]
//! url = "https://docs.e.samsungsdscloud.com/apireference/application-service/_print/"
//! language = "ko"            # ko or en: the Accept-Language of the request
//! file = "application-service.html"
//! ```

use std::path::Path;
use std::time::Duration;

use anyhow::{anyhow, bail, Context};
use toml_edit::{DocumentMut, Item, Table};

/// The sources file's name in spec/source/.
pub const SOURCES_FILE: &str = "sources.toml";
/// The lock file's name beside it.
pub const LOCK_FILE: &str = "sources.lock";

/// A page to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub url: String,
    /// `ko` or `en`.
    pub language: Language,
    /// The file in spec/source/ it is saved to: a plain file name.
    pub file: String,
    /// The line of its `[[page]]` table, for messages.
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Korean,
    English,
}

#[cfg(feature = "fetch")]
impl Language {
    /// The `Accept-Language` the site answers in.
    pub fn accept(self) -> &'static str {
        match self {
            Language::Korean => "ko-KR,ko;q=0.9",
            Language::English => "en-US,en;q=0.9",
        }
    }
}

/// How pages are fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchSettings {
    pub timeout: Duration,
    pub attempts: u32,
    pub retry_delay: Duration,
    pub max_size: u64,
}

impl Default for FetchSettings {
    fn default() -> Self {
        FetchSettings {
            timeout: Duration::from_secs(30),
            attempts: 3,
            retry_delay: Duration::from_millis(1000),
            max_size: 16 << 20,
        }
    }
}

/// The metadata of the published crates (`[crates]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrateMetadata {
    pub repository: Option<String>,
    pub homepage: Option<String>,
    /// The documentation site; a crate's page is `<documentation>/<crate name>`.
    pub documentation: Option<String>,
}

/// The whole sources file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    pub pages: Vec<Page>,
    pub fetch: FetchSettings,
    pub crates: CrateMetadata,
}

/// Reads spec/source/sources.toml under `root`; `None` when there is none.
pub fn read(root: &Path) -> anyhow::Result<Option<Sources>> {
    let path = root.join("spec").join("source").join(SOURCES_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| crate::terminal::path(&path)),
    };
    parse(&text).map(Some).map_err(|e| {
        anyhow!(
            "{}: {}",
            crate::terminal::path(&crate::diag::display_path(&path)),
            e
        )
    })
}

/// Parses a sources file's text. Errors name the line where one is known.
pub fn parse(text: &str) -> anyhow::Result<Sources> {
    let doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
        anyhow!(
            "{}not TOML: {}",
            line.map_or(String::new(), |l| format!("line {l}: ")),
            e.message()
        )
    })?;
    // Lines of the `[[page]]` headers, in order (a parsed document keeps no positions).
    let page_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("[[page]]"))
        .map(|(i, _)| i + 1)
        .collect();
    for (key, _) in doc.iter() {
        if !matches!(key, "page" | "fetch" | "crates") {
            bail!("unknown table `{key}` (the tables are [[page]], [fetch] and [crates])");
        }
    }
    let mut sources = Sources::default();
    if let Some(fetch) = doc.get("fetch") {
        let t = fetch
            .as_table()
            .ok_or_else(|| anyhow!("[fetch] is not a table"))?;
        sources.fetch = fetch_settings(t)?;
    }
    if let Some(crates) = doc.get("crates") {
        let t = crates
            .as_table()
            .ok_or_else(|| anyhow!("[crates] is not a table"))?;
        sources.crates = crate_metadata(t)?;
    }
    let pages = match doc.get("page") {
        None => &toml_edit::ArrayOfTables::new(),
        Some(Item::ArrayOfTables(a)) => a,
        Some(_) => bail!("`page` must be [[page]] tables"),
    };
    for (k, t) in pages.iter().enumerate() {
        let line = page_lines.get(k).copied().unwrap_or(0);
        let page = page(t, line).map_err(|e| anyhow!("line {line}: [[page]]: {e}"))?;
        if let Some(other) = sources.pages.iter().find(|p| p.file == page.file) {
            bail!(
                "line {line}: [[page]]: `{}` is the file of the page at line {} too",
                page.file,
                other.line
            );
        }
        sources.pages.push(page);
    }
    Ok(sources)
}

fn string<'t>(t: &'t Table, key: &str) -> anyhow::Result<Option<&'t str>> {
    match t.get(key) {
        None => Ok(None),
        Some(v) => v
            .as_str()
            .map(Some)
            .ok_or_else(|| anyhow!("`{key}` must be a string")),
    }
}

fn only_keys(t: &Table, what: &str, keys: &[&str]) -> anyhow::Result<()> {
    match t.iter().find(|(k, _)| !keys.contains(k)) {
        Some((k, _)) => bail!("{what}: unknown key `{k}` (the keys are {})", keys.join(", ")),
        None => Ok(()),
    }
}

fn page(t: &Table, line: usize) -> anyhow::Result<Page> {
    only_keys(t, "[[page]]", &["url", "language", "file"])?;
    let url = string(t, "url")?.ok_or_else(|| anyhow!("no `url`"))?;
    check_url(url)?;
    let language = match string(t, "language")?.unwrap_or("ko") {
        "ko" => Language::Korean,
        "en" => Language::English,
        other => bail!("`language` is `ko` or `en`, not `{other}`"),
    };
    let file = string(t, "file")?.ok_or_else(|| anyhow!("no `file`"))?;
    check_file(file)?;
    Ok(Page {
        url: url.to_string(),
        language,
        file: file.to_string(),
        line,
    })
}

/// An address scpgen may fetch: `http(s)://host/...`, with no user or password in it (no
/// credentials are ever sent) and no whitespace or control character.
pub fn check_url(url: &str) -> anyhow::Result<()> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| anyhow!("`{}` is no http(s) address", crate::terminal::escape(url)))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() {
        bail!("`{}` names no host", crate::terminal::escape(url));
    }
    if authority.contains('@') {
        bail!(
            "`{}` holds credentials; scpgen sends none",
            crate::terminal::escape(url)
        );
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        bail!(
            "`{}` holds whitespace or a control character",
            crate::terminal::escape(url)
        );
    }
    Ok(())
}

/// A page's file: a plain name in spec/source/ (no directory, not hidden, not the sources
/// or lock file).
fn check_file(file: &str) -> anyhow::Result<()> {
    let plain = !file.is_empty()
        && !file.starts_with('.')
        && file.len() <= 128
        && file
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !plain {
        bail!("`file` must be a plain file name (letters, digits, `-`, `_`, `.`), not `{}`", crate::terminal::escape(file));
    }
    if file == SOURCES_FILE || file == LOCK_FILE {
        bail!("`file` cannot be `{file}`");
    }
    Ok(())
}

fn fetch_settings(t: &Table) -> anyhow::Result<FetchSettings> {
    only_keys(
        t,
        "[fetch]",
        &["timeout-seconds", "attempts", "retry-delay-ms", "max-size"],
    )?;
    let mut s = FetchSettings::default();
    let int = |key: &str, range: std::ops::RangeInclusive<i64>| -> anyhow::Result<Option<u64>> {
        match t.get(key) {
            None => Ok(None),
            Some(v) => {
                let n = v
                    .as_integer()
                    .ok_or_else(|| anyhow!("[fetch]: `{key}` must be an integer"))?;
                if !range.contains(&n) {
                    bail!(
                        "[fetch]: `{key}` must be in {}..={}",
                        range.start(),
                        range.end()
                    );
                }
                Ok(Some(n as u64))
            }
        }
    };
    if let Some(n) = int("timeout-seconds", 1..=3600)? {
        s.timeout = Duration::from_secs(n);
    }
    if let Some(n) = int("attempts", 1..=10)? {
        s.attempts = n as u32;
    }
    if let Some(n) = int("retry-delay-ms", 0..=60_000)? {
        s.retry_delay = Duration::from_millis(n);
    }
    if let Some(size) = string(t, "max-size")? {
        s.max_size = crate::files::parse_size(size).map_err(|e| anyhow!("[fetch]: `max-size`: {e}"))?;
    }
    Ok(s)
}

fn crate_metadata(t: &Table) -> anyhow::Result<CrateMetadata> {
    only_keys(t, "[crates]", &["repository", "homepage", "documentation"])?;
    let url = |key: &str| -> anyhow::Result<Option<String>> {
        let Some(v) = string(t, key)? else {
            return Ok(None);
        };
        check_url(v).map_err(|e| anyhow!("[crates]: `{key}`: {e}"))?;
        Ok(Some(v.trim_end_matches('/').to_string()))
    };
    Ok(CrateMetadata {
        repository: url("repository")?,
        homepage: url("homepage")?,
        documentation: url("documentation")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_sources_file() {
        let s = parse(
            "[crates]\nrepository = \"https://github.com/x/y/\"\n\n[fetch]\ntimeout-seconds = 5\nattempts = 2\nretry-delay-ms = 10\nmax-size = \"1MiB\"\n\n[[page]]\nurl = \"https://docs.e.samsungsdscloud.com/apireference/application-service/_print/\"\nfile = \"application-service.html\"\n\n[[page]]\nurl = \"http://127.0.0.1:8080/en/x/_print\"\nlanguage = \"en\"\nfile = \"x-en.html\"\n",
        )
        .unwrap();
        assert_eq!(s.crates.repository.as_deref(), Some("https://github.com/x/y"));
        assert_eq!(s.fetch.timeout, Duration::from_secs(5));
        assert_eq!(s.fetch.max_size, 1 << 20);
        assert_eq!(s.pages.len(), 2);
        assert_eq!(s.pages[0].language, Language::Korean);
        assert_eq!(s.pages[1].language, Language::English);
        assert_eq!(s.pages[1].line, 14);
    }

    #[test]
    fn mistakes_are_refused_with_their_line() {
        for (text, message) in [
            ("[[page]]\nurl = \"ftp://x/y\"\nfile = \"a.html\"", "line 1: [[page]]: `ftp://x/y` is no http(s) address"),
            ("[[page]]\nurl = \"https://u:p@x/y\"\nfile = \"a.html\"", "holds credentials"),
            ("[[page]]\nurl = \"https://x/y\"\nfile = \"../a.html\"", "plain file name"),
            ("[[page]]\nurl = \"https://x/y\"\nfile = \"sources.lock\"", "cannot be `sources.lock`"),
            ("[[page]]\nurl = \"https://x/y\"\nfile = \"a.html\"\nlanguage = \"fr\"", "`language` is `ko` or `en`"),
            ("[[page]]\nurl = \"https://x/a\"\nfile = \"a.html\"\n[[page]]\nurl = \"https://x/b\"\nfile = \"a.html\"", "line 4: [[page]]: `a.html` is the file of the page at line 1 too"),
            ("[[page]]\nurl = \"https://x/y\"\nfile = \"a.html\"\nheaders = 1", "unknown key `headers`"),
            ("[pages]\n", "unknown table `pages`"),
            ("[fetch]\nattempts = 0", "`attempts` must be in 1..=10"),
            ("[[page]\n", "line 1: not TOML"),
        ] {
            let e = parse(text).unwrap_err().to_string();
            assert!(e.contains(message), "{text:?}: {e}");
        }
    }
}
