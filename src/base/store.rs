//! Where the model keeps its long texts: each item's Markdown, its HTML
//! and its plain text. They are most of a site's size, about 30 KB an
//! item, so a build that held them would need 3 GB for 100,000 items.
//!
//! A build writes each text once to a scratch file beside its output and
//! reads it back when a stage needs it, as a rule from the operating
//! system's file cache; the process itself holds only where each text is.
//! `bulletin serve` keeps them in memory instead: an edit renders one text
//! again, and the model compares the others by identity.

use std::borrow::Cow;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::base::diagnostic::Diagnostic;

/// Keeps texts and gives them back.
#[derive(Default)]
pub struct Store {
    scratch: Option<Scratch>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.scratch {
            Some(s) => write!(f, "Store(scratch in {})", s.dir.display()),
            None => f.write_str("Store(memory)"),
        }
    }
}

/// An anonymous file, removed by the system when the build ends (even when
/// it is killed), and how far it has been written.
struct Scratch {
    file: File,
    end: AtomicU64,
    /// Where it is, for messages.
    dir: PathBuf,
}

/// A text put in a [`Store`].
#[derive(Clone, Debug)]
pub struct Stored(Repr);

#[derive(Clone, Debug)]
enum Repr {
    Held(Arc<str>),
    Scratch { at: u64, len: usize },
}

impl Default for Stored {
    fn default() -> Self {
        Stored::held(Arc::from(""))
    }
}

impl Stored {
    /// A text in memory, as `bulletin serve` keeps them.
    pub fn held(text: Arc<str>) -> Stored {
        Stored(Repr::Held(text))
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Held(t) => t.len(),
            Repr::Scratch { len, .. } => *len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether `self` and `other` are one text put once: true means equal,
    /// false tells nothing. An unchanged file comes back from serve's load
    /// cache as the same text, so this is how a rebuild finds edits cheaply.
    pub fn same(&self, other: &Stored) -> bool {
        match (&self.0, &other.0) {
            (Repr::Held(a), Repr::Held(b)) => Arc::ptr_eq(a, b),
            (Repr::Scratch { at: a, .. }, Repr::Scratch { at: b, .. }) => a == b,
            _ => false,
        }
    }
}

impl Store {
    /// Keeps texts in memory (`bulletin serve`, tests).
    pub fn memory() -> Store {
        Store { scratch: None }
    }

    /// Keeps texts in a scratch file in `dir`.
    pub fn scratch_in(dir: &Path) -> Result<Store, Diagnostic> {
        let file = tempfile::tempfile_in(dir).map_err(|e| scratch_error(dir, "create", &e))?;
        Ok(Store {
            scratch: Some(Scratch {
                file,
                end: AtomicU64::new(0),
                dir: dir.to_path_buf(),
            }),
        })
    }

    /// Keeps `text`. Threads may put texts at once: each reserves its
    /// place in the file first, then writes there.
    pub fn put(&self, text: &str) -> Result<Stored, Diagnostic> {
        let Some(s) = &self.scratch else {
            return Ok(Stored::held(Arc::from(text)));
        };
        let len = text.len();
        let at = s.end.fetch_add(len as u64, Ordering::Relaxed);
        write_at(&s.file, text.as_bytes(), at).map_err(|e| scratch_error(&s.dir, "write", &e))?;
        Ok(Stored(Repr::Scratch { at, len }))
    }

    /// The text `stored` holds: borrowed when it is in memory, read from
    /// the scratch file otherwise.
    pub fn get<'a>(&self, stored: &'a Stored) -> Result<Cow<'a, str>, Diagnostic> {
        let (at, len) = match &stored.0 {
            Repr::Held(t) => return Ok(Cow::Borrowed(t)),
            Repr::Scratch { at, len } => (*at, *len),
        };
        let Some(s) = &self.scratch else {
            return Err(Diagnostic::error(
                "content",
                0,
                "internal error: a text kept in a scratch file was asked of a store without one",
            ));
        };
        let mut bytes = vec![0; len];
        read_at(&s.file, &mut bytes, at).map_err(|e| scratch_error(&s.dir, "read", &e))?;
        // Only whole strings are written, so this never fails unless the
        // file was damaged under us.
        string_from_utf8(bytes).map(Cow::Owned).map_err(|_| {
            scratch_error(
                &s.dir,
                "read",
                &io::Error::new(io::ErrorKind::InvalidData, "damaged"),
            )
        })
    }
}

/// `bytes` as a string, if they are UTF-8, as [`String::from_utf8`]. The
/// check uses SIMD: a site's texts are mostly Chinese, three bytes a
/// character, where the standard library's check took a tenth of a
/// build's time (each text is read back two or three times).
pub fn string_from_utf8(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: the bytes were found to be UTF-8 just above.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        // The standard library's error says where the bad byte is.
        String::from_utf8(bytes)
    }
}

fn scratch_error(dir: &Path, what: &str, e: &io::Error) -> Diagnostic {
    Diagnostic::error(
        dir,
        0,
        format!("cannot {what} the build's scratch file ({e}); is the disk full?"),
    )
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
fn read_at(file: &File, bytes: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

#[cfg(windows)]
fn write_at(file: &File, mut bytes: &[u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        match file.seek_write(bytes, at)? {
            0 => return Err(io::ErrorKind::WriteZero.into()),
            n => {
                bytes = &bytes[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(file: &File, mut bytes: &mut [u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        match file.seek_read(bytes, at)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                bytes = &mut bytes[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_gives_back_what_was_put() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::scratch_in(dir.path()).unwrap();
        let texts = ["", "春雷行动2021", "a\nb", &"价格".repeat(10_000)];
        let stored: Vec<Stored> = texts.iter().map(|t| store.put(t).unwrap()).collect();
        for (t, s) in texts.iter().zip(&stored) {
            assert_eq!(store.get(s).unwrap(), *t);
            assert_eq!(s.len(), t.len());
        }
        assert!(stored[1].same(&stored[1].clone()));
        assert!(!stored[1].same(&stored[2]));
        // Nothing is left in the folder: the file has no name.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn string_from_utf8_is_the_standard_librarys() {
        for bytes in [
            "春雷行动2021，价格".as_bytes().to_vec(),
            b"plain".to_vec(),
            vec![],
            vec![0xe6, 0x98, 0xa5, 0xd6, 0xd0], // 春 then GBK 中
            "春".as_bytes()[..2].to_vec(),      // cut inside a character
        ] {
            let ours = string_from_utf8(bytes.clone()).map_err(|e| e.utf8_error());
            let std = String::from_utf8(bytes).map_err(|e| e.utf8_error());
            assert_eq!(ours, std);
        }
    }

    #[test]
    fn memory_store_shares() {
        let store = Store::memory();
        let s = store.put("冷链").unwrap();
        assert!(matches!(store.get(&s).unwrap(), Cow::Borrowed("冷链")));
        assert!(s.same(&s.clone()));
        assert!(!s.same(&store.put("冷链").unwrap()));
    }
}
