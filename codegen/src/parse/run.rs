//! The pages of one run (`generate`, `ir`, `lint` over a tree), read in two phases so that a
//! page whose converter flattened its tables can use what the other pages say about the
//! named types it holds.
//!
//! 1. Every page is read on its own. Each tells the run the fields of the named types whose
//!    nesting it states (a table with nesting markers, or rows its JSON example places), and
//!    which named types its flattened tables hold, which names its examples show at a body's
//!    root or inside an object, and which rows of its flattened tables nothing placed.
//! 2. The dictionary is the union of those entries ([`TypeDictionary`]); the pages whose
//!    flattened tables hold a type it knows, or a row nothing placed whose name the run shows
//!    at a body's root, are read again with it.
//!
//! The dictionary is complete before any page is read with it, and a union of sets, so the
//! result is the same whatever the pages' order or the thread count. Pages without flattened
//! tables are read once, exactly as [`super::parse_item`] reads them.

use super::page::{read_page_with, TypeDictionary};
use crate::ir::Item;
use crate::par::par_map;

/// Reads the pages of one run: `page` gives each item's source (as for
/// [`super::parse_item`]) and bytes. The result has the order of `pages`; up to `threads`
/// threads (0 = the available parallelism).
pub fn parse_pages<T: Sync>(
    pages: &[T],
    threads: usize,
    page: impl Fn(&T) -> (&str, &[u8]) + Sync,
) -> Vec<Item> {
    let first = par_map(pages, threads, |p| {
        let (source, bytes) = page(p);
        read_page_with(source, bytes, None)
    });
    let dict = TypeDictionary::from_learned(first.iter().map(|(_, l)| l));
    let again: Vec<usize> = first
        .iter()
        .enumerate()
        .filter(|(_, (_, l))| dict.serves(l))
        .map(|(i, _)| i)
        .collect();
    let mut items: Vec<Item> = first.into_iter().map(|(item, _)| item).collect();
    let second = par_map(&again, threads, |&i| {
        pages.get(i).map(|p| {
            let (source, bytes) = page(p);
            read_page_with(source, bytes, Some(&dict)).0
        })
    });
    for (i, item) in again.into_iter().zip(second) {
        if let (Some(slot), Some(item)) = (items.get_mut(i), item) {
            *slot = item;
        }
    }
    items
}
