//! `bulletin init DIR [--name 某某区市场监督管理局]`: a new bureau site that
//! builds at once. What is left to fill in is marked so that `bulletin
//! check` finds it: `XX` placeholders in the example item and in 联系我们,
//! and the columns that have no item yet (空白栏目). The `[organization]`
//! keys check cannot see are empty, each under a `# 待填写` comment.

use std::path::Path;

use crate::cli::InitArgs;
use crate::config;

use super::new::{create_new, now, yaml_scalar};
use super::{CONTENT_ERROR, OK, USAGE_ERROR};

const DEFAULT_NAME: &str = "某某区市场监督管理局";

/// The columns a district bureau's site usually has, each with its
/// ColumnType (`type`) of the government page spec and the longest gap
/// between two items (`update_every`): folder, title, type, update_every,
/// description. Their place in the navigation follows this order.
#[rustfmt::skip]
const COLUMNS: [(&str, &str, &str, &str, &str); 7] = [
    ("news", "工作动态", "工作动态", "14d", "本局日常监管、执法办案和服务企业的工作动态。"),
    ("notices", "通知公告", "通知公告", "6mo", "本局发布的通知、通告、公告和抽检信息。"),
    ("policies", "政策文件", "政策文件", "6mo", "本局制发的规范性文件和其他主动公开的政策文件。"),
    ("plans", "规划计划", "规划计划", "1y", "本局的发展规划、年度工作计划和工作总结。"),
    ("campaigns", "专项行动", "专题专栏", "1y", "本局牵头开展的专项执法和整治行动。"),
    // As in the demo site: media coverage counts as 动态.
    ("media", "媒体报道", "工作动态", "3mo", "各级新闻媒体对本局工作的报道。"),
    ("data", "数据发布", "数据发布", "1y", "本局发布的市场监管统计数据。"),
];

pub fn exec(args: &InitArgs) -> i32 {
    let name = args.name.as_deref().unwrap_or(DEFAULT_NAME).trim();
    if name.is_empty() || name.chars().any(char::is_control) {
        eprintln!("error: --name must be the bureau's name on one line, e.g. --name \"某某区市场监督管理局\"");
        return USAGE_ERROR;
    }
    let dir = &args.dir;
    if dir.exists() && !dir.is_dir() {
        eprintln!(
            "error: {} is a file, not a folder; choose a new or empty folder for the site",
            dir.display()
        );
        return USAGE_ERROR;
    }
    let present = visible_entries(dir);
    if !present.is_empty() && !args.force {
        eprintln!(
            "error: {} is not empty (it holds {}). bulletin init writes into a new or empty folder; \
             pass --force to add the starter files anyway (files already there are kept, never overwritten)",
            dir.display(),
            present.join(", ")
        );
        return USAGE_ERROR;
    }

    let files = match starter(name) {
        Ok(files) => files,
        Err(e) => {
            // The starter is ours: a name the TOML or YAML writers could
            // not turn into a valid site would be a bug here, not the user's.
            eprintln!("error: bulletin init could not write a valid site.toml for this name: {e}");
            return CONTENT_ERROR;
        }
    };
    let (mut created, mut kept) = (Vec::new(), Vec::new());
    for (rel, text) in &files {
        match create_new(&dir.join(rel), text) {
            Ok(()) => created.push(rel.as_str()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => kept.push(rel.as_str()),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", dir.join(rel).display());
                return CONTENT_ERROR;
            }
        }
    }
    print!("{}", report(dir, name, &created, &kept));
    OK
}

/// The names in `dir` that make it "not empty". Hidden files (`.git`,
/// `.gitignore`) do not count, so `git init` first and `bulletin init`
/// second works, as with `zola init`.
fn visible_entries(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    if names.len() > 5 {
        let more = names.len() - 4;
        names.truncate(4);
        names.push(format!("{more} more"));
    }
    names
}

