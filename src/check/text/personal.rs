//! The personal-information rule (`personal-info`): a mainland 居民身份证
//! number or a mobile number published by mistake (个人信息泄露), with the
//! masked form to publish instead.
//!
//! An identity number is 17 digits and a check digit (a digit or `X`,
//! GB 11643-1999) that holds: a province code that exists, a date of birth
//! that exists, and the ISO 7064 MOD 11-2 check. A mobile number is `1`,
//! a digit from 3 to 9 and nine more digits, written together or as
//! `138-1234-5678` / `138 1234 5678`. Either counts only as a whole: not
//! inside a longer number or a token of letters and digits (an order
//! number, a 统一社会信用代码), and never when it is the bureau's own
//! (`[organization] phone`, `credit_code`). So `12315`, amounts, dates,
//! 文号 and 索引号 are not findings, and neither is a long number that
//! fails the check digit.

use super::scan::Hit;

pub(crate) const PERSONAL_INFO: &str = "personal-info";

/// The province codes (first two digits) of identity numbers: the
/// provinces, autonomous regions and municipalities, and 81–83 for the
/// residence permits of Hong Kong, Macao and Taiwan residents.
const PROVINCES: [u8; 35] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];

/// The digits of the bureau's own numbers, which are published on purpose.
pub(super) fn own_numbers(phone: &str, credit_code: &str) -> Vec<String> {
    let mut own: Vec<String> = phone
        .split(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')')))
        .map(|n| n.chars().filter(char::is_ascii_digit).collect::<String>())
        .filter(|n| !n.is_empty())
        .collect();
    if !credit_code.trim().is_empty() {
        own.push(credit_code.trim().to_ascii_uppercase());
    }
    own
}

/// The digits starting at `text[i]`: where scanning goes on, and a
/// finding when they are personal information.
pub(super) fn at_digits(text: &str, i: usize, own: &[String]) -> (usize, Option<Hit>) {
    let b = text.as_bytes();
    let end = i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let glued = |c: Option<&u8>| c.is_some_and(u8::is_ascii_alphanumeric);
    if i > 0 && glued(b.get(i - 1)) {
        return (end, None);
    }
    // An identity number: 18 digits, or 17 and an X.
    let id_end = match (end - i, b.get(end)) {
        (18, _) => Some(end),
        (17, Some(b'X' | b'x')) => Some(end + 1),
        _ => None,
    };
    if let Some(id_end) = id_end {
        let id = text[i..id_end].to_ascii_uppercase();
        if !glued(b.get(id_end)) && is_identity_number(id.as_bytes()) && !own.contains(&id) {
            let masked = format!("{}{}{}", &id[..4], "*".repeat(10), &id[14..]);
            let message = format!(
                "身份证号码“{id}”是个人信息，不应公开：请删除，或隐去中间十位写成“{masked}”"
            );
            return (id_end, Some(hit(i, message)));
        }
        return (id_end, None);
    }
    if glued(b.get(end)) {
        return (end, None);
    }
    let Some((number, number_end)) = mobile(text, i, end) else {
        return (end, None);
    };
    if own.contains(&number) {
        return (number_end, None);
    }
    let masked = format!("{}****{}", &number[..3], &number[7..]);
    let message = format!(
        "手机号码“{}”是个人信息，不应公开：请删除，或隐去中间四位写成“{masked}”",
        &text[i..number_end]
    );
    (number_end, Some(hit(i, message)))
}

fn hit(pos: usize, message: String) -> Hit {
    Hit {
        pos,
        rule: PERSONAL_INFO,
        message,
    }
}

/// The mobile number starting at `text[i]`, whose first run of digits
/// ends at `end`: its eleven digits and where it ends.
fn mobile(text: &str, i: usize, end: usize) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let starts = |s: &[u8]| s[0] == b'1' && (b'3'..=b'9').contains(&s[1]);
    match end - i {
        11 if starts(&b[i..]) => Some((text[i..end].to_string(), end)),
        // 138-1234-5678, 138 1234 5678: the same separator twice.
        3 if starts(&b[i..]) => {
            let sep = *b.get(end)?;
            if !matches!(sep, b'-' | b' ') {
                return None;
            }
            let group = |from: usize| {
                (b.len() >= from + 4 && b[from..from + 4].iter().all(u8::is_ascii_digit))
                    .then_some(from + 4)
            };
            let second = group(end + 1)?;
            if b.get(second) != Some(&sep) {
                return None;
            }
            let third = group(second + 1)?;
            if b.get(third).is_some_and(u8::is_ascii_alphanumeric) {
                return None;
            }
            let digits = text[i..third].bytes().filter(u8::is_ascii_digit);
            Some((digits.map(char::from).collect(), third))
        }
        _ => None,
    }
}

