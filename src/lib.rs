//! bulletin: a static site generator for the websites of government
//! bureaus. The modules follow the pipeline, each importing only those
//! before it (docs/architecture.md):
//!
//! `base` (diagnostics, escaping, text store, the `Sink` files go to) →
//! `config` (site.toml) → `content` (files → items, sections) →
//! `markdown` (one text → HTML), `charts` (statistics → SVG) → `model`
//! (the site: columns, tags, archives, relations) → `pages` (templates,
//! one job per output file, in parallel) → `output` (staging, the
//! verifier every file passes, the package) → `check` (the inspector's
//! rules) → `pipeline` (the stages in order, timed) → `cli` (the
//! arguments), `serve` (the preview server) → `cmd` (one file per command).
//!
//! The binary (`src/main.rs`) is the command line over this library; the
//! tests call the stages directly too.

pub mod base;
pub mod config;
pub mod content;

pub mod charts;
pub mod markdown;

pub mod model;
pub mod pages;

pub mod output;

pub mod check;
pub mod pipeline;

pub mod cli;
pub mod serve;

pub mod cmd;
