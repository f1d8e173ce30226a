// SPDX-License-Identifier: MIT
// The triage workspace (core/triage/workspace*.h): round trip, broken files (line + pointer, nothing
// loaded), crash safety of saving (kill -9 after every step of the atomic write), annotation flags
// (regression, new since), named issues keeping their state, paths, store fingerprints.
#include "core/triage/workspace.h"
#include "core/triage/workspace_io.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/store/store_fingerprint.h"
#include "core/util/atomic_write.h"

namespace fs = std::filesystem;

namespace {

class TempDir {
public:
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "dt-ws-XXXXXX").string();
        std::vector<char> buf(tmpl.begin(), tmpl.end());
        buf.push_back('\0');
        if (!::mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
        m_path = buf.data();
    }
    ~TempDir() {
        std::error_code ec;
        fs::permissions(m_path, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(m_path, ec);
    }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void writeFile(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }

dt::Workspace sampleWorkspace() {
    dt::Workspace ws;
    ws.store_path = "/data/shadow/2026-12-01.jsonl";
    ws.store_fingerprint = "v1:jsonl:123456:0123456789abcdef";
    ws.rules_path = "/data/shadow/rules.json";
    ws.swap_sides = true;
    auto& g = dt::groupItem(ws, "3fa2c1d09e4b");
    g.state = dt::TriageState::Bug;
    g.owner = "ana";
    g.note = "prices differ by \"one cent\"\nsecond line <b>";
    g.ticket = "https://tracker.example.com/MIG-7";
    dt::touchItem(g, "2026-12-01T10:00:00Z");
    dt::groupItem(ws, "000000000001").state = dt::TriageState::Fixed;
    auto& c = dt::causeItem(ws, "aabbccddeeff");
    c.state = dt::TriageState::IntendedFix;
    dt::touchItem(c, "2026-12-01T10:05:00Z");
    dt::mergeIntoIssue(ws, "Discount service split", {"111111111111", "222222222222"}, dt::TriageState::Investigating,
                       "2026-12-01T11:00:00Z");
    dt::setSplit(ws, "3fa2c1d09e4b", "tenant");
    dt::markOpened(ws, {"3fa2c1d09e4b", "111111111111"}, {"aabbccddeeff"}, "2026-12-01T09:00:00Z");
    ws.last_report = "2026-11-30T17:00:00Z";
    ws.criteria.min_match_rate = 0.995;
    ws.criteria.max_mismatch_rate = 0.01;
    ws.criteria.fail_on_expired = true;
    return ws;
}

TEST(Workspace, StateNamesRoundTrip) {
    for (int i = 0; i < dt::kTriageStateCount; ++i) {
        const auto s = static_cast<dt::TriageState>(i);
        EXPECT_EQ(dt::parseTriageState(dt::triageStateName(s)), s);
    }
    EXPECT_FALSE(dt::parseTriageState("done"));
    EXPECT_EQ(dt::triageStateName(dt::TriageState::IntendedFix), "intended_fix");
}

TEST(Workspace, SaveLoadRoundTripIsEqualAndByteIdentical) {
    TempDir dir;
    const dt::Workspace ws = sampleWorkspace();
    const fs::path file = dir.path() / "s.jsonl.difftriage";
    std::string error;
    ASSERT_TRUE(dt::saveWorkspace(file.string(), ws, &error)) << error;
    std::vector<dt::WorkspaceError> errors;
    auto back = dt::loadWorkspace(file.string(), &errors);
    ASSERT_TRUE(back) << dt::formatRuleErrors("ws", errors);
    EXPECT_EQ(*back, ws);
    EXPECT_EQ(dt::serializeWorkspace(*back), readFile(file));
    const std::string text = readFile(file);
    EXPECT_NE(text.find("\"format\": \"difftriage-workspace\""), std::string::npos);
    EXPECT_NE(text.find("\"version\": 1"), std::string::npos);
    EXPECT_EQ(text.back(), '\n');
}

TEST(Workspace, OutputIsDeterministicWhateverTheInsertionOrder) {
    dt::Workspace a, b;
    for (const char* s : {"b", "a", "c"}) dt::groupItem(a, s).note = s;
    for (const char* s : {"c", "b", "a"}) dt::groupItem(b, s).note = s;
    a.known_signatures = {"z", "y"};
    b.known_signatures = {"y", "z"};
    a.splits = {{"q", "tenant"}, {"p", "endpoint"}};
    b.splits = {{"p", "endpoint"}, {"q", "tenant"}};
    EXPECT_EQ(dt::serializeWorkspace(a), dt::serializeWorkspace(b));
}

TEST(Workspace, UnknownMembersAreKeptAtTopLevelAndIgnoredInItems) {
    const std::string text = R"({"format": "difftriage-workspace", "version": 1,
        "future_thing": {"x": [1, 2]},
        "groups": {"abc": {"state": "bug", "colour": "red"}}})";
    std::vector<dt::WorkspaceError> errors;
    auto ws = dt::parseWorkspace(text, &errors);
    ASSERT_TRUE(ws) << dt::formatRuleErrors("ws", errors);
    EXPECT_EQ(ws->groups.at("abc").state, dt::TriageState::Bug);
    ASSERT_EQ(ws->unknown.count("future_thing"), 1u);
    const std::string out = dt::serializeWorkspace(*ws);
    EXPECT_NE(out.find("future_thing"), std::string::npos);
    EXPECT_EQ(out.find("colour"), std::string::npos);
    auto again = dt::parseWorkspace(out, &errors);
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *ws);
}

