// SPDX-License-Identifier: MIT
#pragma once
// Builds small JSONL diff stores with exact timestamps, outcomes, weights, statuses and latencies
// for the parity tests, and analyses them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "core/analysis/analysis.h"
#include "core/store/record.h"

namespace dt::test {

// 2026-11-20T00:00:00Z
constexpr int64_t kDay0 = 1'795'132'800'000;
constexpr int64_t kMin = 60'000, kHourMs = 3'600'000;

struct ParityRec {
    int64_t ts = kDay0;
    std::string endpoint = "GET /a";
    enum Kind { Match, Mismatch, MissingField, CandidateError, Noise } kind = Match;
    double weight = 1;
    double primary_latency = 10, candidate_latency = 10;  // < 0: absent
    int primary_status = 200, candidate_status = 200;
};

class ParityStore {
public:
    ParityStore() {
        static int serial = 0;
        m_path =
            ::testing::TempDir() + "parity_" + std::to_string(::getpid()) + "_" + std::to_string(serial++) + ".jsonl";
        m_out.open(m_path);
    }
    ~ParityStore() { std::remove(m_path.c_str()); }

    void add(const ParityRec& r) {
        const std::string id = "p" + std::to_string(m_count++);
        std::string primaryBody = "{\\\"v\\\":1,\\\"w\\\":2}";
        std::string candidateBody = primaryBody;
        if (r.kind == ParityRec::Mismatch) candidateBody = "{\\\"v\\\":3,\\\"w\\\":2}";
        if (r.kind == ParityRec::MissingField) candidateBody = "{\\\"v\\\":1}";
        if (r.kind == ParityRec::Noise) candidateBody = "{\\\"v\\\":1,\\\"w\\\":9}";
        auto side = [&](int status, double latency, const std::string& body, bool error) {
            std::string s = "{";
            if (error)
                s += "\"error\":\"timeout\"";
            else
                s += "\"status\":" + std::to_string(status) + ",\"body\":\"" + body + "\"";
            if (latency >= 0) s += ",\"latency_ms\":" + std::to_string(latency);
            return s + "}";
        };
        const std::string path = r.endpoint.substr(r.endpoint.find(' ') + 1);
        m_out << "{\"id\":\"" << id << "\",\"ts\":\"" << formatTimestampMs(r.ts) << "\",\"endpoint\":\"" << r.endpoint
              << "\",\"request\":{\"method\":\"GET\",\"url\":\"" << path
              << "\"},\"primary\":" << side(r.primary_status, r.primary_latency, primaryBody, false)
              << ",\"candidate\":"
              << side(r.candidate_status, r.candidate_latency, candidateBody, r.kind == ParityRec::CandidateError);
        if (r.kind == ParityRec::Noise)
            m_out << ",\"secondary\":" << side(r.primary_status, r.primary_latency, "{\\\"v\\\":1,\\\"w\\\":5}", false);
        if (r.weight != 1) m_out << ",\"weight\":" << r.weight;
        m_out << "}\n";
    }

    std::unique_ptr<Analysis> analyze(std::shared_ptr<const RuleProvider> rules = nullptr) {
        m_out.flush();
        AnalyzeOptions opt;
        opt.threads = 1;
        opt.rules = std::move(rules);
        std::string error;
        auto a = Analysis::analyze(m_path, opt, &error);
        EXPECT_TRUE(a) << error;
        return a;
    }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    std::ofstream m_out;
    uint64_t m_count = 0;
};

}  // namespace dt::test
