//! Writing the output: a build writes into a staging folder beside the
//! output folder and swaps it in only when everything succeeded, so a
//! failed build never destroys the previous site (SPEC §7).

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// A folder being filled by a build.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
}

impl Staging {
    /// Creates an empty staging folder beside `target` (same file system,
    /// so the final swap is a rename).
    pub fn new(target: &Path) -> Result<Staging, Diagnostic> {
        let target = absolute(target);
        let parent = target
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = target
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, e))?;
        let dir = parent.join(format!(".{name}.bulletin-new"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| io_error(&dir, e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| io_error(&dir, e))?;
        Ok(Staging { dir, target })
    }

    /// Writes one file (`path` relative to the output root, `/`-separated).
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let dest = self.dest(path)?;
        std::fs::write(&dest, bytes).map_err(|e| io_error(&dest, e))
    }

    /// Copies a file into the output.
    pub fn copy(&self, src: &Path, path: &str) -> Result<(), Diagnostic> {
        let dest = self.dest(path)?;
        std::fs::copy(src, &dest)
            .map(|_| ())
            .map_err(|e| io_error(src, e))
    }

    fn dest(&self, path: &str) -> Result<PathBuf, Diagnostic> {
        if path.split('/').any(|s| s == "..") || path.starts_with('/') {
            return Err(Diagnostic::error(
                path,
                0,
                "refusing to write outside the output folder",
            ));
        }
        let dest = self.dir.join(path);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
        }
        Ok(dest)
    }

    /// Puts the new site in place of the old one.
    pub fn commit(self) -> Result<PathBuf, Diagnostic> {
        let old = self.dir.with_file_name(format!(
            ".{}.bulletin-old",
            self.target
                .file_name()
                .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned())
        ));
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(|e| io_error(&old, e))?;
        }
        if self.target.exists() {
            std::fs::rename(&self.target, &old).map_err(|e| io_error(&self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            // Put the previous site back rather than leave nothing.
            let _ = std::fs::rename(&old, &self.target);
            return Err(io_error(&self.target, e));
        }
        if old.exists() {
            remove_dir_parallel(&old);
        }
        Ok(self.target.clone())
    }

    /// Throws the staging folder away; the previous output stays.
    pub fn discard(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Deletes a folder tree, its top-level entries in parallel: removing the
/// previous output of a large site is thousands of unlink calls.
fn remove_dir_parallel(dir: &Path) {
    use rayon::prelude::*;
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.par_iter().for_each(|p| {
        let _ = if p.is_dir() {
            std::fs::remove_dir_all(p)
        } else {
            std::fs::remove_file(p)
        };
    });
    let _ = std::fs::remove_dir_all(dir);
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

fn io_error(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, 0, format!("cannot write: {e}"))
}
