//! Each API's share of the reuse hashes (see [`super::reuse`]), worked out once per run: the
//! digest of its IR and what the doc links in it resolve to. Both come from one walk of the
//! IR through its `Hash` impls into [`IrHasher`]: every string of the IR passes by whole, so
//! the links are found on the way, and nothing is serialised (an unchanged tree's `generate`
//! runs this over every API).
use crate::emit::links::{self, LinkIndex};
use crate::ir::Api;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// One API's digest.
#[derive(Debug, PartialEq, Eq)]
struct ApiDigest {
    ir: [u8; 32],
    /// Its [`LinkIndex::fingerprint`] from its module's service.
    links: String,
}

impl ApiDigest {
    fn of(index: &LinkIndex, service: &str, api: &Api) -> Self {
        let mut hasher = IrHasher {
            feed: Feed::new(),
            index,
            service,
            links: String::new(),
        };
        api.hash(&mut hasher);
        ApiDigest {
            ir: hasher.feed.finish(),
            links: hasher.links,
        }
    }
}

/// BLAKE3 fed in small pieces: they are gathered first, as BLAKE3 hashes 16 KiB at once
/// (16 of its 1 KiB chunks side by side) about 1.6 times as fast as in 4 KiB pieces, and
/// one block at a time far slower (an unchanged tree's run feeds it millions of strings and
/// numbers).
pub(crate) struct Feed {
    hasher: blake3::Hasher,
    /// Bytes not yet given to `hasher` (the first `len`). On the stack: a heap buffer per
    /// API made glibc's malloc consolidate its free lists each time.
    pending: [u8; Feed::CHUNK],
    len: usize,
}

impl Feed {
    const CHUNK: usize = 16 * 1024;

    pub(crate) fn new() -> Self {
        Feed {
            hasher: blake3::Hasher::new(),
            pending: [0; Feed::CHUNK],
            len: 0,
        }
    }

    pub(crate) fn take(&mut self, mut bytes: &[u8]) {
        // Every piece goes through `pending`, long ones too: the hasher then only ever gets
        // whole 16 KiB, which it hashes chunks side by side; a piece given it directly
        // leaves it mid-chunk, and the rest of that chunk goes one block at a time.
        while !bytes.is_empty() {
            let (now, later) = bytes.split_at(bytes.len().min(Self::CHUNK - self.len));
            if let Some(free) = self.pending.get_mut(self.len..self.len + now.len()) {
                free.copy_from_slice(now);
            }
            self.len += now.len();
            if self.len == Self::CHUNK {
                self.hasher.update(&self.pending);
                self.len = 0;
            }
            bytes = later;
        }
    }

    /// [`Feed::take`] of one byte (the IR's markers and most of its numbers).
    pub(crate) fn take_byte(&mut self, byte: u8) {
        match self.pending.get_mut(self.len) {
            Some(free) => {
                *free = byte;
                self.len += 1;
                if self.len == Self::CHUNK {
                    self.hasher.update(&self.pending);
                    self.len = 0;
                }
            }
            None => self.take(&[byte]),
        }
    }

    /// The digest of every byte taken, in order.
    pub(crate) fn finish(mut self) -> [u8; 32] {
        self.hasher
            .update(self.pending.get(..self.len).unwrap_or_default());
        self.hasher.finalize().into()
    }
}

/// A [`Hasher`] that feeds a [`Feed`] and collects the [`LinkIndex::fingerprint`] of every
/// string written to it. A `Hash` impl writes a string's bytes in one [`Hasher::write`] and
/// ends it with a marker byte, and a collection's length or an enum's variant before its
/// contents, so distinct IRs write distinct bytes; numbers go in as LEB128 (prefix-free, and
/// mostly one byte). Another compiler may write other bytes for the same IR; that only costs
/// a full run.
struct IrHasher<'a> {
    feed: Feed,
    index: &'a LinkIndex,
    service: &'a str,
    links: String,
}

impl IrHasher<'_> {
    fn number(&mut self, mut n: u64) {
        loop {
            let low = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.feed.take_byte(low);
                return;
            }
            self.feed.take_byte(low | 0x80);
        }
    }
}

impl Hasher for IrHasher<'_> {
    fn write(&mut self, bytes: &[u8]) {
        self.feed.take(bytes);
        self.index
            .fingerprint_into(self.service, bytes, &mut self.links);
    }

    // Numbers are never links: straight to the digest.
    fn write_u8(&mut self, n: u8) {
        self.feed.take_byte(n);
    }

    fn write_u32(&mut self, n: u32) {
        self.number(n.into());
    }

    fn write_u64(&mut self, n: u64) {
        self.number(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.number(n as u64);
    }

    fn write_isize(&mut self, n: isize) {
        self.number(n as u64);
    }

    /// Not used: the digest is the feed's, read by [`ApiDigest::of`].
    fn finish(&self) -> u64 {
        0
    }
}

/// The digests of a run's APIs, by page.
pub(crate) struct ApiDigests<'a> {
    index: &'a LinkIndex,
    by_page: HashMap<&'a str, ApiDigest>,
}

