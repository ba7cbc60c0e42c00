//! Writing the output so that a failed build never destroys the previous
//! site (README: Commands), and a rebuild touches only what changed.
//!
//! A build writes into a staging folder beside the output folder. A file
//! whose bytes equal the file already in the output is not written at all.
//! Only when every page has rendered does `commit` move the new and changed
//! files into the output and delete the files the site no longer has. A
//! first build simply renames the staging folder into place.
//!
//! The output folder holds a manifest (`.bulletin-manifest`, a line per
//! file: its path, size and hash) of what the last build wrote. Only paths
//! listed there are ever deleted, so files someone put beside the site (a
//! hosting verification file, `.htaccess`) survive, and a folder that holds
//! other files but no manifest is refused rather than emptied.
//!
//! The sizes and hashes tell a rebuild which files are unchanged without
//! reading them: at 100,000 items the output is 4 GB, and reading it back
//! made a rebuild slower than a first build. Only a file modified after the
//! manifest was written (by hand, by an upload tool) is read to compare.
//!
//! Why not write a whole new tree and swap folders: deleting the previous
//! tree is one unlink per file, and on hosts whose disks discard freed
//! blocks that made a 10,000-item rebuild several times slower than the
//! build itself. Unchanged files are now never written nor deleted.

//!
//! Files: `staging.rs` a build's staging folder, `in_place.rs` the folder
//! `bulletin serve` shows, `manifest.rs` the list of what was written,
//! `verify.rs` the output verifier every file passes, `package.rs` the zip
//! for a hosting team.

mod in_place;
mod manifest;
pub mod package;
mod staging;
pub mod verify;

use std::path::{Path, PathBuf};

use crate::base::diagnostic::Diagnostic;

pub use in_place::InPlace;
pub use manifest::MANIFEST;
pub use staging::Staging;

/// Ends the message of an error that struck while the new files were being
/// moved into place.
pub const PARTIAL: &str =
    ". The output folder may now hold parts of both the old and the new site: fix the problem and build again";

/// The folder that holds the output folder `target`, made if missing: the
/// new output is staged there, and a build keeps its scratch file there.
pub fn parent_dir(target: &Path) -> Result<PathBuf, Diagnostic> {
    let target = std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf());
    let parent = target
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, &e))?;
    Ok(parent)
}

/// Whether the file at `path` holds exactly `bytes`. Reading is far cheaper
/// than writing and later deleting.
fn unchanged(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut rd| rd.next().is_none())
}

fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, 0, format!("cannot write: {e}"))
}
