//! Crates that compile and pass clippy whatever the names: keywords as parameters of the
//! doc examples, recursion through `allOf`, and names that rustc's naming lints reject
//! (`self__2`, `Self_2`, `_hing` from a non-ASCII first letter). scripts/test builds the
//! crate of tests/fixtures/hostile/names.yaml with `clippy -D warnings` and runs its doc
//! tests; here every identifier of generated crates is checked against the lints' rules.

use std::path::Path;
use std::sync::Arc;

use scpgen::codegen::SpecInput;
use scpgen::diag::Diagnostics;
use syn::visit::Visit;

use super::common::*;
use super::support::codegen;

use scpgen::codegen::names::{
    passes_camel_case_lint as is_camel_case, passes_snake_case_lint as is_snake_case,
};

/// rustc's `non_upper_case_globals` test.
fn is_upper_case(name: &str) -> bool {
    !name.chars().any(char::is_lowercase)
}

/// Every identifier the naming lints look at, with what it names.
#[derive(Default)]
struct Names {
    bad: Vec<String>,
    seen: usize,
}

impl Names {
    fn check(&mut self, what: &str, ident: &syn::Ident, ok: fn(&str) -> bool) {
        self.seen += 1;
        let text = ident.to_string();
        if !ok(&text) {
            self.bad.push(format!("{what} {text}"));
        }
    }
}

impl<'ast> Visit<'ast> for Names {
    fn visit_item_fn(&mut self, i: &'ast syn::ItemFn) {
        self.check("fn", &i.sig.ident, is_snake_case);
        syn::visit::visit_item_fn(self, i);
    }
    fn visit_impl_item_fn(&mut self, i: &'ast syn::ImplItemFn) {
        self.check("method", &i.sig.ident, is_snake_case);
        syn::visit::visit_impl_item_fn(self, i);
    }
    fn visit_pat_ident(&mut self, i: &'ast syn::PatIdent) {
        // `None` in a pattern parses as a binding: upper-case ones are paths.
        if !i.ident.to_string().starts_with(char::is_uppercase) {
            self.check("binding", &i.ident, is_snake_case);
        }
        syn::visit::visit_pat_ident(self, i);
    }
    fn visit_item_struct(&mut self, i: &'ast syn::ItemStruct) {
        self.check("struct", &i.ident, is_camel_case);
        syn::visit::visit_item_struct(self, i);
    }
    fn visit_field(&mut self, i: &'ast syn::Field) {
        if let Some(ident) = &i.ident {
            self.check("field", ident, is_snake_case);
        }
        syn::visit::visit_field(self, i);
    }
    fn visit_item_enum(&mut self, i: &'ast syn::ItemEnum) {
        self.check("enum", &i.ident, is_camel_case);
        syn::visit::visit_item_enum(self, i);
    }
    fn visit_variant(&mut self, i: &'ast syn::Variant) {
        self.check("variant", &i.ident, is_camel_case);
        syn::visit::visit_variant(self, i);
    }
    fn visit_item_type(&mut self, i: &'ast syn::ItemType) {
        self.check("type", &i.ident, is_camel_case);
        syn::visit::visit_item_type(self, i);
    }
    fn visit_item_static(&mut self, i: &'ast syn::ItemStatic) {
        self.check("static", &i.ident, is_upper_case);
        syn::visit::visit_item_static(self, i);
    }
    fn visit_item_const(&mut self, i: &'ast syn::ItemConst) {
        self.check("const", &i.ident, is_upper_case);
        syn::visit::visit_item_const(self, i);
    }
    fn visit_item_mod(&mut self, i: &'ast syn::ItemMod) {
        self.check("mod", &i.ident, is_snake_case);
        syn::visit::visit_item_mod(self, i);
    }
}

/// The naming-lint violations of the generated crates' Rust files, and how many names.
pub(super) fn lint_names(files: &[scpgen::output::OutputFile]) -> (Vec<String>, usize) {
    let mut names = Names::default();
    for f in files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
    {
        let file =
            syn::parse_file(&f.contents).unwrap_or_else(|e| panic!("{}: {e}", f.path.display()));
        let before = names.bad.len();
        names.visit_file(&file);
        for b in &mut names.bad[before..] {
            *b = format!("{}: {b}", f.path.display());
        }
    }
    (names.bad, names.seen)
}

