// SPDX-License-Identifier: MIT
// Shared workspace in PostgreSQL: optimistic concurrency between two connections (a stale edit is
// refused with the current item, never overwrites), all-or-nothing batches (merges), change
// notifications to other sessions, and push/pull of a file workspace.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/pg/pg_workspace.h"
#include "core/pg/pg_workspace_sync.h"
#include "core/triage/workspace_io.h"
#include "tests/pg/pg_test_server.h"
#include <cstdio>
#include <fstream>
#include <sstream>

namespace dt {
namespace {

using pg::PgWorkspace;
using pg::WorkspaceItem;

struct Two {
    std::unique_ptr<PgWorkspace> a, b;
};

bool openTwo(Two& t, std::string* why) {
    pgtest::TestServer* server = pgtest::sharedServer(why);
    if (!server) return false;
    static int n = 0;
    const std::string db = "ws_" + std::to_string(::getpid()) + "_" + std::to_string(n++);
    EXPECT_EQ(server->createDatabase(db), "");
    std::string error;
    const std::string uri = server->uri(db) + "&schema=team&workspace=shop";
    t.a = PgWorkspace::open(uri, &error);
    EXPECT_TRUE(t.a) << error;
    t.b = PgWorkspace::open(uri, &error);
    EXPECT_TRUE(t.b) << error;
    return t.a && t.b;
}

WorkspaceItem entry(const std::string& sig, const std::string& state, int64_t basedOn, const std::string& note = "") {
    WorkspaceItem it;
    it.kind = "groups";
    it.key = sig;
    it.value = nlohmann::json{{"state", state}, {"note", note}}.dump();
    it.version = basedOn;
    return it;
}

TEST(PgWorkspace, AStaleEditIsAConflictAndNeverOverwrites) {
    Two t;
    std::string why;
    if (!openTwo(t, &why)) GTEST_SKIP() << "no PostgreSQL: " << why;
    std::vector<WorkspaceItem> after, conflicts;
    std::string error;
    ASSERT_EQ(t.a->apply({entry("abc123", "investigating", 0)}, &after, &conflicts, &error), PgWorkspace::Result::Ok)
        << error;
    ASSERT_EQ(after.size(), 1u);
    EXPECT_EQ(after[0].version, 1);

    auto seenByB = t.b->item("groups", "abc123", &error);
    ASSERT_TRUE(seenByB);
    EXPECT_EQ(seenByB->version, 1);
    // A edits first, based on version 1.
    ASSERT_EQ(t.a->apply({entry("abc123", "bug", 1, "from A")}, &after, &conflicts, &error), PgWorkspace::Result::Ok);
    EXPECT_EQ(after[0].version, 2);
    // B's edit is based on version 1 too: refused, with A's item as it is now.
    ASSERT_EQ(t.b->apply({entry("abc123", "accepted", seenByB->version, "from B")}, &after, &conflicts, &error),
              PgWorkspace::Result::Conflict);
    ASSERT_EQ(conflicts.size(), 1u);
    EXPECT_EQ(conflicts[0].version, 2);
    EXPECT_EQ(nlohmann::json::parse(conflicts[0].value)["note"], "from A");
    auto stored = t.a->item("groups", "abc123", &error);
    EXPECT_EQ(nlohmann::json::parse(stored->value)["note"], "from A");
    // B resolves on top of version 2.
    ASSERT_EQ(t.b->apply({entry("abc123", "accepted", 2, "from A, then B")}, &after, &conflicts, &error),
              PgWorkspace::Result::Ok);
    EXPECT_EQ(after[0].version, 3);

    // Two sessions creating the same item: the second is a conflict.
    ASSERT_EQ(t.a->apply({entry("new1", "bug", 0)}, &after, &conflicts, &error), PgWorkspace::Result::Ok);
    EXPECT_EQ(t.b->apply({entry("new1", "noise", 0)}, &after, &conflicts, &error), PgWorkspace::Result::Conflict);
    // A stale delete is refused too.
    WorkspaceItem del = entry("abc123", "", 2);
    del.deleted = true;
    EXPECT_EQ(t.a->apply({del}, &after, &conflicts, &error), PgWorkspace::Result::Conflict);
    del.version = 3;
    EXPECT_EQ(t.a->apply({del}, &after, &conflicts, &error), PgWorkspace::Result::Ok);
    EXPECT_EQ(t.b->item("groups", "abc123", &error)->version, 0);
}

TEST(PgWorkspace, AMergeIsAllOrNothing) {
    Two t;
    std::string why;
    if (!openTwo(t, &why)) GTEST_SKIP() << "no PostgreSQL: " << why;
    std::vector<WorkspaceItem> after, conflicts;
    std::string error;
    ASSERT_EQ(t.a->apply({entry("s1", "new", 0), entry("s2", "new", 0)}, &after, &conflicts, &error),
              PgWorkspace::Result::Ok);
    ASSERT_EQ(t.b->apply({entry("s2", "bug", 1)}, &after, &conflicts, &error), PgWorkspace::Result::Ok);
    // A merges s1 and s2 into an issue, based on what it saw (s2 at version 1): refused as a whole.
    WorkspaceItem issue;
    issue.kind = "issues[]";
    issue.key = "i-1";
    issue.value = R"({"id":"i-1","name":"rounding","signatures":["s1","s2"]})";
    ASSERT_EQ(t.a->apply({issue, entry("s1", "bug", 1), entry("s2", "bug", 1)}, &after, &conflicts, &error),
              PgWorkspace::Result::Conflict);
    ASSERT_EQ(conflicts.size(), 1u);
    EXPECT_EQ(conflicts[0].key, "s2");
    EXPECT_EQ(t.a->item("issues[]", "i-1", &error)->version, 0) << "the issue was not created";
    EXPECT_EQ(t.a->item("groups", "s1", &error)->version, 1) << "s1 was not changed";
}

TEST(PgWorkspace, OtherSessionsAreNotifiedOfEveryCommittedChange) {
    Two t;
    std::string why;
    if (!openTwo(t, &why)) GTEST_SKIP() << "no PostgreSQL: " << why;
    std::string error;
    ASSERT_TRUE(t.a->listen(&error)) << error;
    ASSERT_TRUE(t.b->listen(&error)) << error;
    std::vector<WorkspaceItem> after, conflicts;
    ASSERT_EQ(t.b->apply({entry("n1", "bug", 0)}, &after, &conflicts, &error), PgWorkspace::Result::Ok);
    std::vector<pg::WorkspaceChange> got;
    for (int i = 0; i < 50 && got.empty(); ++i) {
        auto more = t.a->pollChanges(200);
        got.insert(got.end(), more.begin(), more.end());
    }
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].kind, "groups");
    EXPECT_EQ(got[0].key, "n1");
    EXPECT_EQ(got[0].version, 1);
    EXPECT_EQ(got[0].backendPid, t.b->backendPid());
    EXPECT_TRUE(t.b->pollChanges(0).empty()) << "a session is not told about its own changes";
    // A refused change is not announced.
    ASSERT_EQ(t.b->apply({entry("n1", "noise", 0)}, &after, &conflicts, &error), PgWorkspace::Result::Conflict);
    EXPECT_TRUE(t.a->pollChanges(300).empty());
}

