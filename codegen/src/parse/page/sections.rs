//! Which part of a page a block belongs to, from section titles read by meaning.

use crate::parse::text::plain_text;

/// What part of the page the reader is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sec {
    Preamble,
    Request,
    Headers,
    PathParams,
    QueryParams,
    RequestBody,
    /// `请求参数`: the body, or the query of a GET.
    RequestParams,
    RequestExample,
    TypeExtra,
    Response,
    ResponseHeaders,
    ResponseBody,
    ResponseExample,
    Errors,
    Samples,
    /// `## 事件` / `## 回调`: the event's basic table (its type, scopes, app types).
    EventInfo,
    /// `事件体`, `回调结构体`: the envelope and the event object's fields.
    EventBody,
    /// `事件体示例`, `回调结构体示例`.
    EventExample,
    /// `响应回调的结构体`: the answer a callback expects, with its alternatives' sub-sections.
    CallbackResponse,
    Other,
}

impl Sec {
    /// Sections whose tables document parameters or fields.
    pub(super) fn holds_parameters(self) -> bool {
        matches!(
            self,
            Sec::Headers
                | Sec::PathParams
                | Sec::QueryParams
                | Sec::RequestBody
                | Sec::RequestParams
                | Sec::TypeExtra
                | Sec::ResponseBody
                | Sec::ResponseHeaders
                | Sec::Response
                | Sec::Request
                | Sec::EventBody
                | Sec::CallbackResponse
        )
    }
}

/// Classifies a heading or bold marker by meaning.
pub(super) fn classify(title: &str) -> Option<Sec> {
    let t = plain_text(title);
    let t = t.trim().trim_end_matches([':', '：']).trim();
    let lower = t.to_lowercase();
    if lower.contains("curl") || lower.contains("sdk") {
        return Some(Sec::Samples);
    }
    let example = t.contains("示例") || t.contains("成功") || t.contains("失败");
    if let Some(sec) = classify_event(t, example) {
        return Some(sec);
    }
    let sec = if t.contains("调用示例") {
        Sec::Samples
    } else if t.contains("类型额外说明") {
        Sec::TypeExtra
    } else if t.contains("请求头") {
        Sec::Headers
    } else if t.contains("路径参数") {
        Sec::PathParams
    } else if t.contains("查询参数") {
        Sec::QueryParams
    } else if t.contains("请求") && example {
        Sec::RequestExample
    } else if t.contains("请求体") {
        Sec::RequestBody
    } else if t.contains("请求参数") {
        Sec::RequestParams
    } else if t.contains("响应头") {
        Sec::ResponseHeaders
    } else if t.contains("响应") && example {
        Sec::ResponseExample
    } else if t.contains("响应体") {
        Sec::ResponseBody
    } else if t.contains("错误码") {
        Sec::Errors
    } else if t == "请求" {
        Sec::Request
    } else if t == "响应" || t == "返回" {
        Sec::Response
    } else {
        return None;
    };
    Some(sec)
}

/// The sections of event and callback pages (`事件体（事件类型为 leave_approval）` too).
fn classify_event(t: &str, example: bool) -> Option<Sec> {
    let sec = if t.contains("响应回调") {
        Sec::CallbackResponse
    } else if t.contains("事件体") || t.contains("回调结构体") {
        if example {
            Sec::EventExample
        } else {
            Sec::EventBody
        }
    } else if t.contains("示例代码") {
        Sec::Samples
    } else if t == "事件" || t == "回调" {
        Sec::EventInfo
    } else {
        return None;
    };
    Some(sec)
}

/// A paragraph that is only a bold section marker (`**请求体示例**:`) opens that section.
pub(super) fn bold_marker_section(text: &str) -> Option<Sec> {
    let rest = text.strip_prefix("**")?;
    let end = rest.find("**")? + 4;
    let marker = text.get(..end)?;
    let after = text.get(end..)?.trim().trim_start_matches([':', '：']);
    if !after.trim().is_empty() {
        return None;
    }
    classify(marker)
}
