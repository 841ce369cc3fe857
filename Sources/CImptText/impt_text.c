#include "impt_text.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* 1 for the bytes a JSON string cannot hold as they are. */
static inline int needs_escape(uint8_t byte) {
    return byte < 0x20 || byte == '"' || byte == '\\';
}

/* The letter of a two-character escape, or 0 when the byte takes the \u00XX form (a table, so
   that text mixing quotes, backslashes and line ends costs no mispredicted branches). */
static const uint8_t short_escapes[256] = {
    ['"'] = '"', ['\\'] = '\\', ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f', ['\r'] = 'r',
};

/* What the letter after a backslash stands for, or 0 when it is `u` or not an escape. */
static const uint8_t simple_unescapes[256] = {
    ['"'] = '"', ['\\'] = '\\', ['/'] = '/', ['b'] = '\b', ['f'] = '\f', ['n'] = '\n', ['r'] = '\r', ['t'] = '\t',
};

static inline uint8_t short_escape(uint8_t byte) {
    return short_escapes[byte];
}

#if defined(__SSE2__)
/* All ones in the lanes of the bytes below 0x20: unsigned byte <= 0x1F exactly when
   min(byte, 0x1F) == byte. */
static inline __m128i control_lanes(__m128i chunk) {
    return _mm_cmpeq_epi8(_mm_min_epu8(chunk, _mm_set1_epi8(0x1F)), chunk);
}

/* A 16-bit mask of the bytes of `chunk` that are `"`, `\` or below 0x20. */
static inline unsigned special_bits(__m128i chunk, __m128i control) {
    const __m128i quote = _mm_cmpeq_epi8(chunk, _mm_set1_epi8('"'));
    const __m128i backslash = _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\\'));
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control));
}

/* The same for the block of 16 bytes at `block`. */
static inline unsigned special_mask(const uint8_t *block) {
    const __m128i chunk = _mm_loadu_si128((const __m128i *)block);
    return special_bits(chunk, control_lanes(chunk));
}
#else
/* Word tricks on 8 bytes: the high bit of each byte that is zero / below `n` (n <= 128). */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
static inline uint64_t zero_bytes(uint64_t word) {
    return (word - ONES) & ~word & HIGHS;
}
static inline uint64_t bytes_below(uint64_t word, uint64_t n) {
    return (word - ONES * n) & ~word & HIGHS;
}
static inline uint64_t special_word(const uint8_t *block) {
    uint64_t word;
    memcpy(&word, block, sizeof word);
    return zero_bytes(word ^ (ONES * '"')) | zero_bytes(word ^ (ONES * '\\')) | bytes_below(word, 0x20);
}
#endif

size_t impt_text_json_plain_prefix(const uint8_t *bytes, size_t count) {
    size_t index = 0;
#if defined(__SSE2__)
    for (; index + 16 <= count; index += 16) {
        const unsigned mask = special_mask(bytes + index);
        if (mask != 0) return index + (size_t)__builtin_ctz(mask);
    }
#else
    for (; index + 8 <= count; index += 8) {
        /* The word test may flag a byte after a real hit (borrows); the scalar loop below
           settles the exact offset within the word. */
        if (special_word(bytes + index) != 0) break;
    }
#endif
    while (index < count && !needs_escape(bytes[index])) index++;
    return index;
}

size_t impt_text_json_quoted_length(const uint8_t *bytes, size_t count) {
    size_t length = count + 2;
    size_t index = 0;
#if defined(__SSE2__)
    /* Per block: one more byte for every special byte, four more for the \u00XX ones. */
    for (; index + 16 <= count; index += 16) {
        const __m128i chunk = _mm_loadu_si128((const __m128i *)(bytes + index));
        const __m128i control = control_lanes(chunk);
        const unsigned special = special_bits(chunk, control);
        if (special == 0) continue;
        const __m128i shortForm = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('\b')), _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\t'))),
            _mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('\n')),
                         _mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('\f')), _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\r')))));
        const unsigned longForm = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(shortForm, control));
        length += (size_t)__builtin_popcount(special) + 4 * (size_t)__builtin_popcount(longForm);
    }
#endif
    for (; index < count; index++) {
        if (needs_escape(bytes[index])) length += short_escape(bytes[index]) != 0 ? 1 : 5;
    }
    return length;
}

/* Writes the escape of one special byte; returns the number of bytes written. */
static inline size_t put_escape(uint8_t *out, uint8_t byte) {
    static const char hex[] = "0123456789abcdef";
    out[0] = '\\';
    const uint8_t letter = short_escape(byte);
    if (letter != 0) {
        out[1] = letter;
        return 2;
    }
    out[1] = 'u';
    out[2] = '0';
    out[3] = '0';
    out[4] = (uint8_t)hex[byte >> 4];
    out[5] = (uint8_t)hex[byte & 0x0F];
    return 6;
}