impl<'a> ApiDigests<'a> {
    /// The digests of `modules`' APIs (`(module path, APIs)`), on up to `threads` threads.
    pub(crate) fn new(
        index: &'a LinkIndex,
        modules: &[(&str, &[&'a Api])],
        threads: usize,
    ) -> Self {
        let apis: Vec<(&str, &'a Api)> = modules
            .iter()
            .flat_map(|(path, apis)| apis.iter().map(move |a| (links::service_of(path), *a)))
            .collect();
        let digests = crate::par::par_map(&apis, threads, |(service, api)| {
            ApiDigest::of(index, service, api)
        });
        let by_page = apis
            .iter()
            .map(|(_, a)| a.source.as_str())
            .zip(digests)
            .collect();
        ApiDigests { index, by_page }
    }

    /// The digest of `api`'s IR (worked out here for an API the run did not list).
    pub(crate) fn ir(&self, api: &Api) -> [u8; 32] {
        match self.by_page.get(api.source.as_str()) {
            Some(d) => d.ir,
            None => ApiDigest::of(self.index, "", api).ir,
        }
    }

    /// What the doc links in the IR of `apis`, modules of `service`, resolve to.
    pub(crate) fn links(&self, service: &str, apis: &[&Api]) -> String {
        let mut out = String::new();
        for api in apis {
            match self.by_page.get(api.source.as_str()) {
                Some(d) => out.push_str(&d.links),
                None => out.push_str(&ApiDigest::of(self.index, service, api).links),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(id: &str, description: &str) -> Api {
        let url = format!("https://open.feishu.cn/document/a/{id}");
        let mut a = links::tests::api(id, Some(&url));
        a.description = description.to_owned();
        a
    }

    #[test]
    fn the_digest_follows_every_part_of_the_ir_and_finds_its_links() {
        let target = api("im/v1/chat/get", "");
        let linking = api(
            "im/v1/message/create",
            "See [get](https://open.feishu.cn/document/a/im/v1/chat/get).",
        );
        let index = links::link_index(&[target.clone(), linking.clone()], 1);
        let d = ApiDigest::of(&index, "im", &linking);
        // Its own page (its `doc_url`), then the page its description links to.
        assert_eq!(
            d.links,
            "a/im/v1/message/create\u{1f}crate::im::v1::message::CreateMessageRequest\u{1e}\
             a/im/v1/chat/get\u{1f}crate::im::v1::chat::GetChatRequest\u{1e}"
        );
        // From another service the link does not resolve; the IR's digest is the same.
        let other = ApiDigest::of(&index, "vc", &linking);
        assert_eq!((other.links.as_str(), other.ir), ("", d.ir));
        // Any change of the IR, however deep, changes the digest; equal IRs digest equal.
        assert_eq!(ApiDigest::of(&index, "im", &linking.clone()), d);
        let mut edited = linking.clone();
        edited.response_body.flat = true;
        assert_ne!(ApiDigest::of(&index, "im", &edited).ir, d.ir);
        let mut moved = linking.clone();
        moved.title = "a".into();
        moved.description.insert(0, 'x');
        let mut back = linking.clone();
        back.title = "ax".into();
        assert_ne!(
            ApiDigest::of(&index, "im", &moved).ir,
            ApiDigest::of(&index, "im", &back).ir,
            "a string's end is part of the digest"
        );
    }

    #[test]
    fn a_feed_digests_its_bytes_whatever_the_pieces() {
        // Long enough to fill the buffer several times; pieces of every kind of length
        // (single bytes, short, across a buffer's end, longer than the buffer).
        let bytes: Vec<u8> = (0..70_000u32).map(|i| (i * 31 % 251) as u8).collect();
        let whole = *blake3::hash(&bytes).as_bytes();
        for sizes in [
            &[1usize][..],
            &[7, 300, 1],
            &[16 * 1024 - 3, 5],
            &[20_000, 1, 2],
        ] {
            let mut feed = Feed::new();
            let (mut rest, mut i) = (bytes.as_slice(), 0);
            while !rest.is_empty() {
                let n = sizes[i % sizes.len()].min(rest.len());
                let (piece, tail) = rest.split_at(n);
                match piece {
                    [b] if i % 2 == 0 => feed.take_byte(*b),
                    _ => feed.take(piece),
                }
                (rest, i) = (tail, i + 1);
            }
            assert_eq!(feed.finish(), whole, "pieces of {sizes:?}");
        }
        assert_eq!(Feed::new().finish(), *blake3::hash(b"").as_bytes());
    }

    #[test]
    fn an_api_the_run_did_not_list_is_digested_on_demand() {
        let apis = [
            api("im/v1/chat/get", ""),
            api("im/v1/message/create", "[x](/ssl:ttdoc/a/im/v1/chat/get)"),
        ];
        let index = links::link_index(&apis, 1);
        let listed: Vec<&Api> = apis.iter().take(1).collect();
        let digests = ApiDigests::new(&index, &[("im/v1/chat.rs", listed.as_slice())], 1);
        let [get, create] = &apis;
        assert_eq!(digests.ir(get), ApiDigest::of(&index, "im", get).ir);
        assert_eq!(digests.ir(create), ApiDigest::of(&index, "im", create).ir);
        assert_eq!(
            digests.links("im", &[get, create]),
            ApiDigest::of(&index, "im", get).links + &ApiDigest::of(&index, "im", create).links
        );
    }
}
