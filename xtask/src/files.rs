//! File writes that are all-or-nothing: every file is first written in full
//! to a temporary file beside its target, then all are renamed into place.
//! If a rename fails, the files already replaced get their old contents back.

use anyhow::{Context, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// A file to write: where, and what.
pub struct Change {
    pub path: PathBuf,
    pub text: Vec<u8>,
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.xtask-tmp"))
}

fn write_temp(path: &Path, text: &[u8]) -> Result<PathBuf> {
    let tmp = temp_path(path);
    fs::write(&tmp, text).with_context(|| format!("writing {}", tmp.display()))?;
    Ok(tmp)
}

/// Writes every change, or none. `fail_after` (tests only, through the
/// environment variable `XTASK_FAIL_AFTER_RENAMES`) simulates a failure after
/// that many renames.
pub fn write_all(changes: &[Change]) -> Result<()> {
    let fail_after: Option<usize> = std::env::var("XTASK_FAIL_AFTER_RENAMES")
        .ok()
        .and_then(|v| v.parse().ok());
    // Keep the old contents so a failed rename can be undone.
    let mut old = Vec::new();
    for c in changes {
        old.push(match fs::read(&c.path) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e).with_context(|| format!("reading {}", c.path.display())),
        });
    }
    let mut temps = Vec::new();
    for c in changes {
        match write_temp(&c.path, &c.text) {
            Ok(t) => temps.push(t),
            Err(e) => {
                for t in &temps {
                    let _ = fs::remove_file(t);
                }
                return Err(e);
            }
        }
    }
    for (i, (c, tmp)) in changes.iter().zip(&temps).enumerate() {
        let result = if fail_after == Some(i) {
            Err(std::io::Error::other(
                "simulated failure (XTASK_FAIL_AFTER_RENAMES)",
            ))
        } else {
            fs::rename(tmp, &c.path)
        };
        if let Err(e) = result {
            for t in &temps[i..] {
                let _ = fs::remove_file(t);
            }
            // Put back what was already replaced.
            for (done, before) in changes[..i].iter().zip(&old) {
                let _ = match before {
                    Some(bytes) => {
                        write_temp(&done.path, bytes).and_then(|t| Ok(fs::rename(t, &done.path)?))
                    }
                    None => fs::remove_file(&done.path).map_err(Into::into),
                };
            }
            return Err(e).with_context(|| {
                format!("renaming {} into place; nothing was changed", tmp.display())
            });
        }
    }
    Ok(())
}