struct BrokenCase {
    const char* name;
    const char* text;
    const char* pointer;  // of the first error
    uint32_t line;
    const char* reason;  // part of the reason
};

class BrokenWorkspace : public ::testing::TestWithParam<BrokenCase> {};

TEST_P(BrokenWorkspace, ReportsLineAndPointerAndLoadsNothing) {
    const BrokenCase& c = GetParam();
    std::vector<dt::WorkspaceError> errors;
    auto ws = dt::parseWorkspace(c.text, &errors);
    EXPECT_FALSE(ws);
    ASSERT_FALSE(errors.empty());
    bool found = false;
    for (const auto& e : errors)
        if (e.pointer == c.pointer && e.line == c.line && e.reason.find(c.reason) != std::string::npos) found = true;
    EXPECT_TRUE(found) << dt::formatRuleErrors("ws", errors);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BrokenWorkspace,
    ::testing::Values(
        BrokenCase{"BadJson", "{\"format\": \"difftriage-workspace\",\n\"version\": 1,\n\"groups\": {,}\n}", "", 3,
                   "invalid JSON at line 3"},
        BrokenCase{"NotAnObject", "[1, 2]", "", 1, "JSON object"},
        BrokenCase{"MissingFormat", "{\"version\": 1}", "/format", 1, "required"},
        BrokenCase{"WrongFormat", "{\"format\": \"rules\", \"version\": 1}", "/format", 1, "not a difftriage"},
        BrokenCase{"NewerVersion", "{\"format\": \"difftriage-workspace\",\n \"version\": 7}", "/version", 2,
                   "newer difftriage (version 7)"},
        BrokenCase{"UnknownState",
                   "{\"format\": \"difftriage-workspace\", \"version\": 1,\n \"groups\": {\n  \"abc\": {\n   "
                   "\"state\": \"done\"}}}",
                   "/groups/abc/state", 4, "unknown state \"done\""},
        BrokenCase{"StateWrongType",
                   "{\"format\": \"difftriage-workspace\", \"version\": 1,\n \"causes\": {\"c1\": {\"state\": 3}}}",
                   "/causes/c1/state", 2, "must be a string"},
        BrokenCase{"OwnerWrongType",
                   "{\"format\": \"difftriage-workspace\", \"version\": 1,\n\n \"groups\": {\"a\": {\"owner\": []}}}",
                   "/groups/a/owner", 3, "must be a string"},
        BrokenCase{"GroupsArray", "{\"format\": \"difftriage-workspace\", \"version\": 1, \"groups\": []}", "/groups",
                   1, "must be an object"},
        BrokenCase{"BadTime",
                   "{\"format\": \"difftriage-workspace\", \"version\": 1,\n \"last_opened\": \"yesterday\"}",
                   "/last_opened", 2, "ISO 8601"},
        BrokenCase{"SwapNotBool", "{\"format\": \"difftriage-workspace\", \"version\": 1, \"swap_sides\": \"yes\"}",
                   "/swap_sides", 1, "true or false"},
        BrokenCase{
            "RateOutOfRange",
            "{\"format\": \"difftriage-workspace\", \"version\": 1,\n \"criteria\": {\n\"min_match_rate\": 1.5}}",
            "/criteria/min_match_rate", 3, "between 0 and 1"},
        BrokenCase{"DuplicateIssueId",
                   "{\"format\": \"difftriage-workspace\", \"version\": 1, \"issues\": [\n"
                   "{\"id\": \"i-1\", \"name\": \"a\", \"signatures\": [\"s1\"]},\n"
                   "{\"id\": \"i-1\", \"name\": \"b\", \"signatures\": [\"s2\"]}]}",
                   "/issues/1/id", 3, "duplicate id"},
        BrokenCase{"SignatureInTwoIssues",
                   "{\"format\": \"difftriage-workspace\", \"version\": 1, \"issues\": [\n"
                   "{\"id\": \"i-1\", \"name\": \"a\", \"signatures\": [\"s1\"]},\n"
                   "{\"id\": \"i-2\", \"name\": \"b\", \"signatures\": [\"s1\"]}]}",
                   "/issues/1/signatures", 3, "belongs to one issue"},
        BrokenCase{"SplitWithoutField",
                   "{\"format\": \"difftriage-workspace\", \"version\": 1, \"splits\": [{\"signature\": \"s\"}]}",
                   "/splits/0/field", 1, "required"},
        BrokenCase{"NegativeVersionCounter",
                   "{\"format\": \"difftriage-workspace\", \"version\": 1, \"groups\": {\"a\": {\"version\": -1}}}",
                   "/groups/a/version", 1, "at least 0"}),
    [](const ::testing::TestParamInfo<BrokenCase>& info) { return std::string(info.param.name); });

