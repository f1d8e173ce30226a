// SPDX-License-Identifier: MIT
#pragma once
// Value-change classes: HOW a value changed, computed for every difference on the hot path by
// hand-written scanners (no regex, no locale). Representation-only classes say the value is the
// same in another spelling; the others are real value changes. The class (with its signature
// parameter, e.g. "instant_shift +1h", "url_host a.example>b.example") is part of signature v2.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dt {

enum class ValueClass : uint8_t {
    None,  // not classified (rule-absorbed placeholders, old data)
    // representation only
    NullVsMissing,   // null on one side, member absent on the other
    EmptyVsNull,     // [] / {} / "" vs null or absent
    SameInstant,     // two spellings of one instant (offsets, fraction digits, T/space, epoch vs ISO)
    NumberAsString,  // "12.50" vs 12.5
    CaseOnly,        // ASCII case differs only
    WhitespaceOnly,  // differs only in whitespace
    UrlHost,         // same URL except scheme/host/port; param "from>to" (hosts)
    ParameterOnly,   // header: same media type / main value, a parameter added, dropped or changed; param = names
    // value changes
    InstantShift,   // both instants, different; param = delta ("+1h")
    NumericDelta,   // numbers differ; param "rounding" when one is the other rounded
    StringChanged,  // any other string change
    ValueChanged,   // booleans, headers and other scalars
    MissingValue,   // a non-null member absent in the candidate
    ExtraValue,     // a non-null member only in the candidate
    TypeChanged,
    ArrayOrder,
    ArrayLength,
    StatusChanged,
    CandidateError,
    Text,
    Binary,
};
constexpr int kValueClassCount = 22;

std::string_view className(ValueClass c);  // "null_vs_missing", ...; None -> ""
std::optional<ValueClass> classFromName(std::string_view name);
bool isRepresentationOnly(ValueClass c);
// "null_vs_missing" -> "candidate omits null members" style short human words.
std::string_view classDescription(ValueClass c);

struct ClassResult {
    ValueClass cls = ValueClass::StringChanged;
    std::string param;  // signature parameter ("" when none)
};

// Two JSON strings that differ.
ClassResult classifyStrings(std::string_view a, std::string_view b);
// A JSON number and a JSON string (number_as_string / same_instant / type_changed). `numberText`
// is the number as written (or rendered), `str` the string's content.
ClassResult classifyNumberVsString(std::string_view numberText, double number, std::string_view str, bool numberFirst);
// Two numbers that differ (x primary, y candidate).
ClassResult classifyNumbers(double x, double y, std::string_view xText, std::string_view yText);
// Two header values (each the joined value list; "" with present=false when absent).
ClassResult classifyHeader(std::string_view a, bool aPresent, std::string_view b, bool bPresent);

// A short label for displays: "same instant", "was null", "shift +1h", "host a>b", "" when the
// kind says it all (string_changed, array_order, status, ...). `text` is a class text.
std::string classLabel(std::string_view text);

// The URL host pair when a and b are the same absolute URL except scheme/host/port.
std::optional<std::string> urlHostPair(std::string_view a, std::string_view b);

}  // namespace dt
