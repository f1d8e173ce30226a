// SPDX-License-Identifier: MIT
#include "core/util/json_message.h"

namespace dt {

std::string plainJsonMessage(std::string_view what) {
    std::string msg(what);
    if (msg.rfind("[json.exception.", 0) == 0) {
        if (const size_t q = msg.find("] "); q != std::string::npos) msg.erase(0, q + 2);
    }
    if (msg.rfind("parse error", 0) == 0) {
        if (const size_t c = msg.find(": "); c != std::string::npos) msg.erase(0, c + 2);
    }
    if (msg.rfind("syntax error while parsing ", 0) == 0) {
        if (const size_t d = msg.find(" - "); d != std::string::npos) msg.erase(0, d + 3);
    }
    if (msg.rfind("number overflow parsing ", 0) == 0)
        msg = "number too large (beyond the range of a double): " + msg.substr(24);
    if (msg.size() > 200) {
        msg.resize(200);
        msg += "...";
    }
    return msg;
}

}  // namespace dt
