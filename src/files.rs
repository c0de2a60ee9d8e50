//! Reading files with bounds. Every input (pages, spec files) and every file scpgen reads
//! back from its output directories comes through here: a regular file only (a link is
//! followed, but to a file: `/dev/urandom`, a FIFO or a directory is refused before it is
//! opened), read with a size limit enforced while reading, so no input can make scpgen read
//! without end or hold more than the limit in memory.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// The size limit of one input file unless `--max-input-size` says otherwise: 64 MiB, ten
/// times the largest public spec known (GitHub's REST description, about 4 MB as JSON and
/// 6 MB as YAML) and two hundred times a print-view page.
pub const DEFAULT_MAX_INPUT: u64 = 64 << 20;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file: what it is instead.
    NotAFile(&'static str),
    /// Larger than the limit (bytes).
    TooLarge(u64),
    Io(std::io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotAFile(kind) => {
                write!(f, "not a regular file ({kind}); scpgen reads files only")
            }
            ReadError::TooLarge(limit) => write!(
                f,
                "larger than the input size limit of {}; raise it with --max-input-size",
                size_text(*limit)
            ),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// A byte count as people write it: `64 MiB`, `512 KiB`, `100 bytes`.
pub fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// Parses a size given on the command line: `64MiB`, `64M`, `512k`, `1G`, or bytes.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (bytes, or a number with K, M or G)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("`{text}`: unknown unit `{unit}` (use K, M or G)")),
    };
    number
        .checked_mul(1 << shift)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{text}` is not a size scpgen can use"))
}

/// What a file system entry is, for messages.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let ty = meta.file_type();
    if ty.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ty.is_char_device() {
            return "a character device";
        }
        if ty.is_block_device() {
            return "a block device";
        }
        if ty.is_fifo() {
            return "a FIFO";
        }
        if ty.is_socket() {
            return "a socket";
        }
    }
    "not a file"
}

/// The bytes of the regular file at `path` (links followed), at most `limit` of them.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    // Checked before opening: opening a FIFO would wait for a writer.
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile(kind_of(&meta)));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(limit));
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // What is read is bounded whatever the size said a moment ago (a file may grow).
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

/// At most the first `limit` bytes of the regular file at `path`: for comparing a file on
/// disk with what scpgen would write there, or looking for its mark.
pub fn read_head(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile(kind_of(&meta)));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(ReadError::Io)?
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    Ok(bytes)
}

/// The SHA-256 of `bytes` in lower-case hex: the content hash of fetched pages and
/// released crates.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_and_shown() {
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("0").is_err() && parse_size("x").is_err());
        assert!(parse_size("5T").is_err() && parse_size("99999999999999999999G").is_err());
        assert_eq!(size_text(64 << 20), "64 MiB");
        assert_eq!(size_text(1000), "1000 bytes");
    }

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.txt");
        std::fs::write(&f, "0123456789").unwrap();
        assert_eq!(read_limited(&f, 10).unwrap(), b"0123456789");
        assert!(matches!(read_limited(&f, 9), Err(ReadError::TooLarge(9))));
        assert_eq!(read_head(&f, 4).unwrap(), b"0123");
        assert!(matches!(
            read_limited(dir.path(), 10),
            Err(ReadError::NotAFile("a directory"))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_links_to_them_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("x.txt");
        std::os::unix::fs::symlink("/dev/urandom", &link).unwrap();
        let e = read_limited(&link, 1 << 20).unwrap_err();
        assert!(e.to_string().contains("a character device"), "{e}");
        // A link to a file is read like the file.
        let f = dir.path().join("f.txt");
        std::fs::write(&f, "x").unwrap();
        let to_file = dir.path().join("g.txt");
        std::os::unix::fs::symlink(&f, &to_file).unwrap();
        assert_eq!(read_limited(&to_file, 1).unwrap(), b"x");
    }
}
