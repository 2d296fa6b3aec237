//! Line-level repairs of a page's Markdown before pulldown-cmark reads it, each on a copy
//! whose byte offsets match the page (so positions stay right) and each said in a
//! diagnostic when it changes what a strict reader would see:
//! - a delimiter row whose cell count differs from its header's is rewritten to the
//!   header's count (a strict GFM reader drops the whole table);
//! - a line holding only `<br>` is a blank line (otherwise it opens an HTML block that
//!   swallows the heading and table after it);
//! - a row whose last cell runs on over following lines is joined into one line.

use super::blocks::Pos;
use crate::codes::Code;
use crate::ir::Diagnostic;

/// A line's bytes with ASCII white space trimmed, and where they start.
pub(super) fn trimmed(md: &[u8], span: (usize, usize)) -> (&[u8], usize) {
    let b = md.get(span.0..span.1).unwrap_or(&[]);
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    (b.get(start..end.max(start)).unwrap_or(&[]), span.0 + start)
}

fn is_fence(b: &[u8]) -> bool {
    b.starts_with(b"```") || b.starts_with(b"~~~")
}

/// Cells of a piped row: unescaped pipes, less the outer ones.
fn cell_count(b: &[u8]) -> usize {
    let mut pipes = 0usize;
    let mut prev = 0u8;
    for &c in b {
        if c == b'|' && prev != b'\\' {
            pipes += 1;
        }
        prev = c;
    }
    let outer = usize::from(b.first() == Some(&b'|')) + usize::from(b.ends_with(b"|"));
    (pipes + 1).saturating_sub(outer)
}

/// Whether a line holds a `|` that separates cells.
pub(super) fn has_unescaped_pipe(b: &[u8]) -> bool {
    b.iter()
        .enumerate()
        .any(|(i, &c)| c == b'|' && (i == 0 || b.get(i - 1) != Some(&b'\\')))
}

/// A GFM delimiter row (`| --- | :-: |`, `--- | ---`).
pub(super) fn is_delimiter_row(b: &[u8]) -> bool {
    b.contains(&b'|')
        && b.contains(&b'-')
        && b.iter()
            .all(|c| matches!(c, b'|' | b'-' | b':' | b' ' | b'\t'))
}

/// A delimiter row of `cells` cells, exactly `len` bytes long, when it fits.
fn delimiter_of(cells: usize, len: usize) -> Option<Vec<u8>> {
    let dashes = len.checked_sub(cells + 1)?;
    if cells == 0 || dashes < cells {
        return None;
    }
    let mut out = vec![b'|'];
    for i in 0..cells {
        let w = if i + 1 == cells {
            dashes - (cells - 1)
        } else {
            1
        };
        out.extend(std::iter::repeat_n(b'-', w));
        out.push(b'|');
    }
    Some(out)
}

/// Runs every repair over `md` (a copy of the page, same offsets).
pub(crate) fn repair(
    md: &mut [u8],
    lines: &[(usize, usize)],
    pos: &dyn Fn(usize) -> Pos,
    diags: &mut Vec<Diagnostic>,
) {
    let mut in_fence = false;
    for k in 0..lines.len() {
        let Some(&span) = lines.get(k) else { break };
        let (b, start) = trimmed(md, span);
        if is_fence(b) {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let lower: Vec<u8> = b
            .iter()
            .filter(|c| !c.is_ascii_whitespace())
            .map(u8::to_ascii_lowercase)
            .collect();
        if matches!(lower.as_slice(), b"<br>" | b"<br/>" | b"</br>") {
            let len = b.len();
            if let Some(s) = md.get_mut(start..start + len) {
                s.fill(b' ');
            }
            continue;
        }
        // A header row, with or without outer pipes.
        if !has_unescaped_pipe(b) || is_delimiter_row(b) {
            continue;
        }
        let header_cells = cell_count(b);
        let Some(&next) = lines.get(k + 1) else { break };
        let (d, dstart) = trimmed(md, next);
        if !is_delimiter_row(d) {
            continue;
        }
        let delim_cells = cell_count(d);
        if delim_cells == header_cells {
            continue;
        }
        let p = pos(dstart);
        match delimiter_of(header_cells, d.len()) {
            Some(fixed) => {
                if let Some(s) = md.get_mut(dstart..dstart + fixed.len()) {
                    s.copy_from_slice(&fixed);
                }
                diags.push(Diagnostic::new(
                    Code::DelimiterRowRepaired,
                    p.line,
                    p.col,
                    format!("the table's delimiter row has {delim_cells} cells under a {header_cells}-cell header; read with {header_cells} columns"),
                ));
            }
            None => diags.push(Diagnostic::new(
                Code::TableNotRead,
                p.line,
                p.col,
                format!("the table's delimiter row has {delim_cells} cells under a {header_cells}-cell header; the table is not read"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_counted_with_and_without_outer_pipes() {
        assert_eq!(cell_count(b"|a|b|c|"), 3);
        assert_eq!(cell_count(b"|a|b|c"), 3);
        assert_eq!(cell_count(b"a | b | c"), 3);
        assert_eq!(cell_count(br"|a\|b|c|"), 2);
        assert_eq!(cell_count(b"|--|-----|--|----|---|--"), 6);
    }

    #[test]
    fn delimiters_are_rebuilt_in_place() {
        assert_eq!(delimiter_of(4, 11).as_deref(), Some(&b"|-|-|-|---|"[..]));
        assert_eq!(delimiter_of(4, 8), None);
    }
}