#[test]
fn the_hostile_names_give_lint_clean_names() {
    let files = codegen(&fixture("hostile/names.yaml")).0;
    let (bad, seen) = lint_names(&files);
    assert!(bad.is_empty(), "{bad:#?}");
    assert!(seen > 500, "{seen}");
    let v1 = file(&files, "scp-hostile-names/src/v1_0.rs");
    // Keyword parameters are the example function's raw identifiers.
    assert!(
        v1.contains("async fn example(client: &scp_hostile_names::Client, r#type: scp_hostile_names::models::KeywordsType, r#fn: Vec<i64>, r#match: scp_hostile_names::models::Self_, r#async: scp_hostile_names::models::KeywordsAsync, r#loop: Vec<String>)"),
        "{v1}"
    );
    // `Node` holds itself through its merged `allOf`: boxed.
    let models = file(&files, "scp-hostile-names/src/models.rs");
    assert!(models.contains("pub next: Option<Box<Node>>"), "{models}");
}

// The class: models, properties, parameters and operations named from pieces that break
// naive namers (keywords, underscores, digits, non-ASCII letters, case twins); every name in
// the crate passes the lints.
#[test]
fn any_names_give_lint_clean_crates() {
    const PIECES: &[&str] = &[
        "self", "Self", "_", "__", "2", "a", "B", "Т", "한", "-", "type", "crate", "x1", "_2", "é",
        "super", "V", "n", "fn", "match", "with", "segment", "new",
    ];
    let mut rng = Rng(0x5eed_1234);
    for round in 0..4 {
        let name = |rng: &mut Rng| -> String {
            let n: String = (0..1 + rng.below(4))
                .map(|_| PIECES[rng.below(PIECES.len())])
                .collect();
            // Quoted for YAML (escape_debug is a valid double-quoted YAML string here).
            format!("\"{}\"", n.escape_debug())
        };
        let mut spec = String::from("openapi: 3.0.3\ninfo: {title: N, version: '1.0', x-scp-service: names}\nservers: [{url: 'https://names.s.samsungsdscloud.com'}]\npaths:\n");
        let mut models = Vec::new();
        for m in 0..8 {
            let model = name(&mut rng);
            if models.contains(&model) {
                continue;
            }
            let mut props = String::new();
            for _ in 0..6 {
                let ty = ["string", "integer", "boolean"][rng.below(3)];
                props.push_str(&format!("        {}: {{type: {ty}}}\n", name(&mut rng)));
            }
            spec.push_str(&format!(
                "  /v1/m{m}/{{{p}}}:\n    get:\n      operationId: {op}\n      parameters:\n        - {{name: {p}, in: path, required: true, schema: {{type: string}}}}\n        - {{name: {q}, in: query, schema: {{type: array, items: {{type: string}}}}}}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/{r}'}}}}}}}}\n",
                p = format!("p{m}"),
                op = name(&mut rng),
                q = name(&mut rng),
                r = model.trim_matches('"').replace('\\', "")
            ));
            models.push(format!(
                "    {model}:\n      type: object\n      properties:\n{props}"
            ));
        }
        spec.push_str("components:\n  schemas:\n");
        for m in &models {
            spec.push_str(m);
        }
        let Ok(document) = serde_norway::from_str::<openapiv3::OpenAPI>(&spec) else {
            panic!("round {round}: not a spec:\n{spec}");
        };
        let mut diags = Diagnostics::new();
        let input = SpecInput {
            origin: Arc::from(Path::new("names.yaml")),
            document: &document,
        };
        let files = scpgen::codegen::generate(&[input], &mut diags).expect("codegen");
        let (bad, _) = lint_names(&files);
        assert!(bad.is_empty(), "round {round}: {bad:#?}\n{spec}");
    }
}
