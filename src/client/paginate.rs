//! Page and item streams over [`Paginated`] APIs.
//!
//! A walk stops when a page says `has_more: false` (or says nothing), when the next token
//! is empty, or when it is a token seen before: a server echoing tokens in a cycle would
//! otherwise loop for ever. The last case is logged as a warning.

use super::config::Client;
use super::request::RequestOptions;
use crate::{Error, Paginated};
use futures_util::stream::{self, BoxStream, StreamExt};
use std::collections::HashSet;

/// Options of a walk: limits and the options of each request.
#[derive(Debug, Clone, Default)]
pub struct PageOptions {
    max_pages: Option<usize>,
    max_items: Option<usize>,
    request: RequestOptions,
}

impl PageOptions {
    /// No limit, default request options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stops after `n` pages.
    pub fn max_pages(mut self, n: usize) -> Self {
        self.max_pages = Some(n);
        self
    }

    /// [`Client::items_with`]: stops after `n` items.
    pub fn max_items(mut self, n: usize) -> Self {
        self.max_items = Some(n);
        self
    }

    /// The options of every page request.
    pub fn request(mut self, opts: RequestOptions) -> Self {
        self.request = opts;
        self
    }
}

struct Walk<R> {
    client: Client,
    request: R,
    opts: PageOptions,
    seen: HashSet<String>,
    pages: usize,
    done: bool,
}

/// A stream item.
type Page<R> = Result<<R as crate::Endpoint>::Response, Error<<R as crate::Endpoint>::Error>>;

impl Client {
    /// The pages of `request`, from its own `page_token` on (none: the first page).
    pub fn pages<R>(&self, request: R) -> BoxStream<'static, Page<R>>
    where
        R: Paginated + Send + Sync + 'static,
        R::Response: Send + 'static,
        R::Error: Send + 'static,
    {
        self.pages_with(request, PageOptions::default())
    }

    /// [`Client::pages`] with limits and request options.
    pub fn pages_with<R>(&self, request: R, opts: PageOptions) -> BoxStream<'static, Page<R>>
    where
        R: Paginated + Send + Sync + 'static,
        R::Response: Send + 'static,
        R::Error: Send + 'static,
    {
        let walk = Walk {
            client: self.clone(),
            request,
            opts,
            seen: HashSet::new(),
            pages: 0,
            done: false,
        };
        stream::unfold(walk, |mut w| async move {
            if w.done || w.opts.max_pages.is_some_and(|m| w.pages >= m) {
                return None;
            }
            w.pages += 1;
            let page = match w.client.call_with(&w.request, &w.opts.request).await {
                Ok(p) => p,
                Err(e) => {
                    w.done = true;
                    return Some((Err(e), w));
                }
            };
            let next = R::next_page_token(&page).filter(|t| !t.is_empty());
            match next {
                Some(t) if R::has_more(&page) == Some(true) => {
                    if w.seen.insert(t.to_owned()) {
                        w.request.set_page_token(Some(t.to_owned()));
                    } else {
                        tracing::warn!(
                            api = R::ID,
                            token = t,
                            "page token seen before; stopping the walk"
                        );
                        w.done = true;
                    }
                }
                _ => w.done = true,
            }
            Some((Ok(page), w))
        })
        .boxed()
    }

    /// The items of every page of `request`, in order.
    pub fn items<R>(&self, request: R) -> BoxStream<'static, Result<R::Item, Error<R::Error>>>
    where
        R: Paginated + Send + Sync + 'static,
        R::Response: Send + 'static,
        R::Error: Send + 'static,
        R::Item: Send + 'static,
    {
        self.items_with(request, PageOptions::default())
    }

    /// [`Client::items`] with limits and request options.
    pub fn items_with<R>(
        &self,
        request: R,
        opts: PageOptions,
    ) -> BoxStream<'static, Result<R::Item, Error<R::Error>>>
    where
        R: Paginated + Send + Sync + 'static,
        R::Response: Send + 'static,
        R::Error: Send + 'static,
        R::Item: Send + 'static,
    {
        let max_items = opts.max_items.unwrap_or(usize::MAX);
        self.pages_with(request, opts)
            .flat_map(|page| match page {
                Ok(p) => stream::iter(R::into_items(p).into_iter().map(Ok).collect::<Vec<_>>()),
                Err(e) => stream::iter(vec![Err(e)]),
            })
            .take(max_items)
            .boxed()
    }
}
