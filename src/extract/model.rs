//! One `N.2.k - <Model>` section → [`Model`]: its field table.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use super::api::Model;
use super::{field, labels, row};
use crate::diag::{Diagnostics, Location, Rule};
use crate::doc::{Block, BlockKind};

/// A model name as the type grammar knows them.
pub fn is_model_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub fn read(
    name: &str,
    line: usize,
    body: &[&Block],
    file: &Arc<Path>,
    is_model: &dyn Fn(&str) -> bool,
    diags: &mut Diagnostics,
) -> Model {
    let at = Location::new(file, line);
    let mut model = Model {
        name: name.to_string(),
        at: at.clone(),
        fields: Vec::new(),
        undefined: false,
    };
    let mut tables = 0;
    // Field names seen: a set, so that a table of 100k rows is read in linear time.
    let mut seen: HashSet<String> = HashSet::new();
    for block in body {
        match &block.kind {
            BlockKind::Table(table) if labels::is_model_table(table) => {
                tables += 1;
                // A field row never starts with a type: nothing but the type test decides.
                for r in &row::join_wrapped(&table.rows, 1, &|_| false, is_model) {
                    let row_at = Location::new(file, r.line);
                    let Some(split) = row::split_row(r, table.header.len(), 1, true, is_model)
                    else {
                        diags.warn(
                            row_at,
                            Rule::ShortRow,
                            format!("{name}: a row without cells: `{}`", r.raw),
                        );
                        continue;
                    };
                    let Some(f) = field::build(&split.lead[0], &split, row_at.clone(), diags)
                    else {
                        continue;
                    };
                    if !seen.insert(f.name.clone()) {
                        diags.warn(
                            row_at,
                            Rule::DuplicateField,
                            format!(
                                "{name}: field `{}` is listed twice; the first row is kept",
                                f.name
                            ),
                        );
                        continue;
                    }
                    model.fields.push(f);
                }
            }
            // A model without fields says so in prose on some pages.
            BlockKind::Text(t) if t == "None" => {}
            _ => labels::unexpected(block, file, &format!("model {name}"), diags),
        }
    }
    if tables == 0 {
        diags.warn(
            at,
            Rule::EmptyModel,
            format!("model {name} has no field table; it is kept as an object without fields"),
        );
    }
    model
}