TEST(PgWorkspace, AFileWorkspacePushedAndPulledBackIsTheSame) {
    Two t;
    std::string why;
    if (!openTwo(t, &why)) GTEST_SKIP() << "no PostgreSQL: " << why;
    const nlohmann::json file = nlohmann::json::parse(R"({
      "version": 1, "store_path": "/data/shadow.jsonl", "rules_path": "rules.json", "swap_sides": false,
      "groups": {"0123456789ab": {"state": "bug", "owner": "ana", "note": "rounding", "ticket": "SHOP-1"},
                 "ba9876543210": {"state": "noise"}},
      "causes": {},
      "issues": [{"id": "i-1", "name": "money", "signatures": ["0123456789ab", "ba9876543210"], "entry": {"state": "bug"}}],
      "splits": [{"signature": "0123456789ab", "field": "tag:tenant"}],
      "seen_signatures": ["0123456789ab"], "reported_rules": []})");
    std::string error;
    ASSERT_TRUE(t.a->push(file.dump(), &error)) << error;
    auto items = t.b->items(&error);
    ASSERT_TRUE(items);
    EXPECT_EQ(items->size(), 11u);  // 2 groups, 1 issue, 1 split, 7 meta members
    auto pulled = t.b->pull(&error);
    ASSERT_TRUE(pulled) << error;
    EXPECT_EQ(nlohmann::json::parse(*pulled), file);
    // Pushing again replaces: an edit made since is gone only because the push says so.
    ASSERT_TRUE(t.a->push(R"({"version": 1, "groups": {"x": {"state": "new"}}})", &error));
    EXPECT_EQ(nlohmann::json::parse(*t.b->pull(&error)),
              nlohmann::json::parse(R"({"version": 1, "groups": {"x": {"state": "new"}}})"));
}

