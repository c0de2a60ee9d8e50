//! A crate's models as codegen reads them: component name → schema, the schemas where the
//! specs hold them. A large spec's models are megabytes (an `openapiv3` schema takes about a
//! kilobyte per property); they are not copied to be generated from.

use indexmap::IndexMap;
use openapiv3::Schema;

/// Component name → schema, borrowed from the specs.
pub type Models<'a> = IndexMap<String, &'a Schema>;

/// Models of schemas held in a map of their own (the tests' specs).
#[cfg(test)]
pub fn models(schemas: &IndexMap<String, Schema>) -> Models<'_> {
    schemas.iter().map(|(k, v)| (k.clone(), v)).collect()
}
