//! scpgen: Samsung Cloud Platform API reference pages → OpenAPI specs (and Rust clients).
//!
//! The pipeline, one module per stage:
//! - [`doc`]: read a page (text print view) into blocks with source lines;
//! - [`extract`]: blocks → services, versions, operations, models ([`extract::ApiDoc`]);
//! - [`openapi`]: one OpenAPI 3.0 document per service and API version, YAML or JSON;
//! - [`codegen`]: OpenAPI → Rust client crates;
//! - [`output`]: atomic writing of the generated files.
//!
//! [`pipeline`] chains them; [`diag`] carries the `file:line` findings of every stage.

pub mod check;
pub mod cli;
pub mod codegen;
pub mod diag;
pub mod diff;
pub mod doc;
pub mod extract;
pub mod files;
mod generator;
pub mod lint;
pub mod markdown;
pub mod openapi;
pub mod output;
pub mod pattern;
pub mod pipeline;
pub mod terminal;
pub mod vocab;

pub use generator::{Error, Generated, Generator};
