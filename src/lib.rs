//! bulletin: a static site generator for the websites of government
//! bureaus. The pipeline, one module per stage:
//! `config` (site.toml) → `content` (files → items, sections) and
//! `charts` (statistics files → SVG) → `site` (the model: columns, tags,
//! archives, relations) → `render` (templates, in parallel) → `output`
//! (only changed files written, moved in on success).
//!
//! The binary (`src/main.rs`) is the command line over this library; the
//! tests call the stages directly too.

pub mod base;
pub mod charts;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;

pub mod serve;
pub mod site;
