//! Where rendered files go. The render writes every file through a
//! [`Sink`]: the build's staging folder, the folder `bulletin serve` shows,
//! the output verifier on the way to either, or nothing at all
//! ([`Discard`], for `bulletin check`). Defined here, below every stage, so
//! that the stages that write (pages, search) and those that keep (output)
//! do not depend on each other.

use std::path::Path;

use super::diagnostic::Diagnostic;

/// Where rendered files go: the build's staging folder, or the folder
/// `bulletin serve` shows.
pub trait Sink: Sync {
    /// Writes one file; `path` is relative to the output root.
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic>;

    /// Copies a file into the output.
    fn copy(&self, src: &Path, path: &str) -> Result<(), Diagnostic> {
        let bytes = std::fs::read(src).map_err(|e| {
            Diagnostic::error(src, 0, format!("cannot read the file to copy it: {e}"))
        })?;
        self.write(path, &bytes)
    }

    /// Writes the page `frame.before + body + frame.after`, whose frame
    /// repeats on other pages (`bulletin check`'s stand-ins for item
    /// pages): a sink that reads what it is given may read the frame once.
    fn write_framed(&self, path: &str, frame: &Frame, body: &str) -> Result<(), Diagnostic> {
        self.write(
            path,
            [&frame.before, body, &frame.after].concat().as_bytes(),
        )
    }
}

/// The part of a page around its text, shared by pages of one template.
pub struct Frame {
    pub before: String,
    pub after: String,
    /// A hash of both, so that a sink can tell frames apart without
    /// reading them again for every page.
    key: u64,
}

impl Frame {
    pub fn new(before: String, after: String) -> Frame {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(before.as_bytes());
        hasher.update(&[0]);
        hasher.update(after.as_bytes());
        Frame {
            key: hasher.digest(),
            before,
            after,
        }
    }

    pub fn key(&self) -> u64 {
        self.key
    }
}

/// A sink that keeps nothing: `bulletin check` renders the site only to
/// verify it.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _: &str, _: &[u8]) -> Result<(), Diagnostic> {
        Ok(())
    }

    fn copy(&self, _: &Path, _: &str) -> Result<(), Diagnostic> {
        Ok(())
    }

    fn write_framed(&self, _: &str, _: &Frame, _: &str) -> Result<(), Diagnostic> {
        Ok(())
    }
}
