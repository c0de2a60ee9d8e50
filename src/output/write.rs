//! Writing one output directory: a plan checks and decides everything first (paths,
//! limits, links, conflicts) under the directory's lock, then applies it file by file,
//! each atomically. See the module above for the rules.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use super::{
    carries_mark, check_relative, existing_entries, is_unchanged, manifest, read_manifest,
    OutputFile, WriteStats, GENERATED_MARK, MANIFEST,
};

/// The longest file name most file systems take (bytes).
const NAME_MAX: usize = 255;

/// The longest path the kernel takes (bytes).
const PATH_MAX: usize = 4095;

/// An output directory held for one run: other scpgen runs writing it wait until this one is
/// done (two runs at once left a crate half of one and half of the other). The lock is the
/// directory's own (`flock` on Unix), so no lock file is left behind in the output.
pub struct DirLock {
    _file: std::fs::File,
}

impl DirLock {
    /// Takes the lock of `dir` (which must exist), waiting for a run that holds it.
    pub fn take(dir: &Path) -> anyhow::Result<DirLock> {
        #[cfg(unix)]
        let file = std::fs::File::open(dir)
            .with_context(|| format!("opening {} to lock it", dir.display()))?;
        // Elsewhere a directory cannot be opened as a file: a lock file beside the manifest.
        #[cfg(not(unix))]
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(".scpgen-lock"))
            .with_context(|| format!("creating the lock file of {}", dir.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                eprintln!(
                    "scpgen: waiting for another scpgen run writing {}",
                    crate::terminal::path(dir)
                );
                file.lock()
                    .with_context(|| format!("locking {}", dir.display()))?;
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("locking {}", dir.display()))
            }
        }
        Ok(DirLock { _file: file })
    }
}

/// Everything a write will do in one output directory, decided and checked before anything
/// is written: every path is under the root (relative, plain names, no symbolic link on the
/// way that leads out, no file where a directory must be), every name and path within the
/// file system's limits, no file in the way that scpgen did not write (unless `force`). The
/// directory is locked from the plan to the end of [`Plan::apply`].
pub struct Plan<'f> {
    root: PathBuf,
    root_real: PathBuf,
    to_write: Vec<(PathBuf, &'f OutputFile)>,
    stale: BTreeSet<PathBuf>,
    manifest: OutputFile,
    stats: WriteStats,
    _lock: DirLock,
}

/// Plans writing `files` (and the manifest) under `root`. Files scpgen wrote before (its
/// manifest, or files carrying its mark that `legacy` recognises by path shape) that are not
/// in `files` are stale and will be removed. A file in the way that scpgen did not write is a
/// conflict: an error, unless `force`.
pub fn plan<'f>(
    root: &Path,
    files: &'f [OutputFile],
    legacy: &dyn Fn(&Path) -> bool,
    force: bool,
) -> anyhow::Result<Plan<'f>> {
    for f in files {
        check_relative(&f.path)?;
        if f.path == Path::new(MANIFEST) {
            bail!("{MANIFEST} is scpgen's own file");
        }
    }
    std::fs::create_dir_all(root).with_context(|| format!("creating {}", root.display()))?;
    let lock = DirLock::take(root)?;
    let root_real = root
        .canonicalize()
        .with_context(|| format!("resolving {}", root.display()))?;
    for f in files {
        check_limits(&root_real, &f.path)?;
        check_ancestors(&root_real, &f.path)?;
    }
    let previous = read_manifest(root);
    let owned =
        |rel: &Path| previous.contains(rel) || (legacy(rel) && carries_mark(&root.join(rel)));

    let mut stats = WriteStats::default();
    let mut to_write = Vec::new();
    let mut conflicts = Vec::new();
    for f in files {
        let target = root.join(&f.path);
        match std::fs::symlink_metadata(&target) {
            Ok(meta) if meta.is_file() => {
                if is_unchanged(&target, &f.contents) {
                    stats.unchanged += 1;
                    continue;
                }
                if !force && !owned(&f.path) && !carries_mark(&target) {
                    conflicts.push(target.clone());
                }
            }
            Ok(_) if !force => conflicts.push(target.clone()),
            _ => {}
        }
        to_write.push((target, f));
    }
    let wanted: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    let mut stale: BTreeSet<PathBuf> = previous
        .iter()
        .filter(|p| !wanted.contains(p.as_path()))
        .cloned()
        .collect();
    // Build output (`target/`, gigabytes once the crates are built) holds nothing scpgen
    // wrote, as `scpgen check` has it: not walked.
    for existing in existing_entries(root, &["target"])? {
        if !std::fs::symlink_metadata(&existing).is_ok_and(|m| m.is_file()) {
            continue;
        }
        let rel = existing.strip_prefix(root).unwrap_or(&existing);
        if !wanted.contains(rel) && legacy(rel) && carries_mark(&existing) {
            stale.insert(rel.to_path_buf());
        }
    }
    if !conflicts.is_empty() {
        let list: Vec<String> = conflicts.iter().map(|p| p.display().to_string()).collect();
        bail!(
            "refusing to overwrite {} file(s) that scpgen did not write (not in {}, no `{GENERATED_MARK}` header): {}; move them away or pass --force",
            list.len(),
            root.join(MANIFEST).display(),
            list.join(", ")
        );
    }
    Ok(Plan {
        root: root.to_path_buf(),
        root_real,
        to_write,
        stale,
        manifest: manifest(files),
        stats,
        _lock: lock,
    })
}

