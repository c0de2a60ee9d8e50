//! One line of text → the block it stands for, whatever form the page came in: the banner,
//! a numbered heading (`1.1.2 - Connect PrivateLink Endpoint`), a table-of-contents entry
//! (`1.1.2: Connect ...`, after the list marker), or plain text.

use std::sync::OnceLock;

use regex::Regex;

use super::BlockKind;

fn heading_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(\d+(?:\.\d+)*) - (\S.*)$").expect("valid regex"))
}

fn toc_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(\d+(?:\.\d+)*): (\S.*)$").expect("valid regex"))
}

/// Banner lines of the print view, in the languages the site is published in.
const BANNERS: &[&str] = &[
    "이 섹션의 다중 페이지 출력 화면임.",
    "This is the multi-page printable view of this section.",
];

/// `true` for a numbered heading line.
pub fn is_heading(line: &str) -> bool {
    let line = line.trim();
    line.starts_with(|c: char| c.is_ascii_digit()) && heading_re().is_match(line)
}

/// A heading, banner or TOC line; `None` for anything else. `toc_marker` is the list marker
/// a TOC entry carries in this form (`"- "` in the text copy, `""` in a parsed list item).
pub fn classify(line: &str, toc_marker: &str) -> Option<BlockKind> {
    let line = line.trim();
    if BANNERS.iter().any(|b| line.starts_with(b)) {
        return Some(BlockKind::Banner(line.to_string()));
    }
    if line.starts_with("---") && line.trim_start_matches('-').starts_with("8<") {
        return Some(BlockKind::Cut);
    }
    if line.starts_with(|c: char| c.is_ascii_digit()) {
        if let Some((number, title)) = numbered(heading_re(), line) {
            return Some(BlockKind::Heading { number, title });
        }
    }
    let entry = line.strip_prefix(toc_marker)?;
    if entry.starts_with(|c: char| c.is_ascii_digit()) {
        if let Some((number, title)) = numbered(toc_re(), entry) {
            return Some(BlockKind::TocEntry { number, title });
        }
    }
    None
}

/// Any line as a block: classified, or plain text.
pub fn text_block(line: &str, toc_marker: &str) -> BlockKind {
    classify(line, toc_marker).unwrap_or_else(|| BlockKind::Text(line.trim().to_string()))
}

/// How many parts a heading number may have. The site's pages go four deep
/// (`1.1.2.1 - 1.2`, category pages five); the section tree nests one level per part and is
/// walked recursively, so `1.1.1...` thousands deep is read as a line of text (which the
/// extractor reports where it lands), not as a heading.
pub const MAX_HEADING_DEPTH: usize = 16;

fn numbered(re: &Regex, line: &str) -> Option<(Vec<u32>, String)> {
    let caps = re.captures(line)?;
    if caps[1].split('.').count() > MAX_HEADING_DEPTH {
        return None;
    }
    let number = caps[1]
        .split('.')
        .map(|n| n.parse().ok())
        .collect::<Option<Vec<u32>>>()?;
    Some((number, caps[2].trim().to_string()))
}
