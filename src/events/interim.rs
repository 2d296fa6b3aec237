//! INTERIM hand-written event types, until the generator emits typed events from the event
//! doc pages. Only what the examples and tests need; the generated types will replace this
//! module (same trait impls: [`crate::Json`] plus [`crate::Event`] / [`crate::Callback`]),
//! so handlers written against these types keep compiling with the generated ones' names.
//!
//! Fields follow the doc pages `im-v1/message/events/receive.md` (接收消息) and
//! `cardkit-v1/card-callback-communication.md` (卡片回传交互回调). Every field is optional, as
//! an event body does not say which fields are always sent.

use crate::{Callback, Event};
use serde_json::Value;
use std::collections::BTreeMap;

/// A struct whose fields are all optional and whose JSON names are the field names (as the
/// generated types are, minus their docs and setters).
macro_rules! interim_struct {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident $(as $wire:literal)?: $ty:ty,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct $name {
            $($(#[$fdoc])* pub $field: ::std::option::Option<$ty>,)*
        }
        impl crate::Json for $name {
            fn from_json(value: Value) -> Result<Self, crate::JsonError> {
                let mut m = crate::__object(value)?;
                Ok(Self { $($field: crate::__field(&mut m, interim_struct!(@wire $field $($wire)?))?,)* })
            }
            fn to_json(&self) -> Value {
                let mut m = serde_json::Map::new();
                $(crate::__put(&mut m, interim_struct!(@wire $field $($wire)?), &self.$field);)*
                Value::Object(m)
            }
        }
        crate::__serde_via_json!($name);
    };
    (@wire $field:ident $wire:literal) => { $wire };
    (@wire $field:ident) => { stringify!($field) };
}

interim_struct! {
    /// 接收消息 (`im.message.receive_v1`): the bot received a message.
    MessageReceiveV1 {
        /// 事件的发送者
        sender: EventSender,
        /// 事件中包含的消息内容
        message: EventMessage,
    }
}

impl Event for MessageReceiveV1 {
    const EVENT_TYPE: &'static str = "im.message.receive_v1";
}

interim_struct! {
    /// 事件的发送者.
    EventSender {
        /// 用户 ID
        sender_id: UserId,
        /// 消息发送者类型。"user"（用户）或"bot"（机器人）
        sender_type: String,
        /// tenant key
        tenant_key: String,
    }
}

interim_struct! {
    /// A user's ids.
    UserId {
        /// 用户的 union id
        union_id: String,
        /// 用户的 user id
        user_id: String,
        /// 用户的 open id
        open_id: String,
    }
}

interim_struct! {
    /// 事件中包含的消息内容.
    EventMessage {
        /// 消息 ID
        message_id: String,
        /// 根消息 ID
        root_id: String,
        /// 父消息 ID
        parent_id: String,
        /// 消息发送时间（毫秒）
        create_time: String,
        /// 消息更新时间（毫秒）
        update_time: String,
        /// 消息所在的群组 ID
        chat_id: String,
        /// 消息所属的话题 ID
        thread_id: String,
        /// 消息所在的群组类型（`p2p`, `group`）
        chat_type: String,
        /// 消息类型 (`text`, `post`, `image`, ...)
        message_type: String,
        /// 消息内容，JSON 结构序列化后的字符串
        content: String,
        /// 被提及用户的信息
        mentions: Vec<MentionEvent>,
        /// 用户代理数据
        user_agent: String,
    }
}

interim_struct! {
    /// 被提及用户的信息.
    MentionEvent {
        /// 被提及用户序号 (`@_user_1`)
        key: String,
        /// 被提及用户 ID
        id: UserId,
        /// 被at者身份，user（用户）或bot（机器人）
        mentioned_type: String,
        /// 被提及用户姓名
        name: String,
        /// tenant key
        tenant_key: String,
    }
}

interim_struct! {
    /// 卡片回传交互回调 (`card.action.trigger`): a user acted on a card; answer with a
    /// [`CardActionResponse`] within 3 seconds.
    CardActionTrigger {
        /// 回调触发者信息
        operator: CardOperator,
        /// 更新卡片用的凭证
        token: String,
        /// 交互信息
        action: CardAction,
        /// 卡片展示场景
        host: String,
        /// 卡片分发类型
        delivery_type: String,
        /// 展示场景上下文
        context: CardContext,
    }
}

impl Event for CardActionTrigger {
    const EVENT_TYPE: &'static str = "card.action.trigger";
}

impl Callback for CardActionTrigger {
    type Response = CardActionResponse;
}

interim_struct! {
    /// 回调触发者信息.
    CardOperator {
        /// tenant key
        tenant_key: String,
        /// user_id
        user_id: String,
        /// union_id
        union_id: String,
        /// open_id
        open_id: String,
    }
}

interim_struct! {
    /// 交互信息.
    CardAction {
        /// 交互组件绑定的开发者自定义回传数据 (string or object)
        value: Value,
        /// 交互组件的标签
        tag: String,
        /// 用户当前所在地区的时区
        timezone: String,
        /// 组件的自定义唯一标识
        name: String,
        /// 表单容器内用户提交的数据
        form_value: Value,
        /// 输入框中提交的数据
        input_value: String,
        /// 选项回调值
        option: String,
        /// 多选的选项回调值
        options: Vec<String>,
        /// 勾选器组件的回调数据
        checked: bool,
    }
}

interim_struct! {
    /// 展示场景上下文.
    CardContext {
        /// 链接地址
        url: String,
        /// 链接预览的 token
        preview_token: String,
        /// 消息 ID
        open_message_id: String,
        /// 会话 ID
        open_chat_id: String,
    }
}

interim_struct! {
    /// The answer to a `card.action.trigger` callback: a toast, a new card, both or neither
    /// (the card stays as it is).
    CardActionResponse {
        /// 客户端的 Toast 弹窗提示
        toast: Toast,
        /// 卡片数据
        card: CardUpdate,
    }
}

impl CardActionResponse {
    /// A response showing a toast.
    pub fn toast(kind: ToastType, content: impl Into<String>) -> Self {
        CardActionResponse {
            toast: Some(Toast {
                kind: Some(kind),
                content: Some(content.into()),
                i18n: None,
            }),
            card: None,
        }
    }

    /// A response replacing the card with card JSON (`{"type": "raw", "data": card}`).
    pub fn raw_card(card: Value) -> Self {
        CardActionResponse {
            toast: None,
            card: Some(CardUpdate {
                kind: Some("raw".to_owned()),
                data: Some(card),
            }),
        }
    }
}

interim_struct! {
    /// 客户端的 Toast 弹窗提示.
    Toast {
        /// 弹窗提示的类型
        kind as "type": ToastType,
        /// 单语言提示文案
        content: String,
        /// 多语言提示文案 (`zh_cn`, `en_us`, ...)
        i18n: BTreeMap<String, String>,
    }
}

interim_struct! {
    /// 卡片数据: `type` `raw` (card JSON in `data`) or `template` (`template_id`, ... in `data`).
    CardUpdate {
        /// 卡片类型 (`raw`, `template`)
        kind as "type": String,
        /// 卡片的 JSON 数据 or 卡片模板的数据
        data: Value,
    }
}

/// 弹窗提示的类型.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ToastType {
    /// `info`
    Info,
    /// `success`
    Success,
    /// `error`
    Error,
    /// `warning`
    Warning,
    /// A value the docs do not list.
    Unknown(String),
}

impl ToastType {
    const VALUES: &'static [(Self, &'static str)] = &[
        (Self::Info, "info"),
        (Self::Success, "success"),
        (Self::Error, "error"),
        (Self::Warning, "warning"),
    ];
}
crate::__open_enum!(str ToastType);
crate::__serde_via_json!(ToastType);