impl Plan<'_> {
    /// Writes what the plan says, each file atomically, then removes the stale files and
    /// writes the manifest; releases the directory's lock.
    pub fn apply(self) -> anyhow::Result<WriteStats> {
        let mut stats = self.stats;
        for (target, f) in &self.to_write {
            let rel = target.strip_prefix(&self.root).unwrap_or(target);
            ensure_dir(&self.root_real, rel.parent().unwrap_or(Path::new("")))?;
            write_atomic(target, f.contents.as_bytes())?;
            stats.written += 1;
        }
        for rel in &self.stale {
            let path = self.root.join(rel);
            let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
            // A stale file is removed only where its directory really is under the root.
            if !is_file || check_ancestors(&self.root_real, rel).is_err() {
                continue;
            }
            std::fs::remove_file(&path)
                .with_context(|| format!("removing stale {}", path.display()))?;
            stats.removed += 1;
            // Empty directories left behind go too, up to the root (remove_dir fails on others).
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != self.root && d.starts_with(&self.root)) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        let target = self.root.join(&self.manifest.path);
        if !is_unchanged(&target, &self.manifest.contents) {
            write_atomic(&target, self.manifest.contents.as_bytes())?;
        }
        Ok(stats)
    }
}

/// Plans and applies at once: see [`plan`].
#[cfg(any(test, feature = "internals"))]
pub fn write_tree(
    root: &Path,
    files: &[OutputFile],
    legacy: &dyn Fn(&Path) -> bool,
    force: bool,
) -> anyhow::Result<WriteStats> {
    plan(root, files, legacy, force)?.apply()
}

/// Every name of `rel` within [`NAME_MAX`] bytes, the whole
/// path within [`PATH_MAX`]: a write that would fail on these fails before anything is
/// written.
fn check_limits(root_real: &Path, rel: &Path) -> anyhow::Result<()> {
    for c in rel.components() {
        let len = c.as_os_str().len();
        if len > NAME_MAX {
            bail!(
                "refusing to write {}: a name of {len} bytes (at most {NAME_MAX})",
                crate::terminal::escape(&rel.to_string_lossy())
            );
        }
    }
    let total = root_real.join(rel).as_os_str().len();
    if total > PATH_MAX {
        bail!(
            "refusing to write {}: its path is {total} bytes (at most {PATH_MAX})",
            crate::terminal::escape(&rel.to_string_lossy())
        );
    }
    Ok(())
}

/// The directories of `rel` that exist already are real directories under the root: a
/// symbolic link on the way must lead to one under the root, and no file may stand where a
/// directory is needed. Nothing is created.
fn check_ancestors(root_real: &Path, rel: &Path) -> anyhow::Result<()> {
    walk_dirs(root_real, rel.parent().unwrap_or(Path::new("")), false)
}

/// Creates the directories of `rel_dir` under the root one at a time, each only inside one
/// that is proven to be under the root: a symbolic link on the way that leads out is an
/// error before anything is created beyond it.
fn ensure_dir(root_real: &Path, rel_dir: &Path) -> anyhow::Result<()> {
    walk_dirs(root_real, rel_dir, true)
}

/// Follows `rel_dir` from the root, a directory at a time, proving each under the root;
/// with `create`, makes the missing ones, else stops at the first that is missing.
fn walk_dirs(root_real: &Path, rel_dir: &Path, create: bool) -> anyhow::Result<()> {
    let mut at = root_real.to_path_buf();
    for c in rel_dir.components() {
        let next = at.join(c);
        match std::fs::symlink_metadata(&next) {
            Ok(meta) if meta.is_dir() => at = next,
            Ok(meta) if meta.file_type().is_symlink() => {
                let real = next
                    .canonicalize()
                    .with_context(|| format!("resolving {}", next.display()))?;
                if !real.starts_with(root_real) || !real.is_dir() {
                    bail!(
                        "refusing to write under {}: it leads outside the output directory {}",
                        next.display(),
                        root_real.display()
                    );
                }
                at = real;
            }
            Ok(_) => bail!(
                "refusing to write under {}: a file stands where a directory is needed",
                next.display()
            ),
            Err(_) if !create => return Ok(()),
            Err(_) => {
                std::fs::create_dir(&next)
                    .with_context(|| format!("creating {}", next.display()))?;
                at = next;
            }
        }
    }
    Ok(())
}

/// Writes one file through a temporary file in the same directory and a rename. The file
/// gets the permissions a new file gets (0666 less the umask), not the temporary file's 0600.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".scpgen-tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    tmp.write_all(bytes)
        .with_context(|| format!("writing {}", target.display()))?;
    tmp.as_file().sync_all().ok();
    tmp.persist(target)
        .with_context(|| format!("replacing {}", target.display()))?;
    Ok(())
}
