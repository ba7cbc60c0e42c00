//! The folder `bulletin serve` shows, written in place.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{io_error, unchanged};
use crate::base::diagnostic::Diagnostic;
use crate::base::sync::{into_inner, lock};

/// Writes straight into the folder `bulletin serve` shows, which no one
/// else uses. Each file is replaced by a rename, so the server never reads
/// half a file; a file that already holds the bytes is not touched.
pub struct InPlace {
    dir: PathBuf,
    /// Paths actually changed, in no particular order.
    changed: Mutex<Vec<String>>,
}

impl InPlace {
    pub fn new(dir: &Path) -> InPlace {
        InPlace {
            dir: dir.to_path_buf(),
            changed: Mutex::new(Vec::new()),
        }
    }

    /// The files written so far (sorted).
    pub fn changed(self) -> Vec<String> {
        let mut v = into_inner(self.changed);
        v.sort();
        v
    }

    /// Deletes `path` and the folders it leaves empty.
    pub fn remove(&self, path: &str) {
        let file = self.dir.join(path);
        if std::fs::remove_file(&file).is_err() {
            return;
        }
        let mut dir = file.parent();
        while let Some(d) = dir {
            if d == self.dir || std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
}

impl crate::base::sink::Sink for InPlace {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if path
            .split('/')
            .any(|s| s == ".." || s == "." || s.is_empty())
        {
            return Err(Diagnostic::error(
                path,
                0,
                "refusing to write outside the output folder",
            ));
        }
        let dest = self.dir.join(path);
        if unchanged(&dest, bytes) {
            return Ok(());
        }
        if let Some(parent) = dest.parent() {
            if parent.is_file() {
                // A file of the old site stands where a folder is now.
                std::fs::remove_file(parent).map_err(|e| io_error(parent, &e))?;
            }
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
        }
        if dest.is_dir() {
            std::fs::remove_dir_all(&dest).map_err(|e| io_error(&dest, &e))?;
        }
        let mut tmp = dest.clone().into_os_string();
        tmp.push(".bulletin-tmp");
        std::fs::write(&tmp, bytes).map_err(|e| io_error(&dest, &e))?;
        std::fs::rename(&tmp, &dest).map_err(|e| io_error(&dest, &e))?;
        lock(&self.changed).push(path.to_string());
        Ok(())
    }
}
