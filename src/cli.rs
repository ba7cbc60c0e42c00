//! Command-line arguments (README: Commands).

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
    /// Build the site, serve it on this computer and rebuild it on every
    /// change; open pages follow by themselves.
    Serve(ServeArgs),
    /// Check the site as a website inspector would, without building it.
    Check(CheckArgs),
    /// Create a new bureau site in DIR.
    Init(InitArgs),
    /// Start a new item in a column, with today's date and its front matter.
    New(NewArgs),
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create the site in (created if missing).
    pub dir: PathBuf,
    /// The bureau's name, e.g. "某某区市场监督管理局".
    #[arg(long)]
    pub name: Option<String>,
    /// Write into a folder that is not empty: files already there are
    /// kept, and starter files with the same name are skipped.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The column's folder under content/ (`news`, `campaigns/chunlei-2021`).
    pub column: String,
    /// The item's title.
    pub title: String,
    /// The site's folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Create a bundle (a folder with index.md, for images and attachments).
    #[arg(long)]
    pub bundle: bool,
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
    /// After a successful build, also write the output as this zip file,
    /// with a manifest.json of every file's size and SHA-256.
    #[arg(long, value_name = "FILE.zip")]
    pub package: Option<PathBuf>,
    /// With --package: put in only the files added or changed since this
    /// earlier manifest.json, and list the removed ones.
    #[arg(long, value_name = "OLD_MANIFEST", requires = "package")]
    pub since: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The site's folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on. The default lets only this computer in;
    /// 0.0.0.0 lets other computers of the network see the preview too.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Also show items marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    /// One self-contained page: `bulletin check --format html > 检查报告.html`.
    Html,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The site's folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// `text` (path:line:col: level: message), `json`, or `html` (a
    /// report page to open in a browser).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The day to judge freshness and future dates by (YYYY-MM-DD)
    /// [default: today in the site's time zone].
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<jiff::civil::Date>,
}
