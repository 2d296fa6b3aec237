//! Helpers over doc text (cell and paragraph content).
