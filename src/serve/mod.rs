//! `bulletin serve`: the preview a writer keeps open while typing.
//!
//! - `http`: serves the preview folder on loopback, injects the live-reload
//!   script into pages and shows build errors over them.
//! - `watch`: turns file-system events into rebuild requests.
//! - `rebuild`: rebuilds the site in place, reusing what did not change.

pub mod http;
pub mod rebuild;
pub mod watch;
