//! The runtime every generated SCP client shares: configuration and credentials, request
//! signing, HTTP execution with timeouts and retries, errors, pagination, timestamps.
//!
//! Copied verbatim from scpgen's `templates/runtime/` into each crate, so each crate is
//! self-contained and publishable.

pub mod auth;
pub mod config;
pub mod error;
pub mod http;
pub mod pagination;
pub mod serde_util;
pub mod timestamp;
pub mod validate;
