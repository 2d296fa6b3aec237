//! Unit tests of [`super`]: cells as the corpus writes them, and hostile ones.

use super::*;

fn ev(value: &str, description: &str) -> EnumValue {
    EnumValue {
        value: value.to_string(),
        description: description.to_string(),
    }
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

// ---- flavour A (reference pages; `<br>` already turned into `\n`) ----

#[test]
fn a_example_and_enum_list() {
    let d = split_field_doc(
        "Offer 状态 \n **示例**: 6 \n **可选值**:\n- 2: Offer 审批中 \n- 3: Offer 审批已撤回 \n- 10: Offer 已创建 \n",
    );
    assert_eq!(d.description, "Offer 状态");
    assert_eq!(d.example, some("6"));
    assert_eq!(d.default, None);
    assert_eq!(
        d.enum_values,
        vec![
            ev("2", "Offer 审批中"),
            ev("3", "Offer 审批已撤回"),
            ev("10", "Offer 已创建")
        ]
    );
    assert!(d.constraints.is_empty());
}

#[test]
fn a_empty_example_is_none() {
    let d = split_field_doc("Offer 基本信息 \n **示例**:   ");
    assert_eq!(d.description, "Offer 基本信息");
    assert_eq!(d.example, None);
    let d = split_field_doc("自定义信息 <br> **示例**:");
    assert_eq!(d.example, None);
    assert_eq!(d.description, "自定义信息 <br>");
}

#[test]
fn a_notes_stay_in_description() {
    let d = split_field_doc(
        "Offer 失效时间\n\n\n\n**注意**：当请求参数 offer_status 为「Offer 已发送」时必填\n\n\n\n**值格式**：\"YYYY-MM-DD\" \n **示例**: 2023-01-01  ",
    );
    assert_eq!(d.example, some("2023-01-01"));
    assert_eq!(
        d.description,
        "Offer 失效时间\n\n\n\n**注意**：当请求参数 offer_status 为「Offer 已发送」时必填\n\n\n\n**值格式**：\"YYYY-MM-DD\""
    );
}

#[test]
fn a_single_constraint_marker_with_value_on_next_line() {
    let d = split_field_doc(
        "终止原因 ID 列表，可通过[获取终止投递原因](/ssl:ttdoc/ukTMukTMukTM/uMzM1YjLzMTN24yMzUjN/hire-v1/termination_reason/list)接口获取\n\n\n\n**最大长度**：\n50\n\n\n\n**注意**：当请求参数 offer_status 为「Offer 被候选人拒绝」时必填 \n **示例**:   ",
    );
    assert_eq!(d.constraints, vec!["最大长度：50".to_string()]);
    assert_eq!(d.example, None);
    assert_eq!(
        d.description,
        "终止原因 ID 列表，可通过[获取终止投递原因](/ssl:ttdoc/ukTMukTMukTM/uMzM1YjLzMTN24yMzUjN/hire-v1/termination_reason/list)接口获取\n**注意**：当请求参数 offer_status 为「Offer 被候选人拒绝」时必填"
    );
}

#[test]
fn a_joined_constraints_are_split() {
    let d = split_field_doc(
        "ID 列表（最多传入 100 个 ID，ID 长度限制 50 个字符） \n **示例**:  \n **数据校验规则**:\n最大长度: 100最小长度: 1",
    );
    assert_eq!(
        d.description,
        "ID 列表（最多传入 100 个 ID，ID 长度限制 50 个字符）"
    );
    assert_eq!(d.example, None);
    assert_eq!(d.constraints, vec!["最大长度: 100", "最小长度: 1"]);
}

#[test]
fn a_default_example_and_constraint() {
    let d = split_field_doc(
        "需要同步日历的设备名，在日历中用来展示。\n\n**默认值**：空 \n **示例**: iPhone \n **数据校验规则**:\n最大长度: 100",
    );
    assert_eq!(d.description, "需要同步日历的设备名，在日历中用来展示。");
    assert_eq!(d.default, some("空"));
    assert_eq!(d.example, some("iPhone"));
    assert_eq!(d.constraints, vec!["最大长度: 100"]);
}

#[test]
fn a_enum_with_chinese_colons_then_example() {
    let d = split_field_doc(
        "查询结果是否包含离职员工的用户信息。\n\n**可选值有**：\n- true：包含\n- false：不包含 \n **示例**: true  ",
    );
    assert_eq!(d.description, "查询结果是否包含离职员工的用户信息。");
    assert_eq!(
        d.enum_values,
        vec![ev("true", "包含"), ev("false", "不包含")]
    );
    assert_eq!(d.example, some("true"));
}

#[test]
fn a_note_list_is_not_an_enum() {
    let d = split_field_doc(
        "新的自定义部门 ID，即部门的 department_id。\n\n**注意**：\n\n- 不能以 `od-` 开头。\n- 不能设置为 `0`。\n- 不能与其他未删除部门的 department_id 重复。 \n **示例**: NewDevDepartID \n **数据校验规则**:\n最大长度: 128 ",
    );
    assert_eq!(
        d.description,
        "新的自定义部门 ID，即部门的 department_id。\n\n**注意**：\n\n- 不能以 `od-` 开头。\n- 不能设置为 `0`。\n- 不能与其他未删除部门的 department_id 重复。"
    );
    assert!(d.enum_values.is_empty());
    assert_eq!(d.example, some("NewDevDepartID"));
    assert_eq!(d.constraints, vec!["最大长度: 128"]);
}

// ---- flavour C ----

#[test]
fn c_quoted_example_in_code_reads_as_the_raw_flavour_quoted_one() {
    // The same row of `im/v1/message/create.md` in the two flavours.
    let c = split_field_doc("消息内容\n**示例值**：\"`{\\\"text\\\":\\\"test content\\\"}`\"");
    let raw = split_field_doc("消息内容\n**示例值**：\"{\\\"text\\\":\\\"test content\\\"}\"");
    assert_eq!(c.example, some(r#"{\"text\":\"test content\"}"#));
    assert_eq!(c, raw);
    // Two values, each in code, stay as the doc wrote them.
    let d = split_field_doc("环境\n**示例值**：\"`online`、`dev`\"");
    assert_eq!(d.example, some("`online`、`dev`"));
}

#[test]
fn c_quoted_example_after_link() {
    let d = split_field_doc(
        "文件 ID，可通过[批量查询用户人脸识别信息](https://open.larkoffice.com/document/uAjLw4CM/ukTMukTMukTM/reference/attendance-v1/user_setting/query)获取\n**示例值**：\"xxxxxb306842b1c189bc5212eefxxxxx\"",
    );
    assert_eq!(
        d.description,
        "文件 ID，可通过[批量查询用户人脸识别信息](https://open.larkoffice.com/document/uAjLw4CM/ukTMukTMukTM/reference/attendance-v1/user_setting/query)获取"
    );
    assert_eq!(d.example, some("xxxxxb306842b1c189bc5212eefxxxxx"));
}

#[test]
fn c_authorization_header_keeps_format_and_link() {
    let d = split_field_doc(
        "`tenant_access_token` **值格式**：\"Bearer `access_token`\" **示例值**：\"Bearer t-7f1bcd13fc57d46bac21793a18e560\" [了解更多：如何选择与获取 access token](https://open.larkoffice.com/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-choose-which-type-of-token-to-use) ",
    );
    assert_eq!(d.example, some("Bearer t-7f1bcd13fc57d46bac21793a18e560"));
    assert_eq!(
        d.description,
        "`tenant_access_token` **值格式**：\"Bearer `access_token`\" [了解更多：如何选择与获取 access token](https://open.larkoffice.com/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-choose-which-type-of-token-to-use)"
    );
}

#[test]
fn c_fixed_value_is_not_an_example() {
    let d = split_field_doc("**固定值**：\"application/json; charset=utf-8\"");
    assert_eq!(d.example, None);
    assert_eq!(d.default, None);
    assert_eq!(
        d.description,
        "**固定值**：\"application/json; charset=utf-8\""
    );
}

#[test]
fn c_enum_items_on_one_line() {
    let d = split_field_doc(
        "审批类型\n**可选值有**：\n- `leave`: 请假 - `overtime`: 加班 - `trip`: 出差 - `out`: 外出 - `remedy`: 补卡",
    );
    assert_eq!(d.description, "审批类型");
    assert_eq!(
        d.enum_values,
        vec![
            ev("leave", "请假"),
            ev("overtime", "加班"),
            ev("trip", "出差"),
            ev("out", "外出"),
            ev("remedy", "补卡")
        ]
    );
}

#[test]
fn c_unmarked_inline_list_and_note_stay() {
    let d = split_field_doc(
        "审批状态 - `1`：不通过 - `2`：通过 - `4`：撤销\n**注意** - **请假、外出、加班、出差**只支持传**撤销** - **补卡**支持传**不通过、通过和撤销**\n**示例值**：4",
    );
    assert!(d.enum_values.is_empty());
    assert_eq!(d.example, some("4"));
    assert_eq!(
        d.description,
        "审批状态 - `1`：不通过 - `2`：通过 - `4`：撤销\n**注意** - **请假、外出、加班、出差**只支持传**撤销** - **补卡**支持传**不通过、通过和撤销**"
    );
}

#[test]
fn c_default_example_and_max_value() {
    let d = split_field_doc(
        "分页大小\n**默认值**：10\n**示例值**：10\n**数据校验规则**：\n- 最大值：`100`",
    );
    assert_eq!(d.description, "分页大小");
    assert_eq!(d.default, some("10"));
    assert_eq!(d.example, some("10"));
    assert_eq!(d.constraints, vec!["最大值：100"]);
}

#[test]
fn c_backticked_default_and_range() {
    let d = split_field_doc(
        "优先级，数值越小，客户端展示的优先级越高。不同系统状态的优先级不能一样。\n**示例值**：1\n**默认值**：`0`\n**数据校验规则**：\n- 取值范围：`0` ～ `9`",
    );
    assert_eq!(d.default, some("0"));
    assert_eq!(d.example, some("1"));
    assert_eq!(d.constraints, vec!["取值范围：0 ～ 9"]);
    assert_eq!(
        d.description,
        "优先级，数值越小，客户端展示的优先级越高。不同系统状态的优先级不能一样。"
    );
}

#[test]
fn c_length_range_with_unit() {
    let d = split_field_doc(
        "文件的名称\n**示例值**：\"test.txt\"\n**数据校验规则**：\n- 长度范围：`0` ～ `100` 字符\n- 最小值：`1`",
    );
    assert_eq!(d.example, some("test.txt"));
    assert_eq!(d.constraints, vec!["长度范围：0 ～ 100 字符", "最小值：1"]);
    assert_eq!(d.description, "文件的名称");
}

#[test]
fn c_enum_descriptions_with_links_then_default_and_permission_note() {
    let d = split_field_doc(
        "用户 ID 类型\n**示例值**：open_id\n**可选值有**：\n- `open_id`: 标识一个用户在某个应用中的身份。[了解更多：如何获取 Open ID](https://open.larkoffice.com/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-obtain-openid) - `union_id`: 标识一个用户在某个应用开发商下的身份。[了解更多：如何获取 Union ID？](https://open.larkoffice.com/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-obtain-union-id) - `user_id`: 标识一个用户在某个租户内的身份。\n**默认值**：`open_id`\n**当值为 `user_id`，字段权限要求**： `contact:user.employee_id:readonly` 获取用户 user ID",
    );
    assert_eq!(d.example, some("open_id"));
    assert_eq!(d.default, some("open_id"));
    assert_eq!(
        d.enum_values,
        vec![
            ev("open_id", "标识一个用户在某个应用中的身份。[了解更多：如何获取 Open ID](https://open.larkoffice.com/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-obtain-openid)"),
            ev("union_id", "标识一个用户在某个应用开发商下的身份。[了解更多：如何获取 Union ID？](https://open.larkoffice.com/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-obtain-union-id)"),
            ev("user_id", "标识一个用户在某个租户内的身份。"),
        ]
    );
    assert_eq!(
        d.description,
        "用户 ID 类型\n**当值为 `user_id`，字段权限要求**： `contact:user.employee_id:readonly` 获取用户 user ID"
    );
}

#[test]
fn c_possible_values_with_colon_inside_bold() {
    let d = split_field_doc("是否被删除。\n**可能值有：**\n- true：是 - false：否");
    assert_eq!(d.description, "是否被删除。");
    assert_eq!(d.enum_values, vec![ev("true", "是"), ev("false", "否")]);
}

#[test]
fn c_possible_values_on_marker_line() {
    let d = split_field_doc(
        "消息类型。\n**可能值有**： - text：文本 - post：富文本 - share_chat：分享群名片",
    );
    assert_eq!(
        d.enum_values,
        vec![
            ev("text", "文本"),
            ev("post", "富文本"),
            ev("share_chat", "分享群名片")
        ]
    );
    assert_eq!(d.description, "消息类型。");
}

#[test]
fn c_default_marked_enum_item() {
    let d = split_field_doc(
        "是否开启等候室。\n**可选值有**： - true（默认值）：开启 - false：不开启\n**示例值**：true",
    );
    assert_eq!(
        d.enum_values,
        vec![ev("true", "开启（默认值）"), ev("false", "不开启")]
    );
    assert_eq!(d.default, some("true"));
    assert_eq!(d.example, some("true"));
    assert_eq!(d.description, "是否开启等候室。");
}

#[test]
fn c_bold_code_values_and_bold_colon_example() {
    let d = split_field_doc(
        "用于指定授权过程中需要的用户交互类型。   **可选值**：   - **`consent`**：当 `prompt=consent` 时，用户侧显式可见授权页并完成确认。   **示例值：** `consent`",
    );
    assert_eq!(
        d.enum_values,
        vec![ev(
            "consent",
            "当 `prompt=consent` 时，用户侧显式可见授权页并完成确认。"
        )]
    );
    assert_eq!(d.example, some("consent"));
    assert_eq!(d.description, "用于指定授权过程中需要的用户交互类型。");
}

#[test]
fn c_numbered_enum_items() {
    let d = split_field_doc(
        "生成 `code_challenge` 的方法。 **可选值**：   1. **`S256`**（推荐）：      使用 SHA-256 哈希算法。   2. **`plain`**（默认值）：      直接将 `code_verifier` 作为 `code_challenge`。",
    );
    assert_eq!(
        d.enum_values,
        vec![
            ev("S256", "使用 SHA-256 哈希算法。（推荐）"),
            ev(
                "plain",
                "直接将 `code_verifier` 作为 `code_challenge`。（默认值）"
            )
        ]
    );
    assert_eq!(d.default, some("plain"));
    assert_eq!(d.description, "生成 `code_challenge` 的方法。");
}

#[test]
fn c_code_span_example() {
    let d = split_field_doc(
        "用户信息\n**示例值**：`{\"avatar_url\":\"\",\"name\":\"\",\"user_id\":\"ou_7277fd1262bfafc363d5b2a1f9c2ac90\"}`",
    );
    assert_eq!(
        d.example,
        some("{\"avatar_url\":\"\",\"name\":\"\",\"user_id\":\"ou_7277fd1262bfafc363d5b2a1f9c2ac90\"}")
    );
    // A value made of several code spans keeps them.
    let d = split_field_doc("**示例值**：`a` 或 `b`");
    assert_eq!(d.example, some("`a` 或 `b`"));
    let d = split_field_doc("**示例值**：[`{\"department_id\":\"od_1\"}`]");
    assert_eq!(d.example, some("[`{\"department_id\":\"od_1\"}`]"));
}

#[test]
fn c_escaped_quotes_in_example() {
    let d = split_field_doc(
        "释义\n**示例值**：\"<b>加粗</b><a href=\\\"https://feishu.cn\\\">链接</a>\"",
    );
    assert_eq!(
        d.example,
        some("<b>加粗</b><a href=\\\"https://feishu.cn\\\">链接</a>")
    );
}

#[test]
fn c_empty_quoted_default_and_prose_default() {
    let d = split_field_doc("备注\n**默认值**：\"\"");
    assert_eq!(d.default, some(""));
    let d = split_field_doc("部门名称\n**默认值**：空，表示不更新该字段");
    assert_eq!(d.default, some("空，表示不更新该字段"));
    assert_eq!(d.description, "部门名称");
    let d = split_field_doc("**示例值**：“张三”");
    assert_eq!(d.example, some("张三"));
}

#[test]
fn c_constraints_one_line_and_star_bullets() {
    let d = split_field_doc(
        "选项值\n**数据校验规则**：\n- 单个值需为字符串类型且不能包含 \",\" - 单个值的长度不可超过 100 字节 - 选项值的个数不可超过 500 个",
    );
    assert_eq!(
        d.constraints,
        vec![
            "单个值需为字符串类型且不能包含 \",\"",
            "单个值的长度不可超过 100 字节",
            "选项值的个数不可超过 500 个"
        ]
    );
    let d = split_field_doc("内容\n**数据校验规则**：\n * 长度范围：`1` ～ `5000` 字符");
    assert_eq!(d.constraints, vec!["长度范围：1 ～ 5000 字符"]);
    assert_eq!(d.description, "内容");
}

#[test]
fn c_header_enum_keeps_plain_example_inside_items() {
    let d = split_field_doc(
        "通过访问凭证（access_token）对调用者身份进行鉴权。可选值： - `tenant_access_token`：\t租户授权凭证。示例值：\"Bearer t-7f1bcd13fc57d46bac21793aabcef\"            - `user_access_token`：用户授权凭证。示例值：\"Bearer u-7f1bcd13fc57d46bac21793aabcef\" 了解更多，参考[获取访问凭证](https://open.larkoffice.com/document/ukTMukTMukTM/uMTNz4yM1MjLzUzM)。",
    );
    assert_eq!(d.example, None);
    assert_eq!(
        d.enum_values,
        vec![
            ev("tenant_access_token", "租户授权凭证。示例值：\"Bearer t-7f1bcd13fc57d46bac21793aabcef\""),
            ev("user_access_token", "用户授权凭证。示例值：\"Bearer u-7f1bcd13fc57d46bac21793aabcef\" 了解更多，参考[获取访问凭证](https://open.larkoffice.com/document/ukTMukTMukTM/uMTNz4yM1MjLzUzM)。"),
        ]
    );
    assert_eq!(
        d.description,
        "通过访问凭证（access_token）对调用者身份进行鉴权。"
    );
}

// ---- plain (unbolded) markers ----

#[test]
fn plain_enum_and_default_marked_example() {
    let d = split_field_doc(
        "日期类型，【是否弹性打卡 = true】时，不可设置为“休息日” 可选值：1：工作日 2：休息日 示例值：（默认值）1",
    );
    assert_eq!(
        d.description,
        "日期类型，【是否弹性打卡 = true】时，不可设置为“休息日”"
    );
    assert_eq!(d.enum_values, vec![ev("1", "工作日"), ev("2", "休息日")]);
    assert_eq!(d.example, some("1"));
    assert_eq!(d.default, some("1"));
}

#[test]
fn plain_enum_then_plain_default_then_bold_example() {
    let d = split_field_doc(
        "日期类型，【是否弹性打卡 = true】时，不可设置为“休息日”  可选值：1：工作日 2：休息日。默认值：1\n**示例值**：1",
    );
    assert_eq!(d.enum_values, vec![ev("1", "工作日"), ev("2", "休息日")]);
    assert_eq!(d.default, some("1"));
    assert_eq!(d.example, some("1"));
    assert_eq!(
        d.description,
        "日期类型，【是否弹性打卡 = true】时，不可设置为“休息日”"
    );
}

#[test]
fn plain_example_in_prose() {
    let d = split_field_doc("常用名    展示中英文混合名，示例值：张三(Zhang San)");
    assert_eq!(d.example, some("张三(Zhang San)"));
    assert_eq!(d.description, "常用名    展示中英文混合名，");
    // Not at a boundary: stays prose.
    let d = split_field_doc("该字段的默认值：见说明");
    assert_eq!(d.default, None);
    assert_eq!(d.description, "该字段的默认值：见说明");
}

#[test]
fn plain_list_with_dash_items() {
    let d =
        split_field_doc("设备类型，可选值如下： - mobile_phone：手机 - landline：座机 - fax：传真");
    assert_eq!(
        d.enum_values,
        vec![
            ev("mobile_phone", "手机"),
            ev("landline", "座机"),
            ev("fax", "传真")
        ]
    );
    assert_eq!(d.description, "设备类型，");
}

#[test]
fn enum_marker_without_items_keeps_text() {
    let d = split_field_doc(
        "文件内容对应的 MIME 类型，必须填写 可选值： - text/plain (.txt) - application/pdf (.pdf)\n**示例值**：\"application/pdf\"",
    );
    assert!(d.enum_values.is_empty());
    assert_eq!(d.example, some("application/pdf"));
    assert_eq!(
        d.description,
        "文件内容对应的 MIME 类型，必须填写 - text/plain (.txt) - application/pdf (.pdf)"
    );
}

#[test]
fn second_different_example_stays_in_description() {
    let d = split_field_doc("描述\n**示例值**：1\n**示例值**：2");
    assert_eq!(d.example, some("1"));
    assert_eq!(d.description, "描述\n**示例值**：2");
    let d = split_field_doc("描述\n**示例值**：1\n**示例值**：1");
    assert_eq!(d.description, "描述");
}

// ---- adversarial ----

#[test]
fn empty_and_marker_only_cells() {
    assert_eq!(split_field_doc(""), FieldDoc::default());
    assert_eq!(split_field_doc("   \n  "), FieldDoc::default());
    for only in [
        "**示例值**",
        "**示例值**：",
        "**可选值有**：",
        "**数据校验规则**：\n",
        "**默认值**:  \n",
    ] {
        let d = split_field_doc(only);
        assert_eq!(d.description, "", "{only}");
        assert_eq!(d.example, None, "{only}");
        assert_eq!(d.default, None, "{only}");
        assert!(d.enum_values.is_empty(), "{only}");
        assert!(d.constraints.is_empty(), "{only}");
    }
    let d = split_field_doc("描述\n**示例值**：");
    assert_eq!(d.description, "描述");
    assert_eq!(d.example, None);
    // A bare single-constraint marker without a value is kept.
    let d = split_field_doc("描述 **最大长度**：");
    assert_eq!(d.description, "描述 **最大长度**：");
    assert!(d.constraints.is_empty());
}

#[test]
fn unterminated_bold_is_text() {
    for s in [
        "**示例值：1",
        "描述 **示例",
        "**",
        "****",
        "** **",
        "描述**可选值有",
        // Inside code spans markers are text.
        "`**示例值**：1`",
        "``a ` **示例值**：1``",
    ] {
        let d = split_field_doc(s);
        assert_eq!(d.description, s.trim(), "{s}");
        assert_eq!(d.example, None, "{s}");
    }
}

#[test]
fn unclosed_backtick_does_not_hide_markers() {
    let d = split_field_doc("描述 `x\n**示例值**：1");
    assert_eq!(d.example, some("1"));
    assert_eq!(d.description, "描述 `x");
}

#[test]
fn cells_without_markers_are_unchanged() {
    for s in [
        "错误码，非 0 表示失败",
        "文本内容。要实现文本内容的换行，你可以： - 在传入的文本内容中添加 `\\n` 实现软换行 - 创建一个新的文本 Block",
        "Offer 失效时间\n\n**注意**：必填",
        "[链接](https://example.com/a:b) - `x`：y",
        "比如：rules: [[1,2],[3,4]]，业务含义为：(1 and 2) or (3 and 4)",
        "“示例”：不是标记",
    ] {
        let d = split_field_doc(s);
        assert_eq!(d.description, s, "{s}");
        assert_eq!(d, FieldDoc { description: s.to_string(), ..FieldDoc::default() });
    }
}

#[test]
fn cjk_punctuation_and_odd_widths() {
    let d = split_field_doc("类型：\u{3000}可选值：１：全角 ２：数字");
    // Full-width digits are ordinary one-token values.
    assert_eq!(d.enum_values, vec![ev("１", "全角"), ev("２", "数字")]);
    let d = split_field_doc("说明\n**示例值**：「值」\n**默认值**：‘d’");
    assert_eq!(d.example, some("值"));
    assert_eq!(d.default, some("d"));
    let d = split_field_doc("\u{a0}描述\u{a0}\n**示例值**：\u{a0}é\u{301}😀");
    assert_eq!(d.example, some("é\u{301}😀"));
    assert_eq!(d.description, "描述");
}

#[test]
fn large_and_repetitive_input_does_not_panic() {
    let big = "描述 - a：b ".repeat(10_000);
    let d = split_field_doc(&big);
    assert_eq!(d.description, big.trim());
    let markers = "**示例值**：1\n".repeat(10_000);
    let d = split_field_doc(&markers);
    assert_eq!(d.example, some("1"));
    assert_eq!(d.description, "");
    let enum_big = format!("**可选值有**：\n{}", "- `x`: y ".repeat(20_000));
    let d = split_field_doc(&enum_big);
    assert_eq!(d.enum_values.len(), 20_000);
    let backticks = format!("**示例值**：{}", "`".repeat(100_000));
    let _ = split_field_doc(&backticks);
    let stars = "*".repeat(100_001);
    assert_eq!(split_field_doc(&stars).description, stars);
    let colons = format!("可选值：{}", "：".repeat(50_000));
    let _ = split_field_doc(&colons);
    let brackets = "[".repeat(50_000);
    assert_eq!(plain_text(&brackets), brackets);
}

#[test]
fn pseudo_random_cells_never_panic() {
    let parts = [
        "**",
        "示例值",
        "：",
        ":",
        "可选值有",
        "- ",
        "`",
        "\"",
        "“",
        "\n",
        " ",
        "默认值",
        "数据校验规则",
        "最大长度",
        "1. ",
        "（默认值）",
        "[",
        "](",
        ")",
        "é",
        "😀",
        "\\",
        "&nbsp;",
        "\u{a0}",
        "└",
        "x",
        "1",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..3000 {
        let mut s = String::new();
        for _ in 0..24 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push_str(parts[(seed % parts.len() as u64) as usize]);
        }
        let d = split_field_doc(&s);
        let _ = plain_text(&s);
        // Nothing invented: the description's words all come from the input.
        for w in d.description.split_whitespace() {
            assert!(s.contains(w), "{s:?} -> {w:?}");
        }
    }
}

// ---- plain_text, nesting_prefix, clean_cell ----

#[test]
fn plain_text_strips_markup() {
    assert_eq!(plain_text("`file_id`"), "file_id");
    assert_eq!(plain_text("**注意**：`x`  y\n z"), "注意：x y z");
    assert_eq!(
        plain_text(
            "[获取终止投递原因](/ssl:ttdoc/ukTMukTMukTM/hire-v1/termination_reason/list)接口"
        ),
        "获取终止投递原因接口"
    );
    assert_eq!(plain_text("[**粗** `码`](https://a.b/c)"), "粗 码");
    assert_eq!(
        plain_text("offer\\_basic\\_info \\[\\]"),
        "offer_basic_info []"
    );
    assert_eq!(plain_text("[不是链接] (x)"), "[不是链接] (x)");
    assert_eq!(plain_text("a * b"), "a * b");
    assert_eq!(plain_text(""), "");
}

#[test]
fn masked_ids_in_quoted_examples_stay_whole() {
    // specs/attendance/v1/user_flow/batch_create.md:61 and board/v1/whiteboard.node/create.md:100
    let d = split_field_doc(
        "唯一幂等键<br>**示例值**：\"****_***\""
            .replace("<br>", "\n")
            .as_str(),
    );
    assert_eq!(d.example, some("****_***"));
    assert_eq!(d.description, "唯一幂等键");
    let d = split_field_doc("用户openID\n**示例值**：\"ou_da5****************dfe\"");
    assert_eq!(d.example, some("ou_da5****************dfe"));
    assert_eq!(d.description, "用户openID");
    // Unquoted: a mask is part of the value, a bold delimiter ends it.
    let d = split_field_doc("id\n**示例值**：t-7f1b******8e560 **注意**");
    assert_eq!(d.example, some("t-7f1b******8e560"));
}
