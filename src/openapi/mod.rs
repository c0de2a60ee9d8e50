//! Stage 3, OpenAPI: [`ApiDoc`](crate::extract::ApiDoc) → one OpenAPI 3.0 document per service
//! and API version, and its serialisation as YAML or JSON.

pub mod audit;
pub mod build;
pub mod implied;
pub mod input;
pub mod lower;
pub mod refs;
pub mod render;
pub mod schema;
pub mod tree;
pub mod walk;
pub mod yaml11;

pub use build::{build, Spec};
pub use render::{render, Format};
