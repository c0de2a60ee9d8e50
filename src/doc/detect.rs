//! Which form a page is in, from its content (the extension only breaks ties), so that a
//! page saved as `.txt` from a browser's "save as HTML" is still read as HTML.

use std::path::Path;

/// The forms a doc page comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// The print view's text, copied out of a browser.
    Text,
    /// The print view or a single page as HTML.
    Html,
    /// A Markdown copy.
    Markdown,
}

/// Detects the form of `text`; `None` when it is none of them.
pub fn detect(path: &Path, text: &str) -> Option<InputFormat> {
    let head: String = text
        .trim_start()
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with('<')
            && (head.contains("<body")
                || head.contains("<h1")
                || head.contains("<table")
                || head.contains("<div")))
    {
        return Some(InputFormat::Html);
    }
    let mut text_score = 0usize;
    let mut markdown_score = 0usize;
    // The first lines tell: a page shows its form from its first headings and tables.
    for line in text.lines().take(2_000) {
        let l = line.trim_start();
        if l.starts_with('#') && l.trim_start_matches('#').starts_with(' ') {
            let rest = l.trim_start_matches('#').trim_start();
            markdown_score += if super::lines::is_heading(rest) {
                10
            } else {
                1
            };
        } else if l.starts_with("```") {
            markdown_score += 5;
        } else if super::lines::is_heading(l) || super::glued::header(l).is_some() {
            // A glued table header is the text a text extractor made of the site's tables.
            text_score += 10;
        } else if l.starts_with('|') && l.ends_with('|') {
            text_score += 1;
            markdown_score += 1;
        } else if super::lines::classify(l, "- ").is_some() {
            text_score += 1;
        }
    }
    // Only Markdown can tie with text (pipe tables read the same in both); a page that does
    // not start with a tag is no HTML, whatever its name.
    let by_extension = match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("md" | "markdown") => Some(InputFormat::Markdown),
        _ => None,
    };
    match (text_score, markdown_score) {
        (0, 0) => None,
        (t, m) if m > t => Some(InputFormat::Markdown),
        (t, m) if t > m => Some(InputFormat::Text),
        _ => by_extension.or(Some(InputFormat::Text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_content() {
        let p = Path::new("page.txt");
        assert_eq!(
            detect(p, "<!DOCTYPE html><html><body><h1>1 - X</h1></body></html>"),
            Some(InputFormat::Html)
        );
        assert_eq!(
            detect(
                p,
                "# 1 - API Gateway\n\n## 1.1 - APIs\n\n```json\n{}\n```\n"
            ),
            Some(InputFormat::Markdown)
        );
        assert_eq!(
            detect(p, "1 - API Gateway\nOverview\n| a | b |\n"),
            Some(InputFormat::Text)
        );
        // Glued tables (a text extractor's copy of the site's HTML) have no pipes at all.
        assert_eq!(
            detect(
                p,
                "AccessKey\nNameDescriptionSchemaDefault\nname\nrequired\nstring\n"
            ),
            Some(InputFormat::Text)
        );
        assert_eq!(detect(p, "just some notes\nnothing else\n"), None);
        assert_eq!(detect(p, ""), None);
    }
}
