//! An operation's rustdoc: the page's title (English where the page has it) first, its
//! Korean description kept verbatim, the method and path, the documented error statuses,
//! and a short example call, a `no_run` doc test that must compile.

use openapiv3::Operation;
use proc_macro2::{Ident, TokenStream};

use super::payloads::error_statuses;
use crate::markdown as md;

/// A value of the example call.
#[derive(Debug, Clone)]
pub enum ExampleArg {
    /// Rust text written in the call (`"27bb070b"`, `20`, `true`).
    Literal(String),
    /// A value the example takes as a parameter of its (hidden) function, of the given type:
    /// a body or a typed value the reader builds (`body: scp_x::models::ApiCreateRequest`).
    Given { name: String, ty: String },
}

impl ExampleArg {
    /// The example value of a parameter: a safe sample as a literal, else given.
    pub fn of(name: &str, sample: &serde_json::Value, is_string: bool, ty: String) -> Self {
        // Only plain samples go into the example's code (a sample is spec text); others are
        // the parameter's name.
        let plain = |s: &str| {
            !s.is_empty()
                && s.len() <= 64
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        };
        match (sample, is_string) {
            (serde_json::Value::String(s), true) if plain(s) => {
                ExampleArg::Literal(format!("{s:?}"))
            }
            (_, true) => ExampleArg::Literal(format!("{name:?}")),
            (serde_json::Value::Number(n), false) if ty == "i64" || ty == "i32" => {
                ExampleArg::Literal(if n.is_i64() {
                    n.to_string()
                } else {
                    "1".into()
                })
            }
            (serde_json::Value::Number(n), false) if ty == "f64" => {
                ExampleArg::Literal(format!("{:?}", n.as_f64().unwrap_or(1.0)))
            }
            (serde_json::Value::Bool(b), false) if ty == "bool" => {
                ExampleArg::Literal(b.to_string())
            }
            // The example's function already has a parameter `client`.
            _ => ExampleArg::Given {
                name: if name == "client" {
                    "client_value".into()
                } else {
                    name.to_string()
                },
                ty,
            },
        }
    }

    fn text(&self) -> &str {
        match self {
            ExampleArg::Literal(t) => t,
            ExampleArg::Given { name, .. } => name,
        }
    }
}

/// Type tokens as the example writes them: from outside the crate (`scp_x::models::Api`).
pub fn type_text(tokens: &TokenStream, krate: &Ident) -> String {
    let text = tokens
        .to_string()
        .replace(" :: ", "::")
        .replace(" < ", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",");
    text.replace("crate::", &format!("{krate}::"))
}

/// The example call of one operation.
pub struct Example<'a> {
    pub krate: &'a Ident,
    /// How the example reaches the method: `client` or `client.v1_2()`.
    pub receiver: String,
    pub method: &'a Ident,
    /// The method's arguments, in order.
    pub args: Vec<ExampleArg>,
    /// Required values taken by setter: `(setter, value)`.
    pub setters: Vec<(Ident, ExampleArg)>,
    /// Whether the call answers something (else `send()` gives `()`).
    pub answers: bool,
}

impl Example<'_> {
    /// The example as a Markdown section.
    pub fn markdown(&self) -> String {
        let k = self.krate;
        let mut given = String::new();
        for a in self.args.iter().chain(self.setters.iter().map(|(_, a)| a)) {
            if let ExampleArg::Given { name, ty } = a {
                given.push_str(&format!(", {name}: {ty}"));
            }
        }
        let args: Vec<&str> = self.args.iter().map(ExampleArg::text).collect();
        let setters: String = self
            .setters
            .iter()
            .map(|(s, a)| format!(".{}({})", s, a.text()))
            .collect();
        let method = self.method.to_string();
        let call = format!(
            "{}.{}({}){setters}.send().await?",
            self.receiver,
            method,
            args.join(", ")
        );
        let line = if self.answers {
            format!("let answer = {call};\nprintln!(\"{{answer:?}}\");")
        } else {
            format!("{call};")
        };
        format!(
            "# Example\n\n```no_run\n# async fn example(client: &{k}::Client{given}) -> Result<(), {k}::Error> {{\n{line}\n# Ok(())\n# }}\n```"
        )
    }
}

/// The doc text of an operation (Markdown, input escaped), without its example, and the
/// summary it is titled by.
pub fn op_text(op: &Operation, fn_name: &Ident, method: &str, path: &str) -> (String, String) {
    let summary = op
        .summary
        .clone()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| fn_name.to_string().trim_start_matches("r#").to_string());
    let mut text = md::text(summary.trim());
    if let Some(d) = &op.description {
        let lines = md::prose(d);
        if !lines.is_empty() {
            text.push_str("\n\n");
            text.push_str(&lines.join("\n"));
        }
    }
    text.push_str(&format!(
        "\n\n{}",
        md::code(&format!("{} {path}", method.to_ascii_uppercase()))
    ));
    let errors = error_statuses(op);
    if !errors.is_empty() {
        text.push_str(&format!(
            "\n\nDocumented error answers ([`crate::Error::Status`]): {}.",
            errors.join(", ")
        ));
    }
    (text, summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn samples_reach_the_code_only_when_plain() {
        let lit = |a: ExampleArg| match a {
            ExampleArg::Literal(t) => t,
            ExampleArg::Given { name, .. } => format!("given {name}"),
        };
        assert_eq!(
            lit(ExampleArg::of(
                "api_id",
                &json!("27bb0"),
                true,
                "String".into()
            )),
            "\"27bb0\""
        );
        assert_eq!(
            lit(ExampleArg::of(
                "api_id",
                &json!("a\"); std::process::exit(1); (\""),
                true,
                "String".into()
            )),
            "\"api_id\""
        );
        assert_eq!(
            lit(ExampleArg::of("size", &json!(20), false, "i64".into())),
            "20"
        );
        assert_eq!(
            lit(ExampleArg::of(
                "kind",
                &json!("X"),
                false,
                "scp_x::models::Kind".into()
            )),
            "given kind"
        );
        let client = ExampleArg::of("client", &json!(null), false, "bool".into());
        assert_eq!(lit(client), "given client_value");
    }

    #[test]
    fn types_are_written_from_outside_the_crate() {
        let k = Ident::new("scp_x", proc_macro2::Span::call_site());
        let t = quote::quote! { Vec<crate::models::Api> };
        assert_eq!(type_text(&t, &k), "Vec<scp_x::models::Api>");
    }
}
