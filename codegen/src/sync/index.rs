//! The pages already in `specs/` by the endpoint they document, for placement rule 2.
//! Parsing every page costs a fraction of a second, and is needed only for pages the state
//! does not know; the index parses one service directory at a time (the one the page's link or
//! URL names first), and the rest only when that finds nothing.

use super::place::Endpoint;
use crate::diff::access;
use crate::par::par_map;
use crate::parse::parse_page;
use std::collections::BTreeSet;

pub struct EndpointIndex<'a> {
    pages: &'a [(String, Vec<u8>)],
    loaded: BTreeSet<String>,
    all: bool,
}

impl<'a> EndpointIndex<'a> {
    /// An index over `(source, bytes)` pages; nothing is parsed yet.
    pub fn new(pages: &'a [(String, Vec<u8>)]) -> Self {
        EndpointIndex {
            pages,
            loaded: BTreeSet::new(),
            all: false,
        }
    }

    /// Parses the pages of `service` (all pages with `None`) not parsed yet; their endpoints.
    /// Empty when there is nothing left to parse.
    pub fn load(&mut self, service: Option<&str>) -> Vec<(Endpoint, String)> {
        if self.all || service.is_some_and(|s| self.loaded.contains(s)) {
            return Vec::new();
        }
        let service_of = |source: &str| source.split('/').next().unwrap_or("").to_string();
        let todo: Vec<&(String, Vec<u8>)> = self
            .pages
            .iter()
            .filter(|(s, _)| {
                let own = service_of(s);
                !self.loaded.contains(&own) && service.is_none_or(|want| own == want)
            })
            .collect();
        match service {
            Some(s) => {
                self.loaded.insert(s.to_string());
            }
            None => self.all = true,
        }
        par_map(&todo, 0, |(source, bytes)| parse_page(source, bytes))
            .into_iter()
            .filter(access::documents_http_api)
            .map(|api| {
                let endpoint = (
                    access::method(&api),
                    access::path_shape(&api),
                    access::host(&api),
                );
                (endpoint, api.source)
            })
            .collect()
    }
}