// Two windows on one shared workspace, each saving its whole document (what WorkspaceController does
// for a file): only what a window changed is written, edits of different groups both land, an edit
// of a group someone else changed since is refused with their state, and changes are announced.
TEST(PgWorkspace, WholeDocumentSavesMergeByItemAndRefuseStaleEdits) {
    pgtest::TestServer* server = nullptr;
    std::string why;
    server = pgtest::sharedServer(&why);
    if (!server) GTEST_SKIP() << "no PostgreSQL: " << why;
    const std::string db = "wsync_" + std::to_string(::getpid());
    ASSERT_EQ(server->createDatabase(db), "");
    const std::string uri = server->uri(db) + "&schema=team&workspace=meeting";
    std::string error;
    auto a = pg::WorkspaceSync::open(uri, &error);
    ASSERT_TRUE(a) << error;
    auto b = pg::WorkspaceSync::open(uri, &error);
    ASSERT_TRUE(b) << error;
    EXPECT_EQ(nlohmann::json::parse(a->document()), nlohmann::json::object());
    auto doc = [](const std::string& text) { return nlohmann::json::parse(text); };
    auto groupState = [&](pg::WorkspaceSync& s, const std::string& sig) {
        const auto d = doc(s.document());
        return d.contains("groups") && d["groups"].contains(sig) ? d["groups"][sig].value("state", "") : "";
    };
    std::vector<WorkspaceItem> conflicts;

    // A starts the workspace.
    nlohmann::json da = doc(R"({"version": 1, "store_path": "/data/s.jsonl",
                                "groups": {"g1": {"state": "new"}, "g2": {"state": "new"}}})");
    ASSERT_EQ(a->save(da.dump(), &conflicts, &error), pg::WorkspaceSync::Result::Saved) << error;
    EXPECT_EQ(a->save(da.dump(), &conflicts, &error), pg::WorkspaceSync::Result::Unchanged);
    EXPECT_TRUE(b->pending(5000)) << "B is told";
    ASSERT_TRUE(b->refresh(&error)) << error;
    EXPECT_EQ(doc(b->document()), da);

    // Different groups at once: both land.
    nlohmann::json db1 = doc(b->document());
    da["groups"]["g1"]["state"] = "bug";
    db1["groups"]["g2"]["state"] = "noise";
    db1["groups"]["g3"] = {{"state", "investigating"}, {"owner", "bo"}};
    ASSERT_EQ(a->save(da.dump(), &conflicts, &error), pg::WorkspaceSync::Result::Saved) << error;
    ASSERT_EQ(b->save(db1.dump(), &conflicts, &error), pg::WorkspaceSync::Result::Saved) << error;
    ASSERT_TRUE(a->refresh(&error));
    ASSERT_TRUE(b->refresh(&error));
    for (pg::WorkspaceSync* s : {a.get(), b.get()}) {
        EXPECT_EQ(groupState(*s, "g1"), "bug");
        EXPECT_EQ(groupState(*s, "g2"), "noise");
        EXPECT_EQ(groupState(*s, "g3"), "investigating");
    }

    // The same group at once: the later save is refused and sees the earlier one's state.
    nlohmann::json da2 = doc(a->document()), db2 = doc(b->document());
    da2["groups"]["g1"]["state"] = "fixed";
    db2["groups"]["g1"]["state"] = "accepted";
    db2["groups"]["g2"]["note"] = "written with the refused change: all or nothing";
    ASSERT_EQ(a->save(da2.dump(), &conflicts, &error), pg::WorkspaceSync::Result::Saved) << error;
    ASSERT_EQ(b->save(db2.dump(), &conflicts, &error), pg::WorkspaceSync::Result::Conflict) << error;
    ASSERT_EQ(conflicts.size(), 1u);
    EXPECT_EQ(conflicts[0].key, "g1");
    EXPECT_EQ(doc(conflicts[0].value)["state"], "fixed");
    const std::string said = pg::describeConflicts(conflicts);
    EXPECT_NE(said.find("groups g1: changed by "), std::string::npos) << said;
    EXPECT_EQ(groupState(*b, "g1"), "fixed") << "B now shows A's state";
    EXPECT_FALSE(doc(b->document())["groups"]["g2"].contains("note"));
    ASSERT_TRUE(a->refresh(&error));
    EXPECT_EQ(groupState(*a, "g1"), "fixed") << "B's refused edit was not written";

    // Removing a member deletes its item.
    nlohmann::json da3 = doc(a->document());
    da3["groups"].erase("g3");
    ASSERT_EQ(a->save(da3.dump(), &conflicts, &error), pg::WorkspaceSync::Result::Saved) << error;
    EXPECT_TRUE(b->pending(5000));
    ASSERT_TRUE(b->refresh(&error));
    EXPECT_EQ(groupState(*b, "g3"), "");
    EXPECT_EQ(doc(b->document()), da3);
}

