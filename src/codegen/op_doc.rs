//! An operation's rustdoc: the page's title (English where the page has it) first, its
//! Korean description kept verbatim, the method and path, the documented error statuses,
//! and a short example call, a `no_run` doc test that must compile.

use openapiv3::Operation;
use proc_macro2::Ident;

use super::ir::Ty;

use super::payloads::error_statuses;
use crate::markdown as md;

/// A value of the example call.
#[derive(Debug, Clone)]
pub enum ExampleArg {
    /// Rust text written in the call (`"27bb070b"`, `20`, `true`).
    Literal(String),
    /// A value the example takes as a parameter of its (hidden) function, of the given type:
    /// a body or a typed value the reader builds (`body: scp_x::models::ApiCreateRequest`).
    Given { name: String, ty: Ty },
    /// A model built with its constructor (`scp_x::models::ApiCreateRequest::new("test-api")`).
    Model { name: String, args: Vec<ExampleArg> },
}

/// A model body built with its constructor, for the doc example: each required field's
/// value from the body's sample where it is plain, else a parameter of the example's
/// function; `None` when the body is no model with a constructor whose fields' types are
/// known without new types (the body is then a parameter itself).
pub(super) fn constructed(
    schema: &openapiv3::ReferenceOr<openapiv3::Schema>,
    ty: &Ty,
    sample: &serde_json::Value,
    space: &super::types::TypeSpace,
) -> Option<ExampleArg> {
    use openapiv3::{ReferenceOr, SchemaKind, Type};
    let Ty::Named(rust) = ty else {
        return None;
    };
    let component = match schema {
        ReferenceOr::Reference { reference } => super::types::ref_name(reference)?,
        ReferenceOr::Item(s) => super::types::ref_name(super::types::single_ref_path(s)?)?,
    };
    let SchemaKind::Type(Type::Object(object)) = &space.component(component)?.schema_kind else {
        return None;
    };
    let idents = super::models::field_idents(object);
    let mut args = Vec::new();
    for (field, prop) in &object.properties {
        let prop = super::types::unbox(prop);
        let required = object.required.contains(field)
            && !super::types::nullable(&prop)
            && !space
                .endless
                .contains(&(component.to_string(), field.to_string()));
        if !required {
            continue;
        }
        let field_ty = space.peek(&prop)?;
        let value = sample.get(field).cloned().unwrap_or_default();
        let name = idents.get(field)?.to_string();
        let name = name.trim_start_matches("r#");
        args.push(ExampleArg::of(name, &value, &field_ty));
    }
    Some(ExampleArg::Model {
        name: rust.clone(),
        args,
    })
}

impl ExampleArg {
    /// The example value of a parameter of type `ty`: a safe sample as a literal, else
    /// given.
    pub fn of(name: &str, sample: &serde_json::Value, ty: &Ty) -> Self {
        // Only plain samples go into the example's code (a sample is spec text); others are
        // the parameter's name.
        let plain = |s: &str| {
            !s.is_empty()
                && s.len() <= 64
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        };
        use serde_json::Value as J;
        // A literal out of its type's range would not compile (`overflowing_literals`).
        let int_in =
            |n: &serde_json::Number, lo: i64, hi: i64| n.as_i64().filter(|v| (lo..=hi).contains(v));
        let literal = match (sample, ty) {
            (J::String(s), Ty::String) if plain(s) => Some(format!("{s:?}")),
            (_, Ty::String) => Some(format!("{name:?}")),
            (J::Number(n), Ty::I32) => {
                int_in(n, i32::MIN.into(), i32::MAX.into()).map(|v| v.to_string())
            }
            (J::Number(n), Ty::I64) => int_in(n, i64::MIN, i64::MAX).map(|v| v.to_string()),
            (J::Number(n), Ty::F64) => n
                .as_f64()
                .filter(|f| f.is_finite())
                .map(|f| format!("{f:?}")),
            (J::Bool(b), Ty::Bool) => Some(b.to_string()),
            _ => None,
        };
        match literal {
            Some(text) => ExampleArg::Literal(text),
            None => ExampleArg::Given {
                name: name.to_string(),
                ty: ty.clone(),
            },
        }
    }
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

/// The Rust text of an example value; a value the example takes is named in `scope` and
/// added to `given` as a parameter of the example's function.
fn arg_text(a: &ExampleArg, krate: &str, scope: &mut super::names::Scope, given: &mut String) -> String {
    match a {
        ExampleArg::Literal(t) => t.clone(),
        ExampleArg::Given { name, ty } => {
            let name = scope.claim(name).to_string();
            given.push_str(&format!(", {name}: {}", ty.user_text(krate)));
            name
        }
        ExampleArg::Model { name, args } => {
            let args: Vec<String> = args
                .iter()
                .map(|a| arg_text(a, krate, scope, given))
                .collect();
            format!(
                "{krate}::models::{}::new({})",
                super::names::ident(name),
                args.join(", ")
            )
        }
    }
}

/// The names an example function holds besides its given values.
pub const EXAMPLE_NAMES: &[&str] = &["client", "example", "answer", "shared", "all", "old", "created"];

impl Example<'_> {
    /// The call (`client.show_api("id").send().await?`): its given values are named in
    /// `scope` and added to `given`.
    pub fn call(&self, scope: &mut super::names::Scope, given: &mut String) -> String {
        let krate = self.krate.to_string();
        let args: Vec<String> = self
            .args
            .iter()
            .map(|a| arg_text(a, &krate, scope, given))
            .collect();
        let setters: String = self
            .setters
            .iter()
            .map(|(s, a)| format!(".{}({})", s, arg_text(a, &krate, scope, given)))
            .collect();
        format!(
            "{}.{}({}){setters}.send().await?",
            self.receiver,
            self.method,
            args.join(", ")
        )
    }

