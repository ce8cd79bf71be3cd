#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "http/static_files.hpp"

namespace guichet::http {
namespace {

namespace fs = std::filesystem;

// A temporary tree per test (CTest runs the tests of this suite in parallel):
//   <base>/web/            the web root: index.html, console/index.html, assets/app-1234.js,
//                          404.html, .env
//   <base>/web-evil/       a sibling whose name has the root's as a prefix
//   <base>/outside.txt     a file outside the root
class StaticFilesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        base_ = fs::path(::testing::TempDir()) /
                (std::string("guichet-static-") +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(base_);
        root_ = base_ / "web";
        fs::create_directories(root_ / "assets");
        fs::create_directories(root_ / "console");
        fs::create_directories(base_ / "web-evil");
        Write(root_ / "index.html", "<html>portail</html>");
        Write(root_ / "404.html", "<html>introuvable</html>");
        Write(root_ / "console" / "index.html", "<html>console</html>");
        Write(root_ / "assets" / "app-1234.js", "console.log(1)");
        Write(root_ / ".env", "SECRET=1");
        Write(base_ / "outside.txt", "outside");
        Write(base_ / "web-evil" / "secret.txt", "evil");
    }
    void TearDown() override { fs::remove_all(base_); }

    static void Write(const fs::path& file, const std::string& content) {
        std::ofstream(file, std::ios::binary) << content;
    }

