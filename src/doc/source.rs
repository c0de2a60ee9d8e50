//! Loading a page from disk: bytes → checked UTF-8 text, with clear errors for what is not text.

use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostics, Location, Rule};

/// A page's text and the path it is reported under.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub path: Arc<Path>,
    pub text: String,
}

/// Reads a file as a doc page, `limit` bytes at most. Returns `None` (with an error in
/// `diags`) when the file cannot be read, is no regular file, is over the limit, is empty,
/// is binary, or is not UTF-8.
pub fn load(path: &Path, limit: u64, diags: &mut Diagnostics) -> Option<SourceText> {
    let shown: Arc<Path> = Arc::from(crate::diag::display_path(path).as_path());
    match crate::files::read_limited(path, limit) {
        Ok(bytes) => decode(shown, &bytes, diags),
        Err(e) => {
            diags.error(
                Location::new(&shown, 0),
                Rule::Unreadable,
                format!("cannot read the file: {e}"),
            );
            None
        }
    }
}

/// Checks raw bytes and turns them into text (a leading byte-order mark is dropped,
/// CRLF line ends are normalised).
pub fn decode(path: Arc<Path>, bytes: &[u8], diags: &mut Diagnostics) -> Option<SourceText> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        diags.error(
            Location::new(&path, 0),
            Rule::EmptyInput,
            "the file is empty: nothing to read",
        );
        return None;
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        let line = line_of(bytes, pos);
        diags.error(
            Location::new(&path, line),
            Rule::BinaryInput,
            "the file holds NUL bytes: it is binary, not a doc page",
        );
        return None;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = line_of(bytes, e.valid_up_to());
            diags.error(
                Location::new(&path, line),
                Rule::NotUtf8,
                format!(
                    "the file is not valid UTF-8 (byte offset {}); save the page as UTF-8",
                    e.valid_up_to()
                ),
            );
            return None;
        }
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    Some(SourceText { path, text })
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1
}
