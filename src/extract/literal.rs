//! Example and default values as the docs write them: JSON, or Python literals
//! (`['dev,stg']`, `True`, `{'test1' : True}`, `None`), turned into JSON values.

use serde_json::{Map, Number, Value};

/// Parses a JSON or Python-style literal. `None` when the text is not one.
pub fn parse(text: &str) -> Option<Value> {
    let mut p = Lit {
        s: text.trim().as_bytes(),
        pos: 0,
        depth: 0,
    };
    let v = p.value()?;
    p.ws();
    (p.pos == p.s.len()).then_some(v)
}

/// How deep lists and dicts may nest: serde_json's limit for the JSON examples. The parser
/// recurses per level, so a cell of `[[[[...` thousands deep would overflow the stack; a
/// deeper literal is no literal (the caller reports it as unreadable).
pub const MAX_LITERAL_DEPTH: usize = 128;

struct Lit<'a> {
    s: &'a [u8],
    pos: usize,
    depth: usize,
}

impl Lit<'_> {
    fn ws(&mut self) {
        while self.pos < self.s.len() && self.s[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.s.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Option<Value> {
        match self.peek()? {
            b'{' | b'[' | b'(' => {
                if self.depth >= MAX_LITERAL_DEPTH {
                    return None;
                }
                self.depth += 1;
                let v = if self.s[self.pos] == b'{' {
                    self.dict()
                } else {
                    self.list()
                };
                self.depth -= 1;
                v
            }
            b'\'' | b'"' => self.string().map(Value::String),
            b'-' | b'+' | b'0'..=b'9' | b'.' => self.number(),
            _ => self.word(),
        }
    }

    fn dict(&mut self) -> Option<Value> {
        self.pos += 1;
        let mut map = Map::new();
        if self.eat(b'}') {
            return Some(Value::Object(map));
        }
        loop {
            let key = match self.value()? {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return None,
            };
            if !self.eat(b':') {
                return None;
            }
            let v = self.value()?;
            map.insert(key, v);
            if self.eat(b'}') {
                return Some(Value::Object(map));
            }
            if !self.eat(b',') {
                return None;
            }
            if self.eat(b'}') {
                return Some(Value::Object(map));
            }
        }
    }

    fn list(&mut self) -> Option<Value> {
        let close = if self.s[self.pos] == b'[' { b']' } else { b')' };
        self.pos += 1;
        let mut items = Vec::new();
        if self.eat(close) {
            return Some(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            if self.eat(close) {
                return Some(Value::Array(items));
            }
            if !self.eat(b',') {
                return None;
            }
            if self.eat(close) {
                return Some(Value::Array(items));
            }
        }
    }

    fn string(&mut self) -> Option<String> {
        let quote = self.s[self.pos];
        self.pos += 1;
        let mut out = Vec::new();
        while self.pos < self.s.len() {
            let b = self.s[self.pos];
            self.pos += 1;
            if b == quote {
                return String::from_utf8(out).ok();
            }
            if b == b'\\' && self.pos < self.s.len() {
                let e = self.s[self.pos];
                self.pos += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b't' => out.push(b'\t'),
                    b'r' => out.push(b'\r'),
                    b'\\' | b'\'' | b'"' | b'/' => out.push(e),
                    // Regex escapes and the like stay as written.
                    other => {
                        out.push(b'\\');
                        out.push(other);
                    }
                }
            } else {
                out.push(b);
            }
        }
        None
    }

    fn number(&mut self) -> Option<Value> {
        let start = self.pos;
        while self.pos < self.s.len()
            && matches!(
                self.s[self.pos],
                b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'
            )
        {
            self.pos += 1;
        }
        let text = std::str::from_utf8(&self.s[start..self.pos]).ok()?;
        number(text)
    }

    fn word(&mut self) -> Option<Value> {
        let start = self.pos;
        while self.pos < self.s.len() && self.s[self.pos].is_ascii_alphabetic() {
            self.pos += 1;
        }
        match &self.s[start..self.pos] {
            b"True" | b"true" => Some(Value::Bool(true)),
            b"False" | b"false" => Some(Value::Bool(false)),
            b"None" | b"null" => Some(Value::Null),
            _ => None,
        }
    }
}

/// A decimal number as JSON: integers stay integers.
pub fn number(text: &str) -> Option<Value> {
    let text = text.trim().trim_start_matches('+');
    if let Ok(i) = text.parse::<i64>() {
        return Some(Value::Number(i.into()));
    }
    if let Ok(u) = text.parse::<u64>() {
        return Some(Value::Number(u.into()));
    }
    let f: f64 = text.parse().ok()?;
    Number::from_f64(f).map(Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn python_literals() {
        assert_eq!(parse("['dev,stg']"), Some(json!(["dev,stg"])));
        assert_eq!(parse("{'test1' : True}"), Some(json!({"test1": true})));
        assert_eq!(
            parse("{'param1': 'value1', 'param2': 'value2'}"),
            Some(json!({"param1": "value1", "param2": "value2"}))
        );
        assert_eq!(parse("None"), Some(Value::Null));
        assert_eq!(parse("[1, 2.5, -3,]"), Some(json!([1, 2.5, -3])));
        assert_eq!(
            parse(r#"{"a": [null, false]}"#),
            Some(json!({"a": [null, false]}))
        );
        assert_eq!(parse("[]"), Some(json!([])));
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(&deep(MAX_LITERAL_DEPTH)).is_some());
        assert_eq!(parse(&deep(MAX_LITERAL_DEPTH + 1)), None);
        assert_eq!(parse(&deep(100_000)), None);
        assert_eq!(parse(&"{'a': ".repeat(50_000)), None);
    }

    #[test]
    fn not_literals() {
        for s in ["{users}", "test-api", "['a'", "1.2.3", "True False", ""] {
            assert_eq!(parse(s), None, "{s}");
        }
    }
}
