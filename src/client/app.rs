//! Which app the client acts for and where the open platform is.

/// Where the open platform is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Region {
    /// `https://open.feishu.cn`
    Feishu,
    /// `https://open.larksuite.com`
    Lark,
    /// Another base URL (a proxy, a private deployment, a test server), without a trailing `/`.
    Custom(String),
}

impl Region {
    /// The base URL.
    pub fn base_url(&self) -> &str {
        match self {
            Region::Feishu => "https://open.feishu.cn",
            Region::Lark => "https://open.larksuite.com",
            Region::Custom(url) => url.trim_end_matches('/'),
        }
    }
}

/// The kind of app, which decides how tokens are obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppType {
    /// A self-built (custom) app: tokens from the `.../internal` endpoints.
    SelfBuilt,
    /// A store (marketplace) app: the app token needs the `app_ticket` Feishu pushes, tenant
    /// tokens need the tenant key ([`super::RequestOptions::tenant_key`]).
    Store,
}
