//! Each API's share of the reuse hashes (see [`super::reuse`]), worked out once per run: the
//! digest of its IR and what the doc links in it resolve to. Both come from one walk of the
//! IR through its `Hash` impls into [`IrHasher`]: every string of the IR passes by whole, so
//! the links are found on the way, and nothing is serialised (an unchanged tree's `generate`
//! runs this over every API).
use crate::emit::links::{self, LinkIndex};
use crate::ir::Api;
use sha2::{Digest, Sha256};
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
            sha: Sha256::new(),
            pending: Vec::with_capacity(IrHasher::CHUNK),
            index,
            service,
            links: String::new(),
        };
        api.hash(&mut hasher);
        hasher.sha.update(&hasher.pending);
        ApiDigest {
            ir: hasher.sha.finalize().into(),
            links: hasher.links,
        }
    }
}

/// A [`Hasher`] that feeds SHA-256 and collects the [`LinkIndex::fingerprint`] of every
/// string written to it. A `Hash` impl writes a string's bytes in one [`Hasher::write`] and
/// ends it with a marker byte, and a collection's length or an enum's variant before its
/// contents, so distinct IRs write distinct bytes; numbers go in as LEB128 (prefix-free, and
/// mostly one byte). Another compiler may write other bytes for the same IR; that only costs
/// a full run.
struct IrHasher<'a> {
    sha: Sha256,
    /// Bytes not yet given to `sha`: the IR is written in millions of small pieces, and
    /// SHA-256 takes big ones faster.
    pending: Vec<u8>,
    index: &'a LinkIndex,
    service: &'a str,
    links: String,
}

impl IrHasher<'_> {
    const CHUNK: usize = 16 * 1024;
    /// Longer pieces (descriptions, examples) go to `sha` without a copy.
    const LONG: usize = 256;

    fn take(&mut self, bytes: &[u8]) {
        if bytes.len() >= Self::LONG {
            self.sha.update(&self.pending);
            self.pending.clear();
            self.sha.update(bytes);
            return;
        }
        self.pending.extend_from_slice(bytes);
        if self.pending.len() >= Self::CHUNK {
            self.sha.update(&self.pending);
            self.pending.clear();
        }
    }

    fn number(&mut self, mut n: u64) {
        let mut bytes = [0u8; 10];
        let mut len = 0;
        for byte in &mut bytes {
            len += 1;
            *byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                break;
            }
            *byte |= 0x80;
        }
        self.take(bytes.get(..len).unwrap_or(&bytes));
    }
}

impl Hasher for IrHasher<'_> {
    fn write(&mut self, bytes: &[u8]) {
        self.take(bytes);
        if bytes.contains(&b'/') {
            if let Ok(text) = std::str::from_utf8(bytes) {
                self.links
                    .push_str(&self.index.fingerprint(self.service, text));
            }
        }
    }

    // Numbers are never links: straight to the digest.
    fn write_u8(&mut self, n: u8) {
        self.take(&[n]);
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

    /// Not used: the digest is the SHA-256 state, read by [`ApiDigest::of`].
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
        let index = links::link_index(&[target.clone(), linking.clone()]);
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
    fn an_api_the_run_did_not_list_is_digested_on_demand() {
        let apis = [
            api("im/v1/chat/get", ""),
            api("im/v1/message/create", "[x](/ssl:ttdoc/a/im/v1/chat/get)"),
        ];
        let index = links::link_index(&apis);
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
