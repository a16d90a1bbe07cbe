//! Printing tokens as one readable line, common paths shortened, for signatures and bodies.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// Common paths, shortened for reading (`::std::option::Option` → `Option`, `crate::` → ``).
const SHORT: [(&str, &str); 18] = [
    ("::std::marker::Sized", "Sized"),
    ("::std::sync::Arc", "Arc"),
    ("::std::option::Option", "Option"),
    ("::std::string::String", "String"),
    ("::std::vec::Vec", "Vec"),
    ("::std::result::Result", "Result"),
    ("::std::boxed::Box", "Box"),
    ("::std::collections::BTreeMap", "BTreeMap"),
    ("::std::collections::HashMap", "HashMap"),
    ("::std::future::Future", "Future"),
    ("::std::marker::Send", "Send"),
    ("::std::marker::Sync", "Sync"),
    ("::std::convert::Into", "Into"),
    ("::std::convert::From", "From"),
    ("::std::default::Default", "Default"),
    ("::std::fmt::Debug", "Debug"),
    ("::std::fmt::Display", "Display"),
    ("crate::", ""),
];

/// Tokens as one readable line.
pub fn tidy(tokens: TokenStream) -> String {
    let mut out = String::new();
    print_tokens(tokens, &mut out);
    shorten(&out)
}

pub(super) fn tidy_text(text: &str) -> String {
    text.parse::<TokenStream>().map_or_else(|_| text.to_owned(), tidy)
}

fn shorten(text: &str) -> String {
    let mut s = text.to_owned();
    for (long, short) in SHORT {
        s = s.replace(long, short);
    }
    s.replace(",>", ">").replace(",)", ")")
}

/// A token as the printer sees it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Start,
    Word {
        keyword: bool,
    },
    PathSep,
    Colon,
    Comma,
    Lt,
    Gt,
    /// `&`, `'` of a lifetime, `#`, `!` and `*` in prefix position: glued to what follows.
    Prefix,
    /// `=`, `+`, `->`, `=>` and other binary operators: spaced.
    Spaced,
    Group(Delimiter),
}

const KEYWORDS: [&str; 10] = ["impl", "dyn", "as", "for", "mut", "where", "in", "fn", "pub", "const"];

/// Prints tokens on one line, spaced the way rustfmt would, near enough for reading.
fn print_tokens(tokens: TokenStream, out: &mut String) {
    let items: Vec<TokenTree> = tokens.into_iter().collect();
    let mut prev = Class::Start;
    let mut i = 0;
    while i < items.len() {
        let (text, class, used) = match &items[i] {
            TokenTree::Ident(id) => {
                let t = id.to_string();
                let keyword = KEYWORDS.contains(&t.as_str());
                (t, Class::Word { keyword }, 1)
            }
            TokenTree::Literal(l) => (l.to_string(), Class::Word { keyword: false }, 1),
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                let mut inner = String::new();
                print_tokens(g.stream(), &mut inner);
                let text = if inner.is_empty() {
                    format!("{}{}", open.trim(), close.trim())
                } else {
                    format!("{open}{inner}{close}")
                };
                (text, Class::Group(g.delimiter()), 1)
            }
            TokenTree::Punct(p) => {
                // Multi-character operators are joint puncts followed by one more.
                let mut op = p.as_char().to_string();
                let mut j = i;
                while let TokenTree::Punct(q) = &items[j]
                    && q.spacing() == Spacing::Joint
                    && q.as_char() != '\''
                    && let Some(TokenTree::Punct(next)) = items.get(j + 1)
                {
                    op.push(next.as_char());
                    j += 1;
                }
                let class = match op.as_str() {
                    "::" => Class::PathSep,
                    ":" => Class::Colon,
                    "," | ";" => Class::Comma,
                    "<" => Class::Lt,
                    ">" => Class::Gt,
                    "&" | "'" | "#" | "!" | "*" | "&&" | "?" => Class::Prefix,
                    _ => Class::Spaced,
                };
                (op, class, j - i + 1)
            }
        };
        let space = match (prev, class) {
            (Class::Start, _) => false,
            (_, Class::Comma | Class::Colon | Class::Gt) => false,
            (Class::Lt | Class::PathSep | Class::Prefix, _) => false,
            (_, Class::Lt) => false,
            (Class::Word { keyword }, Class::PathSep) => keyword,
            (Class::Gt, Class::PathSep) => false,
            (_, Class::PathSep) => true,
            (Class::Word { keyword: false }, Class::Group(Delimiter::Parenthesis)) => false,
            (Class::Word { .. }, Class::Prefix) if text == "!" => false,
            (_, Class::Group(Delimiter::Brace)) => true,
            _ => true,
        };
        if space {
            out.push(' ');
        }
        out.push_str(&text);
        prev = class;
        i += used;
    }
}
