//! Writes of several files that are all or nothing, even across a kill.
//!
//! Under the workspace lock ([`lock`]), [`commit`] writes every new file in
//! full to a temporary file beside its target and a copy of every old file
//! the same way (each created new, so a file or symlink already at that name
//! is never followed or reused; each fsynced), then the journal
//! [`JOURNAL`], then renames the new files over their targets, fsyncs the
//! folders, and removes the copies and the journal. Any failure before the
//! journal removes what was written; a failed rename after it puts the old
//! copies back. Before anything is written, every target is checked: a
//! symlinked folder on its way, a symlinked, read-only or irregular file
//! at its name is refused with an error naming it (never written through
//! or silently replaced); the lock file is opened without following a link.
//!
//! [`recover`], run under the lock before anything else, finishes what a
//! killed run left: with a journal it completes the renames (or, if the run
//! was undoing them, the undo); without one it removes the temporary files,
//! as nothing had been renamed yet.

use crate::journal::{self, Direction, Entry};
use anyhow::{Context, Result, anyhow, bail};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The lock file, relative to the root.
pub const LOCK: &str = "registry/.xtask.lock";
/// The journal of a commit in progress, relative to the root.
pub const JOURNAL: &str = "registry/.xtask-journal";
/// Suffix of a temporary file holding new contents.
const NEW: &str = ".xtask-tmp";
/// Suffix of a temporary file holding old contents.
const OLD: &str = ".xtask-old";
/// The folders whose files are written, relative to the root.
const DIRS: [&str; 2] = ["registry", smtp_status_codegen::GENERATED_DIR];

/// A file to write: its path relative to the root, and its contents.
pub struct Change {
    pub rel: String,
    pub text: Vec<u8>,
}

/// Held while a run may write the workspace; released when dropped (and by
/// the system when the process dies).
pub struct Lock(#[allow(dead_code)] File);

/// Takes the workspace lock, or fails at once naming the holder's file.
/// A symlink or anything but a regular file at the lock's name is refused,
/// never followed (following it would create and lock a file wherever it
/// points).
pub fn lock(root: &Path) -> Result<Lock> {
    check_folders(root, LOCK)?;
    let path = root.join(LOCK);
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Not through a symlink; never waiting on a named pipe.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    refuse_link(&path, "follow it", "remove it and run again")?;
    let file = match options.open(&path) {
        Ok(file) => file,
        Err(e) => {
            // O_NOFOLLOW met a symlink: say so.
            #[cfg(unix)]
            if e.raw_os_error() == Some(libc::ELOOP) {
                refuse_link(&path, "follow it", "remove it and run again")?;
            }
            return Err(e).with_context(|| format!("opening the lock file {}", path.display()));
        }
    };
    let meta = file
        .metadata()
        .with_context(|| format!("reading the lock file {}", path.display()))?;
    if !meta.is_file() {
        bail!(
            "the lock file {} is not a regular file; not using it: remove it and run again",
            path.display()
        );
    }
    match file.try_lock() {
        Ok(()) => Ok(Lock(file)),
        Err(TryLockError::WouldBlock) => bail!(
            "another `cargo xtask refresh-registry` or `codegen` is writing this workspace \
             (it holds {LOCK}); nothing was changed: run again when it has ended"
        ),
        Err(TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("locking {}", path.display()))
        }
    }
}

/// Fails if `path` is a symlink: the link is refused, not followed (`doing`
/// says what was refused, `fix` what to do).
fn refuse_link(path: &Path, doing: &str, fix: &str) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            let to = fs::read_link(path)
                .map(|t| format!(" (to {})", t.display()))
                .unwrap_or_default();
            bail!(
                "{} is a symlink{to}; refusing to {doing}: {fix}",
                path.display()
            )
        }
        _ => Ok(()),
    }
}

/// Refuses a symlinked folder on the way from `root` to `rel`: what is
/// written there would land outside the workspace.
fn check_folders(root: &Path, rel: &str) -> Result<()> {
    let mut dir = root.to_path_buf();
    let parents = Path::new(rel)
        .parent()
        .into_iter()
        .flat_map(Path::components);
    for part in parents {
        dir.push(part);
        refuse_link(&dir, "write through it", "put the real folder there")?;
    }
    Ok(())
}

