// SPDX-License-Identifier: MIT
#pragma once
// Reading an index's result tables (pg_index.h) back into an AnalysisAssembler: the difference sets
// of its signatures, its rows of <schema>.records as ResultRows, and its store-noise table. Shared
// by opening an indexed store (pg_open.h) and re-evaluating a shard under other rules
// (pg_reevaluate.h).
#include <string>

#include "core/analysis/analysis_assemble.h"
#include "core/pg/pg_conn.h"

namespace dt::pg {

// True when the index's records keep their raw (pre-rules) results (raw_outcome, raw_signature,
// explained, raw_explained) and tags: indexes written since they were added. Rows written before
// have NULLs there and are read without them.
bool indexKeepsRaw(PgConn& conn, const std::string& schema);

// True when every row of the index keeps its tags (indexKeepsRaw(), and every shard was last written
// in full since): tag criteria can then be pushed down.
bool indexKeepsTags(PgConn& conn, const std::string& schema);

// The select list of <schema>.records that resultRowAt() reads, without or with the raw columns.
std::string resultRowColumns(bool raw);
// Row `i` of a result selected with resultRowColumns(raw). False + *error on an unknown outcome.
// The views point into `r`.
bool resultRowAt(const PgResult& r, int i, bool raw, ResultRow* row, std::string* error);

// Every signature's difference set (<schema>.signatures), given to the assembler.
bool addIndexSignatures(PgConn& conn, const std::string& schema, AnalysisAssembler& assembler, std::string* error);
// The store-noise table (<schema>.noise) of one shard, or of every shard when `shard` is empty (the
// union), given to the assembler. An index without the table gives none.
bool addIndexNoise(PgConn& conn, const std::string& schema, const std::string& shard, AnalysisAssembler& assembler,
                   std::string* error);

}  // namespace dt::pg