/// Every starter file, path relative to the site root, with `name` and the
/// current date filled in.
fn starter(name: &str) -> Result<Vec<(String, String)>, String> {
    let name_toml = toml::Value::String(name.to_string()).to_string();
    let name_yaml = yaml_scalar(name);
    let names = [
        ("name", name),
        ("name_toml", name_toml.as_str()),
        ("name_yaml", name_yaml.as_str()),
    ];
    let site_toml = fill(include_str!("starter/site.toml"), &names);
    // The zone comes from the site.toml being written, so the example item
    // is dated today as the site will see it.
    let site = config::Site::parse(&site_toml, None).map_err(|d| d.message)?;
    let now = now(site.offset);
    let (datetime, date, year) = (
        now.strftime("%Y-%m-%d %H:%M").to_string(),
        now.date().to_string(),
        now.year().to_string(),
    );
    let values = [
        names[0],
        names[1],
        names[2],
        ("datetime", datetime.as_str()),
        ("date", date.as_str()),
        ("year", year.as_str()),
    ];
    let fill = |template: &str| fill(template, &values);
    let mut files = vec![
        (config::FILE_NAME.to_string(), site_toml),
        (
            ".gitignore".into(),
            include_str!("starter/gitignore").into(),
        ),
        (
            "content/_index.md".into(),
            fill(include_str!("starter/home.md")),
        ),
        (
            "content/about.md".into(),
            fill(include_str!("starter/about.md")),
        ),
    ];
    for (order, (dir, title, kind, every, description)) in COLUMNS.iter().enumerate() {
        files.push((
            format!("content/{dir}/_index.md"),
            format!(
                "---\ntitle: {title}\ndescription: {description}\ntype: {kind}\nupdate_every: {every}\norder: {}\n---\n",
                order + 1
            ),
        ));
    }
    files.push((
        format!("content/news/{}-gong-zuo-tui-jin-hui.md", now.date()),
        fill(include_str!("starter/example.md")),
    ));
    files.push((
        format!("content/data/{year}-stats.yaml"),
        fill(include_str!("starter/stats.yaml")),
    ));
    Ok(files)
}

/// `template` with each `{{key}}` of `values` replaced, in one pass, so a
/// value (the user's name) is never itself searched for markers.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let known = after.find("}}").and_then(|end| {
            let (_, value) = values.iter().find(|(k, _)| *k == &after[..end])?;
            Some((end, value))
        });
        match known {
            Some((end, value)) => {
                out.push_str(value);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What was written, and the commands to run next.
fn report(dir: &Path, name: &str, created: &[&str], kept: &[&str]) -> String {
    let root = shell_word(&dir.to_string_lossy());
    let mut s = if created.is_empty() {
        format!(
            "Wrote nothing: {} already has every starter file.\n",
            dir.display()
        )
    } else {
        format!("Created the site of {name} in {}:\n", dir.display())
    };
    for f in created {
        s.push_str(&format!("  {f}\n"));
    }
    if !kept.is_empty() {
        s.push_str("Kept as they were (already there, not overwritten):\n");
        for f in kept {
            s.push_str(&format!("  {f}\n"));
        }
    }
    s.push_str(&format!(
        "\nNext:\n\
         \x20 1. Fill in the keys marked 待填写 in {root}/site.toml: base_url and the [organization] marks\n\
         \x20    (address, phone, 网站标识码, ICP and 公安 record numbers, 统一社会信用代码).\n\
         \x20 2. bulletin build --root {root}\n\
         \x20    builds the site into {root}/public/.\n\
         \x20 3. bulletin check --root {root}\n\
         \x20    lists what is still to do: the XX placeholders of the example item and of 联系我们\n\
         \x20    (content/about.md), and every column with no item yet (空白栏目: 5 or more fail an inspection).\n\
         \x20 4. bulletin new news \"标题\" --root {root}\n\
         \x20    starts an item; rewrite or delete the example item in content/news/.\n"
    ));
    s
}

/// `path` as one shell word, quoted when it holds anything a shell would
/// split or expand, so the printed commands can be pasted as they are.
fn shell_word(path: &str) -> String {
    let plain = !path.is_empty()
        && !path
            .chars()
            .any(|c| c.is_whitespace() || "'\"\\$`&|;<>()*?[]{}#~!".contains(c));
    if plain {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_marker_is_filled_and_the_config_is_valid() {
        for name in ["某某区市场监督管理局", "“某某”局: \"#1\" \\ 'x'"] {
            let files = starter(name).unwrap();
            for (path, text) in &files {
                assert!(!text.contains("{{"), "{path}: {text}");
            }
            let site = config::Site::parse(&files[0].1, None).unwrap();
            assert_eq!(site.config.title, name);
            assert_eq!(site.config.organization.name, name);
            assert!(site.config.organization.site_code.is_empty());
        }
    }

    #[test]
    fn markers_are_filled_once() {
        let values = [("name", "{{date}}局"), ("date", "2026-11-23")];
        assert_eq!(
            fill("{{name}} {{date}} {{other}} {{", &values),
            "{{date}}局 2026-11-23 {{other}} {{"
        );
    }

    #[test]
    fn paths_are_quoted_for_the_shell() {
        assert_eq!(shell_word("my-site"), "my-site");
        assert_eq!(shell_word("某某局网站"), "某某局网站");
        assert_eq!(shell_word("my site"), "'my site'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}