    fs::path base_;
    fs::path root_;
};

TEST_F(StaticFilesTest, ServesIndexesAndConsoleRoutes) {
    StaticFiles files(root_);
    auto home = files.Serve("/", "");
    ASSERT_TRUE(home);
    EXPECT_EQ(home->body, "<html>portail</html>");
    EXPECT_EQ(home->Get("Cache-Control"), "no-cache");
    EXPECT_EQ(home->Get("Content-Type"), "text/html; charset=utf-8");
    auto deep = files.Serve("/console/agents/42", "");
    ASSERT_TRUE(deep);
    EXPECT_EQ(deep->body, "<html>console</html>");
    ASSERT_TRUE(files.Serve("/console/", ""));
    ASSERT_TRUE(files.Serve("/console", ""));
    auto asset = files.Serve("/assets/app-1234.js", "");
    ASSERT_TRUE(asset);
    EXPECT_EQ(asset->Get("Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_FALSE(files.Serve("/nothing.html", ""));
}

TEST_F(StaticFilesTest, DecodesTheTargetOnceAndIgnoresTheQuery) {
    Write(root_ / "a b.txt", "espace");
    Write(root_ / "%2e%2e", "literal");
    StaticFiles files(root_);
    auto spaced = files.Serve("/a%20b.txt?x=%2F..", "");
    ASSERT_TRUE(spaced);
    EXPECT_EQ(spaced->body, "espace");
    EXPECT_EQ(spaced->Get("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_TRUE(files.Serve("/assets/app%2d1234.js", ""));
    // "%25" would need a second decoding to mean anything: refused, even for a real file.
    EXPECT_FALSE(files.Serve("/%252e%252e", ""));
}

TEST_F(StaticFilesTest, AnswersNotModifiedForAKnownEtag) {
    StaticFiles files(root_);
    auto first = files.Serve("/assets/app-1234.js", "");
    ASSERT_TRUE(first);
    auto again = files.Serve("/assets/app-1234.js", first->Get("ETag"));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 304);
    EXPECT_TRUE(again->body.empty());
    auto other = files.Serve("/assets/app-1234.js", "\"0000\"");
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 200);
}

TEST_F(StaticFilesTest, NeverServesTraversalOrHiddenFiles) {
    StaticFiles files(root_);
    const std::string outside = (base_ / "outside.txt").string();
    const std::vector<std::string> refused = {
        "/../etc/passwd",
        "/assets/../../x",
        "/.env",
        "/%2eenv",
        std::string("/a\0b", 4),
        "//etc/passwd",
        "///etc/passwd",
        "/" + outside,
        "//" + outside,
        "/%2Fetc%2Fpasswd",
        "/%2fetc%2fpasswd",
        "/..%2F..%2Foutside.txt",
        "/%2e%2e/outside.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/.%2e/outside.txt",
        "/%252e%252e/outside.txt",
        "/..%252foutside.txt",
        "/%c0%ae%c0%ae/outside.txt",
        "/%c0%afetc%c0%afpasswd",
        "/%e0%80%ae%e0%80%ae/outside.txt",
        "/%ed%a0%80",
        "/%f4%90%80%80",
        "/%ff",
        "/..\\outside.txt",
        "/%5c..%5coutside.txt",
        "/./index.html",
        "/%2e/index.html",
        "/.//index.html",
        "/console//index.html",
        "/console/..%2f..%2foutside.txt",
        "/console/../../outside.txt",
        "/%00/index.html",
        "/index.html%00",
        "/index.html%0a",
        "/index.html%7f",
        "/%",
        "/%2",
        "/%zz",
        "",
        "index.html",
        "*",
        "http://localhost/index.html",
    };
    for (const auto& target : refused) EXPECT_FALSE(files.Serve(target, "")) << target;
}

TEST_F(StaticFilesTest, AcceptsShortestFormUtf8Names) {
    Write(root_ / "été.txt", "été");
    StaticFiles files(root_);
    auto file = files.Serve("/%C3%A9t%C3%A9.txt", "");
    ASSERT_TRUE(file);
    EXPECT_EQ(file->body, "été");
}

TEST_F(StaticFilesTest, FollowsSymlinksOnlyWhenTheyStayInsideTheRoot) {
    fs::create_symlink(base_ / "outside.txt", root_ / "out.txt");
    fs::create_symlink("/etc", root_ / "evil");
    fs::create_symlink("/etc/passwd", root_ / "passwd");
    // "<base>/web-evil" shares "<base>/web" as a string prefix but is not inside it.
    fs::create_symlink("../web-evil", root_ / "sibling");
    fs::create_directory_symlink(base_, root_ / "console" / "up");
    fs::create_symlink("index.html", root_ / "inside.html");
    fs::create_directory_symlink(root_ / "assets", root_ / "scripts");
    StaticFiles files(root_);
    for (const char* target :
         {"/out.txt", "/evil/passwd", "/evil/", "/evil", "/passwd", "/sibling/secret.txt",
          "/sibling/", "/console/up/outside.txt", "/console/up/web-evil/secret.txt"}) {
        EXPECT_FALSE(files.Serve(target, "")) << target;
    }
    // Through a symlink out and back in again: the canonical path is the root's own file.
    EXPECT_TRUE(files.Serve("/console/up/web/index.html", ""));
    auto inside = files.Serve("/inside.html", "");
    ASSERT_TRUE(inside);
    EXPECT_EQ(inside->body, "<html>portail</html>");
    EXPECT_TRUE(files.Serve("/scripts/app-1234.js", ""));
}

TEST_F(StaticFilesTest, ARootReachedThroughASymlinkStillServes) {
    fs::create_directory_symlink(root_, base_ / "current");
    StaticFiles files(base_ / "current");
    EXPECT_TRUE(files.Serve("/", ""));
    EXPECT_TRUE(files.Serve("/assets/app-1234.js", ""));
    EXPECT_FALSE(files.Serve("/../outside.txt", ""));
}

TEST_F(StaticFilesTest, ServesOnlyRegularFiles) {
    fs::create_directories(root_ / "empty");
    StaticFiles files(root_);
    EXPECT_FALSE(files.Serve("/empty", ""));
    EXPECT_FALSE(files.Serve("/empty/", ""));
    StaticFiles missing(base_ / "no-such-root");
    EXPECT_FALSE(missing.Serve("/", ""));
    EXPECT_FALSE(missing.NotFoundPage());
}

TEST_F(StaticFilesTest, NotFoundPageIsThe404File) {
    StaticFiles files(root_);
    auto page = files.NotFoundPage();
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 404);
    EXPECT_EQ(page->body, "<html>introuvable</html>");
    fs::remove(root_ / "404.html");
    fs::create_symlink(base_ / "outside.txt", root_ / "404.html");
    EXPECT_FALSE(files.NotFoundPage());
}

TEST_F(StaticFilesTest, KeepsTheCacheWithinItsBounds) {
    for (int i = 0; i < 10; ++i) Write(root_ / ("f" + std::to_string(i) + ".txt"), "0123456789");
    Write(root_ / "big.txt", std::string(100, 'b'));
    StaticFiles files(
        root_, StaticFilesLimits{
                   .max_cache_bytes = 35, .max_cache_entries = 4, .max_cached_file_bytes = 50});
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(files.Serve("/f" + std::to_string(i) + ".txt", ""));
    auto stats = files.cache_stats();
    EXPECT_EQ(stats.entries, 3u);  // 3 x 10 bytes: a fourth would pass 35 bytes.
    EXPECT_EQ(stats.bytes, 30u);
    // Too big for the cache, still served, with its ETag.
    auto big = files.Serve("/big.txt", "");
    ASSERT_TRUE(big);
    EXPECT_EQ(big->body.size(), 100u);
    EXPECT_EQ(files.Serve("/big.txt", big->Get("ETag"))->status, 304);
    EXPECT_EQ(files.cache_stats().bytes, 30u);

    StaticFiles by_count(
        root_, StaticFilesLimits{
                   .max_cache_bytes = 1000, .max_cache_entries = 4, .max_cached_file_bytes = 50});
    for (int i = 0; i < 10; ++i) by_count.Serve("/f" + std::to_string(i) + ".txt", "");
    EXPECT_EQ(by_count.cache_stats().entries, 4u);
    EXPECT_EQ(by_count.cache_stats().bytes, 40u);
}

TEST_F(StaticFilesTest, SeesAChangedFile) {
    StaticFiles files(root_);
    ASSERT_EQ(files.Serve("/index.html", "")->body, "<html>portail</html>");
    Write(root_ / "index.html", "<html>nouvelle version</html>");
    EXPECT_EQ(files.Serve("/index.html", "")->body, "<html>nouvelle version</html>");
    EXPECT_EQ(files.cache_stats().entries, 1u);
}

TEST_F(StaticFilesTest, ServesFromManyThreads) {
    for (int i = 0; i < 20; ++i) Write(root_ / ("f" + std::to_string(i) + ".txt"), "abc");
    StaticFiles files(
        root_, StaticFilesLimits{
                   .max_cache_bytes = 30, .max_cache_entries = 5, .max_cached_file_bytes = 10});
    std::vector<std::thread> threads;
    std::atomic<int> failures = 0;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&files, &failures, t] {
            for (int i = 0; i < 200; ++i) {
                auto r = files.Serve("/f" + std::to_string((i * 7 + t) % 20) + ".txt", "");
                if (!r || r->body != "abc") ++failures;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failures, 0);
    EXPECT_LE(files.cache_stats().entries, 5u);
    EXPECT_LE(files.cache_stats().bytes, 30u);
}

}  // namespace
}  // namespace guichet::http
