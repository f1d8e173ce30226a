// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <string>

#include "core/analysis/endpoint.h"

using namespace dt;

TEST(UrlPath, StripsSchemeHostQueryFragment) {
    EXPECT_EQ(urlPath("/users/123?verbose=true"), "/users/123");
    EXPECT_EQ(urlPath("https://api.example.com/users/17?x=1#frag"), "/users/17");
    EXPECT_EQ(urlPath("http://host"), "/");
    EXPECT_EQ(urlPath(""), "/");
    EXPECT_EQ(urlPath("users/1/"), "/users/1");
    EXPECT_EQ(urlPath("/a//b"), "/a/b");
    EXPECT_EQ(urlPath("/search?q=a/b"), "/search");
}

TEST(ObviousIds, RecognizesIdentifierShapes) {
    for (const char* s :
         {"123", "0", "550e8400-e29b-41d4-a716-446655440000", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
          "507f1f77bcf86cd799439011", "2026-11-20", "2026-11-20T10:00:00Z", "alice@example.com", "SKU-0042", "u12345",
          "ord_000981", "AbCdEfGhIjKlMnOpQrStUv12"})
        EXPECT_TRUE(isObviousIdSegment(s)) << s;
    for (const char* s : {"users", "v2", "api", "oauth2", "me", "search", "blue-widget-xl", "alice-smith",
                          "deadbeef-cafe", "v1.2", "health"})
        EXPECT_FALSE(isObviousIdSegment(s)) << s;
}

TEST(ObviousTemplate, ReplacesIdsKeepsStructure) {
    EXPECT_EQ(obviousTemplate("get", "/users/123?verbose=true"), "GET /users/{id}");
    EXPECT_EQ(obviousTemplate("GET", "/users/2"), obviousTemplate("GET", "/users/1"));
    EXPECT_EQ(obviousTemplate("GET", "https://h.example/orders/550e8400-e29b-41d4-a716-446655440000/items"),
              "GET /orders/{id}/items");
    EXPECT_EQ(obviousTemplate("GET", "/avatars/17.png"), "GET /avatars/{id}.png");
    EXPECT_EQ(obviousTemplate("GET", "/api/v2/products/SKU-0042"), "GET /api/v2/products/{id}");
    EXPECT_EQ(obviousTemplate("POST", "/"), "POST /");
    EXPECT_EQ(obviousTemplate("GET", "/search?q=shoes&page=2"), obviousTemplate("GET", "/search?q=hats"));
}

namespace {
std::string learnOne(TemplateLearner& l, const std::string& method, const std::string& url) {
    return l.templateFor(obviousTemplate(method, url));
}
}  // namespace

TEST(TemplateLearner, LearnsSlugPositionsFromTheStore) {
    TemplateLearner l;
    const char* slugs[] = {"blue-widget-xl", "red-hat",      "green-scarf", "tap-compare-mug",
                           "running-shoe",   "wool-sock",    "desk-lamp",   "usb-cable",
                           "phone-case",     "water-bottle", "yoga-mat",    "hand-soap"};
    for (const char* s : slugs) l.add(obviousTemplate("GET", std::string("/products/") + s));
    for (int i = 0; i < 30; ++i) l.add(obviousTemplate("GET", "/products/SKU-00" + std::to_string(10 + i)));
    // Static routes with real traffic stay literal.
    for (int i = 0; i < 40; ++i) l.add(obviousTemplate("GET", "/products/featured"));
    for (int i = 0; i < 200; ++i) l.add(obviousTemplate("GET", "/users/" + std::to_string(i)));
    for (int i = 0; i < 60; ++i) l.add(obviousTemplate("GET", "/users/me"));
    l.learn();
    EXPECT_EQ(learnOne(l, "GET", "/products/blue-widget-xl"), "GET /products/{id}");
    EXPECT_EQ(learnOne(l, "GET", "/products/SKU-0042"), "GET /products/{id}");
    EXPECT_EQ(learnOne(l, "GET", "/products/featured"), "GET /products/featured");
    EXPECT_EQ(learnOne(l, "GET", "/users/me"), "GET /users/me");
    EXPECT_EQ(learnOne(l, "GET", "/users/77"), "GET /users/{id}");
    // A slug never seen while learning still maps through the variable position.
    EXPECT_EQ(learnOne(l, "GET", "/products/brand-new-thing"), "GET /products/{id}");
}

TEST(TemplateLearner, LearnsNestedVariablePositions) {
    TemplateLearner l;
    const char* owners[] = {"alice-smith", "bob",   "carol-j", "dave", "erin",    "frank-o",
                            "grace",       "heidi", "ivan",    "judy", "mallory", "niaj"};
    const char* repos[] = {"tap-compare", "difftriage", "website",  "infra", "docs", "api",
                           "cli",         "mobile",     "dotfiles", "notes", "blog", "tools"};
    int n = 0;
    for (const char* o : owners)
        for (int k = 0; k < 3; ++k) {
            l.add(obviousTemplate("GET", std::string("/repos/") + o + "/" + repos[(n++) % 12]));
            l.add(obviousTemplate("GET", std::string("/repos/") + o + "/" + repos[(n++) % 12] + "/issues"));
        }
    l.learn();
    EXPECT_EQ(learnOne(l, "GET", "/repos/alice-smith/tap-compare"), "GET /repos/{id}/{id}");
    EXPECT_EQ(learnOne(l, "GET", "/repos/bob/website/issues"), "GET /repos/{id}/{id}/issues");
}

TEST(TemplateLearner, KeepsFewTopLevelResourcesLiteral) {
    TemplateLearner l;
    const char* resources[] = {"users",  "products", "orders",  "repos",  "reports", "files",
                               "search", "pages",    "avatars", "health", "metrics", "admin"};
    for (const char* r : resources)
        for (int i = 0; i < 50; ++i) l.add(obviousTemplate("GET", std::string("/") + r));
    l.learn();
    for (const char* r : resources) EXPECT_EQ(learnOne(l, "GET", std::string("/") + r), std::string("GET /") + r);
}

TEST(TemplateLearner, MethodsAreSeparate) {
    TemplateLearner l;
    l.add(obviousTemplate("POST", "/users"));
    l.add(obviousTemplate("GET", "/users/1"));
    l.learn();
    EXPECT_EQ(learnOne(l, "POST", "/users"), "POST /users");
    EXPECT_EQ(learnOne(l, "GET", "/users/5"), "GET /users/{id}");
}
