// StaticFiles: serves the built front end (web/dist) with ETags and a bounded in-memory cache.
//
// Input. Serve takes the raw request-target as the client sent it (origin-form "/path?query"; the
// query is ignored), not a decoded path: it percent-decodes the path itself, exactly once, so that
// it can tell an encoded separator from a real one. The caller must not decode it first.
//
// What is served: a regular file whose canonical path (every symlink resolved) lies inside the
// canonical web root, compared component by component ("/srv/web-evil" is not inside
// "/srv/web"). Resolution of a path: the file itself; else "<path>/index.html"; else, under
// /console/, the console's index.html (the console routes in the browser). Files under /assets/
// carry a content hash in their names and are cached for a year ("immutable"); everything else is
// revalidated (no-cache) with its ETag, so a new release is seen at once; a matching If-None-Match
// answers 304.
//
// What is refused (nullopt: the caller answers the site's 404 page), before the disk is touched:
// a target not starting with '/'; bad percent-encoding; an encoded '/', '\' or '%' (%2F, %5C,
// %25: no second decoding can ever happen); after decoding, NUL and other control characters,
// DEL, backslashes, bytes that are not shortest-form UTF-8 (an overlong "%c0%ae" is never a dot);
// an empty segment ("//", a single trailing slash excepted); a segment starting with '.' (".",
// "..", hidden files such as ".git" or ".env"). After resolution: anything outside the root (a
// symlink out of it refuses the whole path, with no /console fallback), anything that is not a
// regular file, anything unreadable. Nothing here ever throws for a client's input.
//
// Cache: file contents are kept in memory, least recently used first out, within
// StaticFilesLimits (64 MiB and 2,048 entries by default); a file bigger than
// max_cached_file_bytes (8 MiB) is read on each request and never cached. Only files resolved
// inside the root are cached; an entry is re-read when the file's size or modification time
// changes.
//
// Thread-safety: Serve, NotFoundPage and cache_stats may be called from any thread at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/message.hpp"

namespace guichet::http {

struct StaticFilesLimits {
    std::size_t max_cache_bytes = std::size_t{64} << 20;
    std::size_t max_cache_entries = 2048;
    std::size_t max_cached_file_bytes = std::size_t{8} << 20;
};

class StaticFiles {
  public:
    explicit StaticFiles(std::filesystem::path root, StaticFilesLimits limits = {})
        : root_(std::move(root)), limits_(limits) {}

    const std::filesystem::path& root() const { return root_; }

    // The 200/304 response for the raw request-target `target`, or nullopt when nothing may be
    // served for it (see the header comment).
    std::optional<Response> Serve(std::string_view target, std::string_view if_none_match) const;
    // The site's 404 page (404.html) with status 404, or nullopt when the build has none.
    std::optional<Response> NotFoundPage() const;

    struct CacheStats {
        std::size_t entries = 0;
        std::size_t bytes = 0;
    };
    CacheStats cache_stats() const;

  private:
    struct File {
        std::string etag;
        std::shared_ptr<const std::string> content;
    };
    struct CacheEntry {
        std::string key;  // The canonical path.
        std::filesystem::file_time_type mtime;
        std::uintmax_t size = 0;
        File file;
    };

    // The canonical path of the file to serve for a decoded path ("/a/b"), or nullopt.
    std::optional<std::filesystem::path> Resolve(std::string_view path) const;
    // `file` (canonical, inside the root) read or found in the cache; nullopt when unreadable.
    std::optional<File> Load(const std::filesystem::path& file) const;
    // Both called with mutex_ held.
    std::optional<File> CacheFind(const std::string& key, std::filesystem::file_time_type mtime,
                                  std::uintmax_t size) const;
    void CacheStore(CacheEntry entry) const;

    std::filesystem::path root_;
    StaticFilesLimits limits_;
    mutable std::mutex mutex_;
    mutable std::list<CacheEntry> lru_;  // Most recently used first.
    mutable std::unordered_map<std::string, std::list<CacheEntry>::iterator> index_;
    mutable std::size_t cached_bytes_ = 0;
};

// The Content-Type for a file name's extension.
std::string_view ContentTypeFor(const std::filesystem::path& file);

}  // namespace guichet::http
