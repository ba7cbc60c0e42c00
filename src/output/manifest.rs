//! The output folder's manifest (`.bulletin-manifest`): a line per file
//! the last build wrote, with its size and hash, so that a rebuild knows
//! unchanged files without reading them and deletes only its own files.

/// The list of files the last build wrote, in the output folder.
pub const MANIFEST: &str = ".bulletin-manifest";

/// What a file of the output holds, as the manifest records it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Written {
    pub(super) size: u64,
    /// XXH3-128 of the bytes: a chance collision is out of reach.
    pub(super) hash: u128,
}

impl Written {
    pub(super) fn of(bytes: &[u8]) -> Written {
        Written {
            size: bytes.len() as u64,
            hash: xxhash_rust::xxh3::xxh3_128(bytes),
        }
    }
}

/// A manifest line: `path TAB size TAB hash` (hex), or `path` alone as
/// earlier versions wrote it. Read from the right, so that a path with a
/// tab in it still reads.
pub(super) fn manifest_line(line: &str) -> (String, Option<Written>) {
    let recorded = line.rsplit_once('\t').and_then(|(rest, hash)| {
        let (path, size) = rest.rsplit_once('\t')?;
        let written = Written {
            size: size.parse().ok()?,
            hash: u128::from_str_radix(hash, 16).ok()?,
        };
        Some((path, written))
    });
    match recorded {
        Some((path, written)) => (path.to_string(), Some(written)),
        None => (line.to_string(), None),
    }
}
