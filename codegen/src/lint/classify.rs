//! The one place where the parser's diagnostics get their codes: each rule is a severity and a
//! fixed fragment of the message's wording. The parser keeps writing plain messages; a message
//! that no rule knows gets [`Code::Unclassified`], and a test over `specs/` and the test pages
//! fails on it, so a new kind of parser message cannot go without a code of its own.

use super::codes::Code;
use crate::ir::{Diagnostic, Severity};

use Severity::{Error as E, Warning as W};

/// `(severity, fragment, code)`: the first rule whose severity matches and whose fragment the
/// message contains decides.
// One rule a line: the table reads better than rustfmt's layout of it.
#[rustfmt::skip]
const RULES: &[(Severity, &str, Code)] = &[
    (W, "example is not valid JSON", Code::InvalidJsonExample),
    (W, "example is not strict JSON", Code::LenientJsonExample),
    (W, "but no path-parameter row documents it", Code::UrlParamUndocumented),
    (W, "outside a known section; not read", Code::TableOutsideSection),
    (W, "unknown section `", Code::UnknownSection),
    (W, "has no name column", Code::TableWithoutName),
    (E, "has no name column", Code::ParameterTableWithoutName),
    (W, "has no type column", Code::TableWithoutType),
    (W, "unknown type `", Code::UnknownType),
    (W, "table row without a field name", Code::RowWithoutName),
    (W, "` is not 是/否", Code::RequiredValueUnknown),
    (W, "levels below its parent; read as one level", Code::NestingJump),
    (W, "response fields outside `data` ignored", Code::ResponseFieldsOutsideData),
    (W, "the response has no `data` field", Code::FlatResponse),
    (W, "but documents sub-fields", Code::EncodedStringSubFields),
    (W, "in 类型额外说明 is not used by any field", Code::UnusedTypeExtra),
    (W, "no request body table; body fields inferred", Code::BodyInferredFromExample),
    (W, "unknown request table row `", Code::UnknownRequestRow),
    (W, "the HTTP URL carries a query string", Code::UrlQueryString),
    (W, "the HTTP URL uses `{}` placeholders", Code::UrlBracePlaceholders),
    (W, "error table without a code column", Code::ErrorTableWithoutCode),
    (W, "is not an integer; row ignored", Code::ErrorCodeNotInteger),
    (W, "HTTP status `", Code::HttpStatusInvalid),
    (W, "is listed twice; the first row is kept", Code::ErrorCodeTwice),
    (W, "the page has no title heading", Code::NoTitle),
    (W, "the page names the API `", Code::ApiNameMismatch),
    (W, "`:::html` block is not closed", Code::HtmlBlockUnclosed),
    (W, "further diagnostics in this :::html block", Code::HtmlDiagnosticsCapped),
    (W, "html: text between table rows: dropped", Code::HtmlContentDropped),
    (W, "directly inside a table: dropped", Code::HtmlContentDropped),
    (W, "outside a row: dropped", Code::HtmlContentDropped),
    (W, "text before the first cell of a row: dropped", Code::HtmlContentDropped),
    (W, "html: unclosed comment", Code::HtmlContentDropped),
    (W, "level unknown", Code::HtmlRowLevel),
    (W, "is never closed", Code::HtmlMarkupRepaired),
    (W, "html: unknown element <", Code::HtmlMarkupRepaired),
    (W, "html: unterminated tag <", Code::HtmlMarkupRepaired),
    (W, "html: malformed attributes in <", Code::HtmlMarkupRepaired),
    (W, "was not closed before", Code::HtmlMarkupRepaired),
    (W, "without a matching start tag: ignored", Code::HtmlMarkupRepaired),
    (W, "html: a second header row", Code::HtmlMarkupRepaired),
    (W, "directly inside a row: read as a cell", Code::HtmlMarkupRepaired),
    (W, "text outside the cells of a row: appended", Code::HtmlMarkupRepaired),
    (W, "cells under a", Code::DelimiterRowRepaired),
    (W, "the row names alternatives", Code::AlternativeNames),
    (W, "documented with the request's other parameters but is the HTTP URL's", Code::PathParamInBody),
    (W, "is documented but not read; the bindings return the body only", Code::ResponseHeaderNotRead),
    (W, "error-table row without an error code; ignored", Code::ErrorRowWithoutCode),
    (W, "is a note, not a field; skipped", Code::DividerRow),
    (W, "flattened table: ", Code::FlattenedNesting),
    (W, "is not part of the event envelope nor of its `event` object", Code::EnvelopeRowUnknown),
    (W, "is documented again in another", Code::FieldMerged),
    (W, "table; its fields are inferred from the example", Code::EventBodyInferred),
    (W, "the page's explorer link names the event `", Code::EventNameMismatch),
    (W, "that may also be `", Code::TypeAlternatives),
    (W, "an event expects no answer", Code::AnswerOfEvent),
    (E, "documents no event body", Code::EventWithoutBody),
    (E, ", not an API; read it as an event item", Code::NotAnApi),
    (E, "cells under a", Code::TableNotRead),
    (E, "reached neither the bindings nor a diagnostic", Code::RowLost),
    (E, "the page is not valid UTF-8", Code::InvalidUtf8),
    (E, "the page is empty", Code::EmptyPage),
    (E, "no `HTTP URL` row found", Code::NoUrl),
    (E, "no `HTTP Method` row found", Code::NoMethod),
    (E, "unknown HTTP method `", Code::UnknownMethod),
    (E, "` has no path", Code::UrlWithoutPath),
    (E, "bytes; not read", Code::LimitExceeded),
    (E, "table has more than", Code::LimitExceeded),
    (E, "longer than", Code::LimitExceeded),
    (E, "fields, more than", Code::LimitExceeded),
    (E, "nested deeper than", Code::LimitExceeded),
];

