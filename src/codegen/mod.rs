//! Stage 4, codegen: OpenAPI documents → Rust client crates (`quote!` → `syn::File` →
//! `prettyplease`). It takes specs, not doc blocks, so it can run from exported spec files.
//!
//! Not built yet: the client crates are the next issue. This module exists so the
//! pipeline's shape is visible in `src/`.
