//! Command-line arguments (SPEC §6).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "bulletin",
    version,
    about = "A static site generator for the websites of government bureaus"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Check the site as a website inspector would, without building it.
    Check(CheckArgs),
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The site's folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output folder [default: ROOT/public].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Use this base URL instead of site.toml's `base_url`.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Also build items marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Fail (exit 1, output untouched) when `bulletin check` finds an error;
    /// without it the findings are printed as warnings.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The site's folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// `text` (path:line:col: level: message) or `json`.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The day to judge freshness and future dates by (YYYY-MM-DD)
    /// [default: today in the site's time zone].
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<jiff::civil::Date>,
}
