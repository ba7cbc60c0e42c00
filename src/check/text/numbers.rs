//! The forms of 文号 (`doc-no`) and 索引号 (`index-no`).

/// 文号 check: None when fine (or empty), else a message saying what to do.
/// A 4-digit year (19xx, 20xx) standing in brackets other than the 六角括号
/// 〔〕 (`[2017]`, `［2017］`, `(2017)`, `（2017）`, `【2017】`, `〖2017〗`,
/// `﹝2017﹞`, `{2017}`, `<2017>`, `〈2017〉`, `「2017」`), or in 〔〕 on one
/// side only, is a problem; the message shows the 文号 corrected. A year in
/// no bracket at all (`2017年`) is left alone.
pub(crate) fn doc_no_problem(doc_no: &str) -> Option<String> {
    let chars: Vec<char> = doc_no.trim().chars().collect();
    let digit = |k: usize| chars.get(k).is_some_and(char::is_ascii_digit);
    let mut fixed = String::new();
    let mut wrong = false;
    let mut k = 0;
    while k < chars.len() {
        let year = (k..k + 4).all(digit)
            && !digit(k + 4)
            && (k == 0 || !digit(k - 1))
            && matches!((chars[k], chars[k + 1]), ('1', '9') | ('2', '0'));
        if year {
            let before = k.checked_sub(1).map(|p| chars[p]);
            let after = chars.get(k + 4).copied();
            let (open_wrong, close_wrong) = (
                before.is_some_and(is_year_open),
                after.is_some_and(is_year_close),
            );
            let (opened, closed) = (before == Some('〔'), after == Some('〕'));
            if open_wrong || close_wrong || opened != closed {
                wrong = true;
                if open_wrong {
                    fixed.pop();
                }
                if !opened {
                    fixed.push('〔');
                }
                fixed.extend(&chars[k..k + 4]);
                fixed.push('〕');
                k += 4 + usize::from(close_wrong || closed);
                continue;
            }
        }
        fixed.push(chars[k]);
        k += 1;
    }
    wrong.then(|| format!("文号的年份应写在六角括号〔〕中，如“{fixed}”"))
}

pub(super) fn is_year_open(c: char) -> bool {
    matches!(
        c,
        '[' | '［' | '(' | '（' | '【' | '〖' | '﹝' | '{' | '<' | '〈' | '「'
    )
}

pub(super) fn is_year_close(c: char) -> bool {
    matches!(
        c,
        ']' | '］' | ')' | '）' | '】' | '〗' | '﹞' | '}' | '>' | '〉' | '」'
    )
}

/// 索引号 check against the site's 统一社会信用代码 (`credit_code`, may be
/// empty: then any valid 18-character code is accepted): the form is
/// `<18-char 统一社会信用代码>/<YYYY>-<NNNNN>` (5 digits). None when fine
/// (or empty), else a message naming the expected form with the site's code.
///
/// A valid code is 18 characters of the GB 32100 set (digits and capital
/// letters except I, O, S, V, Z); the check digit is not verified (the site's
/// own code, when given, must match exactly).
pub(crate) fn index_no_problem(index_no: &str, credit_code: &str) -> Option<String> {
    let s = index_no.trim();
    if s.is_empty() {
        return None;
    }
    let credit = credit_code.trim();
    let (code, rest) = s.split_once('/').unwrap_or((s, ""));
    let (year, seq) = rest.split_once('-').unwrap_or((rest, ""));
    let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
    let form_ok = is_credit_code(code) && digits(year, 4) && digits(seq, 5);
    if form_ok && (credit.is_empty() || code == credit) {
        return None;
    }
    // The example: the site's code, the year and number the writer meant.
    let example_code = if !credit.is_empty() {
        credit
    } else if is_credit_code(code) {
        code
    } else {
        "统一社会信用代码"
    };
    let (ex_year, ex_seq) = intended_year_and_number(rest);
    let example = format!("{example_code}/{ex_year}-{ex_seq}");
    if form_ok {
        return Some(format!(
            "索引号中的统一社会信用代码“{code}”与网站设置的“{credit}”不一致，应为“{example}”"
        ));
    }
    Some(format!(
        "索引号应为“{example}”的形式：统一社会信用代码/年份-五位序号"
    ))
}

