//! Markdown → blocks, with pulldown-cmark.
