//! Token streams → formatted files, in small parts, on every core.
//!
//! A generated file is not formatted whole: a large spec's module is megabytes of Rust, and
//! its syn tree takes some twenty times its text in memory. A file is made of *sections*
//! (created in file order, filled in any order), a section of *parts*: top-level items,
//! cut into runs of about [`PART_BYTES`] of text, or the members of one braced block (an
//! `impl` block's methods, a struct's fields), cut the same way. Each part is parsed and
//! printed on its own, and its tree dropped, so the memory a run holds is the text of its
//! files plus a few parts' trees, whatever the size of the spec or of one of its models.
//!
//! Printing the parts one by one gives the bytes printing the file whole gives:
//! prettyplease ends every item (every member of an `impl`, every field of a struct with
//! named fields) with a hard line break and decides its lines inside the item alone. A part
//! of a block's members is printed inside `impl Header { … }` (or `pub struct Name { … }`,
//! so at the members' indentation), and the lines of the header and the closing brace that
//! the other parts of the block print are dropped. The snapshots of every generated crate
//! are the check.
//!
//! Token streams cannot cross threads (proc-macro2 keeps them so), so a part crosses as
//! its text and is parsed there; on one core, parts are formatted as they are given.

use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};

use proc_macro2::TokenStream;

use super::format::{Spacer, HEADER};
use crate::output::OutputFile;

/// About how much text (tokens printed plainly) goes into one part: small enough that a
/// part's syn tree is a few megabytes, large enough that parts are few.
pub const PART_BYTES: usize = 48 * 1024;

/// A file of a [`Formatter`].
#[derive(Debug, Clone, Copy)]
pub struct FileId(usize);

/// A section of a file: its parts are printed after those of the sections created before
/// it in the same file.
#[derive(Debug, Clone, Copy)]
pub struct SectionId {
    file: usize,
    section: usize,
}

/// What a thread is given to format: the text of a part, as prettyplease can parse it.
type Job = String;

/// A part's place: file, section, index in the section.
type Slot = (usize, usize, usize);

/// A file being made: its path and, per section, its parts' texts as they are done.
struct FileParts {
    path: PathBuf,
    sections: Vec<Section>,
}

struct Section {
    parts: Vec<Option<anyhow::Result<String>>>,
    /// Items (or members) given since the last part was cut, as text.
    pending: String,
    /// For the members of a block: its attributes and header, and its header alone.
    block: Option<Block>,
}

/// A block's opening: each of its parts is printed inside `impl Type { … }` or
/// `pub struct Name { … }` (the first with the block's attributes), and the lines of that
/// opening and of its closing brace are dropped where the block goes on (see
/// [`Formatter::finish`]).
struct Block {
    head: String,
    header: String,
}

/// The threads of a [`Formatter`] and what they are given.
struct Work {
    queue: SyncSender<(Slot, Job)>,
    shared: Arc<Mutex<Receiver<(Slot, Job)>>>,
    workers: Vec<std::thread::JoinHandle<Formatted>>,
}

/// What a thread formatted: the parts' places and texts (or why they do not parse).
type Formatted = Vec<(Slot, anyhow::Result<String>)>;

/// Formats the Rust files of a crate as they are made, on every core but one (the one
/// making them), and gives them back in the order their files were created.
pub struct Formatter {
    files: Vec<FileParts>,
    work: Option<Work>,
}

