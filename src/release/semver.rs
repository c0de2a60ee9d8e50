//! Crate versions and the rule that moves them (README, "Versions and changelogs"): a
//! breaking change bumps the minor while the major is 0 and the major from 1.0 on; an
//! additive change bumps the patch in 0.x and the minor from 1.0; anything else (the docs'
//! text, a regeneration) bumps the patch.

use std::fmt;

/// What a release of a crate is, after what changed in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// No API change: the docs' text, or code regenerated without a change of its API.
    Patch,
    /// Only additions a user's code keeps compiling with.
    Additive,
    /// A change a user's code may have to follow.
    Breaking,
}

impl Bump {
    pub fn label(self) -> &'static str {
        match self {
            Bump::Patch => "no API change",
            Bump::Additive => "additive",
            Bump::Breaking => "breaking",
        }
    }
}

/// `major.minor.patch` (pre-release and build parts are not used by scpgen's crates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl Version {
    pub const FIRST: Version = Version {
        major: 0,
        minor: 1,
        patch: 0,
    };

    pub fn parse(text: &str) -> Option<Version> {
        let mut parts = text.trim().split('.');
        let mut next = || -> Option<u64> {
            let p = parts.next()?;
            (!p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        let v = Version {
            major: next()?,
            minor: next()?,
            patch: next()?,
        };
        parts.next().is_none().then_some(v)
    }

    /// The version after a release of kind `bump`.
    pub fn next(self, bump: Bump) -> Version {
        let Version {
            major,
            minor,
            patch,
        } = self;
        match (major, bump) {
            (0, Bump::Breaking) => Version {
                major,
                minor: minor + 1,
                patch: 0,
            },
            (0, _) | (_, Bump::Patch) => Version {
                major,
                minor,
                patch: patch + 1,
            },
            (_, Bump::Additive) => Version {
                major,
                minor: minor + 1,
                patch: 0,
            },
            (_, Bump::Breaking) => Version {
                major: major + 1,
                minor: 0,
                patch: 0,
            },
        }
    }

    /// `true` when a `^self` requirement accepts `other` (cargo's default requirement): the
    /// same major from 1.0 on, the same minor in 0.x.
    pub fn compatible(self, other: Version) -> bool {
        match self.major {
            0 => other.major == 0 && other.minor == self.minor,
            m => other.major == m,
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn the_rule() {
        assert_eq!(v("0.1.0").next(Bump::Breaking), v("0.2.0"));
        assert_eq!(v("0.2.3").next(Bump::Additive), v("0.2.4"));
        assert_eq!(v("0.2.3").next(Bump::Patch), v("0.2.4"));
        assert_eq!(v("1.2.3").next(Bump::Breaking), v("2.0.0"));
        assert_eq!(v("1.2.3").next(Bump::Additive), v("1.3.0"));
        assert_eq!(v("1.2.3").next(Bump::Patch), v("1.2.4"));
        assert!(v("0.1.0").compatible(v("0.1.5")) && !v("0.1.0").compatible(v("0.2.0")));
        assert!(v("1.0.0").compatible(v("1.4.0")) && !v("1.0.0").compatible(v("2.0.0")));
        for bad in ["1.2", "1.2.3.4", "1.2.x", "1.2.3-rc1", "", "01234567890.0.0"] {
            assert_eq!(Version::parse(bad), None, "{bad}");
        }
    }
}
