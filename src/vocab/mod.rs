//! The ground floor: the facts every stage speaks of, each with one parser and one
//! meaning, depending on no stage. A page's reader, the extractor, the spec builder, the
//! code generator and the changelog all take these types instead of passing the facts on as
//! text and parsing them again:
//!
//! - [`slug`] and [`version`]: service slugs and API versions, which become paths;
//! - [`status`], [`method`], [`location`], [`path`]: a version's status, an operation's
//!   method, a parameter's location, a path template;
//! - [`date`], [`region`]: a version table's dates, the environments and regions a
//!   service runs in;
//! - [`names`]: header names, names with control characters, how findings quote input;
//! - [`type_expr`]: the docs' type grammar (`any of [array[T], null]`);
//! - [`ext`]: the `x-scp-*` keys of scpgen's specs and SCP's own, and the headers every SCP
//!   call carries.

pub mod date;
pub mod ext;
pub mod location;
pub mod method;
pub mod names;
pub mod path;
pub mod region;
pub mod slug;
pub mod status;
pub mod type_expr;
pub mod version;

pub use location::ParamIn;
pub use method::Method;
pub use path::PathTemplate;
pub use slug::Slug;
pub use status::Status;
pub use version::ApiVersion;
