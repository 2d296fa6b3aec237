//! Table row text that pulldown-cmark would misread, repaired byte for byte (offsets stay
//! valid) on the copy of the page it reads:
//! - a tab in a delimiter row (`| ---\t|`) stops pulldown-cmark from seeing a table at all,
//!   so the whole table became a paragraph; tabs there are spaces;
//! - pipes inside code spans (below).
//!
//! Pipes inside code spans of table rows. GFM splits a row at every unescaped `|`, even one
//! inside backticks, so a regex constraint such as `` `^(a|b)$` `` cuts its cell in two and
//! the rest of the row is lost (the extra cells are dropped). When a row has more cells than
//! its header and reading its code spans as text gives exactly the header's count, those
//! pipes are the doc's text: they are hidden from pulldown-cmark as [`HIDDEN_PIPE`] (one
//! byte, so offsets stay valid) and turned back into `|` in the cell text.
//!
//! No diagnostic: the reading is not a guess (the header says how many cells the row has)
//! and nothing is dropped.

/// What a pipe inside a code span of a table row becomes until the cell text is taken.
pub(super) const HIDDEN_PIPE: u8 = 0x1e;

/// Repairs the table rows of `md` (a copy of the page, same offsets): tabs in delimiter
/// rows become spaces; pipes inside code spans are hidden where that makes the row's cell
/// count its header's (not when the page itself holds the [`HIDDEN_PIPE`] byte).
pub(super) fn repair_rows(md: &mut [u8]) {
    let hide_pipes = !md.contains(&HIDDEN_PIPE);
    let mut header_cells: Option<usize> = None;
    let mut in_fence = false;
    let mut start = 0;
    let mut prev: Option<(usize, usize)> = None;
    while start <= md.len() {
        let end = md
            .get(start..)
            .and_then(|r| r.iter().position(|&b| b == b'\n'))
            .map_or(md.len(), |p| start + p);
        let line = trim(md.get(start..end).unwrap_or(&[]));
        if line.starts_with(b"```") || line.starts_with(b"~~~") {
            in_fence = !in_fence;
            header_cells = None;
        } else if in_fence || line.first() != Some(&b'|') {
            header_cells = None;
        } else if is_delimiter_row(line) {
            if let Some(row) = md.get_mut(start..end) {
                for c in row.iter_mut().filter(|c| **c == b'\t') {
                    *c = b' ';
                }
            }
            // The line before is the header.
            header_cells = prev
                .and_then(|(s, e)| md.get(s..e))
                .map(|h| cells(trim(h), false));
        } else if let Some(want) = header_cells.filter(|_| hide_pipes) {
            let line_start = start + (md.get(start..end).map_or(0, lead));
            let len = line.len();
            if cells(line, false) > want && cells(line, true) == want {
                if let Some(row) = md.get_mut(line_start..line_start + len) {
                    hide(row);
                }
            }
        }
        prev = Some((start, end));
        start = end + 1;
    }
}

fn lead(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_whitespace()).count()
}

fn trim(b: &[u8]) -> &[u8] {
    let s = lead(b);
    let e = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(s, |i| i + 1);
    b.get(s..e.max(s)).unwrap_or(&[])
}

fn is_delimiter_row(b: &[u8]) -> bool {
    b.contains(&b'-')
        && b.iter()
            .all(|c| matches!(c, b'|' | b'-' | b':' | b' ' | b'\t'))
}

/// The byte ranges of the closed code spans of a line: backtick runs matched by a run of the
/// same length.
fn code_spans(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b.get(i) != Some(&b'`') || (i > 0 && b.get(i - 1) == Some(&b'\\')) {
            i += 1;
            continue;
        }
        let run = b
            .get(i..)
            .map_or(0, |r| r.iter().take_while(|&&c| c == b'`').count());
        let mut j = i + run;
        let mut closed = None;
        while j < b.len() {
            if b.get(j) == Some(&b'`') {
                let r = b
                    .get(j..)
                    .map_or(0, |r| r.iter().take_while(|&&c| c == b'`').count());
                if r == run {
                    closed = Some(j + r);
                    break;
                }
                j += r;
            } else {
                j += 1;
            }
        }
        match closed {
            Some(e) => {
                out.push((i, e));
                i = e;
            }
            None => i += run,
        }
    }
    out
}

/// Cells of a piped row; with `spans_are_text`, pipes inside code spans do not split.
fn cells(b: &[u8], spans_are_text: bool) -> usize {
    let spans = if spans_are_text {
        code_spans(b)
    } else {
        Vec::new()
    };
    let inside = |i: usize| spans.iter().any(|&(s, e)| s <= i && i < e);
    let mut pipes = 0usize;
    let mut prev = 0u8;
    for (i, &c) in b.iter().enumerate() {
        if c == b'|' && prev != b'\\' && !inside(i) {
            pipes += 1;
        }
        prev = c;
    }
    let outer = usize::from(b.first() == Some(&b'|')) + usize::from(b.ends_with(b"|"));
    (pipes + 1).saturating_sub(outer)
}

fn hide(row: &mut [u8]) {
    for (s, e) in code_spans(row) {
        if let Some(span) = row.get_mut(s..e) {
            for c in span.iter_mut().filter(|c| **c == b'|') {
                *c = HIDDEN_PIPE;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> String {
        let mut b = s.as_bytes().to_vec();
        repair_rows(&mut b);
        String::from_utf8_lossy(&b).replace('\u{1e}', "¦")
    }

    #[test]
    fn pipes_in_code_spans_are_hidden_only_when_that_fits_the_header() {
        let t = "| a | b |\n| --- | --- |\n| x | `^(1|2)$` |\n| y | `p` | q |\n";
        assert_eq!(
            run(t),
            "| a | b |\n| --- | --- |\n| x | `^(1¦2)$` |\n| y | `p` | q |\n"
        );
        // Outside a table, and when the row already fits, nothing changes.
        assert_eq!(run("`a|b`\n"), "`a|b`\n");
        let fits = "| a | b |\n| --- | --- |\n| `x|y` |\n";
        assert_eq!(run(fits), fits);
        let one = "| a | b |\n| --- | --- |\n| x | `y` |\n";
        assert_eq!(run(one), one);
    }

    #[test]
    fn tabs_in_delimiter_rows_become_spaces() {
        // specs/authen/v1/index/get.md:55
        let t = "|**名称**|  **描述**|\n| ---\t|  --- \t|\n| code | x |\n";
        assert_eq!(
            run(t),
            "|**名称**|  **描述**|\n| --- |  ---  |\n| code | x |\n"
        );
    }

    #[test]
    fn unclosed_backticks_and_fences_are_left_alone() {
        let t = "| a | b |\n| --- | --- |\n| x | `y|z |\n";
        assert_eq!(run(t), t);
        let f = "```\n| a | b |\n| --- | --- |\n| x | `y|z` |\n```\n";
        assert_eq!(run(f), f);
    }
}