/// The kind of a parser diagnostic ([`Code::Unclassified`] when no rule knows the message).
pub fn classify(d: &Diagnostic) -> Code {
    RULES
        .iter()
        .find(|(severity, fragment, _)| *severity == d.severity && d.message.contains(fragment))
        .map(|&(_, _, code)| code)
        .unwrap_or(Code::Unclassified)
}

/// Gives every diagnostic without a code its kind's code.
pub fn assign_codes(diags: &mut [Diagnostic]) {
    for d in diags.iter_mut().filter(|d| d.code.is_none()) {
        d.code = Some(classify(d).id().to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_agrees_with_its_codes_severity() {
        for (severity, fragment, code) in RULES {
            assert_eq!(*severity, code.severity(), "{fragment} → {code}");
            let d = Diagnostic {
                severity: *severity,
                line: 1,
                column: 1,
                message: format!("x {fragment} y"),
                code: None,
            };
            assert_ne!(classify(&d), Code::Unclassified, "{fragment}");
        }
    }

    #[test]
    fn severity_is_part_of_the_key_and_unknown_messages_stay_visible() {
        let msg = "parameter table has no name column (header `a | b`); not read";
        assert_eq!(
            classify(&Diagnostic::warning(3, 1, msg)),
            Code::TableWithoutName
        );
        assert_eq!(
            classify(&Diagnostic::error(3, 1, msg)),
            Code::ParameterTableWithoutName
        );
        assert_eq!(
            classify(&Diagnostic::warning(1, 1, "something new")),
            Code::Unclassified
        );
        let mut diags = vec![
            Diagnostic::warning(1, 1, "the page has no title heading"),
            Diagnostic {
                code: Some("F001".into()),
                ..Diagnostic::warning(2, 1, "the page has no title heading")
            },
        ];
        assign_codes(&mut diags);
        let codes: Vec<_> = diags.iter().map(|d| d.code.as_deref()).collect();
        assert_eq!(
            codes,
            [Some("F030"), Some("F001")],
            "existing codes are kept"
        );
    }
}