    /// The example as a Markdown section.
    pub fn markdown(&self) -> String {
        let k = self.krate;
        // The given values are parameters of the example's function: named in a scope of
        // their own beside `client` (a parameter `type` is `r#type`, two spellings of one
        // name get two names).
        let mut scope = super::names::Scope::snake(EXAMPLE_NAMES);
        let mut given = String::new();
        let call = self.call(&mut scope, &mut given);
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
pub fn op_text(
    op: &Operation,
    fn_name: &Ident,
    method: crate::vocab::Method,
    path: &str,
) -> (String, String) {
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
        md::code(&format!("{} {path}", method.as_upper()))
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
        let lit = |name: &str, sample: serde_json::Value, ty: Ty| match ExampleArg::of(
            name, &sample, &ty,
        ) {
            ExampleArg::Literal(t) => t,
            ExampleArg::Given { name, .. } => format!("given {name}"),
            ExampleArg::Model { name, .. } => format!("model {name}"),
        };
        assert_eq!(lit("api_id", json!("27bb0"), Ty::String), "\"27bb0\"");
        let hostile = json!("a\"); std::process::exit(1); (\"");
        assert_eq!(lit("api_id", hostile, Ty::String), "\"api_id\"");
        assert_eq!(lit("size", json!(20), Ty::I64), "20");
        // Out of range for i32: no literal that would not compile.
        assert_eq!(lit("size", json!(99_999_999_999i64), Ty::I32), "given size");
        assert_eq!(lit("on", json!(true), Ty::Bool), "true");
        assert_eq!(
            lit("kind", json!("X"), Ty::Named("Kind".into())),
            "given kind"
        );
    }

    #[test]
    fn given_values_are_parameters_named_like_rust() {
        let k = Ident::new("scp_x", proc_macro2::Span::call_site());
        let method = Ident::new("show", proc_macro2::Span::call_site());
        let given = |name: &str| ExampleArg::Given {
            name: name.into(),
            ty: Ty::Named("T".into()),
        };
        let example = Example {
            krate: &k,
            receiver: "client".into(),
            method: &method,
            args: vec![given("type"), given("client"), given("self"), given("a-b")],
            setters: vec![(
                Ident::new_raw("fn", proc_macro2::Span::call_site()),
                given("a_b"),
            )],
            answers: false,
        };
        let md = example.markdown();
        assert!(
            md.contains("example(client: &scp_x::Client, r#type: scp_x::models::T, client_2: scp_x::models::T, self_: scp_x::models::T, a_b: scp_x::models::T, a_b_2: scp_x::models::T)"),
            "{md}"
        );
        assert!(
            md.contains("client.show(r#type, client_2, self_, a_b).r#fn(a_b_2).send().await?;"),
            "{md}"
        );
    }

    #[test]
    fn types_are_written_from_outside_the_crate() {
        let t = Ty::List(Box::new(Ty::Named("Api".into())));
        assert_eq!(t.user_text("scp_x"), "Vec<scp_x::models::Api>");
        let m = Ty::Map(Box::new(Ty::Nullable(Box::new(Ty::Timestamp))));
        assert_eq!(
            m.user_text("scp_x"),
            "std::collections::BTreeMap<String, Option<scp_x::Timestamp>>"
        );
    }
}
