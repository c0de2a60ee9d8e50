//! The docs' dates: `20251231` in the version tables, sometimes `2025-12-31`; `-` (or
//! nothing, or `None`) where a version has no date.

/// `true` for the cell of a version without a date.
pub fn is_none(text: &str) -> bool {
    matches!(text.trim(), "" | "-" | "None")
}

/// `20251231` or `2025-12-31` → `2025-12-31`; `None` for anything else, including a month
/// or day out of range.
pub fn parse(text: &str) -> Option<String> {
    let t = text.trim();
    let digits: String = match t.len() {
        8 => t.to_string(),
        10 if t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-' => t.replace('-', ""),
        _ => return None,
    };
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let month: u32 = digits[4..6].parse().ok()?;
    let day: u32 = digits[6..8].parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then(|| {
        format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..8])
    })
}

/// `true` when `text` has a date's shape (eight digits, or `dddd-dd-dd`), plausible or not:
/// enough to tell where a glued date starts; [`parse`] judges it.
pub fn has_date_shape(text: &str) -> bool {
    let b = text.as_bytes();
    match b.len() {
        8 => b.iter().all(u8::is_ascii_digit),
        10 => b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse("20251231").as_deref(), Some("2025-12-31"));
        assert_eq!(parse("2025-12-31").as_deref(), Some("2025-12-31"));
        assert_eq!(parse("20251331"), None);
        assert_eq!(parse("2025/12/31"), None);
        assert_eq!(parse("2025-1231"), None);
        assert_eq!(parse("-"), None);
        assert!(is_none("-") && is_none("") && is_none("None") && !is_none("20251231"));
        assert!(has_date_shape("20251331") && has_date_shape("2025-12-31"));
        assert!(!has_date_shape("2025123") && !has_date_shape("2025_12_31"));
        // Never a panic on text that is not ASCII.
        assert_eq!(parse("2025년12월31"), None);
        assert!(!has_date_shape("2025년12"));
    }
}
