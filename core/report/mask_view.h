// SPDX-License-Identifier: MIT
#pragma once
// Privacy masking for the diff view (issue 12: "behind a toggle, in the diff view"): the same
// Redactor as the report, applied to what the view shows, so the view never has to know the rules.
#include "core/compare/difference.h"
#include "core/present/side_by_side.h"
#include "core/report/redact.h"

namespace dt {

// Masks every line of a side-by-side (and its note). A line whose text changes keeps its row state;
// its intra-line highlights, which pointed into the unmasked text, become one range over the whole
// line when it had any (so a changed secret still shows as changed, without its bytes). Returns the
// number of lines masked.
size_t maskSideBySide(SideBySide& sbs, const Redactor& redactor);

// A difference as listed (values masked: whole when the path's last token or the header name is
// credential-like, else by Redactor::text()).
Difference maskDifference(const Difference& d, const Redactor& redactor);

}  // namespace dt
