//! Constructors that enforce the docs. A struct with required fields gets `new(required...)`
//! and a setter per optional field; past [`MAX_NEW_ARGS`] required fields a positional list
//! reads worse than names, so it gets a builder instead, whose `build()` fails naming the
//! required fields left unset. Requests and nested request structs share this.
use super::docs::code_span;
use super::outline::Outline;
use super::plan::FieldDef;
use crate::sanitize::{ident, Namer};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The most required fields `new` takes as arguments.
pub(super) const MAX_NEW_ARGS: usize = 4;

/// One field of the struct being constructed; `in_body` for a request's body field, which
/// lives in the request's `body` struct.
pub(super) struct Slot<'a> {
    pub(super) def: &'a FieldDef,
    pub(super) in_body: bool,
}

/// How a request's `body` field is made, when the struct has one.
pub(super) enum Body<'a> {
    /// No `body` field.
    None,
    /// A body struct holding the [`Slot::in_body`] fields.
    Struct(&'a str),
    /// An uploaded file, always required.
    File,
}

/// The constructor (or builder) of the struct `name`; `builder` names the builder type, when
/// one is needed. With no required field there is none (the struct derives `Default`) unless
/// `always`: a request always reads `X::new()`, then setters.
pub(super) fn constructor(
    name: &str,
    builder: &str,
    slots: &[Slot<'_>],
    body: Body<'_>,
    always: bool,
    outline: &mut Outline,
) -> TokenStream {
    let required =
        slots.iter().filter(|s| !s.def.optional).count() + usize::from(matches!(body, Body::File));
    if required == 0 && !always {
        return TokenStream::new();
    }
    if needs_builder(required) {
        builder_tokens(name, builder, slots, &body, outline)
    } else {
        new_tokens(name, slots, &body, outline)
    }
}

/// Whether a struct with `required` required fields gets a builder rather than `new`.
fn needs_builder(required: usize) -> bool {
    required > MAX_NEW_ARGS
}

/// Whether a nested struct of `fields` gets a builder rather than `new`.
pub(super) fn has_builder(fields: &[FieldDef]) -> bool {
    needs_builder(fields.iter().filter(|f| !f.optional).count())
}

/// The initialiser of field `fname` from the local `value` (shorthand when they agree).
fn init(fname: &Ident, value: &Ident) -> TokenStream {
    if value == fname {
        quote! { #fname }
    } else {
        quote! { #fname: #value }
    }
}

fn new_tokens(
    name: &str,
    slots: &[Slot<'_>],
    body: &Body<'_>,
    outline: &mut Outline,
) -> TokenStream {
    outline.method(name, "new");
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut body_inits = Vec::new();
    let mut setters = Vec::new();
    let mut pnamer = Namer::snake();
    let mut mnamer = methods_namer(&["new"]);
    for s in slots {
        let f = s.def;
        let fname = ident(&f.ident);
        let value = if f.optional {
            let target = target(s.in_body, &fname);
            let method = mnamer.fresh(&f.ident);
            outline.method(name, &method);
            setters.push(setter(f, &method, &target, false));
            quote! { #fname: ::std::option::Option::None }
        } else {
            let p = ident(&pnamer.fresh(&f.ident));
            let ty = f.ty.tokens();
            if f.ty.is_string() {
                args.push(quote! { #p: impl ::std::convert::Into<::std::string::String> });
                quote! { #fname: #p.into() }
            } else {
                args.push(quote! { #p: #ty });
                init(&fname, &p)
            }
        };
        if s.in_body {
            body_inits.push(value);
        } else {
            inits.push(value);
        }
    }
    match body {
        Body::Struct(b) => {
            let b = ident(b);
            inits.push(quote! { body: #b { #(#body_inits),* } });
        }
        Body::File => {
            args.push(quote! { body: crate::FilePart });
            inits.push(quote! { body });
        }
        Body::None => {}
    }
    let n = ident(name);
    quote! {
        impl #n {
            /// A value with the required fields; set optional ones with the setters.
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }
    }
}

/// The pieces of a builder: its fields and setters, the checks of its required fields, and
/// the initialisers of the value it builds.
#[derive(Default)]
struct BuilderParts {
    fields: Vec<TokenStream>,
    setters: Vec<TokenStream>,
    checks: Vec<TokenStream>,
    required: Vec<Ident>,
    optional: Vec<Ident>,
    inits: Vec<TokenStream>,
}

fn builder_parts(
    builder: &str,
    slots: &[Slot<'_>],
    body: &Body<'_>,
    outline: &mut Outline,
) -> BuilderParts {
    let mut p = BuilderParts::default();
    let mut mnamer = methods_namer(&["build"]);
    let mut body_inits = Vec::new();
    // The request's fields and its body's may share names (`id` in the path and the body):
    // the builder holds them all, each under a name of its own.
    let mut lnamer = Namer::snake();
    lnamer.reserve("body");
    for s in slots {
        let f = s.def;
        let fname = ident(&f.ident);
        let local = ident(&lnamer.fresh(&f.ident));
        let ty = f.ty.tokens();
        p.fields
            .push(quote! { #local: ::std::option::Option<#ty>, });
        let method = mnamer.fresh(&f.ident);
        outline.method(builder, &method);
        p.setters
            .push(setter(f, &method, &quote! { self.#local }, true));
        if f.optional {
            p.optional.push(local.clone());
        } else {
            let wire = f.wire.as_str();
            p.checks
                .push(quote! { if #local.is_none() { missing.push(#wire); } });
            p.required.push(local.clone());
        }
        let value = init(&fname, &local);
        if s.in_body {
            body_inits.push(value);
        } else {
            p.inits.push(value);
        }
    }
    if matches!(body, Body::File) {
        let body_setter = mnamer.fresh("body");
        outline.method(builder, &body_setter);
        let body_setter = ident(&body_setter);
        p.fields
            .push(quote! { body: ::std::option::Option<crate::FilePart>, });
        p.setters.push(quote! {
            /// Sets the uploaded file.
            pub fn #body_setter(mut self, value: crate::FilePart) -> Self {
                self.body = ::std::option::Option::Some(value);
                self
            }
        });
        p.checks
            .push(quote! { if body.is_none() { missing.push("body"); } });
        p.required.push(ident("body"));
        p.inits.push(quote! { body });
    }
    if let Body::Struct(bs) = body {
        let bs = ident(bs);
        p.inits.push(quote! { body: #bs { #(#body_inits),* } });
    }
    p
}

fn builder_tokens(
    name: &str,
    builder: &str,
    slots: &[Slot<'_>],
    body: &Body<'_>,
    outline: &mut Outline,
) -> TokenStream {
    outline.item(builder);
    outline.method(builder, "build");
    outline.method(name, "builder");
    let n = ident(name);
    let b = ident(builder);
    let BuilderParts {
        fields,
        setters,
        checks,
        required,
        optional,
        inits,
    } = builder_parts(builder, slots, body, outline);
    let all: Vec<_> = required.iter().chain(&optional).collect();
    let doc = format!(
        " A builder of [`{name}`]: set the fields, then [`{builder}::build`], which fails naming the required fields left unset."
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Default)]
        #[must_use]
        pub struct #b {
            #(#fields)*
        }
        impl #b {
            #(#setters)*
            /// The value, or the wire names of the required fields not set.
            pub fn build(self) -> ::std::result::Result<#n, crate::MissingFields> {
                let Self { #(#all),* } = self;
                let mut missing = ::std::vec::Vec::new();
                #(#checks)*
                match (#(#required),*) {
                    (#(::std::option::Option::Some(#required)),*) => ::std::result::Result::Ok(#n { #(#inits),* }),
                    _ => ::std::result::Result::Err(crate::MissingFields { type_name: #name, fields: missing }),
                }
            }
        }
        impl #n {
            /// A builder: the type has more required fields than a constructor takes.
            pub fn builder() -> #b {
                #b::default()
            }
        }
    }
}

/// A namer of methods with `reserved` taken.
fn methods_namer(reserved: &[&str]) -> Namer {
    let mut mnamer = Namer::snake();
    for m in reserved
        .iter()
        .chain(&["builder", "path", "query", "headers", "body"])
    {
        mnamer.reserve(m);
    }
    mnamer
}

/// Where a field of the constructed struct lives, seen from `self`.
fn target(in_body: bool, fname: &Ident) -> TokenStream {
    if in_body {
        quote! { self.body.#fname }
    } else {
        quote! { self.#fname }
    }
}

/// The setter `method` of a field stored as an `Option` at `target`; a builder's setters
/// say whether the field is required.
fn setter(f: &FieldDef, method: &str, target: &TokenStream, builder: bool) -> TokenStream {
    let ty = f.ty.tokens();
    let setter = ident(method);
    let what = if f.wire.is_empty() {
        "the field with the empty wire name".to_owned()
    } else {
        code_span(&f.wire)
    };
    let doc = if builder && !f.optional {
        format!(" Sets {what} (required).")
    } else {
        format!(" Sets {what}.")
    };
    let (pty, val) = if f.ty.is_string() {
        (
            quote! { impl ::std::convert::Into<::std::string::String> },
            quote! { value.into() },
        )
    } else {
        (quote! { #ty }, quote! { value })
    };
    quote! {
        #[doc = #doc]
        pub fn #setter(mut self, value: #pty) -> Self {
            #target = ::std::option::Option::Some(#val);
            self
        }
    }
}
