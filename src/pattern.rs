//! Documented patterns (`Pattern :` cells, a schema's `pattern`): whether one can be used,
//! and matching text against it. The generator compiles a pattern to check the docs'
//! examples against it, and decides from it whether a client checks values client-side;
//! the clients compile it again, with the same crate: regex-lite (its default size limit),
//! one crate quick to build where the regex crate is four. regex-lite's `\d`, `\w` and `\s`
//! are ASCII, as in the Java and ECMAScript regexes servers check patterns with; a pattern
//! it cannot read (a Unicode class such as `\p{Hangul}`) is given to it written out by
//! regex-syntax, its classes as their ranges ([`client_form`]).
//!
//! A pattern is input, and compiling one costs time and memory far beyond its length
//! (`\w{300}\w{300}` is 14 bytes and a 40 MB automaton; the regex crate spends 0.5 s to
//! refuse it). So, per pattern: its length is bounded, it is parsed by regex-syntax with a
//! nesting limit, the size of its automaton is estimated from the parse (the repetitions
//! multiplied out, Unicode classes by their UTF-8 sequences), and it is compiled only under
//! the estimate's limit, with regex-lite's own size limit as the last guard; each
//! distinct pattern is compiled at most once. Per run (thread), the estimates of all
//! compiled patterns share one budget, so a page of many distinct large patterns stays
//! linear too. A pattern that fails any of these is [`Problem`], which callers report.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use regex_lite::Regex;
use regex_syntax::hir::{Class, Hir, HirKind};

/// The longest pattern text read (the longest seen in SCP's docs and specs is 130 bytes).
pub const MAX_LEN: usize = 4096;

/// How deep groups, classes and repetitions may nest.
const NEST_LIMIT: u32 = 64;

/// The largest automaton estimate compiled. About 25 bytes of the regex crate's
/// [`SIZE_LIMIT`] per unit: `\w{50}` is 170k units and compiles within 4 MiB, SCP's largest
/// patterns are under 300.
pub const MAX_ESTIMATE: u64 = 200_000;

/// regex-lite's size limit when the generator compiles a pattern: within the clients' (the
/// crate's default, 10 MiB), so a pattern the generator accepts compiles there too.
pub const SIZE_LIMIT: usize = 4 << 20;

/// The estimates of all patterns one thread compiles: about 0.7 s of compiling (release)
/// and 100 MB of automata held, measured with 2,000 distinct patterns of 150k states each.
const RUN_BUDGET: u64 = 4_000_000;

/// Why a pattern cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not a pattern regex-syntax and regex-lite read (the one line saying what is wrong).
    Syntax(String),
    /// Longer than [`MAX_LEN`] bytes.
    TooLong(usize),
    /// Its automaton is larger than the limit (its estimate, in units).
    TooLarge(u64),
    /// The run's patterns together are larger than the budget.
    Budget,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Syntax(why) => write!(f, "the pattern does not compile ({why})"),
            Problem::TooLong(n) => write!(f, "the pattern is {n} bytes long (at most {MAX_LEN})"),
            Problem::TooLarge(units) => write!(
                f,
                "the pattern's automaton is too large to compile (about {units} states; at most {MAX_ESTIMATE})"
            ),
            Problem::Budget => write!(
                f,
                "the patterns of this run together are too large to compile (over {RUN_BUDGET} states)"
            ),
        }
    }
}

impl Problem {
    /// The rule id of its finding: a syntax error makes the pattern wrong, the others only
    /// too costly to check here.
    pub fn rule(&self) -> crate::diag::Rule {
        match self {
            Problem::Syntax(_) => crate::diag::Rule::BadPattern,
            _ => crate::diag::Rule::PatternTooLarge,
        }
    }
}

/// A pattern as the clients compile it.
struct Compiled {
    /// The text given to regex-lite: the pattern, or its parse written out.
    client: String,
    regex: Regex,
}

struct Cache {
    compiled: HashMap<String, Result<Compiled, Problem>>,
    /// The estimates of the patterns compiled so far, and what they may add up to.
    spent: u64,
    budget: u64,
    /// Patterns handed to regex-lite (the tests count them).
    compiles: usize,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache {
        compiled: HashMap::new(),
        spent: 0,
        budget: RUN_BUDGET,
        compiles: 0,
    });
}

