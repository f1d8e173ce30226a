// SPDX-License-Identifier: MIT
// Three-way merge of shared workspace documents (core/pg/pg_workspace_merge.h), what a window does
// with the server's answer when saves run in the background: table-driven over who changed an item
// (nobody, the window, the others, both), plus the base after a refused save. No server needed.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/pg/pg_workspace_merge.h"

namespace dt {
namespace {

using nlohmann::json;

// A workspace document with one group entry per (signature, state); "-" = no entry.
std::string doc(const std::vector<std::pair<std::string, std::string>>& groups, const std::string& rules = "") {
    json d = json::object();
    json g = json::object();
    for (const auto& [sig, state] : groups)
        if (state != "-") g[sig] = {{"state", state}};
    if (!g.empty()) d["groups"] = g;
    if (!rules.empty()) d["rules"] = rules;
    return d.dump();
}

std::string stateIn(const std::string& document, const std::string& sig) {
    const json d = json::parse(document);
    if (!d.contains("groups") || !d["groups"].contains(sig)) return "-";
    return d["groups"][sig]["state"].get<std::string>();
}

struct MergeCase {
    const char* name;
    const char* base;
    const char* local;
    const char* remote;
    const char* expected;
};

// One item, every combination of who changed it since the base.
const MergeCase kCases[] = {
    {"nobody_changed_it", "new", "new", "new", "new"},
    {"others_changed_it", "new", "new", "bug", "bug"},
    {"this_window_changed_it", "new", "bug", "new", "bug"},
    {"both_changed_it_this_window_wins_until_saved", "new", "bug", "noise", "bug"},
    {"others_added_it", "-", "-", "bug", "bug"},
    {"this_window_added_it", "-", "bug", "-", "bug"},
    {"others_removed_it", "new", "new", "-", "-"},
    {"this_window_removed_it", "new", "-", "new", "-"},
    {"both_removed_it", "new", "-", "-", "-"},
};

class WorkspaceMerge : public ::testing::TestWithParam<MergeCase> {};

TEST_P(WorkspaceMerge, ItemByItem) {
    const MergeCase& c = GetParam();
    // The item under test sits beside one only this window changed and one only the others did.
    const std::string base = doc({{"aaaaaaaaaaaa", c.base}, {"mine00000000", "new"}, {"theirs000000", "new"}});
    const std::string local = doc({{"aaaaaaaaaaaa", c.local}, {"mine00000000", "intended"}, {"theirs000000", "new"}});
    const std::string remote = doc({{"aaaaaaaaaaaa", c.remote}, {"mine00000000", "new"}, {"theirs000000", "accepted"}});
    std::string error;
    const auto merged = pg::mergeWorkspaceDocuments(base, local, remote, &error);
    ASSERT_TRUE(merged) << error;
    EXPECT_EQ(stateIn(*merged, "aaaaaaaaaaaa"), c.expected);
    EXPECT_EQ(stateIn(*merged, "mine00000000"), "intended");
    EXPECT_EQ(stateIn(*merged, "theirs000000"), "accepted");
}

INSTANTIATE_TEST_SUITE_P(PgWorkspace, WorkspaceMerge, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<MergeCase>& info) { return std::string(info.param.name); });

TEST(PgWorkspaceMerge, MembersThatAreNotGroupsMergeToo) {
    std::string error;
    const auto merged = pg::mergeWorkspaceDocuments(doc({}, "a.json"), doc({}, "a.json"), doc({}, "b.json"), &error);
    ASSERT_TRUE(merged) << error;
    EXPECT_EQ(json::parse(*merged)["rules"], "b.json");
    const auto kept = pg::mergeWorkspaceDocuments(doc({}, "a.json"), doc({}, "c.json"), doc({}, "b.json"), &error);
    ASSERT_TRUE(kept) << error;
    EXPECT_EQ(json::parse(*kept)["rules"], "c.json");
}

TEST(PgWorkspaceMerge, NotADocumentIsAnError) {
    std::string error;
    EXPECT_FALSE(pg::mergeWorkspaceDocuments("[1]", doc({}), doc({}), &error));
    EXPECT_FALSE(error.empty());
    error.clear();
    EXPECT_FALSE(pg::mergeWorkspaceDocuments(doc({}), doc({}), "not json", &error));
    EXPECT_FALSE(error.empty());
}

// A save of two edits was refused for one of them: merged with the base after the conflict, the
// refused item shows the others' state and the other edit stays the window's (saved again next).
TEST(PgWorkspaceMerge, AfterARefusedSaveOnlyTheRefusedItemsTakeTheSharedState) {
    const std::string seen = doc({{"contested000", "new"}, {"other0000000", "new"}});
    const std::string sent = doc({{"contested000", "bug"}, {"other0000000", "noise"}});
    const std::string local = doc({{"contested000", "bug"}, {"other0000000", "noise"}, {"later0000000", "bug"}});
    const std::string remote = doc({{"contested000", "accepted"}, {"other0000000", "new"}});
    std::string error;
    const auto base = pg::baseAfterConflict(seen, sent, {{"groups", "contested000"}}, &error);
    ASSERT_TRUE(base) << error;
    const auto merged = pg::mergeWorkspaceDocuments(*base, local, remote, &error);
    ASSERT_TRUE(merged) << error;
    EXPECT_EQ(stateIn(*merged, "contested000"), "accepted");
    EXPECT_EQ(stateIn(*merged, "other0000000"), "noise");
    EXPECT_EQ(stateIn(*merged, "later0000000"), "bug");
    // Edited again after the refused save was sent: the window's newest state stays.
    const std::string again = doc({{"contested000", "intended"}, {"other0000000", "noise"}});
    const auto kept = pg::mergeWorkspaceDocuments(*base, again, remote, &error);
    ASSERT_TRUE(kept) << error;
    EXPECT_EQ(stateIn(*kept, "contested000"), "intended");
}

TEST(PgWorkspaceMerge, CanonicalSpellingComparesEqual) {
    std::string error;
    const auto a =
        pg::canonicalWorkspaceDocument(R"({"groups": {"b": {"state": "bug"}, "a": {"state": "new"}}})", &error);
    const auto b = pg::canonicalWorkspaceDocument(R"({"groups":{"a":{"state":"new"},"b":{"state":"bug"}}})", &error);
    ASSERT_TRUE(a && b) << error;
    EXPECT_EQ(*a, *b);
}

}  // namespace
}  // namespace dt