TEST(Workspace, BrokenFileOnDiskLeavesTheCallerWithNothing) {
    TempDir dir;
    const fs::path file = dir.path() / "w.difftriage";
    writeFile(file, "{\"format\": \"difftriage-workspace\", \"version\": 1, \"groups\": {\"a\": {\"state\": \"x\"}}, "
                    "\"rules\": \"/r.json\"}");
    std::vector<dt::WorkspaceError> errors;
    EXPECT_FALSE(dt::loadWorkspace(file.string(), &errors));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].pointer, "/groups/a/state");
    errors.clear();
    EXPECT_FALSE(dt::loadWorkspace((dir.path() / "missing.difftriage").string(), &errors));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].reason.find("cannot open"), std::string::npos);
}

// kill -9 exactly after each step of the atomic write (the helper's step hook, as in
// test_atomic_write.cpp): the file then loads as the old workspace or the new one, never torn.
int g_killAtStep = 0;
void killAtStep(int step) {
    if (step == g_killAtStep) ::raise(SIGKILL);
}

class WorkspaceKilledSave : public ::testing::TestWithParam<int> {};

TEST_P(WorkspaceKilledSave, FileIsOldOrNew) {
    const int step = GetParam();
    TempDir dir;
    const fs::path file = dir.path() / "store.jsonl.difftriage";
    dt::Workspace oldWs = sampleWorkspace();
    dt::Workspace newWs = oldWs;
    // Big enough that "half written" is a real half.
    for (int i = 0; i < 2000; ++i) dt::groupItem(newWs, "sig" + std::to_string(i)).note = std::string(40, 'n');
    std::string error;
    ASSERT_TRUE(dt::saveWorkspace(file.string(), oldWs, &error)) << error;
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        g_killAtStep = step;
        dt::setAtomicWriteStepHook(killAtStep);
        dt::saveWorkspace(file.string(), newWs, nullptr);
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the child was not killed at step " << step;
    std::vector<dt::WorkspaceError> errors;
    auto now = dt::loadWorkspace(file.string(), &errors);
    ASSERT_TRUE(now) << "killed after step " << step << ": " << dt::formatRuleErrors("ws", errors);
    // Before the rename the old workspace is there; from the rename on, the new one.
    EXPECT_EQ(*now, step < 5 ? oldWs : newWs) << "step " << step;
}

