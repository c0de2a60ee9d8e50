//! Stage 5, write: a set of generated files → disk, atomically, file by file.
//!
//! Everything is rendered in memory first and nothing is written when a run has errors, so
//! bad input never leaves a half-written tree. Each file goes to a temporary file in its
//! own directory and is renamed over the old one (readers see the old or the new file,
//! never a torn one). Unchanged files are not touched; stale generated files are removed.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// A generated file, its path relative to the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub contents: String,
}

/// What a write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Writes `files` under `root`. Files under `root` for which `is_generated` holds and that are
/// not in `files` are stale and removed.
pub fn write_tree(
    root: &Path,
    files: &[OutputFile],
    is_generated: &dyn Fn(&Path) -> bool,
) -> anyhow::Result<WriteStats> {
    let mut stats = WriteStats::default();
    let wanted: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    for f in files {
        let target = root.join(&f.path);
        if std::fs::read(&target).is_ok_and(|old| old == f.contents.as_bytes()) {
            stats.unchanged += 1;
            continue;
        }
        write_atomic(&target, f.contents.as_bytes())?;
        stats.written += 1;
    }
    for stale in existing_files(root)? {
        let rel = stale.strip_prefix(root).unwrap_or(&stale);
        if is_generated(rel) && !wanted.contains(rel) {
            std::fs::remove_file(&stale)
                .with_context(|| format!("removing stale {}", stale.display()))?;
            stats.removed += 1;
            if let Some(dir) = stale.parent() {
                // Only succeeds when the directory is now empty.
                let _ = std::fs::remove_dir(dir);
            }
        }
    }
    Ok(stats)
}

/// Writes one file through a temporary file in the same directory and a rename.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    tmp.write_all(bytes)
        .with_context(|| format!("writing {}", target.display()))?;
    tmp.as_file().sync_all().ok();
    tmp.persist(target)
        .with_context(|| format!("replacing {}", target.display()))?;
    Ok(())
}

/// Every file under `root`, sorted.
pub fn existing_files(root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let entry = entry.with_context(|| format!("listing {}", dir.display()))?;
            let ty = entry.file_type()?;
            if ty.is_dir() {
                todo.push(entry.path());
            } else if ty.is_file() {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Generated spec files: `<service>/<version>.yaml|json`, never under `source/`.
pub fn is_spec_file(rel: &Path) -> bool {
    let parts: Vec<_> = rel.components().collect();
    if parts.len() != 2 || rel.starts_with("source") {
        return false;
    }
    let Some(stem) = rel.file_stem().and_then(|s| s.to_str()) else {
        return false;
    };
    let ext_ok = matches!(
        rel.extension().and_then(|e| e.to_str()),
        Some("yaml" | "json")
    );
    ext_ok && crate::extract::labels::is_version(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_skips_unchanged_and_removes_stale() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("source")).unwrap();
        std::fs::write(root.join("source/page.txt"), "keep").unwrap();
        std::fs::create_dir_all(root.join("old")).unwrap();
        std::fs::write(root.join("old/1.0.yaml"), "stale").unwrap();
        std::fs::write(root.join("old/notes.md"), "not ours").unwrap();
        let files = vec![OutputFile {
            path: "svc/1.0.yaml".into(),
            contents: "a: 1\n".into(),
        }];
        let s = write_tree(root, &files, &is_spec_file).unwrap();
        assert_eq!(
            s,
            WriteStats {
                written: 1,
                unchanged: 0,
                removed: 1
            }
        );
        assert_eq!(
            std::fs::read_to_string(root.join("svc/1.0.yaml")).unwrap(),
            "a: 1\n"
        );
        assert!(root.join("source/page.txt").exists());
        assert!(root.join("old/notes.md").exists());
        let s = write_tree(root, &files, &is_spec_file).unwrap();
        assert_eq!(
            s,
            WriteStats {
                written: 0,
                unchanged: 1,
                removed: 0
            }
        );
    }
}
