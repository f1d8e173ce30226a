// SPDX-License-Identifier: MIT
// Diff engine micro-benchmarks: ns per compare for typical ~400-byte JSON pairs.
#include <benchmark/benchmark.h>

#include <string>

#include "core/compare/compare.h"

namespace {

// A typical API response (~400 bytes) and variants of it.
const std::string kPrimary =
    R"({"id":"ord-12345","status":"shipped","customer":{"id":"c-987","name":"Alice Martin","email":"alice@example.com",)"
    R"("tier":"gold"},"items":[{"sku":"A-100","qty":2,"price":19.99},{"sku":"B-200","qty":1,"price":5.5},)"
    R"({"sku":"C-300","qty":4,"price":0.25}],"total":46.48,"currency":"EUR","created_at":"2026-11-20T10:00:00Z",)"
    R"("flags":{"gift":false,"express":true},"notes":null,"version":3})";
// Same values: different key order, number formats and whitespace.
const std::string kReordered =
    R"({ "version": 3.0, "notes": null, "flags": {"express": true, "gift": false}, "created_at": "2026-11-20T10:00:00Z",)"
    R"( "currency": "EUR", "total": 4.648e1, "items": [{"price": 19.99, "qty": 2, "sku": "A-100"},)"
    R"( {"qty": 1, "sku": "B-200", "price": 5.50}, {"sku": "C-300", "price": 0.250, "qty": 4}],)"
    R"( "customer": {"tier": "gold", "email": "alice@example.com", "name": "Alice Martin", "id": "c-987"},)"
    R"( "status": "shipped", "id": "ord-12345"})";
// Two real differences.
const std::string kDiffering =
    R"({"id":"ord-12345","status":"delivered","customer":{"id":"c-987","name":"Alice Martin","email":"alice@example.com",)"
    R"("tier":"gold"},"items":[{"sku":"A-100","qty":2,"price":19.99},{"sku":"B-200","qty":1,"price":5.5},)"
    R"({"sku":"C-300","qty":4,"price":0.25}],"total":46.49,"currency":"EUR","created_at":"2026-11-20T10:00:00Z",)"
    R"("flags":{"gift":false,"express":true},"notes":null,"version":3})";

dt::Response response(const std::string& body) {
    dt::Response r;
    r.present = true;
    r.status = 200;
    r.headers = {{"Content-Type", "application/json"},
                 {"Date", "Mon, 20 Nov 2026 10:00:00 GMT"},
                 {"X-Request-Id", "abc"},
                 {"Cache-Control", "no-cache"}};
    r.body = body;
    return r;
}

void BM_BodiesEqual_Identical(benchmark::State& state) {
    dt::Comparer c;
    const std::string copy = kPrimary;
    for (auto _ : state) benchmark::DoNotOptimize(c.bodiesEqual(kPrimary, copy));
}
BENCHMARK(BM_BodiesEqual_Identical);

void BM_BodiesEqual_Reordered(benchmark::State& state) {
    dt::Comparer c;
    for (auto _ : state) benchmark::DoNotOptimize(c.bodiesEqual(kPrimary, kReordered));
}
BENCHMARK(BM_BodiesEqual_Reordered);

void BM_Compare_Reordered(benchmark::State& state) {
    dt::Comparer c;
    const dt::Response p = response(kPrimary), k = response(kReordered);
    for (auto _ : state) {
        auto r = c.compare(p, k);
        benchmark::DoNotOptimize(r.differences.data());
    }
}
BENCHMARK(BM_Compare_Reordered);

void BM_Compare_Differing(benchmark::State& state) {
    dt::Comparer c;
    const dt::Response p = response(kPrimary), k = response(kDiffering);
    for (auto _ : state) {
        auto r = c.compare(p, k);
        benchmark::DoNotOptimize(r.differences.data());
    }
}
BENCHMARK(BM_Compare_Differing);

void BM_Compare_ArrayReordered(benchmark::State& state) {
    dt::Comparer c;
    const std::string a = R"({"items":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]})";
    const std::string b = R"({"items":[16,15,14,13,12,11,10,9,8,7,6,5,4,3,2,1]})";
    for (auto _ : state) {
        auto r = c.compareBodies(a, b);
        benchmark::DoNotOptimize(r.differences.data());
    }
}
BENCHMARK(BM_Compare_ArrayReordered);

}  // namespace

// Issue 10: repeated values must align near-linearly. [1]*N against the same with the last element
// changed (and one element longer). Before the hash-class matching: 34 s at N = 300,000.
std::string repeatedArray(size_t n, const char* last) {
    std::string s = "[";
    for (size_t i = 0; i + 1 < n; ++i) s += "1,";
    return s + last + "]";
}

void BM_Compare_RepeatedArrayLastChanged(benchmark::State& state) {
    const size_t n = static_cast<size_t>(state.range(0));
    const std::string a = repeatedArray(n, "1"), b = repeatedArray(n, "2");
    dt::Comparer comparer;
    for (auto _ : state) benchmark::DoNotOptimize(comparer.compareBodies(a, b).differences.size());
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(n));
}
BENCHMARK(BM_Compare_RepeatedArrayLastChanged)->Arg(300000)->Arg(1000000)->Unit(benchmark::kMillisecond);

void BM_Compare_RepeatedArrayOneLonger(benchmark::State& state) {
    const size_t n = static_cast<size_t>(state.range(0));
    const std::string a = repeatedArray(n, "1"), b = repeatedArray(n + 1, "2");
    dt::Comparer comparer;
    for (auto _ : state) benchmark::DoNotOptimize(comparer.compareBodies(a, b).differences.size());
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(n));
}
BENCHMARK(BM_Compare_RepeatedArrayOneLonger)->Arg(300000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
