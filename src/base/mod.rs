//! What every stage stands on: the error type a writer can act on
//! ([`diagnostic`]), escaping for HTML and XML ([`escape`]), percent
//! decoding ([`percent`]), which characters are Chinese ([`cjk`]), the HTML
//! tokenizer ([`html`]), the store of long texts ([`store`]), where
//! rendered files go ([`sink`]), and a lock that survives a panic
//! ([`sync`]). Nothing here knows about sites, pages or commands.

pub mod cjk;
pub mod diagnostic;
pub mod escape;
pub mod html;
pub mod percent;
pub mod sink;
pub mod store;
pub mod sync;