INSTANTIATE_TEST_SUITE_P(EveryStep, WorkspaceKilledSave, ::testing::Range(1, dt::kAtomicWriteSteps + 1));

struct AnnotateCase {
    const char* name;
    dt::TriageState state;
    bool known;
    bool opened;
    bool regression, new_since;
};

class AnnotateFlags : public ::testing::TestWithParam<AnnotateCase> {};

TEST_P(AnnotateFlags, RegressionAndNewSince) {
    const AnnotateCase& c = GetParam();
    dt::Workspace ws;
    dt::groupItem(ws, "s1").state = c.state;
    if (c.opened)
        dt::markOpened(ws, c.known ? std::vector<std::string>{"s1"} : std::vector<std::string>{"s0"}, {},
                       "2026-12-01T09:00:00Z");
    const auto a = dt::annotateGroups(ws, {"s1"});
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(a[0].state, c.state);
    EXPECT_EQ(a[0].regression, c.regression);
    EXPECT_EQ(a[0].new_since, c.new_since);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, AnnotateFlags,
    ::testing::Values(AnnotateCase{"FixedReappears", dt::TriageState::Fixed, true, true, true, false},
                      AnnotateCase{"FixedAndNew", dt::TriageState::Fixed, false, true, true, true},
                      AnnotateCase{"BugKnown", dt::TriageState::Bug, true, true, false, false},
                      AnnotateCase{"NewGroup", dt::TriageState::New, false, true, false, true},
                      AnnotateCase{"NeverOpened", dt::TriageState::New, false, false, false, false},
                      AnnotateCase{"IntendedFixIsNoRegression", dt::TriageState::IntendedFix, true, true, false,
                                   false}),
    [](const ::testing::TestParamInfo<AnnotateCase>& info) { return std::string(info.param.name); });

