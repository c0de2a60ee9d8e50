//! Text printed to a terminal or a CI log. File names and quotes from pages and specs reach
//! scpgen's output, and each can carry what a terminal or a CI runner executes: ANSI escape
//! sequences (colors, cursor moves, erased lines, OSC 8 links), a line break followed by a
//! GitHub workflow command (`::error ...`, `::add-mask::`, `::stop-commands::`), or a
//! bidirectional override that shows a reviewer something else than what is there.
//!
//! Everything scpgen prints that holds such text goes through [`escape`] (one line of text),
//! [`path`] (a file name) or [`lines`] (a file's content, in a diff): control characters,
//! line and paragraph separators and bidi controls are printed as Rust escapes (`\u{1b}`,
//! `\n`), and a line that would start with `::` after its indentation is printed with its
//! first colon escaped, so no printed line is a workflow command.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

/// Whether a character must not reach a reader as it is: control characters (line breaks,
/// escapes), line and paragraph separators, the byte-order mark, and the bidirectional
/// controls that reorder what a reviewer sees. One set for every output: terminals, rustdoc
/// and Markdown ([`crate::markdown`]), Cargo.toml, and the names scpgen accepts.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// One line of text as it may be printed: unsafe characters escaped.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A line printed at the start of a log line: escaped, and not a workflow command.
pub fn line_start(s: &str) -> Cow<'_, str> {
    let escaped = escape(s);
    let indent = escaped.len() - escaped.trim_start().len();
    if escaped[indent..].starts_with("::") {
        let mut out = escaped[..indent].to_string();
        out.push_str("\\u{3a}");
        out.push_str(&escaped[indent + 1..]);
        return Cow::Owned(out);
    }
    escaped
}

/// A file name as printed (findings start with it, so it is a line start too).
pub fn path(p: &Path) -> String {
    line_start(&p.to_string_lossy()).into_owned()
}

/// Lines of a file's content (a diff): each escaped and not a workflow command.
pub fn lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        out.push_str(&line_start(body));
        out.push_str(end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_breaks_are_escaped() {
        assert_eq!(escape("plain 한글"), "plain 한글");
        assert_eq!(escape("a\x1b[31mred"), "a\\u{1b}[31mred");
        assert_eq!(escape("x\n::error::y"), "x\\n::error::y");
        assert_eq!(
            escape("\x1b]8;;http://e\x07link"),
            "\\u{1b}]8;;http://e\\u{7}link"
        );
        assert_eq!(escape("bidi\u{202E}x\u{9b}2K"), "bidi\\u{202e}x\\u{9b}2K");
    }

    #[test]
    fn no_printed_line_is_a_workflow_command() {
        assert_eq!(
            path(Path::new("::error file=x::pwned")),
            "\\u{3a}:error file=x::pwned"
        );
        assert_eq!(
            lines("a\n  ::warning::x\n::set-output"),
            "a\n  \\u{3a}:warning::x\n\\u{3a}:set-output"
        );
        assert_eq!(path(Path::new("dir/a::b.txt")), "dir/a::b.txt");
    }

    // The class: any text, printed at a line start or inside a line, gives lines with no
    // control character, no bidi control and no workflow command.
    #[test]
    fn no_text_prints_a_control_or_a_command() {
        const PIECES: &[&str] = &[
            "a",
            "::",
            ":",
            " ",
            "\t",
            "\n",
            "\r",
            "\u{1b}[2K",
            "\u{9b}",
            "\u{7f}",
            "\u{202e}",
            "\u{2028}",
            "\u{feff}",
            "error",
            "한",
            "\\",
            "\u{0}",
        ];
        let mut seed = 0x7e57_u64;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..1 + (seed % 8) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            for printed in [
                line_start(&text).into_owned(),
                path(Path::new(&text)),
                lines(&text),
            ] {
                for line in printed.lines() {
                    assert!(!line.chars().any(is_unsafe), "{text:?} gave {line:?}");
                    assert!(
                        !line.trim_start().starts_with("::"),
                        "{text:?} gave {line:?}"
                    );
                }
            }
            assert!(!escape(&text).chars().any(is_unsafe));
        }
    }
}