/// Whether `id` (18 bytes, upper case) is a possible identity number.
fn is_identity_number(id: &[u8]) -> bool {
    if id.len() != 18 || !id[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let num =
        |r: std::ops::Range<usize>| id[r].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    let province = u8::try_from(num(0..2)).unwrap_or(0);
    if !PROVINCES.contains(&province) {
        return false;
    }
    let (year, month, day) = (num(6..10), num(10..12), num(12..14));
    let born = i16::try_from(year).ok().and_then(|y| {
        jiff::civil::Date::new(y, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
    });
    if !(1900..=2099).contains(&year) || born.is_none() {
        return false;
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = id[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    id[17] == b"10X98765432"[(sum % 11) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (position, message) of what `at_digits` finds at the first digit.
    fn find(text: &str) -> Option<(usize, String)> {
        let own = own_numbers("028-81234315、13900001111", "11510199MB1521086X");
        let i = text.find(|c: char| c.is_ascii_digit())?;
        at_digits(text, i, &own).1.map(|h| (h.pos, h.message))
    }

    #[test]
    fn identity_numbers_that_hold_are_found_and_masked() {
        // Check digits computed by the standard's weights.
        for id in [
            "11010519491231002X",
            "440524198001010013",
            "510802199001012714",
        ] {
            assert!(is_identity_number(id.as_bytes()), "{id}");
        }
        let (pos, message) = find("当事人张某（身份证号510802199001012714）").unwrap();
        assert_eq!(pos, "当事人张某（身份证号".len());
        assert!(message.contains("“5108**********2714”"), "{message}");
        let (_, message) = find("身份证11010519491231002x，").unwrap();
        assert!(message.contains("“1101**********002X”"), "{message}");
    }

    #[test]
    fn long_numbers_that_are_no_identity_number_are_not_findings() {
        for text in [
            "510802199001012719",   // wrong check digit
            "990802199001012714",   // no such province
            "510802199013012717",   // month 13
            "510802190002290000",   // 1900 was no leap year
            "5108021990010127140",  // longer
            "No510802199001012714", // glued to letters
            "11510199MB1521086X",   // a 统一社会信用代码
            "订单号A510802199001012714",
        ] {
            assert_eq!(find(text), None, "{text}");
        }
    }

    #[test]
    fn mobile_numbers_are_found_and_masked() {
        let (pos, message) = find("联系人：李先生，13812345678。").unwrap();
        assert_eq!(pos, "联系人：李先生，".len());
        assert!(message.contains("“138****5678”"), "{message}");
        for text in ["电话138-1234-5678", "电话 138 1234 5678。"] {
            let (_, message) = find(text).expect(text);
            assert!(message.contains("“138****5678”"), "{text}: {message}");
        }
    }

    #[test]
    fn other_numbers_are_not_mobile_numbers() {
        for text in [
            "投诉举报电话12315",
            "罚款3.2万元",
            "12812345678",  // 12 is no mobile prefix
            "138123456789", // twelve digits
            "138-1234-56789",
            "138-1234 5678", // two separators
            "2021年4月2日",
            "国办发〔2017〕47号",
            "028-81234315",
            "本局值班手机13900001111", // the bureau's own, in site.toml
            "编号SC13812345678",
        ] {
            assert_eq!(find(text), None, "{text}");
        }
    }

    #[test]
    fn the_bureau_numbers_come_from_site_toml() {
        assert_eq!(
            own_numbers("028-81234315、(028)12345678", " 11510199mb1521086x "),
            ["02881234315", "02812345678", "11510199MB1521086X"]
        );
        assert_eq!(own_numbers("", ""), Vec::<String>::new());
    }
}