/* Copies `length` (at most 16) bytes; one 16-byte move when 16 bytes may be read from `from`
   (`readable`) and written at `to`, which the callers ensure for the writing side. */
static inline void copy_short(uint8_t *to, const uint8_t *from, size_t length, int readable) {
#if defined(__SSE2__)
    if (readable) {
        _mm_storeu_si128((__m128i *)to, _mm_loadu_si128((const __m128i *)from));
        return;
    }
#else
    (void)readable;
#endif
    if (length > 0) memcpy(to, from, length);
}

size_t impt_text_json_quote(const uint8_t *bytes, size_t count, uint8_t *out, size_t capacity) {
    if (capacity < 2) return SIZE_MAX;
    uint8_t *cursor = out;
    const uint8_t *const limit = out + capacity;
    *cursor++ = '"';
    size_t index = 0;
#if defined(__SSE2__)
    /* Blocks of 16 with their special bytes found at once, while the room left holds a block
       escaped entirely (16 x 6 bytes) and the closing quote: its 16-byte stores need no checks. */
    for (; index + 16 <= count && (size_t)(limit - cursor) >= 16 * 6 + 1; index += 16) {
        const uint8_t *block = bytes + index;
        unsigned mask = special_mask(block);
        unsigned done = 0;
        while (mask != 0) {
            const unsigned offset = (unsigned)__builtin_ctz(mask);
            copy_short(cursor, block + done, offset - done, index + done + 16 <= count);
            cursor += offset - done;
            cursor += put_escape(cursor, block[offset]);
            done = offset + 1;
            mask &= mask - 1;
        }
        copy_short(cursor, block + done, 16 - done, index + done + 16 <= count);
        cursor += 16 - done;
    }
#endif
    for (; index < count; index++) {
        const uint8_t byte = bytes[index];
        const size_t needed = !needs_escape(byte) ? 1 : short_escape(byte) != 0 ? 2 : 6;
        if ((size_t)(limit - cursor) < needed + 1) return SIZE_MAX;
        if (needed == 1) *cursor++ = byte;
        else cursor += put_escape(cursor, byte);
    }
    *cursor++ = '"';
    return (size_t)(cursor - out);
}

impt_text_string_end impt_text_json_string_end(const uint8_t *bytes, size_t count, size_t *end, int *escaped) {
    size_t index = 0;
    *escaped = 0;
#if defined(__SSE2__)
    /* The special bytes of each block are visited in order; a backslash also takes the byte
       after it, which may be the first of the next block (`carried`). */
    unsigned carried = 0;
    for (; index + 16 <= count; index += 16) {
        unsigned mask = special_mask(bytes + index) & ~carried;
        carried = 0;
        while (mask != 0) {
            const unsigned offset = (unsigned)__builtin_ctz(mask);
            const uint8_t byte = bytes[index + offset];
            if (byte == '"') {
                *end = index + offset;
                return IMPT_TEXT_STRING_CLOSED;
            }
            if (byte < 0x20) {
                *end = index + offset;
                return IMPT_TEXT_STRING_CONTROL;
            }
            *escaped = 1;
            if (offset == 15) {
                carried = 1;
                break;
            }
            mask &= ~(3u << offset);
        }
    }
    index += carried;
#endif
    while (index < count) {
        const uint8_t byte = bytes[index];
        if (byte == '"') {
            *end = index;
            return IMPT_TEXT_STRING_CLOSED;
        }
        if (byte < 0x20) {
            *end = index;
            return IMPT_TEXT_STRING_CONTROL;
        }
        if (byte == '\\') {
            /* The byte after a backslash belongs to the escape, whatever it is (a control
               character there is refused by the unescaping as an invalid escape). */
            *escaped = 1;
            index += 2;
        } else {
            index++;
        }
    }
    *end = count;
    return IMPT_TEXT_STRING_UNTERMINATED;
}

/* The value of four hexadecimal digits, or -1. */
static long hex4(const uint8_t *digits) {
    long value = 0;
    for (int i = 0; i < 4; i++) {
        const uint8_t c = digits[i];
        long digit;
        if (c >= '0' && c <= '9') digit = c - '0';
        else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
        else return -1;
        value = value << 4 | digit;
    }
    return value;
}

/* Writes a scalar value (not a surrogate) as UTF-8; returns the number of bytes. */
static size_t put_utf8(uint8_t *out, unsigned long scalar) {
    if (scalar < 0x80) {
        out[0] = (uint8_t)scalar;
        return 1;
    }
    if (scalar < 0x800) {
        out[0] = (uint8_t)(0xC0 | scalar >> 6);
        out[1] = (uint8_t)(0x80 | (scalar & 0x3F));
        return 2;
    }
    if (scalar < 0x10000) {
        out[0] = (uint8_t)(0xE0 | scalar >> 12);
        out[1] = (uint8_t)(0x80 | (scalar >> 6 & 0x3F));
        out[2] = (uint8_t)(0x80 | (scalar & 0x3F));
        return 3;
    }
    out[0] = (uint8_t)(0xF0 | scalar >> 18);
    out[1] = (uint8_t)(0x80 | (scalar >> 12 & 0x3F));
    out[2] = (uint8_t)(0x80 | (scalar >> 6 & 0x3F));
    out[3] = (uint8_t)(0x80 | (scalar & 0x3F));
    return 4;
}

