//! The lists of the home page: each main column's newest items, 图片新闻
//! (the newest items with a cover) and 通知公告 (the newest notices).

use super::{Column, Page};

/// How many items of each list the home page shows.
pub const HOME_LIST_LEN: usize = 8;

/// What the home page lists, as indices into `Site::items`.
#[derive(Debug, Default)]
pub struct HomeLists {
    /// Items with a cover, newest first.
    pub covers: Vec<usize>,
    /// Items of columns whose `type` is 通知公告, newest first.
    pub notices: Vec<usize>,
    /// Each column of the main navigation with its newest items.
    pub latest: Vec<(usize, Vec<usize>)>,
}

impl HomeLists {
    pub(super) fn new(columns: &[Column], items: &[Page], nav: &[usize]) -> HomeLists {
        let covers = (0..items.len())
            .filter(|&i| items[i].cover.is_some())
            .take(HOME_LIST_LEN)
            .collect();
        let latest = nav
            .iter()
            .map(|&c| {
                let mut latest = columns[c].items.clone();
                latest.sort_unstable();
                latest.truncate(HOME_LIST_LEN);
                (c, latest)
            })
            .collect();
        let notices = (0..items.len())
            .filter(|&i| {
                columns[items[i].column]
                    .section
                    .front
                    .column_type
                    .as_deref()
                    == Some("通知公告")
            })
            .take(HOME_LIST_LEN)
            .collect();
        HomeLists {
            covers,
            notices,
            latest,
        }
    }
}
