// SPDX-License-Identifier: MIT
#pragma once
// GoogleTest assertions shared by the pg tests.
#include "core/analysis/analysis.h"

namespace dt::pgtest {

// Two analyses have the same outcome counts, match rate and groups (signature, count, weight,
// outcome, endpoint, first / last ts, status pair, differences as a set), and with `members` the
// same member record ids in each group.
void expectSameGroups(const Analysis& got, const Analysis& want, bool members);

}  // namespace dt::pgtest