/// Refuses a change that would write through a symlinked folder (files
/// would land outside the workspace) or silently replace a symlink, a
/// read-only file or anything but a regular file. Checked for every change
/// before anything is written.
fn check_target(root: &Path, rel: &str) -> Result<()> {
    check_folders(root, rel)?;
    let target = root.join(rel);
    refuse_link(&target, "replace it", "put a regular file there")?;
    match fs::symlink_metadata(&target) {
        Ok(m) if !m.is_file() => bail!(
            "{} is not a regular file; refusing to replace it",
            target.display()
        ),
        Ok(m) if m.permissions().readonly() => bail!(
            "{} is read-only; refusing to replace it: make it writable (chmod u+w) if this \
             run should change it",
            target.display()
        ),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("reading {}", target.display())),
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}{suffix}"))
}

/// Where the new contents of `target` wait.
pub fn new_path(target: &Path) -> PathBuf {
    with_suffix(target, NEW)
}

/// Where the old contents of `target` are kept.
pub fn old_path(target: &Path) -> PathBuf {
    with_suffix(target, OLD)
}

/// Creates `path` (never an existing file, never through a symlink), writes
/// `bytes` and fsyncs it. On any failure, disk full included, the partial
/// file is removed.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => bail!(
            "{} already exists (a file or symlink left there, not ours to follow or replace); \
             remove it and run again",
            path.display()
        ),
        Err(e) => return Err(e).with_context(|| format!("creating {}", path.display())),
    };
    let written = fault::write(&mut file, bytes).and_then(|()| file.sync_all());
    if let Err(e) = written {
        drop(file);
        let _ = fs::remove_file(path);
        return Err(e).with_context(|| format!("writing {}", path.display()));
    }
    Ok(())
}

/// Fsyncs the folders the files live in, so renames and removals last.
pub fn sync_dirs(root: &Path) -> Result<()> {
    for dir in DIRS {
        let dir = root.join(dir);
        if dir.is_dir() {
            File::open(&dir)
                .and_then(|d| d.sync_all())
                .with_context(|| format!("syncing {}", dir.display()))?;
        }
    }
    Ok(())
}

/// Writes every change or none (see the module docs). The caller holds the
/// lock and has run [`recover`].
pub fn commit(root: &Path, changes: &[Change]) -> Result<()> {
    // The journal too: it is written beside registry/names.txt.
    let journal = std::iter::once(JOURNAL);
    for rel in changes.iter().map(|c| c.rel.as_str()).chain(journal) {
        check_target(root, rel).map_err(|e| anyhow!("{e:#}; nothing was changed"))?;
    }
    let mut made: Vec<PathBuf> = Vec::new();
    let mut entries = Vec::new();
    let prepared = prepare(root, changes, &mut made, &mut entries)
        .and_then(|()| sync_dirs(root))
        .and_then(|()| journal::write(root, Direction::Forward, &entries));
    if let Err(e) = prepared {
        for p in &made {
            let _ = fs::remove_file(p);
        }
        return Err(e.context("nothing was changed"));
    }
    for (done, e) in entries.iter().enumerate() {
        let target = root.join(&e.rel);
        if let Err(err) = fault::rename(&new_path(&target), &target) {
            let undo = journal::write(root, Direction::Backward, &entries)
                .and_then(|()| journal::replay(root, Direction::Backward, &entries));
            let what = format!("renaming {} into place", new_path(&target).display());
            return Err(match undo {
                Ok(()) => anyhow!(err).context(format!(
                    "{what}; the {done} files already replaced were put back: nothing was changed"
                )),
                Err(u) => anyhow!(
                    "{what}: {err}; putting the old files back failed too ({u:#}): \
                     run the same command again to finish undoing it ({JOURNAL})"
                ),
            });
        }
    }
    journal::replay(root, Direction::Forward, &entries)
}

fn prepare(
    root: &Path,
    changes: &[Change],
    made: &mut Vec<PathBuf>,
    entries: &mut Vec<Entry>,
) -> Result<()> {
    for c in changes {
        let target = root.join(&c.rel);
        let old = match fs::read(&target) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == ErrorKind::NotFound => None,
            Err(e) => return Err(e).with_context(|| format!("reading {}", target.display())),
        };
        write_new(&new_path(&target), &c.text)?;
        made.push(new_path(&target));
        if let Some(bytes) = &old {
            write_new(&old_path(&target), bytes)?;
            made.push(old_path(&target));
        }
        entries.push(Entry {
            rel: c.rel.clone(),
            had_old: old.is_some(),
        });
    }
    Ok(())
}