// difftriage-cli workspace push / pull: a file workspace round-trips through the database; a file
// this version cannot read is not pushed; an unreachable server is an error, not a crash.
TEST(PgWorkspace, CliPushAndPullRoundTripAFileWorkspace) {
    std::string why;
    pgtest::TestServer* server = pgtest::sharedServer(&why);
    if (!server) GTEST_SKIP() << "no PostgreSQL: " << why;
    ASSERT_EQ(server->createDatabase("wcli"), "");
    const std::string uri = server->uri("wcli") + "&schema=team&workspace=cli";
    Workspace ws;
    ws.store_path = "/data/shadow.jsonl";
    ws.rules_path = "/data/rules.json";
    groupItem(ws, "0123456789ab").state = TriageState::Bug;
    groupItem(ws, "0123456789ab").owner = "ana";
    groupItem(ws, "ba9876543210").state = TriageState::Noise;
    const std::string dir = ::testing::TempDir();
    const std::string file = dir + "/push.difftriage", back = dir + "/pulled.difftriage";
    std::string error;
    ASSERT_TRUE(saveWorkspace(file, ws, &error)) << error;
    std::ostringstream out, err;
    ASSERT_EQ(cli::cmdWorkspace({"push", file, "--to", uri}, out, err), 0) << err.str();
    ASSERT_EQ(cli::cmdWorkspace({"pull", uri, "--out", back}, out, err), 0) << err.str();
    std::vector<WorkspaceError> errors;
    const auto pulled = loadWorkspace(back, &errors);
    ASSERT_TRUE(pulled);
    EXPECT_EQ(serializeWorkspace(*pulled), serializeWorkspace(ws));

    std::ofstream(dir + "/broken.difftriage") << "{\"version\": 1, \"groups\": [";
    std::ostringstream err2;
    EXPECT_EQ(cli::cmdWorkspace({"push", dir + "/broken.difftriage", "--to", uri}, out, err2), 2);
    EXPECT_NE(err2.str().find("broken.difftriage"), std::string::npos) << err2.str();
    std::ostringstream err3;
    EXPECT_EQ(cli::cmdWorkspace({"pull", "postgresql://nobody@/x?host=/nonexistent&port=1&workspace=w"}, out, err3), 2);
    EXPECT_NE(err3.str().find("workspace pull"), std::string::npos) << err3.str();
    // The workspace in the database is still the good one.
    auto shared = pg::PgWorkspace::open(uri, &error);
    ASSERT_TRUE(shared) << error;
    const auto doc = shared->pull(&error);
    ASSERT_TRUE(doc);
    EXPECT_EQ(serializeWorkspace(*parseWorkspace(*doc, &errors)), serializeWorkspace(ws));
}

}  // namespace
}  // namespace dt
