#ifndef IMPT_TEXT_H
#define IMPT_TEXT_H

/*
 * Byte loops over large texts (megabytes of Squirrel source travel as JSON strings), shared by the
 * impt host, the Swift plugin SDK and impcentral-sim. Each function reads exactly `count` bytes
 * from `bytes` and writes only within the capacity its documentation states; none allocates.
 * SSE2 is used on x86-64, 8-byte words elsewhere.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The number of leading bytes that a JSON string can hold as they are: everything up to the
/// first `"`, `\` or control character (below 0x20), or `count` when there is none.
size_t impt_text_json_plain_prefix(const uint8_t *bytes, size_t count);

/// The length of `bytes` written as a quoted JSON string by `impt_text_json_quote`.
size_t impt_text_json_quoted_length(const uint8_t *bytes, size_t count);

/// Writes `bytes` as a quoted JSON string (`"`, `\` and control characters escaped, the short
/// forms \b \t \n \f \r where they exist, \u00XX otherwise) into `out`, which has room for
/// `capacity` bytes. Returns the number of bytes written, or SIZE_MAX when they would not fit
/// (`impt_text_json_quoted_length` bytes always do); then `out` holds a partial, unusable text.
size_t impt_text_json_quote(const uint8_t *bytes, size_t count, uint8_t *out, size_t capacity);

/// How the body of a JSON string ends, as found by `impt_text_json_string_end`.
typedef enum {
    /// `*end` is the offset of the closing quote.
    IMPT_TEXT_STRING_CLOSED = 0,
    /// No closing quote before the end of the input (`*end` is `count`).
    IMPT_TEXT_STRING_UNTERMINATED = 1,
    /// A raw control character; `*end` is its offset.
    IMPT_TEXT_STRING_CONTROL = 2,
} impt_text_string_end;

/// Finds the closing quote of a JSON string whose body starts at `bytes` (just after the opening
/// quote), stepping over backslash escapes. `*escaped` is set to 1 when the body holds at least
/// one backslash, to 0 otherwise.
impt_text_string_end impt_text_json_string_end(const uint8_t *bytes, size_t count, size_t *end, int *escaped);

/// What `impt_text_json_unescape` found.
typedef enum {
    IMPT_TEXT_UNESCAPE_OK = 0,
    /// A backslash followed by something that is not a JSON escape (or by nothing).
    IMPT_TEXT_UNESCAPE_INVALID_ESCAPE = 1,
    /// `\u` not followed by four hexadecimal digits.
    IMPT_TEXT_UNESCAPE_INVALID_HEX = 2,
    /// A high surrogate without an escaped low surrogate after it, or a lone low surrogate.
    IMPT_TEXT_UNESCAPE_UNPAIRED_SURROGATE = 3,
} impt_text_unescape_status;

/// Decodes the body of a JSON string (the `count` bytes between its quotes, as delimited by
/// `impt_text_json_string_end`) into `out`, which has room for `count` bytes: every escape is
/// shorter than or as long as the UTF-8 it stands for. On success `*written` is the decoded
/// length; on failure `*error_offset` is the offset of the offending backslash.
impt_text_unescape_status impt_text_json_unescape(const uint8_t *bytes, size_t count, uint8_t *out,
                                                 size_t *written, size_t *error_offset);

/// The offset of the first U+FFFD (EF BF BD) in UTF-8 text, or `count` when there is none.
size_t impt_text_replacement_offset(const uint8_t *bytes, size_t count);

/// The offset of the first occurrence of `byte`, or `count` when there is none.
size_t impt_text_byte_offset(const uint8_t *bytes, size_t count, uint8_t byte);

#ifdef __cplusplus
}
#endif

#endif