/// Finishes what an interrupted run left, and says what it did (`None`:
/// nothing was left). The caller holds the lock.
pub fn recover(root: &Path) -> Result<Option<String>> {
    if let Some((direction, entries)) = journal::read(root)? {
        journal::replay(root, direction, &entries)?;
        let n = entries.len();
        return Ok(Some(match direction {
            Direction::Forward => format!(
                "finished an interrupted run: its {n} new files are in place (from {JOURNAL})"
            ),
            Direction::Backward => format!(
                "finished undoing an interrupted run: the {n} files are as before it (from {JOURNAL})"
            ),
        }));
    }
    let mut removed = Vec::new();
    for (rel, path) in leftovers(root)? {
        fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        removed.push(rel);
    }
    if removed.is_empty() {
        return Ok(None);
    }
    sync_dirs(root)?;
    Ok(Some(format!(
        "removed {} temporary files of an interrupted run, which had replaced nothing: {}",
        removed.len(),
        removed.join(", ")
    )))
}

/// The temporary files in the written folders: relative name and path.
fn leftovers(root: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    for dir in DIRS {
        let Ok(list) = fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in list {
            let entry = entry.with_context(|| format!("listing {dir}"))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') && (name.ends_with(NEW) || name.ends_with(OLD)) {
                out.push((format!("{dir}/{name}"), entry.path()));
            }
        }
    }
    Ok(out)
}

/// Whether an interrupted run left a journal or temporary files.
pub fn pending(root: &Path) -> Result<bool> {
    Ok(root.join(JOURNAL).exists() || !leftovers(root)?.is_empty())
}

/// Fault injection for the unit tests: compiled only under `cfg(test)`;
/// the real binary calls the plain operations.
pub mod fault {
    use std::io::{self, Write};
    use std::path::Path;

    #[cfg(test)]
    thread_local! {
        /// Fail the write of this many bytes into the nth file (0-based),
        /// after writing half of it, as a full disk does.
        pub static FULL_AT: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
        /// Fail the nth rename (0-based).
        pub static RENAME_FAILS_AT: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
        /// Writes and renames so far.
        pub static COUNTS: std::cell::Cell<(usize, usize)> = const { std::cell::Cell::new((0, 0)) };
    }

    /// `file.write_all(bytes)`.
    pub fn write(file: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
        #[cfg(test)]
        {
            let (writes, renames) = COUNTS.get();
            COUNTS.set((writes + 1, renames));
            if FULL_AT.get() == Some(writes) {
                file.write_all(&bytes[..bytes.len() / 2])?;
                return Err(io::Error::from(io::ErrorKind::StorageFull));
            }
        }
        file.write_all(bytes)
    }

