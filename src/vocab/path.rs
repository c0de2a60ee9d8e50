//! Path templates (`/v1/apis/{api_id}/stages/{stage_name}`): one parser for the extractor
//! (which reports a bad one at its line), the spec audit and codegen (which builds the URL
//! from its pieces). A template starts with `/`, and its braces pair up around parameter
//! names of letters, digits, `_`, `-` and `.`.

use super::names::shown;

/// A piece of a template: text as it is, or a parameter's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Literal(&'a str),
    Variable(&'a str),
}

/// A checked path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate<'a> {
    pub pieces: Vec<Piece<'a>>,
}

impl<'a> PathTemplate<'a> {
    /// The template, or everything that is wrong with it (each problem once).
    pub fn parse(path: &'a str) -> Result<PathTemplate<'a>, Vec<String>> {
        let mut problems = Vec::new();
        let mut pieces = Vec::new();
        let mut open: Option<usize> = None;
        let mut literal_from = 0;
        for (i, c) in path.char_indices() {
            match (c, open) {
                ('{', None) => {
                    if i > literal_from {
                        pieces.push(Piece::Literal(&path[literal_from..i]));
                    }
                    open = Some(i);
                }
                ('{', Some(_)) => problems.push(format!("`{{` inside `{{...}}` at byte {i}")),
                ('}', None) => problems.push(format!("`}}` without its `{{` at byte {i}")),
                ('}', Some(start)) => {
                    let name = &path[start + 1..i];
                    if name.is_empty() {
                        problems.push(format!("an empty `{{}}` at byte {start}"));
                    } else if !is_template_name(name) {
                        problems.push(format!(
                            "{} is not a parameter name (letters, digits, `_`, `-`, `.`)",
                            shown(&format!("{{{name}}}"))
                        ));
                    }
                    pieces.push(Piece::Variable(name));
                    open = None;
                    literal_from = i + 1;
                }
                _ => {}
            }
        }
        if let Some(start) = open {
            problems.push(format!("`{{` at byte {start} is never closed"));
        } else if literal_from < path.len() {
            pieces.push(Piece::Literal(&path[literal_from..]));
        }
        if !path.starts_with('/') {
            problems.push("it does not start with `/`".to_string());
        }
        problems.dedup();
        if problems.is_empty() {
            Ok(PathTemplate { pieces })
        } else {
            Err(problems)
        }
    }

    /// The parameter names, in the order the path names them (a name twice is there twice).
    pub fn variables(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Variable(v) => Some(*v),
            Piece::Literal(_) => None,
        })
    }
}

/// The parameter names of a path as written, whether or not it is a valid template (for
/// matching a page's parameters against its path, once its problems are reported).
pub fn variables_of(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push(rest[start + 1..start + len].to_string());
        rest = &rest[start + len + 1..];
    }
    out
}

/// A path template parameter name: what OpenAPI tools and the generated code can use.
pub fn is_template_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        let t = PathTemplate::parse("/v1/apis/{api_id}/stages/{stage-name}").unwrap();
        assert_eq!(
            t.pieces,
            [
                Piece::Literal("/v1/apis/"),
                Piece::Variable("api_id"),
                Piece::Literal("/stages/"),
                Piece::Variable("stage-name")
            ]
        );
        assert_eq!(t.variables().collect::<Vec<_>>(), ["api_id", "stage-name"]);
        assert_eq!(
            PathTemplate::parse("/").unwrap().pieces,
            [Piece::Literal("/")]
        );
        let problems = |p: &str| PathTemplate::parse(p).unwrap_err();
        assert_eq!(problems("/v1/{id}/x}").len(), 1);
        assert!(problems("/v1/{}")[0].contains("empty"));
        assert!(problems("/v1/{id:?}")[0].contains("not a parameter name"));
        assert!(problems("/v1/{id")[0].contains("never closed"));
        assert!(problems("/v1/{a{b}}").len() >= 2);
        assert!(problems("v1/x")[0].contains("does not start with `/`"));
        assert!(problems("}").len() == 2);
        assert_eq!(variables_of("/a/{x}/{y"), ["x"]);
    }
}