impt_text_unescape_status impt_text_json_unescape(const uint8_t *bytes, size_t count, uint8_t *out,
                                                 size_t *written, size_t *error_offset) {
    size_t index = 0;
    uint8_t *cursor = out;
    for (;;) {
#if defined(__SSE2__)
        /* Blocks of 16 with their special bytes found at once; two-character escapes inside the
           block are decoded on the spot, anything else (\u, an escape across the block's end, an
           invalid one) goes to the general step below. The output never runs ahead of the input,
           so a 16-byte store at the cursor stays within the `count` bytes of room while 16 input
           bytes are left to read there. */
        while (index + 16 <= count) {
            const uint8_t *block = bytes + index;
            unsigned mask = special_mask(block);
            unsigned done = 0;
            while (mask != 0) {
                const unsigned offset = (unsigned)__builtin_ctz(mask);
                copy_short(cursor, block + done, offset - done, index + done + 16 <= count);
                cursor += offset - done;
                done = offset;
                if (block[offset] != '\\') {
                    *cursor++ = block[offset];
                    done = offset + 1;
                    mask &= mask - 1;
                    continue;
                }
                const uint8_t decoded = offset < 15 ? simple_unescapes[block[offset + 1]] : 0;
                if (decoded == 0) break;
                *cursor++ = decoded;
                done = offset + 2;
                mask &= ~(3u << offset);
            }
            if (mask != 0) {
                index += done;
                break;
            }
            copy_short(cursor, block + done, 16 - done, index + done + 16 <= count);
            cursor += 16 - done;
            index += 16;
        }
#endif
        const size_t run = impt_text_json_plain_prefix(bytes + index, count - index);
        if (run > 0) memcpy(cursor, bytes + index, run);
        cursor += run;
        index += run;
        if (index >= count) break;
        if (bytes[index] != '\\') {
            /* A quote or a control character inside the delimited body is kept as it is; the
               delimiting step has already refused control characters. */
            *cursor++ = bytes[index++];
            continue;
        }
        *error_offset = index;
        if (index + 1 >= count) return IMPT_TEXT_UNESCAPE_INVALID_ESCAPE;
        const uint8_t letter = bytes[index + 1];
        index += 2;
        const uint8_t decoded = simple_unescapes[letter];
        if (decoded != 0) {
            *cursor++ = decoded;
            continue;
        }
        if (letter != 'u') return IMPT_TEXT_UNESCAPE_INVALID_ESCAPE;
        if (index + 4 > count) return IMPT_TEXT_UNESCAPE_INVALID_HEX;
        long scalar = hex4(bytes + index);
        if (scalar < 0) return IMPT_TEXT_UNESCAPE_INVALID_HEX;
        index += 4;
        if (scalar >= 0xDC00 && scalar < 0xE000) return IMPT_TEXT_UNESCAPE_UNPAIRED_SURROGATE;
        if (scalar >= 0xD800 && scalar < 0xDC00) {
            if (index + 6 > count || bytes[index] != '\\' || bytes[index + 1] != 'u') {
                return IMPT_TEXT_UNESCAPE_UNPAIRED_SURROGATE;
            }
            const long low = hex4(bytes + index + 2);
            if (low < 0) return IMPT_TEXT_UNESCAPE_INVALID_HEX;
            if (low < 0xDC00 || low >= 0xE000) return IMPT_TEXT_UNESCAPE_UNPAIRED_SURROGATE;
            index += 6;
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00);
        }
        cursor += put_utf8(cursor, (unsigned long)scalar);
    }
    *written = (size_t)(cursor - out);
    return IMPT_TEXT_UNESCAPE_OK;
}

size_t impt_text_byte_offset(const uint8_t *bytes, size_t count, uint8_t byte) {
    const uint8_t *found = count > 0 ? memchr(bytes, byte, count) : NULL;
    return found != NULL ? (size_t)(found - bytes) : count;
}

size_t impt_text_replacement_offset(const uint8_t *bytes, size_t count) {
    size_t index = 0;
    while (index + 3 <= count) {
        const uint8_t *lead = memchr(bytes + index, 0xEF, count - index - 2);
        if (lead == NULL) break;
        index = (size_t)(lead - bytes);
        if (bytes[index + 1] == 0xBF && bytes[index + 2] == 0xBD) return index;
        index++;
    }
    return count;
}