    /// `fs::rename(from, to)`.
    pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
        #[cfg(test)]
        {
            let (writes, renames) = COUNTS.get();
            COUNTS.set((writes, renames + 1));
            if RENAME_FAILS_AT.get() == Some(renames) {
                return Err(io::Error::other("injected rename failure"));
            }
        }
        std::fs::rename(from, to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// A scratch root with registry/ and the generated folder, removed on drop.
    struct Root(PathBuf);

    impl Root {
        fn new(tag: &str) -> Root {
            let root = std::env::temp_dir().join(format!(
                "xtask-files-{tag}-{}-{:?}",
                std::process::id(),
                std::thread::current().id()
            ));
            let _ = fs::remove_dir_all(&root);
            for dir in DIRS {
                fs::create_dir_all(root.join(dir)).unwrap();
            }
            fs::write(root.join("registry/a.txt"), "old a").unwrap();
            fs::write(root.join("registry/b.txt"), "old b").unwrap();
            Root(root)
        }

        fn files(&self) -> BTreeMap<String, String> {
            let mut out = BTreeMap::new();
            for dir in DIRS {
                for e in fs::read_dir(self.0.join(dir)).unwrap() {
                    let e = e.unwrap();
                    let name = format!("{dir}/{}", e.file_name().to_string_lossy());
                    out.insert(name, fs::read_to_string(e.path()).unwrap_or_default());
                }
            }
            out
        }
    }

    impl Drop for Root {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn changes() -> Vec<Change> {
        [
            "registry/a.txt",
            "registry/b.txt",
            "crates/smtp-status/src/generated/c.rs",
        ]
        .iter()
        .map(|rel| Change {
            rel: rel.to_string(),
            text: format!("new {rel}").into_bytes(),
        })
        .collect()
    }

    fn reset_faults() {
        fault::FULL_AT.set(None);
        fault::RENAME_FAILS_AT.set(None);
        fault::COUNTS.set((0, 0));
    }

    #[test]
    fn a_commit_writes_everything_and_leaves_nothing_else() {
        reset_faults();
        let root = Root::new("ok");
        commit(&root.0, &changes()).unwrap();
        let files = root.files();
        assert_eq!(files.len(), 3, "{files:?}");
        assert!(files.values().all(|t| t.starts_with("new ")), "{files:?}");
        assert_eq!(recover(&root.0).unwrap(), None);
    }

    /// Injects `fault` at each of the `steps` operations of a commit in
    /// turn: each time nothing changes and nothing is left; past the last
    /// step the commit succeeds, having made exactly `steps` of them.
    fn every_failure_changes_nothing(
        fault: &'static std::thread::LocalKey<std::cell::Cell<Option<usize>>>,
        steps: usize,
        count: fn((usize, usize)) -> usize,
    ) {
        for at in 0..steps {
            reset_faults();
            let root = Root::new("fault");
            let before = root.files();
            fault.set(Some(at));
            let err = commit(&root.0, &changes()).unwrap_err();
            reset_faults();
            let err = format!("{err:#}");
            assert!(err.contains("nothing was changed"), "{err}");
            assert_eq!(root.files(), before, "step {at}");
        }
        reset_faults();
        fault.set(Some(steps));
        commit(&Root::new("fault-ok").0, &changes()).unwrap();
        assert_eq!(count(fault::COUNTS.get()), steps);
    }

    #[test]
    fn a_full_disk_at_any_write_changes_nothing_and_leaves_no_temporary_file() {
        // 3 new files, 2 old copies, the journal: 6 writes.
        every_failure_changes_nothing(&fault::FULL_AT, 6, |(writes, _)| writes);
    }

    #[test]
    fn a_failed_rename_at_any_point_puts_everything_back() {
        // The journal's rename, then one per file.
        every_failure_changes_nothing(&fault::RENAME_FAILS_AT, 4, |(_, renames)| renames);
    }

    #[test]
    fn a_run_killed_after_any_rename_is_finished_by_the_next() {
        let changes = changes();
        for renamed in 0..=changes.len() {
            reset_faults();
            let root = Root::new("kill");
            // What a commit does up to its renames, then `renamed` renames,
            // then nothing: the process is gone.
            let (mut made, mut entries) = (Vec::new(), Vec::new());
            prepare(&root.0, &changes, &mut made, &mut entries).unwrap();
            journal::write(&root.0, Direction::Forward, &entries).unwrap();
            for e in &entries[..renamed] {
                let target = root.0.join(&e.rel);
                fs::rename(new_path(&target), &target).unwrap();
            }
            assert!(pending(&root.0).unwrap());
            let said = recover(&root.0).unwrap().unwrap();
            assert!(said.contains("finished an interrupted run"), "{said}");
            let files = root.files();
            assert_eq!(files.len(), 3, "after {renamed}: {files:?}");
            assert!(files.values().all(|t| t.starts_with("new ")), "{files:?}");
        }
    }

    #[test]
    fn temporary_files_without_a_journal_are_removed() {
        reset_faults();
        let root = Root::new("tmp");
        let before = root.files();
        write_new(&new_path(&root.0.join("registry/a.txt")), b"half").unwrap();
        let said = recover(&root.0).unwrap().unwrap();
        assert!(said.contains("registry/.a.txt.xtask-tmp"), "{said}");
        assert_eq!(root.files(), before);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_at_a_temporary_name_is_never_followed() {
        reset_faults();
        let root = Root::new("link");
        let victim = root.0.join("victim");
        fs::write(&victim, "mine").unwrap();
        let tmp = new_path(&root.0.join("registry/a.txt"));
        std::os::unix::fs::symlink(&victim, &tmp).unwrap();
        let err = write_new(&tmp, b"payload").unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err:#}");
        assert_eq!(fs::read_to_string(&victim).unwrap(), "mine");
        // The next run removes the link, not what it points to.
        recover(&root.0).unwrap().unwrap();
        assert!(fs::symlink_metadata(&tmp).is_err());
        assert_eq!(fs::read_to_string(&victim).unwrap(), "mine");
    }

    #[test]
    fn a_second_lock_fails_with_a_message() {
        let root = Root::new("lock");
        let held = lock(&root.0).unwrap();
        let err = lock(&root.0).err().unwrap();
        assert!(err.to_string().contains("another"), "{err:#}");
        drop(held);
        lock(&root.0).unwrap();
    }
}
