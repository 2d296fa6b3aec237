//! Feishu's own doc source: `:::html` blocks (`<md-table>`, `<md-dt-table>`, `<md-code-json>`,
//! `<md-alert>`, ...) read into the shared block model.
//!
//! A small hand-rolled, forgiving reader in three steps, all linear in the input:
//! 1. [`tokenizer`]: tags with attributes, text, comments, built into a [`tree`] in an arena,
//!    closing what the author forgot to close and ignoring what cannot be matched;
//! 2. [`render`]: a walk over the top-level nodes that turns tables into [`Block::Table`],
//!    `<md-code-*>` into [`Block::Code`], alerts and any other content into [`Block::Text`],
//!    rendering cell content into doc text (`<br>` → `\n`, `<md-perm>` → `` `scope` name``,
//!    `<md-enum>` → `- `key`: text` lines, ...).
//!
//! Why not an HTML parsing crate: measured over the 15,390 `:::html` blocks of the corpus'
//! `feishu-raw` (42 MB), html5ever builds its tree 2–7× slower than this tokenizer, and
//! neither it nor `tl` (faster on the bare tree) reports source positions for diagnostics
//! or keeps `<` inside Markdown code spans as text (ARCHITECTURE.md, "Parsing").
//!
//! Only `md-*` elements and a fixed list of real HTML element names are tags; anything else
//! that looks like one (`map<string, string>`, `` `<sheetId>` ``, `<at id=…></at>`) stays
//! text, and so does everything inside a Markdown code span. Positions are 1-based lines and
//! 1-based columns counted in characters; the first content line starts at `base.col`.
//! Problems become diagnostics: a warning when the input was odd but nothing was lost, or
//! when something was dropped; an error when a limit cut content off.

mod entities;
mod render;
mod tokenizer;
mod tree;

use super::blocks::{Block, Pos};
use crate::codes::Code;
use crate::ir::Diagnostic;
use render::Walker;
use tokenizer::build_tree;

/// Maximum element nesting inside one `:::html` block; deeper start tags are ignored.
pub(super) const MAX_NESTING: usize = 100;
/// Maximum diagnostics one block reports; the rest are summarised in one line.
const MAX_DIAGNOSTICS: usize = 50;
/// How far a code span's closing backticks are looked for (bytes, same line only).
pub(super) const MAX_CODE_SPAN: usize = 4096;

/// Reads the content of one `:::html` block (the lines between `:::html` and `:::`).
/// `base` is the position of the block's first content line.
pub fn read_html_block(src: &str, base: Pos, diags: &mut Vec<Diagnostic>) -> Vec<Block> {
    let mut ctx = Ctx {
        diags,
        reported: 0,
        suppressed: 0,
    };
    let tree = build_tree(src, base, &mut ctx);
    let mut blocks = Vec::new();
    let mut walker = Walker {
        tree: &tree,
        ctx: &mut ctx,
    };
    walker.blocks_from(0, &mut blocks);
    if ctx.suppressed > 0 {
        let n = ctx.suppressed;
        ctx.diags.push(Diagnostic::new(
            Code::HtmlDiagnosticsCapped,
            base.line,
            base.col,
            format!("html: {n} further diagnostics in this :::html block were not reported"),
        ));
    }
    blocks
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

pub(super) struct Ctx<'d> {
    diags: &'d mut Vec<Diagnostic>,
    reported: usize,
    suppressed: usize,
}

impl Ctx<'_> {
    /// A diagnostic of kind `code` (which fixes its severity) at `pos`, `html: ` before its
    /// message.
    pub(super) fn report(&mut self, code: Code, pos: Pos, msg: impl Into<String>) {
        self.push(Diagnostic::new(code, pos.line, pos.col, msg));
    }

    fn push(&mut self, mut d: Diagnostic) {
        if self.reported >= MAX_DIAGNOSTICS {
            self.suppressed += 1;
            return;
        }
        self.reported += 1;
        d.message = format!("html: {}", d.message);
        self.diags.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::entities::{decode_entities, decode_into};
    use super::tokenizer::PosMap;
    use super::tree::HTML_ELEMENTS;
    use super::*;

    fn read(src: &str) -> (Vec<Block>, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let b = read_html_block(src, Pos::new(10, 1), &mut d);
        (b, d)
    }

    #[test]
    fn html_element_list_is_sorted_for_binary_search() {
        let mut sorted = HTML_ELEMENTS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, HTML_ELEMENTS);
    }

    #[test]
    fn entities_decode_and_unknown_ones_stay() {
        assert_eq!(
            decode_entities("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#x27;"),
            "a <b> & \"c\" 'd'"
        );
        assert_eq!(
            decode_entities("&nbsp;x&bogus;&#99999999;&"),
            " x&bogus;\u{FFFD}&"
        );
        let mut s = String::new();
        decode_into(r"a\[\]\_\-b\x\", true, &mut s);
        assert_eq!(s, r"a[]_-b\x\");
    }

    #[test]
    fn positions_count_characters_and_lines() {
        let mut pm = PosMap::new("中文\nab<x", Pos::new(5, 3));
        assert_eq!(pm.at(0), Pos::new(5, 3));
        assert_eq!(pm.at(6), Pos::new(5, 5));
        assert_eq!(pm.at(9), Pos::new(6, 3));
        // Non-monotonic queries still work.
        assert_eq!(pm.at(3), Pos::new(5, 4));
    }

    #[test]
    fn text_merges_across_non_tags() {
        let (b, d) = read("a < b and map<string, string> and `<p>` x");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            b,
            vec![Block::Text {
                text: "a < b and map<string, string> and `<p>` x".into(),
                pos: Pos::new(10, 1)
            }]
        );
    }
}
