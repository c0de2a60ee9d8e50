//! Where `models.rs`'s items go as they are made ([`super::models`]): in order, into the
//! file's sections; a model of many fields whole or, field by field, in parts of its own.
//!
//! A model of a 100,000-row table is one struct: made whole, its tokens, text and syn tree
//! took gigabytes. Cut, its struct's fields and its methods are block sections of the
//! file (see [`super::formatter`]), filled as the fields are made; the output is the same
//! bytes (the tests of `models` compare them).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::checks::Statics;
use super::formatter::{FileId, Formatter, SectionId};

/// Where the models go, in order, as they are made.
pub(super) struct Items<'a> {
    pub out: &'a mut Formatter,
    pub file: FileId,
    /// The section items go to; a model cut into parts ends it, and a new one follows.
    pub body: SectionId,
    /// From how many fields a model is cut into parts.
    pub split_fields: usize,
    /// The file's statics (patterns), made as the models are.
    pub statics: Statics,
}

impl Items<'_> {
    pub fn push(&mut self, tokens: TokenStream) {
        self.out.push(self.body, tokens);
    }

    /// Starts a model: with many fields, its struct and its methods are block sections of
    /// their own (created now, in file order, and cut into parts as they fill), and the
    /// items after it go to a new section.
    pub fn start_model(&mut self, attrs: &TokenStream, ident: &Ident, count: usize) -> ModelOut {
        if count < self.split_fields {
            return ModelOut::Whole {
                fields: Vec::new(),
                setters: Vec::new(),
            };
        }
        let out = &mut *self.out;
        let fields = out.block_section(self.file, attrs.clone(), quote! { pub struct #ident });
        let methods = out.block_section(self.file, TokenStream::new(), quote! { impl #ident });
        self.body = out.section(self.file);
        ModelOut::Parts {
            fields,
            methods,
            setters: Vec::new(),
        }
    }

    /// A field of the model being made, with its comma.
    pub fn field(&mut self, model: &mut ModelOut, tokens: TokenStream) {
        match model {
            ModelOut::Whole { fields, .. } => fields.push(tokens),
            ModelOut::Parts { fields, .. } => self.out.push(*fields, tokens),
        }
    }

    /// A setter of the model being made: they follow `new`, which is made last.
    pub fn setter(&mut self, model: &mut ModelOut, tokens: TokenStream) {
        match model {
            ModelOut::Whole { setters, .. } => setters.push(tokens),
            ModelOut::Parts { setters, .. } => setters.push(tokens.to_string()),
        }
    }

    /// Ends a model with its constructor and its `Validate` impl.
    pub fn end_model(
        &mut self,
        model: ModelOut,
        head: (TokenStream, &Ident),
        new: TokenStream,
        validate: TokenStream,
    ) {
        let (attrs, ident) = head;
        match model {
            ModelOut::Whole { fields, setters } => self.push(quote! {
                #attrs
                pub struct #ident {
                    #(#fields)*
                }
                impl #ident {
                    #new
                    #(#setters)*
                }
                #validate
            }),
            ModelOut::Parts {
                methods, setters, ..
            } => {
                self.out.push(methods, new);
                for setter in setters {
                    self.out.push_text(methods, &setter);
                }
                self.push(validate);
            }
        }
    }
}

/// Where the fields and setters of the model being made go ([`Items::start_model`]).
pub(super) enum ModelOut {
    /// Kept, to be given with the model whole.
    Whole {
        fields: Vec<TokenStream>,
        setters: Vec<TokenStream>,
    },
    /// Fields given to the struct's section as they come; setters kept as text until `new`
    /// is in.
    Parts {
        fields: SectionId,
        methods: SectionId,
        setters: Vec<String>,
    },
}

