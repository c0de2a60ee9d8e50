//! YAML for every reader. serde_norway writes YAML 1.2, where `2024-05-17T00:23:17Z`, `yes`
//! or `12:30:00` are plain strings; YAML 1.1 readers (PyYAML, many tools built on it) read
//! them as a timestamp, a boolean, a number. Such strings are single-quoted here, so a spec
//! reads the same in both. Only plain scalars that YAML 1.2 reads as strings are touched:
//! real numbers and booleans stay as they are.

use std::sync::OnceLock;

use regex::Regex;

/// Plain scalars YAML 1.1 resolves to something other than a string.
fn yaml11_special() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF",
            r"|[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+",
            r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*",
            // Floats as YAML 1.1 readers resolve them (`3.0.3` stays a string).
            r"|[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?",
            r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*Z|[-+][0-9]{1,2}(?::[0-9]{2})?)?)?",
            r"|<<|=)$"
        ))
        .expect("regex")
    })
}

/// Plain scalars YAML 1.2 (core schema) resolves to null, booleans or numbers: these are
/// serde's real values and keep their type.
fn yaml12_special() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE",
            r"|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+",
            r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ))
        .expect("regex")
    })
}

fn fix(scalar: &str) -> String {
    if yaml11_special().is_match(scalar) && !yaml12_special().is_match(scalar) {
        format!("'{}'", scalar.replace('\'', "''"))
    } else {
        scalar.to_string()
    }
}

/// Quotes the strings of serde_norway's block-style output that YAML 1.1 would misread.
pub fn quote_for_yaml11(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    // The indentation of the line that opened a block scalar (`|-`), while in one.
    let mut block: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let indent = body.len() - body.trim_start_matches(' ').len();
        if let Some(open) = block {
            if body.trim().is_empty() || indent > open {
                out.push_str(line);
                continue;
            }
            block = None;
        }
        let mut rest = &body[indent..];
        let mut prefix = String::from(&body[..indent]);
        while let Some(r) = rest.strip_prefix("- ") {
            prefix.push_str("- ");
            rest = r;
        }
        let fixed = match split_key(rest) {
            Some((key, value)) => {
                if is_block_indicator(value) {
                    block = Some(indent);
                }
                let value = if value.is_empty() || is_block_indicator(value) {
                    value.to_string()
                } else {
                    fix(value)
                };
                if value.is_empty() {
                    format!("{}:", fix(key))
                } else {
                    format!("{}: {value}", fix(key))
                }
            }
            None => {
                if is_block_indicator(rest) {
                    block = Some(indent);
                    rest.to_string()
                } else {
                    fix(rest)
                }
            }
        };
        out.push_str(&prefix);
        out.push_str(&fixed);
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

fn is_block_indicator(v: &str) -> bool {
    matches!(v, "|" | "|-" | "|+" | ">" | ">-" | ">+")
        || (v.starts_with('|') || v.starts_with('>'))
            && v[1..]
                .chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == '+')
}

/// `key: value` or `key:` with a plain key → (key, value); quoted keys and flow values are
/// left whole (None), as are plain scalars.
fn split_key(rest: &str) -> Option<(&str, &str)> {
    if rest.starts_with(['\'', '"', '[', '{']) {
        return None;
    }
    if let Some(key) = rest.strip_suffix(':') {
        if !key.contains(": ") {
            return Some((key, ""));
        }
    }
    rest.split_once(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_yaml_1_1_misreads_and_nothing_else() {
        let input = "a: 2024-05-17T00:23:17Z\nb: 20\nc: true\nd: yes\ne:\n- 2025-07-01\n- on\n- text\nf: |-\n  on\n  2024-05-17\ng: 12:30:00\nh: '0777'\ni: 1.5\nj: created_at:desc\nyes: 1\n";
        let want = "a: '2024-05-17T00:23:17Z'\nb: 20\nc: true\nd: 'yes'\ne:\n- '2025-07-01'\n- 'on'\n- text\nf: |-\n  on\n  2024-05-17\ng: '12:30:00'\nh: '0777'\ni: 1.5\nj: created_at:desc\n'yes': 1\n";
        assert_eq!(quote_for_yaml11(input), want);
    }
}
