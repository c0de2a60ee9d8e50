//! The description cell, which packs prose and facts with no separator:
//! `이름 Example : test-apiPattern : ^[a-z][a-z0-9\-]{1,48}[a-z0-9]$Minimum length : 3Maximum length : 50`.
//!
//! The keys are a closed list; a value runs until the next key. Values stay text here:
//! their meaning depends on the schema type, which the field extractor applies.

/// The parts of a description cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DescriptionCell {
    /// The prose before the first key, verbatim (may be empty).
    pub text: String,
    /// `Example : ...` (`Some("")` when the key is there with nothing after it).
    pub example: Option<String>,
    pub pattern: Option<String>,
    pub min_length: Option<String>,
    pub max_length: Option<String>,
    pub minimum: Option<String>,
    pub maximum: Option<String>,
}

/// The keys in the order the longest match must win (`Minimum length` before `Minimum`).
const KEYS: &[&str] = &[
    "Example : ",
    "Pattern : ",
    "Minimum length : ",
    "Maximum length : ",
    "Minimum : ",
    "Maximum : ",
];

impl DescriptionCell {
    pub fn parse(cell: &str) -> DescriptionCell {
        let mut out = DescriptionCell::default();
        // A trailing "Example :" has lost its space to the row's trimming.
        let owned;
        let cell = if KEYS.iter().any(|k| cell.ends_with(k.trim_end())) {
            owned = format!("{cell} ");
            owned.as_str()
        } else {
            cell
        };
        let mut found = find_keys(cell);
        found.sort_by_key(|(pos, _)| *pos);
        let prose_end = found.first().map_or(cell.len(), |(pos, _)| *pos);
        out.text = cell[..prose_end].trim().to_string();
        for (i, (pos, key)) in found.iter().enumerate() {
            let start = pos + key.len();
            let end = found.get(i + 1).map_or(cell.len(), |(next, _)| *next);
            let value = cell[start..end].trim().to_string();
            let slot = match *key {
                "Example : " => &mut out.example,
                "Pattern : " => &mut out.pattern,
                "Minimum length : " => &mut out.min_length,
                "Maximum length : " => &mut out.max_length,
                "Minimum : " => &mut out.minimum,
                _ => &mut out.maximum,
            };
            slot.get_or_insert(value);
        }
        out
    }
}

/// Positions of the keys in the cell. The first `Example : ` starts the facts; a key inside
/// a pattern value (unlikely, but regexes are free text) would be taken as a key, which is
/// why `Pattern : ` values are cut only at the keys that can follow a pattern.
fn find_keys(cell: &str) -> Vec<(usize, &'static str)> {
    let mut found: Vec<(usize, &'static str)> = Vec::new();
    let mut pos = 0;
    while pos < cell.len() {
        let rest = &cell[pos..];
        if let Some(key) = KEYS.iter().find(|k| rest.starts_with(**k)) {
            // Keys appear at most once each.
            if !found.iter().any(|(_, k)| k == key) {
                found.push((pos, key));
                pos += key.len();
                continue;
            }
        }
        pos += rest.chars().next().map_or(1, char::len_utf8);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trap4_packed_description_cell() {
        let c = DescriptionCell::parse(
            r"이름 Example : test-apiPattern : ^[a-z][a-z0-9\-]{1,48}[a-z0-9]$Minimum length : 3Maximum length : 50",
        );
        assert_eq!(c.text, "이름");
        assert_eq!(c.example.as_deref(), Some("test-api"));
        assert_eq!(
            c.pattern.as_deref(),
            Some(r"^[a-z][a-z0-9\-]{1,48}[a-z0-9]$")
        );
        assert_eq!(c.min_length.as_deref(), Some("3"));
        assert_eq!(c.max_length.as_deref(), Some("50"));

        let c = DescriptionCell::parse(
            "사용량 정책 할당량 Example : 10Minimum : 1Maximum : 2000000000",
        );
        assert_eq!(c.example.as_deref(), Some("10"));
        assert_eq!(c.minimum.as_deref(), Some("1"));
        assert_eq!(c.maximum.as_deref(), Some("2000000000"));
    }

    #[test]
    fn trap4_empty_and_python_examples() {
        assert_eq!(
            DescriptionCell::parse("Api ID Example :")
                .example
                .as_deref(),
            Some("")
        );
        assert_eq!(
            DescriptionCell::parse("Api ID Example : ")
                .example
                .as_deref(),
            Some("")
        );
        assert_eq!(
            DescriptionCell::parse("허용 Example : ['dev,stg']")
                .example
                .as_deref(),
            Some("['dev,stg']")
        );
        assert_eq!(
            DescriptionCell::parse("헤더 Example : {'test1' : True}")
                .example
                .as_deref(),
            Some("{'test1' : True}")
        );
        let c = DescriptionCell::parse("태그 목록");
        assert_eq!(
            c,
            DescriptionCell {
                text: "태그 목록".into(),
                ..Default::default()
            }
        );
    }

    #[test]
    fn regex_alternation_inside_pattern() {
        let c = DescriptionCell::parse(
            r"Queue명 Example : test-queue.fifoPattern : ^[a-z][a-z0-9-]*$|^[a-z][a-z0-9-]*\.fifo$Minimum length : 3Maximum length : 64",
        );
        assert_eq!(c.example.as_deref(), Some("test-queue.fifo"));
        assert_eq!(
            c.pattern.as_deref(),
            Some(r"^[a-z][a-z0-9-]*$|^[a-z][a-z0-9-]*\.fifo$")
        );
        assert_eq!(c.max_length.as_deref(), Some("64"));
    }
}