impl Formatter {
    /// A formatter, its threads started.
    pub fn start() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let work = (cores > 1).then(|| {
            // A short queue: when the threads fall behind, the thread making the parts
            // formats the next one itself instead of piling up text (a large spec's parts
            // would wait by the thousand).
            let (queue, rx) = sync_channel(2 * cores);
            let shared = Arc::new(Mutex::new(rx));
            let workers = (1..cores)
                .map(|_| {
                    let shared = Arc::clone(&shared);
                    std::thread::spawn(move || drain(&shared))
                })
                .collect();
            Work {
                queue,
                shared,
                workers,
            }
        });
        Formatter {
            files: Vec::new(),
            work,
        }
    }

    /// How many files it was given so far.
    pub fn files(&self) -> usize {
        self.files.len()
    }

    /// A new file, with no section yet.
    pub fn file(&mut self, path: PathBuf) -> FileId {
        self.files.push(FileParts {
            path,
            sections: Vec::new(),
        });
        FileId(self.files.len() - 1)
    }

    /// A new section of top-level items at the end of `file`.
    pub fn section(&mut self, file: FileId) -> SectionId {
        self.new_section(file, None)
    }

    /// A new section at the end of `file` that is one braced block: `attrs` are its
    /// attributes (docs, derives), `header` is `impl Type` (members: associated items) or
    /// `pub struct Name` (members: named fields, each with its comma); what is pushed to it
    /// are its members. Any other header is not one prettyplease prints with a line per
    /// member, and is not to be given.
    pub fn block_section(
        &mut self,
        file: FileId,
        attrs: TokenStream,
        header: TokenStream,
    ) -> SectionId {
        let header = header.to_string();
        let block = Block {
            head: format!("{attrs} {header}"),
            header,
        };
        self.new_section(file, Some(block))
    }

    fn new_section(&mut self, file: FileId, block: Option<Block>) -> SectionId {
        let sections = &mut self.files[file.0].sections;
        sections.push(Section {
            parts: Vec::new(),
            pending: String::new(),
            block,
        });
        SectionId {
            file: file.0,
            section: sections.len() - 1,
        }
    }

    /// A whole file of one section.
    pub fn add(&mut self, path: PathBuf, tokens: TokenStream) {
        let file = self.file(path);
        let section = self.section(file);
        self.push(section, tokens);
    }

    /// Items (or, in an `impl` section, members) at the end of a section; the first items of
    /// a file may begin with its inner attributes. They are kept as text until a part's worth
    /// has come.
    pub fn push(&mut self, at: SectionId, tokens: TokenStream) {
        let text = tokens.to_string();
        drop(tokens);
        self.push_text(at, &text);
    }

    /// [`Formatter::push`] for tokens already made text (`TokenStream::to_string`): code
    /// that must wait for what comes after it is best kept so, at a fifth of the tokens'
    /// memory.
    pub fn push_text(&mut self, at: SectionId, text: &str) {
        let pending = &mut self.files[at.file].sections[at.section].pending;
        pending.push_str(text);
        pending.push('\n');
        if pending.len() >= PART_BYTES {
            self.cut(at, false);
        }
    }

    /// Sends what a section holds as a part. At the end (`closing`), a block that was given
    /// no member is sent as it is, empty.
    fn cut(&mut self, at: SectionId, closing: bool) {
        let section = &mut self.files[at.file].sections[at.section];
        let empty_block = closing && section.block.is_some() && section.parts.is_empty();
        if section.pending.is_empty() && !empty_block {
            return;
        }
        let body = std::mem::take(&mut section.pending);
        let job = match &section.block {
            None => body,
            Some(block) => {
                // Only the first part has the block's attributes.
                let head = if section.parts.is_empty() {
                    &block.head
                } else {
                    &block.header
                };
                format!("{head} {{\n{body}}}")
            }
        };
        self.send(at, job);
    }

    fn send(&mut self, at: SectionId, job: Job) {
        let parts = &mut self.files[at.file].sections[at.section].parts;
        let slot = (at.file, at.section, parts.len());
        parts.push(None);
        let job = match &self.work {
            // A full queue, or a closed one (a thread that died), leaves the part to this
            // thread.
            Some(work) => match work.queue.try_send((slot, job)) {
                Ok(()) => return,
                Err(TrySendError::Full((_, job)) | TrySendError::Disconnected((_, job))) => job,
            },
            None => job,
        };
        parts[slot.2] = Some(printed(&job));
    }

    /// The files, formatted, in the order they were created.
    pub fn finish(mut self) -> anyhow::Result<Vec<OutputFile>> {
        for f in 0..self.files.len() {
            for s in 0..self.files[f].sections.len() {
                self.cut(
                    SectionId {
                        file: f,
                        section: s,
                    },
                    true,
                );
            }
        }
        if let Some(Work {
            queue,
            shared,
            workers,
        }) = self.work.take()
        {
            // No more parts: this thread helps with what is left, then collects.
            drop(queue);
            let mut done = drain(&shared);
            for w in workers {
                done.extend(w.join().unwrap_or_default());
            }
            for ((f, s, p), result) in done {
                self.files[f].sections[s].parts[p] = Some(result);
            }
        }
        self.files.into_iter().map(assemble).collect()
    }
}

/// A file's text from its parts' texts, each dropped once it is in: a block's parts lose
/// the lines of its opening (but the first) and of its closing brace (but the last).
fn assemble(file: FileParts) -> anyhow::Result<OutputFile> {
    let path = file.path;
    let broken = || anyhow::anyhow!("{}: a part was not formatted", path.display());
    let size: usize = file
        .sections
        .iter()
        .flat_map(|s| &s.parts)
        .map(|p| p.as_ref().and_then(|r| r.as_ref().ok()).map_or(0, String::len))
        .sum();
    let mut out = String::with_capacity(HEADER.len() + 1 + size + size / 16);
    out.push_str(HEADER);
    out.push('\n');
    let mut spacer = Spacer::new(out);
    for section in file.sections {
        let count = section.parts.len();
        // Only a block of several parts has openings to drop.
        let opening = match &section.block {
            Some(b) if count > 1 => Some(format!("{} {{\n", block_line(&b.header)?)),
            _ => None,
        };
        for (i, part) in section.parts.into_iter().enumerate() {
            let part = match part {
                Some(Ok(part)) => part,
                Some(Err(e)) => anyhow::bail!("{}: {e}", path.display()),
                None => return Err(broken()),
            };
            let mut text = part.as_str();
            if let Some(opening) = &opening {
                if i > 0 {
                    // The opening line, `impl Type {` or `pub struct Name {`.
                    text = text.strip_prefix(opening.as_str()).ok_or_else(broken)?;
                }
                if i + 1 < count {
                    text = text.strip_suffix("}\n").ok_or_else(broken)?;
                }
            }
            spacer.push(text);
        }
    }
    Ok(OutputFile {
        contents: spacer.finish(),
        path,
    })
}

