//! The journal of a commit: which files it replaces and in which direction
//! it is going, so a run killed at any point can be finished by the next.
//!
//! ```text
//! smtp-status xtask journal 1
//! forward                      (or `backward`: the run was undoing)
//! registry/names.txt<TAB>old   (`old`: a copy of the old file is kept;
//! ...                           `none`: the file did not exist)
//! ```

use crate::files::{self, JOURNAL, fault, new_path, old_path, sync_dirs, write_new};
use anyhow::{Context, Result, bail};
use std::fs;
use std::io::ErrorKind;
use std::path::{Component, Path};

const HEADER: &str = "smtp-status xtask journal 1";

/// Where a commit is going.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// New files into place.
    Forward,
    /// Old files back into place.
    Backward,
}

/// One file of a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path relative to the root.
    pub rel: String,
    /// Whether the file existed (and a copy of it is kept).
    pub had_old: bool,
}

/// Writes the journal whole or not at all: to a temporary file, fsynced,
/// then renamed over any previous journal.
pub fn write(root: &Path, direction: Direction, entries: &[Entry]) -> Result<()> {
    let mut text = format!(
        "{HEADER}\n{}\n",
        match direction {
            Direction::Forward => "forward",
            Direction::Backward => "backward",
        }
    );
    for e in entries {
        text.push_str(&format!(
            "{}\t{}\n",
            e.rel,
            if e.had_old { "old" } else { "none" }
        ));
    }
    let path = root.join(JOURNAL);
    let tmp = new_path(&path);
    write_new(&tmp, text.as_bytes())?;
    if let Err(e) = fault::rename(&tmp, &path) {
        let _ = fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("renaming {} into place", tmp.display()));
    }
    sync_dirs(root)
}

/// Reads the journal, if there is one.
pub fn read(root: &Path) -> Result<Option<(Direction, Vec<Entry>)>> {
    let path = root.join(JOURNAL);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("reading {JOURNAL}")),
    };
    let bad = |what: &str| anyhow::anyhow!("{JOURNAL}: {what}; not touching anything");
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Err(bad("not a journal of this tool"));
    }
    let direction = match lines.next() {
        Some("forward") => Direction::Forward,
        Some("backward") => Direction::Backward,
        _ => return Err(bad("no direction")),
    };
    let mut entries = Vec::new();
    for line in lines {
        let (rel, old) = line
            .split_once('\t')
            .ok_or_else(|| bad("a malformed line"))?;
        let inside = Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        if !inside || rel.is_empty() {
            return Err(bad(&format!("path {rel:?} is not inside the workspace")));
        }
        let had_old = match old {
            "old" => true,
            "none" => false,
            _ => return Err(bad("a malformed line")),
        };
        entries.push(Entry {
            rel: rel.to_string(),
            had_old,
        });
    }
    Ok(Some((direction, entries)))
}

fn is_file(path: &Path) -> Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_file() => Ok(true),
        Ok(_) => bail!("{} is not a regular file; not following it", path.display()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

fn remove(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != ErrorKind::NotFound => {
            Err(e).with_context(|| format!("removing {}", path.display()))
        }
        _ => Ok(()),
    }
}

/// Moves every file the way of `direction`, then removes the leftovers and
/// the journal. Each step can be repeated: a run killed here is finished by
/// the next one.
pub fn replay(root: &Path, direction: Direction, entries: &[Entry]) -> Result<()> {
    for e in entries {
        let target = root.join(&e.rel);
        let (new, old) = (new_path(&target), old_path(&target));
        match direction {
            Direction::Forward => {
                if is_file(&new)? {
                    fault::rename(&new, &target)
                        .with_context(|| format!("renaming {} into place", new.display()))?;
                }
            }
            Direction::Backward if e.had_old => {
                if is_file(&old)? {
                    fault::rename(&old, &target)
                        .with_context(|| format!("putting back {}", target.display()))?;
                }
            }
            // A file that did not exist: if its new contents were renamed
            // into place, take them away.
            Direction::Backward => {
                if !is_file(&new)? {
                    remove(&target)?;
                }
            }
        }
    }
    sync_dirs(root)?;
    for e in entries {
        let target = root.join(&e.rel);
        remove(&new_path(&target))?;
        remove(&old_path(&target))?;
    }
    sync_dirs(root)?;
    remove(&root.join(JOURNAL))?;
    files::sync_dirs(root)
}
