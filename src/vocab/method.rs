//! HTTP methods of operations: the eight OpenAPI has a slot for.

use std::fmt;

/// An operation's method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// A method in any case (`get`, `GET`).
    pub fn parse(text: &str) -> Option<Method> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_upper().eq_ignore_ascii_case(text))
    }

    /// `GET`: as sent, and as findings and changelogs show it.
    pub fn as_upper(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// `get`: the key of a path item in OpenAPI.
    #[cfg(test)]
    pub fn as_lower(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// The operation slot of an OpenAPI path item.
    pub fn slot(self, item: &mut openapiv3::PathItem) -> &mut Option<openapiv3::Operation> {
        match self {
            Method::Get => &mut item.get,
            Method::Put => &mut item.put,
            Method::Post => &mut item.post,
            Method::Delete => &mut item.delete,
            Method::Options => &mut item.options,
            Method::Head => &mut item.head,
            Method::Patch => &mut item.patch,
            Method::Trace => &mut item.trace,
        }
    }

}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_upper())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods() {
        assert_eq!(Method::parse("get"), Some(Method::Get));
        assert_eq!(Method::parse("PATCH"), Some(Method::Patch));
        assert_eq!(Method::parse("FETCH"), None);
        let mut item = openapiv3::PathItem::default();
        for m in Method::ALL {
            *m.slot(&mut item) = Some(Default::default());
        }
        assert_eq!(item.iter().count(), 8);
        let order: Vec<&str> = item.iter().map(|(m, _)| m).collect();
        let ours: Vec<&str> = Method::ALL.iter().map(|m| m.as_lower()).collect();
        assert_eq!(order, ours);
    }
}