/// `impl Type` (or `pub struct Name`) as prettyplease prints it (the tokens' text has
/// spaces inside paths and generics that the printer does not keep).
fn block_line(header: &str) -> anyhow::Result<String> {
    let text = printed(&format!("{header} {{}}"))?;
    Ok(text.trim_end().trim_end_matches("{}").trim_end().to_string())
}

/// Formats the parts a queue gives until it is closed and empty.
fn drain(queue: &Mutex<Receiver<(Slot, Job)>>) -> Formatted {
    let mut out = Vec::new();
    loop {
        // One thread at a time waits for the next part; the others wait for the lock.
        let next = match queue.lock() {
            Ok(q) => q.recv(),
            Err(_) => return out,
        };
        let Ok((slot, job)) = next else {
            return out;
        };
        out.push((slot, printed(&job)));
    }
}

/// A part's text, printed by prettyplease.
fn printed(text: &str) -> anyhow::Result<String> {
    let file = syn::parse_file(text)
        .map_err(|e| anyhow::anyhow!("generated code does not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// The text of a file formatted whole, as the parts must give it.
    fn whole(tokens: TokenStream) -> String {
        let file: syn::File = syn::parse2(tokens).unwrap();
        format!(
            "{HEADER}\n{}",
            crate::codegen::format::space_items(&prettyplease::unparse(&file))
        )
    }

    fn method(i: usize) -> TokenStream {
        let name = quote::format_ident!("method_{i}");
        let doc = format!(" Method {i}: {}", "a long doc line ".repeat(i % 7));
        quote! {
            #[doc = #doc]
            pub fn #name(&self, a: u32, b: &str) -> Result<Vec<String>, String> {
                if a > 3 { return Err(b.to_string()); }
                Ok(vec![b.to_string(); a as usize])
            }
        }
    }

    fn item(i: usize) -> TokenStream {
        let name = quote::format_ident!("Item{i}");
        quote! {
            /// An item.
            #[derive(Debug, Clone)]
            pub struct #name { pub a: Option<String>, pub b: Vec<u8> }
        }
    }

    fn field(i: usize) -> TokenStream {
        let name = quote::format_ident!("field_{i}");
        let doc = format!(" Field {i}: {}", "a long doc line ".repeat(i % 5));
        quote! {
            #[doc = #doc]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub #name: Option<std::collections::BTreeMap<String, Vec<u8>>>,
        }
    }

    #[test]
    fn a_file_in_parts_prints_as_the_file_whole() {
        // Enough members and items for many parts, sections filled out of order.
        let n = 3000;
        let methods: Vec<TokenStream> = (0..n).map(method).collect();
        let items: Vec<TokenStream> = (0..n).map(item).collect();
        let struct_fields: Vec<TokenStream> = (0..n).map(field).collect();
        let fields = &struct_fields;
        let expected = whole(quote! {
            //! A module.
            use std::fmt::Debug;
            /// The operations.
            #[derive(Debug)]
            pub struct Ops;
            /// Their methods.
            impl Ops { #(#methods)* }
            impl Empty {}
            /// A wide struct.
            #[derive(Debug, Default)]
            pub struct Wide { #(#fields)* }
            pub struct None {}
            #(#items)*
        });
        let mut f = Formatter::start();
        let file = f.file("a.rs".into());
        let head = f.section(file);
        let block = f.block_section(file, quote! { /// Their methods.
        }, quote! { impl Ops });
        f.block_section(file, TokenStream::new(), quote! { impl Empty });
        let fields = f.block_section(
            file,
            quote! { /// A wide struct.
            #[derive(Debug, Default)] },
            quote! { pub struct Wide },
        );
        f.block_section(file, TokenStream::new(), quote! { pub struct None });
        let body = f.section(file);
        for i in &items {
            f.push(body, i.clone());
        }
        for m in methods {
            f.push(block, m);
        }
        for field in struct_fields {
            f.push(fields, field);
        }
        f.push(
            head,
            quote! { //! A module.
            use std::fmt::Debug; },
        );
        f.push(head, quote! { /// The operations.
        #[derive(Debug)] pub struct Ops; });
        let out = f.finish().unwrap();
        assert_eq!(out.len(), 1);
        assert!(expected.len() > 20 * PART_BYTES, "too few parts to test");
        assert_eq!(out[0].contents, expected);
    }

    #[test]
    fn code_that_does_not_parse_is_an_error() {
        let mut f = Formatter::start();
        f.add("a.rs".into(), quote! { fn f() -> });
        assert!(f.finish().is_err());
    }
}