/// Whether `pattern` can be used: parsed, within the limits, compiled (once per thread).
pub fn check(pattern: &str) -> Result<(), Problem> {
    with_compiled(pattern, |re| re.as_ref().map(|_| ()).map_err(Clone::clone))
}

/// The text a client gives regex-lite for `pattern` (the pattern itself, unless regex-lite
/// cannot read it); the problem when the pattern cannot be used.
pub fn client_form(pattern: &str) -> Result<String, Problem> {
    with_compiled(pattern, |re| match re {
        Ok(c) => Ok(c.client.clone()),
        Err(p) => Err(p.clone()),
    })
}

/// Whether `text` matches `pattern`, as a client matches it; the problem when the pattern
/// cannot be used.
pub fn is_match(pattern: &str, text: &str) -> Result<bool, Problem> {
    with_compiled(pattern, |re| match re {
        Ok(c) => Ok(c.regex.is_match(text)),
        Err(p) => Err(p.clone()),
    })
}

fn with_compiled<T>(pattern: &str, f: impl FnOnce(&Result<Compiled, Problem>) -> T) -> T {
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(found) = cache.compiled.get(pattern) {
            return f(found);
        }
        let result = compile(pattern, &mut cache);
        f(cache.compiled.entry(pattern.to_string()).or_insert(result))
    })
}

fn compile(pattern: &str, cache: &mut Cache) -> Result<Compiled, Problem> {
    if pattern.len() > MAX_LEN {
        return Err(Problem::TooLong(pattern.len()));
    }
    let hir = regex_syntax::ParserBuilder::new()
        .nest_limit(NEST_LIMIT)
        .build()
        .parse(pattern)
        .map_err(|e| Problem::Syntax(last_line(&e.to_string()).to_string()))?;
    let units = estimate(&hir);
    if units > MAX_ESTIMATE {
        return Err(Problem::TooLarge(units));
    }
    if cache.spent.saturating_add(units) > cache.budget {
        return Err(Problem::Budget);
    }
    cache.spent += units;
    cache.compiles += 1;
    let lite = |text: &str| {
        regex_lite::RegexBuilder::new(text)
            .size_limit(SIZE_LIMIT)
            .nest_limit(NEST_LIMIT)
            .build()
    };
    let problem = |e: regex_lite::Error| {
        let why = e.to_string();
        if why.contains("size limit") {
            Problem::TooLarge(units)
        } else {
            Problem::Syntax(last_line(&why).to_string())
        }
    };
    match lite(pattern) {
        Ok(regex) => Ok(Compiled {
            client: pattern.to_string(),
            regex,
        }),
        // What regex-lite does not read (Unicode classes): the parse, written out with its
        // classes as ranges, means the same to it.
        Err(e) => {
            let written = hir.to_string();
            match lite(&written) {
                Ok(regex) => Ok(Compiled {
                    client: written,
                    regex,
                }),
                Err(_) => Err(problem(e)),
            }
        }
    }
}

/// The states of the automaton a pattern compiles to, roughly: literals by their bytes,
/// classes by their UTF-8 byte sequences, repetitions multiplied out (an unbounded one as
/// its minimum and one more). Linear in the parse; saturating, never overflowing.
fn estimate(hir: &Hir) -> u64 {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => 1,
        HirKind::Literal(l) => l.0.len() as u64,
        HirKind::Class(Class::Unicode(c)) => c
            .ranges()
            .iter()
            .map(|r| {
                regex_syntax::utf8::Utf8Sequences::new(r.start(), r.end())
                    .map(|s| s.len() as u64)
                    .sum::<u64>()
            })
            .fold(1u64, u64::saturating_add),
        HirKind::Class(Class::Bytes(c)) => c.ranges().len() as u64 + 1,
        HirKind::Repetition(r) => {
            let copies = r.max.unwrap_or(r.min.saturating_add(1)).max(1);
            estimate(&r.sub).saturating_mul(u64::from(copies))
        }
        HirKind::Capture(c) => estimate(&c.sub).saturating_add(2),
        HirKind::Concat(items) | HirKind::Alternation(items) => items
            .iter()
            .map(estimate)
            .fold(items.len() as u64, u64::saturating_add),
    }
}

