// SPDX-License-Identifier: MIT
#pragma once
// UTF-8 core text -> QString, the one spelling every widget and model uses.
#include <QString>

#include <string_view>

namespace dt {

inline QString qs(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

}  // namespace dt