TEST(Workspace, MarkOpenedRemembersWhatIsThereNow) {
    dt::Workspace ws;
    dt::markOpened(ws, {"b", "a", "a"}, {"c2", "c1"}, "2026-12-01T09:00:00Z");
    EXPECT_EQ(ws.known_signatures, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(ws.known_causes, (std::vector<std::string>{"c1", "c2"}));
    EXPECT_EQ(ws.last_opened, "2026-12-01T09:00:00Z");
    const auto g = dt::annotateGroups(ws, {"a", "c"});
    EXPECT_FALSE(g[0].new_since);
    EXPECT_TRUE(g[1].new_since);
    const auto c = dt::annotateCauses(ws, {"c1", "c3"});
    EXPECT_FALSE(c[0].new_since);
    EXPECT_TRUE(c[1].new_since);
}

TEST(Workspace, NamedIssueKeepsItsStateWhenItsSignaturesChange) {
    dt::Workspace ws;
    dt::groupItem(ws, "s1").state = dt::TriageState::Investigating;
    dt::groupItem(ws, "s2").state = dt::TriageState::Bug;
    const std::string id = dt::mergeIntoIssue(ws, "Cart totals", {"s2", "s1"}, std::nullopt, "2026-12-01T10:00:00Z");
    ASSERT_EQ(ws.issues.size(), 1u);
    EXPECT_EQ(ws.issues[0].item.state, dt::TriageState::Bug);  // the strongest of the merged groups
    EXPECT_EQ(ws.issues[0].item.version, 1);
    // A re-run: s1 disappeared, s3 and s4 replace it; the issue is still a bug, and so are its groups.
    ASSERT_TRUE(dt::setIssueSignatures(ws, id, {"s3", "s2", "s4"}));
    std::string error;
    TempDir dir;
    const fs::path file = dir.path() / "w.difftriage";
    ASSERT_TRUE(dt::saveWorkspace(file.string(), ws, &error)) << error;
    auto back = dt::loadWorkspace(file.string(), nullptr);
    ASSERT_TRUE(back);
    const auto a = dt::annotateGroups(*back, {"s1", "s2", "s3", "s4"});
    EXPECT_EQ(a[0].state, dt::TriageState::Investigating);  // its own item again
    EXPECT_EQ(a[0].issue_id, "");
    for (size_t i = 1; i < 4; ++i) {
        EXPECT_EQ(a[i].state, dt::TriageState::Bug) << i;
        EXPECT_EQ(a[i].issue_id, id);
        EXPECT_EQ(a[i].issue_name, "Cart totals");
    }
    // Merging a signature into another issue takes it out of the first; an emptied issue goes.
    const std::string other = dt::mergeIntoIssue(ws, "Other", {"s2", "s3", "s4"}, dt::TriageState::Noise);
    EXPECT_EQ(ws.issues.size(), 1u);
    EXPECT_EQ(dt::issueOf(ws, "s3")->id, other);
    EXPECT_FALSE(dt::findIssue(ws, id));
}

TEST(Workspace, SplitsOnePerSignature) {
    dt::Workspace ws;
    dt::setSplit(ws, "s1", "tenant");
    dt::setSplit(ws, "s1", "endpoint");
    dt::setSplit(ws, "s0", "region");
    ASSERT_EQ(ws.splits.size(), 2u);
    EXPECT_EQ(dt::splitOf(ws, "s1"), "endpoint");
    dt::setSplit(ws, "s1", "");
    EXPECT_FALSE(dt::splitOf(ws, "s1"));
}

TEST(Workspace, PathsBesideTheStoreOrInTheFallbackDirectory) {
    TempDir dir;
    const fs::path store = dir.path() / "shadow run #1.jsonl";
    writeFile(store, "{}\n");
    EXPECT_EQ(dt::defaultWorkspacePath(store.string()), store.string() + ".difftriage");
    const fs::path fb = dir.path() / "fallback";
    const std::string f1 = dt::fallbackWorkspacePath(store.string(), fb.string());
    EXPECT_EQ(fs::path(f1).parent_path(), fb);
    EXPECT_EQ(fs::path(f1).filename().string().rfind("shadow_run__1.jsonl-", 0), 0u) << f1;
    EXPECT_EQ(fs::path(f1).extension(), ".difftriage");
    // Another store with the same name elsewhere gets another file.
    EXPECT_NE(f1, dt::fallbackWorkspacePath((dir.path() / "x" / "shadow run #1.jsonl").string(), fb.string()));
    EXPECT_EQ(dt::chooseWorkspacePath(store.string(), fb.string()), store.string() + ".difftriage");
    // Saving into the fallback directory creates it; choosing then finds the file there.
    std::string error;
    ASSERT_TRUE(dt::saveWorkspace(f1, sampleWorkspace(), &error)) << error;
    EXPECT_EQ(dt::chooseWorkspacePath(store.string(), fb.string()), f1);
    if (::geteuid() != 0) {
        const fs::path ro = dir.path() / "ro";
        fs::create_directory(ro);
        writeFile(ro / "s.jsonl", "{}\n");
        fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
        EXPECT_EQ(dt::chooseWorkspacePath((ro / "s.jsonl").string(), fb.string()),
                  dt::fallbackWorkspacePath((ro / "s.jsonl").string(), fb.string()));
        fs::permissions(ro, fs::perms::owner_all);
    }
}

TEST(Workspace, OpenForStoreCreatesReloadsAndComparesTheStore) {
    TempDir dir;
    const fs::path store = dir.path() / "run.jsonl";
    writeFile(store, "{\"id\":\"a\"}\n");
    const std::string fb = (dir.path() / "fb").string();
    auto first = dt::openWorkspaceFor(store.string(), fb, {}, "/r/rules.json");
    ASSERT_TRUE(first.ok());
    EXPECT_TRUE(first.created);
    EXPECT_EQ(first.path, store.string() + ".difftriage");
    EXPECT_EQ(first.workspace.store_path, store.string());
    EXPECT_EQ(first.workspace.rules_path, "/r/rules.json");
    ASSERT_FALSE(first.fingerprint.empty());
    EXPECT_EQ(first.workspace.store_fingerprint, first.fingerprint);
    dt::groupItem(first.workspace, "s1").state = dt::TriageState::Fixed;
    std::string error;
    ASSERT_TRUE(dt::saveWorkspace(first.path, first.workspace, &error)) << error;

    auto again = dt::openWorkspaceFor(store.string(), fb);
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(again.created);
    EXPECT_EQ(again.store, dt::FingerprintMatch::Same);
    EXPECT_EQ(again.workspace, first.workspace);

    writeFile(store, "{\"id\":\"b\"}\n");  // another run under the same name
    EXPECT_EQ(dt::openWorkspaceFor(store.string(), fb).store, dt::FingerprintMatch::Different);

    writeFile(first.path, "{\"format\": \"difftriage-workspace\", \"version\": 1, \"swap_sides\": 1}");
    auto broken = dt::openWorkspaceFor(store.string(), fb);
    EXPECT_FALSE(broken.ok());
    EXPECT_FALSE(broken.created);
    EXPECT_TRUE(broken.workspace.groups.empty());
    ASSERT_EQ(broken.errors.size(), 1u);
    EXPECT_EQ(broken.errors[0].pointer, "/swap_sides");
}

TEST(StoreFingerprint, StableSameGrownDifferent) {
    TempDir dir;
    const fs::path store = dir.path() / "s.jsonl";
    std::string big;
    while (big.size() < dt::kFingerprintHeadBytes + 100) big += "{\"id\":\"x\"}\n";
    writeFile(store, big);
    std::string error;
    auto f = dt::storeFingerprint(store.string(), &error);
    ASSERT_TRUE(f) << error;
    EXPECT_EQ(f->format, "jsonl");
    EXPECT_EQ(f->size, big.size());
    EXPECT_EQ(dt::StoreFingerprint::parse(f->str()), f);
    EXPECT_EQ(dt::compareFingerprints(f->str(), *dt::storeFingerprint(store.string(), nullptr)),
              dt::FingerprintMatch::Same);
    writeFile(store, big + "{\"id\":\"y\"}\n");
    EXPECT_EQ(dt::compareFingerprints(f->str(), *dt::storeFingerprint(store.string(), nullptr)),
              dt::FingerprintMatch::Grown);
    writeFile(store, "X" + big);
    EXPECT_EQ(dt::compareFingerprints(f->str(), *dt::storeFingerprint(store.string(), nullptr)),
              dt::FingerprintMatch::Different);
    EXPECT_EQ(dt::compareFingerprints("garbage", *f), dt::FingerprintMatch::Different);
    writeFile(store, std::string("SQLite format 3\0rest", 20));
    EXPECT_EQ(dt::storeFingerprint(store.string(), nullptr)->format, "sqlite");
    EXPECT_FALSE(dt::storeFingerprint((dir.path() / "missing").string(), &error));
    EXPECT_NE(error.find("missing"), std::string::npos);
}

}  // namespace