/// The last line of a regex error (the one saying what is wrong): findings are one line.
fn last_line(text: &str) -> &str {
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(text)
        .trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_patterns_compile_and_match() {
        for p in [
            r"^[a-z][a-z0-9\-]{1,48}[a-z0-9]$",
            r"^[a-zA-Z0-9가-힣ㄱ-ㅎㅏ-ㅣ \+\-\=\.\_:/@]*$",
            r"^(([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\.){3}([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])/([8-9]|1[0-9]|2[0-9]|3[0-2])$",
            r"^\p{Hangul}{1,255}$",
            r"\w{50}",
            r".{1,255}",
        ] {
            assert_eq!(check(p), Ok(()), "{p}");
        }
        assert_eq!(is_match(r"^[a-z]+$", "abc"), Ok(true));
        assert_eq!(is_match(r"^[a-z]+$", "aBc"), Ok(false));
        // Most patterns are given to the clients as they are.
        assert_eq!(
            client_form(r"^[a-zA-Z0-9가-힣]*$").as_deref(),
            Ok(r"^[a-zA-Z0-9가-힣]*$")
        );
    }

    #[test]
    fn classes_are_ascii_as_on_servers_and_unicode_classes_are_written_out() {
        // `\d` is a digit 0-9 (Java's and ECMAScript's), not any script's digit.
        assert_eq!(is_match(r"^\d+$", "2026"), Ok(true));
        assert_eq!(is_match(r"^\d+$", "٢٠٢٦"), Ok(false));
        assert_eq!(is_match(r"^\w+$", "name_1"), Ok(true));
        // regex-lite has no `\p{..}`: the client gets the class's ranges, same meaning.
        let written = client_form(r"^\p{Hangul}{1,3}$").unwrap();
        assert!(!written.contains(r"\p"), "{written}");
        assert!(regex_lite::Regex::new(&written).is_ok(), "{written}");
        assert_eq!(is_match(r"^\p{Hangul}{1,3}$", "한글"), Ok(true));
        assert_eq!(is_match(r"^\p{Hangul}{1,3}$", "abc"), Ok(false));
        assert_eq!(is_match(r"^\p{Hangul}{1,3}$", "한글한글"), Ok(false));
    }

    fn compiles() -> usize {
        CACHE.with(|c| c.borrow().compiles)
    }

    #[test]
    fn bombs_are_refused_without_compiling() {
        let before = compiles();
        for p in [
            r"\w{300}\w{300}",
            r"[\p{L}\p{N}]{500}",
            r"\d{1,1000}",
            r"(\w{100}){100}",
        ] {
            assert!(matches!(check(p), Err(Problem::TooLarge(_))), "{p}");
            assert!(matches!(check(p), Err(Problem::TooLarge(_))), "{p}");
        }
        // regex-lite never saw them.
        assert_eq!(compiles(), before);
        let long = "a".repeat(MAX_LEN + 1);
        assert_eq!(check(&long), Err(Problem::TooLong(MAX_LEN + 1)));
        let nested = format!("{}a{}", "(".repeat(100), ")".repeat(100));
        assert!(matches!(check(&nested), Err(Problem::Syntax(_))));
        assert!(matches!(check("(?=a)b"), Err(Problem::Syntax(_))));
        assert_eq!(Problem::TooLarge(1).rule(), "pattern-too-large");
    }

    #[test]
    fn each_pattern_is_compiled_once_and_the_run_budget_bounds_them_all() {
        // On a thread of its own: a fresh cache, with a budget of 20 patterns of 1,000.
        std::thread::spawn(|| {
            CACHE.with(|c| c.borrow_mut().budget = 20_000);
            for _ in 0..3 {
                assert_eq!(check("a{999}"), Ok(()));
            }
            assert_eq!(compiles(), 1);
            let refused = (0..100)
                .filter(|n| check(&format!("a{{990}}{n:02}")) == Err(Problem::Budget))
                .count();
            // About 1,000 each: 19 more fit in the budget, every other one is refused.
            assert_eq!(compiles(), 20);
            assert_eq!(refused, 81);
        })
        .join()
        .unwrap();
    }
}
