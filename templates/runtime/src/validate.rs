//! Client-side checks of documented constraints, run before anything is sent.

use std::collections::BTreeMap;

use super::error::Error;

/// A value that can check itself against the documented constraints.
pub trait Validate {
    /// Checks the value; `at` names it in the error (`body.tags[0]`).
    fn validate(&self, at: &str) -> Result<(), Error>;
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, at: &str) -> Result<(), Error> {
        self.iter()
            .enumerate()
            .try_for_each(|(i, v)| v.validate(&format!("{at}[{i}]")))
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, at: &str) -> Result<(), Error> {
        self.as_ref().map_or(Ok(()), |v| v.validate(at))
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(&self, at: &str) -> Result<(), Error> {
        (**self).validate(at)
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate(&self, at: &str) -> Result<(), Error> {
        self.iter()
            .try_for_each(|(k, v)| v.validate(&format!("{at}.{k}")))
    }
}

/// Values that carry no constraint of their own: free-form JSON (a schema the generator could
/// not type), and the scalars a model can be an alias of (`pub type Name = String;`), whose
/// documented constraints the field that holds them checks.
macro_rules! unconstrained {
    ($($t:ty),*) => {
        $(impl Validate for $t {
            fn validate(&self, _at: &str) -> Result<(), Error> {
                Ok(())
            }
        })*
    };
}

unconstrained!(serde_json::Value, serde_json::Map<String, serde_json::Value>, String, bool, i32, i64, f64, (), super::timestamp::Timestamp, super::binary::Binary);

/// A validation error for the value at `at`.
pub fn invalid(at: &str, message: impl Into<String>) -> Error {
    Error::Validation {
        field: at.to_string(),
        message: message.into(),
    }
}

/// Length bounds, in characters.
pub fn length(at: &str, value: &str, min: Option<usize>, max: Option<usize>) -> Result<(), Error> {
    let n = value.chars().count();
    if let Some(min) = min.filter(|m| n < *m) {
        return Err(invalid(
            at,
            format!("{n} characters, fewer than the minimum {min}"),
        ));
    }
    if let Some(max) = max.filter(|m| n > *m) {
        return Err(invalid(
            at,
            format!("{n} characters, more than the maximum {max}"),
        ));
    }
    Ok(())
}

/// Numeric bounds.
pub fn range<T: PartialOrd + std::fmt::Display + Copy>(
    at: &str,
    value: T,
    min: Option<T>,
    max: Option<T>,
) -> Result<(), Error> {
    if let Some(min) = min.filter(|m| value < *m) {
        return Err(invalid(at, format!("{value} is below the minimum {min}")));
    }
    if let Some(max) = max.filter(|m| value > *m) {
        return Err(invalid(at, format!("{value} is above the maximum {max}")));
    }
    Ok(())
}

/// A documented pattern, compiled the first time a value is checked against it. The service
/// crates hold one per distinct pattern as a `static`, so they need no regex dependency of
/// their own:
///
/// ```
/// use scp_runtime::validate::Pattern;
///
/// static NAME: Pattern = Pattern::new("^[a-z][a-z0-9-]{2,62}$");
/// assert!(NAME.check("body.name", "my-gateway").is_ok());
/// let error = NAME.check("body.name", "My Gateway").unwrap_err();
/// assert!(error.to_string().contains("body.name"));
/// ```
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: std::sync::OnceLock<Option<regex_lite::Regex>>,
}

impl Pattern {
    /// A pattern in the syntax `regex_lite` reads (scpgen writes each documented pattern so,
    /// and only those it could compile).
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: std::sync::OnceLock::new(),
        }
    }

    /// The pattern's text.
    pub fn as_str(&self) -> &'static str {
        self.source
    }

    /// Checks `value` (named `at` in the error). A pattern that does not compile checks
    /// nothing: the server still does.
    pub fn check(&self, at: &str, value: &str) -> Result<(), Error> {
        match self
            .compiled
            .get_or_init(|| regex_lite::Regex::new(self.source).ok())
        {
            Some(re) => pattern(at, value, re),
            None => Ok(()),
        }
    }
}

/// A documented pattern.
pub fn pattern(at: &str, value: &str, re: &regex_lite::Regex) -> Result<(), Error> {
    if re.is_match(value) {
        Ok(())
    } else {
        Err(invalid(
            at,
            format!("{value:?} does not match the pattern {}", re.as_str()),
        ))
    }
}

/// A required parameter that a builder takes by setter (an operation whose required values
/// share a type takes them by name, so that two cannot be swapped) must have been set.
pub fn required(at: &str, setter: &str, set: bool) -> Result<(), Error> {
    if set {
        Ok(())
    } else {
        Err(invalid(
            at,
            format!("required; set it with `.{setter}(...)`"),
        ))
    }
}