/// Whether `code` looks like a 统一社会信用代码: 18 characters from the
/// GB 32100-2015 character set.
fn is_credit_code(code: &str) -> bool {
    code.len() == 18
        && code
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase() && !b"IOSVZ".contains(&b))
}

/// The year and the sequence number an ill-formed 索引号 tail seems to hold
/// (`2026-0018` → 2026, 00018), or stand-ins when it holds none.
fn intended_year_and_number(rest: &str) -> (String, String) {
    let mut groups = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty());
    let mut year = "2026".to_string();
    let mut seq = "00001".to_string();
    if let Some(y) = groups.next() {
        if y.len() == 4 {
            year = y.to_string();
            if let Some(n) = groups.next().filter(|n| n.len() <= 5) {
                seq = format!("{n:0>5}");
            }
        }
    }
    (year, seq)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_no() {
        assert_eq!(
            doc_no_problem("国办发[2017]47号").as_deref(),
            Some("文号的年份应写在六角括号〔〕中，如“国办发〔2017〕47号”")
        );
        for ok in [
            "",
            "  ",
            "国办发〔2017〕47号",
            "川市监发〔2021〕12号",
            "国家市场监督管理总局令第12号",
            "GB/T 37668—2019",
        ] {
            assert_eq!(doc_no_problem(ok), None, "{ok}");
        }
        for (wrong, fixed) in [
            ("川府发（2017）3号", "川府发〔2017〕3号"),
            ("川府发(2017)3号", "川府发〔2017〕3号"),
            ("广安市监发【2023】5号", "广安市监发〔2023〕5号"),
            ("国办发［2017］47号", "国办发〔2017〕47号"),
            ("国办发〔2017]47号", "国办发〔2017〕47号"),
            ("国办发﹝2017﹞47号", "国办发〔2017〕47号"),
            ("国办发〔2017 47号", "国办发〔2017〕 47号"),
            ("国办发2017]47号", "国办发〔2017〕47号"),
            ("[2017]", "〔2017〕"),
        ] {
            let message = doc_no_problem(wrong).unwrap_or_default();
            assert!(
                message.contains(&format!("“{fixed}”")),
                "{wrong}: {message}"
            );
        }
    }

    #[test]
    fn index_no() {
        let code = "11510199MB1521086X";
        for ok in [
            "11510199MB1521086X/2026-00018",
            " 11510199MB1521086X/2021-00001 ",
            "",
        ] {
            assert_eq!(index_no_problem(ok, code), None, "{ok}");
        }
        assert_eq!(index_no_problem("91510100MA61R7XX1T/2024-00003", ""), None);
        assert_eq!(
            index_no_problem("11510199MB1521086X/2026-0018", code).as_deref(),
            Some("索引号应为“11510199MB1521086X/2026-00018”的形式：统一社会信用代码/年份-五位序号")
        );
        for wrong in [
            "11510199MB1521086X-2026-00018",
            "11510199MB1521086X/26-00018",
            "11510199MB1521086X/2026/00018",
            "11510199MB1521086X／2026－00018",
            "11510199mb1521086x/2026-00018",
            "2026-00018",
            "11510199MB1521086X/2026-000180",
        ] {
            let message = index_no_problem(wrong, code).unwrap_or_default();
            assert!(
                message.contains("“11510199MB1521086X/2026-"),
                "{wrong}: {message}"
            );
        }
        assert_eq!(
            index_no_problem("91510100MA61R7XX1T/2024-00003", code).as_deref(),
            Some(
                "索引号中的统一社会信用代码“91510100MA61R7XX1T”与网站设置的“11510199MB1521086X”不一致，应为“11510199MB1521086X/2024-00003”"
            )
        );
        // With no code configured, a malformed code gets the form in words.
        let message = index_no_problem("1151019/2026-00018", "").unwrap_or_default();
        assert!(
            message.contains("“统一社会信用代码/2026-00018”"),
            "{message}"
        );
        // I, O, S, V and Z are not in a credit code.
        assert!(index_no_problem("11510199MB152108OX/2026-00018", "").is_some());
    }
}
